"""The document number ("Số: 45/TTr-UBND"), its type and its title (trích yếu)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extraction.document_kinds import KIND_OF_ABBREVIATION, doc_type_of_line
from indexer.extraction.lines import Line, compact, first_cell, strip_markup
from indexer.extraction.metadata.dates import PLACE_DATE, date_at
from indexer.extraction.metadata.patterns import CODE_SEGMENT, MOTTO
from indexer.extraction.model import Found

# "SỐ:" in capitals only where the label stands (a line's or a cell's start): "… THAY THẾ THÔNG TƯ SỐ
# 244/2016/TT-BTC" in a capital title cites another document
_NUMBER = re.compile(
    rf"(?:\bSố|(?:^|(?<=\t))[ \t]*SỐ)\s*:?[ \t]*(?P<n>(?P<digits>\d{{1,6}})?[ \t.…]*(?:/\s*\d{{4}}\s*)?[-/]\s*{CODE_SEGMENT}(?: ?[-/] ?{CODE_SEGMENT})*)",
    re.M,
)
_SUMMARY = re.compile(r"^[ \t]*(?:(?P<label>V/v|V/V)\s*:?\s*|(?=Về ))", re.M)
_TITLE_STOP = re.compile(r"^(?:kính gửi|căn cứ|thực hiện|theo|xét|-{3,}|_{3,}|\*{3,}|số\s*:)", re.I)


def number(text: str, front_end: int) -> Found | None:
    match = _NUMBER.search(text, 0, front_end)
    if not match:
        return None
    raw = match.group("n")
    value = re.sub(r"[\s.…]+", "", raw)
    return Found(value, match.start("n"), match.end("n"))


def doc_type_line(lines: list[Line], front_end: int, number: Found | None = None) -> tuple[Line, str] | None:
    for line in lines:
        if line.start >= front_end:
            break
        if doc_type := doc_type_of_line(line.stripped):
            return line, doc_type
    # an old file's title line kept its capitals in the font, not the text ("Nghị định của chính phủ"):
    # a line opening with the type its number's code names ("28/2003/NĐ-CP"), below the number as the
    # letterhead block sets it (a gazette's heading, "Thông tư / của Bộ Tài chính Số 13/2001/TT-BTC …", is read apart)
    kind = KIND_OF_ABBREVIATION.get(_type_code(number)) if number else None
    for line in lines if kind else []:
        if line.start >= front_end:
            break
        stripped = line.stripped
        if line.start > number.end and stripped.lower().startswith(kind) and len(stripped) <= 60 \
                and not _TITLE_STOP.match(stripped):
            return line, kind
    return None


def _type_code(number: Found) -> str:
    """The type abbreviation a number opens its code with: "45/TTr-UBND" → "TTr"."""
    return re.split(r"[-/]", number.value.lstrip("0123456789/"))[0]


def doc_type(text: str, type_line: tuple[Line, str] | None, number: Found | None,
              front_end: int) -> Found | None:
    if type_line:
        line, doc_type = type_line
        start = line.start + line.text.upper().index(doc_type.upper())
        return Found(doc_type, start, start + len(doc_type))
    if number:  # "Số: 45/TTr-UBND": the type abbreviation before the issuer
        abbreviation = _type_code(number)
        if abbreviation in KIND_OF_ABBREVIATION:
            start = text.index(abbreviation, number.start)
            return Found(KIND_OF_ABBREVIATION[abbreviation], start, start + len(abbreviation))
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
        if (line.start >= limit or not stripped or _TITLE_STOP.match(stripped) or PLACE_DATE.match(line.text)
                or MOTTO.search(stripped)):
            break
        block.append(line)
        if len(block) == max_lines:
            break
    return block


def title(text: str, lines: list[Line], type_line: tuple[Line, str] | None, front_end: int) -> Found | None:
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


def ending_before(found: Found, text: str, position: int) -> Found:
    """The title cut before ``position``: a paper's byline ("Tổng Liên đoàn Lao động Việt Nam") set
    right under its title, with no blank line between, names its author, not its subject."""
    kept = text[found.start:position].rstrip()
    value = compact(strip_markup(" ".join(first_cell(line) for line in kept.splitlines())))
    return Found(value, found.start, found.start + len(kept)) if value else found


def _title_from_lines(block: list[Line]) -> Found | None:
    if not block:  # a summary line at the very end of the front matter
        return None
    first = block[0]
    start = first.start + len(first.text) - len(first.text.lstrip(" \t*_#"))
    last = block[-1]
    column = first_cell(last.text)
    end = last.start + last.text.index(column) + len(column) if column else last.end
    value = compact(strip_markup(" ".join(first_cell(line.text) for line in block)))
    return Found(value, start, end) if value else None


# Texts of the 1990s–2000s copied from gazettes open with one heading instead of a letterhead:
# "Nghị định của Chính phủ số 114/2003/NĐ-CP ngày 10/10/2003 về cán bộ, công chức xã …".
_HEADING_REACH = 600
_HEADING = re.compile(
    r"^[ \t]*(?P<kind>Nghị định|Quyết định|Thông tư liên tịch|Thông tư|Chỉ thị|Nghị quyết|Pháp lệnh|Luật)\s+"
    # "của Chính phủ Số    94 /1998/NĐ-CP", "Liên tịch Bộ … / Số 120/2000/TTLT-…": the issuer, then the number
    # (the issuer may wrap: "liên tịch của Bộ Tài chính - Công nghiệp - / Tổng cục Hải quan số 176/1998/TTLT-…";
    # a number of the 1990s may lack the year or join its codes with slashes: "1141-TC/QĐ/CĐKT", "172/1998/TT/BTC")
    r"(?:(?:của|[lL]iên tịch)\s+(?:[^\n]|\n(?![ \t]*\n)){1,120}?\s+)?[sS]ố\s+"
    r"(?P<number>\d{1,5}(?: ?/\d{4})?(?:[-/][\wĐđ]+)+)\s*,?\s*(?=ngày)", re.M)
_HEADING_SUBJECT = re.compile(r"\s*(?P<subject>(?:[vV]ề|V/v|Hướng dẫn|Quy định|Ban hành)\b.{3,300}?)(?=\n\s*\n|\n\s*-\s|$)", re.S)


@dataclass
class Heading:
    doc_type: Found
    number: Found
    date: Found
    title: Found | None


def legacy_heading(text: str) -> Heading | None:
    """The type, number, date and subject of a document that names them in one heading line
    (wrapped or not) at its top."""
    match = _HEADING.search(text, 0, _HEADING_REACH)
    if not match:
        return None
    date = date_at(text, match.end())
    if not date:
        return None
    subject = _HEADING_SUBJECT.match(text, date[2])
    title = None
    if subject:
        value = compact(subject.group("subject")).rstrip(" .;")
        title = Found(value, subject.start("subject"), subject.start("subject") + len(subject.group("subject").rstrip(" .;\n")))
    return Heading(Found(match.group("kind").lower(), match.start("kind"), match.end("kind")),
                   Found(match.group("number").replace(" ", ""), match.start("number"), match.end("number")), Found(*date),
                   title)


# An appendix filed as a file of its own opens with "Phụ lục" (and its number), then what it is:
# "Phụ lục II / KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH THỂ CHẾ NĂM 2025".
_APPENDIX = re.compile(r"^[ \t]*(?P<kind>Phụ lục|PHỤ LỤC)(?:\s+(?:số\s+)?[IVXLC\d]{1,6})?[ \t.:]*$")
_APPENDIX_TITLE_STOP = re.compile(r"^\s*(?:\(|[IVX]+\.\s|\d+\.\s|STT\b)")
APPENDIX_TITLE_LINES = 3


def appendix_heading(lines: list[Line]) -> tuple[Found, Found] | None:
    """(doc type, title) of a text whose first line is "Phụ lục …", its title the lines under it
    up to a blank line, a bracketed note ("(Ban hành kèm theo …)"), a numbered part or a table."""
    nonblank = [i for i, line in enumerate(lines) if line.stripped]
    if len(nonblank) < 2:
        return None
    first = lines[nonblank[0]]
    heading = _APPENDIX.match(first.text)
    if not heading:
        return None
    block = []
    for line in lines[nonblank[0] + 1:]:
        if not line.stripped or "\t" in line.text or _APPENDIX_TITLE_STOP.match(line.text) or len(block) == APPENDIX_TITLE_LINES:
            break
        block.append(line)
    found = _title_from_lines(block)
    if not found:
        return None
    return Found("phụ lục", first.start + heading.start("kind"), first.start + heading.end("kind")), found
