"""Where a hybrid request's CPU could be saved at 1M chunks, measured side by side:

    python -m eval.studies.hybrid_cpu --index INDEX [--queries 200]

1. Hybrid requests (``Searcher.search``, k = 10) with the native BM25 searcher on its segments
   in 2 threads against 1 thread (on 2 cores the query embedding and the dense search share
   them), the two in alternating order per question.
2. BM25 without the single-syllable clauses of syllables found in more than a share of the
   chunks (their bigrams kept): tantivy's top 100 wall time, and how much of the full query's
   top 10 stays.

Real questions of the three public sets in turn. Results: eval/results/hybrid_cpu.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from eval.common import RESULTS
from eval.retrieval_speed import data_root, latency, load_queries, percentile

SHARES = (0.5, 0.3)  # of chunks holding a syllable, above which its single-syllable clauses are left out


def run(index: Path, queries: int, warmup: int = 5) -> dict:
    import tantivy

    from api.search.query import plan_query
    from api.search.searcher import Searcher, SearchRequest
    from indexer.analysis import BIGRAM_JOINER
    from indexer.store.lexical import LexicalSearcher
    from indexer.store.reader import IndexReader

    reader = IndexReader(index)
    searcher = Searcher(reader)
    reader.embedder  # loaded before timing
    engines = {threads: LexicalSearcher(reader.layout.lexical, native=True, threads=threads) for threads in (2, 1)}
    questions = [q["text"] for q in load_queries(data_root(), queries + warmup)]
    for question in questions[:warmup]:
        searcher.search(SearchRequest(question, mode="hybrid", k=10))
    load_before = os.getloadavg()[0]
    wall = {threads: [] for threads in engines}
    cpu = {threads: [] for threads in engines}
    for turn, question in enumerate(questions[warmup:]):
        for threads in (2, 1) if turn % 2 == 0 else (1, 2):
            reader.lexical = engines[threads]
            cpu_started, started = time.process_time(), time.perf_counter()
            searcher.search(SearchRequest(question, mode="hybrid", k=10))
            wall[threads].append(time.perf_counter() - started)
            cpu[threads].append(time.process_time() - cpu_started)
    reader.lexical = engines[2]

    counts = tantivy.Index.open(str(reader.layout.lexical)).searcher()
    chunks = counts.num_docs
    frequency: dict[tuple[str, str], int] = {}

    def share(field: str, term: str) -> float:
        if (field, term) not in frequency:
            frequency[(field, term)] = counts.doc_freq(field, term)
        return frequency[(field, term)] / chunks

    pruning: dict[str, dict] = {}
    full_top: list[list[int]] = []
    for limit in (None, *SHARES):
        times, overlap = [], []
        for i, question in enumerate(questions[warmup:]):
            clauses = [(f, t, b) for f, t, b in plan_query(question).clauses
                       if limit is None or BIGRAM_JOINER in t or share(f, t) <= limit]
            started = time.perf_counter()
            top = [chunk for chunk, _ in engines[2].search(clauses, 100)[:10]]
            times.append(time.perf_counter() - started)
            if limit is None:
                full_top.append(top)
            else:
                overlap.append(len(set(top) & set(full_top[i])) / max(1, len(full_top[i])))
        name = "all clauses" if limit is None else f"without syllables in > {limit:.0%} of chunks"
        pruning[name] = {**latency(times), **({"top10_overlap": round(sum(overlap) / len(overlap), 3)} if overlap else {})}
    out = {"index": str(index), "chunks": chunks, "queries": queries, "loadavg": [load_before, os.getloadavg()[0]],
           "hybrid_bm25_threads": {f"{threads} threads": {**latency(wall[threads]),
                                                          "cpu_p50_ms": round(percentile(cpu[threads], 0.5) * 1000, 1)}
                                   for threads in engines},
           "bm25_top100_pruning": pruning}
    reader.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.studies.hybrid_cpu", description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--output", type=Path, default=RESULTS / "hybrid_cpu.json")
    args = parser.parse_args(argv)
    out = run(args.index, args.queries)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
