"""When an event took place: the day written in the sentence reporting it, not the date of a
document citing it, nor the date the report was signed."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.questions import parse_question
from tests.conftest import lexical_archive

CONGRESS_REPORT = """LIÊN ĐOÀN BÓNG BÀN TỈNH LÂM ĐỒNG

Lâm Đồng, ngày 14 tháng 11 năm 2025

BÁO CÁO
Kết quả Đại hội Liên đoàn Bóng bàn tỉnh Lâm Đồng nhiệm kỳ 2025 - 2030

Thực hiện kế hoạch của Ban Chấp hành, vào lúc 14h30’ ngày 12/11/2025, Liên đoàn Bóng bàn tỉnh Lâm Đồng đã tiến hành Đại hội nhiệm kỳ 2025 - 2030 với 85 đại biểu tham dự.
Đại hội đã bầu Ban Chấp hành gồm 15 thành viên.
"""

PROPOSAL = """SỞ NỘI VỤ TỈNH LÂM ĐỒNG

Lâm Đồng, ngày 20 tháng 11 năm 2025

TỜ TRÌNH
Về việc phê duyệt Điều lệ Liên đoàn Bóng bàn tỉnh Lâm Đồng

Căn cứ Báo cáo số 05/BC-LĐBB ngày 14/11/2025 của Liên đoàn Bóng bàn tỉnh Lâm Đồng về kết quả Đại hội nhiệm kỳ 2025 - 2030;
Sở Nội vụ kính trình Ủy ban nhân dân tỉnh phê duyệt Điều lệ của Liên đoàn.
"""


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    return lexical_archive(tmp_path_factory.mktemp("event-dates"), {
        "bao-cao-dai-hoi.txt": CONGRESS_REPORT, "to-trinh-dieu-le.txt": PROPOSAL})


def test_asking_when_an_event_was_held_is_a_question_about_its_day():
    assert parse_question("Đại hội Liên đoàn Bóng bàn tỉnh Lâm Đồng được tổ chức vào ngày nào?").document_field == "held"
    assert parse_question("Quyết định 815/QĐ-UBND được ban hành ngày nào?").document_field == "date"


def test_the_day_is_the_one_reporting_the_event_not_a_citing_documents_date(reader):
    answer = Asker(reader).ask(AskRequest(
        "Đại hội Liên đoàn Bóng bàn tỉnh Lâm Đồng nhiệm kỳ 2025 - 2030 được tổ chức vào ngày nào?")).to_json()
    assert answer["type"] == "documents"
    assert answer["document"]["value"] == "2025-11-12", answer["document"]
    assert answer["answer"].startswith("Ngày diễn ra: 12/11/2025 — “Đại hội Liên đoàn Bóng bàn tỉnh Lâm Đồng nhiệm kỳ 2025 - 2030”")
    assert "14h30’ ngày 12/11/2025" in answer["units"][0]["documents"][0]["evidence"][0]["text"]


def test_a_date_after_a_documents_number_is_that_documents():
    from api.answers.event_dates import _days

    assert _days("Căn cứ Báo cáo số 05/BC-LĐBB ngày 14/11/2025 của Liên đoàn về kết quả Đại hội;") == []
    assert [iso for _, iso in _days("vào lúc 14h30’ ngày 12/11/2025, Liên đoàn đã tiến hành Đại hội")] == ["2025-11-12"]
    assert [iso for _, iso in _days("Ngày 21 tháng 4 năm 2026, đồng chí Phó Chủ tịch họp nghe Tập đoàn báo cáo")] == ["2026-04-21"]


INVITATION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số: 1187/GM-UBND	Lâm Đồng, ngày 04 tháng 11 năm 2025

GIẤY MỜI

Ủy ban nhân dân tỉnh tổ chức buổi làm việc để nghe Sở Nội vụ báo cáo đánh giá kết quả và giải pháp nâng cao các chỉ số PAR INDEX, PAPI, SIPAS, PCI.
1. Chủ trì: Đồng chí Nguyễn Ngọc Phúc - Phó Chủ tịch UBND tỉnh.
2. Thành phần: Lãnh đạo Sở Nội vụ; Văn phòng UBND tỉnh.
3. Thời gian: từ 08h00 ngày 07/11/2025 (thứ Sáu).
4. Địa điểm: Phòng họp số 3, Trung tâm Hành chính tỉnh.
"""


def test_an_invitation_gives_the_day_of_the_meeting_on_its_own_line(tmp_path):
    """The invitation names the meeting in one sentence and gives its day on the "Thời gian:" line:
    that day, not the invitation's own date (04/11)."""
    reader = lexical_archive(tmp_path, {"giay-moi.txt": INVITATION, "to-trinh-dieu-le.txt": PROPOSAL})
    question = ("Buổi làm việc của UBND tỉnh nghe Sở Nội vụ báo cáo giải pháp nâng cao các chỉ số PAR INDEX, PAPI, SIPAS, "
                "PCI được tổ chức vào ngày nào?")
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["type"] == "documents"
    assert answer["document"]["value"] == "2025-11-07", answer["answer"]
