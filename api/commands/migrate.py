"""tracuu migrate: copy an embedded index into an OpenSearch cluster (docs/opensearch.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.commands import INDEX_HELP
from indexer.store.layout import default_index_dir

ORDER = 27


def run(args: argparse.Namespace) -> int:
    try:
        from indexer.store.opensearch.reader import connect
        from indexer.store.opensearch.writer import migrate
    except ImportError as exc:
        print(f"tracuu migrate: {exc}: install the extra (pip install -e '.[opensearch]')", file=sys.stderr)
        return 2
    report = migrate(args.index, connect(args.url, timeout=120), args.alias, shards=args.shards, replicas=args.replicas,
                     drop_previous=not args.keep_previous, progress=lambda line: print(line, file=sys.stderr))
    print(f"{report.alias}: version {report.version}, {report.documents} documents, {report.chunks} chunks, "
          f"{report.vectors} vectors in {report.seconds} s")
    return 0


def register(subcommands) -> None:
    command = subcommands.add_parser("migrate", help="copy an embedded index into an OpenSearch cluster")
    command.add_argument("--index", type=Path, default=default_index_dir(), help=INDEX_HELP)
    command.add_argument("--url", required=True, help="the cluster, e.g. http://127.0.0.1:9200")
    command.add_argument("--alias", default="tracuu", help="alias prefix of the indices (default tracuu)")
    command.add_argument("--shards", type=int, default=1)
    command.add_argument("--replicas", type=int, default=0)
    command.add_argument("--keep-previous", action="store_true", help="keep the indices the aliases left")
    command.set_defaults(handler=run)
