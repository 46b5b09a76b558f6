"""The vector index: faiss with chunk ids as vector ids, kept in step with the catalog.

A chunk has one vector of its whole text (id = chunk id) and, when the index is built with
sentence windows (``windows`` syllables, the manifest's ``vector_windows``), one more vector per
window of its sentences (ids ``window_id(chunk, j)``); a chunk's dense score is the best of its
vectors. A 160-syllable chunk's vector blurs what each sentence says, so a sentence or a
question about one clause finds its chunk through the window that holds it (docs/decisions.md).

Exact inner-product search (vectors are normalised, so cosine) by default. Above
``COMPACT_THRESHOLD`` vectors (or when asked) the index is compact: IVF-PQ codes (48 bytes a
vector) find candidates, which are rescored with their int8 rows in the embedding cache,
read by row id (the index file carries the vector id → row map after faiss's bytes: see
``vector_file``). An HNSW graph over float vectors is still read and built when asked. The
file is replaced atomically and only then does the catalog mark chunks as embedded, so after a
crash the catalog can only under-report, and re-adding is idempotent (ids are removed before
they are added).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import faiss
import numpy as np
from threadpoolctl import threadpool_limits

from indexer.chunking import sentence_windows
from indexer.embedding import Embedder
from indexer.store.embedding_cache import EmbeddingCache, RowReader, embed_with_cache
from indexer.store.catalog import CHUNK_TEXT, CHUNKS_WITH_DOCUMENTS, clear_pending_deletes, pending_deletes, transaction
from indexer.store.layout import Layout
from indexer.store.vector_file import (RowMap, RowMapChange, discard, index_kind, is_compact, ivf_lists, load, new_index,
                                       read_row_map, save, stored_ids, training_size)

COMPACT_THRESHOLD = 200_000  # vectors: above it, "auto" builds a compact (ivfpq) index
_BATCH = 32
_SAVE_EVERY_S = 60.0
# Vectors added beside a compact index before it is written again with them (a flat float index
# of 20,000 vectors is 31 MB and searched in ~2 ms on one thread).
RECENT_MAX = 20_000
RECENT_PART = "recent_vectors"  # its record in checksums.json
WINDOW_BASE = 1 << 40  # window vector ids start here; chunk ids stay below
WINDOW_SLOTS = 16  # window ids per chunk: a chunk's windows beyond the 16th are not embedded
# Windows come back beside their chunk's other vectors: take this many vectors per chunk wanted.
_WINDOW_FETCH = 4
# A windowed chunk's score: (1 − w)·cos(its own vector) + w·cos(its best vector); the caller
# picks w (api/search/searcher.py: by the query's form). Default: the best vector alone.
WINDOW_WEIGHT = 1.0
# A compact index takes this many times the vectors wanted from its codes (at least
# _RESCORE_MIN) and rescores them from their rows: PQ codes rank near neighbours coarsely
# (docs/decisions.md: top-10 recall 0.90 from 400 candidates, 0.98 from 2,000).
_RESCORE = 5
_RESCORE_MIN = 1_000
_CANDIDATES_MAX = 65_536  # what one query may ask of faiss, however repetitive the texts
# Fewer allowed vectors than this (a narrow filter) are scored from their rows, not searched.
_EXACT_BELOW = 4_000
# A filter that leaves less than this share of the chunks is applied inside faiss; a wider one
# after it, on a candidate list enlarged in proportion.
_SELECT_BELOW = 0.05


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




class _Writable:
    """The index being written and, for a compact one, its row map (vector id → cache row): the
    committed map as read (memory-mapped, sorted) and the changes since, merged when saved.

    Beside a compact index the vectors added since it was written go to a small flat index of
    their own (``recent``, vectors.recent.faiss): a new file's few hundred vectors then cost a
    write of that file, not of the whole compact one (481 MB at 1M chunks). The compact file is
    written again, with the recent vectors merged in, only when it lost vectors (a chunk changed
    or removed) or the recent ones pass ``RECENT_MAX``."""

    def __init__(self, index: faiss.Index, row_map: RowMap, recent: tuple[faiss.Index, RowMap] | None = None,
                 path: Path | None = None):
        self.index = index
        self.kind = index_kind(index)
        self._mapped_from = path  # a compact index read memory-mapped: read whole only if it changes
        self._base = row_map
        self._dropped: list[np.ndarray] = []
        self._added_ids: list[np.ndarray] = []
        self._added_rows: list[np.ndarray] = []
        self.recent: faiss.Index | None = None
        self._recent_ids = np.empty(0, dtype=np.int64)
        self._recent_rows = np.empty(0, dtype=np.int64)
        if self.kind == "ivfpq" and recent is not None:
            self.recent = recent[0]
            self._recent_ids, self._recent_rows = np.asarray(recent[1].ids), np.asarray(recent[1].rows)
            self._forget_recent_held_by_base()
        self.base_changed = False  # vectors dropped from the compact index since it was written

    def editable(self) -> faiss.Index:
        """The index in memory (read whole first if it was only mapped): to change or to write."""
        if self._mapped_from is not None:
            self.index = load(self._mapped_from, self.index.d)[0]
            self._mapped_from = None
        return self.index

    def _forget_recent_held_by_base(self) -> None:
        """A crash between writing a merged compact file and discarding the recent one leaves
        the recent vectors in both: the compact file's copy counts."""
        held = self._base.ids
        if not len(held) or not len(self._recent_ids):
            return
        positions = np.minimum(np.searchsorted(held, self._recent_ids), len(held) - 1)
        twice = held[positions] == self._recent_ids
        if twice.any():
            self.recent.remove_ids(self._recent_ids[twice])
            self._recent_ids, self._recent_rows = self._recent_ids[~twice], self._recent_rows[~twice]

    def row_map(self) -> RowMapChange | None:
        if self.kind != "ivfpq":
            return None
        dropped = np.unique(np.concatenate(self._dropped)) if self._dropped else np.empty(0, dtype=np.int64)
        ids, rows = self._added()
        order = np.argsort(ids, kind="stable")
        return RowMapChange(self._base, dropped, ids[order], rows[order])

    def saved(self, path: Path) -> None:
        """The file just written is the new base (read back memory-mapped, not kept in memory)."""
        if self.kind == "ivfpq":
            self._base = read_row_map(path)
            self._dropped, self._added_ids, self._added_rows = [], [], []
            self.base_changed = False

    def _added(self) -> tuple[np.ndarray, np.ndarray]:
        if not self._added_ids:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        ids, rows = np.concatenate(self._added_ids), np.concatenate(self._added_rows)
        self._added_ids, self._added_rows = [ids], [rows]
        return ids, rows

    def add(self, ids: np.ndarray, vectors: np.ndarray, rows: np.ndarray | None) -> None:
        ids = np.asarray(ids, dtype=np.int64)
        if self.recent is not None:
            self.recent.add_with_ids(vectors, ids)
            self._recent_ids = np.concatenate([self._recent_ids, ids])
            self._recent_rows = np.concatenate([self._recent_rows, np.asarray(rows, dtype=np.int64)])
            return
        self.editable().add_with_ids(vectors, ids)
        if self.kind == "ivfpq":
            self._added_ids.append(ids)
            self._added_rows.append(np.asarray(rows, dtype=np.int64))

    def start_recent(self, dim: int) -> None:
        """Send the next additions to a recent index (a compact index only)."""
        if self.kind == "ivfpq" and self.recent is None:
            self.recent = new_index(dim)

    def remove(self, ids: np.ndarray) -> None:
        if self.kind != "ivfpq":
            self.index.remove_ids(ids)
            return
        ids = np.asarray(ids, dtype=np.int64)
        if self.recent is not None and len(self._recent_ids):
            again = np.isin(self._recent_ids, ids)
            if again.any():
                self.recent.remove_ids(self._recent_ids[again])
                self._recent_ids, self._recent_rows = self._recent_ids[~again], self._recent_rows[~again]
        present = []
        held = self._base.ids
        if len(held) and len(ids):
            positions = np.minimum(np.searchsorted(held, ids), len(held) - 1)
            positions = positions[held[positions] == ids]
            if self._dropped:
                positions = positions[~np.isin(positions, np.concatenate(self._dropped))]
            if len(positions):
                self._dropped.append(positions)
                present.append(held[positions])
                self.base_changed = True
        added, rows = self._added()
        if len(added):
            again = np.isin(added, ids)
            if again.any():
                present.append(added[again])
                self._added_ids, self._added_rows = [added[~again]], [rows[~again]]
        if present:  # a compact index scans every list to remove: only when it holds some
            self.editable().remove_ids(np.concatenate(present))

    def merge_recent(self) -> None:
        """Put the recent vectors into the compact index (it is written next)."""
        if self.recent is None:
            return
        if len(self._recent_ids):
            inner = faiss.downcast_index(faiss.downcast_index(self.recent).index)
            order = faiss.vector_to_array(faiss.downcast_index(self.recent).id_map)
            vectors = inner.reconstruct_n(0, inner.ntotal)
            self.editable().add_with_ids(vectors, order)
            row_of = dict(zip(self._recent_ids.tolist(), self._recent_rows.tolist()))
            self._added_ids.append(order.astype(np.int64))
            self._added_rows.append(np.array([row_of[i] for i in order.tolist()], dtype=np.int64))
        self.recent, self._recent_ids, self._recent_rows = None, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)

    def recent_row_map(self) -> RowMap:
        order = np.argsort(self._recent_ids, kind="stable")
        return RowMap(self._recent_ids[order], self._recent_rows[order])


def _embed(embedder: Embedder, cache: EmbeddingCache, rows_cache: EmbeddingCache | None, texts: list[str]):
    """The texts' vectors (through the cache) and, for a compact index, their rows in the index's
    own cache (``rows_cache``; the same file unless the run uses a cache of its own)."""
    result = embed_with_cache(embedder, cache, texts)
    rows = None
    if rows_cache is not None:
        rows = result.rows if rows_cache is cache else np.asarray(rows_cache.put_many(embedder.name, texts, result.vectors))
    return result, rows


def _add(store: _Writable, embedder: Embedder, cache: EmbeddingCache, rows_cache: EmbeddingCache | None,
         texts: list[tuple[int, str]]):
    result, rows = _embed(embedder, cache, rows_cache if store.kind == "ivfpq" else None, [t for _, t in texts])
    store.add(np.array([i for i, _ in texts], dtype=np.int64), result.vectors, rows)
    return result


def _chunks_in_batches(catalog: sqlite3.Connection, where: str, params: tuple = (), size: int = 1024):
    cursor = 0
    while rows := _chunk_texts(catalog, f"({where}) AND c.id > ?", (*params, cursor), size):
        cursor = rows[-1][0]
        yield rows


def embedded_vector_texts(catalog: sqlite3.Connection, windows: int, size: int = 1024) -> Iterator[list[tuple[int, str]]]:
    """(vector id, text embedded) of every embedded chunk, in batches of ``size`` chunks; a chunk's
    vectors come together, its own first."""
    for rows in _chunks_in_batches(catalog, "c.embedded = 1", (), size):
        yield vector_texts(rows, windows)


def _fill_cache(catalog: sqlite3.Connection, embedder: Embedder, cache: EmbeddingCache, where: str, params: tuple,
                windows: int, progress, should_stop) -> list[int] | None:
    """Embed these chunks into the cache only (a compact index is trained on them before any is
    added); their ids, or None when stopped (the cache keeps what was embedded)."""
    done: list[int] = []
    for rows in _chunks_in_batches(catalog, where, params, 256):
        if should_stop():
            return None
        embed_with_cache(embedder, cache, [t for _, t in vector_texts(rows, windows)])
        done.extend(r[0] for r in rows)
        if progress:
            progress(len(rows))
    return done


def _training_vectors(catalog: sqlite3.Connection, embedder: Embedder, cache: EmbeddingCache, where: str,
                      params: tuple, windows: int, expected: int) -> np.ndarray:
    """A sample of the index's vectors, every step-th chunk's, about ``training_size`` of them."""
    total = catalog.execute(f"SELECT count(*) FROM chunks c WHERE {where}", params).fetchone()[0]
    per_chunk = max(1.0, expected / max(1, total))
    step = max(1, int(total * per_chunk / training_size(ivf_lists(expected))))
    sample = _chunk_texts(catalog, f"({where}) AND c.id % ? = 0", (*params, step))
    parts = [embed_with_cache(embedder, cache, [t for _, t in vector_texts(sample[i:i + 1024], windows)]).vectors
             for i in range(0, len(sample), 1024)]
    return np.concatenate(parts) if parts else np.empty((0, embedder.dim), dtype=np.float32)


def _rebuild(catalog: sqlite3.Connection, embedder: Embedder, cache: EmbeddingCache,
             rows_cache: EmbeddingCache, kind: str, windows: int, where: str, params: tuple) -> _Writable:
    """A fresh index of these chunks from their cached vectors (a compact one trained on a sample)."""
    training = None
    if kind == "ivfpq":
        expected = expected_vectors(catalog, windows)
        training = _training_vectors(catalog, embedder, cache, where, params, windows, expected)
    store = _Writable(new_index(embedder.dim, kind, training, expected_vectors(catalog, windows) if training is not None else 0),
                      RowMap.empty())
    for rows in _chunks_in_batches(catalog, where, params):
        _add(store, embedder, cache, rows_cache, vector_texts(rows, windows))
    return store


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
    rebuild: bool = False,
) -> int:
    """Embed every chunk not yet embedded (or only those of ``only``), with sentence windows of
    ``windows`` syllables (0: none), and apply pending deletions; returns chunks embedded.
    ``rebuild``: build the vector index again from the cache (a compact one retrained)."""
    # a compact index is mapped: a new file's vectors go beside it, and it is read whole only to change it
    compact = is_compact(path)
    index, row_map = load(path, embedder.dim, mapped=compact)
    recent_path = Layout(path.parent).recent_vectors
    recent = load(recent_path, embedder.dim) if compact and recent_path.is_file() else None
    # no recent vectors to keep: a file left by a stopped conversion to another kind goes, and so
    # does a record whose file a stopped writer never swapped in
    if recent is None:
        discard(recent_path, RECENT_PART)
    if not path.is_file():
        with transaction(catalog):  # a lost file: everything must be added again (from the cache)
            catalog.execute("UPDATE chunks SET embedded = 0 WHERE embedded = 1")
    wanted = kind if kind != "auto" else ("ivfpq" if expected_vectors(catalog, windows) > COMPACT_THRESHOLD else "flat")
    deletes = pending_deletes(catalog, "vectors")
    store = _Writable(index, row_map, recent, path if compact else None)
    if store.recent is not None and store.recent.ntotal == 0:  # all held by the compact file (a stopped merge)
        discard(recent_path, RECENT_PART)
        store.recent = None
    wanted_ids = json.dumps(sorted(set(only))) if only is not None else None
    pending = ("c.embedded = 0", ()) if wanted_ids is None else \
        ("c.embedded = 0 AND c.id IN (SELECT value FROM json_each(?))", (wanted_ids,))
    own_cache = Layout(path.parent).embedding_cache
    rows_cache = None  # a compact index's rows live in the index's own cache, whichever cache the run uses
    if "ivfpq" in (wanted, store.kind):
        rows_cache = cache if Path(cache.path).resolve() == own_cache.resolve() else EmbeddingCache(own_cache)
    unsaved: list[int] = []
    embedded = 0
    last_save = time.monotonic()

    def commit() -> None:
        nonlocal unsaved, last_save, deletes
        if store.recent is not None and not store.base_changed and store.recent.ntotal <= RECENT_MAX:
            save(store.recent, recent_path, store.recent_row_map(), part=RECENT_PART)
        else:
            store.merge_recent()
            save(store.editable(), path, store.row_map())
            store.saved(path)
            discard(recent_path, RECENT_PART)
        with transaction(catalog):
            catalog.executemany("UPDATE chunks SET embedded = 1 WHERE id = ?", ((i,) for i in unsaved))
            clear_pending_deletes(catalog, "vectors", deletes)
        unsaved, deletes, last_save = [], [], time.monotonic()

    rebuilt = rebuild or wanted != store.kind or bool(deletes and store.kind == "hnsw")
    if rebuilt:  # HNSW cannot delete in place
        where, params = "c.embedded = 1", ()
        if wanted == "ivfpq":  # trained on every vector it will hold: embed the pending chunks first
            filled = _fill_cache(catalog, embedder, cache, *pending, windows, progress, should_stop)
            if filled is None:
                return 0
            where, params = f"c.embedded = 1 OR ({pending[0]})", pending[1]
            unsaved, embedded = filled, len(filled)
        store = _rebuild(catalog, embedder, cache, rows_cache, wanted, windows, where, params)
        commit()
    elif deletes:
        store.remove(all_vector_ids(deletes, bool(windows)))
    cursor = 0  # chunks are taken in id order, after the last one taken

    while not should_stop():
        rows = _chunk_texts(catalog, f"{pending[0]} AND c.id > ?", (*pending[1], cursor), _BATCH)
        if not rows:
            break
        cursor = rows[-1][0]
        texts = vector_texts(rows, windows)
        if store.kind != "hnsw":
            store.remove(all_vector_ids((r[0] for r in rows), bool(windows)))
        store.start_recent(embedder.dim)
        result = _add(store, embedder, cache, rows_cache, texts)
        for position in result.truncated:
            if warn and texts[position][0] < WINDOW_BASE:
                warn(f"chunk {texts[position][0]} is longer than {embedder.max_tokens} tokens of {embedder.name}; its end was not embedded")
        unsaved.extend(r[0] for r in rows)
        embedded += len(rows)
        if progress:
            progress(len(rows))
        if time.monotonic() - last_save > _SAVE_EVERY_S:
            commit()
    if unsaved or deletes or not path.is_file():
        commit()
    if rows_cache is not None and rows_cache is not cache:
        rows_cache.close()
    return embedded


def chunk_score(own: float, best: float, window_weight: float) -> float:
    """A chunk's dense score from its own vector's cosine and its best vector's (windows included)."""
    return (1.0 - window_weight) * own + window_weight * best


def file_identity(path: Path) -> tuple[int, int, int, int] | None:
    """What tells one vectors.faiss from the next: a writer replaces the file, never edits it."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


class VectorSearcher:
    def __init__(self, path: Path):
        # One query at a time: OpenMP threads cost more than they bring on small searches, and
        # numpy's products here (a few thousand rows rescored) are too small for two OpenBLAS
        # threads, whose second then spins after each, taking a core from BM25 and the query
        # embedder: at 1M chunks hybrid used 87 ms of CPU a request with it, 53 without
        # (docs/decisions.md). OpenBLAS's thread count is the process's.
        faiss.omp_set_num_threads(1)
        threadpool_limits(1, user_api="blas")
        self.index: faiss.Index | None = None
        self.kind = "flat"
        self.windowed = False
        self.chunks = 0  # chunks with vectors
        self._ids = np.empty(0, dtype=np.int64)  # every vector id, sorted
        self._rows = np.empty(0, dtype=np.int64)  # a compact index's cache row of each of those
        self._row_reader: RowReader | None = None
        self._distinct_share = 1.0  # distinct cache rows among a compact search's candidates, last seen
        self.identity = file_identity(path)  # before reading: a file replaced meanwhile is read again next time
        if path.is_file():
            # a compact index's lists stay in the file: the page cache, not the process, holds them
            self.index, row_map = load(path, 0, mapped=True)
            self.kind = index_kind(self.index)
            if self.kind == "ivfpq":
                self._ids, self._rows = row_map
                if len(row_map) != self.index.ntotal:
                    raise ValueError(f"{path.name} holds {self.index.ntotal:,} vectors but rows for {len(row_map):,}")
                self._row_reader = RowReader(Layout(path.parent).embedding_cache, self.index.d)
            elif self.index.ntotal:
                self._ids = np.sort(stored_ids(self.index))
        if len(self._ids):
            self.chunks = int(np.searchsorted(self._ids, WINDOW_BASE))
            self.windowed = self.chunks < len(self._ids)

    @property
    def size(self) -> int:
        """Vectors held (chunks and windows)."""
        return self.index.ntotal if self.index is not None else 0

    def _present(self, wanted: np.ndarray) -> np.ndarray:
        """Positions in ``self._ids`` of the wanted ids it holds."""
        positions = np.searchsorted(self._ids, wanted)
        inside = positions < len(self._ids)
        positions = positions[inside]
        return positions[np.asarray(self._ids[positions]) == wanted[inside]]

    def _vectors_at(self, positions: np.ndarray) -> np.ndarray:
        if self._row_reader is not None:
            return self._row_reader.vectors(np.asarray(self._rows[positions]))
        return faiss.downcast_index(self.index).reconstruct_batch(np.asarray(self._ids[positions]))

    def _scores(self, query: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(vector ids, exact cosines) at these positions."""
        return np.asarray(self._ids[positions]), self._vectors_at(positions) @ query

    def similarity(self, query: np.ndarray, chunk_ids: Iterable[int], window_weight: float = WINDOW_WEIGHT) -> dict[int, float]:
        """Exact ``chunk_score`` of ``query`` for these chunks (those embedded), from their stored vectors."""
        chunks = np.unique(np.fromiter(chunk_ids, dtype=np.int64))
        if self.index is None or len(chunks) == 0:
            return {}
        positions = self._present(all_vector_ids(chunks, self.windowed))
        if len(positions) == 0:
            return {}
        present, scores = self._scores(query, positions)
        return _chunk_scores(present, scores, window_weight)

    def search(self, query: np.ndarray, limit: int, chunk_ids: Iterable[int] | None = None,
               window_weight: float = WINDOW_WEIGHT) -> list[tuple[int, float]]:
        """The ``limit`` best chunks, each scored by ``chunk_score`` (its vector and its best window)."""
        if self.index is None or self.index.ntotal == 0:
            return []
        fetch = limit * _WINDOW_FETCH if self.windowed else limit
        query = np.ascontiguousarray(query, dtype=np.float32)
        if self.kind == "ivfpq":
            allowed_chunks = None if chunk_ids is None else np.unique(np.fromiter(chunk_ids, dtype=np.int64))
            if allowed_chunks is not None and len(allowed_chunks) == 0:
                return []
            ids, scores = self._compact_search(query, fetch, allowed_chunks)
        else:
            allowed = None if chunk_ids is None else all_vector_ids(chunk_ids, self.windowed)
            if allowed is not None and len(allowed) == 0:
                return []
            ids, scores = self._float_search(query, fetch, allowed)
        if not self.windowed:
            best: dict[int, float] = {}
            for chunk, score in zip(ids.tolist(), scores.tolist()):
                best.setdefault(chunk, score)
            return list(best.items())[:limit]
        if window_weight < 1.0:  # the chunks found need their own vector's score too
            found = np.unique(owners(ids))
            ids, scores = self._scores(query, self._present(all_vector_ids(found, True)))
        ranked = _chunk_scores(ids, scores, window_weight)
        return sorted(ranked.items(), key=lambda pair: -pair[1])[:limit]

    def _float_search(self, query: np.ndarray, fetch: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        hnsw = self.kind == "hnsw"
        params = faiss.SearchParametersHNSW(efSearch=max(128, fetch)) if hnsw else None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(allowed)
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(128, fetch)) if hnsw \
                else faiss.SearchParameters(sel=selector)
        scores, ids = self.index.search(query.reshape(1, -1), fetch, params=params)
        hits = ids[0] >= 0
        return ids[0][hits], scores[0][hits]

    def _compact_search(self, query: np.ndarray, fetch: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Candidates from the codes, rescored with their rows. A filter (sorted chunk ids) that
        leaves few vectors is scored whole; one that leaves a share of the index filters a
        proportionally larger candidate list afterwards, since a faiss selector over hundreds of
        thousands of ids costs more than the search (a key of half the index: hybrid p50 64 → 467 ms)."""
        ivf = faiss.downcast_index(self.index)
        wanted = max(_RESCORE_MIN, fetch * _RESCORE)
        share = 1.0 if allowed is None else len(allowed) / max(1, self.chunks)
        params = None
        if allowed is not None:
            if share * self.index.ntotal <= _EXACT_BELOW:
                ids, scores = self._scores(query, self._present(all_vector_ids(allowed, self.windowed)))
                order = np.argsort(-scores, kind="stable")[:fetch]
                return ids[order], scores[order]
            if share < _SELECT_BELOW:  # a narrow filter: faiss skips the others, probing more lists
                positions = self._present(all_vector_ids(allowed, self.windowed))
                params = faiss.SearchParametersIVF(sel=faiss.IDSelectorBatch(np.asarray(self._ids[positions])),
                                                   nprobe=min(ivf.nlist, int(np.ceil(ivf.nprobe / share))))
            else:
                wanted = min(self.index.ntotal, int(np.ceil(wanted / share)))
        distinct_wanted = wanted
        limit = min(self.index.ntotal, 16 * wanted, _CANDIDATES_MAX)
        # Start from the share of distinct rows the last search met (the index's own repetition),
        # not from 1, so that a repetitive index is not searched two or three times a query; a
        # quarter more, since shares vary from query to query.
        k = min(limit, int(np.ceil(wanted / self._distinct_share * (1.25 if self._distinct_share < 1 else 1))))
        while True:
            _, found = self.index.search(query.reshape(1, -1), k, params=params)
            found = found[0][found[0] >= 0]
            if allowed is not None and params is None:
                found = found[np.isin(owners(found), allowed)]
            positions = self._present(np.unique(found))
            rows = np.asarray(self._rows[positions])
            # Equal texts (a window repeated across versions of a report) share a row: their
            # codes are equal and crowd the candidates, so ask for more until enough differ.
            distinct = len(np.unique(rows))
            if len(found) and allowed is None:
                self._distinct_share = min(1.0, max(1 / 16, distinct / len(found)))
            if distinct >= 0.8 * distinct_wanted or k >= limit:
                break
            k = min(limit, 4 * k)
        if len(positions) == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        unique_rows, back = np.unique(rows, return_inverse=True)
        scores = (self._row_reader.vectors(unique_rows) @ query)[back]
        ids = np.asarray(self._ids[positions])
        order = np.argsort(-scores, kind="stable")[:fetch]
        return ids[order], scores[order]


class IndexVectors:
    """What a reader searches: vectors.faiss and, beside a compact one, the recent vectors
    (vectors.recent.faiss). A chunk's vectors are all in one of the two (a chunk's vectors are
    added and removed together), so each file scores whole chunks and the two lists merge."""

    def __init__(self, main: VectorSearcher, recent: VectorSearcher | None = None):
        self.main, self.recent = main, recent
        self.kind = main.kind
        self.index = main.index
        self.identity = (main.identity, recent.identity if recent is not None else None)
        parts = [p for p in (main, recent) if p is not None]
        self.size = sum(p.size for p in parts)
        self.chunks = sum(p.chunks for p in parts)
        self.windowed = any(p.windowed for p in parts)

    def stored(self, own_only: bool = False, batch: int = 1024) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(vector ids, float32 vectors) of every vector held, in batches, read from what is stored
        (faiss's vectors, or a compact index's cache rows): never re-embedded. ``own_only``: each
        chunk's own vector, no sentence windows. An id in both files is given once."""
        for part in (self.main, self.recent):
            if part is None:
                continue
            ids = np.asarray(part._ids)
            keep = ids < WINDOW_BASE if own_only else np.ones(len(ids), dtype=bool)
            if part is self.recent and len(self.main._ids):
                keep &= ~np.isin(ids, np.asarray(self.main._ids))
            wanted = np.flatnonzero(keep)
            for start in range(0, len(wanted), batch):
                positions = wanted[start:start + batch]
                yield ids[positions], np.asarray(part._vectors_at(positions), dtype=np.float32)

    def similarity(self, query: np.ndarray, chunk_ids: Iterable[int], window_weight: float = WINDOW_WEIGHT) -> dict[int, float]:
        chunk_ids = list(chunk_ids)
        found = self.main.similarity(query, chunk_ids, window_weight)
        if self.recent is not None:  # a chunk in both (a stopped merge): the compact file's copy counts
            for chunk, score in self.recent.similarity(query, chunk_ids, window_weight).items():
                found.setdefault(chunk, score)
        return found

    def search(self, query: np.ndarray, limit: int, chunk_ids: Iterable[int] | None = None,
               window_weight: float = WINDOW_WEIGHT) -> list[tuple[int, float]]:
        if self.recent is None or self.recent.size == 0:
            return self.main.search(query, limit, chunk_ids, window_weight)
        chunk_ids = None if chunk_ids is None else list(chunk_ids)
        best = dict(self.main.search(query, limit, chunk_ids, window_weight))
        for chunk, score in self.recent.search(query, limit, chunk_ids, window_weight):
            best.setdefault(chunk, score)  # a chunk in both (a stopped merge): the compact file's copy counts
        return sorted(best.items(), key=lambda pair: -pair[1])[:limit]


def _chunk_scores(ids: np.ndarray, scores: np.ndarray, window_weight: float) -> dict[int, float]:
    """Each chunk's ``chunk_score`` from its vectors' cosines (its own vector and its windows'),
    the chunks in the order they first come in ``ids``."""
    if len(ids) == 0:
        return {}
    chunks = owners(ids)
    order = np.argsort(chunks, kind="stable")
    grouped = chunks[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    best = np.maximum.reduceat(scores[order], starts).astype(np.float64)
    first_seen = np.argsort(order[starts], kind="stable")  # the chunks by their first vector's place in ids
    if window_weight >= 1.0:
        return dict(zip(grouped[starts][first_seen].tolist(), best[first_seen].tolist()))
    is_own = ids == chunks
    own = np.full(len(starts), np.nan)
    own[np.searchsorted(grouped[starts], chunks[is_own])] = scores[is_own]
    kept = first_seen[~np.isnan(own[first_seen])]
    mixed = chunk_score(own[kept], best[kept], window_weight)
    return dict(zip(grouped[starts][kept].tolist(), mixed.tolist()))
