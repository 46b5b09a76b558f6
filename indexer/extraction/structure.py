"""The section tree of a report: front matter, numbered body headings, back matter.

The text is scanned once, line by line. Each line is either a heading of some *rank*
(PHẦN < Chương < Mục < I. < Điều < 1. < 1.1. < 1.1.1. < a)) or plain text. A heading's level
is its depth in the tree actually built (a stack of open sections), not a fixed number per
rank, so a report without PHẦN has its roman headings at level 1 and a decree's "1." under
"Điều 3." sits one level below it. Front matter (letterhead, document type and title) comes
before the first heading; back matter ("Trên đây là …", "Nơi nhận:", the signature block)
closes the document. Front and back sections are always level 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extraction.document_kinds import doc_type_of_line
from indexer.extraction.lines import Line, first_cell, is_signature_start, is_uppercase_line, split_lines
from indexer.extraction.model import Section

# Ranks: a heading nests under every open heading of a smaller rank.
_RANK_PART = 0
_RANK_CHAPTER = 1
_RANK_SUBCHAPTER = 2  # "Mục 1" inside a chapter
_RANK_ROMAN = 3
_RANK_ARTICLE = 4  # "Điều 1."
_RANK_ARABIC = 5  # "1.", then 6 for "1.1.", 7 for "1.1.1."
_RANK_LETTER = 9

_HEADING_MAX_CHARS = 200
_SIGNATURE_TAIL_LINES = 8  # without "Nơi nhận"/"Trên đây là", a signature only among the last lines
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_MAX_HEADING_LINES = 3

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ORDINALS = r"nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười(?:\s+\w+)?"
_PART = re.compile(
    rf"^phần\s+(?:thứ\s+(?:{_ORDINALS})|(?=[IVX]){_ROMAN}\b|\d{{1,2}}\b|[A-D]\b)\s*(?:$|[.:\-–]\s*\S?)",
    re.I,
)
_CHAPTER = re.compile(rf"^chương\s+(?:(?=[IVX]){_ROMAN}|\d{{1,2}})\b\s*(?:$|[.:\-–]\s*\S?)", re.I)
_SUBCHAPTER = re.compile(r"^mục\s+\d{1,2}\s*(?:$|[.:\-–]\s*\S)", re.I)
_ARTICLE = re.compile(r"^điều\s+\d{1,3}\s*[.:]", re.I)
# "I." "II -" "III:" followed by text; the numeral must be a real one (checked separately).
_ROMAN_HEADING = re.compile(r"^(?P<n>[IVX]{1,5})\s*(?:[.:)]|\s-|-)\s*(?=\S)")
# "1." "1.1." "2)" "3/" at line start, then a letter: never "1.406 tổ", "10/4/2019", "15 phút".
_ARABIC_HEADING = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,3})[.)/]\s*(?=[\"“'‘(]?[^\W\d_])")
# "4.4 Công tác": a decimal number without its final dot needs a capital after it.
_DECIMAL_BARE = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){1,3})\s+(?=[^\W\d_])")
_LETTER_HEADING = re.compile(r"^(?P<n>[a-zđ])(?:\)\s*|\.\s+(?=[^\W\d_]))(?=\S)")

_CLOSING = re.compile(r"^trên đây là\b", re.I)
_RECIPIENTS = re.compile(r"^nơi\s+nhận\b", re.I)


def _roman_value(numeral: str) -> int | None:
    if not re.fullmatch(_ROMAN, numeral):
        return None
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(numeral):
        value = values[ch]
        total += -value if i + 1 < len(numeral) and values[numeral[i + 1]] > value else value
    return total or None


def heading_rank(line: str) -> int | None:
    """The rank of a body heading line, or None for ordinary text."""
    if not line or len(line) < 2:
        return None
    if _PART.match(line):
        return _RANK_PART
    if _CHAPTER.match(line):
        return _RANK_CHAPTER
    if _SUBCHAPTER.match(line):
        return _RANK_SUBCHAPTER
    if _ARTICLE.match(line):
        return _RANK_ARTICLE
    if (match := _ROMAN_HEADING.match(line)) and _roman_value(match.group("n")):
        return _RANK_ROMAN
    match = _ARABIC_HEADING.match(line)
    if match is None and (bare := _DECIMAL_BARE.match(line)) and line[bare.end()].isupper():
        match = bare
    if match:
        parts = match.group("n").split(".")
        if int(parts[0]) == 0:
            return None
        return _RANK_ARABIC + len(parts) - 1
    if _LETTER_HEADING.match(line):
        return _RANK_LETTER
    return None


def _heading_text(line: str) -> str:
    text = " ".join(line.split())
    if len(text) <= _HEADING_MAX_CHARS:
        return text
    cut = text.rfind(" ", 0, _HEADING_MAX_CHARS)
    return text[: cut if cut > 0 else _HEADING_MAX_CHARS]


@dataclass
class _Open:
    section: Section
    rank: int


class _TreeBuilder:
    """Keeps the open sections; closing one sets its end to the next heading's start."""

    def __init__(self, text_end: int) -> None:
        self.sections: list[Section] = []
        self.stack: list[_Open] = []
        self.text_end = text_end

    def close_until(self, offset: int, keep: int) -> None:
        while len(self.stack) > keep:
            self.stack.pop().section.end = offset

    def add(self, heading: str, rank: int, start: int, kind: str) -> None:
        keep = len(self.stack) if kind == "body" else 0
        while keep and (self.stack[keep - 1].rank >= rank or self.stack[keep - 1].section.kind != "body"):
            keep -= 1
        self.close_until(start, keep)
        path = [o.section.heading for o in self.stack] + [heading]
        section = Section(heading=heading, level=len(path), path=path, start=start, end=self.text_end, kind=kind)
        self.sections.append(section)
        self.stack.append(_Open(section, rank))

    def finish(self) -> list[Section]:
        self.close_until(self.text_end, 0)
        return self.sections


def _wrapped_heading_lines(lines: list[Line], index: int) -> list[str]:
    """Capital lines right under a capital heading that has its own words ("II. CÔNG TÁC …"
    / "KẾT LUẬN SỐ 62 …"): a heading a PDF wrapped. Bare "Chương I" / "PHẦN I" keep their
    title line apart (it is the first line of their text)."""
    heading = lines[index].stripped
    if not is_uppercase_line(heading) or _PART.match(heading) or _CHAPTER.match(heading):
        return []
    continuation: list[str] = []
    for line in lines[index + 1: index + 1 + _MAX_HEADING_LINES]:
        stripped = line.stripped
        if not stripped or not is_uppercase_line(stripped) or heading_rank(stripped) is not None \
                or _back_kind(stripped, True):
            break
        continuation.append(stripped)
    return continuation


def _back_kind(line: str, signature_allowed: bool) -> str | None:
    if _CLOSING.match(line):
        return "closing"
    if _RECIPIENTS.match(line):
        return "recipients"
    if signature_allowed and is_signature_start(line):
        return "signature"
    return None


def parse_sections(text: str) -> list[Section]:
    """The section tree of ``text`` as a flat list in document order (parents before children).

    Sections span from their heading line to the next heading of the same or a higher level;
    front and back matter sections are level 1 with kind "front" / "back".
    """
    all_lines = split_lines(text)
    nonblank = [i for i, line in enumerate(all_lines) if line.stripped]
    builder = _TreeBuilder(len(text.rstrip()))
    tail_start = nonblank[-_SIGNATURE_TAIL_LINES] if len(nonblank) >= _SIGNATURE_TAIL_LINES else 0
    seen_body = seen_doc_type = False
    seen_back: set[str] = set()
    continued_until = -1
    for index in nonblank:
        if index <= continued_until:
            continue
        line = all_lines[index]
        stripped = line.stripped
        start = line.content_start
        signature_allowed = bool(seen_back) or index >= tail_start
        back = _back_kind(stripped, signature_allowed) if builder.sections else None
        if back and back not in seen_back:
            seen_back.add(back)
            builder.add(_heading_text(first_cell(stripped)), -1, start, "back")
            continue
        rank = heading_rank(stripped)
        if rank is not None and (not seen_back or rank < _RANK_ARABIC):
            seen_back.clear()  # after back matter, only a major heading starts an attached part
            seen_body = True
            continuation = _wrapped_heading_lines(all_lines, index)
            continued_until = index + len(continuation)
            builder.add(_heading_text(" ".join([stripped, *continuation])), rank, start, "body")
        elif not seen_body and not seen_back:
            if not seen_doc_type and doc_type_of_line(stripped):
                seen_doc_type = True
                builder.add(_heading_text(first_cell(stripped)), -1, start, "front")
            elif not builder.sections and not _PAGE_NUMBER.match(stripped):
                builder.add(_heading_text(first_cell(stripped)), -1, start, "front")
    return builder.finish()
