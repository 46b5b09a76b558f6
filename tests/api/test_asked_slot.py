"""The name a question asks for, read where the question's own words stand around it in a sentence
of its source: the frame holds where no rule of the action's grammar does."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.asked_slot import frame, read
from tests.conftest import lexical_archive

READS = [
    # both sides written: the name between, its bracketed note aside
    ("Trong vụ khiếu nại, khi ông Đoàn Bảo Lâm khiếu nại tiếp lên tỉnh thì UBND tỉnh Lâm Đồng (cũ) giao cơ quan nào xác minh?",
     "Ủy ban nhân dân tỉnh Lâm Đồng (cũ) giao Sở Tài nguyên và Môi trường (nay là Sở Nông nghiệp và Môi trường) xác minh, "
     "báo cáo.", "Sở Tài nguyên và Môi trường"),
    ("Theo Nghị định 117/2003/NĐ-CP, việc xét cử công chức dự thi nâng ngạch do ai thực hiện?",
     "1. Việc xét cử công chức dự thi nâng ngạch do Hội đồng sơ tuyển của cơ quan thực hiện trên cơ sở nhu cầu ngạch công chức "
     "của cơ quan.", "Hội đồng sơ tuyển của cơ quan"),
    # only what follows is written: the name opens the clause, of the kind asked ("sở nào"), auxiliaries aside
    ("Theo báo cáo họp (Bộ chỉ số 766, 11/2025), sở nào phải tiếp tục kết nối các phần mềm giải quyết TTHC chuyên ngành?",
     "- Thực hiện nhập đầy đủ hồ sơ trên Hệ thống. Sở Tài chính tiếp tục thực hiện kết nối các phần mềm giải quyết TTHC "
     "chuyên ngành của Bộ.", "Sở Tài chính"),
    ("Báo cáo của UBND tỉnh về ma túy năm 2025 cho biết cơ quan nào đã tham mưu ban hành Quyết định 2104/QĐ-UBND?",
     "Công an tỉnh đã tham mưu UBND tỉnh ban hành quyết định số 2104/QĐ-UBND ngày 13/11/2025 về công bố danh mục.",
     "Công an tỉnh"),
    # only what leads to it is written: the name runs on over its lower-case syllables, to the clause's end …
    ("Theo phiếu tự kiểm tra, doanh nghiệp khai trình, báo cáo định kỳ về tuyển dụng, sử dụng lao động với cơ quan nào?",
     "Khai trình, báo cáo định kỳ về tuyển dụng, sử dụng lao động với Sở Lao động – Thương binh và Xã hội",
     "Sở Lao động – Thương binh và Xã hội"),
    # … or to where the question's own words resume
    ("Theo Thông tư 117/2000/TT-BTC, doanh nghiệp phải báo cáo tình hình thực hiện tỷ lệ xuất khẩu với cơ quan nào?",
     "doanh nghiệp phải báo cáo với Bộ Thương mại tình hình thực hiện các tỷ lệ xuất khẩu sản phẩm", "Bộ Thương mại"),
]


@pytest.mark.parametrize("question, sentence, name", READS)
def test_the_name_stands_where_the_question_asks(question, sentence, name):
    found = read(frame(question), sentence)
    assert found is not None and found.name == name


def test_a_sentence_that_goes_on_otherwise_is_not_framed():
    question = "Kế hoạch của tỉnh đề nghị cơ quan nào kiểm tra, kiểm soát, giám sát hải quan?"
    found = read(frame(question), "b) Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng và đề nghị Bộ tư lệnh "
                                  "Vùng Cảnh sát biển 3: Chủ trì, phối hợp chặt chẽ với lực lượng chuyên trách.")
    assert found is not None and found.name == "Bộ tư lệnh Vùng Cảnh sát biển 3" and not found.framed
    assert read(frame(question), "Đề nghị Chi cục Hải quan khu vực XIII kiểm tra, kiểm soát, giám sát hải quan.").framed


def test_a_question_without_an_asking_phrase_has_no_frame():
    assert frame("Tổng thu ngân sách năm 2025 là bao nhiêu?") is None


# Nghị định 117/2003/NĐ-CP and 114/2003/NĐ-CP (tcvn3 originals in viparse-corpus), a few of their lines
DECREE_117 = """CHÍNH PHỦ
Số: 117/2003/NĐ-CP
NGHỊ ĐỊNH
Về việc tuyển dụng, sử dụng và quản lý cán bộ, công chức trong các cơ quan nhà nước
Điều 24. Cử công chức dự thi nâng ngạch
1. Việc xét cử công chức dự thi nâng ngạch do Hội đồng sơ tuyển của cơ quan thực hiện trên cơ sở nhu cầu ngạch công chức của cơ quan, vị trí công tác của công chức, phẩm chất đạo đức, trình độ năng lực.
2. Thành phần Hội đồng sơ tuyển như thành phần của Hội đồng kiểm tra khi chuyển ngạch.
Điều 22. Chuyển ngạch
a) Xem xét các văn bằng, chứng chỉ đào tạo, bồi dưỡng theo yêu cầu của ngạch mới, văn bản đánh giá nhận xét quá trình công tác của cơ quan cũ;
"""

DECREE_114 = """CHÍNH PHỦ
Số: 114/2003/NĐ-CP
NGHỊ ĐỊNH
Về cán bộ, công chức xã, phường, thị trấn
Điều 27. Quản lý công chức cấp xã
7. Thống kê số lượng, đánh giá chất lượng và việc bố trí, sử dụng đội ngũ công chức;
8. Chủ tịch ủy ban nhân dân cấp xã cấp giấy khen cho công chức có thành tích.
"""


def test_who_does_what_a_decree_says_is_done_by_someone(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"nd-117.txt": DECREE_117}))
    answer = asker.ask(AskRequest("Theo Nghị định 117/2003/NĐ-CP, việc xét cử công chức dự thi nâng ngạch do ai thực hiện?")).to_json()
    assert answer["type"] == "actors"  # "do ai thực hiện": one actor, however many units reported it
    assert answer["actor"]["name"] == "Hội đồng sơ tuyển của cơ quan", answer["answer"]


def test_the_frame_reads_on_where_the_grammar_stops_short(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"nd-114.txt": DECREE_114}))
    answer = asker.ask(AskRequest("Theo Nghị định 114/2003/NĐ-CP, ai cấp giấy khen cho công chức cấp xã có thành tích?")).to_json()
    assert answer["actor"]["name"] == "Chủ tịch ủy ban nhân dân cấp xã", answer["answer"]


# UBND tỉnh Lâm Đồng on a complaint (lamdong-dossiers, 2025), a few of its lines
COMPLAINT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
V/v ý kiến đối với vụ việc khiếu nại của bà Đoàn Thị Kim Thu

Ngày 12/6/2023, Chủ tịch Ủy ban nhân dân thành phố Đà Lạt (cũ) ban hành Quyết định giải quyết khiếu nại đối với hồ sơ chuyển mục đích sử dụng đất của bà Đoàn Thị Kim Thu.
Không đồng ý với việc giải quyết của Chủ tịch Ủy ban nhân dân thành phố Đà Lạt (cũ), ông Đoàn Bảo Lâm có đơn khiếu nại tiếp đến Ủy ban nhân dân tỉnh Lâm Đồng (cũ); Ủy ban nhân dân tỉnh Lâm Đồng (cũ) giao Sở Tài nguyên và Môi trường (nay là Sở Nông nghiệp và Môi trường) xác minh.
Sở Tài nguyên và Môi trường đã triển khai xác minh và tổ chức đối thoại với ông Đoàn Bảo Lâm ngày 01/8/2024 và có Báo cáo số 482/BC-STNMT ngày 26/8/2024.
Ngày 14/3/2025, Chủ tịch Ủy ban nhân dân tỉnh ban hành Quyết định số 510/QĐ-UBND giao Thanh tra tỉnh chủ trì, phối hợp với Sở Nông nghiệp và Môi trường, Ủy ban nhân dân thành phố Đà Lạt (cũ) xác minh nội dung đơn khiếu nại về hồ sơ chuyển mục đích sử dụng đất của bà Đoàn Thị Kim Thu.
"""


def test_an_assignment_all_the_question_says_is_what_the_sentence_must_state(tmp_path):
    # (the later decision, "giao Thanh tra tỉnh chủ trì … xác minh …", writes more of the case but not the frame)
    asker = Asker(lexical_archive(tmp_path, {"kim-thu.txt": COMPLAINT}))
    answer = asker.ask(AskRequest("Trong vụ khiếu nại về hồ sơ chuyển mục đích sử dụng đất của bà Đoàn Thị Kim Thu, khi ông "
                                  "Đoàn Bảo Lâm khiếu nại tiếp lên tỉnh thì UBND tỉnh Lâm Đồng (cũ) giao cơ quan nào xác "
                                  "minh?")).to_json()
    assert answer["actor"]["name"] == "Sở Tài nguyên và Môi trường", answer["answer"]


def test_a_name_read_before_the_action_stops_at_an_auxiliary():
    found = read(frame("Sở nào đã triển khai xác minh và tổ chức đối thoại?"),
                 "Sở Tài nguyên và Môi trường đã triển khai xác minh và tổ chức đối thoại với ông Đoàn Bảo Lâm.")
    assert found.name == "Sở Tài nguyên và Môi trường"
    # (a place's "Đà", folded "da", is no "đã")
    found = read(frame("Theo tờ trình, cơ quan nào cấp phép?"), "Ủy ban nhân dân thành phố Đà Lạt cấp phép xây dựng.")
    assert found.name == "Ủy ban nhân dân thành phố Đà Lạt"


# The labour-law self-inspection form's guide (viparse-corpus, tcvn3, 2006), a few of its lines
SELF_INSPECTION = """Phụ lục

Hướng dẫn cách ghi một số nội dung trong
phiếu tự kiểm tra thực hiện pháp luật lao động

Các thông tin chung ghi tên doanh nghiệp theo giấy chứng nhận đăng ký kinh doanh.
I- Tình hình thực hiện pháp luật lao động
1. Các loại báo cáo định kỳ.
1.1. Khai trình, báo cáo định kỳ về tuyển dụng, sử dụng lao động với Sở Lao động – Thương binh và Xã hội:
Có\t[ ]\t\t\t\tKhông\t[ ]
2. Lao động:
2.1. Tổng số lao động có mặt đến thời điểm tự kiểm tra:……………………….
"""


def test_the_one_an_action_is_done_with_is_asked_for(tmp_path):
    question = "Theo phiếu tự kiểm tra thực hiện pháp luật lao động, doanh nghiệp khai trình, báo cáo định kỳ về tuyển dụng, " \
               "sử dụng lao động với cơ quan nào?"
    from api.answers.questions import parse_question
    assert parse_question(question).type == "actors"  # one body, not the units that wrote of reporting
    answer = Asker(lexical_archive(tmp_path, {"phieu.txt": SELF_INSPECTION})).ask(AskRequest(question)).to_json()
    assert answer["actor"]["name"] == "Sở Lao động – Thương binh và Xã hội", answer["answer"]
