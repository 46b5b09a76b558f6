"""Ingestion-accuracy benchmark on the viparse-corpus: how much Vietnamese text survives.

    python -m eval ingest [--loaders tracuu,viparse,...] [--json OUT] [--markdown]

Each loader runs in its own worker process, one file at a time, with a per-file time limit;
a failure (exception, timeout, crash) scores 0 on every measure. Scores are defined in
eval/ingest_scoring.py. Results go to eval/results/ (git-ignored): a JSON file with the
summary and one record per (loader, file), a Markdown report, and each loader's raw output
text under outputs/<loader>/ for diagnosing regressions.
"""

from __future__ import annotations

import argparse
import fnmatch
import importlib
import json
import multiprocessing
import os
import shlex
import signal
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from statistics import fmean
from typing import Any

from eval.ingest_loaders import LOADERS, Loader, file_format, missing_tools
from eval.ingest_scoring import FAILED, NAIVE_LIMIT, normalize, score
from eval.common import RESULTS, SHARED_DATA
from eval.provenance import describe, provenance

CORPUS = SHARED_DATA / "viparse-corpus"
DEFAULT_LOADERS = list(LOADERS)
MEASURES = ("char", "diacritic", "syllable")
# Flag files below this diacritic accuracy in the report.
LOW_DIACRITIC = 0.9


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    truth: Path
    encoding: str  # tcvn3 | vni | synthetic-vni

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def format(self) -> str:
        return file_format(self.path)


@dataclass
class Outcome:
    status: str  # ok | error | timeout
    seconds: float
    text: str = ""
    error: str = ""


# --- corpus -------------------------------------------------------------------------------


def _stem(path: Path) -> str:
    """Ground-truth stem: the name without its last extension ("a.dot.xls" -> "a.dot")."""
    return path.name.rsplit(".", 1)[0]


def _paired(originals: Path, truths: Path, encoding: str) -> list[CorpusFile]:
    if not originals.is_dir():
        return []
    files = []
    for path in sorted(originals.iterdir()):
        truth = truths / f"{_stem(path)}.txt"
        if path.is_file() and truth.is_file():
            files.append(CorpusFile(path, truth, encoding))
    return files


def discover(corpus: Path) -> list[CorpusFile]:
    """Originals that have a ground-truth file, in a stable order."""
    public = corpus / "corpus" / "public-domain"
    return (
        _paired(public / "tcvn3", corpus / "ground-truth", "tcvn3")
        + _paired(public / "vni", corpus / "ground-truth", "vni")
        + _paired(corpus / "corpus" / "synthetic", corpus / "ground-truth-synthetic", "synthetic-vni")
    )


def read_truth(file: CorpusFile) -> str:
    return file.truth.read_text(encoding="utf-8-sig")


# --- running loaders ----------------------------------------------------------------------


def _worker_main(loader_name: str, conn: Connection) -> None:
    # A session of its own, so a timeout can kill the worker with its soffice children.
    os.setsid()
    loader = LOADERS[loader_name]
    try:
        for module in loader.modules:
            importlib.import_module(module)
    except Exception as exc:
        conn.send(("unavailable", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", ""))
    while (path := conn.recv()) is not None:
        start = time.perf_counter()
        try:
            text = loader.load(Path(path))
            conn.send(("ok", text, time.perf_counter() - start))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:500], time.perf_counter() - start))


class LoaderUnavailable(Exception):
    pass


class Worker:
    """One long-lived process running one loader; restarted after a timeout or a crash."""

    STARTUP_TIMEOUT_S = 120

    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        self.context = multiprocessing.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self.conn, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker_main, args=(self.loader.name, child), daemon=True)
        self.process.start()
        child.close()
        if not self.conn.poll(self.STARTUP_TIMEOUT_S):
            self.close()
            raise LoaderUnavailable("worker did not start")
        try:
            status, message = self.conn.recv()
        except EOFError:
            status, message = "unavailable", f"worker exited with status {self.process.exitcode}"
        if status != "ready":
            self.close()
            raise LoaderUnavailable(message)

    def run(self, path: Path, timeout: float) -> Outcome:
        start = time.perf_counter()
        self.conn.send(str(path))
        if not self.conn.poll(timeout):
            self._restart()
            return Outcome("timeout", timeout, error=f"no result within {timeout:g} s")
        try:
            status, payload, seconds = self.conn.recv()
        except EOFError:
            self.process.join(5)
            error = f"worker died (exit status {self.process.exitcode})"
            self._restart()
            return Outcome("error", time.perf_counter() - start, error=error)
        if status == "ok":
            return Outcome("ok", seconds, text=payload)
        return Outcome("error", seconds, error=payload)

    def _restart(self) -> None:
        self.close()
        self._start()

    def close(self) -> None:
        if self.process.is_alive():
            try:
                self.conn.send(None)
                self.process.join(5)
            except (BrokenPipeError, OSError):
                pass
        if self.process.is_alive():
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.join(5)
        self.conn.close()


# --- one benchmark run --------------------------------------------------------------------


def _record(loader: str, file: CorpusFile, outcome: Outcome, scores: dict[str, float], expected: str) -> dict[str, Any]:
    return {
        "loader": loader,
        "file": file.name,
        "format": file.format,
        "encoding": file.encoding,
        "bytes": file.path.stat().st_size,
        "status": outcome.status,
        "error": outcome.error,
        "seconds": round(outcome.seconds, 4),
        **{measure: round(scores[measure], 5) for measure in MEASURES},
        "expected_chars": len(normalize(expected)),
        "got_chars": len(normalize(outcome.text)),
    }


def _save_output(loader: str, file: CorpusFile, text: str, outputs: Path) -> None:
    folder = outputs / loader
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{file.name}.txt").write_text(text, encoding="utf-8")


def run_loader(
    loader: Loader, files: Iterable[CorpusFile], timeout: float, outputs: Path, log: Callable[[str], None]
) -> list[dict[str, Any]]:
    """Per-file records for one loader; raises LoaderUnavailable if it cannot start."""
    worker = Worker(loader)
    records = []
    try:
        for file in files:
            outcome = worker.run(file.path, timeout)
            expected = read_truth(file)
            scores = score(expected, outcome.text) if outcome.status == "ok" else FAILED
            if outcome.status == "ok":
                _save_output(loader.name, file, outcome.text, outputs)
            records.append(_record(loader.name, file, outcome, scores, expected))
            log(
                f"  {file.name}: {outcome.status} {outcome.seconds:.2f}s "
                f"diacritic={scores['diacritic']:.3f} {outcome.error[:120]}"
            )
    finally:
        worker.close()
    return records


# --- summaries ----------------------------------------------------------------------------


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Means (failures count as 0), failure count and throughput of a group of records."""
    seconds = sum(record["seconds"] for record in records)
    megabytes = sum(record["bytes"] for record in records) / 1e6
    return {
        "files": len(records),
        "failures": sum(record["status"] != "ok" for record in records),
        **{measure: fmean(record[measure] for record in records) for measure in MEASURES},
        "seconds": round(seconds, 3),
        "docs_per_s": len(records) / seconds if seconds else None,
        "mb_per_s": megabytes / seconds if seconds else None,
    }


def _grouped(records: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(record[key], []).append(record)
    return {name: summarize(group) for name, group in sorted(groups.items())}


def loader_summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "overall": summarize(records),
        "by_format": _grouped(records, "format"),
        "by_encoding": _grouped(records, "encoding"),
        "below_0.9_diacritic": sorted(
            (record["file"], record["diacritic"]) for record in records if record["diacritic"] < LOW_DIACRITIC
        ),
    }


# --- Markdown -----------------------------------------------------------------------------


def _number(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *map(_row, rows)]


def _cells(summary: dict[str, Any], throughput: bool = True) -> list[str]:
    cells = [str(summary["files"]), str(summary["failures"])]
    cells += [_number(summary[measure], 3) for measure in MEASURES]
    if throughput:
        cells += [_number(summary["docs_per_s"], 2), _number(summary["mb_per_s"], 3)]
    return cells


_SCORE_HEADER = ["files", "failures", "char", "diacritic", "syllable"]
_SPEED_HEADER = ["docs/s", "MB/s"]


def markdown_report(summaries: dict[str, dict[str, Any]], unavailable: dict[str, str], full: bool) -> str:
    lines = ["### Overall", ""]
    lines += _table(
        ["loader", *_SCORE_HEADER, *_SPEED_HEADER],
        [[name, *_cells(summary["overall"])] for name, summary in summaries.items()],
    )
    if unavailable:
        lines += ["", *(f"- `{name}` not run: {reason}" for name, reason in unavailable.items())]
    if not full:
        return "\n".join(lines) + "\n"
    lines += ["", "### Per format", ""]
    lines += _table(
        ["loader", "format", *_SCORE_HEADER, *_SPEED_HEADER],
        [
            [name, fmt, *_cells(group)]
            for name, summary in summaries.items()
            for fmt, group in summary["by_format"].items()
        ],
    )
    lines += ["", "### Per encoding", ""]
    lines += _table(
        ["loader", "encoding", *_SCORE_HEADER],
        [
            [name, encoding, *_cells(group, throughput=False)]
            for name, summary in summaries.items()
            for encoding, group in summary["by_encoding"].items()
        ],
    )
    lines += ["", f"### Files below {LOW_DIACRITIC} diacritic accuracy", ""]
    for name, summary in summaries.items():
        low = summary["below_0.9_diacritic"]
        listed = ", ".join(f"`{file}` ({value:.2f})" for file, value in low) or "none"
        lines.append(f"- **{name}** ({len(low)}/{summary['overall']['files']}): {listed}")
    return "\n".join(lines) + "\n"


# --- alignment check ----------------------------------------------------------------------


def check_alignment(records: list[dict[str, Any]], outputs: Path, count: int, files: dict[str, CorpusFile]) -> list[dict[str, Any]]:
    """Fast vs plain-difflib scores on each loader's ``count`` smallest outputs where they can differ."""
    picked: dict[str, list[dict[str, Any]]] = {}
    for record in sorted(records, key=lambda record: record["expected_chars"] * record["got_chars"]):
        if record["status"] == "ok" and record["expected_chars"] * record["got_chars"] > NAIVE_LIMIT:
            picked.setdefault(record["loader"], []).append(record)
    checks = []
    for record in [record for group in picked.values() for record in group[:count]]:
        expected = read_truth(files[record["file"]])
        got = (outputs / record["loader"] / f"{record['file']}.txt").read_text(encoding="utf-8")
        start = time.perf_counter()
        naive = score(expected, got, naive=True)
        checks.append({
            "loader": record["loader"],
            "file": record["file"],
            "expected_chars": record["expected_chars"],
            "naive_seconds": round(time.perf_counter() - start, 2),
            **{f"{m}_fast": record[m] for m in MEASURES},
            **{f"{m}_naive": round(naive[m], 5) for m in MEASURES},
        })
    return checks


def _check_table(checks: list[dict[str, Any]]) -> str:
    rows = [
        [c["loader"], c["file"], str(c["expected_chars"])]
        + [f"{c[m + '_fast']:.4f} / {c[m + '_naive']:.4f}" for m in MEASURES]
        + [str(c["naive_seconds"])]
        for c in checks
    ]
    header = ["loader", "file", "chars", "char fast / naive", "diacritic fast / naive", "syllable fast / naive", "naive s"]
    return "\n".join(_table(header, rows)) + "\n"


# --- command line -------------------------------------------------------------------------


def _parse_args(argv: list[str] | None, prog: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument("--loaders", default=",".join(DEFAULT_LOADERS), help=f"comma-separated, from: {', '.join(LOADERS)}")
    parser.add_argument("--json", type=Path, default=RESULTS / "ingest_benchmark.json", help="where to write summary + per-file records")
    parser.add_argument("--markdown", action="store_true", help="print the full report (per format, per encoding, low files)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per file before it counts as failed")
    parser.add_argument("--match", default="*", help="only files whose name matches this glob")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=argparse.SUPPRESS)
    parser.add_argument("--check-alignment", type=int, default=0, metavar="N",
                        help="also score N outputs with plain difflib and compare with the fast alignment")
    parser.add_argument("-q", "--quiet", action="store_true", help="no per-file progress on stderr")
    return parser.parse_args(argv)


def _corpus_files(corpus: Path, pattern: str) -> list[CorpusFile]:
    if not corpus.is_dir():
        sys.exit(
            f"error: the viparse-corpus is missing: expected it at {corpus} "
            f"(<repo>/../shared/data/viparse-corpus). Put the corpus there and run again."
        )
    files = [file for file in discover(corpus) if fnmatch.fnmatch(file.name, pattern)]
    if not files:
        sys.exit(f"error: no original with a ground-truth file under {corpus} matches {pattern!r}")
    return files


def main(argv: list[str] | None = None, prog: str = "python -m eval.ingest_benchmark") -> int:
    args = _parse_args(argv, prog)
    record = provenance(f"{prog} " + shlex.join(sys.argv[1:] if argv is None else argv))
    names = [name.strip() for name in args.loaders.split(",") if name.strip()]
    unknown = [name for name in names if name not in LOADERS]
    if unknown:
        sys.exit(f"error: unknown loader(s) {', '.join(unknown)}; choose from {', '.join(LOADERS)}")
    files = _corpus_files(args.corpus, args.match)
    outputs = args.json.parent / "outputs"

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    records: list[dict[str, Any]] = []
    summaries: dict[str, dict[str, Any]] = {}
    unavailable: dict[str, str] = {}
    for name in names:
        loader = LOADERS[name]
        chosen = [file for file in files if loader.handles(file.path)]
        reason = missing_tools(loader) or ("" if chosen else "no file in a format it reads")
        if not reason:
            log(f"{name}: {len(chosen)} files")
            try:
                loader_records = run_loader(loader, chosen, args.timeout, outputs, log)
            except LoaderUnavailable as exc:
                reason = str(exc)
        if reason:
            unavailable[name] = reason
            log(f"{name}: not run ({reason})")
            continue
        records += loader_records
        summaries[name] = loader_summary(loader_records)

    report = markdown_report(summaries, unavailable, full=True)
    checks: list[dict[str, Any]] = []
    if args.check_alignment:
        checks = check_alignment(records, outputs, args.check_alignment, {file.name: file for file in files})
        report += "\n### Fast alignment vs plain difflib\n\n" + _check_table(checks)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        **record,
        "corpus": str(args.corpus),
        "timeout_s": args.timeout,
        "loaders": summaries,
        "unavailable": unavailable,
        "files": records,
        "alignment_check": checks,
    }
    args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    args.json.with_suffix(".md").write_text(report, encoding="utf-8")
    print(describe(record) + "\n")
    print(report if args.markdown else markdown_report(summaries, unavailable, full=False), end="")
    print(f"\nreport: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
