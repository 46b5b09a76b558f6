"""The canonical form used for matching; the original spelling is kept for display.

Vietnamese has two accepted tone-mark placements ("hoà"/"hòa", "thuỷ"/"thủy", "Uỷ"/"Ủy") and
several quote styles. Matching must not depend on which one a typist used, so indexing and
querying both pass text through ``match_form``. Every function here keeps the text length
unchanged, so offsets into the canonical form are offsets into the original.
"""

from __future__ import annotations

import re
import unicodedata

from indexer.extraction.vietnamese.syllables import TONE_MARKS

_VOWELS = set("aăâeêioôơuưy")
_MARKED_VOWELS = set("ăâêôơư")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "`": "'", "´": "'"})
_SYLLABLE = re.compile(r"[^\W\d_]+")


def _tone_position(base: str) -> int | None:
    """Index in the toneless lowercase syllable ``base`` where the tone mark belongs."""
    start = 0
    if base.startswith("qu") and len(base) > 2:
        start = 2
    elif base.startswith("gi") and len(base) > 2 and base[2] in _VOWELS:
        start = 2
    first = next((i for i in range(start, len(base)) if base[i] in _VOWELS), None)
    if first is None:
        return None
    end = first
    while end < len(base) and base[end] in _VOWELS:
        end += 1
    cluster = range(first, end)
    marked = [i for i in cluster if base[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]
    if end < len(base):  # closed syllable: tone on the last vowel ("hoàng", "toán")
        return end - 1
    if len(cluster) == 1:
        return first
    if len(cluster) == 3:
        return first + 1
    pair = base[first:end]
    return first + 1 if pair in ("oa", "oe", "uy") else first


def _place_tone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    pos = _tone_position(bare.lower())
    if pos is None:
        return word
    placed = bare[:pos] + unicodedata.normalize("NFC", bare[pos] + tones[0]) + bare[pos + 1:]
    return placed if len(placed) == len(word) else word


# Syllables already placed: a language has a few thousand, and indexing meets each thousands of
# times (placing them one by one was 70% of the keyword index's build time).
_PLACED: dict[str, str] = {}
_PLACED_MAX = 200_000


# "qui định"/"quy định", "bác sĩ"/"bác sỹ", "tỉ lệ"/"tỷ lệ", "kì họp"/"kỳ họp": after qu, h, k, l, m, s
# or t, a syllable ending in the vowel i is also written with y (both spellings are in use; the
# archive has "qui" in 11 files, "sĩ" in 20 against "sỹ" in 41). Matching spells them all with y.
_I_TO_Y = str.maketrans("iìíỉĩịIÌÍỈĨỊ", "yỳýỷỹỵYỲÝỶỸỴ")
_I_SPELLED = re.compile(r"(?:qu|[hklmst])[iìíỉĩị]", re.IGNORECASE)
_FOLDED_I_SPELLED = re.compile(r"(?:qu|[hklmst])i\b")


def _y_spelling(word: str) -> str:
    if len(word) <= 3 and _I_SPELLED.fullmatch(word):
        return word[:-1] + word[-1].translate(_I_TO_Y)
    return word


def fold_for_matching(text: str) -> str:
    """Accents folded, lower case, a final i spelled y (``_y_spelling``): the form raw text is
    compared in with analysed terms, same length as NFC text ("Qui định" → "quy dinh")."""
    folded = fold_accents(text).lower()

    def spelled(match: re.Match[str]) -> str:
        at = match.start()
        return match.group(0) if at and folded[at - 1].isalnum() else match.group(0)[:-1] + "y"
    return _FOLDED_I_SPELLED.sub(spelled, folded)


def _fix(match: re.Match[str]) -> str:
    word = match.group(0)
    if word.isascii():
        return _y_spelling(word)
    placed = _PLACED.get(word)
    if placed is None:
        if len(_PLACED) >= _PLACED_MAX:
            _PLACED.clear()
        placed = _PLACED[word] = _y_spelling(_place_tone(word))
    return placed


def canonical_tones(text: str) -> str:
    """Place every tone mark by one rule (hòa, thủy, Ủy) and spell a final i after qu, h, k, l, m,
    s, t as y (quí → quý), keeping case and length."""
    return _SYLLABLE.sub(_fix, text)


def normalize_quotes(text: str) -> str:
    """Curly and typographic quotes → straight ones (same length)."""
    return text.translate(_QUOTES)


def match_form(text: str) -> str:
    """NFC, one tone placement, straight quotes. Doubled single quotes ('') become one ".

    Unlike the helpers above this may shorten the text; use it on queries and index terms,
    never to compute display offsets.
    """
    text = normalize_quotes(canonical_tones(unicodedata.normalize("NFC", text)))
    return text.replace("''", '"')


def _fold_slowly(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).replace("đ", "d").replace("Đ", "D")


# Every precomposed Latin letter with diacritics (U+00C0–U+024F, U+1E00–U+1EFF) → its base letter.
_FOLD_TABLE = {
    code: _fold_slowly(chr(code))
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]
    if len(_fold_slowly(chr(code))) == 1 and _fold_slowly(chr(code)) != chr(code)
}
_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold_accents(text: str) -> str:
    """Strip all diacritics (đ → d) for accent-insensitive matching; same length for NFC input."""
    if _COMBINING.search(text):  # not NFC: decompose the slow way
        return _fold_slowly(text)
    return text.translate(_FOLD_TABLE)
