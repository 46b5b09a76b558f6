"""BM25 parity: the embedded tantivy index and a real OpenSearch node, fed the same analysed terms.

    python -m eval.studies.opensearch_bm25_parity --dataset ../shared/data/xquad-vi --start
    python -m eval.studies.opensearch_bm25_parity --dataset DIR --url http://127.0.0.1:9200

Each passage of a BEIR set is one unit in both engines (no chunking, so only the engines
differ): its four term fields come from ``indexer.store.lexical.field_values`` (title as the
context), indexed into tantivy with the product's schema and into OpenSearch as
whitespace-analysed text fields (freqs only, BM25 k1 = 1.2, b = 0.75 as tantivy). Every query
is planned by ``api.search.query.plan_query`` and sent to both as the same OR of boosted term
clauses; OpenSearch runs it with ``search_type=dfs_query_then_fetch`` (index-wide statistics
across its shards) and, for contrast, without. Reported: mean top-10 overlap with tantivy, the
share of identical top-10 lists, the relative gap between the two engines' scores of the same
passage, and nDCG@10 of both (ranx), raw BM25 and after the product's proximity rerank of the
top 30 (the same Python code fed by either engine's candidates).
``--start`` assembles (cached) and starts a single node from scripts/opensearch/ on a free
loopback port and stops it by PID at the end. Results go to
eval/results/opensearch_bm25_parity-<set>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eval.common import REPO, RESULTS
from eval.studies.opensearch_nodes import SCRIPTS, free_port

K1, B = 1.2, 0.75  # tantivy's BM25 (indexer/store/lexical.py)
TOP = 10
DEPTH = 100
TERM_FIELDS = ("exact", "folded", "context_exact", "context_folded")


class NodeError(RuntimeError):
    """A step of assembling or starting the node failed; the message names the step."""


def start_node(node_dir: Path, heap: str = "512m") -> tuple[str, dict[str, Any]]:
    """Assemble the home (cached under .opensearch/home) and start one node; (url, figures)."""
    step = subprocess.run([str(SCRIPTS / "assemble.sh")], capture_output=True, text=True, timeout=1800)
    if step.returncode:
        raise NodeError(f"assemble.sh failed (rc {step.returncode}): {(step.stderr or step.stdout)[-2000:]}")
    http, transport = free_port(), free_port()
    shutil.rmtree(node_dir, ignore_errors=True)
    started = time.perf_counter()
    step = subprocess.run([str(SCRIPTS / "start-node.sh"), str(REPO / ".opensearch" / "home"), str(node_dir), "parity",
                           str(http), str(transport), "single"], capture_output=True, text=True, timeout=400,
                          env={**os.environ, "HEAP": heap})
    if step.returncode:
        raise NodeError(f"start-node.sh failed (rc {step.returncode}): {step.stderr[-3000:]}")
    return f"http://127.0.0.1:{http}", {"start_seconds": round(time.perf_counter() - started, 1),
                                         "start_line": step.stdout.strip(), "heap": heap}


def stop_node(node_dir: Path) -> None:
    subprocess.run([str(SCRIPTS / "stop-node.sh"), str(node_dir)], timeout=120, check=False)


def node_rss_kib(node_dir: Path) -> int | None:
    try:
        pid = int((node_dir / "node.pid").read_text())
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    except (OSError, ValueError, StopIteration):
        return None


def passage_fields(dataset) -> list[dict[str, str]]:
    from indexer.store.lexical import field_values

    return [field_values(record.title, record.text) for record in dataset.corpus]


def build_tantivy(fields: list[dict[str, str]], folder: Path):
    import tantivy

    from indexer.store.lexical import LexicalSearcher, open_index

    index = open_index(folder, create=True)
    writer = index.writer(heap_size=128_000_000, num_threads=1)
    for number, values in enumerate(fields):
        writer.add_document(tantivy.Document(chunk_id=number, doc_id=number, **values))
    writer.commit()
    writer.wait_merging_threads()
    return LexicalSearcher(folder)


def index_body(shards: int) -> dict[str, Any]:
    text = {"type": "text", "analyzer": "whitespace", "index_options": "freqs", "similarity": "tantivy_bm25"}
    return {"settings": {"number_of_shards": shards, "number_of_replicas": 0, "refresh_interval": "-1",
                         "similarity": {"tantivy_bm25": {"type": "BM25", "k1": K1, "b": B}}},
            "mappings": {"dynamic": "strict", "_source": {"enabled": False},
                         "properties": {name: text for name in TERM_FIELDS}}}


def build_opensearch(client, name: str, fields: list[dict[str, str]], shards: int) -> None:
    from opensearchpy import helpers

    if client.indices.exists(index=name):
        client.indices.delete(index=name)
    client.indices.create(index=name, body=index_body(shards))
    actions = ({"_index": name, "_id": str(number), "_source": values} for number, values in enumerate(fields))
    ok, errors = helpers.bulk(client, actions, chunk_size=500, max_retries=3, request_timeout=120, raise_on_error=False)
    if errors or ok != len(fields):
        raise RuntimeError(f"bulk indexing into {name}: {ok} of {len(fields)} indexed; first error: {errors[:1]}")
    client.indices.refresh(index=name)
    client.indices.forcemerge(index=name, max_num_segments=1, request_timeout=300)
    count = client.count(index=name)["count"]
    if count != len(fields):
        raise RuntimeError(f"{name} holds {count} documents, {len(fields)} were indexed")


def opensearch_query(clauses: list[tuple[str, str, float]]) -> dict[str, Any]:
    """The plan's clauses as tantivy runs them: a disjunction of boosted term queries."""
    should = [{"term": {field: {"value": term, "boost": boost}}} for field, term, boost in clauses]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def search_opensearch(client, name: str, clauses, dfs: bool) -> list[tuple[int, float]]:
    if not clauses:
        return []
    response = client.search(index=name, body={"query": opensearch_query(clauses), "size": DEPTH, "track_total_hits": False},
                             params={"search_type": "dfs_query_then_fetch" if dfs else "query_then_fetch"})
    return [(int(hit["_id"]), float(hit["_score"])) for hit in response["hits"]["hits"]]


def _close(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-5 * max(abs(x), abs(y), 1e-9)


def overlap_stats(reference: dict[str, list[tuple[int, float]]], other: dict[str, list[tuple[int, float]]]) -> dict[str, Any]:
    """Top-10 agreement. A query whose lists differ only among equal scores (the same ten scores,
    to 1e-5, position by position, and the same score for each document both return: documents
    tied at the cut or swapped within a tie) counts as ``differ_only_by_ties``; engines break
    such ties by their own document order."""
    overlaps, same_list, same_first, ties_only = [], 0, 0, 0
    for query_id, ranked in reference.items():
        a, b = ranked[:TOP], other[query_id][:TOP]
        if not a and not b:
            continue
        ids_a, ids_b = [i for i, _ in a], [i for i, _ in b]
        overlaps.append(len(set(ids_a) & set(ids_b)) / max(len(a), len(b)))
        same_list += ids_a == ids_b
        same_first += bool(a and b and ids_a[0] == ids_b[0])
        scores_b = dict(b)
        if ids_a != ids_b and len(a) == len(b) and all(_close(x, y) for (_, x), (_, y) in zip(a, b)) \
                and all(_close(x, scores_b[i]) for i, x in a if i in scores_b):
            ties_only += 1
    n = len(overlaps)
    return {"queries": n, "top10_overlap_mean": round(statistics.fmean(overlaps), 4) if n else None,
            "top10_overlap_min": round(min(overlaps), 4) if n else None,
            "identical_top10_share": round(same_list / n, 4) if n else None,
            "differ_only_by_ties": ties_only, "differ_otherwise": n - same_list - ties_only,
            "same_first_share": round(same_first / n, 4) if n else None}


def score_gaps(tantivy_runs: dict[str, list[tuple[int, float]]], os_runs: dict[str, list[tuple[int, float]]]) -> dict[str, float]:
    """|tantivy - OpenSearch| / OpenSearch over the documents both put in their top 10: with the
    same statistics the two compute the same BM25 (both leave out the (k1 + 1) factor)."""
    gaps = []
    for query_id, ranked in tantivy_runs.items():
        theirs = dict(os_runs[query_id])
        for item, score in ranked[:TOP]:
            if item in theirs and theirs[item] > 0:
                gaps.append(abs(score - theirs[item]) / theirs[item])
    gaps.sort()
    if not gaps:
        return {}
    return {"pairs": len(gaps), "median": float(f"{gaps[len(gaps) // 2]:.3g}"),
            "p99": float(f"{gaps[int(len(gaps) * 0.99)]:.3g}"), "max": float(f"{gaps[-1]:.3g}")}


def main(argv: list[str] | None = None, prog: str = "python -m eval.studies.opensearch_bm25_parity") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", required=True, type=Path, help="a BEIR-style folder (corpus.jsonl, queries.jsonl, qrels.tsv)")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a running node on loopback, e.g. http://127.0.0.1:9200")
    where.add_argument("--start", action="store_true", help="assemble and start a node from scripts/opensearch/ for this run")
    parser.add_argument("--shards", type=int, default=2, help="primary shards of the OpenSearch index (default 2: dfs matters)")
    parser.add_argument("--heap", default="512m")
    parser.add_argument("--limit-queries", type=int, default=0, help="only the first N queries (0: all)")
    args = parser.parse_args(argv)
    try:
        from opensearchpy import OpenSearch
    except ImportError:
        print(f"{prog}: opensearch-py is not installed (pip install -e '.[opensearch]')", file=sys.stderr)
        return 2
    from api.search.proximity import rerank
    from api.search.query import LexicalWeights, plan_query
    from eval.beir import load_dataset
    from eval.provenance import provenance
    from eval.retrieval_quality import score_runs

    dataset = load_dataset(args.dataset)
    queries = dict(list(dataset.queries.items())[:args.limit_queries or None])
    if args.url and not args.url.startswith(("http://127.", "http://localhost")):
        print(f"{prog}: refusing a non-loopback url {args.url}", file=sys.stderr)
        return 2
    node_dir = REPO / ".opensearch" / f"parity-{os.getpid()}"
    node: dict[str, Any] = {}
    url = args.url
    if args.start:
        try:
            url, node = start_node(node_dir, args.heap)
        except NodeError as exc:
            print(f"{prog}: {exc}", file=sys.stderr)
            stop_node(node_dir)
            return 1
        print(f"node up: {node['start_line']}", file=sys.stderr)
    try:
        client = OpenSearch(url, timeout=60)
        report = run(dataset, queries, client, args.shards, plan_query, LexicalWeights(), rerank, score_runs)
        if args.start:
            node["rss_kib_after_run"] = node_rss_kib(node_dir)
        report["node"] = {**node, "url": url, "version": client.info()["version"]["number"]}
    finally:
        if args.start:
            stop_node(node_dir)
            shutil.rmtree(node_dir, ignore_errors=True)
    report["provenance"] = provenance(" ".join([prog, *(argv if argv is not None else sys.argv[1:])]))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"opensearch_bm25_parity-{dataset.name}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: report[k] for k in ("dataset", "overlap", "score_gap", "ndcg@10", "timing")}, indent=1))
    print(f"written {out}", file=sys.stderr)
    return 0


def run(dataset, queries, client, shards, plan_query, weights, rerank, score_runs) -> dict[str, Any]:
    t0 = time.perf_counter()
    fields = passage_fields(dataset)
    t_analyse = time.perf_counter() - t0
    name = f"parity-{dataset.name.lower()}"
    with tempfile.TemporaryDirectory(prefix="parity-tantivy-") as folder:
        t0 = time.perf_counter()
        tantivy_searcher = build_tantivy(fields, Path(folder) / "lexical")
        t_tantivy = time.perf_counter() - t0
        t0 = time.perf_counter()
        build_opensearch(client, name, fields, shards)
        t_os = time.perf_counter() - t0
        ids = [record.id for record in dataset.corpus]
        texts = {number: record.text for number, record in enumerate(dataset.corpus)}
        engines = ("tantivy", "opensearch_dfs", "opensearch_no_dfs")
        raw: dict[str, dict[str, list[tuple[int, float]]]] = {e: {} for e in engines}
        latency: dict[str, list[float]] = {e: [] for e in engines}
        for query_id, text in queries.items():
            clauses = plan_query(text, weights).clauses if text.strip() else []
            started = time.perf_counter()
            raw["tantivy"][query_id] = tantivy_searcher.search(
                [tantivy_searcher.term(f, t, b) for f, t, b in clauses], DEPTH) if clauses else []
            latency["tantivy"].append(time.perf_counter() - started)
            for engine, dfs in (("opensearch_dfs", True), ("opensearch_no_dfs", False)):
                started = time.perf_counter()
                raw[engine][query_id] = search_opensearch(client, name, clauses, dfs)
                latency[engine].append(time.perf_counter() - started)
    reranked = {e: {q: (rerank(r[:int(weights.proximity_depth)], texts, queries[q], weights.proximity,
                                weights.proximity_power) + r[int(weights.proximity_depth):]) if r else []
                    for q, r in runs.items()} for e, runs in raw.items()}

    def as_run(ranking):  # passage numbers → record ids, ties kept in the engine's order
        return {q: {ids[item]: score - 1e-9 * position for position, (item, score) in enumerate(r)} for q, r in ranking.items()}

    lists = {f"{e}{suffix}": runs for suffix, source in (("", raw), ("+proximity", reranked)) for e, runs in source.items()}
    overlap = {other: overlap_stats(lists[reference], lists[other])
               for reference in ("tantivy", "tantivy+proximity") for other in lists
               if other != reference and other.endswith("+proximity") == reference.endswith("+proximity")}
    ndcg_runs = {f"{e}{suffix}": as_run(runs) for suffix, source in (("", raw), ("+proximity", reranked))
                 for e, runs in source.items()}
    scores = score_runs(dataset.qrels, {k: ndcg_runs[k] for k in ndcg_runs}, stat_test=None)
    return {
        "dataset": {"name": dataset.name, "passages": len(dataset.corpus), "queries": len(queries),
                    "empty_queries": sum(1 for t in queries.values() if not t.strip())},
        "setup": {"bm25": {"k1": K1, "b": B}, "opensearch_shards": shards, "top": TOP, "depth": DEPTH,
                  "lexical_weights": {k: getattr(weights, k) for k in ("unigram", "bigram", "code", "folded_when_accented",
                                                                         "folded_unigrams_when_accented", "expansion", "context",
                                                                         "proximity", "proximity_power", "proximity_depth")}},
        "overlap": overlap,
        "score_gap": {"dfs": score_gaps(raw["tantivy"], raw["opensearch_dfs"]),
                      "no_dfs": score_gaps(raw["tantivy"], raw["opensearch_no_dfs"])},
        "ndcg@10": {name: metrics["ndcg@10"] for name, metrics in scores["metrics"].items()},
        "metrics": scores["metrics"],
        "timing": {"analyse_s": round(t_analyse, 2), "tantivy_index_s": round(t_tantivy, 2), "opensearch_index_s": round(t_os, 2),
                   **{f"{e}_query_ms_p50": round(1000 * statistics.median(v), 2) for e, v in latency.items() if v}},
    }


if __name__ == "__main__":
    sys.exit(main())
