"""Resource limits that keep one hostile file from taking the whole batch down."""

from __future__ import annotations

import zipfile
from pathlib import Path

from indexer.extraction.errors import ExtractionError

MAX_MEMBER_BYTES = 200 * 1024 * 1024  # uncompressed size of one part of an OOXML file
MAX_COMPRESSION_RATIO = 200  # real DOCX parts compress 3–20×; bombs compress 1000×


def read_zip_member(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ExtractionError("corrupt", f"{path.name}: the file has no '{name}' part; it is not a valid Office document") from None
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MAX_MEMBER_BYTES or (info.file_size > 10 * 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO):
        raise ExtractionError(
            "zip_bomb",
            f"{path.name}: part '{name}' would expand to {info.file_size:,} bytes "
            f"({ratio:.0f}× its compressed size); refusing to unpack it",
        )
    with archive.open(info) as member:
        data = member.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise ExtractionError("zip_bomb", f"{path.name}: part '{name}' expands past {MAX_MEMBER_BYTES:,} bytes")
    return data
