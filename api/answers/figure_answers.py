"""Type 2 — facts and figures: the clause that states the number asked for, and the number.

Candidate clauses come from the passages that mention the subject (a named campaign as a
phrase, else the best hybrid search results); each clause with a figure of the kind asked for
(money, count, percent) is scored on what the question pins down: the subject, the year, the
place (a hard constraint: a figure from another commune is not the answer) and shared words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import PurePath

from api.answers.evidence import chunks_containing, document_infos, front_matter, place_ok, sentence_pairs, sentence_words
from api.answers.figure_scope import (OTHER_TERM_PENALTY, PLACE_NAMED, named_by_count, organ_named, organ_place, other_level, other_term,
                                      owned_by, placed_elsewhere, row_like)
from api.answers.figures import extract_figures
from api.answers.passages import clauses, find_phrases, folded, paragraph_bounds, sentences
from api.answers.questions import Question, common_abbreviation, named_month
from api.answers.response import Evidence, UnitAnswer
from api.answers.sheet_cells import cells_asked
from api.answers.sheets import SheetCell
from api.answers.sources import of_month, within_source, words_beyond
from api.answers.topics import PairCover, SubjectWeights, content_words, foreign_words, locate
from api.answers.unit_answers import group_by_unit
from api.answers.wording import quoted
from api.search import Filters, SearchRequest, Searcher
from api.search.filters import allowed_documents
from indexer.analysis import analyze, has_accents

_SYLLABLE = re.compile(r"[^\W_]+")
_YEAR_IN_CLAUSE = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b", re.IGNORECASE)
SEARCH_CANDIDATES = 30
SHOWN_CLAUSES = 3
LONG_SENTENCE_CHARS = 300


@dataclass
class Candidate:
    score: float
    doc_id: int
    chunk_id: int
    start: int
    end: int
    figure: dict


CONDITIONAL_PENALTY = 1.5
RATE_PENALTY = 1.5
_PER_PERIOD = re.compile(r"\s*/\s*(?:năm|nam|tháng|thang|ngày|ngay|giờ|gio)\b", re.IGNORECASE)
_ASKS_RATE = re.compile(r"(?:công suất|cong suat|mỗi năm|moi nam|hằng năm|hang nam|hàng năm|một năm|mot nam|/\s*năm|"
                        r"mỗi tháng|moi thang|mỗi ngày|moi ngay|bình quân|binh quan)", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:trường hợp|nếu|khi)\b[^.;:]*$", re.IGNORECASE)
_RESULT_ASIDE = re.compile(r"\s*(?:đến nay|tính đến|lũy kế|luỹ kế)\b", re.IGNORECASE)
_COMPARED_WITH = re.compile(r"so với\s+(?:cùng kỳ\s+)?$", re.IGNORECASE)


def _dated_otherwise(clause: str) -> bool:
    """The clause names a year of its own, not one it compares with ("… giảm so với cùng kỳ năm 2024")."""
    return any(not _COMPARED_WITH.search(clause, 0, m.start()) for m in _YEAR_IN_CLAUSE.finditer(clause))


def counts_as(unit: str, counted: str) -> bool:
    """A figure's noun counts what the question counts: "29 xã, phường" are xã; "35 địa bàn cấp xã",
    the areas of a level, are xã too."""
    asked = folded(counted)
    return any(noun.startswith(asked) or re.search(rf"\bcap {re.escape(asked)}$", noun)
               for noun in (folded(u).strip() for u in unit.split(",")))


ROLE_REACH = 8  # words before a count of "người" that may name whom it counts


def _people_named_before(clause: str, figure, counted: str) -> bool:
    """"Về công tác cán bộ, công chức tổ chức tuyển mới 2712 người": people counted as "người" right
    after the role the question counts is named (not "Hội viên … giải bóng đá 5 người" further on)."""
    asked = folded(counted)
    before = " ".join(folded(clause[:figure.start]).split()[-ROLE_REACH:])
    return (folded(figure.unit).strip() == "nguoi" and not asked.startswith("nguoi")
            and re.search(rf"\b{re.escape(asked)}\b", before) is not None)


LABEL_WORDS = 2  # words of the asked noun phrase, beyond its noun, that a list item's label holds


def _people_labelled(clause: str, others: list, counting: list, question: str, counted: str) -> list:
    """Counts of "người" in a ";" list whose own item holds more of what the question says of the people
    it counts than any item counting its noun: "… 4.556 học viên; tiếp nhận: 2.020 người; tái hòa nhập
    cộng đồng: 2.953 người" for "bao nhiêu học viên tái hòa nhập cộng đồng"."""
    described = list(asked_noun_words(question) - set(folded(counted).split()))
    if ";" not in clause or len(described) < LABEL_WORDS:
        return []
    best = max((_words_in_item(clause, f, described) for f in counting), default=0)
    return [f for f in others if folded(f.unit or "").strip() == "nguoi"
            and _words_in_item(clause, f, described) >= max(LABEL_WORDS, best + 1)]


def _conditional(clause: str, position: int, question: str = "") -> bool:
    """A figure inside brackets or after "trường hợp / nếu …" states a rule, not a result:
    "(trường hợp dưới 70% thì tiêu chí này đạt 0 điểm)"; not after a "khi" the question writes
    with its words as part of what it counts ("số lượt tra cứu bằng CCCD khi đi khám chữa bệnh")."""
    before = clause[:position]
    inside = before.count("(") > before.count(")")
    # "(đến nay, các cơ sở lưu trú đã thực hiện 7.804.992 lượt …)": a bracket that reports a result to date
    # (not "(trong đó …)", a part of the figure before it)
    if inside and _RESULT_ASIDE.match(before[before.rfind("(") + 1:]):
        inside = False
    condition = _CONDITION.search(before)
    if condition and question and condition.group(0)[:3].lower() == "khi":
        when = " ".join(_SYLLABLE.findall(folded(condition.group(0)))[:WHEN_WORDS])
        condition = None if f" {when} " in f" {' '.join(_SYLLABLE.findall(folded(question)))} " else condition
    return inside or bool(condition)


WHEN_WORDS = 4  # "khi đi khám chữa": a "khi" with this many of the question's words after it is the question's own


def _case_asked(clause: str, position: int, asked_pairs: frozenset) -> bool:
    """"Các trường hợp trả lời xác minh phải bằng văn bản trong thời hạn 15 ngày": the case is the
    one the question asks about (four of its word pairs in the condition, more than a name holds), so
    the rule is the answer: not "Trường hợp … cấp trên 02 Phiếu lý lịch tư pháp …" for a question on
    the fee of a Phiếu lý lịch tư pháp applied for online."""
    condition = _CONDITION.search(clause[:position])
    return bool(condition) and len(asked_pairs & sentence_pairs(clause, condition.start(), position)) >= CASE_PAIRS


CASE_PAIRS = 4


def _clause_spans(text: str, position: int, whole_sentence: bool) -> list[tuple[int, int]]:
    """The clauses to read around ``position``: the one holding it (a mention), or every clause
    of its sentence (a search hit, where the figure may be anywhere)."""
    start, end = paragraph_bounds(text, position)
    for s, e in sentences(text, start, end):
        if s <= position < e:
            parts = clauses(text, s, e) if e - s > LONG_SENTENCE_CHARS else [(s, e)]
            if whole_sentence:
                return parts
            at = next((i for i, (cs, ce) in enumerate(parts) if cs <= position < ce), 0)
            # the figure may follow in the next clause: "… ''Xuân ấm tình người''; tổng số … 98 ngàn suất quà"
            return [parts[at]] + ([(parts[at][0], parts[at + 1][1])] if at + 1 < len(parts) else [])
    return []


_CONTINUING = re.compile(r"\s*(?:trong đó|trong số đó|cụ thể)\b", re.IGNORECASE)


def continued(text: str, start: int) -> str:
    """The sentence a clause opening with "Trong đó" breaks down: "Hiện nay (tính đến 15/9/2025),
    số người nghiện ma tuý trên địa bàn là 1922 người. Trong đó: … trong các Cơ sở cai nghiện: 1084"
    — its date and subject are the clause's too."""
    if not _CONTINUING.match(text, start):
        return ""
    previous = [(s, e) for s, e in sentences(text, paragraph_bounds(text, start)[0], start) if e <= start]
    return text[previous[-1][0]:previous[-1][1]] if previous else ""


_QUOTES = re.compile(r"[\"“”‘’'«»]")  # Quỹ “Vì người nghèo” is the Quỹ Vì người nghèo
MEASURED_WEIGHT = 2.0  # the clause's list item holds what the question counts


def _reading(question: Question) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
    """extract_figures' options for this question: spans of time, the thing it counts, and the
    noun a bare number after a label counts."""
    nouns = (question.measured,) if question.measured and question.figure_kind in (None, "count") else ()
    labels = tuple(filter(None, {question.measured, question.figure_unit})) if question.figure_kind in (None, "count") else ()
    return question.figure_kind == "duration", nouns, labels


def _item_bounds(clause: str, figure) -> tuple[int, int]:
    """The figure's own item of a ";" list: (start, end) in ``clause``, the whole clause when it has none."""
    end = clause.find(";", figure.end)
    return clause.rfind(";", 0, figure.start) + 1, len(clause) if end < 0 else end


def _measured_in_item(question: Question, clause: str, figures: list) -> list:
    """The figures whose own list item (between ";") names what the question counts."""
    if not question.measured:
        return []
    wanted = " ".join(folded(question.measured).split())
    out = []
    for figure in figures:
        start, end = _item_bounds(clause, figure)
        item = " ".join(folded(clause[start:end]).split())
        if re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", item):
            out.append(figure)
    return out


DAY_WEIGHT = 2.0  # the day a question names, written in the clause: as much as its year
_DAY = re.compile(r"(?<![\d/])0?(\d{1,2})\s*/\s*0?(\d{1,2})\s*/\s*((?:19|20)\d{2})(?!\d)")


def _days(text: str) -> set[tuple[str, str, str]]:
    """The days a text writes as d/m/yyyy, leading zeros dropped: "01/3/2025" is "1/3/2025"."""
    return set(_DAY.findall(text))


_asked_days = lru_cache(maxsize=256)(_days)  # a question's, read once, not once a clause


_MONTH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/((?:19|20)\d\d)(?![\d/])")
DATE_REACH = 40  # characters between a figure and the date that dates it


def _dates(text: str) -> frozenset[str]:
    """The days and months a text writes ("1/3/2025", "6/2001"), leading zeros dropped."""
    return frozenset({"/".join(str(int(p)) for p in day) for day in _days(text)}
                     | {f"{int(m)}/{y}" for m, y in _MONTH_DATE.findall(text)})


_asked_dates = lru_cache(maxsize=256)(_dates)  # a question's, read once; a clause's windows are not kept


def _dated_as_asked(clause: str, figure, asked: frozenset[str]) -> bool:
    """"… đạt tổng giá trị 380 tỷ đôla tính đến tháng 6/2001": the figure written beside the date asked,
    or after it in a list the date leads ("Từ ngày 01/3/2025: … 4.556 học viên; … cộng đồng: 2.953 người")."""
    if not asked:
        return False
    lead = _LIST_LEAD.match(clause)
    if lead and figure.start >= lead.end() and _dates(lead.group(0)) & asked:
        return True
    return bool(_dates(clause[max(0, figure.start - DATE_REACH):figure.end + DATE_REACH]) & asked)


# a clause's lead-in before a colon that a ";" list follows: what it says holds for every item
_LIST_LEAD = re.compile(r"[^:;]{0,80}:(?=[^;]*;)")


MONTH_WEIGHT = 1.5  # a figure from the report of the month the question names
ORGAN_WEIGHT = 2.0  # an organ that acted, named in the evidence or the document's front matter
SOURCE_WEIGHT = 4.0  # a figure from the document the question cites ("Theo báo cáo …") beats a closer wording elsewhere
NAMES_WEIGHT = 1.0  # all the names the question writes with capitals, held by the figure's document


CONTEXT_WORD_WEIGHT = 0.5  # a question word only in the clause's headings or list lead-in
_LIST_ITEM = re.compile(r"[ \t]*(?:[-+•*–]|[a-zđ]\)|\d+[.)])\s")


def lead_in(text: str, start: int) -> str:
    """The line a list item hangs from ("- Bộ Tư pháp đề xuất giảm mức thu phí … trực tuyến:" over
    "+ Phí …: 170.000 đồng"): the nearest line above ending in ":", across the item's siblings."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _LIST_ITEM.match(text, line_start):
        return ""
    marker = _LIST_ITEM.match(text, line_start).group(0).strip()[:1]
    end = line_start - 1
    for _ in range(12):
        if end <= 0:
            break
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].strip()
        if line.endswith(":"):
            return line
        if not line or not line.startswith(marker):
            break
        end = begin - 1
    return ""


def row_cells(text: str, start: int) -> str:
    """The other cells of the table row (a tab-separated line) holding offset ``start``: who sent a
    comment in a synthesis of comments ("… thành “Tối thiểu 95% …”\tThuế tỉnh\tKhông tiếp thu …")
    stands beside the clause stating its figure. "" outside a table."""
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return line if "\t" in line else ""


# a document's kind, then its subject and year, in one phrase of the question (folded)
_DOCUMENT_YEAR = re.compile(r"\b(?:ke hoach|bao cao|du thao|quyet dinh|chuong trinh|de an|nghi quyet|to trinh|huong dan|dieu le)"
                            r"\b[^,?.;:]{0,80}?(?:\bnam |\()((?:19|20)\d\d)\b")


@lru_cache(maxsize=64)  # asked for every clause a figure question scores
def year_names_document(question: str) -> bool:
    """The question's year is written as part of a document's name ("dự thảo Kế hoạch cải cách hành
    chính năm 2026"): it dates the document, which states figures of other years too."""
    # (an aside in brackets is read past, "Điều lệ (sửa đổi, bổ sung) năm 2025"; a year in brackets dates: "Điều lệ (2025)")
    return _DOCUMENT_YEAR.search(re.sub(r"\((?![^()]*(?:19|20)\d\d)[^()]*\)", " ", folded(question))) is not None


def _after_previous(figures: list, figure) -> int:
    """Where the figure before this one ends (or the clause's start): what lies between is this one's."""
    return max((f.end for f in figures if f.end <= figure.start), default=0)


def _year_before(clause: str, figures: list, figure) -> int | None:
    """The year written between the figure before this one (or the clause's start) and this one."""
    years = _YEAR_IN_CLAUSE.findall(clause, _after_previous(figures, figure), figure.start)
    return int(years[-1]) if years else None


def _words_in_item(clause: str, figure, words: list[str], pairs: frozenset = frozenset()) -> int:
    """Question words in the figure's own item of a ";" list (the whole clause when it has none), and
    the question's word pairs written side by side there: "Ban Thường vụ: 13 người", not "dự kiến
    Ban Chấp hành: 39 người", for "Ban Thường vụ … dự kiến có bao nhiêu người"."""
    start, end = _item_bounds(clause, figure)
    syllables = _SYLLABLE.findall(folded(clause[start:end]))
    return len(set(words) & set(syllables)) + len(pairs & set(zip(syllables, syllables[1:])))


# "… có bao nhiêu thành viên không phản hồi đúng hạn?": of "19 thành viên có ý kiến phản hồi …; 04 thành viên quá
# thời hạn không có ý kiến phản hồi …", the item that denies it too (folded)
_NEGATION = re.compile(r"\b(?:khong|chua)\b")


@lru_cache(maxsize=256)  # a question's, read once, not once a clause
def _denies(question: str) -> bool:
    return _NEGATION.search(folded(question)) is not None


def _negated_item(clause: str, figure) -> bool:
    """The figure's own item of a ";" list (from the figure on) says "không" or "chưa"."""
    return _NEGATION.search(folded(clause[figure.start:_item_bounds(clause, figure)[1]])) is not None


def _bracketed_alone(clause: str, figure) -> bool:
    """A figure alone in brackets after what it measures, "thuỷ điện Sesan 3 (260MW)": no condition."""
    return clause[:figure.start].rstrip().endswith("(") and clause[figure.end:].lstrip().startswith(")")


def _named_before(clause: str, figures: list, figure, names: list[str]) -> bool:
    """A name the question writes that is no Vietnamese word ("Sesan", "Geruco") stands between the
    figure before this one and this one: "… công suất 300 MW, thuỷ điện Sesan 3 (260MW), …"."""
    between = set(_SYLLABLE.findall(folded(clause[_after_previous(figures, figure):figure.start])))
    return any(name in between for name in names)


def _in_breakdown(clause: str, position: int) -> bool:
    """Inside brackets that open with "trong đó": the parts of the figure before them."""
    opened = clause.rfind("(", 0, position)
    return opened >= 0 and clause.find(")", opened, position) < 0 and _CONTINUING.match(clause, opened + 1) is not None


@lru_cache(maxsize=256)  # a question's, read once, not once a clause
def _unworded_names(topic: str) -> tuple[str, ...]:
    return tuple(foreign_words(topic))


@lru_cache(maxsize=256)
def _question_pairs(question: str, words: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    """The question's adjacent syllables that are both among its content ``words`` (folded)."""
    syllables = _SYLLABLE.findall(folded(question))
    chosen = set(words)
    return frozenset((a, b) for a, b in zip(syllables, syllables[1:]) if a in chosen and b in chosen)


def _words_leading_to(clause: str, figures: list, figure, words: list[str]) -> int:
    """Question words between the figure before this one (or the clause's start) and this one."""
    return len(set(words) & set(_SYLLABLE.findall(folded(clause[_after_previous(figures, figure):figure.start]))))


STATED_WEIGHT = 1.0  # all of the question's own figures in the clause
OTHER_NOUN_PENALTY = 2.0  # a clause counting only other nouns than the question ("124 xã" for "bao nhiêu đơn vị")


@lru_cache(maxsize=256)  # read once a question, not once a clause
def stated_values(question: str) -> frozenset[float]:
    """The values of the figures a question states as conditions, with their units ("trên 50% đến 70%",
    "trong 20 ngày"); no document number ("172/1998") or bare year."""
    return frozenset(f.value for f in extract_figures(question) if f.unit and not re.match(r"\s*/", question[f.end:f.end + 2])
                     and question[f.start - 1:f.start] != "/")


_PHRASE_END = re.compile(r"\s(?:và|hoặc|với|trong|gồm)\s|[,;:(]")  # "trong" ends a noun phrase as in questions (_NOUN_ENDS)


_NOUN_ENDS = "trong|của|tại|ở|năm|từ|đến|theo|cho|so với|khi|được|đã|là|thì|hiện|hiện nay|như thế nào"
_ASKED_NOUN = re.compile(rf"\b(?:bao nhieu|may)\s+(?P<noun>.+?)(?=\s(?:{folded(_NOUN_ENDS)})\b|[,?.;:(]|$)")
# with accents, a word ends the noun as written: "tái hòa nhập" is not "tại"
_ASKED_NOUN_WRITTEN = re.compile(rf"\b(?:bao nhiêu|mấy)\s+(?P<noun>.+?)(?=\s(?:{_NOUN_ENDS})\b|[,?.;:(]|$)")


@lru_cache(maxsize=256)
def asked_noun_words(question: str) -> frozenset[str]:
    """The words of the noun phrase a question counts: "bao nhiêu người sử dụng trái phép chất ma túy?"."""
    if has_accents(question):
        found = _ASKED_NOUN_WRITTEN.search(unicodedata.normalize("NFC", question).lower())
        return frozenset(_SYLLABLE.findall(folded(found.group("noun")))) if found else frozenset()
    found = _ASKED_NOUN.search(folded(question))
    return frozenset(_SYLLABLE.findall(found.group("noun"))) if found else frozenset()


def _words_counted(clause: str, figures: list, figure, asked: frozenset[str]) -> int:
    """Words of the asked noun phrase in what the figure counts, its noun and the words after it up
    to the next figure or a conjunction: "4.289 người sử dụng trái phép chất ma túy | và 1.028 người nghiện …"."""
    end = min((f.start for f in figures if f.start >= figure.end), default=len(clause))
    stop = _PHRASE_END.search(clause, figure.end, end)
    counted = f"{figure.unit or ''} {clause[figure.end:stop.start() if stop else end]}"
    return len(asked & set(_SYLLABLE.findall(folded(counted))))


# the action a question counts the result of: the words before "bao nhiêu" after the last function word
# ("toàn tỉnh đã kích hoạt bao nhiêu tài khoản" → kich hoat); folded
_ASKED_VERB = re.compile(r"(?:^|\s)((?:[^\W\d_]+\s+){0,1}[^\W\d_]+)\s+(?:bao nhieu|may)\s")
_NO_VERB = {"da", "duoc", "co", "la", "cho", "voi", "dat", "khoang", "tong", "cong", "gom", "bang", "chiem", "len", "den",
            "tren", "tai", "o", "va", "thi", "se", "phai"}


@lru_cache(maxsize=256)
def asked_verb(question: str) -> frozenset[str]:
    found = _ASKED_VERB.search(folded(question))
    if not found:
        return frozenset()
    words = found.group(1).split()
    while words and words[0] in _NO_VERB:
        words = words[1:]
    return frozenset(words) if words and not set(words) & _NO_VERB else frozenset()


_DIGIT = re.compile(r"\d")


def _verb_leads(clause: str, figures: list, figure, verb: frozenset[str]) -> int:
    """1 when the question's action stands in the figure's own phrase ("…, kích hoạt 2.171.425 tài
    khoản", "trong đó 2.218.489 tài khoản đã kích hoạt"), not only in the phrase of a figure beside it."""
    if not verb:
        return 0
    start = _after_previous(figures, figure)
    breaks = [m.end() for m in _PHRASE_END.finditer(clause, start, figure.start)]
    number = _DIGIT.search(clause, figure.end)  # "… trên tổng số 15.892 hồ sơ tiếp nhận": another number's
    end = min([f.start for f in figures if f.start >= figure.end] + [number.start() if number else len(clause)])
    after = _PHRASE_END.search(clause, figure.end, end)
    own = clause[breaks[-1] if breaks else start:after.start() if after else end]
    return int(verb <= set(_SYLLABLE.findall(folded(own))))


FRAME_WORDS = 3
FRAME_WORDS_MIN = 2
FRAME_WEIGHT = 0.5
# written between what a figure is and the figure, in the question or the text: "đạt khoảng", "gần", "tổng cộng"
_QUALIFIERS = {"khoang", "gan", "tren", "hon", "duoi", "tong", "cong", "xap", "xi", "la", "co"}
_ASKED_FIGURE = re.compile(r"\s(?:bao nhieu|may|bn)(?:\s|\W|$)")


@lru_cache(maxsize=256)
def asked_frame(question: str) -> tuple[str, ...]:
    """The question's last words before its "bao nhiêu" in the same phrase, qualifiers aside (folded)."""
    key = folded(question)
    asked = _ASKED_FIGURE.search(key)
    if not asked:
        return ()
    phrase = re.split(r"[,;:?(]", key[:asked.start()])[-1]
    words = [w for w in _SYLLABLE.findall(phrase) if w not in _QUALIFIERS]
    return tuple(words[-FRAME_WORDS:])


def _framed_by(clause: str, figure, frame: tuple[str, ...]) -> int:
    """How many of the frame's last words stand right before the figure, qualifiers aside."""
    before = [w for w in _SYLLABLE.findall(folded(clause[max(0, figure.start - 120):figure.start])) if w not in _QUALIFIERS]
    n = 0
    while n < len(frame) and n < len(before) and before[-1 - n] == frame[-1 - n]:
        n += 1
    return n


BOUND_BONUS = 2.0  # as much as a year written in the clause: a stated maximum answers "tối đa"
_UPPER_BOUND = r"tối đa|cao nhất|không quá|không vượt quá|không được vượt quá|nhiều nhất"
_LOWER_BOUND = r"tối thiểu|thấp nhất|ít nhất|không dưới|không thấp hơn"


def _bound_named(text: str) -> str | None:
    """The bound a text names: "… tối đa là bao nhiêu", "không vượt quá 50%" → "max"; "tối thiểu" → "min"."""
    if re.search(rf"(?<!\w)(?:{_UPPER_BOUND})(?!\w)", text, re.I):
        return "max"
    if re.search(rf"(?<!\w)(?:{_LOWER_BOUND})(?!\w)", text, re.I):
        return "min"
    return None


def _bound_before(clause: str, figure) -> str | None:
    """The bound the words just before a figure set: "không vượt quá 50%" → "max"."""
    return _bound_named(clause[max(0, figure.start - 24):figure.end])


@lru_cache(maxsize=64)
def _asked_pairs(topic: str, source: str, words: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    """Adjacent pairs of the subject's words in the topic (the source's words aside)."""
    kept = set(words)
    text = topic.replace(source, " ") if source else topic
    return frozenset(p for p in sentence_pairs(text, 0, len(text)) if p[0] in kept and p[1] in kept)


def _score(question: Question, words: list[str], text: str, span: tuple[int, int], info,
           context: set[str] = frozenset(), before: str = "") -> tuple[float, dict | None]:
    clause = text[span[0]:span[1]]
    figures = extract_figures(clause, *_reading(question))
    wanted = [f for f in figures if f.kind == question.figure_kind] if question.figure_kind else figures
    if not wanted:
        return 0.0, None
    labelled = _measured_in_item(question, clause, wanted)
    people: list = []  # people counted in the list item that describes them as the question does
    if labelled:
        people = _people_labelled(clause, [f for f in wanted if f not in labelled], labelled, question.text, question.measured)
        labelled += people
    if labelled:  # "Ban Chấp hành: 31 người; Ban Thường vụ: 09 người": the figure of the item asked about
        wanted = labelled
    present = sentence_words(clause, 0, len(clause))  # "LLTP" holds lý lịch tư pháp
    # the place is checked on the whole document (place_ok): in the clause it is no more than context
    place = set(content_words(question.place or ""))
    held = sum((CONTEXT_WORD_WEIGHT if w in place else 1.0) if w in present else CONTEXT_WORD_WEIGHT if w in context else 0.0
               for w in words) / max(len(words), 1)
    score = 1.0 + 3.0 * held + (MEASURED_WEIGHT if labelled else 0.0)
    # "còn lại trên 50% đến 70% thì … bằng bao nhiêu phần trăm": the clause holding the question's own figures
    # (a table of brackets in sentences), and a figure other than those
    stated = stated_values(question.text)
    if stated:
        score += STATED_WEIGHT * len(stated & {f.value for f in figures}) / len(stated)
        wanted = [f for f in wanted if f.value not in stated] or wanted
    counted = question.figure_unit if question.figure_kind == "count" else question.measured if not question.figure_kind else None
    if counted:  # "bao nhiêu suất quà", "bao nhiêu công nhân": a number of that noun, not a rate beside it
        same_unit = [f for f in wanted if counts_as(f.unit, counted) or _people_named_before(clause, f, counted)]
        # (those admitted by the item of the noun asked about are counted already)
        people += _people_labelled(clause, [f for f in wanted if f not in same_unit and f not in people], same_unit,
                                   question.text, counted)
        same_unit += [f for f in people if f not in same_unit]
        if same_unit:
            wanted, score = same_unit, score + 2.0
        else:
            score -= OTHER_NOUN_PENALTY
    if question.figure_kind == "duration" and question.figure_unit:  # "tối đa mấy năm": "3 năm", not "6 tháng"
        same_span = [f for f in wanted if folded(f.unit) == folded(question.figure_unit)]
        if same_span:
            wanted = same_span
        else:
            score -= 1.0
    mentions = find_phrases(clause, question.phrases) if question.phrases else []
    if mentions:
        score += 3.0
        mention = mentions[0][0]
        # (or one whose counted noun the name goes on: "12.125 chứng thư chữ ký số")
        after = [f for f in wanted if f.start >= mention or (f.end <= mention and not clause[f.end:mention].strip())]
        wanted = after or wanted
    # "Kế hoạch … năm 2026 … đặt chỉ tiêu …": the year names the source document, not the figure's year
    # (so does one written with a document's kind in a circumstance: "Khi góp ý dự thảo Kế hoạch … năm 2026, …")
    if question.year and year_names_document(question.text):
        score += 1.0 if str(question.year) in (info.title or "") else 0.0
    elif question.year and not (question.source and str(question.year) in question.source):
        if str(question.year) in clause or str(question.year) in before:
            score += 2.0
        elif _dated_otherwise(clause):  # "… công nhận địa bàn không ma túy năm 2025": another year's figure
            score -= 2.0
        elif info.year == question.year:
            score += 1.0
        else:
            score -= 1.0
    # "Trong tháng 9/2025, …", "Tính đến 15/11/2025, …": of a series of monthly reports holding the same
    # sentence with other figures, the report of that month
    if question.month and not (question.source and named_month(question.source)):
        if of_month(info, question.month[1], question.month[0]):
            score += MONTH_WEIGHT
    # "Từ ngày 01/3/2025, … tiếp nhận bao nhiêu hồ sơ": the clause stating the figure from that day
    asked_days = _asked_days(question.text)
    if asked_days and asked_days & _days(clause):
        score += DAY_WEIGHT
    if other_term(question.text, f"{before} {clause}") or other_level(question.text, clause):
        score -= OTHER_TERM_PENALTY
    bound = _bound_named(question.text)
    if bound:  # "mức giảm … tối đa là bao nhiêu": "… không vượt quá 50%", not "dưới 30%"
        bounded = [f for f in wanted if _bound_before(clause, f) == bound]
        if bounded:
            wanted, score = bounded, score + BOUND_BONUS
        elif any(_bound_before(clause, f) for f in wanted):
            score -= BOUND_BONUS
    if question.year and len(wanted) > 1:
        # "năm 1980, … chiếm 1,3% thương mại quốc tế, đến năm 2000, tỷ lệ này vượt quá 5,2%": the figure of the year asked
        dated = [f for f in wanted if _year_before(clause, figures, f) == question.year]
        wanted = dated or wanted
    negated = _denies(question.text)
    if len(wanted) > 1:  # "… đầu nhiệm kỳ là 87 hội viên, … hiện nay là 116 hội viên": the one the question's words lead to,
        # within its own item of a ";" list ("Có 24 cơ quan … gửi văn bản thống nhất …; 01 đơn vị … góp ý …")
        # (what a figure counts, written after it, before the words leading to it, which may end the figure before)
        asked = asked_noun_words(question.text)
        verb = asked_verb(question.text)
        pairs = _question_pairs(question.text, tuple(words))
        names = _unworded_names(question.topic or question.text)
        dates = _asked_dates(question.text)
        wanted = sorted(wanted, key=lambda f: (-(negated and _negated_item(clause, f)), -_dated_as_asked(clause, f, dates),
                                               -(f in people),
                                               -_named_before(clause, figures, f, names),
                                               -_words_in_item(clause, f, words, pairs), -_verb_leads(clause, figures, f, verb),
                                               -_words_counted(clause, figures, f, asked),
                                               -_words_leading_to(clause, figures, f, words)))
    if frame := asked_frame(question.text):
        # "… dầu thô khai thác đạt khoảng bao nhiêu?": the figure the question's own words lead to as they
        # stand before it ("… khai thác đạt gần 2,8 triệu tấn"), beside figures of other things in the clause
        anchored, framed = max(((_framed_by(clause, f, frame), f) for f in wanted), key=lambda pair: pair[0])
        if anchored >= FRAME_WORDS_MIN:
            wanted = [framed] + [f for f in wanted if f is not framed]
            score += FRAME_WEIGHT * anchored
    if not _ASKS_RATE.search(question.text):  # "công suất 250.000 tấn/năm" is a capacity, not what was produced
        # (money per year is how incomes and thresholds are stated: "thu nhập đến 36 triệu đồng/năm")
        amounts = [f for f in wanted if f.kind == "money" or not _PER_PERIOD.match(clause, f.end)]
        if amounts:
            wanted = amounts
        else:
            score -= RATE_PENALTY
    # (a part the question denies, "(trong đó … 04 thành viên quá thời hạn không có ý kiến phản hồi …)", is stated too)
    stated_as_result = [f for f in wanted if not _conditional(clause, f.start, question.text) or _bracketed_alone(clause, f)
                        or (negated and _negated_item(clause, f) and _in_breakdown(clause, f.start))]
    if stated_as_result:
        wanted = stated_as_result
    elif not _case_asked(clause, wanted[0].start, _asked_pairs(question.topic, question.source or "", tuple(words))):
        score -= CONDITIONAL_PENALTY
    figure = wanted[0].to_json()
    stated = _YEAR_IN_CLAUSE.findall(clause)
    figure["year"] = int(stated[0]) if len(set(stated)) == 1 else (question.year if question.year and str(question.year) in clause else info.year)
    return score, figure


def _within_sources(searcher: Searcher, question: Question, filters: Filters) -> tuple[list, set[int]]:
    """"Theo tham luận của Tổng Liên đoàn …, cả nước có bao nhiêu công nhân?": the documents the
    question names as its source, searched for the rest of it (their own sentence, "… khoảng 17
    triệu công nhân", ranks below others elsewhere in a search of the whole archive), and their ids."""
    scoped = within_source(searcher, question, filters)
    if scoped is None:
        return [], set()
    rest, within = scoped
    return list(searcher.search(SearchRequest(query=rest, k=SEARCH_CANDIDATES, filters=within)).results), set(within.doc_ids)


_PLACE_AFTER_NAME = re.compile(r"\s+(tỉnh|thành phố|huyện|thị xã|xã|phường)\s+((?:[^\W\d_][^\s,?.;:]*\s*){1,4})")


def organisation_place(question: Question) -> str | None:
    """"Hiệp hội Doanh nghiệp tỉnh Bình Thuận": the place written right after the organisation's
    name is where the organisation is (another province's association has the same name)."""
    if not question.organisation or question.organisation not in question.text:
        return None
    after = question.text[question.text.find(question.organisation) + len(question.organisation):]
    placed = _PLACE_AFTER_NAME.match(after)
    if not placed:
        return None
    name = []
    for word in placed.group(2).split():
        if not word[:1].isupper() or common_abbreviation(word):
            break
        name.append(word)
    return f"{placed.group(1)} {' '.join(name)}" if name else None


def _within_organisation(searcher: Searcher, question: Question, filters: Filters) -> list:
    """"Hiệp hội Doanh nghiệp tỉnh Bình Thuận hiện có bao nhiêu hội viên?": the documents the
    organisation itself heads (its name in the letterhead, title or unit), searched for the rest of
    the question — its own report says "tổng số hội viên hiện nay là 116 hội viên" in words a
    search of the whole archive ranks below other associations' reports."""
    found = searcher.search(SearchRequest(query=question.organisation, k=SEARCH_CANDIDATES, filters=filters, mode="bm25",
                                          collapse=True, snippets=False))
    doc_ids = {r.doc_id for r in found.results}
    infos = document_infos(searcher.reader, doc_ids)
    texts = searcher.reader.document_texts(list(doc_ids)) if doc_ids else {}
    placed = organisation_place(question)
    names = [question.organisation] + ([placed.split(None, 1)[1]] if placed else [])
    own = sorted(doc_id for doc_id, info in infos.items() if all(find_phrases(
        _QUOTES.sub("", front_matter(info, texts.get(doc_id, ""))), [name]) for name in names))
    if not own:
        return []
    rest = words_beyond(question.topic, set(content_words(" ".join(names))))
    if question.measured:
        rest += f" {question.measured}"
    if question.figure_unit and question.figure_kind == "count":
        rest += f" {question.figure_unit}"
    within = searcher.search(SearchRequest(query=rest, k=SEARCH_CANDIDATES, filters=replace(filters, doc_ids=own)))
    return list(within.results)


TITLED_DOCUMENTS = 5  # the best results' documents searched again for what their titles do not say
UNTITLED_HEAD_CHARS = 200
TITLE_SUBJECT_WORDS = 2


def _within_titles(searcher: Searcher, question: Question, results: list, filters: Filters) -> list:
    """"Chỉ số cải cách thể chế năm 2025 của Sở Ngoại vụ": the appendix titled "… cải cách thể
    chế năm 2025" ranks first by its title's chunk, but the row of the Sở Ngoại vụ is further
    down; each of the best documents is searched for the question's words its title does not hold."""
    doc_ids = list(dict.fromkeys(r.doc_id for r in results))[:TITLED_DOCUMENTS]
    infos = document_infos(searcher.reader, doc_ids) if doc_ids else {}
    untitled = [doc_id for doc_id, info in infos.items() if not info.title]
    heads = searcher.reader.document_texts(untitled) if untitled else {}
    topic = question.topic or question.text
    subject = set(content_words(topic)) - _place_words(question.text, question.place)
    found = []
    for doc_id, info in infos.items():
        # an appendix the reader gave no title opens with it: "Phụ lục II KẾT QUẢ ĐÁNH GIÁ … NĂM 2025"
        titled = set(content_words(info.title or heads.get(doc_id, "")[:UNTITLED_HEAD_CHARS]))
        if len(titled & subject) < TITLE_SUBJECT_WORDS:
            continue  # a title sharing only "năm 2025" or the province is not about the question's subject
        rest = words_beyond(topic, titled)
        if rest == topic:
            continue
        within = replace(filters, doc_ids=[doc_id])
        found += searcher.search(SearchRequest(query=rest, mode="bm25", k=3, filters=within, snippets=False)).results
    return found


DOSSIER_DOCUMENTS = 30  # a folder of more is an archive's shelf, not one dossier
DOSSIERS_READ = 4


def _dossier_documents(reader, ranked: list[int], filters: Filters, known: set[int], words: list[str]) -> list[int]:
    """The documents filed in the same folder as the best ones ("Tờ trình 95 công bố chỉ số CCHC năm
    2025/": the decision the search found, and beside it "Phụ lục I … Phụ lục VII", the tables its
    words are in, which the search ranks below the many reports on the subject). Folders whose
    names the question says most of first, then by their documents' rank."""
    folders: dict[str, int] = {}
    for rank, doc_id in enumerate(ranked):
        for file in reader.document_files(doc_id):
            if not file.uploaded:
                folders.setdefault(str(PurePath(file.path).parent), rank)
    wanted = set(words)

    def named(folder: str) -> float:  # of the folder name's words, the share the question holds
        name = PurePath(folder).name
        own = {w for w in sentence_words(name, 0, len(name)) if not w.isdigit()}
        return len(wanted & own) / max(1, len(own))

    order = sorted(folders, key=lambda f: (-named(f), folders[f]))
    found: list[int] = []
    for folder in order[:DOSSIERS_READ]:
        inside = allowed_documents(reader, replace(filters, path=folder.rstrip("/") + "/")) or []
        if len(inside) <= DOSSIER_DOCUMENTS:
            found += [doc_id for doc_id in inside if doc_id not in known and doc_id not in found]
    return found


_LEVEL_BEFORE = re.compile(r"\b(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|xã|phường|thị trấn)\s*$", re.IGNORECASE)
_TITLED_WORD = re.compile(r"(?<![\w/-])[A-ZĐ][^\W\d_A-ZĐ]*(?:\s+[A-ZĐ][^\W\d_A-ZĐ]*)+")


def written_names(question: str) -> list[str]:
    """The names a question writes with capitals, two words or more, besides its first word: "…
    giữa Công an Điện Biên với hai tỉnh Luông Pha Băng, Phong Sa Lỳ (Lào) …" → Điện Biên, Luông Pha
    Băng, Phong Sa Lỳ; a document naming them is where it happened."""
    opening = re.match(r"\s*\S+", question)
    rest = question[opening.end():] if opening else question
    # (a place, "tỉnh Lâm Đồng", is the archive's own as often as not; its documents need not write it)
    return list(dict.fromkeys(run.group(0) for run in _TITLED_WORD.finditer(rest)
                              if not _LEVEL_BEFORE.search(rest, 0, run.start())))


def answer_figure(searcher: Searcher, question: Question, filters: Filters) -> tuple[list[UnitAnswer], dict | None, str]:
    reader = searcher.reader
    doc_ids = allowed_documents(reader, filters)
    source_words = content_words(question.source or "")
    words = [w for w in content_words(question.topic) if w not in source_words] or content_words(question.topic)
    cited = set(analyze(question.text).folded().codes)  # document codes the question names
    sources: set[int] = set()
    by_name = bool(question.phrases) and question.name_source != "acronym"  # else a search hit's sentence, not a mention
    if by_name:
        located = locate(searcher, question.phrases, question.topic, doc_ids)
        mentions, match = located.mentions, located.match
        ranked = []
    else:
        if question.phrases:  # an acronym ("DDCI", "KCN"): its documents must name it somewhere
            owners = reader.chunk_documents(list(chunks_containing(reader, question.phrases, doc_ids)))
            filters = replace(filters, doc_ids=sorted(set(owners.values()) & set(filters.doc_ids or owners.values())))
        response = searcher.search(SearchRequest(query=question.topic or question.text, k=SEARCH_CANDIDATES,
                                                 filters=filters)) if filters.doc_ids or not question.phrases else None
        results = list(response.results) if response else []
        if source_words and not question.phrases:
            scoped, sources = _within_sources(searcher, question, filters)
            results += scoped
        if question.sole_organisation and not question.phrases:
            results += _within_organisation(searcher, question, filters)
        results += _within_titles(searcher, question, results, filters)
        mentions = {r.chunk_id: [(r.char_start + s, r.char_start + s + 1) for s, _ in sentences(r.text, 0, len(r.text))]
                    for r in results}
        match = "words"
        ranked = list(dict.fromkeys(r.doc_id for r in results))
    chunks = reader.chunks(sorted(mentions)) if mentions else {}
    infos = document_infos(reader, {c.doc_id for c in chunks.values()})
    texts = reader.document_texts(list(infos)) if infos else {}
    candidates: dict[tuple[int, int], Candidate] = {}
    place = question.place or organisation_place(question)
    # "Liên đoàn Karate … có Ban Thường vụ bao nhiêu người?": the figure of a document about that
    # organisation, not the same list in another association's dossier
    holders = {doc_id for doc_id, text in texts.items() if find_phrases(_QUOTES.sub("", text), [question.organisation])} \
        if question.sole_organisation else set()
    names = written_names(question.text)
    named_in: dict[int, float] = {}  # doc id → NAMES_WEIGHT times the share of the names it holds
    for chunk_id, spans in mentions.items():
        chunk = chunks[chunk_id]
        info = infos[chunk.doc_id]
        text = texts[chunk.doc_id]
        if not place_ok(place, info, text) or (holders and chunk.doc_id not in holders):
            continue
        if chunk.doc_id not in named_in:
            named_in[chunk.doc_id] = NAMES_WEIGHT * sum(bool(find_phrases(text, [n])) for n in names) / len(names) if names else 0.0
        # "… theo Nghị định 114/2003/NĐ-CP?": the document with that number, not one citing it
        own_number = SOURCE_WEIGHT if info.numbered(cited) else 0.0
        for position, _ in spans:
            for span in _clause_spans(text, position, whole_sentence=not by_name):
                before = continued(text, span[0])
                # a table's row is about what its document's title says ("Phụ lục II / KẾT QUẢ ĐÁNH GIÁ …
                # CẢI CÁCH THỂ CHẾ NĂM 2025" over "15 Sở Ngoại vụ 6,50 6,50 3,25 50,00%"); a sentence says it itself
                titled = (info.title or text[:UNTITLED_HEAD_CHARS]) if row_like(text[span[0]:span[1]]) else ""
                context = sentence_words(" ".join([*chunk.section_path, lead_in(text, span[0]), before, titled,
                                                   row_cells(text, span[0])]), 0, 10_000)
                score, figure = _score(question, words, text, span, info, context, before)
                # (the source found by its opening lines, a letter without a title, is the source all the same)
                # (once the source is found, a report of the same series, holding the same words, is not it)
                score += SOURCE_WEIGHT * (1.0 if chunk.doc_id in sources else 0.0 if sources else info.share_of(source_words)) \
                    + own_number + named_in[chunk.doc_id]
                key = (chunk.doc_id, span[0])
                if figure and (key not in candidates or candidates[key].score < score):
                    candidates[key] = Candidate(score, chunk.doc_id, chunk_id, span[0], span[1], figure)
    if ranked:  # the appendices filed beside the best documents hold their tables
        appended = _dossier_documents(reader, ranked, filters, set(texts), words)
        if appended:
            infos.update(document_infos(reader, set(appended)))
            texts.update(reader.document_texts(appended))
    for doc_id, text in texts.items():
        if place_ok(place, infos[doc_id], text) and not (holders and doc_id not in holders):
            cell = next((c for c in cells_asked(text, question.text) if not named_by_count(question.text, c.row.name)), None)
            if cell:
                candidate = _cell_candidate(reader, question, words, cell, doc_id, infos[doc_id], text)
                if candidate:
                    if candidate.chunk_id not in chunks:
                        chunks.update(reader.chunks([candidate.chunk_id]))
                    candidates[(doc_id, candidate.start)] = candidate
    # found by its words, not by a name located first: the figure's evidence must hold enough of the
    # subject (in an index large enough to tell a rare word from a common one)
    evidence = {key: _evidence_text(c, texts[c.doc_id], chunks, infos[c.doc_id]) for key, c in candidates.items()}
    if not question.phrases and reader.lexical.num_chunks >= IDF_CHUNKS:
        subject = SubjectWeights(reader, [w for w in words if w not in _place_words(question.text, place)])
        held = {key: sentence_words(evidence[key], 0, 100_000) for key in candidates}
        candidates = {key: c for key, c in candidates.items() if subject.share(held[key]) >= SUBJECT_SHARE}
        # "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ …": a rate whose evidence lacks the rarest word of
        # what it is a rate of is another thing's rate, however much of the rest it holds
        rated = rate_subject_word(question.text, subject)
        if rated:
            candidates = {key: c for key, c in candidates.items() if rated in held[key]}
        # … and, when it names the thing in several words, one that writes them apart ("người lao động …
        # Sở Giáo dục Đào tạo … đạt 94,6%" for "Tỷ lệ lao động qua đào tạo"): the thing is its words in order
        if rate_of := _rate_thing(question.text, place):
            cover = PairCover(reader, rate_of, unbroken=True)
            candidates = {key: c for key, c in candidates.items()
                          if cover.share(sentence_pairs(evidence[key], 0, len(evidence[key]))) >= RATE_PAIR_SHARE}
    organ = organ_named(question.text)
    if organ and candidates:
        # the figure of that organ: its name in the evidence, or where the document names itself (a sheet
        # headed "ĐIỂM TỔNG HỢP – SỞ TÀI CHÍNH"; its own report); when none holds it, no filter. An organ
        # named as the one that acted ("Công an tỉnh đã thu hồ sơ … cho bao nhiêu phạm nhân") only weighs:
        # a report on many organs' work names it in headings and lead-ins far from the sentence asked for
        holding = {key: c for key, c in candidates.items()
                   if find_phrases(f"{evidence[key]} {front_matter(infos[c.doc_id], texts[c.doc_id])}", [organ])}
        if owned_by(question.text, organ):
            candidates = holding or candidates
        else:
            for candidate in holding.values():
                candidate.score += ORGAN_WEIGHT
        placed = organ_place(question.text)
        if placed:  # "Sở Tài chính tỉnh Tây Ninh": not a row of another province's report that names its own sở
            candidates = {key: c for key, c in candidates.items()
                          if not placed_elsewhere(placed, evidence[key], infos[c.doc_id])} or candidates
    best = sorted(candidates.values(), key=lambda c: -c.score)[:SHOWN_CLAUSES]
    documents: dict[int, object] = {}
    for candidate in best:
        chunk = chunks[candidate.chunk_id]
        text = texts[candidate.doc_id]
        figures = [candidate.figure] if "column" in candidate.figure else \
            [f.to_json() for f in extract_figures(text[candidate.start:candidate.end], *_reading(question))]
        evidence = Evidence(text[candidate.start:candidate.end], candidate.chunk_id, chunk.section_path, chunk.page_start,
                            chunk.page_end, candidate.start, candidate.end, figures, match)
        if candidate.doc_id not in documents:
            documents[candidate.doc_id] = infos[candidate.doc_id].answer([], candidate.score)
        documents[candidate.doc_id].evidence.append(evidence)
    units = group_by_unit(list(documents.values()), infos)
    return units, (best[0].figure if best else None), match


# Of the subject's idf weight, in a figure's evidence. On the eight sets' figure questions the
# evidence of every right answer held 0.44 or more; the figures given for three things no document
# states ("tỷ lệ che phủ rừng", "tỷ lệ hộ nghèo đa chiều") held 0.18–0.45.
SUBJECT_SHARE = 0.4
IDF_CHUNKS = 1000  # below this a handful of reports says nothing of how rare a word is: no check


# When the figure holds ("cuối năm 2025", "hiện nay"): checked as its period, not as its subject.
# Folded, "ky" is also the "ký" of "ký số", "dau" the "đầu tư": neither is here.
_PERIOD_WORDS = {"nam", "thang", "quy", "cuoi", "giai", "doan", "hien", "nay", "ngay"}


# what a rate is of, up to a break or a word that ends it (folded); "theo tỷ lệ …" (in proportion to) is none
_RATE_OF = re.compile(r"(?<!theo )\bt[yi] le\s+(.+?)(?=[,;:?]|\s(?:o|cua|nam|hang nam|la|dat|tai|trong|theo|so voi|bao nhieu)\s|$)")


def rate_subject_word(question: str, subject: SubjectWeights) -> str | None:
    """The rarest of the subject's words naming what a rate the question asks for is of: "chung"
    for "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng …", "nghiep" for "Tỷ lệ thất nghiệp …"."""
    rate_of = _RATE_OF.search(folded(question))
    words = [w for w in content_words(rate_of.group(1)) if w in subject.weights] if rate_of else []
    return max(words, key=subject.weights.get) if words else None


RATE_PAIR_SHARE = 0.5  # of the idf weight of the pairs of what a rate is of, side by side in its evidence


def _rate_thing(question: str, place: str | None) -> list[str] | None:
    """What a rate the question asks for is of, its place left out, as the parts it parts (["nguoi
    dan", "tham gia bao hiem y te"] for "Tỷ lệ người dân tỉnh Lâm Đồng tham gia bảo hiểm y tế năm
    2025 …"), when that is two words or more."""
    rate_of = _RATE_OF.search(folded(question))
    if not rate_of:
        return None
    aside = set(content_words(f"{place or ''} {' '.join(m.group(0) for m in PLACE_NAMED.finditer(question))}"))
    parts, part = [], []
    for word in _SYLLABLE.findall(rate_of.group(1)):
        if word in aside:
            parts, part = parts + [part], []
        else:
            part.append(word)
    parts = [p for p in parts + [part] if p]
    return [" ".join(p) for p in parts] if sum(map(len, parts)) >= 2 else None


def _place_words(question: str, place: str | None) -> set[str]:
    """The words of the places and periods a question names ("trên địa bàn tỉnh Lâm Đồng", "cuối
    năm 2025"): where and when, not what."""
    named = " ".join(m.group(0) for m in PLACE_NAMED.finditer(question))
    return set(content_words(f"{place or ''} {named}")) | _PERIOD_WORDS


def _evidence_text(candidate: Candidate, text: str, chunks: dict, info) -> str:
    """What a figure's reader sees with it: its clause (a cell's row, header and table title),
    the section it stands in, the lead-in of its list and the document's title."""
    chunk = chunks.get(candidate.chunk_id)
    parts = [text[candidate.start:candidate.end], lead_in(text, candidate.start), row_cells(text, candidate.start),
             info.title or text[:UNTITLED_HEAD_CHARS],
             *(chunk.section_path if chunk else []), candidate.figure.get("row") or "", candidate.figure.get("column") or "",
             candidate.figure.get("table") or ""]
    return " ".join(parts)


CELL_WEIGHT = 2.0  # a row named and a column asked for: as much as a labelled list item


def _cell_candidate(reader, question: Question, words: list[str], cell: SheetCell, doc_id: int, info,
                    text: str = "") -> Candidate | None:
    """A table's cell as a figure: the row's line is the passage, the question's words are read in
    the table's title, the row's name and the column's head, and, as context, in the cells merged
    down the table and the document's first line ("ĐIỂM TỔNG HỢP – SỞ TÀI CHÍNH" heads every table
    of that unit's sheet)."""
    chunk_id = next((c for c, start, end in reader.chunk_spans([doc_id])[doc_id] if start <= cell.start < end), None)
    measure, kind = cell.measure or "", cell.kind
    # (a cell whose table states no measure, "TVĐT | 2806399035", may be the money asked for; a rate says "%")
    if chunk_id is None or (question.figure_kind and question.figure_kind not in (kind, "count")
                            and (measure or question.figure_kind != "money")):
        return None
    present = sentence_words(" ".join([cell.sheet.title, cell.row.label, cell.header]), 0, 10_000)
    first_line = next((line for line in text.split("\n", 8) if line.strip()), "")
    context = sentence_words(" ".join([first_line, *cell.sheet.shared]), 0, 10_000)
    held = sum(1.0 if w in present else CONTEXT_WORD_WEIGHT if w in context else 0.0 for w in words) / max(len(words), 1)
    period = cell.period
    score = 1.0 + 3.0 * held + CELL_WEIGHT
    if question.year:  # a table without a period of its own is of its document's year; of none known, no year is against it
        if period:
            score += 2.0 if str(question.year) in period else -1.0
        elif info.year:
            score += 1.0 if info.year == question.year else -1.0
    figure = {"text": cell.written, "value": cell.value, "unit": measure, "kind": kind,
              "qualifier": None, "start": cell.start - cell.row.start, "end": cell.end - cell.row.start,
              "row": cell.row.label, "column": cell.header, "table": cell.sheet.title, "period": period,
              "year": cell.year or info.year}
    return Candidate(score, doc_id, chunk_id, cell.row.start, cell.row.end, figure)


def _topic_beyond_source(question: Question) -> str:
    """The topic as the answer's label: without the words naming the source, which the answer
    cites ("QĐ 522/2002 của UBND tỉnh An Giang: … nộp thuế" → "… nộp thuế")."""
    if not question.source:
        return question.topic
    topic, source = " ".join(question.topic.split()), " ".join(re.sub(r"[,:;]", " ", question.source).split())
    at = topic.lower().find(source.lower())
    if at < 0:
        return question.topic
    rest = re.sub(r"^(?:theo|trong|tại)\s+", "", f"{topic[:at]} {topic[at + len(source):]}".strip(), flags=re.I).strip(" ,:")
    return rest[:1].upper() + rest[1:] if rest else question.topic


def figure_answer_text(question: Question, figure: dict, units: list[UnitAnswer]) -> str:
    first = units[0].documents[0].evidence[0]
    subject = f"“{question.name}”" if question.name else _topic_beyond_source(question)
    cell = f", dòng “{figure['row']}”, cột “{figure['column']}”" if figure.get("column") else ""
    lines = [f"{subject}: {figure['text']} (theo {units[0].unit}{cell}) [{first.citation}]", f"{quoted(first)}"]
    others = [e for u in units for d in u.documents for e in d.evidence if e is not first]
    if others:
        lines.append("Các đoạn liên quan khác:")
        lines += [f"- {quoted(e, 240)}" for e in others]
    return "\n".join(lines)
