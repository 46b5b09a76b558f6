"""Figures read from a table's cells: the row a question names, the column it asks about
(the tables as api/answers/sheets.py reads them)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from api.answers.evidence import sentence_words
from api.answers.flat_sheets import read_flat_sheets
from api.answers.passages import folded
from api.answers.sheets import Sheet, SheetCell, SheetRow, cell_number, column_period, name_key, read_sheets, title_period
from indexer.analysis import has_accents
from indexer.extraction.vietnamese.normalize import match_form

_SYLLABLE = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_ASKED_MONTH = re.compile(r"thang\s+(\d{1,2})\s*(?:/|nam)\s*((?:19|20)\d{2})")  # over folded text
_ASKED_MONTHS = re.compile(r"(\d{1,2})\s+thang(?:\s+dau)?(?:\s+nam|\s*/)\s*((?:19|20)\d{2})")


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


_ITEM_MARKER = re.compile(r"^\s*(?:[a-zđ]|\d{1,3}(?:\.\d{1,3})*|[IVX]{1,5})[).\-]\s+")


def _label_core(label: str) -> list[str]:
    """A row label's words before any bracket, without its list marker ("Đồng Nai (b/c quý III)" →
    dong nai; "a) Ô tô từ 5 chỗ ngồi trở xuống" → o to tu 5 cho ngoi tro xuong)."""
    return name_key(re.split(r"[(:]", _ITEM_MARKER.sub("", label))[0]).split()


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
    # "Xây dựng Trường Trung học phổ thông Tân Thông Hội": a project, named also by what it builds
    for work in _WORK_PREFIXES:
        if core[:len(work)] == work and len(core) - len(work) >= HEAD_SYLLABLES:
            cores.append(core[len(work):])
            break
    # "UBND phường B’Lao": the commune's people's committee, named by the commune ("phường B’Lao")
    for council in _COUNCILS:
        if core[:len(council)] == council and len(core) > len(council) + 1 and core[len(council)] in _LEVELS:
            cores.append(core[len(council):])
            break
    return cores


_COUNCILS = (["ubnd"], ["uy", "ban", "nhan", "dan"])
_LEVELS = {"xa", "phuong", "huyen", "tinh", "quan", "thi", "thanh", "dac"}


_WORK_PREFIXES = (["xay", "dung", "mo", "rong"], ["xay", "dung", "moi"], ["xay", "dung"], ["nang", "cap"], ["sua", "chua"],
                  ["cai", "tao"], ["mo", "rong"])
_MEASURE_PREFIXES = (["diem"], ["chi", "so"], ["ty", "le"], ["so", "luong"], ["tong", "so"])


HEAD_SYLLABLES = 3


def _phrase(words: list[str]) -> str:
    return f" {' '.join(words)} "


@lru_cache(maxsize=256)
def _listing(question: str) -> str:
    """The folded question with its commas as words: where its lists are read."""
    # apostrophes and dashes inside names are spaces, as row names are keyed ("B’Lao", "Xuân Trường - Đà Lạt"),
    # and a percent sign goes as it does from their keys ("100% vốn nước ngoài")
    return " ".join(re.sub(r"\s*,\s*", " , ", re.sub(r"[’'‘\-–]|(?<=\d)%", " ", folded(question))).split())


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
    in the question as a phrase, or nearly all of its words there in other order and wording
    (``_covered``). When the question lists several ("hàng dệt may, hàng giày dép và thuỷ sản"),
    the rows of the list; "kim ngạch xuất khẩu" before it is the measure. A row answered by a code
    ("Có = 1; Không = 0") holds no figure."""
    words = name_key(question).split()
    asked, spaceless = _phrase(words), "".join(words)
    listing = _listing(question)
    rows = []
    for row in sheet.rows:  # named by any text cell: "Tổng hợp | Điểm chất lượng quản trị công | …"
        if row.coded:
            continue
        # but a later cell holding a place ("Tỉnh Lạng Sơn" under "Địa điểm") names no row
        names = row.names[:1] + [n for n in row.names[1:] if not _PLACE_CELL.match(folded(n))]
        lengths = {name: max((len(core) for core in _label_cores(name)
                              if _named(core, asked, spaceless) or _list_item(core, listing)), default=0) for name in names}
        lengths = {name: n if n and _accents_agree(name, question) else 0 for name, n in lengths.items()}
        named = max(names, key=lambda name: lengths[name], default=None)
        if named and lengths[named]:
            rows.append((lengths[named], replace(row, name=named)))
        elif names and (held := _covered(names[0], question)):
            rows.append((held, replace(row, name=names[0])))
    if not rows:
        rows = _named_by_the_rest(sheet, question)
    # "UBND xã Đạ Huoai" is no row the question names when it writes the row beside it, "UBND xã Đạ Huoai 2"
    keys = [name_key(r.name) for _n, r in rows]
    rows = [nr for nr, key in zip(rows, keys)
            if not any(other.startswith(key + " ") and f" {other} " in asked for other in keys)]
    listed = [r for (_n, r), ok in zip(rows, _listed(question, [r.name for _n, r in rows])) if ok]
    # a group cell every row repeats ("Thanh toán trực tuyến") names them all; the row whose own
    # cell the question writes at greater length ("Tỷ lệ hồ sơ thanh toán trực tuyến") comes first
    return listed if len(listed) >= 2 else [r for _n, r in sorted(rows, key=lambda nr: -nr[0])]


def _named_by_the_rest(sheet: Sheet, question: str) -> list[tuple[int, SheetRow]]:
    """The row named by what the question says beyond the table's title, column heads and measure:
    "dự án nhà máy xi măng lò quay ở huyện Chi Lăng trong danh mục gọi vốn đầu tư nước ngoài …
    tổng vốn đầu tư dự tính" leaves "nhà máy xi măng lò quay huyện", which the row "Nhà máy sản
    xuất xi măng lò quay | Huyện Chi Lăng" holds (its cells together). One row only, holding nearly
    all of it and two of its word pairs as the question writes them: leftover syllables of words
    the title half holds ("tra" of "kiểm tra") name nothing."""
    _every, subject = _question_syllables(question)
    described = _words(sheet.title) | _words(sheet.measure or "") | {w for head in sheet.columns.values() for w in _words(head)}
    rest = subject - described
    written = name_key(question).split()
    pairs = {(a, b) for a, b in zip(written, written[1:]) if a in rest and b in rest}
    if len(pairs) < 2:
        return []
    held = []
    for row in sheet.rows:
        keys = [name_key(name).split() for name in row.names]
        own, own_pairs = {w for key in keys for w in key}, {p for key in keys for p in zip(key, key[1:])}
        if not row.coded and len(pairs & own_pairs) >= 2 and len(rest & own) >= COVERED_SHARE * len(rest):
            held.append((len(rest & own), row))
    most = max((n for n, _row in held), default=0)
    best = [(n, row) for n, row in held if n == most]
    return best if len(best) == 1 else []


_CAPITALS = re.compile(r"(?<!\w)[A-ZĐ]{2,}(?!\w)")
COVERED_SHARE = 0.75
COVERED_SYLLABLES = 4
_LINKING = {"do", "cua", "tai", "va", "cac", "trong", "duoc", "da", "voi", "cho", "theo", "ve", "o", "la", "nhung", "tren"}


_ASKING = {"bao", "nhieu", "may", "gi", "nao", "dat", "tong", "cong", "nam", "thang", "quy", "hien", "nay", "co"}


@lru_cache(maxsize=256)
def _question_syllables(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """All of the question's syllables (abbreviations read as their long forms), and those that
    say what it asks about: not its linking and asking words, numbers or names ("Lâm Đồng")."""
    every = frozenset(sentence_words(question, 0, len(question)))
    words = question.split()
    named = {folded(w) for i, w in enumerate(words) if i and w[:1].isupper() and not _CAPITALS.fullmatch(w.strip(",.?;:"))}
    subject = {w for w in every - _LINKING - _ASKING if not w.isdigit()}
    subject -= {s for name in named for s in _SYLLABLE.findall(name)}
    return every, frozenset(subject)


def _covered(name: str, question: str) -> int:
    """How many of a row name's syllables the question holds, when it holds nearly all of them in
    its own order and wording — "Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương" in "tổng
    số thủ tục hành chính thuộc thẩm quyền giải quyết trên địa bàn tỉnh" (an abbreviation counts as
    its long form; linking words count for nothing) — and the row holds nearly all of what the
    question asks about ("tỷ lệ văn bản được ký số" is not the row "Tỷ lệ hoàn thành Kế hoạch CCHC
    năm", whatever else they share; a table's title is no help here, its "Ủy ban" and "Báo cáo số"
    hold "ban" and "số" of anything). 0 when not."""
    core = re.split(r"[(:]", name)[0]
    own = sentence_words(core, 0, len(core)) - _LINKING
    own -= {w for w in own if w.isdigit()} | {folded(a) for a in _CAPITALS.findall(core)}  # read as their long forms
    every, subject = _question_syllables(question)
    held = own & every
    if len(held) < COVERED_SYLLABLES or len(held) < COVERED_SHARE * len(own):
        return 0
    return len(held) if len(subject & own) >= COVERED_SHARE * len(subject) else 0


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
    """A one-syllable name counts as an item of the question's list: ", vải và …", its first:
    "… của gạo, cà phê và cao su", or its last: "Singapore, Hoa Kỳ và Pháp mỗi nước …"."""
    if len(core) != 1 or len(core[0]) < 2:
        return False
    name = re.escape(core[0])
    return bool(re.search(rf"(?:,|\bva) {name} (?:,|va\b)|\bcua {name} ,|, [^,]{{1,40}} va {name}\b", listing))


def _comma_as_and(name: str) -> list[str]:
    """The pattern of a row name whose commas a question may write as "và"."""
    words = _listing(re.split(r"[(:]", name)[0]).split()
    if "," not in words[1:-1]:
        return []
    return [" ".join("(?:,|va)" if w == "," else re.escape(w) for w in words)]


def _listed(question: str, names: list[str]) -> list[bool]:
    """Which row names stand in a list of the question: next to another of them with only a comma
    or "và" between ("hàng dệt may, hàng giày dép và thuỷ sản"), not "kim ngạch xuất khẩu hàng dệt may"."""
    text = _listing(question)
    # a name holding commas ("Sở Văn hoá, Thể thao và Du lịch") is matched with them, or with "và"
    # in their place ("máy vi tính và linh kiện" is the row "Máy vi tính, linh kiện")
    # (and with other spacing inside a word, as _named allows: "Ytế" is the question's "Y tế")
    patterns = [[r" (?:, )?".join(r" ?".join(map(re.escape, word)) for word in core) for core in _label_cores(name)]
                + _comma_as_and(name) for name in names]
    spans = [[(m.start(), m.end()) for pattern in own for m in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", text)]
             for own in patterns]
    listed = []
    for i, own in enumerate(spans):
        others = [span for j, found in enumerate(spans) if j != i for span in found]
        listed.append(any(set(text[a_end:b_start].split()) <= {",", "va", "hoac"} and text[a_end:b_start].split()
                          for s, e in own for o_s, o_e in others
                          for a_end, b_start in ((e, o_s), (o_e, s)) if a_end <= b_start))
    return listed


PERIOD_WEIGHT = 2.0
PERCENT_WEIGHT = 1.5


def best_column(sheet: Sheet, rows: list[SheetRow], asked: set[str], period_keys: set[str]) -> tuple[int, float] | None:
    """The column the question asks about among the rows' figures: most header words in the
    question, its period the question's (a column of another period is never taken); ratio
    columns ("So sánh (%)") only when the question compares; a column of rates when it asks "bao
    nhiêu phần trăm" and the heads do not tell ("Điểm đạt được | Chỉ số chung": 64,23 | 79,30%)."""
    used = {c for r in rows for c in r.cells}
    percent = {"phan", "tram"} <= asked
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
        if percent and all(r.cells[column][0].endswith("%") for r in rows if column in r.cells):
            score += PERCENT_WEIGHT
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


def _title_share(title: str, question: str) -> float:
    """Of the question's words, the share its title holds: "cải cách tổ chức bộ máy … các sở" is
    the part of the appendix headed "… TỔ CHỨC BỘ MÁY NĂM 2025 / I. ĐỐI VỚI CẤP SỞ", not "II. …
    CẤP XÃ". Typed with accents, words are compared with them: "sở" is not the "số" of "chỉ số"."""
    accented = _accented_syllables(question)
    if accented is None:
        own, asked = _words(title), _words(question)
    else:
        own, asked = set(_SYLLABLE.findall(match_form(title).lower())), set(accented[0])
    linking = _LINKING | _LINKING_ACCENTED
    return len((own & asked) - linking) / max(1, len(asked - linking))


_LINKING_ACCENTED = {"do", "của", "tại", "và", "các", "trong", "được", "đã", "với", "cho", "theo", "về", "ở", "là", "những",
                     "trên"}


def tables_asked(text: str, question: str) -> list[list[SheetCell]]:
    """The cells of ``text``'s tables that a question names by row and asks for by column: one
    list per table (one column each), the best-matching table first."""
    asked = _words(question)
    periods = asked_periods(question)
    period_keys = {_period_key(p) for p in periods}
    found: list[tuple[float, list[SheetCell]]] = []
    for sheet in read_sheets(text) + read_flat_sheets(text):
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
        title_share = _title_share(sheet.title, question)
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
    return written, cell_number(written), start, end
