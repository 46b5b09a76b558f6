"""Typed records that flow through extraction: raw runs → document text → sections → metadata.

Every offset is a character offset into ``ExtractedDocument.text`` (Unicode NFC, the text
shown to users). Pages are 1-based; ``None`` where the format has no pages.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class TextRun:
    """A stretch of text in one font, as the file stored it (possibly legacy-encoded)."""

    text: str
    font: str | None = None


@dataclass
class Block:
    """A paragraph-like unit from the loader: a paragraph, a table row, a header line."""

    runs: list[TextRun]
    page: int | None = None
    kind: str = "paragraph"  # paragraph | heading | table_row | header | footer | cell

    @property
    def raw_text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class RawDocument:
    """What a loader returns: blocks in reading order, before any Vietnamese repair."""

    format: str
    blocks: list[Block]
    page_count: int | None = None
    warnings: list[str] = field(default_factory=list)
    encodings: list[str] = field(default_factory=list)  # byte-level encodings found (text files)


@dataclass
class PageSpan:
    page: int
    start: int
    end: int


@dataclass
class Section:
    """One node of the section tree. ``path`` lists the headings from the root down."""

    heading: str
    level: int
    path: list[str]
    start: int
    end: int
    kind: str = "body"  # front | body | back
    page_start: int | None = None
    page_end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Found:
    """A metadata value with the span of text it was read from."""

    value: Any
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "start": self.start, "end": self.end}


@dataclass
class Reference:
    """A document this one cites, e.g. Kết luận 62-KL/TW ngày 08/12/2009."""

    code: str
    kind: str | None
    date: str | None
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Metadata:
    unit: Found | None = None
    doc_type: Found | None = None
    number: Found | None = None
    place: Found | None = None
    date: Found | None = None
    signer: Found | None = None
    signer_position: Found | None = None
    title: Found | None = None
    level: Found | None = None
    classification: Found | None = None  # mật | tối mật | tuyệt mật | nội bộ
    recipients: list[Found] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    campaigns: list[Found] = field(default_factory=list)
    places: list[Found] = field(default_factory=list)
    issuers: list[Found] = field(default_factory=list)  # a joint document's organs ("TTLT-BTC-BCN-TCHQ"), unit first

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            if isinstance(value, list):
                out[name] = [v.to_json() for v in value]
            else:
                out[name] = value.to_json() if value is not None else None
        return out


@dataclass
class ExtractedDocument:
    path: str
    format: str
    text: str
    pages: list[PageSpan]
    encodings: list[str]
    sections: list[Section]
    metadata: Metadata
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The page holding ``offset``; offsets between two pages' text belong to the earlier."""
        page = None
        for span in self.pages:
            if span.start > offset:
                break
            page = span.page
        return page if page is not None or not self.pages else self.pages[0].page
