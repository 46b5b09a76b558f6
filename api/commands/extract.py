"""`tracuu extract`: read files and print their text, sections and metadata."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from indexer.extraction import document_to_json, error_to_json, extract_many
from indexer.extraction.errors import ExtractionError
from indexer.extraction.loading import MAX_FILE_BYTES

ORDER = 10


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


def run(args: argparse.Namespace) -> int:
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


def register(subcommands) -> None:
    extract = subcommands.add_parser("extract", help="read files and print their text, sections and metadata")
    extract.add_argument("files", nargs="+", type=Path, help="report files (PDF, DOCX, DOC, RTF, XLS(X), PPT(X), TXT, MD, HTML)")
    extract.add_argument("--json", action="store_true", help="one JSON object per file (JSON Lines)")
    extract.add_argument("--jobs", type=int, default=None, help="files read in parallel (default: all cores)")
    extract.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per file (default 300)")
    extract.add_argument("--max-mb", type=int, default=MAX_FILE_BYTES // (1024 * 1024), help="size limit per file in MB")
    extract.set_defaults(handler=run)
