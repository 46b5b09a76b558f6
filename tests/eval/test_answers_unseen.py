"""The held-out question sets (eval/answers/unseen*.jsonl) and the scoring rules of their new types."""

import pytest

from eval.answers_questions import DEFAULT_QUESTIONS, QuestionFileError, load_questions, parse_question
from eval.answers_scoring import IndexedDocument, figure_values, score, type_summary, unit_pair

UNSEEN = DEFAULT_QUESTIONS.parent / "unseen.jsonl"
SHA = {name: name * 64 for name in "abcdef"}
INDEX = {1: IndexedDocument(SHA["a"], "UBND tỉnh Lâm Đồng"), 2: IndexedDocument(SHA["b"], "Sở Nội vụ"),
         3: IndexedDocument(SHA["c"], None), 4: IndexedDocument(SHA["d"], "Văn phòng UBND tỉnh Bình Thuận")}


def _doc(name: str) -> dict:
    return {"path": f"corpus/{name}.txt", "sha256": SHA[name]}


def _question(record: dict):
    return parse_question({"question": "?", **record, "expected": {"not_found": False, **record["expected"]}}, 1, "u.jsonl:1")


def _evidence(text: str, section=(), figures=()) -> dict:
    return {"text": text, "section_path": list(section), "figures": list(figures)}


def _answer(text: str, groups: list[tuple[str, int, list[dict]]], **extra) -> dict:
    return {"answer": text, "not_found": False, **extra,
            "units": [{"unit": unit, "documents": [{"doc_id": doc_id, "title": None, "date": None, "evidence": evidence,
                                                    "versions": []}]} for unit, doc_id, evidence in groups]}


PASSAGES = _answer("- Ủy ban nhân dân tỉnh Lâm Đồng, III. TỔ CHỨC THỰC HIỆN: “Hà Nội, ngày 01 tháng 7 năm 2025 "
                   "... Nguyễn Đình Xiển ... Số: 3917/BTP-BTTP” [1]",
                   [("Ủy ban nhân dân tỉnh Lâm Đồng", 1, [_evidence("Hà Nội, ngày 01 tháng 7 năm 2025")])])


# ------------------------------------------------------------------ the file

@pytest.mark.parametrize("name", [f"unseen{n}.jsonl" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29)])
def test_every_held_out_set_names_files_that_exist_with_their_hashes(name, shared_data):
    from eval.answers_questions import document_problems
    from eval.common import REPO

    questions = load_questions(DEFAULT_QUESTIONS.parent / name)
    assert len(questions) >= 46 and {"units", "figure", "documents", "actors", "figures_across"} <= {q.type for q in questions}
    assert document_problems(questions, REPO) == []


def test_the_held_out_set_loads_with_its_new_types():
    questions = load_questions(UNSEEN)
    types = {q.type for q in questions}
    assert len(questions) == 48 and {"documents", "actors", "figures_across"} <= types
    assert all(q.document_field for q in questions if q.type == "documents")
    assert any(q.actor and q.actor.name is None for q in questions)
    assert any(s.path for q in questions for s in q.sections)
    assert any(q.document_units for q in questions if q.type == "units")


@pytest.mark.parametrize("record, message", [
    ({"id": "documents-09", "type": "documents", "expected": {"document_fields": {
        "field": "signed", "value": "X", "text": "X", "documents": [_doc("a")]}}}, "(documents-09) expected.document_fields: 'field' must be one of"),
    ({"id": "documents-10", "type": "documents", "expected": {"document_fields": {
        "field": "date", "value": "01/07/2025", "text": "ngày 01 tháng 7", "documents": [_doc("a")]}}}, "must be an ISO date"),
    ({"id": "actors-09", "type": "actors", "expected": {"actor": {"documents": [_doc("a")]}}}, "(actors-09) expected.actor: needs 'name'"),
    ({"id": "across-09", "type": "figures_across", "expected": {"table": [{"unit": "Sở Tư pháp", "period": "2025", "value": "93,01",
        "unit_of_measure": "%", "text": "93,01%", "document": _doc("a")}]}}, "(across-09) expected.table[0]: 'value' must be a number"),
    ({"id": "units-99", "type": "units", "expected": {"units": ["A"], "documents": [_doc("a")], "document_units": [
        {"document": _doc("a"), "unit": "A", "metadata_unit": None}]}}, "(units-99) expected.document_units[0]: 'where' must be"),
    ({"id": "sections-99", "type": "sections", "expected": {"sections": [{"heading": "2. Nội dung", "documents": [_doc("a")],
        "path": "II. NỘI DUNG ›  › 2. Nội dung"}]}}, "'path' has an empty heading"),
])
def test_a_malformed_new_field_names_the_question_and_field(record, message):
    with pytest.raises(QuestionFileError) as raised:
        _question(record)
    assert message in str(raised.value)


# ------------------------------------------------------------------ units, figure, sections

def test_units_exact_set_pairs_a_unit_with_or_without_its_place():
    q = _question({"id": "units-01", "type": "units", "expected": {
        "units": ["Ủy ban nhân dân tỉnh Lâm Đồng", "Sở Nội vụ tỉnh Lâm Đồng"], "documents": [_doc("a"), _doc("b")]}})
    both = _answer("", [("UBND tỉnh Lâm Đồng", 1, []), ("Sở Nội vụ", 2, [])])
    assert score(q, both, INDEX)["right"] and score(q, both, INDEX)["unit_recall"] == 0.5  # strict keys still differ
    one = _answer("", [("UBND tỉnh Lâm Đồng", 1, [])])
    assert not score(q, one, INDEX)["right"] and score(q, one, INDEX)["exact_unit_recall"] == 0.5
    assert not unit_pair("Ủy ban nhân dân tỉnh Lâm Đồng", "Văn phòng UBND tỉnh Lâm Đồng")


def test_figure_right_only_when_the_first_figure_is_the_expected_one():
    q = _question({"id": "figure-01", "type": "figure", "expected": {
        "figure": {"text": "trên 370 triệu đồng", "value": 370000000}, "documents": [_doc("a")]}})
    text = "Quỹ “Vì người nghèo”: trên 500 triệu đồng [1]\n“trao trên 1.000 suất quà trị giá trên 500 triệu đồng; vận động Quỹ trên 370 triệu đồng” [1]"
    wrong_first = _answer(text, [("Đảng ủy phường Hải Dương", 1, [_evidence("…", figures=[{"text": "trên 500 triệu đồng", "value": 5e8}])])],
                          figure={"text": "trên 500 triệu đồng", "value": 5e8})
    metrics = score(q, wrong_first, INDEX)
    assert not metrics["right"] and metrics["figure_anywhere"]
    right_first = dict(wrong_first, figure={"text": "trên 370 triệu đồng", "value": 3.7e8})
    assert score(q, right_first, INDEX)["right"]


def test_vietnamese_numbers_are_read_with_their_scale():
    assert figure_values("3.000 tỷ đồng") == [{3e12, 3e9}]
    assert figure_values("đạt 93,01%; 65,08 điểm") == [{93.01}, {65.08}]
    assert figure_values("ngày 01/7/2025") == []


def test_a_repeated_heading_counts_only_under_its_expected_parent():
    q = _question({"id": "sections-03", "type": "sections", "expected": {"sections": [{
        "heading": "3. Các yếu tố ảnh hưởng đến kết quả chỉ số", "documents": [_doc("b")],
        "path": "IV. CHỈ SỐ NĂNG LỰC CẠNH TRANH CẤP TỈNH (PCI) › 3. Các yếu tố ảnh hưởng đến kết quả chỉ số"}]}})
    under_papi = _answer("", [("Sở Nội vụ", 2, [_evidence("…", ["III. CHỈ SỐ PAPI", "3. Các yếu tố ảnh hưởng đến kết quả chỉ số"])])])
    under_pci = _answer("", [("Sở Nội vụ", 2, [_evidence("…", ["IV. CHỈ SỐ NĂNG LỰC CẠNH TRANH CẤP TỈNH (PCI)",
                                                                 "3. Các yếu tố ảnh hưởng đến kết quả chỉ số"])])])
    assert not score(q, under_papi, INDEX)["right"] and score(q, under_pci, INDEX)["right"]


# ------------------------------------------------------------------ documents

def _field(field: str, value) -> object:
    return _question({"id": "documents-01", "type": "documents", "expected": {"document_fields": {
        "field": field, "value": value, "text": "…", "documents": [_doc("a")]}}})


def test_a_value_only_inside_a_quoted_passage_is_not_an_answer():
    for field, value in (("signer", "Nguyễn Đình Xiển"), ("date", "2025-07-01"), ("number", "3917/BTP-BTTP")):
        assert not score(_field(field, value), PASSAGES, INDEX)["right"], field


def test_a_stated_field_in_the_lead_is_right():
    assert score(_field("signer", "Nguyễn Đình Xiển"), _answer("Người ký: Phó Chủ tịch Nguyễn Đình Xiển [1]", []), INDEX)["right"]
    assert score(_field("date", "2025-07-01"), _answer("Công văn 3917/BTP-BTTP ban hành ngày 01/7/2025 [1]", []), INDEX)["right"]
    assert not score(_field("date", "2003-03-31"), _answer("Nghị định 28/2003/NĐ-CP: ngày 5 tháng 5 năm 2003 [1]", []), INDEX)["right"]
    assert score(_field("number", "3917/BTP-BTTP"), _answer("Số hiệu: 3917/BTP-BTTP [1]", []), INDEX)["right"]
    assert not score(_field("number", "3917/BTP-BTTP"), _answer("Số hiệu: 13917/BTP-BTTP [1]", []), INDEX)["right"]


def test_cites_is_an_exact_set_of_document_numbers():
    q = _field("cites", ["Luật An toàn, vệ sinh lao động 84/2015/QH13 (ngày 25/6/2015)", "39/2016/NĐ-CP"])
    listed = "Quyết định căn cứ 2 văn bản:\n- Luật An toàn, vệ sinh lao động số 84/2015/QH13 ngày 25/6/2015 [1]\n- Nghị định 39/2016/NĐ-CP [1]"
    assert score(q, _answer(listed, []), INDEX)["right"]
    assert not score(q, _answer(listed + "\n- Tờ trình 187/TTr-SNV [1]", []), INDEX)["right"]
    assert score(q, _answer(listed.rsplit("\n", 1)[0], []), INDEX)["cites_recall"] == 0.5


def test_documents_of_a_unit_in_a_period_are_an_exact_set():
    q = _field("issued_by_unit_in_period", [_doc("d"), _doc("c")])
    assert score(q, _answer("", [("Văn phòng UBND tỉnh Bình Thuận", 4, []), ("(không rõ đơn vị ban hành)", 3, [])]), INDEX)["right"]
    assert not score(q, _answer("", [("Văn phòng UBND tỉnh Bình Thuận", 4, [])]), INDEX)["right"]


# ------------------------------------------------------------------ actors

def test_the_actor_must_be_named_in_the_lead():
    q = _question({"id": "actors-04", "type": "actors", "expected": {"actor": {
        "name": "Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh", "documents": [_doc("b")]}}})
    stated = _answer("Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh chủ trì tham mưu [1]", [])
    reporter = _answer("- Sở Nội vụ, IV. PCI: “Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh chủ trì” [1]", [])
    assert score(q, stated, INDEX)["right"]
    assert not score(q, reporter, INDEX)["right"] and score(q, reporter, INDEX)["actor_anywhere"]


def test_no_actor_named_must_be_said():
    q = _question({"id": "actors-05", "type": "actors", "expected": {"actor": {"name": None, "documents": [_doc("a")]}}})
    assert score(q, _answer("Văn bản không nêu ai đã trao trên 1.000 suất quà [1]", []), INDEX)["right"]
    assert not score(q, _answer("Ban Thường vụ Đảng ủy phường Hải Dương đã trao trên 1.000 suất quà [1]", []), INDEX)["right"]


# ------------------------------------------------------------------ figures across reports

ACROSS = {"id": "across-02", "type": "figures_across", "expected": {"table": [
    {"unit": "tỉnh Lâm Đồng", "period": "2024", "value": 65.08, "unit_of_measure": "điểm", "text": "65,08", "document": _doc("b")},
    {"unit": "tỉnh Đắk Nông", "period": "2024", "value": 67.45, "unit_of_measure": "điểm", "text": "67,45", "document": _doc("b")}]}}


def test_table_cells_need_unit_period_and_value():
    q = _question(ACROSS)
    rows = [{"unit": "Lâm Đồng", "period": "2024", "value": 65.08}, {"unit": "Đắk Nông", "period": "2024", "value": 36}]
    metrics = score(q, _answer("", [], table=rows), INDEX)
    assert metrics["cell_recall"] == 0.5 and not metrics["right"]
    rows[1]["value"] = 67.45
    assert score(q, _answer("", [], table=rows), INDEX)["right"]
    assert not score(q, _answer("", [], table=rows + [{"unit": "Bình Thuận", "period": "2024", "value": 68.92}]), INDEX)["right"]
    # the product's own table: FiguresTable as JSON, its rows under "rows"
    answered = score(q, _answer("", [], table={"subject": "Chỉ số PCI", "kind": None, "rows": rows[:1]}), INDEX)
    assert answered["answered_table"] and answered["cell_recall"] == 0.5 and answered["cell_precision"] == 1.0


def test_without_a_table_an_evidence_item_must_give_the_cell():
    q = _question(ACROSS)
    passage = _answer("- Sở Nội vụ: “CHỈ SỐ CHUNG 65,08 54/63 67,45 36/63” [1]", [("Sở Nội vụ", 2, [_evidence(
        "Chỉ số PCI năm 2024 tỉnh Lâm Đồng 65,08 điểm, xếp 54/63"), _evidence("Năm 2024 tỉnh Đắk Nông tăng 12 bậc")])])
    metrics = score(q, passage, INDEX)
    assert metrics["cell_recall"] == 0.5 and metrics["cell_precision"] is None and not metrics["right"]


def test_the_summary_counts_right_per_type():
    records = [{"type": "actors", "not_found_expected": False, "metrics": {"right": True, "actor_anywhere": True}},
               {"type": "actors", "not_found_expected": False, "metrics": {"right": False, "actor_anywhere": True}}]
    assert type_summary(records)["actors"] == {"questions": 2, "right": 1, "not_found_questions": 0, "actor_anywhere": 1.0}


def test_a_range_of_years_is_named_by_both_its_years():
    q = _question({"id": "across-01", "type": "figures_across", "expected": {"table": [
        {"unit": "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương", "period": "2012-2019", "value": 5e10, "unit_of_measure": "đồng",
         "text": "trên 50 tỷ đồng", "document": _doc("a")}]}})
    text = "Liên tục từ năm 2012 đến nay, Ban Thường trực Uỷ ban MTTQ tỉnh đã 8 lần … tổng số tiền trên 50 tỷ đồng"
    group = ("Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương", 1, [_evidence(text)])
    dated = _answer("", [group])
    dated["units"][0]["documents"][0]["date"] = "2019-04-10"
    assert score(q, dated, INDEX)["right"]
    assert not score(q, _answer("", [group]), INDEX)["right"]  # 2019 named nowhere
