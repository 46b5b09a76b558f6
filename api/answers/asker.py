"""`tracuu ask`, readable in one screen:

    question → parse (type, subject, year, place, roles)
             → units | figure | sections | precedents | passages answerer → evidence
             → citations numbered → Vietnamese answer (→ optional generated answer)
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from api.answers.actor_answers import answer_actor, asked_subject, written_action
from api.answers.document_answers import answer_document
from api.answers.event_dates import answer_event_day
from api.answers.evidence import document_infos, written_place
from api.answers.figure_answers import answer_figure, figure_answer_text
from api.answers.figures_across import answer_figures_across, figures_across_text, listed_rows_answer
from api.answers.acronyms import expand_unknown_acronym, spelled_out
from api.answers.headings import QuestionWords, excerpt, named_sections
from api.answers.generation import GenerationError, Generator, GeneratorConfig
from api.answers.passages import folded, sentences
from api.answers.precedents import PrecedentFinder, PrecedentRequest
from api.answers.questions import parse_question
from api.answers.response import AskResponse, Evidence, UnitAnswer, number_citations
from api.answers.sources import within_source
from api.answers.section_answers import answer_sections, role_free_topic, sections_answer_text
from api.answers.topics import content_words, named_by_number, named_by_organisation
from api.answers.unit_answers import answer_units, group_by_unit, units_answer_text
from api.answers.wording import clip, quoted
from api.search import Filters, SearchRequest, Searcher
from indexer.store.reader import IndexReader

ORDERS = ("relevance", "date")
PASSAGE_RESULTS = 5
PASSAGE_POOL = 10  # documents searched for a section the question names by its heading
NAMED_SECTIONS_SHOWN = 3  # sections shown of a document the question names, best first
CLOSEST_RESULTS = 5
_SYLLABLE = re.compile(r"[^\W_]+")


@dataclass
class AskRequest:
    question: str
    type: str | None = None           # force units | figure | figures_across | sections | precedents | documents | actors | passages
    filters: Filters = field(default_factory=Filters)
    order: str = "relevance"          # or "date": newest documents first
    generate: bool = False            # also ask the configured chat model (TRACUU_LLM_*)


class Asker:
    def __init__(self, reader: IndexReader, searcher: Searcher | None = None, generator: Generator | None = None):
        self.reader = reader
        self.searcher = searcher or Searcher(reader)
        self.generator = generator

    def ask(self, request: AskRequest) -> AskResponse:
        started = time.perf_counter()
        if request.order not in ORDERS:
            raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {request.order!r}")
        question = parse_question(request.question, request.type)
        if (spelled := spelled_out(self.searcher, question, request.filters)) != question.text:
            question = parse_question(spelled, request.type)
        expand_unknown_acronym(self.searcher, question, request.filters)
        if question.place and question.text == question.text.lower():
            question.place = written_place(self.searcher.reader, question.place)
        subject = question.name or question.topic or question.text
        unstated = False  # an actors question whose action no sentence states
        response = AskResponse(question=request.question, type=question.type, answer="", units=[], citations=[],
                               not_found=True, name=question.name)
        if question.type == "units":
            response.units, _ = answer_units(self.searcher, question, request.filters, request.order)
        elif question.type == "figure":
            listed = listed_rows_answer(self.searcher, question, request.filters) if request.type is None else None
            if listed and listed[0]:  # the rows of a table the question lists: a table
                question.type = response.type = "figures_across"
                response.units, response.table = listed
            else:
                response.units, response.figure, _ = answer_figure(self.searcher, question, request.filters)
        elif question.type == "figures_across":
            response.units, response.table = answer_figures_across(self.searcher, question, request.filters)
            if not response.units and request.type is None:
                # no table to compare, but the figure itself may be stated: answer that rather than "not found"
                question.type = response.type = "figure"
                response.table = None
                response.units, response.figure, _ = answer_figure(self.searcher, question, request.filters)
        elif question.type == "sections":
            subject = role_free_topic(question) or subject
            response.units, _ = answer_sections(self.searcher, question, request.filters, request.order)
        elif question.type == "precedents":
            response.units = self._precedents(question.topic or question.text, request.filters)
        elif question.type == "documents":
            answer = answer_event_day if question.document_field == "held" else answer_document
            stated = answer(self.searcher, question, request.filters)
            response.units, response.document = stated.units, stated.value
        elif question.type == "actors":
            stated = answer_actor(self.searcher, question, request.filters)
            response.units, response.actor = stated.units, stated.value
            if not response.units and request.type is None:
                # no sentence states the action on the subject: the passages on the subject, saying so
                response.units = self._passages(question.topic or question.text, request.filters, question.text)
                unstated = True
        else:
            scoped = within_source(self.searcher, question, request.filters)
            text, filters = scoped or (question.topic or question.text, request.filters)
            response.units = self._passages(text, filters, question.beyond_source, named_document=scoped is not None)
        response.citations = number_citations(response.units)
        response.not_found = not response.units
        if response.not_found:
            response.answer = f"Không tìm thấy báo cáo nào đề cập “{subject}”."
            response.closest = self._closest(question.topic or question.text, request.filters)
            if response.closest:
                response.answer += " Các kết quả gần nhất được liệt kê bên dưới (không chắc đã đề cập nội dung này)."
        elif question.type == "units":
            response.answer = units_answer_text(response.units, subject)
        elif question.type == "figure":
            response.answer = figure_answer_text(question, response.figure, response.units)
        elif question.type == "figures_across":
            response.answer = figures_across_text(response.table, response.units)
        elif question.type == "sections":
            response.answer = sections_answer_text(question, response.units, subject)
        elif unstated:
            action = written_action([question.text], question.action or "")
            response.answer = (f"Các văn bản tìm được không nêu rõ ai {action} {clip(asked_subject(question), 120)}. "
                               f"Các đoạn liên quan:\n{self._listing(response.units)}")
        elif question.type in ("documents", "actors"):
            response.answer = stated.text()
        else:
            response.answer = self._listing(response.units)
        if request.generate and not response.not_found:
            self._generate(response)
        response.took_ms = round((time.perf_counter() - started) * 1000, 2)
        return response

    def _precedents(self, text: str, filters: Filters) -> list[UnitAnswer]:
        found = PrecedentFinder(self.reader, self.searcher).find(PrecedentRequest(text=text, k=10, filters=filters))
        doc_ids = [s.doc_id for u in found.units for s in u.sections]
        infos = document_infos(self.reader, doc_ids)
        documents = {}
        for unit in found.units:
            for s in unit.sections:
                if s.doc_id not in documents:
                    documents[s.doc_id] = infos[s.doc_id].answer([], s.score)
                documents[s.doc_id].evidence.append(Evidence(s.text, s.chunk_id, s.section_path, s.page_start, None,
                                                             s.char_start, s.char_end, [], "similar"))
        return group_by_unit(list(documents.values()), infos)

    def _passages(self, text: str, filters: Filters, question: str, named_document: bool = False) -> list[UnitAnswer]:
        """A question of no known type: the best sentences of the top search results; a document
        with a section whose heading the question names ("Quyền của hội viên … theo Điều lệ")
        answers with that section, and comes first. ``named_document``: the question names the
        document searched ("Kế hoạch … năm 2026 … nói gì về kinh phí thực hiện?")."""
        results = self.searcher.search(SearchRequest(query=text, k=PASSAGE_POOL, filters=filters, collapse=True)).results
        words = content_words(text)
        infos = document_infos(self.reader, [r.doc_id for r in results])
        # in a document the question names, its few best-named sections: the question paraphrases one
        shown = NAMED_SECTIONS_SHOWN if named_document else 1
        named = named_sections(self.reader, QuestionWords(question, named_document), infos, shown)
        if named_document and not named and results:
            # no heading named outright: in the document named (the search's first, and its copies titled alike),
            # the sections whose headings share the question's words
            title = folded(infos[results[0].doc_id].title or "")
            copies = {d: info for d, info in infos.items() if d == results[0].doc_id or title and folded(info.title or "") == title}
            named = named_sections(self.reader, QuestionWords(question, True), copies, shown, overlapping=True)
        if not named_document:  # "Nghị định 114/2003/NĐ-CP cấm … làm những việc gì?": the document named by its number
            by_number = named_by_number(question, {d: info for d, info in infos.items() if d not in named})
            named |= named_sections(self.reader, QuestionWords(question, True), by_number, NAMED_SECTIONS_SHOWN) \
                if by_number else {}
            # "Câu lạc bộ Mô tô Thể thao tỉnh Lâm Đồng khen thưởng … theo những hình thức nào?": its own charter, read
            # with the words beyond the organisation's name (before the whole question's "tổ chức thành viên" heading)
            beyond, by_organisation = named_by_organisation(question, {d: i for d, i in infos.items() if d not in by_number})
            named |= named_sections(self.reader, QuestionWords(beyond, True), by_organisation, NAMED_SECTIONS_SHOWN) \
                if by_organisation else {}
        texts = self.reader.document_texts(list(named)) if named else {}
        spans_of = self.reader.chunk_spans(list(named)) if named else {}
        documents = []
        shown = set()  # (title, section path) already shown: a copy's same section adds nothing
        for rank, r in enumerate(results):
            if r.doc_id in named:
                (_best, match), *_ = named[r.doc_id]
                title = folded(infos[r.doc_id].title or "")
                sections = [section for section, _m in named[r.doc_id] if not title or (title, tuple(section.path)) not in shown]
                shown |= {(title, tuple(section.path)) for section in sections if title}
                if not sections:
                    continue
                evidence = [excerpt(texts[r.doc_id], section, spans_of.get(r.doc_id, [])) for section in sections]
                documents.append((0, -match.words, -match.score, rank, infos[r.doc_id].answer(evidence, r.score)))
                continue
            spans = sentences(r.text, 0, len(r.text))
            if rank >= PASSAGE_RESULTS or not spans or not words:
                continue
            best = max(spans, key=lambda span: sum(w in set(_SYLLABLE.findall(folded(r.text[span[0]:span[1]]))) for w in words))
            evidence = Evidence(r.text[best[0]:best[1]], r.chunk_id, r.section_path, r.page_start, r.page_end,
                                r.char_start + best[0], r.char_start + best[1], [], "search")
            documents.append((1, 0, 0, rank, infos[r.doc_id].answer([evidence], r.score)))
        documents.sort(key=lambda item: item[:4])
        return group_by_unit([item[-1] for item in documents[:PASSAGE_RESULTS]], infos)

    def _closest(self, text: str, filters: Filters) -> list[dict]:
        if not text.strip():
            return []
        results = self.searcher.search(SearchRequest(query=text, k=CLOSEST_RESULTS, filters=filters, collapse=True)).results
        return [{"doc_id": r.doc_id, "title": r.title, "unit": r.unit, "date": r.date, "section_path": r.section_path,
                 "snippet": r.snippet, "chunk_id": r.chunk_id, "char_start": r.char_start, "char_end": r.char_end,
                 "score": r.score} for r in results]

    @staticmethod
    def _listing(units: list[UnitAnswer]) -> str:
        lines = []
        for unit in units:
            for document in unit.documents:
                for evidence in document.evidence:
                    lines.append(f"- {unit.unit}, {' › '.join(evidence.section_path) or clip(document.title or '', 80)}: "
                                 f"{quoted(evidence, 280)}")
        return "\n".join(lines)

    def _generate(self, response: AskResponse) -> None:
        generator = self.generator
        if generator is None:
            config = GeneratorConfig.from_env()
            if config is None:
                response.warnings.append("no chat model configured (set TRACUU_LLM_URL and TRACUU_LLM_MODEL): "
                                         "the answer is extractive only")
                return
            generator = Generator(config)
        try:
            response.generated = generator.generate(response)
        except GenerationError as exc:
            response.warnings.append(f"generated answer unavailable: {exc}")
            return
        if response.generated["uncited"]:
            response.warnings.append(f"{response.generated['uncited']} sentence(s) of the generated answer cite no evidence")
