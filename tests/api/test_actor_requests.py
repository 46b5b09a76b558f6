"""Who asked for a document, and in which proposal: "xét đề nghị của Công an tỉnh tại Tờ trình số
…" in the report's opening, addressed to the report's own issuer, whom its letterhead names."""

from __future__ import annotations

from api.answers import AskRequest, Asker
from tests.conftest import lexical_archive

REPORT = """UBND TỈNH LÂM ĐỒNG
BAN CHỈ ĐẠO ĐỀ ÁN 06

BÁO CÁO
Kết quả triển khai Đề án 06 trên địa bàn tỉnh tháng 8/2025

Kính gửi: Thường trực Tỉnh ủy.

Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ và xét đề nghị của Công an tỉnh tại Tờ trình số 108/TTr-CAT-PC06 ngày 22/8/2025 đề nghị ban hành báo cáo kết quả triển khai Đề án 06 tháng 8/2025 và nhiệm vụ thực hiện thời gian tới;
Ban Chỉ đạo tỉnh báo cáo kết quả như sau:
I. KẾT QUẢ TRIỂN KHAI
Toàn tỉnh đã thu nhận 3.801.402 lượt hồ sơ cấp căn cước.
"""

COVER_NOTE = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
VĂN PHÒNG

PHIẾU TRÌNH
Giải quyết công việc

Trích yếu: V/v đề nghị ban hành báo cáo kết quả triển khai Đề án 06 tháng 8/2025.
"""


OCTOBER_PROPOSAL = """CÔNG AN TỈNH LÂM ĐỒNG

Số: 233/TTr-CAT-PC06	Lâm Đồng, ngày 21 tháng 10 năm 2025

TỜ TRÌNH
Đề nghị ban hành Báo cáo kết quả triển khai Đề án 06 tháng 10/2025

Công an tỉnh kính trình Ban Chỉ đạo tỉnh ban hành báo cáo kết quả triển khai Đề án 06 tháng 10/2025.
"""


AUGUST_COVER_NOTE = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
VĂN PHÒNG

PHIẾU TRÌNH
Giải quyết công việc

Công an tỉnh có Tờ trình số 108/TTr-CAT-PC06 ngày 22/8/2025 đề nghị ban hành báo cáo kết quả triển khai Đề án 06 tháng 8/2025.
"""


def _archive(tmp_path, **files):
    return Asker(lexical_archive(tmp_path, {f"{name}.txt": text for name, text in files.items()}))


def test_a_proposal_of_another_month_titled_alike_is_not_the_one_asked(tmp_path):
    asker = _archive(tmp_path, bao_cao_thang_8=REPORT, phieu_trinh_108=AUGUST_COVER_NOTE, to_trinh_thang_10=OCTOBER_PROPOSAL)
    answer = asker.ask(AskRequest("Công an tỉnh đề nghị ban hành báo cáo kết quả triển khai Đề án 06 tháng 8/2025 tại tờ "
                                  "trình số mấy?")).to_json()
    assert answer["type"] == "documents"
    assert answer["answer"].splitlines()[0].startswith("Số hiệu: 108/TTr-CAT-PC06"), answer["answer"]


def test_the_one_whose_request_a_report_answers_is_read_from_its_opening(tmp_path):
    answer = _archive(tmp_path, bao_cao_thang_8=REPORT, phieu_trinh=COVER_NOTE).ask(AskRequest(
        "Cơ quan nào đề nghị Ban Chỉ đạo tỉnh ban hành báo cáo kết quả triển khai Đề án 06 tháng 8/2025?")).to_json()
    assert answer["type"] == "actors"
    assert answer["actor"]["name"] == "Công an tỉnh", answer["answer"]
    # the action's words go from the subject where they stand together, not "Đề" of "Đề án"
    assert answer["answer"].startswith("Công an tỉnh đề nghị Ban Chỉ đạo tỉnh ban hành báo cáo kết quả triển khai Đề án 06")


# A dossier's synthesis of comments on a draft plan (Tờ trình 05/TTr-SNV, 2026): who sent each comment is a
# column of its own, the rows are grouped under headings ("I. CẤP SỞ, NGÀNH"), and the last column is the
# drafting body's reply, whose name is no author of the comment.
COMMENTS = """Phụ lục
TỔNG HỢP VIỆC GÓP Ý CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG ĐỐI VỚI DỰ THẢO KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2026
STT\tTên cơ quan, đơn vị, địa phương\tÝ kiến góp ý của các cơ quan, đơn vị, địa phương\tÝ kiến của Sở Nội vụ
I. CẤP SỞ, NGÀNH
1\tSở Nông nghiệp và Môi trường\tThống nhất\t
2\tSở Công Thương\tĐề nghị Sở Nội vụ nghiên cứu, lựa chọn thêm một số xã, phường tại khu vực Bình Thuận (cũ) và Đắk Nông (cũ) cho chương trình "Đối thoại về Cải cách hành chính".\tTiếp thu
II. CẤP XÃ
3\tUBND xã D'Ran\tĐề nghị bổ sung giải pháp xây dựng Kho dữ liệu cá nhân (Digital Vault) cho công dân trên ứng dụng số của tỉnh.\tKhông tiếp thu do đã có chức năng kho dữ liệu cá nhân
"""


def test_a_synthesis_of_comments_names_who_sent_each_row(tmp_path):
    from api.answers.table_text import cells_under

    assert [c.text for c in cells_under(COMMENTS, "de nghi")] == ["Sở Công Thương", "UBND xã D'Ran"]
    asker = _archive(tmp_path, tong_hop_gop_y=COMMENTS)
    answer = asker.ask(AskRequest("Khi góp ý dự thảo Kế hoạch tuyên truyền CCHC năm 2026, cơ quan nào đề nghị chọn thêm xã, "
                                  "phường ở khu vực Bình Thuận (cũ) và Đắk Nông (cũ)?"))
    assert answer.answer.startswith("Khi góp ý dự thảo Kế hoạch tuyên truyền CCHC năm 2026, Sở Công Thương đề nghị chọn thêm"), \
        answer.answer
    answer = asker.ask(AskRequest("Đơn vị nào đề nghị bổ sung giải pháp xây dựng Kho dữ liệu cá nhân (Digital Vault) cho công dân?"))
    assert answer.answer.startswith("UBND xã D'Ran"), answer.answer
