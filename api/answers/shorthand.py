"""A hurried question written out: the shorthand people type ("bn", "k", "VB nào", "T11/2025",
"BC ĐA 06") read as the words documents and the rest of the reading expect. Only forms that
cannot be anything else are rewritten; an abbreviation a document may itself write ("UBND",
"CCHC") is left to the abbreviation table, which searches both forms."""

from __future__ import annotations

import re

from indexer.analysis import has_accents
from indexer.analysis.abbreviations import long_forms
from indexer.extraction.document_kinds import KIND_OF_ABBREVIATION

# "… biểu quyết BCH bn người?": "bn" is "bao nhiêu" (lower case only: "BN" is bệnh nhân)
_HOW_MANY = re.compile(r"(?<![\w/])bn(?=\s+[^\W\d_]|\s*\??\s*$)")
# "… tổng thu bn đ?": "đ" after how much is "đồng"
_DONG = re.compile(r"(?<=bao nhiêu )đ(?![\w/])|(?<=bao nhieu )đ(?![\w/])")
# "… cho mỗi ng/năm": "ng" before a period of time is "người" (lower case only)
_PERSON = re.compile(r"(?<![\w/])ng(?=/(?:năm|tháng|ngày|nam|thang|ngay)\b)")
# "DN k báo cáo …": "k", "ko" are "không" before a word (lower case only)
_NOT = re.compile(r"(?<![\w/])(?:k|ko)(?=\s+[^\W\d_])")
# "VB nào có nói đến KPCĐ? Do CQ nào ban hành?": the asking phrase's noun, abbreviated before "nào"
_ASKER_WORDS = {"VB": "văn bản", "CQ": "cơ quan", "ĐV": "đơn vị", "TC": "tổ chức", "vb": "van ban", "cq": "co quan"}
_ASKER = re.compile(r"(?<![\w/-])(VB|CQ|ĐV|TC)\s+nào(?!\w)|(?<![\w/-])(vb|cq)\s+nao(?!\w)")
# "CQ, ĐV nào …": the first of two asking nouns, abbreviated before the comma
_FIRST_ASKER = re.compile(r"(?<![\w/-])(CQ|ĐV|TC)(?=\s*,\s*(?:CQ|ĐV|TC|cơ quan|đơn vị|tổ chức)\s+nào(?!\w))")
# "UBND tỉnh giao cơ quan, đơn vị nào chủ trì …?": two nouns for one asker, read as the first ("cơ quan nào")
_TWO_ASKERS = re.compile(r"\b(cơ quan|đơn vị|tổ chức|co quan|don vi|to chuc)\s*,\s*(?:cơ quan|đơn vị|tổ chức|co quan|don vi|to chuc)"
                         r"\s+(nào|nao)(?!\w)", re.IGNORECASE)
# "Có văn bản nào nói tới Hội Nông dân không, …?": the particle that makes a yes-or-no question, after the
# subject (no part of it, nor of a name before it)
_YES_OR_NO = re.compile(r"\s+(?:không|khong|ko)\s*(?=[,?]|$)", re.IGNORECASE)
# "Người giữ chức Chủ tịch Hội … là ai?" asks as "Chủ tịch Hội … là ai?" does
_POSITION_HELD = re.compile(r"^\s*(?:người|nguoi)\s+(?:đang\s+|dang\s+)?(?:giữ|nắm giữ|đảm nhiệm|giu|nam giu|dam nhiem)\s+"
                            r"(?:chức vụ|chức danh|chức|cương vị|chuc vu|chuc danh|chuc|cuong vi)\s+(?=\w)", re.IGNORECASE)
# "Đơn vị nào có VB báo cáo về DVCTT?": documents had, not a subject named "VB"
_HAS_DOCUMENTS = re.compile(r"(?<![\w/-])(có|các|những|co|cac|nhung) (?:VB|vb)(?![\w/-])", re.I)
# "BC ĐA 06 T11/2025": "T11/2025" is a month
_MONTH = re.compile(r"(?<![\w/])T(\d{1,2})/((?:19|20)\d{2})(?![\d/])")
_KINDS = "|".join(sorted(map(re.escape, KIND_OF_ABBREVIATION), key=len, reverse=True))
# "BC ĐA 06 …": a kind's abbreviation before another kind's names the document asked about
_KIND_BEFORE_KIND = re.compile(rf"(?<![\w/-])({_KINDS})(?=\s+(?:{_KINDS})(?!\w))")
# "BC CCHC Q1/2026 của tỉnh …: …", "Theo KH CĐS …": a kind's abbreviation opening the document asked about (of
# the kinds no shorthand for a person or a body: "CT" may be Chủ tịch, "HD" hướng dẫn viên)
_KIND_OPENING = re.compile(r"(?:^\s*|(?<=[Tt]heo )|(?<=[Tt]rong ))(BC|KH|TTr|TB|ĐA|BB|KL|QC)(?=\s+[A-ZĐ])")
# "Q1/2026": a quarter, which documents write "quý I/2026", "quý I năm 2026"
_QUARTER = re.compile(r"(?<![\w/])[Qq]([1-4])[/.]((?:19|20)\d{2})(?![\d/])")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
# "ĐA 06", "CTr 135": a programme's name, not a document's number
_PROGRAMME = re.compile(r"(?<![\w/-])(ĐA|CTr)(?=\s+\d+(?![\w/-]))")

# a Vietnamese syllable's shape: its onset, vowels, coda ("nghieng", "thuc"); "tthc" has none
_SYLLABLE_SHAPE = re.compile(r"(?:ngh|ng|nh|ch|th|tr|ph|kh|gh|gi|qu|[bcdghklmnpqrstvx])?[aeiouy]+(?:ng|nh|ch|[cmnpt])?")


def _kind(found: re.Match) -> str:
    name = KIND_OF_ABBREVIATION[found.group(1)]
    return name[:1].upper() + name[1:] if not found.string[:found.start()].strip() or found.group(1) in ("ĐA", "CTr") else name


def is_syllable_shaped(word: str) -> bool:
    """A plain lower-case word a Vietnamese syllable could be written as ("nghieng", "thuc"; not "tthc", "papi")."""
    return _SYLLABLE_SHAPE.fullmatch(word) is not None


def _abbreviations_capitalised(text: str) -> str:
    """A question typed without accents, in lower case, writes abbreviations so too ("chi so cai
    cach tthc"): a word no syllable could be whose capitals spell a known long form is written in
    capitals, as documents and the rest of the reading expect ("TTHC" → thủ tục hành chính)."""
    def written(match: re.Match) -> str:
        word = match.group(0)
        if word.islower() and not is_syllable_shaped(word) and long_forms(word.upper()):
            return word.upper()
        return word
    text = re.sub(r"(?<![\w/-])[a-z]{2,8}(?![\w/-])", written, text)
    # "chuyen an vn10": letters no syllable could be, then a number, name a code ("Chuyên án VN10")
    return re.sub(r"(?<![\w/-])([a-z]{2,4})(\d{1,4})(?![\w/-])",
                  lambda m: m.group(0) if is_syllable_shaped(m.group(1)) else m.group(0).upper(), text)


def written_out(text: str) -> str:
    accented = has_accents(text)
    text = _HOW_MANY.sub("bao nhiêu" if accented else "bao nhieu", text)
    text = _DONG.sub("đồng", text)
    text = _NOT.sub("không" if accented else "khong", text)
    text = _PERSON.sub("người" if accented else "nguoi", text)
    text = _FIRST_ASKER.sub(lambda m: _ASKER_WORDS[m.group(1)], text)
    text = _ASKER.sub(lambda m: _ASKER_WORDS[m.group(1)] + " nào" if m.group(1) else _ASKER_WORDS[m.group(2)] + " nao", text)
    text = _TWO_ASKERS.sub(r"\1 \2", text)
    text = _YES_OR_NO.sub("", text)
    if held := _POSITION_HELD.match(text):
        text = text[held.end()].upper() + text[held.end() + 1:]
    text = _HAS_DOCUMENTS.sub(lambda m: f"{m.group(1)} {'văn bản' if accented else 'van ban'}", text)
    text = _MONTH.sub(lambda m: f"{'tháng' if accented else 'thang'} {m.group(1)}/{m.group(2)}", text)
    text = _QUARTER.sub(lambda m: f"{'quý' if accented else 'quy'} {_ROMAN[m.group(1)]}/{m.group(2)}", text)
    text = _KIND_BEFORE_KIND.sub(_kind, text)
    text = _KIND_OPENING.sub(_kind, text)
    text = _PROGRAMME.sub(_kind, text)
    return text if accented else _abbreviations_capitalised(text)
