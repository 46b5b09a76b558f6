"""Fusing ranked lists: a weighted combination of normalised scores (default) and reciprocal rank fusion."""

from __future__ import annotations

from collections.abc import Mapping

Ranking = list[tuple[int, float]]  # (chunk id, retriever score), best first

RRF_K = 60
# Swept with `python -m eval.studies.retrieval_sweep fusion` (docs/decisions.md): the weight
# that gains on the public sets without losing the archive's known-item sentences.
WEIGHTED_DEFAULTS = {"bm25": 0.2, "dense": 0.8}
# For questions (api/search/intent.py); swept on the three public sets, all questions
# (docs/decisions.md): BM25 there only breaks near-ties between dense candidates.
QUESTION_WEIGHTS = {"bm25": 0.05, "dense": 0.95}


def default_weights(question: bool) -> dict[str, float]:
    """The weighted fusion's weights for a question (api/search/intent.is_question) or anything else."""
    return QUESTION_WEIGHTS if question else WEIGHTED_DEFAULTS


def reciprocal_rank_fusion(rankings: Mapping[str, Ranking], k: int = RRF_K,
                           weights: Mapping[str, float] | None = None) -> list[tuple[int, float]]:
    """score(d) = Σ w_r / (k + rank_r(d)), ranks from 1; documents absent from a list get nothing."""
    fused: dict[int, float] = {}
    for name, ranking in rankings.items():
        weight = (weights or {}).get(name, 1.0)
        for rank, (item, _score) in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


def weighted_score_fusion(rankings: Mapping[str, Ranking], weights: Mapping[str, float],
                          known: Mapping[str, Mapping[int, float]] | None = None) -> list[tuple[int, float]]:
    """Convex combination of scores normalised by their theoretical bounds (Bruch et al. 2023,
    "TM2C2"): BM25 divided by the list's best score (its minimum is 0), cosine similarity as is
    (clipped at 0). Unlike min-max over the list, this keeps a retriever's confidence: a BM25
    winner far ahead of the rest stays far ahead, and near-equal cosines stay near-equal.
    A chunk absent from a list gets 0 from it, unless ``known`` gives its real score there
    (its cosine computed outside the dense top list)."""
    fused: dict[int, float] = {}
    for name, ranking in rankings.items():
        if not ranking:
            continue
        top = max(score for _, score in ranking)
        for item, score in [*ranking, *(known or {}).get(name, {}).items()]:
            normalised = max(score, 0.0) if name == "dense" else (score / top if top > 0 else 0.0)
            fused[item] = fused.get(item, 0.0) + weights.get(name, 1.0) * normalised
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))
