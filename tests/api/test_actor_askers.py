"""Actor questions asked with an asking noun the reading did not know: one with a modifier before
"nào" ("cơ quan tham mưu quản lý nào"), "lực lượng nào", and a duty or a say the actor has ("có
nhiệm vụ", "có ý kiến"), which is not "có văn bản" (documents had: a units question)."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.questions import parse_question
from tests.conftest import lexical_archive

PAPER = """TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM

THAM LUẬN
Công tác phòng, chống ma túy trong công nhân lao động

Theo thông tin của cơ quan báo chí, giữa tháng 3/2024, Công an tỉnh Bình Phước (cũ) đã bắt giữ một đối tượng cất giấu hơn 12kg ma túy để đưa vào khu nhà trọ công nhân.
"""

NOTE = """VĂN PHÒNG UBND TỈNH LÂM ĐỒNG

PHIẾU TRÌNH
Về việc công nhận Ban vận động thành lập Hội Cờ tướng tỉnh Lâm Đồng

Sở Văn hóa, Thể thao và Du lịch có ý kiến: thống nhất với việc Sở Nội vụ tham mưu UBND tỉnh công nhận Ban vận động thành lập Hội Cờ tướng tỉnh Lâm Đồng.
"""


@pytest.mark.parametrize("question, actor", [
    ("Theo dự án tin học hóa của tỉnh, đơn vị nào có nhiệm vụ quản lý mạng máy tính của Tỉnh ủy?", True),
    ("Cơ quan tham mưu quản lý nào có ý kiến thống nhất với đề xuất của Sở Nội vụ?", True),
    ("Lực lượng nào đã bắt giữ đối tượng cất giấu hơn 12kg ma túy?", True),
    ("Đơn vị nào có văn bản nói về quản lý mạng máy tính?", False),
    ("Những lực lượng nào được nhắc đến trong báo cáo về ma túy?", False),
])
def test_the_asking_noun_and_the_verb_after_it_tell_an_actor_from_units(question, actor):
    assert (parse_question(question).type == "actors") == actor


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    return Asker(lexical_archive(tmp_path_factory.mktemp("actor-askers"), {"tham-luan.txt": PAPER, "phieu-trinh.txt": NOTE}))


def test_the_force_that_acted_is_named_with_its_bracket_whole(asker):
    answer = asker.ask(AskRequest("Theo tham luận của Tổng Liên đoàn Lao động Việt Nam, lực lượng nào đã bắt giữ đối tượng "
                                  "cất giấu hơn 12kg ma túy để đưa vào khu nhà trọ công nhân?")).to_json()
    assert answer["type"] == "actors"
    assert "Công an tỉnh Bình Phước (cũ) đã bắt giữ" in answer["answer"].splitlines()[0]


def test_the_body_whose_opinion_is_asked_is_named(asker):
    answer = asker.ask(AskRequest("Trong hồ sơ công nhận Ban vận động thành lập Hội Cờ tướng tỉnh Lâm Đồng, cơ quan tham mưu "
                                  "quản lý nào có ý kiến thống nhất với đề xuất của Sở Nội vụ?")).to_json()
    assert answer["type"] == "actors"
    assert answer["answer"].splitlines()[0].count("Sở Văn hóa, Thể thao và Du lịch") == 1, answer["answer"]
