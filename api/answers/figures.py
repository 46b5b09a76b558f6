"""Figures stated in Vietnamese report text: "trên 370 triệu đồng", "98 ngàn suất quà", "100%".

A figure is a number (Vietnamese separators: 1.000,5), an optional scale word (nghìn/ngàn,
triệu, tỷ), and its unit: đồng, a percentage, or a counted noun from ``data/counted_nouns.txt``.
Years, dates, document numbers and list numbering are not figures.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from indexer.analysis import has_accents
from indexer.extraction.vietnamese.normalize import canonical_tones, fold_accents

_DATA = Path(__file__).parent / "data"

QUALIFIERS = ("hơn", "trên", "gần", "khoảng", "tới", "đến", "xấp xỉ", "gần như", "ít nhất", "tối thiểu", "tối đa", "dưới", "chỉ", "đạt")
SCALES = {"nghìn": 1e3, "ngàn": 1e3, "ngan": 1e3, "nghin": 1e3, "vạn": 1e4, "triệu": 1e6, "trieu": 1e6, "tr": 1e6, "tỷ": 1e9, "tỉ": 1e9, "ty": 1e9}
MONEY_UNITS = ("đồng", "dong", "vnđ", "vnd", "đ")
# a foreign currency keeps its own name: "4,5 tỷ USD" is money, but not 4,5 billion đồng
CURRENCIES = {"usd": "USD", "đô la mỹ": "USD", "đô la": "USD", "đô-la": "USD", "do la": "USD", "eur": "EUR", "euro": "EUR",
              "nhân dân tệ": "CNY"}

_QUOTED = re.compile(r"[“\"'‘][”\"'’]")
_DATE_AFTER = re.compile(r"\s*(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|\d{1,2}\s+tháng\s+\d{1,2})")
_SPLIT_TAIL = re.compile(r"0\.\d{3}")  # "16 0.000 tấn": the tail of a number a line break split, not a figure of its own
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_QUALIFIER = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_SCALE = "|".join(sorted((re.escape(s) for s in SCALES), key=len, reverse=True))
_MONEY = "|".join(re.escape(m) for m in MONEY_UNITS)
_CURRENCY = "|".join(sorted((re.escape(c) for c in CURRENCIES), key=len, reverse=True))
_QUALIFIER_FOLDED = "|".join(sorted({re.escape(fold_accents(q)) for q in QUALIFIERS}, key=len, reverse=True))


_DURATION = "tháng|thang|năm|nam|ngày|ngay|tuần|tuan|giờ|gio"
_NUMBER_WORDS = {"mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi", "tu", "lam", "tram", "nghin"}  # folded
_PRECEDING_NOT_FIGURE = re.compile(r"(?:\b(?:ngày|tháng|năm|(?<!chỉ )(?<!điểm )(?<!tỷ )(?<!tỉ )số|điều|khoản|mục|điểm|phần|chương|lần thứ|khóa|khoá)|[/-])\s*$", re.IGNORECASE)

_BULLET = re.compile(r"[ \t]*[-–•+][ \t]*")  # a line's list mark, all that stands before a figure opening the line


@dataclass
class Figure:
    text: str          # as written, qualifier included: "trên 370 triệu đồng"
    value: float       # 370000000.0
    unit: str          # "đồng", "%", "suất quà", "hộ"
    kind: str          # money | percent | count
    qualifier: str | None
    start: int         # offsets in the text it was found in
    end: int

    def to_json(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=1)
def _count_units() -> list[str]:
    lines = (_DATA / "counted_nouns.txt").read_text(encoding="utf-8").splitlines()
    units = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return sorted(units, key=lambda u: len(u.split()), reverse=True)  # longest first: "suất quà" before "suất"


# A number written out in words, as a gloss in brackets after its digits.
_SPELLED_NUMBER = "một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi|linh|lẻ|trăm|nghìn|ngàn|triệu|tỷ"


# Measures written against their number: "thuỷ điện Sesan 3 (260MW)", "dài 12km"
_SYMBOL = r"(?:MW|kW|KW|GW|kWh|km|ha|m2|m3|kg)"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    counts = "|".join(re.escape(u) for u in _count_units())
    gap = r"[^\S\t]"  # a tab parts a table's cells: "3<tab>Xe máy" is a row number and a row's name, no count
    return re.compile(
        rf"(?<![\w./-])(?:(?P<qualifier>{_QUALIFIER})\s+)?(?P<opening>\()?(?P<number>{_NUMBER})(?(opening)\))"  # "chín (9) tháng"
        rf"(?P<total>/\d{{1,3}}(?:\.\d{{3}})*(?![\d/]))?"  # "131/144 cơ quan": a count out of a total is the count
        rf"(?:{gap}*\((?:{_SPELLED_NUMBER})(?:\s+(?:{_SPELLED_NUMBER})){{0,5}}\))?"  # "05 (năm) ngày", "30 (ba mươi) ngày"
        rf"(?:{gap}*(?P<scale>{_SCALE})(?![\w])(?!\s+(?:lệ|le)\b))?"  # "2 Tỷ lệ …" (a table's row number, then "rate")
        rf"(?:{gap}*(?P<percent>%)|{gap}*(?P<money>{_MONEY})(?!\w)|{gap}*(?P<currency>{_CURRENCY})(?!\w)|(?:{gap}+|(?={_SYMBOL}(?!\w)))(?P<count>{counts})(?!\w)"
        rf"|{gap}+(?P<duration>{_DURATION})(?!\w))?",
        re.IGNORECASE)


@lru_cache(maxsize=1)
def _listed_nouns() -> re.Pattern:
    """Counted nouns listed after the first: ", đơn vị, địa phương"."""
    counts = "|".join(re.escape(u) for u in _count_units())
    return re.compile(rf"(?:,[^\S\t]*(?:{counts})(?!\w))+", re.IGNORECASE)


def parse_number(text: str) -> float:
    """Vietnamese notation: "." groups thousands, "," is the decimal mark ("1.000,5")."""
    return float(text.replace(".", "").replace(",", "."))


def extract_figures(text: str, durations: bool = False, nouns: tuple[str, ...] = (),
                    labels: tuple[str, ...] = ()) -> list[Figure]:
    """The figures of a text; with ``durations`` also spans of time ("12 tháng", "05 năm"), which
    only a question asking how long wants (elsewhere "6 tháng đầu năm" names a period); ``nouns``:
    what else a question counts ("bao nhiêu Phó Chủ tịch" → "11 Phó chủ tịch"); ``labels``: the nouns
    a bare number counts when a label before it names them ("… cai nghiện: 1084")."""
    figures: list[Figure] = _noun_counts(text, nouns) if nouns else []
    taken_by_label = _labelled_counts(text, labels) if labels else []
    taken = [(f.start, f.end) for f in figures]
    for m in _pattern().finditer(text):
        scale = (m.group("scale") or "").lower()
        if m.group("duration"):
            if not durations or scale:
                continue
            kind, unit = "duration", m.group("duration").lower()
            if unit in ("ngày", "ngay") and _DATE_AFTER.match(text, m.end()):
                continue  # "Kế hoạch số 192/KH-ĐKT 557 ngày 23/4/2025": the "ngày" of a date after a register number
        elif m.group("percent"):
            kind, unit = "percent", "%"
        elif m.group("currency"):
            kind, unit = "money", CURRENCIES[m.group("currency").lower()]
        elif m.group("money") or (scale and scale not in ("nghìn", "ngàn", "ngan", "nghin") and not m.group("count")):
            kind, unit = "money", "đồng"  # "50 tỷ" alone in a report is money
        elif m.group("count"):
            kind, unit = "count", m.group("count").lower()
            listed = _listed_nouns().match(text, m.end())  # "24 cơ quan, đơn vị, địa phương": all of them are counted
            if listed:
                unit += text[m.end():listed.end()].lower()
        else:
            continue  # a bare number: a year, a code, numbering — not a figure
        if m.group("total") and kind != "count":
            continue  # "23/9", "1441/QĐ": a date or a number without a counted noun after it
        if kind != "percent" and _PRECEDING_NOT_FIGURE.search(text[max(0, m.start() - 12):m.start()]) \
                and not _BULLET.fullmatch(text, text.rfind("\n", 0, m.start()) + 1, m.start()):
            continue  # "ngày 10 tháng 4", "số 25", "Điều 3", "2021 - 2025" (not "chỉ số 98,37%", a list's "- Hơn 12.000 hồ sơ")
        if re.search(r"\d[,.]$", text[max(0, m.start() - 2):m.start()]):
            continue  # the decimals of a number read no further: "60,5/61,5 điểm" is no "5 điểm"
        end = m.end()
        if kind == "money" and not m.group("money") and not m.group("currency"):
            end = m.end("scale")
        if any(s <= m.start("number") < e for s, e in taken):
            continue
        if _SPLIT_TAIL.match(m.group("number")):
            continue
        if _QUOTED.match(text[max(0, m.start() - 1):m.start()] + text[m.end():m.end() + 1]):
            continue  # "thu phí “0 đồng”": a figure in quotes names a policy, as "“Xuân ấm tình người”" names a campaign
        spelled = None
        if m.group("opening"):  # "(9)" is a figure only after its words, "chín (9) tháng"; else it numbers a list item
            spelled = _spelled_before(text, m.start("opening"))
            if spelled is None:
                continue
        value = parse_number(m.group("number")) * SCALES.get(scale, 1.0)
        qualifier = m.group("qualifier")
        start = m.start() if qualifier and qualifier.lower() != "đạt" else m.start("number")
        if spelled is not None:
            start = spelled
        if kind == "count" and len(unit) > len(m.group("count")):
            end = m.end() + len(unit) - len(m.group("count"))
        figures.append(Figure(text=text[start:end], value=value, unit=unit, kind=kind,
                              qualifier=qualifier.lower() if qualifier and qualifier.lower() != "đạt" else None,
                              start=start, end=end))
    if taken_by_label:
        figures = sorted(figures + [f for f in taken_by_label if not any(g.start <= f.start < g.end for g in figures)],
                         key=lambda f: f.start)
    return figures


def _spelled_before(text: str, at: int) -> int | None:
    """Where the number words just before ``at`` begin ("chín (9)", "hai mươi (20)"), or None."""
    base, start = max(0, at - 30), None
    for word in reversed(list(re.finditer(r"[^\W\d_]+", text[base:at]))):
        if fold_accents(word.group(0)).lower() not in _NUMBER_WORDS or text[base + word.end():at].strip(" "):
            break
        start = at = base + word.start()
    return start


def _folded_nouns(text: str, nouns: tuple[str, ...]) -> tuple[str, str]:
    """The text folded (same length, so spans carry over) and the nouns as one pattern, a comma
    allowed between a noun's words: a question typed without accents counts "tin bai", which the
    report writes "57.083 tin, bài"."""
    key = fold_accents(text).lower()
    names = "|".join(r",?\s+".join(re.escape(w) for w in fold_accents(n).lower().split())
                     for n in sorted(nouns, key=len, reverse=True))
    return (key if len(key) == len(text) else text), names


def _labelled_counts(text: str, nouns: tuple[str, ...]) -> list[Figure]:
    """"…; người nghiện ở trong các Cơ sở cai nghiện: 1084; …", "Tổng số nhiệm vụ được giao là 123":
    a bare number after a label (since the last ";", ":" or line) naming the counted noun, and a
    colon or "là", counts that noun."""
    key, names = _folded_nouns(text, nouns)
    out = []
    for m in re.finditer(rf"[^;:\n]*?(?<!\w)(?P<noun>{names})(?!\w)[^;:\n]*?(?P<link>:|\sla)\s*(?P<number>{_NUMBER})"
                         rf"(?![\w.,/%-]*\w)", key):
        if _SPLIT_TAIL.match(m.group("number")):
            continue
        if m.group("link") != ":" and text[m.start("link") + 1:m.end("link")].lower() != "là":
            continue  # folded, "la" is also "lá", "lã"
        noun = " ".join(text[m.start("noun"):m.end("noun")].replace(",", " ").split()).lower()
        out.append(Figure(text[m.start("number"):m.end("number")], parse_number(m.group("number")), noun, "count", None,
                          m.start("number"), m.end("number")))
    return out


def _noun_counts(text: str, nouns: tuple[str, ...]) -> list[Figure]:
    key, names = _folded_nouns(text, nouns)
    out = []
    # "khoảng 17 triệu công nhân": a qualifier and a scale word may stand around the number
    # "553/553 TTHC": a count out of a total is the count
    for m in re.finditer(rf"(?<![\w./-])(?:(?P<qualifier>{_QUALIFIER_FOLDED})\s+)?(?P<number>{_NUMBER})(?:/\d[\d.]*)?"
                         rf"(?:\s*(?P<scale>{_SCALE}))?(?:\s+|(?={_SYMBOL.lower()}(?!\w)))(?P<noun>{names})(?!\w)", key):
        if not _PRECEDING_NOT_FIGURE.search(text[max(0, m.start() - 12):m.start()]):
            written = text[m.start("qualifier"):m.end("qualifier")].lower() if m.group("qualifier") else ""
            if written not in QUALIFIERS and written != fold_accents(written):
                written = ""  # matched folded: "lắp đặt 800 trụ" holds "đặt", not "đạt"
            start = m.start() if written and written != "đạt" else m.start("number")
            value = parse_number(m.group("number")) * SCALES.get(text[m.start("scale"):m.end("scale")].lower(), 1.0) \
                if m.group("scale") else parse_number(m.group("number"))
            noun = " ".join(text[m.start("noun"):m.end("noun")].replace(",", " ").split()).lower()
            out.append(Figure(text[start:m.end()], value, noun, "count",
                              written if written and written != "đạt" else None, start, m.end()))
    return out


# What a question counts when its noun is none of the known ones: "có bao nhiêu Phó Chủ tịch",
# "có Ban Thường vụ bao nhiêu người" (the thing measured, then its unit).
_MEASURED_STOPS = ("của", "trong", "tại", "ở", "năm", "được", "là", "đã", "và", "sau", "theo", "về")  # and typed without accents
# (its words joined inside the group, not each followed by its spaces: sre does not give back an earlier
# repetition's spaces, so "bao nhiêu tài khoản đã được cấp" read "tài khoản đã")
_MEASURED_AFTER = re.compile(r"\b(?:bao nhiêu|bao nhieu|mấy)\s+([^\W\d_]+(?:\s+[^\W\d_]+){0,3}?)(?=\s*(?:[?,.;]|$|\s(?:"
                             + "|".join(sorted({*_MEASURED_STOPS, *map(fold_accents, _MEASURED_STOPS)})) + r")\b))", re.I)
# ... or, when no such word follows within four, its head noun: the one or two words after "bao nhiêu"
# ("bao nhiêu phạm nhân thuộc diện đặc xá …", "bao nhiêu bài viết trên chuyên mục …")
_HEAD_AFTER = re.compile(r"\b(?:bao nhiêu|bao nhieu|mấy)\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?", re.I)
_HEAD_ENDS = {"trên", "cho", "thuộc", "từ", "đến", "với", "khi", "do", "mà", "cấp", *_MEASURED_STOPS}
_HEAD_ENDS_FOLDED = _HEAD_ENDS | {fold_accents(w) for w in _HEAD_ENDS}
_QUALIFIER_END = re.compile(r"(?:^|\s+)(?:khoảng|khoang|chừng|xấp xỉ|trên|tren|gần|gan|hơn|hon|dưới|duoi|tới|toi|"
                            r"tối đa|toi da|tối thiểu|toi thieu|ít nhất|it nhat)$", re.I)
_MEASURED_BEFORE = re.compile(r"\b(?:có|là|gồm|được|đạt)\s+((?:[^\W\d_]+\s+){1,4}?)(?:bao nhiêu|bao nhieu|mấy)\b", re.I)


@lru_cache(maxsize=1)
def known_units() -> tuple[str, ...]:
    """Folded units a figure already has a name for: counted nouns, money, percent."""
    return tuple(fold_accents(u).lower() for u in _count_units()) + ("tien", "dong", "ty", "trieu", "phan tram", "%")


def _before_a_name(words: str) -> str:
    """"nhiệm vụ Chính phủ" → "nhiệm vụ": a capitalised word after lower-case ones opens a name (who
    gave the tasks), not part of what is counted ("Phó Chủ tịch" is capitalised from its start)."""
    split = words.split()
    for i in range(1, len(split)):
        if split[i][:1].isupper() and not split[i - 1][:1].isupper():
            return " ".join(split[:i])
    return words


def measured_thing(question: str) -> str | None:
    """The words naming what a figure question counts, as written, when they are not a unit
    the figures already know (a counted noun, money, percent, a span of time)."""
    after = _MEASURED_AFTER.search(question)
    head = None if after else _HEAD_AFTER.search(question)
    if head and not head.group(1)[:1].isupper():
        second = head.group(2)
        keep = second and not second[:1].isupper() and not {second.lower(), fold_accents(second).lower()} & _HEAD_ENDS_FOLDED
        words = f"{head.group(1)} {second}" if keep else head.group(1)
        key = fold_accents(words).lower()
        if not any(key == k or key.startswith(k + " ") for k in known_units()) and not re.match(rf"(?:{_DURATION})\b", key):
            return words
    if after:
        words = _before_a_name(after.group(1).strip())
        key = fold_accents(words).lower()
        if not any(key == k or key.startswith(k + " ") for k in known_units()) and not re.match(rf"(?:{_DURATION})\b", key):
            return words
    before = _MEASURED_BEFORE.search(question)
    # "có khoảng bao nhiêu doanh nghiệp", "luôn có trên bao nhiêu người": how near the figure is, not what it counts
    words = _QUALIFIER_END.sub("", before.group(1).strip()) if before else ""
    return words or None


_NUMBER_OF = re.compile(r"(?<!chỉ )(?<!Chỉ )\b(?:[Ss]ố lượng|[Tt]ổng số|[Ss]ố)\s+((?:[^\W\d_]+,?\s+){0,3}?[^\W\d_]+)"
                        r"(?=,?\s+(?:về|của|mà|đã|được|trong|tại|ở|năm|có|theo|giữa|qua|đạt|là|do|trên|từ|cho)\b|\s*[?.]?$)")
_NOT_COUNTED = ("lieu", "hieu", "tien", "luong", "thu tu", "lan thu")


def number_of(question: str) -> str | None:
    """What "số …" counts when no known unit names it: "Lập bảng số phản ánh, kiến nghị về …" →
    "phản ánh, kiến nghị". Not an index ("Chỉ số cải cách hành chính") nor a body ("số lượng Ban
    Chấp hành": its members are counted, in their own noun)."""
    known = [u.lower() for u in _count_units()] + ["tiền", "đồng", "tỷ", "triệu", "phần trăm"]
    for m in _NUMBER_OF.finditer(question):
        words = m.group(1).strip(" ,")
        key, lowered = fold_accents(words).lower(), words.lower()
        if key.startswith(_NOT_COUNTED) or words[:1].isupper() or any(lowered == k or lowered.startswith(k + " ") for k in known):
            continue  # accents decide: "phản ánh" is not "phần"
        return words
    return None


# a rate asked for ("áp dụng thuế suất bao nhiêu?", "lãi suất là bao nhiêu"), not the money it gives
_RATE_ASKED = re.compile(r"\b(?:thue|lai) suat(?:\s+[^\s?]+){0,6}?\s+(?:bao nhieu|may)\b(?!\s+(?:tien|dong|trieu|ty)\b)")


def wanted_figure(question: str) -> tuple[str | None, str | None]:
    """(kind, unit) of the figure a question asks for, from its wording (accents optional):
    "bao nhiêu suất quà" → count of "suất quà"; "bao nhiêu tiền", "kinh phí" → money;
    "tỷ lệ", "%" → percent."""
    key = fold_accents(question).lower()
    # typed with accents, "mấy năm" asks how long and "bộ máy năm 2025" does not
    spans = r"\bbao lâu\b|\b(?:bao nhiêu|mấy)\s+(tháng|năm|ngày|tuần|giờ)\b" if has_accents(question) \
        else r"\bbao lau\b|\b(?:bao nhieu|may)\s+(thang|nam|ngay|tuan|gio)\b"
    # (before a rate named on the way: "Thông tư … về thuế theo tỷ lệ nội địa hoá, chậm nhất bao nhiêu ngày …")
    if how_long := re.search(spans, question.lower() if has_accents(question) else key):
        return "duration", fold_accents(how_long.group(1)) if how_long.group(1) else None
    # a growth rate ("tốc độ tăng giá trị sản xuất …") is a percentage, though "giá trị" names money
    if re.search(r"%|phan tram|\bty le\b|\bti le\b|\btoc do (?:tang|phat trien)\b", key) or _RATE_ASKED.search(key) \
            or _share_asked(question, key):
        return "percent", "%"
    if re.search(r"\b(?:san luong|khoi luong)\b", key) and not re.search(r"\bgia tri\b", key):
        return "count", None  # "sản lượng xi măng … đạt bao nhiêu": tonnes, not the money beside them
    asked = re.search(r"\b(?:bao nhieu|may)\s+(.*)", key)
    if asked:
        following = asked.group(1)
        for unit in _count_units():
            if re.match(rf"{re.escape(fold_accents(unit).lower())}\b", following):
                return "count", unit
        if re.match(r"(?:tien|dong|ty|trieu|usd|do la)\b", following):
            return "money", "đồng"
        # "có bao nhiêu Phó Chủ tịch": a count of what it names, whatever else ("Quỹ …") the question says
        measured = _MEASURED_AFTER.search(question)
        if measured and measured.group(1)[:1].isupper():
            return "count", measured_thing(question)
    # typed with accents, the accents decide: "quỹ" is money, "quy định" is not; "tiền" is, "tiến độ" is not
    money = (_MONEY_WORDS, canonical_tones(question).lower()) if has_accents(question) else (_MONEY_FOLDED, key)
    if re.search(*money):
        return "money", "đồng"
    # "tổng số lượt tra cứu … là bao nhiêu?": the noun counted stands after "số", not after "bao nhiêu"
    # (typed with accents, "số" and not "sở"; typed without, "co so" is "cơ sở" and "chi so" "chỉ số")
    counted = (_COUNTED_BEFORE.search(canonical_tones(question).lower()) if has_accents(question)
               else _COUNTED_BEFORE_FOLDED.search(key)) if asked or re.search(r"\b(?:bao nhieu|may)\b", key) else None
    if counted:
        following = fold_accents(counted.group(1)).lower()
        for unit in _COUNTED_MEASURES:  # measure words only: "tổng số kiến nghị xử lý về tài chính" is an amount
            if re.match(rf"{re.escape(fold_accents(unit).lower())}\b", following):
                return "count", unit
    return None, None


_COUNTED_MEASURES = ("lượt", "lần", "người", "hộ", "hồ sơ", "tài khoản", "vụ", "trường hợp")
_COUNTED_BEFORE = re.compile(r"(?<!chỉ )(?<!\w)(?:tổng số|số lượng|số)\s+(.*)")
_COUNTED_BEFORE_FOLDED = re.compile(r"(?<!chi )(?<!co )\b(?:tong so|so luong|so)\s+(.*)")


def _share_asked(question: str, key: str) -> bool:
    """"tỷ trọng … trong GDP", "chiếm bao nhiêu": a share, written as a percentage. Typed without
    accents, "ty trong" may be "tỷ trong (năm …)": only before a word no period opens."""
    if has_accents(question):
        return re.search(r"(?<!\w)(?:tỷ|tỉ) trọng(?!\w)", canonical_tones(question).lower()) is not None \
            or re.search(r"\bchiem bao nhieu\b", key) is not None
    return re.search(r"\bt[yi] trong\b(?! (?:nam|thang|quy|ky|giai|dot))|\bchiem bao nhieu\b", key) is not None


_MONEY_WORDS = r"(?<!\w)(?:tiền|(?<!chi )(?<!Chi )phí|ngân sách|vốn|trị giá|giá trị|ủng hộ|quyên góp|đóng góp|quỹ|vận động được|tổng thu|tổng chi|doanh thu)(?!\w)"
_MONEY_FOLDED = r"\b(?:tien|muc phi|le phi|kinh phi|ngan sach|von|tri gia|gia tri|ung ho|quyen gop|dong gop|quy|van dong duoc|tong thu|tong chi|doanh thu)\b"
