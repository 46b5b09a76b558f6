"""PDF reader on pypdf: text per page with the font of every fragment.

The font name is what makes legacy PDFs readable: "GDNPNI+VnTime" means the bytes are TCVN3.
A PDF with (almost) no text layer is a scan and goes to OCR (see ocr.py).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import time
from contextvars import ContextVar
from pathlib import Path

import pypdf.filters
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError

from indexer.extraction.errors import ExtractionError
from indexer.extraction.loading import ocr
from indexer.extraction.loading.limits import Unpacked
from indexer.extraction.model import Block, RawDocument, TextRun

logging.getLogger("pypdf").setLevel(logging.ERROR)

MIN_CHARS_PER_PAGE = 25  # below this on average the PDF is treated as a scan
POPPLER_BUDGET_S = 60  # pdftotext time for all the pages pypdf could not read, per file
# Page content pypdf parses, all pages together: parsing runs in Python, far slower than
# inflating, so this is checked on the inflated streams before any page is parsed.
MAX_CONTENT_BYTES = 64 * 1024 * 1024
POPPLER_MAX_OUTPUT_BYTES = 16 * 1024 * 1024  # the text of one page

# pypdf caps each stream it decodes; the file's budget caps all of them together. Every
# stream pypdf decodes goes through pypdf.filters.decode_stream_data, looked up at each call:
# wrapped once, it counts against the budget of the PDF being read in this context (none: no count).
_UNPACKED: ContextVar[Unpacked | None] = ContextVar("tracuu_pdf_unpacked", default=None)
if not getattr(pypdf.filters.decode_stream_data, "counts_unpacked", False):
    _decode_stream_data = pypdf.filters.decode_stream_data

    def _counted_decode_stream_data(stream):
        data = _decode_stream_data(stream)
        unpacked = _UNPACKED.get()
        if unpacked is not None:
            unpacked.add(len(data), "a compressed stream")
        return data

    _counted_decode_stream_data.counts_unpacked = True
    pypdf.filters.decode_stream_data = _counted_decode_stream_data


def _decompression_limit(exc: LimitReachedError) -> bool:
    """Whether pypdf stopped a stream that expands too far (not a structure too big or cyclic)."""
    text = str(exc).lower()
    return "decompress" in text or "decoding" in text or "stream length" in text


def _limit_error(path: Path, unpacked: Unpacked, exc: LimitReachedError) -> ExtractionError:
    if unpacked.exceeded:
        return unpacked.error("a compressed stream")
    if _decompression_limit(exc):
        return ExtractionError("zip_bomb", f"{path.name}: a compressed stream would expand beyond pypdf's limit ({exc}); "
                                           "refusing to unpack it")
    return ExtractionError("corrupt", f"{path.name}: the PDF's structure is beyond pypdf's limits ({exc})")


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


def _content_streams(page) -> list:
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if contents is None:
        return []
    return [item.get_object() for item in contents] if isinstance(contents, list) else [contents]


def _memory_bomb(path: Path) -> ExtractionError:
    # Inflating ran out of the memory a worker may use (its address-space cap) before pypdf's own
    # limit said so: the same bomb, seen earlier.
    return ExtractionError("zip_bomb", f"{path.name}: a compressed stream expands beyond the memory one file may use; "
                                       "refusing to unpack it")


def _check_content_size(path: Path, pages: list) -> None:
    """Inflate every page's content (counted against the file's budget, and kept by pypdf for
    the parse) and refuse a PDF whose content is too much to parse, before parsing any of it."""
    total = 0
    for page in pages:
        try:
            streams = _content_streams(page)
        except (ExtractionError, LimitReachedError):
            raise
        except MemoryError:
            raise _memory_bomb(path) from None
        except Exception:  # a damaged page: reading it reports that
            continue
        for stream in streams:
            try:
                total += len(stream.get_data()) if hasattr(stream, "get_data") else 0
            except (ExtractionError, LimitReachedError):
                raise
            except MemoryError:
                raise _memory_bomb(path) from None
            except Exception:
                continue
        if total > MAX_CONTENT_BYTES:
            raise ExtractionError("too_large", f"{path.name}: its pages hold more than {MAX_CONTENT_BYTES:,} bytes of "
                                               "content to parse; refusing to read it")


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


def _poppler_page_blocks(path: Path, number: int, deadline: float) -> list[Block] | None:
    """Second engine for pages pypdf cannot parse (e.g. inline images with abbreviated filter
    names, which pypdf 7 rejects). No font names: legacy text is found line by line. All the
    pages of a file share POPPLER_BUDGET_S, and a page's text is cut at POPPLER_MAX_OUTPUT_BYTES."""
    if shutil.which("pdftotext") is None or time.monotonic() >= deadline:
        return None
    with tempfile.TemporaryFile() as output:
        try:
            process = subprocess.Popen(
                ["pdftotext", "-enc", "UTF-8", "-f", str(number), "-l", str(number), str(path), "-"],
                stdout=output, stderr=subprocess.DEVNULL)
            while process.poll() is None:  # stopped when its time is up or its text too long
                if time.monotonic() >= deadline or output.tell() > POPPLER_MAX_OUTPUT_BYTES:
                    process.kill()
                    process.wait()
                    return None
                time.sleep(0.01)
        except OSError:
            return None
        if process.returncode != 0 or output.tell() > POPPLER_MAX_OUTPUT_BYTES:
            return None
        output.seek(0)
        text = output.read().decode("utf-8", "replace").replace("\f", "")
    return [Block([TextRun(line)], page=number) for line in text.split("\n")]


def read_pdf(path: Path) -> RawDocument:
    """The text of every page; a PDF whose streams together expand past the file's budget
    (or one stream past pypdf's limit) fails as a bomb at once, without a second engine."""
    unpacked = Unpacked(path)
    token = _UNPACKED.set(unpacked)
    try:
        return _read_pdf(path, unpacked)
    except LimitReachedError as exc:
        raise _limit_error(path, unpacked, exc) from None
    finally:
        _UNPACKED.reset(token)


def _read_pdf(path: Path, unpacked: Unpacked) -> RawDocument:
    reader = _open(path)
    try:
        pages = list(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ExtractionError("corrupt", f"{path.name}: the PDF page tree is damaged ({exc})") from exc
    if not pages:
        raise ExtractionError("no_text", f"{path.name}: the PDF has no pages")
    _check_content_size(path, pages)
    blocks: list[Block] = []
    warnings: list[str] = []
    poppler_deadline = time.monotonic() + POPPLER_BUDGET_S
    for number, page in enumerate(pages, start=1):
        try:
            blocks.extend(_page_blocks(page, number))
        except ExtractionError:
            raise
        except MemoryError:
            raise _memory_bomb(path) from None
        except Exception as exc:  # pypdf raises many types on damaged or unusual streams
            if unpacked.exceeded:  # pypdf turned the budget's error into another
                raise unpacked.error("a compressed stream") from None
            if isinstance(exc, LimitReachedError) and _decompression_limit(exc):
                raise
            fallback = _poppler_page_blocks(path, number, poppler_deadline)
            if fallback is None:
                warnings.append(f"page {number}: text could not be read ({type(exc).__name__}: {exc})")
            else:
                blocks.extend(fallback)
                warnings.append(f"page {number}: read with poppler's pdftotext (pypdf: {type(exc).__name__})")
    if unpacked.exceeded:  # pypdf swallowed the budget's error somewhere
        raise unpacked.error("a compressed stream")
    text_chars = sum(len(b.raw_text.strip()) for b in blocks)
    if text_chars < MIN_CHARS_PER_PAGE * len(pages):
        return ocr.read_scanned_pdf(path, len(pages))
    return RawDocument("pdf", blocks, page_count=len(pages), warnings=warnings)
