"""The phases of the speed benchmark that matter at a province's size (eval/retrieval_speed.py runs them).

- ``StandInEmbedder``: vectors for chunks not embedded for real, a function of the text alone;
- ``measure_dense_agreement``: the dense top 10 of the index against an exhaustive search over
  the same float vectors (regenerated, never stored), and its latency;
- ``measure_live_server``: a real ``tracuu serve`` on the index — cold start, first answers, its
  memory — then one new 50-chunk file indexed beside it, timed until the server finds it by
  keyword and until its vectors are in.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np

from eval.common import REPO

TOP_K = 10
_NOISE_ROWS = 4096


class StandInEmbedder:
    """A text's vector: real pool vectors i and j mixed (v_i + ½ v_j) plus N(0, noise) per
    component, renormalised, with i, j and the noise chosen by a hash of the text. The same text
    always gets the same vector (as with a real model), so the float vectors of a whole index can
    be regenerated to search it exhaustively. Same name and dimension as the index's embedder."""

    def __init__(self, pool, name: str, noise: float, seed: int = 0):
        self.pool = np.asarray(pool, dtype=np.float32)
        self.name = name
        self.dim = int(self.pool.shape[1])
        self.max_tokens = 512
        self.noise = noise
        self._noise_rows = np.random.default_rng(seed).normal(0.0, 1.0, (_NOISE_ROWS, self.dim)).astype(np.float32)

    def vectors(self, texts) -> np.ndarray:
        from indexer.embedding.base import normalize_rows

        digests = np.array([int.from_bytes(hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                                           "little") for t in texts], dtype=np.uint64)
        size = np.uint64(len(self.pool))
        first, second = digests % size, (digests >> np.uint64(21)) % size
        a, b = (digests >> np.uint64(42)) % np.uint64(_NOISE_ROWS), (digests >> np.uint64(50)) % np.uint64(_NOISE_ROWS)
        noise = (self._noise_rows[a] + self._noise_rows[b]) * (self.noise / np.sqrt(2.0))
        return normalize_rows(self.pool[first] + 0.5 * self.pool[second] + noise)

    def embed_passages(self, texts):
        from indexer.embedding.base import Embedded

        return Embedded(vectors=self.vectors(list(texts)), truncated=[])

    def embed_query(self, text: str):
        raise RuntimeError("the stand-in embeds passages only; queries use the real embedder")


def _top_chunks(scores: np.ndarray, chunk_ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(scores, order, axis=1), np.take_along_axis(chunk_ids, order, axis=1)


NEAR_TIE = 1e-3


def measure_dense_agreement(index_dir: Path, pool_path: Path, noise: float, seed: int, queries: list[str]) -> dict[str, Any]:
    """Top-10 chunks of ``reader.vectors.search`` against exhaustive float search (a chunk scores
    its best vector, its windows' included, as the index does)."""
    from indexer.store import vectors
    from indexer.store.reader import IndexReader

    reader = IndexReader(index_dir)
    query_vectors = np.stack([reader.embedder.embed_query(q) for q in queries]).astype(np.float32)
    latencies, found = [], []
    for vector in query_vectors:
        started = time.perf_counter()
        found.append([chunk for chunk, _ in reader.vectors.search(vector, TOP_K)])
        latencies.append(time.perf_counter() - started)
    stand_in = StandInEmbedder(np.load(pool_path), reader.manifest.embedder_name, noise, seed)
    best_scores = np.full((len(queries), 0), -2.0, dtype=np.float32)
    best_ids = np.empty((len(queries), 0), dtype=np.int64)
    found_exact: list[dict[int, float]] = [{} for _ in queries]  # the exact score of each chunk found
    asked: dict[int, list[int]] = {}
    for q, chunks in enumerate(found):
        for chunk in chunks:
            asked.setdefault(chunk, []).append(q)
    started = time.perf_counter()
    vectors_seen = 0
    for batch in vectors.embedded_vector_texts(reader.catalog, reader.manifest.vector_windows):
        ids = np.array([i for i, _ in batch], dtype=np.int64)
        scores = query_vectors @ stand_in.vectors([t for _, t in batch]).T
        owners = vectors.owners(ids)
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])  # a chunk's vectors come together
        chunk_best = np.maximum.reduceat(scores, starts, axis=1)
        for column, chunk in enumerate(owners[starts].tolist()):
            for q in asked.get(chunk, ()):
                found_exact[q][chunk] = float(chunk_best[q, column])
        best_scores, best_ids = _top_chunks(np.concatenate([best_scores, chunk_best], axis=1),
                                            _stack_ids(best_ids, owners[starts], len(queries)), TOP_K)
        vectors_seen += len(ids)
    exhaustive_s = time.perf_counter() - started
    overlap = [len(set(f) & set(e.tolist())) / TOP_K for f, e in zip(found, best_ids)]
    # Chunks of equal text have equal vectors (the benchmark's text repeats): a chunk found whose
    # exact score reaches the exhaustive 10th is as right as the one exhaustive search listed.
    tied = [sum(found_exact[q].get(c, -2.0) >= best_scores[q, -1] - 1e-6 for c in f) / TOP_K
            for q, f in enumerate(found)]
    # Not the target's measure, a reading of its misses: a chunk found whose exact score is within
    # what the int8 rows resolve (±4e-4 a cosine, so 1e-3) of the exhaustive 10th is a near-tie
    # that the rows cannot order.
    near = [sum(found_exact[q].get(c, -2.0) >= best_scores[q, -1] - NEAR_TIE for c in f) / TOP_K
            for q, f in enumerate(found)]
    from eval.retrieval_speed import latency, memory_mb

    out = {"queries": len(queries), "k": TOP_K, "vector_index": reader.vectors.kind, "vectors": vectors_seen,
           "top10_agreement_mean": round(float(np.mean(overlap)), 4),
           "top10_agreement_min": round(float(np.min(overlap)), 2),
           "queries_all_10": int(sum(o == 1.0 for o in overlap)),
           "top10_agreement_ties_mean": round(float(np.mean(tied)), 4),
           "top10_agreement_near_ties_mean": round(float(np.mean(near)), 4),
           "dense_search": latency(latencies), "exhaustive_s": round(exhaustive_s, 1), "memory": memory_mb()}
    reader.close()
    return out


def _stack_ids(best_ids: np.ndarray, new_ids: np.ndarray, queries: int) -> np.ndarray:
    return np.concatenate([best_ids, np.broadcast_to(new_ids, (queries, len(new_ids)))], axis=1)


# --- a live server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 30.0) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def _status(pid: int) -> dict[str, float]:
    out = {}
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                out["rss_mb" if key == "VmRSS" else "peak_mb"] = round(int(value.split()[0]) / 1024, 1)
    return out


def new_file_text(passages: list[str], marker: str, chunks: int = 50, syllables_per_chunk: int = 130) -> str:
    """A report of about ``chunks`` chunks of real passages, its marker word in its first paragraph."""
    paragraphs, total, wanted = [f"Báo cáo kiểm thử {marker} về công tác tổng hợp."], 0, chunks * syllables_per_chunk
    for passage in passages:
        paragraphs.append(passage)
        total += len(passage.split())
        if total >= wanted:
            break
    return "\n\n".join(paragraphs)


def measure_live_server(index_dir: Path, queries: list[str], new_text: str, marker: str, workdir: Path,
                        timeout_s: float = 300.0) -> dict[str, Any]:
    """Start ``tracuu serve`` on the index, time its start and first answers, run the queries, then
    index one new file with ``tracuu index`` (real embedder) and time until the server finds it."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(workdir / "serve.log", "wb")
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "api", "serve", "--index", str(index_dir), "--port", str(port)],
                              cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    out: dict[str, Any] = {}
    try:
        while True:
            try:
                health = _get(f"{base}/health", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > timeout_s:
                    raise RuntimeError(f"the server did not start: see {workdir / 'serve.log'}") from None
                time.sleep(0.05)
        out["health_s"] = round(time.perf_counter() - started, 2)
        out["health_status"] = health["status"]

        def search(q: str, mode: str) -> dict:
            return _get(f"{base}/api/search?" + urllib.parse.urlencode({"q": q, "mode": mode, "k": TOP_K}))

        t = time.perf_counter()
        search(queries[0], "bm25")
        out["first_bm25_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        search(queries[0], "hybrid")
        out["first_hybrid_s"] = round(time.perf_counter() - t, 2)  # loads the query embedder
        out["cold_start_to_first_hybrid_s"] = round(time.perf_counter() - started, 2)
        times, refused = [], 0
        for q in queries[1:]:
            t = time.perf_counter()
            try:
                search(q, "hybrid")
            except urllib.error.HTTPError as exc:
                if exc.code != 422:  # a question past the API's length limit is refused, not failed
                    raise
                refused += 1
                continue
            times.append(time.perf_counter() - t)
        out["queries_refused_422"] = refused
        from eval.retrieval_speed import latency

        out["hybrid_http"] = latency(times)
        out["server_memory_after_queries"] = _status(server.pid)

        before = _get(f"{base}/health")["index"]
        path = workdir / f"{marker}.txt"
        path.write_text(new_text, encoding="utf-8")
        t = time.perf_counter()
        indexer = subprocess.Popen([sys.executable, "-m", "api", "index", str(path), "--index", str(index_dir), "--quiet",
                                    "--json"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        keyword_s = dense_s = None
        while time.perf_counter() - t < timeout_s:
            elapsed = time.perf_counter() - t
            if keyword_s is None and search(marker, "bm25")["results"]:
                keyword_s = elapsed
            if dense_s is None and _get(f"{base}/health")["index"].get("embedded", 0) > before.get("embedded", 0):
                dense_s = elapsed
            if keyword_s is not None and dense_s is not None:
                break
            time.sleep(0.05)
        stdout, stderr = indexer.communicate(timeout=timeout_s)
        after = _get(f"{base}/health")["index"]
        summary = json.loads(stdout) if stdout.strip() else {}
        out["add_file"] = {"chunks_added": after["chunks"] - before["chunks"],
                           "indexer_exit": indexer.returncode, "indexer_s": round(time.perf_counter() - t, 2),
                           "found_by_keyword_s": None if keyword_s is None else round(keyword_s, 2),
                           "vectors_in_s": None if dense_s is None else round(dense_s, 2),
                           "indexer_summary": {k: summary.get(k) for k in ("seconds", "chunks_added", "chunks_embedded")},
                           "stderr_tail": stderr.decode("utf-8", "replace")[-500:] if indexer.returncode else ""}
        out["server_memory_end"] = _status(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return out
