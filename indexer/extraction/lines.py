"""Lines of a report's text, as the section parser and the metadata readers both see them:
spans, leftover markup, the columns a table or tab stops merged, capital lines, signature lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_LEADING_MARKUP = re.compile(r"^[\s*#_>]+")
_TRAILING_MARKUP = re.compile(r"[\s*_]+$")
_COLUMN_GAP = re.compile(r"\t|\s{3,}")
# "T/M", "TM.", "KT.", "K/T", "TL.", "TUQ.", "Q." open a signature block; so does a lone position line.
SIGNATURE_PREFIX = re.compile(r"^(?:T\s*/\s*M|TM|T\.M|KT|K\s*/\s*T|TL|T\s*/\s*L|TUQ|Q|TQ)(?:\s*[.:/]\s*|\s+)(?=[^\W\d_])")
POSITION_WORDS = re.compile(
    r"\b(?:CHỦ TỊCH|BÍ THƯ|GIÁM ĐỐC|TRƯỞNG|CHÁNH|THƯ KÝ|ỦY VIÊN|UỶ VIÊN|CHỦ NHIỆM|THỦ TƯỚNG|"
    r"TỔNG THƯ KÝ|CHỦ TỌA|CHỦ TOẠ|NGƯỜI LẬP|NGƯỜI KÝ|KẾ TOÁN)\b"
)


@dataclass
class Line:
    """One line of the text: ``text`` is ``full[start:end]`` without the newline."""

    text: str
    start: int
    end: int

    @property
    def stripped(self) -> str:
        return strip_markup(self.text)

    @property
    def content_start(self) -> int:
        """Where the line's words begin, after indentation and leading markup."""
        return self.start + len(self.text) - len(_LEADING_MARKUP.sub("", self.text))


def split_lines(text: str) -> list[Line]:
    lines = []
    start = 0
    for piece in text.split("\n"):
        lines.append(Line(piece, start, start + len(piece)))
        start += len(piece) + 1
    return lines


def strip_markup(line: str) -> str:
    """The line without indentation and leftover Markdown emphasis ("**", "***Về …:**")."""
    return _TRAILING_MARKUP.sub("", _LEADING_MARKUP.sub("", line))


def compact(text: str) -> str:
    """Runs of white space as one space."""
    return " ".join(text.split())


def first_cell(line: str) -> str:
    """The first column of a line that a table or tab stops merged with another column."""
    return _COLUMN_GAP.split(strip_markup(line), maxsplit=1)[0].strip()


def columns(line: Line) -> Iterator[tuple[str, int]]:
    """The columns of a line merged from a two-column table (split at tabs or wide gaps), each
    with its offset in the text."""
    for match in re.finditer(r"[^\t]+?(?=\t| {3,}|$)", line.text):
        cell = match.group(0).strip()
        if cell:
            yield cell, line.start + match.start() + match.group(0).index(cell)


def is_uppercase_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def is_signature_start(line: str) -> bool:
    """A line that opens a signature block: "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"."""
    cell = first_cell(line)
    if not cell or len(cell) > 60 or not is_uppercase_line(cell):
        return False
    return bool(SIGNATURE_PREFIX.match(cell)) or (len(cell.split()) <= 6 and bool(POSITION_WORDS.search(cell)))
