"""`tracuu eval …`: the measurements of eval/, one command each, recorded with date, commit and machine.

    tracuu eval retrieval --dataset DIR   retrieval quality on a BEIR-style set (eval/retrieval_quality.py)
    tracuu eval ingest                    ingestion accuracy on the viparse-corpus (eval/ingest_benchmark.py)
    tracuu eval speed                     index and search speed (eval/retrieval_speed.py)
    tracuu eval answers                   the domain question set through `tracuu ask` (eval/answers_eval.py)

Each evaluation parses its own options (`tracuu eval retrieval --help`), so this module imports
nothing heavy: the other commands start as fast as before.
"""

from __future__ import annotations

import argparse
import importlib

ORDER = 90

# name → (module with main(argv, prog), one-line help).
EVALUATIONS = {
    "retrieval": ("eval.retrieval_quality", "retrieval quality (Recall, MRR, nDCG per mode) on a BEIR-style set"),
    "ingest": ("eval.ingest_benchmark", "ingestion accuracy (characters, diacritics, syllables) on the viparse-corpus"),
    "speed": ("eval.retrieval_speed", "index and search speed at 10k/100k chunks, against rank-bm25"),
    "answers": ("eval.answers_eval", "the domain question set through `tracuu ask`: unit recall/precision, figures, sections"),
}


def run(args: argparse.Namespace) -> int:
    module, _help = EVALUATIONS[args.evaluation]
    return importlib.import_module(module).main(args.args, prog=f"tracuu eval {args.evaluation}")


def register(subcommands) -> None:
    parser = subcommands.add_parser("eval", help="measure retrieval quality, answers, ingestion accuracy or speed",
                                    description=__doc__.split("\n\n")[0])
    evaluations = parser.add_subparsers(dest="evaluation", required=True, metavar="{" + ",".join(EVALUATIONS) + "}")
    for name, (_module, help_text) in EVALUATIONS.items():
        # prefix_chars that no option uses: every argument goes, untouched, to the evaluation's own parser
        evaluation = evaluations.add_parser(name, help=help_text, add_help=False, prefix_chars="\x00")
        evaluation.add_argument("args", nargs=argparse.REMAINDER)
    parser.set_defaults(handler=run)
