"""Who wrote a paper: the byline under its title.

A conference paper or study names its author under the title, not in a signature block:
"Ông Lê Quang Thung" / "Tổng giám đốc Tổng Công ty Cao su Việt Nam", or "Tiến sĩ Trịnh Hoà Bình -
Viện Xã hội học," / "Trung tâm Khoa học Xã hội và Nhân văn Quốc gia" / "Cùng các cộng sự". The
byline is the first line after the title that names a person, with the lines that continue it (the
line before ends with a comma, or the next one opens with a position or a body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.answers.persons import names_person

BYLINE_LINES = 6        # lines after the title that may hold the byline
BYLINE_REACH = 1200     # characters after the title read for it
MAX_BYLINE_WORDS = 16   # a longer line is prose, not a byline
MAX_CONTINUATIONS = 2
_LINE = re.compile(r"[^\n]+")
_DATE_LINE = re.compile(r"\b(?:ngày|tháng)\s+\d|\bnăm\s+\d{4}\b|\d{1,2}[/-]\d{1,2}[/-]\d{4}", re.I)
_CONTINUES = re.compile(r"^(?:Tổng|Phó|Giám đốc|Chủ tịch|Trưởng|Viện|Trường|Trung tâm|Học viện|Đại học|Khoa|Bộ|Sở|Vụ|Cục|"
                        r"Ban|Hội|Hiệp hội|Liên đoàn|Liên hiệp|Công ty|Tập đoàn|Ngân hàng|Ủy ban|Uỷ ban|UBND|Văn phòng|Phòng|"
                        r"Nguyên|Chuyên viên|Nghiên cứu viên|Giảng viên)\b")


@dataclass
class Byline:
    text: str    # "Ông Lê Quang Thung, Tổng giám đốc Tổng Công ty Cao su Việt Nam"
    start: int   # span in the document text
    end: int


def read_byline(text: str, after: int) -> Byline | None:
    """The byline in the lines that follow offset ``after`` (the title's end), or None."""
    lines = [(after + m.start(), after + m.end()) for m in _LINE.finditer(text[after:after + BYLINE_REACH])
             if re.search(r"[^\W\d_]", m.group(0))][:BYLINE_LINES]
    for i, (start, end) in enumerate(lines):
        line = _clean(text[start:end])
        if not line or len(line.split()) > MAX_BYLINE_WORDS or _DATE_LINE.search(line) or not names_person(line):
            continue
        parts, last = [line], end
        for next_start, next_end in lines[i + 1:i + 1 + MAX_CONTINUATIONS]:
            following = _clean(text[next_start:next_end])
            if "\n\n" in text[last:next_start] or _DATE_LINE.search(following) or len(following.split()) > MAX_BYLINE_WORDS:
                break
            if not (parts[-1].endswith(",") or _CONTINUES.match(following)):
                break
            parts.append(following)
            last = next_end
        return Byline(", ".join(p.rstrip(",").strip() for p in parts), start + (len(text[start:end]) - len(text[start:end].lstrip())), last)
    return None


def _clean(line: str) -> str:
    return line.strip().strip("\"“”'").strip()
