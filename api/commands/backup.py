"""`tracuu backup` and `tracuu restore`: a consistent copy of an index, taken while it is served
and written, and bringing one back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.commands import INDEX_HELP
from indexer.store.layout import default_index_dir

ORDER = 26


def _print_findings(report) -> None:
    for finding in report.findings:
        if finding.damage:
            print(f"  DAMAGED {finding.part}: {finding.problem}\n      repair: {finding.repair}", file=sys.stderr)


def run_backup(args: argparse.Namespace) -> int:
    from indexer.store.backup import backup

    result = backup(args.index, args.target, wait_s=args.wait, embedding_cache=args.embedding_cache)
    print(f"backup of {args.index} in {result.target}: {result.documents:,} documents, {result.chunks:,} chunks, "
          f"{result.files:,} files, {result.bytes / 1e6:,.1f} MB")
    if result.check.damaged:
        print("the index backed up is damaged (the backup holds it as it is):", file=sys.stderr)
        _print_findings(result.check)
        return 1
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from indexer.store.backup import restore

    result = restore(args.backup, args.index, force=args.force, wait_s=args.wait)
    print(f"restored {result.documents:,} documents, {result.chunks:,} chunks into {result.target}"
          + (" (the index that was there is replaced" + ("; its embedding cache is kept)" if result.kept_cache else ")")
             if result.replaced else ""))
    if result.replaced:
        print("a server running on this index opens the restored one at its next look for changes (every few "
              "seconds)")
    if result.check.damaged:
        print("the restored index has damaged parts:", file=sys.stderr)
        _print_findings(result.check)
        return 1
    return 0


def register(subcommands) -> None:
    backup = subcommands.add_parser(
        "backup", help="copy the index as one committed state into a new folder (while it is served and written)")
    backup.add_argument("target", type=Path, help="the backup folder (new, or empty)")
    backup.add_argument("--index", type=Path, default=default_index_dir(), help=INDEX_HELP)
    backup.add_argument("--embedding-cache", action="store_true",
                        help="copy the embedding cache too (large; without it, restoring keeps the cache already there)")
    backup.add_argument("--wait", type=float, default=600.0, metavar="SECONDS",
                        help="how long to wait for a writer holding the index to finish (default 600)")
    backup.set_defaults(handler=run_backup)

    restore = subcommands.add_parser("restore", help="bring a backup back as the index (checked file by file first)")
    restore.add_argument("backup", type=Path, help="a folder written by `tracuu backup`")
    restore.add_argument("--index", type=Path, default=default_index_dir(), help=INDEX_HELP)
    restore.add_argument("--force", action="store_true", help="replace the index that is there")
    restore.add_argument("--wait", type=float, default=600.0, metavar="SECONDS",
                         help="how long to wait for a writer of the index being replaced (default 600)")
    restore.set_defaults(handler=run_restore)
