"""A period named in a Vietnamese question, as inclusive ISO dates: "năm 2025", "tháng 10/2025",
"tháng 10 năm 2025", "quý IV/2025", "6 tháng đầu năm 2025", "từ tháng 9 đến tháng 11 năm 2025",
"từ ngày 01/7/2025 đến ngày 15/8/2025", "từ năm 2012 đến năm 2019"."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from api.answers.passages import folded


@dataclass(frozen=True)
class Period:
    start: str  # ISO yyyy-mm-dd, inclusive
    end: str
    text: str   # as the question wrote it


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month_span(year: int, first: int, last: int) -> tuple[str, str]:
    return _iso(year, first, 1), _iso(year, last, _last_day(year, last))


# A part of a year as reports and questions write it (folded text): "quy i nam 2026", "quy 2/2025",
# "6 thang dau nam 2025", "9 thang nam 2024"; groups: (quarter, year) and (months, dau|cuoi, year).
# figures_across reads table periods with them, questions.py a question naming two periods.
QUARTER_WRITTEN = r"\bquy\s+(iv|i{1,3}|[1-4])\s*(?:/|-|nam)?\s*((?:19|20)\d{2})\b"
# (other counts of months only with "đầu"/"cuối": "2 tháng đầu năm 2007", "hai tháng đầu năm 2007")
MONTHS_WRITTEN = (r"\b(?:(6|sau|9|chin) thang (dau|cuoi)?|(1[01]|[1-8]|hai|ba|bon|bay|tam|muoi|muoi mot) thang (dau|cuoi))"
                  r"\s*nam\s+((?:19|20)\d{2})\b")
MONTH_COUNTS = {"sau": "6", "chin": "9", "hai": "2", "ba": "3", "bon": "4", "bay": "7", "tam": "8", "muoi": "10",
                "muoi mot": "11"}
# "các năm 1992, 1995 và 1997", "năm 1978 và 1995": years listed, compared one by one; group: the list.
YEARS_LISTED = r"\bnam ((?:19|20)\d{2}(?:\s*,\s*(?:19|20)\d{2})*\s*(?:,|va)\s*(?:19|20)\d{2})\b"

_QUARTERS = {"i": 1, "1": 1, "ii": 2, "2": 2, "iii": 3, "3": 3, "iv": 4, "4": 4}
_DAY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)"
_PATTERNS = [
    ("days", re.compile(rf"\btu (?:ngay )?{_DAY} (?:den|toi) (?:ngay )?{_DAY}")),
    ("month_range", re.compile(r"\btu thang (\d{1,2})(?:\s*[/]\s*((?:19|20)\d\d)| nam ((?:19|20)\d\d))? (?:den|toi) thang (\d{1,2})"
                               r"\s*(?:[/]\s*|nam )((?:19|20)\d\d)")),
    ("year_range", re.compile(r"\b(?:tu |giai doan |trong giai doan )(?:nam )?((?:19|20)\d\d)\s*(?:-|–|den|toi)\s*(?:nam )?((?:19|20)\d\d)")),
    ("half", re.compile(r"\b6 thang (dau|cuoi) nam ((?:19|20)\d\d)")),
    ("quarter", re.compile(r"\bquy (iv|iii|ii|i|[1-4])\s*(?:[/]\s*|nam )((?:19|20)\d\d)")),
    ("month", re.compile(r"\bthang (\d{1,2})\s*(?:[/]\s*|nam )((?:19|20)\d\d)")),
    ("year", re.compile(r"\bnam ((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\b")),
]


def find_period(text: str) -> Period | None:
    """The first (most specific) period the text names, or None."""
    key = folded(text)
    for kind, pattern in _PATTERNS:
        m = pattern.search(key)
        if not m:
            continue
        g = m.groups()
        if kind == "days":
            start = _iso(int(g[2]), int(g[1]), int(g[0]))
            end = _iso(int(g[5]), int(g[4]), int(g[3]))
        elif kind == "month_range":
            end_year = int(g[4])
            start_year = int(g[1] or g[2] or end_year)
            start, end = _iso(start_year, int(g[0]), 1), _iso(end_year, int(g[3]), _last_day(end_year, int(g[3])))
        elif kind == "year_range":
            start, end = _iso(int(g[0]), 1, 1), _iso(int(g[1]), 12, 31)
        elif kind == "half":
            start, end = _month_span(int(g[1]), 1, 6) if g[0] == "dau" else _month_span(int(g[1]), 7, 12)
        elif kind == "quarter":
            q = _QUARTERS[g[0]]
            start, end = _month_span(int(g[1]), 3 * q - 2, 3 * q)
        elif kind == "month":
            if not 1 <= int(g[0]) <= 12:
                continue
            start, end = _month_span(int(g[1]), int(g[0]), int(g[0]))
        else:
            year = int(g[0] or g[1])
            start, end = _iso(year, 1, 1), _iso(year, 12, 31)
        if start > end:
            continue
        return Period(start, end, text[m.start():m.end()] if len(text) == len(key) else m.group(0))
    return None


# "tháng 8, tháng 9 và tháng 11/2025", "tháng 8/2025, tháng 9/2025 và tháng 11/2025", "tháng 8, 9 và 11 năm 2025" (folded)
_MONTH = r"(?:thang\s+)?\d{1,2}(?:\s*(?:/|nam)\s*(?:19|20)\d{2})?"
MONTH_LIST = re.compile(rf"\bthang\s+\d{{1,2}}(?:\s*(?:/|nam)\s*(?:19|20)\d{{2}})?(?:\s*(?:,|va)\s*{_MONTH})+"
                         rf"(?:\s*(?:/|nam)\s*(?:19|20)\d{{2}})?")
_ONE_MONTH = re.compile(r"(\d{1,2})(?:\s*(?:/|nam)\s*((?:19|20)\d{2}))?")


# "tính đến 15/9/2025, 15/10/2025 và 15/11/2025": the days a series of monthly reports states its
# figures to, one a month (folded; group: the first day)
_DAY = r"\d{1,2}/\d{1,2}/(?:19|20)\d{2}"
DAY_LIST = re.compile(rf"\b(?:tinh den|den)\s+(?:het\s+)?(?:ngay\s+)?({_DAY})(?:\s*(?:,|va)\s*(?:ngay\s+)?{_DAY})+")


def listed_days(text: str) -> dict[tuple[int, int], str]:
    """(year, month) → the day listed in it ("15/9/2025"), for a question listing the days a series
    of monthly reports states its figures to; {} unless two or more months are listed."""
    found = DAY_LIST.search(folded(text))
    if not found:
        return {}
    days = {}
    for day in re.findall(_DAY, found.group(0)):
        _d, month, year = (int(part) for part in day.split("/"))
        if 1 <= month <= 12:
            days.setdefault((year, month), day)
    return days if len(days) >= 2 else {}


def listed_months(text: str) -> tuple[tuple[int, int], ...]:
    """(year, month) of each month a question lists, a year written once at the end counting
    for all ("tháng 8, tháng 9 và tháng 11/2025"), or of each day it lists a series' figures to
    ("tính đến 15/9/2025, 15/10/2025 và 15/11/2025"); () unless two or more are listed."""
    found = MONTH_LIST.search(folded(text))
    if not found:
        return tuple(listed_days(text))
    written = [(int(m.group(1)), int(m.group(2)) if m.group(2) else None) for m in _ONE_MONTH.finditer(found.group(0))]
    years = [year for _, year in written if year]
    # "tháng 9/2025, 15 xã …": a bare number is a month only in a list its year ends
    bare = len(re.findall(r"\bthang\b", found.group(0))) < len(written)
    if not years or (bare and not written[-1][1]):
        return ()
    months, year = [], years[-1]
    for month, own_year in reversed(written):  # a year counts for the months written before it
        year = own_year or year
        if 1 <= month <= 12:
            months.append((year, month))
    listed = tuple(dict.fromkeys(reversed(months)))
    return listed if len(listed) >= 2 else ()
