"""Vietnamese syllable phonotactics: is a token a possible written syllable?

Used to decide between readings of damaged legacy text ("Dơng" is impossible, "Dương" is
fine), never to reject user text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)

_RHYMES = set(
    """
    a ai ao au ay an am ang anh ac ach ap at
    ăn ăm ăng ăc ăp ăt
    âu ây ân âm âng âc âp ât
    e eo en em eng ec ep et
    ê êu ên êm ênh êch êp êt
    i ia iu in im inh ich ip it iêu iên iêm iêng iêc iêp iêt
    o oi on om ong oc op ot ooc oong
    oa oai oao oay oan oam oang oanh oac oach oap oat
    oăn oăm oăng oăc oăt oe oeo oen oem oet
    ô ôi ôn ôm ông ôc ôp ôt
    ơ ơi ơn ơm ơp ơt
    u ua ui un um ung uc up ut
    uâ uân uâng uât uây uê uêch uênh uêt uy uya uyu uyn uynh uych uyt uyp uyên uyêt
    uơ uôi uôn uôm uông uôc uôt
    ư ưa ưi ưu ưn ưm ưng ưc ưt ươi ươu ươn ươm ương ươc ươp ươt
    y yêu yên yêm yêt
    """.split()
)
# After "gi" the i is part of the onset: "gì", "giữa", "giếng" (giêng) are all fine.
_GI_RHYMES = _RHYMES | {"", "êng", "êt", "ên", "êm", "êu", "êc", "êp"}
# After "qu" the u is the glide that other onsets write "o" before a, ă, e ("hoan", "quan"; "khoăn",
# "quăn"; "khoẻ", "quét") and "u" before â, ê, y, ơ, ô ("tuân", "quân"; "quốc").
_QU_RHYMES = {r[1:] for r in _RHYMES if r.startswith(("oa", "oă", "oe", "uâ", "uê", "uy", "uơ", "uô"))} | {
    "i", "y", "ynh", "yt", "yn", "yên", "yêt", "ych", "ên"}


def strip_tone(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))


def _tone_of(syllable: str) -> str | None:
    return next((ch for ch in unicodedata.normalize("NFD", syllable) if ch in TONE_MARKS), None)


def tone_count(syllable: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFD", syllable) if ch in TONE_MARKS)


@lru_cache(maxsize=65536)
def is_valid_syllable(token: str) -> bool:
    """True when ``token`` (any case, NFC) is a phonotactically possible Vietnamese syllable."""
    if not token or tone_count(token) > 1:
        return False
    base = strip_tone(token.lower())
    if base.endswith(("c", "ch", "p", "t")) and _tone_of(token) not in (None, "\u0301", "\u0323"):
        return False  # stop finals take only the sắc or nặng tone: "móc", never "mãc"
    for onset in _ONSETS:
        if base.startswith(onset):
            rest = base[len(onset):]
            if onset == "gi" and rest in _GI_RHYMES:
                return True
            if onset == "qu" and rest in _QU_RHYMES:
                return True
            if onset not in ("gi", "qu") and rest in _RHYMES:
                return True
    return base in _RHYMES


_WORD = re.compile(r"[^\W\d_]+")


def vietnamese_ratio(text: str) -> tuple[int, int]:
    """(valid syllables, alphabetic tokens) — a cheap measure of how Vietnamese a text reads."""
    tokens = _WORD.findall(text)
    return sum(1 for t in tokens if is_valid_syllable(t)), len(tokens)
