"""Filters resolved to the set of documents they allow, which both retrievers then search in.

Unit and place match accent- and case-insensitively on all their words ("mttq hai duong"
matches "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"); document type and level match whole
values; dates are ISO (yyyy, yyyy-mm or yyyy-mm-dd; a partial bound covers its whole period).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from indexer.analysis import analyze
from indexer.store.catalog import placeholders
from indexer.extraction.vietnamese.normalize import fold_accents

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


def _contains_words(column: str, wanted: str) -> tuple[str, list[str]]:
    """SQL over a folded column: every word present as a whole word."""
    conditions, params = [], []
    for word in _words(wanted):
        conditions.append(f"(' ' || fold({column}) || ' ') LIKE ?")
        params.append(f"% {word} %")
    return " AND ".join(conditions) or "1", params


def _fold_sql(value: str | None) -> str | None:
    return " ".join(_words(value)) if value else None


def allowed_documents(catalog: sqlite3.Connection, filters: Filters) -> list[int] | None:
    """Document ids passing the filters; None when no filter is set."""
    if not filters.active():
        return None
    catalog.create_function("fold", 1, _fold_sql, deterministic=True)
    where, params = [], []
    for column, wanted in (("unit", filters.unit), ("place", filters.place)):
        if wanted:
            condition, values = _contains_words(column, wanted)
            where.append(condition)
            params += values
    for column, wanted in (("doc_type", filters.doc_type), ("level", filters.level)):
        if wanted:
            where.append(f"fold({column}) = ?")
            params.append(" ".join(_words(wanted)))
    if filters.date_from:
        where.append("date >= ?")
        params.append(date_bound(filters.date_from, upper=False))
    if filters.date_to:
        where.append("date <= ?")
        params.append(date_bound(filters.date_to, upper=True))
    if filters.doc_ids:
        where.append(f"id IN ({placeholders(filters.doc_ids)})")
        params += list(filters.doc_ids)
    if filters.path:
        where.append("id IN (SELECT doc_id FROM paths WHERE path LIKE ? ESCAPE '\\')")
        escaped = filters.path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    sql = "SELECT id FROM documents WHERE " + " AND ".join(where)
    return [row[0] for row in catalog.execute(sql, params)]
