"""Scores one `tracuu ask` / precedents answer (its JSON) against one question of the domain set.

Pure arithmetic on the answer JSON, so it can be checked by hand on tiny fake answers. The index
side enters only through ``documents``: index doc id → (sha256, issuing unit or None).

- units: unit recall and precision (names compared after accent folding, lowercasing,
  punctuation removal and expansion of UBND/HĐND/MTTQ), document recall and precision.
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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eval.answers_questions import ExpectedSection, Question
from indexer.extraction.vietnamese.normalize import fold_accents

K = 5
_ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "mttq": "mat tran to quoc",
                  "ubmttq": "uy ban mat tran to quoc", "vp": "van phong"}
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


def score(question: Question, answer: dict, documents: dict[int, IndexedDocument]) -> dict:
    """Every metric that applies to this question; ``not_found_correct`` always."""
    out: dict = {"not_found_correct": score_not_found(question, answer)}
    if question.not_found:
        return out
    if question.type == "units":
        out.update(score_units(question, answer, documents))
    elif question.type == "figure":
        out.update(score_figure(question, answer, documents))
    else:
        out.update(score_sections(question, answer, documents, precedents=question.type == "precedents"))
    return out
