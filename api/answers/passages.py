"""Where a phrase occurs in a document's text, and the sentence-level passage around it.

Offsets are always offsets in the document's stored text (NFC), so a citation can point at the
exact span. Matching folds accents and case: the folded text has the same length as NFC text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.analysis import has_accents
from indexer.extraction.vietnamese.normalize import canonical_tones, fold_for_matching, match_form

_SYLLABLE = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? … followed by space and a capital (or a quote/dash/digit), or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’']?\s+(?=[\"“‘'(\-–•*+]?[\dA-ZĐÀ-Ỹ])|\n+")
_NOT_AN_END = re.compile(r"(?:\b(?:TP|Tp|TT|ThS|TS|PGS|GS|BS|KS|St|Q|P|v\.v)|\b[A-ZĐ])\.$")
MAX_PASSAGE_CHARS = 700


def folded(text: str) -> str:
    return fold_for_matching(text)


# The hỏi and ngã tones are the commonest misspelling in Vietnamese typing ("cỗ phần hóa" for "cổ
# phần hóa", "kỹ/kỷ", "sẽ/sẻ"): a phrase matches whichever of the two a document wrote.
_NGA_AS_HOI = str.maketrans("ãẵẫẽễĩõỗỡũữỹ", "ảẳẩẻểỉỏổởủửỷ")


def _accented_form(text: str) -> str:
    """Lower case, one tone placement ("uỷ" = "ủy"), ngã read as hỏi; same length as NFC text."""
    return canonical_tones(text).lower().translate(_NGA_AS_HOI)


def phrase_pattern(phrase: str, accented: bool = False) -> re.Pattern | None:
    """Whole syllables of ``phrase`` in order, any whitespace or hyphen between them; matched
    against ``folded`` text, or against ``_accented_form`` text when ``accented``."""
    form = _accented_form(match_form(phrase)) if accented else folded(match_form(phrase))
    syllables = [(m.group(0), form[m.end():m.end() + 3]) for m in _SYLLABLE.finditer(form)]
    if not syllables:
        return None
    # a comma the phrase writes is matched too: "Sở Văn hóa, Thể thao và Du lịch"; and "phòng chống ma
    # túy" is "phòng, chống ma túy", however the phrase writes it
    parts = [re.escape(word) + (_COMMA_GAP if after.lstrip(" -").startswith(",") or comma_optional(word, following) else _GAP)
             for (word, after), (following, _) in zip(syllables, syllables[1:])]
    return re.compile(r"(?<![^\W_])" + "".join(parts) + re.escape(syllables[-1][0]) + r"(?![^\W_])")


_GAP = r"[\s\-]+"
_COMMA_GAP = r"(?:[\s\-]*,[\s\-]*|[\s\-]+)"
_COMMA_OPTIONAL = {("phong", "chong")}  # folded word pairs written with a comma or without


def comma_optional(word: str, following: str) -> bool:
    return (folded(word), folded(following)) in _COMMA_OPTIONAL


def find_phrases(text: str, phrases: list[str], start: int = 0, end: int | None = None,
                 folded_text: str | None = None) -> list[tuple[int, int]]:
    """Spans of any of ``phrases`` in text[start:end], case-insensitive. A phrase typed with
    accents must match them ("khổ" is not "khó"); one typed without matches any accents."""
    end = len(text) if end is None else end
    spans = []
    accented_text = None
    for phrase in phrases:
        accented = has_accents(phrase)
        pattern = phrase_pattern(phrase, accented)
        if pattern is None:
            continue
        if accented:
            accented_text = accented_text if accented_text is not None else _accented_form(text)
            haystack = accented_text
        else:
            folded_text = folded_text if folded_text is not None else folded(text)
            haystack = folded_text
        spans += [m.span() for m in pattern.finditer(haystack, start, end)]
        if accented and len(_SYLLABLE.findall(phrase)) >= MISTYPED_PHRASE_SYLLABLES:
            # a long phrase cannot be another by its accents alone, and documents mistype them
            # ("Hoá đơn điển tử", "thi đua, khen thưỏng"): it matches folded too
            folded_text = folded_text if folded_text is not None else folded(text)
            spans += [m.span() for m in phrase_pattern(phrase).finditer(folded_text, start, end)]
    return sorted(set(spans))


MISTYPED_PHRASE_SYLLABLES = 4


@dataclass
class Passage:
    start: int
    end: int
    sentences: list[tuple[int, int]]


def paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    """The line holding ``position``, with the lines a page break cut it from: "… (chiếm tỷ⏎⏎trọng
    6,9%), Hà Tây tăng 20,3%, …" is one paragraph."""
    start = text.rfind("\n", 0, position) + 1
    while start > 0 and _CONTINUED.match(text, start) and not _ENDED.search(text, max(0, start - 400), start):
        start = text.rfind("\n", 0, len(text[:start].rstrip())) + 1
    end = text.find("\n", position)
    while end >= 0 and not _ENDED.search(text, max(0, end - 400), end) and _CONTINUED.match(text, len(text) - len(text[end:].lstrip())):
        end = text.find("\n", len(text) - len(text[end:].lstrip()))
    return start, len(text) if end < 0 else end


# a line going on in lower case, no list item ("a) …", "b. …"), after a line ending without a stop
_CONTINUED = re.compile(r"[a-zđà-ỹ](?![).])[^\W\d_]*[\s,]")
_ENDED = re.compile(r"[.!?…:;]\s*$")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], trimmed; a false end ("TP. Hải Dương") is not cut."""
    spans, cursor = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.group(0).startswith("\n") is False and _NOT_AN_END.search(text[max(cursor, m.start() - 6):m.start()]):
            continue
        if m.group(0).startswith("\n") and _CONTINUED.match(text, m.end()) and not _ENDED.search(text, max(cursor, m.start() - 2), m.start()):
            continue  # a page break inside a sentence: "(chiếm tỷ⏎⏎trọng 6,9%), Hà Tây tăng 20,3%, …"
        spans.append((cursor, m.start()))
        cursor = m.end()
    spans.append((cursor, end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Semicolon-separated clauses of one sentence (a report's long enumerations)."""
    spans, cursor = [], start
    for m in re.finditer(r";", text[start:end]):
        spans.append((cursor, start + m.start()))
        cursor = start + m.end()
    spans.append((cursor, end))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans if text[s:e].strip()]
