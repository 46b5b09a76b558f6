"""Extract many files with per-file isolation: each file runs in a forked child with a time
limit, so a file that hangs a parser or crashes the interpreter costs only itself."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path

from indexer.errors import ExtractionError
from indexer.extract import extract_file
from indexer.loading import MAX_FILE_BYTES
from indexer.model import ExtractedDocument

DEFAULT_TIMEOUT_S = float(os.environ.get("TRACUU_FILE_TIMEOUT", "300"))
Outcome = ExtractedDocument | ExtractionError


def _child(path: Path, max_bytes: int, conn: Connection) -> None:
    os.setpgrp()  # its own group, so a timeout also stops the LibreOffice it started
    try:
        result: Outcome = extract_file(path, max_bytes=max_bytes)
    except ExtractionError as exc:
        result = exc
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised
        result = ExtractionError("corrupt", f"{path.name}: unexpected failure ({type(exc).__name__}: {exc})")
    try:
        conn.send(result)
    finally:
        conn.close()


def extract_many(
    paths: Iterable[str | Path],
    jobs: int | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_bytes: int = MAX_FILE_BYTES,
) -> Iterator[tuple[Path, Outcome]]:
    """Yield (path, document or error) for every path, in completion order."""
    context = multiprocessing.get_context("fork")
    pending = [Path(p) for p in paths]
    pending.reverse()
    jobs = max(1, jobs or os.cpu_count() or 1)
    running: dict[Connection, tuple[Path, multiprocessing.Process, float]] = {}
    while pending or running:
        while pending and len(running) < jobs:
            path = pending.pop()
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(path, max_bytes, sender), daemon=True)
            process.start()
            sender.close()
            running[receiver] = (path, process, time.monotonic() + timeout_s)
        now = time.monotonic()
        nearest = min(deadline for _, _, deadline in running.values())
        for conn in wait(list(running), timeout=max(0.0, nearest - now)):
            path, process, _ = running.pop(conn)
            try:
                outcome: Outcome = conn.recv()
            except (EOFError, OSError):
                process.join(5)
                outcome = ExtractionError("corrupt", f"{path.name}: the reader crashed (exit code {process.exitcode})")
            conn.close()
            process.join(5)
            yield path, outcome
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
                yield path, ExtractionError("timeout", f"{path.name}: extraction took longer than {timeout_s:.0f} s and was stopped")
