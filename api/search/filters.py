"""Filters resolved to the set of documents they allow, which both retrievers then search in.

Unit and place match accent- and case-insensitively on all their words ("mttq hai duong"
matches "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"); document type and level match whole
values; dates are ISO (yyyy, yyyy-mm or yyyy-mm-dd; a partial bound covers its whole period).
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from indexer.analysis import analyze
from indexer.extraction.vietnamese.normalize import fold_accents
from indexer.store.reader import DocumentConditions, IndexReader

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?")  # ASCII digits: \d would take any script's


class FilterError(ValueError):
    pass


@dataclass
class Filters:
    unit: str | None = None
    doc_type: str | None = None
    level: str | None = None
    place: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    doc_ids: list[int] = field(default_factory=list)
    path: str | None = None  # substring of any of the document's paths
    path_in_names_only: bool = False  # `path` matches file names, not the folders above them

    def active(self) -> bool:
        return any([self.unit, self.doc_type, self.level, self.place, self.date_from, self.date_to, self.doc_ids, self.path])


def _words(text: str) -> list[str]:
    return [fold_accents(w) for w in analyze(text).unigrams]


def date_bound(value: str, upper: bool) -> str:
    """The first (or, ``upper``, the last) day a date of yyyy, yyyy-mm or yyyy-mm-dd covers, as
    yyyy-mm-dd; FilterError names the value and what is wrong with it."""
    match = _DATE.fullmatch(value)
    if not match:
        raise FilterError(f"date {value!r} is not yyyy, yyyy-mm or yyyy-mm-dd")
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        raise FilterError(f"date {value!r} has month {month}: months are 01 to 12")
    if day:
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            raise FilterError(f"date {value!r} has day {day}: {year}-{month} has days 01 to {last}")
    if upper:
        month = month or "12"
        return f"{year}-{month}-{day or calendar.monthrange(int(year), int(month))[1]}"
    return f"{year}-{month or '01'}-{day or '01'}"


def _fold(value: str | None) -> str | None:
    return " ".join(_words(value)) if value else None


def allowed_documents(reader: IndexReader, filters: Filters) -> list[int] | None:
    """Document ids passing the filters and the reader's scope; None when neither restricts."""
    if not filters.active():
        return reader.scope_ids()
    ids = reader.documents_where(DocumentConditions(
        words_in={column: _words(wanted) for column, wanted in (("unit", filters.unit), ("place", filters.place)) if wanted},
        equal={column: " ".join(_words(wanted)) for column, wanted in (("doc_type", filters.doc_type), ("level", filters.level))
               if wanted},
        date_from=date_bound(filters.date_from, upper=False) if filters.date_from else None,
        date_to=date_bound(filters.date_to, upper=True) if filters.date_to else None,
        doc_ids=list(filters.doc_ids), path_contains=filters.path), fold=_fold)
    if filters.path and filters.path_in_names_only and ids:
        wanted = filters.path.casefold()
        rows = reader.documents(ids)
        ids = [i for i in ids if any(wanted in PurePath(p).name.casefold() for p in json.loads(rows[i]["paths"] or "[]"))]
    return ids
