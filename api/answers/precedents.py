"""Type 4 — precedents: sections of other units' reports most like a draft paragraph, a heading,
or a section of an existing document, grouped by unit, so staff can see how others wrote it.

Chunks found by the hybrid search are pooled by the section they belong to (a section scores
its best chunk); a short query that reads like a heading also rewards sections whose heading
says the same ("Hạn chế, nguyên nhân" → "2. Hạn chế, khuyết điểm"). Given a document section,
the document itself and its unit's other documents are left out.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field

from api.answers.evidence import document_infos
from api.answers.passages import folded
from api.answers.questions import roles
from api.answers.topics import content_words
from api.answers.unit_answers import unit_key
from api.answers.response import UNKNOWN_UNIT
from api.search import Filters, SearchRequest, Searcher
from indexer.store.reader import IndexReader

_SYLLABLE = re.compile(r"[^\W_]+")
MAX_PRECEDENT_TEXT = 20_000
QUERY_SYLLABLES = 250        # the part of a long draft that is searched
HEADING_SYLLABLES = 15       # a query this short is read as a heading
HEADING_BONUS = 0.5
ROLE_BONUS = 0.3
SECTIONS_PER_DOCUMENT = 2
SECTION_TEXT_CHARS = 1500
POOL = 300


class SourceNotFound(ValueError):
    """The document, or the section of it, that precedents were asked for does not exist."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind  # document-not-found | section-not-found


@dataclass
class PrecedentRequest:
    text: str | None = None
    doc_id: int | None = None
    section_path: list[str] | None = None
    k: int = 10
    filters: Filters = field(default_factory=Filters)
    mode: str = "hybrid"


@dataclass
class PrecedentSection:
    doc_id: int
    title: str | None
    date: str | None
    unit: str
    section_path: list[str]
    text: str
    score: float
    char_start: int
    char_end: int
    page_start: int | None
    chunk_id: int


@dataclass
class PrecedentUnit:
    unit: str
    sections: list[PrecedentSection]


@dataclass
class PrecedentResponse:
    query: str
    source: dict | None
    units: list[PrecedentUnit]
    took_ms: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def _clip_syllables(text: str, limit: int) -> str:
    matches = list(_SYLLABLE.finditer(text))
    return text if len(matches) <= limit else text[:matches[limit - 1].end()]


def _same_heading(a: str, b: str) -> bool:
    strip = lambda h: " ".join(_SYLLABLE.findall(re.sub(r"^[\dIVXivx]+[.)]\s*", "", folded(h).strip())))  # noqa: E731
    return strip(a) == strip(b) or strip(a).startswith(strip(b)) and len(strip(b)) > 3


def _heading_score(query: str, heading: str) -> float:
    """How far a heading says what a heading-like query says: shared roles and content words."""
    score = 0.0
    for role in roles():
        if any(re.search(rf"\b{re.escape(p)}\b", folded(query)) for p in role.patterns) and role.heading_matches(heading):
            score += 1.0
    words = content_words(query)
    if words:
        present = set(_SYLLABLE.findall(folded(heading)))
        score += sum(w in present for w in words) / len(words)
    return min(score, 2.0) / 2.0


class PrecedentFinder:
    def __init__(self, reader: IndexReader, searcher: Searcher | None = None):
        self.reader = reader
        self.searcher = searcher or Searcher(reader)

    def _source(self, request: PrecedentRequest) -> tuple[str, dict | None, set[int], str | None]:
        if request.doc_id is None:
            text = (request.text or "").strip()
            if not text:
                raise ValueError("give a text (a draft paragraph or a heading) or a document id and section")
            if len(text) > MAX_PRECEDENT_TEXT:
                raise ValueError(f"the text is {len(text):,} characters long; the limit is {MAX_PRECEDENT_TEXT:,}")
            return text, None, set(), None
        infos = document_infos(self.reader, [request.doc_id])
        if request.doc_id not in infos:
            raise SourceNotFound(f"no document with id {request.doc_id} in the index", "document-not-found")
        sections = self.reader.sections([request.doc_id])[request.doc_id]
        wanted = [h for h in (request.section_path or []) if h.strip()]
        if not wanted:
            raise ValueError(f"document {request.doc_id}: give the section (its heading or path 'I. … › 2. …')")
        found = [s for s in sections if len(s.path) >= len(wanted) and
                 all(_same_heading(have, want) for have, want in zip(s.path[-len(wanted):], wanted))]
        if not found:
            headings = "; ".join(s.heading[:60] for s in sections[:12])
            raise SourceNotFound(f"document {request.doc_id} has no section {' › '.join(wanted)!r}; its sections include: "
                                 f"{headings}", "section-not-found")
        section = found[0]
        body = self.reader.document_texts([request.doc_id])[request.doc_id][section.start:section.end]
        info = infos[request.doc_id]
        source = {"doc_id": request.doc_id, "title": info.title, "unit": info.unit, "section_path": section.path,
                  "char_start": section.start, "char_end": section.end}
        return body, source, {request.doc_id}, unit_key(info.unit) if info.unit else None

    def find(self, request: PrecedentRequest) -> PrecedentResponse:
        started = time.perf_counter()
        if not 1 <= request.k <= 100:
            raise ValueError(f"k must be between 1 and 100, not {request.k}")
        text, source, excluded_docs, excluded_unit = self._source(request)
        query = _clip_syllables(text, QUERY_SYLLABLES)
        heading_like = len(_SYLLABLE.findall(query)) <= HEADING_SYLLABLES
        response = self.searcher.search(SearchRequest(query=query, mode=request.mode, k=POOL, candidates=POOL,
                                                      filters=request.filters))
        query_roles = [role for role in roles() if any(re.search(rf"\b{re.escape(p)}\b", folded(query)) for p in role.patterns)]
        best: dict[tuple[int, tuple[str, ...]], tuple[float, object]] = {}
        for result in response.results:
            if not result.section_path or result.doc_id in excluded_docs:
                continue
            key = (result.doc_id, tuple(result.section_path))
            heading = result.section_path[-1]
            if heading_like:
                score = result.score + HEADING_BONUS * _heading_score(query, heading)
            else:  # a draft paragraph: sections playing the role it plays ("… còn hạn chế …") first
                score = result.score + ROLE_BONUS * any(role.heading_matches(heading) for role in query_roles)
            if key not in best or best[key][0] < score:
                best[key] = (score, result)
        infos = document_infos(self.reader, {doc_id for doc_id, _ in best})
        # versions of one report (indexer/versions.py) are one precedent, and the source's own are none
        lookup = getattr(self.reader, "version_groups", None)
        groups = lookup(sorted({doc_id for doc_id, _ in best} | excluded_docs)) if lookup else {}
        excluded_docs = excluded_docs | {member for doc_id in excluded_docs for member in groups.get(doc_id, [])}
        shown_version: dict[int, int] = {}  # group head → the member listed
        ranked, per_document, texts_seen = [], {}, set()
        for (doc_id, path), (score, result) in sorted(best.items(), key=lambda item: -item[1][0]):
            if excluded_unit and unit_key(infos[doc_id].unit) == excluded_unit:
                continue
            if doc_id in excluded_docs or shown_version.setdefault(groups.get(doc_id, [doc_id])[0], doc_id) != doc_id:
                continue
            # at most two sections of a document and never one inside another; a draft's copy of a
            # section already listed is not another precedent
            opening = " ".join(result.text.split())[:300]
            chosen = per_document.setdefault(doc_id, [])
            nested = any(path[:len(p)] == p or p[:len(path)] == path for p in chosen)
            if len(chosen) >= SECTIONS_PER_DOCUMENT or nested or opening in texts_seen:
                continue
            chosen.append(path)
            texts_seen.add(opening)
            ranked.append((doc_id, list(path), score, result))
            if len(ranked) >= request.k:
                break
        doc_ids = sorted({doc_id for doc_id, *_ in ranked})
        sections = self.reader.sections(doc_ids) if doc_ids else {}
        texts = self.reader.document_texts(doc_ids) if doc_ids else {}
        units: dict[str, PrecedentUnit] = {}
        for doc_id, path, score, result in ranked:
            info = infos[doc_id]
            row = next((s for s in sections[doc_id] if s.path == path), None)
            start, end = (row.start, row.end) if row else (result.char_start, result.char_end)
            unit = info.unit or UNKNOWN_UNIT
            units.setdefault(unit_key(info.unit), PrecedentUnit(unit, [])).sections.append(PrecedentSection(
                doc_id, info.title, info.date, unit, path, texts[doc_id][start:min(end, start + SECTION_TEXT_CHARS)],
                round(score, 4), start, end, row.page_start if row else result.page_start, result.chunk_id))
        took = (time.perf_counter() - started) * 1000
        return PrecedentResponse(query=query, source=source, units=list(units.values()), took_ms=round(took, 2),
                                 warnings=response.warnings)
