"""Fusing ranked lists: reciprocal rank fusion (default) and a weighted score alternative."""

from __future__ import annotations

from collections.abc import Mapping

Ranking = list[tuple[int, float]]  # (chunk id, retriever score), best first

RRF_K = 60


def reciprocal_rank_fusion(rankings: Mapping[str, Ranking], k: int = RRF_K,
                           weights: Mapping[str, float] | None = None) -> list[tuple[int, float]]:
    """score(d) = Σ w_r / (k + rank_r(d)), ranks from 1; documents absent from a list get nothing."""
    fused: dict[int, float] = {}
    for name, ranking in rankings.items():
        weight = (weights or {}).get(name, 1.0)
        for rank, (item, _score) in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


def weighted_score_fusion(rankings: Mapping[str, Ranking], weights: Mapping[str, float]) -> list[tuple[int, float]]:
    """Min-max normalise each list's scores to [0, 1], then a weighted sum (absent = 0)."""
    fused: dict[int, float] = {}
    for name, ranking in rankings.items():
        if not ranking:
            continue
        scores = [s for _, s in ranking]
        low, high = min(scores), max(scores)
        span = high - low
        for item, score in ranking:
            normalised = (score - low) / span if span > 0 else 1.0
            fused[item] = fused.get(item, 0.0) + weights.get(name, 1.0) * normalised
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))
