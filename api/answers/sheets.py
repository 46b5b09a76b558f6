"""Tables read out of a document's text: their title, their header's columns, their rows of figures.

Spreadsheets (and Word tables) are extracted one row a line, cells separated by tabs
(indexer/extraction/loading/), so a document's text keeps its grid. A table's header is the run
of rows between the title lines above it and its first row of figures; a column is known by its
header cells joined from top to bottom ("Ư.TH" over "T1/2005"), a row by its text cells before the
first figure ("Hàng dệt may"). "3 Hàng dệt may Tr. USD 5200 267 300" holds no figure a sentence
reader can use — bare numbers, their measure in another column — but its cell under "Ư.TH
T1/2005" is what "kim ngạch xuất khẩu hàng dệt may ước thực hiện tháng 1/2005" asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from api.answers.passages import folded

_SYLLABLE = re.compile(r"[^\W_]+")
_INDEX = re.compile(r"(?:\d{1,3}|[IVXL]{1,5}|[A-ZĐ])[.)]?", re.IGNORECASE)
_MONEY = re.compile(r"(?<!\w)(?:đồng|usd|vnd|\$)", re.IGNORECASE)
# "Triệu đồng", "Tr.đồng", "tỷ đồng" (folded): a money column's scale
_SCALED_MONEY = re.compile(r"(nghin|ngan|trieu|tr|ty|ti)\.?\s*(?:dong|đ|vnd)\b")
_MONEY_SCALE = {"nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "tr": 1e6, "ty": 1e9, "ti": 1e9}
_SUBINDEX = re.compile(r"\d{1,2}(?:\.\d{1,2}){1,3}\.?")  # "5.1.", "3.2.1."
_DITTO = {'"', "''", "“", "”", "-nt-", "nt"}
# "Đơn vị tính", or under a merged head ("Kết quả thống kê" over "Đơn vị tính | Số liệu"); a column
# "Đơn vị" alone names organisations as often
_MEASURE_HEADER = re.compile(r"(?:^|\s)(?:don vi tinh|dvt)$")
_CODED = re.compile(r"=\s*\d")  # "Có = 1; Không = 0": the row's figure is a coded answer, not a quantity
_MEASURE_LINE = re.compile(r"(?:đơn vị tính|đơn vị|đvt)\s*:\s*([^\t\n]{1,30})", re.IGNORECASE)
MAX_HEADER_ROWS = 6
# Abbreviations of statistical tables' column heads, spelled out (folded).
HEADER_WORDS = {"uth": "uoc thuc hien", "ut": "uoc thuc hien", "th": "thuc hien", "kh": "ke hoach",
                "tvdt": "tong von dau tu", "da": "du an", "dvt": "don vi tinh", "sl": "so luong", "gt": "gia tri",
                "gs": "giam sat", "dg": "danh gia", "nsnn": "ngan sach nha nuoc", "xk": "xuat khau", "nk": "nhap khau"}
# A column head's period: "T1/2005" (month 1), "2T.2005" / "2T/2005" (the first two months), a year.
_MONTH = re.compile(r"(?<![\w.])T(\d{1,2})[/.-]((?:19|20)\d{2})\b")
_MONTHS = re.compile(r"(?<![\w.])(\d{1,2})T[/.-]?((?:19|20)\d{2})\b")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass
class SheetRow:
    names: list[str]                        # the text cells before its figures ("Tổng hợp", "Điểm …")
    start: int                              # the row's line in the document text
    end: int
    cells: dict[int, tuple[str, int, int]]  # column → (the number as written, start, end)
    measure: str | None = None              # "Tr. USD": the row's own unit column
    name: str = ""                          # the cell that names the row: the first, or the one a question names
    name_columns: tuple[int, ...] = ()      # the columns of ``names``
    index: str = ""                         # its number as written: "5.1."
    parent: str = ""                        # the label of the row its number falls under ("5." over "5.1.")

    @property
    def label(self) -> str:
        return " ".join(self.names)

    @property
    def coded(self) -> bool:
        """A row answered by a code its measure spells out ("Có = 1; Không = 0"): no quantity."""
        return bool(self.measure and _CODED.search(self.measure))


@dataclass
class Sheet:
    title: str                 # the lines above the table
    columns: dict[int, str]    # column → its header cells joined
    measure: str | None        # "đồng" from "Đơn vị tính: đồng" above the table
    rows: list[SheetRow] = field(default_factory=list)

    @cached_property
    def shared(self) -> list[str]:
        """Text cells of a column only the first row fills — a cell merged down the table ("Sở Tài
        chính - Tỉnh Lâm Đồng" under "ĐƠN VỊ"): they name what every row is of, not one row."""
        if len(self.rows) < 3:
            return []
        first = self.rows[0]
        later = {c for row in self.rows[1:] for c in row.name_columns}
        return [name for column, name in zip(first.name_columns, first.names) if column not in later and column != 0]

    @cached_property
    def measure_column(self) -> int | None:
        """The column headed "Đơn vị tính" ("Tr. USD", "Chiếc" row by row), if any."""
        return next((c for c, name in self.columns.items() if _MEASURE_HEADER.search(name_key(name))), None)


@dataclass
class SheetCell:
    sheet: Sheet
    row: SheetRow
    column: int
    text: str
    value: float
    start: int
    end: int

    @property
    def header(self) -> str:
        return self.sheet.columns.get(self.column, "")

    @property
    def measure(self) -> str | None:
        if self.text.rstrip().endswith("%"):
            return "%"
        # a rate column says so in its head: "Thuế suất (%)", "Tỷ lệ %"
        return self.row.measure or self.sheet.measure or ("%" if re.search(r"\(\s*%\s*\)|\s%$", self.header) else None)

    @property
    def kind(self) -> str:
        """percent (a rate column or sign), money (a measure in đồng or a currency), else count."""
        measure = self.measure or ""
        if "%" in self.header or measure == "%":
            return "percent"
        return "money" if _MONEY.search(measure) else "count"

    @property
    def amount(self) -> tuple[float, str]:
        """(value, measure) made comparable: money in đồng ("16527" under "Triệu đồng" is
        16.527.000.000 đồng); any other cell as read."""
        measure = self.measure or ""
        scaled = _SCALED_MONEY.match(folded(measure).strip())
        if self.kind == "money" and scaled:
            return self.value * _MONEY_SCALE[scaled.group(1)], "đồng"
        return self.value, measure

    @property
    def written(self) -> str:
        """The figure as the table writes it, with its measure: "4078 Tr. USD"; "43%" holds its sign."""
        measure = self.measure or ""
        if self.text.endswith(measure):
            return self.text
        return f"{self.text}%" if measure == "%" else f"{self.text} {measure}".strip()

    @property
    def period(self) -> str | None:
        """The period the cell covers as the table writes it: its column's ("T1/2005" → "tháng
        1/2005"), else the title's ("… 9 tháng/2003 …")."""
        return column_period(self.header) or title_period(self.sheet.title)

    @property
    def year(self) -> int | None:
        """The year of that period (the last one of a span)."""
        period = self.period
        return int(period[-4:]) if period and period[-4:].isdigit() else None


def cell_number(text: str) -> float | None:
    """A cell holding only a number, in the spreadsheet's own notation ("4078", "119.6172249",
    "17469747308") or a Vietnamese one ("1.256.000", "25.898", "12,5"); None for "1.4.3" (an item's
    number). One dot before exactly three digits groups thousands: a spreadsheet's own decimals run
    longer ("87.23599633"), and a Word table's "25.898 phiếu" is twenty-five thousand."""
    text = text.strip()
    if text.endswith("%") and len(text) > 1:  # "43%": a rate written with its sign in the cell
        text = text[:-1].rstrip()
    if re.fullmatch(r"-?[1-9]\d{0,2}(?:\.\d{3})+", text):
        return float(text.replace(".", ""))
    if re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        return float(text)
    if re.fullmatch(r"-?\d+,\d+", text):
        return float(text.replace(",", "."))
    return None


def line_cells(line: str, offset: int) -> list[tuple[int, str, int, int]]:
    """(column, cell, start, end) of a tab-separated line starting at ``offset`` in its text."""
    out, position = [], offset
    for column, cell in enumerate(line.split("\t")):
        out.append((column, cell, position, position + len(cell)))
        position += len(cell) + 1
    return out


def _filled(cells) -> list[tuple[int, str, int, int]]:
    return [c for c in cells if c[1].strip()]


def _data_row(cells) -> tuple[list[tuple[int, str]], int] | None:
    """(label cells, column of the first figure, index) of a row of figures: text cells, then
    numbers; a leading index ("1", "II", "A", "5.1.") is no part of the label."""
    filled = _filled(cells)
    label, first, index = [], None, ""
    for column, cell, _s, _e in filled:
        if cell_number(cell) is not None and label:
            first = column
            break
        if not label and (_INDEX.fullmatch(cell.strip()) or _SUBINDEX.fullmatch(cell.strip())):
            index = index or cell.strip()
        elif cell_number(cell) is None:
            label.append((column, cell.strip()))
    if first is None:
        return None
    after = [cell for column, cell, _s, _e in filled if column >= first]
    numbers = [cell for cell in after if cell_number(cell) is not None]
    # a header row under the first ("tính 2005 T1/2004 T1/2005 …") holds a year among its words
    if len(numbers) < len(after) - len(numbers):
        return None
    return label, first, index


def _parent(rows: list[SheetRow], index: str) -> str:
    """The label of the nearest row above whose number ``index`` extends ("5." over "5.1.")."""
    parts = [p for p in index.split(".") if p]
    if len(parts) < 2:
        return ""
    stem = ".".join(parts[:-1])
    for row in reversed(rows):
        if [p for p in row.index.split(".") if p] == parts[:-1] or row.index.rstrip(".") == stem:
            return row.label
    return ""


def _numbering(cells) -> bool:
    """The row under a header that numbers its columns: "1 2 3 … 14" (or "A B 1 2 …")."""
    filled = [c[1].strip() for c in _filled(cells)]
    numbers = [int(c) for c in filled if c.isdigit()]
    return len(numbers) >= 3 and len(numbers) >= len(filled) - 3 \
        and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def read_sheets(text: str) -> list[Sheet]:
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((line, offset, line_cells(line, offset)))
        offset += len(line) + 1
    sheets: list[Sheet] = []
    sheet: Sheet | None = None
    last_data = -10
    for i, (line, start, cells) in enumerate(lines):
        row = _data_row(cells) if "\t" in line else None
        if row is None:
            if sheet is not None and sheet.rows and i == last_data + 1 and _continues(sheet.rows[-1], cells):
                last_data = i
            continue
        if i - last_data > 1:
            header = _header_above(lines, i)
            if header is not None:
                title_lines, header_lines = header
                measure = _measure(title_lines + [cell for cells in header_lines for _c, cell, _s, _e in cells])
                sheet = Sheet(title=" ".join(title_lines), columns=_columns(header_lines), measure=measure)
                sheets.append(sheet)
        last_data = i
        if sheet is None:
            continue
        label_cells, first, index = row
        measure_column, measure = sheet.measure_column, None
        if measure_column is not None and measure_column < len(cells):
            written = cells[measure_column][1].strip()
            measure = (sheet.rows[-1].measure if sheet.rows else None) if written in _DITTO else (written or None)
        numbers = {c: (cell.strip(), s, e) for c, cell, s, e in _filled(cells) if c >= first and cell_number(cell) is not None}
        kept = [(column, text) for column, text in label_cells if column != measure_column and text not in _DITTO]
        names = [text for _column, text in kept]
        sheet.rows.append(SheetRow(names, start, start + len(line), numbers, measure, names[0] if names else "",
                                   tuple(column for column, _text in kept), index, _parent(sheet.rows, index)))
    return [s for s in sheets if s.rows]


def _continues(row: SheetRow, cells) -> bool:
    """Extend ``row`` with a line its name cells wrapped onto ("4 | Nhà máy sản xuất | Huyện Chi
    Lăng | … | 265000000" over " | xi măng lò quay"): no index, no figure, and the text in a name
    column going on in lower case (a capital opens a group or a note: "Trong đó:")."""
    filled = _filled(cells)
    first = min(row.cells, default=0)
    if not filled or filled[0][0] == 0 or any(cell_number(c[1]) is not None for c in filled):
        return False
    named = [(column, cell.strip(), end) for column, cell, _s, end in filled if column < first]
    if not named or not named[0][1][:1].islower():
        return False
    columns, names = list(row.name_columns), list(row.names)
    for column, text, _end in named:
        if column in columns:
            names[columns.index(column)] += " " + text
        else:
            at = sum(c < column for c in columns)
            columns.insert(at, column)
            names.insert(at, text)
    row.names, row.name_columns, row.end = names, tuple(columns), max(row.end, named[-1][2])
    row.name = names[0]
    return True


def _header_above(lines, i: int) -> tuple[list[str], list] | None:
    """The title lines and header rows above the first row of figures at ``i``, or None when a
    row of figures or a text row belonging to the table comes first (the table goes on)."""
    header = []
    j = i - 1
    while j >= 0 and len(header) < MAX_HEADER_ROWS:
        line, _start, cells = lines[j]
        filled = _filled(cells)
        # one cell far right ("… nhưng không" over "hiệu quả") is a header cell's last line; one
        # cell at the left is a title
        if "\t" not in line or not filled or (len(filled) == 1 and filled[0][0] <= 1):
            break
        if _data_row(cells) is not None and not _numbering(cells):
            return None
        header.append(cells)
        j -= 1
    if not header:
        return None
    titles = []
    while j >= 0 and len(titles) < 4:
        line = lines[j][0].strip()
        if line and len(_filled(lines[j][2])) <= 2:
            titles.append(" ".join(line.split()))
        elif line:
            break
        j -= 1
    return list(reversed(titles)), list(reversed(header))


def _columns(header_rows) -> dict[int, str]:
    columns: dict[int, list[str]] = {}
    for cells in header_rows:
        if _numbering(cells):
            continue
        for column, cell, _s, _e in _filled(cells):
            if not _MEASURE_LINE.search(cell):  # "ĐVT : 1000 đồng" above a column is the table's measure
                columns.setdefault(column, []).append(" ".join(cell.split()))
    return {c: " ".join(parts) for c, parts in columns.items()}


def _measure(title_lines: list[str]) -> str | None:
    for line in title_lines:
        found = _MEASURE_LINE.search(line)
        if found:
            return found.group(1).strip()
    return None


@lru_cache(maxsize=4096)  # a question's key is asked for once per table of every candidate document
def name_key(text: str) -> str:
    """Folded words of a header or label, table abbreviations spelled out ("Ư.TH" → uoc thuc hien)."""
    words = []
    for written in re.split(r"[\s,;()]+", text):
        word = folded(written)
        bare = word.replace(".", "")
        # only as an abbreviation is written: "D.A.", "TH", not the syllable "da" of "dệt may da"
        abbreviated = "." in written or (len(bare) > 1 and written.replace(".", "").isupper())
        words.append(HEADER_WORDS[bare] if abbreviated and bare in HEADER_WORDS else " ".join(_SYLLABLE.findall(word)))
    return " ".join(" ".join(words).split())


def column_period(header: str) -> str | None:
    month = _MONTH.search(header)
    if month:
        return f"tháng {int(month.group(1))}/{month.group(2)}"
    months = _MONTHS.search(header)
    if months:
        return f"{int(months.group(1))} tháng/{months.group(2)}"
    year = _YEAR.search(header)
    return year.group(1) if year else None


def title_period(title: str) -> str | None:
    found = re.search(r"(\d{1,2}\s*tháng\s*(?:/|-|–|năm)\s*(?:19|20)\d{2})", title, re.IGNORECASE)
    if found:
        return " ".join(found.group(1).split())
    years = re.search(r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})", title)
    if years:
        return f"{years.group(1)}-{years.group(2)}"
    year = _YEAR.search(title)
    return year.group(1) if year else None
