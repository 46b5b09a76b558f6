"""The retrieval regression gate: hybrid nDCG@10 on fixed subsets of two public sets must stay
within 0.02 of the scores recorded in eval/expected/retrieval_gate.json.

    python -m eval.regression_gate            # measure and compare (exit 1 on a regression)
    python -m eval.regression_gate --record   # measure and store the expected scores

The subsets are small enough to embed in CI (about 280 chunks, 200 queries) and are chosen by
a fixed rule from ../shared/data, so nothing from the sets is stored here but their scores:
- xquad-vi: the paragraphs of 12 articles (taken in the order of their ids' SHA-1) — each
  article's five paragraphs are near-misses for one another — and 150 of their questions;
- alqac-legal: 30 questions (SHA-1 order of their ids), their articles, and as distractors
  each question's two hard negatives under plain rank-bm25.
The gate runs the real pipeline and ``Searcher`` through ``eval.retrieval_quality``; the test
suite runs it (tests/eval/test_regression_gate.py), including with fusion deliberately broken.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from eval.provenance import REPO, provenance

EXPECTED = REPO / "eval" / "expected" / "retrieval_gate.json"
DATA_ROOT = REPO.parent / "shared" / "data"
TOLERANCE = 0.02
METRIC = "ndcg@10"
XQUAD_ARTICLES, XQUAD_QUERIES = 12, 150
ALQAC_QUERIES, ALQAC_NEGATIVES = 30, 2


def _order(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()


def _subset(dataset, records: set[str], queries: list[str]):
    from eval.beir import Dataset

    chosen = {q: dataset.queries[q] for q in queries}
    return Dataset(f"gate-{dataset.name}", dataset.root, [r for r in dataset.corpus if r.id in records], chosen,
                   {q: dataset.qrels[q] for q in chosen}, 0, dict(dataset.files))


def xquad_subset(dataset):
    articles = sorted({r.id.split("#", 1)[0] for r in dataset.corpus}, key=_order)[:XQUAD_ARTICLES]
    records = {r.id for r in dataset.corpus if r.id.split("#", 1)[0] in articles}
    queries = sorted((q for q in dataset.queries if set(dataset.qrels[q]) <= records), key=_order)[:XQUAD_QUERIES]
    return _subset(dataset, records, queries)


def alqac_subset(dataset):
    """Questions in SHA-1 order of their ids; their articles; and each question's hard negatives:
    the best-scored articles it is not judged against under plain rank-bm25 over lowercase
    words (the set's reference baseline, independent of tracuu's analyzer)."""
    from rank_bm25 import BM25Okapi

    queries = sorted(dataset.queries, key=_order)[:ALQAC_QUERIES]
    bm25 = BM25Okapi([f"{r.title} {r.text}".lower().split() for r in dataset.corpus])
    records = set()
    for query in queries:
        records |= set(dataset.qrels[query])
        scores = bm25.get_scores(dataset.queries[query].lower().split())
        ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
        negatives = [dataset.corpus[i].id for i in ranked if dataset.corpus[i].id not in dataset.qrels[query]]
        records |= set(negatives[:ALQAC_NEGATIVES])
    return _subset(dataset, records, queries)


SUBSETS = {"xquad-vi": xquad_subset, "alqac-legal": alqac_subset}


def gate_datasets(root: Path = DATA_ROOT) -> list:
    from eval.beir import load_dataset

    missing = [name for name in SUBSETS if not (Path(root) / name).is_dir()]
    if missing:
        raise FileNotFoundError(f"the regression gate needs {', '.join(missing)} under {root} "
                                f"(the shared/data folder beside the repository)")
    return [SUBSETS[name](load_dataset(Path(root) / name)) for name in SUBSETS]


def measure(root: Path = DATA_ROOT, cache_dir: Path | None = None, progress=None) -> dict[str, Any]:
    from eval.retrieval_quality import DEFAULT_CACHE, evaluate_dataset

    out = {}
    for subset in gate_datasets(root):
        report = evaluate_dataset(subset, ["hybrid"], cache_dir=cache_dir or DEFAULT_CACHE, progress=progress)
        out[subset.name] = {"corpus_sha256": report["dataset"]["corpus_sha256"], "records": len(subset.corpus),
                            "chunks": report["index"]["chunks"], "queries": len(subset.queries),
                            "hybrid": report["metrics"]["hybrid"]}
    return out


def check(measured: dict[str, Any], expected: dict[str, Any], tolerance: float = TOLERANCE) -> list[str]:
    """What regressed (empty when the gate passes); a changed subset is reported, not scored."""
    problems = []
    for name, want in expected["sets"].items():
        got = measured.get(name)
        if got is None:
            problems.append(f"{name}: not measured")
            continue
        if got["corpus_sha256"] != want["corpus_sha256"] or got["queries"] != want["queries"]:
            problems.append(f"{name}: the subset's data changed since the scores were recorded; "
                            "re-record with `python -m eval.regression_gate --record` after checking why")
            continue
        drop = want["hybrid"][METRIC] - got["hybrid"][METRIC]
        if drop > tolerance:
            problems.append(f"{name}: hybrid {METRIC} {got['hybrid'][METRIC]:.4f}, recorded {want['hybrid'][METRIC]:.4f} "
                            f"(−{drop:.4f} > {tolerance})")
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
        print(f"{name}: {got['records']} records, {got['chunks']} chunks, {got['queries']} queries: hybrid "
              f"{METRIC} {got['hybrid'][METRIC]:.4f} (recorded {expected['sets'][name]['hybrid'][METRIC]:.4f})")
    problems = check(measured, expected)
    for problem in problems:
        print(f"REGRESSION {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
