"""Read-only access to an index, for api/: catalog rows, lexical and vector searchers.

Opening checks the manifest (format version) and never writes; a reader sees the last
committed state of each part, so it can be used while `tracuu index` runs.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from indexer.analysis import ANALYZER_VERSION
from indexer.store import catalog
from indexer.store.catalog import CHUNK_TEXT, CHUNKS_WITH_DOCUMENTS, placeholders
from indexer.store.layout import IndexMismatch, Layout, Manifest, rebuild_hint
from indexer.store.lexical import LexicalSearcher
from indexer.store.vectors import VectorSearcher


@dataclass
class ChunkRow:
    chunk_id: int
    doc_id: int
    section_path: list[str]
    start: int
    end: int
    page_start: int | None
    page_end: int | None
    text: str


@dataclass
class SectionRow:
    doc_id: int
    ordinal: int
    heading: str
    level: int
    kind: str
    path: list[str]
    start: int  # the heading's start; ``end`` includes the subsections
    end: int
    page_start: int | None
    page_end: int | None


class IndexReader:
    def __init__(self, root: str | Path):
        self.layout = Layout(Path(root))
        self.manifest: Manifest = self.layout.read_manifest()
        if self.manifest.analyzer != ANALYZER_VERSION:
            raise IndexMismatch(
                f"the index at {self.layout.root} was built with analyzer {self.manifest.analyzer}, this tracuu "
                f"uses {ANALYZER_VERSION}: {rebuild_hint(self.layout.root)}")
        self.catalog: sqlite3.Connection = catalog.connect(self.layout.catalog, readonly=True)
        self.lexical = LexicalSearcher(self.layout.lexical)
        self.vectors = VectorSearcher(self.layout.vectors)
        self._counts: dict[str, int] | None = None

    @cached_property
    def embedder(self):
        from indexer.embedding import load_embedder

        embedder = load_embedder(self.manifest.embedder)
        if embedder.name != self.manifest.embedder_name or embedder.dim != self.manifest.dim:
            raise IndexMismatch(
                f"the index at {self.layout.root} holds vectors of {self.manifest.embedder_name} ({self.manifest.dim} "
                f"dimensions) but `{self.manifest.embedder}` now loads {embedder.name} ({embedder.dim}): "
                f"{rebuild_hint(self.layout.root)}")
        return embedder

    def counts(self) -> dict[str, int]:
        """Documents and chunks, and how many are embedded / lexically indexed, as of opening
        (a full scan at 100k chunks costs ~14 ms, too much to repeat on every request)."""
        if self._counts is None:
            self._counts = self._count()
        return self._counts

    def refresh(self) -> None:
        """See what writers have committed since opening (for long-lived readers)."""
        self._counts = None
        self.lexical = LexicalSearcher(self.layout.lexical)
        self.vectors = VectorSearcher(self.layout.vectors)

    def _count(self) -> dict[str, int]:
        row = self.catalog.execute(
            "SELECT (SELECT count(*) FROM documents), count(*), coalesce(sum(embedded), 0), coalesce(sum(lexical), 0) FROM chunks").fetchone()
        return {"documents": row[0], "chunks": row[1], "embedded": row[2], "lexical": row[3]}

    def chunk_documents(self, ids: list[int]) -> dict[int, int]:
        """chunk id → document id (cheap: no text)."""
        rows = self.catalog.execute(f"SELECT id, doc_id FROM chunks WHERE id IN ({placeholders(ids)})", ids)
        return dict(rows.fetchall())

    def chunks(self, ids: list[int]) -> dict[int, ChunkRow]:
        rows = self.catalog.execute(
            f'SELECT c.id, c.doc_id, c.section_path, c.start, c."end", c.page_start, c.page_end, {CHUNK_TEXT} '
            f"FROM {CHUNKS_WITH_DOCUMENTS} WHERE c.id IN ({placeholders(ids)})", ids)
        return {r[0]: ChunkRow(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5], r[6], r[7]) for r in rows}

    def documents(self, ids: list[int]) -> dict[int, sqlite3.Row]:
        rows = self.catalog.execute(
            f"SELECT id, title, unit, doc_type, number, place, date, year, signer, signer_position, level, format, "
            f"(SELECT json_group_array(path) FROM (SELECT path FROM paths p WHERE p.doc_id = documents.id ORDER BY path)) AS paths "
            f"FROM documents WHERE id IN ({placeholders(ids)})", ids)
        return {r["id"]: r for r in rows}

    def document_texts(self, ids: list[int]) -> dict[int, str]:
        rows = self.catalog.execute(f"SELECT id, text FROM documents WHERE id IN ({placeholders(ids)})", ids)
        return dict(rows.fetchall())

    def chunk_spans(self, ids: list[int]) -> dict[int, list[tuple[int, int, int]]]:
        """Each document's chunks as (chunk id, start, end), in reading order."""
        out: dict[int, list[tuple[int, int, int]]] = {i: [] for i in ids}
        rows = self.catalog.execute(
            f'SELECT doc_id, id, start, "end" FROM chunks WHERE doc_id IN ({placeholders(ids)}) ORDER BY doc_id, start', ids)
        for doc_id, chunk_id, start, end in rows:
            out[doc_id].append((chunk_id, start, end))
        return out

    def sections(self, ids: list[int]) -> dict[int, list[SectionRow]]:
        """Each document's sections in reading order."""
        out: dict[int, list[SectionRow]] = {i: [] for i in ids}
        rows = self.catalog.execute(
            f'SELECT doc_id, ordinal, heading, level, kind, path, start, "end", page_start, page_end FROM sections '
            f"WHERE doc_id IN ({placeholders(ids)}) ORDER BY doc_id, ordinal", ids)
        for r in rows:
            out[r[0]].append(SectionRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], r[8], r[9]))
        return out

    def close(self) -> None:
        self.catalog.close()


def open_reader(root: str | Path) -> IndexReader:
    return IndexReader(root)
