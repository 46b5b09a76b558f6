"""tracuu indexer: report files → clean Vietnamese text, section tree, metadata (→ index).

Public entry points: ``extract_file`` for one file, ``extract_many`` for a batch with
per-file isolation, ``document_to_json``/``error_to_json`` for the stable JSON form. They
are imported lazily so that using one stage (e.g. indexer.vietnamese) does not load all.
"""

from importlib import import_module

_EXPORTS = {
    "extract_file": "indexer.extract",
    "extract_many": "indexer.batch",
    "ExtractionError": "indexer.errors",
    "document_to_json": "indexer.serialize",
    "error_to_json": "indexer.serialize",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'indexer' has no attribute {name!r}")
