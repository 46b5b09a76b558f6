"""The place and date line ("Hải Dương, ngày 10 tháng 4 năm 2019") and dates written in words or digits."""

from __future__ import annotations

import re

from indexer.extraction.metadata.patterns import CAP_WORD, LOWER, UPPER
from indexer.extraction.model import Found

_BLANK = r"[\s.…_]*"
_DATE_WORDS = re.compile(
    rf"ngày\s*(?P<d>\d{{1,2}})?{_BLANK}\s*tháng\s*(?P<m>\d{{1,2}})?{_BLANK}\s*năm\s*(?P<y>\d{{4}})",
    re.I,
)
_DATE_SLASHES = re.compile(r"ngày\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})", re.I)
# a scan's text layer may garble the day ("ngày .4® tháng 12 năm 2025"): the month and year still date it
_DATE_ILLEGIBLE_DAY = re.compile(r"ngày(?P<d>)\s*[^\s\w]{0,2}\w{0,2}[^\s\w]{0,2}\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})", re.I)
# (a PDF's line may hold the rule drawn above the place and date: "_____ Lâm Đồng, ngày …")
PLACE_DATE = re.compile(
    rf"(?:^|\t| {{2,}}|[_=–-]{{3,}})\s*(?P<place>(?:TP\.\s*|Tp\.\s*)?{CAP_WORD}(?:[ -]{CAP_WORD}){{0,4}})\s*,\s*(?=ngày)"
    # old texts lower-case the rest of a name on a line of its own: "Hà nội, ngày 18 tháng 1 năm 2001"
    rf"|^[ \t]*(?P<lowered>{CAP_WORD}(?: [{LOWER}]+){{1,2}})\s*,\s*(?=ngày)",
    re.M,
)


# "Số: /TTr-SNV Lâm Đồng, ngày …": a PDF line that keeps one space between number and place.
_NUMBER_PLACE_DATE = re.compile(
    rf"\bSố\s*:?[^\n]{{0,40}}?[-/] ?[{UPPER}][^\s,]* (?P<place>{CAP_WORD}(?:[ -]{CAP_WORD}){{0,4}})\s*,\s*(?=ngày)"
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
    for pattern in (_DATE_WORDS, _DATE_SLASHES, _DATE_ILLEGIBLE_DAY):
        match = pattern.match(text, pos)
        if match and (value := iso_date(match)):
            return value, match.start(), match.end()
    return None


def place_and_date(text: str, front_end: int) -> tuple[Found | None, Found | None]:
    """The "Hải Dương, ngày 10 tháng 4 năm 2019" line: in the front matter if it is there."""
    candidates = list(PLACE_DATE.finditer(text)) + list(_NUMBER_PLACE_DATE.finditer(text, 0, front_end))
    candidates.sort(key=lambda m: m.start() >= front_end)  # front matter first, stable
    for match in candidates:
        date = date_at(text, match.end())
        if date:
            group = "place" if match.group("place") else "lowered"
            place = Found(match.group(group), match.start(group), match.end(group))
            return place, Found(*date)
    return None, None
