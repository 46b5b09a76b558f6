"""Who an article or a proposal names for an action: the verb nearest the action governs it ("theo đề
nghị của Công an tỉnh có đề xuất Đ/c … là Chủ tịch …"); an item that opens with its subject
ends with who decides it ("2. Giao hoặc ủy thác cho Quỹ … và do Chủ tịch … quyết định"); the document
or the side a question opens with ("Trong kết luận về …,", "Phía Việt Nam,") is no part of the subject."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.actor_answers import read_actor
from tests.conftest import lexical_archive


def test_the_verb_nearest_the_action_names_its_actor():
    sentence = ("Tuy nhiên, theo đề nghị của Công an tỉnh có đề xuất Đ/c Trần Văn An là Chủ tịch Hội đồng cấp tỉnh "
                "xét duyệt địa bàn cấp xã không ma túy.")
    assert read_actor(sentence, "chu tich").name == "Đ/c Trần Văn An"
    # a proposal names whom it proposes less surely than an assignment
    assert not read_actor("Chuyên viên đề xuất Chủ tịch UBND tỉnh tham dự chủ trì tại điểm cầu tỉnh.", "chu tri").strong
    found = read_actor("c) Giao Sở Tài chính chủ trì thẩm định dự toán kinh phí, bảo đảm tính hiệu quả và tiết kiệm.", "chu tri")
    assert found.name == "Sở Tài chính" and found.strong


DECISION = """THỦ TƯỚNG CHÍNH PHỦ

QUYẾT ĐỊNH
Số 115/2004/QĐ-TTg về việc sửa đổi Quy chế thành lập, tổ chức và hoạt động của Quỹ bảo lãnh tín dụng cho doanh nghiệp nhỏ và vừa

Điều 1. Việc điều hành tác nghiệp Quỹ bảo lãnh tín dụng được thực hiện theo một trong các phương thức sau:
1. Uỷ thác cho Quỹ hỗ trợ phát triển thực hiện điều hành tác nghiệp Quỹ bảo lãnh tín dụng theo hợp đồng ủy thác và do Hội đồng quản lý Quỹ bảo lãnh tín dụng quyết định.
2. Giao hoặc ủy thác cho Quỹ tài chính địa phương thực hiện nhiệm vụ bảo lãnh tín dụng cho các doanh nghiệp nhỏ và vừa nếu các tổ chức này có đủ điều kiện, khả năng thực hiện, chịu trách nhiệm trước pháp luật về những hoạt động của mình và do Chủ tịch Uỷ ban nhân dân tỉnh, thành phố trực thuộc Trung ương quyết định.
"""

CONCLUSION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số

1. Đối với hệ thống phần mềm dùng chung
a) Giao Sở Khoa học và Công nghệ chủ trì rà soát danh mục phần mềm.
2. Đối với triển khai dự án dữ liệu không gian địa lý dùng chung
a) Yêu cầu Sở Khoa học và Công nghệ khẩn trương hoàn thiện hồ sơ, tổ chức lấy ý kiến các Bộ, ngành Trung ương.
b) Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với các đơn vị rà soát nội dung, khối lượng công việc.
c) Giao Sở Tài chính chủ trì thẩm định dự toán kinh phí của dự án, bảo đảm tiết kiệm, hiệu quả.
"""

BORDER_PAPER = """UBND TỈNH ĐIỆN BIÊN

THAM LUẬN
Tình hình công tác đấu tranh, phòng chống tội phạm ma túy trên tuyến biên giới

(4) Được Bộ Công an hai nước đồng ý, Công an tỉnh Điện Biên đã phối hợp với Công an 02 tỉnh Luông Pha Băng và Phong Sa Lỳ ký kết Quy chế phối hợp về hoạt động của Tổ công tác thường trực đấu tranh phòng, chống tội phạm ma túy.
"""


def test_who_decides_what_an_item_opens_with(tmp_path):
    answer = Asker(lexical_archive(tmp_path, {"qd115.txt": DECISION})).ask(AskRequest(
        "Theo Quyết định 115/2004/QĐ-TTg, ai quyết định việc giao hoặc ủy thác cho Quỹ tài chính địa phương thực hiện "
        "nhiệm vụ bảo lãnh tín dụng cho doanh nghiệp nhỏ và vừa?")).to_json()
    assert answer["actor"]["name"] == "Chủ tịch Uỷ ban nhân dân tỉnh, thành phố trực thuộc Trung ương", answer["answer"]


def test_the_document_or_side_a_question_opens_with_is_no_part_of_the_subject(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"ket_luan.txt": CONCLUSION, "dien_bien.txt": BORDER_PAPER}))
    answer = asker.ask(AskRequest("Trong kết luận về dự án dữ liệu không gian địa lý dùng chung, cơ quan nào được giao "
                                  "chủ trì thẩm định dự toán kinh phí?")).to_json()
    assert answer["actor"]["name"] == "Sở Tài chính", answer["answer"]
    answer = asker.ask(AskRequest("Phía Việt Nam, cơ quan nào đã phối hợp với Công an hai tỉnh Luông Pha Băng và Phong Sa Lỳ "
                                  "(Lào) ký kết Quy chế phối hợp về Tổ công tác thường trực phòng, chống tội phạm ma túy?")).to_json()
    assert answer["actor"]["name"] == "Công an tỉnh Điện Biên", answer["answer"]


PROPAGANDA_PLAN = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2026

II. NỘI DUNG
d) Lồng ghép công tác tuyên truyền CCHC vào các hội nghị, hội thảo của các cơ quan, đơn vị.
III. TỔ CHỨC THỰC HIỆN
3. Sở Tư pháp: Lồng ghép tuyên truyền công tác CCHC với công tác phổ biến, giáo dục pháp luật trên địa bàn tỉnh.
"""


def test_what_the_question_says_again_after_the_document_it_opens_with_is_asked_of(tmp_path):
    answer = Asker(lexical_archive(tmp_path, {"ke_hoach.txt": PROPAGANDA_PLAN})).ask(AskRequest(
        "Theo Kế hoạch tuyên truyền CCHC năm 2026 của tỉnh, cơ quan nào lồng ghép tuyên truyền cải cách hành chính với "
        "công tác phổ biến, giáo dục pháp luật?")).to_json()
    assert answer["actor"]["name"] == "Sở Tư pháp", answer["answer"]


def test_the_agent_of_a_passive_stands_between_được_and_the_verb():
    found = read_actor("Dây chuyền sản xuất, lắp ráp phải được Bộ Công nghiệp kiểm tra và xác nhận.", "kiem tra")
    assert found.name == "Bộ Công nghiệp" and found.strong
    assert read_actor("Dự án đã được UBND tỉnh phê duyệt tại Quyết định số 12.", "phe duyet").name == "UBND tỉnh"


MONTHLY_REPORT = """BAN CHỈ ĐẠO ĐỀ ÁN 06 TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả triển khai Đề án 06 tháng 10 năm 2025

III. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI
3. Sở Khoa học và Công nghệ
a) Chủ trì, đôn đốc các sở, ngành thực hiện kế hoạch chuyển đổi số.
d) Triển khai các giải pháp xử lý tình trạng lõm sóng viễn thông ở các địa bàn vùng sâu, vùng xa và nâng tỷ lệ phủ sóng 5G.
4. Sở Tài chính
a) Bố trí kinh phí thực hiện Đề án 06.
"""


def test_one_assigned_to_any_task_is_an_actor_read_from_the_body_its_item_is_listed_under(tmp_path):
    from api.answers.questions import parse_question

    question = ("Theo các báo cáo kết quả thực hiện Đề án 06 của tỉnh, cơ quan nào được giao triển khai các giải pháp "
                "xử lý tình trạng lõm sóng viễn thông tại vùng sâu, vùng xa?")
    asked = parse_question(question)
    assert (asked.type, asked.action) == ("actors", "trien khai")
    assert parse_question("Đơn vị nào triển khai cuộc vận động Vì người nghèo?").type == "units"  # who did: units
    answer = Asker(lexical_archive(tmp_path, {"de_an_06_thang_10.txt": MONTHLY_REPORT})).ask(AskRequest(question)).to_json()
    assert answer["actor"]["name"] == "Sở Khoa học và Công nghệ", answer["answer"]


DIRECTIVE = """ỦY BAN NHÂN DÂN TỈNH KON TUM

Để nâng cao các chỉ số cải cách hành chính của tỉnh, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:
I. NHIỆM VỤ TRIỂN KHAI NGAY
1. Văn phòng Ủy ban nhân dân tỉnh
a) Tổng hợp kết quả thực hiện các nhiệm vụ Bộ Nội vụ, Thủ tướng Chính phủ giao; đồng thời chủ động liên hệ Bộ Tài chính để được hướng dẫn quyết toán kinh phí số hóa. Hoàn thành trước ngày 15/12/2025.
2. Sở Tư pháp
a) Rà soát các văn bản quy phạm pháp luật hết hiệu lực.
"""

PROGRAMME_PLAN = """ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA

KẾ HOẠCH
Thực hiện Chương trình phòng, chống ma túy đến năm 2030

III. TỔ CHỨC THỰC HIỆN
- Công an tỉnh tham mưu triển khai thực hiện các nội dung tại Dự án 1: Phòng ngừa tội phạm về ma túy; Tiểu dự án 3: Truyền thông phòng, chống ma túy ở trường học.
- Đề nghị Bộ Tư lệnh Vùng Hải quân 4 tham mưu triển khai thực hiện các nội dung tại Tiểu dự án 3: Nâng cao năng lực tuần tra, kiểm soát ma túy trên biển của Hải quân.
- Sở Y tế tham mưu triển khai thực hiện các nội dung tại Dự án 6: Đáp ứng y tế trong phòng, chống ma túy.
"""


def test_a_task_after_a_semicolon_is_its_items_body_s_not_the_words_before(tmp_path):
    answer = Asker(lexical_archive(tmp_path, {"chi-dao.txt": DIRECTIVE})).ask(AskRequest(
        "Cơ quan nào phải liên hệ Bộ Tài chính để được hướng dẫn quyết toán kinh phí số hóa?")).to_json()
    assert answer["actor"]["name"] == "Văn phòng Ủy ban nhân dân tỉnh", answer["answer"]


def test_the_one_requested_to_act_is_asked_for_by_the_action_requested(tmp_path):
    """"đơn vị nào được đề nghị tham mưu …": the action is "tham mưu", of the body the plan requests it
    of; the answer restates the task without the request."""
    answer = Asker(lexical_archive(tmp_path, {"ke-hoach.txt": PROGRAMME_PLAN})).ask(AskRequest(
        "Theo Kế hoạch thực hiện Chương trình phòng, chống ma túy đến năm 2030, đơn vị nào được đề nghị tham mưu triển "
        "khai Tiểu dự án 3 về nâng cao năng lực tuần tra, kiểm soát ma túy trên biển của Hải quân?")).to_json()
    assert answer["actor"]["name"] == "Bộ Tư lệnh Vùng Hải quân 4", answer["answer"]
    assert "đề nghị triển khai" not in answer["answer"] and "tham mưu" in answer["answer"]


RENAMING = """ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN

QUYẾT ĐỊNH
Về việc cho phép đổi tên Hiệp hội Cà phê Sơn Hòa thành Hiệp hội Cà phê Phú Yên

Điều 1. Cho phép đổi tên Hiệp hội Cà phê Sơn Hòa thành Hiệp hội Cà phê Phú Yên.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Nội vụ, Nông nghiệp và Môi trường; Chủ tịch Hiệp hội Cà phê Phú Yên và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.
"""


def test_those_a_decision_charges_with_carrying_it_out_are_one_list_across_its_semicolons(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"qd-doi-ten.txt": RENAMING}))
    answer = asker.ask(AskRequest("Những ai chịu trách nhiệm thi hành Quyết định cho phép đổi tên Hiệp hội Cà phê Sơn Hòa?"))
    assert answer.type == "actors"
    assert answer.actor["name"] == ("Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Nội vụ, Nông nghiệp và Môi trường; "
                                    "Chủ tịch Hiệp hội Cà phê Phú Yên và các cơ quan, đơn vị có liên quan")
    # "Ngoài …, sở nào": of the list, the kind asked for less those set aside; "các Sở: A, B" is each Sở in full
    answer = asker.ask(AskRequest("Ngoài Văn phòng UBND tỉnh và Sở Nội vụ, sở nào phải thi hành Quyết định cho phép đổi tên "
                                  "Hiệp hội Cà phê Sơn Hòa thành Hiệp hội Cà phê Phú Yên?"))
    assert answer.actor["name"] == "Giám đốc Sở Nông nghiệp và Môi trường", answer.answer


def test_a_position_inside_a_list_is_no_list_doing_it():
    from api.answers.actor_answers import read_actor

    sentence = ("Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Nội vụ; Chủ tịch Hội Cựu thanh niên xung phong "
                "tỉnh chịu trách nhiệm thi hành Quyết định này.")
    assert read_actor(sentence, "chu tich") is None


@pytest.mark.parametrize("question, kind, action, subject", [
    # the kind of body asked for ("sở nào") is no part of what is asked of it
    ("Sở nào tham mưu UBND tỉnh tổ chức hội nghị tổng kết?", "actors", "tham muu", "UBND tỉnh tổ chức hội nghị tổng kết"),
    # one asked to act is an actor though the act is reporting
    ("Cơ quan nào được yêu cầu báo cáo kết quả trước ngày 15/12?", "actors", "bao cao", "kết quả trước ngày 15/12"),
    # where a report goes: "gửi về đâu"
    ("Báo cáo kết quả phải gửi về đâu?", "actors", "gui", None),
    # a plural kind that reported: units
    ("Những sở nào báo cáo về chuyển đổi số?", "units", None, None),
])
def test_who_a_question_asks_for_by_the_kind_of_body_or_where_it_goes(question, kind, action, subject):
    from api.answers.actor_answers import asked_subject
    from api.answers.questions import parse_question

    parsed = parse_question(question)
    assert (parsed.type, parsed.action) == (kind, action)
    if subject:
        assert asked_subject(parsed) == subject


INDICES_LETTER = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

V/v chuẩn bị buổi làm việc về các chỉ số PAR INDEX, SIPAS và PCI

Để chuẩn bị cho buổi làm việc về kết quả và giải pháp nâng cao các chỉ số PAR INDEX, SIPAS và PCI của tỉnh; Chủ tịch Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính (trong việc tổng hợp, đánh giá chỉ số PCI), Văn phòng Ủy ban nhân dân tỉnh và các đơn vị có liên quan thực hiện các việc sau:
1. Xây dựng báo cáo tóm tắt kết quả các chỉ số.
"""


def test_who_coordinates_is_the_partner_after_the_lead_not_the_lead():
    sentence = INDICES_LETTER.splitlines()[4]
    assert read_actor(sentence, "phoi hop").name == "Sở Tài chính"
    assert read_actor(sentence, "phoi hop", partner=False).name == "Sở Nội vụ"  # "chủ trì" is the role, not the name
    # "với các cơ quan, đơn vị liên quan" names nobody: the lead is who acts
    assert read_actor("Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức rà soát.", "phoi hop").name \
        == "Sở Tư pháp"


@pytest.mark.parametrize("question, name", [
    ("UBND tỉnh giao cơ quan nào phối hợp trong việc tổng hợp, đánh giá chỉ số PCI?", "Sở Tài chính"),
    ("Cơ quan nào phối hợp với Sở Nội vụ trong việc tổng hợp, đánh giá chỉ số PCI?", "Sở Tài chính"),
    ("Cơ quan nào chủ trì, phối hợp với Sở Tài chính chuẩn bị buổi làm việc về các chỉ số PAR INDEX, SIPAS?", "Sở Nội vụ"),
])
def test_who_a_question_asks_of_a_lead_and_its_partner(tmp_path, question, name):
    answer = Asker(lexical_archive(tmp_path, {"chi_so.txt": INDICES_LETTER})).ask(AskRequest(question)).to_json()
    assert answer["actor"]["name"] == name, answer["answer"]


AGENDA = """CHƯƠNG TRÌNH HỘI NGHỊ
Sơ kết công tác chuyển đổi số 6 tháng đầu năm 2026

Thời gian: 08h00, ngày 15/7/2026
Chủ trì: Đồng chí Trần Văn Minh - Phó Chủ tịch UBND tỉnh
STT\tNội dung\tThời gian\tNgười thực hiện
1\tTuyên bố lý do, giới thiệu đại biểu\t08h00 - 08h05\tĐại diện Văn phòng UBND tỉnh
2\tBáo cáo sơ kết công tác chuyển đổi số 6 tháng đầu năm 2026\t08h05 - 08h30\tĐại diện Sở Khoa học và Công nghệ
3\tTham luận theo các lĩnh vực\t08h30 - 09h30\t
3.1\tBảo đảm an toàn, an ninh mạng\t\tĐại diện Công an tỉnh
3.2\tPhát triển dữ liệu đất đai dùng chung\t\tĐại diện Sở Nông nghiệp và Môi trường
4\tKết luận Hội nghị\t09h30 - 10h00\tĐồng chí Trần Văn Minh - Phó Chủ tịch UBND tỉnh
"""


@pytest.mark.parametrize("question, name", [
    ("Tại Hội nghị sơ kết chuyển đổi số 6 tháng đầu năm 2026, đơn vị nào trình bày tham luận về bảo đảm an toàn, an ninh mạng?",
     "Công an tỉnh"),
    ("Tại Hội nghị sơ kết chuyển đổi số ngày 15/7/2026, cơ quan nào phụ trách phần tuyên bố lý do, giới thiệu đại biểu?",
     "Văn phòng UBND tỉnh"),
])
def test_who_performs_an_item_of_a_timed_agenda_is_its_row_s_performer(tmp_path, question, name):
    answer = Asker(lexical_archive(tmp_path, {"chuong_trinh.txt": AGENDA})).ask(AskRequest(question)).to_json()
    assert answer["actor"]["name"].endswith(name), answer["answer"]


def test_a_task_table_without_times_still_needs_its_row_to_state_the_action():
    from api.answers.table_text import cells_under

    agenda_rows = [c.text for c in cells_under(AGENDA, "trinh bay")]
    assert "Đại diện Công an tỉnh" in agenda_rows and "Đại diện Văn phòng UBND tỉnh" in agenda_rows
    plan = AGENDA.replace("\tThời gian\t", "\tGhi chú\t")
    assert cells_under(plan, "trinh bay") == []  # no time column: not an agenda
    assert cells_under(AGENDA, "ban hanh") == []  # an agenda's rows perform items, they issue nothing


CONCLUSION_NOTICE = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh tại Hội nghị sơ kết chuyển đổi số ngày 15/7/2026

II. NHIỆM VỤ THỜI GIAN TỚI
1. Về dữ liệu dùng chung
Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan, đơn vị liên quan:
a) Rà soát toàn bộ danh mục cơ sở dữ liệu dùng chung của tỉnh, đánh giá mức độ kết nối và chia sẻ.
b) Hướng dẫn các xã, phường cập nhật dữ liệu dân cư lên hệ thống.
2. Về hồ sơ trực tuyến
Giao Văn phòng UBND tỉnh chủ trì, phối hợp với các sở, ngành:
a) Kiểm tra việc số hóa hồ sơ thủ tục hành chính tại Trung tâm Phục vụ hành chính công.
b) Tổng hợp các hồ sơ trễ hạn, báo cáo hằng tuần.
"""


@pytest.mark.parametrize("question, name", [
    ("Kết luận Hội nghị sơ kết chuyển đổi số giao cơ quan nào chủ trì rà soát toàn bộ danh mục cơ sở dữ liệu dùng chung của tỉnh?",
     "Sở Khoa học và Công nghệ"),
    ("Theo kết luận Hội nghị sơ kết chuyển đổi số, cơ quan nào chủ trì hướng dẫn các xã, phường cập nhật dữ liệu dân cư?",
     "Sở Khoa học và Công nghệ"),
    ("Kết luận Hội nghị sơ kết chuyển đổi số giao cơ quan nào chủ trì kiểm tra việc số hóa hồ sơ thủ tục hành chính?",
     "Văn phòng UBND tỉnh"),
])
def test_an_item_is_charged_to_the_one_its_list_hangs_from(tmp_path, question, name):
    answer = Asker(lexical_archive(tmp_path, {"thong_bao.txt": CONCLUSION_NOTICE})).ask(AskRequest(question)).to_json()
    assert answer["actor"]["name"] == name, answer["answer"]


def test_the_line_a_list_hangs_from():
    from api.answers.actor_answers import _list_lead

    text = CONCLUSION_NOTICE
    assert _list_lead(text, text.index("b) Hướng dẫn")) == "Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với các cơ quan, đơn vị liên quan:"
    assert _list_lead(text, text.index("b) Tổng hợp")).startswith("Giao Văn phòng UBND tỉnh")
    assert _list_lead(text, text.index("Giao Văn phòng")) is None  # not an item


EXPLANATION = """BÁO CÁO BỔ SUNG THEO CHỈ ĐẠO
CỦA PHÓ CHỦ TỊCH UBND TỈNH - TRẦN VĂN MINH

Tại Điều 9 Quy chế hoạt động của Hội Làm vườn tỉnh có nêu: “Hội được ký kết hợp tác với các tổ chức nước ngoài theo quy định”.
Thực hiện ý kiến chỉ đạo, chuyên viên đã rà soát lại thẩm quyền ký kết hợp tác quốc tế của Hội theo Nghị định về tổ chức, hoạt động và quản lý hội; đề nghị sửa đổi Điều 9 cho phù hợp.
Kính trình lãnh đạo xem xét, quyết định./.
"""


def test_who_directed_is_read_from_a_heading_in_capitals_wrapped_over_two_lines(tmp_path):
    answer = Asker(lexical_archive(tmp_path, {"bao_cao_bo_sung.txt": EXPLANATION})).ask(AskRequest(
        "Việc rà soát lại thẩm quyền ký kết hợp tác quốc tế trong Quy chế hoạt động của Hội Làm vườn tỉnh được thực hiện "
        "theo chỉ đạo của ai?")).to_json()
    assert answer["actor"]["name"] == "Phó Chủ tịch UBND tỉnh - Trần Văn Minh", answer["answer"]  # as a sentence writes it
    assert read_actor("Theo chỉ đạo của Chủ tịch UBND tỉnh tại Công văn số 12, Sở Tư pháp đã rà soát.", "chi dao").name \
        == "Chủ tịch UBND tỉnh"
