"""Figure questions that name their source the way staff type it: a paper presented at a meeting
("tham luận của … tại hội nghị …"), a city or a report in shorthand ("TP HN", "BC CCHC Q1/2026"),
and people counted as "người" where the question counts them by their role."""

from __future__ import annotations

from api.answers import AskRequest, Asker
from api.answers.evidence import document_infos
from api.answers.figures import measured_thing
from api.answers.questions import parse_question
from api.answers.shorthand import written_out
from api.answers.sources import source_documents
from api.search import Filters, Searcher
from tests.conftest import lexical_archive

INVITATION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số: 512/GM-UBND	Lâm Đồng, ngày 03 tháng 10 năm 2025

GIẤY MỜI
Dự Hội nghị triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030

Ủy ban nhân dân tỉnh tổ chức Hội nghị triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030.
Thành phần: đại diện các sở, ngành; Ủy ban nhân dân các xã, phường trên địa bàn tỉnh, khoảng 120 đại biểu.
Đề nghị UBND Thành phố Hồ Chí Minh, UBND Thành phố Hà Nội chuẩn bị tham luận tại Hội nghị.
"""

HO_CHI_MINH_PAPER = """ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH

THAM LUẬN
Giải pháp xây dựng xã, phường không ma túy, tiến tới xây dựng thành phố Hồ Chí Minh không ma túy

Thành phố Hồ Chí Minh là trung tâm kinh tế lớn của cả nước với khoảng 318.000 doanh nghiệp đang hoạt động.
"""

CONFERENCE_REPORT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả Hội nghị triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy

Tại hội nghị triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy, thành phố Đà Lạt báo cáo có khoảng 9.500 doanh nghiệp ký cam kết không ma túy.
"""

HA_NOI_PAPER = """ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI

THAM LUẬN
Xây dựng mô hình thôn, tổ dân phố không ma túy

Trong những năm qua, tình hình tội phạm và tệ nạn ma túy trên địa bàn Thành phố luôn tiềm ẩn và diễn biến phức tạp; trung bình hàng năm, các lực lượng Công an thành phố Hà Nội phát hiện, bắt giữ trên 3.000 vụ ma túy, gần 5.000 đối tượng (chiếm tỷ lệ trên 15% số vụ của cả nước); số người nghiện, người sử dụng trái phép chất ma túy trên địa bàn Thành phố luôn có trên 10.000 người, hầu hết các địa bàn xã, phường đều có tội phạm và tệ nạn ma túy.
"""


def test_a_paper_named_with_the_meeting_it_was_presented_at_is_the_source(tmp_path):
    """The meeting names where the paper was read, which the paper's own title does not say; the
    invitation to that meeting says it in full, and is not the paper."""
    question = ("Theo tham luận của UBND Thành phố Hồ Chí Minh tại hội nghị triển khai Chương trình mục tiêu quốc gia "
                "phòng, chống ma túy, thành phố có khoảng bao nhiêu doanh nghiệp?")
    assert measured_thing(question) is None  # "khoảng" says how near the figure is, not what it counts
    assert measured_thing("Trên địa bàn luôn có trên bao nhiêu người nghiện?") is None
    reader = lexical_archive(tmp_path, {"giay-moi.txt": INVITATION, "8. UBNDTP Ho Chi Minh.txt": HO_CHI_MINH_PAPER,
                                        "bc-hoi-nghi.txt": CONFERENCE_REPORT})
    paper = next(doc_id for doc_id, info in document_infos(reader, range(1, 4)).items() if info.doc_type == "tham luận")
    assert source_documents(Searcher(reader), parse_question(question).source, Filters()) == [paper]
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["type"] == "figure"
    assert answer["figure"]["text"] == "khoảng 318.000 doanh nghiệp", answer["answer"]


def test_a_city_in_initials_is_its_name_and_its_figure_may_stand_in_any_clause(tmp_path):
    """"TP HN" is "thành phố Hà Nội"; the source is found by search, so every clause of the long
    sentence is read, not only its first two."""
    question = "Theo tham luận của TP HN, số người nghiện, người SDTP chất MT trên địa bàn luôn có trên bn người?"
    assert parse_question(question).place == "thành phố Hà Nội"
    assert parse_question("Theo báo cáo của TP HCM, có bao nhiêu doanh nghiệp?").place == "thành phố Hồ Chí Minh"
    reader = lexical_archive(tmp_path, {"10. UBND TP Ha Noi.txt": HA_NOI_PAPER, "8. UBNDTP Ho Chi Minh.txt": HO_CHI_MINH_PAPER})
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["type"] == "figure"
    assert answer["figure"]["text"] == "trên 10.000 người", answer["answer"]


def _reform_report(period: str, certificates: str) -> str:
    return f"""ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

BÁO CÁO
Công tác cải cách hành chính {period} của tỉnh Lâm Đồng

Đến nay, trên địa bàn tỉnh có {certificates} chứng thư chữ ký số chuyên dùng công vụ đang hoạt động.
"""


def test_a_report_and_its_quarter_in_shorthand_name_the_source(tmp_path):
    """"BC CCHC Q1/2026: …" is "Báo cáo CCHC quý I/2026: …": the quarter's report answers, not the year's."""
    assert written_out("BC CCHC Q1/2026 của tỉnh: có bn chứng thư CKS?") == \
        "Báo cáo CCHC quý I/2026 của tỉnh: có bao nhiêu chứng thư CKS?"
    assert written_out("CT UBND tỉnh ký bn văn bản") == "CT UBND tỉnh ký bao nhiêu văn bản"  # Chủ tịch, not a chỉ thị
    reader = lexical_archive(tmp_path, {"bc-cchc-2025.txt": _reform_report("năm 2025", "10.386"),
                                        "bc-cchc-quy-1-2026.txt": _reform_report("quý I năm 2026", "12.125")})
    answer = Asker(reader).ask(AskRequest("BC CCHC Q1/2026 của tỉnh: trên địa bàn có bn chứng thư CKS chuyên dùng?")).to_json()
    assert answer["type"] == "figure"
    assert answer["figure"]["text"].startswith("12.125"), answer["answer"]


CAN_THO_REVIEW = """ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ

BÁO CÁO
Kết quả 10 năm thực hiện Nghị quyết 38/CP về cải cách thủ tục hành chính

- Về đào tạo, bồi dưỡng: cử 5.318 cán bộ, công chức dự các khóa đào tạo, bồi dưỡng chuyên môn nghiệp vụ.
- Về công tác cán bộ, công chức tổ chức tuyển mới 2712 người (chủ yếu ở ngành Giáo dục).
"""


def test_people_counted_as_persons_after_their_role_is_named_count_that_role(tmp_path):
    """"tuyển mới bao nhiêu cán bộ, công chức": "… cán bộ, công chức tổ chức tuyển mới 2712 người",
    not the officials sent to training, which only shares the noun."""
    reader = lexical_archive(tmp_path, {"bc-can-tho.txt": CAN_THO_REVIEW})
    question = "Qua 10 năm thực hiện Nghị quyết 38/CP, thành phố Cần Thơ đã tổ chức tuyển mới bao nhiêu cán bộ, công chức?"
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["figure"]["text"] == "2712 người", answer["answer"]


ASSOCIATION_REVIEW = """HIỆP HỘI DOANH NGHIỆP TỈNH BÌNH THUẬN

BÁO CÁO
Tổng kết hoạt động nhiệm kỳ IV (2019 - 2025)

Hiệp hội đã hỗ trợ các Hội viên trong công tác chuẩn bị hồ sơ đề nghị khen thưởng (có 20 doanh nghiệp và 19 doanh nhân được tặng Bằng khen) và tổ chức thành công Tiệc giao lưu chào mừng Ngày Doanh nhân Việt Nam 13/10, giải bóng đá 5 người.
Tổng số hội viên đầu nhiệm kỳ là 87 hội viên, tổng số hội viên hiện nay là 116 hội viên.
"""


def test_a_count_of_people_far_from_the_role_named_is_not_that_roles(tmp_path):
    """"bao nhiêu hội viên": "… các Hội viên … giải bóng đá 5 người" counts players, the role named
    forty words before; the members are "116 hội viên"."""
    reader = lexical_archive(tmp_path, {"bao-cao.txt": ASSOCIATION_REVIEW})
    answer = Asker(reader).ask(AskRequest("hiep hoi doanh nghiep tinh binh thuan hien co bao nhieu hoi vien")).to_json()
    assert answer["figure"]["text"] == "116 hội viên", answer["answer"]


def test_a_budget_in_shorthand_is_found_as_reports_write_it(tmp_path):
    """"Tổng thu NSĐP … đạt bn tỷ đ?": "NSĐP" is "ngân sách địa phương", which reports write in full."""
    report = ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nBÁO CÁO\nCông tác cải cách hành chính năm 2025\n\n"
              "+ Tổng thu ngân sách địa phương thực hiện đến ngày 10/12/2025 là 28.611 tỷ đồng, bằng 101,28% dự toán.\n"
              "+ Tổng chi ngân sách địa phương thực hiện đến hết ngày 10/12/2025 là 40.554 tỷ đồng.\n")
    reader = lexical_archive(tmp_path, {"bc-cchc-2025.txt": report})
    answer = Asker(reader).ask(AskRequest("Tổng thu NSĐP năm 2025 của tỉnh (đến 10/12) đạt bn tỷ đ?")).to_json()
    assert answer["figure"] and answer["figure"]["text"] == "28.611 tỷ đồng", answer["answer"]


INDUSTRY_FEBRUARY = """BỘ CÔNG NGHIỆP

BÁO CÁO
Tình hình sản xuất công nghiệp tháng 02/2007

- Điện sản xuất ước đạt trên 8,5 tỷ kwh tăng 3,9% so cùng kỳ.
- Dầu thô khai thác đạt gần 2,8 triệu tấn giảm 2% so cùng kỳ.
"""

TRADE_FEBRUARY = """BỘ THƯƠNG MẠI

BÁO CÁO
Tình hình xuất nhập khẩu hai tháng đầu năm 2007

Kim ngạch xuất khẩu cả nước trong hai tháng đầu năm 2007 ước đạt khoảng 6,76 tỷ USD, trong đó dầu thô khai thác và xuất khẩu khoảng 1,2 tỷ USD.
"""


def test_a_report_that_tells_a_figure_is_its_source(tmp_path):
    """"Báo cáo tình hình sản xuất công nghiệp tháng 02/2007 cho biết …": the report is the source, whose
    sentence gives the output, not the trade report sharing "dầu thô", "đạt khoảng"."""
    question = "Báo cáo tình hình sản xuất công nghiệp tháng 02/2007 cho biết dầu thô khai thác đạt khoảng bao nhiêu?"
    assert parse_question(question).source == "Báo cáo tình hình sản xuất công nghiệp tháng 02/2007"
    reader = lexical_archive(tmp_path, {"cong-nghiep-02-2007.txt": INDUSTRY_FEBRUARY, "xnk-02-2007.txt": TRADE_FEBRUARY})
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["figure"]["text"] == "gần 2,8 triệu tấn", answer["answer"]


DRUG_AREAS_REPORT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả thực hiện việc xác định tuyến, địa bàn trọng điểm phức tạp về ma túy năm 2025

- Công tác điều trị nghiện bằng thuốc thay thế: Tính đến nay trên địa bàn toàn tỉnh có 591 người tham gia điều trị nghiện các chất dạng thuốc phiện bằng chất thay thế.
- Công tác quản lý sau cai nghiện: Công an tỉnh chỉ đạo Công an các địa phương thực hiện nghiêm các biện pháp quản lý sau cai nghiện ma túy (tính đến ngày 14/12/2025 trên địa bàn toàn tỉnh có 1026 người bị quản lý sau cai nghiện).
"""


def test_a_source_whose_title_holds_a_comma_runs_on_to_its_year(tmp_path):
    question = ("Theo báo cáo của UBND tỉnh Lâm Đồng về kết quả xác định tuyến, địa bàn trọng điểm phức tạp về ma túy năm 2025, "
                "toàn tỉnh có bao nhiêu người đang điều trị nghiện các chất dạng thuốc phiện bằng thuốc thay thế?")
    assert parse_question(question).source == ("báo cáo của UBND tỉnh Lâm Đồng về kết quả xác định tuyến, địa bàn trọng "
                                               "điểm phức tạp về ma tuý năm 2025")
    # years listed after the comma are the question's, not a title's
    assert parse_question("Theo bài viết về lạm phát, tỷ lệ lạm phát của Việt Nam năm 1992, 1995 và 1997 là bao nhiêu?"
                          ).source == "bài viết về lạm phát"
    answer = Asker(lexical_archive(tmp_path, {"bc-ma-tuy.txt": DRUG_AREAS_REPORT})).ask(AskRequest(question)).to_json()
    assert answer["figure"]["value"] == 591, answer["answer"]


def test_a_source_whose_title_holds_a_reporting_verb_runs_to_cho_biet():
    # "xác định" opens a question after its source too ("Kế hoạch … xác định …"); here it is the title's
    question = parse_question("Báo cáo của UBND tỉnh về xác định tuyến, địa bàn trọng điểm ma túy năm 2025 cho biết cơ quan "
                              "nào đã tham mưu ban hành Quyết định 2104/QĐ-UBND về quy trình nội bộ giải quyết TTHC?")
    assert question.source == "Báo cáo của UBND tỉnh về xác định tuyến, địa bàn trọng điểm ma tuý năm 2025"
    assert parse_question("Kế hoạch phòng, chống ma túy năm 2026 xác định những nhiệm vụ trọng tâm nào?").source == \
        "Kế hoạch phòng, chống ma tuý năm 2026"
