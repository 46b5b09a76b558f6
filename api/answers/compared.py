"""The named things a question compares, one row each: "So sánh số thành viên Ban Chấp hành của
Liên đoàn Yoga, Liên đoàn Võ thuật cổ truyền và Liên đoàn Bóng bàn tỉnh Lâm Đồng" asks for three
federations' figures, whoever issued the documents that state them; "… của Lâm Đồng, Đắk Nông và
Bình Thuận" for three provinces' figures, often read from one document.

An enumeration is two or more names, each starting with a capital letter, joined by commas and
a final "và" / "với", after "của", "giữa" or "so sánh". A place written after the last name
only ("… và Liên đoàn Bóng bàn tỉnh Lâm Đồng") belongs to every name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.answers.passages import folded
from indexer.analysis import long_forms

# Where an enumeration may start (folded question).
_LEAD = re.compile(r"\b(?:cua|giua|so sanh)\s+")
# Where it ends: a period of time, a verb or a clause after the names (folded, with a space
# before; cues that names do not hold: "Võ thuật cổ truyền" has "co", "Vận tải" has "tai").
_STOP = re.compile(r"[?(;:]|\.(?!\s*(?:ho chi minh|hcm))|,\s*(?:moi|tung|ca|cac|nhung)\s|\s(?:nam (?:19|20)\d\d|nhiem ky|giai doan|trong (?:nam|giai|thoi|ky)"
                   r"|sau (?:khi|sap nhap|dai hoi|hop nhat)|theo (?:cac|to|bao|ke|quyet|nghi|thong)|la |co (?:bao|so|tong)"
                   r"|duoc |da |dat |hien nay|lap bang|so sanh|so voi|cung ky|nhu the nao|ra sao|bao nhieu)")
_SPLIT = re.compile(r"\s*,\s*(?:va\s+|voi\s+)?(?:cua\s+)?|\s+(?:va|voi)\s+(?:cua\s+)?")  # "… và của Quỹ …"
# "(sau hợp nhất)": an aside on the name before it, read as spaces (the spans keep their places); one
# holding a year ("(báo cáo năm 2019)") dates a report, and the comparison is of periods
_ASIDE = re.compile(r"\s*\((?![^()]*(?:19|20)\d\d)[^()]{0,60}\)")
# "các dự án xây dựng mở rộng Trường THPT Hùng Vương": the common noun before each name
MAX_HEAD_WORDS = 8
# "phường Mũi Né", "xã Lạc Dương": a place's name, though its first word is not capitalised
_PLACE_PREFIX = re.compile(r"(?:tinh|thanh pho|huyen|quan|thi xa|thi tran|xa|phuong|dac khu)\s+\S")
_PLACE_SUFFIX = re.compile(r"\s+((?:tinh|thanh pho|tp\.?|huyen|quan|thi xa|xa|phuong)\s+\S.*)$")
_NATION = {"ca nuoc", "toan quoc"}  # "… của cả nước, của thành phố Hải Phòng và tỉnh Nghệ An"
MAX_NAME_WORDS = 10  # "Hiệp hội Thể thao giải trí và dưới nước"
_ABBREVIATION = re.compile(r"(?<![\w-])[A-ZĐ]{2,}(?![\w-])")
# An organ's name may hold commas and "và" itself: "Sở Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo"
_ORGAN_KIND = re.compile(r"(?:so|ban|bo|cuc|chi cuc|tong cuc|phong|trung tam|vien|uy ban|ubnd|van phong|thanh tra|cong an|hoi|"
                         r"lien doan|hiep hoi|quy|doan|ngan hang|kho bac|bao hiem|toa an|vien kiem sat)\b")


# the bodies a place has, named by it: "UBND xã Đơn Dương", "Công an phường 1"
_PLACE_BODY = re.compile(r"ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan|cong an|dang uy|ban thuong vu dang uy|"
                         r"uy ban mttq|ubmttq|uy ban mat tran to quoc")


def _organ_names_whole(span: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """When the list is of organs ("Sở Ngoại vụ, Sở Văn hóa, Thể thao và Du lịch và Sở Giáo dục và Đào
    tạo"), a piece that opens with no organ's kind is the rest of the name before it."""
    if not pieces or not _ORGAN_KIND.match(span[pieces[0][0]:pieces[0][1]]):
        return pieces
    merged = [pieces[0]]
    for a, b in pieces[1:]:
        if _ORGAN_KIND.match(span[a:b]) or _PLACE_PREFIX.match(span[a:b]):
            merged.append((a, b))
        else:
            merged[-1] = (merged[-1][0], b)
    return merged


@dataclass(frozen=True)
class Compared:
    name: str        # as the question writes it: "Liên đoàn Karate"
    full: str        # with the place written after the last name: "Liên đoàn Karate tỉnh Lâm Đồng"

    @property
    def forms(self) -> list[str]:
        """The name and the name with its abbreviations written out: "Trường THPT Hùng Vương",
        "Trường Trung học phổ thông Hùng Vương"."""
        if folded(self.name) in _NATION:
            return ["cả nước", "toàn quốc"]  # the country, written either way
        written = written_out(self.name)
        return [self.name, written] if written != self.name else [self.name]


def written_out(text: str) -> str:
    """``text`` with each abbreviation in capitals written in full: "Trường THPT …" → "Trường Trung học phổ thông …"."""
    return _ABBREVIATION.sub(lambda m: (long_forms(m.group(0)) or [m.group(0)])[0], text)


def compared_names(question: str) -> list[Compared]:
    """The names a question compares, in its order; [] when it names fewer than two."""
    question = _ASIDE.sub(lambda m: " " * len(m.group(0)), question)
    key = folded(question)  # same length as the question: spans carry over
    best: list[Compared] = []
    for lead in _LEAD.finditer(key):
        start = lead.end()
        # a cue written with a capital is part of a name: "Đà Lạt" folds to the "da" of "đã"
        stop = next((m for m in _STOP.finditer(key, start) if not question[m.start():m.end()].strip()[:1].isupper()), None)
        end = stop.start() if stop else len(key)
        names = _names(question, key, start, end)
        if len(names) >= len(best) and names:  # on a tie the later list: "… Ban Chấp hành của Liên đoàn A, …"
            best = names
    return best


def _named(name: str) -> bool:
    """A name starts with a capital, or with a place's kind before its capitalised name."""
    if not name:
        return False
    if folded(name) in _NATION:
        return True
    prefix = _PLACE_PREFIX.match(folded(name))
    return name[prefix.end() - 1 if prefix else 0].isupper()


def _without_head(piece: str) -> str:
    """"các dự án xây dựng mở rộng Trường THPT Hùng Vương" → "Trường THPT Hùng Vương": lower-case words
    before a capitalised name are what it is, common to the list; a piece with no capital is kept."""
    words = piece.split()
    first = next((i for i, w in enumerate(words) if w[:1].isupper()), None)
    if not first or first > MAX_HEAD_WORDS or _PLACE_PREFIX.match(folded(piece)):
        return piece
    return " ".join(words[first:])


def _without_place(name: str) -> str:
    """"Hiệp hội Nước mắm Phan Thiết tỉnh Lâm Đồng" → "Hiệp hội Nước mắm Phan Thiết"."""
    suffix = _PLACE_SUFFIX.search(folded(name))
    return name[:suffix.start()] if suffix else name


def _names(question: str, key: str, start: int, end: int) -> list[Compared]:
    span = key[start:end]
    if not re.search(r"(?:,|\s)(?:va|voi)\s", f" {span}"):
        return []  # a list without its closing "và" is not an enumeration ("Sở Nội vụ, Ban Chấp hành …")
    pieces, cursor, last = [], 0, 0
    for separator in _SPLIT.finditer(span):
        pieces.append((cursor, separator.start()))
        cursor = separator.end()
        if re.search(r"\b(?:va|voi)\b", separator.group(0)):
            last = len(pieces)  # the piece after the closing "và" is the last name
    pieces.append((cursor, len(span)))
    # "… và Hiệp hội Nước mắm Phan Thiết tỉnh Lâm Đồng, Ban Chấp hành mỗi năm họp …": what follows the last
    # name after a comma is the rest of the question
    pieces = _organ_names_whole(span, pieces[:last + 1])
    names = [_without_head(" ".join(question[start + a:start + b].split()).strip(" ,")) for a, b in pieces]
    suffix = _PLACE_SUFFIX.search(folded(names[-1]))
    if suffix and _PLACE_BODY.fullmatch(folded(names[-1][:suffix.start()]).strip()):
        suffix = None  # "UBND xã Đơn Dương": the body of that place, no place the list shares
    place = names[-1][suffix.start(1):] if suffix else ""
    if place:
        names[-1] = names[-1][:suffix.start()].strip()
    # (a piece holding "của" is a phrase of its own, "Ban Chấp hành dự kiến của Liên đoàn Yoga", no name)
    if len(names) < 2 or any(not _named(n) or len(_without_place(n).split()) > MAX_NAME_WORDS or re.search(r"\bcua\b", folded(n))
                             for n in names):
        return []
    out = []
    for name in names:
        has_place = _PLACE_SUFFIX.search(folded(name))
        out.append(Compared(name, f"{name} {place}" if place and not has_place else name))
    return out
