"""Type 1 — "which units reported X": every unit whose documents really mention X, with the
passages, their figures and citations."""

from __future__ import annotations

import re
from collections import defaultdict

from api.answers.evidence import DocumentInfo, document_infos, mention_evidence
from api.answers.passages import find_phrases, folded
from api.answers.questions import Question
from api.answers.response import UNKNOWN_UNIT, UnitAnswer
from api.answers.topics import Located, action_words, bound_alternatives, context_words, locate
from api.answers.wording import quoted, unit_listing
from api.search import Filters, Searcher
from api.search.filters import allowed_documents
from indexer.analysis import long_forms


_CITY = re.compile(r"(?<!\w)(?:TP|Tp)\.?\s*(?=[A-ZĐ])")


def display_unit(unit: str) -> str:
    """A unit's name as answers show it: "UBND TP. Hồ Chí Minh" → "UBND thành phố Hồ Chí Minh"."""
    return _CITY.sub("thành phố ", unit)


def unit_key(unit: str | None) -> str:
    """One key for one issuing unit however it is written: abbreviations spelled out, accents
    and case ignored ("UBND tỉnh Lâm Đồng" = "Ủy ban nhân dân tỉnh Lâm Đồng", "TP." = "thành phố")."""
    if not unit:
        return ""
    words = [(long_forms(w) or [w])[0] if len(w) > 1 and w.isupper() else w for w in display_unit(unit).split()]
    return " ".join(folded(" ".join(words)).split())


def group_by_unit(documents: list, infos: dict[int, DocumentInfo]) -> list[UnitAnswer]:
    """Documents under the unit that issued them; a joint document (a "thông tư liên tịch") under
    each of its issuers."""
    groups: dict[str, UnitAnswer] = {}
    for document in documents:
        info = infos[document.doc_id]
        issuers = [info.unit, *(i for i in info.issuers if unit_key(i) != unit_key(info.unit))]
        for unit in dict.fromkeys(issuers):
            key = unit_key(unit)
            groups.setdefault(key, UnitAnswer(display_unit(unit) if unit else UNKNOWN_UNIT, [])).documents.append(document)
    return list(groups.values())


def _signature(document) -> frozenset[str]:
    return frozenset(" ".join(e.text.split()) for e in document.evidence)


def fold_versions(documents: list) -> list:
    """A document whose evidence repeats a better one's word for word (a draft, a copy filed
    again) is listed as a version of it, not as another report."""
    kept = []
    for document in sorted(documents, key=lambda d: -d.score):
        signature = _signature(document)
        original = next((k for k in kept if signature <= _signature(k)), None)
        if original is None:
            kept.append(document)
        else:
            original.versions.append({"doc_id": document.doc_id, "title": document.title, "date": document.date,
                                      "number": document.number, "path": document.path, "name": document.name})
    return kept


def order_units(units: list[UnitAnswer], order: str) -> list[UnitAnswer]:
    for unit in units:
        unit.documents = fold_versions(unit.documents)
        if order == "date":
            unit.documents.sort(key=lambda d: d.date or "", reverse=True)
        else:
            unit.documents.sort(key=lambda d: -d.score)
    if order == "date":
        return sorted(units, key=lambda u: max((d.date or "" for d in u.documents), default=""), reverse=True)
    return sorted(units, key=lambda u: -max(d.score for d in u.documents))


def located_documents(searcher: Searcher, located: Located, phrases: list[str]) -> tuple[list, dict[int, DocumentInfo]]:
    reader = searcher.reader
    chunk_ids = sorted(located.mentions)
    chunks = reader.chunks(chunk_ids) if chunk_ids else {}
    by_document: dict[int, list] = defaultdict(list)
    for chunk in chunks.values():
        by_document[chunk.doc_id].append(chunk)
    infos = document_infos(reader, by_document)
    texts = reader.document_texts(list(by_document)) if by_document else {}
    documents = []
    for doc_id, doc_chunks in by_document.items():
        mentions = sorted({span for chunk in doc_chunks for span in located.mentions[chunk.chunk_id]})
        evidence = mention_evidence(texts[doc_id], mentions, sorted(doc_chunks, key=lambda c: c.start), located.match)
        in_title = bool(phrases and infos[doc_id].title and find_phrases(infos[doc_id].title, phrases))
        score = min(len(mentions), 5) + 3 * in_title + 0.1 * sum(bool(e.figures) for e in evidence)
        documents.append(infos[doc_id].answer(evidence, score))
    return documents, infos


def answer_units(searcher: Searcher, question: Question, filters: Filters, order: str) -> tuple[list[UnitAnswer], str]:
    doc_ids = allowed_documents(searcher.reader, filters)
    with_words = context_words(question.topic, question.name, question.place) if question.name_source == "acronym" else None
    phrases = question.phrases or ([question.organisation] if question.organisation else [])
    if question.name_source == "alternatives" and len(phrases) >= 2 and question.name:
        phrases = bound_alternatives(searcher.reader, question.name, phrases)
    # "Hồ sơ sáp nhập Hiệp hội Doanh nghiệp …": the documents on that, not every one naming the association
    action = action_words(question.topic, question.organisation) if not question.phrases and question.organisation else None
    located = locate(searcher, phrases, question.topic, doc_ids, ignore=question.place, with_words=with_words,
                     action=action, core=True)
    documents, infos = located_documents(searcher, located, phrases)
    units = order_units(group_by_unit(documents, infos), order)
    return units, located.match


def units_answer_text(units: list[UnitAnswer], subject: str) -> str:
    return unit_listing(f"Có {len(units)} đơn vị báo cáo về “{subject}”:", units, quoted)
