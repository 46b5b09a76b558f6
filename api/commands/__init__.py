"""One module per `tracuu` subcommand.

Each module defines `ORDER` (its place in `tracuu --help`) and `register(subcommands)`, which adds
its parser and sets `handler`. `api.cli` discovers them, so a new command touches no other file.
"""

INDEX_HELP = "index directory (default: $TRACUU_INDEX or ./tracuu-index)"


def add_document_filters(parser) -> None:
    """The document filters every retrieval command takes (unit, type, level, dates)."""
    parser.add_argument("--unit", help="issuing unit contains these words (accents optional)")
    parser.add_argument("--doc-type", help="document type, e.g. 'báo cáo'")
    parser.add_argument("--level", help="administrative level: tỉnh, huyện, xã, phường")
    parser.add_argument("--from", dest="date_from", help="issued on or after (yyyy, yyyy-mm or yyyy-mm-dd)")
    parser.add_argument("--to", dest="date_to", help="issued on or before (yyyy, yyyy-mm or yyyy-mm-dd)")
