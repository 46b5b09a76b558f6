"""Index in-memory records (id, title, text) — a dataset's corpus — through the real pipeline.

    records → extract_text (repair, sections, metadata) → chunk → catalog → lexical sync → embedding

Each record is a document whose path is its id, so a search result's ``paths`` name the
records it stands for. Records with the same title and text are one document with all their
ids as paths (as duplicate files are). Re-running with the same records does nothing; changed
records are replaced and, with ``prune``, ids no longer given are removed; an interrupted run
is finished by the next one (the catalog is written one record at a time).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer.extraction.errors import ExtractionError
from indexer.extraction.pipeline import extract_text
from indexer.store import catalog as cat
from indexer.store import lexical
from indexer.store.layout import Layout
from indexer.update import (Progress, IndexSettings, UpdateReport, finish_update, insert_document, open_for_update,
                            writer_lock)

_LEXICAL_SYNC_EVERY = 2000  # records between lexical commits, so search can start early


@dataclass(frozen=True)
class Record:
    id: str
    title: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(f"{self.title}\x00{self.text}".encode("utf-8")).hexdigest()


def index_records(records: Iterable[Record], index_dir: str | Path, settings: IndexSettings | None = None,
                  prune: bool = False, progress: Progress | None = None) -> UpdateReport:
    settings = settings or IndexSettings()
    progress = progress or Progress()
    layout = Layout(Path(index_dir))
    report = UpdateReport()
    started = time.monotonic()
    records = list(records)
    with writer_lock(layout):
        manifest, embedder = open_for_update(layout, settings, rebuild=False)
        settings.embedder = manifest.embedder
        connection = cat.connect(layout.catalog)
        text_index = lexical.open_index(layout.lexical, create=True)
        try:
            known = cat.path_hashes(connection)
            progress.start("records", len(records))
            for number, record in enumerate(records, 1):
                _store(connection, record, known, settings, report)
                progress.advance("records")
                if number % _LEXICAL_SYNC_EVERY == 0:
                    lexical.sync(text_index, connection)
            progress.finish("records")
            if prune:
                given = {r.id for r in records}
                with cat.transaction(connection):
                    cat.forget_paths(connection, [p for p in known if p not in given])
                    report.removed = cat.drop_orphans(connection)
            finish_update(layout, connection, text_index, settings, embedder, report, progress)
        finally:
            connection.close()
    report.seconds = time.monotonic() - started
    return report


def _store(connection, record: Record, known: dict[str, str], settings: IndexSettings, report: UpdateReport) -> None:
    report.seen += 1
    sha = record.sha256
    if known.get(record.id) == sha:
        report.unchanged += 1
        return
    size = len(record.text.encode("utf-8"))
    existing = cat.document_with_hash(connection, sha)
    if existing is not None:
        report.duplicates += 1
        with cat.transaction(connection):
            cat.set_path(connection, record.id, existing, size, 0)
        known[record.id] = sha
        return
    try:
        document = extract_text(record.text, record.id, record.title)
    except ExtractionError as error:
        report.failed.append((record.id, error.code, f"record {record.id}: {error.message}"))
        return
    with cat.transaction(connection):
        doc_id, chunks = insert_document(connection, document, sha, settings)
        cat.set_path(connection, record.id, doc_id, size, 0)
    report.chunks_added += chunks
    report.changed += record.id in known
    report.added += record.id not in known
    known[record.id] = sha
