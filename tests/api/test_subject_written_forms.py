"""Which units mention a subject, however the documents write it: with the comma the question
typed between its words or without it, by a long term it joins to another with a comma alone,
and with a long phrase's accents mistyped (a short one's accents still tell it from another:
"bệnh viện tư" is not "Bệnh viện Từ Dũ")."""

from __future__ import annotations

import pytest

from api.answers.passages import find_phrases, folded
from api.answers.questions import parse_question
from api.answers.topics import coordinated_terms, owned_term
from tests.conftest import answered_units, lexical_archive

FRONT_REPORT = """ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH HẢI DƯƠNG
BAN THƯỜNG TRỰC

BÁO CÁO
Tổng kết công tác Mặt trận năm 2025

Đẩy mạnh công tác kiểm tra, công tác thi đua, khen thưởng, phát hiện và nhân rộng các điển hình tiên tiến.
Tổ chức hội nghị cán bộ chủ chốt toàn tỉnh; các đơn vị ký kết giao ước thi đua năm 2026.
"""

ZONE_RULES = """ỦY BAN NHÂN DÂN TỈNH BÀ RỊA – VŨNG TÀU
BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP

QUY CHẾ
Chi tiêu nội bộ năm 2007

Quỹ khen thưởng được chi trả vào cuối năm sau khi Hội đồng thi đua khen thưởng họp xét từng trường hợp.
Tổ chức đánh giá, xếp loại công chức và thông báo công khai giá dịch vụ đăng ký doanh nghiệp.
"""

YOUTH_REPORT = """ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN
SỞ VĂN HÓA

BÁO CÁO
Hoạt động thanh niên năm 2025

Phát động phong trào thi đua tình nguyện trong đoàn viên, thanh niên. Cuối năm, đơn vị đề nghị khen thưởng 12 tập thể.
Bệnh viện Từ Dũ phối hợp khám sức khỏe cho thanh niên nhập ngũ.
Đoàn viên tham gia hòa giải, hỗ trợ gia đình bị bồi thường thiệt hại do tai nạn giao thông.
"""

SITE_REPORT = """ỦY BAN NHÂN DÂN TỈNH AN GIANG

BÁO CÁO
Tiến độ các dự án trọng điểm năm 2025

Tập trung đẩy nhanh tiến độ giải phóng mặt bằng các dự án đầu tư trọng điểm của tỉnh.
"""

ROAD_NOTICE = """SỞ XÂY DỰNG TỈNH LÂM ĐỒNG

THÔNG BÁO
Kết luận kiểm tra tiến độ thi công tuyến cao tốc

Đề nghị các xã hoàn thành GPMB đoạn Km12 - Km18 trước ngày 30/6/2026 để nhà đầu tư thi công.
"""

BUSINESS_REPORT = """HIỆP HỘI DOANH NGHIỆP TỈNH BÌNH THUẬN

BÁO CÁO
Kiểm điểm Ban Chấp hành khóa IV

Hiệp hội là thành viên Ban chỉ đạo triển khai áp dụng Hoá đơn điển tử tỉnh; hỗ trợ hội viên kê khai thuế.
Khuyến khích đầu tư bệnh viện tư nhân và trường học ngoài công lập.
"""

TAX_REPORT = """CỤC THUẾ TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả quản lý thuế tháng 10 năm 2025

Đến nay 95% doanh nghiệp trên địa bàn đã sử dụng hóa đơn điện tử có mã của cơ quan thuế.
"""


COURT_REPORT = """TÒA ÁN NHÂN DÂN TỈNH LÂM ĐỒNG

BÁO CÁO
Công tác xét xử năm 2025

Thụ lý 3 vụ việc phá sản; hướng dẫn doanh nghiệp thủ tục mở thủ tục phá sản theo quy định.
"""


BUDGET_REPORT = """SỞ TÀI CHÍNH TỈNH LÂM ĐỒNG

BÁO CÁO
Tình hình thu, chi ngân sách năm 2025

Giải ngân vốn xây dựng cơ bản đạt 92% kế hoạch; nguồn vốn chủ yếu từ ngân sách trung ương.
Thu hút đầu tư nước ngoài; xúc tiến đầu tư; đầu tư công; đầu tư hạ tầng; đầu tư trường học; quỹ đầu tư.
"""

STAFF_PLAN = """SỞ NỘI VỤ TỈNH LÂM ĐỒNG

KẾ HOẠCH
Cải cách hành chính năm 2026

Hoàn thành phê duyệt vị trí việc làm trong các đơn vị sự nghiệp công lập trước quý III.
Tổ chức bồi dưỡng cán bộ, công chức, viên chức về kỹ năng số.
Chi trả phụ cấp cho người hoạt động không chuyên trách ở cấp xã đúng thời hạn.
"""


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    files = {"mat-tran.txt": FRONT_REPORT, "quy-che.txt": ZONE_RULES, "thanh-nien.txt": YOUTH_REPORT,
             "hiep-hoi.txt": BUSINESS_REPORT, "thue.txt": TAX_REPORT,
             "du-an.txt": SITE_REPORT, "cao-toc.txt": ROAD_NOTICE, "toa-an.txt": COURT_REPORT,
             "ngan-sach.txt": BUDGET_REPORT, "ke-hoach.txt": STAFF_PLAN}
    return lexical_archive(tmp_path_factory.mktemp("written-forms"), files)


def test_a_comma_typed_between_a_subjects_words_matches_with_or_without_it(reader):
    assert parse_question("Công tác thi đua, khen thưởng được đề cập trong văn bản của những cơ quan, đơn vị nào?"
                          ).topic == "Công tác thi đua, khen thưởng"
    # the youth report has both words, apart: it does not mention the subject
    assert answered_units(reader, "Công tác thi đua, khen thưởng được đề cập trong văn bản của những cơ quan, đơn vị nào?") == {
        "Ban Thường trực", "Ban quản lý các khu công nghiệp tỉnh Bà Rịa – Vũng Tàu"}


def test_a_long_term_joined_with_a_comma_is_a_subject_of_its_own(reader):
    # "bồi thường" alone is any compensation; "giải phóng mặt bằng", and its "GPMB", the subject
    assert coordinated_terms("Công tác bồi thường, giải phóng mặt bằng") == ["giải phóng mặt bằng"]
    # the comma of "phòng, chống" joins no terms; nor does one inside a name
    assert coordinated_terms("tong ket chien luoc quoc gia phong, chong va kiem soat ma tuy") == []
    assert coordinated_terms("tuyên truyền giáo dục phòng, chống tác hại thuốc lá") == []  # both sides 5 syllables
    assert coordinated_terms("Sở Văn hóa, Thể thao và Du lịch") == []
    assert answered_units(reader, "Công tác bồi thường, giải phóng mặt bằng được nhắc đến trong văn bản của những đơn vị nào?") == {
        "Ủy ban nhân dân tỉnh An Giang", "Sở Xây dựng tỉnh Lâm Đồng"}


def test_a_long_phrase_matches_its_mistyped_accents():
    assert find_phrases("Ban chỉ đạo triển khai áp dụng Hoá đơn điển tử tỉnh", ["hóa đơn điện tử"]) == [(31, 46)]
    assert find_phrases("Bệnh viện Từ Dũ phối hợp", ["bệnh viện tư"]) == []


def test_units_mentioning_a_mistyped_long_subject(reader):
    assert answered_units(reader, "Tôi cần tìm các tài liệu có nói về hóa đơn điện tử. Những tài liệu đó do đơn vị nào ban hành?") == {
        "Hiệp hội doanh nghiệp tỉnh Bình Thuận", "Cục thuế tỉnh Lâm Đồng"}
    assert answered_units(reader, "Tìm các đơn vị có văn bản đề cập đến bệnh viện tư.") == {"Hiệp hội doanh nghiệp tỉnh Bình Thuận"}


def test_what_a_term_is_of_in_brackets_is_no_kind_of_it(reader):
    # every report names "doanh nghiệp"; only the court's names bankruptcy
    assert answered_units(reader, "Tìm các văn bản có nhắc đến phá sản (doanh nghiệp, tổ chức phá sản). Do cơ quan nào ban hành?"
                          ) == {"Tòa án nhân dân tỉnh Lâm Đồng"}


def test_a_term_behind_a_source_or_an_investment_is_the_subject(reader):
    from api.answers.topics import acted_term, written_forms

    assert "ngân sách trung ương" in written_forms("nguồn ngân sách trung ương")
    assert acted_term(reader, "đầu tư xây dựng cơ bản") == "xây dựng cơ bản"
    assert acted_term(reader, "đầu tư nước ngoài") is None  # two syllables behind "đầu tư": a place, not a term
    assert answered_units(reader, "Các văn bản có nội dung về đầu tư xây dựng cơ bản do những cơ quan nào ban hành?") == {
        "Sở Tài chính tỉnh Lâm Đồng"}
    assert answered_units(reader, "Những văn bản nào nhắc đến nguồn ngân sách trung ương? Của cơ quan nào?") == {
        "Sở Tài chính tỉnh Lâm Đồng"}


def test_a_term_is_the_subject_without_whom_it_is_of(reader):
    assert owned_term("Vị trí việc làm của cán bộ, công chức, viên chức") == "Vị trí việc làm"
    assert owned_term("thành lập Ban Vì sự tiến bộ của phụ nữ tỉnh Lâm Đồng") is None  # the owner ends a name
    assert owned_term("Quỹ cơ hội cho phụ nữ làm kinh tế") is None  # an organisation
    # the plan names job positions and the staff in different sentences: it mentions job positions all the same
    assert answered_units(reader, "Vị trí việc làm của cán bộ, công chức, viên chức được đề cập trong văn bản của những đơn vị "
                                  "nào?") == {"Sở Nội vụ tỉnh Lâm Đồng"}


def test_a_regime_or_an_area_frames_its_subject(reader):
    from api.answers.topics import written_forms

    assert "biên giới" in written_forms("Khu vực biên giới")
    assert written_forms("Chế độ phụ cấp")[:2] == ["Chế độ phụ cấp", "phụ cấp"]
    # the plan pays allowances; it never writes "chế độ phụ cấp"
    assert answered_units(reader, "Chế độ phụ cấp được nhắc đến trong văn bản của những cơ quan, đơn vị nào?") == {
        "Sở Nội vụ tỉnh Lâm Đồng"}


# the Sở Tư pháp's reports on legal education (one phrase, written whole) and a ministry's paper on drug prevention
JUSTICE_REPORT = """SỞ TƯ PHÁP TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả công tác phổ biến, giáo dục pháp luật năm 2025

Công tác phổ biến, giáo dục pháp luật được triển khai đồng bộ.
Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh họp định kỳ.
Kinh phí cho phổ biến, giáo dục pháp luật được bảo đảm.
"""

EDUCATION_PAPER = """BỘ GIÁO DỤC VÀ ĐÀO TẠO

THAM LUẬN
Tăng cường công tác tuyên truyền giáo dục pháp luật về phòng, chống ma túy cho học sinh, sinh viên
"""


def test_a_part_mostly_written_inside_a_fixed_phrase_is_no_subject_alone(tmp_path):
    # "giáo dục pháp luật" stands after "phổ biến, …" in three of its four chunks: the phrase is the subject
    reader = lexical_archive(tmp_path, {"tu-phap.txt": JUSTICE_REPORT, "giao-duc.txt": EDUCATION_PAPER,
                                        "tu-phap-q1.txt": JUSTICE_REPORT.replace("năm 2025", "quý I năm 2026"),
                                        "tu-phap-q2.txt": JUSTICE_REPORT.replace("năm 2025", "quý II năm 2026")})
    assert coordinated_terms("Công tác phổ biến, giáo dục pháp luật") == ["giáo dục pháp luật"]
    assert answered_units(reader, "Công tác phổ biến, giáo dục pháp luật được nêu trong văn bản của những đơn vị nào?") == {
        "Sở Tư pháp tỉnh Lâm Đồng"}


TAX_OFFICE = """CỤC THUẾ TỈNH LÂM ĐỒNG

BÁO CÁO
Công tác thuế năm 2025

Hướng dẫn quyết toán thuế thu nhập cá nhân năm 2025 cho người nộp thuế.
"""

LABOUR_REPORT = """SỞ NỘI VỤ TỈNH LÂM ĐỒNG

BÁO CÁO
Tình hình lao động năm 2025

Vấn đề thu nhập cá nhân của người lao động được quan tâm, thuế môn bài của hộ kinh doanh được miễn.
"""


def test_a_framing_noun_does_not_make_a_short_subject_long(tmp_path):
    # "vấn đề thuế thu nhập cá nhân" is the five-syllable term behind "vấn đề", sought as a phrase (counted at
    # seven syllables, it was sought as words in one sentence, "vấn" among them, and found nowhere); the labour
    # report writes the words apart and does not mention it
    reader = lexical_archive(tmp_path, {"thue.txt": TAX_OFFICE, "lao-dong.txt": LABOUR_REPORT})
    for question in ("Cơ quan nào có văn bản đề cập đến vấn đề thuế thu nhập cá nhân?",
                     "Cơ quan nào có văn bản đề cập đến thuế thu nhập cá nhân?"):
        assert answered_units(reader, question) == {"Cục thuế tỉnh Lâm Đồng"}, question


def test_a_question_framing_its_subject_once_more_asks_for_the_same_subject(reader):
    from api.answers.topics import framed_subject

    assert framed_subject("vấn đề đối tượng bảo trợ xã hội") == "đối tượng bảo trợ xã hội"
    # a name, a foreign word or an acronym is a subject of one word; a Vietnamese word alone is not
    assert [framed_subject(t) for t in ("vấn đề Campuchia", "vấn đề internet", "Công tác PCCC", "vấn đề thuế")] == [
        "Campuchia", "internet", "PCCC", None]
    assert framed_subject("Dịch vụ công trực tuyến") is None  # "Dịch vụ công" is a term of its own (DVC)
    # "vấn đề chế độ phụ cấp" is "chế độ phụ cấp", which the plan writes as "phụ cấp"
    assert answered_units(reader, "Vấn đề chế độ phụ cấp được nhắc đến trong văn bản của những cơ quan, đơn vị nào?") == {
        "Sở Nội vụ tỉnh Lâm Đồng"}


def test_mentioned_written_with_toi_is_no_part_of_the_subject():
    # "đề cập tới", "được nhắc tới" ask as "đề cập đến" does: "tới" is not the subject's first word
    for question in ("Đơn vị nào đề cập tới thuế thu nhập cá nhân trong báo cáo?",
                     "Thuế thu nhập cá nhân được nhắc tới trong văn bản của cơ quan nào?",
                     "Cơ quan nào có văn bản đề cập đến thuế thu nhập cá nhân?"):
        assert folded(parse_question(question).topic) == "thue thu nhap ca nhan", question


def test_information_on_and_a_yes_or_no_particle_are_no_part_of_the_subject():
    for question in ("Những đơn vị nào có thông tin về thuế thu nhập cá nhân?",
                     "Có văn bản nào nói tới thuế thu nhập cá nhân không, của đơn vị nào?",
                     "co van ban nao noi ve thue thu nhap ca nhan khong"):
        assert folded(parse_question(question).topic) == "thue thu nhap ca nhan", question
    # "không" inside the subject stays
    assert folded(parse_question("Đơn vị nào báo cáo về xã không ma túy?").topic) == "xa khong ma tuy"


TWO_TIER_HOME = """CÔNG AN TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả công tác quý I năm 2026

Công an các xã, phường vận hành ổn định theo mô hình chính quyền địa phương 02 cấp từ ngày 01/7/2025.
"""

TWO_TIER_OFFICE = """VĂN PHÒNG UBND TỈNH LÂM ĐỒNG

PHIẾU TRÌNH
Về việc rà soát thủ tục hành chính

Rà soát thủ tục hành chính cho phù hợp với mô hình chính quyền địa phương 2 cấp.
"""

TWO_TIER_PLAN = """SỞ NỘI VỤ TỈNH LÂM ĐỒNG

KẾ HOẠCH
Kiểm tra công tác cải cách hành chính năm 2026

Đánh giá việc tổ chức bộ máy sau khi thực hiện mô hình chính quyền địa phương hai cấp.
Kiểm tra hai cấp ủy về công tác cán bộ.
"""


def test_a_count_is_the_same_written_as_a_word_or_in_digits(tmp_path):
    from api.answers.topics import counted_forms

    assert counted_forms("chính quyền địa phương hai cấp") == ["chính quyền địa phương 2 cấp", "chính quyền địa phương 02 cấp"]
    assert counted_forms("chính quyền địa phương 02 cấp") == ["chính quyền địa phương hai cấp", "chính quyền địa phương 2 cấp"]
    # not "một" (also "a"), "năm" (also "year"), a capitalised name or a number in a code or a date
    assert [counted_forms(t) for t in ("một cửa liên thông", "kế hoạch năm 2026", "quận Ba Đình", "ngày 2/9", "135 xã")] == [
        [], [], [], [], []]
    reader = lexical_archive(tmp_path, {"ca.txt": TWO_TIER_HOME, "vp.txt": TWO_TIER_OFFICE, "snv.txt": TWO_TIER_PLAN})
    every = {"Công an tỉnh Lâm Đồng", "Văn phòng UBND tỉnh Lâm Đồng", "Sở Nội vụ tỉnh Lâm Đồng"}
    # a short subject, sought as a phrase, and a long one, sought as its words in one sentence
    for subject in ("Chính quyền địa phương hai cấp", "Chính quyền địa phương 2 cấp", "Mô hình chính quyền địa phương hai cấp",
                    "Mô hình chính quyền địa phương 02 cấp"):
        assert answered_units(reader, f"{subject} được đề cập trong văn bản của những đơn vị nào?") == every, subject


DRUG_PLAN = """ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN

KẾ HOẠCH
Phòng, chống ma túy năm 2026

Phát huy người có uy tín trong cộng đồng tham gia vận động quần chúng tố giác tội phạm ma túy.
"""


def test_the_role_of_a_subject_asks_for_the_subject(tmp_path):
    # a document naming "người có uy tín trong cộng đồng" mentions what its role is asked of, without writing "vai trò"
    from api.answers.topics import framed_subject

    assert framed_subject("Vai trò của người có uy tín trong cộng đồng") == "người có uy tín trong cộng đồng"
    assert framed_subject("Ý nghĩa của phong trào thi đua") == "phong trào thi đua"
    reader = lexical_archive(tmp_path, {"ma-tuy.txt": DRUG_PLAN, "thue.txt": TAX_OFFICE})
    for question in ("Vai trò của người có uy tín trong cộng đồng được nêu trong văn bản của những cơ quan nào?",
                     "Người có uy tín trong cộng đồng được nêu trong văn bản của những cơ quan nào?"):
        assert answered_units(reader, question) == {"Ủy ban nhân dân tỉnh Điện Biên"}, question
