"""Two versions of the code on one index, measured in turn so that both see the same machine load:
a server's cold start, and the BM25 request.

    git archive COMMIT | tar -x -C /tmp/before      # the code to compare with this checkout
    python -m eval.studies.side_by_side cold --index DIR --code /tmp/before --code . [--rounds 3]
    python -m eval.studies.side_by_side bm25 --index DIR --code /tmp/before --code . [--queries 200]

cold: `python -m api serve` from each code folder in turn, the index's files dropped from the page
cache first (posix_fadvise DONTNEED on each file: nothing else's cache is touched); seconds from
the process start until /health answers, the first BM25 search and the first hybrid search.
bm25: one process per code folder over the same index, each real question answered by every
process in turn (order alternating); wall and CPU time of Searcher.search (mode bm25, k = 10,
the scope of a keyless HTTP request) and of Searcher.lexical (100 candidates); the answers are
compared.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

QUERY = "báo cáo kết quả công tác mặt trận tổ quốc"


def drop_from_page_cache(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            descriptor = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(descriptor)


def _get(url: str, timeout: float = 300) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def cold_start(code: Path, index: Path, timeout_s: float = 300) -> dict[str, float]:
    drop_from_page_cache(index)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "api", "serve", "--index", str(index), "--port", str(port)],
                              cwd=code, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                _get(f"{base}/health", 5)
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > timeout_s:
                    raise RuntimeError(f"the server from {code} did not start") from None
                time.sleep(0.05)
        out = {"health_s": time.perf_counter() - started}
        for mode in ("bm25", "hybrid"):
            _get(f"{base}/api/search?" + urllib.parse.urlencode({"q": QUERY, "mode": mode, "k": 10}))
            out[f"first_{mode}_s"] = time.perf_counter() - started
        return out
    finally:
        server.terminate()
        server.wait(30)


def _bm25_worker(code: str, index: str, connection) -> None:
    sys.path.insert(0, code)
    from api.search.searcher import Searcher, SearchRequest
    from indexer.store.reader import IndexReader, ReadScope

    searcher = Searcher(IndexReader(index).view(ReadScope(None, classified=False)))
    while (message := connection.recv()) is not None:
        kind, query = message
        cpu, wall = time.process_time(), time.perf_counter()
        if kind == "search":
            answer = [r.chunk_id for r in searcher.search(SearchRequest(query, mode="bm25", k=10)).results]
        else:
            answer = [item for item, _ in searcher.lexical(query, 100, None)[0]]
        connection.send((time.perf_counter() - wall, time.process_time() - cpu, answer))


def bm25(codes: list[Path], index: Path, queries: int, warmup: int = 5) -> dict:
    from eval.retrieval_speed import data_root, load_queries

    texts = [q["text"] for q in load_queries(data_root(), queries + warmup)]
    context = multiprocessing.get_context("spawn")
    pipes = []
    for code in codes:
        ours, theirs = context.Pipe()
        context.Process(target=_bm25_worker, args=(str(code), str(index), theirs), daemon=True).start()
        pipes.append(ours)
    times = {(i, kind): [] for i in range(len(codes)) for kind in ("search", "lexical")}
    same = 0
    loads = [os.getloadavg()[0]]
    for n, query in enumerate(texts):
        answers = {}
        for kind in ("search", "lexical"):
            order = range(len(codes)) if n % 2 == 0 else reversed(range(len(codes)))
            for i in order:
                pipes[i].send((kind, query))
                wall, cpu, answers[(i, kind)] = pipes[i].recv()
                if n >= warmup:
                    times[(i, kind)].append((wall, cpu))
        same += all(answers[(i, kind)] == answers[(0, kind)] for i in range(len(codes)) for kind in ("search", "lexical"))
        loads.append(os.getloadavg()[0])
    for pipe in pipes:
        pipe.send(None)

    def ms(values: list[float], q: float) -> float:
        values = sorted(values)
        return round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 2)

    return {"queries": queries, "identical_answers": same, "of": len(texts),
            "load_1min": [min(loads), max(loads)],
            "codes": {str(code): {kind: {"p50_ms": ms([w for w, _ in times[(i, kind)]], .5),
                                         "p95_ms": ms([w for w, _ in times[(i, kind)]], .95),
                                         "cpu_p50_ms": ms([c for _, c in times[(i, kind)]], .5)}
                                  for kind in ("search", "lexical")}
                      for i, code in enumerate(codes)}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.studies.side_by_side", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["cold", "bm25"])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--code", type=Path, action="append", required=True, help="a code folder (repeat: two or more)")
    parser.add_argument("--rounds", type=int, default=3, help="cold: starts per code folder")
    parser.add_argument("--queries", type=int, default=200, help="bm25: measured queries (after 5 warm-up)")
    args = parser.parse_args(argv)
    codes = [code.resolve() for code in args.code]
    if args.what == "bm25":
        print(json.dumps(bm25(codes, args.index.resolve(), args.queries), indent=1))
        return 0
    runs: dict[str, list[dict]] = {str(code): [] for code in codes}
    loads = [os.getloadavg()[0]]
    for n in range(args.rounds):
        for code in (codes if n % 2 == 0 else list(reversed(codes))):
            runs[str(code)].append(cold_start(code, args.index.resolve()))
            loads.append(os.getloadavg()[0])
            print(code, {k: round(v, 2) for k, v in runs[str(code)][-1].items()}, f"load {loads[-1]:.1f}", file=sys.stderr)
    summary = {code: {key: round(statistics.median(r[key] for r in found), 2) for key in found[0]} for code, found in runs.items()}
    print(json.dumps({"median_s": summary, "runs": runs, "load_1min": [min(loads), max(loads)]}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
