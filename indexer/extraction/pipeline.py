"""The extraction pipeline: file → raw runs → clean text → section tree → metadata.

    load (loading/) → assemble (decode, repair, clean) → parse_sections → extract_metadata
"""

from __future__ import annotations

from pathlib import Path

from indexer.extraction.assemble import assemble
from indexer.extraction.errors import ExtractionError
from indexer.extraction.loading import MAX_FILE_BYTES, load
from indexer.extraction.loading.plaintext import text_blocks
from indexer.extraction.metadata import extract_metadata
from indexer.extraction.model import ExtractedDocument, Found, RawDocument, Section
from indexer.extraction.structure import parse_sections

# Formats whose lines are layout lines, not paragraphs: broken sentences must be rejoined.
_LINE_BROKEN_FORMATS = {"pdf", "txt"}


def _attach_pages(sections: list[Section], document: ExtractedDocument) -> None:
    if not document.pages:
        return
    for section in sections:
        section.page_start = document.page_at(section.start)
        section.page_end = document.page_at(max(section.start, section.end - 1))


def _build(path: str, raw: RawDocument, rejoin_lines: bool, name: str) -> ExtractedDocument:
    assembled = assemble(raw, rejoin_lines=rejoin_lines)
    if not assembled.text.strip():
        raise ExtractionError("no_text", f"{name}: the {raw.format.upper()} file contains no text")
    sections = parse_sections(assembled.text)
    document = ExtractedDocument(
        path=path,
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


def extract_file(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> ExtractedDocument:
    """Read one file into text, sections and metadata; raises ExtractionError on bad input."""
    path = Path(path)
    raw = load(path, max_bytes=max_bytes)
    return _build(str(path), raw, raw.format in _LINE_BROKEN_FORMATS, path.name)


def extract_text(text: str, name: str, title: str | None = None) -> ExtractedDocument:
    """A text already in memory (a record of a dataset, one paragraph per line) through the same
    repair, structure and metadata steps as a file. The record's own ``title``, if any, becomes
    the first line and the document's title (so every chunk carries it as context); without
    one the document has no title (a record's first line is not a title)."""
    title = " ".join((title or "").split())
    raw = RawDocument(format="txt", blocks=text_blocks(f"{title}\n\n{text}" if title else text))
    document = _build(name, raw, False, name)
    first_line = document.text.split("\n", 1)[0]
    document.metadata.title = Found(first_line, 0, len(first_line)) if title else None
    return document
