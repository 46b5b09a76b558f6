"""`tracuu check`: is an index whole? The catalog, the keyword and vector indexes agree and every
file matches its checksum; each finding names the part and how to repair it (exit 0 whole,
1 damaged). `--repair` rebuilds a damaged derived part from the catalog."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.commands import INDEX_HELP
from indexer.store.layout import default_index_dir

ORDER = 25


def _print(report) -> None:
    from indexer.store.check import CATALOG, LEXICAL, VECTORS

    stream = sys.stdout

    print(f"index {report.root}", file=stream)
    damaged = report.damaged_parts()
    catalog = report.facts.get(CATALOG)
    if catalog and CATALOG not in damaged:
        print(f"  catalog: whole ({catalog['documents']:,} documents, {catalog['chunks']:,} chunks)", file=stream)
    lexical = report.facts.get(LEXICAL)
    if lexical and LEXICAL not in damaged:
        print(f"  lexical index: whole ({lexical['chunks']:,} chunks)", file=stream)
    vectors = report.facts.get(VECTORS)
    if vectors and VECTORS not in damaged:
        waiting = report.facts.get("chunks waiting for vectors")
        print(f"  vector index: whole ({vectors['chunks']:,} chunks, {vectors['vectors']:,} vectors"
              + (f"; {waiting:,} chunks still wait for vectors: `tracuu embed`" if waiting else "") + ")", file=stream)
    for finding in report.findings:
        label = "DAMAGED" if finding.damage else "note"
        print(f"  {label} {finding.part}: {finding.problem}", file=stream)
        if finding.repair:
            print(f"      repair: {finding.repair}", file=stream)
    print("damaged: " + ", ".join(sorted(damaged)) if report.damaged else "whole", file=stream)


def _examine(layout, wait_s: float):
    from indexer.store import check
    from indexer.store.backup import snapshot
    from indexer.store.layout import IndexDamaged

    try:
        with snapshot(layout, wait_s) as snap:  # one committed state, even while a server writes
            return check.examine(snap.layout, snap.catalog, root=layout.root)
    except IndexDamaged:  # the catalog cannot even be pinned: examine the files as they are
        return check.examine(layout)


def run(args: argparse.Namespace) -> int:
    from indexer.store import check
    from indexer.store.layout import Layout, writer_lock

    layout = Layout(args.index)
    if not layout.root.is_dir() or not any(layout.root.iterdir()):
        layout.read_manifest()  # raises IndexMissing: there is nothing to check
    if not layout.exists():
        report = check.examine(layout)  # no manifest: say what else is there or missing
    elif args.repair:
        with writer_lock(layout, wait_s=args.wait):
            report = check.examine(layout)
            if report.damaged or any(f.part == check.CHECKSUMS for f in report.findings):
                done = check.repair(layout, report)
                for finding in done.left:
                    print(f"cannot repair the {finding.part} from the index itself: {finding.repair}", file=sys.stderr)
                if done.rebuilt_lexical:
                    print(f"keyword index rebuilt from the catalog: {done.rebuilt_lexical:,} chunks")
                if done.recorded_checksums:
                    print("checksums recorded")
            else:
                done = None
        if done is not None and done.vectors_reset:
            from api.progress import TerminalProgress
            from indexer.update import embed_index

            print("vector index removed; computing the vectors again (from the embedding cache where it has them)")
            result = embed_index(layout.root, TerminalProgress(enabled=not args.quiet))
            print(f"{result.chunks_embedded:,} chunks embedded")
        if done is not None:
            report = _examine(layout, args.wait)
    else:
        report = _examine(layout, args.wait)
    if args.json:
        print(check.report_json(report))
    else:
        _print(report)
    return 1 if report.damaged else 0


def register(subcommands) -> None:
    parser = subcommands.add_parser(
        "check", help="verify an index: catalog, keyword and vector indexes agree, files match their checksums")
    parser.add_argument("--index", type=Path, default=default_index_dir(), help=INDEX_HELP)
    parser.add_argument("--repair", action="store_true",
                        help="rebuild damaged keyword or vector indexes from the catalog and record missing checksums")
    parser.add_argument("--wait", type=float, default=600.0, metavar="SECONDS",
                        help="how long to wait for a writer holding the index (default 600)")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress bar while re-embedding")
    parser.set_defaults(handler=run)
