"""Decide a file's format from its bytes, not its name (2 ".doc" files in the Lâm Đồng archive
are really DOCX; an attacker's ".pdf" may be anything)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import olefile

from indexer.extraction.errors import ExtractionError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_EXTENSIONS = {"txt", "md", "markdown", "text", "csv"}
HTML_EXTENSIONS = {"html", "htm", "xhtml"}


def sniff(path: Path, head: bytes) -> str:
    """One of pdf, docx, xlsx, pptx, doc, xls, ppt, rtf, html, txt; raises for anything else."""
    extension = path.suffix.lower().lstrip(".")
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_kind(path)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(path)
    if _looks_like_text(head):
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if extension in HTML_EXTENSIONS or stripped.startswith((b"<!doctype html", b"<html")):
            return "html"
        return "txt"
    raise ExtractionError(
        "unsupported_type",
        f"{path.name}: unrecognised content (first bytes {head[:8].hex(' ')}); "
        "tracuu reads PDF, DOCX, DOC, RTF, XLS(X), PPT(X), TXT/MD and HTML",
    )


def _ooxml_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except Exception as exc:  # zipfile raises BadZipFile, OSError, ValueError, NotImplementedError… on damage
        raise ExtractionError("corrupt", f"{path.name}: damaged ZIP container ({type(exc).__name__}: {exc})") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    raise ExtractionError("unsupported_type", f"{path.name}: a ZIP archive but not a Word, Excel or PowerPoint document")


def _ole_kind(path: Path) -> str:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir()}
    except Exception as exc:  # olefile raises OSError and its own types on damage
        raise ExtractionError("corrupt", f"{path.name}: damaged legacy Office file ({exc})") from exc
    if "encryptedpackage" in streams:
        raise ExtractionError("encrypted", f"{path.name}: the Office document is password-protected")
    if "worddocument" in streams:
        return "doc"
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "powerpoint document" in streams:
        return "ppt"
    raise ExtractionError("unsupported_type", f"{path.name}: a legacy Office container with no Word, Excel or PowerPoint content")


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if head[0::2].count(0) > len(head) * 0.3 or head[1::2].count(0) > len(head) * 0.3:
        return head.count(0) < len(head) * 0.75  # UTF-16 without a BOM
    control = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return control <= len(head) * 0.01
