"""OCR for scanned PDFs: poppler's pdftoppm renders pages, tesseract (Vietnamese model) reads them.

Both are Debian packages installed by the README command. Without them a scan is reported
as ``no_text`` with the reason, never returned as empty text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from indexer.extraction.errors import ExtractionError
from indexer.extraction.model import Block, RawDocument, TextRun

MAX_OCR_PAGES = int(os.environ.get("TRACUU_MAX_OCR_PAGES", "40"))
PAGE_TIMEOUT_S = 120


def available() -> bool:
    if not (shutil.which("pdftoppm") and shutil.which("tesseract")):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "vie" in langs.split()


def read_scanned_pdf(path: Path, page_count: int) -> RawDocument:
    if not available():
        raise ExtractionError(
            "no_text",
            f"{path.name}: the PDF has no text layer (a scan) and OCR is unavailable "
            "(install the Debian packages tesseract-ocr, tesseract-ocr-vie and poppler-utils)",
        )
    pages = min(page_count, MAX_OCR_PAGES)
    warnings = [f"no text layer: text recognised by OCR (tesseract, vie) on {pages} page(s)"]
    if page_count > pages:
        warnings.append(f"OCR stopped after {pages} of {page_count} pages (TRACUU_MAX_OCR_PAGES)")
    blocks: list[Block] = []
    with tempfile.TemporaryDirectory(prefix="tracuu-ocr-") as tmp:
        for number in range(1, pages + 1):
            image = Path(tmp) / f"p{number}"
            try:
                subprocess.run(
                    ["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", "-f", str(number), "-l", str(number), str(path), str(image)],
                    check=True, capture_output=True, timeout=PAGE_TIMEOUT_S,
                )
                text = subprocess.run(
                    ["tesseract", f"{image}.png", "stdout", "-l", "vie", "--psm", "4"],
                    check=True, capture_output=True, timeout=PAGE_TIMEOUT_S,
                ).stdout.decode("utf-8", "replace")
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
                warnings.append(f"page {number}: OCR failed ({type(exc).__name__})")
                continue
            blocks.extend(Block([TextRun(line)], page=number) for line in text.split("\n"))
    if not any(b.raw_text.strip() for b in blocks):
        raise ExtractionError("no_text", f"{path.name}: the PDF has no text layer and OCR found no text")
    return RawDocument("pdf", blocks, page_count=page_count, warnings=warnings)
