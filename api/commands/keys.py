"""`tracuu keys`: create, list and revoke API keys, and say which collections are public."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from indexer.store.layout import default_index_dir

ORDER = 55
INDEX_HELP = "index directory (default: $TRACUU_INDEX or ./tracuu-index)"


def _store(args):
    from api.keys import KeyStore

    return KeyStore(args.index)


def run_create(args: argparse.Namespace) -> int:
    collections = None if args.all else [c for value in args.read for c in value.split(",") if c.strip()]
    key = _store(args).create(args.name, collections, args.write, args.classified)
    print(key)
    print(f"key {args.name!r} created: it is shown this once; only its hash is kept in {_store(args).path}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    store = _store(args)
    listing = {"public": None if store.public() is None else sorted(store.public()), "keys": store.entries()}
    if args.json:
        print(json.dumps(listing, ensure_ascii=False, indent=1))
        return 0
    print("public (no key): " + ("every collection" if listing["public"] is None else ", ".join(listing["public"]) or "nothing"))
    for entry in listing["keys"]:
        reads = "every collection" if entry["collections"] is None else ", ".join(entry["collections"])
        extras = [word for word, on in (("write", entry["write"]), ("classified", entry["classified"])) if on]
        print(f"{entry['name']}: reads {reads}" + (f"; {', '.join(extras)}" if extras else ""))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    _store(args).revoke(args.name)
    print(f"key {args.name!r} revoked")
    return 0


def run_public(args: argparse.Namespace) -> int:
    _store(args).set_public(None if args.all else [] if args.none else args.collections)
    return run_list(argparse.Namespace(index=args.index, json=False))


def register(subcommands) -> None:
    keys = subcommands.add_parser("keys", help="API keys: who may read which collections, and write")
    actions = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="a new key, printed once")
    create.add_argument("name", help="a name to list and revoke it by")
    scope = create.add_mutually_exclusive_group(required=True)
    scope.add_argument("--read", action="append", default=[], metavar="COLLECTION[,…]", help="collections it may read")
    scope.add_argument("--all", action="store_true", help="it may read every collection")
    create.add_argument("--write", action="store_true", help="it may upload into its collections and delete their documents")
    create.add_argument("--classified", action="store_true", help="it may read classified documents (MẬT, nội bộ)")
    create.set_defaults(handler=run_create)
    listing = actions.add_parser("list", help="the keys (never the keys themselves) and the public collections")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)
    revoke = actions.add_parser("revoke", help="remove a key")
    revoke.add_argument("name")
    revoke.set_defaults(handler=run_revoke)
    public = actions.add_parser("public", help="collections anyone may read without a key")
    choice = public.add_mutually_exclusive_group(required=True)
    choice.add_argument("collections", nargs="*", default=[], metavar="COLLECTION")
    choice.add_argument("--all", action="store_true", help="every collection (the default of a new index)")
    choice.add_argument("--none", action="store_true", help="nothing without a key")
    public.set_defaults(handler=run_public)
    for parser in (create, listing, revoke, public):
        parser.add_argument("--index", type=Path, default=default_index_dir(), help=INDEX_HELP)
