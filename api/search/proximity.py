"""Phrase proximity: how much of the query's word order a chunk holds, to rerank BM25's top.

BM25 scores terms one by one and divides by the chunk's length, so a short chunk holding most
of a pasted sentence's words beats the long chunk that holds the sentence itself (a charter
clause with "Liên đoàn" where the query says "Hiệp hội"; a heading that repeats "sửa đổi, bổ
sung" three times). The bigram terms help but saturate like any term. Here a candidate's
coverage is the share of the query's adjacent-syllable pairs (bigrams, accent-folded; a pair
never crosses punctuation, as in the analyzer) that occur as pairs in the chunk's text; the
chunk's BM25 score is multiplied by (1 + weight · coverage ** power) for the top ``depth``
candidates. A verbatim source scores coverage 1; a copy with one word changed loses the two
pairs around it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from indexer.extraction.vietnamese.normalize import fold_for_matching

# Runs of words separated only by spaces or tabs: a pair never joins words across punctuation.
_RUN = re.compile(r"[^\W_]+(?:[ \t]+[^\W_]+)*")


def phrase_pairs(text: str) -> set[tuple[str, str]]:
    """The accent-folded, lower-case adjacent-syllable pairs of ``text``."""
    pairs: set[tuple[str, str]] = set()
    for run in _RUN.findall(fold_for_matching(text)):  # folding also undoes tone placement
        words = run.split()
        pairs.update(zip(words, words[1:]))
    return pairs


def coverage(wanted: set[tuple[str, str]], text: str) -> float:
    """The share of ``wanted`` pairs that ``text`` holds (0 when nothing is wanted)."""
    if not wanted:
        return 0.0
    return len(wanted & phrase_pairs(text)) / len(wanted)


def rerank(ranking: list[tuple[int, float]], texts: Mapping[int, str], query: str, weight: float,
           power: float = 1.0) -> list[tuple[int, float]]:
    """``ranking`` with the scores of the chunks in ``texts`` boosted by their coverage of the
    query's pairs, best first. A query of one word (no pair) leaves the ranking as it is."""
    wanted = phrase_pairs(query)
    if not wanted or weight <= 0:
        return ranking
    boosted = [(item, score * (1 + weight * coverage(wanted, texts[item]) ** power) if item in texts else score)
               for item, score in ranking]
    return sorted(boosted, key=lambda pair: (-pair[1], pair[0]))
