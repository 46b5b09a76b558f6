"""The extraction pipeline: file → raw runs → clean text → section tree → metadata.

    load (loading/) → assemble (decode, repair, clean) → parse_sections → extract_metadata
"""

from __future__ import annotations

from pathlib import Path

from indexer.assemble import assemble
from indexer.errors import ExtractionError
from indexer.loading import MAX_FILE_BYTES, load
from indexer.metadata import extract_metadata
from indexer.model import ExtractedDocument, Section
from indexer.structure import parse_sections

# Formats whose lines are layout lines, not paragraphs: broken sentences must be rejoined.
_LINE_BROKEN_FORMATS = {"pdf", "txt"}


def _attach_pages(sections: list[Section], document: ExtractedDocument) -> None:
    if not document.pages:
        return
    for section in sections:
        section.page_start = document.page_at(section.start)
        section.page_end = document.page_at(max(section.start, section.end - 1))


def extract_file(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> ExtractedDocument:
    """Read one file into text, sections and metadata; raises ExtractionError on bad input."""
    path = Path(path)
    raw = load(path, max_bytes=max_bytes)
    assembled = assemble(raw, rejoin_lines=raw.format in _LINE_BROKEN_FORMATS)
    if not assembled.text.strip():
        raise ExtractionError("no_text", f"{path.name}: the {raw.format.upper()} file contains no text")
    sections = parse_sections(assembled.text)
    document = ExtractedDocument(
        path=str(path),
        format=raw.format,
        text=assembled.text,
        pages=assembled.pages,
        encodings=assembled.encodings,
        sections=sections,
        metadata=extract_metadata(assembled.text, sections),
        warnings=assembled.warnings,
    )
    _attach_pages(sections, document)
    return document
