"""Request and response bodies of the HTTP API (they make /docs and /openapi.json exact).

Responses that the search, reader and answer code build as dataclasses are derived from those
dataclasses field for field (``model_of``), so the schema cannot drift from what is sent; this
module adds only descriptions and the few types the dataclasses leave loose. Request bodies and
the server's own responses (health, uploads) are declared here.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import types
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model

from api.answers import figure_table, precedents, response
from api.answers.questions import QUESTION_TYPES
from api.search import searcher
from indexer.store import reader

_DERIVED: dict[type, type[BaseModel]] = {}


def _translate(annotation):
    """The annotation with every derived dataclass replaced by its model."""
    if annotation in _DERIVED:
        return _DERIVED[annotation]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if not args:
        return annotation
    translated = tuple(_translate(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        return functools.reduce(operator.or_, translated)
    return origin[translated if len(translated) > 1 else translated[0]]


def model_of(source: type, name: str, descriptions: dict[str, str] | None = None, exclude: tuple[str, ...] = (),
             retype: dict[str, Any] | None = None, base: type[BaseModel] = BaseModel, **more: Any) -> type[BaseModel]:
    """A response model with the fields of the dataclass ``source`` (all required: the JSON is
    ``asdict`` of it), typed as it types them unless ``retype`` says finer; ``more`` adds fields."""
    hints = typing.get_type_hints(source)
    descriptions, retype = descriptions or {}, retype or {}
    fields: dict[str, Any] = {}
    for field in dataclasses.fields(source):
        if field.name in exclude:
            continue
        annotation = retype.get(field.name, _translate(hints[field.name]))
        fields[field.name] = (annotation, Field(description=descriptions.get(field.name)))
    model = create_model(name, __base__=base, __module__=__name__, **fields, **more)
    _DERIVED[source] = model
    return model


class FacetValue(BaseModel):
    value: str | int
    count: int = Field(description="documents with this value")


Facets = dict[str, list[FacetValue]]

class FoldedHit(BaseModel):
    """A hit folded under a result: a further chunk of its document, or one of another version."""
    chunk_id: int
    score: float
    section_path: list[str]
    char_start: int
    char_end: int
    page_start: int | None
    page_end: int | None
    snippet: str = Field(description="empty when the request asked for no snippets")


class VersionOfResult(BaseModel):
    """Another document of the result's version group (a draft, the final, a copy)."""
    doc_id: int
    head: bool = Field(description="the group's head: its newest, then most complete version")
    title: str | None
    unit: str | None
    doc_type: str | None
    number: str | None
    date: str | None
    path: str | None
    name: str | None
    hits: list[FoldedHit] = Field(description="its hits folded under this result, best first (may be none)")


SearchResult = model_of(searcher.SearchResult, "SearchResult", {
    "char_start": "start of the chunk in the document's text (characters)",
    "highlights": "[start, end) of each matched word in `snippet`",
    "version_count": "documents in this result's version group (\"N phiên bản\"); 1 when it has none or versions are not grouped",
    "version_head": "the group's head document id; null when the result has no version group",
    "versions": "the group's other documents, each with its hits folded here",
    "more_in_document": "this document's further hits folded under this one (\"thêm K đoạn trong văn bản này\")",
}, retype={"highlights": list[tuple[int, int]], "versions": list[VersionOfResult], "more_in_document": list[FoldedHit]})
SearchResponse = model_of(searcher.SearchResponse, "SearchResponse", {
    "facets": "documents per unit, type, year and level among all the candidates",
    "has_more": "a next page exists (ask again with offset + k)",
}, retype={"facets": Facets})


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


Section = model_of(reader.SectionRow, "Section", exclude=("doc_id",))
DocumentFile = model_of(reader.DocumentFile, "DocumentFile", {"name": "the uploader's file name, or the file's own name"})
DocumentDetail = model_of(reader.DocumentRecord, "DocumentDetail", {
    "metadata": "every extracted field with the span it was read from",
    "pages": "[page, start, end] character spans",
}, paths=(list[str], Field(description="every path holding the document's content")))


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
    problem: str | None = Field(None, description="status damaged: which part is damaged and how to repair it")
    damaged_part: str | None = Field(None, description="catalog, lexical index, vector index, manifest or checksums")


class WriteHealth(BaseModel):
    enabled: bool = Field(description="an API key is configured")
    key_required_for_reads: bool
    writing: bool = Field(description="a write or its embedding is running now")
    writes_done: int


class ClusterHealth(BaseModel):
    alias: str
    status: str = Field(description="the cluster's: green, yellow, red; unreachable or no-index when it cannot say")
    nodes: int = 0
    data_nodes: int = 0
    node_names: list[str] = []
    expected_nodes: int = Field(0, description="--expect-nodes, or the most nodes seen since the server started")
    missing_nodes: int = 0
    active_shards_percent: float = 0.0
    unassigned_shards: int = 0
    relocating_shards: int = 0
    initializing_shards: int = 0
    problem: str | None = None


class Health(BaseModel):
    status: Literal["ok", "no-index", "damaged", "degraded", "unavailable"] = Field(
        description="degraded / unavailable: an OpenSearch backend missing a node or replicas / answering no reads")
    backend: Literal["embedded", "opensearch"] = "embedded"
    versions: dict[str, str]
    index: IndexHealth
    writes: WriteHealth
    cluster: ClusterHealth | None = None


# Answers: the shapes of `tracuu ask --json` and of the precedent finder.
MAX_ID = 2**63 - 1  # SQLite's largest INTEGER
Heading = Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class AskBody(BaseModel):
    question: str = Field(min_length=1, description="the question, in Vietnamese")
    type: Literal[QUESTION_TYPES] | None = Field(None, description="force the question type instead of recognising it")


Evidence = model_of(response.Evidence, "Evidence", {
    "char_start": "start of the cited span in the document's text (characters)",
    "figures": "figures stated in the span, normalised",
    "match": "how the subject was found: phrase | words | heading | label",
    "citation": "its number in `citations` (1-based)",
})
AnswerDocument = model_of(response.DocumentAnswer, "AnswerDocument", {
    "versions": "other documents of the unit whose evidence is the same text: drafts, copies, resubmissions",
})
AnswerUnit = model_of(response.UnitAnswer, "AnswerUnit")
Citation = model_of(response.Citation, "Citation")
FigureRow = model_of(figure_table.FigureRow, "FigureRow", {
    "period": "the period the figure covers: '2025', '2012–2019', or 'không rõ'",
    "period_source": "text: stated near the figure | document: the document's own year | none",
    "figure": "the figure as written",
    "measure": "đồng, %, or the counted noun (hộ, người, suất quà …)",
    "value": "normalised: an amount in đồng, a count, or a percentage",
    "display": "the normalised value in Vietnamese notation",
    "char_start": "start of the sentence the figure was read from, in the document's text",
    "figure_start": "start of the figure itself, in the document's text",
    "citation": "its number in `citations` (1-based)",
})
FigureTotal = model_of(figure_table.FigureTotal, "FigureTotal", {
    "scope": "'all', or the unit whose rows it adds",
    "rows": "how many rows it adds (all of one measure)",
})
FiguresTable = model_of(figure_table.FiguresTable, "FiguresTable", {
    "kind": "the kind of figure asked for: money | count | percent, or null for any",
    "note": "totals add only cells of the same measure",
})
AskResponse = model_of(response.AskResponse, "AskResponse", {
    "name": "the named campaign or thing the question is about",
    "figure": 'for "figure" questions: the figure that answers it',
    "table": 'for "figures_across" questions: unit × period × figure, every cell cited',
    "document": 'for "documents" questions: the field asked (signer | date | held | number | cites | issued), its value and '
                'the document it was read from',
    "actor": 'for "actors" questions: the action, who did it as the evidence names them (null: not named)',
    "closest": "nearest search results when nothing was found",
    "generated": "the optional model-written answer",
})


class PrecedentsBody(BaseModel):
    # what the route requires beside the types: a text (not blank), or a document and its section
    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["text"], "properties": {"text": {"type": "string"}, "doc_id": {"type": "null"}}},
        {"required": ["doc_id", "section_path"], "properties": {"doc_id": {"type": "integer"},
                                                                "section_path": {"type": "array"}}},
    ]})

    text: str | None = Field(None, description="a draft paragraph or a section heading")
    doc_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = Field(None, description="or an existing document …")
    section_path: list[Heading] | None = Field(None, min_length=1, max_length=20,
                                               description="… and one of its sections (its heading, or the headings above it too)")
    k: int = Field(10, ge=1, le=100)


PrecedentSection = model_of(precedents.PrecedentSection, "PrecedentSection")
PrecedentUnit = model_of(precedents.PrecedentUnit, "PrecedentUnit")
PrecedentsResponse = model_of(precedents.PrecedentResponse, "PrecedentsResponse", {
    "source": "the document section the precedents were asked for, if any",
})
