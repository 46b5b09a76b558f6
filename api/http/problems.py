"""Errors as problem details (RFC 9457): application/problem+json with type, title, status and
detail, the same shape for our own refusals, validation errors and unknown routes."""

from __future__ import annotations

import logging
import sqlite3
from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.search import FilterError
from indexer.store.check import is_corruption
from indexer.store.layout import DiskFull, IndexDamaged, IndexMismatch, IndexMissing
from indexer.store.opensearch import BackendUnsupported, ClusterUnavailable

logger = logging.getLogger("tracuu.http")
MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:tracuu:problem:"


class ProblemDetail(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    errors: list[dict] | None = None  # validation errors: where and why, one per parameter


class Problem(Exception):
    """A refusal with its HTTP status; ``kind`` names it (the last part of ``type``)."""

    def __init__(self, status: int, kind: str, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.kind, self.detail, self.headers = status, kind, detail, headers


def problem_response(status: int, kind: str, detail: str, headers: dict[str, str] | None = None,
                     errors: list[dict] | None = None) -> JSONResponse:
    body = {"type": TYPE_BASE + kind, "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def responses(*statuses: int) -> dict:
    """OpenAPI `responses=` entries saying these statuses answer with problem JSON."""
    return {status: {"model": ProblemDetail, "content": {MEDIA_TYPE: {}}, "description": HTTPStatus(status).phrase}
            for status in statuses}


def _validation_errors(exc: RequestValidationError) -> list[dict]:
    return [{"where": ".".join(str(part) for part in error.get("loc", ())), "why": error.get("msg", "")}
            for error in exc.errors()]


def without_index_path(message: str, root: Path) -> str:
    """``message`` with the index's location on the server replaced by <index>."""
    for form in sorted({str(root.resolve()), str(root)}, key=len, reverse=True):
        message = message.replace(form, "<index>")
    return message


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_: Request, exc: Problem):
        return problem_response(exc.status, exc.kind, exc.detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError):
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['where']}: {e['why']}" for e in errors)
        return problem_response(422, "invalid-request", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException):
        kind = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        return problem_response(exc.status_code, kind, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(FilterError)
    async def _bad_filter(_: Request, exc: FilterError):
        return problem_response(422, "invalid-filter", str(exc))

    @app.exception_handler(IndexMissing)
    async def _no_index(request: Request, exc: IndexMissing):
        return problem_response(503, "index-missing", without_index_path(str(exc), request.app.state.index.root))

    @app.exception_handler(IndexMismatch)
    async def _index_unusable(request: Request, exc: IndexMismatch):
        return problem_response(503, "index-unusable", without_index_path(str(exc), request.app.state.index.root))

    @app.exception_handler(IndexDamaged)
    async def _index_damaged(request: Request, exc: IndexDamaged):
        return problem_response(503, "index-damaged", without_index_path(str(exc), request.app.state.index.root))

    @app.exception_handler(DiskFull)
    async def _disk_full(request: Request, exc: DiskFull):
        return problem_response(507, "disk-full", without_index_path(str(exc), request.app.state.index.root))

    @app.exception_handler(sqlite3.DatabaseError)
    async def _catalog_error(request: Request, exc: sqlite3.DatabaseError):
        if is_corruption(exc):  # damage in a page the opening checks did not read
            return problem_response(503, "index-damaged", f"the catalog of the index is damaged (SQLite reports: {exc}); "
                                    "`tracuu check` says how to repair it")
        return await _unexpected(request, exc)

    @app.exception_handler(BackendUnsupported)
    async def _not_served(_: Request, exc: BackendUnsupported):
        return problem_response(501, "backend-unsupported", str(exc))

    @app.exception_handler(ClusterUnavailable)
    async def _no_cluster(_: Request, exc: ClusterUnavailable):
        logger.warning("cluster unavailable: %s", exc)
        return problem_response(503, "cluster-unavailable", "the OpenSearch cluster did not answer (no node reachable, "
                                "or shards missing); retry later")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        logger.exception("%s %s failed", request.method, request.url.path)
        return problem_response(500, "internal-error", f"the server failed on this request ({type(exc).__name__}); "
                                "the cause is in the server log")
