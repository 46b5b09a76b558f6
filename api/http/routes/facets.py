"""GET /api/facets: documents per unit, type, year and level, over the archive or a filtered part."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.http import problems
from api.http.auth import read_access
from api.http.dependencies import FilterQuery, Reader
from api.http.schemas import FacetsResponse
from api.search.facets import FACETS
from api.search.filters import allowed_documents
from indexer.store.reader import IndexReader

router = APIRouter(prefix="/api", tags=["documents"], dependencies=[Depends(read_access)])


def facets_of(reader: IndexReader, doc_ids: list[int] | None, limit: int = 50) -> dict[str, list[dict]]:
    counts = reader.value_counts(FACETS, doc_ids, limit)
    return {name: [{"value": value, "count": count} for value, count in values] for name, values in counts.items()}


@router.get("/facets", response_model=FacetsResponse, responses=problems.responses(401, 422, 503))
def facets(reader: Reader, filters: FilterQuery) -> dict:
    doc_ids = allowed_documents(reader, filters)
    documents = reader.counts()["documents"] if doc_ids is None else len(doc_ids)
    return {"documents": documents, "facets": facets_of(reader, doc_ids)}
