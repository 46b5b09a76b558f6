"""The vector index: faiss with chunk ids as vector ids, kept in step with the catalog.

Exact inner-product search (vectors are normalised, so cosine) by default; above
``HNSW_THRESHOLD`` vectors (or when asked) an HNSW graph. The file is replaced atomically
and only then does the catalog mark chunks as embedded, so after a crash the catalog can
only under-report, and re-adding is idempotent (ids are removed before they are added).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import faiss
import numpy as np

from indexer.embedding import Embedder
from indexer.embedding.cache import EmbeddingCache, embed_with_cache
from indexer.store.catalog import CHUNK_TEXT, CHUNKS_WITH_DOCUMENTS, clear_pending_deletes, pending_deletes, transaction

HNSW_THRESHOLD = 200_000
_BATCH = 32
_SAVE_EVERY_S = 60.0


def new_index(dim: int, kind: str = "flat") -> faiss.Index:
    if kind == "hnsw":
        inner = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efSearch = 128
    else:
        inner = faiss.IndexFlatIP(dim)
    return faiss.IndexIDMap2(inner)


def index_kind(index: faiss.Index) -> str:
    outer = faiss.downcast_index(index)  # a view; ``index`` keeps ownership
    inner = faiss.downcast_index(outer.index) if isinstance(outer, faiss.IndexIDMap) else outer
    return "hnsw" if isinstance(inner, faiss.IndexHNSW) else "flat"


def load(path: Path, dim: int) -> faiss.Index:
    if path.is_file():
        return faiss.read_index(str(path))  # keep this proxy: it owns the index (a downcast copy would not)
    return new_index(dim)


def save(index: faiss.Index, path: Path) -> None:
    temporary = path.with_suffix(".tmp")
    faiss.write_index(index, str(temporary))
    with open(temporary, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _chunk_texts(catalog: sqlite3.Connection, where: str, params: tuple = (), limit: int = -1) -> list[tuple[int, str]]:
    """(chunk id, text embedded) — the same text as ``Chunk.indexed_text``."""
    return catalog.execute(
        f"SELECT c.id, CASE WHEN c.context = '' THEN '' ELSE c.context || char(10) END || {CHUNK_TEXT} "
        f"FROM {CHUNKS_WITH_DOCUMENTS} WHERE {where} ORDER BY c.id LIMIT ?", (*params, limit)).fetchall()


def _rebuild(catalog: sqlite3.Connection, embedder: Embedder, cache: EmbeddingCache, kind: str) -> faiss.Index:
    """A fresh index from every embedded chunk's cached vector."""
    index = new_index(embedder.dim, kind)
    rows = _chunk_texts(catalog, "c.embedded = 1")
    for start in range(0, len(rows), 4096):
        part = rows[start:start + 4096]
        vectors = embed_with_cache(embedder, cache, [r[1] for r in part]).vectors
        index.add_with_ids(vectors, np.array([r[0] for r in part], dtype=np.int64))
    return index


def sync(
    path: Path,
    catalog: sqlite3.Connection,
    embedder: Embedder,
    cache: EmbeddingCache,
    progress: Callable[[int], None] | None = None,
    warn: Callable[[str], None] | None = None,
    kind: str = "auto",
    should_stop: Callable[[], bool] = lambda: False,
    only: Iterable[int] | None = None,
) -> int:
    """Embed every chunk not yet embedded (or only those of ``only``) and apply pending
    deletions; returns chunks embedded."""
    index = load(path, embedder.dim)
    if not path.is_file():
        with transaction(catalog):  # a lost file: everything must be added again (from the cache)
            catalog.execute("UPDATE chunks SET embedded = 0 WHERE embedded = 1")
    total = catalog.execute("SELECT count(*) FROM chunks").fetchone()[0]
    wanted = kind if kind != "auto" else ("hnsw" if total > HNSW_THRESHOLD else "flat")
    deletes = pending_deletes(catalog, "vectors")
    rebuilt = wanted != index_kind(index) or bool(deletes and index_kind(index) == "hnsw")
    if rebuilt:
        index = _rebuild(catalog, embedder, cache, wanted)  # HNSW cannot delete in place
    elif deletes:
        index.remove_ids(np.array(deletes, dtype=np.int64))
    unsaved: list[int] = []
    last_save = time.monotonic()
    embedded, cursor = 0, 0  # chunks are taken in id order, after the last one taken
    flat = index_kind(index) == "flat"
    wanted_ids = json.dumps(sorted(set(only))) if only is not None else None

    def commit() -> None:
        nonlocal unsaved, last_save, deletes
        save(index, path)
        with transaction(catalog):
            catalog.executemany("UPDATE chunks SET embedded = 1 WHERE id = ?", ((i,) for i in unsaved))
            clear_pending_deletes(catalog, "vectors", deletes)
        unsaved, deletes, last_save = [], [], time.monotonic()

    while not should_stop():
        if wanted_ids is None:
            rows = _chunk_texts(catalog, "c.embedded = 0 AND c.id > ?", (cursor,), _BATCH)
        else:
            rows = _chunk_texts(catalog, "c.embedded = 0 AND c.id > ? AND c.id IN (SELECT value FROM json_each(?))",
                                (cursor, wanted_ids), _BATCH)
        if not rows:
            break
        cursor = rows[-1][0]
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        result = embed_with_cache(embedder, cache, [r[1] for r in rows])
        for position in result.truncated:
            if warn:
                warn(f"chunk {rows[position][0]} is longer than {embedder.max_tokens} tokens of {embedder.name}; its end was not embedded")
        if flat:
            index.remove_ids(ids)
        index.add_with_ids(result.vectors, ids)
        unsaved.extend(int(i) for i in ids)
        embedded += len(rows)
        if progress:
            progress(len(rows))
        if time.monotonic() - last_save > _SAVE_EVERY_S:
            commit()
    if unsaved or deletes or rebuilt or not path.is_file():
        commit()
    return embedded


class VectorSearcher:
    def __init__(self, path: Path):
        # One query at a time: OpenMP threads cost more than they bring (10k vectors: 1.1 ms on one
        # thread, 28 ms on two, measured in eval/retrieval_speed.py on this 2-core machine).
        faiss.omp_set_num_threads(1)
        self.index = faiss.read_index(str(path)) if path.is_file() else None

    @property
    def size(self) -> int:
        return self.index.ntotal if self.index is not None else 0

    def similarity(self, query: np.ndarray, chunk_ids: Iterable[int]) -> dict[int, float]:
        """Exact inner products of ``query`` with the stored vectors of these chunks (those present)."""
        if self.index is None:
            return {}
        owner = faiss.downcast_index(self.index)  # IndexIDMap2 keeps id → position for reconstruct
        out = {}
        for chunk_id in chunk_ids:
            try:
                out[chunk_id] = float(np.dot(owner.reconstruct(int(chunk_id)), query))
            except RuntimeError:  # not embedded (yet)
                continue
        return out

    def search(self, query: np.ndarray, limit: int, chunk_ids: Iterable[int] | None = None) -> list[tuple[int, float]]:
        if self.index is None or self.index.ntotal == 0:
            return []
        params = None
        if chunk_ids is not None:
            allowed = np.fromiter(chunk_ids, dtype=np.int64)
            if len(allowed) == 0:
                return []
            selector = faiss.IDSelectorBatch(allowed)
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=128) if index_kind(self.index) == "hnsw" \
                else faiss.SearchParameters(sel=selector)
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), limit, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]
