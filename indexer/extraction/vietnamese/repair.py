"""Turn loader output into clean Unicode Vietnamese.

Decoding happens per run when the loader knows the font (".VnTime" → TCVN3, "VNI-Times" →
VNI), and otherwise per line, by asking which reading yields real Vietnamese syllables. A
document may mix both: seed 000 has one TCVN3 line inside Unicode text.
"""

from __future__ import annotations

import re
import unicodedata

from indexer.extraction.vietnamese.legacy import decode_tcvn3, decode_vni, font_encoding, has_unicode_vietnamese, tcvn3_signal
from indexer.extraction.vietnamese.syllables import is_valid_syllable

_TOKEN = re.compile(r"[^\W\d_]+|\s+|.", re.S)
_LETTERS = re.compile(r"[^\W\d_]+")
_WORDS = re.compile(r"\S+")
_HORN_O = re.compile(r"(?<![ưƯ])([ơờởỡớợƠỜỞỠỚỢ])")
# Lowercase onsets that stand alone only when their "ư" was lost ("th" → "thư", "nh" → "như");
# single letters are left alone, they are usually list markers ("B", "c)").
_BARE_ONSET = {"th", "nh", "tr", "ch", "kh", "ng", "ph"}
_DECODERS = {"tcvn3": decode_tcvn3, "vni": decode_vni}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def decode_run(text: str, font: str | None) -> tuple[str, str | None]:
    """Decode one run by its font; returns (text, encoding or None when the font is Unicode).

    A run in a legacy font that already holds Unicode letters was partly retyped ("M¸y mãc
    thiết bÞ"): only its words that are not Unicode and read better decoded are converted.
    """
    encoding = font_encoding(font)
    if encoding is None:
        return text, None
    decoder = _DECODERS[encoding]
    if not has_unicode_vietnamese(text):
        return decoder(text), encoding
    return _WORDS.sub(lambda m: _decode_word(m.group(0), decoder), text), encoding



def _decode_word(word: str, decoder) -> str:
    if has_unicode_vietnamese(word):
        return word
    decoded = decoder(word)
    if decoded == word:
        return word
    originally_valid = all(is_valid_syllable(t) for t in _LETTERS.findall(word))
    if tcvn3_signal(word) or (not originally_valid and all(is_valid_syllable(t) for t in _LETTERS.findall(decoded))):
        return decoded
    return word


def score_text(text: str) -> int:
    """Valid minus invalid syllables: higher means the text reads more like Vietnamese."""
    valid = invalid = 0
    for token in _LETTERS.findall(text):
        if is_valid_syllable(token):
            valid += 1
        elif len(token) > 1 or not token.isascii():
            invalid += 1
    return valid - invalid


def _glued_symbols(text: str) -> int:
    count = 0
    for i, ch in enumerate(text):
        if not ch.isalpha() and "\u00a1" <= ch <= "\u00fe" and ch not in "\u00ab\u00bb\u00b0\u00b7":
            before = i > 0 and text[i - 1].isalpha()
            after = i + 1 < len(text) and text[i + 1].isalpha()
            count += before or after
    return count


def detect_line_encoding(line: str) -> str | None:
    """The legacy encoding a Unicode-looking line is really in, or None.

    A reading must beat the line as it stands by a clear margin, so real Unicode text (which
    decodes into other but still valid syllables) is left alone.
    """
    if line.isascii() or not line.strip() or has_unicode_vietnamese(line):
        return None
    # Latin-1 symbols glued to letters ("B¸O", "®Þnh") are not how Unicode text looks.
    original = score_text(line) - 2 * _glued_symbols(line)
    best, best_score = None, original
    for name, decoder in _DECODERS.items():
        if name == "tcvn3" and tcvn3_signal(line) == 0:
            continue
        decoded = decoder(line)
        if decoded == line:
            continue
        score = score_text(decoded)
        if score > best_score:
            best, best_score = name, score
    margin = max(2, (len(line.split()) + 9) // 10)
    if best is not None and best_score - original >= margin:
        return best
    if best is not None and best_score - original >= 1 and len(line.split()) <= 3:
        return best
    return None


# Vowel-initial syllables that are everyday words on their own; any other vowel-initial
# syllable after a word it can complete ("nghi ệp", "triệ u") is a split, not a word.
_STANDALONE_VOWEL_WORDS = set(
    """à á ạ ả ai ái am an anh ánh ảnh ao áo ảo áp ăn ăng ắt âm ấm ân ấn ấp âu ấy e em ép ê êm
    i ít ích in o ô ốc ôi ôm ông ổn ở ơi ơn u ủ úc ung uống uỷ ủy ưa ức ưng ưu ước ý yêu yên ổ ồ
    ủng ùn ý ỷ ưng ướt ương ươm""".split()
)


def _mergeable(left: str, right: str) -> str | None:
    """The syllable ``left`` + ``right`` make when a space split one word, else None."""
    for joined in (left + right, left[:-1] + right if left[-1:].lower() == right[:1].lower() else ""):
        if joined and is_valid_syllable(joined):
            return joined
    return None


def repair_legacy_syllables(text: str, encoding: str | None = "tcvn3") -> str:
    """Mend syllables damaged on the way out of a legacy file.

    Damage seen in real files: the TCVN3 soft hyphen 0xAD ("ư") stripped as an invisible
    character ("Dơng" for "Dương", "th" for "thư"); a syllable split by a space where a PDF
    drew one glyph from another font ("tư ớng", "triệ u", "trư ưởng"); and capitals typed
    with lowercase toned letters. Valid words are left alone, and the "ư" restoration is only
    done in TCVN3 text, the one encoding where "ư" is a soft hyphen.
    """
    pieces = _TOKEN.findall(text)
    out: list[str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        i += 1
        if not piece[:1].isalpha():
            out.append(piece)
            continue
        valid = is_valid_syllable(piece)
        has_left = len(out) >= 2 and out[-1] == " " and out[-2][:1].isalpha()
        if has_left and (not valid or not is_valid_syllable(out[-2]) or _split_vowel_tail(piece)):
            joined = _mergeable(out[-2], piece)
            if joined:
                out[-2:] = [joined]
                continue
        if not valid and i + 1 < len(pieces) and pieces[i] == " " and pieces[i + 1][:1].isalpha():
            joined = _mergeable(piece, pieces[i + 1])
            if joined:
                out.append(joined)
                i += 2
                continue
        out.append(piece if valid or encoding != "tcvn3" else _restore_u_horn(piece))
    text = "".join(out)
    return restore_capitals(text) if encoding == "tcvn3" else text


def _split_vowel_tail(token: str) -> bool:
    return token[:1].lower() in "aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ" and token.lower() not in _STANDALONE_VOWEL_WORDS


def restore_capitals(text: str) -> str:
    """Uppercase TCVN3 words whose toned letters came out lowercase ("KÕ HO¹CH" → "KẾ HOẠCH").

    The basic TCVN3 font has no capital toned letters; capitals were typed with lowercase
    codes. A word whose other letters are capitals, or a short word between capital words,
    is meant in capitals throughout.
    """
    tokens = _TOKEN.findall(text)
    words = [i for i, t in enumerate(tokens) if t[:1].isalpha()]

    def is_caps(t: str) -> bool:
        # A capitalised Vietnamese word, not an acronym like UBND: it has a non-ASCII letter.
        return sum(ch.isupper() for ch in t) >= 2 and not any(ch.islower() for ch in t) and not t.isascii()

    for i in words:
        token = tokens[i]
        lowers = [ch for ch in token if ch.islower()]
        if lowers and sum(ch.isupper() for ch in token) >= 2 and all(not ch.isascii() for ch in lowers):
            tokens[i] = token.upper()
    for position, i in enumerate(words):
        token = tokens[i]
        lowers = [ch for ch in token if ch.islower()]
        if lowers and token[0].isupper() and sum(ch.isupper() for ch in token) == 1 and all(not ch.isascii() for ch in lowers):
            neighbours = [tokens[words[j]] for j in (position - 1, position + 1) if 0 <= j < len(words)]
            if neighbours and all(is_caps(n) for n in neighbours):
                tokens[i] = token.upper()
    return "".join(tokens)


def _restore_u_horn(token: str) -> str:
    candidate = _HORN_O.sub(lambda m: ("Ư" if token.isupper() else "ư") + m.group(1), token, count=1)
    if candidate != token and is_valid_syllable(candidate):
        return candidate
    if token in _BARE_ONSET:
        candidate = token + "ư"
        if is_valid_syllable(candidate):
            return candidate
    return token


def repair_line(line: str) -> tuple[str, str | None]:
    """Detect and convert a legacy-encoded line; returns (text, encoding or None)."""
    encoding = detect_line_encoding(line)
    if encoding is None:
        return line, None
    decoded = _DECODERS[encoding](line)
    if encoding == "tcvn3":
        decoded = repair_legacy_syllables(decoded)
    return decoded, encoding


def repair_text(text: str) -> tuple[str, list[str]]:
    """Repair a whole plain text line by line; returns (NFC text, encodings found)."""
    found: list[str] = []
    lines = []
    for line in nfc(text).split("\n"):
        fixed, encoding = repair_line(line)
        if encoding and encoding not in found:
            found.append(encoding)
        lines.append(fixed)
    return nfc("\n".join(lines)), found
