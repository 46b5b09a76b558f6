"""What `tracuu ask` returns: units → documents → evidence, every statement cited.

The JSON shape is the contract of the answers issue (scripts depend on it):
{"question", "type", "answer", "units": [{"unit", "documents": [{"doc_id", "title", "date",
"evidence": [{"text", "chunk_id", "section_path", "page_start", "char_start", "char_end",
"figures"}]}]}], "citations", "not_found"} — plus a few extra keys.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from api.answers.figure_table import FiguresTable

UNKNOWN_UNIT = "(không rõ đơn vị ban hành)"


@dataclass
class Evidence:
    text: str
    chunk_id: int | None
    section_path: list[str]
    page_start: int | None
    page_end: int | None
    char_start: int      # in the document's text
    char_end: int
    figures: list[dict]
    match: str           # phrase | words | heading | label
    citation: int = 0    # its number in ``citations`` (1-based)


@dataclass
class DocumentAnswer:
    doc_id: int
    title: str | None
    date: str | None
    doc_type: str | None
    number: str | None
    path: str | None
    name: str | None  # what to call its file: the uploader's name for an upload, else the file's own name
    evidence: list[Evidence]
    score: float = 0.0
    # other documents of the same unit whose evidence is the same text: drafts, copies, resubmissions
    versions: list[dict] = field(default_factory=list)


@dataclass
class UnitAnswer:
    unit: str
    documents: list[DocumentAnswer]


@dataclass
class Citation:
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
    name: str | None  # what to call the document's file (see DocumentAnswer.name)


@dataclass
class AskResponse:
    question: str
    type: str
    answer: str
    units: list[UnitAnswer]
    citations: list[Citation]
    not_found: bool
    name: str | None = None                 # the named campaign/thing the question is about
    figure: dict | None = None              # for "figure" questions: the figure that answers it
    table: FiguresTable | None = None       # for "figures_across" questions: unit × period × figure, each cited
    document: dict | None = None            # for "documents" questions: the field asked, its value, the document
    actor: dict | None = None               # for "actors" questions: who did it, as the evidence names them
    closest: list[dict] = field(default_factory=list)  # nearest search results when not found
    warnings: list[str] = field(default_factory=list)
    generated: dict | None = None           # the optional model-written answer
    took_ms: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)


def number_citations(units: list[UnitAnswer]) -> list[Citation]:
    """Give every evidence item its citation number, in reading order."""
    citations: list[Citation] = []
    for unit in units:
        for document in unit.documents:
            for item in document.evidence:
                item.citation = len(citations) + 1
                citations.append(Citation(item.citation, document.doc_id, document.title, unit.unit, item.section_path,
                                          item.page_start, item.char_start, item.char_end, item.chunk_id, document.path,
                                          document.name))
    return citations
