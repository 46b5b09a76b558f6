"""Plain text and Markdown: find the byte encoding, then let the repair layer find legacy fonts.

Order of evidence: a byte-order mark; UTF-16 without one (NUL bytes in every other position);
strict UTF-8; otherwise an 8-bit Vietnamese file, which is Windows-1258 or legacy TCVN3/VNI
typed in Latin-1. The 8-bit choice goes to whichever reading yields more real syllables.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from indexer.extraction.model import Block, RawDocument, TextRun
from indexer.extraction.vietnamese.repair import repair_text
from indexer.extraction.vietnamese.syllables import vietnamese_ratio


# Legacy-font text files were saved by Windows: bytes 0x80–0x9F are cp1252 punctuation
# (curly quotes, dashes); the Vietnamese letters above 0xA0 are the same in Latin-1.
_CP1252_EXTRAS = {}
for _byte in range(0x80, 0xA0):
    try:
        _CP1252_EXTRAS[_byte] = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:
        pass


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; returns (text, encoding name)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    sample = data[:4000]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0) / max(len(sample[0::2]), 1)
        odd_nuls = sample[1::2].count(0) / max(len(sample[1::2]), 1)
        if odd_nuls > 0.3 and even_nuls < 0.05:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even_nuls > 0.3 and odd_nuls < 0.05:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    as_1258 = data.decode("cp1258", errors="replace")
    as_latin1 = data.decode("latin-1").translate(_CP1252_EXTRAS)
    repaired, legacy = repair_text(as_latin1)
    valid_1258, _ = vietnamese_ratio(as_1258)
    valid_legacy, _ = vietnamese_ratio(repaired)
    if legacy and valid_legacy > valid_1258:
        return as_latin1, "windows-1252"  # the repair layer decodes the TCVN3/VNI lines
    return as_1258, "windows-1258"


def text_blocks(text: str) -> list[Block]:
    return [Block([TextRun(line)]) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def read_text(path: Path) -> RawDocument:
    text, encoding = decode_bytes(path.read_bytes())
    return RawDocument("txt", text_blocks(text), encodings=[encoding] if encoding not in ("utf-8", "windows-1252") else [])
