"""Which units mention a subject the question wraps in words documents need not write: the verbs done
to it ("giữ gìn thuần phong mỹ tục"), an occasion's frame ("dịp Tết"), another name in brackets ("thư
điện tử (email)"), and a common acronym inside a short term ("cộng đồng DN"). An archive of a district's
papers, where "doanh nghiệp" stands in most of them."""

from __future__ import annotations

import pytest

from api.answers.questions import parse_question
from api.answers.shorthand import written_out
from api.answers.topics import acted_core
from tests.conftest import answered_units, lexical_archive

CHARTER = """BỘ NỘI VỤ

QUYẾT ĐỊNH
Phê duyệt Điều lệ Hội Sinh vật cảnh Việt Nam

Điều 3. Hội hoạt động theo nguyên tắc tự nguyện, tự quản, không trái với thuần phong mỹ tục của dân tộc.
"""

CULTURE_PLAN = """ỦY BAN NHÂN DÂN HUYỆN ĐỨC TRỌNG

KẾ HOẠCH
Xây dựng đời sống văn hóa ở khu dân cư năm 2025

Vận động nhân dân giữ gìn thuần phong mỹ tục, bài trừ hủ tục trong việc cưới, việc tang.
Tổ chức thăm hỏi, tặng quà gia đình chính sách nhân dịp Tết Nguyên đán.
"""

FESTIVAL_NOTICE = """ỦY BAN NHÂN DÂN XÃ HIỆP THẠNH

THÔNG BÁO
Lịch trực bảo đảm an ninh trật tự

Các thôn bố trí lực lượng trực trước, trong và sau Tết Nguyên đán Ất Tỵ.
"""

MAIL_GUIDE = """SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH LÂM ĐỒNG

HƯỚNG DẪN
Gửi, nhận văn bản điện tử

Văn bản không có chữ ký số được gửi qua thư điện tử công vụ của tỉnh.
"""

MAIL_FORM = """TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH LÂM ĐỒNG

PHIẾU
Đăng ký nhận kết quả

Người đăng ký ghi số điện thoại, địa chỉ e-mail để nhận thông báo.
"""

MAIL_LIST = """VĂN PHÒNG UBND TỈNH LÂM ĐỒNG

DANH SÁCH
Đầu mối liên hệ của các sở

Mỗi sở cử một đầu mối, ghi rõ họ tên, chức vụ, email.
"""

BUSINESS_MEETING = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

THÔNG BÁO
Kết luận hội nghị gặp mặt cộng đồng doanh nghiệp năm 2025

Lắng nghe kiến nghị của cộng đồng doanh nghiệp về thủ tục đầu tư.
"""

TAX_NOTE = """CHI CỤC THUẾ KHU VỰC BẢO LỘC

BÁO CÁO
Tình hình thu thuế tháng {month} năm 2025 (kỳ {i})

Số doanh nghiệp nộp thuế đúng hạn tăng; doanh nghiệp nợ thuế được đôn đốc.
Cộng đồng dân cư các phường phối hợp tuyên truyền chính sách thuế.
Nguồn thu được phân cấp cho ngân sách phường theo quy định.
"""

POWERS_PLAN = """SỞ NỘI VỤ TỈNH LÂM ĐỒNG

KẾ HOẠCH
Thực hiện phân cấp, phân quyền năm 2025

Đẩy mạnh phân cấp, phân quyền cho chính quyền cấp xã gắn với kiểm tra, giám sát.
"""

POWERS_REPORT = """ỦY BAN NHÂN DÂN XÃ ĐẠ HUOAI

BÁO CÁO
Kết quả tiếp nhận nhiệm vụ

Xã tiếp nhận các nhiệm vụ được phân cấp, phân quyền từ cấp tỉnh.
"""
TAX_NOTES = 24  # "doanh nghiệp" beside "cộng đồng" in most chunks of the archive, never the business community


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    files = {f"thue-{i:02}.txt": TAX_NOTE.format(month=i % 12 + 1, i=i) for i in range(TAX_NOTES)}
    files |= {"dieu-le.txt": CHARTER, "ke-hoach-van-hoa.txt": CULTURE_PLAN, "thong-bao-truc-tet.txt": FESTIVAL_NOTICE,
              "huong-dan-thu.txt": MAIL_GUIDE, "phieu-dang-ky.txt": MAIL_FORM, "danh-sach-dau-moi.txt": MAIL_LIST,
              "ket-luan-doanh-nghiep.txt": BUSINESS_MEETING, "ke-hoach-phan-quyen.txt": POWERS_PLAN,
              "bao-cao-phan-quyen.txt": POWERS_REPORT}
    return lexical_archive(tmp_path_factory.mktemp("behind-verbs"), files)


def test_the_verbs_done_to_a_subject_are_not_asked_of_its_documents(reader):
    assert acted_core("giữ gìn thuần phong mỹ tục") == "thuần phong mỹ tục"
    assert acted_core("xây dựng, nhân rộng các điển hình tiên tiến") == "điển hình tiên tiến"
    assert acted_core("bồi dưỡng, nâng cao kỹ năng số cho cán bộ và người dân") == "kỹ năng số"
    assert acted_core("nâng cao chất lượng") is None  # two syllables: a word, no subject of its own
    assert answered_units(reader, "Những cơ quan nào có văn bản nói đến việc giữ gìn thuần phong mỹ tục?") == {
        "Bộ Nội vụ", "Ủy ban nhân dân huyện Đức Trọng"}


def test_an_occasion_is_mentioned_without_its_frame(reader):
    assert answered_units(reader, "Những đơn vị nào có văn bản nhắc tới dịp Tết?") == {
        "Ủy ban nhân dân huyện Đức Trọng", "Ủy ban nhân dân xã Hiệp Thạnh"}


def test_a_foreign_word_in_brackets_is_another_name_written_either_way(reader):
    assert parse_question("Văn bản của những cơ quan nào đề cập đến thư điện tử (email)?").phrases == [
        "thư điện tử", "email", "e-mail"]
    assert len(answered_units(reader, "Văn bản của những cơ quan nào đề cập đến thư điện tử (email)?")) == 3


def test_a_common_acronym_in_a_short_term_is_the_term_not_the_acronym(reader):
    assert written_out("CQ, ĐV nào có VB nhắc tới cộng đồng DN?") == "cơ quan nào có văn bản nhắc tới cộng đồng DN?"
    assert answered_units(reader, "CQ, ĐV nào có VB nhắc tới cộng đồng DN?") == {"Ủy ban nhân dân tỉnh Lâm Đồng"}


def test_a_listed_pair_written_together_is_one_expression(reader):
    # "phân cấp" alone stands in every tax note; "phân cấp, phân quyền" is decentralisation
    assert answered_units(reader, "Phân cấp, phân quyền được nhắc đến trong văn bản của những đơn vị nào?") == {
        "Sở Nội vụ tỉnh Lâm Đồng", "Ủy ban nhân dân xã Đạ HUOAI"}


def test_documents_of_which_body_say_something_ask_for_units():
    question = parse_question("Văn bản của cơ quan nào nói đến việc giúp đỡ người có hoàn cảnh khó khăn?")
    assert question.type == "units" and question.topic == "giúp đỡ người có hoàn cảnh khó khăn"


def test_a_name_whose_words_could_ask_keeps_them():
    # "thống kê" (to list) asks in "thống kê các đơn vị …"; inside "Cục Thống kê" it is the name's
    for asked in ("Tổng cục Thống kê hoặc Cục Thống kê được nhắc tên trong văn bản của những đơn vị nào?",
                  "Tổng cục Thống kê hoặc Cục Thống kê được nhắc đến trong văn bản của những đơn vị nào?",
                  "Cơ quan nào có văn bản đề cập đến vấn đề Tổng cục Thống kê hoặc Cục Thống kê?"):
        assert parse_question(asked).phrases == ["Tổng cục Thống kê", "Cục Thống kê"], asked
