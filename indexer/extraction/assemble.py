"""From font-tagged blocks to the document text: decode, repair, clean, and map pages.

Steps, in order: decode each run by its font (or each line by its syllables); mend legacy
syllable damage; NFC and invisible-character clean-up; drop repeated page headers/footers and
page numbers (paged formats); rejoin lines a PDF or a text export broke mid-sentence or
mid-code; strip Markdown residue. Offsets of the final text are mapped to pages.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from indexer.extraction.model import Block, PageSpan, RawDocument
from indexer.extraction.vietnamese.repair import decode_run, detect_line_encoding, nfc, repair_legacy_syllables, score_text
from indexer.extraction.vietnamese.legacy import (
    decode_tcvn3,
    decode_vni,
    font_encoding,
    has_unicode_vietnamese,
    is_unicode_vietnamese_letter,
    tcvn3_signal,
    vni_signal,
)

_DECODERS = {"tcvn3": decode_tcvn3, "vni": decode_vni}
_INVISIBLE = str.maketrans({"\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2060": ""})
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_GLYPH_FIXES = str.maketrans({"ƣ": "ư", "Ƣ": "Ư"})
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–—])?\s*$", re.I)
_MARKDOWN_EDGE = re.compile(r"^(\s*)(?:\*{1,3}|_{2,3})(?=\S)|(?<=\S)(?:\*{1,3}|_{2,3})(\s*)$", re.M)
_MARKDOWN_INLINE = re.compile(r"(\*{2,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_SENTENCE_END = re.compile(r"[.;:!?…\"”)\]]\s*$")
_CODE_BREAK_HEAD = re.compile(r"(?:\d|\b[A-ZĐ]{1,8})[-/]$")
_CODE_BREAK_TAIL = re.compile(r"^[A-ZĐ]{1,8}(?:[-/][A-ZĐ0-9]{1,8})*\b")
_STARTS_LOWER = re.compile(r"^[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")


@dataclass
class AssembledText:
    text: str
    pages: list[PageSpan]
    encodings: list[str]
    warnings: list[str]


def _decode_runs(block: Block, legacy_override: str | None, trust_fonts: bool) -> tuple[list[str], set[str], list[int]]:
    """Decode runs by their fonts; ``legacy_override`` reads every legacy-font run as that
    encoding instead (fonts lie: "VNSTCVN3" runs holding VNI text exist). A run that already
    holds Unicode Vietnamese letters is never decoded, whatever its font says."""
    parts: list[str] = []
    used: set[str] = set()
    plain_indexes: list[int] = []
    for run in block.runs:
        text, encoding = decode_run(run.text, run.font) if trust_fonts else (run.text, None)
        if encoding and legacy_override and legacy_override != encoding:
            text, encoding = _DECODERS[legacy_override](run.text), legacy_override
        if encoding:
            if text != run.text:
                used.add(encoding)
        else:
            text = nfc(text)  # Windows-1258 and Word store tones as combining marks
            plain_indexes.append(len(parts))
        parts.append(text)
    return parts, used, plain_indexes


def _decode_block(block: Block, found: list[str], trust_fonts: bool) -> str:
    """Decode legacy-font runs by font (checked against the other legacy reading), then the
    remaining runs by line-level detection."""
    parts, used, plain_indexes = _decode_runs(block, None, trust_fonts)
    if used:
        best = score_text("".join(parts))
        for alternative in _DECODERS:
            candidate = _decode_runs(block, alternative, trust_fonts)
            # a reading that changes nothing is no reading: taking it would leave the runs out of
            # the cell-by-cell detection below ("§¨k L¨k" in a .VnTime cell stayed undecoded)
            if candidate[1] and candidate[1] != used and (candidate_score := score_text("".join(candidate[0]))) > best:
                (parts, used, plain_indexes), best = candidate, candidate_score
        # Unicode text left in a legacy font reads as well undecoded ("các" vs "cỏc"); in a
        # block that also holds Unicode letters, a tie means the font name is stale.
        undecoded = _decode_runs(block, None, trust_fonts=False)
        undecoded_score = score_text("".join(undecoded[0]))
        if undecoded_score > best or (undecoded_score == best and has_unicode_vietnamese(block.raw_text)):
            parts, used, plain_indexes = undecoded
    for cell in _cells(block, plain_indexes):  # table cells are judged one by one
        plain = "".join(parts[i] for i in cell)
        encoding = detect_line_encoding(plain)
        if encoding:
            for i in cell:
                parts[i] = _DECODERS[encoding](parts[i])
            used.add(encoding)
    for name in sorted(used):
        if name not in found:
            found.append(name)
    text = "".join(parts)
    if used:
        text = repair_legacy_syllables(text, "tcvn3" if "tcvn3" in used else "vni")
    return text


def _cells(block: Block, indexes: list[int]) -> list[list[int]]:
    """Group run indexes into cells, split at tab runs (table rows) — one group otherwise."""
    groups: list[list[int]] = [[]]
    for i in indexes:
        if block.runs[i].text == "\t":
            groups.append([])
        else:
            groups[-1].append(i)
    return [g for g in groups if g]


def fonts_are_trustworthy(raw: RawDocument) -> bool:
    """False when the document's legacy-font runs mostly hold Unicode Vietnamese: the text was
    retyped or converted but the old font names stayed, so they say nothing about encoding."""
    unicode_letters = legacy_signals = 0
    for block in raw.blocks:
        for run in block.runs:
            if font_encoding(run.font):
                unicode_letters += sum(1 for ch in run.text if is_unicode_vietnamese_letter(ch))
                legacy_signals += tcvn3_signal(run.text) + vni_signal(run.text)
    return unicode_letters <= legacy_signals


def _clean_line(text: str) -> str:
    text = nfc(text).translate(_INVISIBLE).translate(_GLYPH_FIXES)
    return _SPACES.sub(" ", text)


def _margin_key(line: str) -> str:
    """Running headers repeat exactly; only "Trang 3/10"-style lines differ by their digits."""
    short_page_line = len(line) <= 30 and re.search(r"\b(?:trang|page)\b", line, re.I)
    return re.sub(r"\d+", "#", line) if short_page_line else line


def _repeated_margins(lines: list[tuple[str, int | None]], page_count: int) -> set[str]:
    """Lines that recur at the top or bottom of many pages: running headers and footers."""
    if page_count < 3:
        return set()
    by_page: dict[int, list[str]] = {}
    for text, page in lines:
        if page is not None and text.strip():
            by_page.setdefault(page, []).append(text.strip())
    counts: Counter[str] = Counter()
    for page_lines in by_page.values():
        edges = set(page_lines[:2] + page_lines[-2:])
        counts.update({_margin_key(line) for line in edges})
    return {key for key, n in counts.items() if n >= max(3, page_count // 2)}


def _drop_page_furniture(lines: list[tuple[str, int | None]], page_count: int) -> list[tuple[str, int | None]]:
    repeated = _repeated_margins(lines, page_count)
    by_page: dict[int | None, list[int]] = {}
    for i, (text, page) in enumerate(lines):
        if text.strip():
            by_page.setdefault(page, []).append(i)
    edge_indexes = {i for idx in by_page.values() for i in idx[:1] + idx[-1:]}
    kept = []
    for i, (text, page) in enumerate(lines):
        stripped = text.strip()
        if page is not None and i in edge_indexes and _PAGE_NUMBER.match(stripped):
            continue
        if stripped and _margin_key(stripped) in repeated:
            continue
        kept.append((text, page))
    return kept


_LIST_OR_HEADING = re.compile(
    r"^(?:[-+•*–]\s|\d+(?:\.\d+)*[./)]\s|\d+\.\d+\s+[A-ZĐ]|[IVXLC]+[./)\-:]\s|[a-zđ][)/]\s|PHẦN\b|Phần thứ\b|Chương\b|Điều\s+\d|Nơi nhận)"
)


def _wrapped(prev: str, following: str, full_width: int) -> bool:
    """A PDF line that fills the measure and does not end a sentence continues on the next
    line, unless that line starts a list item or a heading."""
    return (
        full_width > 0
        and len(prev) >= 0.8 * full_width
        and not _SENTENCE_END.search(prev)
        and not _LIST_OR_HEADING.match(following)
    )


def _separator(prev_line: str, joined: str, line: str, full_width: int, gaps_mark_paragraphs: bool) -> str | None:
    """How ``line`` continues the text so far: "" (code broken after a dash), " " (sentence
    broken or wrapped), or None (a new line). ``prev_line`` is the last physical line. Where
    the page shows paragraph breaks as vertical gaps, a full line with no gap after it is
    wrapped whatever its last character or the next line's first."""
    if not prev_line or not line or "\t" in joined:
        return None
    if _CODE_BREAK_HEAD.search(prev_line) and _CODE_BREAK_TAIL.match(line):
        return ""
    if not _SENTENCE_END.search(prev_line) and _STARTS_LOWER.match(line) and not _LIST_OR_HEADING.match(line):
        return " "  # a sentence broken mid-way, not a heading followed by its item "a) …"
    if gaps_mark_paragraphs and full_width and len(prev_line) >= 0.8 * full_width:
        return " "
    return " " if _wrapped(prev_line, line, full_width) else None


def _rejoin(lines: list[tuple[str, int | None]], paged: bool) -> list[tuple[str, int | None]]:
    """Join lines broken mid-code ("62-" / "KL/TW"), mid-sentence (next line lowercase), or
    (paged formats) wrapped at the right margin; a code break may span one blank line."""
    widths: dict[int | None, int] = {}
    blank_lines: dict[int | None, int] = {}
    if paged:
        for text, page in lines:
            if "\t" not in text:
                widths[page] = max(widths.get(page, 0), len(text.strip()))
            if not text.strip():
                blank_lines[page] = blank_lines.get(page, 0) + 1
    out: list[tuple[str, int | None]] = []
    prev_line, prev_page = "", None
    i = 0
    while i < len(lines):
        text, page = lines[i]
        line = text.strip()
        if out and not line and i + 1 < len(lines) and prev_line:
            following = lines[i + 1][0].strip()
            if _CODE_BREAK_HEAD.search(prev_line) and _CODE_BREAK_TAIL.match(following):
                out[-1] = (out[-1][0].rstrip() + following, out[-1][1])
                prev_line = following
                i += 2
                continue
        gaps = blank_lines.get(page, 0) >= 2 and page == prev_page  # no gap is measured across pages
        separator = _separator(prev_line, out[-1][0], line, widths.get(page, 0), gaps) if out else None
        if separator is None:
            out.append((text, page))
        else:
            out[-1] = (out[-1][0].rstrip() + separator + line, out[-1][1])
        prev_line, prev_page = line, page
        i += 1
    return out


def _strip_markdown(text: str) -> str:
    text = _MARKDOWN_INLINE.sub(r"\2", text)
    text = _MARKDOWN_EDGE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    return _MARKDOWN_HEADING.sub("", text)


def assemble(raw: RawDocument, rejoin_lines: bool) -> AssembledText:
    found: list[str] = []
    trust_fonts = fonts_are_trustworthy(raw)
    lines: list[tuple[str, int | None]] = []
    for block in raw.blocks:
        decoded = _clean_line(_decode_block(block, found, trust_fonts))
        for piece in decoded.split("\n"):
            # Indentation is layout, not text; a table row keeps its leading empty cells.
            lines.append((piece.rstrip() if block.kind == "table_row" else piece.strip(), block.page))
    if raw.page_count and raw.page_count > 1:
        lines = _drop_page_furniture(lines, raw.page_count)
    if rejoin_lines:
        lines = _rejoin(lines, paged=raw.page_count is not None)
    text_parts: list[str] = []
    pages: list[PageSpan] = []
    offset = 0
    blank_run = 0
    for line, page in lines:
        line = _strip_markdown(line)
        if not line.strip():
            blank_run += 1
            if blank_run > 1 or not text_parts:
                continue
        else:
            blank_run = 0
        if text_parts:
            text_parts.append("\n")
            offset += 1
        start = offset
        text_parts.append(line)
        offset += len(line)
        if page is not None:
            if pages and pages[-1].page == page:
                pages[-1].end = offset
            else:
                pages.append(PageSpan(page, start, offset))
    text = "".join(text_parts).rstrip()
    if pages:
        pages[-1].end = len(text)
    return AssembledText(text, pages, found + [e for e in raw.encodings if e not in found], list(raw.warnings))
