"""Extraction survey of a real archive: does every file go through, how fast, and how often
is each metadata field found?

    python -m eval.studies.extract_survey [DIR] [--jobs N] [--name NAME]

DIR defaults to ../shared/data/lamdong-dossiers/files. Writes eval/results/survey-NAME.jsonl
(one record per file: format, seconds, error or metadata values, for hand-checking) and
prints a Markdown table per format.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from indexer.extraction import extract_many
from indexer.extraction.errors import ExtractionError
from indexer.extraction.serialize import metadata_to_json

from eval.common import REPO, RESULTS, SHARED_DATA

DEFAULT_DIR = SHARED_DATA / "lamdong-dossiers" / "files"
FIELDS = ("unit", "doc_type", "number", "date", "signer", "signer_position")


def survey(root: Path, jobs: int | None) -> list[dict]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    records = []
    for i, result in enumerate(extract_many(files, jobs=jobs), start=1):
        record = {
            "path": str(result.path.relative_to(root)),
            "extension": result.path.suffix.lower().lstrip("."),
            "bytes": result.path.stat().st_size,
            "seconds": round(result.seconds, 3),
        }
        if isinstance(result.outcome, ExtractionError):
            record["error"] = result.outcome.to_json()
        else:
            values, _ = metadata_to_json(result.outcome.metadata)
            record.update(format=result.outcome.format, chars=len(result.outcome.text),
                          sections=len(result.outcome.sections), warnings=result.outcome.warnings,
                          metadata={k: values[k] for k in (*FIELDS, "place", "title")})
        records.append(record)
        print(f"\r{i}/{len(files)} files", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return records


def table(records: list[dict]) -> str:
    groups: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        groups[record["extension"]].append(record)
        groups["all"].append(record)
    header = "| format | files | ok | failed (codes) | s/file (mean) | MB/s | " + " | ".join(FIELDS) + " |"
    lines = [header, "|" + "---|" * (6 + len(FIELDS))]
    for name in sorted(groups, key=lambda n: (n == "all", n)):
        group = groups[name]
        ok = [r for r in group if "error" not in r]
        codes = defaultdict(int)
        for r in group:
            if "error" in r:
                codes[r["error"]["code"]] += 1
        seconds = sum(r["seconds"] for r in group)
        megabytes = sum(r["bytes"] for r in group) / 1e6
        shares = [f"{sum(1 for r in ok if r['metadata'][f]) / max(len(ok), 1):.0%}" for f in FIELDS]
        failed = f"{len(group) - len(ok)}" + (f" ({', '.join(f'{c} {n}' for c, n in sorted(codes.items()))})" if codes else "")
        lines.append(f"| {name} | {len(group)} | {len(ok)} | {failed} | {seconds / len(group):.2f} | {megabytes / max(seconds, 1e-9):.2f} | " + " | ".join(shares) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--name", default="lamdong")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        sys.exit(f"{args.root} not found: the survey reads ../shared/data beside the repository")
    started = time.perf_counter()
    records = survey(args.root, args.jobs)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"survey-{args.name}.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print(table(records))
    print(f"\n{len(records)} files in {time.perf_counter() - started:.0f} s wall; per-file records in {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
