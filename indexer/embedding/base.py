"""The embedder contract: what every dense-embedding backend returns and exposes."""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

log = logging.getLogger(__name__)


@dataclass
class Embedded:
    vectors: np.ndarray  # float32, shape (n, dim), L2-normalised rows
    truncated: list[int] = field(default_factory=list)  # inputs cut to the model's max_tokens


@runtime_checkable
class Embedder(Protocol):
    # Stable identity for the index manifest and the cache; changes with the model or prefixes.
    name: str
    dim: int
    max_tokens: int  # model limit, special tokens and prefix included

    def embed_passages(self, texts: Sequence[str]) -> Embedded: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def clean_text(text: str) -> str:
    """Text safe to hand to a tokenizer: no NUL (C engines stop there), no lone surrogates."""
    if "\x00" in text:
        text = text.replace("\x00", " ")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def warn_truncated_query(embedder_name: str, text: str, max_tokens: int) -> None:
    log.warning("query of %d characters is longer than %s's %d tokens; embedded its beginning only",
                len(text), embedder_name, max_tokens)


def available_cpus() -> int:
    """CPUs this process may use: the affinity mask, capped by a cgroup v2 CPU quota
    (OpenMP only sees the mask, and oversubscribing a quota makes it slower, not faster)."""
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        quota, period = open("/sys/fs/cgroup/cpu.max").read().split()
        if quota != "max":
            n = min(n, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, n)
