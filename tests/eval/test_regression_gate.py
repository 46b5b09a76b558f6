"""The retrieval regression gate (eval/regression_gate.py): fixed subsets of xquad-vi and
alqac-legal, embedded with the default model (~290 chunks), hybrid nDCG@10 against the scores
recorded in eval/expected/retrieval_gate.json. It holds on this tree, and it fails when fusion
is deliberately broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import api.search.searcher
from api.search.fusion import weighted_score_fusion
from eval.regression_gate import EXPECTED, TOLERANCE, check, gate_datasets, measure

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_the_subsets_are_the_recorded_ones(shared_data: Path, expected: dict) -> None:
    subsets = {d.name: d for d in gate_datasets(shared_data)}
    assert set(subsets) == set(expected["sets"]) == {"gate-xquad-vi", "gate-alqac-legal"}
    for name, subset in subsets.items():
        assert subset.corpus_hash() == expected["sets"][name]["corpus_sha256"], name
        relevant = {d for judged in subset.qrels.values() for d in judged}
        assert relevant <= {r.id for r in subset.corpus}  # every relevant document is in the pool
        assert len(subset.corpus) > len(relevant)  # with distractors
    assert 150 <= sum(len(s.queries) for s in subsets.values()) <= 300
    assert sum(s["chunks"] for s in expected["sets"].values()) <= 400


def test_gate_holds(shared_data: Path, expected: dict) -> None:
    measured = measure(shared_data)
    assert check(measured, expected) == []


def _drop_bm25(rankings, weights, known=None):
    return [(item, score) for item, score in rankings["dense"]]


def _reverse(rankings, weights, known=None):
    return weighted_score_fusion(rankings, weights, known)[::-1]


@pytest.mark.parametrize("broken", [_drop_bm25, _reverse], ids=["fusion drops bm25", "fusion reversed"])
def test_gate_fails_when_fusion_is_broken(shared_data: Path, expected: dict, monkeypatch, broken) -> None:
    monkeypatch.setattr(api.search.searcher, "weighted_score_fusion", broken)
    problems = check(measure(shared_data), expected)
    assert problems and all("hybrid ndcg@10" in p for p in problems), problems


def test_check_tolerates_noise_but_not_a_drop(expected: dict) -> None:
    name, recorded = next(iter(expected["sets"].items()))
    same = {**recorded, "hybrid": {**recorded["hybrid"], "ndcg@10": recorded["hybrid"]["ndcg@10"] - TOLERANCE / 2}}
    worse = {**recorded, "hybrid": {**recorded["hybrid"], "ndcg@10": recorded["hybrid"]["ndcg@10"] - 2 * TOLERANCE}}
    others = {n: s for n, s in expected["sets"].items() if n != name}
    assert check({name: same, **others}, expected) == []
    assert check({name: worse, **others}, expected)
    changed = {**recorded, "corpus_sha256": "0" * 64}
    assert "data changed" in check({name: changed, **others}, expected)[0]
