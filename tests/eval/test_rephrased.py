"""The rephrasing evaluation (eval/rephrased.py): the other wordings it asks, and the count of those
whose answer differs from the answer to the question as written, on a small real archive."""

from __future__ import annotations

from api.answers import Asker
from eval.rephrased import answer_key, measure, rewordings
from tests.conftest import lexical_archive

TAX_OFFICE = """CỤC THUẾ TỈNH LÂM ĐỒNG

BÁO CÁO
Công tác thuế năm 2025

Hướng dẫn quyết toán thuế thu nhập cá nhân năm 2025 cho người nộp thuế.
"""


def test_each_type_is_reworded_around_what_it_asks():
    units = dict(rewordings({"type": "units", "question": "Thuế thu nhập cá nhân được nhắc đến trong văn bản của đơn vị nào?"}))
    assert units["units: vấn đề"] == "Cơ quan nào có văn bản đề cập đến vấn đề Thuế thu nhập cá nhân?"
    assert units["units: có … không"] == "Có văn bản nào nói tới Thuế thu nhập cá nhân không, của đơn vị nào?"
    numbers = [text for rule, text in rewordings({"type": "documents", "question": "Kế hoạch CCHC năm 2026 có số hiệu là gì?"})]
    assert numbers == ["Kế hoạch CCHC năm 2026 số mấy?", "Kế hoạch CCHC năm 2026 số bao nhiêu?", "Kế hoạch CCHC năm 2026, số hiệu là gì?"]
    assert [text for rule, text in rewordings({"type": "documents", "question": "Hội được lập theo quyết định số mấy?"})] == [
        "Hội được lập theo quyết định số bao nhiêu?", "Hội được lập theo quyết định, số hiệu là gì?"]
    actors = dict(rewordings({"type": "actors", "question": "Ai là Chủ tịch Hội Cựu giáo chức tỉnh?"}))
    assert actors == {"actors: … là ai": "Chủ tịch Hội Cựu giáo chức tỉnh là ai?",
                      "actors: người giữ chức": "Người giữ chức Chủ tịch Hội Cựu giáo chức tỉnh là ai?"}
    figure = dict(rewordings({"type": "figure", "question": "Tổng kinh phí thực hiện Chương trình là bao nhiêu?"}))
    assert figure == {"figure: cho biết": "Cho biết tổng kinh phí thực hiện Chương trình."}


def test_rewordings_answered_alike_count_none_and_a_wording_answered_otherwise_is_counted(tmp_path):
    questions = [{"id": "units-01", "type": "units",
                  "question": "Thuế thu nhập cá nhân được nhắc đến trong văn bản của đơn vị nào?"}]
    result = measure(Asker(lexical_archive(tmp_path, {"thue.txt": TAX_OFFICE})), questions)
    assert result["asked"] == 6 and result["differ"] == 0, result["differing"]

    class Deaf:  # answers every question that frames its subject with "vấn đề" with no unit
        def ask(self, request):
            units = [] if "vấn đề" in request.question else [{"unit": "Cục thuế tỉnh Lâm Đồng"}]
            return type("Answer", (), {"to_json": lambda self: {"type": "units", "units": units}})()

    result = measure(Deaf(), questions)
    assert (result["differ"], [d["rule"] for d in result["differing"]]) == (1, ["units: vấn đề"])
    assert answer_key({"type": "figure", "figure": {"text": "67%"}}) == ("figure", "67%")
