"""Extract many files with per-file isolation: each file runs in a forked child with a time
limit, so a file that hangs a parser or crashes the interpreter costs only itself.

A fork copies the caller's page tables: from a caller holding a large heap (a server with its
models, a test run) that costs more than the file (53–146 ms a fork at 1.5 GB). Such a caller's
children fork from a small server process that has imported the readers instead (multiprocessing's
forkserver), which costs ~10 ms a file of its own; a small caller forks directly.
``START_METHOD`` = "fork" or "forkserver" fixes the choice (a test whose children must see a
reader it replaced sets "fork")."""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import NamedTuple

from indexer.extraction.errors import ExtractionError
from indexer.extraction.pipeline import extract_file
from indexer.extraction.loading import MAX_FILE_BYTES
from indexer.extraction.model import ExtractedDocument

DEFAULT_TIMEOUT_S = float(os.environ.get("TRACUU_FILE_TIMEOUT", "300"))
# Address space one file may add to its worker (and the LibreOffice it starts, which needs ~1 GB).
DEFAULT_MEMORY_MB = int(os.environ.get("TRACUU_MAX_MEMORY_MB", "3072"))
Outcome = ExtractedDocument | ExtractionError
START_METHOD = "auto"
FORKSERVER_ABOVE_MB = 512  # the caller's anonymous memory above which its forks cost more than the server's
_PRELOAD = ["indexer.extraction.batch"]  # the readers, imported once in the server


def _anonymous_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def start_method() -> str:
    if START_METHOD != "auto":
        return START_METHOD
    return "forkserver" if _anonymous_mb() > FORKSERVER_ABOVE_MB else "fork"


class BatchResult(NamedTuple):
    path: Path
    outcome: Outcome
    seconds: float  # time spent reading this file, measured in its worker


def _address_space() -> int:
    """What the forked worker already maps: the parent's address space, which may be gigabytes
    (models, thread arenas) and must not count against the file's own allowance."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(path: Path, max_bytes: int, memory_mb: int, conn: Connection) -> None:
    os.setpgrp()  # its own group, so a timeout also stops the LibreOffice it started
    if memory_mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory_mb * 1024 * 1024, resource.RLIM_INFINITY))
    started = time.perf_counter()
    try:
        result: Outcome = extract_file(path, max_bytes=max_bytes)
    except ExtractionError as exc:
        result = exc
    except MemoryError:
        result = ExtractionError("too_large", f"{path.name}: reading it needed more than {memory_mb:,} MB of memory (TRACUU_MAX_MEMORY_MB)")
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised
        result = ExtractionError("corrupt", f"{path.name}: unexpected failure ({type(exc).__name__}: {exc})")
    try:
        conn.send((result, time.perf_counter() - started))
    finally:
        conn.close()


def extract_many(
    paths: Iterable[str | Path],
    jobs: int | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_bytes: int = MAX_FILE_BYTES,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> Iterator[BatchResult]:
    """Yield a BatchResult for every path, in completion order."""
    method = start_method()
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(_PRELOAD)
    pending = [Path(p) for p in paths]
    pending.reverse()
    jobs = max(1, jobs or os.cpu_count() or 1)
    running: dict[Connection, tuple[Path, multiprocessing.Process, float]] = {}
    while pending or running:
        while pending and len(running) < jobs:
            path = pending.pop()
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(path, max_bytes, memory_mb, sender), daemon=True)
            process.start()
            sender.close()
            running[receiver] = (path, process, time.monotonic() + timeout_s)
        now = time.monotonic()
        nearest = min(deadline for _, _, deadline in running.values())
        for conn in wait(list(running), timeout=max(0.0, nearest - now)):
            path, process, deadline = running.pop(conn)
            try:
                outcome, seconds = conn.recv()
            except Exception:  # EOF from a crashed child, or an unreadable result
                process.join(5)
                outcome = ExtractionError("corrupt", f"{path.name}: the reader crashed (exit code {process.exitcode})")
                seconds = time.monotonic() - (deadline - timeout_s)
            conn.close()
            process.join(5)
            yield BatchResult(path, outcome, seconds)
        now = time.monotonic()
        for conn, (path, process, deadline) in list(running.items()):
            if now >= deadline:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.join(5)
                conn.close()
                del running[conn]
                yield BatchResult(path, ExtractionError("timeout", f"{path.name}: extraction took longer than {timeout_s:.0f} s and was stopped"), timeout_s)
