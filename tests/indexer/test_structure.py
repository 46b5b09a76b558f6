"""Section trees of the two seed reports and of small realistic snippets."""

from pathlib import Path

import pytest

from indexer.extraction.model import Section
from indexer.extraction.structure import heading_rank, parse_sections
from indexer.extraction.vietnamese.repair import repair_text

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _seed(prefix: str) -> str:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    text, _ = repair_text(path.read_text(encoding="utf-8"))
    return text


@pytest.fixture(scope="module")
def seed000() -> str:
    return _seed("000")


@pytest.fixture(scope="module")
def seed004() -> str:
    return _seed("004")


def _paths(sections: list[Section]) -> list[list[str]]:
    return [s.path for s in sections]


def _assert_consistent_tree(text: str, sections: list[Section]) -> None:
    """Headings sit at their start, children lie inside parents, siblings do not overlap."""
    starts = [s.start for s in sections]
    assert starts == sorted(starts)
    open_sections: list[Section] = []
    for section in sections:
        assert 0 <= section.start < section.end <= len(text)
        assert " ".join(text[section.start:section.end].split()).startswith(section.heading)
        assert section.level == len(section.path) and section.path[-1] == section.heading
        assert section.kind in ("front", "body", "back")
        assert section.page_start is None and section.page_end is None
        while open_sections and open_sections[-1].level >= section.level:
            previous = open_sections.pop()
            assert previous.end <= section.start
        if open_sections:
            parent = open_sections[-1]
            assert section.path[:-1] == parent.path
            assert parent.start < section.start and section.end <= parent.end
        else:
            assert section.level == 1
        open_sections.append(section)


def test_seed000_text_starts_with_the_repaired_date_line(seed000):
    assert seed000.strip().startswith("Hải Dương, ngày 10 tháng 4 năm 2019")


def test_seed000_roman_sections_and_numbered_subsections(seed000):
    sections = parse_sections(seed000)
    _assert_consistent_tree(seed000, sections)
    top = [s.heading for s in sections if s.kind == "body" and s.level == 1]
    assert top == [
        "I. TÌNH HÌNH TRIỂN KHAI KẾT LUẬN SỐ 62 CỦA BỘ CHÍNH TRỊ",
        "II. KẾT QUẢ THỰC HIỆN KẾT LUẬN 62 CỦA BỘ CHÍNH TRỊ",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TIẾP TỤC THỰC HIỆN KẾT LUẬN SỐ 62 CỦA BỘ CHÍNH TRỊ",
        "V. KIẾN NGHỊ",
    ]
    paths = _paths(sections)
    assert [
        "II. KẾT QUẢ THỰC HIỆN KẾT LUẬN 62 CỦA BỘ CHÍNH TRỊ",
        "1. Về nhiệm vụ nâng cao nhận thức về vai trò, trách nhiệm của Đảng, Chính quyền đối với Mặt trận",
    ] in paths
    assert [
        "II. KẾT QUẢ THỰC HIỆN KẾT LUẬN 62 CỦA BỘ CHÍNH TRỊ",
        "4. Về nhiệm vụ kiện toàn tổ chức bộ máy",
        "4.4 Công tác đào tạo bồi dưỡng, bổ nhiệm cán bộ:",
    ] in paths
    assert ["III. ĐÁNH GIÁ CHUNG", "3. Một số kinh nghiệm"] in [p[:2] for p in paths]
    assert len([p for p in paths if p[0].startswith("II.") and len(p) == 2]) == 6


def test_seed000_numbers_inside_sentences_are_not_headings(seed000):
    headings = [s.heading for s in parse_sections(seed000)]
    assert not any(h.startswith(("1.406", "10 năm", "2019", "- ", "+ ")) for h in headings)


def test_seed000_front_and_back_matter(seed000):
    sections = parse_sections(seed000)
    front = [s for s in sections if s.kind == "front"]
    back = [s for s in sections if s.kind == "back"]
    assert [s.heading for s in front] == ["Hải Dương, ngày 10 tháng 4 năm 2019", "BÁO CÁO"]
    assert "Thực hiện Công văn số 6140/MTTW-BTT" in seed000[front[1].start:front[1].end]
    assert [s.heading for s in back] == ["Nơi nhận:", "PHÓ CHỦ TỊCH"]
    assert seed000[back[-1].start:back[-1].end].rstrip().endswith("Nguyễn Đình Xiển")
    last_body = [s for s in sections if s.kind == "body"][-1]
    assert last_body.end <= back[0].start


def test_seed004_parts_hold_the_roman_sections(seed004):
    sections = parse_sections(seed004)
    _assert_consistent_tree(seed004, sections)
    paths = _paths(sections)
    assert ["PHẦN THỨ NHẤT", "I. BỐI CẢNH, TÌNH HÌNH", "1. Đặc điểm tình hình của Đảng bộ."] in paths
    parts = [s for s in sections if s.heading.startswith("PHẦN")]
    assert [s.heading for s in parts] == ["PHẦN THỨ NHẤT", "PHẦN THỨ HAI"]
    assert all(s.level == 1 for s in parts)
    under_first = [p[1] for p in paths if len(p) == 2 and p[0] == "PHẦN THỨ NHẤT"]
    assert [h.split(".")[0] for h in under_first] == ["I", "II", "III", "IV"]
    under_second = [p[1] for p in paths if len(p) == 2 and p[0] == "PHẦN THỨ HAI"]
    assert under_second == [
        "I. NHIỆM VỤ, GIẢI PHÁP TIẾP TỤC THỰC HIỆN KẾT LUẬN SỐ 62-KL/TW VÀ THÔNG BÁO KẾT LUẬN SỐ 160-KL/TW",
        "II. KIẾN NGHỊ, ĐỀ XUẤT",
    ]


def test_seed004_part_title_line_stays_in_the_part_body(seed004):
    part = next(s for s in parse_sections(seed004) if s.heading == "PHẦN THỨ NHẤT")
    body = seed004[part.start:part.end]
    assert body.split("\n\n")[1].startswith("Bối cảnh và công tác triển khai thực hiện")


def test_seed004_back_matter(seed004):
    back = [s for s in parse_sections(seed004) if s.kind == "back"]
    assert [s.heading.split()[0:3] for s in back] == [["Trên", "đây", "là"], ["Nơi", "nhận:"], ["T/M", "BAN", "THƯỜNG"]]
    assert seed004[back[-1].start:back[-1].end].rstrip().endswith("Nguyễn Thị Hà Phương")


LEGAL = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số: 12/QĐ-UBND\tLâm Đồng, ngày 3 tháng 9 năm 2025

QUYẾT ĐỊNH
Ban hành Quy chế làm việc

Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
QUYẾT ĐỊNH:
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
1. Quy chế này quy định nguyên tắc làm việc.
2. Các trường hợp sau:
a) Cơ quan thuộc tỉnh;
b) Đơn vị sự nghiệp.
Điều 2. Nguyên tắc
Làm việc theo chế độ thủ trưởng.
Chương II
TỔ CHỨC THỰC HIỆN
Điều 3. Hiệu lực
Quyết định có hiệu lực kể từ ngày ký./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Hồ Văn Mười
"""


def test_legal_text_chapters_articles_clauses_points():
    sections = parse_sections(LEGAL)
    _assert_consistent_tree(LEGAL, sections)
    paths = _paths(sections)
    assert ["Chương I", "Điều 1. Phạm vi điều chỉnh", "2. Các trường hợp sau:", "a) Cơ quan thuộc tỉnh;"] in paths
    assert ["Chương II", "Điều 3. Hiệu lực"] in paths
    assert [s.heading for s in sections if s.kind == "front"] == ["ỦY BAN NHÂN DÂN", "QUYẾT ĐỊNH"]
    assert [s.heading for s in sections if s.kind == "back"] == ["Nơi nhận:", "CHỦ TỊCH"]


def test_part_and_roman_variants_and_markdown_residue():
    text = (
        "BÁO CÁO\nTình hình năm 2025\n\nPHẦN I\nKẾT QUẢ\n**I - TÌNH HÌNH CHUNG**\nNội dung.\n"
        "II: NHIỆM VỤ\n***Về thuận lợi:**\n1/ Công tác tuyên truyền\nPhần thứ hai\nI. PHƯƠNG HƯỚNG\n"
    )
    sections = parse_sections(text)
    _assert_consistent_tree(text, sections)
    paths = _paths(sections)
    assert ["PHẦN I", "I - TÌNH HÌNH CHUNG"] in paths
    assert ["PHẦN I", "II: NHIỆM VỤ", "1/ Công tác tuyên truyền"] in paths
    assert ["Phần thứ hai", "I. PHƯƠNG HƯỚNG"] in paths


@pytest.mark.parametrize("line", [
    "10/4/2019 Hội nghị được tổ chức",
    "1.406 tổ tự quản được thành lập",
    "15 phút phản ánh các hoạt động",
    "2019. Năm bản lề",
    "Phần lớn các xã đã hoàn thành",
    "Điều kiện để được công nhận",
    "- Cuộc vận động được triển khai",
    "+ Kết nạp thành viên mới: 12",
    "Ivan đã tham dự",
    "V/v tổng kết 10 năm",
])
def test_ordinary_lines_are_not_headings(line):
    assert heading_rank(line) is None


@pytest.mark.parametrize("line, expected_order", [
    ("PHẦN THỨ BA", 0), ("Chương IV", 1), ("I. TÌNH HÌNH", 3), ("IV - KIẾN NGHỊ", 3),
    ("Điều 12. Hiệu lực", 4), ("3. Về nhiệm vụ", 5), ("4.2. Kiện toàn", 6), ("4.4 Công tác", 6),
    ("1.2.3. Chi tiết", 7), ("b) Đơn vị sự nghiệp", 9), ("đ) Chỉ đạo các sở", 9),
])
def test_heading_ranks(line, expected_order):
    assert heading_rank(line) == expected_order


def test_attached_document_after_signature_starts_a_new_body():
    text = LEGAL + "\nPHỤ LỤC\nChương I\nĐiều 1. Tên gọi\n1. Tên tiếng Việt\n"
    sections = parse_sections(text)
    _assert_consistent_tree(text, sections)
    assert sections[-1].path == ["Chương I", "Điều 1. Tên gọi", "1. Tên tiếng Việt"]


def test_no_headings_at_all():
    text = "Kính gửi: Sở Nội vụ\n\nỦy ban nhân dân tỉnh nhận được Công văn số 5777/BNV-CCHC."
    sections = parse_sections(text)
    assert [(s.heading, s.kind, s.start, s.end) for s in sections] == [("Kính gửi: Sở Nội vụ", "front", 0, len(text))]
    assert parse_sections("") == []
    assert parse_sections("\n \n") == []


def test_long_numbered_paragraph_heading_is_a_prefix():
    line = "1. " + "Tiếp tục quán triệt sâu sắc nghị quyết " * 20
    sections = parse_sections("BÁO CÁO\n" + line)
    heading = sections[-1].heading
    assert len(heading) <= 200 and line.startswith(heading)


def test_capital_heading_wrapped_by_a_pdf_is_joined():
    text = (
        "BÁO CÁO\n\nI. BỐI CẢNH\nNội dung.\nII. CÔNG TÁC QUÁN TRIỆT VÀ TỔ CHỨC THỰC HIỆN\n"
        "KẾT LUẬN SỐ 62-KL/TW CỦA\nBỘ CHÍNH TRỊ\n1. Công tác phổ biến\nChương I\nQUY ĐỊNH CHUNG\n"
    )
    sections = parse_sections(text)
    _assert_consistent_tree(text, sections)
    headings = [s.heading for s in sections]
    assert "II. CÔNG TÁC QUÁN TRIỆT VÀ TỔ CHỨC THỰC HIỆN KẾT LUẬN SỐ 62-KL/TW CỦA BỘ CHÍNH TRỊ" in headings
    assert "Chương I" in headings  # a bare chapter keeps its title line as text
