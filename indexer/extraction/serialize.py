"""The JSON form of an extracted document — the `tracuu extract --json` contract."""

from __future__ import annotations

from typing import Any

from indexer.extraction.errors import ExtractionError
from indexer.extraction.model import ExtractedDocument, Found, Metadata


def _value(found: Found | None) -> Any:
    return found.value if found is not None else None


def _span(found: Found | None) -> list[int] | None:
    return [found.start, found.end] if found is not None else None


def metadata_to_json(metadata: Metadata) -> tuple[dict[str, Any], dict[str, Any]]:
    """(values, spans): plain values for scripts, and where in the text each was found."""
    values: dict[str, Any] = {}
    spans: dict[str, Any] = {}
    for name, field in metadata.__dict__.items():
        if name == "references":
            values[name] = [{"code": r.code, "kind": r.kind, "date": r.date} for r in field]
            spans[name] = [[r.start, r.end] for r in field]
        elif isinstance(field, list):
            values[name] = [f.value for f in field]
            spans[name] = [_span(f) for f in field]
        else:
            values[name] = _value(field)
            spans[name] = _span(field)
    return values, spans


def document_to_json(document: ExtractedDocument, include_text: bool = True) -> dict[str, Any]:
    values, spans = metadata_to_json(document.metadata)
    out: dict[str, Any] = {
        "path": document.path,
        "format": document.format,
        "encoding": document.encodings,
        "metadata": values,
        "metadata_spans": spans,
        "sections": [
            {
                "path": s.path, "heading": s.heading, "level": s.level, "kind": s.kind,
                "start": s.start, "end": s.end, "page_start": s.page_start, "page_end": s.page_end,
            }
            for s in document.sections
        ],
        "pages": [{"page": p.page, "start": p.start, "end": p.end} for p in document.pages],
        "warnings": document.warnings,
    }
    if include_text:
        out["text"] = document.text
    return out


def error_to_json(path: str, error: ExtractionError) -> dict[str, Any]:
    return {"path": path, "error": error.to_json()}
