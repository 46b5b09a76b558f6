"""Documents a report cites: "62-KL/TW", "62 KL-TW", "Kết luận số 62" (when the text has that code)."""

from __future__ import annotations

import re

from indexer.extraction.document_kinds import CITED_KINDS, KIND_OF_ABBREVIATION
from indexer.extraction.metadata.dates import date_at
from indexer.extraction.metadata.patterns import CODE_SEGMENT, UPPER
from indexer.extraction.model import Found, Reference

_CODE = re.compile(
    rf"(?<![\w/.,-])(?P<num>\d{{1,5}})(?:\s?/\s?(?P<year>\d{{4}}))? ?[-/] ?(?P<first>{CODE_SEGMENT})(?P<rest>(?:[-/] ?{CODE_SEGMENT})*)"
    # the drafting division in brackets is part of the number: "83/TTr-CAT(PA05)", "511/TTr-CAT (PC04)"
    r"(?P<division> ?\([A-ZĐ]{1,5}\d{1,3}\))?"
)
_SHORT_CODE = re.compile(rf"(?<![\w/.,-])(?P<num>\d{{1,5}}) (?P<abbr>[{UPPER}]{{2,4}})-(?P<issuer>[{UPPER}]{{2,6}})\b")
_KIND_WORD = re.compile(r"(?<!\w)(?P<kind>" + "|".join(CITED_KINDS) + r")(?!\w)(?! sư)", re.I)
_KIND_NUMBER = re.compile(
    r"(?<!\w)(?P<kind>" + "|".join(CITED_KINDS) + r")\s+(?:số\s+)?(?P<num>\d{1,5})(?![\w/.,-])", re.I
)
_KIND_WINDOW = 80
_KIND_MAX_WORDS = 8
_DATE_AFTER = re.compile(r"\s*,?\s*(?:ban hành\s+)?(?=ngày)", re.I)


def _normalise_code(raw: str) -> str:
    return re.sub(r"\s+", "", raw)


def _kind_for(text: str, start: int, first_segment: str) -> str | None:
    if first_segment in KIND_OF_ABBREVIATION:
        return KIND_OF_ABBREVIATION[first_segment]
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


def references(text: str, own_number: Found | None) -> list[Reference]:
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
    # one per code: its first dated mention, where the date it gives is written ("V/v triển khai Hướng
    # dẫn số 46/HD-BCA-C04 …" in the subject line, then "… Hướng dẫn số 46/HD-BCA-C04 ngày 05/12/2025 …"),
    # else its first mention; in the order of first mentions
    first: dict[str, int] = {}
    unique: dict[str, Reference] = {}
    for reference in found:
        first.setdefault(reference.code, reference.start)
        if reference.code not in unique or (reference.date and not unique[reference.code].date):
            unique[reference.code] = reference
    return sorted(unique.values(), key=lambda r: first[r.code])


def _short_references(text: str, codes: set[str]) -> list[Reference]:
    """"62 KL-TW" and "Kết luận số 62" stand for 62-KL/TW when the text has that code."""
    by_number_and_kind: dict[tuple[str, str], str] = {}
    for code in codes:
        match = re.match(r"(\d+)-([^/-]+)/", code)
        if match and match.group(2) in KIND_OF_ABBREVIATION:
            by_number_and_kind.setdefault((match.group(1), KIND_OF_ABBREVIATION[match.group(2)]), code)
    out: list[Reference] = []
    for match in _SHORT_CODE.finditer(text):
        code = f"{match.group('num')}-{match.group('abbr')}/{match.group('issuer')}"
        if code in codes:
            out.append(Reference(code, KIND_OF_ABBREVIATION.get(match.group("abbr")),
                                 _date_after(text, match.end()), match.start(), match.end()))
    for match in _KIND_NUMBER.finditer(text):
        kind = match.group("kind").lower()
        code = by_number_and_kind.get((match.group("num"), kind))
        if code:
            out.append(Reference(code, kind, _date_after(text, match.end()), match.start(), match.end()))
    return out
