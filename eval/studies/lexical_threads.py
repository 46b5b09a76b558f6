"""The lexical engines of one index side by side: the tantivy package, the native searcher through
tantivy's union scorer (as it ran before its term-at-a-time sums), the native searcher on 1 thread
and on its segments in parallel; then the whole BM25 request with the package and with the
native searcher.

    python -m eval.studies.lexical_threads --index INDEX [--queries 200] [--limit 100]

The product's query plans of real questions (the three public sets in turn) go to each engine in
turn, query by query, so load hits all alike. Reports wall p50/p95 and process CPU (all threads)
per engine, and whether each engine's list is the package's (the same chunks above the last
score, which ties may fill either way). The requests (``Searcher.search``, mode bm25, k = 10)
come first for each question, the two engines in alternating order, so that neither always
meets the question's catalog pages cold. Results go to eval/results/lexical_threads.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from api.search.query import plan_query
from eval.common import RESULTS
from eval.retrieval_speed import data_root, latency, load_queries, percentile


def same_list(ours: list[tuple[int, float]], reference: list[tuple[int, float]]) -> bool:
    if len(ours) != len(reference):
        return False
    if not reference:
        return True
    cut = reference[-1][1] * (1 + 1e-5)
    return {i for i, s in ours if s > cut} == {i for i, s in reference if s > cut}


class NativeUnion:
    """The native searcher scoring through tantivy's union (``union=True``): same scores."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher

    def search(self, clauses, limit: int) -> list[tuple[int, float]]:
        return self.searcher._native.search(clauses, limit, None, True)


def run(index: Path, queries: int, limit: int, warmup: int = 10, threads: int = 2) -> dict:
    from api.search.searcher import Searcher, SearchRequest
    from indexer.store.lexical import LexicalSearcher
    from indexer.store.reader import IndexReader

    reader = IndexReader(index)
    searcher = Searcher(reader)
    lexical = reader.layout.lexical
    engines = {"tantivy package": LexicalSearcher(lexical, native=False),
               f"native union, {threads} threads": NativeUnion(LexicalSearcher(lexical, native=True, threads=threads)),
               "native, 1 thread": LexicalSearcher(lexical, native=True, threads=1),
               f"native, {threads} threads": LexicalSearcher(lexical, native=True, threads=threads)}
    questions = [q["text"] for q in load_queries(data_root(), queries + warmup)]
    plans = [plan_query(q).clauses for q in questions]
    requests = {"request, tantivy package": engines["tantivy package"], f"request, native, {threads} threads": engines[f"native, {threads} threads"]}
    for question, clauses in zip(questions[:warmup], plans[:warmup]):
        for engine in engines.values():
            engine.search(clauses, limit)
        searcher.search(SearchRequest(question, mode="bm25", k=10))
    wall = {name: [] for name in [*requests, *engines]}
    cpu = {name: [] for name in wall}
    same = dict.fromkeys(engines, 0)
    load_before = os.getloadavg()[0]
    for turn, (question, clauses) in enumerate(zip(questions[warmup:], plans[warmup:])):
        for name in list(requests) if turn % 2 == 0 else list(requests)[::-1]:
            reader.lexical = requests[name]
            cpu_started, started = time.process_time(), time.perf_counter()
            searcher.search(SearchRequest(question, mode="bm25", k=10))
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)
        reference = None
        for name, engine in engines.items():
            cpu_started, started = time.process_time(), time.perf_counter()
            found = engine.search(clauses, limit)
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)
            reference = found if reference is None else reference
            same[name] += same_list(found, reference)
    out = {"index": str(index), "chunks": engines["tantivy package"].num_chunks, "queries": queries, "limit": limit,
           "segments": len(json.loads((lexical / "meta.json").read_text())["segments"]),
           "loadavg": [load_before, os.getloadavg()[0]], "engines": {}}
    for name in wall:
        out["engines"][name] = {**latency(wall[name]), "cpu_p50_ms": round(percentile(cpu[name], 0.5) * 1000, 2),
                                "same_list_as_package": same.get(name)}
    reader.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="an index folder")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--limit", type=int, default=100, help="chunks asked of each engine (the Searcher asks 100)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--output", type=Path, default=RESULTS / "lexical_threads.json")
    args = parser.parse_args()
    out = run(args.index, args.queries, args.limit, threads=args.threads)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{out['chunks']:,} chunks in {out['segments']} segments, {out['queries']} queries, top {out['limit']}, "
          f"load {out['loadavg'][0]:.1f} → {out['loadavg'][1]:.1f}")
    print("| engine | p50 / p95 ms | CPU p50 ms | same list as the package |\n|---|---|---|---|")
    for name, e in out["engines"].items():
        same = "" if e["same_list_as_package"] is None else f"{e['same_list_as_package']}/{out['queries']}"
        print(f"| {name} | {e['p50_ms']:.1f} / {e['p95_ms']:.1f} | {e['cpu_p50_ms']:.1f} | {same} |")


if __name__ == "__main__":
    main()
