"""Which figure of a ";" list a question asks for: the item that writes the question's own word
pairs ("Ban Thường vụ: 13 người"), not the one that shares as many loose words ("dự kiến Ban Chấp
hành: 39 người")."""

from __future__ import annotations

from api.answers import AskRequest, Asker
from api.answers.figure_answers import asked_noun_words
from api.answers.questions import organisation_name
from tests.conftest import lexical_archive

MERGER = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

TỜ TRÌNH
Về việc đề nghị cho phép sáp nhập Hội Truyền thống Trường Sơn - Đường Hồ Chí Minh tỉnh Bình Thuận, tỉnh Đắk Nông vào Hội Truyền thống Trường Sơn - Đường Hồ Chí Minh tỉnh Lâm Đồng

2. Về nhân sự sau sáp nhập
Hội sau sáp nhập kế thừa toàn bộ hội viên của 03 Hội. Trong đó, dự kiến Ban Chấp hành: 39 người; Ban Thường vụ: 13 người; Ban Kiểm tra: 03 người; Thường trực hội: 03 người (Chủ tịch và 02 Phó Chủ tịch).
"""


def test_the_item_writing_the_body_asked_about_gives_the_figure(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"to-trinh-sap-nhap.txt": MERGER}))
    answer = asker.ask(AskRequest("Theo đề án sáp nhập Hội Truyền thống Trường Sơn - Đường Hồ Chí Minh của ba tỉnh, Ban "
                                  "Thường vụ của hội sau sáp nhập dự kiến có bao nhiêu người?")).to_json()
    assert answer["type"] == "figure"
    assert answer["figure"]["text"] == "13 người", answer["answer"]
    answer = asker.ask(AskRequest("Ban Kiểm tra của hội sau sáp nhập dự kiến có bao nhiêu người?")).to_json()
    assert answer["figure"]["text"] == "03 người", answer["answer"]


TRANSPORT_MERGER = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

TỜ TRÌNH
Về việc đề nghị cho phép sáp nhập Hiệp hội Vận tải ô tô tỉnh Bình Thuận vào Hiệp hội Vận tải ô tô Lâm Đồng

Đề án sáp nhập đã nêu nhân sự. Trong đó, dự kiến Ban Chấp hành: 16 người; Ban Thường vụ: 06 người; Chủ tịch và 05 Phó chủ tịch; Ban Kiểm tra: 06 người.
"""

VETERANS_MERGER = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

TỜ TRÌNH
Về việc đề nghị cho phép sáp nhập Hội Cựu Công an nhân dân tỉnh Bình Thuận vào Hội Cựu Công an nhân dân tỉnh Lâm Đồng

- Đề án sáp nhập Hội cơ bản thực hiện theo đúng quy định của pháp luật như trách nhiệm, nghĩa vụ phải thực hiện; danh sách dự kiến Ban Chấp hành và Ban kiểm tra của hội mới tỉnh Lâm Đồng sau sáp nhập; trong đó, dự kiến Ban Chấp hành: 35 người; Ban Thường vụ: 15 người; Ban Kiểm tra: 03 người.
"""


def test_an_organisation_typed_without_accents_still_names_whose_figure_is_asked(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"hh-van-tai.txt": TRANSPORT_MERGER, "hoi-cuu-cong-an.txt": VETERANS_MERGER}))
    answer = asker.ask(AskRequest("hiep hoi van tai o to lam dong sau sap nhap du kien ban chap hanh bao nhieu nguoi")).to_json()
    assert answer["type"] == "figure"
    assert answer["figure"]["text"] == "16 người", answer["answer"]
    assert organisation_name("hiep hoi van tai o to lam dong sau sap nhap du kien ban chap hanh bao nhieu nguoi") \
        == "hiep hoi van tai o to lam dong"


COVER_NOTE = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
VĂN PHÒNG

PHIẾU TRÌNH
Giải quyết công việc

Trích yếu: V/v ban hành Quyết định phê duyệt Đề án tổ chức Đại hội hợp nhất Hội Công chứng viên tỉnh Lâm Đồng nhiệm kỳ 2025-2030.
Văn phòng đã lấy ý kiến góp ý của các đồng chí thành viên UBND tỉnh, có 23/23 thành viên thống nhất dự thảo (trong đó có 19 thành viên có ý kiến phản hồi thống nhất dự thảo; 04 thành viên quá thời hạn không có ý kiến phản hồi xem như thống nhất dự thảo - có Danh sách kèm theo).
"""


def test_a_part_the_question_denies_is_read_inside_the_breakdown(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"phieu-trinh.txt": COVER_NOTE}))
    asked = ("Khi Văn phòng UBND tỉnh xin ý kiến thành viên UBND tỉnh về quyết định phê duyệt Đề án Đại hội hợp nhất Hội Công "
             "chứng viên, có bao nhiêu thành viên {} đúng hạn?")
    answer = asker.ask(AskRequest(asked.format("không phản hồi"))).to_json()
    assert answer["figure"]["text"] == "04 thành viên", answer["answer"]
    # asked without denying, the breakdown's parts stay behind the total
    answer = asker.ask(AskRequest("Văn phòng lấy ý kiến thành viên UBND tỉnh về Đề án Đại hội hợp nhất Hội Công chứng viên, "
                                  "có bao nhiêu thành viên thống nhất dự thảo?")).to_json()
    assert answer["figure"]["text"] == "23/23 thành viên", answer["answer"]


REPORT_2007 = """BÁO CÁO
Tình hình kinh tế - xã hội 2 tháng đầu năm 2007

- Một số dự án công nghiệp lớn hoàn thành trong năm 2006 bắt đầu hoạt động phát huy công suất như: nhiệt điện Uông Bí mở rộng công suất 300 MW, thuỷ điện Sesan 3 (260MW), thuỷ điện Se san 3A (108MW), thuỷ điện Srok Phú Miêng (51MW), xi măng Sông Gianh (1,4 triệu tấn/năm).
"""


def test_a_name_no_dictionary_knows_leads_to_its_own_bracketed_figure(tmp_path):
    # "(260MW)": a measure written against its number, alone in brackets after what it measures
    from api.answers.figures import extract_figures

    assert [f.text for f in extract_figures("thuỷ điện Sesan 3 (260MW), dài 12km", False, ("MW",), ("MW",))] == ["260MW", "12km"]
    asker = Asker(lexical_archive(tmp_path, {"bao-cao-2007.txt": REPORT_2007}))
    answer = asker.ask(AskRequest("Nhà máy thủy điện Sesan 3 đưa vào hoạt động năm 2006 có công suất bao nhiêu MW?")).to_json()
    assert answer["figure"]["text"] == "260MW", answer["answer"]


def test_a_figure_opening_a_list_line_after_its_mark_is_a_figure():
    from api.answers.figures import extract_figures

    # the 22/01/2026 conference summary: "- Hơn 12.000 hồ sơ …" is a figure; a range's "2021 - 2025" is none
    line = "Các nội dung dự kiến mất điểm:\n- Hơn 12.000 hồ sơ thủ tục hành chính cấp tỉnh giải quyết trễ hạn (trong đó có hơn " \
           "11.000 hồ sơ lĩnh vực đất đai)."
    assert [f.text for f in extract_figures(line)] == ["Hơn 12.000 hồ sơ", "hơn 11.000 hồ sơ"]
    assert extract_figures("Kế hoạch giai đoạn 2021 - 2025 người") == []


DRUGS = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

BÁO CÁO
Tổng kết công tác phòng, chống ma túy năm 2025 và phương hướng công tác trọng tâm năm 2026

6.3. Việc tiếp nhận quản lý và vận hành Cơ sở cai nghiện ma túy
Từ ngày 01/3/2025: Cũ chuyển qua 4.556 học viên; tiếp nhận: 2.020 người; tái hòa nhập cộng đồng: 2.953 người; 05 học viên tử vong, 13 học viên tạm đình chỉ theo lệnh bắt của cơ quan tố tụng; số học viên đình chỉ do bệnh hiểm nghèo: 01; di lý: 26. Hiện có: 3.578 học viên.
"""


def test_people_counted_in_the_item_that_describes_them_as_asked(tmp_path):
    # the list counts học viên; the item "tái hòa nhập cộng đồng" counts them as "người", and the date
    # leading the list dates every item, not only the first one beside it
    asker = Asker(lexical_archive(tmp_path, {"tong-ket-ma-tuy.txt": DRUGS}))
    answer = asker.ask(AskRequest("Theo báo cáo tổng kết công tác phòng, chống ma túy năm 2025, từ ngày 01/3/2025 cơ sở "
                                  "cai nghiện ma túy đã cho bao nhiêu học viên tái hòa nhập cộng đồng?")).to_json()
    assert answer["figure"]["text"] == "2.953 người", answer["answer"]
    # asked for học viên as the list counts them, the item naming them still answers
    answer = asker.ask(AskRequest("Từ ngày 01/3/2025 cơ sở cai nghiện ma túy có bao nhiêu học viên tử vong?")).to_json()
    assert answer["figure"]["text"].startswith("05 học viên"), answer["answer"]


def test_the_counted_noun_runs_to_a_word_that_ends_it_as_written():
    # "tái" (again) is not "tại" (at), nor "thị" (share) "thì" (then): the noun goes on past them
    assert {"tai", "hoa", "nhap"} <= asked_noun_words("Cơ sở đã cho bao nhiêu học viên tái hòa nhập cộng đồng?")
    assert {"thi", "phan", "huy", "dong", "von"} <= asked_noun_words("Ngân hàng chiếm bao nhiêu phần trăm thị phần huy động vốn?")
    # typed without accents, the folded function words end it as before
    assert asked_noun_words("co bao nhieu hoc vien tai co so cai nghien") == {"hoc", "vien"}


BANKS = """ĐỊNH HƯỚNG CHIẾN LƯỢC PHÁT TRIỂN CÁC NGÂN HÀNG THƯƠNG MẠI VIỆT NAM

1. Định hướng chiến lược phát triển các NHTMNN và NHTMCP
* Đối với các Ngân hàng thương mại Nhà nước (NHTMNN):
Đến nay hệ thống NHTMNN chiếm thị phần huy động vốn khoảng 67% và thị phần dịch vụ tín dụng tới 65% trong tổng doanh số hoạt động của thị trường tín dụng của toàn ngành.
"""


def test_what_a_figure_counts_ends_where_its_scope_begins(tmp_path):
    # "65% | trong tổng doanh số hoạt động của thị trường …" counts no "thị", "động" of the question's noun
    asker = Asker(lexical_archive(tmp_path, {"chien-luoc-nhtm.txt": BANKS}))
    answer = asker.ask(AskRequest("Các ngân hàng thương mại Nhà nước đang chiếm khoảng bao nhiêu phần trăm thị phần huy "
                                  "động vốn?")).to_json()
    assert answer["figure"]["text"] == "khoảng 67%", answer["answer"]


def test_a_request_for_a_measure_without_a_question_word_asks_for_the_figure(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"chien-luoc-nhtm.txt": BANKS}))
    answer = asker.ask(AskRequest("Cho biết tỷ lệ thị phần huy động vốn của hệ thống NHTMNN.")).to_json()
    assert answer["type"] == "figure"
    assert answer["figure"]["text"] == "khoảng 67%", answer["answer"]
    # a request for a list, a place or a way is no figure
    from api.answers.questions import parse_question
    for question in ("Cho biết những đơn vị có tỷ lệ giải quyết hồ sơ đúng hạn cao nhất.",
                     "Cho biết địa điểm tổ chức hội nghị tổng kết.", "Cho biết chỉ số cải cách hành chính được tính như thế nào."):
        assert parse_question(question).type != "figure", question
