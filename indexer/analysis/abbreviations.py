"""Abbreviations ↔ long forms (MTTQ ↔ Mặt trận Tổ quốc), from ``data/abbreviations.tsv``.

Used at query time only: a query naming either form also searches the other, so the index
does not depend on this list and it can grow without re-indexing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.analysis.codes import read_table
from indexer.analysis.tokens import analyze
from indexer.extraction.vietnamese.normalize import fold_accents
from indexer.extraction.vietnamese.syllables import is_valid_syllable


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, list[tuple[str, ...]]], dict[tuple[str, ...], str], frozenset[str]]:
    """short (folded) → long forms as folded syllable tuples; folded long tuple → short; and the
    short forms that are also Vietnamese syllables when folded (TU/tư, ĐU/dự, HU/hư)."""
    to_long: dict[str, list[tuple[str, ...]]] = {}
    to_short: dict[tuple[str, ...], str] = {}
    word_like: set[str] = set()
    for short, longs in read_table("abbreviations.tsv"):
        key = " ".join(fold_accents(t) for t in analyze(short).unigrams)
        if " " not in key and is_valid_syllable(key):
            word_like.add(key)
        for long in longs:
            syllables = tuple(fold_accents(t) for t in analyze(long).unigrams)
            to_long.setdefault(key, []).append(syllables)
            to_short[syllables] = short
    return to_long, to_short, frozenset(word_like)


@lru_cache(maxsize=1)
def _longest_long_form() -> int:
    """Syllables in the table's longest long form: how far a run of syllables is read for one."""
    return max((len(k) for k in _table()[1]), default=0)


def _typed_as_abbreviation(text: str, word: str, word_like: frozenset[str]) -> bool:
    """An abbreviation that folds to a Vietnamese syllable counts only when typed in capitals:
    "TU" is Tỉnh ủy, "tu"/"tư" are words."""
    if fold_accents(word) not in word_like:
        return True
    return any(fold_accents(token) == fold_accents(word).upper() for token in re.findall(r"[^\W_]+", text))


def long_forms(abbreviation: str) -> list[str]:
    """The long forms of one abbreviation as written in the table ("ATGT" → ["an toàn giao
    thông"], "UBND" → ["Ủy ban nhân dân"]); [] when it is not in the table."""
    key = fold_accents(abbreviation).lower()
    return next((longs for short, longs in read_table("abbreviations.tsv") if fold_accents(short).lower() == key), [])


def expansions(text: str) -> list[str]:
    """Other ways of writing what ``text`` names: long forms of its abbreviations and
    abbreviations of its long forms. Each item is a phrase to be analysed like a query."""
    to_long, to_short, word_like = _table()
    words = [fold_accents(w) for w in analyze(text).unigrams]
    out: list[str] = []
    for i, word in enumerate(words):
        for n in (3, 2):  # "kt xh", "gd dt": abbreviations written with separators
            key = " ".join(words[i:i + n])
            if len(words) >= i + n and key in to_long:
                out.extend(" ".join(long) for long in to_long[key])
        if word in to_long and _typed_as_abbreviation(text, word, word_like):
            out.extend(" ".join(long) for long in to_long[word])
    for i in range(len(words)):
        for n in range(_longest_long_form(), 1, -1):
            phrase = tuple(words[i:i + n])
            if len(phrase) == n and phrase in to_short:
                out.append(to_short[phrase])
    seen: set[str] = set()
    return [p for p in out if not (p in seen or seen.add(p))]


def abbreviations_written(syllables: list[str]) -> set[str]:
    """The abbreviations (folded, lower case) whose long forms run in ``syllables`` (folded, in
    order): ["chi", "tra", "an", "sinh", "xa", "hoi"] → {"asxh"}."""
    _, to_short, _ = _table()
    found = set()
    for i in range(len(syllables) - 1):
        for n in range(2, min(_longest_long_form(), len(syllables) - i) + 1):
            if short := to_short.get(tuple(syllables[i:i + n])):
                found.add(fold_accents(short).lower())
    return found


def abbreviated(text: str) -> list[str]:
    """``text`` with a long form it holds written as its abbreviation, one variant per long form
    found: "thuế giá trị gia tăng" → ["thuế GTGT"], since documents write either."""
    _, to_short, _ = _table()
    words = re.findall(r"[^\W_]+", text)
    keys = [fold_accents(w).lower() for w in words]
    out = []
    for long, short in to_short.items():
        for i in range(len(words) - len(long) + 1):
            if tuple(keys[i:i + len(long)]) == long:
                out.append(" ".join([*words[:i], short, *words[i + len(long):]]))
    return out
