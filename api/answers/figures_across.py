"""Figures across reports: "Mỗi đơn vị đã vận động được bao nhiêu cho Quỹ Vì người nghèo qua các năm?"

Every document that mentions the subject (found as the "which units" answer finds it: a named
campaign as a phrase, else its words in one sentence) is read around each mention: the
mentioning sentence and the figure-bearing sentences right after it, clause by clause. Each
figure of the kind asked for becomes a candidate row dated by the period stated nearest before
it ("năm 2025", "từ năm 2012 đến nay", "giai đoạn 2020–2025", "trong 10 năm qua"), else by the
document's own year. A document gives its best figure per period; a figure with no stated period
gives way to a better one of the same document that has one. One unit gives one row per period
and measure. Values are normalised (``quantities``) and added only within one measure.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from api.answers.compared import Compared, compared_names, written_out
from api.answers.evidence import chunks_containing, document_infos
from api.answers.figure_answers import year_names_document
from api.answers.figure_table import FigureRow, FiguresTable, FigureTotal
from api.answers.figures import Figure, _count_units, extract_figures, number_of
from api.answers.passages import clauses, comma_optional, find_phrases, folded, paragraph_bounds, sentences
from api.answers.periods import MONTH_COUNTS, MONTHS_WRITTEN, QUARTER_WRITTEN, YEARS_LISTED, listed_months
from api.answers.quantities import amount_display, quantity_of, total_qualifier
from api.answers.questions import EACH_OF, Question, trailing_source
from api.answers.report_series import series_rows
from api.answers.response import UNKNOWN_UNIT, Evidence, UnitAnswer
from api.answers.sheet_cells import asked_periods, listed_cells, tables_asked
from api.answers.sheets import SheetCell, column_period, name_key
from api.answers.sources import OPENING_CHARS, noted_title, source_documents
from api.answers.topics import content_words, locate
from api.answers.unit_answers import group_by_unit, unit_key
from api.search import Filters, SearchRequest, Searcher
from api.search.filters import allowed_documents
from indexer.analysis import expansions

_SYLLABLE = re.compile(r"[^\W_]+")
FOLLOWING_SENTENCES = 2
LONG_SENTENCE_CHARS = 300
NO_PERIOD = "không rõ"
ABOUT_BONUS = 1.0  # a compared name's figure read in a document whose title names it
TITLE_WORDS_BONUS = 0.5  # times the share of the question's words in the document's title
LABEL_CHARS = 30  # before a compared name's figure: its label ("dự kiến Ban Chấp hành:")
LABEL_BONUS = 2.0  # times the share of the question's word pairs in that label
LOOK_BACK_CHARS = 400  # a compared name's undated figure takes the period written this far before it
MIN_SCORE = 2.0   # a figure with neither the subject in its clause nor any of the question's words is not its figure
# A target, not a result: "phấn đấu … đạt trên 90%", "chỉ tiêu …", "mục tiêu …" (folded, before the figure in its clause).
_GOAL = re.compile(r"\b(?:phan dau|muc tieu|chi tieu|du kien|dinh huong|phai dat|can dat|ke hoach giao|toi thieu)\b")
GOAL_BONUS = 0.5  # asked for a goal, a figure its sentence aims at ("phấn đấu … đạt") over one achieved
# "… quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026": a title's period of plans, not of results
_PLANNED = re.compile(r"\b(?:phuong huong|nhiem vu|ke hoach|muc tieu|chi tieu|du kien)\b")
_COUNTED = re.compile(r"\b(?:so|so luong|tong so|bao nhieu|may|cac|nhung)\s+$")
_ASKS_FOR_GOALS = re.compile(r"\b(?:muc tieu|chi tieu|phan dau|ke hoach|du kien)\b")

# The words that make a question "across reports" (folded): not part of its subject.
_CUES = re.compile(r"\b(?:(?:(?:giua|theo|moi|tung|cac|cua)\s+)+(?:don vi|dia phuong|co quan|xa|phuong|huyen|tinh)"
                   r"|(?:moi|tung) (?:to chuc|hoi)"
                   r"|(?:qua|theo|trong) (?:cac |tung |moi )?(?:nam|ky|giai doan|thoi ky)|(?:tung|moi|hang|cac) nam"
                   r"|so sanh|lap bang|giua|don vi|(?:dia phuong|xa|phuong|huyen|tinh)$)\b")

_YEAR = r"((?:19|20)\d{2})"
_DASH = r"\s*(?:-|–|—|đến(?:\s+năm)?|den(?:\s+nam)?)\s*"
# Periods as written (matched on folded text, which keeps every offset).
_PERIODS = (
    # a part of a year first, so that its year is not read alone: "quý I năm 2026", "6 tháng đầu năm 2025"
    ("quarter", re.compile(QUARTER_WRITTEN)),
    ("months", re.compile(MONTHS_WRITTEN)),
    # "Tính gộp 2 tháng đầu năm GTSXCN …": the months of the document's own year
    ("months this year", re.compile(MONTHS_WRITTEN.replace(r"\s*nam\s+((?:19|20)\d{2})\b", r"\s*nam\b(?!\s*(?:19|20)\d{2})"))),
    ("range", re.compile(rf"\b(?:tu nam|tu|giai doan|nhiem ky|thoi ky|trong|nam)?\s*{_YEAR}{_DASH}{_YEAR}\b")),
    ("since", re.compile(rf"\b(?:tu|ke tu|tu nam|ke tu nam)\s+(?:nam\s+)?{_YEAR}\s+(?:den|toi)\s+nay\b")),
    ("recent", re.compile(r"\b(\d{1,2}) nam qua\b")),
    ("year", re.compile(rf"(?<!thang \d )(?<!thang \d\d )\bnam\s+{_YEAR}\b")),
    ("to date", re.compile(rf"\b(?:den|tinh den|tinh den het)\s+ngay\s+\d{{1,2}}/\d{{1,2}}/{_YEAR}\b")),
    # a year heading its figure in a list: "1992: 17,5%; 1993: 5,2%"
    ("year label", re.compile(rf"(?<![\d/.,-]){_YEAR}\s*:(?=\s*\d)")),
)


@dataclass
class Period:
    start: int | None
    end: int | None
    position: int     # where it is written (document offset), -1 for the document's own year
    source: str       # text | document | none
    part: str | None = None  # a part of the year start: "quý I", "6 tháng đầu"

    written: str | None = None  # as a table's column head writes it: "tháng 1/2005", "9 tháng/2003"

    @property
    def label(self) -> str:
        if self.written:
            return self.written
        if self.start is None:
            return NO_PERIOD
        if self.part:
            return f"{self.part} năm {self.start}"
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"


def across_topic(question: Question) -> str:
    """The question's topic without the words that ask for a comparison ("mỗi đơn vị", "qua năm")
    or name its periods ("năm 2025 và quý I năm 2026": the table's rows, not its subject)."""
    words = _SYLLABLE.findall(question.topic)
    key = " ".join(folded(w) for w in words)
    cut = [m.span() for m in _CUES.finditer(key)] + [m.span() for _, pattern in _PERIODS for m in pattern.finditer(key)]
    cut += [m.span() for m in re.finditer(r"\b(?:19|20)\d{2}(?:\s+(?:va\s+)?(?:19|20)\d{2})+\b", key)]  # "1992 1995 và 1997"
    cut += [m.span() for m in re.finditer(rf"\b(?:den|toi)(?: het)? nam {_YEAR}\b", key)]  # a goal's year, "đến hết năm 2030"
    if listed_months(question.text):  # "tháng 8, tháng 9 và tháng 11/2025", its punctuation gone
        cut += [m.span() for m in re.finditer(r"\bthang \d{1,2}(?: (?:va )?(?:thang )?\d{1,2})*(?: (?:nam )?(?:19|20)\d{2})?\b", key)]
    # the document it is read from ("Theo bài viết về lạm phát của TS …") and the one thing whose
    # figures are compared ("của Việt Nam"): neither is what a sentence stating the figure names
    for named in filter(None, [question.source or trailing_source(question.text), asked_entity(question.text)]):
        phrase = " ".join(folded(w) for w in _SYLLABLE.findall(named))
        cut += [m.span() for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", key)]
    kept = _words_outside(words, cut)
    while kept and folded(kept[-1]) in _DANGLING:  # "… năm 2025 và quý I năm 2026" cut leaves "và"
        kept.pop()
    while kept and folded(kept[0]) in _LEADING:  # "Theo …," whose document was cut
        kept.pop(0)
    return " ".join(kept)


_LEADING = {"theo", "trong", "tai", "o"}


_DANGLING = {"va", "trong", "cua", "voi", "so", "den", "tu", "nam", "cho", "theo"}


def _subject_written(topic: str, place: str | None) -> str:
    """What a sentence stating the figure writes of the topic: not how the question asks ("Mục tiêu
    tỷ lệ xã, phường, đặc khu không ma túy": the plan writes "ít nhất 20% xã, phường, đặc khu không
    có ma túy") nor the place the documents are chosen by. The topic itself when little is left."""
    words = _SYLLABLE.findall(topic)
    key = " ".join(folded(w) for w in words)
    cut = [m.span() for m in _ASKING.finditer(key)]
    if place:
        phrase = re.sub(r"^(?:tinh|thanh pho|tp|huyen|quan|thi xa|xa|phuong) ", "", " ".join(folded(w) for w in _SYLLABLE.findall(place)))
        cut += [m.span() for m in re.finditer(rf"(?<!\w)(?:(?:tinh|thanh pho|tp|huyen|quan|thi xa|xa|phuong) )?{re.escape(phrase)}(?!\w)", key)]
    kept = _words_outside(words, cut)
    return " ".join(kept) if len(content_words(" ".join(kept))) >= 2 else topic


def _words_outside(words: list[str], cut: list[tuple[int, int]]) -> list[str]:
    """The words whose start lies in no span of ``cut`` (spans of the words folded and joined by spaces)."""
    kept, position = [], 0
    for word in words:
        if not any(s <= position < e for s, e in cut):
            kept.append(word)
        position += len(word) + 1
    return kept


def wanted_measure(question: Question) -> tuple[str | None, str | None]:
    """(kind, counted noun) asked for; a counted noun named anywhere in the question ("số hộ
    nghèo qua các năm") counts when the wording gives no kind."""
    if question.figure_kind:
        return question.figure_kind, question.figure_unit
    key = folded(question.text)
    for noun in _count_units():  # longest first; accents count ("số lượng" holds no "sổ")
        # the noun counted: "số hộ nghèo", "bao nhiêu thành viên"; not one inside a name or a
        # compound ("Hội Điều dưỡng", "đại hội")
        for start, end in find_phrases(question.text, [noun]):
            if _COUNTED.search(key[max(0, start - 24):start]):
                return "count", _with_abbreviated_words(question.text, start, end)
    counted = number_of(question.text)
    return ("count", counted) if counted else (None, None)


COUNTED_ONLY_MARGIN = 0.5   # a figure found by its noun alone needs a sixth of the question's other words in its clause
COUNTED_DOCUMENTS = 20      # search results whose whole text is checked for the topic's words
COUNTED_DOCUMENT_SHARE = 0.8  # of the topic's words, anywhere in a document that counts the noun


def _counted_mentions(searcher: Searcher, topic: str, noun: str, place: str | None, filters: Filters,
                      doc_ids: list[int] | None) -> dict[int, list[tuple[int, int]]]:
    """The counted noun's mentions in documents that hold the topic's words anywhere: "Đã tiếp nhận
    726 phản ánh kiến nghị" stands under a heading that says "… về quy định thủ tục hành chính",
    in a report whose title says "tỉnh Lâm Đồng" — no one sentence holds the question's words."""
    words = [w for w in content_words(topic) if not place or w not in content_words(place)]
    results = searcher.search(SearchRequest(query=topic, k=COUNTED_DOCUMENTS, filters=filters, mode="bm25",
                                            collapse=True, snippets=False)).results
    allowed = None if doc_ids is None else set(doc_ids)
    held = list(dict.fromkeys(r.doc_id for r in results if allowed is None or r.doc_id in allowed))
    texts = searcher.reader.document_texts(held) if held and words else {}
    holding = [d for d, text in texts.items()
               if len(set(words) & set(_SYLLABLE.findall(folded(text)))) >= COUNTED_DOCUMENT_SHARE * len(words)]
    return chunks_containing(searcher.reader, list(noun_forms(noun)), holding) if holding else {}


def _with_abbreviated_words(text: str, start: int, end: int) -> str:
    """The counted noun with the words after it that an abbreviation stands for with it: "số thủ tục
    hành chính" counts what reports write "553/553 TTHC"."""
    if expansions(text[start:end]):
        return text[start:end]  # the noun has its own abbreviation
    following = text[end:].split()[:3]
    for n in range(len(following), 0, -1):
        longer = text[start:end] + " " + " ".join(w.strip(",.;:?") for w in following[:n])
        if any(form.isupper() for form in expansions(longer)):
            return longer
    return text[start:end]


def noun_forms(noun: str | None) -> tuple[str, ...]:
    """The ways a report writes what a question counts: "phản ánh, kiến nghị" also as "phản ánh
    kiến nghị", "phản ánh" and "PAKN"; "thủ tục hành chính" also as "TTHC"."""
    if not noun:
        return ()
    forms = [noun, " ".join(noun.replace(",", " ").split()), noun.split(",")[0].strip()]
    forms += expansions(noun)
    return tuple(dict.fromkeys(f for f in forms if f))


_COMPARED_WITH = re.compile(r"\bso voi\s+(?:cung ky\s+)?$")


def periods_in(text: str, start: int, end: int, document_year: int | None) -> list[Period]:
    """Periods written in text[start:end], in reading order, with document offsets."""
    key = folded(text[start:end])
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in _PERIODS:
        for m in pattern.finditer(key):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if _COMPARED_WITH.search(key, 0, m.start()):
                continue  # "giảm 312 vụ (734/1046) so với năm 2024": the year compared with, no figure's own
            if name == "range":
                a, b = int(m.group(1)), int(m.group(2))
                if not a <= b <= a + 50:
                    continue
            elif name == "since":
                a = int(m.group(1))
                b = document_year if document_year and document_year >= a else None
                if b is None:
                    continue
            elif name == "recent":
                if not document_year:
                    continue
                a, b = document_year - int(m.group(1)), document_year
            elif name == "months this year":
                if not document_year:
                    continue
                a = b = document_year
            else:
                a = b = int(m.group(m.lastindex))
            taken.append(m.span())
            found.append(Period(a, b, start + m.start(), "text", _part(name, m)))
    return sorted(found, key=lambda p: p.position)


_QUARTERS = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def _part(name: str, match: re.Match) -> str | None:
    if name == "quarter":
        return "quý " + _QUARTERS.get(match.group(1), match.group(1).upper())
    if name in ("months", "months this year"):
        count, edge = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        return f"{MONTH_COUNTS.get(count, count)} tháng {'cuối' if edge == 'cuoi' else 'đầu'}"
    return None


def title_period(title: str | None, document_year: int | None, by_month: bool = False) -> Period | None:
    """The one period a document's title reports on ("Báo cáo CCHC quý I 2026", "… năm 2025"
    issued in January 2026): what its undated figures belong to, before its date's year. With
    ``by_month`` (a question asking for a month's figures), the month of a monthly report's title
    ("… tháng 8/2025"); its figures may otherwise run from the year's start ("Hai tháng đầu năm")."""
    key = folded(title or "")
    periods = [p for p in periods_in(title or "", 0, len(title or ""), document_year)
               if not _PLANNED.search(key[max(0, p.position - 40):p.position])]
    if by_month and not periods and (month := _TITLE_MONTH.search(key)):
        year = int(month.group(2))
        return Period(year, year, -1, "document", written=f"tháng {int(month.group(1))}/{year}")
    if len({p.label for p in periods}) != 1:
        return None
    return Period(periods[0].start, periods[0].end, -1, "document", periods[0].part)


_TITLE_MONTH = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|-|\.|nam)\s*((?:19|20)\d{2})\b")


def period_of(figure_at: int, near: list[list[Period]], document_year: int | None) -> Period:
    """The period a figure belongs to: in the first of ``near`` (its clause, its sentence, the
    mentioning sentence) that states one, the nearest written before it, else the only one;
    else the document's year."""
    for periods in near:
        before = [p for p in periods if p.position <= figure_at]
        if before:
            return before[-1]
        if len({(p.start, p.end) for p in periods}) == 1:
            return periods[0]
    if document_year:
        return Period(document_year, document_year, -1, "document")
    return Period(None, None, -1, "none")


def _figure_matches(figure: Figure, kind: str | None, noun: str | None) -> bool:
    if kind and figure.kind != kind:
        return False
    if kind == "count" and noun:
        a = folded(figure.unit)
        return any(a.startswith(b) or b.startswith(a) for b in (folded(f) for f in noun_forms(noun)))
    return True


BREAKDOWN_PENALTY = 1.0


def _in_breakdown(clause: str, found: list[Figure], at: int) -> bool:
    """A figure in brackets after another one breaks that one down: "07 người (02 Phó Chủ tịch chuyên
    trách, 05 Phó Chủ tịch không chuyên trách)"."""
    opened = clause.rfind("(", 0, at)
    return opened > clause.rfind(")", 0, at) and any(f.end <= opened for f in found)


_PEOPLE = {"nguoi", "thanh vien", "dong chi", "can bo", "uy vien"}


def _labelled_people(clause: str, figure: Figure, kind: str | None, noun: str | None) -> bool:
    """A count of people labelled by the position asked for: "Số lượng Phó Chủ tịch Hiệp hội: 07 người"
    counts Phó Chủ tịch."""
    if kind != "count" or not noun or folded(figure.unit) not in _PEOPLE:
        return False
    label = clause[:figure.start].rsplit(";", 1)[-1]
    return label.rstrip().endswith(":") and bool(find_phrases(label, list(noun_forms(noun))))


CHANGE_PENALTY = 2.0
_CHANGE_BEFORE = re.compile(r"\b(?:tang|giam)(?:\s+(?:them|di|duoc|khoang|hon|gan|tren))?\s*$")
_CHANGE_AFTER = re.compile(r"\bso voi\b")
# "tăng bao nhiêu", "mức giảm", "so với năm trước": the change is what is asked
ASKS_CHANGE = re.compile(r"\b(?:tang|giam)\s+(?:them\s+)?(?:bao nhieu|may)\b|\bmuc (?:tang|giam)\b|\bso voi\b|\btang,? giam\b")


def is_change(text: str, clause_start: int, at: int, clause_end: int) -> bool:
    """The figure at ``at`` is a change on another period: "tăng 201 người so với năm 2013"."""
    return bool(_CHANGE_BEFORE.search(folded(text[clause_start:at]))) and bool(_CHANGE_AFTER.search(folded(text[at:clause_end])))


def _candidates_in(text: str, mention: tuple[int, int], phrases: list[str], words: list[str], kind: str | None,
                   noun: str | None, document_year: int | None, goals: bool = False,
                   changes: bool = False) -> list[tuple[float, Figure, tuple[int, int], Period]]:
    """(score, figure with document offsets, cited span, period) around one mention; ``changes``: the
    question asks how much something rose or fell, so a change on another period is no lesser figure."""
    para_start, para_end = paragraph_bounds(text, mention[0])
    spans = sentences(text, para_start, para_end)
    index = next((i for i, (s, e) in enumerate(spans) if s <= mention[0] < e), None)
    if index is None:
        return []
    mention_sentence = spans[index]
    mention_periods = periods_in(text, *mention_sentence, document_year)
    out = []
    for offset, (s_start, s_end) in enumerate(spans[index:index + 1 + FOLLOWING_SENTENCES]):
        if offset and not extract_figures(text[s_start:s_end]):
            break
        sentence_periods = periods_in(text, s_start, s_end, document_year)
        long_sentence = s_end - s_start > LONG_SENTENCE_CHARS
        for c_start, c_end in clauses(text, s_start, s_end):
            clause = text[c_start:c_end]
            mentions = [(c_start + a, c_start + b) for a, b in find_phrases(clause, phrases)] if phrases else []
            if not mentions and offset == 0 and c_start <= mention[0] < c_end:
                mentions = [mention]
            present = set(_SYLLABLE.findall(folded(clause)))
            shared = sum(w in present for w in words) / len(words) if words else 0.0
            clause_periods = periods_in(text, c_start, c_end, document_year)
            found = extract_figures(clause, nouns=noun_forms(noun) if kind == "count" else ())
            for rank, figure in enumerate(f for f in found if _figure_matches(f, kind, noun) or _labelled_people(clause, f, kind, noun)):
                at = c_start + figure.start
                if not goals and _GOAL.search(folded(text[c_start:at])):
                    continue
                # (the sentence, not the clause: "dự kiến Ban Chấp hành: 25 người; Ban Thường vụ: 11 người" aims at both)
                aimed = goals and bool(_GOAL.search(folded(text[s_start:at])))
                figure = Figure(figure.text, figure.value, figure.unit, figure.kind, figure.qualifier, at, c_start + figure.end)
                if any(m_end <= at for _, m_end in mentions):
                    place = 3.0       # "vận động Quỹ “Vì người nghèo” năm 2025 đạt trên 370 triệu đồng"
                elif any(figure.end <= m_start and not text[figure.end:m_start].strip() or at < m_start < figure.end
                         for m_start, _ in mentions):
                    place = 3.0       # the count of it, its noun and the name: "56.920 hội viên hội người cao tuổi, …"
                elif mentions:
                    place = 1.0       # the figure comes before the subject: "500 triệu đồng nhân Tháng vì người nghèo"
                elif offset == 0:
                    place = 1.0       # another clause of the mentioning sentence
                else:
                    place = 0.5       # a following sentence: "… đạt kết quả tốt. … tổng trị giá trên 50 tỷ đồng"
                score = 1.0 + place + 3.0 * shared - 0.1 * rank - 0.2 * offset + (GOAL_BONUS if aimed else 0.0)
                if _in_breakdown(clause, found, figure.start - c_start):
                    score -= BREAKDOWN_PENALTY
                if not changes and is_change(text, c_start, at, c_end):
                    score -= CHANGE_PENALTY  # "5563 người sử dụng, tăng 201 người so với năm 2013": the level is asked
                if kind == "count" and noun and folded(figure.unit) == folded(noun):
                    score += 0.5
                period = period_of(at, [clause_periods, sentence_periods, mention_periods], document_year)
                cited = (c_start, c_end) if long_sentence else (s_start, s_end)
                out.append((score, figure, cited, period))
    return out


def _chunk_rows(reader, doc_ids: list[int], positions: dict[int, list[int]]) -> dict[tuple[int, int], object]:
    """(doc id, position) → the smallest chunk holding that position."""
    spans = reader.chunk_spans(doc_ids)
    wanted: dict[tuple[int, int], int] = {}
    for doc_id, points in positions.items():
        for point in points:
            inside = [(e - s, cid) for cid, s, e in spans.get(doc_id, []) if s <= point < e]
            if inside:
                wanted[(doc_id, point)] = min(inside)[1]
    rows = reader.chunks(sorted(set(wanted.values()))) if wanted else {}
    return {key: rows[cid] for key, cid in wanted.items() if cid in rows}


def _years_asked(question: Question) -> tuple[int, int] | None:
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", question.text)]
    return (min(years), max(years)) if years else None


_YEAR_LIST = re.compile(YEARS_LISTED)


def _years_listed(question: Question) -> set[int]:
    """"các năm 1992, 1995 và 1997": exactly those years, not the ones between."""
    found = _YEAR_LIST.search(folded(question.text))
    return {int(y) for y in re.findall(r"(?:19|20)\d{2}", found.group(1))} if found else set()


def answer_figures_across(searcher: Searcher, question: Question, filters: Filters) -> tuple[list[UnitAnswer], FiguresTable]:
    reader = searcher.reader
    doc_ids = allowed_documents(reader, filters)
    topic = subject = across_topic(question)
    kind, noun = wanted_measure(question)
    if question.figure_unit and kind == "count":  # "bao nhiêu căn nhà": the noun counts the figure, it is not the subject
        topic = re.sub(rf"(?i)\b{re.escape(question.figure_unit)}\b", " ", topic).strip() or topic
    goals = bool(_ASKS_FOR_GOALS.search(folded(question.text)))
    changes = bool(ASKS_CHANGE.search(folded(question.text)))
    series = series_rows(searcher, question, filters)
    if series is not None:
        infos = document_infos(reader, {doc_id for doc_id, _ in series})
        texts = reader.document_texts(list(infos)) if infos else {}
        order = {row[3].label: i for i, (_, row) in enumerate(series)}
        units, table = _answer(reader, question, subject, kind, noun, [(None, doc_id, row) for doc_id, row in series], infos,
                               texts, "words", order)
        table.totals = []  # a series' figures are stated to each report's date: the later holds the earlier
        return units, table
    tabled = _table_entries(searcher, question, filters)
    if tabled:
        entries, infos, texts = tabled
        return _answer(reader, question, subject, kind, noun, entries, infos, texts, "label")
    compared = compared_names(question.text)
    if len(compared) >= 2:
        # "Theo báo cáo … Đề án 06 tháng 8/2025, … Hội Người cao tuổi, Hội Nông dân …": that report's figures
        # (not "Theo Điều lệ của A, B và C, …": the names' own documents)
        one_source = question.source and not any(find_phrases(question.source, c.forms) for c in compared)
        named = source_documents(searcher, question.source, filters) if one_source else []
        return _compared_answer(searcher, question, compared, topic, kind, noun, goals, named or doc_ids)
    located = locate(searcher, question.phrases, _subject_written(topic, question.place), doc_ids,
                     ignore=question.place)
    counted_only: set[tuple[int, int]] = set()  # mentions of the counted noun alone, not of the subject
    if kind == "count" and noun and not question.phrases:
        for chunk_id, spans in _counted_mentions(searcher, topic, noun, question.place, filters, doc_ids).items():
            if chunk_id not in located.mentions:
                located.mentions[chunk_id] = spans
                counted_only.update(spans)
    subject_words = set(content_words(" ".join(question.phrases))) | set(content_words(noun or ""))
    words = [w for w in content_words(topic) if w not in subject_words]
    if question.place:
        words = [w for w in words if w not in content_words(question.place)]
    chunks = reader.chunks(sorted(located.mentions)) if located.mentions else {}
    by_document: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for chunk_id, spans in located.mentions.items():
        if chunk_id in chunks:
            by_document[chunks[chunk_id].doc_id].update(spans)
    infos = document_infos(reader, list(by_document))
    texts = reader.document_texts(list(by_document)) if by_document else {}
    asked_years = _years_asked(question)
    listed_years = _years_listed(question)

    best: dict[tuple[int, str], tuple[float, Figure, tuple[int, int], Period]] = {}
    for doc_id, mentions in by_document.items():
        info = infos.get(doc_id)
        if info is None or doc_id not in texts:
            continue
        if question.place and not find_phrases(" ".join(filter(None, [info.unit, info.place, info.title])), [question.place]):
            continue
        reported = title_period(info.title, info.year, question.month is not None)
        for mention in sorted(mentions):
            for candidate in _candidates_in(texts[doc_id], mention, question.phrases, words, kind, noun, info.year, goals,
                                            changes):
                score, figure, cited, period = candidate
                if score < MIN_SCORE + (COUNTED_ONLY_MARGIN if mention in counted_only else 0.0):
                    continue
                if period.source == "document" and reported:
                    period = reported
                    candidate = (score, figure, cited, period)
                if asked_years and period.start is not None and (period.end < asked_years[0] or period.start > asked_years[1]):
                    continue
                if listed_years and not (period.start == period.end and period.start in listed_years):
                    continue
                key = (doc_id, period.label)
                if key not in best or best[key][0] < score:
                    best[key] = candidate

    # a figure dated only by its document gives way to a better one of the same document that states its period
    stated = defaultdict(float)
    for (doc_id, _), (score, _, _, period) in best.items():
        if period.source == "text":
            stated[doc_id] = max(stated[doc_id], score)
    kept = {key: c for key, c in best.items() if c[3].source == "text" or c[0] > stated.get(key[0], 0.0)}

    # "… của Việt Nam các năm 1992, 1995 và 1997": read from a paper that no unit issued, a row is
    # the country (or other named thing) the question asks about
    entity = asked_entity(question.text)
    entries = [(entity if entity and not infos[doc_id].unit else None, doc_id, candidate)
               for (doc_id, _), candidate in kept.items()]
    return _answer(reader, question, subject, kind, noun, entries, infos, texts, located.match)


_ENTITY = re.compile(r"\bcủa\s+((?:[A-ZĐ][\w-]*)(?:\s+[A-ZĐ][\w-]*){0,3})\s+(?:các\s+|trong\s+|vào\s+)?"
                     r"(?:năm|giai đoạn|thời kỳ|qua)\b")


def asked_entity(question: str) -> str | None:
    """The one named thing whose figures a question asks over periods: "Việt Nam" in "… của Việt
    Nam các năm 1992, 1995 và 1997"."""
    found = _ENTITY.findall(question)
    return found[-1] if found else None


TABLE_DOCUMENTS = 10  # search results read for a table that lists the rows compared


def _table_entries(searcher: Searcher, question: Question, filters: Filters):
    """Rows read from tables' cells (api/answers/sheets.py, api/answers/sheet_cells.py), in the best search results:
    "… của An Giang, Bình Thuận và Cần Thơ": one row per name the question lists, when one table
    holds them all, each its cell under the column asked for; "tổng thu ngân sách … theo quyết
    toán năm 2004 và dự toán năm 2006": the row the question names, under the column of each
    period it asks for, from the documents whose tables hold it (each row the document's unit)."""
    results = searcher.search(SearchRequest(query=question.text, k=TABLE_DOCUMENTS, filters=filters, collapse=True,
                                            snippets=False)).results
    doc_ids = list(dict.fromkeys(r.doc_id for r in results))
    texts = searcher.reader.document_texts(doc_ids) if doc_ids else {}
    asked = {re.sub(r"\s+", "", p) for p in asked_periods(question.text)}
    by_period: dict[str, tuple[int, SheetCell]] = {}
    written = written_out(question.text)  # "Trường THPT Hùng Vương, …": rows write "Trường Trung học phổ thông …"
    for doc_id in doc_ids:
        cells = listed_cells(texts.get(doc_id, ""), question.text) \
            or (listed_cells(texts.get(doc_id, ""), written) if written != question.text else [])
        infos = document_infos(searcher.reader, [doc_id]) if cells else {}
        if cells and _table_of_measure(question, cells, infos[doc_id].title if doc_id in infos else None):
            entries = [(cell.row.name, doc_id, _cell_candidate(cell)) for cell in cells]
            return entries, infos, {doc_id: texts[doc_id]}
        tables = tables_asked(texts.get(doc_id, ""), question.text)
        if tables and len(tables[0]) == 1:
            cell = tables[0][0]
            own = column_period(cell.header)
            if own and re.sub(r"\s+", "", own) in asked:
                by_period.setdefault(own, (doc_id, cell))
    names = {name_key(cell.row.name) for _, cell in by_period.values()}
    if len(asked) >= 2 and len(by_period) >= 2 and len(names) == 1:
        entries = [(None, doc_id, _cell_candidate(cell)) for doc_id, cell in by_period.values()]
        kept = sorted({doc_id for doc_id, _ in by_period.values()})
        return entries, document_infos(searcher.reader, kept), {doc_id: texts[doc_id] for doc_id in kept}
    return None


_LISTING = re.compile(r"\S\s*,\s*\S[^?.]*\s(?:và|va)\s+\S")


def listed_rows_answer(searcher: Searcher, question: Question, filters: Filters) -> tuple[list[UnitAnswer], FiguresTable] | None:
    """A figure question that lists what it asks of ("… xuất khẩu 2 tháng đầu năm 2005 của gạo, cà phê
    và cao su là bao nhiêu nghìn tấn?"): a figure each — the question compares them though no capital
    marks them as names — from the table that holds a row for each, else from the sentences that name
    each ("xi măng tăng 23,6%, thép cán tăng 16,1%"). None when it lists nothing, or when not every
    item listed has its figure."""
    if not _LISTING.search(question.text):
        return None
    kind, noun = wanted_measure(question)
    tabled = _table_entries(searcher, question, filters)
    if tabled and len(tabled[0]) >= 2 and all(name is not None for name, _, _ in tabled[0]):
        entries, infos, texts = tabled
        return _answer(searcher.reader, question, across_topic(question), kind, noun, entries, infos, texts, "label")
    items = listed_items(question.text)
    if len(items) < 2:
        return None
    topic = across_topic(question)
    units, table = _compared_answer(searcher, question, [Compared(item, item) for item in items], topic, kind, noun,
                                    bool(_ASKS_FOR_GOALS.search(folded(question.text))), allowed_documents(searcher.reader, filters),
                                    each=True)
    return (units, table) if len({row.unit for row in table.rows}) == len(items) else None


_ITEM_END = re.compile(r"\s+(?:tăng|giảm|đạt|là|có|được|bao nhiêu|so với|trong|của|ước|khoảng|chiếm|lần lượt)\b|\s*[?.;:(]|$", re.I)
_ITEM_END_NOT_HAVING = re.compile(_ITEM_END.pattern.replace("|có|", "|"), re.I)
_ITEM_WORDS = 4
_HEADED_ITEM_WORDS = 8


def listed_items(question: str) -> list[str]:
    """The lower-case things a question lists: "sản lượng xi măng, thép cán và xe máy tăng …" → xi
    măng, thép cán, xe máy. The last ends at the verb after it; walking back from it, a piece no
    longer than it by more than a word is an item, and the first longer one ends with the first
    item, as long as the one after it ("sản lượng | xi măng"). [] when the items are no short phrases,
    or hold names, figures or a pair written with a comma ("phòng, chống")."""
    joined = re.search(r"\s(?:và|va)\s", question)
    if not joined or "," not in question[:joined.start()]:
        return []
    pieces = [p.strip() for p in question[:joined.start()].split(",")]
    rest = question[joined.end():]
    last = rest[:_ITEM_END.search(rest).start()].strip()
    if pieces and len(last.split()) <= 2 and folded(pieces[-1]).startswith(folded(last) + " "):
        last = rest[:_ITEM_END_NOT_HAVING.search(rest).start()].strip()  # "khu vực | có vốn đầu tư nước ngoài"
    size = len(pieces[-1].split())
    items = [pieces.pop()]
    while pieces and len(pieces[-1].split()) <= size + 1:
        items.insert(0, pieces.pop())
    if pieces:
        words = pieces[-1].split()[-len(items[0].split()):]
        lead = max((k + 1 for k, w in enumerate(words) if folded(w) in _LIST_LEADS), default=0)
        items.insert(0, " ".join(words[lead:]))
    items.append(last)
    # "khu vực quốc doanh, khu vực ngoài quốc doanh và khu vực có vốn đầu tư nước ngoài": items repeating
    # their head noun are a list however long each is
    longest = _HEADED_ITEM_WORDS if len(items) >= 3 and len({folded(i.split()[0]) for i in items if i}) == 1 else _ITEM_WORDS
    if len(items) < 3 and not pieces or any(not 1 <= len(item.split()) <= longest for item in items):
        return []
    if any(re.search(r"\d|[A-ZĐ]", item) for item in items) or any(
            comma_optional(a.split()[-1], b.split()[0]) for a, b in zip(items, items[1:])):
        return []  # names and figures are read as compared names and periods; "phòng, chống" is one term
    return items


_LIST_LEADS = {"cua", "cac", "nhung", "ve", "la", "gom"}


def _table_of_measure(question: Question, cells: list[SheetCell], title: str | None) -> bool:
    """A table listing the rows compared answers only when its title, its column's head, its rows
    or its document's title name the measure asked for (the question's words beyond the rows' names):
    the 766 report's table of the sở by "số hóa hồ sơ" is no table of "cải cách tài chính công"."""
    named = {w for cell in cells for w in content_words(cell.row.name)}
    topic = across_topic(question)
    words = [w for w in content_words(topic) if w not in named]
    wanted = _asked_measure_pairs(topic, named, _INDEX_OF, _EACH) or {(w,) for w in words}
    sheet = cells[0].sheet  # its other rows may name the measure too: "Kim ngạch xuất khẩu" over "Hàng dệt may"
    written = " ".join([sheet.title, cells[0].header, *(row.label for row in sheet.rows)])
    return _names_measure(written, _grams(title or ""), wanted)


def _cell_candidate(cell: SheetCell) -> tuple[float, Figure, tuple[int, int], Period]:
    year = cell.year
    value, measure = cell.amount
    figure = Figure(cell.written, value, measure, cell.kind, None, cell.start, cell.end)
    period = Period(year, year, cell.row.start, "text" if cell.period else "none", written=cell.period)
    return 10.0, figure, (cell.row.start, cell.row.end), period


def _answer(reader, question: Question, subject: str, kind: str | None, noun: str | None,
            entries: list[tuple[str | None, int, tuple[float, Figure, tuple[int, int], Period]]], infos, texts,
            match: str, period_order: dict[str, int] | None = None) -> tuple[list[UnitAnswer], FiguresTable]:
    """The table and its evidence from (row unit — None: the document's issuing unit —, doc id,
    candidate) entries: one figure per unit, period and measure; copies folded. Rows of one year
    follow ``period_order`` (a report series' months, by their period labels)."""
    by_name = any(named for named, _, _ in entries)  # rows of the names a question compares
    positions: dict[int, list[int]] = defaultdict(list)
    for _, doc_id, (_, _, cited, _) in entries:
        positions[doc_id].append(cited[0])
    chunk_of = _chunk_rows(reader, list(positions), positions)

    per_cell: dict[tuple[str, str, str], FigureRow] = {}
    for named, doc_id, (score, figure, cited, period) in entries:
        info = infos[doc_id]
        unit = named or info.unit
        if period.source == "none":  # a cell under no dated head: the period the document reports on, else its year
            period = title_period(info.title, info.year, question.month is not None) or (
                Period(info.year, info.year, -1, "document") if info.year else period)
        quantity = quantity_of(figure)
        chunk = chunk_of.get((doc_id, cited[0]))
        row = FigureRow(
            unit=unit or UNKNOWN_UNIT, period=period.label, period_start=period.start, period_end=period.end,
            period_source=period.source, figure=figure.text, kind=quantity.kind, measure=quantity.measure,
            value=quantity.value, qualifier=quantity.qualifier, display=quantity.display, doc_id=doc_id,
            title=info.title, date=info.date, chunk_id=chunk.chunk_id if chunk else None,
            section_path=chunk.section_path if chunk else [], page_start=chunk.page_start if chunk else None,
            char_start=cited[0], char_end=cited[1], figure_start=figure.start, figure_end=figure.end,
            sentence=texts[doc_id][cited[0]:cited[1]], score=round(score, 3))
        cell = (unit_key(unit) or f"document {doc_id}", period.label, quantity.measure)  # unknown units stay apart
        held = per_cell.get(cell)
        # one unit, one period, one measure: the best-read figure; a draft and its final agree, the newer wins a tie
        if held is None or (row.score, row.date or "") > (held.score, held.date or ""):
            per_cell[cell] = row

    # the same sentence and value filed again (a draft and its final, a copy in another dossier) is one figure
    copies: dict[tuple[str, str, float], FigureRow] = {}
    for row in sorted(per_cell.values(), key=lambda r: -r.score):
        key = (unit_key(row.unit) if by_name else "",
               " ".join(folded(texts[row.doc_id][max(row.char_start, row.figure_start - 60):row.figure_end]).split()), row.value)
        held = copies.get(key)
        if held is None or (held.score == row.score and (row.date or "") > (held.date or "")):
            copies[key] = row
    # a row saying neither who nor when that repeats another row's figure is a copy of it (a summary sheet, a cover note)
    known = Counter((r.measure, r.value) for r in copies.values())
    copies = {key: r for key, r in copies.items()
              if not (r.unit == UNKNOWN_UNIT and r.period_source == "none" and known[(r.measure, r.value)] > 1)}
    names: dict[str, str] = {}
    for row in copies.values():  # one spelling per unit: the longest ("Ủy ban nhân dân tỉnh …" over "UBND tỉnh …")
        key = unit_key(row.unit)
        if len(row.unit) > len(names.get(key, "")):
            names[key] = row.unit
    for row in copies.values():
        row.unit = names[unit_key(row.unit)]
    rows = sorted(copies.values(), key=lambda r: (r.period_end if r.period_end is not None else 9999, r.period_start or 0,
                                                  (period_order or {}).get(r.period, 0), r.unit))
    table = FiguresTable(subject=question.name or subject or question.text, kind=kind, rows=rows)
    table.units = list(dict.fromkeys(r.unit for r in rows))
    table.periods = list(dict.fromkeys(r.period for r in rows))
    counts = Counter(r.measure for r in rows)
    table.measures = sorted(counts, key=lambda m: (-counts[m], m != (noun or "đồng")))
    table.totals = totals(rows)
    units = _evidence_units(rows, infos, match)
    return units, table


def _compared_answer(searcher: Searcher, question: Question, compared: list[Compared], topic: str, kind: str | None,
                     noun: str | None, goals: bool, doc_ids: list[int] | None,
                     each: bool = False) -> tuple[list[UnitAnswer], FiguresTable]:
    """One row per name the question compares (api/answers/compared.py): the best figure read in
    the documents that name it, around its own mentions or, in a document whose title names it,
    around the sentences that name the measure ("dự kiến Ban Chấp hành: 31 người"). With ``each``, a
    table only if every name has its figure: no rows as soon as one has none, read rarest name first
    (common words listed, "thanh tra, kiểm tra và giám sát", name hundreds of documents)."""
    reader = searcher.reader
    changes = bool(ASKS_CHANGE.search(folded(question.text)))
    # the names cut out whole, so the measure's pairs stay as written: "Phó Chủ tịch" keeps "chủ" that
    # "Chữ thập đỏ" folds to as well
    rest = _without_names(topic, [form for c in compared for form in (c.full, *c.forms)])
    if not content_words(rest.replace("|", " ")) and noun:
        rest = folded(noun)  # "… mỗi tổ chức có bao nhiêu Phó Chủ tịch?": the counted noun is all the measure says
    words = content_words(rest.replace("|", " "))
    # (pairs the question writes side by side: "Ban Thường vụ mỗi năm họp" gives no "vụ họp" once its cue is cut)
    asked = _SYLLABLE.findall(folded(question.text))
    # how the question asks ("mục tiêu tỷ lệ …") is no part of what the sentence stating the figure writes
    # ("chỉ số cải cách tài chính công": the index's own name, which the overall index's title shares "chỉ số" of)
    pairs = _asked_measure_pairs(rest, set(), _ASKING, _INDEX_OF) & set(zip(asked, asked[1:]))
    wanted = pairs or {(w,) for w in words}  # the measure, as _names_measure looks for it
    asked_years = _years_asked(question)
    asked_labels = {p.label for p in periods_in(question.text, 0, len(question.text), None)}
    # the question dates the documents it reads the figures from ("Theo Điều lệ … năm 2025 của A, B và C")
    one_year = asked_years[0] if asked_years and asked_years[0] == asked_years[1] else None
    dated_source = one_year is not None and year_names_document(question.text)
    found = {c.full: chunks_containing(reader, c.forms, doc_ids) for c in compared}
    chunk_ids = sorted({chunk_id for spans in found.values() for chunk_id in spans})
    owners = reader.chunk_documents(chunk_ids) if chunk_ids else {}
    documents = {c.full: sorted({owners[i] for i in found[c.full] if i in owners}) for c in compared}
    every = sorted({d for ids in documents.values() for d in ids})
    infos = document_infos(reader, every)
    texts = reader.document_texts(every) if every else {}
    chosen: dict[int, tuple] = {}  # index of the name → (doc id, candidate)
    for i in sorted(range(len(compared)), key=lambda i: len(documents[compared[i].full])) if each else range(len(compared)):
        c = compared[i]
        best = None
        for doc_id in documents[c.full]:
            info, text = infos.get(doc_id), texts.get(doc_id)
            if info is None or text is None:
                continue
            # (a charter whose title was read as its bracketed note, "(Kèm theo Quyết định …)", names
            # its organisation in its opening lines: "ĐIỀU LỆ / HIỆP HỘI DOANH NGHIỆP TỈNH BÌNH THUẬN")
            # or it is the named body's own ("tỉnh Nghệ An": the paper of UBND tỉnh Nghệ An, which writes "trên địa bàn tỉnh")
            about = bool(find_phrases(info.title or "", c.forms) or find_phrases(info.unit or "", c.forms)) or (
                noted_title(info) and bool(find_phrases(text[:OPENING_CHARS], [c.full])))
            title_words = set(_SYLLABLE.findall(folded(info.title or "")))
            in_title = _grams(info.title or "")
            # a tie goes to the document whose title shares the question's words ("… sáp nhập …")
            titled = TITLE_WORDS_BONUS * sum(w in title_words for w in words) / len(words) if words else 0.0
            mentions = find_phrases(text, c.forms)
            if about and words:
                mentions += [(s, e) for s, e in sentences(text, 0, len(text))
                             if sum(w in set(_SYLLABLE.findall(folded(text[s:e]))) for w in words) >= max(1, len(words) / 2)]
            reported = title_period(info.title, info.year, question.month is not None)
            for mention in sorted(set(mentions)):
                for score, figure, cited, period in _candidates_in(text, mention, c.forms, words, kind, noun, info.year, goals,
                                                                   changes):
                    # what a figure counts is named right before it, in its clause: "…; Ban Thường vụ: 11 người"
                    before = text[max(cited[0], figure.start - LABEL_CHARS):figure.start].rsplit(";", 1)[-1]
                    label = _SYLLABLE.findall(folded(before))
                    labelled = LABEL_BONUS * len(set(zip(label, label[1:])) & pairs) / len(pairs) if pairs else 0.0
                    score += (ABOUT_BONUS if about else 0.0) + titled + labelled
                    if score < MIN_SCORE or not _names_measure(text[cited[0]:cited[1]], in_title, wanted):
                        continue
                    if period.source in ("document", "none"):  # the term stated just before: "… nhiệm kỳ IV (2024 – 2029). 2. Đại hội …",
                        # else the one the title reports on ("KẾT QUẢ ĐÁNH GIÁ … NĂM 2025" over an appendix's rows)
                        earlier = periods_in(text, max(0, figure.start - LOOK_BACK_CHARS), figure.start, info.year)
                        period = earlier[-1] if earlier else reported or period
                    elif period.part is None and asked_labels:
                        # the part of the year asked, which the sentence writes before the whole year it compares
                        # with: "Tính gộp 2 tháng đầu năm … vượt mức kế hoạch đề ra cho cả năm 2007 (16%), trong đó
                        # khu vực quốc doanh tăng 8,8%"
                        period = next((p for p in reversed(periods_in(text, cited[0], figure.start, period.start))
                                       if p.part and p.label in asked_labels and p.start == period.start), period)
                    if period.start is None and about and dated_source:  # an undated draft of "Điều lệ … năm 2025 của …"
                        period = Period(one_year, one_year, -1, "question")
                    if asked_years and period.start is not None and (period.end < asked_years[0] or period.start > asked_years[1]):
                        continue
                    # of the year asked, a figure dated in it beats one of no known period ("… năm 2025" over a
                    # comments sheet's "100%" under a title of 2026)
                    dated = bool(asked_years and period.start is not None)
                    if best is None or (dated, score, info.date or "") > (best[2], best[0][0], infos[best[1]].date or ""):
                        best = ((score, figure, cited, period), doc_id, dated)
        if best:
            (score, figure, cited, period), doc_id, dated = best
            if period.start is None and one_year is not None:
                # "Hai tháng đầu năm 2007, …": the one year asked dates a figure its document leaves undated
                period = Period(one_year, one_year, -1, "question")
            chosen[i] = (doc_id, (score, figure, cited, period))
        elif each:
            break
    entries = [(compared[i].full, *chosen[i]) for i in sorted(chosen)] if not each or len(chosen) == len(compared) else []
    if not entries:
        return [], FiguresTable(subject=question.name or topic or question.text, kind=kind, rows=[])
    return _answer(reader, question, _measure_written(topic, compared) or topic, kind, noun, entries, infos, texts, "phrase")


def _measure_written(topic: str, compared: list[Compared]) -> str:
    """The topic as written without the names compared: what the table is of ("số uỷ viên Ban Chấp
    hành được bầu bổ sung không được vượt quá"), not "Hiệp hội Doanh nghiệp … và … số uỷ viên …"."""
    key = folded(topic)  # same length: the spans carry over
    for name in sorted({folded(form) for c in compared for form in (c.full, *c.forms)}, key=len, reverse=True):
        key = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", lambda m: "\0" * len(m.group(0)), key)
    kept = "".join("\0" if k == "\0" else ch for ch, k in zip(topic, key))
    parts = []
    for segment in kept.split("\0"):  # the words between names, without the connectors left at their ends
        words = segment.split()
        while words and folded(words[0]) in _CONNECTORS:
            words.pop(0)
        while words and folded(words[-1]) in _CONNECTORS:
            words.pop()
        parts += words
    return " ".join(parts)


_ASKING = re.compile(r"\b(?:muc tieu|chi tieu|ty le|phan tram)\b")
_INDEX_OF = re.compile(r"\bchi so\b(?=\s+\w+\s+\w+\s+\w+)")  # an index named in three words or more
# how a question asks of each of its names ("Singapore, Hoa Kỳ và Pháp mỗi nước …") or cites data ("Theo số liệu …"):
# no words of the measure
_EACH = re.compile(rf"{EACH_OF}|\bso lieu\b")
_CONNECTORS = {"cua", "va", "voi", "cho", "trong", "cac", "nhung", "la", "theo", "ve", "nam", "o"}


def _without_names(topic: str, names: list[str]) -> str:
    """The folded topic with each name's words replaced by "|", where no pair of words is read across."""
    key = " ".join(_SYLLABLE.findall(folded(topic)))
    for name in sorted({" ".join(_SYLLABLE.findall(folded(n))) for n in names}, key=len, reverse=True):
        if name:
            key = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " | ", key)
    return key


def _measure_pairs(topic: str, named: set[str]) -> set[tuple[str, ...]]:
    """The pairs of syllables the topic writes side by side, the compared names and connectors
    aside: "cải cách tài chính công" gives "cách tài" and "tài chính" — "tài" is a stop word, but
    dropping it would pair "cách chính", which no text writes."""
    pairs = set()
    for segment in folded(topic).split("|"):
        syllables = [w for w in _SYLLABLE.findall(segment) if w not in named and not w.isdigit()]
        pairs |= {(a, b) for a, b in zip(syllables, syllables[1:]) if a not in _CONNECTORS and b not in _CONNECTORS}
    return pairs


def _asked_measure_pairs(topic: str, named: set[str], *asking: re.Pattern) -> set[tuple[str, str]]:
    """The measure's pairs (``_measure_pairs``) with the words of how the question asks cut out (the
    folded ``asking`` patterns), or all of its pairs when nothing else is left."""
    key = folded(topic)
    for pattern in asking:
        key = pattern.sub(" | ", key)
    return _measure_pairs(key, named) or _measure_pairs(topic, named)


def _grams(text: str) -> set[tuple[str, ...]]:
    """The folded syllables of ``text`` and its pairs of them."""
    syllables = _SYLLABLE.findall(folded(text))
    return set(zip(syllables, syllables[1:])) | {(w,) for w in syllables}


def _names_measure(sentence: str, in_title: set[tuple[str, ...]], wanted: set[tuple[str, ...]]) -> bool:
    """A compared name's figure must be of the measure asked: its sentence and its document's
    title (``in_title``: ``_grams``) hold at least half of the question's other word pairs ("chỉ
    số PCI": "chi so", "so pci"), or of its words when it has one; a province's name is everywhere."""
    # (a sentence writing the measure abbreviated, "mức tăng trưởng GTSXCN", writes it all the same)
    return not wanted or len(wanted & (_grams(sentence) | _grams(written_out(sentence)) | in_title)) >= len(wanted) / 2


def totals(rows: list[FigureRow]) -> list[FigureTotal]:
    """Sums of rows that share a measure: over the whole table, and per unit with several rows.
    Percentages are never added."""
    out = []
    groups: dict[tuple[str, str], list[FigureRow]] = defaultdict(list)
    for r in rows:
        if r.kind == "percent":
            continue
        groups[("all", r.measure)].append(r)
        groups[(r.unit, r.measure)].append(r)
    for (scope, measure), members in groups.items():
        if len(members) < 2 or (scope != "all" and len(members) == len(groups[("all", measure)]) and len({m.unit for m in groups[("all", measure)]}) == 1):
            continue
        value = sum(m.value for m in members)
        qualifier = total_qualifier([m.qualifier for m in members])
        display = amount_display(members[0].kind, measure, value)
        out.append(FigureTotal(scope, members[0].kind, measure, value, qualifier,
                               f"{qualifier} {display}" if qualifier else display, len(members)))
    return sorted(out, key=lambda t: (t.scope != "all", t.scope, t.measure))


def _evidence_units(rows: list[FigureRow], infos, match: str) -> list[UnitAnswer]:
    documents: dict[int, object] = {}
    for r in rows:
        figure = {"text": r.figure, "value": r.value, "unit": r.measure, "kind": r.kind, "qualifier": r.qualifier,
                  "start": r.figure_start - r.char_start, "end": r.figure_end - r.char_start, "period": r.period}
        evidence = Evidence(r.sentence, r.chunk_id, r.section_path, r.page_start, None, r.char_start, r.char_end,
                            [figure], match)
        if r.doc_id not in documents:
            documents[r.doc_id] = infos[r.doc_id].answer([], r.score)
        documents[r.doc_id].evidence.append(evidence)
    return group_by_unit(list(documents.values()), infos)


def cite_rows(table: FiguresTable, units: list[UnitAnswer]) -> None:
    """Give each row the number of the citation of its sentence (after ``number_citations``)."""
    numbers = {(d.doc_id, e.char_start, e.char_end): e.citation for u in units for d in u.documents for e in d.evidence}
    for r in table.rows:
        r.citation = numbers.get((r.doc_id, r.char_start, r.char_end), 0)


def figures_across_text(table: FiguresTable, units: list[UnitAnswer]) -> str:
    cite_rows(table, units)
    subject = f"“{table.subject}”"
    lines = [f"{subject}: {len(table.rows)} số liệu của {len(table.units)} đơn vị "
             f"({', '.join(table.periods)}):"]
    for r in table.rows:
        written = f" (ghi “{r.figure}”)" if " ".join(r.figure.split()) != r.display else ""
        lines.append(f"- {r.unit} — {r.period}: {r.display}{written} [{r.citation}]")
    if table.totals:
        for t in table.totals:
            scope = "Tổng" if t.scope == "all" else f"Tổng của {t.scope}"
            lines.append(f"{scope} ({', '.join(filter(None, [t.measure, f'{t.rows} ô']))}): {t.display}")
        lines.append(f"Lưu ý: {table.note}.")
    elif len(table.measures) > 1:
        lines.append(f"Không cộng tổng: các ô khác đơn vị đo ({', '.join(table.measures)}); {table.note}.")
    else:
        lines.append(f"Lưu ý: {table.note}.")
    return "\n".join(lines)

