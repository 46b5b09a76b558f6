"""Is a phrase a person: "Đồng chí …", "Ông …", "Tiến sĩ …", or a family name and given names."""

from __future__ import annotations

import re

from api.answers.passages import folded

# An honorific or an academic title leads a person's name ("TS." and "PGS.TS." included).
HONORIFIC = re.compile(r"^(?:đồng chí|đ/c|ông|bà|(?:phó )?giáo sư|gs|pgs|ts|ths|tiến sĩ|tiến sỹ|thạc sĩ|thạc sỹ|nhà báo|"
                       r"luật sư|bác sĩ|bác sỹ|kỹ sư|ks|nhà văn|nhà thơ)(?=[\s.,]|$)", re.I)
# Vietnamese family names: a capitalised name led by one is a person ("Lương Thế Điền").
_FAMILY = ("Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Lương|Trương|Đào|Đoàn|"
           "Trịnh|Mai|Cao|Lâm|Hà|Tô|Tạ|Châu|Quách|Thái|Triệu|Kiều|Lưu|Vương|Đàm|Tăng|La|Phùng|Chu|Nông|Lục|Văn|Âu|Khúc|"
           "Giang|Hứa|Kim|Lã|Lò|Mạc|Nghiêm|Ninh|Quan|Tôn|Từ|Vi|Y")
_PERSON = re.compile(rf"(?:^|[\s,(–-])(?:{_FAMILY})(?:\s+[A-ZĐÀ-Ỹ][^\s,;.()]*){{1,3}}(?=$|[\s,;.()–-])")
_PLACE_LEVELS = {"tinh", "pho", "tp", "tp.", "huyen", "xa", "phuong", "quan", "tran", "khu", "vung", "mien", "song", "nuoc"}


def names_person(name: str) -> bool:
    """The phrase names a person: led by an honorific or title, or holding a family name and
    given names that are not a place ("tỉnh Lâm Đồng")."""
    if HONORIFIC.match(name):
        return True
    for m in _PERSON.finditer(name):
        before = name[:m.start() + 1].split()
        if not before or folded(before[-1]) not in _PLACE_LEVELS:
            return True
    return False
