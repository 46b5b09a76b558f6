"""The name a question asks for, read where the question's own words stand around it in a sentence.

A question is mostly a sentence of its source with the name taken out: "… UBND tỉnh Lâm Đồng (cũ)
giao cơ quan nào xác minh?" asks of "… giao Sở Tài nguyên và Môi trường (nay là …) xác minh …";
"… do ai thực hiện?" of "… do Hội đồng sơ tuyển của cơ quan thực hiện …". The words just before the
asking phrase and just after it frame the slot; a sentence that writes the same frame holds the name
between. This reads no grammar of the action, so it also serves actions no rule lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.answers.passages import folded
from api.answers.questions import ASKER

FRAME_WORDS = 3        # of the question's words on each side of the asking phrase
AFTER_MATCHED = 2      # of the words after it, the first ones the sentence must write right after the name
MAX_NAME_WORDS = 14
RESUMED_WORDS = 3      # the fewest words left in a clause where the question's own words resuming end a name
# written between a name and what it does, in the question or the sentence: "sở nào phải tiếp tục …",
# "Công an tỉnh đã tham mưu …"
_AUXILIARY = {"đã", "sẽ", "đang", "phải", "cần", "được", "vẫn", "cũng", "là"}
_AUXILIARY_PLAIN = {folded(w) for w in _AUXILIARY}  # typed without accents ("da" in "Đà Lạt" is none)
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_CLAUSE_END = {".", ";", ":", "?", "!", "\n"}
_DROPPED = set("()[]\"“”'‘’")
# the kinds of body an asking phrase names, which the name then opens with ("sở nào" → "Sở Tài chính")
_KINDS = {kind: kind for kind in ("so", "bo", "cuc", "vu", "chi cuc", "trung tam", "vien", "phong", "tap chi")} | {"to bao": "bao"}


@dataclass(frozen=True)
class Frame:
    before: tuple[str, ...]  # folded words just before the asking phrase, within its clause
    after: tuple[str, ...]   # folded words just after it, its auxiliaries skipped
    kind: str | None         # "so" for "sở nào"
    asked: frozenset[str] = frozenset()  # every folded word of the question


@dataclass(frozen=True)
class SlotFound:
    name: str
    anchored: int  # how many of the frame's words the sentence writes around the name
    framed: bool   # the sentence writes the words the question writes after the slot, if it writes any
    led: bool      # the sentence writes words the question writes before the slot


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Folded words and the punctuation that ends a clause, with their offsets (brackets and quotes dropped)."""
    return [(folded(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text) if m.group(0) not in _DROPPED]


def _auxiliary(written: str) -> bool:
    lower = written.lower()
    return lower in _AUXILIARY or (lower in _AUXILIARY_PLAIN and folded(lower) == lower)


def frame(question: str) -> Frame | None:
    """The words around the question's asking phrase ("ai", "cơ quan nào", "sở nào" …), or None when it has none."""
    tokens = _tokens(question)
    key = " ".join(t for t, _, _ in tokens)
    asker = ASKER.search(key)
    if asker is None:
        return None
    first = key[:asker.start()].count(" ")
    last = first + asker.group(0).count(" ") + 1
    before = []
    for word, _, _ in reversed(tokens[:first]):
        if word in _CLAUSE_END or word == "," or len(before) == FRAME_WORDS:
            break
        before.insert(0, word)
    after = []
    for word, start, end in tokens[last:]:
        if word in _CLAUSE_END or word == "," or len(after) == FRAME_WORDS:
            break
        if after or not _auxiliary(question[start:end]):
            after.append(word)
    kind = asker.group(0).rsplit(" ", 1)[0] if asker.group(0).endswith(" nao") else None
    if not before and not after:
        return None
    return Frame(tuple(before), tuple(after), _KINDS.get(kind), frozenset(t for t, _, _ in tokens))


def _ends_with(words: list[str], end: int, wanted: tuple[str, ...]) -> int:
    """How many of ``wanted``'s last words ``words`` writes ending at ``end``."""
    n = 0
    while n < len(wanted) and end - n - 1 >= 0 and words[end - n - 1] == wanted[len(wanted) - n - 1]:
        n += 1
    return n


def _before_auxiliary(tokens: list[tuple[str, int, int]], sentence: str, start: int, end: int) -> int:
    """Where a name read from ``start`` to ``end`` stops: before the first auxiliary after its first word
    ("Sở Tài nguyên và Môi trường | đã triển khai xác minh")."""
    return next((j for j in range(start + 1, end) if _auxiliary(sentence[tokens[j][1]:tokens[j][2]])), end)


def read(found_frame: Frame, sentence: str) -> SlotFound | None:
    """The name the sentence writes where the frame's slot is, with how many frame words anchor it."""
    tokens = _tokens(sentence)
    words = [t for t, _, _ in tokens]
    capitals = [sentence[s].isupper() for _, s, _ in tokens]
    after = found_frame.after[:AFTER_MATCHED]
    spans = []  # (start, end, anchoring words, framed, led)
    for start in range(1, len(words)):
        if not found_frame.before or not (before_n := _ends_with(words, start, found_frame.before)):
            continue
        ends = [j for j in range(start + 1, min(len(words), start + MAX_NAME_WORDS + 3))
                if after and tuple(words[j:j + len(after)]) == after]
        if ends:
            spans.append((start, ends[0], before_n + len(after), True, True))
        elif (j := _name_end(tokens, sentence, capitals, start, found_frame.asked)) > start:
            spans.append((start, j, before_n, not after, True))
    if after:
        for j in range(1, len(words)):
            if tuple(words[j:j + len(after)]) == after and (start := _clause_start(words, j, found_frame.kind)) is not None:
                spans.append((start, j, len(after), True, False))
    best: SlotFound | None = None
    for start, end, anchored, framed, led in spans:
        stop = _before_auxiliary(tokens, sentence, start, end)
        if not 0 < stop - start <= MAX_NAME_WORDS or any(w in _CLAUSE_END for w in words[start:stop]):
            continue
        if found_frame.kind and " ".join(words[start:start + len(found_frame.kind.split())]) != found_frame.kind:
            continue
        name = sentence[tokens[start][1]:tokens[stop - 1][2]].split("(")[0].strip(" ,-–")
        if name and (best is None or anchored > best.anchored):
            best = SlotFound(name, anchored, framed, led)
    return best


def _name_end(tokens: list[tuple[str, int, int]], sentence: str, capitals: list[bool], start: int,
              asked: frozenset[str]) -> int:
    """Where a name that opens at ``start`` stops when the question writes nothing after it: at the
    clause's end or a bracket, or where the question's own words resume ("… với Bộ Thương mại | tình
    hình thực hiện các tỷ lệ …") at a word no capital leads to; a clause's last words stay in the name
    ("Sở Lao động – Thương binh và Xã hội", "Tổng cục trưởng Tổng cục thuế")."""
    words = [t for t, _, _ in tokens]
    end = start
    while end < len(words) and words[end] not in _CLAUSE_END and words[end] != "," and (
            end == start or not re.search(r"[()]", sentence[tokens[end - 1][2]:tokens[end][1]])):
        end += 1
    for j in range(start + 1, end - RESUMED_WORDS + 1):
        if not capitals[j] and not capitals[j - 1] and words[j] in asked:
            end = j
            break
    return end if end - start <= MAX_NAME_WORDS else start


def _clause_start(words: list[str], end: int, kind: str | None) -> int | None:
    """The first word of the clause that ends at ``end`` (its list mark aside), or of the last body of
    ``kind`` in it."""
    i = end
    while i > 0 and words[i - 1] not in _CLAUSE_END and words[i - 1] != "," and end - i <= MAX_NAME_WORDS:
        i -= 1
    while i < end and (words[i] in {"-", "+", "–"} or words[i].isdigit() or len(words[i]) == 1):
        i += 1  # a list's mark: "-", "2.", "a)" (its bracket dropped)
    if kind:
        kind_words = kind.split()
        at = [k for k in range(i, end) if words[k:k + len(kind_words)] == kind_words]
        return at[-1] if at else None
    opened = i == 0 or words[i - 1] in _CLAUSE_END or words[i - 1] == ","
    return i if i < end and opened else None  # (a clause longer than a name does not open with it)
