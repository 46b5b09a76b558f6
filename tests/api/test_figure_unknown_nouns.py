"""What "Số …" counts when no unit knows its noun ("Số dữ liệu sai lệch … là bao nhiêu?"): the
figure written before that noun, not the nearest figure with a known unit; and a programme named
only in the reports a question cites after its subject ("… theo báo cáo Đề án 06 tháng 8 …") is the
source, not the subject."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.figures import measured_thing, number_of
from api.answers.questions import parse_question, trailing_source
from tests.conftest import lexical_archive

REPORT = """UBND TỈNH LÂM ĐỒNG
BAN CHỈ ĐẠO ĐỀ ÁN 06

BÁO CÁO
Kết quả triển khai Đề án 06 trên địa bàn tỉnh tháng 10/2025

II. KẾT QUẢ
1. Làm sạch dữ liệu
- Các sở, ngành: đã làm sạch dữ liệu trên hệ thống 51.208 đối tượng hưởng chính sách, đạt tỷ lệ 71,4%.
- Thuế tỉnh Lâm Đồng phối hợp với Công an tỉnh: Làm sạch (trên hệ thống CSDL quốc gia về dân cư) 48.116 dữ liệu sai lệch giữa thuế và dân cư.
"""

QUESTION = "Số dữ liệu sai lệch giữa thuế và dân cư mà Thuế tỉnh Lâm Đồng đã làm sạch theo báo cáo Đề án 06 tháng 10/2025 là bao nhiêu?"


def test_what_a_capitalised_so_counts():
    assert number_of(QUESTION) == "dữ liệu sai lệch"
    assert number_of("Số hộ nghèo năm 2025 là bao nhiêu?") is None  # a unit the figures know: no noun of its own


def test_a_programme_named_after_the_subject_names_the_source():
    assert trailing_source(QUESTION) == "báo cáo Đề án 06 tháng 10/2025"
    parsed = parse_question(QUESTION)
    assert parsed.name is None and parsed.measured == "dữ liệu sai lệch"
    # named in the subject itself, the programme stays the name
    assert parse_question("Kinh phí thực hiện Đề án 06 năm 2025 theo báo cáo của tỉnh là bao nhiêu?").name == "Đề án 06"


def test_the_figure_of_the_noun_counted_not_the_nearest_known_unit(tmp_path):
    reader = lexical_archive(tmp_path, {"bao_cao_de_an_06_thang_10.txt": REPORT})
    answer = Asker(reader).ask(AskRequest(QUESTION)).to_json()
    assert answer["type"] == "figure", answer["type"]
    assert answer["figure"]["value"] == 48116, answer["answer"]


@pytest.mark.parametrize("question, measured", [
    ("Tính đến tháng 9/2025, bao nhiêu tài khoản đã được cấp cho cơ sở kinh doanh lưu trú?", "tài khoản"),
    ("bao nhieu tai khoan da duoc cap cho co so luu tru?", "tai khoan"),
    ("Có bao nhiêu bài viết được đăng trên chuyên mục cải cách hành chính?", "bài viết"),
    ("Có bao nhiêu phạm nhân thuộc diện đặc xá năm 2025?", "phạm nhân"),
])
def test_what_bao_nhieu_counts_ends_before_the_verb(question, measured):
    assert measured_thing(question) == measured


ACCOUNTS = """UBND TỈNH LÂM ĐỒNG
BAN CHỈ ĐẠO ĐỀ ÁN 06

BÁO CÁO
Kết quả triển khai Đề án 06 trên địa bàn tỉnh tháng 9/2025

1. Định danh điện tử: 2.804.117 tài khoản định danh điện tử, trong đó 2.101.530 tài khoản đã kích hoạt.
2. Lưu trú: các cơ sở khám chữa bệnh đã thực hiện 61.204 lượt thông báo lưu trú qua phần mềm ASM. Đồng thời, cấp 5.126 tài khoản cho cơ sở kinh doanh lưu trú để thực hiện thông báo lưu trú qua phần mềm ASM.
"""


def test_accounts_given_not_accounts_activated(tmp_path):
    reader = lexical_archive(tmp_path, {"bao_cao_de_an_06_thang_9.txt": ACCOUNTS})
    answer = Asker(reader).ask(AskRequest("Tính đến tháng 9/2025, bao nhiêu tài khoản đã được cấp cho cơ sở kinh doanh lưu trú "
                                          "để thông báo lưu trú qua phần mềm ASM?")).to_json()
    assert answer["figure"]["value"] == 5126, answer["answer"]
