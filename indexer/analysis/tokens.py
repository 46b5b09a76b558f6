"""Vietnamese text → index terms: syllables, adjacent-syllable bigrams, document codes.

Text is first put in the matching form (NFC, one tone placement, straight quotes) and
lowercased. Every letter run is a syllable, single letters included ("ở", "à" are words).
Bigrams ("vì_người") stand in for word segmentation: Vietnamese words are mostly two
syllables, and a bigram never crosses punctuation. Every term exists twice: with accents
(field ``exact``) and folded (field ``folded``), so unaccented queries still match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.analysis.codes import code_terms
from indexer.extraction.vietnamese.normalize import fold_accents, match_form

BIGRAM_JOINER = "_"
_WORD = re.compile(r"[^\W_]+")
_JOINING_GAP = re.compile(r"[ \t]+")  # bigrams join syllables separated only by spaces
_DIACRITIC_FREE = re.compile(r"[\x00-\x7f]*")


@dataclass
class Terms:
    """The terms of one text, in order, for both fields."""

    unigrams: list[str] = field(default_factory=list)
    bigrams: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return self.unigrams + self.bigrams + self.codes

    def folded(self) -> "Terms":
        # one translate over all terms rather than one call each (terms never hold NUL)
        parts = [fold_accents("\0".join(terms)).split("\0") if terms else [] for terms in
                 (self.unigrams, self.bigrams, self.codes)]
        return Terms(*parts)


def analyze(text: str) -> Terms:
    """Terms of ``text`` in the accented (exact) form."""
    canonical = match_form(text)
    lowered = canonical.lower()
    terms = Terms()
    previous_end = -1
    previous: str | None = None
    for match in _WORD.finditer(lowered):
        word = match.group(0)
        terms.unigrams.append(word)
        if previous is not None and _JOINING_GAP.fullmatch(lowered[previous_end:match.start()]):
            terms.bigrams.append(previous + BIGRAM_JOINER + word)
        previous, previous_end = word, match.end()
    terms.codes = code_terms(canonical)
    return terms


def has_accents(text: str) -> bool:
    """True when the text carries any Vietnamese diacritic (then exact matches rank higher)."""
    return not _DIACRITIC_FREE.fullmatch(fold_accents(text)) or fold_accents(text) != text


def field_text(terms: list[str]) -> str:
    """Terms as one whitespace-separated string, the form the lexical engine indexes."""
    return " ".join(terms)
