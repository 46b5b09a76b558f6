"""Metadata of a report, each value with the span of text it was read from.

Every field is read from a recognisable place — the letterhead and title block (front
matter), the body formula "…, <đơn vị> báo cáo … như sau:", the closing sentence, the
"Nơi nhận:" block and the signature — and is None when that place is missing: nothing is
guessed. Values are normalised for display (ISO dates, "Ủy" spelling, sentence-case
positions); spans always point at the original characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from indexer.model import Found, Metadata, Reference, Section
from indexer.structure import (
    POSITION_WORDS,
    SIGNATURE_PREFIX,
    Line,
    doc_type_of_line,
    first_cell,
    is_uppercase_line,
    split_lines,
    strip_markup,
)
from indexer.vietnamese.normalize import match_form
from indexer.vietnamese.syllables import is_valid_syllable

_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_CAP_WORD = rf"[{_UPPER}][{_LOWER}]*"
_FRONT_FALLBACK_CHARS = 2500  # without sections, the letterhead is looked for here

# --- dates and places ---------------------------------------------------------------------

_BLANK = r"[\s.…_]*"
_DATE_WORDS = re.compile(
    rf"ngày\s*(?P<d>\d{{1,2}})?{_BLANK}\s*tháng\s*(?P<m>\d{{1,2}})?{_BLANK}\s*năm\s*(?P<y>\d{{4}})",
    re.I,
)
_DATE_SLASHES = re.compile(r"ngày\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})", re.I)
_PLACE_DATE = re.compile(
    rf"(?:^|\t| {{2,}})\s*(?P<place>(?:TP\.\s*|Tp\.\s*)?{_CAP_WORD}(?:[ -]{_CAP_WORD}){{0,4}})\s*,\s*(?=ngày)",
    re.M,
)


# "Số: /TTr-SNV Lâm Đồng, ngày …": a PDF line that keeps one space between number and place.
_NUMBER_PLACE_DATE = re.compile(
    rf"\bSố\s*:?[^\n]{{0,40}}?[-/] ?[{_UPPER}][^\s,]* (?P<place>{_CAP_WORD}(?:[ -]{_CAP_WORD}){{0,4}})\s*,\s*(?=ngày)"
)


def iso_date(match: re.Match[str]) -> str | None:
    """"2019-04-10"; a draft's blank day (or month) gives the reduced ISO form "2025-08" / "2025"."""
    year, month, day = match.group("y"), match.group("m"), match.group("d")
    if not month:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if not day:
        return f"{year}-{int(month):02d}"
    if not 1 <= int(day) <= 31:
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


def date_at(text: str, pos: int) -> tuple[str, int, int] | None:
    """The date written at ``pos`` ("ngày 10 tháng 4 năm 2019" or "ngày 10/4/2019")."""
    for pattern in (_DATE_WORDS, _DATE_SLASHES):
        match = pattern.match(text, pos)
        if match and (value := iso_date(match)):
            return value, match.start(), match.end()
    return None


def _place_and_date(text: str, front_end: int) -> tuple[Found | None, Found | None]:
    """The "Hải Dương, ngày 10 tháng 4 năm 2019" line: in the front matter if it is there."""
    candidates = list(_PLACE_DATE.finditer(text)) + list(_NUMBER_PLACE_DATE.finditer(text, 0, front_end))
    candidates.sort(key=lambda m: m.start() >= front_end)  # front matter first, stable
    for match in candidates:
        date = date_at(text, match.end())
        if date:
            place = Found(match.group("place"), match.start("place"), match.end("place"))
            return place, Found(*date)
    return None, None


# --- document number, type and title -------------------------------------------------------

_SEGMENT = rf"[{_UPPER}0-9][{_UPPER}0-9&]*(?:[a-zđ][{_UPPER}0-9]*)?(?![\w])"
_NUMBER = re.compile(
    rf"\bSố\s*:?[ \t]*(?P<n>(?P<digits>\d{{1,6}})?[ \t.…]*(?:/\s*\d{{4}}\s*)?[-/]\s*{_SEGMENT}(?: ?[-/] ?{_SEGMENT})*)"
)
_TYPE_ABBREVIATIONS = {
    "BC": "báo cáo", "KH": "kế hoạch", "QĐ": "quyết định", "TTr": "tờ trình", "TB": "thông báo",
    "NQ": "nghị quyết", "CTr": "chương trình", "HD": "hướng dẫn", "BB": "biên bản", "CT": "chỉ thị",
    "KL": "kết luận", "QC": "quy chế", "QyĐ": "quy định", "QĐi": "quy định", "ĐA": "đề án",
    "PA": "phương án", "GM": "giấy mời", "CĐ": "công điện", "TT": "thông tư", "NĐ": "nghị định",
    "CV": "công văn", "HĐ": "hợp đồng", "GGT": "giấy giới thiệu", "ĐL": "điều lệ",
    "PT": "phiếu trình",
}
_SUMMARY = re.compile(r"^[ \t]*(?:(?P<label>V/v|V/V)\s*:?\s*|(?=Về ))", re.M)
_TITLE_STOP = re.compile(r"^(?:kính gửi|căn cứ|thực hiện|theo|xét|-{3,}|_{3,}|\*{3,}|số\s*:)", re.I)


def _compact(text: str) -> str:
    return " ".join(text.split())


def _number(text: str, front_end: int) -> Found | None:
    match = _NUMBER.search(text, 0, front_end)
    if not match:
        return None
    raw = match.group("n")
    value = re.sub(r"[\s.…]+", "", raw)
    return Found(value, match.start("n"), match.end("n"))


def _doc_type_line(lines: list[Line], front_end: int) -> tuple[Line, str] | None:
    for line in lines:
        if line.start >= front_end:
            break
        if doc_type := doc_type_of_line(line.stripped):
            return line, doc_type
    return None


def _doc_type(text: str, type_line: tuple[Line, str] | None, number: Found | None,
              front_end: int) -> Found | None:
    if type_line:
        line, doc_type = type_line
        start = line.start + line.text.upper().index(doc_type.upper())
        return Found(doc_type, start, start + len(doc_type))
    if number:  # "Số: 45/TTr-UBND": the type abbreviation before the issuer
        code = number.value.lstrip("0123456789/")
        abbreviation = re.split(r"[-/]", code)[0]
        if abbreviation in _TYPE_ABBREVIATIONS:
            start = text.index(abbreviation, number.start)
            return Found(_TYPE_ABBREVIATIONS[abbreviation], start, start + len(abbreviation))
        if re.fullmatch(r"\d*/[^/-]+-[^/]+", number.value):
            # "Số: 3980/UBND-NC": issuer and office, no type code: the Decree 30 form of a công văn
            return Found("công văn", number.start, number.end)
    summary = _SUMMARY.search(text, 0, front_end)
    if summary:  # a "V/v" summary without a type title is the mark of a công văn
        if summary.group("label"):
            return Found("công văn", summary.start("label"), summary.end("label"))
    return None


def _block_after(lines: list[Line], index: int, limit: int, max_lines: int = 6) -> list[Line]:
    """Consecutive non-blank lines from ``index`` on, stopping at a blank line or a marker."""
    block: list[Line] = []
    for line in lines[index:]:
        stripped = line.stripped
        if (line.start >= limit or not stripped or _TITLE_STOP.match(stripped) or _PLACE_DATE.match(line.text)
                or _MOTTO.search(stripped)):
            break
        block.append(line)
        if len(block) == max_lines:
            break
    return block


def _title(text: str, lines: list[Line], type_line: tuple[Line, str] | None, front_end: int) -> Found | None:
    """The trích yếu: the lines under the type title, else the "V/v …" summary."""
    if type_line:
        index = lines.index(type_line[0]) + 1
        while index < len(lines) and not lines[index].stripped and lines[index].start < front_end:
            index += 1
        block = _block_after(lines, index, front_end)
        if block:
            return _title_from_lines(block)
    summary = _SUMMARY.search(text, 0, front_end)
    if not summary:
        return None
    index = next(i for i, line in enumerate(lines) if line.end >= summary.end())
    found = _title_from_lines(_block_after(lines, index, front_end))
    if found and summary.group("label"):  # "V/v" is a label, not part of the summary
        label = re.match(r"\s*V/[vV]\s*:?\s*", found.value)
        found = Found(found.value[label.end():], summary.end(), found.end) if label else found
    return found if found and found.value else None


def _title_from_lines(block: list[Line]) -> Found | None:
    if not block:  # a summary line at the very end of the front matter
        return None
    first = block[0]
    start = first.start + len(first.text) - len(first.text.lstrip(" \t*_#"))
    last = block[-1]
    column = first_cell(last.text)
    end = last.start + last.text.index(column) + len(column) if column else last.end
    value = _compact(strip_markup(" ".join(first_cell(line.text) for line in block)))
    return Found(value, start, end) if value else None


# --- issuing unit and level ----------------------------------------------------------------

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
_MOTTO = re.compile(r"CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|ĐẢNG CỘNG SẢN VIỆT NAM|^-+$|^\*+$|^SỐ\s*:", re.I)
_LEVELS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường", "đặc khu")
_LEVEL_WORDS = "(?i:" + "|".join(_LEVELS) + ")"
# A level word followed by a capitalised name ("tỉnh Hải Dương", "PHƯỜNG HẢI DƯƠNG"), never "xã hội".
_LEVEL_PATTERN = re.compile(
    rf"(?<!\w)(?P<level>{_LEVEL_WORDS})\s+(?!(?i:hội)\b)(?=[{_UPPER}])|(?<!\w)(?P<central>(?i:trung ương)|TW)(?!\w)"
)
# Words that keep their capital inside an organisation name written in capitals.
_PROPER_TITLE_WORDS = {
    "thường vụ": "Thường vụ", "thường trực": "Thường trực", "chấp hành": "Chấp hành",
    "nội vụ": "Nội vụ", "trung ương": "Trung ương", "việt nam": "Việt Nam", "tổ quốc": "Tổ quốc",
    "mặt trận": "Mặt trận", "ủy ban": "Ủy ban", "uỷ ban": "Ủy ban", "đảng": "Đảng",
    "công an": "Công an", "tài chính": "Tài chính", "tư pháp": "Tư pháp", "y tế": "Y tế",
    "xây dựng": "Xây dựng", "công thương": "Công Thương", "văn phòng": "Văn phòng",
    "chỉ đạo": "Chỉ đạo", "đề án": "Đề án", "nhà nước": "Nhà nước", "chính phủ": "Chính phủ",
}


def fix_uy(text: str) -> str:
    """The "Ủy" spelling the issue asks for ("Uỷ ban" → "Ủy ban"); length is kept."""
    return text.replace("Uỷ", "Ủy").replace("uỷ", "ủy").replace("UỶ", "ỦY")


def title_case_place(caps: str) -> str:
    """"LÂM ĐỒNG" → "Lâm Đồng"."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in caps.split())


def _keep_acronyms(caps: str, text: str) -> str:
    """Put back in capitals the abbreviations (UBND, MTTQ, HĐND) a lowercasing step lost."""
    for token in re.findall(r"[^\W\d_]+", caps):
        if token.isupper() and len(token) > 1 and not is_valid_syllable(token):
            text = re.sub(rf"(?<!\w){re.escape(token.lower())}(?!\w)", token, text, flags=re.I)
    return text


def title_case_name(caps: str) -> str:
    """An organisation or position written in capitals, in the case used inside sentences:
    "ĐẢNG ỦY PHƯỜNG HẢI DƯƠNG" → "Đảng ủy phường Hải Dương", "SỞ NỘI VỤ" → "Sở Nội vụ"."""
    words = fix_uy(caps).lower().split()
    out: list[str] = []
    place = False
    for word in words:
        if place:
            out.append(word[:1].upper() + word[1:])
            continue
        out.append(word)
        place = word in ("tỉnh", "huyện", "xã", "phường", "quận") or " ".join(out[-2:]) in ("thành phố", "thị xã", "thị trấn", "đặc khu")
    text = " ".join(out)
    for lower, proper in _PROPER_TITLE_WORDS.items():
        text = re.sub(rf"(?<!\w){lower}(?!\w)", proper, text)
    if out and out[0] in ("sở", "bộ"):  # "Sở Nông nghiệp và Môi trường", "Bộ Văn hóa, Thể thao và Du lịch"
        text = re.sub(r"(?:^(?:sở|bộ)|\svà|,|\s-)\s+\w", lambda m: m.group(0)[:-1] + m.group(0)[-1].upper(), text)
    text = _keep_acronyms(caps, text)
    return text[:1].upper() + text[1:]


def _unit_found(text: str, start: int, end: int) -> Found:
    return Found(fix_uy(_compact(text[start:end])), start, end)


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
    cells = list(_cells(line))
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
        if is_uppercase_line(following) and not _MOTTO.search(following) and not doc_type_of_line(following):
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


def letterhead_cells(lines: list[Line], front_end: int) -> list[tuple[str, int, int]]:
    """The capital lines of the letterhead's left column, with their spans: the first
    lines of the document, up to the motto, the number or the type title. Capital lines that
    neither name an organ nor stand beside the motto are a title or a table header."""
    cells: list[tuple[str, int, int]] = []
    seen = 0
    for line in lines:
        if line.start >= front_end or seen >= _LETTERHEAD_LINES:
            break
        found = _letterhead_cell(line)
        if not found:
            continue
        cell, offset, end = found
        seen += 1
        if _SKIPPED_LETTERHEAD.match(cell):
            continue
        if _NOT_LETTERHEAD.match(cell) or doc_type_of_line(cell):
            break
        if _MOTTO.search(cell) or not is_uppercase_line(cell):
            if cells:
                break
            continue
        if cells and _continues_name(cells[-1][0], cell):
            cells[-1] = (f"{cells[-1][0]} {cell}", cells[-1][1], end)  # a name wrapped over two lines
            continue
        cells.append((cell, offset, end))
    if cells and not _LETTERHEAD_ORGAN.match(cells[0][0]) and not _has_motto(lines, front_end):
        return []  # "GIẢI TRÌNH BỔ SUNG …", "STT": a title or a table header, not an organ
    return cells[:3]


def _letterhead_unit(text: str, cells: list[tuple[str, int, int]]) -> Found | None:
    """The issuing body: the last letterhead line ("UBND TỈNH LÂM ĐỒNG / SỞ NỘI VỤ" → Sở
    Nội vụ), joined to the line above when it only names the place ("ỦY BAN NHÂN DÂN /
    TỈNH LÂM ĐỒNG")."""
    if not cells:
        return None
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
    return Found(title_case_name(" ".join(cell for cell, _, _ in chosen)), start, end)


_PLACE_LINE_STARTS = ("tỉnh", "huyện", "xã", "phường", "quận", "thành", "thị", "đặc")


def _unit(text: str, lines: list[Line], letterhead: list[tuple[str, int, int]], back_start: int) -> Found | None:
    """Body formula first (the author's own spelling of the organ that reports), then the
    letterhead, then "T/M <organ>", then the closing "… của <organ>."."""
    for match in _UNIT_BODY.finditer(text, 0, back_start):
        if not _NOT_UNIT_WORDS.search(match.group("unit")):
            return _unit_found(text, match.start("unit"), match.end("unit"))
    if from_letterhead := _letterhead_unit(text, letterhead):
        return from_letterhead
    if on_behalf := _on_behalf_unit(lines, back_start):
        return on_behalf
    closing = _UNIT_CLOSING.search(text, back_start)
    if closing:
        return _unit_found(text, closing.start("unit"), closing.end("unit"))
    return None


def _on_behalf_unit(lines: list[Line], back_start: int) -> Found | None:
    """"T/M BAN THƯỜNG VỤ" → Ban Thường vụ."""
    for line in lines:
        if line.start < back_start:
            continue
        for cell, start in _cells(line):
            prefix = re.match(r"\**(?:T\s*/\s*M|TM\.?|T\.M\.?)\s+(?P<organ>.+?)\**$", cell)
            if prefix and is_uppercase_line(prefix.group("organ")):
                organ_start = start + prefix.start("organ")
                return Found(title_case_name(prefix.group("organ")), organ_start, organ_start + len(prefix.group("organ")))
    return None


def _level(text: str, unit: Found | None, letterhead: list[tuple[str, int, int]]) -> Found | None:
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
    rf"(?<!\w)(?P<level>{_LEVEL_WORDS}) +(?P<name>{_CAP_WORD}(?:[ -]{_CAP_WORD}){{0,3}})(?!\w)"
    rf"|(?<!\w)(?:TỈNH|HUYỆN|XÃ|PHƯỜNG|QUẬN|THÀNH PHỐ|THỊ XÃ|THỊ TRẤN) +(?P<caps>[{_UPPER}]+(?:[ -][{_UPPER}]+){{0,3}})(?!\w)"
)
_NOT_PLACE_WORDS = {"ủy", "uỷ", "đoàn", "trong", "và", "có", "đã", "được", "theo", "về", "năm"}


def _places(text: str, place: Found | None) -> list[Found]:
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


# --- signature and recipients ----------------------------------------------------------------

_NAME = re.compile(
    rf"^(?:(?:Ông|Bà|Đồng chí|Đ/c|(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý))\s+)?(?P<name>[{_UPPER}][{_LOWER}]+(?:\s+[{_UPPER}][{_LOWER}']*){{1,5}})\s*$"
)
_NOT_NAMES = re.compile(
    r"^(?:Nơi|Như|Lưu|Kính|Trên|Các|Ban|Sở|Phòng|Văn|Ủy|Uỷ|Thường|Chủ|Phó|Bí|Phường|Xã|Tỉnh|Huyện|Quận|"
    r"Thành|Thị|Đặc|Phụ|Ngày|Hội|Liên|Công|Trung|Bộ|Cục|Chi)\b"
)
_POSITION_CAPITALS = (
    "chủ tịch", "bí thư", "giám đốc", "thường trực", "văn phòng", "chánh", "trưởng", "thủ trưởng",
    "ủy viên", "thư ký", "chủ nhiệm", "tổng", "cục trưởng", "viện trưởng", "hiệu trưởng", "kế toán",
)


def sentence_case_position(caps: str) -> str:
    """"PHÓ BÍ THƯ THƯỜNG TRỰC" → "Phó Bí thư Thường trực", as positions are written in text."""
    text = fix_uy(" ".join(caps.split())).lower()
    for word in _POSITION_CAPITALS:
        text = re.sub(rf"(?<!\w)(?<!thứ )(?<!bộ )(?<!tổ ){word}(?!\w)", lambda m: m.group(0)[0].upper() + m.group(0)[1:], text)
    text = _keep_acronyms(caps, text)
    return text[:1].upper() + text[1:]


def _cells(line: Line) -> Iterator[tuple[str, int]]:
    """The columns of a line merged from a two-column table (split at tabs or wide gaps)."""
    for match in re.finditer(r"[^\t]+?(?=\t| {3,}|$)", line.text):
        cell = match.group(0).strip()
        if cell:
            yield cell, line.start + match.start() + match.group(0).index(cell)


def _recipient_lines(lines: list[Line], back_start: int) -> tuple[int | None, list[Found]]:
    """The "Nơi nhận:" line's index and its "- …" items (the left column only)."""
    for index, line in enumerate(lines):
        if line.end <= back_start or not re.match(r"nơi\s+nhận", line.stripped, re.I):
            continue
        recipients: list[Found] = []
        for following in lines[index + 1:]:
            cells = list(_cells(following))
            if not cells:
                continue
            cell, start = cells[0]
            if not re.match(r"^[-+•–]\s*", cell):
                if recipients:
                    break
                continue
            item = re.sub(r"^[-+•–]\s*", "", cell)
            item = re.sub(r"[\s;,.]+$", "", item)
            if item:
                item_start = start + cell.index(item)
                recipients.append(Found(item, item_start, item_start + len(item)))
        return index, recipients
    return None, []


_NAME_WITHIN_LINES = 5  # the signer's name sits a few lines under the position (signature, seal)
_NOT_POSITION = re.compile(r"^(?:KÍNH TRÌNH|KÍNH GỬI|Ý KIẾN|PHÒNG XỬ LÝ)\b")
_NO_SIGNATURE_TYPES = {"phiếu trình"}  # an internal note: sign-off boxes, not a signature


def _signature(lines: list[Line], back_start: int, recipients_index: int | None,
               doc_type: str | None = None) -> tuple[Found | None, Found | None]:
    """(signer, position): the name under the signature block and the position right above it.

    "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": the first position line after the last "KT./TL./TM." line
    is the signer's ("PHÓ TRƯỞNG BAN / PHÓ CHỦ TỊCH UBND TỈNH" keeps "Phó Trưởng ban"). The
    name must follow within a few lines. A position without a name (a draft) is kept when it
    follows "Nơi nhận:" or a "KT./TM." line. A phiếu trình has no signature."""
    if doc_type in _NO_SIGNATURE_TYPES:
        return None, None
    first = recipients_index if recipients_index is not None else next(
        (i for i, line in enumerate(lines) if line.start >= back_start), len(lines))
    nonblank = [i for i, line in enumerate(lines) if line.stripped]
    tail = nonblank[-8:] if nonblank else []
    start_index = min(first, tail[0]) if tail else first
    position: Found | None = None
    opened = delegated = False  # delegated: a "KT./TL./T/M" line, proof of a signature block
    since_opened = 0
    for line in lines[start_index:]:
        if opened and any(cell[0] not in "-+•–" for cell, _ in _cells(line)):  # "- Như trên;" beside it
            since_opened += 1
            if since_opened > _NAME_WITHIN_LINES:
                break
        for cell, start in _cells(line):
            cell = strip_markup(cell)
            if not cell or cell[0] in "-+•–":
                continue
            start = line.start + line.text.index(cell) if cell in line.text else start
            if is_uppercase_line(cell) and len(cell) <= 60:
                if SIGNATURE_PREFIX.match(cell):
                    opened = delegated = True
                    position, since_opened = None, 0
                elif POSITION_WORDS.search(cell) and len(cell.split()) <= 6 and not _NOT_POSITION.match(cell):
                    if position is None:
                        position = Found(sentence_case_position(cell), start, start + len(cell))
                    if not opened:
                        since_opened = 0
                    opened = True
                continue
            name = _NAME.match(cell)
            if opened and name and not _NOT_NAMES.match(name.group("name")):
                name_start = start + name.start("name")
                return Found(_compact(name.group("name")), name_start, name_start + len(name.group("name"))), position
    return None, position if delegated or recipients_index is not None else None


# --- references --------------------------------------------------------------------------------

_KINDS = (
    "kết luận", "công văn", "kế hoạch", "thông báo", "nghị quyết", "quyết định", "chỉ thị",
    "hướng dẫn", "báo cáo", "tờ trình", "chương trình", "nghị định", "thông tư", "luật",
    "công điện", "quy định", "quy chế", "đề án", "giấy mời", "pháp lệnh", "văn bản", "hiến pháp",
)
_CODE = re.compile(
    rf"(?<![\w/.,-])(?P<num>\d{{1,5}})(?:\s?/\s?(?P<year>\d{{4}}))? ?[-/] ?(?P<first>{_SEGMENT})(?P<rest>(?:[-/] ?{_SEGMENT})*)"
)
_SHORT_CODE = re.compile(rf"(?<![\w/.,-])(?P<num>\d{{1,5}}) (?P<abbr>[{_UPPER}]{{2,4}})-(?P<issuer>[{_UPPER}]{{2,6}})\b")
_KIND_WORD = re.compile(r"(?<!\w)(?P<kind>" + "|".join(_KINDS) + r")(?!\w)(?! sư)", re.I)
_KIND_NUMBER = re.compile(
    r"(?<!\w)(?P<kind>" + "|".join(_KINDS) + r")\s+(?:số\s+)?(?P<num>\d{1,5})(?![\w/.,-])", re.I
)
_KIND_WINDOW = 80
_KIND_MAX_WORDS = 8
_DATE_AFTER = re.compile(r"\s*,?\s*(?:ban hành\s+)?(?=ngày)", re.I)


def _normalise_code(raw: str) -> str:
    return re.sub(r"\s+", "", raw)


def _kind_for(text: str, start: int, first_segment: str) -> str | None:
    if first_segment in _TYPE_ABBREVIATIONS:
        return _TYPE_ABBREVIATIONS[first_segment]
    window_start = max(0, start - _KIND_WINDOW)
    for match in reversed(list(_KIND_WORD.finditer(text, window_start, start))):
        between = text[match.end():start]
        if len(between.split()) <= _KIND_MAX_WORDS and not re.search(r"\d|[.;]", between):
            return match.group("kind").lower()
    return None


def _date_after(text: str, end: int) -> str | None:
    match = _DATE_AFTER.match(text, end)
    if not match:
        return None
    date = date_at(text, match.end())
    return date[0] if date and len(date[0]) == 10 else None


def _references(text: str, own_number: Found | None) -> list[Reference]:
    found: list[Reference] = []
    for match in _CODE.finditer(text):
        if own_number and own_number.start <= match.start() < own_number.end:
            continue
        code = _normalise_code(match.group(0))
        if not re.search(r"[A-ZĐ]{2}", code):
            continue
        kind = _kind_for(text, match.start(), match.group("first"))
        found.append(Reference(code, kind, _date_after(text, match.end()), match.start(), match.end()))
    found.extend(_short_references(text, {r.code for r in found}))
    found.sort(key=lambda r: r.start)
    unique: dict[str, Reference] = {}
    for reference in found:
        unique.setdefault(reference.code, reference)
    return list(unique.values())


def _short_references(text: str, codes: set[str]) -> list[Reference]:
    """"62 KL-TW" and "Kết luận số 62" stand for 62-KL/TW when the text has that code."""
    by_number_and_kind: dict[tuple[str, str], str] = {}
    for code in codes:
        match = re.match(r"(\d+)-([^/-]+)/", code)
        if match and match.group(2) in _TYPE_ABBREVIATIONS:
            by_number_and_kind.setdefault((match.group(1), _TYPE_ABBREVIATIONS[match.group(2)]), code)
    out: list[Reference] = []
    for match in _SHORT_CODE.finditer(text):
        code = f"{match.group('num')}-{match.group('abbr')}/{match.group('issuer')}"
        if code in codes:
            out.append(Reference(code, _TYPE_ABBREVIATIONS.get(match.group("abbr")),
                                 _date_after(text, match.end()), match.start(), match.end()))
    for match in _KIND_NUMBER.finditer(text):
        kind = match.group("kind").lower()
        code = by_number_and_kind.get((match.group("num"), kind))
        if code:
            out.append(Reference(code, kind, _date_after(text, match.end()), match.start(), match.end()))
    return out


# --- campaigns ------------------------------------------------------------------------------

_OPEN_QUOTE = r"(?:''|“|\"|‘|«)"
_CLOSE_QUOTE = r"(?:''|”|\"|’|»)"
_QUOTED = rf"{_OPEN_QUOTE}(?P<name>[^\"“”‘’«»\n']{{2,150}}?)\s*{_CLOSE_QUOTE}"
_CAMPAIGN_TRIGGER = re.compile(
    r"(?:cuộc vận động|phong trào|quỹ|chương trình|cuộc thi|tháng hành động|giải thưởng)"
    rf"(?:\s+[^\s\"“”‘'«,.;:()]+){{0,6}}?\s*:?\s*(?={_OPEN_QUOTE})",
    re.I,
)
_QUOTED_NAME = re.compile(_QUOTED)
_LIST_SEPARATOR = re.compile(r"\s*(?:,|và|hoặc)\s*(?=" + _OPEN_QUOTE + ")")


def _campaigns(text: str) -> list[Found]:
    found: list[Found] = []
    seen: set[str] = set()
    for trigger in _CAMPAIGN_TRIGGER.finditer(text):
        pos = trigger.end()
        while match := _QUOTED_NAME.match(text, pos):
            name = match.group("name").strip()
            # One campaign however it is punctuated: "nông thôn mới, đô thị văn minh" = without comma.
            key = " ".join(re.findall(r"\w+", match_form(name).casefold()))
            if name and key not in seen:
                seen.add(key)
                start = match.start("name") + match.group("name").index(name)
                found.append(Found(name, start, start + len(name)))
            separator = _LIST_SEPARATOR.match(text, match.end())
            if not separator:
                break
            pos = separator.end()
    return found


# --- entry point ------------------------------------------------------------------------------


def _front_end(sections: list[Section], text: str) -> int:
    body = [s for s in sections if s.kind != "front"]
    if body:
        return body[0].start
    front = [s for s in sections if s.kind == "front"]
    return front[-1].end if front else min(len(text), _FRONT_FALLBACK_CHARS)


def _back_start(sections: list[Section], text: str) -> int:
    back = [s for s in sections if s.kind == "back"]
    return back[0].start if back else len(text)


def extract_metadata(text: str, sections: list[Section]) -> Metadata:
    lines = split_lines(text)
    front_end = _front_end(sections, text)
    back_start = _back_start(sections, text)
    place, date = _place_and_date(text, front_end)
    number = _number(text, front_end)
    type_line = _doc_type_line(lines, front_end)
    letterhead = letterhead_cells(lines, front_end)
    unit = _unit(text, lines, letterhead, back_start)
    recipients_index, recipients = _recipient_lines(lines, back_start)
    doc_type = _doc_type(text, type_line, number, front_end)
    signer, position = _signature(lines, back_start, recipients_index, doc_type.value if doc_type else None)
    return Metadata(
        unit=unit,
        doc_type=doc_type,
        number=number,
        place=place,
        date=date,
        signer=signer,
        signer_position=position,
        title=_title(text, lines, type_line, front_end),
        level=_level(text, unit, letterhead),
        recipients=recipients,
        references=_references(text, number),
        campaigns=_campaigns(text),
        places=_places(text, place),
    )
