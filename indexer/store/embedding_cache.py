"""Persistent embedding cache: (embedder, text hash) → vector, one int8 row each.

    embeddings.sqlite      keys: (embedder, 16 bytes of the text's sha256) → row number, truncated
    embeddings.<dim>.rows  the rows of vectors of ``dim`` dimensions, appended, never changed

A row is a vector's float32 scale and ``dim`` signed bytes (``quantize``): 388 bytes for
e5-small instead of 1,536, at a cosine of 0.9999 to the float vector (docs/decisions.md). A
text's row number never changes once committed, so a compact vector index refers to its vectors
by row and reads them back, memory-mapped, to rescore its candidates (``RowReader``).

A writer holds SQLite's write lock (BEGIN IMMEDIATE) while it writes rows after the committed
count, syncs them, then commits their keys and the new count: a process killed mid-write
(kill -9) leaves either all of a batch or none of it (bytes past the committed count are
garbage the next writer overwrites). Several processes can share the files (WAL). A cache
written by an earlier tracuu (float32 blobs in SQLite) is converted when opened."""

from __future__ import annotations

import hashlib
import os
import shutil
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
    name TEXT    NOT NULL UNIQUE,
    dim  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS row_files (
    dim  INTEGER PRIMARY KEY,
    rows INTEGER NOT NULL  -- rows committed in embeddings.<dim>.rows
);
CREATE TABLE IF NOT EXISTS keys (
    embedder  INTEGER NOT NULL,
    text_hash BLOB    NOT NULL,
    row       INTEGER NOT NULL,
    truncated INTEGER NOT NULL,
    PRIMARY KEY (embedder, text_hash)
) WITHOUT ROWID;
"""
_OLD_TABLE = "vector_rows"  # float32 blobs keyed by the embedder's name and the whole sha256
_LOOKUP_BATCH = 500  # stays under SQLite's bound-parameter limit on old builds
_HASH_BYTES = 16


def text_key(text) -> bytes:
    if isinstance(text, bytes):  # already a key (an old cache being converted)
        return text
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:_HASH_BYTES]


def row_bytes(dim: int) -> int:
    return dim + 4


def rows_path(cache_path: Path, dim: int) -> Path:
    """The rows file of vectors of ``dim`` dimensions beside the cache's keys."""
    return cache_path.with_name(f"{cache_path.stem}.{dim}.rows")


def cache_files(cache_path: Path) -> list[Path]:
    """Every file of a cache (keys, SQLite's journal files, rows files) that exists."""
    found = [Path(f"{cache_path}{suffix}") for suffix in ("", "-wal", "-shm")]
    found += sorted(cache_path.parent.glob(f"{cache_path.stem}.*.rows"))
    return [p for p in found if p.exists()]


def quantize(vectors: np.ndarray) -> np.ndarray:
    """Each row as its float32 scale (largest magnitude / 127) then its values in units of it, int8:
    a (n, dim + 4) uint8 array."""
    vectors = np.asarray(vectors, dtype=np.float32)
    scale = np.maximum(np.abs(vectors).max(axis=1), 1e-30) / 127.0
    codes = np.clip(np.rint(vectors / scale[:, None]), -127, 127).astype(np.int8)
    return np.concatenate([scale.astype("<f4").view(np.uint8).reshape(-1, 4), codes.view(np.uint8)], axis=1)


def dequantize(packed: np.ndarray) -> np.ndarray:
    """float32 vectors of ``quantize``d rows."""
    packed = np.asarray(packed, dtype=np.uint8)
    scale = np.ascontiguousarray(packed[:, :4]).view("<f4").astype(np.float32)
    return np.ascontiguousarray(packed[:, 4:]).view(np.int8).astype(np.float32) * scale


@dataclass
class CachedEmbedded(Embedded):
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # each text's row number


class EmbeddingCache:
    def __init__(self, path: str | os.PathLike, timeout_s: float = 60.0) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self._conn: sqlite3.Connection | None = None
        self._pid = -1
        self._embedders: dict[str, tuple[int, int]] = {}
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
            self._conn, self._pid, self._embedders = conn, os.getpid(), {}
            self._convert_old_tables()
            self._forget_lost_rows()
        return self._conn

    def _forget_lost_rows(self) -> None:
        """Keys whose rows are not in their rows file (the keys copied without it, a file cut
        short) are dropped: their texts are embedded again rather than served as wrong vectors."""
        conn = self._conn
        for dim, rows in conn.execute("SELECT dim, rows FROM row_files").fetchall():
            path = rows_path(self.path, dim)
            have = (path.stat().st_size if path.is_file() else 0) // row_bytes(dim)
            if have >= rows:
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM keys WHERE row >= ? AND embedder IN (SELECT id FROM embedders WHERE dim = ?)",
                             (have, dim))
                conn.execute("UPDATE row_files SET rows = ? WHERE dim = ?", (have, dim))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _embedder(self, name: str, dim: int | None = None) -> tuple[int, int] | None:
        """(id, dim) of the embedder called ``name``; created with ``dim`` when given."""
        if name not in self._embedders:
            conn = self._connect()
            if dim is not None:
                conn.execute("INSERT OR IGNORE INTO embedders (name, dim) VALUES (?, ?)", (name, dim))
            row = conn.execute("SELECT id, dim FROM embedders WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            self._embedders[name] = (row[0], row[1])
        found = self._embedders[name]
        if dim is not None and found[1] != dim:
            raise ValueError(f"{self.path.name}: {name} was cached with {found[1]} dimensions, not {dim}")
        return found

    def _read_rows(self, dim: int, rows: np.ndarray) -> np.ndarray:
        stride = row_bytes(dim)
        out = np.empty((len(rows), stride), dtype=np.uint8)
        with open(rows_path(self.path, dim), "rb") as handle:
            for i, row in enumerate(rows.tolist()):
                out[i] = np.frombuffer(os.pread(handle.fileno(), stride, row * stride), dtype=np.uint8)
        return dequantize(out)

    def lookup(self, name: str, texts: Sequence[str]) -> dict[int, tuple[np.ndarray, bool, int]]:
        """index → (vector, was truncated when embedded, row number) for every text already cached."""
        embedder = self._embedder(name)
        if embedder is None:
            return {}
        conn = self._connect()
        wanted: dict[bytes, list[int]] = {}
        for i, text in enumerate(texts):
            wanted.setdefault(text_key(text), []).append(i)
        keys, rows, cut = [], [], []
        unique = list(wanted)
        for start in range(0, len(unique), _LOOKUP_BATCH):
            part = unique[start : start + _LOOKUP_BATCH]
            for key, row, truncated in conn.execute(
                    f"SELECT text_hash, row, truncated FROM keys WHERE embedder = ? AND text_hash IN ({','.join('?' * len(part))})",
                    [embedder[0], *part]):
                keys.append(bytes(key))
                rows.append(row)
                cut.append(bool(truncated))
        found: dict[int, tuple[np.ndarray, bool, int]] = {}
        if not keys:
            return found
        try:
            vectors = self._read_rows(embedder[1], np.array(rows, dtype=np.int64))
        except (OSError, ValueError):  # a damaged rows file is a miss, not a wrong vector
            return found
        for key, row, truncated, vector in zip(keys, rows, cut, vectors):
            for i in wanted[key]:
                found[i] = (vector, truncated, row)
        return found

    def get_many(self, name: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        return {i: found[0] for i, found in self.lookup(name, texts).items()}

    def put_many(
        self, name: str, texts: Sequence[str], vectors: np.ndarray, truncated: Sequence[int] = ()
    ) -> list[int]:
        """Store vectors[i] for texts[i] (a text already cached keeps its row); `truncated` lists the
        indexes that were cut when embedded. Returns each text's row number."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(texts):
            raise ValueError(f"{len(texts)} texts but vectors of shape {vectors.shape}")
        cut = set(truncated)
        keys = [text_key(t) for t in texts]
        conn = self._connect()
        dim = vectors.shape[1]
        with writing("embedding cache", self.path):
            embedder = self._embedder(name, dim)[0]
            conn.execute("BEGIN IMMEDIATE")
            try:
                first: dict[bytes, int] = {}
                for i, key in enumerate(keys):
                    first.setdefault(key, i)
                rows = _committed_rows(conn, embedder, list(first))
                new = [key for key in first if key not in rows]
                if new:
                    count = (conn.execute("SELECT rows FROM row_files WHERE dim = ?", (dim,)).fetchone() or (0,))[0]
                    _append_rows(rows_path(self.path, dim), count, quantize(vectors[[first[key] for key in new]]))
                    conn.executemany("INSERT INTO keys VALUES (?, ?, ?, ?)",
                                     [(embedder, key, count + j, int(first[key] in cut)) for j, key in enumerate(new)])
                    conn.execute("INSERT INTO row_files VALUES (?, ?) ON CONFLICT (dim) DO UPDATE SET rows = excluded.rows",
                                 (dim, count + len(new)))
                    rows.update((key, count + j) for j, key in enumerate(new))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite has already rolled back after a full disk
                    conn.execute("ROLLBACK")
                raise
        return [rows[key] for key in keys]

    def count(self, name: str | None = None) -> int:
        conn = self._connect()
        if name is None:
            return conn.execute("SELECT COUNT(*) FROM keys").fetchone()[0]
        embedder = self._embedder(name)
        if embedder is None:
            return 0
        return conn.execute("SELECT COUNT(*) FROM keys WHERE embedder = ?", (embedder[0],)).fetchone()[0]

    def committed_rows(self) -> dict[int, int]:
        """dim → rows committed in its rows file."""
        return dict(self._connect().execute("SELECT dim, rows FROM row_files"))

    def copy_to(self, target: Path) -> None:
        """A consistent copy of the cache at ``target`` (keys, then each rows file up to the count
        the copied keys know: rows are never changed, so that prefix is what they refer to)."""
        copy = sqlite3.connect(target)
        try:
            self._connect().backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            counts = dict(copy.execute("SELECT dim, rows FROM row_files"))
        finally:
            copy.close()
        for dim, rows in counts.items():
            with open(rows_path(self.path, dim), "rb") as source, open(rows_path(target, dim), "wb") as out:
                shutil.copyfileobj(_Prefix(source, rows * row_bytes(dim)), out)

    def _convert_old_tables(self) -> None:
        """Move the float32 vectors of an earlier tracuu's cache into keys and rows (once)."""
        conn = self._conn
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_OLD_TABLE,)).fetchone():
            return
        by_name: dict[str, list[tuple[bytes, bool, np.ndarray]]] = {}
        for name, key, truncated, blob, dim in conn.execute(
                f"SELECT embedder, text_hash, truncated, vector, dim FROM {_OLD_TABLE}"):
            if len(blob) == 4 * dim:  # a damaged row is left out: its text is embedded again
                by_name.setdefault(name, []).append((bytes(key)[:_HASH_BYTES], bool(truncated),
                                                     np.frombuffer(blob, dtype="<f4")))
        for name, items in by_name.items():
            for start in range(0, len(items), 4096):
                part = items[start:start + 4096]
                self.put_many(name, [key for key, _, _ in part], np.stack([v for _, _, v in part]),
                              [i for i, (_, cut, _) in enumerate(part) if cut])
        conn.execute(f"DROP TABLE {_OLD_TABLE}")


def _committed_rows(conn: sqlite3.Connection, embedder: int, keys: Sequence[bytes]) -> dict[bytes, int]:
    rows: dict[bytes, int] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), _LOOKUP_BATCH):
        part = unique[start : start + _LOOKUP_BATCH]
        rows.update((bytes(key), row) for key, row in conn.execute(
            f"SELECT text_hash, row FROM keys WHERE embedder = ? AND text_hash IN ({','.join('?' * len(part))})",
            [embedder, *part]))
    return rows


def _append_rows(path: Path, count: int, packed: np.ndarray) -> None:
    """Write rows at row ``count`` (past the committed ones; what a killed writer left there is
    overwritten) and make them durable before their keys are committed."""
    with writing("embedding cache", path):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            data = packed.tobytes()
            offset = count * packed.shape[1]
            written = 0
            while written < len(data):
                written += os.pwrite(fd, data[written:], offset + written)
            os.fsync(fd)
        finally:
            os.close(fd)


class _Prefix:
    """The first ``size`` bytes of a file, for shutil.copyfileobj."""

    def __init__(self, handle, size: int):
        self.handle, self.left = handle, size

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        block = self.handle.read(n)
        self.left -= len(block)
        return block


class RowReader:
    """A cache's rows of ``dim`` dimensions by number, memory-mapped (for rescoring; thread-safe)."""

    def __init__(self, cache_path: Path, dim: int) -> None:
        self.path = rows_path(cache_path, dim)
        self.dim = dim
        self._lock = threading.Lock()
        self._rows = self._map()

    def _map(self) -> np.ndarray:
        stride = row_bytes(self.dim)
        size = self.path.stat().st_size if self.path.is_file() else 0
        if size < stride:
            return np.empty((0, stride), dtype=np.uint8)
        return np.asarray(np.memmap(self.path, dtype=np.uint8, mode="r", shape=(size // stride, stride)))  # see read_row_map

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """The float32 vectors of these rows, in their order (KeyError naming a row past the file)."""
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) and rows.max() >= len(self._rows):
            with self._lock:
                self._rows = self._map()  # appended since it was mapped
            if rows.max() >= len(self._rows):
                raise KeyError(f"row {int(rows.max()):,} is missing from {self.path.name} "
                               f"({len(self._rows):,} rows)")
        return dequantize(self._rows[rows])

    def close(self) -> None:
        self._rows = np.empty((0, row_bytes(self.dim)), dtype=np.uint8)


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
        stored = dequantize(quantize(fresh.vectors))
        fresh_cut = set(fresh.truncated)
        for j, t in enumerate(part):
            for i in misses[t]:
                vectors[i], rows[i] = stored[j], part_rows[j]
                if j in fresh_cut:
                    truncated.add(i)
    return CachedEmbedded(vectors=vectors, truncated=sorted(truncated), rows=rows)
