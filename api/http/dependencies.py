"""What routes take as parameters: the settings, the served index, a reader view per request,
the metadata filters shared by search, document listing and facets, and what the request may
see of the server's paths.

Numbers that reach SQLite are bounded here (ids and offsets fit its 64-bit INTEGER), so a
hostile value is a 422 naming the parameter, never an overflow deep in the store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import Field

from api.http.auth import ReadAccess, is_admin
from api.http.public_paths import PathView
from api.http.served_index import ServedIndex
from api.http.settings import ServerSettings
from api.http.upload_guard import key_in
from api.search import FilterError, Filters
from api.search.filters import date_bound
from indexer.store.reader import IndexReader

MAX_ID = 2**63 - 1  # SQLite's largest INTEGER: no id or offset can be larger
# Shown in the schema (empty: no bound); the dates are checked by date_bound, whose messages say what is wrong.
DATE_PATTERN = r"^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$"
DocIdItem = Annotated[int, Field(ge=1, le=MAX_ID)]


def _settings(request: Request) -> ServerSettings:
    return request.app.state.settings


def _index(request: Request) -> ServedIndex:
    return request.app.state.index


def _reader_view(index: Annotated[ServedIndex, Depends(_index)], access: ReadAccess) -> Iterator[IndexReader]:
    """A view of the current reader that sees only what the caller may read."""
    view = index.reader().view(access.scope)
    try:
        yield view
    finally:
        view.close()


def _path_view(request: Request) -> PathView:
    """Absolute server paths for a request with the write key (those who run the server fix files
    where they lie); file names only for everyone else."""
    settings: ServerSettings = request.app.state.settings
    given = key_in(request.headers)
    full = is_admin(settings, given)
    return PathView(full=full)


def _filters(
    paths: Annotated[PathView, Depends(_path_view)],
    unit: Annotated[str | None, Query(max_length=200, description="issuing unit contains these words (accents optional)")] = None,
    doc_type: Annotated[str | None, Query(max_length=100, description="document type, e.g. 'báo cáo'")] = None,
    level: Annotated[str | None, Query(max_length=50, description="administrative level: tỉnh, huyện, xã, phường …")] = None,
    place: Annotated[str | None, Query(max_length=200, description="place contains these words")] = None,
    date_from: Annotated[str | None, Query(alias="from", json_schema_extra={"pattern": DATE_PATTERN},
                                           description="issued on or after (yyyy[-mm[-dd]])")] = None,
    date_to: Annotated[str | None, Query(alias="to", json_schema_extra={"pattern": DATE_PATTERN},
                                         description="issued on or before (yyyy[-mm[-dd]])")] = None,
    path: Annotated[str | None, Query(max_length=300, description="a file path contains this text "
                                                                  "(without the write key: the file's name)")] = None,
    doc: Annotated[list[DocIdItem], Query(max_length=100, description="only these document ids (repeatable)")] = [],
) -> Filters:
    errors = []
    for name, value, upper in (("from", date_from, False), ("to", date_to, True)):
        try:
            if value:  # empty: no bound
                date_bound(value, upper)
        except FilterError as exc:
            errors.append({"loc": ("query", name), "msg": str(exc), "type": "value_error", "input": value})
    if errors:
        raise RequestValidationError(errors)
    return Filters(unit=unit, doc_type=doc_type, level=level, place=place, date_from=date_from, date_to=date_to,
                   path=path, doc_ids=doc, path_in_names_only=not paths.full)


ServerConfig = Annotated[ServerSettings, Depends(_settings)]
Index = Annotated[ServedIndex, Depends(_index)]
Reader = Annotated[IndexReader, Depends(_reader_view)]
FilterQuery = Annotated[Filters, Depends(_filters)]
Paths = Annotated[PathView, Depends(_path_view)]
