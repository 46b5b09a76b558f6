"""Retrieval over an index: query planning, BM25 and dense retrieval, fusion, results."""

from api.search.filters import FilterError, Filters
from api.search.searcher import SearchRequest, SearchResponse, Searcher

__all__ = ["FilterError", "Filters", "SearchRequest", "SearchResponse", "Searcher"]
