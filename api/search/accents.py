"""Accents put back on a query typed without them ("nam 2026 lam dong xay dung moi bao nhieu xa
phuong khong ma tuy"), as the archive writes its words, for the dense retriever: e5 embeds "ma tuy"
far from "ma túy", while BM25 matches either on its folded field.

BM25 finds the passages that hold the words whatever their accents; each syllable then takes the
accented form those passages give it beside its neighbours ("xa phuong" → "xã, phường", not the "xa"
of "xa xôi"). A syllable no passage holds in that company keeps the form typed (an abbreviation,
"hhdn"); the asking words ("bao nhieu", "nao"), which passages seldom hold, have fixed forms.
"""

from __future__ import annotations

import re
from collections import Counter

from indexer.analysis import has_accents
from indexer.extraction.vietnamese.normalize import fold_for_matching

CONTEXT_CHUNKS = 30  # the passages read for the accented forms: the query's best BM25 chunks
SINGLE_MIN = 2
_WORD = re.compile(r"[^\W_]+")


def restore_accents(text: str, passages: list[str]) -> str:
    """``text`` with each syllable accented as ``passages`` (found for it on the folded field) write
    it beside the syllables around it; ``text`` itself when it has accents already."""
    if has_accents(text) or not passages:
        return text
    pairs: dict[str, Counter[str]] = {}   # folded pair → its accented forms, lower case
    singles: dict[str, Counter[str]] = {}
    for passage in passages:
        written = [w.lower() for w in _WORD.findall(passage)]
        keys = [fold_for_matching(w) for w in written]
        for key, form in zip(keys, written):
            singles.setdefault(key, Counter())[form] += 1
        for i in range(len(keys) - 1):
            pairs.setdefault(f"{keys[i]} {keys[i + 1]}", Counter())[f"{written[i]} {written[i + 1]}"] += 1
    words = list(_WORD.finditer(text))
    keys = [fold_for_matching(m.group(0)).lower() for m in words]
    asking = _asking_forms(keys)
    out, last = [], 0
    for i, match in enumerate(words):
        form = asking.get(i) or _voted(keys, i, pairs, singles)
        out.append(text[last:match.start()])
        out.append(_cased_like(form, match.group(0)) if form else match.group(0))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _voted(keys: list[str], i: int, pairs: dict[str, Counter[str]], singles: dict[str, Counter[str]]) -> str | None:
    """The accented form the passages give the i-th syllable in the pairs it makes with its
    neighbours; alone, a form they use more than once; None when they have none."""
    votes: Counter[str] = Counter()
    if i > 0:
        for form, count in pairs.get(f"{keys[i - 1]} {keys[i]}", {}).items():
            votes[form.split()[1]] += count
    if i + 1 < len(keys):
        for form, count in pairs.get(f"{keys[i]} {keys[i + 1]}", {}).items():
            votes[form.split()[0]] += count
    if not votes:
        votes = Counter({form: n for form, n in singles.get(keys[i], {}).items() if n >= SINGLE_MIN})
    return votes.most_common(1)[0][0] if votes else None


# The asking words, which the archive's passages seldom hold beside the question's others
# ("bao nhieu" would be read "bảo" + "nhiều" from "bảo đảm" and "nhiều năm").
_ASKING = ["bao nhiêu", "như thế nào", "thế nào", "là gì", "bao lâu", "bao giờ", "ở đâu", "khi nào", "vì sao",
           "tại sao", "ra sao", "những gì", "nào", "gì"]
_ASKING_KEYS = sorted(((fold_for_matching(p).split(), p.split()) for p in _ASKING), key=lambda kv: -len(kv[0]))


def _asking_forms(keys: list[str]) -> dict[int, str]:
    """Position → accented form of the syllables of the asking phrases among ``keys``."""
    forms: dict[int, str] = {}
    for i in range(len(keys)):
        for phrase, written in _ASKING_KEYS:
            if keys[i:i + len(phrase)] == phrase and not any(j in forms for j in range(i, i + len(phrase))):
                forms.update({i + k: w for k, w in enumerate(written)})
                break
    return forms


def _cased_like(word: str, typed: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word
