"""The index a server answers from, and its one writer.

Reads: every request gets a view of the current reader (its own SQLite connection, sharing the
loaded searchers and embedder). Writes run one at a time in a spawned child process, so the
server's threads keep answering from the last committed state while a file is read, chunked
and embedded, and indexing never competes with searches for the interpreter lock. After a
write commits, a fresh reader is opened beside the old one and swapped in; requests still
holding the old one finish on it. Commits by other processes (`tracuu index`) are noticed by
polling the catalog's data version.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from indexer.store.layout import DiskFull, IndexDamaged, IndexProblem, IndexMismatch, Layout
from indexer.store.reader import IndexReader, verify_lexical_contents


UPLOAD_FOLDER_PREFIX = ".incoming-"  # where a request's uploaded bytes wait, inside the index directory
# A lexical index up to this size is hashed before the first answer; a larger one (550 MB at 1M
# chunks: seconds of a cold start) beside the first answers (docs/decisions.md).
VERIFY_BEFORE_SERVING_BYTES = 64 * 1024 * 1024


class WriteFailed(Exception):
    """A write job raised in its process; the message is its own."""


def _run_job(function: Callable, args: tuple, connection) -> None:
    try:
        outcome = ("ok", function(*args))
    except DiskFull as exc:
        outcome = ("disk-full", exc.part, str(exc.path), exc.doing)
    except IndexDamaged as exc:
        outcome = ("damaged", exc.part, str(exc))
    except IndexProblem as exc:  # the lock is held by another writer, or the index cannot take this
        outcome = ("index", str(exc))
    except BaseException as exc:  # noqa: BLE001 - reported to the server, never raised here
        outcome = ("error", f"{type(exc).__name__}: {exc}")
    connection.send(outcome)
    connection.close()


def _in_child_process(function: Callable, args: tuple, started: Callable = lambda process: None) -> Any:
    context = multiprocessing.get_context("spawn")  # the server is threaded: fork is not safe
    receiver, sender = context.Pipe(duplex=False)
    # not a daemon: it forks its own readers (extract_many); a write in progress is let finish at exit
    process = context.Process(target=_run_job, args=(function, args, sender))
    process.start()
    started(process)
    sender.close()
    try:
        kind, *rest = receiver.recv()
    except EOFError:
        process.join()
        raise WriteFailed(f"the indexing process stopped (exit code {process.exitcode})") from None
    finally:
        receiver.close()
    process.join()
    if kind == "disk-full":
        raise DiskFull(rest[0], Path(rest[1]), rest[2])
    if kind == "damaged":
        raise IndexDamaged(rest[0], rest[1])
    if kind == "index":
        raise IndexMismatch(rest[0])
    if kind == "error":
        raise WriteFailed(rest[0])
    return rest[0]


class ServedIndex:
    def __init__(self, root: Path, embed_after_writes: bool = True):
        self.root = Path(root)
        self.embed_after_writes = embed_after_writes
        self._reader: IndexReader | None = None
        self._opening = threading.Lock()
        self._writer = asyncio.Lock()  # writes are serialised; reads never wait for it
        self._refreshing = asyncio.Lock()
        self._background: set[asyncio.Task] = set()
        self._embedding = None  # the process embedding after the last write, while it runs
        self._writes_waiting = 0
        self.writes_done = 0
        self.damage: IndexDamaged | None = None  # what the last opening found damaged, until one succeeds
        self._identity: tuple[int, int] | None = None  # the catalog file the reader opened (a restore replaces it)
        self.verify_before_serving_bytes = VERIFY_BEFORE_SERVING_BYTES
        self.contents_verified = threading.Event()  # the first reader's lexical files hashed (whole or not)

    @property
    def layout(self) -> Layout:
        return Layout(self.root)

    def discard_unfinished_uploads(self) -> None:
        """Folders of uploads a stopped server was receiving (never indexed: nothing else refers to them)."""
        for folder in self.root.glob(UPLOAD_FOLDER_PREFIX + "*"):
            shutil.rmtree(folder, ignore_errors=True)

    def reader(self) -> IndexReader:
        """The current reader (opened on first use); raises IndexMissing while there is no index.

        The first opening of a large index checks the lexical files' sizes and leaves hashing
        them to a thread, so that the server answers meanwhile; if a file differs, the reader
        is dropped and every later opening hashes before serving (the damage is then refused
        and reported as if found on opening)."""
        if self._reader is None:
            with self._opening:
                if self._reader is None:
                    later = not self.contents_verified.is_set() and _lexical_bytes(self.layout) > self.verify_before_serving_bytes
                    try:
                        self._reader = self._open(lambda: IndexReader(self.root, verify_contents=not later))
                    finally:
                        if not later:
                            self.contents_verified.set()
                    if later:
                        threading.Thread(target=self._verify_contents, args=(self._reader,), daemon=True,
                                         name="tracuu-verify").start()
        return self._reader

    def _verify_contents(self, reader: IndexReader) -> None:
        try:
            verify_lexical_contents(self.root)
        except IndexDamaged as exc:
            with self._opening:
                self.damage = exc
                if self._reader is reader:
                    self._reader = None  # the next request opens again, hashing: refused, 503
        except OSError:
            pass  # the index went away (a restore): the next opening checks what replaced it
        finally:
            self.contents_verified.set()

    def _open(self, opener: Callable[[], IndexReader]) -> IndexReader:
        identity = _identity(self.layout)
        try:
            reader = _ready(opener())
        except IndexDamaged as exc:
            self.damage = exc
            raise
        self.damage = None
        self._identity = identity
        return reader

    @property
    def writing(self) -> bool:
        return self._writer.locked()

    async def refresh(self) -> None:
        """Open the committed state beside the current reader, then swap it in."""
        async with self._refreshing:
            old = self._reader
            try:
                fresh = await asyncio.to_thread(self._open, lambda: old.reopen() if old else IndexReader(self.root))
            except IndexProblem:
                # still no index (a first upload that failed), or a damaged part: requests go on
                # with the state opened before (whole, not partial) and /health reports the damage
                return
            self._reader = fresh
            if old is not None:
                old.close()  # views opened from it have connections of their own

    async def refresh_if_changed(self) -> None:
        reader = self._reader
        if reader is None:
            if self.layout.exists():
                await self.refresh()
        elif _identity(self.layout) != self._identity or await asyncio.to_thread(reader.changed):
            await self.refresh()

    async def write(self, function: Callable, *args) -> Any:
        """Run ``function(*args)`` in the writer process (after any write before it), refresh the
        reader, then embed what it added in the background. A write does not wait behind that
        embedding: it stops it (embedding is resumable, and killing it anywhere is safe)."""
        self._writes_waiting += 1
        if self._embedding is not None and self._embedding.is_alive():
            self._embedding.kill()
        try:
            async with self._writer:
                result = await asyncio.to_thread(_in_child_process, function, args)
                self.writes_done += 1
        finally:
            self._writes_waiting -= 1
        await self.refresh()
        if self.embed_after_writes:
            task = asyncio.create_task(self._embed())
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        return result

    async def _embed(self) -> None:
        from indexer.update import embed_index

        async with self._writer:
            if self._writes_waiting:
                return  # a write is queued: it goes first and embeds after itself
            try:
                await asyncio.to_thread(_in_child_process, embed_index, (self.root,), self._started_embedding)
            except (IndexProblem, WriteFailed):
                return  # stopped for a write (which embeds again after), or `tracuu embed` finishes it
            finally:
                self._embedding = None
        await self.refresh()

    def _started_embedding(self, process) -> None:
        self._embedding = process

    async def close(self) -> None:
        if self._embedding is not None and self._embedding.is_alive():
            self._embedding.kill()  # resumable: the next write or `tracuu embed` finishes it
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*list(self._background), return_exceptions=True)
        if self._reader is not None:
            self._reader.close()


def _lexical_bytes(layout: Layout) -> int:
    try:
        return sum(entry.stat().st_size for entry in layout.lexical.iterdir())
    except OSError:
        return 0


def _identity(layout: Layout) -> tuple[int, int] | None:
    try:
        stat = layout.catalog.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _ready(reader: IndexReader) -> IndexReader:
    """Load what every request would otherwise load on first use: counts now, and the query
    embedder (seconds) in a thread when there are vectors, so that keyword searches answer
    meanwhile; a dense or hybrid search waits for that load (the views share it), and one that
    fails is raised to the searches that need it."""
    counts = reader.counts()
    if counts["embedded"]:
        threading.Thread(target=_load_embedder, args=(reader,), daemon=True, name="tracuu-embedder").start()
    return reader


def _load_embedder(reader: IndexReader) -> None:
    try:
        reader.embedder
    except Exception:  # noqa: BLE001 - raised again to each search that needs it
        pass
