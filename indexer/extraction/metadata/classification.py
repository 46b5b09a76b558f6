"""The secrecy or circulation stamp of a report: "MẬT", "TỐI MẬT", "TUYỆT MẬT" (the degrees of
the Law on Protection of State Secrets, stamped on the first page under the number) or "Lưu hành
nội bộ" (internal circulation). A stamp is a line, or a table cell, of its own; the same words
inside a sentence are not a stamp."""

from __future__ import annotations

import re

from indexer.extraction.lines import Line, columns, strip_markup
from indexer.extraction.model import Found

_DEGREES = {"TUYỆT MẬT": "tuyệt mật", "TỐI MẬT": "tối mật", "MẬT": "mật"}
_RANK = {"tuyệt mật": 3, "tối mật": 2, "mật": 1, "nội bộ": 0}
# Upper-case only: "Mật" in mixed case is a word of a title, not a stamp.
_DEGREE = re.compile(r"^(?:ĐỘ\s+MẬT\s*:\s*)?(?P<stamp>TUYỆT\s+MẬT|TỐI\s+MẬT|MẬT)$")
_INTERNAL = re.compile(r"^(?:tài\s+liệu\s+|văn\s+bản\s+|chỉ\s+)?(?:lưu\s+hành|phát\s+hành|sử\s+dụng)\s+nội\s+bộ$", re.I)
_FRAME = " \t*_#()[]{}\"'“”‘’«»<>-–—.:;|"
_HEAD_LINES = 15  # stamps sit on the first page, by the letterhead and number
_TAIL_LINES = 8  # "Lưu hành nội bộ" also closes a document


def _stamp(cell: str) -> str | None:
    core = " ".join(strip_markup(cell).strip(_FRAME).split())
    if match := _DEGREE.match(core):
        return _DEGREES[" ".join(match.group("stamp").split())]
    return "nội bộ" if _INTERNAL.match(core) else None


def classification(lines: list[Line], front_end: int) -> Found | None:
    """The highest stamp in the front matter (or the first lines) or the last lines, with its span."""
    nonblank = [line for line in lines if line.stripped]
    head = [line for line in nonblank[:_HEAD_LINES * 2] if line.start < max(front_end, 1)][:_HEAD_LINES] or nonblank[:_HEAD_LINES]
    found: Found | None = None
    for line in head + nonblank[-_TAIL_LINES:]:
        for cell, start in columns(line):
            value = _stamp(cell)
            if value and (found is None or _RANK[value] > _RANK[found.value]):
                offset = start + cell.find(cell.strip(_FRAME))
                found = Found(value, offset, offset + len(cell.strip(_FRAME)))
    return found
