"""Fusion functions on rankings shaped like real ones (BM25 scores unbounded, e5 cosines compressed)."""

import pytest

from api.search.fusion import reciprocal_rank_fusion, weighted_score_fusion

# A known-item query: BM25 is sure (chunk 7 far ahead), dense ranks 7 fifth among near-equal cosines.
BM25 = [(7, 41.0), (3, 17.5), (9, 16.9), (1, 15.2), (4, 12.0)]
DENSE = [(3, 0.871), (1, 0.868), (9, 0.866), (4, 0.865), (7, 0.864)]


def test_rrf_scores_are_the_sum_of_reciprocal_ranks():
    fused = dict(reciprocal_rank_fusion({"bm25": BM25, "dense": DENSE}, k=60))
    assert fused[7] == pytest.approx(1 / 61 + 1 / 65)
    assert fused[3] == pytest.approx(1 / 62 + 1 / 61)


def test_rrf_outvotes_a_confident_bm25_winner():
    assert reciprocal_rank_fusion({"bm25": BM25, "dense": DENSE})[0][0] == 3


def test_weighted_fusion_keeps_the_confident_winner():
    fused = weighted_score_fusion({"bm25": BM25, "dense": DENSE}, {"bm25": 0.3, "dense": 0.7})
    assert fused[0][0] == 7
    assert fused[0][1] == pytest.approx(0.3 * 1.0 + 0.7 * 0.864)


def test_weighted_fusion_lets_dense_decide_when_bm25_is_flat():
    flat_bm25 = [(3, 10.0), (8, 9.9), (5, 9.8)]
    dense = [(5, 0.91), (3, 0.80), (8, 0.79)]
    assert weighted_score_fusion({"bm25": flat_bm25, "dense": dense}, {"bm25": 0.3, "dense": 0.7})[0][0] == 5


def test_absent_items_get_nothing_from_that_list():
    fused = dict(weighted_score_fusion({"bm25": [(1, 5.0)], "dense": [(2, 0.9)]}, {"bm25": 0.5, "dense": 0.5}))
    assert fused == {1: pytest.approx(0.5), 2: pytest.approx(0.45)}


def test_a_lexical_winner_missing_from_the_dense_list_keeps_its_real_cosine():
    bm25 = [(7, 30.0), (3, 12.0)]
    dense = [(3, 0.86), (5, 0.85)]  # 7 fell outside the dense top list
    without = weighted_score_fusion({"bm25": bm25, "dense": dense}, {"bm25": 0.3, "dense": 0.7})
    with_cosine = weighted_score_fusion({"bm25": bm25, "dense": dense}, {"bm25": 0.3, "dense": 0.7}, {"dense": {7: 0.84}})
    assert without[0][0] == 3
    assert with_cosine[0][0] == 7 and with_cosine[0][1] == pytest.approx(0.3 + 0.7 * 0.84)
