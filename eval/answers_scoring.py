"""Scores one `tracuu ask` / precedents answer (its JSON) against one question of the domain set.

Pure arithmetic on the answer JSON, so it can be checked by hand on tiny fake answers. The index
side enters only through ``documents``: index doc id → (sha256, issuing unit or None).

- units: unit recall and precision (names compared after accent folding, lowercasing,
  punctuation removal and expansion of UBND/HĐND/MTTQ/TP.), document recall and precision.
  A group of the answer whose documents all have no unit in the index is not a unit claim:
  it counts for documents, not for units. Versions folded under a document (a draft of the same
  report) count as answered documents. An empty answer has precision 0.
- figure: exact match when the answer's figure (or else a figure of its first evidence item)
  has the expected text (folded, spaces ignored) or the expected value; also whether the first
  evidence comes from an expected document.
- sections, precedents: Recall@5 — of the first five distinct (document, section) items of the
  answer, how many expected sections they hit, over min(5, number expected). An item hits an
  expected section when its document is one of the section's copies and an expected heading (the
  copies may word it differently) is one of the item's section path headings (so a subsection
  inside it counts too).
- not_found: the answer says not_found exactly when it should (and names no unit then).

Each question also gets ``right`` (one yes/no per question), the rules of eval/answers/unseen.md:

- units: right when the answer's unit set is exactly the expected set. Here an answered unit
  matches an expected one when their keys are equal or one key is the other plus a place
  qualifier (``unit_pair``: "Sở Nội vụ" = "Sở Nội vụ tỉnh Lâm Đồng", "Văn phòng UBND tỉnh" =
  "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng"), because the held-out set spells units as a
  person would, not as the metadata does; ``exact_unit_recall`` / ``exact_unit_precision``
  use the same pairing (``unit_recall`` / ``unit_precision`` above stay strict key equality).
- figure: right when the *first* figure the answer gives — ``answer.figure``, else the first
  figure of its first evidence item — has the expected value (``figure_values`` reads
  Vietnamese numbers: "1.256" and "1,256" both also read as 1256 when a single separator is
  followed by three digits, "3.000 tỷ đồng" = 3e12, "93,01%" = 93.01). ``figure_anywhere``: the
  value is in the answer text or among the figures of any evidence item.
- sections: right when some expected section (heading + one of its files) is among the first
  five items; when the expected section has a ``path``, every heading of that path must also be
  in the item's section path (a repeated heading under another parent does not count).
- documents: today's ask has no document question type, so the answer is a listing of passages.
  The rule is strict: the value must be *stated* in the answer's lead statement — its first line,
  plus the list lines ("- …", "• …", "1. …") that directly follow it, with every quoted span
  (“…” or "…") removed first, so a value that only occurs inside a quoted passage does not count.
  signer: the folded name is in the lead; date: the first date of the lead (dd/mm/yyyy,
  "ngày d tháng m năm yyyy" or ISO) is the expected one; number: the lead has the number
  (folded, spaces ignored, not inside a longer number); cites: the set of document numbers in
  the lead equals the expected set (each expected item's first document number); issued_by_unit_in_period:
  the set of documents the answer lists (versions included) equals the expected set (with
  ``doc_recall`` / ``doc_precision``).
- actors: right when the lead statement contains the core of the expected name (honorifics
  "Đồng chí / Ông / Bà" dropped, cut at the first ", " or " - ": "Lê Thành Long"), folded; for
  ``name: null`` when the lead says no actor is named ("không nêu", "không ghi", "không nói rõ",
  "không chỉ rõ", "không xác định"…) and the answer is not not_found. ``actor_anywhere``: the
  core is anywhere in the answer text, quotes included.
- figures_across: one cell per expected row. With a table in the answer (``answer.table``: its
  ``rows``, or a list of rows, with unit, period, value) a cell counts when a row matches the unit (``across_unit_core``
  contained either way), the period (spaces ignored) and the value; extra rows lower
  ``cell_precision``. Without a table a cell counts when one evidence item names the unit (in its
  text, its unit group or its document title), gives the value in its text and names the period
  (text, title or date) — ``cell_precision`` is then not defined (None). Right when every cell
  counts and, with a table, no row is extra.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eval.answers_questions import ExpectedSection, Question
from indexer.extraction.vietnamese.normalize import fold_accents

K = 5
_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "mttq": "mat tran to quoc",
                  "ubmttq": "uy ban mat tran to quoc", "vp": "van phong", "tp": "thanh pho"}
_NOT_WORD = re.compile(r"[^\w%]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class IndexedDocument:
    sha256: str
    unit: str | None


def folded_key(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", fold_accents(text).lower()).split())


def unit_key(name: str) -> str:
    return " ".join(_ABBREVIATIONS.get(word, word) for word in folded_key(name).split())


def heading_key(heading: str) -> str:
    return folded_key(heading)


def figure_text_key(text: str) -> str:
    return _SPACE.sub("", fold_accents(text).lower())


def _ratio(hit: int, total: int) -> float:
    return hit / total if total else 1.0


def _doc_sha(doc_id, documents: dict[int, IndexedDocument]) -> str | None:
    found = documents.get(int(doc_id)) if doc_id is not None else None
    return found.sha256 if found else None


def _path(value) -> list[str]:
    if isinstance(value, str):
        return [p.strip() for p in value.split("›")] if value else []
    return [str(p) for p in value or []]


def answer_evidence(answer: dict) -> list[tuple[int, dict]]:
    """(doc_id, evidence item) in the order the answer shows them: unit → document → evidence."""
    return [(document["doc_id"], item) for unit in answer.get("units") or [] for document in unit.get("documents") or []
            for item in document.get("evidence") or []]


def score_not_found(question: Question, answer: dict) -> bool:
    said = bool(answer.get("not_found"))
    if question.not_found:
        return said and not answer.get("units")
    return not said


def score_units(question: Question, answer: dict, documents: dict[int, IndexedDocument]) -> dict:
    expected_units = {unit_key(u) for u in question.units}
    expected_docs = {d.sha256 for d in question.documents}
    answered_units, answered_docs = set(), set()
    for unit in answer.get("units") or []:
        ids = [i for d in unit.get("documents") or [] for i in [d["doc_id"], *(v["doc_id"] for v in d.get("versions") or [])]]
        answered_docs |= {s for s in (_doc_sha(i, documents) for i in ids) if s}
        attributed = any(documents.get(int(i)) is None or documents[int(i)].unit for i in ids)
        if attributed:
            answered_units.add(unit_key(unit.get("unit") or ""))
    unit_hits, doc_hits = len(expected_units & answered_units), len(expected_docs & answered_docs)
    return {
        "unit_recall": _ratio(unit_hits, len(expected_units)),
        "unit_precision": unit_hits / len(answered_units) if answered_units else 0.0,
        "doc_recall": _ratio(doc_hits, len(expected_docs)),
        "doc_precision": doc_hits / len(answered_docs) if answered_docs else 0.0,
        "missed_units": sorted(expected_units - answered_units),
        "extra_units": sorted(answered_units - expected_units),
        "missed_documents": sorted(expected_docs - answered_docs),
        "extra_documents": sorted(answered_docs - expected_docs),
    }


def figure_matches(figure: dict | None, question: Question) -> bool:
    if not figure:
        return False
    text, value = figure.get("text"), figure.get("value")
    if isinstance(text, str) and figure_text_key(text) == figure_text_key(question.figure_text or ""):
        return True
    try:
        value = float(value)
    except (TypeError, ValueError):
        return False
    return abs(value - question.figure_value) <= 1e-9 * max(1.0, abs(question.figure_value))


def score_figure(question: Question, answer: dict, documents: dict[int, IndexedDocument]) -> dict:
    evidence = answer_evidence(answer)
    candidates = [answer.get("figure")] if answer.get("figure") else (evidence[0][1].get("figures") or [] if evidence else [])
    expected_docs = {d.sha256 for d in question.documents}
    in_top3 = any(figure_matches(f, question) for _, item in evidence[:3] for f in item.get("figures") or [])
    return {
        "figure_match": any(figure_matches(f, question) for f in candidates),
        "figure_in_top3": in_top3 or any(figure_matches(f, question) for f in candidates),
        "document_hit": bool(evidence) and _doc_sha(evidence[0][0], documents) in expected_docs,
        "answered": (candidates[0].get("text") if candidates and isinstance(candidates[0], dict) else None),
        "answered_from": _doc_sha(evidence[0][0], documents) if evidence else None,
    }


def ranked_sections(answer: dict, precedents: bool) -> list[tuple[int, list[str]]]:
    """(doc_id, section path) in rank order, distinct. A precedents response is ranked by score
    across its unit groups; an ask response in the order it shows its evidence."""
    if precedents:
        items = [s for unit in answer.get("units") or [] for s in unit.get("sections") or []]
        items = sorted(items, key=lambda s: -float(s.get("score") or 0.0))
        pairs = [(s["doc_id"], _path(s.get("section_path"))) for s in items]
    else:
        pairs = [(doc_id, _path(item.get("section_path"))) for doc_id, item in answer_evidence(answer)]
    out, seen = [], set()
    for doc_id, path in pairs:
        key = (doc_id, tuple(path))
        if key not in seen:
            seen.add(key)
            out.append((doc_id, path))
    return out


def _hits(section: ExpectedSection, doc_sha: str | None, path: list[str]) -> bool:
    path_keys = {heading_key(h) for h in path}
    return doc_sha in {d.sha256 for d in section.documents} and any(heading_key(h) in path_keys for h in section.headings)


def score_sections(question: Question, answer: dict, documents: dict[int, IndexedDocument], precedents: bool = False) -> dict:
    top = ranked_sections(answer, precedents)[:K]
    hit = [any(_hits(s, _doc_sha(doc_id, documents), path) for doc_id, path in top) for s in question.sections]
    return {"recall_at_5": sum(hit) / min(K, len(question.sections)),
            "missed_sections": [s.heading for s, h in zip(question.sections, hit) if not h][:5],
            "top": [(_doc_sha(doc_id, documents), path[-1] if path else "") for doc_id, path in top],
            "returned": len(ranked_sections(answer, precedents))}


# ---------------------------------------------------------------- held-out rules (eval/answers/unseen.md)

_PLACE_WORDS = ("tinh", "thanh pho", "tp", "huyen", "xa", "phuong", "quan")
_HONORIFICS = ("dong chi", "ong", "ba")
_NOT_NAMED = ("khong neu", "khong ghi", "khong noi ro", "khong chi ro", "khong xac dinh", "chua neu", "khong co ten",
              "khong ro ai", "khong ro don vi")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_LIST_LINE = re.compile(r"\s*(?:[-•*]|\d+[.)])\s")
_SCALES = {"nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9, "ti": 1e9}
_FIGURE = re.compile(r"(?<![\w./-])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)(?![\w/])"
                     r"(?:\s*(nghin|ngan|trieu|ty|ti)(?!\w))?")
_DOC_NUMBER = re.compile(r"(?<![\w/])\d+(?:\s*[-/]\s*[^\W_][\w&.]*)+", re.UNICODE)
_DATES = (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),
          re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)"),
          re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})"))


def _readings(number: str) -> set[float]:
    """Every value a written Vietnamese number can mean: dots group thousands and a comma marks
    decimals ("1.256,5"); with one separator followed by exactly three digits both readings."""
    readings = set()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", number):
        readings.add(float(number.replace(".", "").replace(",", ".")))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):
        readings.add(float(number.replace(",", "")))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", number):
        readings.add(float(number.replace(",", ".")))
    return readings


def figure_values(text: str) -> list[set[float]]:
    """The figures of a text in order, each as the set of values it can mean, scale words applied."""
    out = []
    for m in _FIGURE.finditer(fold_accents(text or "").lower()):
        scale = _SCALES.get(m.group(2) or "", 1.0)
        out.append({v * scale for v in _readings(m.group(1))})
    return out


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _has_value(values: set[float], expected: float, *also: float) -> bool:
    return any(same_value(v, e) for v in values for e in (expected, *also))


def _figure_json_values(figure: dict | None) -> set[float]:
    """What one figure of the answer JSON means: its value, else what its text reads as."""
    if not isinstance(figure, dict):
        return set()
    try:
        return {float(figure.get("value"))}
    except (TypeError, ValueError):
        readings = figure_values(str(figure.get("text") or ""))
        return readings[0] if readings else set()


def lead_statement(answer: dict, with_list: bool = False) -> str:
    """The answer's first line (plus the list lines right after it when ``with_list``), quoted
    spans removed: what the answer states rather than quotes."""
    lines = (answer.get("answer") or "").splitlines()
    lead = lines[:1]
    if with_list:
        for line in lines[1:]:
            if not _LIST_LINE.match(line):
                break
            lead.append(line)
    return _QUOTED.sub(" ", "\n".join(lead))


def _words(text: str) -> str:
    return f" {folded_key(text)} "


def _contains(haystack: str, needle_key: str) -> bool:
    return bool(needle_key) and f" {needle_key} " in _words(haystack)


def unit_pair(expected: str, answered: str) -> bool:
    """Same unit, allowing one side to add a place qualifier ("tỉnh Lâm Đồng") the other leaves out."""
    a, b = unit_key(expected).split(), unit_key(answered).split()
    if a == b:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if not short or long_[:len(short)] != short:
        return False
    rest = " ".join(long_[len(short):])
    return short[-1] in ("tinh", "pho", "tp") or any(rest.startswith(w + " ") for w in _PLACE_WORDS)


def score_units_exact(question: Question, answer: dict, documents: dict[int, IndexedDocument]) -> dict:
    answered = set()
    for unit in answer.get("units") or []:
        ids = [i for d in unit.get("documents") or [] for i in [d["doc_id"], *(v["doc_id"] for v in d.get("versions") or [])]]
        if any(documents.get(int(i)) is None or documents[int(i)].unit for i in ids):
            answered.add(unit.get("unit") or "")
    expected = set(question.units)
    found = {e for e in expected if any(unit_pair(e, a) for a in answered)}
    claimed = {a for a in answered if any(unit_pair(e, a) for e in expected)}
    return {"exact_units": found == expected and claimed == answered,
            "exact_unit_recall": _ratio(len(found), len(expected)),
            "exact_unit_precision": len(claimed) / len(answered) if answered else 0.0,
            "unpaired_units": sorted(answered - claimed)}


def score_figure_first(question: Question, answer: dict) -> dict:
    evidence = answer_evidence(answer)
    if answer.get("figure"):
        first = _figure_json_values(answer["figure"])
    else:
        figures = evidence[0][1].get("figures") if evidence else None
        first = _figure_json_values(figures[0]) if figures else set()
    anywhere = any(_has_value(v, question.figure_value) for v in figure_values(answer.get("answer") or ""))
    anywhere = anywhere or any(_has_value(_figure_json_values(f), question.figure_value)
                               for _, item in evidence for f in item.get("figures") or [])
    first_right = _has_value(first, question.figure_value)
    return {"first_figure_right": first_right, "figure_anywhere": anywhere or first_right}


def _hits_with_path(section: ExpectedSection, doc_sha: str | None, path: list[str]) -> bool:
    path_keys = {heading_key(h) for h in path}
    return _hits(section, doc_sha, path) and all(heading_key(h) in path_keys for h in section.path)


def score_sections_right(question: Question, answer: dict, documents: dict[int, IndexedDocument]) -> dict:
    top = ranked_sections(answer, False)[:K]
    return {"section_in_top5": any(_hits_with_path(s, _doc_sha(doc_id, documents), path)
                                   for s in question.sections for doc_id, path in top)}


def _number_key(text: str) -> str:
    return re.sub(r"\s+", "", fold_accents(text).lower())


def document_numbers(text: str) -> set[str]:
    """Document numbers ("72/2025/QH15", "999-TC/QĐ-CĐKT"), folded; dates ("16/6/2025") are not."""
    keys = {_number_key(m.group(0)).rstrip(".") for m in _DOC_NUMBER.finditer(text or "")}
    return {k for k in keys if not re.fullmatch(r"[\d/.-]+", k)}


def first_date(text: str) -> str | None:
    folded = fold_accents(text or "").lower()
    found = []
    for i, pattern in enumerate(_DATES):
        for m in pattern.finditer(folded):
            y, mo, d = (m.group(1), m.group(2), m.group(3)) if i == 0 else (m.group(3), m.group(2), m.group(1))
            found.append((m.start(), f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"))
    return min(found)[1] if found else None


def score_document_field(question: Question, answer: dict, documents: dict[int, IndexedDocument]) -> dict:
    spec = question.document_field
    out: dict = {"field": spec.field}
    if spec.field == "issued_by_unit_in_period":
        expected = {d.sha256 for d in spec.value}
        listed = {s for unit in answer.get("units") or [] for d in unit.get("documents") or []
                  for s in (_doc_sha(i, documents) for i in [d["doc_id"], *(v["doc_id"] for v in d.get("versions") or [])]) if s}
        hit = len(expected & listed)
        out.update(field_right=not answer.get("not_found") and listed == expected, doc_recall=_ratio(hit, len(expected)),
                   doc_precision=hit / len(listed) if listed else 0.0)
        return out
    lead = lead_statement(answer, with_list=spec.field == "cites")
    if spec.field == "signer":
        right = _contains(lead, folded_key(spec.value))
    elif spec.field == "date":
        out["answered"] = first_date(lead)
        right = out["answered"] == spec.value
    elif spec.field == "number":
        key = _number_key(spec.value)
        right = bool(re.search(rf"(?<![\w/]){re.escape(key)}(?![\w/])", _number_key(lead)))
    else:
        expected = {min(document_numbers(item), key=lambda n: _number_key(item).find(n)) for item in spec.value
                    if document_numbers(item)}
        stated = document_numbers(lead)
        out.update(cites_recall=_ratio(len(expected & stated), len(expected)), cites_extra=sorted(stated - expected))
        right = stated == expected
    out["field_right"] = bool(right) and not answer.get("not_found")
    return out


def actor_core(name: str) -> str:
    key = folded_key(re.split(r",\s|\s[-–]\s", name, maxsplit=1)[0])
    for honorific in _HONORIFICS:
        if key.startswith(honorific + " "):
            key = key[len(honorific) + 1:]
            break
    return key


def score_actor(question: Question, answer: dict) -> dict:
    name = question.actor.name
    lead = lead_statement(answer)
    if name is None:
        said = any(_contains(lead, phrase) for phrase in _NOT_NAMED)
        return {"actor_right": said and not answer.get("not_found"), "actor_anywhere": said}
    core = unit_key(actor_core(name))  # UBND, MTTQ … expanded on both sides
    named = lambda text: f" {core} " in f" {unit_key(text)} "  # noqa: E731
    return {"actor_right": named(lead) and not answer.get("not_found"), "actor_anywhere": named(answer.get("answer") or "")}


def across_unit_core(unit: str) -> str:
    key = unit_key(unit)
    for prefix in ("ban thuong truc ", "ban thuong vu ", "uy ban nhan dan "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    for place in ("thanh pho ", "tinh ", "tp "):
        if key.startswith(place):
            key = key[len(place):]
            break
    return key


def _period_key(text) -> str:
    return re.sub(r"[\s–—]+", "", str(text or "")).replace("–", "-")


def _period_in(period: str, *texts) -> bool:
    """The period is named: the same words (spaces ignored) in one text, or for a range of years
    ("2012-2019") each of its years somewhere in the texts ("từ năm 2012 đến nay", dated 2019)."""
    key = _period_key(period)
    if any(key in _period_key(t) for t in texts if t):
        return True
    years = re.fullmatch(r"(\d{4})-(\d{4})", key)
    joined = " ".join(str(t) for t in texts if t)
    return bool(years) and all(re.search(rf"(?<!\d){y}(?!\d)", joined) for y in years.groups())


_MONEY_SCALES = {"nghìn đồng": 1e3, "ngàn đồng": 1e3, "triệu đồng": 1e6, "tỷ đồng": 1e9, "tỉ đồng": 1e9}


def _in_dong(row) -> list[float]:
    """A row expected in "triệu đồng" as written (11532) is also right as the product normalises
    money, in đồng (11.532.000.000)."""
    scale = _MONEY_SCALES.get(" ".join(row.unit_of_measure.lower().split()))
    return [row.value * scale] if scale else []


def score_table(question: Question, answer: dict) -> dict:
    rows = answer.get("table")
    if isinstance(rows, dict):  # the product's table (api/answers/figure_table.py): its rows
        rows = rows.get("rows")
    cells, matched_rows = [], set()
    for row in question.table:
        core = across_unit_core(row.unit)
        hit = False
        if isinstance(rows, list):
            for i, got in enumerate(rows):
                if not isinstance(got, dict):
                    continue
                got_core = across_unit_core(str(got.get("unit") or ""))
                unit_ok = bool(got_core) and (f" {core} " in f" {got_core} " or f" {got_core} " in f" {core} ")
                value = got.get("value")
                values = {float(value)} if isinstance(value, (int, float)) and not isinstance(value, bool) else \
                    (figure_values(str(got.get("text") or value or ""))[:1] or [set()])[0]
                if unit_ok and _period_in(row.period, got.get("period")) and _has_value(values, row.value, *_in_dong(row)):
                    hit = True
                    matched_rows.add(i)
        else:
            for unit in answer.get("units") or []:
                for document in unit.get("documents") or []:
                    for item in document.get("evidence") or []:
                        context = " ".join(str(x or "") for x in (item.get("text"), unit.get("unit"), document.get("title")))
                        if (f" {core} " in f" {unit_key(context)} "
                                and any(_has_value(v, row.value) for v in figure_values(item.get("text") or ""))
                                and _period_in(row.period, item.get("text"), document.get("title"), document.get("date"))):
                            hit = True
        cells.append(hit)
    recall = sum(cells) / len(cells)
    precision = (len(matched_rows) / len(rows) if rows else 0.0) if isinstance(rows, list) else None
    whole = all(cells) and (not isinstance(rows, list) or len(matched_rows) == len(rows))
    return {"table_right": whole and not answer.get("not_found"), "cell_recall": recall, "cell_precision": precision,
            "cells_missed": [f"{r.unit} {r.period}" for r, c in zip(question.table, cells) if not c],
            "answered_table": isinstance(rows, list)}


def score(question: Question, answer: dict, documents: dict[int, IndexedDocument]) -> dict:
    """Every metric that applies to this question; ``not_found_correct`` and ``right`` always."""
    out: dict = {"not_found_correct": score_not_found(question, answer)}
    if question.not_found:
        out["right"] = out["not_found_correct"]
        return out
    if question.type == "units":
        out.update(score_units(question, answer, documents))
        out.update(score_units_exact(question, answer, documents))
        out["right"] = out["exact_units"]
    elif question.type == "figure":
        out.update(score_figure(question, answer, documents))
        out.update(score_figure_first(question, answer))
        out["right"] = out["first_figure_right"]
    elif question.type == "documents":
        out.update(score_document_field(question, answer, documents))
        out["right"] = out["field_right"]
    elif question.type == "actors":
        out.update(score_actor(question, answer))
        out["right"] = out["actor_right"]
    elif question.type == "figures_across":
        out.update(score_table(question, answer))
        out["right"] = out["table_right"]
    else:
        out.update(score_sections(question, answer, documents, precedents=question.type == "precedents"))
        if question.type == "sections":
            out.update(score_sections_right(question, answer, documents))
            out["right"] = out["section_in_top5"]
        else:
            out["right"] = out["recall_at_5"] >= 1.0
    return out


_EXTRA = {"units": ("exact_unit_recall", "exact_unit_precision", "unit_recall", "unit_precision", "doc_recall"),
          "figure": ("figure_anywhere", "document_hit"), "sections": ("recall_at_5",),
          "documents": ("doc_recall", "doc_precision"), "actors": ("actor_anywhere",),
          "figures_across": ("cell_recall", "cell_precision"), "precedents": ("recall_at_5",)}


def type_summary(records: list[dict]) -> dict:
    """Per question type: questions, right, and the mean of each extra metric (not-found questions
    are counted in their type's questions and right, and left out of the means)."""
    out = {}
    for qtype, extra in _EXTRA.items():
        mine = [r for r in records if r["type"] == qtype]
        if not mine:
            continue
        answerable = [r["metrics"] for r in mine if not r["not_found_expected"]]
        row = {"questions": len(mine), "right": sum(bool(r["metrics"].get("right")) for r in mine),
               "not_found_questions": len(mine) - len(answerable)}
        for key in extra:
            values = [float(m[key]) for m in answerable if m.get(key) is not None]
            row[key] = round(sum(values) / len(values), 3) if values else None
        out[qtype] = row
    return out
