"""`python -m eval EVALUATION [options]`, from a checkout: the measurements of eval/, one command
each, recorded with date, commit and machine under eval/results/. Each evaluation parses its own
options (`python -m eval retrieval --help`); each module also runs alone (`python -m eval.retrieval_quality`).
The one-off studies behind past decisions run as `python -m eval.studies.NAME`."""

from __future__ import annotations

import importlib
import sys

# name → (module with main(argv, prog), one-line help)
EVALUATIONS = {
    "retrieval": ("eval.retrieval_quality", "retrieval quality (Recall, MRR, nDCG per mode) on a BEIR-style set"),
    "gate": ("eval.regression_gate", "the CI retrieval gate: nDCG@10 per mode against eval/expected/retrieval_gate.json"),
    "answers": ("eval.answers_eval", "the domain question set through `tracuu ask`: unit recall/precision, figures, sections"),
    "rephrased": ("eval.rephrased", "the same questions asked another way: rewordings whose answer differs, per wording rule"),
    "sentences": ("eval.sentence_recall", "known-item retrieval: sentences of an index's documents as queries"),
    "versions": ("eval.versions", "version groups on the archive: precision on a hand-checked sample of grouped pairs"),
    "ingest": ("eval.ingest_benchmark", "ingestion accuracy (characters, diacritics, syllables) on the viparse-corpus"),
    "speed": ("eval.retrieval_speed", "index and search speed at 10k/100k chunks, against rank-bm25"),
    "load": ("eval.load_test", "a bounded load test of `tracuu serve` on loopback"),
    "scope": ("eval.scope_cost", "search latency under scoped keys against the full-access key, on one index"),
}


def usage() -> str:
    width = max(map(len, EVALUATIONS))
    return "\n".join(["usage: python -m eval EVALUATION [options]   (python -m eval EVALUATION --help)", "",
                      *(f"  {name:<{width}}  {help_text}" for name, (_module, help_text) in EVALUATIONS.items())])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage(), file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in EVALUATIONS:
        print(f"python -m eval: unknown evaluation {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    from indexer.store.layout import IndexProblem

    module = importlib.import_module(EVALUATIONS[name][0])
    try:
        return module.main(rest, prog=f"python -m eval {name}")
    except (IndexProblem, ValueError) as exc:  # a malformed set, a missing index: said in one line
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
