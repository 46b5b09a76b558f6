"""The catalog: documents, their paths, sections and chunks in SQLite — the index's truth.

The lexical and vector indexes are derived from it. Work they still owe is recorded here in
the same transaction that creates it (``chunks.lexical = 0``, ``chunks.embedded = 0``,
``pending_deletes``), so a process killed at any point leaves a catalog that says exactly
what to redo, and redoing it is idempotent.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    encodings TEXT NOT NULL,          -- JSON list
    title TEXT, unit TEXT, doc_type TEXT, number TEXT, place TEXT,
    date TEXT,                        -- ISO yyyy-mm-dd or NULL
    year INTEGER, signer TEXT, signer_position TEXT, level TEXT,
    metadata TEXT NOT NULL,           -- JSON, every field with its span
    pages TEXT NOT NULL,              -- JSON [[page, start, end], ...]
    warnings TEXT NOT NULL,           -- JSON list
    text TEXT NOT NULL,
    indexed_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS paths (
    path TEXT PRIMARY KEY,            -- absolute
    doc_id INTEGER NOT NULL REFERENCES documents(id),
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL
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
    text_hash TEXT NOT NULL,                -- sha256 of context + text, the embedding cache key
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
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    code TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL DEFAULT (datetime('now'))
);
"""


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(SCHEMA)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.row_factory = sqlite3.Row
    return connection


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def delete_document(connection: sqlite3.Connection, doc_id: int) -> int:
    """Remove a document and queue its chunks for removal from the derived indexes."""
    ids = [row[0] for row in connection.execute("SELECT id FROM chunks WHERE doc_id = ?", (doc_id,))]
    connection.executemany("INSERT OR IGNORE INTO pending_deletes VALUES (?, 'lexical')", ((i,) for i in ids))
    connection.executemany("INSERT OR IGNORE INTO pending_deletes VALUES (?, 'vectors')", ((i,) for i in ids))
    connection.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
    connection.execute("DELETE FROM sections WHERE doc_id = ?", (doc_id,))
    connection.execute("DELETE FROM paths WHERE doc_id = ?", (doc_id,))
    connection.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    return len(ids)


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
