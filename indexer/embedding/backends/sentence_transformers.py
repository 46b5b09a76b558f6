"""sentence-transformers backend: any local model directory or Hugging Face model id.

Nothing here forces the network: with HF_HUB_OFFLINE=1 a model id resolves from the local
Hugging Face cache or fails, as huggingface_hub decides."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from indexer.embedding.base import Embedded, clean_text, normalize_rows, warn_truncated_query

_FALLBACK_MAX_TOKENS = 512


def default_prefixes(model: str) -> tuple[str, str]:
    """(query, passage) prefixes: the E5 family is trained with "query: " / "passage: "."""
    return ("query: ", "passage: ") if "e5" in model.lower() else ("", "")


def directory_fingerprint(root: Path) -> str:
    """Short digest of a model directory's contents (every file but docs and dotfiles), so the
    embedder name changes when the weights at a path change and not when the path moves."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or path.suffix.lower() == ".md":
            continue
        digest.update(rel.as_posix().encode() + b"\0")
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def _model_directory(model: str) -> Path | None:
    if Path(model).is_dir():
        return Path(model)
    try:  # a hub id: the cached snapshot ST just loaded from; never downloads
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(model, local_files_only=True))
    except Exception:
        return None


class SentenceTransformerEmbedder:
    def __init__(
        self,
        model: str,
        *,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        batch_size: int = 32,
        device: str | None = None,
        normalize: bool = True,
    ) -> None:
        from sentence_transformers import SentenceTransformer

        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        if device is None:
            import torch

            device = "cuda" if torch.cuda.is_available() else "cpu"
        q_default, p_default = default_prefixes(model)
        self.query_prefix = q_default if query_prefix is None else query_prefix
        self.passage_prefix = p_default if passage_prefix is None else passage_prefix
        self.batch_size = batch_size
        self.device = device
        self.normalize = normalize
        try:
            self.model = SentenceTransformer(model, device=device)
        except Exception as exc:
            hint = ""
            if os.environ.get("HF_HUB_OFFLINE", "").lower() not in ("", "0", "false"):
                hint = " (HF_HUB_OFFLINE is set: a model id must already be in the local cache)"
            raise RuntimeError(f"cannot load sentence-transformers model {model!r}{hint}: {exc}") from exc
        # We add prefixes ourselves; a prompt configured in the model would be added twice.
        self.model.default_prompt_name = None

        # get_embedding_dimension since sentence-transformers 6; the old name before.
        get_dim = getattr(self.model, "get_embedding_dimension", None)
        self.dim = int((get_dim or self.model.get_sentence_embedding_dimension)())
        max_len = self.model.max_seq_length
        if not max_len or max_len > 100_000:  # tokenizer without a real limit (int(1e30) sentinel)
            max_len = _FALLBACK_MAX_TOKENS
            self.model.max_seq_length = max_len
        self.max_tokens = int(max_len)

        directory = _model_directory(model)
        version = directory_fingerprint(directory) if directory else "unversioned"
        name = f"st:{model}@{version}"
        if self.query_prefix or self.passage_prefix:
            name += f";query_prefix={self.query_prefix!r};passage_prefix={self.passage_prefix!r}"
        if not normalize:
            name += ";normalize=False"
        self.name = name

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder(name={self.name!r}, device={self.device!r})"

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens the model would see for each (already prefixed) text, without truncation."""
        if not texts:
            return []
        enc = self.model.tokenizer(list(texts), add_special_tokens=True, truncation=False, verbose=False)
        return [len(ids) for ids in enc["input_ids"]]

    def _encode(self, texts: list[str]) -> np.ndarray:
        vecs = self.model.encode(
            texts,
            batch_size=self.batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
            normalize_embeddings=self.normalize,
        )
        vecs = np.asarray(vecs, dtype=np.float32).reshape(len(texts), self.dim)
        return normalize_rows(vecs) if self.normalize else vecs

    def embed_passages(self, texts: Sequence[str]) -> Embedded:
        prefixed = [self.passage_prefix + clean_text(t) for t in texts]
        if not prefixed:
            return Embedded(np.empty((0, self.dim), dtype=np.float32), [])
        # sentence-transformers cuts at max_seq_length itself (first tokens kept); we only count.
        truncated = [i for i, n in enumerate(self.count_tokens(prefixed)) if n > self.max_tokens]
        return Embedded(self._encode(prefixed), truncated)

    def embed_query(self, text: str) -> np.ndarray:
        prefixed = self.query_prefix + clean_text(text)
        if self.count_tokens([prefixed])[0] > self.max_tokens:
            warn_truncated_query(self.name, text, self.max_tokens)
        return self._encode([prefixed])[0]
