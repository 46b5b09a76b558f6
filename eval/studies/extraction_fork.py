"""What the batch runner's start method costs when the caller holds a large heap, side by side:

    python -m eval.studies.extraction_fork [--heap-millions 10] [--files 40] [--rounds 2]

The caller builds a heap of small Python objects (10 million pairs ≈ 1.5 GB, about what a test
run or a server holding models keeps), then reads the same corpus files through ``extract_many``
forking each worker from itself (``fork``), from the reader server (``forkserver``) and as
the runner chooses by the caller's size (``auto``), alternating, ``--rounds`` times each; then the same with no heap. Wall seconds per run, and
the bare cost of one fork at that heap size. Results: eval/results/extraction_fork.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from eval.common import REPO, RESULTS


def _one_fork_ms(repeats: int = 10) -> float:
    started = time.perf_counter()
    for _ in range(repeats):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    return (time.perf_counter() - started) / repeats * 1000


def _read(files, method: str) -> float:
    from indexer.extraction import batch

    batch.START_METHOD = method
    started = time.perf_counter()
    results = list(batch.extract_many(files, jobs=2))
    assert len(results) == len(files)
    return time.perf_counter() - started


def run(heap_millions: float, files: int, rounds: int) -> dict:
    corpus = sorted((REPO / "corpus").glob("*.txt"))
    chosen = [corpus[i % len(corpus)] for i in range(files)]
    report: dict = {"files": files, "rounds": rounds}
    for label, size in (("large heap", int(heap_millions * 1_000_000)), ("small heap", 0)):
        heap = [(i, str(i)) for i in range(size)]
        runs: dict[str, list[float]] = {"fork": [], "forkserver": [], "auto": []}
        for _ in range(rounds):
            for method in runs:
                runs[method].append(round(_read(chosen, method), 2))
        report[label] = {"objects": len(heap), "one fork ms": round(_one_fork_ms(), 1), "seconds": runs}
        del heap
    return report


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.studies.extraction_fork", description=__doc__.splitlines()[0])
    parser.add_argument("--heap-millions", type=float, default=10)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    report = run(args.heap_millions, args.files, args.rounds)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extraction_fork.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
