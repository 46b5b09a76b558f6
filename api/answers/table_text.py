"""Names read from a table: the cell under the column a question asks about, in the row its
other cells say the question is about.

"Ai là chủ đầu tư dự án sửa chữa, cải tạo … Trung tâm chữa bệnh Phú Văn?" is answered by the row
"1 | Sửa chữa, cải tạo và xây dựng mở rộng Trung tâm chữa bệnh Phú Văn | Ban Quản lý Dự án … |
Tỉnh Bình Phước | …" under the header "Chủ đầu tư"; plans assign their tasks the same way
("Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian"). Tables are the tab-separated rows
of the extracted text (indexer/extraction/loading/), one row a line, so a row's cells line up
with its header's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.answers.passages import folded
from api.answers.sheets import line_cells

_SYLLABLE = re.compile(r"[^\W_]+")
# A column of who does a plan's task, when no header names the action asked about itself.
_BODY = r"(?:co quan|don vi|dia phuong|to chuc|ca nhan)"
_RESPONSIBLE = re.compile(r"\b(?:trach nhiem|chu tri|phu trach|(?:don vi|co quan|ca nhan|nguoi)\b.*\bthuc hien)\b"
                          # a synthesis of comments: who sent each row ("Đơn vị góp ý", "Tên cơ quan, đơn vị, địa phương")
                          rf"|^(?:ten\s+)?{_BODY}(?:\s*,\s*{_BODY})*(?:\s+(?:gop y|de nghi|de xuat|kien nghi|tham gia gop y))?$")
# What the one named on a programme's row does with its item ("4.4 | Xây dựng … chính quyền số | | Đại diện Sở
# Khoa học và Công nghệ" under "Người thực hiện"): a row of a timed agenda need not write the verb itself.
_PERFORMED = {"trinh bay", "phu trach", "phat bieu", "bao cao", "tham luan", "dieu hanh", "dan chuong trinh", "thuc hien"}
_TIMED = re.compile(r"\b(?:thoi gian|gio)\b")
MAX_NAME_WORDS = 24
HEADER_ROWS = 4  # lines searched below a table's first row for its header


@dataclass
class NamedCell:
    text: str          # the cell as written
    start: int         # its span in the document text
    end: int
    row_start: int     # the row's line
    row_end: int
    header: str
    title: str           # the lines above the table
    row_text: str        # the row's other cells
    row_words: set[str]  # their folded syllables


def _tables(text: str) -> list[tuple[str, list[tuple[int, int, list[tuple[int, str, int, int]]]]]]:
    """Runs of consecutive tab-separated lines, (line start, line end, cells) each, with the lines
    of text above each run (its title: "Bảng tổng hợp danh mục đầu tư Năm 2006")."""
    tables, run, above, offset = [], [], [], 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "\t" in line:
            run.append((offset, offset + len(line), line_cells(line, offset)))
        elif run and i + 1 < len(lines) and "\t" in lines[i + 1] and len(line.split()) <= GROUP_HEADING_WORDS:
            pass  # "I. CẤP SỞ, NGÀNH": a heading over a group of the table's rows, inside the table
        else:
            if run:
                tables.append((" ".join(above[-TITLE_LINES:]), run))
                run, above = [], []
            if line.strip():
                above.append(" ".join(line.split()))
        offset += len(line) + 1
    if run:
        tables.append((" ".join(above[-TITLE_LINES:]), run))
    return tables


TITLE_LINES = 3
GROUP_HEADING_WORDS = 8


def _is_name(cell: str) -> bool:
    words = cell.split()
    return bool(words) and len(words) <= MAX_NAME_WORDS and re.search(r"[^\W\d_]", cell) is not None


def cells_under(text: str, action: str) -> list[NamedCell]:
    """Every filled cell under a header naming ``action`` (folded: "chu dau tu", "chu tri"), or,
    where no header does, under a header of who carries a task out ("Trách nhiệm thực hiện",
    "Đơn vị, cá nhân thực hiện") in a row whose task states the action, or any row of a timed
    agenda when the action is performing an item ("trình bày", "phụ trách")."""
    found: list[NamedCell] = []
    pattern = re.compile(rf"(?<!\w){re.escape(action)}(?!\w)") if action else None
    for title, table in _tables(text):
        for h, (_start, _end, header) in enumerate(table[:HEADER_ROWS]):
            keys = [folded(" ".join(cell.split())) for _c, cell, _s, _e in header]
            named = [c for c, key in enumerate(keys) if pattern and pattern.search(key)]
            columns = named or [c for c, key in enumerate(keys) if _RESPONSIBLE.search(key)]
            if not columns:
                continue
            agenda = action in _PERFORMED and any(_TIMED.search(key) for key in keys)
            for row_start, row_end, cells in table[h + 1:]:
                for column in columns:
                    if column >= len(cells) or not _is_name(cells[column][1]):
                        continue
                    others = " ".join(cell for c, cell, _s, _e in cells if c not in columns)
                    key = folded(others)
                    if not named and not agenda and not (pattern and pattern.search(key)):
                        continue  # a column of who carries tasks out: the row's task must state the action
                    _c, cell, start, _e = cells[column]
                    stripped = cell.strip()
                    start += len(cell) - len(cell.lstrip())
                    found.append(NamedCell(" ".join(stripped.split()), start, start + len(stripped), row_start, row_end,
                                           " ".join(header[column][1].split()), title, others,
                                           set(_SYLLABLE.findall(key))))
            break
    return found
