"""PDF reader on pypdf: text per page with the font of every fragment.

The font name is what makes legacy PDFs readable: "GDNPNI+VnTime" means the bytes are TCVN3.
A PDF with (almost) no text layer is a scan and goes to OCR (see ocr.py).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from indexer.extraction.errors import ExtractionError
from indexer.extraction.loading import ocr
from indexer.extraction.model import Block, RawDocument, TextRun

logging.getLogger("pypdf").setLevel(logging.ERROR)

MIN_CHARS_PER_PAGE = 25  # below this on average the PDF is treated as a scan


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path, strict=False)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExtractionError("corrupt", f"{path.name}: not a readable PDF ({exc})") from exc
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):
                raise ExtractionError("encrypted", f"{path.name}: the PDF is password-protected")
        except (NotImplementedError, FileNotDecryptedError, DependencyError) as exc:
            raise ExtractionError("encrypted", f"{path.name}: the PDF is encrypted ({exc})") from exc
    return reader


def _page_blocks(page, number: int) -> list[Block]:
    fragments: list[tuple[TextRun, float]] = []

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if text:
            font = font_dict.get("/BaseFont") if font_dict is not None else None
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            fragments.append((TextRun(text, str(font).lstrip("/") if font else None), y))

    page.extract_text(visitor_text=visit)
    lines: list[tuple[list[TextRun], float | None]] = []
    line: list[TextRun] = []
    line_y: float | None = None
    for fragment, y in fragments:
        for i, piece in enumerate(fragment.text.split("\n")):
            if i:
                lines.append((line, line_y))
                line, line_y = [], None
            if piece:
                line_y = y if line_y is None else line_y
                line.append(TextRun(piece, fragment.font))
    if line:
        lines.append((line, line_y))
    return _with_paragraph_gaps(lines, number)


def _with_paragraph_gaps(lines: list[tuple[list[TextRun], float | None]], number: int) -> list[Block]:
    """Blocks per line, with an empty block where the vertical gap to the previous line is
    clearly wider than the page's usual line spacing: a paragraph break the text layer lost."""
    ys = [y for _, y in lines if y is not None]
    steps = sorted(a - b for a, b in zip(ys, ys[1:]) if a - b > 0.5)
    usual = steps[len(steps) // 2] if steps else None
    blocks: list[Block] = []
    previous_y: float | None = None
    for runs, y in lines:
        if usual and previous_y is not None and y is not None and previous_y - y > 1.45 * usual:
            blocks.append(Block([], page=number))
        blocks.append(Block(runs, page=number))
        previous_y = y if y is not None else previous_y
    return blocks


def _poppler_page_blocks(path: Path, number: int) -> list[Block] | None:
    """Second engine for pages pypdf cannot parse (e.g. inline images with abbreviated filter
    names, which pypdf 7 rejects). No font names: legacy text is found line by line."""
    if shutil.which("pdftotext") is None:
        return None
    try:
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True, timeout=60,
        )
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0:
        return None
    text = result.stdout.decode("utf-8", "replace").replace("\f", "")
    return [Block([TextRun(line)], page=number) for line in text.split("\n")]


def read_pdf(path: Path) -> RawDocument:
    reader = _open(path)
    try:
        pages = list(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ExtractionError("corrupt", f"{path.name}: the PDF page tree is damaged ({exc})") from exc
    if not pages:
        raise ExtractionError("no_text", f"{path.name}: the PDF has no pages")
    blocks: list[Block] = []
    warnings: list[str] = []
    for number, page in enumerate(pages, start=1):
        try:
            blocks.extend(_page_blocks(page, number))
        except Exception as exc:  # pypdf raises many types on damaged or unusual streams
            fallback = _poppler_page_blocks(path, number)
            if fallback is None:
                warnings.append(f"page {number}: text could not be read ({type(exc).__name__}: {exc})")
            else:
                blocks.extend(fallback)
                warnings.append(f"page {number}: read with poppler's pdftotext (pypdf: {type(exc).__name__})")
    text_chars = sum(len(b.raw_text.strip()) for b in blocks)
    if text_chars < MIN_CHARS_PER_PAGE * len(pages):
        return ocr.read_scanned_pdf(path, len(pages))
    return RawDocument("pdf", blocks, page_count=len(pages), warnings=warnings)
