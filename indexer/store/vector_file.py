"""vectors.faiss on disk: the kinds of faiss index it holds, and the row map a compact one carries.

    flat    IndexIDMap2(IndexFlatIP): float vectors, exact search
    hnsw    IndexIDMap2(IndexHNSWFlat): float vectors in a graph (only when asked)
    ivfpq   IndexIVFPQ with the vector ids as its ids: 48-byte codes, then the row map

A compact (ivfpq) file is faiss's bytes followed by the row map: every vector id, sorted, then
the embedding-cache row of each, both little-endian int64 columns, then a footer (``_MAGIC``, the
map's offset and its length). faiss reads its own bytes and stops, so the file stays one file
with one checksum, replaced atomically as before; the columns are memory-mapped, never read
whole: a lookup is a binary search in the ids column, touching a few of its pages. The columns
start at a multiple of ``_ALIGN`` (zero bytes pad faiss's). (Files written before hold unaligned
(id, row) pairs under ``_MAGIC_PAIRS``: numpy copied all of them on every lookup, 19 ms at 6.6M
vectors, so those are read into memory once: 16 bytes a vector.)
"""

from __future__ import annotations

import hashlib
import os
import queue
import struct
import threading
from pathlib import Path
from typing import NamedTuple

import faiss
import numpy as np

from indexer.store import integrity
from indexer.store.layout import Layout, writing

KINDS = ("flat", "hnsw", "ivfpq")
PQ_BYTES = 48  # one byte per 8 of e5-small's 384 dimensions
PROBES = 48  # inverted lists searched per query (of ``ivf_lists``)
_MAGIC = b"TRCROWS2"  # columns: ids, then rows
_MAGIC_PAIRS = b"TRCROWS1"  # (id, row) pairs, read but no longer written
_FOOTER = struct.Struct("<8sQQ")
# The columns start on a page: numpy copies a whole unaligned array before searching it (53 MB,
# 10 ms a lookup at 6.6M vectors), and an aligned one is searched where it lies.
_ALIGN = 4096
_PAIR = np.dtype([("id", "<i8"), ("row", "<i8")])


class RowMap(NamedTuple):
    """A compact index's vector ids (sorted) and the embedding-cache row of each."""
    ids: np.ndarray
    rows: np.ndarray

    @classmethod
    def empty(cls) -> "RowMap":
        return cls(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.ids)


class RowMapChange(NamedTuple):
    """A committed row map and a writer's changes to it: positions it drops, ids it adds (sorted).
    Written by merging, never by sorting the whole map again: a new file's few hundred vectors
    cost a sort of all 6.6M ids per batch at 1M chunks (1.4 s a batch) before."""
    base: RowMap
    dropped: np.ndarray  # positions in ``base``, sorted
    added_ids: np.ndarray  # sorted; an id of ``base`` only at a dropped position
    added_rows: np.ndarray

    def __len__(self) -> int:
        return len(self.base) - len(self.dropped) + len(self.added_ids)

    def blocks(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(ids, rows) pieces that, one after the other, are the new map in id order."""
        ids, rows = self.base
        if not len(self.dropped) and not len(self.added_ids):
            return [(ids, rows)]
        if not len(ids):
            return [(self.added_ids, self.added_rows)]
        if len(self.dropped) + len(self.added_ids) > _MERGE_PIECES:  # a rebuild: one merge in memory
            keep = np.ones(len(ids), dtype=bool)
            keep[self.dropped] = False
            all_ids = np.concatenate([ids[keep], self.added_ids])
            all_rows = np.concatenate([rows[keep], self.added_rows])
            order = np.argsort(all_ids, kind="stable")
            return [(all_ids[order], all_rows[order])]
        inserted_before = np.searchsorted(ids, self.added_ids)
        positions = np.concatenate([inserted_before, self.dropped])
        is_drop = np.concatenate([np.zeros(len(inserted_before), dtype=bool), np.ones(len(self.dropped), dtype=bool)])
        pieces, start = [], 0
        for event in np.lexsort((is_drop, positions)):  # at one position the insertion comes first
            position = int(positions[event])
            if position > start:
                pieces.append((ids[start:position], rows[start:position]))
            if is_drop[event]:
                start = position + 1
            else:
                start = position
                pieces.append((self.added_ids[event:event + 1], self.added_rows[event:event + 1]))
        if start < len(ids):
            pieces.append((ids[start:], rows[start:]))
        return pieces


_MERGE_PIECES = 100_000


def ivf_lists(vectors: int) -> int:
    """Inverted lists for an index of this many vectors: a power of two near 2·√n, 256 to 16,384
    (training and adding cost grow with the lists; candidates are rescored, so coarse lists do)."""
    return int(min(16_384, max(256, 2 ** round(np.log2(2 * max(vectors, 1) ** 0.5)))))


def training_size(lists: int) -> int:
    """Vectors the coarse quantizer and the codebooks are trained on."""
    return min(64 * lists, 262_144)


def _code_bytes(dim: int) -> int:
    """PQ sub-quantizers: ``PQ_BYTES``, or the largest divisor of ``dim`` that leaves 8 dimensions each."""
    if dim % PQ_BYTES == 0:
        return PQ_BYTES
    return max(m for m in range(1, max(1, dim // 8) + 1) if dim % m == 0)


def new_index(dim: int, kind: str = "flat", training: np.ndarray | None = None, expected: int = 0) -> faiss.Index:
    if kind == "ivfpq":
        if training is None or len(training) == 0:
            raise ValueError("a compact (ivfpq) vector index is trained on vectors: none given")
        lists = min(ivf_lists(expected or len(training)), max(1, len(training) // 39))
        bits = int(np.clip(np.log2(len(training) / 39), 1, 8))  # faiss wants 39 vectors a codebook entry (tiny indexes)
        index = faiss.IndexIVFPQ(faiss.IndexFlatIP(dim), dim, lists, _code_bytes(dim), bits, faiss.METRIC_INNER_PRODUCT)
        index.train(np.ascontiguousarray(training, dtype=np.float32))
        index.nprobe = PROBES
        return index
    if kind == "hnsw":
        inner = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efSearch = 128
    else:
        inner = faiss.IndexFlatIP(dim)
    return faiss.IndexIDMap2(inner)


def index_kind(index: faiss.Index) -> str:
    outer = faiss.downcast_index(index)  # a view; ``index`` keeps ownership
    if isinstance(outer, faiss.IndexIVF):
        return "ivfpq"
    inner = faiss.downcast_index(outer.index) if isinstance(outer, faiss.IndexIDMap) else outer
    return "hnsw" if isinstance(inner, faiss.IndexHNSW) else "flat"


def stored_ids(index: faiss.Index) -> np.ndarray:
    """Every vector id the index holds (any kind)."""
    if index.ntotal == 0:
        return np.empty(0, dtype=np.int64)
    outer = faiss.downcast_index(index)
    if isinstance(outer, faiss.IndexIVF):
        lists = outer.invlists
        parts = [faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
                 for i in range(outer.nlist) if lists.list_size(i)]
        return np.concatenate(parts).astype(np.int64)
    return faiss.vector_to_array(outer.id_map)


def is_compact(path: Path) -> bool:
    """Whether the file is a compact index (its rows live in the embedding cache)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(-_FOOTER.size, os.SEEK_END)
            return handle.read(len(_MAGIC)) in (_MAGIC, _MAGIC_PAIRS)
    except OSError:
        return False


def read_row_map(path: Path) -> RowMap:
    """The row map a compact file carries, memory-mapped (empty when it has none)."""
    size = path.stat().st_size
    if size < _FOOTER.size:
        return RowMap.empty()
    with open(path, "rb") as handle:
        handle.seek(size - _FOOTER.size)
        magic, offset, count = _FOOTER.unpack(handle.read(_FOOTER.size))
    if magic not in (_MAGIC, _MAGIC_PAIRS):
        return RowMap.empty()
    if offset + count * 16 + _FOOTER.size != size:
        raise ValueError(f"{path.name}: its row map does not fit the file ({count:,} rows at byte {offset:,})")
    if count == 0:
        return RowMap.empty()
    if magic == _MAGIC_PAIRS:
        pairs = np.memmap(path, dtype=_PAIR, mode="r", offset=offset, shape=(count,))
        ids, rows = np.ascontiguousarray(pairs["id"]), np.ascontiguousarray(pairs["row"])
        order = np.argsort(ids, kind="stable")  # sorted, as every reader and writer takes it
        return RowMap(ids[order], rows[order])
    # plain arrays over the mapping: np.memmap's own indexing costs ~50 µs a lookup, several a query
    return RowMap(np.asarray(np.memmap(path, dtype="<i8", mode="r", offset=offset, shape=(count,))),
                  np.asarray(np.memmap(path, dtype="<i8", mode="r", offset=offset + 8 * count, shape=(count,))))


def load(path: Path, dim: int, mapped: bool = False) -> tuple[faiss.Index, RowMap]:
    """The index and its row map (empty unless compact or recent); a missing file is a new flat
    index. ``mapped``: the inverted lists of a compact index stay in the file (memory-mapped)."""
    if not path.is_file():
        return new_index(dim), RowMap.empty()
    index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP if mapped else 0)
    if index_kind(index) == "ivfpq":
        faiss.downcast_index(index).nprobe = PROBES
    return index, read_row_map(path)  # keep this proxy: it owns the index (a downcast copy would not)


def save(index: faiss.Index, path: Path, row_map: RowMap | RowMapChange | None = None, part: str = "vectors") -> None:
    """Write the index (and a compact one's row map, or the one given for a flat index of recent
    vectors) to a temporary file, record its checksum under ``part``, swap it in (atomically); a
    failure (a full disk) leaves the committed file and removes the temporary one."""
    layout = Layout(path.parent)
    temporary = path.with_suffix(".tmp")
    sha, size = hashlib.sha256(), 0
    # hashed in a thread beside the writing (both release the GIL): a third of a save at 1M chunks
    blocks: queue.SimpleQueue = queue.SimpleQueue()
    hasher = threading.Thread(target=lambda: [sha.update(b) for b in iter(blocks.get, None)], daemon=True,
                              name="tracuu-vectors-sha")
    hasher.start()
    try:
        with writing("vector index", path), open(temporary, "wb") as handle:
            def write(block: bytes) -> int:
                nonlocal size
                block = bytes(block)  # the hasher keeps it after faiss reuses its buffer
                handle.write(block)
                blocks.put(block)
                size += len(block)
                return len(block)

            faiss.write_index(index, faiss.PyCallbackIOWriter(write))
            if index_kind(index) == "ivfpq" or row_map is not None:
                if not isinstance(row_map, RowMapChange):
                    row_map = RowMapChange(RowMap.empty(), np.empty(0, dtype=np.int64), *_sorted_map(row_map))
                pieces = row_map.blocks()
                write(b"\0" * (-size % _ALIGN))
                offset = size
                for column in (0, 1):
                    for piece in pieces:
                        write(np.asarray(piece[column], dtype="<i8").tobytes())
                write(_FOOTER.pack(_MAGIC, offset, len(row_map)))
            handle.flush()
            os.fsync(handle.fileno())
        blocks.put(None)
        hasher.join()
        integrity.record_vectors(layout, size, sha.hexdigest(), index.ntotal, replacing=True, part=part)
    except BaseException:
        blocks.put(None)
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, path)
    integrity.record_vectors(layout, size, sha.hexdigest(), index.ntotal, replacing=False, part=part)


def discard(path: Path, part: str) -> None:
    """Remove a vector file and its record (the record first: a file without one is never
    judged, a record without its file would read as damage)."""
    integrity.forget(Layout(path.parent), part)
    path.unlink(missing_ok=True)


def _sorted_map(row_map: RowMap | None) -> tuple[np.ndarray, np.ndarray]:
    if row_map is None or not len(row_map):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    order = np.argsort(row_map.ids, kind="stable")
    return np.asarray(row_map.ids)[order], np.asarray(row_map.rows)[order]
