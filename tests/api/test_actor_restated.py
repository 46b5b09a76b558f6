"""An actor's answer is the question restated with the actor in place of its asking words, the
question's lead-in kept ("Theo Điều lệ …, Chủ tịch quyết định …"); the actor is read inside a
quotation, and the words after the lead-in are what the sentence must be about."""

from __future__ import annotations

from api.answers import AskRequest, Asker
from api.answers.actor_answers import read_actor, restated_with
from tests.conftest import lexical_archive

CHARTER = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

ĐIỀU LỆ
LIÊN ĐOÀN CẦU LÔNG TỈNH LÂM ĐỒNG
(Kèm theo Quyết định số 120/QĐ-UBND của Chủ tịch Ủy ban nhân dân tỉnh)

Chương IV
TỔ CHỨC BỘ MÁY
Điều 14. Ban Chấp hành Liên đoàn Cầu lông
1. Số lượng ủy viên Ban Chấp hành Liên đoàn bầu bổ sung không vượt quá số lượng đã được Đại hội quyết định.
Điều 18. Tổng Thư ký, Thư ký Liên đoàn
3. Phó Tổng Thư ký:
a) Phó Tổng Thư ký do Chủ tịch quyết định bổ nhiệm theo đề nghị của Tổng Thư ký;
b) Phó Tổng Thư ký giúp việc cho Tổng Thư ký theo sự phân công.
"""

FORM = """ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN
VĂN PHÒNG

PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC
(Mẫu BM02)

Ý kiến của lãnh đạo phòng chuyên môn: đề xuất trình lãnh đạo UBND tỉnh.
Trường hợp Chủ tịch UBND tỉnh trực tiếp giải quyết, ghi chú trích dẫn điểm b khoản 2 Điều 12 Quy chế làm việc “Phó Chủ tịch UBND tỉnh phụ trách lĩnh vực có trách nhiệm cho ý kiến trước khi trình Chủ tịch UBND tỉnh xem xét”.
"""


def _lead(tmp_path, question: str) -> str:
    reader = lexical_archive(tmp_path, {"dieu_le_cau_long.txt": CHARTER, "phieu_trinh_mau.txt": FORM})
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["type"] == "actors", answer["type"]
    return answer["answer"].splitlines()[0]


def test_the_words_after_a_charter_lead_in_pick_the_article_not_the_charter_s_name(tmp_path):
    # the sentence that names the federation ("Ban Chấp hành Liên đoàn … Đại hội quyết định") says nothing of "bổ nhiệm"
    lead = _lead(tmp_path, "Theo Điều lệ Liên đoàn Cầu lông tỉnh Lâm Đồng, ai quyết định bổ nhiệm Phó Tổng Thư ký Liên đoàn?")
    assert lead.startswith("Theo Điều lệ Liên đoàn Cầu lông tỉnh Lâm Đồng, Chủ tịch quyết định bổ nhiệm Phó Tổng Thư ký Liên đoàn."), lead


def test_the_actor_is_read_inside_a_quotation(tmp_path):
    lead = _lead(tmp_path, "Theo mẫu phiếu trình giải quyết công việc của Văn phòng UBND tỉnh Bình Thuận, ai có trách nhiệm "
                           "cho ý kiến trước khi trình Chủ tịch UBND tỉnh?")
    assert "Phó Chủ tịch UBND tỉnh phụ trách lĩnh vực có trách nhiệm cho ý kiến trước khi trình Chủ tịch UBND tỉnh." in lead, lead


def test_a_question_opened_by_its_asking_words_is_restated_with_the_actor_first():
    assert restated_with("ai chủ trì Hội nghị tổng kết công tác Hội năm 2025?", "đồng chí Trần Văn Hai") == \
        "Đồng chí Trần Văn Hai chủ trì Hội nghị tổng kết công tác Hội năm 2025."
    assert restated_with("Theo Kế hoạch số 12/KH-UBND, cơ quan nào là cơ quan thường trực?", "Ông Lê Văn Ba") == \
        "Theo Kế hoạch số 12/KH-UBND, ông Lê Văn Ba là cơ quan thường trực."
    assert restated_with("Hội nghị tổng kết do đâu tổ chức?", "Sở Nội vụ") is None  # no asking words


def test_the_verb_s_have_is_no_part_of_the_name():
    found = read_actor("Chủ tịch Ủy ban nhân dân cấp tỉnh có thẩm quyền giải thể hội có phạm vi hoạt động trong tỉnh.", "tham quyen")
    assert found is not None and found.name == "Chủ tịch Ủy ban nhân dân cấp tỉnh", found


def test_a_body_named_by_its_role_keeps_the_role():
    # "chủ trì" after a name is its role ("Sở Nội vụ chủ trì, …"); after "Cơ quan" it is part of the name
    found = read_actor("Cơ quan chủ trì phải khẳng định hồ sơ đã đủ thành phần theo quy định trước khi trình.", "khang dinh")
    assert found is not None and found.name == "Cơ quan chủ trì", found
    # a bare head stays bare, so that a full name found elsewhere outweighs it (_BARE_HEAD)
    found = read_actor("Giao Sở chủ trì tổ chức hội nghị sơ kết công tác cải cách hành chính.", "to chuc")
    assert found is not None and found.name == "Sở", found
