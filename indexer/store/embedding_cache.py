"""Persistent embedding cache: (embedder name, sha256 of the text) → float32 vector, in SQLite.

WAL mode and one transaction per `put_many`, so several processes can share the file and a
process killed mid-write (kill -9) leaves either all of a batch or none of it."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from indexer.embedding.base import Embedded, Embedder
from indexer.store.layout import writing

# A rowid table: a 1,536-byte vector fits in its 4 KB page. A WITHOUT ROWID table spills
# each row above ~1 KB into an overflow page, three times the size (docs/decisions.md).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS vector_rows (
    embedder  TEXT    NOT NULL,
    text_hash BLOB    NOT NULL,
    dim       INTEGER NOT NULL,
    truncated INTEGER NOT NULL,
    vector    BLOB    NOT NULL,
    UNIQUE (embedder, text_hash)
)
"""
_LOOKUP_BATCH = 500  # stays under SQLite's bound-parameter limit on old builds


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class EmbeddingCache:
    def __init__(self, path: str | os.PathLike, timeout_s: float = 60.0) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self._conn: sqlite3.Connection | None = None
        self._pid = -1
        self._connect()

    def _connect(self) -> sqlite3.Connection:
        # A connection must not cross fork(): a child opens its own.
        if self._conn is None or self._pid != os.getpid():
            with writing("embedding cache", self.path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL mode
                conn.execute(_SCHEMA)
            self._conn, self._pid = conn, os.getpid()
        return self._conn

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def lookup(self, name: str, texts: Sequence[str]) -> dict[int, tuple[np.ndarray, bool]]:
        """index → (vector, was truncated when embedded) for every text already cached."""
        conn = self._connect()
        keys = [text_key(t) for t in texts]
        wanted: dict[bytes, list[int]] = {}
        for i, key in enumerate(keys):
            wanted.setdefault(key, []).append(i)
        found: dict[int, tuple[np.ndarray, bool]] = {}
        unique = list(wanted)
        for start in range(0, len(unique), _LOOKUP_BATCH):
            part = unique[start : start + _LOOKUP_BATCH]
            rows = conn.execute(
                f"SELECT text_hash, dim, truncated, vector FROM vector_rows "
                f"WHERE embedder = ? AND text_hash IN ({','.join('?' * len(part))})",
                [name, *part],
            ).fetchall()
            for key, dim, truncated, blob in rows:
                if len(blob) != 4 * dim:  # a damaged row is a miss, not a wrong vector
                    continue
                vec = np.frombuffer(blob, dtype="<f4").astype(np.float32)
                for i in wanted[bytes(key)]:
                    found[i] = (vec, bool(truncated))
        return found

    def get_many(self, name: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        return {i: vec for i, (vec, _) in self.lookup(name, texts).items()}

    def put_many(
        self, name: str, texts: Sequence[str], vectors: np.ndarray, truncated: Sequence[int] = ()
    ) -> None:
        """Store vectors[i] for texts[i]; `truncated` lists the indexes that were cut when embedded."""
        vectors = np.asarray(vectors, dtype="<f4")
        if vectors.ndim != 2 or len(vectors) != len(texts):
            raise ValueError(f"{len(texts)} texts but vectors of shape {vectors.shape}")
        cut = set(truncated)
        rows = [
            (name, text_key(t), vectors.shape[1], int(i in cut), vectors[i].tobytes())
            for i, t in enumerate(texts)
        ]
        conn = self._connect()
        with writing("embedding cache", self.path):
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR REPLACE INTO vector_rows VALUES (?, ?, ?, ?, ?)", rows)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite has already rolled back after a full disk
                    conn.execute("ROLLBACK")
                raise

    def count(self, name: str | None = None) -> int:
        conn = self._connect()
        if name is None:
            return conn.execute("SELECT COUNT(*) FROM vector_rows").fetchone()[0]
        return conn.execute("SELECT COUNT(*) FROM vector_rows WHERE embedder = ?", (name,)).fetchone()[0]


def embed_with_cache(
    embedder: Embedder, cache: EmbeddingCache | None, texts: Sequence[str], commit_every: int = 256
) -> Embedded:
    """embedder.embed_passages(texts), embedding only the texts `cache` does not hold (each
    distinct text once). Misses are stored every `commit_every` texts, so an interrupted run
    keeps what it embedded."""
    texts = list(texts)
    if cache is None:
        return embedder.embed_passages(texts)
    hits = cache.lookup(embedder.name, texts)
    misses: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        if i not in hits:
            misses.setdefault(t, []).append(i)
    vectors = np.empty((len(texts), embedder.dim), dtype=np.float32)
    truncated = {i for i, (_, cut) in hits.items() if cut}
    for i, (vec, _) in hits.items():
        vectors[i] = vec
    todo = list(misses)
    for start in range(0, len(todo), max(1, commit_every)):
        part = todo[start : start + max(1, commit_every)]
        fresh = embedder.embed_passages(part)
        cache.put_many(embedder.name, part, fresh.vectors, fresh.truncated)
        fresh_cut = set(fresh.truncated)
        for j, t in enumerate(part):
            for i in misses[t]:
                vectors[i] = fresh.vectors[j]
                if j in fresh_cut:
                    truncated.add(i)
    return Embedded(vectors=vectors, truncated=sorted(truncated))
