"""Known-item retrieval on an index: sentences sampled from the indexed documents (fixed
seed) are the queries; the chunk(s) holding each sentence are the answer.

    python -m eval sentences --index DIR [--sample 200] [--seed 20261201] [--modes bm25,hybrid,dense]

Reports, per mode, the share of sentences whose chunk is rank 1 and in the top 10, MRR@10, and
the share whose first result holds the sentence or a near copy (``near_copy``). A sentence found
in several chunks counts at the first of them, compared without its list marker
(``comparable``; --keep-markers: with it). Dense is scored on the sentences whose chunk is
embedded, with the coverage printed. --json FILE also writes the report with its misses.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

from api.search import SearchRequest, Searcher
from api.search.query import LexicalWeights
from eval.retrieval_quality import name_values
from indexer.store.reader import open_reader
from indexer.extraction.vietnamese.normalize import match_form

_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;]?")
_SYLLABLE = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W_]+")
# A list marker at the start of a sentence: bullets, "a)", "đ.", "1.", "(2)", "1.2.", "IV.".
_MARKER = re.compile(r"^\s*(?:[-+*•–—]+|\(?(?:\d{1,3}|[^\W\d_]|[IVXLC]{1,6})[.)](?:\d{1,3}[.)])*)\s+", re.IGNORECASE)


def comparable(text: str) -> str:
    """The form in which two copies of a sentence are the same: its words in order (matching
    form, lower case), without punctuation or spacing — dossiers hold drafts and finals of one
    text that differ only in list markers, a final ";" or "." and double spaces."""
    return " ".join(_WORD.findall(match_form(text).lower()))


def sentence_key(sentence: str) -> str:
    """The form in which chunks are searched for a sentence: comparable, without its list marker."""
    return comparable(_MARKER.sub("", sentence, count=1))


def near_copy(sentence: str, text: str, threshold: float = 0.9) -> bool:
    """True when a window of ``text`` holds ≥ ``threshold`` of the sentence's words in order:
    the same sentence with a word changed or dropped, as in another version of the text."""
    wanted, words = comparable(sentence).split(), comparable(text).split()
    if not wanted:
        return False
    width = len(wanted)
    for start in range(0, max(1, len(words) - width + 1)):
        matcher = difflib.SequenceMatcher(None, wanted, words[start:start + width + 2], autojunk=False)
        if sum(block.size for block in matcher.get_matching_blocks()) >= threshold * width:
            return True
    return False


def sample_sentences(reader, count: int, seed: int, min_syllables: int = 8, max_syllables: int = 40,
                     keep_markers: bool = False) -> list[dict]:
    """``count`` sentences, each from a different random chunk, with every chunk holding it."""
    rng = random.Random(seed)
    ids = reader.chunk_ids()
    rng.shuffle(ids)
    picked: list[dict] = []
    seen: set[str] = set()
    for chunk_id in ids:
        if len(picked) >= count:
            break
        chunk = reader.chunks([chunk_id])[chunk_id]
        candidates = [m.group(0).strip() for m in _SENTENCE.finditer(chunk.text)]
        candidates = [s for s in candidates if min_syllables <= len(_SYLLABLE.findall(s)) <= max_syllables
                      and comparable(s) not in seen]
        if not candidates:
            continue
        sentence = rng.choice(candidates)
        seen.add(comparable(sentence))
        picked.append({"sentence": sentence, "chunk_id": chunk_id})
    texts = [(chunk_id, comparable(text)) for chunk_id, _context, text in reader.all_chunk_texts()]
    for query in picked:
        wanted = comparable(query["sentence"]) if keep_markers else sentence_key(query["sentence"])
        holders = {chunk_id for chunk_id, text in texts if wanted in text}
        query["relevant"] = sorted(holders | {query["chunk_id"]})
    return picked


def embed_stand_in(index: Path, queries: list[dict], total: int, seed: int) -> int:
    """Embed the sampled sentences' chunks plus random others up to ``total`` chunks: a dense
    index that can be built in minutes when embedding the whole archive takes hours."""
    from indexer.update import embed_index

    reader = open_reader(index)
    wanted = {c for q in queries for c in q["relevant"]}
    others = reader.chunk_ids()
    reader.close()
    rng = random.Random(seed + 1)
    rng.shuffle(others)
    for chunk_id in others:
        if len(wanted) >= total:
            break
        wanted.add(chunk_id)
    from api.progress import TerminalProgress

    return embed_index(index, TerminalProgress(), only=wanted).chunks_embedded


def shown_chunks(result, grouped: bool) -> set[int]:
    """The chunks a result entry stands for: its own, and with grouping the hits of other
    versions of its document folded under it (a draft's copy of the sentence found through its
    final counts as found; the document's own further hits do not)."""
    chunks = {result.chunk_id}
    if grouped:
        chunks |= {hit["chunk_id"] for version in result.versions for hit in version["hits"]}
    return chunks


def evaluate(index: Path, sample: int, seed: int, modes: list[str], k: int = 10, embed_total: int = 0,
             lexical: dict[str, float] | None = None, keep_markers: bool = False, grouped: bool = False) -> dict:
    if embed_total:
        embed_stand_in(index, sample_sentences(open_reader(index), sample, seed), embed_total, seed)
    reader = open_reader(index)
    searcher = Searcher(reader, LexicalWeights(**(lexical or {})))
    counts = reader.counts()
    embedded = set(reader.chunk_ids(embedded=True))
    queries = sample_sentences(reader, sample, seed, keep_markers=keep_markers)
    report = {"index": str(index), "seed": seed, "keep_markers": keep_markers, "grouped": grouped,
              "lexical": asdict(searcher.lexical_weights), "sentences": len(queries),
              "counts": counts, "modes": {}}
    for mode in modes:
        ranks, latencies, scored, near = [], [], 0, []
        misses = []
        for query in queries:
            if mode == "dense" and not set(query["relevant"]) & embedded:
                continue
            scored += 1
            started = time.perf_counter()
            response = searcher.search(SearchRequest(query["sentence"], mode=mode, k=k, snippets=False,
                                                     group_documents=grouped, group_versions=grouped))
            latencies.append((time.perf_counter() - started) * 1000)
            relevant = set(query["relevant"])
            rank = next((r.rank for r in response.results if shown_chunks(r, grouped) & relevant), None)
            ranks.append(rank)
            near.append(rank == 1 or bool(response.results) and near_copy(query["sentence"], response.results[0].text))
            if rank != 1 and len(misses) < 50:
                misses.append({"sentence": query["sentence"], "rank": rank,
                               "got": response.results[0].text[:120] if response.results else None})
        n = max(1, len(ranks))
        report["modes"][mode] = {
            "scored": scored,
            "rank1": sum(1 for r in ranks if r == 1) / n,
            "rank1_or_near_copy": sum(near) / n,
            "top10": sum(1 for r in ranks if r is not None and r <= 10) / n,
            "mrr10": sum(1 / r for r in ranks if r) / n,
            "latency_ms_median": statistics.median(latencies) if latencies else None,
            "misses": misses,
        }
    return report


def main(argv: list[str] | None = None, prog: str = "python -m eval.sentence_recall") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--modes", default="bm25,hybrid,dense")
    parser.add_argument("--embed-sample", type=int, default=0, metavar="N",
                        help="first embed the sentences' chunks plus random others, N chunks in all (a stated stand-in "
                             "for embedding the whole archive)")
    parser.add_argument("--keep-markers", action="store_true",
                        help="judge as before 2026-12-01 (session 5): a copy must also have the sentence's list marker")
    parser.add_argument("--lexical", default="", help="LexicalWeights fields to change, e.g. proximity=0")
    parser.add_argument("--grouped", action="store_true",
                        help="search as the product does: a document's hits and its versions folded under one result; "
                             "a hit in another version of the expected document counts")
    parser.add_argument("--json", type=Path, help="also write the full report (with misses) here")
    args = parser.parse_args(argv)
    report = evaluate(args.index, args.sample, args.seed, args.modes.split(","), embed_total=args.embed_sample,
                      lexical=name_values(args.lexical, "--lexical"), keep_markers=args.keep_markers, grouped=args.grouped)
    c = report["counts"]
    print(f"index {args.index}: {c['documents']:,} documents, {c['chunks']:,} chunks, {c['embedded']:,} embedded; "
          f"{report['sentences']} sentences (seed {args.seed}){'; grouped' if args.grouped else ''}")
    print("| mode | sentences scored | rank 1 | rank 1 or a ≥0.9 copy | top 10 | MRR@10 | median ms |")
    print("|---|---|---|---|---|---|---|")
    for mode, m in report["modes"].items():
        print(f"| {mode} | {m['scored']} | {m['rank1']:.3f} | {m['rank1_or_near_copy']:.3f} | {m['top10']:.3f} | "
              f"{m['mrr10']:.3f} | {m['latency_ms_median']:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
