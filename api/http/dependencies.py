"""What routes take as parameters: the settings, the served index, a reader view per request,
and the metadata filters shared by search, document listing and facets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request

from api.http.served_index import ServedIndex
from api.http.settings import ServerSettings
from api.search import Filters
from indexer.store.reader import IndexReader

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _settings(request: Request) -> ServerSettings:
    return request.app.state.settings


def _index(request: Request) -> ServedIndex:
    return request.app.state.index


def _reader_view(index: Annotated[ServedIndex, Depends(_index)]) -> Iterator[IndexReader]:
    view = index.reader().view()
    try:
        yield view
    finally:
        view.close()


def _filters(
    unit: Annotated[str | None, Query(max_length=200, description="issuing unit contains these words (accents optional)")] = None,
    doc_type: Annotated[str | None, Query(max_length=100, description="document type, e.g. 'báo cáo'")] = None,
    level: Annotated[str | None, Query(max_length=50, description="administrative level: tỉnh, huyện, xã, phường …")] = None,
    place: Annotated[str | None, Query(max_length=200, description="place contains these words")] = None,
    date_from: Annotated[str | None, Query(alias="from", pattern=DATE_PATTERN, description="issued on or after (yyyy[-mm[-dd]])")] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DATE_PATTERN, description="issued on or before (yyyy[-mm[-dd]])")] = None,
    path: Annotated[str | None, Query(max_length=300, description="a file path contains this text")] = None,
    doc: Annotated[list[int], Query(max_length=100, description="only these document ids (repeatable)")] = [],
) -> Filters:
    return Filters(unit=unit, doc_type=doc_type, level=level, place=place, date_from=date_from, date_to=date_to,
                   path=path, doc_ids=doc)


ServerConfig = Annotated[ServerSettings, Depends(_settings)]
Index = Annotated[ServedIndex, Depends(_index)]
Reader = Annotated[IndexReader, Depends(_reader_view)]
FilterQuery = Annotated[Filters, Depends(_filters)]
