"""Reading report files: file → raw runs → clean Vietnamese text → section tree → metadata.

Public entry points: ``extract_file`` for one file, ``extract_many`` for a batch with
per-file isolation, ``document_to_json``/``error_to_json`` for the stable JSON form. They
are imported lazily so that using one stage (e.g. the Vietnamese repair) does not load all.
"""

from importlib import import_module

_EXPORTS = {
    "extract_file": "indexer.extraction.pipeline",
    "extract_text": "indexer.extraction.pipeline",
    "extract_many": "indexer.extraction.batch",
    "ExtractionError": "indexer.extraction.errors",
    "document_to_json": "indexer.extraction.serialize",
    "error_to_json": "indexer.extraction.serialize",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'indexer.extraction' has no attribute {name!r}")
