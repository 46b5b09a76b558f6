"""Tables whose cells lost their tabs: a PDF's text layer writes a row as one run of words,
"14 Thanh tra tỉnh 13,50 12,50 9,50 70,37%", and often two or three rows on one line ("… 93,33%
11 Sở Y tế 15,00 …"). A row is its number, its label, then its figures; the rows of one table
number on by one and hold as many figures each. The lines of words just above the first row are
the column heads ("Điểm chuẩn tối đa / Điểm tự đánh giá / Điểm thẩm định Chỉ số"), and lines
like "Chỉ số trung bình 91,47%" under the last row are rows of the table too, their figures in
its last columns. A table whose heads are not read is left to the sentence reader.
"""

from __future__ import annotations

import re
from collections import Counter

from api.answers.sheets import Sheet, SheetRow, cell_number

_TOKEN = re.compile(r"\S+")
_ROW_INDEX = re.compile(r"\d{1,3}\.?")
MIN_ROWS = 3
MAX_HEAD_LINES = 6
MAX_HEAD_CHARS = 60
MAX_TITLE_LINES = 3
BLANK_UNDER_HEADS = 2


def _records(line: str, offset: int) -> list[tuple[str, list[tuple[str, int, int]], list[tuple[str, int, int]]]]:
    """(index, label tokens, figure tokens) of the rows written on one line, tokens with their
    places in the text. A bare integer closing a run of figures opens the next row when words
    follow it; a bare integer alone between words is part of the label ("UBND phường 1 Bảo Lộc")."""
    tokens = [(m.group(0), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(line)]
    records, index, label, figures = [], "", [], []
    for i, token in enumerate(tokens):
        word = token[0]
        if cell_number(word) is None:
            if len(figures) == 1 and figures[0][0].isdigit():
                label, figures = label + figures, []
            if figures:
                records.append((index, label, figures))
                index, label, figures = "", [], []
            label.append(token)
        elif not label:
            if index or figures or not _ROW_INDEX.fullmatch(word):
                return []  # figures before any words: no row of a table
            index = word.rstrip(".")
        else:
            following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            if figures and _ROW_INDEX.fullmatch(word) and following and cell_number(following) is None:
                records.append((index, label, figures))
                index, label, figures = word.rstrip("."), [], []
            else:
                figures.append(token)
    if len(figures) == 1 and figures[0][0].isdigit():
        label, figures = label + figures, []
    if label and figures:
        records.append((index, label, figures))
    elif label:
        return []  # a line ending in words: prose, or a label the next line goes on with
    return records


def _label_digit(label, figures, width: int):
    """"UBND xã Đam Rông 3 12,00 12,00 12,00 100,00%": one figure more than the table's columns,
    and the first a bare integer, which ends the label."""
    if len(figures) == width + 1 and figures[0][0].isdigit():
        return label + [figures[0]], figures[1:]
    return label, figures


def _heads(lines: list[str], width: int) -> dict[int, str]:
    """The column heads over ``width`` columns of figures: one a line, or a line that runs two
    heads together split where a capital opens the next ("Điểm thẩm định Chỉ số")."""
    heads = [" ".join(line.split()) for line in lines]
    if len(heads) < width:
        split = [part for head in heads for part in _capital_parts(head)]
        heads = split if len(split) >= width else heads
    if len(heads) < width:
        return {}
    return dict(enumerate(heads[-width:]))


def _capital_parts(head: str) -> list[str]:
    parts: list[list[str]] = []
    for word in head.split():
        if not parts or (word[:1].isupper() and not parts[-1][-1][:1].isupper()):
            parts.append([])
        parts[-1].append(word)
    return [" ".join(part) for part in parts]


def _caption(line: str) -> bool:
    """"KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ … NĂM 2025": a table's caption, in capitals."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 16 and all(c.isupper() for c in letters)


def read_flat_sheets(text: str) -> list[Sheet]:
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((line, offset))
        offset += len(line) + 1
    parsed = [_records(line, start) if "\t" not in line else [] for line, start in lines]
    sheets: list[tuple[Sheet, int, str]] = []  # with its width and the number of its last row
    i = 0
    while i < len(lines):
        if not parsed[i] or not parsed[i][0][0]:
            i += 1
            continue
        j = i
        while j < len(lines) and parsed[j]:
            j += 1
        records = [r for k in range(i, j) for r in parsed[k]]
        numbered = [r for r in records if r[0]]
        width = Counter(len(f) for _i, _l, f in numbered).most_common(1)[0][0]
        last = sheets[-1] if sheets else None
        if last and last[1] == width and numbered[0][0] == str(int(last[2]) + 1):
            # the table goes on over a page break, under its column heads written again
            last[0].rows.extend(_rows(records, width))
            sheets[-1] = (last[0], width, numbered[-1][0])
        elif len(numbered) >= MIN_ROWS and _numbered_on(numbered):
            sheet = _sheet(lines, parsed, i, width)
            if sheet.columns:  # without its heads no figure of a row can be told from the others
                sheet.rows.extend(_rows(records, width))
                sheets.append((sheet, width, numbered[-1][0]))
        i = j
    return [sheet for sheet, _w, _n in sheets]


def _numbered_on(records) -> bool:
    numbers = [int(index) for index, _l, _f in records]
    return sum(b == a + 1 for a, b in zip(numbers, numbers[1:])) >= 0.8 * (len(numbers) - 1)


def _sheet(lines, parsed, first: int, width: int) -> Sheet:
    head, k = [], first - 1
    while k >= 0 and first - k <= BLANK_UNDER_HEADS and not lines[k][0].strip():
        k -= 1  # a blank line between the heads and the first row ("Chỉ số⏎⏎1 UBND đặc khu Phú Quý …")
    while k >= 0 and len(head) < MAX_HEAD_LINES:
        line = lines[k][0].strip()
        if not line or parsed[k] or len(line) > MAX_HEAD_CHARS or _caption(line) or re.match(r"[IVX]+\.|\d+\.", line):
            break
        head.insert(0, line)
        k -= 1
    title = []
    while k >= 0 and len(title) < MAX_TITLE_LINES and not parsed[k]:
        line = lines[k][0].strip()
        if line:
            title.insert(0, " ".join(line.split()))
        k -= 1
    # a second part of the table ("II. ĐỐI VỚI CẤP XÃ") is under the caption of the first
    if not any(_caption(t) for t in title):
        caption = next((" ".join(lines[c][0].split()) for c in range(k, -1, -1) if _caption(lines[c][0])), None)
        if caption:
            title.insert(0, caption)
    return Sheet(title=" ".join(title), columns=_heads(head, width), measure=None)


def _rows(records, width: int) -> list[SheetRow]:
    rows = []
    for index, label, figures in records:
        label, figures = _label_digit(label, figures, width)
        if len(figures) > width:
            continue
        column = width - len(figures)  # a row of fewer figures ("Chỉ số trung bình 91,47%") fills the last columns
        cells = {column + n: figure for n, figure in enumerate(figures)}
        name = " ".join(token for token, _s, _e in label)
        rows.append(SheetRow([name], label[0][1], figures[-1][2], cells, None, name, (), index))
    return rows
