"""Who holds a position in the organisation a question names: letters recognising two
federations' congresses read alike ("Chủ tịch liên đoàn: Ông …"), and only the one whose
letter is about the named federation answers, even where the other's line holds more of the
question's other words."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.questions import organisation_name
from tests.conftest import lexical_archive

LETTER = """ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN

Số: /UBND-NCKSTTHC
V/v kết quả đại hội {name} tỉnh Bình Thuận
Bình Thuận, ngày       tháng 3 năm 2025

Kính gửi: {name} tỉnh Bình Thuận

Ủy ban nhân dân tỉnh nhận được Công văn số 02/BC-LĐ ngày 24/01/2025 của {name} tỉnh Bình Thuận về việc báo cáo kết quả đại hội, nhiệm kỳ {term} ({years}) và ý kiến của Sở Nội vụ về việc thông báo kết quả đại hội {name} tỉnh Bình Thuận.
Căn cứ hồ sơ báo cáo kết quả đại hội, quy định pháp luật và điều lệ {name} tỉnh Bình Thuận. Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:
1. Thống nhất với hồ sơ báo cáo kết quả đại hội của {name} tỉnh Bình Thuận, nhiệm kỳ {term} ({years}).
2. Đại hội đã biểu quyết số lượng Ban Chấp hành gồm 11 thành viên; Ban Kiểm tra gồm: 03 thành viên.
3. {chair_label}: {chair}; Phó Chủ tịch thường trực: {deputy}; Phó Chủ tịch: Ông Nguyễn An.
Ủy ban nhân dân tỉnh thông báo để {name} tỉnh Bình Thuận biết./.
"""

FILES = {
    "cv-vovinam.txt": LETTER.format(name="Liên đoàn Vovinam - Việt Võ đạo", term="VII", years="2025 - 2030",
                                    chair_label="Chủ tịch liên đoàn nhiệm kỳ VII", chair="Ông Phạm Minh Ngọc", deputy="Ông Lương Văn Hà"),
    "cv-quan-vot.txt": LETTER.format(name="Liên đoàn Quần vợt", term="VII", years="2025 - 2030",
                                     chair_label="Chủ tịch liên đoàn", chair="Ông Phạm Văn Trịnh", deputy="Ông Phạm Anh Lâm"),
}

@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    return Asker(lexical_archive(tmp_path_factory.mktemp("federations"), FILES))

def test_the_chair_is_read_from_the_letter_about_the_named_federation(asker):
    answer = asker.ask(AskRequest("Ai làm Chủ tịch Liên đoàn Quần vợt tỉnh Bình Thuận nhiệm kỳ VII (2025 - 2030)?")).to_json()
    assert answer["type"] == "actors"
    assert answer["actor"]["name"] == "Ông Phạm Văn Trịnh", answer["answer"]

def test_a_term_written_after_the_name_is_not_part_of_it(asker):
    # the letter about the association writes its term elsewhere than beside the line naming its officers
    assert organisation_name("Ai là Phó Chủ tịch thường trực Hiệp hội Nước mắm Phan Thiết nhiệm kỳ VI (2024 - 2029)?") \
        == "Hiệp hội Nước mắm Phan Thiết"
    answer = asker.ask(AskRequest("Ai là Phó Chủ tịch thường trực Liên đoàn Quần vợt tỉnh Bình Thuận nhiệm kỳ VII?")).to_json()
    assert answer["actor"]["name"] == "Ông Phạm Anh Lâm", answer["answer"]


CHARTER = """ĐIỀU LỆ
Hiệp hội Thể thao giải trí và dưới nước tỉnh Lâm Đồng

Chương I
QUY ĐỊNH CHUNG
Điều 4. Phạm vi, lĩnh vực hoạt động
1. Hiệp hội hoạt động trong phạm vi tỉnh Lâm Đồng, trong lĩnh vực thể thao giải trí và thể thao dưới nước.
2. Hiệp hội chịu sự quản lý nhà nước của Ủy ban nhân dân tỉnh, sự hướng dẫn của Sở Văn hóa, Thể thao và Du lịch, các cơ quan liên quan đến lĩnh vực hoạt động của Hiệp hội theo quy định của pháp luật.
Điều 5. Nguyên tắc tổ chức, hoạt động
1. Tự nguyện, tự quản.
"""


def test_the_agent_of_a_noun_is_asked_by_what_follows_its_of(tmp_path):
    # "chịu sự hướng dẫn của sở nào": the guidance's agent, whose name holds a comma and a "và"
    asker = Asker(lexical_archive(tmp_path, {"dieu-le.txt": CHARTER}))
    answer = asker.ask(AskRequest("Hiệp hội Thể thao giải trí và dưới nước tỉnh Lâm Đồng chịu sự hướng dẫn của sở nào "
                                  "theo Điều lệ?")).to_json()
    assert answer["type"] == "actors"
    assert answer["actor"]["name"] == "Sở Văn hóa, Thể thao và Du lịch", answer["answer"]
    answer = asker.ask(AskRequest("Hiệp hội Thể thao giải trí và dưới nước chịu sự quản lý nhà nước của cơ quan nào?")).to_json()
    assert answer["actor"]["name"] == "Ủy ban nhân dân tỉnh", answer["answer"]


EXTENSION = """ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN

Số: 1520/UBND-NCKSTTHC
V/v gia hạn thời gian tổ chức đại hội Hiệp hội Doanh nghiệp tỉnh

Kính gửi: Hiệp hội Doanh nghiệp tỉnh Bình Thuận

Xét đề nghị của Sở Nội vụ, Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:
1. Gia hạn thời gian tổ chức Đại hội Hiệp hội Doanh nghiệp tỉnh nhiệm kỳ V (2024 – 2029) chậm nhất đến ngày 30/9/2025.
2. Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Nội vụ làm việc với Ban Chấp hành Hiệp hội Doanh nghiệp tỉnh về nhân sự Ban Chấp hành, Ban Thường vụ, Chủ tịch, Phó Chủ tịch Hiệp hội.
"""


def test_a_circumstance_the_question_opens_with_need_not_stand_in_the_sentence(tmp_path):
    # "Khi gia hạn …,": when it happens, which the letter's subject line says; the sentence assigning the work need not
    asker = Asker(lexical_archive(tmp_path, {"cv-gia-han.txt": EXTENSION}))
    answer = asker.ask(AskRequest("Khi gia hạn thời gian tổ chức đại hội Hiệp hội Doanh nghiệp tỉnh Bình Thuận, cơ quan nào "
                                  "được giao chủ trì làm việc với Ban Chấp hành Hiệp hội về nhân sự?")).to_json()
    assert answer["actor"]["name"] == "Sở Kế hoạch và Đầu tư", answer["answer"]


ELECTION = """ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN
VĂN PHÒNG

Kết quả bầu cử Ban Chủ nhiệm, Chủ nhiệm, Hội đồng khen thưởng kỷ luật của Đoàn Luật sư nhiệm kỳ X (2024 - 2029) như sau:
a) Ban Chủ nhiệm Đoàn Luật sư tỉnh, gồm có:
- Luật sư Đỗ Minh Trúc - Chủ nhiệm;
- Luật sư Thái Quang Thượng Nguyên - Phó Chủ nhiệm;
- Luật sư Lê Hồng Sơn - Ủy viên Ban Chủ nhiệm.
"""


def test_a_holder_listed_under_the_body_by_title_and_position(tmp_path):
    # "Chủ nhiệm" is a position; "Luật sư" a title before the name, as "Ông" is
    asker = Asker(lexical_archive(tmp_path, {"ket-qua-bau-cu.txt": ELECTION}))
    answer = asker.ask(AskRequest("Ai được bầu làm Chủ nhiệm Đoàn Luật sư tỉnh Bình Thuận nhiệm kỳ X (2024 - 2029)?")).to_json()
    assert answer["type"] == "actors"
    assert answer["actor"]["name"] == "Đỗ Minh Trúc", answer["answer"]


HOSTS_ONE = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

KẾ HOẠCH
Tổ chức Hội nghị tổng kết công tác cải cách hành chính năm 2025

Sở Nội vụ chủ trì tổ chức Hội nghị tổng kết công tác cải cách hành chính năm 2025 tại Hội trường Ủy ban nhân dân tỉnh.
"""

HOSTS_TWO = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

THÔNG BÁO
Phân công chuẩn bị Hội nghị tổng kết công tác cải cách hành chính năm 2025

Sở Tài chính chủ trì bảo đảm kinh phí tổ chức Hội nghị tổng kết công tác cải cách hành chính năm 2025.
"""


def test_an_actor_the_question_sets_aside_is_not_the_answer(tmp_path):
    """"Ngoài Sở Tài chính, sở nào chủ trì …?": the asker knows the Sở Tài chính, whose sentence ranks
    first; the answer is the other."""
    from api.answers import AskRequest, Asker

    asker = Asker(lexical_archive(tmp_path, {"ke-hoach.txt": HOSTS_ONE, "thong-bao.txt": HOSTS_TWO}))
    asked = "sở nào chủ trì Hội nghị tổng kết công tác cải cách hành chính năm 2025?"
    assert asker.ask(AskRequest(asked[:1].upper() + asked[1:])).actor["name"] == "Sở Tài chính"
    answer = asker.ask(AskRequest("Ngoài Sở Tài chính, " + asked))
    assert answer.type == "actors"
    assert answer.actor["name"] == "Sở Nội vụ", answer.answer


# Thông báo kết luận of the UBND tỉnh Lâm Đồng (4/2026): the report says who held the meeting, not "chủ trì"
CONCLUSION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
THÔNG BÁO
Kết luận của đồng chí Nguyễn Hồng Hải - Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND tỉnh tại cuộc họp nghe Công ty TNHH Tập đoàn Sơn Hải báo cáo
Ngày 21/4/2026, đồng chí Nguyễn Hồng Hải - Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND tỉnh họp nghe Công ty TNHH Tập đoàn Sơn Hải báo cáo một số vấn đề liên quan đến dự án đường bộ cao tốc Tân Phú – Bảo Lộc.
"""


def test_who_held_a_meeting_chaired_it(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"thong-bao-ket-luan.txt": CONCLUSION}))
    answer = asker.ask(AskRequest("Ai chủ trì cuộc họp nghe Công ty TNHH Tập đoàn Sơn Hải báo cáo về dự án cao tốc Tân Phú – "
                                  "Bảo Lộc ngày 21/4/2026?")).to_json()
    assert answer["actor"]["name"].startswith("đồng chí Nguyễn Hồng Hải"), answer["answer"]
    assert " chủ trì cuộc họp nghe " in answer["answer"]  # the question's wording of the action, not the report's
