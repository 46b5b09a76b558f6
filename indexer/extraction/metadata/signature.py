"""The signature block (signer and position) and the "Nơi nhận:" recipients."""

from __future__ import annotations

import re

from indexer.extraction.lines import POSITION_WORDS, SIGNATURE_PREFIX, Line, columns, compact, is_uppercase_line, strip_markup
from indexer.extraction.metadata.casing import sentence_case_position
from indexer.extraction.metadata.patterns import LOWER, UPPER
from indexer.extraction.model import Found

_NAME = re.compile(
    rf"^(?:(?:Ông|Bà|Đồng chí|Đ/c|(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý))\s+)?(?P<name>[{UPPER}][{LOWER}]+(?:\s+[{UPPER}][{LOWER}']*){{1,5}})\s*$"
)
_NOT_NAMES = re.compile(
    r"^(?:Nơi|Như|Lưu|Kính|Trên|Các|Ban|Sở|Phòng|Văn|Ủy|Uỷ|Thường|Chủ|Phó|Bí|Phường|Xã|Tỉnh|Huyện|Quận|"
    r"Thành|Thị|Đặc|Phụ|Ngày|Hội|Liên|Công|Trung|Bộ|Cục|Chi)\b"
)
def recipient_lines(lines: list[Line], back_start: int) -> tuple[int | None, list[Found]]:
    """The "Nơi nhận:" line's index and its "- …" items (the left column only)."""
    for index, line in enumerate(lines):
        if line.end <= back_start or not re.match(r"nơi\s+nhận", line.stripped, re.I):
            continue
        recipients: list[Found] = []
        for following in lines[index + 1:]:
            cells = list(columns(following))
            if not cells:
                continue
            cell, start = cells[0]
            if not re.match(r"^[-+•–]\s*", cell):
                if recipients:
                    break
                continue
            item = re.sub(r"^[-+•–]\s*", "", cell)
            item = re.sub(r"[\s;,.]+$", "", item)
            if item:
                item_start = start + cell.index(item)
                recipients.append(Found(item, item_start, item_start + len(item)))
        return index, recipients
    return None, []


_NAME_WITHIN_LINES = 5  # the signer's name sits a few lines under the position (signature, seal)
_NOT_POSITION = re.compile(r"^(?:KÍNH TRÌNH|KÍNH GỬI|Ý KIẾN|PHÒNG XỬ LÝ)\b")
_NO_SIGNATURE_TYPES = {"phiếu trình"}  # an internal note: sign-off boxes, not a signature


def signature(lines: list[Line], back_start: int, recipients_index: int | None,
               doc_type: str | None = None) -> tuple[Found | None, Found | None]:
    """(signer, position): the name under the signature block and the position right above it.

    "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": the first position line after the last "KT./TL./TM." line
    is the signer's ("PHÓ TRƯỞNG BAN / PHÓ CHỦ TỊCH UBND TỈNH" keeps "Phó Trưởng ban"). The
    name must follow within a few lines. A position without a name (a draft) is kept when it
    follows "Nơi nhận:" or a "KT./TM." line. A phiếu trình has no signature."""
    if doc_type in _NO_SIGNATURE_TYPES:
        return None, None
    first = recipients_index if recipients_index is not None else next(
        (i for i, line in enumerate(lines) if line.start >= back_start), len(lines))
    nonblank = [i for i, line in enumerate(lines) if line.stripped]
    tail = nonblank[-8:] if nonblank else []
    start_index = min(first, tail[0]) if tail else first
    position: Found | None = None
    opened = delegated = False  # delegated: a "KT./TL./T/M" line, proof of a signature block
    since_opened = 0
    for line in lines[start_index:]:
        if opened and any(cell[0] not in "-+•–" for cell, _ in columns(line)):  # "- Như trên;" beside it
            since_opened += 1
            if since_opened > _NAME_WITHIN_LINES:
                break
        for cell, start in columns(line):
            cell = strip_markup(cell)
            if not cell or cell[0] in "-+•–":
                continue
            start = line.start + line.text.index(cell) if cell in line.text else start
            upper = cell.upper()
            # a legacy uppercase font decodes to lower case: "kT/bộ trưởng bộ tài chính" / "Thứ trưởng"
            # (or keeps the prefix's capitals: "KT/Bộ trưởng Bộ Tài chính")
            legacy = not is_uppercase_line(cell) and len(cell) <= 60 and (
                SIGNATURE_PREFIX.match(upper) and (cell[:1].islower() or bool(POSITION_WORDS.search(upper)))
                or delegated and POSITION_WORDS.search(upper) and len(cell.split()) <= 4 and not _NAME.match(cell))
            if (is_uppercase_line(cell) or legacy) and len(cell) <= 60:
                if SIGNATURE_PREFIX.match(upper):
                    opened = delegated = True
                    position, since_opened = None, 0
                elif POSITION_WORDS.search(upper) and len(cell.split()) <= 6 and not _NOT_POSITION.match(upper):
                    if position is None:
                        position = Found(sentence_case_position(upper), start, start + len(cell))
                    if not opened:
                        since_opened = 0
                    opened = True
                continue
            name = _NAME.match(cell)
            if opened and name and not _NOT_NAMES.match(name.group("name")):
                name_start = start + name.start("name")
                return Found(compact(name.group("name")), name_start, name_start + len(name.group("name"))), position
    written = [lines[i] for i in nonblank]
    signed = opened or delegated or recipients_index is not None or any(
        _DELEGATION_INSIDE.search(line.text) for line in written[-_BLOCK_LINES:])
    fallback = _last_line_signer(written[-_LAST_LINES:], signed)
    if fallback:
        return fallback, position
    return None, position if delegated or recipients_index is not None else None


# Vietnamese family names: in a scan's text layer the signature block comes apart ("ơi nhận: GLÁM
# ĐÓC", "` E§. TẾ. Đỗ Ngọc Thịnh"), but the signer's name still ends the document.
_SURNAMES = set("""Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương Đinh Lâm Mai Tạ
Cao Đoàn Lương Trịnh Châu Hà Thái Tô Quách Kiều Lưu Triệu La Tăng Vương Phùng Hứa Đàm Từ Nông Lò Giang Chu Đào
Khúc Mạc Lục Thân Tôn Bạch Âu Diệp Ninh Kim Nghiêm Lạc Doãn Đồng Hầu Lã Ông Phí Tống Văn Viên Yên Thạch Sơn Ka""".split())
_RANK = r"(?:Đại|Thượng|Trung|Thi[ếểêe]u)\s+(?:t[ưu][ớờởóo]ng|tá|úy|uý)"
_TAIL_NAME = re.compile(rf"(?:(?P<rank>{_RANK})\s+)?(?P<name>[{UPPER}][{LOWER}]+(?:\s+[{UPPER}][{LOWER}]+){{1,3}})\s*$")
_LAST_LINES = 3
_BLOCK_LINES = 14
_DELEGATION_INSIDE = re.compile(r"(?<![\w/])(?:TM|KT|TL|T/M|TUQ)\.\s*[A-ZĐ]{2}")  # "Bến êm TM. BAN THƯỜNG VỤ"


def _last_line_signer(tail: list[Line], signed: bool) -> Found | None:
    """A name closing one of the last non-blank lines (``tail``): after a rank ("Thiểu tướng Trương
    Minh Đương", as the scan reads "Thiếu tướng") always, else when a signature block was seen above."""
    for line in reversed(tail):
        for cell, start in reversed(list(columns(line))):
            found = _TAIL_NAME.search(strip_markup(cell))
            if not found or found.group("name").split()[0] not in _SURNAMES or _NOT_NAMES.match(found.group("name")):
                continue
            if found.group("rank") or signed:
                at = line.text.find(found.group("name"))
                at = line.start + at if at >= 0 else start
                return Found(compact(found.group("name")), at, at + len(found.group("name")))
    return None
