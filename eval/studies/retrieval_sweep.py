"""Tuning sweeps on the public sets: analyzer choices (BM25) and fusion settings (hybrid), one table.

    python -m eval.studies.retrieval_sweep analyzer --dataset DIR [--dataset DIR …]
    python -m eval.studies.retrieval_sweep fusion --dataset DIR [--dataset DIR …]

Every variant runs the sets' queries through ``eval.retrieval_quality`` (the real index and
``Searcher``) and reports nDCG@10 and MRR@10 per set, the mean over the sets, and the p-value
of a paired t-test of its nDCG@10 against the first variant (the product's default). The analyzer
variants switch query-time parts of the analyzer off through ``LexicalWeights`` (the index is
the same); the fusion variants change ``SearchRequest.fusion``/``weights``/``rrf_k``. Tuning is
done on these public sets only, never on the domain set.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from eval.common import RESULTS

ANALYZER_VARIANTS = {  # name → LexicalWeights overrides (mode bm25)
    "default: syllables + bigrams, accent folding, abbreviations, context": {},
    "syllables only (no bigrams)": {"bigram": 0.0},
    "no accent folding (exact field only)": {"folded_when_accented": 0.0},
    "no abbreviation expansion": {"expansion": 0.0},
    "no title/section context field": {"context": 0.0},
}
FUSION_VARIANTS = {  # name → (fusion, weights, rrf_k) (mode hybrid); the product's default first
    **{f"weighted bm25 {w:g} / dense {1 - w:g}": ("weighted", {"bm25": w, "dense": round(1 - w, 2)}, 60)
       for w in (0.3, 0.05, 0.1, 0.15, 0.2, 0.5, 0.7)},
    **{f"rrf k={k}": ("rrf", None, k) for k in (10, 60)},
}


def main(argv: list[str] | None = None, prog: str = "python -m eval.studies.retrieval_sweep") -> int:
    from api.progress import TerminalProgress
    from eval.beir import load_dataset
    from eval.provenance import describe, provenance
    from eval.retrieval_quality import (DEFAULT_CACHE, IndexConfig, SearchConfig, ensure_index, open_searcher, run_mode,
                                        score_runs)

    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=("analyzer", "fusion"))
    parser.add_argument("--dataset", type=Path, action="append", required=True)
    parser.add_argument("--modes", default=None, help="default: bm25 for analyzer, hybrid for fusion")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    command = f"{prog} " + shlex.join(sys.argv[1:] if argv is None else argv)
    modes = (args.modes or ("bm25" if args.kind == "analyzer" else "hybrid")).split(",")
    if args.kind == "analyzer":
        variants = {name: SearchConfig(lexical=lexical) for name, lexical in ANALYZER_VARIANTS.items()}
    else:
        variants = {name: SearchConfig(fusion=f, weights=w, rrf_k=k) for name, (f, w, k) in FUSION_VARIANTS.items()}
    datasets = [load_dataset(folder) for folder in args.dataset]
    record = {**provenance(command), "kind": args.kind, "modes": modes}
    progress = TerminalProgress()
    results: dict[str, dict[str, dict]] = {}
    for dataset in datasets:
        index, _ = ensure_index(dataset, IndexConfig(), args.cache_dir, embed=modes != ["bm25"], progress=progress)
        qrels = {q: dataset.qrels[q] for q in dataset.queries}
        baseline = {}
        for name, config in variants.items():
            searcher = open_searcher(index, config, args.cache_dir, dense=modes != ["bm25"])
            for mode in modes:
                print(f"{dataset.name}: {name}, {mode}", file=sys.stderr, flush=True)
                run, _stats = run_mode(searcher, dataset.queries, mode, config, progress)
                baseline.setdefault(mode, run)
                scored = score_runs(qrels, {"first": baseline[mode], "variant": run} if run is not baseline[mode]
                                    else {"variant": run})
                entry = {"metrics": scored["metrics"]["variant"]}
                if "significance" in scored:
                    entry["ndcg@10_vs_first"] = scored["significance"]["pairs"]["first vs variant"]["ndcg@10"]
                results.setdefault(name, {}).setdefault(dataset.name, {})[mode] = entry
    record["results"] = results
    output = args.output or RESULTS / f"sweep-{args.kind}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    print(describe(record) + "\n")
    for mode in modes:
        names = [d.name for d in datasets]
        print(f"{mode}: nDCG@10 (MRR@10); p: paired t-test of nDCG@10 against the first row\n")
        print("| variant | " + " | ".join(names) + " | mean nDCG@10 |")
        print("|---" * (len(names) + 2) + "|")
        for name, per_set in results.items():
            cells = []
            for n in names:
                entry = per_set[n][mode]
                cell = f"{entry['metrics']['ndcg@10']:.3f} ({entry['metrics']['mrr@10']:.3f})"
                if "ndcg@10_vs_first" in entry:
                    cell += f", p {entry['ndcg@10_vs_first']['p_value']:.2g}"
                cells.append(cell)
            mean = sum(per_set[n][mode]["metrics"]["ndcg@10"] for n in names) / len(names)
            print(f"| {name} | " + " | ".join(cells) + f" | {mean:.3f} |")
        print()
    print(f"report: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
