"""Reading documents: the list (filters, paging, facets), one document whole, its original file."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Path as PathParam, Query
from fastapi.responses import FileResponse

from api.http import problems
from api.http.auth import read_access
from api.http.dependencies import MAX_ID, FilterQuery, Paths, Reader, ServerConfig
from api.http.problems import Problem
from api.http.routes.facets import facets_of
from api.http.schemas import DocumentDetail, DocumentList
from api.search.filters import allowed_documents

router = APIRouter(prefix="/api", tags=["documents"], dependencies=[Depends(read_access)])
DocId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="the document's id (in every search result)")]

# Served as attachments whatever they are: an uploaded HTML file must never run in the page's origin.
_MEDIA_TYPES = {
    "pdf": "application/pdf", "txt": "text/plain; charset=utf-8", "rtf": "application/rtf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "doc": "application/msword",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xls": "application/vnd.ms-excel",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ppt": "application/vnd.ms-powerpoint",
}


def _summary(row) -> dict:
    return {**dict(row), "paths": json.loads(row["paths"] or "[]")}


@router.get("/documents", response_model=DocumentList, responses=problems.responses(401, 422, 503))
def list_documents(
    reader: Reader,
    settings: ServerConfig,
    filters: FilterQuery,
    paths: Paths,
    offset: Annotated[int, Query(ge=0, le=MAX_ID, description="documents skipped (paging)")] = 0,
    limit: Annotated[int, Query(ge=1, description="documents per page (limit 100)")] = 20,
) -> dict:
    if limit > settings.limits.page_size:
        raise Problem(422, "over-limit", f"limit is {limit}; this server allows at most {settings.limits.page_size}")
    doc_ids = allowed_documents(reader, filters)
    total, rows = reader.list_documents(doc_ids, offset, limit)
    return paths.document_list({"total": total, "offset": offset, "limit": limit, "documents": [_summary(r) for r in rows],
                                "facets": facets_of(reader, doc_ids)})


def _document(reader, doc_id: int):
    record = reader.document(doc_id)
    if record is None:
        raise Problem(404, "document-not-found", f"there is no document {doc_id} in this index")
    return record


@router.get("/documents/{doc_id}", response_model=DocumentDetail, responses=problems.responses(401, 404, 422, 503))
def get_document(reader: Reader, paths: Paths, doc_id: DocId) -> dict:
    record = _document(reader, doc_id)
    return paths.document({**asdict(record), "paths": [f.path for f in record.files]})


@router.get("/documents/{doc_id}/file", response_class=FileResponse,
            responses={200: {"content": {media: {} for media in [*dict.fromkeys(_MEDIA_TYPES.values()), "application/octet-stream"]},
                             "description": "the original file, as an attachment"},
                       **problems.responses(401, 404, 422, 503)})
def get_document_file(reader: Reader, doc_id: DocId) -> FileResponse:
    record = _document(reader, doc_id)
    for file in record.files:
        if Path(file.path).is_file():
            return FileResponse(file.path, filename=download_name(file.name, record.format),
                                media_type=_MEDIA_TYPES.get(record.format, "application/octet-stream"),
                                content_disposition_type="attachment")
    raise Problem(404, "file-missing", f"document {doc_id} is indexed but its file is no longer on the server")


def download_name(name: str, kind: str) -> str:
    """A name safe in a Content-Disposition header: no quotes, separators or control characters;
    Starlette adds the RFC 5987 UTF-8 form for Vietnamese letters."""
    cleaned = "".join(ch for ch in name if ch.isprintable() and ch not in '"\\/;:*?<>|').strip() or f"document.{kind}"
    return cleaned[:150]
