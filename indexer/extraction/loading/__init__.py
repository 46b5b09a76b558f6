"""Loaders: one per format, each returning a RawDocument of font-tagged runs.

``load`` checks the path, sniffs the real format and dispatches; every failure is an
ExtractionError naming the file and the cause.
"""

from __future__ import annotations

import errno
import os
import tempfile
import zipfile
from pathlib import Path

from indexer.extraction.errors import ExtractionError
from indexer.extraction.loading import libreoffice
from indexer.extraction.loading.detect import sniff
from indexer.extraction.loading.docx import read_docx
from indexer.extraction.loading.html import read_html
from indexer.extraction.loading.pdf import read_pdf
from indexer.extraction.loading.plaintext import read_text
from indexer.extraction.loading.slides import read_pptx
from indexer.extraction.loading.spreadsheet import read_xlsx
from indexer.extraction.model import RawDocument

MAX_FILE_BYTES = int(os.environ.get("TRACUU_MAX_FILE_MB", "100")) * 1024 * 1024

_READERS = {"pdf": read_pdf, "docx": read_docx, "xlsx": read_xlsx, "pptx": read_pptx, "txt": read_text, "html": read_html}


def _check_path(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        raise ExtractionError("not_found", f"{path}: no such file")
    if not path.is_file():
        raise ExtractionError("not_a_file", f"{path}: not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError("empty", f"{path.name}: the file is empty (0 bytes)")
    if size > max_bytes:
        raise ExtractionError("too_large", f"{path.name}: {size:,} bytes is over the limit of {max_bytes:,} bytes (TRACUU_MAX_FILE_MB)")
    try:
        with path.open("rb") as handle:
            return handle.read(8192)
    except PermissionError:
        raise ExtractionError("permission_denied", f"{path.name}: permission denied") from None
    except OSError as exc:
        code = "permission_denied" if exc.errno in (errno.EACCES, errno.EPERM) else "corrupt"
        raise ExtractionError(code, f"{path.name}: cannot be read ({exc.strerror})") from exc


def load(path: Path, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    head = _check_path(path, max_bytes)
    kind = sniff(path, head)
    try:
        if kind in libreoffice.TARGETS:
            with tempfile.TemporaryDirectory(prefix="tracuu-convert-") as workdir:
                converted = libreoffice.convert(path, kind, Path(workdir))
                document = _READERS[libreoffice.TARGETS[kind]](converted)
            document.format = kind
            return document
        return _READERS[kind](path)
    except ExtractionError:
        raise
    except zipfile.BadZipFile as exc:
        raise ExtractionError("corrupt", f"{path.name}: damaged {kind.upper()} container ({exc})") from exc
    except RecursionError:
        raise ExtractionError("corrupt", f"{path.name}: structure nested too deeply to read") from None
    except MemoryError:
        raise  # the worker's memory cap was reached: reported as too_large, not as damage
    except Exception as exc:  # a loader bug or an exotic damage must not end a batch
        raise ExtractionError("corrupt", f"{path.name}: could not read the {kind.upper()} file ({type(exc).__name__}: {exc})") from exc
