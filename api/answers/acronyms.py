"""An acronym no dictionary entry spells out ("Hội LHTN Việt Nam tỉnh", "tỉnh LĐ"), read from the archive:
the capitalised word runs, in the documents on the rest of the question, whose initials spell it
("Liên hiệp Thanh niên", "Lâm Đồng"). Documents write the name in full far more often than questions do."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from api.answers.passages import folded
from api.answers.questions import Question, capitalised_words, names_numbered_document
from api.answers.shorthand import is_syllable_shaped
from api.answers.sources import source_documents
from api.search import Filters, SearchRequest, Searcher
from indexer.analysis.abbreviations import long_forms

SEARCHED_CHUNKS = 300
MIN_SEEN = 2  # one run spelling the letters may be chance; the archive's own name recurs
_WORD = re.compile(r"[^\W\d_]+")
_SMALL = {"va", "cua", "ve", "cho", "voi"}  # "Văn hóa, Thể thao và Du lịch" is VHTTDL


def _runs(text: str, letters: str, after: str | None = None) -> list[str]:
    """Runs of words in ``text`` that open with a capital and whose initials spell ``letters`` (and,
    given ``after``, follow that word: "tỉnh" before a province's name)."""
    words = [(m, folded(m.group(0))) for m in _WORD.finditer(text)]
    found = []
    for i, (word, _) in enumerate(words):
        if not word.group(0)[:1].isupper() or (after and (i == 0 or words[i - 1][1] != after)):
            continue
        initials = ""
        for j in range(i, min(len(words), i + 2 * len(letters))):
            key = words[j][1]
            if j > i and key in _SMALL:
                continue
            initials += key[:1]
            if not letters.startswith(initials):
                break
            if initials == letters:
                found.append(" ".join(text[word.start():words[j][0].end()].split()))  # as written, commas kept
                break
    return found


def spelled_in_archive(searcher: Searcher, acronym: str, context: str, filters: Filters,
                       after: str | None = None) -> str | None:
    """The archive's most frequent spelling of ``acronym`` near ``context`` (seen at least twice),
    after the word ``after`` when given."""
    letters = folded(acronym).replace(" ", "").replace("&", "")
    if len(letters) < 2 or not context.strip():
        return None
    results = searcher.search(SearchRequest(query=context, mode="bm25", k=SEARCHED_CHUNKS, filters=filters,
                                            snippets=False)).results
    seen: Counter = Counter()
    written: dict[str, Counter] = {}
    for result in results:
        for run in _runs(result.text, letters, after):
            key = folded(run)
            seen[key] += 1
            written.setdefault(key, Counter())[run] += 1
    if not seen:
        return None
    key, count = seen.most_common(1)[0]
    return written[key].most_common(1)[0][0] if count >= MIN_SEEN else None


# "Hội CGC tỉnh LĐ": a place's name written as its initials, after the word for its level
_PLACE_INITIALS = re.compile(r"(?<!\w)(tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+([A-ZĐ]{2,4})(?!\w)")
_ROMAN = re.compile(r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def _without(text: str, word: str) -> str:
    return _replaced(text, word, " ")


def _replaced(text: str, word: str, by: str) -> str:
    return re.sub(rf"(?<![\w/-]){re.escape(word)}(?![\w/-])", by, text)


def spelled_out(searcher: Searcher, question: Question, filters: Filters) -> str:
    """The question as if typed in full: the initials no dictionary spells out, of a place after its
    level ("tỉnh LĐ") or inside an organisation's name ("Hội CGC"), written as the archive writes
    them there, near the rest of its subject ("tỉnh Lâm Đồng", "Hội Cựu giáo chức"), and, in a
    question typed plain, the acronyms it writes in lower case ("papi"). Documents write all three so."""
    context = question.topic or question.text
    text = _spelled_places(searcher, question.text, context, filters)
    if text == text.lower():
        text = _plain_acronyms(searcher, text, filters)
    for word in question.organisation.split()[1:] if question.organisation else []:
        if len(word) > 1 and word.isupper() and not long_forms(word) and not _ROMAN.fullmatch(word):
            if spelled := spelled_in_archive(searcher, word, _without(context, word), filters):
                text = _replaced(text, word, spelled)
    return text


def _spelled_places(searcher: Searcher, text: str, context: str, filters: Filters) -> str:
    def place(found: re.Match) -> str:
        level, initials = found.groups()
        if long_forms(initials):
            return found.group(0)
        spelled = spelled_in_archive(searcher, initials, _without(context, initials), filters,
                                     after=folded(level).split()[-1])
        return f"{level} {spelled}" if spelled else found.group(0)
    return _PLACE_INITIALS.sub(place, text)


def _plain_acronyms(searcher: Searcher, text: str, filters: Filters) -> str:
    """A short word no syllable could be, that the archive writes in capitals, in capitals ("papi":
    PAPI); the table's abbreviations are the reading's own (``shorthand``), and "bao nhieu usd" asks
    for a unit, not a subject."""
    for word in dict.fromkeys(_PLAIN_LETTERS.findall(text)):
        if is_syllable_shaped(word) or long_forms(word.upper()) or re.search(rf"\b(?:bao nhieu|may) {word}\b", text):
            continue
        if written_as_acronym(searcher, word.upper(), filters):
            text = _replaced(text, word, word.upper())
    return text


_PLAIN_LETTERS = re.compile(r"(?<![\w/-])[a-z]{2,6}(?![\w/-])")
ACRONYM_RESULTS = 10
_AROUND = 40  # characters either side of an acronym, which a sentence (not a heading in capitals) writes in lower case


def written_as_acronym(searcher: Searcher, letters: str, filters: Filters) -> bool:
    """The archive writes ``letters`` as an acronym inside sentences ("Chỉ số PAPI năm 2025", "mã QR"),
    more often than otherwise, not only in a heading set in capitals ("HỘI GOLF TỈNH LÂM ĐỒNG")."""
    results = searcher.search(SearchRequest(query=letters, mode="bm25", k=ACRONYM_RESULTS, filters=filters, snippets=False)).results
    written = re.compile(rf"(?<!\w){re.escape(letters)}(?!\w)", re.I)
    # (in sentences, mostly in capitals: "Hội GOLF" in one letter of many writing "Golf" is not an acronym)
    ways = Counter(m.group(0) == letters for r in results for m in written.finditer(r.text)
                   if any(c.islower() for c in r.text[max(0, m.start() - _AROUND):m.end() + _AROUND]))
    return ways[True] > ways[False]


def written_in_archive(searcher: Searcher, acronym: str, filters: Filters) -> bool:
    results = searcher.search(SearchRequest(query=acronym, mode="bm25", k=5, filters=filters, snippets=False)).results
    written = re.compile(rf"(?<!\w){re.escape(acronym)}(?!\w)")
    return any(written.search(result.text) for result in results)


def expand_unknown_acronym(searcher: Searcher, question: Question, filters: Filters) -> None:
    """An acronym no dictionary spells out, in a question naming its document by number, that
    neither the document nor the archive writes is the asker's shorthand: not the subject. (One
    inside an organisation's name was spelled out before the question was read: ``spelled_out``;
    a free-standing one, "CLB", is left as it is: spelled out alone it would name every club.)"""
    if question.name_source != "acronym" or len(question.phrases) > 1 or not question.name:
        return
    # "QĐ 522/2002 …: NĐT là người VN …": the asker's shorthand for words the document writes in full
    # ("nhà đầu tư"); the document is named, and it does not write the letters (nor, when it is not held,
    # does any document): nothing to require
    if not names_numbered_document(question.text):
        return
    named = source_documents(searcher, question.source, filters) if question.source else []
    scope = replace(filters, doc_ids=named) if named else filters
    if not written_in_archive(searcher, question.name, scope):
        shorthand = [word for word in dict.fromkeys(capitalised_words(question.topic))
                     if word == question.name or not written_in_archive(searcher, word, scope)]
        question.name, question.phrases, question.name_source = None, [], None
        question.topic = " ".join(w for w in question.topic.split() if w not in shorthand)
