"""Which units mention a subject, when documents name it without the word that heads it in the
question ("chứng khoán" for "Thị trường chứng khoán"), and an acronym whose long form stands in
few of the documents a thin context finds. An archive where the heads are common words: a month
of market reports."""

from __future__ import annotations

import pytest

from api.answers.topics import core_term
from tests.conftest import answered_units, lexical_archive

MARKET_REPORT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
SỞ CÔNG THƯƠNG

BÁO CÁO
Tình hình thị trường và hoạt động của các hội tỉnh tháng {month} năm 2025 (kỳ {i})

Thị trường hàng hóa trong kỳ ổn định; thị trường xăng dầu đủ nguồn cung cho hộ gia đình và doanh nghiệp.
Hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh và Hội Liên hiệp Phụ nữ tỉnh phối hợp kiểm tra thị trường.
Hội Cựu chiến binh tỉnh, Hội Người cao tuổi tỉnh tham gia giám sát giá cả thị trường tại chợ.
"""

SECURITIES_RULE = """BỘ TÀI CHÍNH

THÔNG TƯ
Hướng dẫn chế độ quản lý tài chính đối với doanh nghiệp

Điều 5. Doanh nghiệp được trích lập dự phòng giảm giá chứng khoán tại doanh nghiệp theo hướng dẫn của Bộ Tài chính.
"""

SECURITIES_REPORT = """ỦY BAN NHÂN DÂN TỈNH AN GIANG

BÁO CÁO
Tình hình kinh tế - xã hội năm 2025

Thị trường chứng khoán có nhiều biến động; các doanh nghiệp của tỉnh niêm yết tăng vốn huy động.
"""

FAMILY_REPORT = """ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN

BÁO CÁO
Công tác gia đình năm 2025

Tổ chức tuyên truyền phòng, chống bạo lực gia đình tại các thôn, bản.
"""

ARTS_LIST = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

PHIẾU TRÌNH
Về việc tạm thời sử dụng điều lệ cũ

Chuyên viên đề xuất cho phép các hội: Hội Văn học nghệ thuật tỉnh, Liên minh Hợp tác xã tỉnh tạm thời sử dụng điều lệ cũ.
Việc sử dụng điều lệ cũ được thực hiện cho đến khi điều lệ mới được phê duyệt theo quy định của pháp luật, bảo đảm hoạt động thường xuyên, liên tục và đúng quy định của pháp luật hiện hành.
Việc sử dụng điều lệ cũ được thực hiện cho đến khi điều lệ mới được phê duyệt theo quy định của pháp luật, bảo đảm hoạt động thường xuyên, liên tục và đúng quy định của pháp luật hiện hành.
"""

ARTS_REPLY = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
VĂN PHÒNG

CÔNG VĂN
Về việc sử dụng điều lệ

Thống nhất cho phép Hội Văn học Nghệ thuật tỉnh, Liên minh Hợp tác xã tỉnh tạm thời sử dụng điều lệ cũ.
Việc sử dụng điều lệ cũ được thực hiện cho đến khi điều lệ mới được phê duyệt theo quy định của pháp luật, bảo đảm hoạt động thường xuyên, liên tục và đúng quy định của pháp luật hiện hành.
Việc sử dụng điều lệ cũ được thực hiện cho đến khi điều lệ mới được phê duyệt theo quy định của pháp luật, bảo đảm hoạt động thường xuyên, liên tục và đúng quy định của pháp luật hiện hành.
"""

MARKET_REPORTS = 36  # more than the 30 chunks a thin context used to read, all ranking above the long form


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    files = {f"thi-truong-{i:02}.txt": MARKET_REPORT.format(month=i % 12 + 1, i=i) for i in range(MARKET_REPORTS)}
    files |= {"thong-tu-tai-chinh.txt": SECURITIES_RULE, "bao-cao-an-giang.txt": SECURITIES_REPORT,
              "gia-dinh-dien-bien.txt": FAMILY_REPORT, "phieu-trinh-hoi.txt": ARTS_LIST, "cong-van-hoi.txt": ARTS_REPLY}
    return lexical_archive(tmp_path_factory.mktemp("core-terms"), files)


def test_a_subject_named_without_its_common_head_is_mentioned_too(reader):
    assert core_term(reader, "Thị trường chứng khoán") == "chứng khoán"
    assert answered_units(reader, "Thị trường chứng khoán được đề cập trong văn bản của những cơ quan nào?") == {
        "Bộ Tài chính", "Ủy ban nhân dân tỉnh An Giang"}


def test_a_head_rarer_than_the_rest_is_the_subject(reader):
    # "gia đình" stands in every market report, "bạo lực" in one document: the violence is the subject
    assert core_term(reader, "bạo lực gia đình") is None
    assert answered_units(reader, "Bạo lực gia đình được nhắc đến trong văn bản của những đơn vị nào?") == {
        "Ủy ban nhân dân tỉnh Điện Biên"}


def test_a_code_behind_a_head_names_the_subject_and_an_organisations_kind_never_frames(reader):
    assert core_term(reader, "Đại dịch COVID-19") == "COVID-19"
    assert core_term(reader, "hoi doanh nghiep tinh") is None


def test_an_acronym_is_spelled_out_from_documents_a_thin_context_ranks_low(reader):
    # "Hội … tỉnh" is every market report's; the two documents writing the association in full rank below them
    assert answered_units(reader, "Hội VHNT tỉnh xuất hiện trong văn bản của đơn vị nào?") == {
        "Sở Nội vụ tỉnh Lâm Đồng", "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng"}



BUDGET_REPORT = """ỦY BAN NHÂN DÂN XÃ {name}

BÁO CÁO
Tình hình sử dụng kinh phí {field} quý {quarter} năm 2025

Kinh phí {field} được giao {amount} triệu đồng, đã giải ngân {spent} triệu đồng cho {purpose}.
"""
_FIELDS = ["giáo dục", "y tế", "giao thông", "thủy lợi", "văn hóa", "thể thao", "môi trường", "quốc phòng"]
_PURPOSES = ["sửa chữa trường học", "mua sắm thiết bị", "nạo vét kênh mương", "trồng cây xanh", "tập huấn cán bộ"]

UNION_NEWS = """LIÊN ĐOÀN LAO ĐỘNG TỈNH {province}

BÁO CÁO
Hoạt động công đoàn năm 2025

Công đoàn cơ sở tổ chức thăm hỏi đoàn viên có hoàn cảnh khó khăn dịp Tết.
"""

UNION_FEE = """SỞ TÀI CHÍNH TỈNH LÂM ĐỒNG

CÔNG VĂN
V/v trích nộp kinh phí công đoàn năm 2025

Các cơ quan, đơn vị trích nộp kinh phí công đoàn bằng 2% quỹ tiền lương đóng bảo hiểm xã hội.
"""


def test_a_rest_mostly_written_without_the_head_names_something_broader(tmp_path):
    """"Kinh phí công đoàn" is the union fee: "kinh phí" is common, but "công đoàn" stands far more
    often on its own (the unions' own reports) than after it, so it is not the subject with its
    frame left out, and the unions' reports do not mention the fee."""
    communes = ["Đạ Huoai", "Bảo Lâm", "Di Linh", "Lâm Hà", "Đơn Dương", "Đức Trọng", "Lạc Dương", "Cát Tiên", "Bảo Lộc",
                "Đam Rông"]
    files = {f"kinh-phi-{i:02}.txt": BUDGET_REPORT.format(name=communes[i % 10], quarter=i % 4 + 1, field=_FIELDS[i % 8],
                                                          amount=100 + 37 * i, spent=50 + 11 * i, purpose=_PURPOSES[i % 5])
             for i in range(40)}
    files |= {f"cong-doan-{i}.txt": UNION_NEWS.format(province=p) for i, p in enumerate(["BÌNH THUẬN", "ĐẮK NÔNG", "KHÁNH HÒA"])}
    files |= {"kinh-phi-cong-doan.txt": UNION_FEE}
    reader = lexical_archive(tmp_path, files)
    assert core_term(reader, "Kinh phí công đoàn") is None
    assert answered_units(reader, "Kinh phí công đoàn được đề cập trong văn bản của những cơ quan nào?") == {
        "Sở Tài chính tỉnh Lâm Đồng"}
