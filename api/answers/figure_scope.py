"""What a figure must belong to, beyond the question's words: the organ it names (and that
organ's place), the term of office, the row of a table, the noun it counts.

These are checks on a candidate figure's clause or cell (api/answers/figure_answers.py); each
answers one question of the form "is this figure of the thing asked about?"."""

from __future__ import annotations

import re

from api.answers.passages import find_phrases, folded

_SYLLABLE = re.compile(r"[^\W_]+")
PLACE_NAMED = re.compile(r"(?<!\w)(?i:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|xã|phường)\s+((?:[A-ZĐ][^\s,?.;:]*\s*){1,4})")


# "nhiệm kỳ V (2025 - 2030)" is not "Đại hội lần thứ IV" nor "nhiệm kỳ 2019-2025": a clause naming only
# other terms of office states another term's figure
_TERM = re.compile(r"\b(?:nhiệm kỳ|nhiem ky|khóa|khoá|khoa|lần thứ|lan thu|đại hội|dai hoi)\s+([IVXL]{1,5}|\d{1,2})(?![\w/])", re.I)
_TERM_SPAN = re.compile(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
OTHER_TERM_PENALTY = 2.0


def _term_number(written: str) -> int:
    if written.isdigit():
        return int(written)
    values = [_ROMAN[c] for c in written.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _terms(text: str) -> tuple[set[int], set[tuple[str, str]]]:
    return {_term_number(m.group(1)) for m in _TERM.finditer(text)}, set(_TERM_SPAN.findall(text))


def other_term(question: str, text: str) -> bool:
    """The question names a term (its number or its years) and the text names terms, none of them it."""
    numbers, spans = _terms(question)
    written_numbers, written_spans = _terms(text)
    return bool(numbers and written_numbers and not numbers & written_numbers) or \
        bool(spans and written_spans and not spans & written_spans)


# "cấp huyện, thị xã … là 1096 văn bản" is not "744 văn bản của cấp tỉnh": a clause naming only other
# levels of government states another level's figure
_LEVEL = re.compile(r"\bcap\s+(tinh|huyen|xa|trung uong|co so)\b")


def other_level(question: str, clause: str) -> bool:
    """The question names a level of government and the clause names levels, none of them it."""
    asked = set(_LEVEL.findall(folded(question)))
    written = set(_LEVEL.findall(folded(clause)))
    return bool(asked and written and not asked & written)


_NUMBER_TOKEN = re.compile(r"(?<![\w,.])\d[\d.,]*%?(?![\w])")
ROW_NUMBERS = 3  # numbers standing apart in a clause of a table's row, few words around them


def row_like(clause: str) -> bool:
    """A table's row as a text layer gives it ("15 Sở Ngoại vụ 6,50 6,50 3,25 50,00%"): more numbers
    than a sentence holds, against its words."""
    numbers = len(_NUMBER_TOKEN.findall(clause))
    return numbers >= ROW_NUMBERS and numbers * 3 >= len(_SYLLABLE.findall(clause)) - numbers


_ORGAN = re.compile(r"(?<![\w/])(?:(?:Sở|Ban|Phòng|Trung tâm|Văn phòng|Thanh tra|Công an|Bộ|Cục|Chi cục)\s+[A-ZĐ]\w*(?:\s+\w+)?"
                    # an organ named by its level alone: "Thanh tra tỉnh", "Công an tỉnh", "Văn phòng UBND tỉnh", "Thuế tỉnh"
                    r"|(?:Thanh tra|Công an|Văn phòng UBND|Văn phòng Ủy ban nhân dân|Thuế|Kho bạc Nhà nước|Bảo hiểm xã hội|"
                    r"Hải quan|T[oò]a án nhân dân|Viện kiểm sát nhân dân)\s+(?:tỉnh|huyện|thành phố|xã|phường)\b)")


def organ_named(text: str) -> str | None:
    """A state organ a figure question names ("của Sở Ngoại vụ", "Ban Quản lý các khu công
    nghiệp đạt …"): its kind and two words, enough to tell one sở from another."""
    found = _ORGAN.search(text)
    return found.group(0) if found else None


def owned_by(text: str, organ: str) -> bool:
    """The question asks for the organ's own figure ("Chỉ số … của Sở Ngoại vụ"), not for what it did."""
    return re.search(rf"\b(?:của|cua)\s+{re.escape(organ)}", text) is not None


# (not across a conjunction: "Công an Điện Biên với hai tỉnh Luông Pha Băng" is not in Luông Pha Băng)
_ORGAN_PLACE = re.compile(r"(?<![\w/])(?:Sở|Ban|Phòng|Trung tâm|Văn phòng|Thanh tra|Công an|Cục|Chi cục)\s+[A-ZĐ]\w*"
                          r"(?:\s+(?!(?:với|và|cùng|giữa|hoặc)\b)\w+){0,3}?"
                          r"\s+(?:tỉnh|thành phố|huyện|xã|phường)\s+(?P<place>[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*){0,3})")


def organ_place(text: str) -> str | None:
    """The place an organ is named with: "Sở Tài chính tỉnh Tây Ninh" → "Tây Ninh"."""
    found = _ORGAN_PLACE.search(text)
    return found.group("place") if found else None


def placed_elsewhere(place: str, evidence: str, info) -> bool:
    """The evidence does not name the place, and its document is another place's (by its unit or
    the place it is dated at)."""
    if find_phrases(evidence, [place]):
        return False
    own = " ".join(filter(None, [info.place, info.unit]))
    return bool(info.place or PLACE_NAMED.search(own)) and not find_phrases(own, [place])


_COUNTED = re.compile(r"\b(?:bao nhieu|may)\s+((?:[^\W\d_]+,?\s*){1,6})")


def named_by_count(question: str, row_name: str) -> bool:
    """"… được bao nhiêu cơ quan, đơn vị, địa phương hoàn toàn thống nhất?" counts cơ quan, đơn vị:
    a row whose only name is those words ("Cơ quan, đơn vị" in a unit column) is not the row asked for."""
    counted = {w for m in _COUNTED.finditer(folded(question)) for w in _SYLLABLE.findall(m.group(1))}
    named = _SYLLABLE.findall(folded(row_name))
    return bool(named) and set(named) <= counted
