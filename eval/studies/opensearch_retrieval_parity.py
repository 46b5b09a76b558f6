"""nDCG@10 through OpenSearch against the embedded backend, on the same index, in every mode.

    python -m eval.studies.opensearch_retrieval_parity --start \\
        --dataset ../shared/data/alqac-legal --dataset ../shared/data/xquad-vi --dataset ../shared/data/vicov19qa \\
        --cache-dir /work/retrieval-cache-e5
    python -m eval.studies.opensearch_retrieval_parity --url http://127.0.0.1:9200 --dataset DIR   # a running node

For each BEIR set, the embedded index `python -m eval retrieval` keeps in --cache-dir (the
product's chunking, e5 vectors with sentence windows) is migrated into the node (`tracuu migrate`'s
code: its stored vectors, nothing re-embedded; 2 shards, so dfs matters) and every query runs
through ``api.search.Searcher`` twice, 100 documents deep, one result per document (as eval
retrieval does): over the embedded reader and over ``ClusterReader``. Both use the same query
vectors (the cache's). Reported per mode: nDCG@10 (and recall@10, MRR@10) of both, their gap,
and the mean top-10 document overlap. A set without a cached index is indexed for keywords only
in a scratch folder (eval/results/): bm25 is measured, dense and hybrid are not (nothing to
compare without vectors, and embedding a whole set is what the cache exists to avoid). A cached
index only partly embedded is compared as it is, and says so (dense covers what has vectors, in
both backends alike). ``--start`` assembles (cached) and starts one node from scripts/opensearch/
and stops it by PID at the end. Results: eval/results/opensearch_retrieval_parity.json (or --output),
written after each mode.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from eval.common import REPO, RESULTS

TOP = 10


def overlap(a: dict[str, float], b: dict[str, float], k: int = TOP) -> float:
    top_a = [d for d, _ in sorted(a.items(), key=lambda item: -item[1])[:k]]
    top_b = [d for d, _ in sorted(b.items(), key=lambda item: -item[1])[:k]]
    if not top_a and not top_b:
        return 1.0
    return len(set(top_a) & set(top_b)) / max(len(top_a), len(top_b))


def compare_set(dataset_dir: Path, client, url: str, cache_dir: Path, shards: int = 2, limit_queries: int | None = None,
                log=print, save=lambda partial: None, modes=None) -> dict[str, Any]:
    """The set's figures; ``save`` is given them after each mode (a run stopped midway keeps what it measured)."""
    from api.search import Searcher
    from api.search.query import LexicalWeights
    from eval.beir import load_dataset
    from eval.retrieval_quality import MODES, IndexConfig, SearchConfig, ensure_index, open_searcher, run_mode, score_runs
    from indexer.store.opensearch.reader import ClusterReader
    from indexer.store.opensearch.writer import migrate
    from indexer.store.reader import IndexReader

    dataset = load_dataset(dataset_dir)
    # the product's configuration, its vectors in a flat or an automatic vector index (the same vectors)
    found = [c.index_dir(dataset, cache_dir) for c in (IndexConfig(), IndexConfig(vector_index="flat"))]
    cached = any((index / "manifest.json").is_file() for index in found)
    if cached:
        index = next(index for index in found if (index / "manifest.json").is_file())
    else:  # keywords only, in a scratch cache: never embed a whole set here
        index, _ = ensure_index(dataset, IndexConfig(), RESULTS / "opensearch-parity-cache", embed=False, log=log)
    reader = IndexReader(index)
    counts = reader.counts()
    reader.close()
    modes = [m for m in (modes or MODES) if m == "bm25" or counts["embedded"]]
    note = None
    if not cached:
        note = f"no cached index of {dataset.name} in {cache_dir}: bm25 only (dense needs the whole set embedded)"
    elif counts["embedded"] < counts["chunks"]:
        note = (f"the cached index has vectors for {counts['embedded']:,} of {counts['chunks']:,} chunks: dense and "
                "hybrid compared on that index in both backends (absolute figures are not the product's)")
    queries = dict(sorted(dataset.queries.items())[:limit_queries] if limit_queries else sorted(dataset.queries.items()))
    qrels = {q: dataset.qrels[q] for q in queries}
    dense = any(m != "bm25" for m in modes)
    search = SearchConfig()
    embedded = open_searcher(index, search, cache_dir, dense, cache_queries=cached)
    alias = f"parity-{dataset.name}".lower()
    started = time.perf_counter()
    report = migrate(index, client, alias, shards=shards, replicas=0, progress=lambda line: None)
    migrated_s = time.perf_counter() - started
    cluster_reader = ClusterReader(url, alias, client=client)
    if dense:
        cluster_reader.embedder = embedded.reader.embedder  # the same query vectors (the cache's)
    cluster = Searcher(cluster_reader, LexicalWeights(**search.lexical))
    out: dict[str, Any] = {"dataset": dataset.name, "index": str(index), "records": len(dataset.corpus),
                           "queries": len(queries), **counts, "shards": shards,
                           "migrated": {"documents": report.documents, "chunks": report.chunks, "vectors": report.vectors,
                                        "seconds": round(migrated_s, 1)},
                           "note": note, "modes": {}}
    for mode in modes:
        log(f"{dataset.name}: {len(queries):,} queries, {mode}, embedded then opensearch")
        ours, ours_stats = run_mode(embedded, queries, mode, search)
        theirs, their_stats = run_mode(cluster, queries, mode, search)
        scores = score_runs(qrels, {"embedded": ours, "opensearch": theirs}, stat_test=None)["metrics"]
        overlaps = [overlap(ours[q], theirs[q]) for q in queries]
        out["modes"][mode] = {
            "ndcg@10": {"embedded": scores["embedded"]["ndcg@10"], "opensearch": scores["opensearch"]["ndcg@10"],
                        "gap": round(scores["opensearch"]["ndcg@10"] - scores["embedded"]["ndcg@10"], 4)},
            "recall@10": {b: scores[b]["recall@10"] for b in scores}, "mrr@10": {b: scores[b]["mrr@10"] for b in scores},
            "top10_overlap": round(sum(overlaps) / len(overlaps), 4),
            "identical_top10": round(sum(o == 1.0 for o in overlaps) / len(overlaps), 4),
            "latency_ms_p50": {"embedded": ours_stats["latency_ms_p50"], "opensearch": their_stats["latency_ms_p50"]}}
        log(json.dumps({mode: out["modes"][mode]}))
        save(out)
    client.indices.delete(index=f"{alias}-*")
    return out


def markdown(results: list[dict[str, Any]]) -> str:
    lines = ["| set (queries) | mode | nDCG@10 embedded | nDCG@10 OpenSearch | gap | top-10 overlap | identical top 10 |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for result in results:
        for mode, figures in result["modes"].items():
            n = figures["ndcg@10"]
            lines.append(f"| {result['dataset']} ({result['queries']:,}) | {mode} | {n['embedded']:.4f} | "
                         f"{n['opensearch']:.4f} | {n['gap']:+.4f} | {figures['top10_overlap']:.4f} | "
                         f"{100 * figures['identical_top10']:.1f} % |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, action="append", required=True, help="a BEIR-style folder (repeatable)")
    parser.add_argument("--cache-dir", type=Path, default=None, help="eval retrieval's cache (default its own)")
    parser.add_argument("--url", help="a running node (or nodes, comma-separated)")
    parser.add_argument("--start", action="store_true", help="start a single node for the run (stopped by PID at the end)")
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--limit-queries", type=int, default=None)
    parser.add_argument("--modes", default=",".join(("bm25", "dense", "hybrid")),
                        help="comma-separated, from bm25, dense, hybrid (default all)")
    parser.add_argument("--output", type=Path, default=RESULTS / "opensearch_retrieval_parity.json",
                        help="JSON results (default %(default)s)")
    args = parser.parse_args(argv)
    from eval.retrieval_quality import DEFAULT_CACHE
    from eval.studies.opensearch_bm25_parity import start_node, stop_node
    from indexer.store.opensearch.reader import connect

    if bool(args.url) == args.start:
        parser.error("give --url URL or --start")
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or set(modes) - {"bm25", "dense", "hybrid"}:
        parser.error(f"--modes {args.modes!r}: give one or more of bm25, dense, hybrid")
    cache_dir = args.cache_dir or DEFAULT_CACHE
    node_dir = REPO / ".opensearch" / f"retrieval-parity-{os.getpid()}"
    url = args.url
    log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    results = []
    try:
        if args.start:
            url, figures = start_node(node_dir, heap="1g")
            log(f"node: {figures}")
        client = connect(url, timeout=120)
        args.output.parent.mkdir(parents=True, exist_ok=True)

        def save(partial: dict[str, Any]) -> None:
            args.output.write_text(json.dumps([*results, partial], ensure_ascii=False, indent=1), encoding="utf-8")

        for dataset in args.dataset:
            results.append(compare_set(dataset, client, url, cache_dir, args.shards, args.limit_queries, log, save,
                                       modes))
    finally:
        if args.start:
            stop_node(node_dir)
            shutil.rmtree(node_dir, ignore_errors=True)
    print(markdown(results))
    for result in results:
        if result["note"]:
            print(f"\n{result['dataset']}: {result['note']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
