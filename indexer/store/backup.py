"""Consistent copies of an index taken while it is served and written, and bringing one back.

A snapshot takes the writer lock only while it links files (writers arriving meanwhile wait
for it instead of being refused): a read transaction pins the catalog's committed state, the
manifest and checksums are copied, and the derived parts and uploads are hard-linked into a
staging folder inside the index (tantivy's segment files and vectors.faiss are never changed
in place, only replaced, so a link keeps this state's bytes). No writer runs while the lock is
held, so the pinned catalog and the linked parts are one committed state. After the lock is
released the catalog is copied from the pinned state with SQLite's online backup API, and the
linked files are copied beside it, while writers go on.

    <backup>/backup.json   when, from where, what it holds, and every file's size and sha256
    <backup>/…             manifest.json, catalog.sqlite (one file, no WAL), lexical/,
                           vectors.faiss, checksums.json, uploads/, [embeddings.sqlite and
                           embeddings.<dim>.rows: asked for, or always for a compact vector index]

A backup is written under a temporary name and renamed when complete and checked. Restoring
checks every file against backup.json, assembles the index beside the target, and swaps it in
(atomically where the kernel can exchange two names) under the target's writer lock.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from indexer.store import catalog as cat
from indexer.store import integrity
from indexer.store.check import CheckReport, catalog_reads, examine, verify_catalog_file
from indexer.store.embedding_cache import EmbeddingCache, cache_files
from indexer.store.vector_file import is_compact
from indexer.store.layout import IndexProblem, Layout, snapshot_lock, writer_lock

BACKUP_FORMAT = 1
BACKUP_FILE = "backup.json"
STAGING_PREFIX = ".snapshot-"


class BackupProblem(IndexProblem):
    """A backup that cannot be taken, or restored, as asked."""


@dataclass
class Snapshot:
    layout: Layout  # the staging folder: manifest, checksums, lexical/, vectors.faiss, uploads/ (no catalog)
    catalog: sqlite3.Connection  # read transaction pinned on the state the staging folder matches
    documents: int
    chunks: int


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links: copy (under the lock, so slower)
        shutil.copy2(source, target)


def _remove_stale_staging(layout: Layout) -> None:
    for folder in layout.root.glob(STAGING_PREFIX + "*"):
        pid = folder.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def snapshot(layout: Layout, wait_s: float = 600.0) -> Iterator[Snapshot]:
    """One committed state of the index, held without blocking writers for longer than linking
    its files takes (waiting up to ``wait_s`` for a writer that holds the lock to finish)."""
    layout.read_manifest()
    _remove_stale_staging(layout)
    staging = layout.root / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    connection = None
    try:
        with snapshot_lock(layout, wait_s):
            verify_catalog_file(layout)
            with catalog_reads(layout):
                connection = cat.connect(layout.catalog, readonly=True)
                connection.execute("BEGIN")
                documents = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
                chunks = connection.execute("SELECT count(*) FROM chunks").fetchone()[0]
            staging.mkdir()
            for name in ("manifest.json", "checksums.json"):
                if (layout.root / name).is_file():
                    shutil.copy2(layout.root / name, staging / name)
            if (layout.lexical / "meta.json").is_file():
                (staging / "lexical").mkdir()
                for name in ("meta.json", ".managed.json"):  # small, and rewritten in place by tantivy
                    if (layout.lexical / name).is_file():
                        shutil.copy2(layout.lexical / name, staging / "lexical" / name)
                for name in integrity.committed_lexical_files(layout.lexical):
                    _link(layout.lexical / name, staging / "lexical" / name)
            for vector_file in (layout.vectors, layout.recent_vectors):
                if vector_file.is_file():
                    _link(vector_file, staging / vector_file.name)
            if layout.uploads.is_dir():
                (staging / "uploads").mkdir()
                for path in layout.uploads.iterdir():
                    if path.is_file():
                        _link(path, staging / "uploads" / path.name)
        yield Snapshot(Layout(staging), connection, documents, chunks)
    finally:
        if connection is not None:
            connection.close()
        shutil.rmtree(staging, ignore_errors=True)


def _files(root: Path) -> dict[str, dict]:
    """Every file under ``root`` (relative path → size, sha256), backup.json aside."""
    out = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative == BACKUP_FILE:
            continue
        size, sha = integrity.digest(path)
        out[relative] = {"size": size, "sha256": sha}
    return out


def _fsync_tree(root: Path) -> None:
    for path in [*sorted(root.rglob("*")), root]:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _empty_or_absent(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


@dataclass
class BackupResult:
    target: Path
    documents: int
    chunks: int
    files: int
    bytes: int
    check: CheckReport  # of the copy


def backup(index_dir: Path, target: Path, wait_s: float = 600.0, embedding_cache: bool = False) -> BackupResult:
    """Copy the index at ``index_dir`` to the new folder ``target`` as one committed state."""
    layout = Layout(Path(index_dir))
    target = Path(target)
    if not _empty_or_absent(target):
        raise BackupProblem(f"{target} exists and is not empty: give a new folder for the backup")
    if target.resolve().is_relative_to(layout.root.resolve()):
        raise BackupProblem(f"{target} is inside the index {layout.root}: put the backup elsewhere")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.parent / f".{target.name}.partial-{secrets.token_hex(4)}"
    partial.mkdir()
    try:
        with snapshot(layout, wait_s) as snap:
            copy = sqlite3.connect(partial / "catalog.sqlite")
            try:
                snap.catalog.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                copy.close()
            for path in sorted(snap.layout.root.rglob("*")):
                destination = partial / path.relative_to(snap.layout.root)
                if path.is_dir():
                    destination.mkdir(exist_ok=True)
                else:
                    shutil.copy2(path, destination)
            documents, chunks = snap.documents, snap.chunks
        # a compact vector index rescores from the cache's rows: without them it cannot serve
        if (embedding_cache or is_compact(partial / layout.vectors.name)) and layout.embedding_cache.is_file():
            with EmbeddingCache(layout.embedding_cache) as cache:
                cache.copy_to(partial / layout.embedding_cache.name)
        report = examine(Layout(partial), root=layout.root)
        files = _files(partial)
        (partial / BACKUP_FILE).write_text(json.dumps({
            "format": BACKUP_FORMAT, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "source": str(layout.root.resolve()), "documents": documents, "chunks": chunks,
            "damaged": report.damaged, "files": files}, ensure_ascii=False, indent=1), encoding="utf-8")
        _fsync_tree(partial)
        if target.exists():
            target.rmdir()
        os.rename(partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupResult(target, documents, chunks, len(files), sum(f["size"] for f in files.values()), report)


# --- restore ----------------------------------------------------------------------------------


def read_backup(folder: Path) -> dict:
    """backup.json of ``folder``, after checking every file it lists (BackupProblem if any differs)."""
    folder = Path(folder)
    try:
        description = json.loads((folder / BACKUP_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupProblem(f"{folder} is not a tracuu backup (no {BACKUP_FILE}; make one with `tracuu backup`)") from None
    except ValueError as exc:
        raise BackupProblem(f"{folder / BACKUP_FILE} is unreadable ({exc})") from None
    if description.get("format") != BACKUP_FORMAT:
        raise BackupProblem(f"{folder} is a backup of format {description.get('format')}; this tracuu reads {BACKUP_FORMAT}")
    problems = []
    for relative, entry in description["files"].items():
        path = folder / relative
        if not path.is_file():
            problems.append(f"{relative} is missing")
            continue
        size, sha = integrity.digest(path)
        if (size, sha) != (entry["size"], entry["sha256"]):
            problems.append(f"{relative} differs from the backup's record" if size == entry["size"]
                            else f"{relative} is {size:,} bytes, {entry['size']:,} when backed up")
    if problems:
        raise BackupProblem(f"the backup at {folder} is damaged: {'; '.join(problems[:5])}")
    return description


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the kernel or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(first))


def _move_uploads(catalog_path: Path, old: str, new: str) -> int:
    """Point the catalog's stored uploads at their new folder (paths are absolute)."""
    if old == new:
        return 0
    connection = cat.connect(catalog_path)
    try:
        with cat.transaction(connection):
            moved = 0
            for table in ("paths", "uploads", "failures"):
                moved += connection.execute(
                    f"UPDATE {table} SET path = ? || substr(path, ?) WHERE substr(path, 1, ?) = ?",
                    (new, len(old) + 1, len(old), old)).rowcount
        cat.checkpoint(connection)
    finally:
        connection.close()
    return moved


@dataclass
class RestoreResult:
    target: Path
    documents: int
    chunks: int
    replaced: bool  # an index was there before
    kept_cache: bool  # the replaced index's embedding cache was kept
    check: CheckReport


def restore(folder: Path, index_dir: Path, force: bool = False, wait_s: float = 600.0) -> RestoreResult:
    """Bring the backup in ``folder`` back as the index at ``index_dir``."""
    folder, target = Path(folder), Path(index_dir)
    description = read_backup(folder)
    if not _empty_or_absent(target) and not force:
        raise BackupProblem(f"{target} is not empty: restoring would replace it; add --force to replace it")
    if target.exists() and not target.is_dir():
        raise BackupProblem(f"{target} is a file, not an index folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.restore-{secrets.token_hex(4)}"
    try:
        shutil.copytree(folder, staging, ignore=lambda directory, names: [BACKUP_FILE] if Path(directory) == folder else [])
        _move_uploads(staging / "catalog.sqlite", str(Path(description["source"]) / "uploads"),
                      str(target.resolve() / "uploads"))
        report = examine(Layout(staging), root=target)
        if report.damaged_parts() & {"catalog", "manifest"}:
            raise BackupProblem(f"the backup at {folder} does not hold a usable index: "
                                + "; ".join(f"{f.part}: {f.problem}" for f in report.findings if f.damage))
        replaced, kept_cache = _swap_in(staging, target, wait_s)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return RestoreResult(target, description["documents"], description["chunks"], replaced, kept_cache, report)


def _swap_in(staging: Path, target: Path, wait_s: float) -> tuple[bool, bool]:
    """Put ``staging`` at ``target``; an index there is replaced under its writer lock."""
    if not target.exists():
        os.rename(staging, target)
        return False, False
    if not any(target.iterdir()):
        target.rmdir()
        os.rename(staging, target)
        return False, False
    old = Layout(target)
    kept_cache = False
    with writer_lock(old, wait_s=wait_s):
        new = Layout(staging)
        if old.embedding_cache.is_file() and not new.embedding_cache.exists():
            for source in cache_files(old.embedding_cache):  # a cache: its vectors are still right for these texts
                os.replace(source, new.root / source.name)
            kept_cache = True
        if not _exchange(staging, target):
            aside = target.parent / f".{target.name}.replaced-{secrets.token_hex(4)}"
            os.rename(target, aside)
            os.rename(staging, target)
            staging = aside
    shutil.rmtree(staging, ignore_errors=True)  # after the swap it holds the replaced index
    return True, kept_cache
