"""The `tracuu` command line: discovers the subcommands in `api.commands` (one module each)."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from indexer.store.layout import IndexProblem

import api.commands


def _command_modules() -> list:
    modules = [importlib.import_module(f"api.commands.{info.name}")
               for info in pkgutil.iter_modules(api.commands.__path__) if not info.name.startswith("_")]
    return sorted(modules, key=lambda module: (module.ORDER, module.__name__))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tracuu", description="Tra cứu: search Vietnamese administrative reports.")
    subcommands = parser.add_subparsers(dest="command", required=True)
    for module in _command_modules():
        module.register(subcommands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (IndexProblem, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `tracuu … | head`: the reader has gone, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
