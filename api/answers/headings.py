"""The section a question names by its heading: "Quyền của hội viên Liên đoàn Yoga theo Điều lệ"
asks for "Điều 9. Quyền của hội viên" of the charter, "Những điều cấm khi đặt tên doanh nghiệp
theo Nghị định 109" for its "Điều 8. Những điều cấm trong đặt tên doanh nghiệp".

A heading is named when nearly all of its own words (numbering and a lead "về", "đối với" aside)
are in the question, in its order: most of its word pairs stand in the question too. Only body
sections count: the letterhead, the title block and the signature are not sections one asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from api.answers.figures import extract_figures
from api.answers.passages import folded
from api.answers.questions import DOCUMENT_REFERENCE, roles
from api.answers.response import Evidence
from api.answers.topics import STOP

_SYLLABLE = re.compile(r"[^\W_]+")
# "Điều 8.", "Chương III", "Phần thứ hai", "II -", "1.8.", "a)": a heading's numbering.
_NUMBERING = re.compile(r"^(?:(?:phan|chuong|muc|dieu|khoan)\s+(?:thu\s+)?(?:[ivxlcd]+|\d+|[a-z]|mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi)\b"
                        r"|(?:[ivxlcd]+|[a-zđ])(?=\s?[.)/:\-–])|\d+(?:\.\d+)*(?=[\s.)/:\-–]))\s*[.)/:\-–]*\s*")
# Words that open a heading without naming anything: "Về …", "Đối với công tác …".
_LEADS = ("ve viec ", "ve ", "doi voi viec ", "doi voi ", "cong tac ")
SECTION_EXCERPT_CHARS = 1200
MIN_WORDS = 3  # content syllables a heading must share with the question ("Nhiệm vụ" alone names nothing)
# … unless the question names the document itself ("Điều lệ Liên đoàn Bóng rổ … quy định thế nào
# về quyền hạn …"): then a heading of two, written in the question as a phrase, is the one asked for
MIN_WORDS_IN_NAMED_DOCUMENT = 2
MIN_WORD_SHARE = 0.75  # of the heading's content words, in the question
MIN_PAIR_SHARE = 0.5  # of the heading's word pairs, in the question
# in a document the question names: a heading holding this many of the question's words, these shares
PARAPHRASE_WORDS = 5
PARAPHRASE_WORD_SHARE = 0.5
PARAPHRASE_PAIR_SHARE = 0.33
OVERLAP_WORDS = 3  # … and, none named so, a heading sharing this many of its words


_GLOSS = re.compile(r"\([^()]*\)")
LONG_HEADING_WORDS = 12  # content syllables of a heading that is a sentence
OPENING_WORDS = 7  # of its opening, side by side in the question


@dataclass(frozen=True)
class HeadingMatch:
    score: float  # mean of the two shares, 0–1
    words: int  # content words shared


def heading_syllables(heading: str) -> list[str]:
    text = folded(heading).strip()
    text = _NUMBERING.sub("", text, count=1)
    for lead in _LEADS:
        if text.startswith(lead):
            text = text[len(lead):]
    return _SYLLABLE.findall(text)


def beyond_title(heading: str, title: str | None) -> set[str]:
    """The heading's content syllables its document's title does not hold: what it names in the
    document, not the document ("Điều 1. Cho phép thành lập Liên đoàn …" in the decision so titled)."""
    return {w for w in heading_syllables(heading) if w not in STOP and not w.isdigit()} - set(_SYLLABLE.findall(folded(title or "")))


def _pairs(syllables: list[str]) -> set[tuple[str, str]]:
    """Adjacent pairs of the content syllables: "phân tích và đánh giá hiện trạng về nhân lực" and
    "đánh giá hiện trạng nhân lực" share "trạng nhân" across the "về" one of them writes."""
    content = [w for w in syllables if w not in STOP]
    return set(zip(content, content[1:]))


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    return frozenset(pattern for role in roles() for pattern in role.patterns)


class QuestionWords:
    """A question's folded syllables and word pairs, computed once for all headings; those
    only in the words that name the document are left out."""

    def __init__(self, question: str, named_document: bool = False, short_names: bool = False):
        self.min_words = MIN_WORDS_IN_NAMED_DOCUMENT if named_document else MIN_WORDS
        self.named_document = named_document
        self.short_names = short_names
        parts = [_SYLLABLE.findall(part) for part in DOCUMENT_REFERENCE.split(folded(question))]
        self.syllables = [w for part in parts for w in part]
        self.words = set(self.syllables)
        self.pairs = set().union(*(_pairs(part) for part in parts))
        # a word a heading writes joined ("xe ôtô", "môtô") the question may write apart ("xe ô tô")
        for part in parts:
            for i in range(len(part) - 1):
                joined = part[i] + part[i + 1]
                self.words.add(joined)
                self.pairs |= _pairs(part[max(0, i - 1):i] + [joined] + part[i + 2:i + 3])

    def _short_name(self, content: set[str], pairs: set[tuple[str, str]]) -> bool:
        """"b. Nhập khẩu:": in the documents already chosen as the question's (``short_names``), a
        heading of two words names its section when the question writes them side by side, unless
        they name a role ("Nhiệm vụ", "Kết quả"), which any report's sections play. Over the whole
        archive two words name nothing ("Quyền hạn" heads every charter's article)."""
        return self.short_names and len(content) == 2 and pairs <= self.pairs and " ".join(next(iter(pairs))) not in _role_words()

    def match(self, heading: str, titled: frozenset[str] = frozenset()) -> HeadingMatch | None:
        """How well the question names this heading, or the heading without its bracketed gloss
        ("16.2. Phương án tài chính (phân tích và tính toán …) trên cơ sở:"); None when it does not.
        ``titled``: words of the document's title, which in a document the question names a heading
        may add to its subject without naming another one ("Điều 16. Ban Kiểm tra Liên đoàn" in a
        Liên đoàn's charter)."""
        found = [m for m in (self._match(heading, titled), self._match(_GLOSS.sub(" ", heading), titled) if "(" in heading else None,
                             self._opening(heading)) if m]
        return max(found, key=lambda m: (m.score, m.words)) if found else None

    def _opening(self, heading: str) -> HeadingMatch | None:
        """A long heading that is a sentence ("Điều 2. Việc bố trí nhân sự, xử lý tài chính, tài sản,
        hồ sơ … khi hợp nhất, đổi tên các hội thực hiện theo đúng quy định …"): the question writes
        its opening, pair after pair."""
        content = [w for w in heading_syllables(heading) if w not in STOP and not w.isdigit()]
        if len(content) < LONG_HEADING_WORDS:
            return None
        opening = content[:OPENING_WORDS]
        if not set(zip(opening, opening[1:])) <= self.pairs:
            return None
        return HeadingMatch(round(OPENING_WORDS / len(content), 4), OPENING_WORDS)

    def _match(self, heading: str, titled: frozenset[str] = frozenset()) -> HeadingMatch | None:
        syllables = heading_syllables(heading)
        content = {w for w in syllables if w not in STOP and not w.isdigit()}
        if self.named_document:
            content = {w for w in content if w not in titled or w in self.words} or content
        shared = content & self.words
        pairs = _pairs(syllables)
        if not pairs or len(shared) < self.min_words and not self._short_name(content, pairs):
            return None
        word_share = len(shared) / len(content)
        pair_share = len(pairs & self.pairs) / len(pairs)
        # inside a document the question names, a long heading it paraphrases: "Điều 6. Nhân dân ở xã,
        # thôn, làng, ấp, bản bàn và quyết định trực tiếp những công việc chủ yếu sau" for "… nhân dân
        # được bàn và quyết định trực tiếp những việc gì?"
        paraphrased = self.named_document and len(shared) >= PARAPHRASE_WORDS and word_share >= PARAPHRASE_WORD_SHARE \
            and pair_share >= PARAPHRASE_PAIR_SHARE
        if (word_share < MIN_WORD_SHARE or pair_share < MIN_PAIR_SHARE) and not paraphrased:
            return None
        if len(shared) < MIN_WORDS and (word_share < 1 or pair_share < 1):
            return None
        return HeadingMatch(round((word_share + pair_share) / 2, 4), len(shared))


BODY_CHARS = 40


def named_section(question: QuestionWords, sections: list, title: str | None = None,
                  issuer: str | None = None) -> tuple[object, HeadingMatch] | None:
    """The body section of a document (``reader.sections`` rows) whose heading the question names
    best: the most question words in its headings, its parents' included (a subsection under a
    parent the question also names is the more specific answer), then the higher share, then
    the first. Words of the document's ``title`` name the document, not a section in it: "Chế độ
    kế toán … đơn vị ngoài công lập … quy định việc kiểm kê tài sản ra sao?" asks for "Điều 9:
    Kiểm kê tài sản", not "Điều 2: Nhiệm vụ kế toán đơn vị ngoài công lập". So do the words of its
    ``issuer``: in the Bộ Giáo dục và Đào tạo's paper, "… Bộ Giáo dục và Đào tạo giao các Sở Giáo dục
    và Đào tạo những nhiệm vụ gì?" asks for "3. Các Sở Giáo dục và Đào tạo", not "1. Bộ Giáo dục và Đào tạo"."""
    ranked = ranked_sections(question, sections, title, issuer)
    return ranked[0] if ranked else None


def ranked_sections(question: QuestionWords, sections: list, title: str | None = None,
                    issuer: str | None = None) -> list[tuple[object, HeadingMatch]]:
    """The body sections whose headings the question names, best first (as ``named_section`` ranks them)."""
    titled = set(_SYLLABLE.findall(folded(title or "")))
    issued = titled | set(_SYLLABLE.findall(folded(issuer or "")))
    found_all = []
    for order, section in enumerate(sections):
        if section.kind != "body" or not section.heading:
            continue
        found = question.match(section.heading, frozenset(titled))
        if not found:
            continue
        path_words = {w for heading in section.path for w in heading_syllables(heading) if w not in STOP}
        # a heading with nothing under it ("4. Ban Kiểm tra." listing a charter's organs) says less than the article
        bodied = section.end - section.start > len(section.heading) + BODY_CHARS
        found_all.append(((len((path_words & question.words) - issued), bodied, found.score), -order, section, found))
    # of a section and a subsection in it that the question names alike, the subsection: "5. Các thành viên Ban Chỉ
    # đạo:" under "Điều 1. Thành lập Ban Chỉ đạo … gồm các thành viên sau:" answers more narrowly
    named_alike = {(key, tuple(section.path)) for key, _o, section, _f in found_all}
    found_all = [((*key, not _encloses(section.path, key, named_alike), order), section, found)
                 for key, order, section, found in found_all]
    found_all.sort(key=lambda item: item[0], reverse=True)
    return [(section, found) for _key, section, found in found_all]


def overlapping_sections(question: QuestionWords, sections: list, title: str | None = None) -> list[tuple[object, HeadingMatch]]:
    """In a document the question names, when no heading is named outright: the body sections whose
    headings share the most of the question's words (at least ``OVERLAP_WORDS``, one pair of them side
    by side), best first. A heading that is a whole sentence ("Điều 2. Ban Chấp hành lâm thời Hội Công
    chứng viên tỉnh Lâm Đồng có trách nhiệm khẩn trương tổ chức Đại hội …") holds too many words of its
    own for any share of them to be in "… giao Ban Chấp hành lâm thời trách nhiệm gì?", yet it is the one
    asked for. The title's words, which name the document, count only where the question writes them."""
    titled = set(_SYLLABLE.findall(folded(title or "")))
    found = []
    for order, section in enumerate(sections):
        if section.kind != "body" or not section.heading:
            continue
        syllables = [w for w in heading_syllables(section.heading) if w not in titled or w in question.words]
        content = {w for w in syllables if w not in STOP and not w.isdigit()}
        shared, shared_pairs = content & question.words, _pairs(syllables) & question.pairs
        if len(shared) >= OVERLAP_WORDS and shared_pairs:
            found.append(((len(shared), len(shared_pairs), -order), section, HeadingMatch(round(len(shared) / len(content), 4),
                                                                                       len(shared))))
    found.sort(key=lambda item: item[0], reverse=True)
    return [(section, match) for _key, section, match in found]


def _encloses(path: list[str], key: tuple, named_alike: set[tuple[tuple, tuple[str, ...]]]) -> bool:
    return any(other == key and len(inner) > len(path) and list(inner[:len(path)]) == path for other, inner in named_alike)


def named_sections(reader, question: QuestionWords, infos: dict, per_document: int = 1,
                   overlapping: bool = False) -> dict[int, list[tuple[object, HeadingMatch]]]:
    """doc id → the best ``per_document`` (section, match) of the documents of ``infos``
    (``document_infos``, whose titles name the documents) that hold a section the question names,
    or, ``overlapping``, sections whose headings share its words (``overlapping_sections``)."""
    out = {}
    for doc_id, sections in (reader.sections(list(infos)) if infos else {}).items():
        title = infos[doc_id].title
        found = (overlapping_sections(question, sections, title) if overlapping else ranked_sections(question, sections, title))
        if found:
            out[doc_id] = found[:per_document]
    return out


def excerpt(text: str, section, chunk_spans: list[tuple[int, int, int]], how: str = "heading") -> Evidence:
    """The section's opening (up to ``SECTION_EXCERPT_CHARS``) as evidence, with the chunk it
    starts in (``reader.chunk_spans`` of its document)."""
    end = min(section.end, section.start + SECTION_EXCERPT_CHARS)
    chunk_id = next((c for c, s, e in chunk_spans if s <= section.start < e), None)
    return Evidence(text[section.start:end], chunk_id, section.path, section.page_start, section.page_end,
                    section.start, section.end, [f.to_json() for f in extract_figures(text[section.start:end])], how)
