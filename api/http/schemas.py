"""Request and response bodies of the HTTP API (they make /docs and /openapi.json exact).

Search results are `tracuu search --json`'s, field for field; answers are `tracuu ask --json`'s.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class FacetValue(BaseModel):
    value: str | int
    count: int = Field(description="documents with this value")


Facets = dict[str, list[FacetValue]]


class SearchResult(BaseModel):
    rank: int
    score: float
    doc_id: int
    chunk_id: int
    title: str | None
    unit: str | None
    doc_type: str | None
    number: str | None
    date: str | None
    section_path: list[str]
    page_start: int | None
    page_end: int | None
    char_start: int = Field(description="start of the chunk in the document's text (characters)")
    char_end: int
    path: str | None
    paths: list[str]
    text: str
    snippet: str
    highlights: list[tuple[int, int]] = Field(description="[start, end) of each matched word in `snippet`")
    ranks: dict[str, int | None]
    scores: dict[str, float | None]


class SearchResponse(BaseModel):
    query: str
    mode: str
    took_ms: float
    results: list[SearchResult]
    facets: Facets = Field(description="documents per unit, type, year and level among all the candidates")
    coverage: dict[str, int]
    warnings: list[str]
    offset: int
    has_more: bool = Field(description="a next page exists (ask again with offset + k)")


class DocumentSummary(BaseModel):
    id: int
    title: str | None
    unit: str | None
    doc_type: str | None
    number: str | None
    place: str | None
    date: str | None
    year: int | None
    signer: str | None
    signer_position: str | None
    level: str | None
    format: str
    paths: list[str]


class DocumentList(BaseModel):
    total: int
    offset: int
    limit: int
    documents: list[DocumentSummary]
    facets: Facets


class Section(BaseModel):
    ordinal: int
    heading: str
    level: int
    kind: str
    path: list[str]
    start: int
    end: int
    page_start: int | None
    page_end: int | None


class DocumentFile(BaseModel):
    name: str = Field(description="the uploader's file name, or the file's own name")
    uploaded: bool
    path: str


class DocumentDetail(DocumentSummary):
    encodings: list[str]
    metadata: dict[str, Any] = Field(description="every extracted field with the span it was read from")
    pages: list[list[int]] = Field(description="[page, start, end] character spans")
    warnings: list[str]
    indexed_at: str
    chunks: int
    text: str
    sections: list[Section]
    files: list[DocumentFile]


class FacetsResponse(BaseModel):
    documents: int
    facets: Facets


class UploadResult(BaseModel):
    name: str = Field(description="the file's name as sent (cleaned; never used as a path)")
    status: Literal["added", "duplicate", "failed"]
    doc_id: int | None = None
    format: str | None = Field(None, description="the format read from the content")
    code: str | None = Field(None, description="why it failed: empty, unsupported_type, type_mismatch, too_large, corrupt …")
    message: str | None = None


class UploadResponse(BaseModel):
    results: list[UploadResult]


class DeleteResponse(BaseModel):
    doc_id: int
    deleted: bool


class IndexHealth(BaseModel):
    path: str
    exists: bool
    format_version: int | None = None
    analyzer: str | None = None
    embedder: str | None = None
    created: str | None = None
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    lexical: int = 0


class WriteHealth(BaseModel):
    enabled: bool = Field(description="an API key is configured")
    key_required_for_reads: bool
    writing: bool = Field(description="a write or its embedding is running now")
    writes_done: int


class Health(BaseModel):
    status: Literal["ok", "no-index"]
    versions: dict[str, str]
    index: IndexHealth
    writes: WriteHealth


# Answers: the shapes of `tracuu ask --json` and the precedent finder, field for field (tests/api/http/test_schemas.py).
# Extra fields pass through, so a field added to the dataclasses reaches clients before it is declared here.
class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class AskBody(BaseModel):
    question: str = Field(min_length=1, description="the question, in Vietnamese")
    type: str | None = Field(None, description="force the question type instead of recognising it")


class Evidence(_Open):
    text: str
    chunk_id: int | None
    section_path: list[str]
    page_start: int | None
    page_end: int | None
    char_start: int = Field(description="start of the cited span in the document's text (characters)")
    char_end: int
    figures: list[dict[str, Any]] = Field(description="figures stated in the span, normalised")
    match: str = Field(description="how the subject was found: phrase | words | semantic | heading | label")
    citation: int = Field(description="its number in `citations` (1-based)")


class AnswerDocument(_Open):
    doc_id: int
    title: str | None
    date: str | None
    doc_type: str | None
    number: str | None
    path: str | None
    evidence: list[Evidence]
    score: float
    versions: list[dict[str, Any]] = Field(description="other documents of the unit with the same evidence: drafts, copies")


class AnswerUnit(_Open):
    unit: str
    documents: list[AnswerDocument]


class Citation(_Open):
    n: int
    doc_id: int
    title: str | None
    unit: str
    section_path: list[str]
    page_start: int | None
    char_start: int
    char_end: int
    chunk_id: int | None
    path: str | None


class AskResponse(_Open):
    question: str
    type: str
    answer: str
    units: list[AnswerUnit]
    citations: list[Citation]
    not_found: bool
    name: str | None = Field(description="the named campaign or thing the question is about")
    figure: dict[str, Any] | None = Field(description='for "figure" questions: the figure that answers it')
    closest: list[dict[str, Any]] = Field(description="nearest search results when nothing was found")
    warnings: list[str]
    generated: dict[str, Any] | None = Field(description="the optional model-written answer")
    took_ms: float


class PrecedentsBody(BaseModel):
    text: str | None = Field(None, description="a draft paragraph or a section heading")
    doc_id: int | None = Field(None, description="or an existing document …")
    section_path: list[str] | None = Field(None, description="… and one of its sections")
    k: int = Field(10, ge=1, le=100)


class PrecedentSection(_Open):
    doc_id: int
    title: str | None
    date: str | None
    unit: str
    section_path: list[str]
    text: str
    score: float
    char_start: int
    char_end: int
    page_start: int | None
    chunk_id: int


class PrecedentUnit(_Open):
    unit: str
    sections: list[PrecedentSection]


class PrecedentsResponse(_Open):
    query: str
    source: dict[str, Any] | None = Field(description="the document section the precedents were asked for, if any")
    units: list[PrecedentUnit]
    took_ms: float
    warnings: list[str]
