"""When an event the archive reports took place: "Đại hội Liên đoàn Bóng bàn tỉnh Lâm Đồng nhiệm
kỳ 2025 - 2030 được tổ chức vào ngày nào?" is answered with the day written in the sentence that
reports the event ("… vào lúc 14h30’ ngày 12/11/2025, Liên đoàn Bóng bàn tỉnh Lâm Đồng đã tiến
hành Đại hội nhiệm kỳ 2025 - 2030 …"), not with a document's date.

A sentence counts by the share of the event's words it holds (each weighted by its idf, as
figure evidence is), and more when it says the event happened (an event verb). A date right after
a document's number ("Báo cáo số 05/BC-LĐ ngày 14/11/2025 …") is that document's, no event's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.answers.document_answers import DocumentAnswerResult, _chunks_of, _span_evidence
from api.answers.evidence import document_infos
from api.answers.passages import folded, sentences
from api.answers.questions import Question
from api.answers.topics import SubjectWeights, content_words
from api.answers.unit_answers import group_by_unit
from api.answers.wording import clip, vietnamese_date
from api.search import Filters, SearchRequest, Searcher

SEARCHED_CHUNKS = 30
MIN_SHARE = 0.5  # of the event's word weight, in the sentence giving its day
VERB_BONUS = 0.15
_ASKING = {"nao", "khi", "luc", "gio", "bao", "hom", "thoi", "gian", "vao", "ngay", "duoc", "to", "chuc", "dien", "ra", "tien",
           "hanh"}
_EVENT_VERB = re.compile(r"\b(?:to chuc|dien ra|tien hanh|khai mac|hop|ky ket|hoi nghi|dai hoi)\b")
_DAY = re.compile(r"\bngay\s+(\d{1,2})\s*(?:/|-|\.|thang)\s*(\d{1,2})\s*(?:/|-|\.|nam)\s*((?:19|20)\d{2})\b")
_ASKS_WHEN = re.compile(r"\s+(?:được\s+|đã\s+)?(?:tổ chức|diễn ra|tiến hành|khai mạc|họp|ký kết)\s+(?:vào\s+)?"
                        r"(?:ngày|khi|lúc|thời gian|bao giờ|hôm)\b", re.IGNORECASE)
_DOCUMENT_BEFORE = re.compile(r"\d+\s*/\s*[A-Z0-9Đ][\w-]*(?:/[\w-]+)*\s*,?\s*$")


@dataclass
class EventDay:
    share: float
    doc_id: int
    start: int  # the sentence, in the document's text
    end: int
    iso: str


def event_words(question: Question) -> list[str]:
    """The words naming the event: the question's content words less those asking when."""
    return [w for w in content_words(question.topic or question.text) if w not in _ASKING]


def _days(sentence: str) -> list[tuple[int, str]]:
    """(offset, ISO day) of the days a sentence writes, less those dating a document it cites."""
    key = folded(sentence)
    out = []
    for m in _DAY.finditer(key):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not (1 <= day <= 31 and 1 <= month <= 12) or _DOCUMENT_BEFORE.search(sentence[max(0, m.start() - 40):m.start()]):
            continue
        out.append((m.start(), f"{year:04d}-{month:02d}-{day:02d}"))
    return out


def find_event_day(searcher: Searcher, question: Question, filters: Filters) -> EventDay | None:
    words = event_words(question)
    if not words:
        return None
    weights = SubjectWeights(searcher.reader, words)
    results = searcher.search(SearchRequest(query=" ".join(words), mode="bm25", k=SEARCHED_CHUNKS, filters=filters,
                                            snippets=False)).results
    best = _invited_day(searcher, results, weights)
    for result in results:
        for s, e in sentences(result.text, 0, len(result.text)):
            sentence = result.text[s:e]
            days = _days(sentence)
            if not days:
                continue
            held = set(re.findall(r"[^\W_]+", folded(sentence)))
            share = weights.share(held) + (VERB_BONUS if _EVENT_VERB.search(folded(sentence)) else 0.0)
            if share >= MIN_SHARE and (best is None or share > best.share):
                start = result.char_start + s
                best = EventDay(share, result.doc_id, start, start + (e - s), days[0][1])
    return best


INVITATION_KIND = "giấy mời"
_TIME_LINE = re.compile(r"^[^\S\n]*(?:\d+\.\s*)?thoi gian\s*:[^\n]*", re.M)


def _invited_day(searcher: Searcher, results: list, weights: SubjectWeights) -> EventDay | None:
    """An invitation to the event ("GIẤY MỜI … tổ chức buổi làm việc để nghe Sở Nội vụ báo cáo …") gives its
    day on its own line ("4. Thời gian: từ 08h00 ngày 07/11/2025"), apart from the sentences naming it:
    the invitation holding most of the event's words, by its whole text."""
    doc_ids = list(dict.fromkeys(r.doc_id for r in results))
    infos = document_infos(searcher.reader, doc_ids) if doc_ids else {}
    invitations = [d for d in doc_ids if d in infos and infos[d].doc_type == INVITATION_KIND]
    best: EventDay | None = None
    for doc_id, text in (searcher.reader.document_texts(invitations) if invitations else {}).items():
        key = folded(text)
        line = _TIME_LINE.search(key)
        days = _days(text[line.start():line.end()]) if line else []
        share = weights.share(set(re.findall(r"[^\W_]+", key))) + VERB_BONUS
        if days and share >= MIN_SHARE and (best is None or share > best.share):
            best = EventDay(share, doc_id, line.start(), line.end(), days[0][1])
    return best


def answer_event_day(searcher: Searcher, question: Question, filters: Filters) -> DocumentAnswerResult:
    found = find_event_day(searcher, question, filters)
    if found is None:
        return DocumentAnswerResult([], [], None)
    reader = searcher.reader
    record = reader.document(found.doc_id)
    evidence = _span_evidence(found.start, found.end, record.text, _chunks_of(reader, found.doc_id))
    infos = document_infos(reader, [found.doc_id])
    document = infos[found.doc_id].answer([evidence], found.share)
    event = clip(_ASKS_WHEN.split(question.text)[0].strip(" ?"), 160)
    lead = f"Ngày diễn ra: {vietnamese_date(found.iso)} — “{event}”."
    return DocumentAnswerResult(group_by_unit([document], infos), [(lead, evidence)],
                                {"field": "held", "value": found.iso, "doc_id": found.doc_id, "identified_by": "text",
                                 "match": round(found.share, 3)})
