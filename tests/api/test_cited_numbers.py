"""A number asked of what a citation says an earlier decision did: "Hiệp hội … được cho phép thành
lập theo quyết định số mấy?" is answered from "… được cho phép thành lập theo Quyết định số
3123/QĐ-UBND …" in the proposal, not from the held decision on renaming the association (whose
number is blank), and never from another association's papers."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from tests.conftest import lexical_archive

RENAMING_DECISION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số:      /QĐ-UBND	Lâm Đồng, ngày       tháng 10 năm 2025

QUYẾT ĐỊNH
Về việc cho phép đổi tên Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận (trước sắp xếp) thành Hiệp hội Thể thao giải trí và dưới nước tỉnh Lâm Đồng và phê duyệt Điều lệ (sửa đổi, bổ sung) Hiệp hội

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
Căn cứ Nghị định số 126/2024/NĐ-CP ngày 08 tháng 10 năm 2024 của Chính phủ quy định về tổ chức, hoạt động và quản lý hội;
Theo đề nghị của Giám đốc Sở Nội vụ.
QUYẾT ĐỊNH:
Điều 1. Cho phép đổi tên Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận (trước sắp xếp) thành Hiệp hội Thể thao giải trí và dưới nước tỉnh Lâm Đồng.
"""

PROPOSAL = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

Số:          /TTr-SNV	Lâm Đồng, ngày       tháng 10 năm 2025

TỜ TRÌNH
Về việc đề nghị cho phép đổi tên Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận (trước sắp xếp) thành Hiệp hội Thể thao giải trí và dưới nước tỉnh Lâm Đồng

Sở Nội vụ kính báo cáo Chủ tịch UBND tỉnh như sau:
1. Về đề nghị đổi tên Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận thành Hiệp hội Thể thao giải trí và dưới nước tỉnh Lâm Đồng
Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận được cho phép thành lập theo Quyết định số 3123/QĐ-UBND ngày 05/12/2019 của Chủ tịch UBND tỉnh Bình Thuận (trước sắp xếp). Tại Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh, tỉnh Bình Thuận và tỉnh Lâm Đồng được sắp xếp thành tỉnh Lâm Đồng mới.
"""

CYCLING_PROPOSAL = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

Số:          /TTr-SNV	Lâm Đồng, ngày       tháng 10 năm 2025

TỜ TRÌNH
Về việc cho phép đổi tên Liên đoàn Xe đạp thể thao tỉnh Bình Thuận (trước sắp xếp) thành Liên đoàn Xe đạp thể thao tỉnh Lâm Đồng

Sở Nội vụ nhận được Đơn đề nghị số 09/ĐĐN-LĐXĐTT ngày 24/9/2025 của Liên đoàn Xe đạp thể thao tỉnh Bình Thuận về việc đề nghị cho phép đổi tên Liên đoàn Xe đạp thể thao tỉnh Bình Thuận (trước sắp xếp) thành Liên đoàn Xe đạp thể thao tỉnh Lâm Đồng và phê duyệt Điều lệ (sửa đổi, bổ sung).
"""


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    return Asker(lexical_archive(tmp_path_factory.mktemp("renaming"), {
        "qd-doi-ten.txt": RENAMING_DECISION, "to-trinh-doi-ten.txt": PROPOSAL, "to-trinh-xe-dap.txt": CYCLING_PROPOSAL}))


def test_the_decision_a_citation_says_did_what_is_asked_is_the_answer(asker):
    answer = asker.ask(AskRequest("Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận được cho phép thành lập theo "
                                  "quyết định số mấy?")).to_json()
    assert answer["type"] == "documents"
    lead = answer["answer"].splitlines()[0]
    assert lead.startswith("Số hiệu: 3123/QĐ-UBND"), lead
    assert "Nghị quyết số 202" not in lead  # the citation's subject ends with its sentence


def test_a_blank_number_is_not_filled_from_another_associations_papers(asker):
    answer = asker.ask(AskRequest("Quyết định cho phép đổi tên Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận "
                                  "có số hiệu là gì?")).to_json()
    assert "09/ĐĐN-LĐXĐTT" not in answer["answer"], answer["answer"]


MERGER_PROPOSAL = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

TỜ TRÌNH
Về việc đề nghị cho phép sáp nhập Hội Truyền thống Trường Sơn - Đường Hồ Chí Minh tỉnh Bình Thuận và tỉnh Đắk Nông vào Hội Truyền thống Trường Sơn - Đường Hồ Chí Minh tỉnh Lâm Đồng

2. Về nội dung:
- Nghị quyết thông qua đề nghị cho phép sáp nhập hội phù hợp với quy định.
- Về Điều lệ hội: Hội Trường Sơn - Đường Hồ Chí Minh tỉnh Lâm Đồng đề xuất thống nhất thừa nhận thực hiện theo Điều lệ Hội Truyền thống Trường Sơn - Đường Hồ Chí Minh Việt Nam (được Bộ trưởng Bộ Nội vụ phê duyệt tại Quyết định số 570/QĐ-BNV ngày 21/7/2022), đảm bảo theo đúng quy định tại khoản 5 Điều 21 Nghị định 126/2024/NĐ-CP.
"""

DECREE = """CHÍNH PHỦ

Số: 109/2004/NĐ-CP	Hà Nội, ngày 02 tháng 4 năm 2004

NGHỊ ĐỊNH
Về đăng ký kinh doanh

Điều 25. Hiệu lực thi hành
1. Nghị định này có hiệu lực thi hành sau 15 ngày, kể từ ngày đăng Công báo.
2. Nghị định này thay thế Nghị định số 02/2000/NĐ-CP ngày 03 tháng 02 năm 2000 của Chính phủ về đăng ký kinh doanh.
3. Bãi bỏ các quy định trước đây trái với Nghị định này, căn cứ Luật Doanh nghiệp số 13/1999/QH10.
"""


def test_a_decision_asked_by_what_it_approved_is_named_by_its_number(tmp_path):
    # "… được Bộ Nội vụ phê duyệt tại quyết định nào?" asks one document's number, cited in brackets
    asker = Asker(lexical_archive(tmp_path, {"to-trinh-sap-nhap.txt": MERGER_PROPOSAL}))
    answer = asker.ask(AskRequest("Điều lệ Hội Truyền thống Trường Sơn - Đường Hồ Chí Minh Việt Nam mà hội của tỉnh thừa "
                                  "nhận được Bộ Nội vụ phê duyệt tại quyết định nào?")).to_json()
    assert answer["type"] == "documents"
    lead = answer["answer"].splitlines()[0]
    assert lead.startswith("Số hiệu: 570/QĐ-BNV — “Quyết định số 570/QĐ-BNV ngày 21/7/2022”"), lead


def test_what_a_named_decree_replaces_is_read_from_its_own_text(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"nd-109.txt": DECREE}))
    answer = asker.ask(AskRequest("Nghị định 109/2004/NĐ-CP về đăng ký kinh doanh thay thế nghị định nào?")).to_json()
    assert answer["type"] == "documents"
    assert answer["answer"].splitlines()[0].startswith("Số hiệu: 02/2000/NĐ-CP"), answer["answer"]


JUSTICE_PROPOSAL = """UBND TỈNH LÂM ĐỒNG
SỞ TƯ PHÁP

Số: 85/TTr-STP	Lâm Đồng, ngày 02 tháng 4 năm 2026

TỜ TRÌNH
Đề nghị phê duyệt Đề án tổ chức Đại hội Đoàn Luật sư Lâm Đồng lần thứ I nhiệm kỳ 2026-2031

Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng.

Sở Tư pháp nhận được Tờ trình số 34/TTr-ĐLS ngày 24/3/2026 của Đoàn Luật sư tỉnh Lâm Đồng xin phê duyệt Đề án tổ chức Đại hội luật sư Lâm Đồng lần thứ I, nhiệm kỳ 2026-2031. Sở Tư pháp kính trình Ủy ban nhân dân tỉnh phê duyệt Đề án tổ chức Đại hội Đoàn Luật sư tỉnh Lâm Đồng lần thứ I, nhiệm kỳ 2026-2031.
"""


def test_the_number_of_a_proposal_by_the_unit_the_question_names_is_read_from_a_citation(tmp_path):
    # the held proposal is the Sở Tư pháp's; the one the Đoàn Luật sư wrote is cited in it
    asker = Asker(lexical_archive(tmp_path, {"to-trinh-85.txt": JUSTICE_PROPOSAL}))
    answer = asker.ask(AskRequest("Đoàn Luật sư tỉnh Lâm Đồng trình Đề án tổ chức Đại hội lần thứ I, nhiệm kỳ 2026 - 2031 "
                                  "bằng tờ trình số mấy?")).to_json()
    assert answer["answer"].splitlines()[0].startswith("Số hiệu: 34/TTr-ĐLS"), answer["answer"]


SHRIMP_DECISION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số:      /QĐ-UBND	Lâm Đồng, ngày       tháng 11 năm 2025

QUYẾT ĐỊNH
Về việc cho phép đổi tên Hiệp hội Tôm Bình Thuận (trước sắp xếp) thành Hiệp hội Tôm Lâm Đồng và phê duyệt Điều lệ (sửa đổi, bổ sung) Hiệp hội

Điều 1. Cho phép đổi tên Hiệp hội Tôm Bình Thuận (trước sắp xếp) thành Hiệp hội Tôm Lâm Đồng.
"""

SHRIMP_PROPOSAL = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

TỜ TRÌNH
Về việc đề nghị cho phép đổi tên Hiệp hội Tôm Bình Thuận (trước sắp xếp) thành Hiệp hội Tôm Lâm Đồng

1. Về đề nghị đổi tên Hiệp hội
Hiệp hội Tôm giống tỉnh Bình Thuận được cho phép thành lập theo Quyết định số 614/QĐ-UBND ngày 10/3/2011 và được cho phép đổi tên thành Hiệp hội Tôm Bình Thuận theo Quyết định số 2461/QĐ-UBND ngày 18/9/2015 của Chủ tịch UBND tỉnh Bình Thuận.
"""


def test_the_decision_that_did_the_action_asked_is_cited_not_the_held_renaming(tmp_path):
    # the question adds what the association is called now, which no citation writes: the action decides
    asker = Asker(lexical_archive(tmp_path, {"qd-doi-ten.txt": SHRIMP_DECISION, "to-trinh.txt": SHRIMP_PROPOSAL}))
    answer = asker.ask(AskRequest("Hiệp hội Tôm giống tỉnh Bình Thuận (nay là Hiệp hội Tôm Lâm Đồng) được cho phép thành "
                                  "lập theo quyết định số mấy?")).to_json()
    assert answer["answer"].splitlines()[0].startswith("Số hiệu: 614/QĐ-UBND"), answer["answer"]


def test_a_joint_circular_asked_by_number_is_a_documents_question():
    from api.answers.questions import parse_question

    question = parse_question("Thông tư liên tịch 120/2000/TTLT-BTC-BCN-TCHQ bổ sung, sửa đổi thông tư liên tịch số mấy "
                              "về thuế theo tỷ lệ nội địa hóa?")
    assert (question.type, question.document_field) == ("documents", "number")


EXEMPTION_CIRCULAR = """BỘ TÀI CHÍNH

Số: 117/2000/TT-BTC	Hà Nội, ngày 21 tháng 12 năm 2000

THÔNG TƯ
Bổ sung và sửa đổi một số điểm của Thông tư số 40/2000/TT-BTC ngày 15/5/2000 của Bộ Tài chính hướng dẫn thi hành Quyết định số 176/1999/QĐ-TTg ngày 26/8/1999 của Thủ tướng Chính phủ về việc miễn thuế nhập khẩu đối với nguyên vật liệu

Căn cứ Quyết định số 176/1999/QĐ-TTg ngày 26/8/1999 của Thủ tướng Chính phủ về việc miễn thuế nhập khẩu đối với nguyên vật liệu;

Căn cứ ý kiến chỉ đạo của Thủ tướng Chính phủ thông báo tại công văn số 4537/VPCP-KTTH ngày 18/10/2000 của Văn phòng Chính phủ;

Bộ Tài chính hướng dẫn bổ sung, sửa đổi Thông tư số 40/2000/TT-BTC như sau:
"""

SAFETY_DECISION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số:      /QĐ-UBND	Lâm Đồng, ngày       tháng 9 năm 2025

QUYẾT ĐỊNH
Về việc thành lập Hội đồng An toàn, vệ sinh lao động tỉnh Lâm Đồng

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
Căn cứ Luật An toàn, vệ sinh lao động ngày 25 tháng 6 năm 2015;
Căn cứ Nghị định số 39/2016/NĐ-CP ngày 15 tháng 5 năm 2016 của Chính phủ quy định chi tiết thi hành một số điều của Luật An toàn, vệ sinh lao động;
Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 187/TTr-SNV ngày 28 tháng 8 năm 2025.
QUYẾT ĐỊNH:
Điều 1. Thành lập Hội đồng An toàn, vệ sinh lao động tỉnh Lâm Đồng.
"""

SAFETY_PROPOSAL = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

TỜ TRÌNH
Về việc thành lập Hội đồng An toàn, vệ sinh lao động tỉnh

Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;
Căn cứ Luật An toàn, vệ sinh lao động số 84/2015/QH13 ngày 25 tháng 6 năm 2015;
Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, quyết định.
"""


def test_the_bases_of_a_document_are_its_can_cu_lines_and_laws_named_without_number_are_numbered_apart(tmp_path):
    """A code the title names first is a basis where a "Căn cứ" line names it again; a law a "Căn cứ"
    line names by name and date only is listed apart, numbered as another document writes it."""
    asker = Asker(lexical_archive(tmp_path, {"thong-tu.txt": EXEMPTION_CIRCULAR, "quyet-dinh.txt": SAFETY_DECISION,
                                             "to-trinh.txt": SAFETY_PROPOSAL}))
    answer = asker.ask(AskRequest("Thông tư 117/2000/TT-BTC sửa đổi thủ tục miễn thuế nhập khẩu nguyên vật liệu căn cứ "
                                  "vào những văn bản nào?")).to_json()
    assert answer["document"]["value"] == ["176/1999/QĐ-TTg", "4537/VPCP-KTTH"], answer["answer"]
    answer = asker.ask(AskRequest("Quyết định thành lập Hội đồng An toàn, vệ sinh lao động tỉnh Lâm Đồng căn cứ những "
                                  "văn bản nào?")).to_json()
    assert answer["document"]["value"] == ["39/2016/NĐ-CP", "187/TTr-SNV"], answer["answer"]
    assert [law["number"] for law in answer["document"]["laws"]] == ["72/2025/QH15", "84/2015/QH13"]
    assert "- Luật Tổ chức chính quyền địa phương ngày 16/06/2025: số 72/2025/QH15" in answer["answer"]


APPLICATION_FORM = """B1-1-ĐONTC
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

ĐƠN ĐĂNG KÝ
chủ trì thực hiện đề tài, dự án SXTN cấp Nhà nước
(Kèm theo Quyết định số 16/2003/QĐ-BKHCN ngày 18/7/2003
của Bộ trưởng Bộ Khoa học và Công nghệ)

Kính gửi: Bộ Khoa học và Công nghệ
Căn cứ thông báo của Bộ Khoa học và Công nghệ về việc tuyển chọn tổ chức và cá nhân chủ trì đề tài, dự án.
"""

REFORM_PROGRAMME = """ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ

Số: 256/2004/QĐ-UB	Cần Thơ, ngày 01 tháng 7 năm 2004

QUYẾT ĐỊNH
Về ban hành Chương trình cải cách hành chính của thành phố Cần Thơ giai đoạn 2004 - 2010

Căn cứ Quyết định số 178/2003/QĐ-TTg ngày 03/9/2003 của Thủ tướng Chính phủ về việc phê duyệt đề án tuyên truyền chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2001-2010;
Các sở, ngành chủ trì thực hiện các đề án, dự án của Chương trình.
"""


def test_the_decision_a_form_is_issued_with_is_read_from_the_form_itself(tmp_path):
    """"Mẫu đơn … được ban hành kèm theo quyết định số mấy?": the form's own head says "(Kèm theo Quyết định
    số 16/2003/QĐ-BKHCN …)"; a decision elsewhere sharing the loose words ("chủ trì", "đề án", "dự án") is not it."""
    asker = Asker(lexical_archive(tmp_path, {"don-dang-ky.txt": APPLICATION_FORM, "quyet-dinh.txt": REFORM_PROGRAMME}))
    answer = asker.ask(AskRequest("Mẫu đơn đăng ký chủ trì thực hiện đề tài, dự án SXTN cấp Nhà nước (B1-1-ĐONTC) được ban "
                                  "hành kèm theo quyết định số mấy?")).to_json()
    assert answer["document"]["value"] == "16/2003/QĐ-BKHCN", answer["answer"]
    assert "được ban hành kèm theo văn bản này" in answer["answer"]


# Bộ Tài chính's explanatory note on replacing Thông tư 244/2016/TT-BTC (lamdong-dossiers, 2025), a few lines
EXPLANATORY_NOTE = """BỘ TÀI CHÍNH

THUYẾT MINH NỘI DUNG DỰ THẢO THÔNG TƯ THAY THẾ THÔNG TƯ SỐ 244/2016/TT-BTC

Ngày 31/10/2024, Bộ Tài chính tiếp tục có công văn số 11749/BTC-CST đề nghị Bộ Tư pháp gửi Đề án Thông tư sửa đổi Thông tư số 244.
Ngày 16/12/2024, Bộ Tài chính nhận được công văn số 6601/BTP-TTLLTPQG ngày 18/11/2024 của Bộ Tư pháp gửi Bộ Tài chính Đề án sửa đổi Thông tư số 244/2016/TT-BTC ngày 11/11/2016 của Bộ trưởng Bộ Tài chính quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin lý lịch tư pháp (LLTP).
"""


def test_the_number_asked_is_of_the_kind_asked_not_the_one_the_question_gives(tmp_path):
    # "bằng công văn số mấy": a công văn, though the question names a thông tư by its number
    asker = Asker(lexical_archive(tmp_path, {"thuyet-minh.txt": EXPLANATORY_NOTE}))
    answer = asker.ask(AskRequest("Bộ Tư pháp gửi Bộ Tài chính Đề án sửa đổi Thông tư 244/2016/TT-BTC (phí cung cấp thông "
                                  "tin lý lịch tư pháp) bằng công văn số mấy?")).to_json()
    assert answer["answer"].splitlines()[0].startswith("Số hiệu: 6601/BTP-TTLLTPQG"), answer["answer"]


# The Hội Công chứng viên's letter to the Sở Tư pháp (9/2025; an OCR'd pdf in lamdong-dossiers), a few lines, cleaned
NOTARIES_LETTER = """HỘI CÔNG CHỨNG VIÊN TỈNH LÂM ĐỒNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lâm Đồng, ngày 05 tháng 9 năm 2025
Kính gửi: Sở Tư pháp tỉnh Lâm Đồng

Thực hiện văn bản số 603/STP-BTTP ngày 04/9/2025 của Sở Tư pháp tỉnh về việc hoàn thiện hồ sơ tổ chức Đại hội hợp nhất các Hội Công chứng viên tỉnh Lâm Đồng, Bình Thuận, Đắk Nông, Ban Chấp hành Hội xin báo cáo như sau.
"""


def test_an_organisations_own_letter_gives_the_number_it_cites(tmp_path):
    # the letter names no organisation in its citation: it is the organisation's own
    asker = Asker(lexical_archive(tmp_path, {"hoi-cong-chung.txt": NOTARIES_LETTER}))
    answer = asker.ask(AskRequest("Hội Công chứng viên hoàn thiện hồ sơ tổ chức Đại hội hợp nhất theo văn bản số mấy của Sở "
                                  "Tư pháp (9/2025)?")).to_json()
    assert answer["answer"].splitlines()[0].startswith("Số hiệu: 603/STP-BTTP"), answer["answer"]


LEGAL_LIST = """DANH MỤC VĂN BẢN PHÁP QUY MỚI BAN HÀNH NĂM 2008

QĐ 512/2008/QĐ-BKH NGÀY 14/4/2008 CỦA BKH VỀ MẪU BÁO CÁO THẨM ĐỊNH KẾT QUẢ ĐẤU THẦU
QĐ 803/2008/QĐ-BKH NGÀY 20/6/2008 CỦA BKH VỀ MẪU HỒ SƠ MỜI THẦU XÂY LẮP
QĐ 961/2008/QĐ-BKH NGÀY 28/7/2008 CỦA BKH VỀ QUY CHẾ BẢO MẬT NGÀNH KHĐT
QĐ 1072/2008/QĐ-BKH NGÀY 15/8/2008 CỦA BKH VỀ MẪU HỒ SƠ MỜI THẦU DỊCH VỤ TƯ VẤN
"""


def test_in_a_list_of_decisions_one_a_line_each_line_describes_its_own(tmp_path):
    # the lines after a code describe the next decisions, not the first: 512's line holds no "bảo mật"
    asker = Asker(lexical_archive(tmp_path, {"danh-muc-van-ban-2008.txt": LEGAL_LIST}))
    answer = asker.ask(AskRequest("Bộ Kế hoạch và Đầu tư ban hành quy chế bảo mật ngành kế hoạch và đầu tư (7/2008) bằng "
                                  "quyết định số mấy?")).to_json()
    assert answer["type"] == "documents", answer["type"]
    assert answer["answer"].splitlines()[0].startswith("Số hiệu: 961/2008/QĐ-BKH"), answer["answer"]
