"""Figures read from a table's cells: the row a question names, the column it asks about.

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
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from api.answers.passages import folded
from indexer.analysis import has_accents
from indexer.extraction.vietnamese.normalize import match_form

_SYLLABLE = re.compile(r"[^\W_]+")
_INDEX = re.compile(r"(?:\d{1,3}|[IVXL]{1,5}|[A-ZĐ])[.)]?", re.IGNORECASE)
_DITTO = {'"', "''", "“", "”", "-nt-", "nt"}
_MEASURE_HEADER = re.compile(r"^(?:don vi tinh|dvt)$")  # a column "Đơn vị" alone names organisations as often
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
_ASKED_MONTH = re.compile(r"thang\s+(\d{1,2})\s*(?:/|nam)\s*((?:19|20)\d{2})")  # over folded text
_ASKED_MONTHS = re.compile(r"(\d{1,2})\s+thang(?:\s+dau)?(?:\s+nam|\s*/)\s*((?:19|20)\d{2})")


@dataclass
class SheetRow:
    names: list[str]                        # the text cells before its figures ("Tổng hợp", "Điểm …")
    start: int                              # the row's line in the document text
    end: int
    cells: dict[int, tuple[str, int, int]]  # column → (the number as written, start, end)
    measure: str | None = None              # "Tr. USD": the row's own unit column
    name: str = ""                          # the cell that names the row: the first, or the one a question names
    name_columns: tuple[int, ...] = ()      # the columns of ``names``

    @property
    def label(self) -> str:
        return " ".join(self.names)


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
        return next((c for c, name in self.columns.items() if _MEASURE_HEADER.match(name_key(name))), None)


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
        return self.row.measure or self.sheet.measure

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


def _number(text: str) -> float | None:
    """A cell holding only a number, in the spreadsheet's own notation ("4078", "119.6172249",
    "17469747308") or a Vietnamese one ("1.256.000", "12,5"); None for "1.4.3" (an item's number)."""
    text = text.strip()
    if text.endswith("%") and len(text) > 1:  # "43%": a rate written with its sign in the cell
        text = text[:-1].rstrip()
    if re.fullmatch(r"-?\d{1,3}(?:\.\d{3}){2,}", text):
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
    """(label cells, column of the first figure) of a row of figures: text cells, then numbers;
    a leading index ("1", "II", "A") is no part of the label."""
    filled = _filled(cells)
    label, first = [], None
    for column, cell, _s, _e in filled:
        if _number(cell) is not None and label:
            first = column
            break
        if _number(cell) is None and not (not label and _INDEX.fullmatch(cell.strip())):
            label.append((column, cell.strip()))
    if first is None:
        return None
    after = [cell for column, cell, _s, _e in filled if column >= first]
    numbers = [cell for cell in after if _number(cell) is not None]
    # a header row under the first ("tính 2005 T1/2004 T1/2005 …") holds a year among its words
    if len(numbers) < len(after) - len(numbers):
        return None
    return label, first


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
        label_cells, first = row
        measure_column, measure = sheet.measure_column, None
        if measure_column is not None and measure_column < len(cells):
            written = cells[measure_column][1].strip()
            measure = (sheet.rows[-1].measure if sheet.rows else None) if written in _DITTO else (written or None)
        numbers = {c: (cell.strip(), s, e) for c, cell, s, e in _filled(cells) if c >= first and _number(cell) is not None}
        kept = [(column, text) for column, text in label_cells if column != measure_column and text not in _DITTO]
        names = [text for _column, text in kept]
        sheet.rows.append(SheetRow(names, start, start + len(line), numbers, measure, names[0] if names else "",
                                   tuple(column for column, _text in kept)))
    return [s for s in sheets if s.rows]


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


def asked_periods(question: str) -> set[str]:
    """The periods a question names, in a table's terms: "tháng 1/2005", "2 tháng/2005", a year."""
    question = folded(question)
    found, taken = set(), []
    for match in re.finditer(r"((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})", question):  # "giai đoạn 1988 - 2005"
        found.add(f"{match.group(1)}-{match.group(2)}")
        taken.append(match.span())
    for pattern, form in ((_ASKED_MONTH, "tháng {}/{}"), (_ASKED_MONTHS, "{} tháng/{}")):
        for match in pattern.finditer(question):
            found.add(form.format(int(match.group(1)), match.group(2)))
            taken.append(match.span())
    found |= {m.group(1) for m in _YEAR.finditer(question) if not any(a <= m.start() < b for a, b in taken)}
    return found


def _words(text: str) -> set[str]:
    return set(name_key(text).split())


def _label_core(label: str) -> list[str]:
    """A row label's words before any bracket ("Đồng Nai (b/c quý III)" → dong nai)."""
    return name_key(re.split(r"[(:]", label)[0]).split()


def _label_cores(label: str) -> list[list[str]]:
    """The label's core, and its head before a comma ("Máy móc thiết bị, phụ tùng" → máy móc thiết bị)
    when that head has three syllables or more: "Thông tin, tuyên truyền, liên lạc" is a list,
    and "thông tin" alone is a part of "công nghệ thông tin"."""
    core = _label_core(label)
    head = name_key(re.split(r"[(:,]", label)[0]).split()
    cores = [core] + ([head] if head != core and len(head) >= HEAD_SYLLABLES else [])
    # "Điểm tiến độ giải quyết": the measure the row is in, then what it measures — a question
    # asking "bao nhiêu phần trăm ở tiêu chí tiến độ giải quyết" names the row by the latter
    for measure in _MEASURE_PREFIXES:
        if core[:len(measure)] == measure and len(core) - len(measure) >= HEAD_SYLLABLES:
            cores.append(core[len(measure):])
            break
    return cores


_MEASURE_PREFIXES = (["diem"], ["chi", "so"], ["ty", "le"], ["so", "luong"], ["tong", "so"])


HEAD_SYLLABLES = 3


def _phrase(words: list[str]) -> str:
    return f" {' '.join(words)} "


@lru_cache(maxsize=256)
def _listing(question: str) -> str:
    """The folded question with its commas as words: where its lists are read."""
    return " ".join(re.sub(r"\s*,\s*", " , ", folded(question)).split())


@lru_cache(maxsize=256)
def _accented_syllables(question: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The question's syllables as typed and folded; None when it is typed without accents."""
    if not has_accents(question):
        return None
    asked = frozenset(_SYLLABLE.findall(match_form(question).lower()))
    return asked, frozenset(folded(w) for w in asked)


def _accents_agree(name: str, question: str) -> bool:
    """A question typed with accents names a row only as accented: "Bình Dương" is not the row
    "Bình Đường", though both fold to "binh duong"."""
    syllables = _accented_syllables(question)
    if syllables is None:
        return True
    asked, asked_folded = syllables
    core = re.split(r"[(:]", name)[0]
    return all(w in asked or folded(w) not in asked_folded for w in _SYLLABLE.findall(match_form(core).lower()))


def matching_rows(sheet: Sheet, question: str) -> list[SheetRow]:
    """Rows the question names: the row's name (before brackets, two syllables or more) written
    in the question as a phrase. When the question lists several ("hàng dệt may, hàng giày dép
    và thuỷ sản"), the rows of the list; "kim ngạch xuất khẩu" before it is the measure."""
    words = name_key(question).split()
    asked, spaceless = _phrase(words), "".join(words)
    listing = _listing(question)
    rows = []
    for row in sheet.rows:  # named by any text cell: "Tổng hợp | Điểm chất lượng quản trị công | …"
        # but a later cell holding a place ("Tỉnh Lạng Sơn" under "Địa điểm") names no row
        names = row.names[:1] + [n for n in row.names[1:] if not _PLACE_CELL.match(folded(n))]
        lengths = {name: max((len(core) for core in _label_cores(name)
                              if _named(core, asked, spaceless) or _list_item(core, listing)), default=0) for name in names}
        lengths = {name: n if n and _accents_agree(name, question) else 0 for name, n in lengths.items()}
        named = max(names, key=lambda name: lengths[name], default=None)
        if named and lengths[named]:
            rows.append((lengths[named], replace(row, name=named)))
    listed = [r for (_n, r), ok in zip(rows, _listed(question, [r.name for _n, r in rows])) if ok]
    # a group cell every row repeats ("Thanh toán trực tuyến") names them all; the row whose own
    # cell the question writes at greater length ("Tỷ lệ hồ sơ thanh toán trực tuyến") comes first
    return listed if len(listed) >= 2 else [r for _n, r in sorted(rows, key=lambda nr: -nr[0])]


_GENERIC_TAILS = (["cac", "loai"], ["cac", "mat", "hang"], ["cac", "san", "pham"], ["khac"])


def _named(core: list[str], asked: str, spaceless: str) -> bool:
    """The question writes the row's name: as a phrase, its generic tail aside ("Ôtô nguyên chiếc
    các loại"), or, for a name of 8 letters or more, with other spacing ("ô tô" for "Ôtô")."""
    for tail in _GENERIC_TAILS:
        if len(core) > len(tail) + 1 and core[-len(tail):] == tail:
            core = core[:-len(tail)]
            break
    if len(core) < 2 and not (core and len(core[0]) >= 8):
        return False
    joined = "".join(core)
    return _phrase(core) in asked or (len(joined) >= 8 and joined in spaceless)


_PLACE_CELL = re.compile(r"^(?:tinh|huyen|thanh pho|tp|thi xa|quan|xa|phuong|dac khu)\b")


def _list_item(core: list[str], listing: str) -> bool:
    """A one-syllable name counts as an item of the question's list: ", vải và …"."""
    if len(core) != 1 or len(core[0]) < 2:
        return False
    return bool(re.search(rf"(?:,|\bva) {re.escape(core[0])} (?:,|va\b)", listing))


def _listed(question: str, names: list[str]) -> list[bool]:
    """Which row names stand in a list of the question: next to another of them with only a comma
    or "và" between ("hàng dệt may, hàng giày dép và thuỷ sản"), not "kim ngạch xuất khẩu hàng dệt may"."""
    text = _listing(question)
    spans = [[(m.start(), m.end()) for core in _label_cores(name)
              for m in re.finditer(rf"(?<!\w){re.escape(' '.join(core))}(?!\w)", text)] for name in names]
    listed = []
    for i, own in enumerate(spans):
        others = [span for j, found in enumerate(spans) if j != i for span in found]
        listed.append(any(set(text[a_end:b_start].split()) <= {",", "va", "hoac"} and text[a_end:b_start].split()
                          for s, e in own for o_s, o_e in others
                          for a_end, b_start in ((e, o_s), (o_e, s)) if a_end <= b_start))
    return listed


PERIOD_WEIGHT = 2.0


def best_column(sheet: Sheet, rows: list[SheetRow], asked: set[str], period_keys: set[str]) -> tuple[int, float] | None:
    """The column the question asks about among the rows' figures: most header words in the
    question, its period the question's (a column of another period is never taken); ratio
    columns ("So sánh (%)") only when the question compares."""
    used = {c for r in rows for c in r.cells}
    best = None
    for column in sorted(used):
        header = sheet.columns.get(column, "")
        words = _words(header)
        if {"so", "sanh"} <= words and not {"so", "sanh"} <= asked:
            continue
        own = column_period(header)
        if own and period_keys and _period_key(own) not in period_keys:
            continue
        score = len(words & asked) / max(1, len(words)) * 3.0 + (PERIOD_WEIGHT if own and period_keys else 0.0)
        if best is None or score > best[1]:
            best = (column, score)
    return best


def _within(asked: str, table: str) -> bool:
    """A table of ``table``'s period answers for ``asked``: the same period, or a year inside the
    table's span ("2005" in "1988-2005"); a part of a year ("8 tháng/2005") only its own table."""
    if _period_key(asked) == _period_key(table):
        return True
    year = re.fullmatch(r"(?:19|20)\d{2}", asked.strip())
    span = re.fullmatch(r"((?:19|20)\d{2})-((?:19|20)\d{2})", _period_key(table))
    return bool(year and span and int(span.group(1)) <= int(asked) <= int(span.group(2)))


def _period_key(period: str) -> str:
    """One key however a table or a question writes the period: "tháng 1/2005" = "T1/2005" read,
    "8 tháng - 2005" = "8 tháng/2005" = "8 tháng năm 2005"."""
    text = folded(period)
    month = re.search(r"thang\s*(\d{1,2})\s*(?:/|-|nam)\s*((?:19|20)\d{2})", text)
    if month:
        return f"month {int(month.group(1))} {month.group(2)}"
    months = re.search(r"(\d{1,2})\s*thang\s*(?:dau\s*)?(?:/|-|–|nam)?\s*((?:19|20)\d{2})", text)
    if months:
        return f"{int(months.group(1))} months {months.group(2)}"
    return re.sub(r"\s+", "", text)


def tables_asked(text: str, question: str) -> list[list[SheetCell]]:
    """The cells of ``text``'s tables that a question names by row and asks for by column: one
    list per table (one column each), the best-matching table first."""
    asked = _words(question)
    periods = asked_periods(question)
    period_keys = {_period_key(p) for p in periods}
    found: list[tuple[float, list[SheetCell]]] = []
    for sheet in read_sheets(text):
        rows = matching_rows(sheet, question)
        if not rows:
            continue
        column = best_column(sheet, rows, asked, period_keys)
        if column is None:
            continue
        titled = title_period(sheet.title)
        if periods and titled and not column_period(sheet.columns.get(column[0], "")) \
                and not any(_within(p, titled) for p in periods):
            continue  # "… theo nước 1988-2005" is not the table of "8 tháng năm 2005"
        titled_words = _words(sheet.title)
        title_share = len(titled_words & asked) / max(1, len(titled_words))
        cells = [SheetCell(sheet, r, column[0], *_value(r.cells[column[0]])) for r in rows if column[0] in r.cells]
        if cells:
            found.append((column[1] + title_share, cells))
    found.sort(key=lambda f: -f[0])
    return [cells for _score, cells in found]


def cells_asked(text: str, question: str) -> list[SheetCell]:
    return [cell for cells in tables_asked(text, question) for cell in cells]


def listed_cells(text: str, question: str) -> list[SheetCell]:
    """The best table's cells for the rows a question lists ("An Giang, Bình Thuận và Cần Thơ"):
    a table to compare, or [] when the question lists fewer than two of its rows."""
    for cells in tables_asked(text, question):
        listed = _listed(question, [c.row.name for c in cells])
        if len(cells) >= 2 and all(listed):
            return cells
    return []


def _value(cell: tuple[str, int, int]) -> tuple[str, float, int, int]:
    written, start, end = cell
    return written, _number(written), start, end
