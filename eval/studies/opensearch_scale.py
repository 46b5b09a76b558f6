"""A scale benchmark of the OpenSearch backend: a 1M-chunk embedded index bulk-loaded into a
2-node loopback cluster, then the same queries against both backends (issue 17, acceptance 4).

    python -m eval.studies.opensearch_scale --index /work/bench/versions-incr/index-1m \\
        --workdir /work/bench/os-scale [--heap 1536m] [--vectors own --vectors-until 19:10] [--queries 60]
    python -m eval.studies.opensearch_scale --index DIR --url http://127.0.0.1:9270,http://127.0.0.1:9271 \\
        --node-dirs /work/bench/os-scale/n1,/work/bench/os-scale/n2 [--skip-load]

Load: two nodes from scripts/opensearch/ (cluster mode, loopback, HEAP each; or --url with the
nodes' folders for their PIDs), then the product's ``writer.migrate`` (what ``tracuu migrate``
runs) with 2 shards and 1 replica: documents, chunks and vectors are read from the embedded index
and its int8 vector cache, nothing re-embedded; the indices are loaded with no replica and no
refresh, then the replica is added by peer recovery. Measured per index: documents/s and MB/s of
bulk bodies sent (counted at the client's transport), the store size per index and per node,
node RSS (/proc, by PID) and heap (_nodes/stats), sampled every 15 s during the load (peaks) and
after it. ``--vectors own`` / ``--vector-seconds`` cut the vector load (the report says what
was loaded): Lucene's HNSW build is what limits the rate on a 2-core machine.

Query: real questions (eval/retrieval_speed.load_queries: the three public sets in turn), each
in bm25, dense and hybrid, against the cluster (ClusterReader + the product's Searcher, as
``tracuu search --backend opensearch``) and the embedded index (IndexReader + Searcher) in the
same process, interleaved query by query (embedded, then cluster, alternating which goes first).
Both share one query embedder; dense and hybrid latencies include embedding the query (its own
p50 is reported). Reported: p50 / p95 per backend and mode, top-10 agreement (overlap of chunk
ids, and identical lists). JSON: eval/results/opensearch_scale.json (git-ignored). Nodes started
here are stopped by their PIDs at the end and their data folders removed (--keep keeps both).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from eval.common import RESULTS
from eval.retrieval_speed import data_root, latency, load_queries, memory_mb
from eval.studies.opensearch_nodes import TwoNodes
MODES = ("bm25", "dense", "hybrid")
TOP_K = 10


def node_pids(folders: dict[str, Path]) -> dict[str, int]:
    return {name: int((folder / "node.pid").read_text()) for name, folder in folders.items()
            if (folder / "node.pid").exists()}


def rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def du_mb(path: Path) -> float:
    done = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True)
    return round(int(done.stdout.split()[0]) / 1024, 1) if done.returncode == 0 else -1.0


def node_figures(client, pids: dict[str, int], folders: dict[str, Path]) -> dict[str, Any]:
    """Per node: RSS (/proc), heap used / max, segment memory, store size, disk used by its data folder."""
    stats = client.nodes.stats(metric="jvm,indices,os", params={"request_timeout": 60})["nodes"]
    out = {}
    for node in stats.values():
        name = node["name"]
        heap = node["jvm"]["mem"]
        out[name] = {"rss_mb": rss_mb(pids[name]) if name in pids else None,
                     "heap_used_mb": round(heap["heap_used_in_bytes"] / 2**20, 1),
                     "heap_max_mb": round(heap["heap_max_in_bytes"] / 2**20, 1),
                     "non_heap_mb": round(heap["non_heap_used_in_bytes"] / 2**20, 1),
                     "store_mb": round(node["indices"]["store"]["size_in_bytes"] / 2**20, 1),
                     "docs": node["indices"]["docs"]["count"], "segments": node["indices"]["segments"]["count"],
                     "gc_old_collections": node["jvm"]["gc"]["collectors"]["old"]["collection_count"]}
        if name in folders:
            out[name]["data_dir_mb"] = du_mb(folders[name] / "data")
    return out


class Sampler(threading.Thread):
    """Node RSS and heap every ``every`` seconds while the load runs (peaks, and the series)."""

    def __init__(self, client, pids: dict[str, int], every: float = 15.0):
        super().__init__(daemon=True)
        self.client, self.pids, self.every = client, pids, every
        self.samples: list[dict[str, Any]] = []
        self.halt = threading.Event()
        self.started_at = time.perf_counter()

    def run(self) -> None:
        while not self.halt.wait(self.every):
            sample: dict[str, Any] = {"t": round(time.perf_counter() - self.started_at, 1)}
            for name, pid in self.pids.items():
                sample[f"{name}_rss_mb"] = rss_mb(pid)
            try:
                stats = self.client.nodes.stats(metric="jvm", params={"request_timeout": 10})["nodes"]
                for node in stats.values():
                    sample[f"{node['name']}_heap_mb"] = round(node["jvm"]["mem"]["heap_used_in_bytes"] / 2**20, 1)
            except Exception as exc:  # noqa: BLE001 - a busy node may not answer in time: note it, go on
                sample["error"] = type(exc).__name__
            sample["loadavg"] = os.getloadavg()[0]
            self.samples.append(sample)

    def peaks(self) -> dict[str, float]:
        keys = {key for sample in self.samples for key in sample if key.endswith(("_mb",))}
        return {key: max(s[key] for s in self.samples if s.get(key) is not None) for key in sorted(keys)}


class BulkBytes:
    """Bytes of bulk bodies the client sends (counted at its transport), read at phase boundaries."""

    def __init__(self, client):
        self.total = 0
        transport = client.transport
        original = transport.perform_request

        def counting(method, url, *args, **kwargs):
            body = kwargs.get("body")
            if url.endswith("_bulk") and body is not None:
                self.total += len(body.encode("utf-8")) if isinstance(body, str) else len(body)
            return original(method, url, *args, **kwargs)

        transport.perform_request = counting


def index_figures(client, name: str) -> dict[str, Any]:
    rows = client.cat.indices(index=f"{name}-*", format="json", bytes="b", params={"request_timeout": 60})
    out = {}
    for row in rows:
        kind = row["index"].split("-")[-2]
        out[kind] = {"index": row["index"], "docs": int(row["docs.count"]), "shards": int(row["pri"]),
                     "replicas": int(row["rep"]), "store_mb": round(int(row["store.size"]) / 2**20, 1),
                     "primary_store_mb": round(int(row["pri.store.size"]) / 2**20, 1), "health": row["health"]}
    return out


def load(index: Path, client, name: str, pids: dict[str, int], vectors: str, vector_until: float | None,
         batch: int, vector_batch: int, log) -> dict[str, Any]:
    from indexer.store.opensearch.writer import migrate

    sent = BulkBytes(client)
    marks: list[tuple[str, int]] = []

    def progress(line: str) -> None:
        marks.append((line.split(":")[0], sent.total))
        log(f"migrate: {line}")

    sampler = Sampler(client, pids)
    sampler.start()
    try:
        report = migrate(index, client, name, shards=2, replicas=1, progress=progress, vectors=vectors,
                         vector_until=vector_until, batch=batch, vector_batch=vector_batch)
    finally:
        sampler.halt.set()
        sampler.join()
    counts = {"documents": report.documents, "chunks": report.chunks, "vectors": report.vectors}
    rates, before = {}, 0
    for label, total in marks:
        if label in counts:
            seconds = report.timings[label]
            rates[label] = {"docs": counts[label], "seconds": seconds,
                            "docs_per_s": round(counts[label] / seconds, 1) if seconds else None,
                            "bulk_mb": round((total - before) / 2**20, 1),
                            "bulk_mb_per_s": round((total - before) / 2**20 / seconds, 2) if seconds else None}
            before = total
    return {"report": asdict(report), "rates": rates, "peaks": sampler.peaks(), "samples": sampler.samples}


def overlap(a: list[int], b: list[int]) -> float:
    return len(set(a) & set(b)) / max(len(a), len(b)) if (a or b) else 1.0


def query(index: Path, url: str, name: str, count: int, warmup: int, log) -> dict[str, Any]:
    from api.search import SearchRequest, Searcher
    from indexer.store.opensearch.reader import ClusterReader
    from indexer.store.reader import IndexReader

    rows = load_queries(data_root(), warmup + count)
    texts = [row["text"] for row in rows]
    memory_start = memory_mb()
    started = time.perf_counter()
    reader = IndexReader(index)
    open_s = time.perf_counter() - started
    embedded = Searcher(reader)
    cluster_reader = ClusterReader(url, name)
    cluster_reader.embedder = reader.embedder  # one query embedder for both: the same query vectors
    cluster = Searcher(cluster_reader)
    backends = {"embedded": embedded, "opensearch": cluster}
    for text in texts[:warmup]:
        for mode in MODES:
            for searcher in backends.values():
                searcher.search(SearchRequest(text, mode=mode, k=TOP_K))
    wall: dict[str, dict[str, list[float]]] = {b: {m: [] for m in MODES} for b in backends}
    ids: dict[str, dict[str, list[list[int]]]] = {b: {m: [] for m in MODES} for b in backends}
    embedding: list[float] = []
    load_before = os.getloadavg()[0]
    for i, text in enumerate(texts[warmup:]):
        t = time.perf_counter()
        reader.embedder.embed_query(text)
        embedding.append(time.perf_counter() - t)
        order = list(backends) if i % 2 == 0 else list(reversed(backends))
        for mode in MODES:
            for backend in order:
                t = time.perf_counter()
                response = backends[backend].search(SearchRequest(text, mode=mode, k=TOP_K))
                wall[backend][mode].append(time.perf_counter() - t)
                ids[backend][mode].append([result.chunk_id for result in response.results])
        if (i + 1) % 10 == 0:
            log(f"queries: {i + 1}/{count}")
    out: dict[str, Any] = {"queries": count, "warmup": warmup, "sets": sorted({row["set"] for row in rows}),
                           "embedded_open_s": round(open_s, 2), "query_embedding": latency(embedding),
                           "loadavg": [load_before, os.getloadavg()[0]], "modes": {}}
    for mode in MODES:
        overlaps = [overlap(a, b) for a, b in zip(ids["embedded"][mode], ids["opensearch"][mode])]
        out["modes"][mode] = {
            **{backend: latency(wall[backend][mode]) for backend in backends},
            "top10_overlap": round(sum(overlaps) / len(overlaps), 4),
            "identical_top10": round(sum(a == b for a, b in zip(ids["embedded"][mode], ids["opensearch"][mode]))
                                     / len(overlaps), 4),
            "with_results": {backend: sum(bool(x) for x in ids[backend][mode]) for backend in backends}}
    out["process_memory"] = {"start": memory_start, "end": memory_mb()}
    reader.close()
    return out


def source_probe(index: Path, client, count: int, log) -> dict[str, Any]:
    """Store bytes per item once merged, in three 1-shard indices of ``count`` items each: chunks
    with the product's mapping, own vectors with the product's mapping, and own vectors with the
    vector left out of ``_source`` (the reader never reads it back: k-NN and exact similarities
    use the knn field). Measured after the shard's retention lease has passed the operations and
    a force merge: until then a filtered ``_source`` is kept whole as ``_recovery_source``."""
    import itertools

    from indexer.store.opensearch.schema import body
    from indexer.store.opensearch.writer import _chunk_sources, bulk, chunk_actions, stored_vectors
    from indexer.store.reader import IndexReader
    from indexer.store.vectors import owners

    reader = IndexReader(index)
    out: dict[str, Any] = {"items": count}
    try:
        batches = list(itertools.islice(stored_vectors(reader, own_only=True), -(-count // 500)))
        embedded = set(reader.chunk_ids(embedded=True))
        chunk_sources = list(itertools.islice(_chunk_sources(reader, embedded), count))
        variants = {}
        for variant in ("chunks", "vectors", "vectors_with_source"):  # the product's mapping, and the vector kept in _source
            name = f"scale-probe-{variant.replace('_', '-')}"
            client.indices.delete(index=name, ignore=[404])
            settings = body(variant.split("_")[0], dim=reader.manifest.dim, shards=1, replicas=0)
            settings["settings"]["refresh_interval"] = "-1"
            if variant == "vectors_with_source":
                settings["mappings"].pop("_source", None)
            client.indices.create(index=name, body=settings)
            if variant == "chunks":
                actions = chunk_actions(name, iter(chunk_sources))
            else:
                actions = ({"_index": name, "_id": str(vid), "_source": {"chunk_id": cid, "doc_id": 0, "own": True,
                                                                         "vector": vector.tolist()}}
                           for ids, vectors in batches
                           for vid, cid, vector in zip(ids.tolist(), owners(ids).tolist(), vectors))
            actions = itertools.islice(actions, count)
            started = time.perf_counter()
            done = bulk(client, itertools.islice(actions, count // 2), name)
            client.indices.refresh(index=name, params={"request_timeout": 600})  # two segments, so that the merge runs
            done += bulk(client, actions, name)
            client.indices.refresh(index=name, params={"request_timeout": 600})
            client.indices.flush(index=name)
            variants[variant] = (name, done, time.perf_counter() - started)
        # a filtered _source is kept whole as _recovery_source until the shard's retention lease
        # passes those operations (synced every 30 s); a merge after that drops it
        time.sleep(65)
        for variant, (name, done, indexed_s) in variants.items():
            client.indices.flush(index=name)
            merge_started = time.perf_counter()
            client.indices.forcemerge(index=name, params={"max_num_segments": 1, "request_timeout": 1800})
            merged_s = time.perf_counter() - merge_started
            client.indices.flush(index=name, params={"force": "true"})  # so the merged-away files are deleted
            client.indices.refresh(index=name)
            segments = len(client.cat.segments(index=name, format="json"))
            store = client.indices.stats(index=name, metric="store")["indices"][name]["primaries"]["store"]["size_in_bytes"]
            out[variant] = {"items": done, "segments": segments, "bytes_per_item": round(store / done),
                            "index_s": round(indexed_s, 1), "items_per_s": round(done / indexed_s, 1),
                            "force_merge_s": round(merged_s, 1)}
            log(f"source probe {variant}: {out[variant]}")
            client.indices.delete(index=name)
    finally:
        reader.close()
    return out


def table(report: dict[str, Any]) -> str:
    lines = []
    if "load" in report:
        lines += ["| index | docs | seconds | docs/s | bulk MB | MB/s | store MB (with replica) |", "|---|---|---|---|---|---|---|"]
        for kind, rate in report["load"]["rates"].items():
            store = report["indices"].get(kind, {}).get("store_mb")
            lines.append(f"| {kind} | {rate['docs']:,} | {rate['seconds']} | {rate['docs_per_s']} | {rate['bulk_mb']} | "
                         f"{rate['bulk_mb_per_s']} | {store} |")
        timings = report["load"]["report"]["timings"]
        lines.append(f"replica by peer recovery: {timings.get('replicas')} s; refresh {timings.get('refresh')} s")
    if "nodes" in report:
        lines += ["", "| node | RSS MB | heap used / max MB | store MB | data dir MB |", "|---|---|---|---|---|"]
        for name, node in sorted(report["nodes"].items()):
            lines.append(f"| {name} | {node['rss_mb']} | {node['heap_used_mb']} / {node['heap_max_mb']} | {node['store_mb']} | "
                         f"{node.get('data_dir_mb')} |")
    if "query" in report:
        q = report["query"]
        lines += ["", f"{q['queries']} queries (query embedding p50 {q['query_embedding']['p50_ms']} ms, included in dense/hybrid)",
                  "| mode | embedded p50 / p95 ms | opensearch p50 / p95 ms | top-10 overlap | identical top 10 |",
                  "|---|---|---|---|---|"]
        for mode, m in q["modes"].items():
            lines.append(f"| {mode} | {m['embedded']['p50_ms']} / {m['embedded']['p95_ms']} | {m['opensearch']['p50_ms']} / "
                         f"{m['opensearch']['p95_ms']} | {m['top10_overlap']} | {100 * m['identical_top10']:.0f} % |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="the embedded index to load (read only)")
    parser.add_argument("--workdir", type=Path, default=Path("/work/bench/os-scale"), help="node folders")
    parser.add_argument("--url", help="use running nodes instead of starting two")
    parser.add_argument("--node-dirs", default="", help="with --url: the nodes' folders n1,n2 (for their PIDs)")
    parser.add_argument("--heap", default="1536m")
    parser.add_argument("--ports", default="9270,9271,9370,9371", help="http n1,n2, transport n1,n2")
    parser.add_argument("--alias", default="scale")
    parser.add_argument("--vectors", choices=("all", "own", "none"), default="all")
    parser.add_argument("--vectors-until", help="stop the vector load at this UTC time, HH:MM (a time budget)")
    parser.add_argument("--batch", type=int, default=500, help="bulk batch of documents and chunks")
    parser.add_argument("--vector-batch", type=int, default=200)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--source-probe", type=int, default=0,
                        help="after the queries: store per vector with and without the vector in _source (N vectors)")
    parser.add_argument("--skip-load", action="store_true", help="query what --alias already holds")
    parser.add_argument("--keep", action="store_true", help="leave the nodes running (and their data)")
    parser.add_argument("--out", type=Path, default=RESULTS / "opensearch_scale.json")
    args = parser.parse_args(argv)
    if not (args.index / "manifest.json").is_file():
        parser.error(f"--index {args.index}: no manifest.json there (not an embedded index)")

    def log(line: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {line}", file=sys.stderr, flush=True)

    from indexer.store.opensearch.reader import connect

    cluster = None
    vector_until = None
    if args.vectors_until:
        hour, minute = (int(x) for x in args.vectors_until.split(":"))
        now = time.gmtime()
        vector_until = time.time() + ((hour * 60 + minute) - (now.tm_hour * 60 + now.tm_min)) * 60 - now.tm_sec
    report: dict[str, Any] = {"index": str(args.index), "alias": args.alias, "vectors": args.vectors,
                              "vectors_until_utc": args.vectors_until, "batch": args.batch, "vector_batch": args.vector_batch,
                              "machine": {"cores": os.cpu_count(), "loadavg_start": os.getloadavg()}}
    try:
        if args.url:
            url = args.url
            folders = {Path(d).name: Path(d) for d in args.node_dirs.split(",") if d}
        else:
            ports = [int(p) for p in args.ports.split(",")]
            cluster = TwoNodes(args.workdir, args.heap, (ports[0], ports[1]), (ports[2], ports[3]), cluster_name="scale")
            report["started"] = [cluster.start(name) for name in ("n1", "n2")]
            log("; ".join(report["started"]))
            url, folders = cluster.url, cluster.folders()
        client = connect(url, timeout=300)
        client.cluster.health(params={"wait_for_nodes": "2", "timeout": "120s", "request_timeout": 130})
        pids = node_pids(folders)
        info = client.nodes.info(metric="jvm", params={"request_timeout": 30})["nodes"]
        report["jvm"] = {n["name"]: {"version": n["jvm"]["version"], "heap_max_mb": round(n["jvm"]["mem"]["heap_max_in_bytes"] / 2**20),
                                     "input_arguments": [a for a in n["jvm"].get("input_arguments", [])
                                                         if a.startswith(("-Xm", "--add-modules"))]}
                         for n in info.values()}
        report["nodes_before"] = node_figures(client, pids, folders)
        if not args.skip_load:
            log(f"loading {args.index} into {url} (vectors {args.vectors}, until {args.vectors_until} UTC)")
            report["load"] = load(args.index, client, args.alias, pids, args.vectors, vector_until,
                                  args.batch, args.vector_batch, log)
        report["indices"] = index_figures(client, args.alias)
        report["nodes"] = node_figures(client, pids, folders)
        log(json.dumps({"indices": report["indices"], "nodes": report["nodes"]}))
        if args.queries:
            report["query"] = query(args.index, url, args.alias, args.queries, args.warmup, log)
            report["nodes_after_queries"] = node_figures(client, pids, folders)
        if args.source_probe:
            report["source_probe"] = source_probe(args.index, client, args.source_probe, log)
    finally:
        if cluster is not None and not args.keep:
            cluster.stop(drop_data=True)  # by PID; the node folders keep their logs, not their data
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if args.out.exists() and args.skip_load:  # keep the load's figures when only querying / probing again
            earlier = json.loads(args.out.read_text())
            report = {**{k: v for k, v in earlier.items() if k in ("load",)}, **report}
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
        log(f"report: {args.out}")
    print(table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
