"""How many PQ candidates a compact vector index must rescore: top-10 recall against exact search.

    python -m eval.studies.compact_vectors [--vectors 300000] [--pool 300] [--queries 60]

Stand-in vectors (eval/scale_phases.py ``StandInEmbedder``: real e5 vectors of ``--pool``
archive chunks mixed by a hash of a text, plus noise) are put in the product's compact index
(``indexer.store.vector_file.new_index("ivfpq")``); real questions of the public sets are the
queries. For each number of probed lists and of PQ candidates, the candidates are rescored with
their exact vectors and the top 10 compared with exhaustive search. Results go to
eval/results/compact_vectors.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from eval.common import RESULTS


def run(vectors: int, pool: int, queries: int, seed: int = 0, log=lambda message: None) -> dict:
    import faiss

    from eval.retrieval_speed import data_root, load_queries, real_chunks
    from eval.scale_phases import StandInEmbedder
    from indexer.embedding import DEFAULT_SPEC, load_embedder
    from indexer.store import vector_file

    root = data_root(None)
    embedder = load_embedder(DEFAULT_SPEC)
    log(f"embedding {pool} real chunks and {queries} questions")
    pool_vectors = embedder.embed_passages(real_chunks(root, pool, seed)).vectors
    query_vectors = np.stack([embedder.embed_query(q["text"]) for q in load_queries(root, queries, seed + 1)])
    stand_in = StandInEmbedder(pool_vectors, embedder.name, 0.01, seed)
    data = stand_in.vectors([f"stand-in text {seed} {i}" for i in range(vectors)])
    exact = np.argsort(-(query_vectors @ data.T), axis=1)[:, :10]
    rng = np.random.default_rng(seed)
    lists = vector_file.ivf_lists(vectors)
    training = data[rng.choice(vectors, min(vectors, vector_file.training_size(lists)), replace=False)]
    log(f"training IVF{lists},PQ{vector_file.PQ_BYTES} on {len(training):,} vectors")
    started = time.perf_counter()
    index = vector_file.new_index(data.shape[1], "ivfpq", training, vectors)
    train_s = time.perf_counter() - started
    index.add_with_ids(data, np.arange(vectors, dtype=np.int64))
    faiss.omp_set_num_threads(1)
    rows = []
    for probes in (16, 48, 192):
        for candidates in (160, 400, 1000, 2000):
            index.nprobe = probes
            started = time.perf_counter()
            _, found = index.search(query_vectors, candidates)
            search_ms = (time.perf_counter() - started) / len(query_vectors) * 1000
            recall = []
            for q, ids in enumerate(found):
                ids = ids[ids >= 0]
                top = ids[np.argsort(-(data[ids] @ query_vectors[q]))[:10]]
                recall.append(len(set(top.tolist()) & set(exact[q].tolist())) / 10)
            rows.append({"probes": probes, "candidates": candidates, "recall_at_10": round(float(np.mean(recall)), 3),
                         "min": float(np.min(recall)), "search_ms": round(search_ms, 2)})
            log(str(rows[-1]))
    return {"vectors": vectors, "pool": pool, "queries": len(query_vectors), "lists": lists,
            "code_bytes": vector_file.PQ_BYTES, "train_s": round(train_s, 1), "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.studies.compact_vectors", description=__doc__.split("\n\n")[0])
    parser.add_argument("--vectors", type=int, default=300_000)
    parser.add_argument("--pool", type=int, default=300)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--output", default=str(RESULTS / "compact_vectors.json"))
    args = parser.parse_args(argv)
    report = run(args.vectors, args.pool, args.queries, log=lambda m: print(m, file=sys.stderr, flush=True))
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=1)
    print("| probes | candidates | top-10 recall | min | search ms |\n|---|---|---|---|---|")
    for row in report["rows"]:
        print(f"| {row['probes']} | {row['candidates']} | {row['recall_at_10']} | {row['min']} | {row['search_ms']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
