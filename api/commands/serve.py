"""`tracuu serve`: the web page and HTTP API over an index (http://127.0.0.1:8000 by default)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.commands import INDEX_HELP
from indexer.store.layout import default_index_dir

ORDER = 40


def _read_key(path: Path | None) -> str | None:
    if path is None:
        return None
    key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise ValueError(f"{path} is empty: it should hold the API key")
    return key


def run(args: argparse.Namespace) -> int:
    if args.backend == "opensearch" and not args.url:
        print("tracuu serve: --backend opensearch needs --url http://HOST:PORT[,http://HOST2:PORT]", file=sys.stderr)
        return 2
    import uvicorn

    from api.http import Limits, ServerSettings, create_app

    limits = Limits(upload_bytes=args.max_upload_mb * 1024 * 1024, upload_files=args.max_upload_files,
                    upload_request_bytes=args.max_request_mb * 1024 * 1024)
    overrides = {"index_dir": args.index, "require_key_for_reads": args.require_key_for_reads, "limits": limits,
                 "embed_uploads": not args.no_embed_uploads}
    if args.backend == "opensearch":
        overrides.update(opensearch_url=args.url, opensearch_alias=args.alias, expect_nodes=args.expect_nodes)
    key = _read_key(args.api_key_file)
    if key:
        overrides["api_key"] = key
    settings = ServerSettings.from_environment(**overrides)
    if args.require_key_for_reads and settings.api_key is None:
        raise ValueError("--require-key-for-reads needs a key: set TRACUU_API_KEY or give --api-key-file")
    if args.backend == "embedded" and not settings.index_dir.joinpath("manifest.json").is_file():
        print(f"note: no index at {settings.index_dir} yet; build one with `tracuu index PATH` "
              "(or upload files with the API key)", file=sys.stderr)
    writes = "uploads and deletions need the API key" if settings.api_key else \
        "read-only (set TRACUU_API_KEY to allow uploads)"
    served = f"index {settings.index_dir}"
    if args.backend == "opensearch":
        served, writes = f"opensearch {args.url} alias {args.alias}", "read-only: `tracuu migrate` fills the cluster"
    print(f"tracuu: http://{args.host}:{args.port}/  ({served}; {writes})", file=sys.stderr, flush=True)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=args.log_level)
    return 0


def register(subcommands) -> None:
    serve = subcommands.add_parser("serve", help="serve the web page and HTTP API (default http://127.0.0.1:8000)")
    serve.add_argument("--index", type=Path, default=default_index_dir(), help=INDEX_HELP)
    serve.add_argument("--backend", choices=["embedded", "opensearch"], default="embedded",
                       help="opensearch: serve a cluster filled by `tracuu migrate` (read-only; with opensearch, "
                            "--index only says where keys.json is: docs/opensearch.md)")
    serve.add_argument("--url", help="the OpenSearch nodes, comma-separated (with --backend opensearch)")
    serve.add_argument("--alias", default="tracuu", help="the migrated index's alias (default tracuu)")
    serve.add_argument("--expect-nodes", type=int, default=None,
                       help="/health says degraded below this many nodes (default: the most seen since start)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--api-key-file", type=Path, default=None,
                       help="file holding the API key (default: $TRACUU_API_KEY; without a key, writes are refused)")
    serve.add_argument("--require-key-for-reads", action="store_true", help="searches and documents need the key too")
    serve.add_argument("--max-upload-mb", type=int, default=50, help="size limit per uploaded file (default 50)")
    serve.add_argument("--max-upload-files", type=int, default=20, help="files per upload request (default 20)")
    serve.add_argument("--max-request-mb", type=int, default=100,
                       help="size limit of one upload request, all its files together (default 100); "
                            "refused as soon as the body passes it")
    serve.add_argument("--no-embed-uploads", action="store_true",
                       help="index uploads for keyword search only; `tracuu embed` adds their vectors later")
    serve.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    serve.set_defaults(handler=run)
