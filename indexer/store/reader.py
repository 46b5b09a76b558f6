"""Read-only access to an index, for api/: catalog rows, lexical and vector searchers.

Opening checks the manifest (format version) and never writes; a reader sees the last
committed state of each part, so it can be used while `tracuu index` runs. Its catalog
connection sees only published documents, those whose chunks are all in the lexical index
(``catalog.connect_reader``): catalog and keyword search never disagree about what exists.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.analysis import ANALYZER_VERSION
from indexer.store import catalog
from indexer.store.catalog import CHUNK_TEXT, CHUNKS_WITH_DOCUMENTS, placeholders
from indexer.store.layout import IndexMismatch, Layout, Manifest, rebuild_hint
from indexer.store import check
from indexer.store.check import catalog_reads, open_searchers, verify_catalog_file


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


@dataclass
class DocumentFile:
    path: str
    name: str  # what to call it when handing it out: the uploader's name, else the file's own
    uploaded: bool  # stored by this index (under uploads/) rather than indexed where it lies


@dataclass
class DocumentRecord:
    id: int
    title: str | None
    unit: str | None
    doc_type: str | None
    number: str | None
    place: str | None
    date: str | None
    year: int | None
    signer: str | None
    signer_position: str | None
    level: str | None
    format: str
    encodings: list[str]
    metadata: dict  # every extracted field with its span (the `tracuu extract --json` form)
    pages: list[list[int]]  # [page, start, end]
    warnings: list[str]
    indexed_at: str
    chunks: int
    text: str
    sections: list[SectionRow] = field(default_factory=list)
    files: list[DocumentFile] = field(default_factory=list)


@dataclass
class DocumentConditions:
    """Which documents a filter keeps, with every value already folded by the caller (the fold
    function given to ``documents_where`` folds the column values the same way)."""

    words_in: dict[str, list[str]] = field(default_factory=dict)  # column → words each present as a whole word
    equal: dict[str, str] = field(default_factory=dict)  # column → the whole folded value
    date_from: str | None = None  # ISO bounds, inclusive
    date_to: str | None = None
    doc_ids: list[int] = field(default_factory=list)
    path_contains: str | None = None  # a substring of any of the document's paths


FILTER_COLUMNS = ("unit", "place", "doc_type", "level")


@dataclass(frozen=True)
class ReadScope:
    """What a reader may see: the documents with a path in one of ``collections`` (None: in any
    collection), classified ones (a "MẬT" stamp, "lưu hành nội bộ") only when ``classified``.
    A scoped reader answers as if nothing else were in the index: lists, counts, facets, texts."""

    collections: frozenset[str] | None = None
    classified: bool = True

    @property
    def unrestricted(self) -> bool:
        return self.collections is None and self.classified


EVERYTHING = ReadScope()


# Summary columns of a document (no text), with its paths as a JSON list.
_SUMMARY = ("id, title, unit, doc_type, number, place, date, year, signer, signer_position, level, format, "
            "(SELECT json_group_array(path) FROM (SELECT path FROM paths p WHERE p.doc_id = documents.id ORDER BY path)) AS paths")
FACET_COLUMNS = ("unit", "doc_type", "year", "level", "place", "format")
# What counts() returns for the whole index, from the tables (main.*, not the reader's published
# views) through small indexes only: all rows, less those of hidden documents (the partial index
# of visible = 0), less the chunks still to embed or index (partial indexes too). Counting
# through the views read every document's row to its last column, past its text: the whole
# catalog (2 s of a cold start at 1M chunks).
_HIDDEN_WHERE = "visible = 0"
_HIDDEN = f"SELECT id FROM main.documents WHERE {_HIDDEN_WHERE}"
_PUBLISHED_COUNTS = f"""
SELECT (SELECT count(*) FROM main.documents) - (SELECT count(*) FROM main.documents WHERE visible = 0),
       chunks, chunks - (SELECT count(*) FROM main.chunks WHERE embedded = 0 AND doc_id NOT IN ({_HIDDEN})),
       chunks - (SELECT count(*) FROM main.chunks WHERE lexical = 0 AND doc_id NOT IN ({_HIDDEN}))
FROM (SELECT (SELECT count(*) FROM main.chunks) - (SELECT count(*) FROM main.chunks WHERE doc_id IN ({_HIDDEN})) AS chunks)
"""
# Restricting a query to some documents: their ids as one JSON parameter (no limit on how many).
_IN_IDS = "id IN (SELECT value FROM json_each(?))"


def _check_facets(columns: tuple[str, ...]) -> None:
    """Only facet columns may be named in SQL built from ``columns``."""
    unknown = set(columns) - set(FACET_COLUMNS)
    if unknown:
        raise ValueError(f"no facet on {', '.join(sorted(unknown))}; facets: {', '.join(FACET_COLUMNS)}")


class _Once:
    """A value computed on first use, by one thread while others wait. An IndexMismatch (the
    embedder does not fit the index) is raised again to every later caller; any other error only
    to its caller, and the next one tries again."""

    def __init__(self, compute: Callable):
        self._compute = compute
        self._lock = threading.Lock()
        self._value = None
        self._mismatch: IndexMismatch | None = None
        self.loaded = False

    def get(self):
        if not self.loaded:
            with self._lock:
                if self._mismatch is not None:
                    raise self._mismatch
                if not self.loaded:
                    try:
                        self._value = self._compute()
                    except IndexMismatch as exc:
                        self._mismatch = exc
                        raise
                    self.loaded = True
        return self._value


class IndexReader:
    def __init__(self, root: str | Path, verify_contents: bool = True, previous: IndexReader | None = None):
        """``verify_contents=False`` checks the lexical files' sizes but not their sha256: the
        caller hashes them right after (``verify_lexical_contents``), as the server does beside
        its first answers (docs/decisions.md). ``previous``: a reader whose vector searcher is
        kept if vectors.faiss has not been replaced since."""
        self.layout = Layout(Path(root))
        self.manifest: Manifest = self.layout.read_manifest()
        if self.manifest.analyzer != ANALYZER_VERSION:
            raise IndexMismatch(
                f"the index at {self.layout.root} was built with analyzer {self.manifest.analyzer}, this tracuu "
                f"uses {ANALYZER_VERSION}: {rebuild_hint(self.layout.root)}")
        verify_catalog_file(self.layout)  # a damaged part raises IndexDamaged naming it: no partial answers
        with catalog_reads(self.layout):
            self.catalog: sqlite3.Connection = self._open_catalog()
        self.lexical, self.vectors = open_searchers(self.layout, full=verify_contents,
                                                    previous=previous.vectors if previous is not None else None)
        self.scope = EVERYTHING
        self._counts: dict[str, int] | None = None
        self._scope_ids: dict[ReadScope, list[int] | None] = {}  # shared by the views of this reader
        self._scope_counts: dict[ReadScope, dict[str, int]] = {}
        self._catalog_guard = threading.Lock()  # changed() runs in worker threads while close() may run
        self._closed = False
        self._data_version = self._catalog_version()
        self._embedder = _Once(self._load_embedder)  # shared by the views (copies) of this reader

    def _open_catalog(self) -> sqlite3.Connection:
        """The catalog read-only; one written by an older tracuu is upgraded first (new columns)."""
        connection = catalog.connect_reader(self.layout.catalog)
        if not catalog.missing_columns(connection):
            return connection
        connection.close()
        try:
            catalog.upgrade(self.layout.catalog)
        except sqlite3.OperationalError as exc:
            raise IndexMismatch(f"the catalog of {self.layout.root} is from an older tracuu and cannot be upgraded here "
                                f"({exc}): run `tracuu index PATH --index {self.layout.root}` once to upgrade it") from None
        return catalog.connect_reader(self.layout.catalog)

    def scope_ids(self) -> list[int] | None:
        """The ids of the documents this reader may see; None when it may see all."""
        if self.scope.unrestricted:
            return None
        if self.scope not in self._scope_ids:
            self._scope_ids[self.scope] = self._scope_documents()
        return self._scope_ids[self.scope]

    def _scope_documents(self) -> list[int] | None:
        """The published documents the scope allows, in id order; None if that is all of them.
        Asked through indexes (stamped documents, paths by collection, hidden documents) rather
        than by reading every document's row: 3 s when cold at 1M chunks."""
        hidden = f"SELECT id FROM main.documents WHERE {_HIDDEN_WHERE}"
        stamped = f"SELECT id FROM main.documents WHERE classification IS NOT NULL AND id NOT IN ({hidden})"
        excluded = [] if self.scope.classified else [row[0] for row in self.catalog.execute(stamped)]
        if self.scope.collections is None:
            if not excluded:
                return None  # restricts nothing: searching without an id list is far cheaper for both retrievers
            ids = [row[0] for row in self.catalog.execute(f"SELECT id FROM main.documents WHERE id NOT IN ({hidden})")]
        else:
            ids = [row[0] for row in self.catalog.execute(
                f"SELECT DISTINCT doc_id FROM main.paths WHERE collection IN (SELECT value FROM json_each(?)) "
                f"AND doc_id NOT IN ({hidden})", (json.dumps(sorted(self.scope.collections)),))]
        if excluded:
            unwanted = set(excluded)
            ids = [i for i in ids if i not in unwanted]
        everything = self.catalog.execute(f"SELECT count(*) FROM main.documents WHERE id NOT IN ({hidden})").fetchone()[0]
        return None if len(ids) == everything else sorted(ids)

    def _visible(self, ids: list[int]) -> list[int]:
        """Those of ``ids`` inside the scope, in their order."""
        allowed = self.scope_ids()
        if allowed is None:
            return ids
        allowed = set(allowed)
        return [i for i in ids if i in allowed]

    @property
    def embedder(self):
        """The query embedder, loaded on first use, once for this reader and all its views (a
        view made while another thread loads it waits for that load, not a second one)."""
        return self._embedder.get()

    @embedder.setter
    def embedder(self, embedder) -> None:
        self._embedder = _Once(lambda: embedder)

    def _load_embedder(self):
        from indexer.embedding import load_embedder
        from indexer.embedding.agreement import interchangeable

        # A query is too short to gain from a second thread (docs/decisions.md); the other core
        # runs BM25 meanwhile.
        options = {"threads": 1} if self.manifest.embedder == "e5" else {}
        embedder = load_embedder(self.manifest.embedder, **options)
        if embedder.dim != self.manifest.dim or not interchangeable(embedder.name, self.manifest.embedder_name):
            raise IndexMismatch(
                f"the index at {self.layout.root} holds vectors of {self.manifest.embedder_name} ({self.manifest.dim} "
                f"dimensions) but `{self.manifest.embedder}` now loads {embedder.name} ({embedder.dim}), which is not "
                f"declared interchangeable with it: {rebuild_hint(self.layout.root)}")
        return embedder

    def counts(self) -> dict[str, int]:
        """Documents and chunks, and how many are embedded / lexically indexed, as of opening
        (a full scan of the chunks, too slow to repeat on every request of a large index); of the
        documents in scope only, for a scoped view."""
        if not self.scope.unrestricted:
            if self.scope not in self._scope_counts:
                self._scope_counts[self.scope] = self._count()
            return self._scope_counts[self.scope]
        if self._counts is None:
            self._counts = self._count()
        return self._counts

    def refresh(self) -> None:
        """See what writers have committed since opening (for long-lived readers)."""
        self._counts = None
        self._scope_ids.clear()
        self._scope_counts.clear()
        self.lexical, self.vectors = open_searchers(self.layout, previous=self.vectors)

    def _count(self) -> dict[str, int]:
        ids = self.scope_ids()
        if ids is None:
            row = self.catalog.execute(_PUBLISHED_COUNTS).fetchone()
        else:
            row = self.catalog.execute("SELECT ?, count(*), coalesce(sum(embedded), 0), coalesce(sum(lexical), 0) FROM chunks "
                                       "WHERE doc_id IN (SELECT value FROM json_each(?))", (len(ids), json.dumps(ids))).fetchone()
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

    def chunk_texts(self, ids: list[int]) -> dict[int, str]:
        """chunk id → its text, and nothing else to read or decode (search reads 30 per query)."""
        rows = self.catalog.execute(
            f"SELECT c.id, {CHUNK_TEXT} FROM {CHUNKS_WITH_DOCUMENTS} WHERE c.id IN ({placeholders(ids)})", ids)
        return dict(rows.fetchall())

    def documents(self, ids: list[int]) -> dict[int, sqlite3.Row]:
        ids = self._visible(ids)
        rows = self.catalog.execute(f"SELECT {_SUMMARY} FROM documents WHERE id IN ({placeholders(ids)})", ids)
        return {r["id"]: r for r in rows}

    def issuers(self, ids: list[int]) -> dict[int, list[str]]:
        """doc id → a joint document's organs, its unit first (extraction's ``issuers``), for those of
        ``ids`` that have two or more; none for a document indexed before they were read."""
        ids = self._visible(ids)
        if not ids:
            return {}
        rows = self.catalog.execute("SELECT id, json_extract(metadata, '$.issuers') FROM documents WHERE id IN "
                                    f"({placeholders(ids)}) AND json_array_length(metadata, '$.issuers') > 1", ids)
        return {doc_id: [found["value"] for found in json.loads(written)] for doc_id, written in rows}

    def version_groups(self, ids: list[int]) -> dict[int, list[int]]:
        """doc id → its group of versions (head first; indexer/versions.py), only the members this
        reader may see, for those of ``ids`` in a group of two or more of them. Empty for an index
        grouped by no tracuu yet (its next `tracuu index` run groups it)."""
        if not ids or not catalog.has_version_tables(self.catalog):
            return {}
        groups = {}
        for doc_id, members in catalog.version_members(self.catalog, ids).items():
            members = self._visible(members)
            if len(members) > 1 and doc_id in members:
                groups[doc_id] = members
        return groups

    def facet_rows(self, ids: list[int], columns: tuple[str, ...] = FACET_COLUMNS) -> list[sqlite3.Row]:
        """The facet columns of these documents (cheaper than ``documents``: no paths)."""
        _check_facets(columns)
        return self.catalog.execute(
            f"SELECT {', '.join(columns)} FROM documents WHERE id IN ({placeholders(ids)})", ids).fetchall()

    def document_texts(self, ids: list[int]) -> dict[int, str]:
        ids = self._visible(ids)
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
        ids = self._visible(ids)
        out: dict[int, list[SectionRow]] = {i: [] for i in ids}
        rows = self.catalog.execute(
            f'SELECT doc_id, ordinal, heading, level, kind, path, start, "end", page_start, page_end FROM sections '
            f"WHERE doc_id IN ({placeholders(ids)}) ORDER BY doc_id, ordinal", ids)
        for r in rows:
            out[r[0]].append(SectionRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], r[8], r[9]))
        return out

    def list_documents(self, ids: list[int] | None = None, offset: int = 0, limit: int = 20) -> tuple[int, list[sqlite3.Row]]:
        """(how many documents, one page of their summaries): all of them, or those of ``ids``;
        newest first, undated last."""
        ids = self.scope_ids() if ids is None else self._visible(ids)
        where, params = ("WHERE " + _IN_IDS, [json.dumps(ids)]) if ids is not None else ("", [])
        total = self.catalog.execute(f"SELECT count(*) FROM documents {where}", params).fetchone()[0]
        rows = self.catalog.execute(
            f"SELECT {_SUMMARY} FROM documents {where} ORDER BY date IS NULL, date DESC, id LIMIT ? OFFSET ?",
            params + [limit, offset]).fetchall()
        return total, rows

    def value_counts(self, columns: tuple[str, ...] = FACET_COLUMNS, ids: list[int] | None = None,
                     limit: int = 20) -> dict[str, list[tuple[object, int]]]:
        """Documents per value of each metadata column (of all documents, or of ``ids``), most first."""
        _check_facets(columns)
        ids = self.scope_ids() if ids is None else self._visible(ids)
        where, params = (" AND " + _IN_IDS, [json.dumps(ids)]) if ids is not None else ("", [])
        return {column: [tuple(r) for r in self.catalog.execute(
            f"SELECT {column}, count(*) AS n FROM documents WHERE {column} IS NOT NULL AND {column} != ''{where} "
            f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT ?", params + [limit])]
            for column in columns}

    def documents_where(self, conditions: DocumentConditions, fold: Callable[[str | None], str | None]) -> list[int]:
        """Ids of the documents meeting every condition; ``fold`` is applied to column values."""
        unknown = (set(conditions.words_in) | set(conditions.equal)) - set(FILTER_COLUMNS)
        if unknown:
            raise ValueError(f"no filter on {', '.join(sorted(unknown))}; filters: {', '.join(FILTER_COLUMNS)}")
        self.catalog.create_function("fold", 1, fold, deterministic=True)
        where, params = ["1"], []
        for column, words in conditions.words_in.items():
            for word in words:
                where.append(f"(' ' || fold({column}) || ' ') LIKE ?")
                params.append(f"% {word} %")
        for column, value in conditions.equal.items():
            where.append(f"fold({column}) = ?")
            params.append(value)
        if conditions.date_from:
            where.append("date >= ?")
            params.append(conditions.date_from)
        if conditions.date_to:
            where.append("date <= ?")
            params.append(conditions.date_to)
        for ids in (list(conditions.doc_ids) or None, self.scope_ids()):
            if ids is not None:
                where.append(_IN_IDS)
                params.append(json.dumps(ids))
        if conditions.path_contains:
            where.append("id IN (SELECT doc_id FROM paths WHERE path LIKE ? ESCAPE '\\')")
            escaped = conditions.path_contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        return [row[0] for row in self.catalog.execute(f"SELECT id FROM documents WHERE {' AND '.join(where)}", params)]

    def embedded_chunks_of(self, doc_ids: list[int]) -> list[int]:
        """Ids of the embedded chunks of these documents (what a filtered dense search may return)."""
        return [r[0] for r in self.catalog.execute(
            "SELECT id FROM chunks WHERE embedded = 1 AND doc_id IN (SELECT value FROM json_each(?))", [json.dumps(doc_ids)])]

    def chunk_ids(self, embedded: bool | None = None) -> list[int]:
        """Every chunk id in order (only those with vectors, or without, when ``embedded`` says)."""
        where = "" if embedded is None else f" WHERE embedded = {int(embedded)}"
        return [row[0] for row in self.catalog.execute(f"SELECT id FROM chunks{where} ORDER BY id")]

    def all_chunk_texts(self) -> Iterator[tuple[int, str, str]]:
        """(chunk id, context, text) of every chunk in id order, streamed (for measurements that
        read a whole index)."""
        yield from catalog.all_chunk_texts(self.catalog)

    def document_identities(self) -> dict[int, tuple[str, str | None, str]]:
        """document id → (content sha256, unit, first of its paths)."""
        rows = self.catalog.execute("SELECT d.id, d.sha256, d.unit, (SELECT min(path) FROM paths p WHERE p.doc_id = d.id) "
                                    "FROM documents d")
        return {row[0]: (row[1], row[2], row[3]) for row in rows}

    def access_of(self, ids: list[int]) -> dict[int, tuple[list[str], bool]]:
        """document id → (the collections of its paths, whether it is classified): what a
        ReadScope decides on, for copying an index elsewhere (tracuu migrate)."""
        out: dict[int, tuple[list[str], bool]] = {}
        rows = self.catalog.execute(
            "SELECT d.id, d.classification IS NOT NULL, (SELECT json_group_array(DISTINCT p.collection) FROM paths p "
            f"WHERE p.doc_id = d.id) FROM documents d WHERE d.id IN ({placeholders(ids)})", ids)
        for doc_id, classified, collections in rows:
            out[doc_id] = (sorted(json.loads(collections or "[]")), bool(classified))
        return out

    def document(self, doc_id: int) -> DocumentRecord | None:
        """One document whole: metadata, text, section tree and files; None if there is none
        (or none in scope)."""
        if not self._visible([doc_id]):
            return None
        row = self.catalog.execute(
            "SELECT id, title, unit, doc_type, number, place, date, year, signer, signer_position, level, format, "
            "encodings, metadata, pages, warnings, indexed_at, text, "
            "(SELECT count(*) FROM chunks WHERE chunks.doc_id = documents.id) AS chunks FROM documents WHERE id = ?",
            (doc_id,)).fetchone()
        if row is None:
            return None
        record = DocumentRecord(
            id=row["id"], title=row["title"], unit=row["unit"], doc_type=row["doc_type"], number=row["number"],
            place=row["place"], date=row["date"], year=row["year"], signer=row["signer"],
            signer_position=row["signer_position"], level=row["level"], format=row["format"],
            encodings=json.loads(row["encodings"]), metadata=json.loads(row["metadata"]), pages=json.loads(row["pages"]),
            warnings=json.loads(row["warnings"]), indexed_at=row["indexed_at"], chunks=row["chunks"], text=row["text"])
        record.sections = [
            SectionRow(doc_id, r["ordinal"], r["heading"], r["level"], r["kind"], json.loads(r["path"]), r["start"], r["end"],
                       r["page_start"], r["page_end"])
            for r in self.catalog.execute('SELECT ordinal, heading, level, kind, path, start, "end", page_start, page_end '
                                          "FROM sections WHERE doc_id = ? ORDER BY ordinal", (doc_id,))]
        record.files = self.document_files(doc_id)
        return record

    def document_files(self, doc_id: int) -> list[DocumentFile]:
        """The files holding a document's content, uploads first (several when copies were indexed)."""
        if not self._visible([doc_id]):
            return []
        uploads = self._uploaded_names(doc_id)
        paths = [r[0] for r in self.catalog.execute("SELECT path FROM paths WHERE doc_id = ? ORDER BY path", (doc_id,))]
        files = [DocumentFile(p, uploads.get(p) or Path(p).name, p in uploads) for p in paths]
        return sorted(files, key=lambda f: not f.uploaded)

    def upload_names(self, doc_ids: list[int]) -> dict[int, str]:
        """document id → the name its uploader gave the file, for those received over HTTP (the
        stored file is named by its content hash, nothing to show a reader)."""
        ids = self._visible(list(doc_ids))
        if not ids:
            return {}
        try:
            rows = self.catalog.execute(
                "SELECT p.doc_id, min(u.original_name) FROM uploads u JOIN paths p ON p.path = u.path "
                f"WHERE p.doc_id IN ({placeholders(ids)}) GROUP BY p.doc_id", ids)
            return dict(rows.fetchall())
        except sqlite3.OperationalError:  # an index written before uploads existed
            return {}

    def _uploaded_names(self, doc_id: int) -> dict[str, str]:
        try:
            rows = self.catalog.execute("SELECT u.path, u.original_name FROM uploads u JOIN paths p ON p.path = u.path "
                                        "WHERE p.doc_id = ?", (doc_id,))
            return dict(rows.fetchall())
        except sqlite3.OperationalError:  # an index written before uploads existed
            return {}

    def view(self, scope: ReadScope = EVERYTHING) -> IndexReader:
        """This reader with a catalog connection of its own, sharing the loaded searchers, embedder
        and counts: one per thread or request, since a SQLite connection is not for concurrent use;
        it sees only what ``scope`` allows."""
        twin = copy.copy(self)
        twin.catalog = catalog.connect_reader(self.layout.catalog)
        twin._catalog_guard, twin._closed = threading.Lock(), False
        twin.scope = scope
        return twin

    def reopen(self, verify_contents: bool = True) -> IndexReader:
        """A new reader of the latest committed state, sharing this one's embedder (the model is
        the expensive part); this reader stays valid for requests still using it."""
        fresh = IndexReader(self.layout.root, verify_contents, previous=self)
        if fresh.manifest.embedder_name == self.manifest.embedder_name:
            fresh._embedder = self._embedder  # loaded, or being loaded: once
        return fresh

    def changed(self) -> bool:
        """Whether another connection has committed to the catalog since the last call (cheap);
        a closed reader has been replaced, so it says yes. Safe beside ``close`` in another thread:
        SQLite's connection closed under a running statement crashes the interpreter."""
        with self._catalog_guard:
            if self._closed:
                return True
            version = self._catalog_version()
            previous, self._data_version = self._data_version, version
            return version != previous

    def _catalog_version(self) -> int:
        return self.catalog.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        with self._catalog_guard:
            self._closed = True
            self.catalog.close()


def open_reader(root: str | Path) -> IndexReader:
    return IndexReader(root)


def verify_lexical_contents(root: str | Path) -> None:
    """Hash the lexical index's committed files against their record (IndexDamaged if one
    differs): what a reader opened with ``verify_contents=False`` still owes."""
    check.verify_lexical_contents(Layout(Path(root)))
