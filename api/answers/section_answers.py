"""Type 3 — report sections by role ("hạn chế, nguyên nhân", "kiến nghị, đề xuất") about a
topic, across documents, grouped by unit.

The documents are those about the topic: the ones holding its document code or phrase when it
has one ("Kết luận 62" → 62-KL), else the best hybrid search matches. In each, a section plays
the role when its heading opens with a role word ("3. Nguyên nhân của những hạn chế…"); a
paragraph that opens with the word and a colon ("Hạn chế: …") counts as well.
"""

from __future__ import annotations

import re
from collections import Counter

from api.answers.evidence import chunks_containing, document_infos, place_ok
from api.answers.headings import MIN_WORDS, QuestionWords, beyond_title, excerpt, named_section
from api.answers.passages import folded
from api.answers.questions import Question, Role
from api.answers.response import Evidence
from api.answers.sources import within_source
from api.answers.topics import chunks_with_code, cites_code, content_words, topic_codes
from indexer.analysis import analyze
from api.answers.unit_answers import group_by_unit, order_units
from api.answers.wording import clip, unit_listing
from api.search import Filters, SearchRequest, Searcher
from api.search.filters import allowed_documents

TOPIC_DOCUMENTS = 40
SECTIONS_PER_DOCUMENT = 4
NAMED_WHOLE = 0.9  # mean share of a heading's words and word pairs in the question
GENERIC_ROLES = {"contents", "background"}  # "gồm những nội dung gì", "tình hình … ra sao": any section plays it


def role_free_topic(question: Question) -> str:
    role_words = {word for role in question.roles for pattern in role.patterns for word in pattern.split()}
    return " ".join(word for word in question.topic.split() if folded(word) not in role_words)


def _chunks_per_document(reader, chunk_ids: list[int]) -> dict[int, float]:
    return dict(Counter(reader.chunk_documents(chunk_ids).values())) if chunk_ids else {}


def topic_documents(searcher: Searcher, topic: str, filters: Filters) -> dict[int, float]:
    """doc id → relevance for the topic; codes and short phrases must occur."""
    reader = searcher.reader
    doc_ids = allowed_documents(reader, filters)
    asked = topic_codes(topic)
    if asked:
        candidates = chunks_with_code(reader, asked, doc_ids)
        texts = reader.chunk_texts(candidates) if candidates else {}
        return _chunks_per_document(reader, [c for c in candidates if cites_code(set(analyze(texts.get(c, "")).folded().codes), asked)])
    if not content_words(topic):
        return {}
    if len(topic.split()) <= 4:
        found = chunks_containing(reader, [topic], doc_ids)
        if found:
            return _chunks_per_document(reader, list(found))
    response = searcher.search(SearchRequest(query=topic, k=TOPIC_DOCUMENTS, filters=filters, collapse=True))
    return {r.doc_id: r.score for r in response.results}


def _labelled_paragraphs(text: str, start: int, end: int, roles: list[Role]) -> list[tuple[int, int]]:
    """Paragraphs that open with a role word and a colon: "- Hạn chế: …", "* Nguyên nhân: …"."""
    out = []
    position = start
    for line in text[start:end].split("\n"):
        stripped = line.lstrip(" \t-–•*+")
        head = folded(stripped[:60])
        if any(re.match(rf"(?:\w+ ){{0,2}}{re.escape(p)}[^:\n]{{0,40}}:", head) for r in roles for p in r.patterns):
            out.append((position + len(line) - len(stripped), position + len(line)))
        position += len(line) + 1
    return out


def answer_sections(searcher: Searcher, question: Question, filters: Filters, order: str):
    reader = searcher.reader
    topic = role_free_topic(question)
    # "Bản giải trình bổ sung về … đề xuất gì về …": the sections of the document named, when it is held
    scoped = within_source(searcher, question, filters)
    relevance = topic_documents(searcher, topic, scoped[1]) if topic and scoped else {}
    relevance = relevance or (topic_documents(searcher, topic, filters) if topic else {})
    if not relevance:
        return [], "heading"
    doc_ids = list(relevance)
    infos = document_infos(reader, doc_ids)
    texts = reader.document_texts(doc_ids)
    # "… trong tham luận của tỉnh Điện Biên": that place's documents, when any is among them
    placed = [d for d in doc_ids if place_ok(question.place, infos[d], texts[d])] if question.place else []
    doc_ids = placed or doc_ids
    sections = reader.sections(doc_ids)
    chunk_spans = reader.chunk_spans(doc_ids)
    # the documents are the topic's; the place's own, the question names, and a heading it paraphrases
    asked = QuestionWords(question.beyond_source, named_document=bool(placed), short_names=True)
    generic = all(role.id in GENERIC_ROLES for role in question.roles)
    documents = []
    for doc_id in doc_ids:
        text = texts[doc_id]
        evidence: list[Evidence] = []
        playing = [section for section in sections[doc_id] if any(role.heading_matches(section.heading) for role in question.roles)]
        covered: list[tuple[int, int]] = []
        # The section the question names by its heading comes first ("Nội dung tuyên truyền …" →
        # "2. Nội dung tuyên truyền"), in place of the role section around it (and of that one's
        # other subsections): when it plays the role or lies in one that does, or when the role
        # is only "nội dung", which any section plays.
        named = named_section(asked, sections[doc_id], infos[doc_id].title, infos[doc_id].unit)
        # (or when the question writes nearly the whole heading in its order, and the heading names more
        # than its document: "Thường trực Hội … có nhiệm vụ, quyền hạn gì" asks for "3. Thường trực Hội có
        # nhiệm vụ, quyền hạn:" of the charter, not "Điều 4. Nhiệm vụ của Hội")
        whole = named and named[1].score >= NAMED_WHOLE and len(beyond_title(named[0].heading, infos[doc_id].title)) >= MIN_WORDS
        if named and (generic or whole
                      or any(section.start <= named[0].start < section.end for section in playing)):
            evidence.append(excerpt(text, named[0], []))
            covered = [(s.start, s.end) for s in playing if s.start <= named[0].start < s.end] or [(named[0].start, named[0].end)]
        for section in playing:
            if any(start <= section.start < end for start, end in covered) or any(
                    e.char_start <= section.start < e.char_end for e in evidence):
                continue  # a subsection of a section already cited, or the section around the named one
            evidence.append(excerpt(text, section, []))
        if not evidence:
            for s, e in _labelled_paragraphs(text, 0, len(text), question.roles)[:SECTIONS_PER_DOCUMENT]:
                path = next((x.path for x in reversed(sections[doc_id]) if x.start <= s < x.end), [])
                evidence.append(Evidence(text[s:e], None, path, None, None, s, e, [], "label"))
        if not evidence and named and placed:
            # "Thành phố Hà Nội đề xuất đẩy mạnh ứng dụng … như thế nào?": in the named place's own paper, which
            # has no section playing the role, the section the question names is what it asks for
            evidence.append(excerpt(text, named[0], []))
        if evidence:
            spans = chunk_spans[doc_id]
            for item in evidence:
                item.chunk_id = next((c for c, s, e in spans if s <= item.char_start < e or item.char_start <= s < item.char_end), None)
            documents.append(infos[doc_id].answer(evidence[:SECTIONS_PER_DOCUMENT], relevance[doc_id]))
    return order_units(group_by_unit(documents, infos), order), "heading"


def sections_answer_text(question: Question, units, topic: str) -> str:
    roles = ", ".join(role.label.lower() for role in question.roles)
    return unit_listing(f"Phần {roles} về “{topic}” trong báo cáo của {len(units)} đơn vị:", units,
                        lambda e: f"§ {' › '.join(e.section_path)} [{e.citation}]: “{clip(e.text, 240)}”")
