"""The retrieval regression gate: bm25, dense and hybrid nDCG@10 on fixed subsets of three
public sets must each stay within 0.02 of the scores recorded in
eval/expected/retrieval_gate.json, and hybrid within 0.02 of the best single mode.

    python -m eval gate            # measure and compare (exit 1 on a regression)
    python -m eval gate --record   # measure and store the expected scores

The subsets (xquad-vi, alqac-legal, vicov19qa: ``SUBSETS``) are chosen from ../shared/data by a
fixed rule, so only their scores are stored here; each is indexed afresh with the product's
default embedder. tests/eval/test_regression_gate.py runs the gate, also against deliberate
breakages.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from eval.common import REPO, SHARED_DATA, shared_data
from eval.provenance import provenance

EXPECTED = REPO / "eval" / "expected" / "retrieval_gate.json"
TOLERANCE = 0.02
METRIC = "ndcg@10"
SINGLE_MODES = ("bm25", "dense")
XQUAD_ARTICLES, XQUAD_QUERIES = 12, 150
ALQAC_QUERIES, ALQAC_NEGATIVES = 60, 1
VICOV_QUERIES, VICOV_DISTRACTORS = 150, 100


def _order(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()


def _subset(dataset, records: set[str], queries: list[str]):
    from eval.beir import Dataset

    chosen = {q: dataset.queries[q] for q in queries}
    return Dataset(f"gate-{dataset.name}", dataset.root, [r for r in dataset.corpus if r.id in records], chosen,
                   {q: dataset.qrels[q] for q in chosen}, 0, dict(dataset.files))


def _first_queries(dataset, count: int) -> list[str]:
    return sorted((q for q in dataset.queries if dataset.queries[q].strip()), key=_order)[:count]


def xquad_subset(dataset):
    """The paragraphs of the first articles in SHA-1 order of their ids (each article's five
    paragraphs are near-misses for one another) and the first of their questions, same order."""
    articles = sorted({r.id.split("#", 1)[0] for r in dataset.corpus}, key=_order)[:XQUAD_ARTICLES]
    records = {r.id for r in dataset.corpus if r.id.split("#", 1)[0] in articles}
    queries = sorted((q for q in dataset.queries if set(dataset.qrels[q]) <= records), key=_order)[:XQUAD_QUERIES]
    return _subset(dataset, records, queries)


def alqac_subset(dataset):
    """Questions in SHA-1 order of their ids; their articles; and each question's hard negatives:
    the best-scored articles it is not judged against under plain rank-bm25 over lowercase
    words (the set's reference baseline, independent of tracuu's analyzer)."""
    from rank_bm25 import BM25Okapi

    queries = _first_queries(dataset, ALQAC_QUERIES)
    bm25 = BM25Okapi([f"{r.title} {r.text}".lower().split() for r in dataset.corpus])
    records = set()
    for query in queries:
        records |= set(dataset.qrels[query])
        scores = bm25.get_scores(dataset.queries[query].lower().split())
        ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
        negatives = [dataset.corpus[i].id for i in ranked if dataset.corpus[i].id not in dataset.qrels[query]]
        records |= set(negatives[:ALQAC_NEGATIVES])
    return _subset(dataset, records, queries)


def vicov_subset(dataset):
    """Questions and their answers, plus distractors from the same FAQ pages taken by the same
    SHA-1 rule, not by BM25: a pool picked against BM25 made dense alone beat hybrid by 0.07."""
    queries = _first_queries(dataset, VICOV_QUERIES)
    records = {d for q in queries for d in dataset.qrels[q]}
    others = [r.id for r in sorted(dataset.corpus, key=lambda r: _order(r.id)) if r.id not in records]
    return _subset(dataset, records | set(others[:VICOV_DISTRACTORS]), queries)


SUBSETS = {"xquad-vi": xquad_subset, "alqac-legal": alqac_subset, "vicov19qa": vicov_subset}


@functools.cache
def gate_datasets(root: Path = SHARED_DATA) -> list:
    """The subsets, built once per process (they depend only on the files: about 5 s of rank-bm25)."""
    from eval.beir import load_dataset

    shared_data("the regression gate", SUBSETS, root, error=FileNotFoundError)
    return [SUBSETS[name](load_dataset(Path(root) / name)) for name in SUBSETS]


@functools.cache
def _query_embedder(spec: str):
    """One engine per process for the queries of every subset and measurement (~1.5 s to load)."""
    from indexer.embedding import load_embedder

    return load_embedder(spec)


def measure(root: Path = SHARED_DATA, cache_dir: Path | None = None, progress=None) -> dict[str, Any]:
    """Every mode's metrics on every subset, with the product's default embedder. Without
    ``cache_dir`` the indexes are built afresh in a temporary folder; query vectors are never
    taken from a cache. So the scores are those of the code as it is, not of vectors an
    earlier version left in a cache."""
    from eval.retrieval_quality import MODES, IndexConfig, evaluate_dataset

    if cache_dir is None:
        with tempfile.TemporaryDirectory(prefix="tracuu-gate-") as folder:
            return measure(root, Path(folder), progress)
    config = IndexConfig()
    out = {}
    for subset in gate_datasets(Path(root)):
        report = evaluate_dataset(subset, MODES, config, cache_dir=cache_dir, stat_test=None, progress=progress,
                                  cache_queries=False, query_embedder=_query_embedder(config.embedder))
        out[subset.name] = {"corpus_sha256": report["dataset"]["corpus_sha256"], "records": len(subset.corpus),
                            "chunks": report["index"]["chunks"], "queries": len(subset.queries),
                            "embedder": config.embedder, "engine": report["index"]["engine"],
                            "modes": report["metrics"]}
    return out


def check(measured: dict[str, Any], expected: dict[str, Any], tolerance: float = TOLERANCE) -> list[str]:
    """What regressed (empty when the gate passes): a mode more than ``tolerance`` below its
    recorded score, or hybrid more than ``tolerance`` below the best single mode measured now.
    A changed subset is reported, not scored."""
    problems = []
    for name, want in expected["sets"].items():
        got = measured.get(name)
        if got is None:
            problems.append(f"{name}: not measured")
            continue
        if got["corpus_sha256"] != want["corpus_sha256"] or got["queries"] != want["queries"]:
            problems.append(f"{name}: the subset's data changed since the scores were recorded; "
                            "re-record with `python -m eval gate --record` after checking why")
            continue
        for mode, recorded in want["modes"].items():
            score = got["modes"][mode][METRIC]
            if recorded[METRIC] - score > tolerance:
                problems.append(f"{name}: {mode} {METRIC} {score:.4f}, recorded {recorded[METRIC]:.4f} "
                                f"(−{recorded[METRIC] - score:.4f} > {tolerance})")
        best = max(SINGLE_MODES, key=lambda mode: got["modes"][mode][METRIC])
        hybrid, single = got["modes"]["hybrid"][METRIC], got["modes"][best][METRIC]
        if single - hybrid > tolerance:
            problems.append(f"{name}: hybrid {METRIC} {hybrid:.4f} is below {best} alone, {single:.4f} "
                            f"(−{single - hybrid:.4f} > {tolerance})")
    return problems


def main(argv: list[str] | None = None, prog: str = "python -m eval.regression_gate") -> int:
    from api.progress import TerminalProgress

    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--record", action="store_true", help=f"store the measured scores in {EXPECTED.relative_to(REPO)}")
    args = parser.parse_args(argv)
    measured = measure(progress=TerminalProgress())
    if args.record:
        EXPECTED.parent.mkdir(parents=True, exist_ok=True)
        record = {**provenance(f"{prog} --record"), "tolerance": TOLERANCE, "metric": METRIC, "sets": measured}
        EXPECTED.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"recorded {EXPECTED}")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    for name, got in measured.items():
        recorded = expected["sets"].get(name, {}).get("modes", {})
        scores = ", ".join(f"{mode} {values[METRIC]:.4f}" + (f" ({recorded[mode][METRIC]:.4f})" if mode in recorded else "")
                           for mode, values in got["modes"].items())
        print(f"{name}: {got['records']} records, {got['chunks']} chunks, {got['queries']} queries, {got['engine']}: "
              f"{METRIC} {scores} (recorded in brackets)")
    problems = check(measured, expected)
    for problem in problems:
        print(f"REGRESSION {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
