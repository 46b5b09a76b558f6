"""The catalog: documents, their paths, sections and chunks in SQLite — the index's truth.

The lexical and vector indexes are derived from it. Work they still owe is recorded here in
the same transaction that creates it (``chunks.lexical = 0``, ``chunks.embedded = 0``,
``pending_deletes``), so a process killed at any point leaves a catalog that says exactly
what to redo, and redoing it is idempotent.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.store.layout import DiskFull, nearly_full, out_of_space

if TYPE_CHECKING:
    from indexer.chunking import Chunk
    from indexer.extraction.model import ExtractedDocument

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    encodings TEXT NOT NULL,          -- JSON list
    title TEXT, unit TEXT, doc_type TEXT, number TEXT, place TEXT,
    date TEXT,                        -- ISO yyyy-mm-dd or NULL
    year INTEGER, signer TEXT, signer_position TEXT, level TEXT,
    classification TEXT,              -- mật | tối mật | tuyệt mật | nội bộ, or NULL
    metadata TEXT NOT NULL,           -- JSON, every field with its span
    pages TEXT NOT NULL,              -- JSON [[page, start, end], ...]
    warnings TEXT NOT NULL,           -- JSON list
    text TEXT NOT NULL,
    indexed_at TEXT NOT NULL DEFAULT (datetime('now')),
    visible INTEGER NOT NULL DEFAULT 0  -- 1 once every chunk is in the lexical index: readers see only these
);
CREATE TABLE IF NOT EXISTS paths (
    path TEXT PRIMARY KEY,            -- absolute
    doc_id INTEGER NOT NULL REFERENCES documents(id),
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    collection TEXT NOT NULL DEFAULT 'default'  -- who may read it: a document is in its paths' collections
);
CREATE INDEX IF NOT EXISTS paths_doc ON paths(doc_id);
CREATE TABLE IF NOT EXISTS sections (
    doc_id INTEGER NOT NULL REFERENCES documents(id),
    ordinal INTEGER NOT NULL,
    heading TEXT NOT NULL, level INTEGER NOT NULL, kind TEXT NOT NULL,
    path TEXT NOT NULL,               -- JSON list of headings, root first
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    page_start INTEGER, page_end INTEGER,
    PRIMARY KEY (doc_id, ordinal)
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,   -- stable: never reused, also the faiss id
    doc_id INTEGER NOT NULL REFERENCES documents(id),
    ordinal INTEGER NOT NULL,
    section_ordinal INTEGER,
    section_path TEXT NOT NULL,             -- JSON list
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    page_start INTEGER, page_end INTEGER,
    context TEXT NOT NULL,                  -- title › section path, indexed and embedded before the text
    lexical INTEGER NOT NULL DEFAULT 0,     -- 1 once committed to the lexical index
    embedded INTEGER NOT NULL DEFAULT 0     -- 1 once in the vector index
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE INDEX IF NOT EXISTS chunks_lexical ON chunks(lexical) WHERE lexical = 0;
CREATE INDEX IF NOT EXISTS chunks_embedded ON chunks(embedded) WHERE embedded = 0;
CREATE TABLE IF NOT EXISTS pending_deletes (   -- chunk ids still to remove from a derived index
    chunk_id INTEGER NOT NULL,
    target TEXT NOT NULL CHECK (target IN ('lexical', 'vectors')),
    PRIMARY KEY (chunk_id, target)
);
CREATE TABLE IF NOT EXISTS uploads (          -- files received over HTTP: stored under a server-chosen name
    path TEXT PRIMARY KEY,                      -- the stored file (a key of paths once indexed)
    original_name TEXT NOT NULL,                -- the client's name, kept as metadata only
    uploaded_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    code TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS version_signatures (  -- indexer/versions.py: a document's MinHash, kept to regroup cheaply
    doc_id INTEGER PRIMARY KEY,
    minhash BLOB NOT NULL,                  -- uint64 × PERMUTATIONS, little-endian
    shingles INTEGER NOT NULL,
    parameters TEXT NOT NULL                -- what it was computed with (versions.SIGNATURE)
);
CREATE TABLE IF NOT EXISTS version_groups (      -- documents that are versions of one another (groups of 2 or more)
    doc_id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL,              -- the head's id when the group was formed
    position INTEGER NOT NULL               -- 0: the head (newest, then most complete), then the rest in that order
);
CREATE INDEX IF NOT EXISTS version_groups_group ON version_groups(group_id, position);
CREATE TABLE IF NOT EXISTS version_state (       -- what the stored grouping was computed from
    key TEXT PRIMARY KEY, value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS version_taken (       -- documents the stored grouping has taken in
    doc_id INTEGER PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS version_gone (        -- deleted documents still taken in: the next grouping lets them go
    doc_id INTEGER PRIMARY KEY              -- (their signature and version_groups row are kept until then)
);
CREATE TABLE IF NOT EXISTS version_bands (       -- LSH buckets of the documents taken in: candidates by lookup
    bucket INTEGER NOT NULL,                -- band · 2^32 + a 32-bit hash of the band's rows
    doc_id INTEGER NOT NULL,
    PRIMARY KEY (bucket, doc_id)
) WITHOUT ROWID;
-- documents below this id that lack a signature are signed a few thousand per run (an index
-- grouped by no tracuu before); a new catalog groups everything it is given at once
INSERT OR IGNORE INTO version_state (key, value) SELECT 'backfill_below', coalesce(max(id), 0) + 1 FROM documents;
"""


# A chunk's text is not stored twice: it is its span of its document's text.
CHUNK_TEXT = 'substr(d.text, c.start + 1, c."end" - c.start)'
CHUNKS_WITH_DOCUMENTS = "chunks c JOIN documents d ON d.id = c.doc_id"


def placeholders(values) -> str:
    """"?, ?, ?" for an SQL IN list of ``values``."""
    return ",".join("?" * len(values))


DEFAULT_COLLECTION = "default"
# Columns added after the first schema: (table, column, definition), added in place to an older
# catalog when it is opened for writing (ALTER TABLE … ADD COLUMN costs nothing in SQLite).
_ADDED_COLUMNS = [
    ("paths", "collection", f"TEXT NOT NULL DEFAULT '{DEFAULT_COLLECTION}'"),
    ("documents", "classification", "TEXT"),
    ("documents", "visible", "INTEGER NOT NULL DEFAULT 0"),
]
CREATE_INDEXES_AFTER_MIGRATION = """
CREATE INDEX IF NOT EXISTS paths_collection ON paths(collection, doc_id);
CREATE INDEX IF NOT EXISTS documents_hidden ON documents(visible) WHERE visible = 0;
CREATE INDEX IF NOT EXISTS documents_classified ON documents(classification) WHERE classification IS NOT NULL;
"""


def missing_columns(connection: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Columns of the current schema an older catalog lacks."""
    return [(table, column, definition) for table, column, definition in _ADDED_COLUMNS
            if column not in {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}]


def upgrade(path: Path) -> None:
    """Bring an older catalog to the current schema (what a writer does on opening it)."""
    connect(path).close()


def _connect_readonly(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        connection.execute("PRAGMA schema_version").fetchone()  # a WAL reader creates the -shm file here
    except sqlite3.OperationalError:
        wal = Path(f"{path}-wal")
        if (wal.exists() and wal.stat().st_size) or not nearly_full(path):
            raise
        # A full disk has no room for the -shm file; with no write-ahead log left, the database
        # file holds every commit and can be read as it is (a writer cannot start either).
        connection.close()
        connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    return connection


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        connection = _connect_readonly(path)
    else:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(SCHEMA)
        missing = missing_columns(connection)
        if missing:
            with transaction(connection):  # all at once: a catalog is never left half upgraded
                for table, column, definition in missing:
                    connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
                if ("documents", "visible") in {(table, column) for table, column, _ in missing}:
                    publish_ready(connection)  # what an older tracuu had fully indexed stays visible
        connection.executescript(CREATE_INDEXES_AFTER_MIGRATION)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.row_factory = sqlite3.Row
    return connection


# A reader's connection sees only published documents (``visible = 1``: every chunk committed to
# the lexical index, in the transaction that marks them so): temporary views named like the
# tables shadow them, so no read query — lists, counts, facets, texts, answers — can show a
# document that keyword search does not find. Stored documents a crash left unpublished are
# finished by the next writer's lexical sync.
_PUBLISHED_VIEWS = """
CREATE TEMP VIEW documents AS SELECT d.* FROM main.documents d WHERE {documents};
CREATE TEMP VIEW chunks AS SELECT c.* FROM main.chunks c WHERE {chunks};
CREATE TEMP VIEW sections AS SELECT s.* FROM main.sections s WHERE {sections};
CREATE TEMP VIEW paths AS SELECT p.* FROM main.paths p WHERE {paths};
"""
# A row's document decides, by its id alone: a chunk, section or path is not joined to its document
# row (the foreign keys keep every one's document in place), since that join read a page of the
# documents table for each chunk (a hybrid request's 200 chunks at 1M: 4.7 → 0.7 ms).
# ``visible = 1`` asked through the partial index of hidden documents: ``visible`` is the row's
# last column, past the text, so reading it walks a document's whole overflow chain (counting or
# scoping 1M chunks read the entire catalog, seconds when cold; each search, its chunks' documents).
_PUBLISHED = "{doc} NOT IN (SELECT id FROM main.documents WHERE visible = 0)"
# A catalog written before ``visible`` existed, read without upgrading it: the same rule, derived.
_PUBLISHED_BEFORE_UPGRADE = "NOT EXISTS (SELECT 1 FROM main.chunks u WHERE u.doc_id = {doc} AND u.lexical = 0)"


def connect_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection that sees published documents only (see _PUBLISHED_VIEWS)."""
    connection = connect(path, readonly=True)
    columns = {row[1] for row in connection.execute("PRAGMA main.table_info(documents)")}
    if columns:  # (a catalog that has no tables yet has nothing to hide)
        published = _PUBLISHED if "visible" in columns else _PUBLISHED_BEFORE_UPGRADE
        connection.executescript(_PUBLISHED_VIEWS.format(**{view: published.format(doc=doc) for view, doc in (
            ("documents", "d.id"), ("chunks", "c.doc_id"), ("sections", "s.doc_id"), ("paths", "p.doc_id"))}))
    return connection


def publish_ready(connection: sqlite3.Connection, doc_ids: Iterable[int] | None = None) -> int:
    """Make visible the documents (of ``doc_ids``, or all hidden ones) whose chunks are all in the
    lexical index (inside the caller's transaction, the one that marks them); returns how many.
    ``+c.lexical`` keeps SQLite on the chunks' doc_id index: through the partial index of
    unindexed chunks, each hidden document scanned them all (minutes a batch at 1M chunks)."""
    unindexed = "NOT EXISTS (SELECT 1 FROM chunks c WHERE c.doc_id = documents.id AND +c.lexical = 0)"
    if doc_ids is None:
        return connection.execute(f"UPDATE documents SET visible = 1 WHERE visible = 0 AND {unindexed}").rowcount
    return connection.execute(
        f"UPDATE documents SET visible = 1 WHERE id IN (SELECT value FROM json_each(?)) AND visible = 0 AND {unindexed}",
        (json.dumps(sorted(set(doc_ids))),)).rowcount


def hidden_documents(connection: sqlite3.Connection) -> int:
    """Stored documents not yet visible to readers (their lexical indexing is unfinished)."""
    return connection.execute("SELECT count(*) FROM documents WHERE visible = 0").fetchone()[0]


def checkpoint(connection: sqlite3.Connection) -> None:
    """Fold the write-ahead log into the database file (its size is then the catalog's)."""
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction; a full disk raises DiskFull naming the catalog (nothing of the
    transaction is kept)."""
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:  # SQLite has already rolled back after some errors (a full disk)
                connection.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        if out_of_space(exc):
            raise DiskFull("catalog", database_path(connection)) from exc
        raise


def database_path(connection: sqlite3.Connection) -> Path:
    return Path(connection.execute("PRAGMA database_list").fetchone()[2])


def delete_document(connection: sqlite3.Connection, doc_id: int) -> int:
    """Remove a document and queue its chunks for removal from the derived indexes."""
    ids = [row[0] for row in connection.execute("SELECT id FROM chunks WHERE doc_id = ?", (doc_id,))]
    connection.executemany("INSERT OR IGNORE INTO pending_deletes VALUES (?, 'lexical')", ((i,) for i in ids))
    connection.executemany("INSERT OR IGNORE INTO pending_deletes VALUES (?, 'vectors')", ((i,) for i in ids))
    connection.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
    connection.execute("DELETE FROM sections WHERE doc_id = ?", (doc_id,))
    connection.execute("DELETE FROM uploads WHERE path IN (SELECT path FROM paths WHERE doc_id = ?)", (doc_id,))
    connection.execute("DELETE FROM paths WHERE doc_id = ?", (doc_id,))
    # taken into the version grouping: its signature and group row stay for the next grouping to let go
    connection.execute("INSERT OR IGNORE INTO version_gone (doc_id) SELECT doc_id FROM version_taken WHERE doc_id = ?", (doc_id,))
    connection.execute("DELETE FROM version_signatures WHERE doc_id = ? AND doc_id NOT IN (SELECT doc_id FROM version_gone)",
                       (doc_id,))
    connection.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    return len(ids)


def set_path(connection: sqlite3.Connection, path: str, doc_id: int, size: int, mtime_ns: int,
             collection: str | None = None) -> None:
    """Point ``path`` at a document (clearing a recorded failure), in ``collection`` (None: the
    collection it had, else the default); the document it pointed at before is deleted if no
    path is left to it."""
    previous = connection.execute("SELECT doc_id, collection FROM paths WHERE path = ?", (path,)).fetchone()
    collection = collection or (previous[1] if previous else DEFAULT_COLLECTION)
    connection.execute("INSERT OR REPLACE INTO paths (path, doc_id, size, mtime_ns, collection) VALUES (?, ?, ?, ?, ?)",
                       (path, doc_id, size, mtime_ns, collection))
    connection.execute("DELETE FROM failures WHERE path = ?", (path,))
    if previous and previous[0] != doc_id and not connection.execute(
            "SELECT 1 FROM paths WHERE doc_id = ? LIMIT 1", (previous[0],)).fetchone():
        delete_document(connection, previous[0])


def drop_orphans(connection: sqlite3.Connection) -> int:
    """Delete documents no path points to any more; returns how many."""
    orphans = [row[0] for row in connection.execute(
        "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM paths)")]
    for doc_id in orphans:
        delete_document(connection, doc_id)
    return len(orphans)


def pending_deletes(connection: sqlite3.Connection, target: str) -> list[int]:
    return [row[0] for row in connection.execute("SELECT chunk_id FROM pending_deletes WHERE target = ?", (target,))]


def clear_pending_deletes(connection: sqlite3.Connection, target: str, ids: Iterable[int]) -> None:
    connection.executemany("DELETE FROM pending_deletes WHERE chunk_id = ? AND target = ?", ((i, target) for i in ids))


def as_json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- writing documents ------------------------------------------------------------------------


def insert_document(connection: sqlite3.Connection, document: ExtractedDocument, sha256: str, fields: dict,
                    chunks: Sequence[Chunk]) -> int:
    """Store one extracted document with its sections and chunks (inside the caller's transaction);
    ``fields`` are its metadata values by name. Returns the document id. The derived indexes pick
    the chunks up at their next sync."""
    date = fields.get("date")
    row = connection.execute(
        "INSERT INTO documents (sha256, format, encodings, title, unit, doc_type, number, place, date, year, "
        "signer, signer_position, level, classification, metadata, pages, warnings, text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (sha256, document.format, as_json(document.encodings), fields.get("title"), fields.get("unit"),
         fields.get("doc_type"), fields.get("number"), fields.get("place"), date,
         int(date[:4]) if date else None, fields.get("signer"), fields.get("signer_position"),
         fields.get("level"), fields.get("classification"), as_json(document.metadata.to_json()),
         as_json([[p.page, p.start, p.end] for p in document.pages]), as_json(document.warnings),
         document.text))
    doc_id = row.lastrowid
    connection.executemany(
        "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((doc_id, i, s.heading, s.level, s.kind, as_json(s.path), s.start, s.end, s.page_start, s.page_end)
         for i, s in enumerate(document.sections)))
    connection.executemany(
        'INSERT INTO chunks (doc_id, ordinal, section_ordinal, section_path, start, "end", page_start, page_end, '
        "context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((doc_id, c.ordinal, c.section_index, as_json(c.section_path), c.start, c.end, c.page_start,
          c.page_end, c.context) for c in chunks))
    return doc_id


def record_failure(connection: sqlite3.Connection, path: str, size: int, mtime_ns: int, code: str, message: str) -> None:
    """Remember why a file could not be read, until it changes."""
    connection.execute("INSERT OR REPLACE INTO failures (path, size, mtime_ns, code, message) VALUES (?, ?, ?, ?, ?)",
                       (path, size, mtime_ns, code, message))


def forget_failure(connection: sqlite3.Connection, path: str) -> None:
    connection.execute("DELETE FROM failures WHERE path = ?", (path,))


def forget_paths(connection: sqlite3.Connection, paths: Iterable[str]) -> None:
    """Drop paths (and their recorded failures); documents left without a path stay until
    ``drop_orphans``."""
    paths = list(paths)
    connection.executemany("DELETE FROM paths WHERE path = ?", ((p,) for p in paths))
    connection.executemany("DELETE FROM failures WHERE path = ?", ((p,) for p in paths))


def path_collection(connection: sqlite3.Connection, path: str) -> str | None:
    row = connection.execute("SELECT collection FROM paths WHERE path = ?", (path,)).fetchone()
    return row[0] if row else None


def set_collection(connection: sqlite3.Connection, path: str, collection: str) -> None:
    """Move an indexed path to another collection (its content is not read again)."""
    connection.execute("UPDATE paths SET collection = ? WHERE path = ?", (collection, path))


def record_upload(connection: sqlite3.Connection, path: str, original_name: str) -> None:
    """Mark a stored file as received over HTTP, keeping the client's name as metadata."""
    connection.execute("INSERT OR IGNORE INTO uploads (path, original_name) VALUES (?, ?)", (path, original_name))


# --- what a writer reads back -----------------------------------------------------------------


def path_state(connection: sqlite3.Connection, path: str) -> sqlite3.Row | None:
    """The indexed state of a path: doc_id, size, mtime_ns, collection; None if it is not indexed."""
    return connection.execute("SELECT doc_id, size, mtime_ns, collection FROM paths WHERE path = ?", (path,)).fetchone()


def failure_state(connection: sqlite3.Connection, path: str) -> sqlite3.Row | None:
    """The recorded failure of a path: code, message, size, mtime_ns; None if there is none."""
    return connection.execute("SELECT code, message, size, mtime_ns FROM failures WHERE path = ?", (path,)).fetchone()


def document_with_hash(connection: sqlite3.Connection, sha256: str) -> int | None:
    row = connection.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return row[0] if row else None


def indexed_paths(connection: sqlite3.Connection) -> list[str]:
    return [row[0] for row in connection.execute("SELECT path FROM paths")]


def path_hashes(connection: sqlite3.Connection) -> dict[str, str]:
    """Every indexed path (or record id) → the content hash of its document."""
    return dict(connection.execute("SELECT p.path, d.sha256 FROM paths p JOIN documents d ON d.id = p.doc_id").fetchall())


def existing_documents(connection: sqlite3.Connection, doc_ids: Iterable[int]) -> list[int]:
    """Those of ``doc_ids`` that are in the catalog, in the given order, once each."""
    return [i for i in dict.fromkeys(doc_ids)
            if connection.execute("SELECT 1 FROM documents WHERE id = ?", (i,)).fetchone()]


def document_paths(connection: sqlite3.Connection, doc_id: int) -> list[str]:
    return [row[0] for row in connection.execute("SELECT path FROM paths WHERE doc_id = ? ORDER BY path", (doc_id,))]


def is_upload(connection: sqlite3.Connection, path: str) -> bool:
    return connection.execute("SELECT 1 FROM uploads WHERE path = ?", (path,)).fetchone() is not None


def all_chunk_texts(connection: sqlite3.Connection) -> Iterator[tuple[int, str, str]]:
    """(chunk id, context, text) of every chunk in id order, streamed: for whole-index passes
    that need no reader (a measurement building another engine from the same text)."""
    yield from connection.execute(f"SELECT c.id, c.context, {CHUNK_TEXT} FROM {CHUNKS_WITH_DOCUMENTS} ORDER BY c.id")


def chunk_totals(connection: sqlite3.Connection) -> tuple[int, int]:
    """(chunks, chunks still to embed)."""
    total, pending = connection.execute("SELECT count(*), count(*) - coalesce(sum(embedded), 0) FROM chunks").fetchone()
    return total, pending


# --- versions (indexer/versions.py) ---------------------------------------------------------------


def signature_inputs(connection: sqlite3.Connection, doc_ids: Sequence[int]) -> Iterator[sqlite3.Row]:
    """id, text of each of ``doc_ids`` (streamed: texts can be large)."""
    for doc_id in doc_ids:
        row = connection.execute("SELECT id, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is not None:
            yield row


def store_signatures(connection: sqlite3.Connection, rows: Iterable[tuple[int, bytes, int]], parameters: str) -> None:
    connection.executemany("INSERT OR REPLACE INTO version_signatures (doc_id, minhash, shingles, parameters) VALUES (?, ?, ?, ?)",
                           ((doc_id, blob, count, parameters) for doc_id, blob, count in rows))


def signed_documents(connection: sqlite3.Connection, doc_ids: Sequence[int], parameters: str) -> set[int]:
    """Those of ``doc_ids`` whose signature was computed with ``parameters``."""
    return {row[0] for row in connection.execute(
        "SELECT doc_id FROM version_signatures WHERE doc_id IN (SELECT value FROM json_each(?)) AND parameters = ?",
        (json.dumps(list(doc_ids)), parameters))}


def grouping_inputs(connection: sqlite3.Connection, doc_ids: Sequence[int], parameters: str) -> list[sqlite3.Row]:
    """What grouping reads of each of ``doc_ids`` that has a current signature: id, minhash,
    shingles, unit, number, date, title, length of text."""
    return connection.execute(
        "SELECT d.id, s.minhash, s.shingles, d.unit, d.number, d.date, d.title, length(d.text) AS length "
        "FROM documents d JOIN version_signatures s ON s.doc_id = d.id "
        "WHERE d.id IN (SELECT value FROM json_each(?)) AND s.parameters = ? ORDER BY d.id",
        (json.dumps(list(doc_ids)), parameters)).fetchall()


def document_text(connection: sqlite3.Connection, doc_id: int) -> str:
    row = connection.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else ""


def corpus_top(connection: sqlite3.Connection) -> int:
    """The largest document id there is (0: none); ids are never reused."""
    return connection.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]


def version_state(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM version_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_version_state(connection: sqlite3.Connection, key: str, value: str) -> None:
    connection.execute("INSERT OR REPLACE INTO version_state (key, value) VALUES (?, ?)", (key, value))


def reset_versions(connection: sqlite3.Connection) -> None:
    """Forget the grouping (inside the caller's transaction); the signatures of documents there are are kept."""
    connection.execute("DELETE FROM version_signatures WHERE doc_id IN (SELECT doc_id FROM version_gone)")
    for table in ("version_groups", "version_taken", "version_gone", "version_bands"):
        connection.execute(f"DELETE FROM {table}")


def documents_not_taken(connection: sqlite3.Connection) -> list[int]:
    """Documents the grouping has not taken in, newest first (read through the small sha256 index,
    not the documents' rows)."""
    ids = [row[0] for row in connection.execute(
        "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM version_taken)")]
    return sorted(ids, reverse=True)


def documents_gone(connection: sqlite3.Connection) -> list[tuple[int, bytes | None, int | None, int | None]]:
    """Deleted documents the grouping still holds: id, minhash and shingles (None if never
    signed), group id (None: in no group)."""
    return connection.execute(
        "SELECT x.doc_id, s.minhash, s.shingles, g.group_id FROM version_gone x LEFT JOIN version_signatures s ON s.doc_id = x.doc_id "
        "LEFT JOIN version_groups g ON g.doc_id = x.doc_id").fetchall()


def bucket_members(connection: sqlite3.Connection, buckets: Iterable[int]) -> list[tuple[int, int]]:
    """(bucket, doc id) of the documents taken in that share one of ``buckets``."""
    return connection.execute("SELECT bucket, doc_id FROM version_bands WHERE bucket IN (SELECT value FROM json_each(?))",
                              (json.dumps(sorted(set(buckets))),)).fetchall()


def groups_of(connection: sqlite3.Connection, doc_ids: Iterable[int]) -> dict[int, int]:
    """doc id → group id, for those of ``doc_ids`` in a group."""
    return dict(connection.execute("SELECT doc_id, group_id FROM version_groups WHERE doc_id IN (SELECT value FROM json_each(?))",
                                   (json.dumps(sorted(set(doc_ids))),)).fetchall())


def group_members(connection: sqlite3.Connection, group_ids: Iterable[int]) -> dict[int, list[int]]:
    """group id → its doc ids as stored (a deleted document's row included until it is let go)."""
    members: dict[int, list[int]] = {}
    for group_id, doc_id in connection.execute(
            "SELECT group_id, doc_id FROM version_groups WHERE group_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY group_id, position", (json.dumps(sorted(set(group_ids))),)):
        members.setdefault(group_id, []).append(doc_id)
    return members


def update_version_groups(connection: sqlite3.Connection, dropped_groups: Iterable[int], groups: Iterable[Sequence[int]],
                          taken_in: Iterable[tuple[int, Sequence[int] | None]], let_go: Iterable[tuple[int, Sequence[int] | None]]
                          ) -> None:
    """One step of the grouping (inside the caller's transaction): the groups ``dropped_groups``
    replaced by ``groups`` (each's doc ids, head first; its id is its head's), documents taken in
    and deleted documents let go, each with its bucket keys (None: too short to group)."""
    connection.execute("DELETE FROM version_groups WHERE group_id IN (SELECT value FROM json_each(?))",
                       (json.dumps(sorted(set(dropped_groups))),))
    connection.executemany("INSERT OR REPLACE INTO version_groups (doc_id, group_id, position) VALUES (?, ?, ?)",
                           ((doc_id, members[0], position) for members in groups for position, doc_id in enumerate(members)))
    for doc_id, buckets in let_go:
        connection.executemany("DELETE FROM version_bands WHERE bucket = ? AND doc_id = ?",
                               ((int(bucket), doc_id) for bucket in buckets or ()))
        for table in ("version_taken", "version_gone", "version_groups", "version_signatures"):
            connection.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
    for doc_id, buckets in taken_in:
        connection.execute("INSERT OR IGNORE INTO version_taken (doc_id) VALUES (?)", (doc_id,))
        connection.executemany("INSERT OR IGNORE INTO version_bands (bucket, doc_id) VALUES (?, ?)",
                               ((int(bucket), doc_id) for bucket in buckets or ()))


def has_version_tables(connection: sqlite3.Connection) -> bool:
    """False for a catalog written before versions were grouped (read-only readers cannot add them)."""
    return connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'version_groups'").fetchone() is not None


def version_members(connection: sqlite3.Connection, doc_ids: Sequence[int]) -> dict[int, list[int]]:
    """doc id → the ids of its group (head first), for those of ``doc_ids`` in a group; a
    reader's connection sees only published documents, so members not yet published are left out."""
    if not doc_ids:
        return {}
    rows = connection.execute(
        "SELECT g.doc_id, m.doc_id FROM version_groups g JOIN version_groups m ON m.group_id = g.group_id "
        "JOIN documents d ON d.id = m.doc_id "
        "WHERE g.doc_id IN (SELECT value FROM json_each(?)) ORDER BY g.doc_id, m.position",
        (json.dumps(sorted(set(doc_ids))),)).fetchall()
    members: dict[int, list[int]] = {}
    for doc_id, member in rows:
        members.setdefault(doc_id, []).append(member)
    return {doc_id: ids for doc_id, ids in members.items() if len(ids) > 1}
