"""The cost of scoped keys: search latency with a reader view scoped to some collections against
the full-access view, side by side on the same index in one run.

    python -m eval scope [--chunks 50000] [--queries 200] [--markdown]

The index is eval.retrieval_speed's (real Vietnamese text cycled to size, stand-in vectors from
real e5 vectors plus noise, real query vectors). Its documents are then put in three
collections: every 50th document in "small" (2 %), the other even ones in "half" (49 %), the
rest in "rest". Each query is answered in bm25 and hybrid mode under every scope in turn (the
order rotates per query), each through a fresh ``reader.view(scope)`` as an HTTP request gets
it: the full-access key, a key of "half", a key of "small", and a public scope of all three
collections without classified documents (which holds every document, so it restricts
nothing). The first view of a scope computes its document ids once per reader; that cost is
reported apart. Results go to eval/results/scope_cost.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eval.common import RESULTS
from eval.provenance import describe, provenance
from eval.retrieval_speed import build_index, data_root, embed_pool, latency, load_queries

TOP_K = 10
SCOPES = {
    "full access": (None, True),
    "key of 'half' (49 %)": (("half",), False),
    "key of 'small' (2 %)": (("small",), False),
    "public, all collections, no stamps": (("half", "rest", "small"), False),
}


def collection_of(doc_id: int) -> str:
    return "small" if doc_id % 50 == 0 else "half" if doc_id % 2 == 0 else "rest"


def assign_collections(index_dir: Path) -> dict[str, int]:
    """Move each document's paths to its collection; documents per collection."""
    from indexer.store import catalog as cat
    from indexer.store.layout import Layout
    from indexer.store.reader import IndexReader

    reader = IndexReader(index_dir)
    identities = reader.document_identities()
    reader.close()
    connection = cat.connect(Layout(index_dir).catalog)
    counts: dict[str, int] = {}
    try:
        with cat.transaction(connection):
            for doc_id, (_sha, _unit, path) in identities.items():
                name = collection_of(doc_id)
                cat.set_collection(connection, path, name)
                counts[name] = counts.get(name, 0) + 1
        cat.checkpoint(connection)
    finally:
        connection.close()
    return counts


def measure(index_dir: Path, queries: list[str], warmup: int) -> dict[str, Any]:
    from api.search import SearchRequest, Searcher
    from indexer.store.reader import IndexReader, ReadScope

    reader = IndexReader(index_dir)
    reader.counts()  # as the server readies a reader before its first view (api/http/served_index._ready)
    _ = reader.embedder
    scopes = {name: ReadScope(None if c is None else frozenset(c), classified) for name, (c, classified) in SCOPES.items()}
    first_view_ms, restricted = {}, {}
    for name, scope in scopes.items():
        started = time.perf_counter()
        view = reader.view(scope)
        ids = view.scope_ids()
        first_view_ms[name] = round((time.perf_counter() - started) * 1000, 2)
        restricted[name] = None if ids is None else len(ids)
        view.close()
    names = list(scopes)
    wall: dict[str, dict[str, list[float]]] = {mode: {name: [] for name in names} for mode in ("bm25", "hybrid")}
    outside = 0
    for position, query in enumerate(queries):
        order = names[position % len(names):] + names[:position % len(names)]
        for mode in ("bm25", "hybrid"):
            for name in order:
                started = time.perf_counter()
                view = reader.view(scopes[name])
                try:
                    results = Searcher(view).search(SearchRequest(query, mode=mode, k=TOP_K)).results
                finally:
                    view.close()
                elapsed = time.perf_counter() - started
                allowed = scopes[name].collections
                outside += sum(allowed is not None and collection_of(r.doc_id) not in allowed for r in results)
                if position >= warmup:
                    wall[mode][name].append(elapsed)
    counts = reader.counts()
    reader.close()
    return {"chunks": counts["chunks"], "documents": counts["documents"], "embedded": counts["embedded"],
            "first_view_ms": first_view_ms, "scope_documents": restricted, "results_outside_scope": outside,
            "latency_ms": {mode: {name: latency(values) for name, values in by_scope.items()}
                           for mode, by_scope in wall.items()},
            "measured_queries": len(queries) - warmup}


def run(chunks: int, queries: int, warmup: int, pool: int, workdir: Path | None, seed: int = 0) -> dict[str, Any]:
    import api.search  # noqa: F401  everything the phases import, loaded before a long build
    import indexer.store.reader  # noqa: F401

    root = data_root()
    with tempfile.TemporaryDirectory(dir=workdir) as temporary:
        folder = Path(temporary)
        pool_path = folder / "pool.npy"
        started = time.perf_counter()
        embed_pool(root, pool, pool_path, seed)
        build = build_index(folder / "index", chunks, root, pool_path, seed)
        collections = assign_collections(folder / "index")
        build_s = time.perf_counter() - started
        texts = [q["text"] for q in load_queries(root, queries + warmup, seed)]
        report = measure(folder / "index", texts, warmup)
    report.update({"build_s": round(build_s, 1), "build": build, "collections": collections})
    return report


def markdown(report: dict[str, Any]) -> str:
    lines = [describe(report), "", f"{report['chunks']:,} chunks, {report['documents']:,} documents, {report['measured_queries']} queries, k = {TOP_K}",
             "", "| scope | documents searched | first view, ms | bm25 p50 / p95 ms | hybrid p50 / p95 ms |", "|---|---|---|---|---|"]
    for name in SCOPES:
        bm25, hybrid = report["latency_ms"]["bm25"][name], report["latency_ms"]["hybrid"][name]
        searched = report["scope_documents"][name]
        lines.append(f"| {name} | {'all (no id list)' if searched is None else f'{searched:,}'} | "
                     f"{report['first_view_ms'][name]} | {bm25['p50_ms']} / {bm25['p95_ms']} | {hybrid['p50_ms']} / {hybrid['p95_ms']} |")
    lines.append(f"\nresults outside their scope: {report['results_outside_scope']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None, prog: str = "python -m eval.scope_cost") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200, help="measured queries (after the warm-up)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--pool", type=int, default=1000, help="real chunks embedded for the stand-in vectors")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=RESULTS / "scope_cost.json")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    report = run(args.chunks, args.queries, args.warmup, args.pool, args.workdir)
    report.update(provenance(" ".join([prog, *(sys.argv[1:] if argv is None else argv)])))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(markdown(report) if args.markdown else json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
