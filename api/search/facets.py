"""Facet counts (units, document types, years, administrative levels) over the documents of the result pool.

The pool is every fused candidate before the cut to k, so the counts describe what the
query found, not the whole archive; each document counts once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

FACETS = ("unit", "doc_type", "year", "level")


def facet_counts(documents: Iterable, limit: int = 10) -> dict[str, list[dict]]:
    counters = {name: Counter() for name in FACETS}
    for document in documents:
        for name in FACETS:
            value = document[name]
            if value not in (None, ""):
                counters[name][value] += 1
    return {name: [{"value": v, "count": c} for v, c in counter.most_common(limit)] for name, counter in counters.items()}
