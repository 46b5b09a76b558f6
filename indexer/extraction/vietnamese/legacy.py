"""Pre-Unicode Vietnamese encodings: TCVN3 (ABC, ".VnTime" fonts) and VNI-Windows.

Files typed in these fonts store Latin-1/cp1252 characters that only look Vietnamese when
the legacy font is applied. Loaders hand us those characters as Unicode (e.g. "¸" for the
TCVN3 byte 0xB8 = "á"); the tables here map them back.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 byte → Unicode letter. Bytes below 0xA1 are ASCII-compatible.
_TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}

# PDF producers name some TCVN3 glyphs after the Latin-1 character in that slot and map them
# to a look-alike: the soft hyphen 0xAD (ư) comes out as a minus sign, 0xB7 (ã) as a bullet.
_TCVN3_GLYPH_ALIASES = {"\u2212": "ư", "\u2219": "ã"}

TCVN3_TABLE: dict[str, str] = {bytes([b]).decode("latin-1"): u for b, u in _TCVN3_BYTES.items()}
TCVN3_TABLE.update(_TCVN3_GLYPH_ALIASES)
_TCVN3_TRANS = str.maketrans(TCVN3_TABLE)
# Characters that only a TCVN3 text would contain (Latin-1 symbols, not Vietnamese letters).
_TCVN3_SIGNAL = set("¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾ÆÇÈÉËÌÎÏÐÑÒÓÔÖ×ØÜÝÞßåæçëîïñöøûüþ")

# VNI-Windows: a base letter followed by one or two modifier characters.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX_TONES = {"á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE_TONES = {"é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_I_LETTERS = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}


def _build_vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(seq: str, letter: str) -> None:
        for variant in {seq, seq[0] + seq[1:].upper(), seq.upper(), seq[0].upper() + seq[1:]}:
            upper = variant[0].isupper()
            table[variant] = letter.upper() if upper else letter

    for base in "aeouy":
        for mod, tone in _VNI_TONES.items():
            add(base + mod, unicodedata.normalize("NFC", base + tone))
    add("yî", "ỵ")
    # Some converters spell i-with-tone as "i" + tone modifier like the other vowels.
    for mod, tone in _VNI_TONES.items():
        add("i" + mod, unicodedata.normalize("NFC", "i" + tone))
    for base in "aeo":
        add(base + "â", unicodedata.normalize("NFC", base + "\u0302"))
        for mod, tone in _VNI_CIRCUMFLEX_TONES.items():
            add(base + mod, unicodedata.normalize("NFC", base + "\u0302" + tone))
    add("aê", "ă")
    for mod, tone in _VNI_BREVE_TONES.items():
        add("a" + mod, unicodedata.normalize("NFC", "a\u0306" + tone))
    for horn_char, letter in (("ô", "ơ"), ("ö", "ư")):
        for mod, tone in _VNI_TONES.items():
            add(horn_char + mod, unicodedata.normalize("NFC", letter + tone))
    return table


VNI_SEQUENCES = _build_vni_table()
_VNI_SINGLE = {"ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ", "î": "ỵ", "Î": "Ỵ"}
_VNI_SINGLE.update(_VNI_I_LETTERS)
_VNI_SINGLE.update({k.upper(): v.upper() for k, v in _VNI_I_LETTERS.items()})
_VNI_PATTERN = re.compile(
    "|".join(re.escape(s) for s in sorted(VNI_SEQUENCES, key=len, reverse=True))
    + "|[" + re.escape("".join(_VNI_SINGLE)) + "]"
)


def decode_tcvn3(text: str) -> str:
    return text.translate(_TCVN3_TRANS)


def decode_vni(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        s = m.group(0)
        return VNI_SEQUENCES.get(s) or _VNI_SINGLE[s]

    return _VNI_PATTERN.sub(repl, text)


def tcvn3_signal(text: str) -> int:
    """How many characters of ``text`` only make sense as TCVN3 bytes."""
    return sum(1 for ch in text if ch in _TCVN3_SIGNAL or ch in _TCVN3_GLYPH_ALIASES)


def vni_signal(text: str) -> int:
    """How many VNI letter sequences (base letter + modifier) ``text`` contains."""
    return sum(1 for _ in _VNI_PATTERN.finditer(text)) if text else 0


def is_unicode_vietnamese_letter(ch: str) -> bool:
    """Letters that exist only in Unicode Vietnamese, never in 8-bit legacy text (ư, đ, ệ…)."""
    code = ord(ch)
    return 0x0102 <= code <= 0x01B0 or 0x1EA0 <= code <= 0x1EF9


def has_unicode_vietnamese(text: str) -> bool:
    return any(is_unicode_vietnamese_letter(ch) for ch in text)


def font_encoding(font: str | None) -> str | None:
    """Which legacy encoding a font name implies: 'tcvn3', 'vni' or None (Unicode)."""
    if not font:
        return None
    name = font.split("+", 1)[-1].strip().lower()  # PDF subset prefix "ABCDEF+VnTime"
    if name.startswith((".vn", "vn")) and not name.startswith("vni"):
        return "tcvn3"
    if name.startswith("vni"):
        return "vni"
    return None


_TCVN3_ENCODE = {u: bytes([b]).decode("latin-1") for b, u in _TCVN3_BYTES.items()}


def encode_tcvn3(text: str) -> str:
    """Unicode → the characters a TCVN3 file would hold (for tests and fixtures).

    Capital toned letters have no TCVN3 code; like typists did, they get the lowercase one.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
        elif ch.lower() in _TCVN3_ENCODE and ch.lower() != ch:
            out.append(_TCVN3_ENCODE[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)
