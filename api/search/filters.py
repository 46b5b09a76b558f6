"""Filters resolved to the set of documents they allow, which both retrievers then search in.

Unit and place match accent- and case-insensitively on all their words ("mttq hai duong"
matches "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"); document type and level match whole
values; dates are ISO (yyyy, yyyy-mm or yyyy-mm-dd; a partial bound covers its whole period).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.analysis import analyze
from indexer.extraction.vietnamese.normalize import fold_accents
from indexer.store.reader import DocumentConditions, IndexReader

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


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

    def active(self) -> bool:
        return any([self.unit, self.doc_type, self.level, self.place, self.date_from, self.date_to, self.doc_ids, self.path])


def _words(text: str) -> list[str]:
    return [fold_accents(w) for w in analyze(text).unigrams]


def date_bound(value: str, upper: bool) -> str:
    match = _DATE.match(value.strip())
    if not match:
        raise FilterError(f"date {value!r} is not yyyy, yyyy-mm or yyyy-mm-dd")
    year, month, day = match.groups()
    if upper:
        return f"{year}-{month or '12'}-{day or '31'}"
    return f"{year}-{month or '01'}-{day or '01'}"


def _fold(value: str | None) -> str | None:
    return " ".join(_words(value)) if value else None


def allowed_documents(reader: IndexReader, filters: Filters) -> list[int] | None:
    """Document ids passing the filters; None when no filter is set."""
    if not filters.active():
        return None
    return reader.documents_where(DocumentConditions(
        words_in={column: _words(wanted) for column, wanted in (("unit", filters.unit), ("place", filters.place)) if wanted},
        equal={column: " ".join(_words(wanted)) for column, wanted in (("doc_type", filters.doc_type), ("level", filters.level))
               if wanted},
        date_from=date_bound(filters.date_from, upper=False) if filters.date_from else None,
        date_to=date_bound(filters.date_to, upper=True) if filters.date_to else None,
        doc_ids=list(filters.doc_ids), path_contains=filters.path), fold=_fold)
