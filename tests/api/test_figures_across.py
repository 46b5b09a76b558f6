"""Figures across reports: normalising Vietnamese figures, dating them, adding only like with
like, and the unit × period table over corpus/ (the 2019 MTTQ report and the 2025 phường figure)."""

import csv
import io
import json

import pytest

from api.answers import AskRequest, Asker
from api.answers.figure_table import FigureRow, table_csv
from api.answers.figures_across import across_topic, periods_in, title_period, totals
from api.answers.passages import find_phrases
from api.answers.quantities import normalise, vietnamese_number
from api.answers.questions import parse_question
from api.cli import main
from indexer.store.reader import open_reader

QUESTION = "Mỗi đơn vị đã vận động được bao nhiêu cho Quỹ Vì người nghèo qua các năm?"
UNIT_2019 = "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"
UNIT_PHUONG = "Ban Thường vụ Đảng ủy phường Hải Dương"


@pytest.mark.parametrize("written, kind, measure, value, display", [
    ("1,2 tỷ đồng", "money", "đồng", 1_200_000_000, "1,2 tỷ đồng"),
    ("350 triệu đồng", "money", "đồng", 350_000_000, "350 triệu đồng"),
    ("45.500.000 đồng", "money", "đồng", 45_500_000, "45,5 triệu đồng"),
    ("1.200 triệu đồng", "money", "đồng", 1_200_000_000, "1,2 tỷ đồng"),
    ("trên 370 triệu đồng", "money", "đồng", 370_000_000, "trên 370 triệu đồng"),
    ("500 nghìn đồng", "money", "đồng", 500_000, "500 nghìn đồng"),
    ("12 hộ", "count", "hộ", 12, "12 hộ"),
    ("98 ngàn suất quà", "count", "suất quà", 98_000, "98.000 suất quà"),
    ("03 căn nhà", "count", "căn nhà", 3, "3 căn nhà"),
    ("98,5%", "percent", "%", 98.5, "98,5%"),
])
def test_figures_are_normalised_to_one_comparable_value(written, kind, measure, value, display):
    quantity = normalise(written)
    assert (quantity.kind, quantity.measure, quantity.display) == (kind, measure, display)
    assert quantity.value == pytest.approx(value)


def test_a_phrase_without_exactly_one_figure_is_refused_with_its_text():
    with pytest.raises(ValueError, match="'năm 2025' states no figure"):
        normalise("năm 2025")
    with pytest.raises(ValueError, match="2 figures"):
        normalise("12 hộ và 350 triệu đồng")


def test_vietnamese_notation():
    assert vietnamese_number(1_234_567.5) == "1.234.567,5"
    assert vietnamese_number(50.37) == "50,37"
    assert vietnamese_number(1000) == "1.000"


@pytest.mark.parametrize("sentence, year, expected", [
    ("vận động Quỹ “Vì người nghèo” năm 2025 đạt trên 370 triệu đồng", None, [(2025, 2025)]),
    ("Liên tục từ năm 2012 đến nay, Ban Thường trực đã 8 lần phối hợp", 2019, [(2012, 2019)]),
    ("Trong 10 năm qua, cuộc vận động tiếp tục thực hiện đạt kết quả tốt.", 2019, [(2009, 2019)]),
    ("giai đoạn 2020 - 2025 đã xây dựng 120 căn nhà", None, [(2020, 2025)]),
    ("Kế hoạch số 09/KH-MT ngày 10 tháng 4 năm 2019 của Ban Thường trực", None, []),  # a date, not a period
    ("năm 2023 đạt 300 triệu đồng, năm 2024 đạt 350 triệu đồng", None, [(2023, 2023), (2024, 2024)]),
    # the year a figure is compared with is no figure's own
    ("khởi tố mới 734 vụ, giảm 312 vụ (734/1046) so với năm 2024", None, []),
    ("Năm 2012, đã phát hiện 268 vụ. So với cùng kỳ năm 2011 tăng 59 vụ", None, [(2012, 2012)]),
])
def test_periods_are_read_as_written(sentence, year, expected):
    assert [(p.start, p.end) for p in periods_in(sentence, 0, len(sentence), year)] == expected


@pytest.mark.parametrize("sentence, labels", [
    ("Trong quý I năm 2026, tỷ lệ khai thác dữ liệu số hóa đạt 92,64%; năm 2025 đạt 85,9%.", ["quý I năm 2026", "2025"]),
    ("quý 2/2025 tiếp nhận 120 phản ánh", ["quý II năm 2025"]),
    ("6 tháng đầu năm 2025 vận động được 1,2 tỷ đồng", ["6 tháng đầu năm 2025"]),
    ("9 thang nam 2024 dat 80%", ["9 tháng đầu năm 2024"]),
    ("Hai tháng đầu năm 2007 các tỉnh đạt mức tăng trưởng cao", ["2 tháng đầu năm 2007"]),
    ("ngày 10 tháng năm 2025", ["2025"]),  # a date left blank, no count of months
])
def test_a_part_of_a_year_is_its_own_period(sentence, labels):
    assert [p.label for p in periods_in(sentence, 0, len(sentence), 2026)] == labels


@pytest.mark.parametrize("title, year, label", [
    ("Công tác cải cách hành chính quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026 tỉnh Lâm Đồng", 2026,
     "quý I năm 2026"),
    ("Công tác cải cách hành chính năm 2025 và phương hướng, nhiệm vụ năm 2026 của tỉnh Lâm Đồng", 2026, "2025"),
    ("Kế hoạch cải cách hành chính giai đoạn 2026 - 2030", 2026, None),
    ("Báo cáo tổng kết", 2019, None),
])
def test_a_report_title_dates_its_undated_figures(title, year, label):
    found = title_period(title, year)
    assert (found.label if found else None) == label


@pytest.mark.parametrize("question", [
    QUESTION,
    "So sánh số tiền vận động Quỹ Vì người nghèo giữa các đơn vị",
    "Số hộ nghèo từng năm của các xã",
    "Kết quả vận động Quỹ Vì người nghèo theo từng đơn vị",
    "moi don vi van dong duoc bao nhieu cho quy vi nguoi nghe qua cac nam",
    "Tỷ lệ hồ sơ trực tuyến của tỉnh Lâm Đồng năm 2025 và quý I năm 2026 là bao nhiêu?",
    "Lập bảng số phản ánh, kiến nghị đã tiếp nhận trong năm 2025 và trong quý I năm 2026",
    "So sánh số thủ tục hành chính được thanh toán trực tuyến năm 2025 và quý I năm 2026",
    "Tỷ lệ lạm phát của Việt Nam các năm 1992, 1995 và 1997 là bao nhiêu?",
])
def test_questions_across_units_or_years_are_recognised(question):
    assert parse_question(question).type == "figures_across"


@pytest.mark.parametrize("question, kind", [
    ("Năm 2025 phường Hải Dương vận động được bao nhiêu cho Quỹ Vì người nghèo?", "figure"),
    ("Những đơn vị nào đã báo cáo về cuộc vận động 'Vì người nghèo'?", "units"),
    ("So sánh cách viết phần hạn chế của các đơn vị khác", "precedents"),
    ("Từ năm 2020 đến năm 2025 phường Hải Dương vận động được bao nhiêu?", "figure"),  # one range, not two periods
])
def test_other_questions_keep_their_type(question, kind):
    assert parse_question(question).type == kind


def test_the_periods_are_the_rows_not_the_subject():
    topic = across_topic(parse_question("Tỷ lệ khai thác dữ liệu số hóa năm 2025 và quý I năm 2026 là bao nhiêu?"))
    assert topic.endswith("khai thác dữ liệu số hoá") and not {"quý", "2025", "2026", "và"} & set(topic.split())


def test_a_comparison_with_no_table_answers_with_the_figure_when_not_forced(corpus_index):
    asker = Asker(open_reader(corpus_index))
    question = "Lập bảng số căn nhà đại đoàn kết năm 2019 và năm 2025"
    assert parse_question(question).type == "figures_across"
    free = asker.ask(AskRequest(question=question))
    assert free.type == "figure" and not free.not_found and free.table is None
    forced = asker.ask(AskRequest(question=question, type="figures_across"))
    assert forced.type == "figures_across" and forced.not_found


def test_the_comparison_words_are_not_the_subject():
    topic = across_topic(parse_question(QUESTION))
    assert topic.endswith("vận động cho Quỹ Vì người nghèo") and not {"Mỗi", "đơn", "qua", "năm"} & set(topic.split())
    topic = across_topic(parse_question("So sánh tỷ lệ hộ nghèo giữa các đơn vị"))
    assert "tỷ lệ hộ nghèo" in topic and not {"So", "sánh", "giữa", "đơn", "vị"} & set(topic.split())


def _row(unit, period, written):
    q = normalise(written)
    return FigureRow(unit, period, None, None, "text", written, q.kind, q.measure, q.value, q.qualifier, q.display,
                     1, None, None, None, [], None, 0, 10, 0, 5, written)


def test_totals_add_only_cells_of_one_measure_and_never_percentages():
    rows = [_row("Xã A", "2024", "350 triệu đồng"), _row("Xã A", "2025", "1,2 tỷ đồng"), _row("Xã B", "2025", "45.500.000 đồng"),
            _row("Xã A", "2025", "12 hộ"), _row("Xã B", "2025", "3 người"), _row("Xã A", "2025", "98,5%"), _row("Xã B", "2025", "90%")]
    found = {(t.scope, t.measure): (t.value, t.display, t.rows) for t in totals(rows)}
    assert found == {("all", "đồng"): (1_595_500_000, "1,596 tỷ đồng", 3), ("Xã A", "đồng"): (1_550_000_000, "1,55 tỷ đồng", 2)}


def test_a_total_of_lower_bounds_is_a_lower_bound_and_of_estimates_an_estimate():
    assert totals([_row("A", "2024", "trên 50 tỷ đồng"), _row("B", "2025", "370 triệu đồng")])[0].display == "trên 50,37 tỷ đồng"
    assert totals([_row("A", "2024", "khoảng 20 hộ"), _row("B", "2025", "trên 5 hộ")])[0].display == "khoảng 25 hộ"


@pytest.fixture(scope="module")
def answer(corpus_index):
    return Asker(open_reader(corpus_index)).ask(AskRequest(question=QUESTION))


def test_the_corpus_gives_one_cited_row_per_report(answer, corpus_index):
    assert answer.type == "figures_across" and not answer.not_found
    table = answer.table
    assert [(r.unit, r.period, r.figure, r.value, r.measure) for r in table.rows] == [
        (UNIT_2019, "2012–2019", "trên 50 tỷ đồng", 50_000_000_000, "đồng"),
        (UNIT_PHUONG, "2025", "trên 370 triệu đồng", 370_000_000, "đồng"),
    ]
    reader = open_reader(corpus_index)
    texts = reader.document_texts([r.doc_id for r in table.rows])
    chunks = reader.chunks([r.chunk_id for r in table.rows])
    paths = {r.doc_id: json.loads(reader.documents([r.doc_id])[r.doc_id]["paths"])[0] for r in table.rows}
    assert paths[table.rows[0].doc_id].endswith("000_6594ddbbd3241b12.txt")
    assert paths[table.rows[1].doc_id].endswith("004_a707af0accb6fc05.txt")
    for row in table.rows:
        text = texts[row.doc_id]
        assert text[row.char_start:row.char_end] == row.sentence and text[row.figure_start:row.figure_end] == row.figure
        assert row.char_start <= row.figure_start < row.figure_end <= row.char_end
        assert chunks[row.chunk_id].start <= row.char_start < chunks[row.chunk_id].end
        cited = answer.citations[row.citation - 1]
        assert (cited.doc_id, cited.char_start, cited.char_end) == (row.doc_id, row.char_start, row.char_end)
    assert find_phrases(table.rows[1].sentence, ["Vì người nghèo"])  # the fund itself, not the gifts of the month
    assert "500 triệu" not in " ".join(r.figure for r in table.rows)


def test_the_answer_states_the_total_and_its_rule(answer):
    assert [(t.scope, t.measure, t.value, t.display) for t in answer.table.totals] == [("all", "đồng", 50_370_000_000, "trên 50,37 tỷ đồng")]
    assert "tổng chỉ cộng các ô cùng đơn vị đo" in answer.answer
    assert f"{UNIT_PHUONG} — 2025: trên 370 triệu đồng [2]" in answer.answer


def test_the_csv_holds_the_rows_then_the_totals(answer):
    text = table_csv(answer.table)
    assert text.startswith("\ufeffrow,unit,period,")
    lines = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["row"], r["unit"], r["period"], r["value"], r["measure"], r["citation"]) for r in lines] == [
        ("figure", UNIT_2019, "2012–2019", "50000000000", "đồng", "1"),
        ("figure", UNIT_PHUONG, "2025", "370000000", "đồng", "2"),
        ("total", "(tất cả)", "", "50370000000", "đồng", ""),
    ]
    assert lines[1]["sentence"] == "vận động Quỹ “Vì người nghèo” năm 2025 đạt trên 370 triệu đồng"


def test_the_command_line_prints_json_and_writes_csv(corpus_index, tmp_path, capsys):
    target = tmp_path / "so-lieu.csv"
    assert main(["ask", QUESTION, "--index", str(corpus_index), "--json", "--csv", str(target)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [r["display"] for r in printed["table"]["rows"]] == ["trên 50 tỷ đồng", "trên 370 triệu đồng"]
    assert printed["table"]["note"] == "tổng chỉ cộng các ô cùng đơn vị đo"
    assert target.read_text(encoding="utf-8-sig").splitlines()[2].startswith(f"figure,{UNIT_PHUONG},2025,2025,2025,trên 370 triệu đồng")
    assert main(["ask", QUESTION, "--index", str(corpus_index), "--format", "csv"]) == 0
    assert capsys.readouterr().out == target.read_bytes().decode("utf-8")


def test_csv_of_a_question_without_a_table_is_refused(corpus_index, capsys):
    assert main(["ask", "Những đơn vị nào đã báo cáo về cuộc vận động 'Vì người nghèo'?", "--index", str(corpus_index),
                 "--format", "csv"]) == 2
    assert "read as a units question" in capsys.readouterr().err


@pytest.mark.parametrize("question, counted", [
    ("Lập bảng số phản ánh, kiến nghị về quy định thủ tục hành chính mà tỉnh Lâm Đồng đã tiếp nhận trong năm 2025",
     "phản ánh, kiến nghị"),
    ("So sánh Chỉ số cải cách hành chính năm 2025 của Sở Tư pháp và Sở Y tế", None),  # an index, not a count
    ("So sánh số lượng Ban Chấp hành của Liên đoàn Yoga và Liên đoàn Bóng bàn", None),  # a body: its members count
    ("So sánh số liệu thu ngân sách năm 2024 và 2025", None),
])
def test_what_so_counts_when_no_known_noun_names_it(question, counted):
    from api.answers.figures import number_of

    assert number_of(question) == counted


def test_a_counted_noun_is_read_in_every_way_reports_write_it():
    from api.answers.figures import extract_figures
    from api.answers.figures_across import noun_forms, wanted_measure

    kind, noun = wanted_measure(parse_question("So sánh số thủ tục hành chính có yêu cầu nghĩa vụ tài chính được thanh toán "
                                               "trực tuyến năm 2025 và quý I năm 2026"))
    assert (kind, noun) == ("count", "thủ tục hành chính")  # with the words "TTHC" stands for
    assert set(noun_forms("phản ánh, kiến nghị")) >= {"phản ánh kiến nghị", "PAKN"}
    found = extract_figures("có 553/553 TTHC có yêu cầu nghĩa vụ tài chính; đã tiếp nhận 726 phản ánh kiến nghị",
                            nouns=noun_forms(noun) + noun_forms("phản ánh, kiến nghị"))
    assert [(f.text, f.value) for f in found] == [("553/553 TTHC", 553), ("726 phản ánh kiến nghị", 726)]


def test_a_count_under_a_heading_that_holds_the_question_words_is_a_row(tmp_path):
    from api.answers.figures_across import answer_figures_across
    from api.search import Filters, Searcher
    from indexer.update import IndexSettings, update_index

    report = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: {number}/BC-UBND\tLâm Đồng, ngày {date}\n\nBÁO CÁO\n"
              "Công tác cải cách hành chính {period} của tỉnh Lâm Đồng\n\n{opening}\n"
              "3. Tiếp nhận, xử lý phản ánh, kiến nghị về quy định thủ tục hành chính\n"
              "Đã tiếp nhận {count} phản ánh kiến nghị, đã xử lý và công khai đúng hạn.\n"
              "(Có {answered} phản ánh, kiến nghị đã được trả lời trên Cổng Dịch vụ công quốc gia.)\n")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "bc-2025.txt").write_text(report.format(
        number="629", date="20 tháng 12 năm 2025", period="năm 2025", count="726", answered="788/788",
        opening="Năm 2025 là năm đầu tiên vận hành chính quyền địa phương hai cấp sau sắp xếp đơn vị hành chính."),
        encoding="utf-8")
    (folder / "bc-quy-1-2026.txt").write_text(report.format(
        number="118", date="25 tháng 3 năm 2026", period="quý I năm 2026", count="306", answered="290/306",
        opening="Trong quý I, Ủy ban nhân dân tỉnh tập trung chỉ đạo số hóa hồ sơ và dịch vụ công trực tuyến toàn trình."),
        encoding="utf-8")
    update_index([folder], tmp_path / "index", IndexSettings(embed=False))
    searcher = Searcher(open_reader(tmp_path / "index"))
    question = parse_question("Lập bảng số phản ánh, kiến nghị về quy định thủ tục hành chính mà tỉnh Lâm Đồng đã tiếp nhận "
                              "trong năm 2025 và trong quý I năm 2026")
    _, table = answer_figures_across(searcher, question, Filters())
    rows = sorted((row.period, row.value) for row in table.rows)
    # the "(Có 788/788 … đã được trả lời)" sentence after it counts answers, not what was received
    assert rows[0] == ("2025", 726) and rows[-1][1] == 306 and len(rows) == 2, rows


def test_a_year_heading_its_figure_in_a_list_dates_it():
    text = "Tỷ lệ lạm phát liên tục giảm:1990: 67,6%; 1991: 67,3 1992: 17,5%; 1993: 5,2%; năm 2005 có 12 hộ."
    periods = periods_in(text, 0, len(text), None)
    assert [p.label for p in periods] == ["1990", "1991", "1992", "1993", "2005"]
    assert all(text[p.position:p.position + 4] == p.label for p in periods[:4])  # each where its year is written
    assert [p.label for p in periods_in("Điều 1992: Hiệu lực", 0, 19, None)] == []  # no figure after it


def test_one_country_over_listed_years_from_a_paper_no_unit_issued(tmp_path):
    """"… tỷ lệ lạm phát của Việt Nam các năm 1992, 1995 và 1997": the paper has no issuing unit,
    so each row is the country asked about; neither the paper's author ("TS …", no acronym to
    look for) nor the country is a word the sentence stating the figures must hold."""
    from api.answers.figures_across import answer_figures_across
    from api.search import Filters, Searcher
    from indexer.update import IndexSettings, update_index

    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "lam-phat.txt").write_text(
        "Kiểm soát lạm phát: kinh nghiệm và bài học\n\nTS Nguyễn Đại Lai\n\n"
        "Đồng bản tệ vẫn giữ được ổn định: Tỷ lệ lạm phát trong nhiều năm qua liên tục giảm và ngày càng kiểm soát "
        "được:1990: 67,6%; 1991: 67,3 1992: 17,5%; 1993: 5,2%; 1994: 14,4%; 1995: 12,7%; 1996: 4,5%; 1997: 3,6% và từ "
        "1998 đến 2003 tỷ lệ này luôn nằm dưới mức cho phép.\n", encoding="utf-8")
    update_index([folder], tmp_path / "index", IndexSettings(embed=False))
    question = parse_question("Theo bài viết về lạm phát của TS Nguyễn Đại Lai, tỷ lệ lạm phát của Việt Nam các năm "
                              "1992, 1995 và 1997 là bao nhiêu?")
    assert question.type == "figures_across" and question.name is None
    assert across_topic(question) == "tỷ lệ lạm phát"
    _, table = answer_figures_across(Searcher(open_reader(tmp_path / "index")), question, Filters())
    assert [(row.unit, row.period, row.figure) for row in table.rows] == [
        ("Việt Nam", "1992", "17,5%"), ("Việt Nam", "1995", "12,7%"), ("Việt Nam", "1997", "3,6%")]


def test_mục_tiêu_is_a_word_not_a_section_asked_for():
    assert parse_question("Mục tiêu tỷ lệ địa bàn cấp xã không ma túy đến năm 2030 của tỉnh Nghệ An là bao nhiêu?").topic.startswith(
        "Mục tiêu tỷ lệ")


EXPORTS = """ước thực hiện xuất khẩu tháng 2 và 2 tháng năm 2005
STT\tMặt hàng\tĐơn vị tính\tK.H 2005\tTH T1/2005\tƯ.TH T2/2005\tƯ.TH 2T.2005\tTH 2T/2004
1\tDầu thô\tNg. tấn\t18000\t1700\t1500\t3200\t3100
2\tThuỷ sản\tTr. USD\t2600\t140\t130\t270\t260
3\tGạo\tNg. tấn\t4100\t190\t280\t470\t400
4\tCà phê\tNg. tấn\t950\t90\t70\t160\t175
5\tCao su\tNg. tấn\t500\t25\t24\t49\t47
"""


def test_a_figure_question_listing_a_tables_rows_gets_a_row_each(tmp_path):
    from tests.conftest import lexical_archive

    question = "Ước thực hiện xuất khẩu 2 tháng đầu năm 2005 của gạo, cà phê và cao su là bao nhiêu nghìn tấn?"
    assert parse_question(question).type == "figure"  # no capital marks the three as names
    answer = Asker(lexical_archive(tmp_path, {"xuat_khau_2_2005.txt": EXPORTS})).ask(AskRequest(question)).to_json()
    assert answer["type"] == "figures_across", answer["answer"]
    assert {row["unit"]: row["value"] for row in answer["table"]["rows"]} == {"Gạo": 470, "Cà phê": 160, "Cao su": 49}
    # one thing asked: the figure, as before
    answer = Asker(open_reader(tmp_path / "index")).ask(AskRequest(
        "Ước thực hiện xuất khẩu 2 tháng đầu năm 2005 của cà phê là bao nhiêu nghìn tấn?")).to_json()
    assert answer["type"] == "figure" and answer["figure"]["value"] == 160, answer["answer"]


def test_tinh_den_typed_plain_opens_no_place():
    assert parse_question("tinh den 14/12/2025 tinh lam dong co bao nhieu nguoi nghien").place is None


INDUSTRY = """BÁO CÁO
Tình hình sản xuất công nghiệp tháng 02 năm 2007

Theo vùng lãnh thổ hai tháng đầu năm 2007 các tỉnh, thành phố đạt mức tăng trưởng GTSXCN so cùng kỳ cao hơn kế hoạch toàn ngành (16%) gồm: Tp. Hồ Chí Minh tăng 15,2% (chiếm tỷ

trọng 25,4%), Hà Tây tăng 19,6%, Vĩnh Phúc tăng 41,3%, Bình Dương tăng 22,7%, Đồng Nai tăng 20,9%.
"""


def test_a_sentence_cut_by_a_page_break_is_read_whole(tmp_path):
    from api.answers.passages import paragraph_bounds, sentences
    from tests.conftest import lexical_archive

    at = INDUSTRY.index("Vĩnh Phúc")
    start, end = paragraph_bounds(INDUSTRY, at)
    assert INDUSTRY[start:end].startswith("Theo vùng lãnh thổ") and INDUSTRY[start:end].endswith("20,9%.")
    assert len(sentences(INDUSTRY, start, end)) == 1
    answer = Asker(lexical_archive(tmp_path, {"cong_nghiep_02_2007.txt": INDUSTRY})).ask(AskRequest(
        "Tốc độ tăng giá trị sản xuất công nghiệp hai tháng đầu năm 2007 của Vĩnh Phúc, Đồng Nai và Bình Dương so với "
        "cùng kỳ là bao nhiêu?")).to_json()
    rows = {row["unit"]: (row["value"], row["period"]) for row in answer["table"]["rows"]}
    assert rows == {"Vĩnh Phúc": (41.3, "2 tháng đầu năm 2007"), "Đồng Nai": (20.9, "2 tháng đầu năm 2007"),
                    "Bình Dương": (22.7, "2 tháng đầu năm 2007")}, answer["answer"]


PRODUCTS = """BÁO CÁO
Tình hình sản xuất công nghiệp tháng 02 năm 2007

Hai tháng đầu năm các sản phẩm chiếm tỷ trọng lớn đạt mức tăng trưởng cao so cùng kỳ: xi măng tăng 21,4%, thép cán tăng 14,2%, xe máy tăng 19,5%, điện sản xuất tăng 9,1%.
"""


@pytest.mark.parametrize("question, items", [
    ("Hai tháng đầu năm 2007, sản lượng xi măng, thép cán và xe máy tăng bao nhiêu phần trăm?", ["xi măng", "thép cán", "xe máy"]),
    ("Xuất khẩu 2 tháng đầu năm 2005 của gạo, cà phê và cao su là bao nhiêu nghìn tấn?", ["gạo", "cà phê", "cao su"]),
    ("Số vụ phòng, chống ma túy và kiểm soát là bao nhiêu?", []),  # "phòng, chống" is one term
    ("Tỷ lệ hộ nghèo, cận nghèo và thoát nghèo năm 2025 là bao nhiêu?", []),
    # items repeating their head noun are a list however long, the last one past its "có"
    ("Giá trị sản xuất của khu vực nhà nước, khu vực ngoài nhà nước và khu vực có vốn đầu tư nước ngoài tăng bao nhiêu?",
     ["khu vực nhà nước", "khu vực ngoài nhà nước", "khu vực có vốn đầu tư nước ngoài"]),
])
def test_the_things_a_question_lists_in_lower_case(question, items):
    from api.answers.figures_across import listed_items

    assert listed_items(question) == items


def test_things_listed_in_lower_case_get_a_figure_each_from_the_sentence_naming_them(tmp_path):
    from tests.conftest import lexical_archive

    answer = Asker(lexical_archive(tmp_path, {"cong_nghiep_02_2007.txt": PRODUCTS})).ask(AskRequest(
        "Hai tháng đầu năm 2007, sản lượng xi măng, thép cán và xe máy tăng bao nhiêu phần trăm so với cùng kỳ năm trước?")).to_json()
    assert answer["type"] == "figures_across", answer["answer"]
    # the document leaves the year out ("Hai tháng đầu năm"): the one year asked dates the figures
    assert {row["unit"]: (row["value"], row["period"]) for row in answer["table"]["rows"]} == {
        "xi măng": (21.4, "2007"), "thép cán": (14.2, "2007"), "xe máy": (19.5, "2007")}, answer["answer"]


GOAL_PLAN = ("ỦY BAN NHÂN DÂN TỈNH GIA LAI\n\nKẾ HOẠCH\nThực hiện Chương trình phòng, chống ma túy đến năm 2030\n\n"
             "II. CHỈ TIÊU CHỦ YẾU\n- Phấn đấu đến năm 2030 đạt ít nhất 55% số xã, phường trên toàn tỉnh không có ma túy, "
             "riêng năm 2025 phấn đấu xây dựng được ít nhất 25% xã, phường không ma túy.\n")
GOAL_REPORT = ("ỦY BAN NHÂN DÂN TỈNH GIA LAI\n\nBÁO CÁO\nKết quả công tác phòng, chống ma túy năm 2025\n\n"
               "Năm 2025, đã tổ chức cho 100% các xã, phường, thôn, làng ký cam kết xây dựng xã, phường không ma túy.\n")


def test_a_goal_asked_over_years_is_read_from_the_sentences_aiming_at_it(tmp_path):
    """"Mục tiêu tỷ lệ …" asks how much is aimed at: the plan's "phấn đấu … ít nhất 25%" answers
    2025, not the report's achieved "100% các xã, phường … ký cam kết"; and no sentence need write
    the question's "mục tiêu tỷ lệ" or its place to state the figure."""
    from tests.conftest import lexical_archive

    question = "Mục tiêu tỷ lệ xã, phường không ma túy của tỉnh Gia Lai cho năm 2025 và đến năm 2030 là bao nhiêu?"
    answer = Asker(lexical_archive(tmp_path, {"ke-hoach.txt": GOAL_PLAN, "bao-cao.txt": GOAL_REPORT})).ask(
        AskRequest(question)).to_json()
    assert answer["type"] == "figures_across"
    assert [(r["period"], r["value"]) for r in answer["table"]["rows"]] == [("2025", 25), ("2030", 55)]


FDI_SOUTH_EAST = """đầu tư nước ngoài của vùng đông nam bộ theo địa phương 1988-2005
(tính tới ngày 15/8/2005 - chỉ tính các dự án còn hiệu lực)
STT\tĐịa phương\tSố dự án\tTVĐT\tVốn pháp định\tĐầu tư thực hiện
1\tBình Phước \t45\t109714640\t62158201\t45512402
2\tTây Ninh \t93\t353014785\t251910928\t181932650
3\tĐồng Nai \t659\t8148079129\t3248492209\t3405629682
Tổng số\t\t797\t8610808554\t3562561338\t3633074734
Nguồn: Cục Đầu tư nước ngoài - Bộ Kế hoạch và Đầu tư
đầu tư nước ngoài của vùng đông nam bộ theo nước 1988-2005
(tính tới ngày 15/8/2005 - chỉ tính các dự án còn hiệu lực)
STT\tNước, vùng lãnh thổ\tSố dự án\tTVĐT\tVốn pháp định\tĐầu tư thực hiện
1\tĐài Loan \t1095\t6003815112\t2603752073\t1969897849
2\tSingapore \t269\t3596300185\t1640318887\t2309033332
3\tHàn Quốc \t655\t2667678518\t1110249248\t1017009779
4\tPháp \t95\t1783028690\t1140872469\t818547360
5\tHoa Kỳ \t161\t782522198\t324544390\t237117654
Nguồn: Cục Đầu tư nước ngoài - Bộ Kế hoạch và Đầu tư
đầu tư nước ngoài của vùng đông nam bộ theo htđt 1988-2005
(tính tới ngày 15/8/2005 - chỉ tính các dự án còn hiệu lực)
Hình thức đầu tư\t\tSố dự án\tTVĐT\tVốn pháp định\tĐầu tư thực hiện
Hợp đồng hợp tác kinh doanh\t\t51\t1040946762\t988647499\t249751453
BOT\t\t6\t1370125000\t411385000\t711274892
Liên doanh\t\t618\t7529654379\t3149098207\t4285433128
100% vốn nước ngoài\t\t2940\t17260132885\t7420960016\t7181320204
"""


def test_names_listed_before_mỗi_nước_get_a_row_each_one_syllable_names_too(tmp_path):
    from api.answers.sheet_cells import _list_item
    from tests.conftest import lexical_archive

    question = "Theo số liệu FDI vùng Đông Nam Bộ 1988 - 2005 (dự án còn hiệu lực), Singapore, Hoa Kỳ và Pháp mỗi nước có bao nhiêu dự án?"
    assert parse_question(question).type == "figures_across"
    assert _list_item(["phap"], "singapore , hoa ky va phap moi nuoc co bao nhieu du an")
    assert not _list_item(["phap"], "quy dinh cua phap luat ve dau tu")
    answer = Asker(lexical_archive(tmp_path, {"fdi_dong_nam_bo.txt": FDI_SOUTH_EAST})).ask(AskRequest(question)).to_json()
    assert answer["type"] == "figures_across", answer["answer"]
    assert {row["unit"]: row["value"] for row in answer["table"]["rows"]} == {"Singapore": 269, "Hoa Kỳ": 161, "Pháp": 95}
    assert "Tổng (3 ô): 525" in answer["answer"]
    # a row named with a percent sign, last in the list
    answer = Asker(open_reader(tmp_path / "index")).ask(AskRequest(
        "Theo số liệu FDI vùng Đông Nam Bộ 1988 - 2005, mỗi hình thức hợp đồng hợp tác kinh doanh, liên doanh và "
        "100% vốn nước ngoài có bao nhiêu dự án còn hiệu lực?")).to_json()
    assert {row["unit"]: row["value"] for row in answer["table"]["rows"]} == {
        "Hợp đồng hợp tác kinh doanh": 51, "Liên doanh": 618, "100% vốn nước ngoài": 2940}, answer["answer"]


SECTORS = """BÁO CÁO
Tình hình sản xuất công nghiệp tháng 02

Tính gộp 2 tháng đầu năm, giá trị sản xuất công nghiệp ước đạt 52.300 tỷ đồng, tăng 15,1%, vượt kế hoạch đề ra cho cả năm 2007 (14%), trong đó khu vực nhà nước tăng 6,2%, khu vực ngoài nhà nước tăng 18,4% và khu vực có vốn đầu tư nước ngoài tăng 20,5%.
"""


def test_months_of_the_year_without_it_and_the_part_asked_before_the_whole_year(tmp_path):
    from tests.conftest import lexical_archive

    assert [p.label for p in periods_in("Tính gộp 2 tháng đầu năm, giá trị", 0, 33, 2007)] == ["2 tháng đầu năm 2007"]
    assert periods_in("Tính gộp 2 tháng đầu năm, giá trị", 0, 33, None) == []  # no year to give it
    answer = Asker(lexical_archive(tmp_path, {"cong_nghiep.txt": SECTORS})).ask(AskRequest(
        "Hai tháng đầu năm 2007, giá trị sản xuất công nghiệp của khu vực nhà nước, khu vực ngoài nhà nước và khu vực "
        "có vốn đầu tư nước ngoài tăng bao nhiêu phần trăm?")).to_json()
    assert answer["type"] == "figures_across", answer["answer"]
    # "cả năm 2007" is the plan compared with; the figures are of the two months asked
    assert {row["unit"]: (row["value"], row["period"]) for row in answer["table"]["rows"]} == {
        "khu vực nhà nước": (6.2, "2 tháng đầu năm 2007"), "khu vực ngoài nhà nước": (18.4, "2 tháng đầu năm 2007"),
        "khu vực có vốn đầu tư nước ngoài": (20.5, "2 tháng đầu năm 2007")}, answer["answer"]
