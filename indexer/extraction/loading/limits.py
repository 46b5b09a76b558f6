"""Resource limits that keep one hostile file from taking the whole batch down.

Everything a file expands to is counted against one budget for that file: all the parts of an
OOXML archive, all the streams of a PDF. A bomb split into many parts, each small enough on its
own, runs out of the same budget as one big part.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path

from indexer.extraction.errors import ExtractionError

# What one file may expand to, all its parts or streams together.
MAX_UNPACKED_BYTES = int(os.environ.get("TRACUU_MAX_UNPACKED_MB", "200")) * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # real DOCX parts compress 3–20×; bombs compress 1000×
_RATIO_CHECKED_FROM = 10 * 1024 * 1024  # small parts may compress well (a blank template)


class Unpacked:
    """What one file has expanded to so far; past ``limit`` it is refused as a bomb."""

    def __init__(self, path: Path, limit: int | None = None) -> None:
        self.path = path
        self.limit = MAX_UNPACKED_BYTES if limit is None else limit
        self.total = 0
        self.exceeded = False

    def add(self, size: int, what: str) -> None:
        self.total += size
        if self.total > self.limit:
            self.exceeded = True
            raise self.error(what)

    def error(self, what: str = "its content") -> ExtractionError:
        return ExtractionError(
            "zip_bomb", f"{self.path.name}: {what} takes what the file expands to past {self.limit:,} bytes "
                        "(TRACUU_MAX_UNPACKED_MB); refusing to unpack more")


def _check_member(info: zipfile.ZipInfo, path: Path) -> None:
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
        raise ExtractionError(
            "zip_bomb",
            f"{path.name}: part '{info.filename}' would expand to {info.file_size:,} bytes "
            f"({ratio:.0f}× its compressed size); refusing to unpack it",
        )


def check_archive(archive: zipfile.ZipFile, path: Path, unpacked: Unpacked) -> None:
    """Count every part of an archive that a library (openpyxl, python-pptx) will unpack by
    itself. A part's declared size bounds what zipfile returns for it (more fails its CRC check)."""
    for info in archive.infolist():
        _check_member(info, path)
        unpacked.add(info.file_size, f"part '{info.filename}'")


def read_zip_member(archive: zipfile.ZipFile, name: str, path: Path, unpacked: Unpacked) -> bytes:
    """One part of an archive, counted against the file's budget before it is unpacked."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ExtractionError("corrupt", f"{path.name}: the file has no '{name}' part; it is not a valid Office document") from None
    _check_member(info, path)
    unpacked.add(info.file_size, f"part '{name}'")
    try:
        with archive.open(info) as member:
            return member.read(info.file_size)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise ExtractionError("corrupt", f"{path.name}: part '{name}' is damaged ({type(exc).__name__}: {exc})") from None
