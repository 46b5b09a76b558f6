"""A yearly series states each year's level and its change on the year before, in one line: the
table asked for the level gives the level ("5.563 người sử dụng"), not the change ("tăng 201
người so với năm 2013"), unless the question asks how much it rose or fell."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.figures_across import ASKS_CHANGE, is_change
from api.answers.passages import folded
from tests.conftest import lexical_archive

REVIEW = """CÔNG AN TỈNH LÂM ĐỒNG

BÁO CÁO
Tổng kết công tác phòng, chống ma túy giai đoạn 2019 - 2021

I. TÌNH HÌNH
1. Người sử dụng trái phép chất ma túy
+ Năm 2019: 4120 người sử dụng, tăng 150 người so với năm 2018 (4120/3970).
+ Năm 2020: 4302 người sử dụng, tăng 182 người so với năm 2019 (4302/4120).
+ Năm 2021: 4235 người sử dụng, giảm 67 người so với năm 2020 (4235/4302).
"""


def test_the_level_of_each_year_not_its_change_on_the_year_before(tmp_path):
    reader = lexical_archive(tmp_path, {"tong_ket_pcmt.txt": REVIEW})
    answer = Asker(reader).ask(AskRequest("Theo báo cáo tổng kết công tác phòng, chống ma túy, số người sử dụng trái phép chất "
                                          "ma túy trên địa bàn tỉnh các năm 2019, 2020 và 2021 là bao nhiêu?")).to_json()
    assert answer["type"] == "figures_across", answer["answer"]
    assert {row["period"]: row["value"] for row in answer["table"]["rows"]} == {"2019": 4120, "2020": 4302, "2021": 4235}


@pytest.mark.parametrize("clause, figure, change", [
    ("+ Năm 2019: 4120 người sử dụng, tăng 150 người so với năm 2018", "150", True),
    ("+ Năm 2019: 4120 người sử dụng, tăng 150 người so với năm 2018", "4120", False),
    ("giảm thêm 67 người so với cùng kỳ", "67", True),
    ("số dự án tăng vốn đạt 62 lượt", "62", False),  # "tăng vốn" names the subject; no "so với"
    ("tăng 12 dự án trong năm", "12", False),  # no period compared with: a count of its own
])
def test_a_change_is_a_rise_or_fall_compared_with_another_period(clause, figure, change):
    at = clause.index(figure)
    assert is_change(clause, 0, at, len(clause)) is change


@pytest.mark.parametrize("question, asks", [
    ("Số người sử dụng ma túy năm 2020 tăng bao nhiêu so với năm 2019?", True),
    ("Mức giảm số vụ phạm tội các năm 2020, 2021 là bao nhiêu?", True),
    ("Số lượt dự án FDI tăng vốn của các tỉnh là bao nhiêu?", False),
])
def test_which_questions_ask_for_the_change(question, asks):
    assert bool(ASKS_CHANGE.search(folded(question))) is asks
