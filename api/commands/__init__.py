"""One module per `tracuu` subcommand.

Each module defines `ORDER` (its place in `tracuu --help`) and `register(subcommands)`, which adds
its parser and sets `handler`. `api.cli` discovers them, so a new command touches no other file.
"""

INDEX_HELP = "index directory (default: $TRACUU_INDEX or ./tracuu-index)"
