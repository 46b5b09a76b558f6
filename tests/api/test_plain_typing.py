"""A question typed in plain lower-case letters, without accents, reads as the same question typed
properly: its source, what it sets aside, the unit it asks about, a document's number."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.document_answers import _codes, issuer_named
from api.answers.questions import parse_question
from tests.conftest import lexical_archive


@pytest.mark.parametrize("typed, plain", [
    ("Ngoài Chủ tịch và Phó Chủ tịch, Điều lệ Hội Golf tỉnh Lâm Đồng nhiệm kỳ 2025 - 2030 quy định những chức danh nào khác?",
     "ngoai chu tich va pho chu tich, dieu le hoi golf tinh lam dong nhiem ky 2025 - 2030 quy dinh nhung chuc danh nao khac"),
    ("Theo quy chế thực hiện dân chủ ở xã ban hành kèm Nghị định 29/1998/NĐ-CP, nhân dân được bàn và quyết định trực tiếp những việc gì?",
     "theo quy che thuc hien dan chu o xa ban hanh kem nghi dinh 29/1998/nd-cp, nhan dan duoc ban va quyet dinh truc tiep nhung viec gi"),
])
def test_a_plain_question_names_its_source_and_what_it_sets_aside(typed, plain):
    proper, folded_typed = parse_question(typed), parse_question(plain)
    assert (folded_typed.besides is None) == (proper.besides is None)
    assert folded_typed.source is not None and proper.source is not None
    assert len(folded_typed.source) == len(proper.source)
    assert folded_typed.text == folded_typed.text.lower()  # still typed plain: names are read as plain ones


@pytest.mark.parametrize("question, unit", [
    ("ubnd tinh binh thuan da ban hanh nhung van ban nao trong thang 12 nam 2024", "UBND tinh binh thuan"),
    ("so tu phap tinh lam dong da ban hanh nhung van ban nao trong thang 11 nam 2025", "so tu phap tinh lam dong"),
    # folded, "Tư" of "Sở Tư pháp" is the "từ" of a period and "Nam" of "Việt Nam" a "năm": only before a number
    ("Sở Tư pháp tỉnh Lâm Đồng đã ban hành những văn bản nào trong tháng 12 năm 2025?", "Sở Tư pháp tỉnh Lâm Đồng"),
    ("Các văn bản của Ngân hàng Nhà nước Việt Nam năm 2003?", "Ngân hàng Nhà nước Việt Nam"),
    ("trong kho tai lieu co nhung van ban nao do chinh phu ban hanh nam 1998", "chinh phu"),
])
def test_the_unit_asked_about_is_read_typed_either_way(question, unit):
    assert issuer_named(parse_question(question)) == unit


def test_a_number_typed_in_lower_case_is_a_number():
    assert _codes("to trinh 300/ttr-snv cua so noi vu") == ["300/TTR-SNV"]
    assert _codes("nghi dinh 109/2004/nd-cp ve dang ky kinh doanh") == ["109/2004/ND-CP"]
    assert parse_question("vb nao co noi den kpcd do cq nao ban hanh").type == "units"


DISSOLUTION_NOTE = """VĂN PHÒNG UBND TỈNH LÂM ĐỒNG

PHIẾU TRÌNH
Về việc giải thể Hiệp hội Rau quả Đà Lạt

Sở Nội vụ có Tờ trình số 300/TTr-SNV ngày 15 tháng 9 năm 2025 của Sở Nội vụ đề nghị giải thể Hiệp hội Rau quả Đà Lạt.
Văn phòng UBND tỉnh kính trình lãnh đạo UBND tỉnh xem xét.
"""

DISSOLUTION_DRAFT = """SỞ NỘI VỤ TỈNH LÂM ĐỒNG

Số:      /TTr-SNV	Lâm Đồng, ngày      tháng 3 năm 2026

TỜ TRÌNH
Về việc giải thể Hiệp hội Rau quả Đà Lạt

Sở Nội vụ kính trình UBND tỉnh xem xét giải thể Hiệp hội Rau quả Đà Lạt.
"""


def test_a_date_asked_of_a_number_typed_in_lower_case_is_read_from_the_citation(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"phieu-trinh.txt": DISSOLUTION_NOTE, "du-thao.txt": DISSOLUTION_DRAFT}))
    for question in ("Tờ trình 300/TTr-SNV của Sở Nội vụ đề nghị giải thể Hiệp hội Rau quả Đà Lạt được ban hành ngày nào?",
                     "to trinh 300/ttr-snv cua so noi vu de nghi giai the hiep hoi rau qua da lat duoc ban hanh ngay nao"):
        answer = asker.ask(AskRequest(question)).to_json()
        assert answer["document"]["value"] == "2025-09-15", (question, answer["answer"])


@pytest.mark.parametrize("question, organisation", [
    ("dai hoi hoi cuu giao chuc tinh lam dong nhiem ky 2025 - 2030 da bieu quyet ban chap hanh gom bao nhieu nguoi",
     "hoi cuu giao chuc"),
    ("hoi nhiep anh tinh duoc nhac den trong van ban cua nhung don vi nao", "hoi nhiep anh"),
    # "hỏi" typed plain is "hoi" too: asked, not an association
    ("cho hoi tinh lam dong co bao nhieu xa", None),
])
def test_a_plain_hoi_before_a_short_name_and_its_province_is_an_association(question, organisation):
    from api.answers.questions import organisation_name

    assert organisation_name(parse_question(question).text) == organisation


def test_a_rate_of_two_words_typed_plain_must_be_stated_as_those_words():
    from api.answers.figure_answers import _rate_thing

    assert _rate_thing("ty le that nghiep cua tinh lam dong nam 2025 la bao nhieu phan tram", "tinh lam dong") == ["that nghiep"]


PAPI_REPORT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh năm 2025

Chỉ số PAPI năm 2025 của tỉnh đạt 45,2 điểm, tăng 3 bậc so với năm 2024.
"""

GOLF_NOTICE = """HỘI GOLF TỈNH LÂM ĐỒNG

THÔNG BÁO
Kết quả Đại hội Hội Golf tỉnh Lâm Đồng

Hội Golf tỉnh Lâm Đồng tổ chức Đại hội nhiệm kỳ 2025 - 2030; Ban Chấp hành Hội Golf gồm 15 thành viên.
"""


def test_a_plain_word_the_archive_writes_as_an_acronym_is_read_as_one(tmp_path):
    """"chi so papi": no syllable is spelled "papi", and the archive writes PAPI in its sentences; "golf"
    is no syllable either, but the archive writes "Golf" in sentences and "GOLF" only in a heading."""
    from api.answers.acronyms import spelled_out
    from api.search import Filters, Searcher

    searcher = Searcher(lexical_archive(tmp_path, {"papi.txt": PAPI_REPORT, "golf.txt": GOLF_NOTICE}))
    assert spelled_out(searcher, parse_question("cac don vi nao neu ket qua chi so papi"), Filters()) == \
        "cac don vi nao neu ket qua chi so PAPI"
    plain = parse_question("hoi golf tinh lam dong to chuc dai hoi nhiem ky 2025 - 2030 vao ngay nao")
    assert spelled_out(searcher, plain, Filters()) == plain.text


@pytest.mark.parametrize("question,topic", [
    ("co so cai nghien ma tuy moi cong suat tiep nhan bao nhieu hoc vien", "co so cai nghien ma tuy moi cong suat tiep nhan hoc vien"),
    ("nhung don vi nao co van ban ve ve sinh an toan thuc pham", "ve sinh an toan thuc pham"),
    ("co bao nhieu hoi vien", "hoi vien"),  # "có" all the same
])
def test_a_plain_word_opening_a_compound_noun_is_no_scaffolding(question, topic):
    assert parse_question(question).topic == topic


# Tham luận of the UBND thành phố Huế at the 09/10/2025 conference on drugs
HUE = """ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ
THAM LUẬN
Thực trạng cơ sở vật chất, công tác cai nghiện ma túy trên địa bàn thành phố Huế
Trước thực trạng trên, UBND thành phố đã đầu tư 70 tỷ đồng để xây dựng cơ sở cai nghiện độc lập, xây mới khu nhà ở học viên cai nghiện với tổng diện tích sàn là 4.284 m2 tại khu đất mở rộng 3,6 ha, với công suất tiếp nhận 144 học viên cai nghiện ma túy.
"""


def test_a_plain_place_of_one_word_is_read_as_the_archive_writes_it(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"hue.txt": HUE}))
    question = "co so cai nghien ma tuy moi cua thanh pho hue cong suat tiep nhan bao nhieu hoc vien"
    assert parse_question(question).place == "thanh pho hue cong"  # two words after the level, as typed
    answer = asker.ask(AskRequest(question)).to_json()
    assert answer["figure"]["value"] == 144, answer["answer"]
