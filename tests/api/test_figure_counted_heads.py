"""Figure questions over a series of monthly reports holding the same sentences with other
figures: a noun no list knows ("bao nhiêu phạm nhân thuộc diện đặc xá …"), the organ that acted
named on one report's first page by chance, and the month the question names."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.figures import measured_thing
from tests.conftest import lexical_archive

AUGUST = """UBND TỈNH LÂM ĐỒNG
BAN CHỈ ĐẠO ĐỀ ÁN 06

BÁO CÁO
Kết quả triển khai Đề án 06 trên địa bàn tỉnh tháng 8/2025

Thực hiện chỉ đạo của Ban Chỉ đạo, Công an tỉnh là cơ quan thường trực tổng hợp báo cáo như sau.
a) Tính đến ngày 15/8/2025, toàn tỉnh đã thu nhận 3.801.402 lượt hồ sơ cấp căn cước, căn cước công dân; kích hoạt 2.107.729 tài khoản định danh điện tử.
b) Tính đến ngày 15/8/2025, Sổ sức khỏe điện tử đã được tích hợp 562.694 sổ trên ứng dụng VNeID ở Lâm Đồng.
"""

NOVEMBER = """UBND TỈNH LÂM ĐỒNG
BAN CHỈ ĐẠO ĐỀ ÁN 06

BÁO CÁO
Kết quả triển khai Đề án 06 trên địa bàn tỉnh tháng 11/2025

I. KẾT QUẢ TRIỂN KHAI
a) Tính đến ngày 15/11/2025, Sổ sức khỏe điện tử đã tích hợp 849.881 sổ trên VNeID.
"""

SEPTEMBER = """UBND TỈNH LÂM ĐỒNG
BAN CHỈ ĐẠO ĐỀ ÁN 06

BÁO CÁO
Kết quả triển khai Đề án 06 trên địa bàn tỉnh tháng 9/2025

I. KẾT QUẢ TRIỂN KHAI
a) Tính đến ngày 15/9/2025, toàn tỉnh đã thu nhận 3.830.878 lượt hồ sơ cấp căn cước, căn cước công dân (trong đó, 521.539 hồ sơ cấp căn cước). Thu hồ sơ cấp thẻ căn cước cho 97 phạm nhân đang chấp hành án trong diện đặc xá dịp 2/9.
b) Duy trì tổ chức 11 tổ lưu động cấp con dấu mới cho Ủy ban nhân dân cấp xã sau sáp nhập.
"""


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    return lexical_archive(tmp_path_factory.mktemp("counted-heads"), {
        "bao-cao-thang-8.txt": AUGUST, "bao-cao-thang-9.txt": SEPTEMBER, "bao-cao-thang-11.txt": NOVEMBER})


def test_the_head_noun_after_bao_nhiêu_is_what_is_counted():
    assert measured_thing("Công an tỉnh đã thu hồ sơ cho bao nhiêu phạm nhân thuộc diện đặc xá dịp 2/9?") == "phạm nhân"
    assert measured_thing("Công an tỉnh đã đăng tải bao nhiêu bài viết trên chuyên mục “Loa phường”?") == "bài viết"
    assert measured_thing("Có bao nhiêu Phó Chủ tịch?") == "Phó Chủ tịch"  # a name: the words before a stop, as before


def test_a_noun_no_list_knows_is_counted_and_the_organ_that_acted_does_not_pick_the_report(reader):
    answer = Asker(reader).ask(AskRequest(
        "Trong tháng 9/2025, Công an tỉnh đã thu hồ sơ cấp thẻ căn cước cho bao nhiêu phạm nhân thuộc diện đặc xá dịp 2/9?"
    )).to_json()
    assert answer["type"] == "figure", answer["type"]
    assert answer["figure"]["value"] == 97 and answer["figure"]["unit"] == "phạm nhân", answer["figure"]
    assert answer["units"][0]["documents"][0]["path"].endswith("bao-cao-thang-9.txt")


def test_the_figure_comes_from_the_report_of_the_month_asked(reader):
    # the August sentence holds more of the question's words; the question asks for mid-November
    question = "Tính đến 15/11/2025, Sổ sức khỏe điện tử đã được tích hợp bao nhiêu sổ trên ứng dụng VNeID ở Lâm Đồng?"
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["figure"]["value"] == 849881, answer["figure"]
    assert answer["units"][0]["documents"][0]["path"].endswith("bao-cao-thang-11.txt")


def test_a_month_is_read_however_a_question_writes_it():
    from api.answers.questions import named_month

    assert named_month("Trong tháng 9/2025, Công an tỉnh …") == (2025, 9)
    assert named_month("de an 06 thang 8 nam 2025 cap nhat bao nhieu ho so") == (2025, 8)
    assert named_month("BC ĐA 06 T11/2025: chi trả ASXH qua TK") == (2025, 11)
    assert named_month("Tính đến 15/11/2025, …") == (2025, 11)
    assert named_month("Kế hoạch năm 2025 có bao nhiêu nhiệm vụ?") is None


def test_bn_is_how_a_hurried_question_writes_bao_nhiêu():
    from api.answers.questions import parse_question

    question = parse_question("BC ĐA 06 T11/2025: chi trả ASXH qua TK cho bn người hưởng chế độ?")
    assert question.type == "figure" and question.figure_unit == "người"
    assert parse_question("BN mắc sốt xuất huyết năm 2025").type != "figure"  # capitals: bệnh nhân
