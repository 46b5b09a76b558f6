"""A hurried question's shorthand: "VB nào … Do CQ nào ban hành?" asks for units, and an
abbreviation the table spells out ("KPCĐ") finds documents that write it in full."""

from __future__ import annotations

from api.answers import AskRequest, Asker
from api.answers.questions import parse_question
from api.answers.shorthand import written_out
from tests.conftest import answered_units, lexical_archive

UNION_FEES = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
SỞ TÀI CHÍNH

Số: 812/STC-QLNS	Lâm Đồng, ngày 12 tháng 5 năm 2025

V/v trích nộp kinh phí công đoàn năm 2025

Các cơ quan, đơn vị thực hiện trích nộp kinh phí công đoàn bằng 2% quỹ tiền lương làm căn cứ đóng bảo hiểm xã hội.
"""

PLAN = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2026

Các sở, ngành đẩy mạnh tuyên truyền trên cổng thông tin điện tử.
"""


def test_an_abbreviated_asking_phrase_still_asks_for_units(tmp_path):
    assert parse_question("VB nào có nói đến KPCĐ? Do CQ nào ban hành?").type == "units"
    reader = lexical_archive(tmp_path, {"cv-812.txt": UNION_FEES, "ke-hoach.txt": PLAN})
    assert answered_units(reader, "VB nào có nói đến KPCĐ? Do CQ nào ban hành?") == {"Sở Tài chính tỉnh Lâm Đồng"}


RETIRED_TEACHERS_NOTICE = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

THÔNG BÁO
Kết quả Đại hội Hội Cựu giáo chức tỉnh Lâm Đồng nhiệm kỳ 2025 - 2030

1. Thống nhất với hồ sơ báo cáo kết quả Đại hội nhiệm kỳ 2025 - 2030 của Hội Cựu giáo chức tỉnh Lâm Đồng.
2. Đại hội đã biểu quyết số lượng Ban Chấp hành hội: 39 thành viên; Ban Kiểm tra hội: 05 thành viên.
"""

RETIRED_TEACHERS_REQUEST = """SỞ NỘI VỤ TỈNH LÂM ĐỒNG

TỜ TRÌNH
Về kết quả tổ chức Đại hội Hội Cựu giáo chức tỉnh Lâm Đồng

Hội Cựu giáo chức tỉnh Lâm Đồng đã tổ chức Đại hội nhiệm kỳ 2025 - 2030 theo đúng Điều lệ.
"""

OTHER_PROVINCE = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH

THÔNG BÁO
Kết quả Đại hội Hội Cựu giáo chức tỉnh Bình Định nhiệm kỳ 2025 - 2030

Đại hội đã biểu quyết số lượng Ban Chấp hành hội: 27 thành viên; Ban Kiểm tra hội: 03 thành viên.
"""


def test_initials_of_an_organisation_and_its_place_are_read_as_the_archive_spells_them(tmp_path):
    """"Hội CGC tỉnh LĐ": no dictionary holds either; the archive writes "Hội Cựu giáo chức" and
    "tỉnh Lâm Đồng", so the question is read as if typed so. "NK" (nhiệm kỳ) ends the place's name."""
    asker = Asker(lexical_archive(tmp_path, {"tb-ket-qua.txt": RETIRED_TEACHERS_NOTICE, "to-trinh.txt": RETIRED_TEACHERS_REQUEST,
                                             "binh-dinh.txt": OTHER_PROVINCE}))
    answer = asker.ask(AskRequest("ĐH Hội CGC tỉnh LĐ NK 2025-2030 biểu quyết BCH bn người?")).to_json()
    assert answer["type"] == "figure"
    assert answer["figure"]["text"] == "39 thành viên", answer["answer"]


def _monthly_report(month: int, paid: str, cleaned: str) -> str:
    return f"""BAN CHỈ ĐẠO ĐỀ ÁN 06 TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng tháng {month}/2025

d) Trong tháng, thực hiện chi trả an sinh xã hội và bảo hiểm y tế qua tài khoản cho {paid} người hưởng chế độ.
- Đã chi trả chế độ ASXH cho 92.715 đối tượng hưởng BHYT; rà soát, làm sạch dữ liệu {cleaned} người có công.
"""


def test_a_report_named_in_shorthand_labels_the_question(tmp_path):
    """"BC ĐA 06 T11/2025: …" is "Báo cáo Đề án 06 tháng 11/2025: …": the November report is the
    source; and "ASXH", "BHYT" ask for the sentence writing "an sinh xã hội", "bảo hiểm y tế" as much
    as one writing the letters."""
    assert written_out("BC ĐA 06 T11/2025: chi trả ASXH qua TK cho bn người?") == \
        "Báo cáo Đề án 06 tháng 11/2025: chi trả ASXH qua TK cho bao nhiêu người?"
    assert written_out("DN k báo cáo bn năm liên tiếp") == "DN không báo cáo bao nhiêu năm liên tiếp"
    assert written_out("thu giu bao nhieu kg heroin") == "thu giu bao nhieu kg heroin"  # kilograms, not "không"
    reader = lexical_archive(tmp_path, {"bc-thang-10.txt": _monthly_report(10, "56.751", "19.880"),
                                        "bc-thang-11.txt": _monthly_report(11, "69.436", "20.901")})
    question = "BC ĐA 06 T11/2025: chi trả ASXH và BHYT qua TK cho bn người hưởng chế độ?"
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["type"] == "figure"
    assert answer["figure"]["text"] == "69.436 người", answer["answer"]


SOCIAL_MEDIA_PLAN = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

KẾ HOẠCH
Tuyên truyền chuyển đổi số năm 2026

Sử dụng hiệu quả mạng xã hội, cổng thông tin điện tử để tuyên truyền chính sách đến người dân.
"""

ZALO_GROUPS = """ỦY BAN NHÂN DÂN PHƯỜNG HẢI DƯƠNG

BÁO CÁO
Kết quả cải cách hành chính năm 2025

Thành lập các nhóm Zalo tại khu dân cư để hướng dẫn người dân nộp hồ sơ trực tuyến.
"""


def test_examples_in_brackets_illustrate_the_subject_and_do_not_narrow_it(tmp_path):
    """"Việc sử dụng mạng xã hội (Zalo, Facebook...)": a document on using social media mentions the
    subject without naming Zalo or Facebook, in its own words; the examples are not a second name."""
    question = "Việc sử dụng mạng xã hội (Zalo, Facebook...) được nêu trong văn bản của những cơ quan, đơn vị nào?"
    assert "Zalo" not in parse_question(question).text
    assert "(Bộ đội Biên phòng)" in parse_question("Lực lượng biên phòng (Bộ đội Biên phòng) được nêu trong văn bản nào?").text
    reader = lexical_archive(tmp_path, {"ke-hoach.txt": SOCIAL_MEDIA_PLAN, "bao-cao.txt": ZALO_GROUPS})
    assert answered_units(reader, question) == {"Ủy ban nhân dân tỉnh Lâm Đồng"}


def test_a_code_typed_in_lower_case_and_how_many_at_the_end_are_written_out():
    assert written_out("chuyen an vn10 cong an tphcm khoi to bao nhieu bi can") == \
        "chuyen an VN10 cong an tphcm khoi to bao nhieu bi can"
    assert written_out("nam2025 co bao nhieu") == "nam2025 co bao nhieu"  # a syllable before the number: no code
    assert written_out("KP QLHC khoán cho mỗi ng/năm là bn?") == "KP QLHC khoán cho mỗi người/năm là bao nhiêu?"


SPENDING_RULES = """UBND TỈNH BÀ RỊA – VŨNG TÀU
BQL CÁC KHU CÔNG NGHIỆP

QUY CHẾ
Chi tiêu nội bộ năm 2007

Điều 2 : Kinh phí quản lý hành chính của BQL các KCN tỉnh Bà Rịa – Vũng Tàu do UBND tỉnh khoán chi.

Kinh phí được khoán là 38 triệu đồng / người / năm (bao gồm cả biên chế hợp đồng).

Văn phòng phẩm : Tổng kinh phí Văn phòng phẩm khoán cho các phòng và ban lãnh đạo cơ quan : 54.000.000đ/năm.
"""


def test_a_question_in_abbreviations_finds_the_figure_written_in_full(tmp_path):
    reader = lexical_archive(tmp_path, {"quy_che_chi_tieu.txt": SPENDING_RULES})
    answer = Asker(reader).ask(AskRequest("KP QLHC khoán cho mỗi ng/năm theo QC chi tiêu nội bộ 2007 của BQL các KCN là bn?")).to_json()
    assert answer["figure"]["value"] == 38_000_000, answer["answer"]


def test_documents_had_in_shorthand_are_no_subject():
    # "có VB báo cáo về DVCTT": the units' documents; the subject is the online public services
    assert written_out("Đơn vị nào có VB báo cáo về DVCTT?") == "Đơn vị nào có văn bản báo cáo về DVCTT?"
    assert written_out("don vi nao co vb ve dvctt").startswith("don vi nao co van ban ve")
    question = parse_question("Đơn vị nào có VB báo cáo về DVCTT?")
    assert question.type == "units" and "dịch vụ công trực tuyến" in question.phrases


def test_how_much_in_dong_and_total_receipts_ask_for_money():
    assert written_out("HHDN tỉnh BT NK IV tổng thu bn đ?") == "HHDN tỉnh BT NK IV tổng thu bao nhiêu đồng?"
    # the total received is money, not the members or the dues rate beside it
    question = parse_question("Trong nhiệm kỳ IV, Hiệp hội Doanh nghiệp tỉnh Bình Thuận có tổng thu tài chính là bao nhiêu?")
    assert (question.figure_kind, question.figure_unit) == ("money", "đồng")
    assert parse_question("Năm 2025 tổng chi của Hội là bao nhiêu?").figure_kind == "money"


ASSIGNMENT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số: 512/UBND-NC	Lâm Đồng, ngày 10 tháng 6 năm 2025

Kính gửi: Thanh tra tỉnh

Thực hiện Công văn số 427/BCA-C04 của Bộ Công an, Chủ tịch UBND tỉnh giao Công an tỉnh nghiên cứu, rà soát và gửi văn bản trực tiếp cho Bộ Công an trước ngày 20/6/2025.
"""

def test_two_nouns_for_one_asker_and_a_position_held_are_written_plainly():
    # "cơ quan, đơn vị nào": the asking phrase of one actor, as "cơ quan nào" is; a units question stays one
    assert written_out("UBND tỉnh giao cơ quan, đơn vị nào chủ trì nghiên cứu vụ án?") == \
        "UBND tỉnh giao cơ quan nào chủ trì nghiên cứu vụ án?"
    assert parse_question("UBND tỉnh giao cơ quan, đơn vị nào chủ trì nghiên cứu vụ án?").type == "actors"
    assert parse_question("Những cơ quan, đơn vị nào có văn bản liên quan đến PCCC?").type == "units"
    # "Người giữ chức Chủ tịch … là ai?" asks for the holder, as "Chủ tịch … là ai?" does
    assert written_out("Người giữ chức Chủ tịch Hội Cựu giáo chức tỉnh Lâm Đồng là ai?") == \
        "Chủ tịch Hội Cựu giáo chức tỉnh Lâm Đồng là ai?"
    assert written_out("nguoi giu chuc chu tich hoi cuu giao chuc la ai") == "Chu tich hoi cuu giao chuc la ai"


def test_an_actor_asked_with_two_nouns_is_the_one_assigned(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"giao-viec.txt": ASSIGNMENT}))
    answer = asker.ask(AskRequest("Chủ tịch UBND tỉnh giao cơ quan, đơn vị nào nghiên cứu, rà soát và gửi văn bản trực tiếp "
                                  "cho Bộ Công an theo Công văn 427/BCA-C04?")).to_json()
    assert answer["type"] == "actors"
    assert answer["answer"].startswith("Chủ tịch UBND tỉnh giao Công an tỉnh nghiên cứu, rà soát"), answer["answer"]


def test_a_yes_or_no_particle_is_no_part_of_a_name_before_it():
    assert written_out("Có văn bản nào nói tới Hội Nông dân không, của đơn vị nào?") == \
        "Có văn bản nào nói tới Hội Nông dân, của đơn vị nào?"
    assert parse_question("Có văn bản nào nói tới Hội Nông dân không, của đơn vị nào?").topic == "Hội Nông dân"
    assert written_out("Đơn vị nào báo cáo về xã không ma túy?") == "Đơn vị nào báo cáo về xã không ma túy?"
