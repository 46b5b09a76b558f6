"""Finding where a question's subject occurs: by its name, else by its words, else by meaning.

``locate`` returns, per document, the spans that mention the subject and how they matched, so
the answerers never list a unit on a vague similarity: a named campaign must occur as a phrase;
an unnamed topic must have all its content words in one sentence, or be a strong dense match
that also shares most of those words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from api.answers.evidence import MAX_CANDIDATES, chunks_containing, sentence_pairs, sentence_words, words_in_one_sentence
from api.answers.passages import comma_optional, find_phrases, folded, sentences
from api.answers.questions import FRAMING, ORGANISATION_KIND, names_one_organisation, organisation_name
from api.search import Searcher
from indexer.analysis import analyze, has_accents, long_forms
from indexer.analysis.abbreviations import abbreviated
from indexer.extraction.vietnamese.syllables import is_valid_syllable
from indexer.store.lexical import FOLDED

_SYLLABLE = re.compile(r"[^\W_]+")
# Function syllables that carry no topic (folded).
STOP = set("""cua va cac nhung trong cho voi ve duoc la co da nay do mot de theo tai tu tren duoi khi thi ma
nhu nen vi neu hay hoac cung deu se dang con rat qua bang sau truoc giua ra vao len lai nhieu it moi o""".split())
# Words a question supplies around any subject ("triển khai chiến dịch"): no evidence alone.
COMMON_VERBS = set("trien khai thuc hien to chuc bao cao ket qua cong tac chien dich hoat dong chuong trinh".split())
TOPIC_PHRASE_SYLLABLES = 6  # an unnamed topic this short is first tried as a phrase
TERM_SYLLABLES = 3  # and one this short is a term: found as a phrase or not at all


def content_words(text: str) -> list[str]:
    return [w for w in dict.fromkeys(_SYLLABLE.findall(folded(text))) if w not in STOP and not w.isdigit()]


@dataclass
class Located:
    mentions: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # chunk id → spans in document
    match: str = "phrase"


def topic_codes(topic: str) -> list[str]:
    """The document codes a topic cites, as the analyzer reads them: the full form and the least
    specific one ("57-nq-tw", "57-nq" for "Nghị quyết 57-NQ/TW"); [] when it cites none."""
    return analyze(topic).folded().codes


def named_by_number(question: str, infos: dict) -> dict:
    """Of ``infos`` (doc id → DocumentInfo), those the question names by number ("Nghị định
    114/2003/NĐ-CP …")."""
    asked = topic_codes(question)
    if not asked:
        return {}
    return {doc_id: info for doc_id, info in infos.items() if info.number and cites_code(set(topic_codes(info.number)), asked)}


def named_by_organisation(question: str, infos: dict) -> tuple[str, dict]:
    """Of ``infos``, the documents of the one organisation the question names, by their titles
    ("Câu lạc bộ Mô tô Thể thao tỉnh Lâm Đồng … khen thưởng …": its charter), and the question
    without that name, which its documents' headings need not repeat."""
    organisation = organisation_name(question) if names_one_organisation(question) else None
    if not organisation:
        return question, {}
    return question.replace(organisation, " "), {doc_id: info for doc_id, info in infos.items()
                                                 if info.title and find_phrases(info.title, [organisation])}


def chunks_with_code(reader, asked: list[str], doc_ids: list[int] | None) -> list[int]:
    """Candidate chunks for a cited document, by its least specific code, so every way of citing it
    counts ("Nghị quyết số 57-NQ/TW", "Nghị quyết 57", "57/NQ-TW"); ``cites_code`` then checks them."""
    return reader.lexical.containing([(FOLDED, min(asked, key=len))], MAX_CANDIDATES, doc_ids)


_DATED_CODE = re.compile(r"^(\d+)-(?:19|20)\d{2}-")


def cites_code(codes: list[str] | set[str], asked: list[str]) -> bool:
    """A text (its ``codes``) cites the document a topic names (``asked``: its codes, the least
    specific "109-nd" among them): by the full code, or by the short one when the text writes
    no other year for that number — "Nghị định 109/2013/NĐ-CP" is not "Nghị định 109/2004/NĐ-CP"."""
    full, short = max(asked, key=len), min(asked, key=len)
    if full in codes:
        return True
    if short not in codes:
        return False
    dated = _DATED_CODE.match(full)
    return not dated or not any(c != full and (m := _DATED_CODE.match(c)) and m.group(1) == dated.group(1) for c in codes)


def _code_sentences(reader, asked: list[str], doc_ids: list[int] | None) -> dict[int, list[tuple[int, int]]]:
    """Sentences citing the document of the codes ``asked``, however written."""
    found: dict[int, list[tuple[int, int]]] = {}
    candidates = chunks_with_code(reader, asked, doc_ids)
    for chunk_id, chunk in (reader.chunks(candidates) if candidates else {}).items():
        hits = [(s, e) for s, e in sentences(chunk.text, 0, len(chunk.text))
                if cites_code(set(analyze(chunk.text[s:e]).folded().codes), asked)]
        if hits:
            found[chunk_id] = [(chunk.start + s, chunk.start + e) for s, e in hits]
    return found


CONTEXT_SHARE = 0.5


def context_words(topic: str, name: str, ignore: str | None = None) -> list[str]:
    """The topic's content words after an acronym name, less the place: "VNeID trong cấp phiếu lý
    lịch tư pháp" → cap phieu ly lich tu phap. Words before it name the same thing ("Chỉ số hài
    lòng của người dân SIPAS", "tài khoản định danh điện tử VNeID"): none then."""
    position = folded(topic).find(folded(name))
    after = topic[position + len(name):] if position >= 0 else ""
    skip = set(content_words(name)) | set(content_words(ignore or ""))
    return [w for w in content_words(after) if w not in skip]


_LEVEL_WORDS = {"tinh", "thanh", "pho", "huyen", "quan", "xa", "phuong", "thi", "tran"}


def action_words(topic: str, organisation: str) -> list[str]:
    """What a question asks of an organisation it names: the topic's content words outside its name
    and the names and places written with capitals ("sáp nhập Hiệp hội Doanh nghiệp của Bình Thuận,
    Đắk Nông vào …" → sap nhap). [] when the topic is the organisation alone."""
    named = set(content_words(organisation))
    return [w for written in topic.split() if not written[:1].isupper()
            for w in content_words(written) if w not in named and w not in _LEVEL_WORDS]


def _acted_on(reader, found: dict[int, list[tuple[int, int]]], action: list[str]) -> dict[int, list[tuple[int, int]]]:
    """The mentions whose own sentence holds half of ``action`` (action_words): "… về việc sáp
    nhập Hiệp hội Doanh nghiệp …", not a report of the association that says "sáp nhập" elsewhere."""
    rows = reader.chunks(list(found))
    kept: dict[int, list[tuple[int, int]]] = {}
    for chunk_id, spans in found.items():
        row = rows.get(chunk_id)
        if row is None:
            continue
        spans_of_sentences = sentences(row.text, 0, len(row.text))
        for start, end in spans:
            s, e = next(((a, b) for a, b in spans_of_sentences if a <= start - row.start < b), (0, len(row.text)))
            held = set(_SYLLABLE.findall(folded(row.text[s:e])))
            if sum(w in held for w in action) >= CONTEXT_SHARE * len(action):
                kept.setdefault(chunk_id, []).append((start, end))
    return _with_dossier(reader, found, kept, action, rows)


def _with_dossier(reader, found: dict, kept: dict, action: list[str], rows: dict) -> dict:
    """The other documents of a dossier that speaks of the action: a folder named after it ("Tờ
    trình 535 cho phép sáp nhập Liên đoàn Karate/") holds the draft charter too, whose own
    sentences need not say "sáp nhập". Folders not so named (corpus/, an archive's year) join nothing."""
    held: dict[int, set[PurePath]] = {}

    def folders(doc_id: int) -> set[PurePath]:
        if doc_id not in held:
            held[doc_id] = {PurePath(f.path).parent for f in reader.document_files(doc_id) if not f.uploaded}
        return held[doc_id]

    named = {folder for chunk_id in kept for folder in folders(rows[chunk_id].doc_id)
             if sum(w in set(_SYLLABLE.findall(folded(folder.name))) for w in action) >= CONTEXT_SHARE * len(action)}
    if not named:
        return kept
    siblings = {chunk_id: spans for chunk_id, spans in found.items()
                if chunk_id not in kept and chunk_id in rows and folders(rows[chunk_id].doc_id) & named}
    return {**kept, **siblings}


_ACTION_FRAMING = re.compile(r"(?:(?:cong tac |dau tranh )?phong,? chong|phong ngua)\s+")


# an action or the people a term is done for, opening it: "Chi trả lương hưu" is written "chi lương hưu",
# "Đồng bào dân tộc thiểu số" "vùng dân tộc thiểu số", "phòng, chống tham nhũng" "chống tham nhũng",
# "bảo vệ bí mật nhà nước" "thuộc phạm vi bí mật nhà nước", "Đầu tư xây dựng cơ bản" "vốn xây dựng cơ bản"
_ACTION_HEAD = re.compile(r"(?:chi tra|ho tro|dong bao|phong,? chong|bao ve|dau tu)\s+")
ACTED_TERM_SYLLABLES = 2
# heads whose term must be longer: "đầu tư nước ngoài" is no mention of any "nước ngoài"
_LONGER_ACTED_TERMS = {"dau tu": 3}
_BARE_LEVEL = re.compile(r"\s+(?:cap\s+)?(?:tinh|thanh pho|huyen|quan|xa|phuong)$")


def _unframed(topic: str) -> str:
    """The topic without the framing noun it opens with ("Công tác phổ biến, …" → "phổ biến, …")."""
    head = FRAMING.match(folded(topic))  # folded keeps the length: the span carries over
    return topic[head.end() if head else 0:]


def framed_subject(topic: str) -> str | None:
    """The subject behind the framing noun a topic opens with, when two syllables or more are left, or a name:
    "an toàn thực phẩm" for "vấn đề an toàn thực phẩm" (not when the noun and the next word make a
    term of their own: "Dịch vụ công" is DVC)."""
    rest = _unframed(topic)
    syllables, whole = _SYLLABLE.findall(rest), _SYLLABLE.findall(topic)
    if rest == topic or abbreviated(" ".join(whole[:len(whole) - len(syllables) + 1])):
        return None
    # one word left is a subject when it is a name or no Vietnamese syllable: "Campuchia", "internet", "PCCC"
    named = len(syllables) == 1 and (syllables[0][:1].isupper() or not is_valid_syllable(syllables[0].lower()))
    return rest if len(syllables) >= 2 or named else None


def written_forms(topic: str) -> list[str]:
    """The ways documents write a short topic as a phrase: as the question does, without a framing
    noun that opens it when two syllables or more are left ("an toàn thực phẩm" for "vấn đề an
    toàn thực phẩm"), a body's name without the bare level after it, and with a long form
    abbreviated ("thuế GTGT" for "thuế giá trị gia tăng")."""
    rest = framed_subject(topic)
    forms = [topic, rest] if rest else [topic]
    # "Bộ Chỉ huy Quân sự tỉnh": a body's name, then a level without a name, which a city's documents write
    # "thành phố" (a thing of a level, "ngân sách xã", is another thing without it)
    level = _BARE_LEVEL.search(folded(topic))
    if level and sum(w[:1].isupper() for w in _SYLLABLE.findall(topic[:level.start()])) >= 2:
        forms.append(topic[:level.start()])
    if re.fullmatch(r"[A-ZĐ]{2,}", topic.strip()):
        forms += long_forms(topic.strip())  # "KBNN": an institution documents write in full as often ("Kho bạc Nhà nước")
    forms += [short for form in forms if (short := _SHORT_NAMES.get(folded(form)))]
    if country := re.match(r"(?:[Nn]ước|[Qq]uốc gia)\s+(?=[A-ZĐ])", topic):
        forms.append(topic[country.end():])  # "Nước Lào": documents write "Lào", "phía Lào", "bạn Lào"
    forms += [other for form in forms for other in counted_forms(form)]
    return list(dict.fromkeys(forms + [short for form in forms for short in abbreviated(form)]))


# A count from two to ten written as a word or in digits, before a word ("hai cấp", "02 cấp"); not "một" (also
# "a"), "năm" (also "year") or "tư" (also "private").
_COUNT_WORDS = {"hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
_COUNT = re.compile(r"(?<![\w/.,-])(hai|ba|bốn|sáu|bảy|tám|chín|mười|0?[2-9]|10)(?= [^\W\d_])")


def counted_forms(topic: str) -> list[str]:
    """The topic with its count written the other ways documents write one: "chính quyền địa phương hai
    cấp" is as often "… 2 cấp" and "… 02 cấp"."""
    count = _COUNT.search(topic)
    if not count:
        return []
    n = _COUNT_WORDS.get(count.group(1)) or int(count.group(1))
    spellings = [next(word for word, value in _COUNT_WORDS.items() if value == n), str(n), f"{n:02d}"]
    return [topic[:count.start()] + spelled + topic[count.end():] for spelled in spellings if spelled != count.group(1)]


# state bodies documents name without "Nhà nước", there being no other: "nộp vào Kho bạc", "Kho bạc các tỉnh"
# (not "Ngân hàng", "Kiểm toán": other banks, an activity)
_SHORT_NAMES = {"kho bac nha nuoc": "Kho bạc"}


CORE_HEAD_RATIO = 10
CORE_REST_SPREAD = 3  # "chứng khoán" 25 chunks, 16 of them after "thị trường"; "công đoàn" 27, after "kinh phí" 6
_CODE_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|[A-Z]{3,}")


def pair_frequency(reader, first: str, second: str) -> int:
    """How many chunks hold two folded syllables side by side (the index keeps such pairs as terms)."""
    return reader.lexical.doc_freq(FOLDED, f"{first}_{second}")


def core_term(reader, topic: str) -> str | None:
    """The term a short topic names behind a head word that merely frames it, which documents
    mentioning the subject often leave out: "chứng khoán" in "Thị trường chứng khoán", "bảo trợ xã
    hội" in "Đối tượng bảo trợ xã hội", "COVID-19" in "Đại dịch COVID-19". The head (the first two
    syllables) frames when the index holds it ten times as often as the rarest pair of the rest
    and it is a word of its own (the pair across the cut is rarer than it: "Thuế thu | nhập cá
    nhân" cuts "thu nhập"); a code or acronym behind it names the subject on its own. None for
    a head that is the subject ("bạo lực gia đình": "bạo lực" is the rarer part) or an organisation's kind."""
    syllables = _SYLLABLE.findall(topic)
    if len(syllables) < 3 or ORGANISATION_KIND.match(folded(topic)):  # "Hiệp hội Thanh long" is not "thanh long"
        return None
    head_end = _SYLLABLE.search(topic, _SYLLABLE.search(topic).end()).end()
    rest = topic[head_end:].strip(" ,")
    if _CODE_NAME.fullmatch(rest):
        return rest
    if len(syllables) < 4:
        return None
    keys = [folded(s) for s in syllables]
    head = pair_frequency(reader, keys[0], keys[1])
    rest_rarest = min(pair_frequency(reader, a, b) for a, b in zip(keys[2:], keys[3:]))
    across = pair_frequency(reader, keys[1], keys[2])
    if head < CORE_HEAD_RATIO * max(1, rest_rarest) or across >= head:
        return None
    # "Kinh phí công đoàn": a rest written far more often without the head ("công đoàn") names
    # something broader than the subject, not the subject with its frame left out
    if rest_rarest > CORE_REST_SPREAD * max(1, across):
        return None
    return rest


def acted_term(reader, topic: str) -> str | None:
    """The term behind an action or the people it is done for ("lương hưu" in "Chi trả lương hưu",
    "tham nhũng" in "phòng, chống tham nhũng"), when the index holds it more rarely than the action:
    a term of its own, not a word as common as "doanh nghiệp" behind "hỗ trợ"."""
    head = _ACTION_HEAD.match(folded(topic))
    if not head or len(_SYLLABLE.findall(topic[head.end():])) < _LONGER_ACTED_TERMS.get(head.group(0).strip(), ACTED_TERM_SYLLABLES):
        return None
    keys = [folded(s) for s in _SYLLABLE.findall(topic)]
    cut = len(_SYLLABLE.findall(topic[:head.end()]))
    head_frequency = min(pair_frequency(reader, a, b) for a, b in zip(keys[:cut], keys[1:cut]))
    rest_frequency = min(pair_frequency(reader, a, b) for a, b in zip(keys[cut:], keys[cut + 1:]))
    return topic[head.end():].strip(" ,") if rest_frequency < head_frequency else None


COORDINATED_TERM_SYLLABLES = 4


def coordinated_terms(topic: str) -> list[str]:
    """The long terms a topic joins with a comma, each a subject of its own: "giải phóng mặt bằng"
    in "Công tác bồi thường, giải phóng mặt bằng" (not "khen thưởng" in "thi đua, khen thưởng",
    nor a part of an organisation's name: "Sở Văn hóa, Thể thao và Du lịch")."""
    parts: list[str] = []
    for part in (p.strip() for p in _unframed(topic).split(",")):
        if parts and parts[-1] and part and comma_optional(parts[-1].split()[-1], part.split()[0]):
            parts[-1] += ", " + part  # the comma of "phòng, chống": one term written with it or without
        else:
            parts.append(part)
    if len(parts) < 2 or ORGANISATION_KIND.match(folded(topic)):
        return []
    return [part for part in parts if COORDINATED_TERM_SYLLABLES <= len(_SYLLABLE.findall(part)) <= COORDINATED_TERM_SYLLABLES + 2
            and not part[:1].isupper() and " va " not in f" {folded(part)} "]


OWNED_TERM_SYLLABLES = 4
_OWNER = re.compile(r"\s+(?:của|cho)\s+(?=[a-zđà-ỹ])")


def owned_term(topic: str) -> str | None:
    """The term a topic names before whom it is of or for, which documents on the term leave out:
    "vị trí việc làm" in "Vị trí việc làm của cán bộ, công chức, viên chức", "Quỹ bảo lãnh tín dụng"
    in "Quỹ bảo lãnh tín dụng cho doanh nghiệp nhỏ và vừa" (not a name the owner ends, "Ban Vì sự
    tiến bộ của phụ nữ", nor a term of three syllables, "Quỹ cơ hội cho phụ nữ …")."""
    owner = _OWNER.search(topic)
    if owner is None or ORGANISATION_KIND.match(folded(topic)):
        return None
    term = topic[:owner.start()].strip(" ,")
    syllables = _SYLLABLE.findall(term)
    if len(syllables) < OWNED_TERM_SYLLABLES or sum(w[:1].isupper() for w in syllables[1:]) > 0:
        return None
    return term


# Verbs a question puts before what they act on, which documents on the subject need not write: "giữ gìn
# thuần phong mỹ tục", "xây dựng, nhân rộng các điển hình tiên tiến", "bồi dưỡng, nâng cao kỹ năng số cho …"
_DONE_TO = r"(?:giu gin|nhan rong|xay dung|nang cao|boi duong|tang cuong|day manh|phat huy|cai thien|giup do|thuc hanh|" \
           r"khac phuc|ngan chan|bao ton|cung co|hoan thien)"
_DONE_TO_RUN = re.compile(rf"(?:{_DONE_TO}(?:\s*,\s*|\s+va\s+|\s+))+(?:cac\s+|nhung\s+)?")
ACTED_CORE_SYLLABLES = 3


def acted_core(topic: str) -> str | None:
    """What a topic's opening verbs act on, without whom it is done for, when three syllables or more:
    "điển hình tiên tiến" in "xây dựng, nhân rộng các điển hình tiên tiến", "kỹ năng số" in "bồi dưỡng,
    nâng cao kỹ năng số cho cán bộ và người dân" (not "chất lượng" in "nâng cao chất lượng", nor a list)."""
    run = _DONE_TO_RUN.match(folded(topic))
    if not run:
        return None
    rest = topic[run.end():]
    if owner := _OWNER.search(rest):
        rest = rest[:owner.start()]
    rest = rest.strip(" ,")
    return rest if len(_SYLLABLE.findall(rest)) >= ACTED_CORE_SYLLABLES and "," not in rest else None


BOUND_SHARE = 0.75


def _terms_of_their_own(reader, topic: str) -> list[str]:
    """The coordinated terms not mostly written inside the topic's whole phrase: "giáo dục pháp luật"
    stands after "phổ biến, …" in 81 of its 99 chunks (a fixed expression, whose part alone is another
    subject); "giải phóng mặt bằng" after "bồi thường, …" in 13 of 28 (a term of its own)."""
    terms = coordinated_terms(topic)
    if not terms:
        return []
    whole = len(chunks_containing(reader, [_unframed(topic)], None))
    alone = {term: len(chunks_containing(reader, [term], None)) for term in terms}
    return [term for term in terms if not (alone[term] > 0 and whole >= BOUND_SHARE * alone[term])]


def bound_alternatives(reader, written: str, alternatives: list[str]) -> list[str]:
    """The things a question lists, or their list as written when they repeat one first word and documents
    mostly write them together, one expression: "phân cấp, phân quyền" stands in 40 of the 50 chunks naming
    "phân quyền", so the pair is the subject, not every "phân cấp" (195 chunks). (Things that end alike are
    kinds of one: "phòng cháy, chữa cháy" is either.)"""
    if len({folded(a.split()[0]) for a in alternatives}) > 1:
        return alternatives
    whole = len(chunks_containing(reader, [written], None))
    rarest = min(len(chunks_containing(reader, [a], None)) for a in alternatives)
    return [written] if whole and whole >= BOUND_SHARE * rarest else alternatives


def _framed_term(topic: str) -> bool:
    """A short term behind a framing noun or action ("phòng, chống" + "bạo lực gia đình")."""
    head = _ACTION_FRAMING.match(folded(topic))
    return bool(head) and 2 <= len(_SYLLABLE.findall(topic[head.end():])) <= TERM_SYLLABLES + 1


def locate(searcher: Searcher, phrases: list[str], topic: str, doc_ids: list[int] | None,
           ignore: str | None = None, with_words: list[str] | None = None, action: list[str] | None = None,
           core: bool = False) -> Located:
    """Where the subject occurs; ``ignore`` (the question's place) is not part of it. With
    ``with_words`` (the rest of a question naming its subject by an acronym), a mention counts
    only in a chunk holding at least half of them, so "VNeID trong cấp phiếu lý lịch tư pháp" is
    not answered with every chunk naming VNeID — unless no chunk holds them. With ``action`` (what
    a question asks of the organisation it names), a mention counts only in a sentence holding half
    of those words — unless none does. With ``core``, a short topic's core term counts as well
    (``core_term``, ``acted_term``): asked which units mention a subject, a document naming it
    without its framing head or the action done on it mentions it too, as does one naming a long
    term the topic joins to another with a comma (``coordinated_terms``)."""
    reader = searcher.reader
    if phrases:
        # a phrase's abbreviation names it as well ("trạm y tế": "TYT"), as it does a short topic's (written_forms)
        found = chunks_containing(reader, list(dict.fromkeys(phrases + [s for p in phrases for s in abbreviated(p)])), doc_ids)
        common = len(found) > COMMON_NAME_SHARE * reader.lexical.num_chunks
        if common and (term := _term_with_acronym(reader, topic, phrases, doc_ids)):
            return Located(term, "phrase")
        if with_words and len(with_words) >= 2 and found:
            texts = reader.chunk_texts(list(found))
            narrowed = {chunk_id: spans for chunk_id, spans in found.items()
                        if sum(w in set(_SYLLABLE.findall(folded(texts.get(chunk_id, "")))) for w in with_words)
                        >= CONTEXT_SHARE * len(with_words)}
            found = narrowed or found
        if action and len(action) >= 2 and found:
            found = _acted_on(reader, found, action) or found
        return Located(found, "phrase")
    asked = topic_codes(topic)
    if asked:
        return Located(_code_sentences(reader, asked, doc_ids), "code")
    # "vấn đề đối tượng bảo trợ xã hội" is asked as "đối tượng bảo trợ xã hội" is: what frames the subject
    # is written in none of the ways documents name it (each of which holds the subject behind the frame)
    if core:
        topic = framed_subject(topic) or topic
    located = _topic_mentions(searcher, topic, doc_ids, ignore, core)
    if core and (terms := _terms_of_their_own(reader, topic) + list(filter(None, [owned_term(topic), acted_core(topic)]))):
        found = chunks_containing(reader, [form for term in terms for form in [term, *abbreviated(term)]], doc_ids)
        if found and not located.mentions:
            return Located(found, "phrase")
        for chunk_id, spans in found.items():
            located.mentions[chunk_id] = sorted(set(located.mentions.get(chunk_id, [])) | set(spans))
    return located


COMMON_NAME_SHARE = 0.03  # "DN" or "doanh nghiệp" stands in 8% of the archive's chunks, "CNTT" in 2.5%
TERM_WITH_ACRONYM_SYLLABLES = 3


def _term_with_acronym(reader, topic: str, forms: list[str], doc_ids: list[int] | None) -> dict:
    """Where a short topic holding a common acronym occurs as a whole, the acronym written each way:
    "cộng đồng DN" is "cộng đồng doanh nghiệp", not every chunk naming a business beside a community;
    "TTHC nội bộ" is "thủ tục hành chính nội bộ". {} when the topic is long or nowhere written."""
    subject = framed_subject(topic) or topic
    acronym = forms[0]
    if not re.fullmatch(r"[A-ZĐ][A-ZĐ0-9]+", acronym) or acronym not in subject:
        return {}
    if not 1 <= len(_SYLLABLE.findall(subject.replace(acronym, " "))) <= TERM_WITH_ACRONYM_SYLLABLES:
        return {}
    return chunks_containing(reader, [subject.replace(acronym, form) for form in dict.fromkeys(forms)], doc_ids)


def _topic_mentions(searcher: Searcher, topic: str, doc_ids: list[int] | None, ignore: str | None,
                    core: bool) -> Located:
    """Where a topic the question names without a phrase occurs: as a phrase when it is short,
    else as its words in one sentence."""
    reader = searcher.reader
    words = [w for w in content_words(topic) if not ignore or w not in content_words(ignore)]
    if not words:
        return Located({}, "phrase")
    length = len(_SYLLABLE.findall(_unframed(topic)))  # "vấn đề thuế thu nhập cá nhân" is as short as its subject
    if length <= TOPIC_PHRASE_SYLLABLES:
        forms = written_forms(topic)
        if core and (term := core_term(reader, topic)):
            forms.append(term)
        if core and (term := acted_term(reader, topic)):
            forms.append(term)
        found = chunks_containing(reader, forms, doc_ids)
        if found:
            return _with_foreign_term(reader, Located(found, "phrase"), topic, words, doc_ids)
        if length <= TERM_SYLLABLES or _framed_term(topic):
            # "quản tài viên" is a term: nowhere written, it is not "quản lý tài chính … viên chức";
            # nor is "phòng, chống bạo lực gia đình" a sentence on "phòng, chống ma tuý … gia đình … bạo lực"
            return _with_foreign_term(reader, Located({}, "phrase"), topic, words, doc_ids)
    located = Located({}, "words")
    pairs = PairCover(reader, topic)
    # with its count written each way documents write one ("hai cấp", "02 cấp"), the topic is each of them
    forms = [(topic, words, pairs)] + [(form, [w for w in content_words(form) if not ignore or w not in content_words(ignore)],
                                        PairCover(reader, form)) for form in counted_forms(topic)]
    for form, form_words, form_pairs in forms:
        if not form_words:
            continue
        candidates = reader.lexical.containing([(FOLDED, w) for w in form_words], MAX_CANDIDATES, doc_ids)
        for chunk_id, chunk in (reader.chunks(candidates) if candidates else {}).items():
            hits = [(s, e) for s, e in words_in_one_sentence(chunk.text, 0, len(chunk.text), form_words)
                    if form_pairs.covers(chunk.text, s, e)]
            if hits:
                located.mentions[chunk_id] = sorted(set(located.mentions.get(chunk_id, []))
                                                    | {(chunk.start + s, chunk.start + e) for s, e in hits})
    located = _with_most_words(reader, located, words, pairs, doc_ids)
    # (nothing more: a passage that is merely near the topic in meaning does not mention it; "bảo đảm an
    # ninh, trật tự …" is no report on "an ninh lương thực", and the answer lists the closest passages as such)
    return _with_foreign_term(reader, located, topic, words, doc_ids)


LONG_TOPIC_WORDS = 8
LONG_TOPIC_SHARE = 0.85
MOST_WORDS_CANDIDATES = 300


PAIR_SHARE = 0.65


def idf(chunks: int, frequency: int) -> float:
    """BM25's idf of a term ``frequency`` of ``chunks`` chunks hold (a term none holds weighs most)."""
    return math.log(1 + (chunks - frequency + 0.5) / (frequency + 0.5))


class PairCover:
    """How much of a topic a sentence writes in the topic's own order: the share of the weight of
    the topic's adjacent syllable pairs ("sơ kết", "kết giai", "giai đoạn", …) that the sentence
    also holds side by side, each pair weighted by its idf in the index. Holding the words is
    not enough: "… thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 -
    2030 …" holds nearly every word of "sơ kết giai đoạn 2021 - 2025 thực hiện Chương trình tổng
    thể cải cách hành chính" but not the rare pairs that make it this subject ("sơ kết", "2025
    thực"). Pairs the index never holds (across a break in the question) weigh nothing."""

    def __init__(self, reader, topic: str | list[str], unbroken: bool = False):
        """``topic``: one text, or its parts with no pair across them. ``unbroken``: no part has a break
        in it, so a pair the index never holds is a pair no document writes, and weighs the most."""
        chunks = max(1, reader.lexical.num_chunks)
        self.weights: dict[tuple[str, str], float] = {}
        for part in [topic] if isinstance(topic, str) else topic:
            syllables = _SYLLABLE.findall(folded(part))
            for pair in dict.fromkeys(zip(syllables, syllables[1:])):
                frequency = pair_frequency(reader, *pair)
                if frequency or unbroken:
                    self.weights[pair] = idf(chunks, frequency)
        self.total = sum(self.weights.values())

    def share(self, present: set[tuple[str, str]]) -> float:
        """The share of the topic's pair weight that ``present`` (sentence_pairs of a text) holds."""
        return sum(w for pair, w in self.weights.items() if pair in present) / self.total if self.total else 1.0

    def covers(self, text: str, start: int, end: int) -> bool:
        return self.share(sentence_pairs(text, start, end)) >= PAIR_SHARE


def _with_most_words(reader, located: Located, words: list[str], pairs: PairCover, doc_ids: list[int] | None) -> Located:
    """A long topic ("đề nghị công nhận chức danh lãnh đạo các hội quần chúng do Đảng, Nhà nước
    giao nhiệm vụ", 15 words) is restated with a word or two left out ("… công nhận chức danh các
    Hội quần chúng …"): a sentence holding 85% of its words mentions it too. Candidates are the
    chunks that rank best on the words, since no index lookup asks for "most of" them."""
    if len(words) < LONG_TOPIC_WORDS:
        return located
    need = math.ceil(LONG_TOPIC_SHARE * len(words))
    ranked = reader.lexical.search([(FOLDED, w, 1.0) for w in words], MOST_WORDS_CANDIDATES, doc_ids)
    fresh = [chunk_id for chunk_id, _score in ranked if chunk_id not in located.mentions]
    for chunk_id, chunk in (reader.chunks(fresh) if fresh else {}).items():
        hits = [(s, e) for s, e in words_in_one_sentence(chunk.text, 0, len(chunk.text), words, at_least=need)
                if pairs.covers(chunk.text, s, e)]
        if hits:
            located.mentions[chunk_id] = [(chunk.start + s, chunk.start + e) for s, e in hits]
    return located


def _with_foreign_term(reader, located: Located, topic: str, words: list[str], doc_ids: list[int] | None) -> Located:
    """"điều trị nghiện bằng thuốc Methadone": a foreign term names the subject on its own, so a
    sentence holding it and half of the other words counts too ("điều trị Methadone")."""
    keys = foreign_words(topic)
    if not keys or len(keys) >= len(words):
        return located
    others = [w for w in words if w not in keys]
    holding = reader.lexical.containing([(FOLDED, w) for w in keys], MAX_CANDIDATES, doc_ids)
    for chunk_id, chunk in (reader.chunks(holding) if holding else {}).items():
        hits = [(chunk.start + s, chunk.start + e) for s, e in sentences(chunk.text, 0, len(chunk.text))
                if set(keys) <= (present := sentence_words(chunk.text, s, e))
                and sum(w in present for w in others) >= len(others) / 2]
        if hits:
            located.mentions[chunk_id] = sorted(set(located.mentions.get(chunk_id, [])) | set(hits))
    return located


def foreign_words(topic: str) -> list[str]:
    """Folded words of an accented topic that are no Vietnamese syllable ("Methadone", "eForm"):
    terms that name a subject on their own. [] for a topic typed without accents, whose words
    are all no syllables."""
    if not has_accents(topic):
        return []
    return list(dict.fromkeys(folded(w) for w in _SYLLABLE.findall(topic)
                              if len(w) >= 4 and not w.isdigit() and not w.isupper() and not is_valid_syllable(w.lower())))


class SubjectWeights:
    """The subject's words, each weighted by its idf in the index; a word no chunk holds weighs
    most. "Tỷ lệ che phủ rừng của tỉnh Lâm Đồng năm 2025": "che", "phủ", "rừng" are what the
    question is about, "tỷ lệ" stands beside every other rate ("Tỷ lệ TTHC công bố đúng hạn
    71,96%"); a figure whose evidence holds too little of the weight is another one, and the
    answer is "not found"."""

    def __init__(self, reader, words: list[str]):
        chunks = max(1, reader.lexical.num_chunks)
        self.weights = {w: idf(chunks, reader.lexical.doc_freq(FOLDED, w)) for w in dict.fromkeys(words)}
        self.total = sum(self.weights.values())

    def share(self, present: set[str]) -> float:
        return sum(w for word, w in self.weights.items() if word in present) / self.total if self.total else 1.0
