"""Persistent embedding cache: (embedder, text hash) → vector, in SQLite, one int8 row each.

A vector is stored as its float32 scale and ``dim`` signed bytes (``quantize``): 388 bytes for
e5-small instead of 1,536, at a cosine of 0.9999 to the float vector (docs/decisions.md). The
row's ``id`` never changes once written (rows are inserted or ignored, never replaced), so a
compact vector index can refer to its vectors by row id and read them back to rescore its
candidates (``read_rows``).

WAL mode and one transaction per `put_many`, so several processes can share the file and a
process killed mid-write (kill -9) leaves either all of a batch or none of it. A cache written
by an earlier tracuu (float32 rows keyed by the embedder's name) is converted when opened."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.embedding.base import Embedded, Embedder
from indexer.store.layout import writing

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embedders (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS vectors (
    id        INTEGER PRIMARY KEY,
    embedder  INTEGER NOT NULL,
    text_hash BLOB    NOT NULL,
    truncated INTEGER NOT NULL,
    vector    BLOB    NOT NULL,
    UNIQUE (embedder, text_hash)
);
"""
_OLD_TABLE = "vector_rows"  # float32 blobs, (embedder name, sha256) keys
_LOOKUP_BATCH = 500  # stays under SQLite's bound-parameter limit on old builds
_HASH_BYTES = 16


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:_HASH_BYTES]


def quantize(vectors: np.ndarray) -> list[bytes]:
    """Each row as its float32 scale (largest magnitude / 127) and its values in units of it, int8."""
    vectors = np.asarray(vectors, dtype=np.float32)
    scale = np.maximum(np.abs(vectors).max(axis=1), 1e-30) / 127.0
    codes = np.clip(np.rint(vectors / scale[:, None]), -127, 127).astype(np.int8)
    packed = np.concatenate([scale.astype("<f4").view(np.uint8).reshape(-1, 4), codes.view(np.uint8)], axis=1)
    return [row.tobytes() for row in packed]


def dequantize(blobs: Sequence[bytes], dim: int) -> np.ndarray:
    """float32 rows of ``quantize``d blobs; a blob of the wrong size raises ValueError."""
    if not blobs:
        return np.empty((0, dim), dtype=np.float32)
    packed = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    if any(len(b) != dim + 4 for b in blobs):
        raise ValueError(f"an embedding row is not {dim + 4} bytes")
    packed = packed.reshape(len(blobs), dim + 4)
    scale = packed[:, :4].copy().view("<f4").astype(np.float32)
    return packed[:, 4:].view(np.int8).astype(np.float32) * scale


@dataclass
class CachedEmbedded(Embedded):
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # each text's cache row id


class EmbeddingCache:
    def __init__(self, path: str | os.PathLike, timeout_s: float = 60.0) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self._conn: sqlite3.Connection | None = None
        self._pid = -1
        self._embedder_ids: dict[str, int] = {}
        self._connect()

    def _connect(self) -> sqlite3.Connection:
        # A connection must not cross fork(): a child opens its own.
        if self._conn is None or self._pid != os.getpid():
            with writing("embedding cache", self.path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL mode
                conn.executescript(_SCHEMA)
                _convert_old_rows(conn)
            self._conn, self._pid, self._embedder_ids = conn, os.getpid(), {}
        return self._conn

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _embedder_id(self, name: str, create: bool) -> int | None:
        if name not in self._embedder_ids:
            conn = self._connect()
            if create:
                conn.execute("INSERT OR IGNORE INTO embedders (name) VALUES (?)", (name,))
            row = conn.execute("SELECT id FROM embedders WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            self._embedder_ids[name] = row[0]
        return self._embedder_ids[name]

    def lookup(self, name: str, texts: Sequence[str]) -> dict[int, tuple[np.ndarray, bool, int]]:
        """index → (vector, was truncated when embedded, row id) for every text already cached."""
        embedder = self._embedder_id(name, create=False)
        if embedder is None:
            return {}
        conn = self._connect()
        wanted: dict[bytes, list[int]] = {}
        for i, text in enumerate(texts):
            wanted.setdefault(text_key(text), []).append(i)
        found: dict[int, tuple[np.ndarray, bool, int]] = {}
        unique = list(wanted)
        for start in range(0, len(unique), _LOOKUP_BATCH):
            part = unique[start : start + _LOOKUP_BATCH]
            rows = conn.execute(
                f"SELECT id, text_hash, truncated, vector FROM vectors "
                f"WHERE embedder = ? AND text_hash IN ({','.join('?' * len(part))})",
                [embedder, *part],
            ).fetchall()
            for row_id, key, truncated, blob in rows:
                if len(blob) < 5:  # a damaged row is a miss, not a wrong vector
                    continue
                vector = dequantize([blob], len(blob) - 4)[0]
                for i in wanted[bytes(key)]:
                    found[i] = (vector, bool(truncated), row_id)
        return found

    def get_many(self, name: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        return {i: found[0] for i, found in self.lookup(name, texts).items()}

    def put_many(
        self, name: str, texts: Sequence[str], vectors: np.ndarray, truncated: Sequence[int] = ()
    ) -> list[int]:
        """Store vectors[i] for texts[i] (a text already cached keeps its row); `truncated` lists the
        indexes that were cut when embedded. Returns the row id of each text."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(texts):
            raise ValueError(f"{len(texts)} texts but vectors of shape {vectors.shape}")
        cut = set(truncated)
        keys = [text_key(t) for t in texts]
        conn = self._connect()
        with writing("embedding cache", self.path):
            embedder = self._embedder_id(name, create=True)
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT OR IGNORE INTO vectors (embedder, text_hash, truncated, vector) VALUES (?, ?, ?, ?)",
                    [(embedder, key, int(i in cut), blob) for i, (key, blob) in enumerate(zip(keys, quantize(vectors)))])
                ids = _row_ids(conn, embedder, keys)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite has already rolled back after a full disk
                    conn.execute("ROLLBACK")
                raise
        return [ids[key] for key in keys]

    def count(self, name: str | None = None) -> int:
        conn = self._connect()
        if name is None:
            return conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
        embedder = self._embedder_id(name, create=False)
        if embedder is None:
            return 0
        return conn.execute("SELECT COUNT(*) FROM vectors WHERE embedder = ?", (embedder,)).fetchone()[0]


def _row_ids(conn: sqlite3.Connection, embedder: int, keys: Sequence[bytes]) -> dict[bytes, int]:
    ids: dict[bytes, int] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), _LOOKUP_BATCH):
        part = unique[start : start + _LOOKUP_BATCH]
        ids.update((bytes(key), row_id) for row_id, key in conn.execute(
            f"SELECT id, text_hash FROM vectors WHERE embedder = ? AND text_hash IN ({','.join('?' * len(part))})",
            [embedder, *part]))
    return ids


def _convert_old_rows(conn: sqlite3.Connection) -> None:
    """Move a float32 cache of an earlier tracuu into the int8 table (once, in one transaction)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_OLD_TABLE,)).fetchone():
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_OLD_TABLE,)).fetchone():
            conn.execute(f"INSERT OR IGNORE INTO embedders (name) SELECT DISTINCT embedder FROM {_OLD_TABLE}")
            names = dict(conn.execute("SELECT name, id FROM embedders"))
            cursor = conn.execute(f"SELECT embedder, text_hash, dim, truncated, vector FROM {_OLD_TABLE}")
            while batch := cursor.fetchmany(2048):
                good = [row for row in batch if len(row[4]) == 4 * row[2]]
                blobs = [quantize(np.frombuffer(row[4], dtype="<f4")[None, :])[0] for row in good]
                conn.executemany(
                    "INSERT OR IGNORE INTO vectors (embedder, text_hash, truncated, vector) VALUES (?, ?, ?, ?)",
                    [(names[row[0]], bytes(row[1])[:_HASH_BYTES], row[3], blob) for row, blob in zip(good, blobs)])
            conn.execute(f"DROP TABLE {_OLD_TABLE}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


class RowReader:
    """Read-only access to a cache's rows by id, for rescoring (thread-safe, one connection)."""

    def __init__(self, path: Path, dim: int) -> None:
        self.path, self.dim = path, dim
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    def vectors(self, row_ids: np.ndarray) -> np.ndarray:
        """The float32 vectors of these row ids, in their order (KeyError naming a missing row)."""
        unique = np.unique(row_ids)
        blobs: dict[int, bytes] = {}
        with self._lock:
            for start in range(0, len(unique), _LOOKUP_BATCH):
                part = unique[start : start + _LOOKUP_BATCH].tolist()
                blobs.update(self._conn.execute(
                    f"SELECT id, vector FROM vectors WHERE id IN ({','.join('?' * len(part))})", part))
        missing = [int(i) for i in unique if int(i) not in blobs]
        if missing:
            raise KeyError(f"{len(missing):,} vector row(s) missing from {self.path.name} (e.g. row {missing[0]})")
        return dequantize([blobs[int(i)] for i in row_ids], self.dim)

    def close(self) -> None:
        self._conn.close()


def embed_with_cache(
    embedder: Embedder, cache: EmbeddingCache | None, texts: Sequence[str], commit_every: int = 256
) -> Embedded:
    """embedder.embed_passages(texts), embedding only the texts `cache` does not hold (each
    distinct text once). Misses are stored every `commit_every` texts, so an interrupted run
    keeps what it embedded. With a cache, every vector is the cache's (int8) one, fresh or not,
    and ``rows`` gives each text's row id."""
    texts = list(texts)
    if cache is None:
        return embedder.embed_passages(texts)
    hits = cache.lookup(embedder.name, texts)
    misses: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        if i not in hits:
            misses.setdefault(t, []).append(i)
    vectors = np.empty((len(texts), embedder.dim), dtype=np.float32)
    rows = np.empty(len(texts), dtype=np.int64)
    truncated = {i for i, (_, cut, _) in hits.items() if cut}
    for i, (vector, _, row) in hits.items():
        vectors[i], rows[i] = vector, row
    todo = list(misses)
    for start in range(0, len(todo), max(1, commit_every)):
        part = todo[start : start + max(1, commit_every)]
        fresh = embedder.embed_passages(part)
        part_rows = cache.put_many(embedder.name, part, fresh.vectors, fresh.truncated)
        stored = dequantize(quantize(fresh.vectors), embedder.dim)
        fresh_cut = set(fresh.truncated)
        for j, t in enumerate(part):
            for i in misses[t]:
                vectors[i], rows[i] = stored[j], part_rows[j]
                if j in fresh_cut:
                    truncated.add(i)
    return CachedEmbedded(vectors=vectors, truncated=sorted(truncated), rows=rows)
