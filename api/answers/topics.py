"""Finding where a question's subject occurs: by its name, else by its words, else by meaning.

``locate`` returns, per document, the spans that mention the subject and how they matched, so
the answerers never list a unit on a vague similarity: a named campaign must occur as a phrase;
an unnamed topic must have all its content words in one sentence, or be a strong dense match
that also shares most of those words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from api.answers.evidence import chunks_containing, words_in_one_sentence
from api.answers.passages import folded, sentences
from api.search import Filters, SearchRequest, Searcher
from indexer.store.lexical import FOLDED

_SYLLABLE = re.compile(r"[^\W_]+")
# Function syllables that carry no topic (folded).
STOP = set("""cua va cac nhung trong cho voi ve duoc la co da nay do mot de theo tai tu tren duoi khi thi ma
nhu nen vi neu hay hoac cung deu se dang con rat qua bang sau truoc giua ra vao len lai nhieu it moi""".split())
SEMANTIC_WORD_SHARE = 0.6
SEMANTIC_CANDIDATES = 30
TOPIC_PHRASE_SYLLABLES = 6  # an unnamed topic this short is first tried as a phrase


def content_words(text: str) -> list[str]:
    return [w for w in dict.fromkeys(_SYLLABLE.findall(folded(text))) if w not in STOP and not w.isdigit()]


@dataclass
class Located:
    mentions: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # chunk id → spans in document
    match: str = "phrase"


def locate(searcher: Searcher, phrases: list[str], topic: str, filters: Filters, doc_ids: list[int] | None) -> Located:
    reader = searcher.reader
    if phrases:
        return Located(chunks_containing(reader, phrases, doc_ids), "phrase")
    words = content_words(topic)
    if not words:
        return Located({}, "phrase")
    if len(_SYLLABLE.findall(topic)) <= TOPIC_PHRASE_SYLLABLES:
        found = chunks_containing(reader, [topic], doc_ids)
        if found:
            return Located(found, "phrase")
    candidates = reader.lexical.containing([(FOLDED, w) for w in words], 20_000, doc_ids)
    located = Located({}, "words")
    for chunk_id, chunk in (reader.chunks(candidates) if candidates else {}).items():
        hits = words_in_one_sentence(chunk.text, 0, len(chunk.text), words)
        if hits:
            located.mentions[chunk_id] = [(chunk.start + s, chunk.start + e) for s, e in hits]
    if located.mentions:
        return located
    return _semantic(searcher, topic, words, filters)


def _semantic(searcher: Searcher, topic: str, words: list[str], filters: Filters) -> Located:
    """Dense matches that also share most content words; the passage is the best sentence."""
    located = Located({}, "semantic")
    if searcher.reader.counts()["embedded"] == 0:
        return located
    response = searcher.search(SearchRequest(query=topic, mode="hybrid", k=SEMANTIC_CANDIDATES, filters=filters))
    for result in response.results:
        best, share = None, 0.0
        for s, e in sentences(result.text, 0, len(result.text)):
            present = set(_SYLLABLE.findall(folded(result.text[s:e])))
            fraction = sum(w in present for w in words) / len(words)
            if fraction > share:
                best, share = (s, e), fraction
        if best and share >= SEMANTIC_WORD_SHARE:
            located.mentions[result.chunk_id] = [(result.char_start + best[0], result.char_start + best[1])]
    return located
