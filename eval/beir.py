"""A BEIR-style retrieval set read from its folder, with errors that name the file, line and cause.

    DIR/corpus.jsonl    {"id" | "_id", "title"?, "text"} per line
    DIR/queries.jsonl   {"id" | "_id", "text"} per line
    DIR/qrels.tsv       query_id, doc_id, relevance (tabs or spaces; an optional header line;
                        the four-column TREC form "query_id 0 doc_id relevance" too),
                        or DIR/qrels/test.tsv as BEIR ships it

Only queries with at least one positive judgement are evaluated (the BEIR convention); the
others are counted and reported. A judged query with empty text stays in (it finds nothing and
scores 0, as in the sets' published reference figures) and is counted apart. A judgement naming an unknown query or document is an error:
it would silently change the scores.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from indexer.records import Record


class DatasetError(ValueError):
    """A malformed dataset file; the message names the file, the line and the cause."""


@dataclass
class Dataset:
    name: str
    root: Path
    corpus: list[Record]
    queries: dict[str, str]  # id → text, only queries with a positive judgement
    qrels: dict[str, dict[str, int]]  # query id → doc id → relevance
    unjudged_queries: int = 0
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def empty_queries(self) -> list[str]:
        return [q for q, text in self.queries.items() if not text.strip()]

    def corpus_hash(self) -> str:
        """SHA-256 over the records as read (ids, titles, texts, in order)."""
        digest = hashlib.sha256()
        for record in self.corpus:
            digest.update(f"{record.id}\x00{record.title}\x00{record.text}\x01".encode("utf-8"))
        return digest.hexdigest()


def _jsonl(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    """(line number, object) for each non-blank line; ``id`` filled from ``_id`` when needed."""
    if not path.is_file():
        raise DatasetError(f"{path}: no such file")
    rows, seen = [], {}
    with path.open(encoding="utf-8") as handle:
        try:
            lines = list(enumerate(handle, 1))
        except UnicodeDecodeError as exc:
            raise DatasetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    for number, line in lines:
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(row, dict):
            raise DatasetError(f"{path}:{number}: expected a JSON object, got {type(row).__name__}")
        if "id" not in row and "_id" in row:
            row["id"] = row["_id"]
        for name in required:
            if name not in row:
                raise DatasetError(f"{path}:{number}: missing field {name!r}")
        if isinstance(row["id"], int) and not isinstance(row["id"], bool):
            row["id"] = str(row["id"])
        if not isinstance(row["id"], str) or not row["id"].strip():
            raise DatasetError(f"{path}:{number}: 'id' must be a non-empty string, got {row['id']!r}")
        for name in ("title", "text"):
            if row.get(name) is not None and not isinstance(row[name], str):
                raise DatasetError(f"{path}:{number}: {name!r} must be a string, got {type(row[name]).__name__}")
        if row["id"] in seen:
            raise DatasetError(f"{path}:{number}: id {row['id']!r} already used on line {seen[row['id']]}")
        seen[row["id"]] = number
        rows.append((number, row))
    if not rows:
        raise DatasetError(f"{path}: no records")
    return rows


def qrels_path(root: Path) -> Path:
    for candidate in (root / "qrels.tsv", root / "qrels" / "test.tsv"):
        if candidate.is_file():
            return candidate
    raise DatasetError(f"{root}: no qrels.tsv (nor qrels/test.tsv)")


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    first = True
    with path.open(encoding="utf-8") as handle:
        lines = list(enumerate(handle, 1))
    for number, line in lines:
        if not line.strip():
            continue
        header_allowed, first = first, False
        columns = line.rstrip("\n").split("\t") if "\t" in line else line.split()
        columns = [c.strip() for c in columns]
        if len(columns) not in (3, 4):
            raise DatasetError(f"{path}:{number}: expected 3 columns (query_id doc_id relevance) or 4 (TREC: "
                               f"query_id 0 doc_id relevance), found {len(columns)}")
        query_id, doc_id, relevance = (columns[0], columns[1], columns[2]) if len(columns) == 3 \
            else (columns[0], columns[2], columns[3])
        try:
            value = int(relevance)
        except ValueError:
            if header_allowed:
                continue  # the header line
            raise DatasetError(f"{path}:{number}: relevance {relevance!r} is not an integer") from None
        if not query_id or not doc_id:
            raise DatasetError(f"{path}:{number}: empty query or document id")
        previous = qrels.setdefault(query_id, {}).get(doc_id)
        if previous is not None and previous != value:
            raise DatasetError(f"{path}:{number}: ({query_id}, {doc_id}) judged twice, {previous} and {value}")
        qrels[query_id][doc_id] = value
    if not qrels:
        raise DatasetError(f"{path}: no judgements")
    return qrels


def load_dataset(root: str | Path) -> Dataset:
    root = Path(root)
    if not root.is_dir():
        raise DatasetError(f"{root}: no such folder (expected corpus.jsonl, queries.jsonl and qrels.tsv in it)")
    corpus_file, queries_file, judgements_file = root / "corpus.jsonl", root / "queries.jsonl", qrels_path(root)
    corpus = [Record(row["id"], (row.get("title") or "").strip(), row.get("text") or "")
              for _, row in _jsonl(corpus_file, ("id", "text"))]
    all_queries = {row["id"]: row["text"] or "" for _, row in _jsonl(queries_file, ("id", "text"))}
    qrels = read_qrels(judgements_file)
    documents = {record.id for record in corpus}
    for query_id, judged in qrels.items():
        if query_id not in all_queries:
            raise DatasetError(f"{judgements_file}: query {query_id!r} is judged but not in {queries_file.name}")
        unknown = sorted(set(judged) - documents)
        if unknown:
            raise DatasetError(f"{judgements_file}: query {query_id!r} is judged against {unknown[0]!r}, "
                               f"which is not in {corpus_file.name}" + (f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""))
    judged = {q: {d: r for d, r in docs.items()} for q, docs in qrels.items() if any(r > 0 for r in docs.values())}
    queries = {q: text for q, text in all_queries.items() if q in judged}
    return Dataset(root.name, root, corpus, queries, judged, len(all_queries) - len(queries),
                   {"corpus": corpus_file, "queries": queries_file, "qrels": judgements_file})
