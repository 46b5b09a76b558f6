"""A figure question typed in abbreviations: an acronym in the report it cites names the report, not
the subject ("BC CCHC Q1/2026 …: tổng số ĐVSNCL …" asks about ĐVSNCL), and a figure whose counted noun
the subject's name goes on ("12.125 chứng thư chữ ký số …") is that name's figure, not the next one
after the name."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.questions import parse_question
from tests.conftest import lexical_archive

REPORT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả công tác cải cách hành chính quý I năm 2026

I. CẢI CÁCH TỔ CHỨC BỘ MÁY
Tổng số đơn vị sự nghiệp công lập hiện có là 1.642 đơn vị; tổng số người làm việc trong các đơn vị là 48.205 người.

II. CHUYỂN ĐỔI SỐ
Đến nay, trên địa bàn tỉnh có 10.418 chứng thư chữ ký số chuyên dùng công vụ (cấp tỉnh có 3.902 chứng thư chữ ký số, cấp xã có 6.516 chứng thư chữ ký số).
"""


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    return lexical_archive(tmp_path_factory.mktemp("figure-acronyms"), {"bao-cao-cchc-quy-1-2026.txt": REPORT})


def _figure(reader, question: str) -> float:
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["type"] == "figure", answer["type"]
    return answer["figure"]["value"]


def test_an_acronym_in_the_cited_report_is_not_the_subject(reader):
    question = "BC CCHC Q1/2026 tỉnh LĐ: tổng số ĐVSNCL hiện có là bn đơn vị?"
    parsed = parse_question(question)
    assert parsed.name == "ĐVSNCL" and "đơn vị sự nghiệp công lập" in parsed.phrases
    assert _figure(reader, question) == 1642
    # an acronym only the cited report holds still names what is asked
    assert parse_question("Theo báo cáo CCHC quý I/2026, có bao nhiêu đơn vị?").name == "CCHC"


def test_the_figure_whose_counted_noun_the_name_goes_on(reader):
    assert _figure(reader, "Báo cáo CCHC quý I/2026: trên địa bàn tỉnh có bao nhiêu chứng thư CKS chuyên dùng công vụ?") == 10418
