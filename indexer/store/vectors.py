"""The vector index: faiss with chunk ids as vector ids, kept in step with the catalog.

A chunk has one vector of its whole text (id = chunk id) and, when the index is built with
sentence windows (``windows`` syllables, the manifest's ``vector_windows``), one more vector per
window of its sentences (ids ``window_id(chunk, j)``); a chunk's dense score is the best of its
vectors. A 160-syllable chunk's vector blurs what each sentence says, so a sentence or a
question about one clause finds its chunk through the window that holds it (docs/decisions.md).

Exact inner-product search (vectors are normalised, so cosine) by default; above
``HNSW_THRESHOLD`` vectors (or when asked) an HNSW graph. The file is replaced atomically
and only then does the catalog mark chunks as embedded, so after a crash the catalog can
only under-report, and re-adding is idempotent (ids are removed before they are added).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import faiss
import numpy as np

from indexer.chunking import sentence_windows
from indexer.embedding import Embedder
from indexer.store.embedding_cache import EmbeddingCache, embed_with_cache
from indexer.store.catalog import CHUNK_TEXT, CHUNKS_WITH_DOCUMENTS, clear_pending_deletes, pending_deletes, transaction
from indexer.store import integrity
from indexer.store.layout import Layout, writing

HNSW_THRESHOLD = 200_000  # vectors
_BATCH = 32
_SAVE_EVERY_S = 60.0
WINDOW_BASE = 1 << 40  # window vector ids start here; chunk ids stay below
WINDOW_SLOTS = 16  # window ids per chunk: a chunk's windows beyond the 16th are not embedded
# Windows come back beside their chunk's other vectors: take this many vectors per chunk wanted.
_WINDOW_FETCH = 4
# A windowed chunk's score: (1 − w)·cos(its own vector) + w·cos(its best vector); the caller
# picks w (api/search/searcher.py: by the query's form). Default: the best vector alone.
WINDOW_WEIGHT = 1.0


def window_id(chunk_id: int, j: int) -> int:
    return WINDOW_BASE + chunk_id * WINDOW_SLOTS + j


def owners(vector_ids: np.ndarray) -> np.ndarray:
    """The chunk each vector id belongs to."""
    return np.where(vector_ids < WINDOW_BASE, vector_ids, (vector_ids - WINDOW_BASE) // WINDOW_SLOTS)


def all_vector_ids(chunk_ids: Iterable[int], windows: bool = True) -> np.ndarray:
    """Every id the chunks' vectors may have (their own and every window slot)."""
    chunks = np.fromiter(chunk_ids, dtype=np.int64)
    if not windows:
        return chunks
    slots = WINDOW_BASE + chunks[:, None] * WINDOW_SLOTS + np.arange(WINDOW_SLOTS, dtype=np.int64)[None, :]
    return np.concatenate([chunks, slots.ravel()])


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
    """Write the index to a temporary file, record its checksum, swap it in (atomically); a
    failure (a full disk) leaves the committed file and removes the temporary one."""
    layout = Layout(path.parent)
    temporary = path.with_suffix(".tmp")
    sha, size = hashlib.sha256(), 0
    try:
        with writing("vector index", path), open(temporary, "wb") as handle:
            def write(block: bytes) -> int:
                nonlocal size
                handle.write(block)
                sha.update(block)
                size += len(block)
                return len(block)

            faiss.write_index(index, faiss.PyCallbackIOWriter(write))
            handle.flush()
            os.fsync(handle.fileno())
        integrity.record_vectors(layout, size, sha.hexdigest(), index.ntotal, replacing=True)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, path)
    integrity.record_vectors(layout, size, sha.hexdigest(), index.ntotal, replacing=False)


def _chunk_texts(catalog: sqlite3.Connection, where: str, params: tuple = (), limit: int = -1) -> list[tuple[int, str, str]]:
    """(chunk id, context, text) — embedded as ``Chunk.indexed_text``: context, a line break, text."""
    return catalog.execute(
        f"SELECT c.id, c.context, {CHUNK_TEXT} FROM {CHUNKS_WITH_DOCUMENTS} WHERE {where} ORDER BY c.id LIMIT ?",
        (*params, limit)).fetchall()


def vector_texts(rows: list[tuple[int, str, str]], windows: int) -> list[tuple[int, str]]:
    """(vector id, text embedded) for these chunks: the whole chunk, then its sentence windows,
    each after the chunk's context (title and section path)."""
    out = []
    for chunk_id, context, text in rows:
        lead = f"{context}\n" if context else ""
        out.append((chunk_id, lead + text))
        for j, (start, end) in enumerate(sentence_windows(text, windows)[:WINDOW_SLOTS]):
            out.append((window_id(chunk_id, j), lead + text[start:end]))
    return out


def expected_vectors(catalog: sqlite3.Connection, windows: int, sample: int = 500) -> int:
    """Vectors the index will hold once every chunk is embedded: chunks × (1 + the mean number
    of windows of a sample of them, every ``step``-th id)."""
    total = catalog.execute("SELECT count(*) FROM chunks").fetchone()[0]
    if not windows or not total:
        return total
    step = max(1, total // sample)
    rows = catalog.execute(f"SELECT {CHUNK_TEXT} FROM {CHUNKS_WITH_DOCUMENTS} WHERE c.id % ? = 0", (step,)).fetchall()
    per_chunk = 1 + sum(min(len(sentence_windows(r[0], windows)), WINDOW_SLOTS) for r in rows) / max(1, len(rows))
    return int(total * per_chunk)


def _add(index: faiss.Index, embedder: Embedder, cache: EmbeddingCache, texts: list[tuple[int, str]]):
    result = embed_with_cache(embedder, cache, [t for _, t in texts])
    index.add_with_ids(result.vectors, np.array([i for i, _ in texts], dtype=np.int64))
    return result


def _rebuild(catalog: sqlite3.Connection, embedder: Embedder, cache: EmbeddingCache, kind: str,
             windows: int) -> faiss.Index:
    """A fresh index from every embedded chunk's cached vectors."""
    index = new_index(embedder.dim, kind)
    rows = _chunk_texts(catalog, "c.embedded = 1")
    for start in range(0, len(rows), 1024):
        _add(index, embedder, cache, vector_texts(rows[start:start + 1024], windows))
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
    *,
    windows: int,
) -> int:
    """Embed every chunk not yet embedded (or only those of ``only``), with sentence windows of
    ``windows`` syllables (0: none), and apply pending deletions; returns chunks embedded."""
    index = load(path, embedder.dim)
    if not path.is_file():
        with transaction(catalog):  # a lost file: everything must be added again (from the cache)
            catalog.execute("UPDATE chunks SET embedded = 0 WHERE embedded = 1")
    wanted = kind if kind != "auto" else ("hnsw" if expected_vectors(catalog, windows) > HNSW_THRESHOLD else "flat")
    deletes = pending_deletes(catalog, "vectors")
    rebuilt = wanted != index_kind(index) or bool(deletes and index_kind(index) == "hnsw")
    if rebuilt:
        index = _rebuild(catalog, embedder, cache, wanted, windows)  # HNSW cannot delete in place
    elif deletes:
        index.remove_ids(all_vector_ids(deletes, bool(windows)))
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
        texts = vector_texts(rows, windows)
        if flat:
            index.remove_ids(all_vector_ids((r[0] for r in rows), bool(windows)))
        result = _add(index, embedder, cache, texts)
        for position in result.truncated:
            if warn and texts[position][0] < WINDOW_BASE:
                warn(f"chunk {texts[position][0]} is longer than {embedder.max_tokens} tokens of {embedder.name}; its end was not embedded")
        unsaved.extend(r[0] for r in rows)
        embedded += len(rows)
        if progress:
            progress(len(rows))
        if time.monotonic() - last_save > _SAVE_EVERY_S:
            commit()
    if unsaved or deletes or rebuilt or not path.is_file():
        commit()
    return embedded


def chunk_score(own: float, best: float, window_weight: float) -> float:
    """A chunk's dense score from its own vector's cosine and its best vector's (windows included)."""
    return (1.0 - window_weight) * own + window_weight * best


class VectorSearcher:
    def __init__(self, path: Path):
        # One query at a time: OpenMP threads cost more than they bring on small searches
        # (docs/decisions.md).
        faiss.omp_set_num_threads(1)
        self.index = faiss.read_index(str(path)) if path.is_file() else None
        self.windowed = False
        self.chunks = 0  # chunks with vectors
        self._ids = np.empty(0, dtype=np.int64)  # every vector id, sorted
        if self.index is not None and self.index.ntotal:
            self._ids = np.sort(faiss.vector_to_array(faiss.downcast_index(self.index).id_map))
            self.chunks = int(np.searchsorted(self._ids, WINDOW_BASE))
            self.windowed = self.chunks < len(self._ids)

    @property
    def size(self) -> int:
        """Vectors held (chunks and windows)."""
        return self.index.ntotal if self.index is not None else 0

    def similarity(self, query: np.ndarray, chunk_ids: Iterable[int], window_weight: float = WINDOW_WEIGHT) -> dict[int, float]:
        """Exact ``chunk_score`` of ``query`` for these chunks (those embedded), from their stored vectors."""
        chunks = np.unique(np.fromiter(chunk_ids, dtype=np.int64))
        if self.index is None or len(chunks) == 0:
            return {}
        wanted = all_vector_ids(chunks, self.windowed)
        positions = np.searchsorted(self._ids, wanted)
        present = wanted[(positions < len(self._ids)) & (self._ids[np.minimum(positions, len(self._ids) - 1)] == wanted)]
        if len(present) == 0:
            return {}
        scores = faiss.downcast_index(self.index).reconstruct_batch(present) @ query
        own = {int(i): float(v) for i, v in zip(present[present < WINDOW_BASE], scores[present < WINDOW_BASE])}
        best: dict[int, float] = {}
        for chunk, score in zip(owners(present).tolist(), scores.tolist()):
            if score > best.get(chunk, -2.0):
                best[chunk] = score
        return {chunk: chunk_score(own[chunk], best[chunk], window_weight) for chunk in own}

    def search(self, query: np.ndarray, limit: int, chunk_ids: Iterable[int] | None = None,
               window_weight: float = WINDOW_WEIGHT) -> list[tuple[int, float]]:
        """The ``limit`` best chunks, each scored by ``chunk_score`` (its vector and its best window)."""
        if self.index is None or self.index.ntotal == 0:
            return []
        fetch = limit * _WINDOW_FETCH if self.windowed else limit
        hnsw = index_kind(self.index) == "hnsw"
        params = faiss.SearchParametersHNSW(efSearch=max(128, fetch)) if hnsw else None
        if chunk_ids is not None:
            allowed = all_vector_ids(chunk_ids, self.windowed)
            if len(allowed) == 0:
                return []
            selector = faiss.IDSelectorBatch(allowed)
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(128, fetch)) if hnsw \
                else faiss.SearchParameters(sel=selector)
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), fetch, params=params)
        best: dict[int, float] = {}
        hits = ids[0] >= 0
        for chunk, score in zip(owners(ids[0][hits]).tolist(), scores[0][hits].tolist()):
            best.setdefault(chunk, score)  # best first: a chunk's first vector is its best
        if not self.windowed:
            return list(best.items())[:limit]
        if window_weight < 1.0:
            found = np.fromiter(best, dtype=np.int64)
            own = faiss.downcast_index(self.index).reconstruct_batch(found) @ query
            best = {c: chunk_score(float(o), best[c], window_weight) for c, o in zip(found.tolist(), own)}
        return sorted(best.items(), key=lambda pair: -pair[1])[:limit]
