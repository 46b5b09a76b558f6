"""The domain question sets of `tracuu ask` (eval/answers/questions.jsonl, and the held-out
eval/answers/unseen.jsonl): reading and checking them.

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

QUESTION_TYPES = ("units", "figure", "sections", "precedents", "documents", "actors", "figures_across")
DOCUMENT_FIELDS = ("signer", "date", "number", "cites", "issued_by_unit_in_period")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
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
    path: tuple[str, ...] = ()          # where headings repeat: the headings above it, down to it ("A › B")

    @property
    def heading(self) -> str:
        return self.headings[0]


@dataclass(frozen=True)
class DocumentUnit:
    document: DocumentRef
    unit: str | None           # as a person names it; None when the text names none
    metadata_unit: str | None  # what the pipeline's metadata has
    where: str                 # letterhead, under title (tham luận), none, …


@dataclass(frozen=True)
class DocumentField:
    field: str                 # one of DOCUMENT_FIELDS
    value: object              # str (signer, ISO date, number), list of str (cites), tuple of DocumentRef (issued_by…)
    text: str
    documents: tuple[DocumentRef, ...]


@dataclass(frozen=True)
class ExpectedActor:
    name: str | None           # None: the evidence sentence names no actor
    documents: tuple[DocumentRef, ...]
    sentence: str | None = None


@dataclass(frozen=True)
class TableRow:
    unit: str
    period: str
    value: float
    unit_of_measure: str
    text: str
    document: DocumentRef
    also_in: tuple[DocumentRef, ...] = ()


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
    document_units: tuple[DocumentUnit, ...] = ()  # units: per document, its unit and where it is written
    document_field: DocumentField | None = None    # documents
    actor: ExpectedActor | None = None             # actors
    table: tuple[TableRow, ...] = ()               # figures_across
    match: str | None = None              # accent-folded regex that found every expected document
    variant_of: str | None = None
    note: str | None = None

    def expected_documents(self) -> list[DocumentRef]:
        refs = list(self.documents) + [d for s in self.sections for d in s.documents]
        refs += [u.document for u in self.document_units]
        if self.document_field:
            refs += list(self.document_field.documents)
            if self.document_field.field == "issued_by_unit_in_period":
                refs += list(self.document_field.value)
        if self.actor:
            refs += list(self.actor.documents)
        refs += [d for row in self.table for d in (row.document, *row.also_in)]
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
        path = item.get("path")
        _need(path is None or (isinstance(path, str) and path.strip()),
              f"{where}: an expected section's 'path' must be a non-empty string of headings joined by '›'")
        path = tuple(p.strip() for p in path.split("›")) if path else ()
        _need(all(path), f"{where}: an expected section's 'path' has an empty heading")
        out.append(ExpectedSection(tuple(headings), _documents(item.get("documents"), where), path))
    return tuple(out)


def _optional_text(value, what: str, where: str) -> str | None:
    _need(value is None or (isinstance(value, str) and bool(value.strip())), f"{where}: '{what}' must be a non-empty string or null")
    return value


def _document_units(value, where: str) -> tuple[DocumentUnit, ...]:
    if value is None:
        return ()
    _need(isinstance(value, list), f"{where}: 'expected.document_units' must be a list")
    out = []
    for i, item in enumerate(value):
        here = f"{where} expected.document_units[{i}]"
        _need(isinstance(item, dict), f"{here}: must be an object with 'document', 'unit', 'metadata_unit' and 'where'")
        out.append(DocumentUnit(_document(item.get("document"), here), _optional_text(item.get("unit"), "unit", here),
                                _optional_text(item.get("metadata_unit"), "metadata_unit", here), _text(item, "where", here)))
    return tuple(out)


def _document_field(value, where: str) -> DocumentField:
    where = f"{where} expected.document_fields"
    _need(isinstance(value, dict), f"{where}: must be an object with 'field', 'value', 'text' and 'documents'")
    field = value.get("field")
    _need(field in DOCUMENT_FIELDS, f"{where}: 'field' must be one of {', '.join(DOCUMENT_FIELDS)}, not {field!r}")
    raw = value.get("value")
    if field in ("signer", "number"):
        _need(isinstance(raw, str) and bool(raw.strip()), f"{where}: 'value' of a {field} must be a non-empty string")
    elif field == "date":
        _need(isinstance(raw, str) and bool(_ISO_DATE.fullmatch(raw)), f"{where}: 'value' of a date must be an ISO date YYYY-MM-DD, not {raw!r}")
    elif field == "cites":
        _need(isinstance(raw, list) and bool(raw) and all(isinstance(v, str) and v.strip() for v in raw),
              f"{where}: 'value' of cites must be a non-empty list of document numbers")
        raw = tuple(raw)
    else:
        _need(isinstance(raw, list) and bool(raw), f"{where}: 'value' of issued_by_unit_in_period must be a non-empty list of documents")
        raw = tuple(_document(v, where) for v in raw)
    return DocumentField(field, raw, _text(value, "text", where), _documents(value.get("documents"), where))


def _actor(value, where: str) -> ExpectedActor:
    where = f"{where} expected.actor"
    _need(isinstance(value, dict), f"{where}: must be an object with 'name' (null when none is named) and 'documents'")
    _need("name" in value, f"{where}: needs 'name' (null when the evidence names no actor)")
    return ExpectedActor(_optional_text(value.get("name"), "name", where), _documents(value.get("documents"), where),
                         _optional_text(value.get("sentence"), "sentence", where))


def _table(value, where: str) -> tuple[TableRow, ...]:
    _need(isinstance(value, list) and bool(value), f"{where}: 'expected.table' must be a non-empty list of rows")
    rows = []
    for i, row in enumerate(value):
        here = f"{where} expected.table[{i}]"
        _need(isinstance(row, dict), f"{here}: a row must be an object with unit, period, value, unit_of_measure, text, document")
        number = row.get("value")
        _need(isinstance(number, (int, float)) and not isinstance(number, bool), f"{here}: 'value' must be a number")
        also = row.get("also_in")
        also = () if also is None else (_document(also, here),) if isinstance(also, dict) else tuple(_document(a, here) for a in also)
        rows.append(TableRow(_text(row, "unit", here), _text(row, "period", here), float(number),
                             _text(row, "unit_of_measure", here), _text(row, "text", here), _document(row.get("document"), here), also))
    return tuple(rows)


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
        for key in ("units", "documents", "figure", "sections", "document_fields", "actor", "table", "document_units"):
            _need(not expected.get(key), f"{where}: a not-found question expects no '{key}'")
        return Question(**fields)
    if qtype == "units":
        units = expected.get("units")
        _need(isinstance(units, list) and all(isinstance(u, str) and u.strip() for u in units),
              f"{where}: 'expected.units' must be a list of unit names")
        fields.update(units=tuple(units), documents=_documents(expected.get("documents"), where),
                      document_units=_document_units(expected.get("document_units"), where))
    elif qtype == "figure":
        figure = expected.get("figure")
        _need(isinstance(figure, dict), f"{where}: 'expected.figure' must be an object with 'text' and 'value'")
        value = figure.get("value")
        _need(isinstance(value, (int, float)) and not isinstance(value, bool), f"{where}: 'expected.figure.value' must be a number")
        fields.update(figure_text=_text(figure, "text", where), figure_value=float(value),
                      documents=_documents(expected.get("documents"), where))
    elif qtype == "documents":
        fields["document_field"] = _document_field(expected.get("document_fields"), where)
    elif qtype == "actors":
        fields["actor"] = _actor(expected.get("actor"), where)
    elif qtype == "figures_across":
        fields["table"] = _table(expected.get("table"), where)
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
