"""`tracuu search`: ranked chunks for a query, printed or as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from api.commands import INDEX_HELP, add_backend_options, add_document_filters, open_backend
from indexer.store.layout import default_index_dir

ORDER = 30


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _shown_path(path: str | None) -> str:
    if not path:
        return "?"
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _print_results(response) -> None:
    for warning in response.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{len(response.results)} results for {response.query!r} ({response.mode}, {response.took_ms:.0f} ms)")
    for r in response.results:
        ranks = ", ".join(f"{name} #{rank}" if rank else f"{name} -" for name, rank in r.ranks.items())
        where = " › ".join(_clip(h, 50) for h in r.section_path) or "(đầu văn bản)"
        page = f", tr. {r.page_start}" if r.page_start else ""
        print(f"\n{r.rank}. {_clip(r.title or Path(r.path or '').name, 100)}  [{ranks}]")
        print(f"   {r.unit or '?'} · {r.date or 'không rõ ngày'} · {_shown_path(r.path)}{page} [{r.char_start}:{r.char_end}]")
        print(f"   § {where}")
        print(f"   {_highlighted(r.snippet, r.highlights)}")
        if r.more_in_document:
            print(f"   + thêm {len(r.more_in_document)} đoạn trong văn bản này: "
                  + "; ".join(_clip(" › ".join(hit["section_path"]) or "(đầu văn bản)", 40) for hit in r.more_in_document[:3])
                  + ("; …" if len(r.more_in_document) > 3 else ""))
        if r.version_count > 1:
            others = "; ".join(f"{v['name'] or v['doc_id']} ({v['date'] or 'không rõ ngày'}"
                               f"{', bản mới nhất' if v['head'] else ''}{', ' + str(len(v['hits'])) + ' đoạn khớp' if v['hits'] else ''})"
                               for v in r.versions)
            print(f"   ⧉ {r.version_count} phiên bản — cũng: {others}")
    for name, values in response.facets.items():
        if values:
            print(f"\n{name}: " + "; ".join(f"{v['value']} ({v['count']})" for v in values[:6]))


def _highlighted(text: str, spans) -> str:
    if not sys.stdout.isatty():
        return text
    out, cursor = [], 0
    for start, end in spans:
        out += [text[cursor:start], "\033[1m", text[start:end], "\033[0m"]
        cursor = end
    return "".join(out + [text[cursor:]])


def run(args: argparse.Namespace) -> int:
    from api.search import Filters, SearchRequest, Searcher
    from api.search.fusion import default_weights
    from api.search.intent import is_question

    filters = Filters(unit=args.unit, doc_type=args.doc_type, level=args.level, place=args.place,
                      date_from=args.date_from, date_to=args.date_to, path=args.path, doc_ids=args.doc)
    reader = open_backend(args)
    weights = None
    if args.bm25_weight is not None or args.dense_weight is not None:
        defaults = default_weights(is_question(args.query)) if args.fusion == "weighted" else {"bm25": 1.0, "dense": 1.0}
        weights = {"bm25": defaults["bm25"] if args.bm25_weight is None else args.bm25_weight,
                   "dense": defaults["dense"] if args.dense_weight is None else args.dense_weight}
    request = SearchRequest(query=args.query, mode=args.mode, k=args.k, filters=filters, fusion=args.fusion,
                            rrf_k=args.rrf_k, weights=weights, collapse=args.collapse,
                            group_documents=not args.all_chunks, group_versions=not args.all_versions)
    response = Searcher(reader).search(request)
    if args.json:
        print(json.dumps(response.to_json(), ensure_ascii=False))
    else:
        _print_results(response)
    return 0


def register(subcommands) -> None:
    search = subcommands.add_parser("search", help="search the index")
    search.add_argument("query")
    search.add_argument("--index", type=Path, default=default_index_dir(), help=INDEX_HELP)
    search.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid")
    search.add_argument("-k", type=int, default=10, help="number of results (default 10)")
    add_document_filters(search)
    search.add_argument("--place", help="place contains these words")
    search.add_argument("--path", help="a file path contains this text")
    search.add_argument("--doc", type=int, action="append", default=[], metavar="ID",
                        help="only this document id (repeatable; ids are in every result)")
    search.add_argument("--fusion", choices=["rrf", "weighted"], default="weighted",
                        help="weighted: convex combination of normalised scores (default); rrf: reciprocal rank fusion")
    search.add_argument("--rrf-k", type=int, default=60, help="k of reciprocal rank fusion (default 60)")
    search.add_argument("--bm25-weight", type=float, default=None, help="weight of BM25 in the fusion (weighted default 0.2, 0.05 for questions; rrf 1)")
    search.add_argument("--dense-weight", type=float, default=None, help="weight of dense retrieval (weighted default 0.8, 0.95 for questions; rrf 1)")
    search.add_argument("--collapse", action="store_true", help="one result per document, its other hits dropped")
    search.add_argument("--all-chunks", action="store_true",
                        help="list a document's hits as separate results (default: its further hits are folded under its best one)")
    search.add_argument("--all-versions", action="store_true",
                        help="list versions of a document (drafts, finals, copies) as separate results (default: folded under one)")
    search.add_argument("--json", action="store_true")
    add_backend_options(search)
    search.set_defaults(handler=run)
