"""The issuing unit (body formula, letterhead, "T/M …", closing sentence), its administrative level,
and the places a report names."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from indexer.extraction.document_kinds import KIND_OF_ABBREVIATION, doc_type_of_line
from indexer.extraction.lines import Line, columns, compact, is_uppercase_line, strip_markup
from indexer.extraction.metadata.casing import fix_uy, title_case_name, title_case_place
from indexer.extraction.metadata.patterns import CAP_WORD, MOTTO, UPPER
from indexer.extraction.model import Found
from indexer.extraction.vietnamese.normalize import fold_accents, match_form
from indexer.extraction.vietnamese.syllables import is_valid_syllable

_CENTRAL_ISSUERS = Path(__file__).parents[1] / "data" / "central_issuers.tsv"
_ORGAN = (
    r"(?:Ban|Ủy ban|Uỷ ban|UBND|UBMTTQ|Sở|Bộ|Cục|Chi cục|Tổng cục|Đảng ủy|Đảng uỷ|Đảng đoàn|Đảng bộ|"
    r"Chi bộ|Hội đồng|Hội|Liên đoàn|Văn phòng|Phòng|Trung tâm|Công an|Mặt trận|MTTQ|Thường trực|"
    r"Thường vụ|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Huyện uỷ|Thành ủy|Thành uỷ|Quận ủy|Quận uỷ|Đoàn|Trường|"
    r"Viện|Tòa án|Toà án|Cơ quan|Tổ|BCH|BTV|HĐND)"
)
_UNIT_BODY = re.compile(
    rf"(?:^|[,;:]\s+|\.\s+)(?P<unit>{_ORGAN}\b[^,;:.\n()]{{0,120}}?)\s+(?:tổng hợp\s+|kính\s+|xin\s+)?báo cáo\b[^\n]{{0,300}}?như sau\s*:",
    re.M,
)
# Verbs and linking words that show the phrase before "báo cáo" is a clause, not an organ's name.
_NOT_UNIT_WORDS = re.compile(r"(?<!\w)(?:nhận được|tiếp nhận|về việc|đã|đề nghị|số)(?!\w)", re.I)
_UNIT_CLOSING = re.compile(rf"\bcủa\s+(?P<unit>{_ORGAN}\b[^,;:.\n()]{{0,120}}?)\s*\.?\s*(?:/\.)?\s*$", re.M)
_LEVELS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường", "đặc khu")
_LEVEL_WORDS = "(?i:" + "|".join(_LEVELS) + ")"
# A level word followed by a capitalised name ("tỉnh Hải Dương", "PHƯỜNG HẢI DƯƠNG"), never "xã hội".
_LEVEL_PATTERN = re.compile(
    rf"(?<!\w)(?P<level>{_LEVEL_WORDS})\s+(?!(?i:hội)\b)(?=[{UPPER}])|(?<!\w)(?P<central>(?i:trung ương)|TW)(?!\w)"
)
def _unit_found(text: str, start: int, end: int) -> Found:
    return Found(fix_uy(compact(text[start:end])), start, end)


_LETTERHEAD_LINES = 7
_MOTTO_WITHIN_LINES = 12  # the national (or Party) motto sits beside the letterhead
_SKIPPED_LETTERHEAD = re.compile(r"^(?:DỰ THẢO|\d{1,3}|MẬT|KHẨN|HỎA TỐC|HOẢ TỐC)$|^[^\W\d_]+\s*[.…]{2,}$")
_NOT_LETTERHEAD = re.compile(r"^(?:CỦA|KÈM THEO|PHỤ LỤC|BIỂU|MẪU|\()", re.I)
_GENERIC_ORGANS = {"văn phòng", "ban chỉ đạo", "hội đồng", "thường trực"}
# Words that open the name of an organisation in a letterhead line; a capital line that opens
# with none of them (nor with a place: "TỈNH LÂM ĐỒNG") continues the name above it.
_LETTERHEAD_ORGAN = re.compile(
    rf"^(?:{_ORGAN}|Hiệp hội|Liên hiệp|Liên minh|Quỹ|Báo|Đài|Ngân hàng|Công ty|Chi nhánh|Bệnh viện|"
    r"Thủ tướng|Chính phủ|Quốc hội|Thành viên|Tổng|Ủy|Uỷ|BCĐ|UB)\b",
    re.I,
)
_WRAPPING_END = re.compile(r"(?:[,&-]|(?<!\w)(?:VÀ|VỀ|CỦA|TỈNH|HUYỆN|XÃ|PHƯỜNG|QUẬN|THÀNH PHỐ|THỊ XÃ|THỊ TRẤN))$")


_NATIONAL_MOTTO = re.compile(r"CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|ĐẢNG CỘNG SẢN VIỆT NAM|Độc\s+lập\s*[-–]\s*T")


def _has_motto(lines: list[Line], front_end: int) -> bool:
    nonblank = [line for line in lines if line.stripped][:_MOTTO_WITHIN_LINES]
    return any(_NATIONAL_MOTTO.search(line.text) for line in nonblank if line.start < front_end)


def _letterhead_cell(line: Line) -> tuple[str, int, int] | None:
    """The left column of a letterhead line, cut before a motto run into it ("ỦY BAN NHÂN
    DÂN CỘNG HÒA XÃ HỘI…" from a PDF) and joined over a wide gap that splits a name after its
    level word ("ỦY BAN NHÂN DÂN TỈNH     LÂM ĐỒNG")."""
    cells = list(columns(line))
    if not cells:
        return None
    cell, start = strip_markup(cells[0][0]), cells[0][1]
    end = start + len(cell)
    motto = re.search(r"CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|ĐẢNG CỘNG SẢN", cell, re.I)
    if motto and motto.start() > 0:
        cell = cell[:motto.start()].rstrip()
        end = start + len(cell)
    if len(cells) > 1 and _WRAPPING_END.search(cell):
        following = strip_markup(cells[1][0])
        if is_uppercase_line(following) and not MOTTO.search(following) and not doc_type_of_line(following):
            cell, end = f"{cell} {following}", cells[1][1] + len(following)
    return (cell, start, end) if cell else None


def _continues_name(previous: str, cell: str) -> bool:
    """"TỔ GIÚP VIỆC VỀ / CẢI CÁCH HÀNH CHÍNH", "TRUNG TÂM PHỤC VỤ / HÀNH CHÍNH CÔNG": the
    line goes on with the name above. A line that opens an organ ("SỞ NỘI VỤ") or names the
    place ("TỈNH LÂM ĐỒNG") starts a new one."""
    if cell.startswith(("VÀ ", "VỀ ")):
        return True
    if _LETTERHEAD_ORGAN.match(cell):
        return False
    return bool(_WRAPPING_END.search(previous)) or not cell.lower().startswith(_PLACE_LINE_STARTS)


_LOWERCASE_MOTTO = re.compile(r"^cộng ho[àa] xã hội chủ nghĩa việt nam\b")


def _lowercase_motto(lines: list[Line], front_end: int) -> bool:
    """"cộng hoà xã hội chủ nghĩa việt nam" in lower case: the header was typed in a capitals font
    (TCVN3 ".VnTimeH" draws lower-case codes as capitals), so its lower-case lines are capitals."""
    nonblank = [line for line in lines if line.stripped and line.start < front_end][:_MOTTO_WITHIN_LINES]
    return any(_LOWERCASE_MOTTO.match(cell.strip()) for line in nonblank for cell, _ in columns(line))


def letterhead_cells(lines: list[Line], front_end: int) -> list[tuple[str, int, int]]:
    """The capital lines of the letterhead's left column, with their spans: the first
    lines of the document, up to the motto, the number or the type title. Capital lines that
    neither name an organ nor stand beside the motto are a title or a table header."""
    cells: list[tuple[str, int, int]] = []
    seen = 0
    capitals_by_font = _lowercase_motto(lines, front_end)
    for line in lines:
        if line.start >= front_end or seen >= _LETTERHEAD_LINES:
            break
        found = _letterhead_cell(line)
        if not found:
            continue
        cell, offset, end = found
        if capitals_by_font and cell == cell.lower() and any(ch.isalpha() for ch in cell):
            cell = cell.upper()
        seen += 1
        if _SKIPPED_LETTERHEAD.match(cell):
            continue
        if _NOT_LETTERHEAD.match(cell) or doc_type_of_line(cell):
            break
        if MOTTO.search(cell) or not is_uppercase_line(cell):
            if cells:
                break
            continue
        if cells and _continues_name(cells[-1][0], cell):
            cells[-1] = (f"{cells[-1][0]} {cell}", cells[-1][1], end)  # a name wrapped over two lines
            continue
        cells.append((cell, offset, end))
    if cells and not _LETTERHEAD_ORGAN.match(cells[0][0]) and not _has_motto(lines, front_end):
        return []  # "GIẢI TRÌNH BỔ SUNG …", "STT": a title or a table header, not an organ
    return cells[:3] or _ruled_letterhead(lines, front_end)


_RULE = re.compile(r"^\s*[-–—_=*.]{5,}\s*$")
_RULED_LINES = 3
_RULED_MAX_WORDS = 12


def _ruled_letterhead(lines: list[Line], front_end: int) -> list[tuple[str, int, int]]:
    """A letterhead typed in ordinary case, ruled off below: "Ban chỉ đạo Chương trình Quốc gia /
    về Công nghệ thông tin / --------------------". The first lines name an organ and the rule
    closes them; the name keeps the case it was written in."""
    name: list[str] = []
    start = end = None
    for line in lines:
        if line.start >= front_end:
            break
        if not line.stripped:
            continue
        if _RULE.match(line.text):
            break
        cell = " ".join(line.stripped.split())
        if _NATIONAL_MOTTO.search(cell) or MOTTO.search(cell) or re.match(r"(?i)số\b", cell):
            return []
        if len(name) == _RULED_LINES or len(cell.split()) > _RULED_MAX_WORDS or re.search(r"[.;:]$", cell) \
                or not (name or (_LETTERHEAD_ORGAN.match(cell) and not _NOT_ORGAN_NAME.match(cell))) \
                or doc_type_of_line(cell):
            return []
        name.append(cell)
        start = line.start if start is None else start
        end = line.end
    else:
        return []
    return [(" ".join(name), start, end)] if name else []


def _letterhead_unit(text: str, cells: list[tuple[str, int, int]]) -> Found | None:
    """The issuing body: the last letterhead line ("UBND TỈNH LÂM ĐỒNG / SỞ NỘI VỤ" → Sở
    Nội vụ), joined to the line above when it only names the place ("ỦY BAN NHÂN DÂN /
    TỈNH LÂM ĐỒNG")."""
    if not cells:
        return None
    if len(cells) >= 2 and _DIVISION.match(cells[-1][0]) and _DIVISION_PARENT.match(cells[-2][0]):
        cells = cells[:-1]  # "VĂN PHÒNG UBND TỈNH … / PHÒNG NCKSTTHC": the office issues, its division drafts
    if len(cells) >= 2 and _EXECUTIVE.match(cells[-1][0]):
        cells = cells[:-1]  # "LIÊN ĐOÀN LUẬT SƯ VIỆT NAM / BAN THƯỜNG VỤ": an organ of the issuer, which is the unit
    chosen = cells[-2:]
    last = chosen[-1][0].lower()
    if len(chosen) == 2 and last.split()[0] not in _PLACE_LINE_STARTS and last not in _GENERIC_ORGANS:
        chosen = chosen[-1:]
    if len(chosen) == 2 and last in _GENERIC_ORGANS:  # "UBND TỈNH LÂM ĐỒNG / VĂN PHÒNG"
        chosen.reverse()
    start = min(cell_start for _, cell_start, _ in chosen)
    end = min(max(cell_end for _, _, cell_end in chosen), len(text))
    if len(chosen) == 2 and last in _GENERIC_ORGANS:  # "Văn phòng Ban Chấp hành Trung ương"
        parent = title_case_name(chosen[1][0])
        return Found(f"{title_case_name(chosen[0][0])} {parent[:1].upper()}{parent[1:]}", start, end)
    if len(chosen) == 1 and len(cells) >= 2 and (placed := _committee_organ(_parent(cells), chosen[0])):
        return placed
    name = " ".join(cell for cell, _, _ in chosen)
    # "THÀNH VIÊN UBND TỈNH": a member's ballot in the committee's business; the committee is the unit
    name = _MEMBER_OF.sub("", name)
    return Found(title_case_name(name) if is_uppercase_line(name) else name, start, end)


_MEMBER_OF = re.compile(r"^thành viên\s+(?=\S)", re.I)


# "UBND TỈNH LÂM ĐỒNG / SỞ NỘI VỤ": a department, board or centre of a People's Committee, or an
# association under it ("UBND TỈNH BÌNH THUẬN / HIỆP HỘI DOANH NGHIỆP"), is named with the
# committee's place ("Sở Nội vụ tỉnh Lâm Đồng"), as an archive of merged provinces holds a Sở Nội
# vụ and a Hiệp hội Doanh nghiệp of each.
_COMMITTEE_PLACE = re.compile(
    r"^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(?P<level>TỈNH|HUYỆN|THÀNH PHỐ|THỊ XÃ|QUẬN|XÃ|PHƯỜNG|ĐẶC KHU)\s+(?P<name>\S.*)$")
_COMMITTEE_ORGAN = re.compile(r"^(?:SỞ|BAN|PHÒNG|TRUNG TÂM|HỘI ĐỒNG|CHI CỤC|THANH TRA|TỔ|HIỆP HỘI|HỘI|LIÊN ĐOÀN|LIÊN HIỆP|QUỸ)\s")


def _parent(cells: list[tuple[str, int, int]]) -> tuple[str, int, int]:
    """The line above the last, joined to the one above it when it only names the place
    ("ỦY BAN NHÂN DÂN / HUYỆN ĐỨC TRỌNG / PHÒNG NỘI VỤ")."""
    parent = cells[-2]
    if len(cells) >= 3 and parent[0].lower().startswith(_PLACE_LINE_STARTS):
        return f"{cells[-3][0]} {parent[0]}", cells[-3][1], parent[2]
    return parent


def _committee_organ(parent: tuple[str, int, int], organ: tuple[str, int, int]) -> Found | None:
    place = _COMMITTEE_PLACE.match(parent[0])
    if not place or not _COMMITTEE_ORGAN.match(organ[0]) or _LEVEL_PATTERN.search(title_case_name(organ[0])):
        return None
    if fold_accents(place.group("name")).lower() in fold_accents(organ[0]).lower():
        return None  # "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP BÌNH THUẬN" names its place already
    return Found(title_case_name(f"{organ[0]} {place.group('level')} {place.group('name')}"), parent[1], organ[2])


_PLACE_LINE_STARTS = ("tỉnh", "huyện", "xã", "phường", "quận", "thành", "thị", "đặc")
# A division under an office or a department (a district's "PHÒNG NỘI VỤ" under "UBND HUYỆN" is
# an issuing unit of its own, and stays one).
_DIVISION = re.compile(r"^PHÒNG\s", re.I)
_DIVISION_PARENT = re.compile(r"^(?:VĂN PHÒNG|SỞ)\s", re.I)
# (not "THƯỜNG TRỰC", which _GENERIC_ORGANS joins to its body, nor the MTTQ's "BAN THƯỜNG TRỰC", a unit of its own)
_EXECUTIVE = re.compile(r"^(?:BAN THƯỜNG VỤ|BAN CHẤP HÀNH)$", re.I)
_ORGAN_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "ubmttq": "uy ban mat tran to quoc", "mttq": "mat tran to quoc",
                        "hdnd": "hoi dong nhan dan", "bch": "ban chap hanh", "btv": "ban thuong vu",
                        "tp": "thanh pho", "tp.": "thanh pho"}


def _organ_words(name: str) -> set[str]:
    words = fold_accents(name).lower().replace("đ", "d").split()
    return set(" ".join(_ORGAN_ABBREVIATIONS.get(w, w) for w in words).split())


def _choose(body: Found, letterhead: Found) -> Found:
    """The body formula names the organ that reports in the author's words, the letterhead the
    organ that issues. When one's words hold the other's, they are one organ: the fuller name
    wins ("Văn phòng UBND tỉnh" → "… tỉnh Lâm Đồng"). Otherwise the body speaks for someone else
    (a cover note quoting "Sở Nội vụ báo cáo … như sau:") or for an organ of the issuer ("Ban
    Chấp hành khóa IV"): the letterhead's organ is the unit."""
    said, headed = _organ_words(body.value), _organ_words(letterhead.value)
    if said <= headed:
        return letterhead if said < headed else body
    return body if headed <= said else letterhead


def unit(text: str, lines: list[Line], letterhead: list[tuple[str, int, int]], back_start: int,
         number: str | None = None) -> Found | None:
    """Body formula first (the author's own spelling of the organ that reports) unless the
    letterhead names another organ or a fuller name (``_choose``), then the letterhead, then a type
    title naming its issuer ("QUYẾT ĐỊNH của …"), then "T/M <organ>", then the closing "… của <organ>.", then a line of its own
    under the title (papers, speeches, appendices), then the organ the number's issuer code
    spells (a letterhead lost to an image)."""
    from_letterhead = _named(_letterhead_unit(text, letterhead))
    for match in _UNIT_BODY.finditer(text, 0, back_start):
        if not _NOT_UNIT_WORDS.search(match.group("unit")):
            said = _unit_found(text, match.start("unit"), match.end("unit"))
            return _choose(said, from_letterhead) if from_letterhead else said
    if from_letterhead:
        return from_letterhead
    if titled := _type_title_unit(text, back_start):
        return titled
    if on_behalf := _on_behalf_unit(lines, back_start):
        return on_behalf
    closing = _UNIT_CLOSING.search(text, back_start)
    if closing:
        return _unit_found(text, closing.start("unit"), closing.end("unit"))
    if enacted := _ENACTED_BY.search(text):
        return Found(enacted.group("unit"), enacted.start("unit"), enacted.end("unit"))
    if attached := _attached_to_unit(text):
        return attached
    return byline_unit(text, lines) or unit_from_number(text, number)


# A form or appendix opens with what it is attached to: "Mẫu số 10: Ban hành kèm theo Thông tư số
# 04/2004/TT-BLĐTBXH ngày 10/03/2004 của Bộ Lao động - Thương binh và Xã hội hướng dẫn …".
_FORM_ATTACHED_TO = re.compile(
    rf"\bkèm theo\s+(?:Thông tư|Quyết định|Nghị định|Nghị quyết|Chỉ thị|Công văn)\b[^\n]{{0,80}}?\bcủa\s+"
    rf"(?P<unit>{_ORGAN}\b[^,;:.\n()]{{2,80}}?)(?=\s+(?:hướng dẫn|về|quy định|ban hành|v/v)\b|\s*[,;.\n(]|$)", re.I)
_ATTACHED_REACH = 600


# ... or by its number alone: "(Ban hành kèm theo Quyết định 1747/2005/QĐ-NHNN ngày 01/12/2005)"
_FORM_ATTACHED_NUMBER = re.compile(r"\bkèm theo\s+(?:Thông tư|Quyết định|Nghị định|Nghị quyết|Chỉ thị)\s+(?:số\s*:?\s*)?"
                                   r"(?P<number>\d+/[\w/.-]+)", re.I)


def _attached_to_unit(text: str) -> Found | None:
    match = _FORM_ATTACHED_TO.search(text, 0, _ATTACHED_REACH)
    if match and not _GENERIC_LEVEL.search(match.group("unit")):
        return _unit_found(text, match.start("unit"), match.end("unit"))
    numbered = _FORM_ATTACHED_NUMBER.search(text, 0, _ATTACHED_REACH)
    name = central_issuer(issuer_code(numbered.group("number"))) if numbered else None
    return Found(name, numbered.start("number"), numbered.end("number")) if name else None


# A law (or a resolution, an ordinance) copied from a gazette keeps no letterhead, but closes with
# its enacting formula: "Luật này đã được Quốc hội nước Cộng hòa … khóa X, kỳ họp thứ 3 thông qua …".
_ENACTED_BY = re.compile(r"\b(?:Bộ luật|Luật|Nghị quyết|Pháp lệnh) này đã được (?P<unit>Quốc hội|Ủy ban Thường vụ Quốc hội|"
                         r"Uỷ ban Thường vụ Quốc hội)\b[^.\n]{0,200}?\bthông qua\b")


# "QUYẾT ĐỊNH của ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ": the type title names its issuer (old texts
# whose letterhead was lost or mangled).
# The whole line is the title: one naming what it is about ("… về …") is a reference, and an organ
# "cấp tỉnh" is a template's, not an issuer.
_TYPE_TITLE_OF = re.compile(
    rf"^[ \t]*(?:QUYẾT ĐỊNH|CHỈ THỊ|NGHỊ QUYẾT|THÔNG TƯ|KẾ HOẠCH|BÁO CÁO|TỜ TRÌNH)\s+của\s+"
    rf"(?P<unit>(?:(?:Bộ trưởng|Chủ tịch|Giám đốc|Thủ trưởng)\s+)?{_ORGAN}\b(?:(?!\svề\s)[^\n]){{2,100}}?)"
    # the line ends, or the number follows on it: "Thông tư / của Bộ Tài chính số 172/1998/TT/BTC ngày … Hướng dẫn …"
    rf"(?:[ \t]*$|(?=[ \t]+số[ \t]+\d))",
    re.M | re.I)
_TYPE_TITLE_REACH = 1500
_GENERIC_LEVEL = re.compile(r"\bcấp\s+(?:tỉnh|huyện|xã|trung ương)\b", re.I)


def _type_title_unit(text: str, back_start: int) -> Found | None:
    match = _TYPE_TITLE_OF.search(text, 0, min(back_start, _TYPE_TITLE_REACH))
    if not match:
        return None
    written = match.group("unit")
    unprefixed = _POSITION_PREFIX.sub("", written)  # "của Bộ trưởng Bộ Tài chính": the ministry issues
    name = re.sub(r"\s+(?:số|ngày)\s.*$", "", unprefixed, flags=re.I)  # "… số 1141-TC/QĐ/CĐKT"
    if _GENERIC_LEVEL.search(name) or not _LETTERHEAD_ORGAN.match(name):
        return None
    start = match.start("unit") + len(written) - len(unprefixed)
    return Found(title_case_name(name.upper()), start, start + len(name))


# A form's placeholder ("UBND……(1)") or a code in the letterhead's place ("XV80", "B1-1-ĐONTC").
_PLACEHOLDER = re.compile(r"\.{3,}|…|\(\d\)")


def _named(found: Found | None) -> Found | None:
    if found is None or _PLACEHOLDER.search(found.value):
        return None
    if re.search(r"\d", found.value) and not _LETTERHEAD_ORGAN.match(found.value):
        return None
    return found


_DANGLING_LEVEL = re.compile(r"\s(?:tỉnh|huyện|xã|phường|quận|thành phố)$")


def _place_words(written: str) -> str:
    """The capitalised words of a place's name, up to a level word ("Hồ Chí Minh Quận 1" → Hồ Chí Minh)."""
    words = []
    for word in written.split():
        if word.lower() in _PLACE_LINE_STARTS:
            break
        words.append(word)
    return " ".join(words)


def with_place(unit: Found | None, place: Found | None, text: str) -> Found | None:
    """"VĂN PHÒNG UBND TỈNH" above "Bình Thuận, ngày …": a unit whose letterhead stops at its level
    word takes the date line's place, when the text names that place at that level ("… tỉnh Bình
    Thuận"; a city in the date line, "Phan Thiết", is not the province). With no such date line
    ("… kèm theo Quyết định … của Ủy ban nhân dân thành phố)"), the one place the text names at
    that level at least twice and more often than any other ("thành phố Hồ Chí Minh")."""
    if unit is None or not (dangling := _DANGLING_LEVEL.search(unit.value)):
        return unit
    level = dangling.group(0).strip()
    if place is not None:
        named = re.compile(rf"(?<!\w){re.escape(level)}\s+{re.escape(place.value)}(?!\w)", re.I)
        if named.search(text):
            return Found(f"{unit.value} {place.value}", min(unit.start, place.start), max(unit.end, place.end))
        return unit
    counts = Counter(name for m in re.finditer(rf"(?<!\w)(?i:{re.escape(level)}) +((?:[{UPPER}][^\s,.;:()]* ?){{1,4}})", text)
                     if (name := _place_words(m.group(1))))
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return Found(f"{unit.value} {ranked[0][0]}", unit.start, unit.end)
    return unit


# A PDF whose letterhead is an image keeps its number ("Số: 3917/BTP-BTTP"): the issuer's
# initials ("BTP") match an organ the text names ("Bộ Tư pháp đề nghị …").
_ISSUER_NAME = re.compile(rf"(?<!\w){_LETTERHEAD_ORGAN.pattern[1:]}(?:\s+[\w&]+){{0,9}}", re.I)
_SMALL_WORDS = {"và", "của", "về"}


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _SMALL_WORDS).upper()


def _letter_groups(number: str | None) -> list[str]:
    """A document number's groups of letters: "120/2000/TTLT-BTC-BCN-TCHQ" → TTLT, BTC, BCN, TCHQ."""
    return [g for g in re.split(r"[-/]", (number or "").lstrip("0123456789/")) if g and not g.isdigit()]


def _organ_code(group: str | None) -> bool:
    return bool(group) and len(group) >= 2 and group.isupper()


def issuer_code(number: str | None) -> str | None:
    """The issuer's letters of a document number: "1050/TTr-SNV" → SNV, "3917/BTP-BTTP" → BTP."""
    groups = _letter_groups(number)
    if groups and groups[0] in KIND_OF_ABBREVIATION:
        groups = groups[1:]
    code = groups[0] if groups else None
    return code if _organ_code(code) else None


@lru_cache(maxsize=1)
def _central_issuers() -> dict[str, str]:
    rows = (line.split("\t") for line in _CENTRAL_ISSUERS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {code.strip(): name.strip() for code, name in rows}


def central_issuer(code: str | None) -> str | None:
    """The central body an issuer code stands for: NHNN → "Ngân hàng Nhà nước Việt Nam"."""
    return _central_issuers().get(code) if code else None


def unit_from_number(text: str, number: str | None) -> Found | None:
    code = issuer_code(number)
    if not code or code in KIND_OF_ABBREVIATION:
        return None
    if named := _named_by_initials(text, code):
        return named
    name = central_issuer(code)  # "Số: 45/2003/QĐ-BTC" over a letterhead lost to an image
    return Found(name, text.index(number), text.index(number) + len(number)) if name and number in text else None


# "TTLT": a circular (or resolution, decision, directive) issued jointly by the organs whose codes follow
_JOINT_KIND = re.compile(r"^(?:TT|NQ|QĐ|QD|CT)LT$")


def joint_issuers(text: str, number: str | None) -> list[Found]:
    """"120/2000/TTLT-BTC-BCN-TCHQ": a joint document has an issuer for each code after its kind,
    each named somewhere in its text by those initials ("Bộ Tài chính", "Bộ Công nghiệp", "Tổng cục
    Hải quan"), in the number's order; [] unless two or more are found."""
    groups = _letter_groups(number)
    if not groups or not _JOINT_KIND.match(groups[0]):
        return []
    found: list[Found] = []
    for code in groups[1:]:
        name = _named_by_initials(text, code) if _organ_code(code) else None
        if name and all(f.value.lower() != name.value.lower() for f in found):
            found.append(name)
    return found if len(found) >= 2 else []


def _named_by_initials(text: str, code: str) -> Found | None:
    """The first organ's name in ``text`` whose initials spell ``code`` ("Bộ Tài chính" for BTC)."""
    for match in _ISSUER_NAME.finditer(text):
        words = list(re.finditer(r"\S+", match.group(0)))
        for n in range(len(words), 1, -1):
            if _initials([w.group(0) for w in words[:n]]) == code:
                name = " ".join(w.group(0) for w in words[:n])
                # the span ends at the name's last word as written ("Bộ    Tài    chính" keeps its spaces)
                return Found(fix_uy(name[:1].upper() + name[1:]), match.start(), match.start() + words[n - 1].end())
    return None


# A conference paper (tham luận), a speech or an appendix has no letterhead: its unit is a line of
# its own under the title ("Bộ Y tế", "UBND Thành phố Hà Nội"), the speaker's "Thay mặt <organ>, …",
# or, for an appendix, the document it goes with ("(Kèm theo Quyết định số …/QĐ-UBND … của Chủ tịch
# UBND tỉnh Lâm Đồng)").
_BYLINE_LINES = 14
_BYLINE_MAX_WORDS = 12
# The paper's body, or a programme's timetable ("08h20 - 08h35 … Bộ Công an" names a speaker's unit).
_BYLINE_STOP = re.compile(r"^(?:Kính\s+(?:thưa|gửi)|Thưa\s|Căn\s+cứ|Thực\s+hiện|Thời\s+gian|Địa\s+điểm)|\d\s*h\s*\d\d\b", re.I)
_POSITION_ONLY = re.compile(r"^(?:Viện|Tổng|Cục|Vụ|Hội|Ban)\s+trưởng$|^Trưởng\s+ban$", re.I)
# "Hội nghị …", "Tổ chức …", "Phòng, chống …": words that open a title, not an organ's name.
_NOT_ORGAN_NAME = re.compile(r"^\S+\s+(?:nghị|thảo|thi|diễn|chức|hành|hợp|kết|quát|số|cộng|lập|tục|cáo)\b|^Phòng\s*,", re.I)
_ON_BEHALF_SPEECH = re.compile(rf"\bThay mặt\s+(?P<unit>{_ORGAN}\b[^,;:.\n()]{{2,100}}?)\s*,\s*(?:tôi|chúng tôi|xin)\b")
_ATTACHED_TO = re.compile(
    r"\((?:Ban hành\s+)?[Kk]èm theo\b[^()]{0,200}?\bcủa\s+(?:(?:Chủ tịch|Giám đốc|Bộ trưởng|Trưởng ban|Chánh Văn phòng|"
    rf"Thủ trưởng|Thường trực)\s+)?(?P<unit>{_ORGAN}\b[^()\n]{{2,100}}?)\s*\)"
)


_POSITION_PREFIX = re.compile(r"^(?:Tổng giám đốc|Giám đốc|Bộ trưởng|Viện trưởng|Chủ tịch|Trưởng ban)\s+(?=\S)", re.I)
_NAME_TAIL = re.compile(r"\s*(?:,\s+(?=[a-zđ])|\(|\s(?:Mẫu|Mãu|Biểu)\s+số\b|\s\S*\d).*$")


def _byline_name(line: str) -> str:
    """"Hiệp hội Doanh nghiệp tỉnh Bình Thuận, nhiệm kỳ V (2025-2030)" → the name before its
    qualifiers; "Bộ trưởng Bộ Tài chính" → "Bộ Tài chính"."""
    return _POSITION_PREFIX.sub("", _NAME_TAIL.sub("", line)).strip()


def _byline_line(line: str) -> bool:
    words = line.split()
    if not words or "\t" in line or len(words) > _BYLINE_MAX_WORDS or line[-1] in ".:;!?…" or _NOT_ORGAN_NAME.match(line):
        return False
    if not _LETTERHEAD_ORGAN.match(line) or doc_type_of_line(line) or MOTTO.search(line):
        return False
    named = [w for w in words if w[:1].isalpha() and w not in ("và", "và,")]
    return sum(w[:1].isupper() for w in named) * 2 >= len(named)


# An author's byline, the organ after the name: the author's own unit, whatever parent the next line names.
_AUTHOR_OF = re.compile(r"^(?:Tiến sĩ|TS\.?|PGS\.?(?:\s*TS\.?)?|GS\.?(?:\s*TS\.?)?|ThS\.?|Thạc sĩ|Giáo sư|Ông|Bà|"
                        r"Nhà báo|Luật sư|Kỹ sư|KS\.?|Bác sĩ|BS\.?)\s+[^\W\d_][^-–,]{2,50}?\s[-–]\s(?P<organ>[^,;]+?)[,;]?$")


def _named_on(line: Line, name: str) -> Found:
    """An organ's name as a byline line writes it, in the case used inside sentences."""
    start = line.start + line.text.find(name)
    return Found(title_case_name(name) if is_uppercase_line(name) else fix_uy(compact(name)), start, start + len(name))


def byline_unit(text: str, lines: list[Line]) -> Found | None:
    nonblank = [line for line in lines if line.text.strip()][:_BYLINE_LINES]
    for line in nonblank[1:]:  # the first line is the document type or the title
        cell = strip_markup(line.text.strip())
        if _BYLINE_STOP.match(cell) or (len(cell) > 200 and cell[-1] in ".;!?…"):
            break  # the body begins (a long title, unpunctuated, may stand above the byline)
        author = _AUTHOR_OF.match(cell)
        if author and _byline_line(author.group("organ")):  # "Tiến sĩ Trịnh Hoà Bình - Viện Xã hội học,"
            return _named_on(line, _byline_name(author.group("organ")))
        name = _byline_name(cell)
        if _byline_line(cell) and len(name.split()) >= 2 and _LETTERHEAD_ORGAN.match(name) and not _POSITION_ONLY.match(name):
            return _named_on(line, name)
    head = text[:4000]
    for pattern in (_ON_BEHALF_SPEECH, _ATTACHED_TO):
        match = pattern.search(head)
        if match:
            return _unit_found(text, match.start("unit"), match.end("unit"))
    return None


def _on_behalf_unit(lines: list[Line], back_start: int) -> Found | None:
    """"T/M BAN THƯỜNG VỤ" → Ban Thường vụ."""
    for line in lines:
        if line.start < back_start:
            continue
        for cell, start in columns(line):
            prefix = re.match(r"\**(?:T\s*/\s*M|TM\.?|T\.M\.?)\s+(?P<organ>.+?)\**$", cell)
            if prefix and is_uppercase_line(prefix.group("organ")):
                organ_start = start + prefix.start("organ")
                return Found(title_case_name(prefix.group("organ")), organ_start, organ_start + len(prefix.group("organ")))
    return None


def level(text: str, unit: Found | None, letterhead: list[tuple[str, int, int]]) -> Found | None:
    """The administrative level named in the unit, or else in the letterhead ("UBND TỈNH …")."""
    if unit is None:
        return None
    spans = [(unit.start, unit.end)] + [(start, end) for _, start, end in reversed(letterhead)]
    for start, end in spans:
        match = _LEVEL_PATTERN.search(text, start, end)
        if match and match.group("central"):
            return Found("trung ương", match.start(), match.end())
        if match:
            return Found(match.group("level").lower(), match.start("level"), match.end("level"))
    return None


_PLACE_NAME = re.compile(
    rf"(?<!\w)(?P<level>{_LEVEL_WORDS}) +(?P<name>{CAP_WORD}(?:[ -]{CAP_WORD}){{0,3}})(?!\w)"
    rf"|(?<!\w)(?:TỈNH|HUYỆN|XÃ|PHƯỜNG|QUẬN|THÀNH PHỐ|THỊ XÃ|THỊ TRẤN) +(?P<caps>[{UPPER}]+(?:[ -][{UPPER}]+){{0,3}})(?!\w)"
)
_NOT_PLACE_WORDS = {"ủy", "uỷ", "đoàn", "trong", "và", "có", "đã", "được", "theo", "về", "năm"}


def places(text: str, place: Found | None) -> list[Found]:
    """The date line's place, then every name after tỉnh/huyện/xã/phường/thành phố …"""
    found: list[Found] = [place] if place else []
    seen = {match_form(place.value).casefold()} if place else set()
    for match in _PLACE_NAME.finditer(text):
        if match.group("name"):
            name, start = match.group("name"), match.start("name")
            if name.split()[0].lower() in _NOT_PLACE_WORDS:
                continue
            value = name
        else:
            name, start = match.group("caps"), match.start("caps")
            if match.group(0).split()[0].lower() == "xã" and name.startswith("HỘI"):
                continue
            if not all(is_valid_syllable(word) for word in re.findall(r"[^\W\d_]+", name)):
                continue  # "TỈNH LĐ": an abbreviation, not a name
            value = title_case_place(name)
        key = match_form(value).casefold()
        if key not in seen:
            seen.add(key)
            found.append(Found(value, start, start + len(name)))
    return found
