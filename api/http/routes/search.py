"""GET /api/search: ranked chunks with snippets and facets, as `tracuu search --json` prints them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from api.http import problems
from api.http.auth import read_access
from api.http.dependencies import FilterQuery, Paths, Reader, ServerConfig
from api.http.problems import Problem
from api.http.schemas import SearchResponse
from api.search import SearchRequest, Searcher

router = APIRouter(prefix="/api", tags=["search"], dependencies=[Depends(read_access)])


def check_limit(name: str, value: int, limit: int) -> None:
    if value > limit:
        raise Problem(422, "over-limit", f"{name} is {value:,}; this server allows at most {limit:,}")


@router.get("/search", response_model=SearchResponse, responses=problems.responses(401, 422, 503))
def search(
    reader: Reader,
    settings: ServerConfig,
    filters: FilterQuery,
    paths: Paths,
    q: Annotated[str, Query(min_length=1, description="the query; accents and abbreviations optional (limit 500 characters)")],
    mode: Annotated[Literal["hybrid", "bm25", "dense"], Query(description="hybrid (kết hợp), bm25 (từ khóa), dense (ngữ nghĩa)")] = "hybrid",
    k: Annotated[int, Query(ge=1, description="results per page (limit 100)")] = 10,
    offset: Annotated[int, Query(ge=0, description="results skipped (paging; limit 1,000)")] = 0,
    collapse: Annotated[bool, Query(description="one result per document, its other hits dropped")] = False,
    group: Annotated[bool, Query(description="a document's further hits folded under its best one (more_in_document); "
                                             "false: each hit its own result")] = True,
    versions: Annotated[bool, Query(description="hits in other versions of a document (drafts, finals, copies) folded "
                                                "under one result (versions, version_count); false: each its own result")] = True,
) -> dict:
    if not q.strip():
        raise Problem(422, "empty-query", "q is empty: type some words to search for")
    check_limit("the query's length", len(q), settings.limits.query_chars)
    check_limit("k", k, settings.limits.k)
    check_limit("offset", offset, settings.limits.offset)
    request = SearchRequest(query=q, mode=mode, k=k, offset=offset, filters=filters, collapse=collapse,
                            group_documents=group, group_versions=versions)
    return paths.search(Searcher(reader).search(request).to_json())
