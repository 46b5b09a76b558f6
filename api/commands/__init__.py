"""One module per `tracuu` subcommand.

Each module defines `ORDER` (its place in `tracuu --help`) and `register(subcommands)`, which adds
its parser and sets `handler`. `api.cli` discovers them, so a new command touches no other file.
"""

import argparse

INDEX_HELP = "index directory (default: $TRACUU_INDEX or ./tracuu-index)"


def add_document_filters(parser) -> None:
    """The document filters every retrieval command takes (unit, type, level, dates)."""
    parser.add_argument("--unit", help="issuing unit contains these words (accents optional)")
    parser.add_argument("--doc-type", help="document type, e.g. 'báo cáo'")
    parser.add_argument("--level", help="administrative level: tỉnh, huyện, xã, phường")
    parser.add_argument("--from", dest="date_from", type=_date(upper=False), metavar="DATE",
                        help="issued on or after (yyyy, yyyy-mm or yyyy-mm-dd)")
    parser.add_argument("--to", dest="date_to", type=_date(upper=True), metavar="DATE",
                        help="issued on or before (yyyy, yyyy-mm or yyyy-mm-dd)")


def add_backend_options(parser) -> None:
    """Where the reading commands read: the index folder, or a cluster filled by `tracuu migrate`."""
    parser.add_argument("--backend", choices=["embedded", "opensearch"], default="embedded",
                        help="embedded: the index folder (default); opensearch: a cluster filled by `tracuu migrate`")
    parser.add_argument("--url", help="the OpenSearch cluster, one or more nodes N1[,N2] (with --backend opensearch)")
    parser.add_argument("--alias", default="tracuu", help="the migrated index's alias (default tracuu)")


def open_backend(args: argparse.Namespace):
    """The reader `add_backend_options` chose: a ClusterReader, or the index folder's reader."""
    if args.backend == "opensearch":
        if not args.url:
            raise ValueError("--backend opensearch needs --url (the cluster's nodes, e.g. http://127.0.0.1:9200)")
        from indexer.store.opensearch.reader import ClusterReader

        return ClusterReader(args.url, args.alias)
    from indexer.store.reader import open_reader

    return open_reader(args.index)


def _date(upper: bool):
    """An argparse type: the date as given, once the search filters would take it (the same check as the API's)."""
    def check(value: str) -> str:
        from api.search.filters import FilterError, date_bound

        try:
            date_bound(value, upper)
        except FilterError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return value
    return check
