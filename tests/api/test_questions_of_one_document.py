"""A question that names the document it asks of ("Theo dự thảo Thông tư …, tổ chức nào …?",
"Kế hoạch … kiến nghị những cơ quan nào …?") is answered from that document's passages, not as
"which units reported this" across the archive."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.questions import parse_question
from tests.conftest import lexical_archive

DRAFT = """BỘ TÀI CHÍNH

Số: /2026/TT-BTC
DỰ THẢO

THÔNG TƯ
Quy định mức thu, chế độ thu, nộp lệ phí cấp phiếu lý lịch tư pháp

Điều 1. Phạm vi điều chỉnh
Thông tư này quy định mức thu, chế độ thu, nộp, quản lý lệ phí cấp phiếu lý lịch tư pháp.
Điều 2. Người nộp lệ phí
Cá nhân, cơ quan, tổ chức đề nghị cấp phiếu lý lịch tư pháp phải nộp lệ phí theo quy định.
Điều 3. Tổ chức thu lệ phí
Trung tâm Lý lịch tư pháp quốc gia và Sở Tư pháp các tỉnh, thành phố là tổ chức thu lệ phí.
"""

COVER = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số: 812/UBND-NC
V/v góp ý dự thảo Thông tư về lệ phí cấp phiếu lý lịch tư pháp

Giao Sở Tư pháp chủ trì nghiên cứu, góp ý dự thảo Thông tư của Bộ Tài chính về lệ phí lý lịch tư pháp.
"""


@pytest.mark.parametrize("question, kind", [
    ("Theo dự thảo Thông tư về lệ phí cấp phiếu lý lịch tư pháp, tổ chức nào là tổ chức thu lệ phí?", "passages"),
    ("Kế hoạch phòng, chống thiên tai năm 2026 của tỉnh kiến nghị những cơ quan nào phối hợp ứng phó?", "passages"),
    ("Những đơn vị nào có văn bản về lệ phí cấp phiếu lý lịch tư pháp?", "units"),
    ("Kết luận 62-KL/TW được đề cập trong văn bản của những cơ quan nào?", "units"),  # the document is the subject
])
def test_a_question_naming_its_document_is_no_units_question(question, kind):
    assert parse_question(question).type == kind


@pytest.mark.parametrize("question, source", [
    ("Mẫu dự án CNTT của tỉnh hướng dẫn xây dựng mạng WAN như thế nào?", "Mẫu dự án CNTT của tỉnh"),
    ("Kết luận buổi làm việc của Phó Chủ tịch UBND tỉnh về chuyển đổi số (4/2026) chỉ đạo gì về chế độ hỗ trợ cán bộ?",
     "Kết luận buổi làm việc của Phó Chủ tịch UBND tỉnh về chuyển đổi số (4/2026)"),
])
def test_the_document_a_question_opens_with_is_its_source(question, source):
    assert parse_question(question).source == source


def test_the_named_document_s_article_answers(tmp_path):
    reader = lexical_archive(tmp_path, {"du_thao_thong_tu.txt": DRAFT, "cong_van_gop_y.txt": COVER})
    answer = Asker(reader).ask(AskRequest("Theo dự thảo Thông tư về lệ phí cấp phiếu lý lịch tư pháp, tổ chức nào là tổ chức "
                                          "thu lệ phí?")).to_json()
    first = answer["units"][0]["documents"][0]
    assert first["name"] == "du_thao_thong_tu.txt"
    assert "Điều 3. Tổ chức thu lệ phí" in first["evidence"][0]["section_path"]


TEMPLATE = """BAN CHỈ ĐẠO CHƯƠNG TRÌNH QUỐC GIA VỀ CÔNG NGHỆ THÔNG TIN

MẪU DỰ ÁN
Ứng dụng công nghệ thông tin trong cơ quan hành chính nhà nước cấp tỉnh

IV. HẠ TẦNG MẠNG
IV.1 Xây dựng mạng LAN
Mỗi sở, ngành xây dựng mạng cục bộ nối các phòng, có máy chủ dùng chung.
IV.2 Xây dựng mạng WAN
Mạng diện rộng của tỉnh kết nối Văn phòng UBND tỉnh với các sở, ngành và UBND các huyện qua đường truyền thuê bao riêng.
"""

REPORT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả ứng dụng công nghệ thông tin năm 2025

1. Hạ tầng
Mạng diện rộng (WAN) của tỉnh đã kết nối đến 100% sở, ngành; mạng cục bộ (LAN) hoạt động ổn định.
"""


def test_a_template_opening_the_question_is_its_document(tmp_path):
    question = "Mẫu dự án ứng dụng CNTT của tỉnh hướng dẫn xây dựng mạng diện rộng (WAN) kết nối các sở, huyện như thế nào?"
    assert parse_question(question).source.startswith("Mẫu dự án ứng dụng CNTT")
    reader = lexical_archive(tmp_path, {"mau_du_an.txt": TEMPLATE, "bao_cao_cntt.txt": REPORT})
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    first = answer["units"][0]["documents"][0]
    assert first["name"] == "mau_du_an.txt"
    assert "IV.2 Xây dựng mạng WAN" in first["evidence"][0]["section_path"], first["evidence"][0]["section_path"]


def _charter(articles: str) -> str:
    return ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nĐIỀU LỆ\nHỘI CỰU THANH NIÊN XUNG PHONG TỈNH LÂM ĐỒNG\n"
            "(Kèm theo Quyết định số /QĐ-UBND của Chủ tịch Ủy ban nhân dân tỉnh)\n\n" + articles)


FINANCE_19 = ("Chương V\nTÀI CHÍNH\nĐiều 19. Tài chính của Hội\n1. Nguồn thu của Hội: hội phí của hội viên; tài trợ của tổ chức, "
              "cá nhân; hỗ trợ của Nhà nước gắn với nhiệm vụ được giao.\n2. Các khoản chi của Hội: chi hoạt động, chi khen thưởng.\n")


def test_a_copy_s_same_section_is_shown_once_leaving_room_for_another_version_s(tmp_path):
    # two files of the old charter (the same article, the rest of each file worded apart) and the new
    # charter, whose finance article moved to Điều 21
    old = _charter("Chương I\nĐiều 1. Tên gọi\nHội Cựu thanh niên xung phong tỉnh Lâm Đồng là tổ chức xã hội.\n" + FINANCE_19)
    old_copy = _charter("Chương I\nĐiều 1. Tên gọi và biểu tượng\nHội có biểu tượng riêng, được đăng ký theo quy định của "
                        "pháp luật về sở hữu trí tuệ; trụ sở đặt tại thành phố Đà Lạt.\nĐiều 2. Tôn chỉ, mục đích\n"
                        "Tập hợp, đoàn kết hội viên, giữ gìn truyền thống.\n" + FINANCE_19)
    new = _charter("Chương VI\nTÀI CHÍNH\nĐiều 21. Tài chính của hội\n1. Nguồn thu của Hội: hội phí; thu từ hoạt động dịch vụ; "
                   "các nguồn thu hợp pháp khác.\n2. Các khoản chi của Hội: chi thực hiện nhiệm vụ, chi thuê trụ sở.\n")
    reader = lexical_archive(tmp_path, {"dieu_le_cu.txt": old, "dieu_le_cu_ban_sao.txt": old_copy, "dieu_le_moi.txt": new})
    answer = Asker(reader).ask(AskRequest("Điều lệ Hội Cựu thanh niên xung phong tỉnh Lâm Đồng quy định tài chính của Hội gồm "
                                          "những nguồn thu và khoản chi nào?")).to_json()
    shown = [(d["name"], " › ".join(e["section_path"])) for u in answer["units"] for d in u["documents"] for e in d["evidence"]]
    paths = [path for _, path in shown]
    assert len(paths) == len(set(paths)), shown  # no section shown twice
    assert any("Điều 21. Tài chính của hội" in path for path in paths[:5]), shown


def test_the_part_a_named_document_has_is_no_part_of_its_name():
    parsed = parse_question("Phiếu trình của Văn phòng UBND tỉnh về Công văn 1275/C06-P2 của Cục Cảnh sát quản lý hành chính "
                            "có phần rà soát, tổng hợp của phòng chuyên môn nêu những gì?")
    assert parsed.source == "Phiếu trình của Văn phòng UBND tỉnh về Công văn 1275/C06-P2 của Cục Cảnh sát quản lý hành chính"
