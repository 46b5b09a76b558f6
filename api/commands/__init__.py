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
