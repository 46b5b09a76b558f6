"""Names written in capitals, in the case used inside sentences: organisations, places, positions."""

from __future__ import annotations

import re

from indexer.extraction.vietnamese.syllables import is_valid_syllable

# Words that keep their capital inside an organisation name written in capitals.
_PROPER_TITLE_WORDS = {
    "thường vụ": "Thường vụ", "thường trực": "Thường trực", "chấp hành": "Chấp hành",
    "nội vụ": "Nội vụ", "trung ương": "Trung ương", "việt nam": "Việt Nam", "việtnam": "Việt Nam", "tổ quốc": "Tổ quốc",
    "mặt trận": "Mặt trận", "ủy ban": "Ủy ban", "uỷ ban": "Ủy ban", "đảng": "Đảng",
    "công an": "Công an", "tài chính": "Tài chính", "tư pháp": "Tư pháp", "y tế": "Y tế",
    "xây dựng": "Xây dựng", "công thương": "Công Thương", "văn phòng": "Văn phòng",
    "chỉ đạo": "Chỉ đạo", "đề án": "Đề án", "nhà nước": "Nhà nước", "chính phủ": "Chính phủ",
}


def fix_uy(text: str) -> str:
    """The "Ủy" spelling the issue asks for ("Uỷ ban" → "Ủy ban"); length is kept."""
    return text.replace("Uỷ", "Ủy").replace("uỷ", "ủy").replace("UỶ", "ỦY")


def title_case_place(caps: str) -> str:
    """"LÂM ĐỒNG" → "Lâm Đồng"."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in caps.split())


def keep_acronyms(caps: str, text: str) -> str:
    """Put back in capitals the abbreviations (UBND, MTTQ, HĐND) a lowercasing step lost."""
    for token in re.findall(r"[^\W\d_]+", caps):
        if token.isupper() and len(token) > 1 and not is_valid_syllable(token):
            text = re.sub(rf"(?<!\w){re.escape(token.lower())}(?!\w)", token, text, flags=re.I)
    return text


def title_case_name(caps: str) -> str:
    """An organisation or position written in capitals, in the case used inside sentences:
    "ĐẢNG ỦY PHƯỜNG HẢI DƯƠNG" → "Đảng ủy phường Hải Dương", "SỞ NỘI VỤ" → "Sở Nội vụ"."""
    words = fix_uy(caps).lower().split()
    out: list[str] = []
    place = False
    for word in words:
        if place:
            out.append(word[:1].upper() + word[1:])
            continue
        out.append(word)
        place = word in ("tỉnh", "huyện", "xã", "phường", "quận") or " ".join(out[-2:]) in ("thành phố", "thị xã", "thị trấn", "đặc khu")
    text = " ".join(out)
    for lower, proper in _PROPER_TITLE_WORDS.items():
        text = re.sub(rf"(?<!\w){lower}(?!\w)", proper, text)
    if out and out[0] in ("sở", "bộ"):  # "Sở Nông nghiệp và Môi trường", "Bộ Văn hóa, Thể thao và Du lịch"
        text = re.sub(r"(?:^(?:sở|bộ)|\svà|,|\s-)\s+\w", lambda m: m.group(0)[:-1] + m.group(0)[-1].upper(), text)
    text = keep_acronyms(caps, text)
    return text[:1].upper() + text[1:]



_POSITION_CAPITALS = (
    "chủ tịch", "bí thư", "giám đốc", "thường trực", "văn phòng", "chánh", "trưởng", "thủ trưởng",
    "ủy viên", "thư ký", "chủ nhiệm", "tổng", "cục trưởng", "viện trưởng", "hiệu trưởng", "kế toán",
)


def sentence_case_position(caps: str) -> str:
    """"PHÓ BÍ THƯ THƯỜNG TRỰC" → "Phó Bí thư Thường trực", as positions are written in text."""
    text = fix_uy(" ".join(caps.split())).lower()
    for word in _POSITION_CAPITALS:
        text = re.sub(rf"(?<!\w)(?<!thứ )(?<!bộ )(?<!tổ ){word}(?!\w)", lambda m: m.group(0)[0].upper() + m.group(0)[1:], text)
    text = keep_acronyms(caps, text)
    return text[:1].upper() + text[1:]
