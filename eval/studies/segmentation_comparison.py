"""Word segmentation against our syllables + bigrams for BM25, side by side on the public sets.

    python -m eval.studies.segmentation_comparison --dataset ../shared/data/xquad-vi \\
        --dataset ../shared/data/alqac-legal --dataset ../shared/data/vicov19qa [--segmenters pyvi,underthesea]

Needs the segmenters of the ``bench`` extra (``pip install -e '.[bench]'``: pyvi, underthesea).
Every variant indexes the real pipeline's chunks in its own in-memory tantivy index with the
product's BM25 and field weights; only the token stream differs (``variants``: syllables,
syllables + bigrams as the product, segmented words, syllables + words, ours + words of 3+
syllables). Reports nDCG@10, MRR@10 and Recall@10 with a paired t-test against ours (ranx,
through ``eval.retrieval_quality.score_runs``), how consistently questions and passages are
segmented, and segmentation speed. The report goes to eval/results/segmentation-comparison.json.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eval.common import RESULTS

if TYPE_CHECKING:
    from eval.beir import Dataset

SEGMENTER_PACKAGES = {"pyvi": "pyvi", "underthesea": "underthesea"}
WORD_KINDS = ("words", "words+syllables", "bigrams+long-words")  # the kinds that need a segmenter
KINDS = ("syllables", "syllables+bigrams", *WORD_KINDS)
BASELINE = "b. syllables + bigrams (default)"
CONTEXT_WEIGHT = 0.3  # api.search.query.LexicalWeights.context
CODE_WEIGHT = 2.0  # api.search.query.LexicalWeights.code
CHUNK_HITS = 200  # chunks fetched per query, collapsed to documents
TOP_K = 10
METRICS = ("ndcg@10", "mrr@10", "recall@10")

SYLLABLE = re.compile(r"[^\W_]+")  # a letter/digit run, as indexer.analysis counts syllables
Segment = Callable[[str], list[str]]  # one line of text → its words, in order


def load_segmenter(name: str) -> Segment:
    """The word segmenter ``name`` (pyvi or underthesea): a line → its words, each a string
    whose syllables are separated by spaces or "_"."""
    if name not in SEGMENTER_PACKAGES:
        raise SystemExit(f"segmentation_comparison: unknown segmenter {name!r}; known: {', '.join(SEGMENTER_PACKAGES)}")
    try:
        if name == "pyvi":
            from pyvi import ViTokenizer

            return lambda line: ViTokenizer.tokenize(line).split()
        from underthesea import word_tokenize

        # use_token_normalize=False: tone placement is already ours (match_form); the
        # segmenter's own rewrite would make its words differ from our syllables
        return lambda line: word_tokenize(line, use_token_normalize=False)
    except ImportError as error:
        raise SystemExit(
            f"segmentation_comparison: the {name} word segmenter is not installed ({error}); install the "
            f"benchmark extra: .venv/bin/pip install -e '.[bench]' (or pip install {SEGMENTER_PACKAGES[name]})"
        ) from None


def segmented_words(text: str, segment: Segment) -> list[str]:
    """Lowercased words of ``text`` in the matching form, syllables joined by "_"; words
    without any letter or digit (punctuation) dropped."""
    from indexer.analysis import BIGRAM_JOINER
    from indexer.extraction.vietnamese.normalize import match_form

    words = []
    for line in match_form(text).splitlines():
        if line.strip():
            for token in segment(line):
                syllables = SYLLABLE.findall(token.lower())
                if syllables:
                    words.append(BIGRAM_JOINER.join(syllables))
    return words


def variant_terms(kind: str, text: str, words_of: Callable[[str], list[str]] | None = None) -> tuple[list[str], list[str]]:
    """(terms, document codes) of ``text`` for one variant kind (see KINDS); ``words_of`` gives
    a text's segmented words (``segmented_words`` with a segmenter) for the word kinds."""
    from indexer.analysis import BIGRAM_JOINER, analyze

    analyzed = analyze(text)
    if kind == "syllables":
        terms = analyzed.unigrams
    elif kind == "syllables+bigrams":
        terms = analyzed.unigrams + analyzed.bigrams
    elif kind in WORD_KINDS:
        if words_of is None:
            raise ValueError(f"variant {kind!r} needs a segmenter")
        words = words_of(text)
        if kind == "words":
            terms = words
        elif kind == "words+syllables":
            terms = analyzed.unigrams + [w for w in words if BIGRAM_JOINER in w]
        else:  # a two-syllable word is already one of the bigrams: add the longer words only
            terms = analyzed.unigrams + analyzed.bigrams + [w for w in words if w.count(BIGRAM_JOINER) >= 2]
    else:
        raise ValueError(f"unknown variant kind {kind!r}; known: {', '.join(KINDS)}")
    return terms, analyzed.codes


@dataclass
class Variant:
    name: str
    kind: str
    segmenter: str | None = None


def variants(segmenters: list[str]) -> list[Variant]:
    out = [Variant("a. syllables only", "syllables"), Variant(BASELINE, "syllables+bigrams")]
    for name in segmenters:
        out += [Variant(f"c. words ({name})", "words", name), Variant(f"d. words + syllables ({name})", "words+syllables", name),
                Variant(f"e. syllables + bigrams + words of 3+ syllables ({name})", "bigrams+long-words", name)]
    return out


@dataclass
class Passage:
    doc: int  # index into Corpus.record_ids
    text: str
    context: str


@dataclass
class Corpus:
    """A set's chunks as the real pipeline cuts them; identical records are one document."""

    passages: list[Passage] = field(default_factory=list)
    record_ids: list[list[str]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def chunk_corpus(dataset: Dataset, size: int = 160, overlap: int = 32) -> Corpus:
    from indexer.chunking import chunk_document
    from indexer.extraction.errors import ExtractionError
    from indexer.extraction.pipeline import extract_text

    corpus = Corpus()
    documents: dict[str, int] = {}
    for record in dataset.corpus:
        if record.sha256 in documents:
            corpus.record_ids[documents[record.sha256]].append(record.id)
            continue
        try:
            document = extract_text(record.text, record.id, record.title)
        except ExtractionError as error:  # the real index skips it too (e.g. an empty record)
            corpus.failed.append(f"{record.id}: {error.message}")
            continue
        documents[record.sha256] = len(corpus.record_ids)
        corpus.record_ids.append([record.id])
        corpus.passages += [Passage(documents[record.sha256], c.text, c.context) for c in chunk_document(document, size, overlap)]
    return corpus


class Segmentations:
    """Each text's words per segmenter, computed once (variants c and d share them); the
    chunks' segmentation is timed, as indexing would pay it."""

    def __init__(self, segmenters: dict[str, Segment]):
        self.segmenters = segmenters
        self.words: dict[str, dict[str, list[str]]] = {name: {} for name in segmenters}
        self.timing = {name: {"texts": 0, "syllables": 0, "cpu_s": 0.0, "wall_s": 0.0} for name in segmenters}

    def words_of(self, name: str) -> Callable[[str], list[str]]:
        cache, segment = self.words[name], self.segmenters[name]

        def words(text: str) -> list[str]:
            if text not in cache:
                cache[text] = segmented_words(text, segment)
            return cache[text]
        return words

    def time_texts(self, texts: list[str]) -> None:
        for name in self.segmenters:
            new = [t for t in dict.fromkeys(texts) if t not in self.words[name]]
            words = self.words_of(name)
            cpu, wall = time.process_time(), time.perf_counter()
            for text in new:
                words(text)
            timing = self.timing[name]
            timing["cpu_s"] += time.process_time() - cpu
            timing["wall_s"] += time.perf_counter() - wall
            timing["texts"] += len(new)
            timing["syllables"] += sum(len(SYLLABLE.findall(t)) for t in new)


def word_agreement(dataset: Dataset, corpus: Corpus, words_of: Callable[[str], list[str]]) -> dict[str, Any]:
    """Do a question and its relevant passage segment the same words the same way? For each
    multi-syllable word of a judged query whose syllables stand in sequence in a relevant
    document: is it also one of that document's segmented words? Where it is not, an index of
    words alone cannot match it, though syllables and bigrams do."""
    from indexer.analysis import BIGRAM_JOINER, analyze

    doc_of = {record_id: doc for doc, ids in enumerate(corpus.record_ids) for record_id in ids}
    sequences: dict[int, list[str]] = {}
    words: dict[int, set[str]] = {}
    for passage in corpus.passages:
        sequences.setdefault(passage.doc, []).append(f"_{BIGRAM_JOINER.join(analyze(passage.text).unigrams)}_")
        words.setdefault(passage.doc, set()).update(words_of(passage.text))
    in_sequence = segmented_alike = 0
    for query_id, text in dataset.queries.items():
        query_words = {w for w in words_of(text) if BIGRAM_JOINER in w}
        for record_id, relevance in dataset.qrels[query_id].items():
            doc = doc_of.get(record_id)
            if relevance <= 0 or doc is None:
                continue
            for word in query_words:
                if any(f"_{word}_" in sequence for sequence in sequences[doc]):
                    in_sequence += 1
                    segmented_alike += word in words[doc]
    return {"query_words_in_sequence": in_sequence, "also_a_document_word": segmented_alike,
            "agreement": round(segmented_alike / in_sequence, 4) if in_sequence else None}


def analyzer_timing(texts: list[str]) -> dict[str, Any]:
    """Our analyzer (``indexer.analysis.analyze``) on the same texts, for comparison."""
    from indexer.analysis import analyze

    texts = list(dict.fromkeys(texts))
    cpu, wall = time.process_time(), time.perf_counter()
    for text in texts:
        analyze(text)
    return {"texts": len(texts), "syllables": sum(len(SYLLABLE.findall(t)) for t in texts),
            "cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall}


class VariantIndex:
    """One variant's in-memory tantivy index over a corpus's chunks."""

    def __init__(self, corpus: Corpus, terms: Callable[[str], tuple[list[str], list[str]]]):
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("chunk", stored=True, indexed=False, fast=True)
        for name in ("text", "context"):
            builder.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="freq")
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)
        self.terms = terms
        self.corpus = corpus
        writer = self.index.writer(heap_size=128_000_000, num_threads=1)
        self.indexed_terms = 0
        for number, passage in enumerate(corpus.passages):
            text_terms = sum(terms(passage.text), [])
            self.indexed_terms += len(text_terms)
            writer.add_document(tantivy.Document(chunk=number, text=" ".join(text_terms),
                                                 context=" ".join(sum(terms(passage.context), []))))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def query(self, text: str):
        import tantivy

        words, codes = self.terms(text)
        boosts: Counter[str] = Counter()
        for term in words:
            boosts[term] += 1.0
        for term in codes:
            boosts[term] += CODE_WEIGHT
        clauses = []
        for term, boost in boosts.items():
            for field_name, weight in (("text", boost), ("context", boost * CONTEXT_WEIGHT)):
                clause = tantivy.Query.term_query(self.schema, field_name, term)
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(clause, weight)))
        return tantivy.Query.boolean_query(clauses) if clauses else None

    def search(self, text: str) -> dict[str, float]:
        """record id → score of its document's best chunk, ``TOP_K`` documents, best first
        (scores nudged by position so that ties keep tantivy's order)."""
        query = self.query(text)
        if query is None:
            return {}
        ranked: dict[str, float] = {}
        seen: set[int] = set()
        for score, address in self.searcher.search(query, CHUNK_HITS).hits:
            doc = self.corpus.passages[self.searcher.doc(address)["chunk"][0]].doc
            if doc in seen:
                continue
            seen.add(doc)
            for record_id in self.corpus.record_ids[doc]:
                ranked.setdefault(record_id, float(score) - 1e-9 * len(ranked))
            if len(seen) == TOP_K:
                break
        return ranked


def compare_dataset(dataset: Dataset, chosen: list[Variant], segmentations: Segmentations, log=print) -> dict[str, Any]:
    from eval.retrieval_quality import score_runs

    corpus = chunk_corpus(dataset)
    texts = [p.text for p in corpus.passages]
    queries = dict(sorted(dataset.queries.items()))
    segmentations.time_texts(texts)  # what indexing would segment: every chunk
    qrels = {q: dataset.qrels[q] for q in queries}
    runs, indexed_terms = {}, {}
    for variant in chosen:
        words_of = segmentations.words_of(variant.segmenter) if variant.segmenter else None
        started = time.perf_counter()
        index = VariantIndex(corpus, lambda text, kind=variant.kind, words_of=words_of: variant_terms(kind, text, words_of))
        runs[variant.name] = {q: index.search(text) for q, text in queries.items()}
        indexed_terms[variant.name] = index.indexed_terms
        log(f"{dataset.name}: {variant.name} ({time.perf_counter() - started:.0f} s)")
    out = {"records": len(dataset.corpus), "documents": len(corpus.record_ids), "chunks": len(corpus.passages),
           "queries": len(queries), "failed_records": corpus.failed, "analyzer_timing": analyzer_timing(texts),
           "word_agreement": {name: word_agreement(dataset, corpus, segmentations.words_of(name))
                              for name in segmentations.segmenters},
           "variants": {}}
    for variant in chosen:
        compared = variant.name != BASELINE
        scored = score_runs(qrels, {BASELINE: runs[BASELINE], variant.name: runs[variant.name]} if compared
                            else {BASELINE: runs[BASELINE]})
        entry = {"metrics": {m: scored["metrics"][variant.name][m] for m in METRICS},
                 "terms_per_chunk": round(indexed_terms[variant.name] / max(1, len(corpus.passages)), 1)}
        if compared:
            tests = scored["significance"]["pairs"][f"{BASELINE} vs {variant.name}"]
            entry["p_vs_b"] = {m: tests[m]["p_value"] for m in METRICS}
            entry["win_tie_loss_vs_b"] = tests["ndcg@10"]["win_tie_loss"]
        out["variants"][variant.name] = entry
    return out


def markdown(record: dict[str, Any]) -> str:
    names = list(record["results"])
    lines = ["| variant | set | nDCG@10 | MRR@10 | R@10 | p (nDCG@10 vs b) | p (MRR@10 vs b) | terms/chunk |",
             "|---|---|---|---|---|---|---|---|"]
    for variant in record["variants"]:
        for name in names:
            entry = record["results"][name]["variants"][variant]
            m, p = entry["metrics"], entry.get("p_vs_b")
            cells = [f"{m[k]:.3f}" for k in METRICS]
            cells += [f"{p['ndcg@10']:.2g}", f"{p['mrr@10']:.2g}"] if p else ["—", "—"]
            lines.append(f"| {variant} | {name} | " + " | ".join(cells) + f" | {entry['terms_per_chunk']} |")
    lines += ["", "| set | segmenter | query words (2+ syllables) in sequence in a relevant document | "
              "also a segmented word there | agreement |", "|---|---|---|---|---|"]
    for name in names:
        for segmenter, a in record["results"][name]["word_agreement"].items():
            lines.append(f"| {name} | {segmenter} | {a['query_words_in_sequence']:,} | {a['also_a_document_word']:,} | "
                         f"{a['agreement']:.1%} |" if a["agreement"] is not None else f"| {name} | {segmenter} | 0 | 0 | — |")
    lines += ["", "| tokenizer | syllables | CPU s | syllables/s (CPU) | syllables/s (wall) | 100k chunks × 160 syllables (CPU) |",
              "|---|---|---|---|---|---|"]
    for name, t in record["speed"].items():
        rate = t["syllables"] / t["cpu_s"] if t["cpu_s"] else float("nan")
        wall = t["syllables"] / t["wall_s"] if t["wall_s"] else float("nan")
        lines.append(f"| {name} | {t['syllables']:,} | {t['cpu_s']:.1f} | {rate:,.0f} | {wall:,.0f} | "
                     f"{16_000_000 / rate / 60:.1f} min |")
    return "\n".join(lines)


def main(argv: list[str] | None = None, prog: str = "python -m eval.studies.segmentation_comparison") -> int:
    from eval.beir import load_dataset
    from eval.provenance import describe, package_version, provenance

    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, action="append", required=True,
                        help="BEIR-style folder (corpus.jsonl, queries.jsonl, qrels.tsv); repeat for several sets")
    parser.add_argument("--segmenters", default="pyvi,underthesea", help="comma-separated: pyvi, underthesea")
    parser.add_argument("--output", type=Path, default=RESULTS / "segmentation-comparison.json")
    args = parser.parse_args(argv)
    command = f"{prog} " + shlex.join(sys.argv[1:] if argv is None else argv)
    names = [s.strip() for s in args.segmenters.split(",") if s.strip()]
    segmenters = {name: load_segmenter(name) for name in names}  # fails here, before any work, if missing
    chosen = variants(names)
    segmentations = Segmentations(segmenters)
    record = {**provenance(command), "segmenters": {n: package_version(SEGMENTER_PACKAGES[n]) for n in names},
              "variants": [v.name for v in chosen], "results": {}}
    analyzer = {"texts": 0, "syllables": 0, "cpu_s": 0.0, "wall_s": 0.0}
    for folder in args.dataset:
        dataset = load_dataset(folder)
        result = compare_dataset(dataset, chosen, segmentations, log=lambda m: print(m, file=sys.stderr, flush=True))
        record["results"][dataset.name] = result
        for key in analyzer:
            analyzer[key] += result["analyzer_timing"][key]
    record["speed"] = {"our analyzer (syllables + bigrams + codes)": analyzer,
                       **{name: segmentations.timing[name] for name in names}}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    print(describe(record) + "\n")
    print(markdown(record))
    print(f"\nreport: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
