"""The domain question set of `tracuu ask` (eval/answers/questions.jsonl): reading and checking it.

One JSON object per line; eval/answers/README.md describes the fields. Documents are named by
a path relative to the repository root (corpus/… or ../shared/data/…) and their sha256, which
is what the scorer matches on (an index stores each content once, whatever its paths).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from indexer.update import file_hash

QUESTION_TYPES = ("units", "figure", "sections", "precedents")
DEFAULT_QUESTIONS = Path(__file__).resolve().parent / "answers" / "questions.jsonl"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class QuestionFileError(ValueError):
    """A question line that cannot be used; the message names the file, the line and the cause."""


@dataclass(frozen=True)
class DocumentRef:
    path: str       # relative to the repository root
    sha256: str


@dataclass(frozen=True)
class ExpectedSection:
    headings: tuple[str, ...]           # the section's heading; versions of a text may word it differently
    documents: tuple[DocumentRef, ...]  # copies of one text (draft and final): any of them counts

    @property
    def heading(self) -> str:
        return self.headings[0]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    line: int
    not_found: bool
    question: str | None = None           # units, figure, sections
    request: dict | None = None           # precedents: {"text"} or {"doc", "section"}, optional "k"
    units: tuple[str, ...] = ()
    documents: tuple[DocumentRef, ...] = ()
    figure_text: str | None = None
    figure_value: float | None = None
    sections: tuple[ExpectedSection, ...] = ()
    match: str | None = None              # accent-folded regex that found every expected document
    variant_of: str | None = None
    note: str | None = None

    def expected_documents(self) -> list[DocumentRef]:
        refs = list(self.documents) + [d for s in self.sections for d in s.documents]
        if self.request and isinstance(self.request.get("doc"), DocumentRef):
            refs.append(self.request["doc"])
        return refs


def _need(condition: bool, message: str) -> None:
    if not condition:
        raise QuestionFileError(message)


def _text(record: dict, key: str, where: str) -> str:
    value = record.get(key)
    _need(isinstance(value, str) and bool(value.strip()), f"{where}: '{key}' must be a non-empty string")
    return value


def _document(value, where: str) -> DocumentRef:
    _need(isinstance(value, dict), f"{where}: a document must be an object with 'path' and 'sha256'")
    path, sha = value.get("path"), value.get("sha256")
    _need(isinstance(path, str) and bool(path), f"{where}: a document needs a 'path' (relative to the repository root)")
    _need(isinstance(sha, str) and bool(_SHA256.fullmatch(sha)), f"{where}: document {path!r} needs a 'sha256' of 64 lowercase hex digits")
    return DocumentRef(path, sha)


def _documents(value, where: str) -> tuple[DocumentRef, ...]:
    _need(isinstance(value, list) and bool(value), f"{where}: 'documents' must be a non-empty list")
    return tuple(_document(v, where) for v in value)


def _sections(value, where: str) -> tuple[ExpectedSection, ...]:
    _need(isinstance(value, list) and bool(value), f"{where}: 'expected.sections' must be a non-empty list")
    out = []
    for item in value:
        _need(isinstance(item, dict), f"{where}: each expected section must be an object with 'heading' and 'documents'")
        heading = item.get("heading")
        headings = [heading] if isinstance(heading, str) else heading
        _need(isinstance(headings, list) and bool(headings) and all(isinstance(h, str) and h.strip() for h in headings),
              f"{where}: an expected section's 'heading' must be a non-empty string or a list of them")
        out.append(ExpectedSection(tuple(headings), _documents(item.get("documents"), where)))
    return tuple(out)


def parse_question(record, line: int, where: str) -> Question:
    _need(isinstance(record, dict), f"{where}: a question must be a JSON object")
    qid = _text(record, "id", where)
    where = f"{where} ({qid})"
    qtype = record.get("type")
    _need(qtype in QUESTION_TYPES, f"{where}: 'type' must be one of {', '.join(QUESTION_TYPES)}, not {qtype!r}")
    expected = record.get("expected")
    _need(isinstance(expected, dict), f"{where}: 'expected' must be an object")
    not_found = expected.get("not_found")
    _need(isinstance(not_found, bool), f"{where}: 'expected.not_found' must be true or false")
    match = record.get("match")
    if match is not None:
        _need(isinstance(match, str), f"{where}: 'match' must be a string")
        try:
            re.compile(match)
        except re.error as exc:
            raise QuestionFileError(f"{where}: 'match' is not a valid regular expression: {exc}") from None
    fields = dict(id=qid, type=qtype, line=line, not_found=not_found, match=match,
                  variant_of=record.get("variant_of"), note=record.get("note"))
    if qtype == "precedents":
        request = record.get("request")
        _need(isinstance(request, dict), f"{where}: a precedents question needs a 'request' object")
        _need(("text" in request) != ("doc" in request), f"{where}: 'request' needs either 'text' or 'doc' (with 'section'), not both")
        if "text" in request:
            _text(request, "text", where)
            fields["request"] = {"text": request["text"]}
        else:
            fields["request"] = {"doc": _document(request["doc"], where), "section": _text(request, "section", where)}
        k = request.get("k", 10)
        _need(isinstance(k, int) and k >= 5, f"{where}: 'request.k' must be an integer of at least 5")
        fields["request"]["k"] = k
    else:
        fields["question"] = _text(record, "question", where)
    if not_found:
        for key in ("units", "documents", "figure", "sections"):
            _need(not expected.get(key), f"{where}: a not-found question expects no '{key}'")
        return Question(**fields)
    if qtype == "units":
        units = expected.get("units")
        _need(isinstance(units, list) and all(isinstance(u, str) and u.strip() for u in units),
              f"{where}: 'expected.units' must be a list of unit names")
        fields.update(units=tuple(units), documents=_documents(expected.get("documents"), where))
    elif qtype == "figure":
        figure = expected.get("figure")
        _need(isinstance(figure, dict), f"{where}: 'expected.figure' must be an object with 'text' and 'value'")
        value = figure.get("value")
        _need(isinstance(value, (int, float)) and not isinstance(value, bool), f"{where}: 'expected.figure.value' must be a number")
        fields.update(figure_text=_text(figure, "text", where), figure_value=float(value),
                      documents=_documents(expected.get("documents"), where))
    else:
        fields["sections"] = _sections(expected.get("sections"), where)
    return Question(**fields)


def load_questions(path: str | Path = DEFAULT_QUESTIONS) -> list[Question]:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise QuestionFileError(f"{path}: no such question file") from None
    except UnicodeDecodeError as exc:
        raise QuestionFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    questions: list[Question] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionFileError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from None
        question = parse_question(record, number, where)
        _need(question.id not in seen, f"{where}: id {question.id!r} is used twice")
        seen.add(question.id)
        questions.append(question)
    _need(bool(questions), f"{path}: holds no questions")
    for q in questions:
        _need(q.variant_of is None or q.variant_of in seen,
              f"{path}:{q.line} ({q.id}): 'variant_of' names {q.variant_of!r}, which is not a question of this file")
    return questions


sha256_of = file_hash  # the indexer's own file digest, so a question names documents as the index does


def document_problems(questions: list[Question], repo_root: Path) -> list[str]:
    """Every referenced document that is missing or whose content is not the expected one."""
    problems, checked = [], {}
    for q in questions:
        for ref in q.expected_documents():
            if ref.path not in checked:
                file = (repo_root / ref.path).resolve()
                checked[ref.path] = sha256_of(file) if file.is_file() else None
            actual = checked[ref.path]
            if actual is None:
                problems.append(f"{q.id}: {ref.path} does not exist")
            elif actual != ref.sha256:
                problems.append(f"{q.id}: {ref.path} has sha256 {actual[:12]}…, expected {ref.sha256[:12]}…")
    return problems
