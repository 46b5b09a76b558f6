"""A node lost under load: `tracuu serve --backend opensearch` over a 2-node loopback cluster.

    python -m eval.studies.opensearch_failover --index ~/.tracuu/index [--threads 4 --before 10 --during 10 --after 10]

Starts two nodes from scripts/opensearch/ (cluster mode, loopback, small heaps), migrates the
embedded index at --index into them (2 shards, 1 replica: every shard has a copy on each node),
starts `tracuu serve --backend opensearch --url n1,n2`, and runs a bounded query load against it
(THREADS client threads, searches in bm25 / dense / hybrid over a fixed query list, one
/health poll every 0.5 s beside them; the first 5 s are a warm-up, not counted). After BEFORE seconds the node that is not the elected
cluster manager is killed by its PID (SIGKILL); DURING seconds later it is started again from
its data folder, and the load goes on until the cluster is green and AFTER seconds more.
Reported: requests, errors returned to the client (any non-200), latency p50 / p95 per phase,
the /health statuses seen in each phase, seconds from the restart to green. Every node started is
stopped by its PID at the end. Results: eval/results/opensearch_failover.json.

Why the non-manager: two master-eligible nodes keep a voting configuration of one (an odd
count), so losing that one leaves no cluster manager until it returns (reads still answer, the
cluster cannot change state); surviving the loss of any node needs three master-eligible nodes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from eval.common import REPO, RESULTS
from eval.studies.opensearch_nodes import HOME, SCRIPTS, StepFailed, TwoNodes, free_port, run_step
QUERIES = ("Vì người nghèo", "vi nguoi ngheo", "62-KL/TW", "Kết luận 62", "Mặt trận Tổ quốc", "an sinh xã hội",
           "nhà đại đoàn kết", "kết quả thực hiện", "Ban Thường vụ Đảng ủy", "đổi mới nội dung phương thức")
MODES = ("bm25", "dense", "hybrid")


def wait_health(client, status: str, nodes: int, timeout: float) -> float:
    """Seconds until the cluster reports ``status`` (or better) with ``nodes`` nodes."""
    started = time.perf_counter()
    deadline = started + timeout
    while True:
        try:
            health = client.cluster.health(params={"wait_for_status": status, "wait_for_nodes": str(nodes),
                                                   "timeout": "5s", "request_timeout": 10})
            if not health["timed_out"]:
                return time.perf_counter() - started
        except Exception:  # noqa: BLE001 - a node still electing answers 503: keep asking until the deadline
            pass
        if time.perf_counter() > deadline:
            raise StepFailed(f"step 'wait for {status} with {nodes} nodes' timed out after {timeout:.0f} s")
        time.sleep(0.5)


def start_server(url: str, alias: str, log: Path, keys_dir: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    handle = open(log, "w")
    process = subprocess.Popen(["nice", "-n", "10", sys.executable, "-m", "api", "serve", "--backend", "opensearch",
                                "--url", url, "--alias", alias, "--index", str(keys_dir), "--port", str(port)],
                               cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=handle, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=3).json()["status"] == "ok":
                return process, base
        except (httpx.TransportError, ValueError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise StepFailed(f"step 'tracuu serve --backend opensearch' did not answer: {log.read_text()[-2000:]}")
        time.sleep(0.3)


class Load:
    """THREADS threads searching until stopped; every request's phase, status and latency kept."""

    def __init__(self, base: str, threads: int):
        self.base, self.threads = base, threads
        self.phase = "warm-up"
        self.records: list[tuple[str, int, float, str]] = []  # phase, status, seconds, what failed
        self.health: list[tuple[str, str, int]] = []  # phase, /health status, nodes
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._workers: list[threading.Thread] = []

    def _search(self, worker: int) -> None:
        import httpx

        with httpx.Client(timeout=60) as http:
            i = worker
            while not self._stop.is_set():
                query, mode = QUERIES[i % len(QUERIES)], MODES[(i // len(QUERIES)) % len(MODES)]
                i += self.threads
                phase = self.phase
                started = time.perf_counter()
                try:
                    response = http.get(f"{self.base}/api/search", params={"q": query, "mode": mode, "k": 10})
                    status, failed = response.status_code, "" if response.status_code == 200 else response.text[:300]
                    if status == 200 and not response.json()["results"]:
                        status, failed = -2, f"no results for {query!r} ({mode})"
                except httpx.HTTPError as exc:
                    status, failed = -1, f"{type(exc).__name__}: {exc}"
                with self._lock:
                    self.records.append((phase, status, time.perf_counter() - started, failed))

    def _poll_health(self) -> None:
        import httpx

        with httpx.Client(timeout=10) as http:
            while not self._stop.is_set():
                phase = self.phase  # the phase the poll was sent in (the answer may come after a change)
                try:
                    body = http.get(f"{self.base}/health").json()
                    self.health.append((phase, body["status"], (body.get("cluster") or {}).get("nodes", 0)))
                except (httpx.HTTPError, ValueError) as exc:
                    self.health.append((phase, f"error: {exc}", 0))
                self._stop.wait(0.5)

    def start(self) -> None:
        self._workers = [threading.Thread(target=self._search, args=(w,), daemon=True) for w in range(self.threads)]
        self._workers.append(threading.Thread(target=self._poll_health, daemon=True))
        for worker in self._workers:
            worker.start()

    def stop(self) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(90)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for phase in ("before", "during", "after"):
            times = sorted(t for p, _, t, _ in self.records if p == phase)
            errors = [(s, f) for p, s, _, f in self.records if p == phase and s != 200]
            statuses: dict[str, int] = {}
            for p, status, _ in self.health:
                if p == phase:
                    statuses[status] = statuses.get(status, 0) + 1
            out[phase] = {
                "requests": len(times), "errors": len(errors), "first_errors": errors[:3],
                "p50_ms": round(1000 * statistics.median(times), 1) if times else None,
                "p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1) if times else None,
                "max_ms": round(1000 * times[-1], 1) if times else None, "health": statuses}
        out["requests"] = len(self.records)
        out["errors"] = sum(1 for _, s, _, _ in self.records if s != 200)
        return out


def run(index: Path, work: Path, threads: int = 4, before: float = 10, during: float = 10, after: float = 10,
        heap: str = "512m", progress=print) -> dict[str, Any]:
    from opensearchpy import OpenSearch

    from indexer.store.opensearch.writer import migrate

    run_step("assemble", [str(SCRIPTS / "assemble.sh"), str(HOME)], timeout=1800)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    nodes = TwoNodes(work / "nodes", heap, cluster_name="failover")
    server = None
    figures: dict[str, Any] = {"threads": threads, "heap": heap, "shards": 2, "replicas": 1}
    try:
        for name in ("n1", "n2"):
            progress(nodes.start(name))
        client = OpenSearch([nodes.node_url("n1"), nodes.node_url("n2")], timeout=60, max_retries=3)
        wait_health(client, "green", 2, 180)
        report = migrate(index, client, "failover", shards=2, replicas=1, progress=lambda line: None)
        figures["migrated"] = {"documents": report.documents, "chunks": report.chunks, "vectors": report.vectors}
        wait_health(client, "green", 2, 180)
        (work / "keys").mkdir()
        server, base = start_server(nodes.url, "failover", work / "serve.log", work / "keys")
        manager = client.cat.cluster_manager(params={"format": "json"})[0]["node"]
        victim = "n2" if manager == "n1" else "n1"
        figures.update(cluster_manager=manager, killed=victim)
        load = Load(base, threads)
        load.phase = "warm-up"  # the first searches load the JIT-compiled paths of both nodes: not counted
        load.start()
        time.sleep(5)
        load.phase = "before"
        time.sleep(before)
        load.phase = "during"
        os.kill(nodes.pid(victim), signal.SIGKILL)
        killed_at = time.perf_counter()
        progress(f"killed {victim} (pid {nodes.pid(victim)}); the cluster manager is {manager}")
        time.sleep(during)
        survivor = OpenSearch([nodes.node_url(manager)], timeout=60)
        figures["health_while_down"] = survivor.cluster.health(params={"request_timeout": 10})["status"]
        restarted_at = time.perf_counter()
        progress(nodes.start(victim))
        figures["restart_s"] = round(time.perf_counter() - restarted_at, 1)
        figures["restart_to_green_s"] = round(wait_health(survivor, "green", 2, 300) + figures["restart_s"], 1)
        figures["kill_to_green_s"] = round(time.perf_counter() - killed_at, 1)
        load.phase = "after"
        time.sleep(after)
        load.stop()
        figures.update(load.summary())
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        nodes.stop()
        shutil.rmtree(work / "nodes", ignore_errors=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an embedded index to migrate (e.g. corpus/ indexed)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--before", type=float, default=10, help="seconds of load before the kill")
    parser.add_argument("--during", type=float, default=10, help="seconds between the kill and the restart")
    parser.add_argument("--after", type=float, default=10, help="seconds of load once green again")
    parser.add_argument("--heap", default="512m")
    args = parser.parse_args(argv)
    figures = run(args.index, REPO / ".opensearch" / f"failover-{os.getpid()}", args.threads, args.before, args.during,
                  args.after, args.heap, progress=lambda line: print(line, file=sys.stderr))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "opensearch_failover.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
