"""Which BM25 engine serves lexical search: rank-bm25, bm25s, tantivy and SQLite FTS5 side by side.

    python -m eval.studies.bm25_engines_benchmark [--sizes 10000,100000] [--queries 200] [--markdown]

Every engine indexes the same terms (our analyzer's exact-field terms of 120-word chunks of real
Vietnamese text: ``make_chunks``) and answers the same real questions of the shared sets; each
engine's BM25 variant is given at its class. Each engine is built and queried in its own forked
process: build time, latency (wall and CPU), memory, disk, in-place updates, and top-10 overlap
with rank-bm25. Results go to eval/results/bm25_engines_benchmark.json.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import multiprocessing
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from eval.common import RESULTS, shared_data

CHUNK_WORDS = 120
PASS_STRIDE = 47  # coprime with CHUNK_WORDS: 120 passes with distinct window offsets
TOP_K = 10
BEIR_SETS = ("alqac-legal", "vicov19qa", "xquad-vi")
ENGINES = ("rank-bm25", "bm25s", "tantivy", "fts5")
REFERENCE = "rank-bm25"
TANTIVY_HEAP = 256_000_000


# --- data ---------------------------------------------------------------------------------


def data_root(root: Path | None = None) -> Path:
    return shared_data("bm25_engines_benchmark", [f"{name}/corpus.jsonl" for name in BEIR_SETS], root)


@dataclass
class Source:
    name: str
    passages: int
    words: list[str]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_sources(root: Path) -> list[Source]:
    """Real Vietnamese text, one word stream per source: the administrative documents of the
    viparse-corpus ground truth and the seed reports, then the three BEIR corpora."""
    sources = []
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "viparse-corpus" / "ground-truth").glob("*.txt"))]
    if texts:
        sources.append(Source("viparse-corpus/ground-truth", len(texts), [w for t in texts for w in t.split()]))
    seeds = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    if seeds:
        sources.append(Source("seeds", len(seeds), [w for t in seeds for w in t.split()]))
    for name in BEIR_SETS:
        rows = _jsonl(root / name / "corpus.jsonl")
        words = [w for row in rows for w in f"{row.get('title') or ''} {row['text']}".split()]
        sources.append(Source(name, len(rows), words))
    return sources


@dataclass
class Chunk:
    source: str
    pass_no: int
    text: str


def make_chunks(sources: list[Source], count: int, size: int = CHUNK_WORDS) -> tuple[list[Chunk], dict[str, Any]]:
    """``count`` chunks of ``size`` words, cycling over the sources with shifted windows."""
    chunks: list[Chunk] = []
    pass_no = 0
    per_pass = {s.name: len(s.words) // size for s in sources}
    if not sum(per_pass.values()):
        raise ValueError("no source has enough text for one chunk")
    while len(chunks) < count:
        if pass_no >= size:
            raise ValueError(f"{count} chunks need more than {size} passes over the text")
        offset = (pass_no * PASS_STRIDE) % size
        for j in range(max(per_pass.values())):
            for source in sources:
                if j >= per_pass[source.name] or len(chunks) >= count:
                    continue
                start = offset + j * size
                words = source.words[start:start + size]
                if len(words) < size:  # wrap around the end of the stream
                    words = words + source.words[:size - len(words)]
                chunks.append(Chunk(source.name, pass_no, " ".join(words)))
        pass_no += 1
    provenance = {
        "chunk_words": size,
        "passes": pass_no,
        "pass_offsets": [(p * PASS_STRIDE) % size for p in range(pass_no)],
        "chunks_per_pass": sum(per_pass.values()),
        "sources": {s.name: {"passages": s.passages, "words": len(s.words), "chunks_per_pass": per_pass[s.name]}
                    for s in sources},
        "method": (f"each source's passages in order as one whitespace-word stream; pass p cuts {size}-word "
                   f"windows starting at (p*{PASS_STRIDE} mod {size}) + {size}*j, wrapping at the stream's end; "
                   "sources interleaved chunk by chunk"),
    }
    return chunks, provenance


def exact_terms(text: str) -> list[str]:
    from indexer.analysis import analyze

    return analyze(text).all()


def analyse_chunks(chunks: list[Chunk]) -> list[str]:
    """Each chunk's exact-field text, as the engine indexes it (``field_text``)."""
    from indexer.analysis import field_text

    return [field_text(exact_terms(c.text)) for c in chunks]


@dataclass
class Query:
    id: str
    text: str
    terms: list[str] = field(default_factory=list)


def load_queries(root: Path, count: int, seed: int = 0) -> list[Query]:
    """``count`` real questions, taken in turn from the three sets (each shuffled with a fixed
    seed); terms are the exact-field terms, each once, in order."""
    pools = []
    for name in BEIR_SETS:
        rows = _jsonl(root / name / "queries.jsonl")
        random.Random(f"{seed}/{name}").shuffle(rows)
        pools.append([(name, r) for r in rows])
    queries: list[Query] = []
    for i in range(max(map(len, pools))):
        for pool in pools:
            if i >= len(pool) or len(queries) >= count:
                continue
            name, row = pool[i]
            terms = list(dict.fromkeys(exact_terms(row["text"])))
            if terms:
                queries.append(Query(f"{name}/{row['id']}", row["text"], terms))
    return queries


# --- engines --------------------------------------------------------------------------------


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class RankBM25Engine:
    """rank-bm25 ``BM25Okapi``, the reference: k1=1.5, b=0.75, idf ln((N-n+.5)/(n+.5)), and a term
    in more than half the documents gets 0.25 x the mean idf instead of a negative one. Slow, so
    it answers only the first ``--ref-queries`` queries, which are also scored with k1=1.2 to
    separate the effect of k1 from that of the idf."""

    name = "rank-bm25"
    incremental = False
    params = "BM25Okapi k1=1.5 b=0.75 epsilon=0.25"

    def __init__(self) -> None:
        from rank_bm25 import BM25Okapi

        self.okapi = BM25Okapi

    def build(self, docs: list[str], workdir: Path) -> None:
        self.model = self.okapi([d.split() for d in docs])

    def search(self, terms: list[str], k: int = TOP_K) -> list[int]:
        import numpy as np

        scores = self.model.get_scores(terms)
        top = np.argsort(-scores, kind="stable")[:k]
        return [int(i) for i in top if scores[i] > 0]

    def disk_bytes(self) -> int | None:
        return None


class BM25SEngine:
    """bm25s, ``method="lucene"``: k1=1.2, b=0.75, Lucene's idf ln(1+(N-n+.5)/(n+.5)) as in tantivy;
    numba backend when numba is installed, its JIT compile timed apart."""

    name = "bm25s"
    incremental = False

    def __init__(self, backend: str = "auto") -> None:
        import bm25s

        self.bm25s = bm25s
        if backend == "auto":
            backend = "numba" if getattr(bm25s, "NUMBA_AVAILABLE", False) else "numpy"
        self.backend = backend
        self.params = f"method=lucene k1=1.2 b=0.75 backend={backend}"

    def warmup(self) -> float:
        """JIT-compile numba's functions on a toy index; seconds spent (0 without numba)."""
        if self.backend != "numba":
            return 0.0
        start = time.perf_counter()
        toy = self.bm25s.BM25(method="lucene", k1=1.2, b=0.75, backend="numba")
        toy.compile(activate_numba=True, warmup=True)
        toy.index([["a", "b"], ["b", "c"], ["c", "d"]], show_progress=False)
        toy.retrieve([[toy.vocab_dict["a"], toy.vocab_dict["c"]]], k=2, show_progress=False, n_threads=1)
        return time.perf_counter() - start

    def build(self, docs: list[str], workdir: Path) -> None:
        self.model = self.bm25s.BM25(method="lucene", k1=1.2, b=0.75, backend=self.backend)
        self.model.index([d.split() for d in docs], show_progress=False)
        self.vocab = self.model.vocab_dict
        self.path = workdir / "bm25s"
        self.model.save(str(self.path), show_progress=False)

    def search(self, terms: list[str], k: int = TOP_K) -> list[int]:
        ids = [self.vocab[t] for t in terms if t in self.vocab]
        if not ids:
            return []
        docs, scores = self.model.retrieve([ids], k=k, show_progress=False, n_threads=1)
        return [int(d) for d, s in zip(docs[0], scores[0]) if s > 0]

    def disk_bytes(self) -> int | None:
        return _dir_bytes(self.path)


class TantivyEngine:
    """tantivy: k1=1.2, b=0.75 fixed, Lucene's idf, document length quantised to one byte; the
    field is ``whitespace``-tokenised over our pre-analysed terms, ``index_option="freq"``."""

    name = "tantivy"
    incremental = True

    def __init__(self, threads: int | None = None) -> None:
        import tantivy

        self.tantivy = tantivy
        self.threads = threads or min(os.cpu_count() or 1, 4)
        self.params = f"whitespace tokenizer, index_option=freq, writer {self.threads} threads, heap {TANTIVY_HEAP // 10**6} MB"

    def _writer(self):  # type: ignore[no-untyped-def]
        return self.index.writer(TANTIVY_HEAP, self.threads)

    def _add(self, writer, doc_id: int, text: str) -> None:  # type: ignore[no-untyped-def]
        doc = self.tantivy.Document()
        doc.add_integer("id", doc_id)  # i64: delete_documents_by_term on a u64 field deletes nothing
        doc.add_text("exact", text)
        writer.add_document(doc)

    def build(self, docs: list[str], workdir: Path) -> None:
        builder = self.tantivy.SchemaBuilder()
        builder.add_integer_field("id", indexed=True, fast=True)
        builder.add_text_field("exact", tokenizer_name="whitespace", index_option="freq")
        self.schema = builder.build()
        self.path = workdir / "tantivy"
        self.path.mkdir()
        self.index = self.tantivy.Index(self.schema, path=str(self.path))
        writer = self._writer()
        for i, text in enumerate(docs):
            self._add(writer, i, text)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, terms: list[str], k: int = TOP_K) -> list[int]:
        t = self.tantivy
        query = t.Query.boolean_query([(t.Occur.Should, t.Query.term_query(self.schema, "exact", term)) for term in terms])
        hits = self.searcher.search(query, k, count=False).hits
        return self.searcher.fast_field_values("id", [address for _, address in hits]) if hits else []

    def update(self, adds: list[tuple[int, str]], deletes: list[tuple[int, str]]) -> int:
        """Add and delete documents, commit, and open a new searcher; returns the live count."""
        writer = self._writer()
        for doc_id, text in adds:
            self._add(writer, doc_id, text)
        for doc_id, _ in deletes:
            writer.delete_documents_by_term("id", doc_id)
        writer.commit()
        self.index.reload()
        self.searcher = self.index.searcher()
        self._pending = writer  # background merges finish after the timed part
        return self.searcher.num_docs

    def segments(self) -> int:
        return self.searcher.num_segments

    def disk_bytes(self) -> int | None:
        return _dir_bytes(self.path)


class FTS5Engine:
    """SQLite FTS5: k1=1.2, b=0.75 fixed, idf ln((N-n+.5)/(n+.5)) floored at 1e-6; a contentless
    table whose tokenizer makes every non-space category a token character (whitespace alone
    separates terms); ``bm25()`` ranking of an OR query over the terms."""

    name = "fts5"
    incremental = True
    params = ("contentless, unicode61 remove_diacritics 0, every non-space category a token character, "
              "detail=full, 'optimize' after the bulk load")
    TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* M* P* S* Co Cn Cs'"

    def build(self, docs: list[str], workdir: Path) -> None:
        self.path = workdir / "fts5.sqlite"
        self.db = sqlite3.connect(self.path)
        self.db.execute(f"CREATE VIRTUAL TABLE chunks USING fts5(exact, content='', tokenize=\"{self.TOKENIZE}\")")
        with self.db:
            self.db.executemany("INSERT INTO chunks(rowid, exact) VALUES (?, ?)", enumerate(docs))
        with self.db:
            self.db.execute("INSERT INTO chunks(chunks) VALUES ('optimize')")

    def search(self, terms: list[str], k: int = TOP_K) -> list[int]:
        if not terms:
            return []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = self.db.execute("SELECT rowid FROM chunks WHERE chunks MATCH ? ORDER BY rank LIMIT ?", (match, k))
        return [r[0] for r in rows]

    def update(self, adds: list[tuple[int, str]], deletes: list[tuple[int, str]]) -> int:
        """A contentless table deletes a row given its original text (we keep chunk texts elsewhere)."""
        with self.db:
            self.db.executemany("INSERT INTO chunks(rowid, exact) VALUES (?, ?)", adds)
            self.db.executemany("INSERT INTO chunks(chunks, rowid, exact) VALUES ('delete', ?, ?)", deletes)
        return self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]

    def disk_bytes(self) -> int | None:
        page_size, pages, free = (self.db.execute(f"PRAGMA {p}").fetchone()[0]
                                  for p in ("page_size", "page_count", "freelist_count"))
        return page_size * (pages - free)


def available_engines(names: tuple[str, ...] | list[str] = ENGINES) -> dict[str, str | None]:
    """Engine → None when usable, else why not (a package that is not installed)."""
    modules = {"rank-bm25": "rank_bm25", "bm25s": "bm25s", "tantivy": "tantivy", "fts5": "sqlite3"}
    out: dict[str, str | None] = {}
    for name in names:  # found, not imported: each engine's import counts in its own process
        try:
            found = importlib.util.find_spec(modules[name]) is not None
        except (ImportError, ValueError):
            found = False
        out[name] = None if found else f"not installed (no module {modules[name]})"
    if "fts5" in out and out["fts5"] is None:
        try:
            sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        except sqlite3.Error as error:
            out["fts5"] = f"SQLite without FTS5 ({error})"
    return out


def make_engine(name: str, options: dict[str, Any]):  # type: ignore[no-untyped-def]
    if name == "rank-bm25":
        return RankBM25Engine()
    if name == "bm25s":
        return BM25SEngine(options.get("bm25s_backend", "auto"))
    if name == "tantivy":
        return TantivyEngine(options.get("tantivy_threads"))
    if name == "fts5":
        return FTS5Engine()
    raise ValueError(f"unknown engine {name!r}")


def engine_version(name: str) -> str:
    if name == "fts5":
        return f"SQLite {sqlite3.sqlite_version}"
    try:
        return metadata.version({"rank-bm25": "rank-bm25", "bm25s": "bm25s", "tantivy": "tantivy"}[name])
    except metadata.PackageNotFoundError:
        return "?"


# --- measuring ------------------------------------------------------------------------------


def _proc_status_kb(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def measure_engine(name: str, docs: list[str], queries: list[list[str]], workdir: Path, *,
                   adds: list[tuple[int, str]] = (), deletes: list[tuple[int, str]] = (),
                   options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build ``name`` over ``docs`` and run ``queries`` (top-10); runs in the calling process."""
    options = options or {}
    out: dict[str, Any] = {"engine": name, "version": engine_version(name), "docs": len(docs)}
    gc.collect()
    rss0 = _proc_status_kb("VmRSS")  # the forked process has not imported the engine's package yet
    _reset_peak()
    start = time.perf_counter()
    engine = make_engine(name, options)  # imports the package
    out["params"] = engine.params
    out["incremental"] = engine.incremental
    if hasattr(engine, "warmup"):
        out["jit_s"] = engine.warmup()
    out["setup_s"] = time.perf_counter() - start
    gc.collect()
    # import and JIT; the build may reuse heap that the JIT freed, so only the total is meaningful
    out["setup_rss_mb"] = (_proc_status_kb("VmRSS") - rss0) / 1024
    start, cpu = time.perf_counter(), time.process_time()
    engine.build(docs, workdir)
    out["build_s"] = time.perf_counter() - start
    out["build_cpu_s"] = time.process_time() - cpu  # all threads: robust to a busy machine
    gc.collect()
    out["rss_mb"] = (_proc_status_kb("VmRSS") - rss0) / 1024  # package + index, held for searching
    out["peak_rss_mb"] = (_proc_status_kb("VmHWM") - rss0) / 1024
    out["disk_bytes"] = engine.disk_bytes()
    if hasattr(engine, "segments"):
        out["segments"] = engine.segments()
    results, latencies, cpu_times = [], [], []
    if queries:
        start = time.perf_counter()
        engine.search(queries[0])  # warm-up (first-touch of the index); not counted below
        out["first_query_s"] = time.perf_counter() - start
    for terms in queries:
        start, cpu = time.perf_counter(), time.thread_time()
        results.append(engine.search(terms))
        latencies.append(time.perf_counter() - start)
        cpu_times.append(time.thread_time() - cpu)  # every engine searches in the calling thread
    out["results"], out["latencies_s"], out["cpu_s"] = results, latencies, cpu_times
    if name == "rank-bm25":  # the same index scored with k1=1.2, the other engines' k1
        out["idf"] = okapi_idf_floor(engine.model, queries)
        engine.model.k1 = 1.2
        out["results_k1_1.2"] = [engine.search(terms) for terms in queries]
        engine.model.k1 = 1.5
    if engine.incremental and (adds or deletes):
        start = time.perf_counter()
        live = engine.update(list(adds), list(deletes))
        out["update"] = {"added": len(adds), "deleted": len(deletes), "seconds": time.perf_counter() - start,
                         "live_docs": live, "expected_docs": len(docs) + len(adds) - len(deletes)}
        out["update"]["disk_bytes_after"] = engine.disk_bytes()
        probe = engine.search(queries[0]) if queries else []
        out["update"]["results_after"] = len(probe)
    return out


def okapi_idf_floor(model, queries: list[list[str]]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Which terms BM25Okapi floors (in more than half the documents: a negative idf becomes
    epsilon x the mean idf over the vocabulary), and their idf under the other formulas."""
    import math

    n_docs = model.corpus_size
    floor = model.epsilon * model.average_idf
    floored = sorted(t for t, v in model.idf.items() if v == floor)
    terms = {}
    for term in floored:
        n = sum(1 for counts in model.doc_freqs if term in counts)
        okapi = math.log((n_docs - n + 0.5) / (n + 0.5))
        terms[term] = {"doc_share": n / n_docs, "okapi_raw": okapi, "rank_bm25": floor, "fts5": max(okapi, 1e-6),
                       "lucene": math.log(1 + (n_docs - n + 0.5) / (n + 0.5))}
    occurrences = [t for q in queries for t in q]
    return {"vocabulary": len(model.idf), "mean_idf": model.average_idf, "floor": floor,
            "floored_terms": dict(sorted(terms.items(), key=lambda kv: -kv[1]["doc_share"])),
            "query_term_occurrences": len(occurrences),
            "floored_query_term_occurrences": sum(1 for t in occurrences if t in terms),
            "queries_with_floored_terms": sum(1 for q in queries if any(t in terms for t in q))}


def _child(conn, name, docs, queries, workdir, adds, deletes, options) -> None:  # type: ignore[no-untyped-def]
    try:
        conn.send(measure_engine(name, docs, queries, workdir, adds=adds, deletes=deletes, options=options))
    except BaseException:  # noqa: BLE001 - reported to the parent as the engine's error
        conn.send({"engine": name, "error": traceback.format_exc()})
    finally:
        conn.close()


def measure_isolated(name: str, docs: list[str], queries: list[list[str]], workdir: Path, **kwargs: Any) -> dict[str, Any]:
    """``measure_engine`` in a forked process: memory is the engine's own, and nothing it
    allocated (or its JIT) carries over to the next engine."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, name, docs, queries, workdir,
                                                   kwargs.get("adds", ()), kwargs.get("deletes", ()),
                                                   kwargs.get("options")))
    process.start()
    child.close()
    try:
        result = parent.recv()
    except EOFError:
        result = {"engine": name, "error": "worker died"}
    process.join()
    if process.exitcode:
        result.setdefault("error", f"worker exit code {process.exitcode}")
    return result


def overlap(a: list[int], b: list[int]) -> float | None:
    """Shared share of two top-k lists (None when both are empty)."""
    size = max(len(a), len(b))
    return len(set(a) & set(b)) / size if size else None


def mean_overlap(runs: list[list[int]], refs: list[list[int]]) -> float | None:
    values = [v for a, b in zip(runs, refs) if (v := overlap(a, b)) is not None]
    return statistics.fmean(values) if values else None


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_size(size: int, analysed: list[str], queries: list[Query], *, ref_queries: int = 20,
             update_count: int = 1000, engines: list[str] | tuple[str, ...] = ENGINES,
             workdir: Path | None = None, options: dict[str, Any] | None = None,
             log=lambda message: None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """All engines at one corpus size. ``analysed`` must hold ``size + update_count`` chunks:
    the last ``update_count`` are the ones added in the update test."""
    if len(analysed) < size + update_count:
        raise ValueError(f"need {size + update_count} analysed chunks, have {len(analysed)}")
    docs = analysed[:size]
    adds = [(size + i, analysed[size + i]) for i in range(update_count)]
    step = max(1, size // max(update_count, 1))
    deletes = [(i, docs[i]) for i in range(0, size, step)][:update_count]
    terms = [q.terms for q in queries]
    n_ref = min(ref_queries, len(terms))
    availability = available_engines(engines)
    report: dict[str, Any] = {"size": size, "queries": len(terms), "ref_queries": n_ref,
                              "update": update_count, "engines": {}}
    own_tmp = workdir is None
    base = Path(tempfile.mkdtemp(prefix="bm25-engines-")) if own_tmp else workdir
    try:
        for name in engines:
            if availability[name]:
                report["engines"][name] = {"engine": name, "skipped": availability[name]}
                log(f"[{size}] {name}: skipped ({availability[name]})")
                continue
            folder = base / f"{name}-{size}"
            folder.mkdir(parents=True, exist_ok=True)
            log(f"[{size}] {name}: building and querying")
            result = measure_isolated(name, docs, terms[:n_ref] if name == REFERENCE else terms, folder,
                                      adds=adds, deletes=deletes, options=options)
            shutil.rmtree(folder, ignore_errors=True)
            if "error" in result:
                log(f"[{size}] {name}: ERROR\n{result['error']}")
            else:
                log(f"[{size}] {name}: build {result['build_s']:.1f} s, "
                    f"p50 {statistics.median(result['latencies_s']) * 1000:.1f} ms")
            report["engines"][name] = result
    finally:
        if own_tmp:
            shutil.rmtree(base, ignore_errors=True)
    summarise(report)
    return report


def summarise(report: dict[str, Any]) -> None:
    """Adds latency percentiles, speed ratios and overlaps to each engine's entry."""
    engines = report["engines"]
    n_ref = report["ref_queries"]
    ref = engines.get(REFERENCE)
    ref_ok = ref is not None and "results" in ref
    lucene = engines.get("bm25s")
    lucene_ok = lucene is not None and "results" in lucene
    for name, entry in engines.items():
        if "latencies_s" not in entry:
            continue
        lat = entry["latencies_s"]
        entry["p50_ms"] = statistics.median(lat) * 1000
        entry["p95_ms"] = _percentile(lat, 0.95) * 1000
        entry["p50_ref_subset_ms"] = statistics.median(lat[:n_ref]) * 1000
        entry["p50_cpu_ms"] = statistics.median(entry["cpu_s"]) * 1000
        entry["p50_cpu_ref_subset_ms"] = statistics.median(entry["cpu_s"][:n_ref]) * 1000
        entry["empty_results"] = sum(1 for r in entry["results"] if not r)
        if ref_ok:
            entry["speedup_vs_rank_bm25"] = ref["p50_ref_subset_ms"] / entry["p50_ref_subset_ms"] \
                if name != REFERENCE else 1.0
            entry["cpu_speedup_vs_rank_bm25"] = ref["p50_cpu_ref_subset_ms"] / entry["p50_cpu_ref_subset_ms"] \
                if name != REFERENCE else 1.0
            entry["overlap_vs_rank_bm25"] = mean_overlap(entry["results"][:n_ref], ref["results"])
            entry["overlap_vs_rank_bm25_k1_1.2"] = mean_overlap(entry["results"][:n_ref], ref["results_k1_1.2"])
        if lucene_ok:
            entry["overlap_vs_bm25s"] = mean_overlap(entry["results"], lucene["results"][:len(entry["results"])])
    if ref_ok:
        ref["overlap_k1_1.5_vs_1.2"] = mean_overlap(ref["results"], ref["results_k1_1.2"])


# --- report ---------------------------------------------------------------------------------


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value / 10**6:.0f}" if value >= 10**7 else f"{value / 10**6:.1f}"


def _ms(value: float) -> str:
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def _ratio(entry: dict[str, Any]) -> str:
    if entry.get("speedup_vs_rank_bm25") is None:
        return "—"
    return f"{entry['speedup_vs_rank_bm25']:.0f}× ({entry['cpu_speedup_vs_rank_bm25']:.0f}×)"


def _num(value: float | None, fmt: str = "{:.2f}") -> str:
    return "—" if value is None else fmt.format(value)


def markdown(summary: dict[str, Any]) -> str:
    lines = []
    if "machine" in summary:
        m, c, a = summary["machine"], summary["corpus"], summary["analysis"]
        lines += [
            f"{summary['date']}, {m['cpus']} cores ({m['cpu']}), {m['memory_gb']} GiB; load average "
            f"{m['loadavg_start'][0]:.1f} at the start, {m['loadavg_end'][0]:.1f} at the end; {summary['total_s']:.0f} s in all.",
            f"Corpus: {a['chunks']:,} chunks of {c['chunk_words']} words, {c['passes']} pass(es) over "
            f"{sum(s['words'] for s in c['sources'].values()):,} words of real text ({c['chunks_per_pass']:,} chunks "
            f"per pass; {c['method']}); analysed in {a['seconds']:.0f} s, {a['terms_per_chunk']:.0f} exact terms per chunk. "
            f"Queries: {summary['queries']['count']}, {summary['queries']['mean_terms']:.0f} distinct terms on average.",
            "",
        ]
    for report in summary["sizes"]:
        n_ref = report["ref_queries"]
        lines += [
            f"#### {report['size']:,} chunks ({report['queries']} queries; rank-bm25 and every overlap "
            f"on the first {n_ref})",
            "",
            "| engine | build s (CPU) | p50 ms (CPU) | p95 ms | × rank-bm25, p50 (CPU) | RSS MB (peak) | disk MB | add/delete "
            f"| +{report['update']} −{report['update']}, commit s | top-10 overlap vs rank-bm25 | … vs rank-bm25 k1=1.2 | … vs bm25s (Lucene idf) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for name, e in report["engines"].items():
            if "skipped" in e or "error" in e:
                lines.append(f"| {name} | {e.get('skipped') or 'error'} |" + " |" * 10)
                continue
            p95 = e["p95_ms"]
            update = e.get("update")
            build = f"{e['build_s']:.1f} ({e['build_cpu_s']:.1f})"
            if e.get("jit_s"):
                build += f" (+{e['jit_s']:.1f} JIT)"
            lines.append(
                f"| {name} | {build} | {_ms(e['p50_ms'])} ({_ms(e['p50_cpu_ms'])}) | {_ms(p95)} "
                f"| {_ratio(e) if name != REFERENCE else '1×'} "
                f"| {e['rss_mb']:.0f} ({e['peak_rss_mb']:.0f}) | {_mb(e['disk_bytes']) if e['disk_bytes'] else 'in memory'} "
                f"| {'yes' if e['incremental'] else 'no: rebuild'} "
                f"| {_num(update['seconds'], '{:.2f}') if update else '—'} "
                f"| {_num(e.get('overlap_vs_rank_bm25'))} | {_num(e.get('overlap_vs_rank_bm25_k1_1.2'))} "
                f"| {_num(e.get('overlap_vs_bm25s'))} |"
            )
        idf = report["engines"].get(REFERENCE, {}).get("idf")
        if idf:
            floored = ", ".join(f"{t} ({v['doc_share']:.0%}; Lucene {v['lucene']:.2f})"
                                for t, v in idf["floored_terms"].items())
            lines += ["", f"rank-bm25 idf: vocabulary {idf['vocabulary']:,} terms, mean idf {idf['mean_idf']:.2f}, so a "
                      f"term in more than half the chunks gets {idf['floor']:.2f} (FTS5: 1e-6): {floored or 'none'}. "
                      f"They are {idf['floored_query_term_occurrences']} of the {idf['query_term_occurrences']} "
                      f"terms of the reference queries, in {idf['queries_with_floored_terms']} of them."]
        lines.append("")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = _proc_meminfo_gb()
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gb": mem, "python": platform.python_version(),
            "platform": platform.platform(), "loadavg_start": os.getloadavg()}


def _proc_meminfo_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 2**20, 1)
    return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated chunk counts")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ref-queries", type=int, default=20, help="queries rank-bm25 answers (it is slow)")
    parser.add_argument("--update", type=int, default=1000, help="chunks added and deleted in the update test")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--bm25s-backend", default="auto", choices=("auto", "numba", "numpy"))
    parser.add_argument("--data", type=Path, default=None, help="shared data folder (default ../shared/data)")
    parser.add_argument("--json", type=Path, default=RESULTS / "bm25_engines_benchmark.json")
    parser.add_argument("--markdown", action="store_true", help="print the Markdown table")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    root = data_root(args.data)
    info = machine()
    sources = load_sources(root)
    chunks, provenance = make_chunks(sources, max(sizes) + args.update)
    log(f"{len(chunks)} chunks of {CHUNK_WORDS} words from {len(sources)} sources, {provenance['passes']} pass(es) "
        f"of {provenance['chunks_per_pass']} chunks")
    start = time.perf_counter()
    analysed = analyse_chunks(chunks)
    analysis_s = time.perf_counter() - start
    terms_per_chunk = statistics.fmean(text.count(" ") + 1 for text in analysed)
    log(f"analysed in {analysis_s:.0f} s ({len(chunks) / analysis_s:.0f} chunks/s), {terms_per_chunk:.0f} terms/chunk")
    queries = load_queries(root, args.queries)
    options = {"bm25s_backend": args.bm25s_backend}
    reports = [run_size(size, analysed, queries, ref_queries=args.ref_queries, update_count=args.update,
                        engines=engines, options=options, log=log) for size in sizes]
    info["loadavg_end"] = os.getloadavg()
    summary = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": "python -m eval.studies.bm25_engines_benchmark " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": info,
        "corpus": provenance,
        "analysis": {"chunks": len(chunks), "seconds": analysis_s, "terms_per_chunk": terms_per_chunk,
                     "fields": "exact: unigrams + bigrams + codes"},
        "queries": {"count": len(queries), "sets": list(BEIR_SETS),
                    "mean_terms": statistics.fmean(len(q.terms) for q in queries),
                    "ids": [q.id for q in queries]},
        "sizes": reports,
        "total_s": time.perf_counter() - started,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    log(f"wrote {args.json} ({summary['total_s']:.0f} s in all)")
    if args.markdown:
        print(markdown(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
