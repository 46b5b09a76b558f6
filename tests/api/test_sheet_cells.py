"""Figures read from tables: the row a question names, the column it asks about. The tables are
written as the spreadsheet reader extracts them (one row a line, cells between tabs), in the
shape of the 2005 export estimates and the 2003 project-monitoring summary of the archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.answers.sheet_cells import asked_periods, cells_asked, listed_cells
from api.answers.sheets import name_key, read_sheets

EXPORTS = "\n".join([
    "ước thực hiện xuất khẩu tháng 2 và 2 tháng năm 2005",
    "Stt\t\tĐơn vị\tK.H\tTH\tƯ.TH\tƯ.TH\tTH\tSo sánh (%)",
    "\t\ttính\t2005\tT1/2005\tT2/2005\t2T.2005\t2T/2004\tT2-2005/ T1-2005\t2T-2005/ 2T-2004",
    "\tKim ngạch xuất khẩu\tTr. USD\t30700\t2178\t1900\t4078\t3508\t87.23599633\t116.2485747",
    "\tMặt hàng chủ yếu:",
    "1\tDầu thô\tNg. tấn\t18500\t1730\t1400\t3130\t3304\t80.92485549\t94.73365617",
    "3\tHàng dệt may\tTr. USD \t5200\t306\t260\t566\t558\t84.96732026\t101.4336918",
    "4\tHàng giày dép\t\"\t3100\t247\t200\t447\t428\t80.97165992\t104.4392523",
    "12\tThuỷ sản \t\"\t2700\t180\t160\t340\t300\t88.88888889\t113.3333333",
])

PROJECTS = "\n".join([
    "Sheet1",
    "\tPhụ lục: Tổng hợp tình hình giám sát, đánh giá dự án đầu tư 9 tháng/2003 (số lượng các dự án theo báo cáo)",
    "STT\tCơ quan\tTổng số\t\tTrong đó\t\tSố D.A.\tKết thúc\tSố D.A.",
    "\t\t\tDự án \t\t\tphê duyệt\ttrong kỳ\tthực hiện",
    "\t\t\tnhóm A\tnhóm B\tnhóm C\ttrong kỳ\t\tGS, ĐG",
    "1\t2\t3\t4\t5\t6\t7\t8\t9",
    "A\tCác Tỉnh, thành phố",
    "1\tAn giang\t268\t1\t33\t234\t184\t100",
    "2\tĐồng Nai (b/c quý III)\t28\t\t5\t23\t18\t10",
    "3\tNam định (không có số liệu)",
    "4\tCần Thơ\t558\t\t54\t504\t57\t312",
    "5\tBình thuận\t333\t1\t30\t322\t123\t77\t195",
    "\tTổng\t3689\t3\t368\t2985\t1580\t1156\t923",
])


def test_the_header_is_read_down_its_rows_and_the_measure_from_its_column():
    sheet, = read_sheets(EXPORTS)
    assert sheet.columns[6] == "Ư.TH 2T.2005" and sheet.columns[3] == "K.H 2005"
    rows = {row.name: row for row in sheet.rows}
    assert rows["Kim ngạch xuất khẩu"].cells[6][0] == "4078"
    assert rows["Hàng giày dép"].measure == "Tr. USD"  # the ditto mark repeats the row above
    assert rows["Dầu thô"].measure == "Ng. tấn"


def test_a_figure_is_the_cell_under_the_column_of_the_period_asked():
    for question in ("Kim ngạch xuất khẩu ước thực hiện 2 tháng đầu năm 2005 đạt bao nhiêu triệu USD?",
                     "kim ngach xuat khau 2 thang dau nam 2005 uoc dat bao nhieu"):
        cell = cells_asked(EXPORTS, question)[0]
        assert (cell.row.name, cell.text, cell.measure, cell.period) == ("Kim ngạch xuất khẩu", "4078", "Tr. USD", "2 tháng/2005")
        assert EXPORTS[cell.start:cell.end] == "4078"
    # a column of another period is never taken, whatever its words
    cell = cells_asked(EXPORTS, "Kim ngạch xuất khẩu thực hiện tháng 1/2005 là bao nhiêu?")[0]
    assert (cell.text, cell.header) == ("2178", "TH T1/2005")


def test_the_rows_a_question_lists_and_not_the_measure_before_the_list():
    question = ("Kim ngạch xuất khẩu hàng dệt may, hàng giày dép và thuỷ sản ước thực hiện tháng 2/2005 là bao nhiêu? "
                "Lập bảng so sánh.")
    cells = cells_asked(EXPORTS, question)
    assert [(c.row.name, c.text) for c in cells] == [("Hàng dệt may", "260"), ("Hàng giày dép", "200"), ("Thuỷ sản", "160")]
    assert {c.period for c in cells} == {"tháng 2/2005"}


def test_a_header_over_several_rows_and_a_period_from_the_title():
    sheet, = read_sheets(PROJECTS)
    assert sheet.columns[2] == "Tổng số" and sheet.columns[3] == "Dự án nhóm A"
    assert "hiệu quả" not in sheet.title and "9 tháng/2003" in sheet.title
    question = ("So sánh tổng số dự án đầu tư được báo cáo giám sát, đánh giá trong 9 tháng năm 2003 của An Giang, "
                "Bình Thuận và Cần Thơ")
    cells = cells_asked(PROJECTS, question)
    # "Tổng" (the total row) is a word of the question, not a row it names
    assert sorted((c.row.name, c.text, c.period) for c in cells) == [
        ("An giang", "268", "9 tháng/2003"), ("Bình thuận", "333", "9 tháng/2003"), ("Cần Thơ", "558", "9 tháng/2003")]


def test_a_row_the_question_does_not_name_gives_nothing():
    assert cells_asked(PROJECTS, "Tổng số dự án của Hà Nội trong 9 tháng/2003 là bao nhiêu?") == []
    assert cells_asked("Báo cáo tình hình\nNăm 2025 toàn tỉnh có 42 hợp tác xã.", "Có bao nhiêu hợp tác xã?") == []


IMPORTS = "\n".join([
    "Ước thực hiện nhập khẩu tháng 1 và 1 tháng năm 2005",
    "Stt\t\tĐơn vị\tK.H\tTH\tƯ.TH\tSo sánh (%)",
    "\t\ttính\t2005\tT1/2004\tT1/2005\tT1-2005/ ƯT1-2004",
    "\tTổng kim ngạch nhập khẩu\tTr. USD\t36000\t1860\t2200\t118.2795699",
    "1\tÔtô nguyên chiếc các loại\tChiếc\t24000\t914\t1200\t131.2910284",
    "3\tXe máy nguyên chiếc\tChiếc\t\t46\t100\t217.3913043",
])

SCORES = "\n".join([
    "ĐIỂM TỔNG HỢP – SỞ TƯ PHÁP",
    "STT\tNHÓM CHỈ TIÊU\tCHỈ SỐ\tĐƠN VỊ\tTỶ LỆ %\tĐIỂM ĐÁNH GIÁ",
    "1\tTổng hợp\tĐiểm chất lượng quản trị công\tSở Tư pháp  - Tỉnh Lâm Đồng\t86,12\t86,12",
    "2\tTổng hợp\tĐiểm công khai minh bạch\t\t100\t18 / 18",
])


def test_a_row_named_with_other_spacing_or_without_its_generic_tail():
    cell = cells_asked(IMPORTS, "Ước tính trong tháng 1/2005 cả nước nhập khẩu bao nhiêu chiếc ô tô nguyên chiếc?")[0]
    assert (cell.row.name, cell.text, cell.measure, cell.header) == ("Ôtô nguyên chiếc các loại", "1200", "Chiếc", "Ư.TH T1/2005")


def test_a_row_named_by_another_of_its_text_cells():
    cell = cells_asked(SCORES, "Điểm chất lượng quản trị công của Sở Tư pháp tỉnh Lâm Đồng là bao nhiêu?")[0]
    assert (cell.row.name, cell.text, cell.value) == ("Điểm chất lượng quản trị công", "86,12", 86.12)
    assert cell.measure is None  # "ĐƠN VỊ" names the body scored, not a unit of measure


def test_a_row_number_and_the_next_cell_are_no_count():
    from api.answers.figures import extract_figures

    assert extract_figures("3\tXe máy nguyên chiếc\tChiếc\t\t46\t100") == []
    assert [f.text for f in extract_figures("nhập khẩu 1.200 chiếc ô tô")] == ["1.200 chiếc"]


FDI = "\n".join([
    # the cumulative table's title holds more of the question's words than the 8-month one's
    "số dự án FDI cấp mới theo nước 1988-2005",
    "(tính tới ngày 22/8/2005 - chỉ tính các dự án còn hiệu lực)",
    "STT\tNước, vùng lãnh thổ\tSố dự án\tTVĐT",
    "1\tĐài Loan \t1363\t7642860711",
    "3\tNhật Bản \t549\t5938310674",
    "4\tHàn Quốc \t959\t4879194568",
    "Nguồn: Cục Đầu tư nước ngoài - Bộ Kế hoạch và Đầu tư",
    "Đầu tư trực tiếp nước ngoài được cấp giấy phép phân theo đối tác, 8 tháng - 2005",
    "STT\tNước, vùng lãnh thổ\tSố dự án\tTVĐT",
    "1\tĐài Loan \t95\t301000000",
    "2\tNhật Bản \t51\t120000000",
    "5\tHàn Quốc \t118\t163797103",
])


def test_the_table_of_the_period_asked_and_not_the_cumulative_one():
    question = "So sánh số dự án FDI cấp mới trong 8 tháng năm 2005 của Hàn Quốc, Đài Loan và Nhật Bản"
    assert sorted((c.row.name, c.text, c.period) for c in listed_cells(FDI, question)) == [
        ("Hàn Quốc", "118", "8 tháng - 2005"), ("Nhật Bản", "51", "8 tháng - 2005"), ("Đài Loan", "95", "8 tháng - 2005")]
    # a year inside the cumulative table's span is that table's: "tính đến 22/8/2005"
    cell = cells_asked(FDI, "Tính đến ngày 22/8/2005, Hàn Quốc có bao nhiêu dự án còn hiệu lực?")[0]
    assert cell.text == "959"


def test_a_listed_row_by_its_head_or_one_syllable_and_no_abbreviation_read_into_a_word():
    question = "Ước kim ngạch nhập khẩu tháng 1/2005 của máy móc thiết bị, vải và nguyên phụ liệu dệt may da là bao nhiêu?"
    table = "\n".join(IMPORTS.split("\n")[:3] + ["11\tMáy móc thiết bị, phụ tùng\tTr. USD\t5800\t249\t300\t120.48",
                                                "15\tVải\tTr. USD\t2200\t112\t130\t116.07",
                                                "16\tNguyên phụ liệu dệt may da \tTr. USD\t2400\t130\t150\t115.38"])
    assert [(c.row.name, c.text) for c in listed_cells(table, question)] == [
        ("Máy móc thiết bị, phụ tùng", "300"), ("Vải", "130"), ("Nguyên phụ liệu dệt may da", "150")]
    assert name_key("dệt may da") == "det may da" and name_key("Số D.A.") == "so du an"


def test_a_listed_row_whose_comma_the_question_writes_as_and():
    question = ("Kim ngạch xuất khẩu hàng điện tử, máy vi tính và linh kiện, sản phẩm gỗ trong tháng 2/2005 "
                "là bao nhiêu?")
    table = "\n".join(EXPORTS.split("\n")[:5] + ["5\tHàng điện tử\t\"\t520\t9\t12\t21\t17\t133.3\t123.5",
                                                 "6\tMáy vi tính, linh kiện\t\"\t880\t61\t70\t131\t102\t114.8\t128.4",
                                                 "11\tSản phẩm gỗ\t\"\t1450\t93\t85\t178\t140\t91.4\t127.1"])
    assert [(c.row.name, c.text) for c in listed_cells(table, question)] == [
        ("Hàng điện tử", "12"), ("Máy vi tính, linh kiện", "70"), ("Sản phẩm gỗ", "85")]


def test_periods_asked_in_words_or_figures():
    assert asked_periods("ước thực hiện tháng 1 năm 2005") == {"tháng 1/2005"}
    assert asked_periods("trong 2 tháng đầu năm 2005 và năm 2004") == {"2 tháng/2005", "2004"}


def test_a_line_break_inside_a_cell_keeps_its_row_on_one_line(tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    from indexer.extraction.loading.spreadsheet import read_xlsx

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Stt", "Mặt hàng", "Ư.TH\nT1/2005", "So sánh (%)\nT1-2005/\nT1-2004"])
    sheet.append([3, "Hàng dệt may", 300, 112.3595506])
    path = tmp_path / "xuat-khau.xlsx"
    workbook.save(path)
    rows = ["".join(run.text for run in block.runs) for block in read_xlsx(path).blocks]
    assert rows == ["Stt\tMặt hàng\tƯ.TH T1/2005\tSo sánh (%) T1-2005/ T1-2004", "3\tHàng dệt may\t300\t112.3595506"]


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    openpyxl = pytest.importorskip("openpyxl")
    from indexer.store.reader import open_reader
    from indexer.update import IndexSettings, update_index

    root = tmp_path_factory.mktemp("sheets")
    folder = root / "files"
    folder.mkdir()
    budgets = {f"can-doi-ngan-sach-{year}.xlsx": "\n".join([
        "\tTHÀNH PHỐ HỒ CHÍ MINH", "\tUBND HUYỆN CẦN GIỜ", f"\tCÂN ĐỐI {stage} NGÂN SÁCH HUYỆN NĂM {year}",
        "\t\tĐVT : 1000 đồng", f"\t\t{stage}", f"STT\tNỘI DUNG\tNĂM {year}",
        f"A\tTổng thu NSNN trên địa bàn\t{total}", f"1\tThu nội địa\t{total - 248175}"])
        for year, stage, total in ((2004, "QUYẾT TOÁN", 15237170), (2006, "DỰ TOÁN", 12730000))}
    for name, table in {"xuat-khau-2-2005.xlsx": EXPORTS, "giam-sat-9-thang-2003.xlsx": PROJECTS, **budgets}.items():
        workbook = openpyxl.Workbook()
        for line in table.split("\n"):
            workbook.active.append([float(c) if c.replace(".", "", 1).isdigit() else (c or None) for c in line.split("\t")])
        workbook.save(folder / name)
    (folder / "bao-cao.txt").write_text(
        "ỦY BAN NHÂN DÂN TỈNH CẦN THƠ\n\nBÁO CÁO\nCông tác giám sát, đánh giá đầu tư năm 2003\n\n"
        "Trong 9 tháng năm 2003, tỉnh đã giám sát, đánh giá 40 dự án đầu tư.\n", encoding="utf-8")
    report = update_index([folder], root / "index", IndexSettings(embed=False))
    assert not report.failed, report.failed
    return open_reader(root / "index")


def _ask(reader, question: str) -> dict:
    from api.answers import AskRequest, Asker

    return Asker(reader).ask(AskRequest(question)).to_json()


def test_a_figure_question_is_answered_from_the_cell(reader):
    answer = _ask(reader, "Kim ngạch xuất khẩu ước thực hiện 2 tháng đầu năm 2005 đạt bao nhiêu triệu USD?")
    assert answer["type"] == "figure"
    assert (answer["figure"]["value"], answer["figure"]["column"]) == (4078, "Ư.TH 2T.2005")
    assert "dòng “Kim ngạch xuất khẩu”, cột “Ư.TH 2T.2005”" in answer["answer"]


def test_a_comparison_of_listed_rows_is_the_table_s_column(reader):
    answer = _ask(reader, "So sánh tổng số dự án đầu tư được báo cáo giám sát, đánh giá trong 9 tháng năm 2003 "
                          "của An Giang, Bình Thuận và Cần Thơ")
    assert answer["type"] == "figures_across"
    rows = {(r["unit"], r["period"], r["value"]) for r in answer["table"]["rows"]}
    assert rows == {("An giang", "9 tháng/2003", 268), ("Bình thuận", "9 tháng/2003", 333), ("Cần Thơ", "9 tháng/2003", 558)}


def test_one_row_compared_over_the_periods_of_several_tables(reader):
    answer = _ask(reader, "Lập bảng so sánh tổng thu ngân sách nhà nước trên địa bàn huyện Cần Giờ theo quyết toán "
                          "năm 2004 và dự toán năm 2006")
    assert answer["type"] == "figures_across"
    rows = sorted((r["period"], r["value"], r["measure"]) for r in answer["table"]["rows"])
    assert rows == [("2004", 15237170, "1000 đồng"), ("2006", 12730000, "1000 đồng")]
    assert all("Cần Giờ" in r["unit"] for r in answer["table"]["rows"])  # each row the document's own unit


# One unit's score sheet of the November 2025 meeting on the 766 indexes: the unit is named once,
# in the first row's "ĐƠN VỊ" cell (merged down the table in Word), the group in every row.
SCORE_SHEET = "\n".join([
    "ĐIỂM TỔNG HỢP – SỞ TÀI CHÍNH",
    "STT\tNHÓM CHỈ TIÊU\tCHỈ SỐ\tĐƠN VỊ\tTỶ LỆ %\tĐIỂM ĐÁNH GIÁ",
    "1\tTổng hợp\tĐiểm chất lượng quản trị công\tSở Tài chính - Tỉnh Lâm Đồng\t78,62\t78,62 / 100",
    "2\tTổng hợp\tĐiểm công khai minh bạch\t\t100\t18/18",
    "5\tTổng hợp\tĐiểm số hóa hồ sơ\t\t40,09\t8,8 / 22",
    "6\tTổng hợp\tĐiểm tiến độ giải quyết\t\t85,55\t17,1 / 20",
    "",
    "STT\tNHÓM CHỈ TIÊU\tCHỈ SỐ\tĐƠN VỊ\tTỶ LỆ %\tĐIỂM ĐÁNH GIÁ",
    "1\tThanh toán trực tuyến\tTỷ lệ TTHC có yêu cầu nghĩa vụ tài chính được tích hợp để người dân có thể thanh toán trực "
    "tuyến trên Cổng Dịch vụ công quốc gia\tSở Tài chính - Tỉnh Lâm Đồng\t100\t2",
    "2\tThanh toán trực tuyến\tTỷ lệ hồ sơ thanh toán trực tuyến\t\t49,83\t2,99",
    "3\tThanh toán trực tuyến\tTỷ lệ thủ tục hành chính có giao dịch thanh toán trực tuyến\t\t100\t2",
])


def test_a_cell_merged_down_the_table_names_the_table_not_its_first_row():
    sheets = read_sheets(SCORE_SHEET)
    assert [s.shared for s in sheets] == [["Sở Tài chính - Tỉnh Lâm Đồng"], ["Sở Tài chính - Tỉnh Lâm Đồng"]]
    # every row repeats "Thanh toán trực tuyến"; the row whose own cell the question writes at length comes first
    cell = cells_asked(SCORE_SHEET, "Tỷ lệ hồ sơ thanh toán trực tuyến của Sở Tài chính đạt bao nhiêu phần trăm?")[0]
    assert (cell.row.name, cell.text, cell.header) == ("Tỷ lệ hồ sơ thanh toán trực tuyến", "49,83", "TỶ LỆ %")


def test_a_row_named_without_the_measure_its_label_opens_with():
    cell = cells_asked(SCORE_SHEET, "Sở Tài chính đạt bao nhiêu phần trăm ở tiêu chí tiến độ giải quyết hồ sơ?")[0]
    assert (cell.row.name, cell.text) == ("Điểm tiến độ giải quyết", "85,55")
    # two syllables left after the measure name nothing: "Điểm số hóa hồ sơ" is not "hồ sơ"
    assert all(c.row.name != "Điểm số hóa hồ sơ" for c in cells_asked(SCORE_SHEET, "bao nhiêu phần trăm hồ sơ đúng hạn"))


# Bình Dương's list of industrial zones: the rate is written with its sign in the cell.
ZONES = "\n".join([
    "DANH SÁCH CÁC KHU CÔNG NGHIỆP TỈNH BÌNH DƯƠNG",
    "STT\tTên KCN\tĐịa điểm\tDiện tích (ha)\tTỷ lệ diện tích đã phủ kín",
    "6\tBình Đường\tXã An Bình, huyện Dĩ An\t16,5\t84%",
    "7\tĐồng An\tXã Bình Hòa, huyện Thuận An\t132,3\t93%",
    "8\tViệt Hương\tXã Thuận Giao, huyện Thuận An\t46\t43%",
])


def test_a_rate_written_with_its_sign_and_a_row_named_with_its_accents():
    cell = cells_asked(ZONES, "Khu công nghiệp Việt Hương ở Bình Dương đã phủ kín bao nhiêu phần trăm diện tích?")[0]
    assert (cell.row.name, cell.text, cell.value, cell.measure) == ("Việt Hương", "43%", 43, "%")
    # "Bình Dương" folds as "Bình Đường" does; typed with accents it is not that row
    assert [c.row.name for c in cells_asked(ZONES, "Khu công nghiệp ở Bình Dương phủ kín bao nhiêu phần trăm?")] == []


# A PDF's text layer, as the archive's appendices of 2025 scores are read: no tabs, rows run
# together on a line, the column heads on lines of their own, the table going on after a page
# break under its heads written again, and a second part for the communes.
APPENDIX = "\n".join([
    "Phụ lục III",
    "KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH THỦ TỤC HÀNH CHÍNH NĂM 2025",
    "I. ĐỐI VỚI CẤP SỞ",
    "Điểm chuẩn tối đa",
    "Điểm tự đánh giá",
    "Điểm thẩm định Chỉ số",
    "1 Sở Công thương 15,00 15,00 15,00 100,00%",
    "2 Sở Tư pháp 15,00 14,50 14,25 95,00% 3 Sở Y tế 15,00 14,00 14,00 93,33%",
    "4 Thanh tra tỉnh 13,50 12,50 9,50 70,37%",
    "",
    "Điểm chuẩn tối đa",
    "Điểm tự đánh giá",
    "Điểm thẩm định Chỉ số",
    "5 Sở Ngoại vụ 15,00 8,00 8,00 53,33%",
    "Chỉ số cao nhất 100,00%",
    "Chỉ số trung bình 82,41%",
    "II. ĐỐI VỚI CẤP XÃ",
    "Điểm chuẩn tối đa",
    "Điểm tự đánh giá",
    "Điểm thẩm định Chỉ số",
    "1 UBND phường 1 Bảo Lộc 12,00 12,00 12,00 100,00% 2 UBND xã Đam Rông 3 12,00 11,00 11,00 91,67%",
    "3 UBND xã Tà Hine 12,00 9,25 4,75 39,58%",
    "Chỉ số trung bình 77,08%",
])


def test_a_table_without_tabs_is_read_row_by_row_under_its_heads():
    from api.answers.flat_sheets import read_flat_sheets
    offices, communes = read_flat_sheets(APPENDIX)
    assert offices.columns == {0: "Điểm chuẩn tối đa", 1: "Điểm tự đánh giá", 2: "Điểm thẩm định", 3: "Chỉ số"}
    rows = {row.name: row for row in offices.rows}
    # two rows on one line, and the row after the page break, in the same table
    assert list(rows) == ["Sở Công thương", "Sở Tư pháp", "Sở Y tế", "Thanh tra tỉnh", "Sở Ngoại vụ",
                          "Chỉ số cao nhất", "Chỉ số trung bình"]
    assert {c: text for c, (text, _s, _e) in rows["Sở Y tế"].cells.items()} == {0: "15,00", 1: "14,00", 2: "14,00", 3: "93,33%"}
    assert list(rows["Chỉ số trung bình"].cells) == [3]  # a summary row's figure is under the last head
    start, end = rows["Thanh tra tỉnh"].cells[3][1:]
    assert APPENDIX[start:end] == "70,37%"
    # a number inside a name is the name's ("phường 1", "Đam Rông 3"), and the second part keeps the caption
    assert [row.name for row in communes.rows][:3] == ["UBND phường 1 Bảo Lộc", "UBND xã Đam Rông 3", "UBND xã Tà Hine"]
    assert "THỦ TỤC HÀNH CHÍNH" in communes.title and "CẤP XÃ" in communes.title


def test_a_rate_asked_of_a_row_of_the_flat_table_and_the_part_the_question_names():
    cell = cells_asked(APPENDIX, "Chỉ số cải cách thủ tục hành chính năm 2025 của Thanh tra tỉnh đạt bao nhiêu phần trăm?")[0]
    assert (cell.row.name, cell.text, cell.header) == ("Thanh tra tỉnh", "70,37%", "Chỉ số")
    cell = cells_asked(APPENDIX, "Chỉ số trung bình của các sở về cải cách thủ tục hành chính năm 2025 là bao nhiêu?")[0]
    assert cell.text == "82,41%"
    cell = cells_asked(APPENDIX, "Chỉ số trung bình của cấp xã về cải cách thủ tục hành chính năm 2025 là bao nhiêu?")[0]
    assert cell.text == "77,08%"


def test_prose_with_numbers_is_no_table():
    from api.answers.flat_sheets import read_flat_sheets
    prose = "\n".join(["1 Tổng số hồ sơ tiếp nhận 1.250 hồ sơ trong năm", "Kết quả: 3 xã đạt 100% chỉ tiêu.",
                       "2 Đã giải quyết 1.200 hồ sơ, đạt tỷ lệ 96%"])
    assert read_flat_sheets(prose) == []


# The statistics form at the end of a 2025 report on administrative reform (a Word table): the
# measure column under a merged head, a coded yes/no row, rows numbered under rows.
FORM = "\n".join([
    "Biểu mẫu 3",
    "Cải cách thủ tục hành chính",
    "",
    "STT\tChỉ tiêu thống kê\tKết quả thống kê\t\tGhi chú",
    "\t\tĐơn vị tính\tSố liệu",
    "1.\tKhảo sát sự hài lòng của người dân, tổ chức\tCó = 1; Không = 0\t1",
    "1.1.\tSố lượng phiếu khảo sát\tSố lượng\t18.305",
    "2.\tTổng số TTHC thuộc thẩm quyền giải quyết tại địa phương\tThủ tục\t2.104",
    "2.1.\tSố TTHC cấp tỉnh\tThủ tục\t1.730",
    "3.\tTỷ lệ hoàn thành Kế hoạch CCHC năm\t%\t100",
])


def test_a_form_s_measure_column_coded_rows_and_rows_under_rows():
    sheet, = read_sheets(FORM)
    rows = {row.name: row for row in sheet.rows}
    assert rows["Số TTHC cấp tỉnh"].measure == "Thủ tục" and rows["Số TTHC cấp tỉnh"].names == ["Số TTHC cấp tỉnh"]
    assert rows["Khảo sát sự hài lòng của người dân, tổ chức"].coded
    assert rows["Số lượng phiếu khảo sát"].parent == "Khảo sát sự hài lòng của người dân, tổ chức"
    # the coded row is no figure: the count of forms under it is
    cell = cells_asked(FORM, "Năm 2025 phát ra bao nhiêu phiếu khảo sát sự hài lòng của người dân, tổ chức?")[0]
    assert (cell.row.name, cell.value) == ("Số lượng phiếu khảo sát", 18305)


def test_a_row_named_in_other_words_and_not_a_row_sharing_only_some_of_them():
    cell = cells_asked(FORM, "Tổng số thủ tục hành chính thuộc thẩm quyền giải quyết trên địa bàn tỉnh năm 2025 là bao nhiêu?")[0]
    assert (cell.row.name, cell.value) == ("Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương", 2104)
    # "tỷ lệ … kế hoạch cải cách hành chính năm" is most of the row, but the question asks about signed documents
    assert cells_asked(FORM, "Kế hoạch cải cách hành chính năm 2026 đặt chỉ tiêu tỷ lệ văn bản được ký số là bao nhiêu?") == []


def test_a_flat_table_without_its_heads_is_left_to_the_sentences():
    from api.answers.flat_sheets import read_flat_sheets
    headless = APPENDIX.replace("Điểm chuẩn tối đa\nĐiểm tự đánh giá\nĐiểm thẩm định Chỉ số\n", "")
    assert read_flat_sheets(headless) == []


def test_communes_listed_without_their_committee_name_their_rows_and_rates_are_not_added():
    question = ("Chỉ số cải cách thủ tục hành chính năm 2025 của UBND phường 1 Bảo Lộc, xã Đam Rông 3 và xã Tà Hine "
                "là bao nhiêu?")
    cells = listed_cells(APPENDIX, question)
    assert [(c.row.name, c.written, c.kind) for c in cells] == [
        ("UBND phường 1 Bảo Lộc", "100,00%", "percent"), ("UBND xã Đam Rông 3", "91,67%", "percent"),
        ("UBND xã Tà Hine", "39,58%", "percent")]


def test_a_name_holding_a_cue_word_with_a_capital_is_one_name():
    from api.answers.compared import compared_names
    names = compared_names("Chỉ số năm 2025 của UBND xã Hải Ninh, phường Xuân Trường - Đà Lạt và phường B’Lao là bao nhiêu?")
    assert [n.name for n in names] == ["UBND xã Hải Ninh", "phường Xuân Trường - Đà Lạt", "phường B’Lao"]


INVESTMENT_LIST = "\n".join([
    "Danh mục dự án gọi vốn đầu tư nước ngoài tỉnh lạng sơn",
    "\t\t\t\t Đơn vị: USD",
    "STT\tTên dự án\tĐịa điểm\tQuy mô\tTổng vốn đầu tư dự tính\tHình thức đầu tư",
    "1\tThăm dò và khai thác vàng\tTỉnh Lạng Sơn\tTrữ lượng ước tính 30 tấn Au\t5900000\tLiên doanh",
    "2\tKhai thác, chế biến khoáng sản;\tHuyện Cao Lộc\t60.000 tấn quặng/năm\t2500000\tLiên doanh",
    "\tsản xuất phân vi sinh\t\t5.000 tấn phân/năm",
    "4\tNhà máy sản xuất\tHuyện Chi Lăng\t1,4 triệu tấn/năm\t265000000\tLiên doanh",
    "\txi măng lò quay",
    "6\tNhà máy sản xuất tinh dầu hồi\tThành phố Lạng Sơn\tCông suất 1000 tấn/năm\t2500000\tLiên doanh hoặc",
    "\t\t\t\t\t100% vốn nước ngoài",
    "8\tXí nghiệp sản xuất giầy xuất khẩu\tHuyện Cao Lộc\t1,5 triệu đôi/năm\t2500000\tLiên doanh hoặc",
    "\tTrong đó:",
])


def test_a_row_name_wrapped_onto_the_next_line_is_one_name():
    rows = read_sheets(INVESTMENT_LIST)[0].rows
    assert [r.names[0] for r in rows] == ["Thăm dò và khai thác vàng", "Khai thác, chế biến khoáng sản; sản xuất phân vi sinh",
                                          "Nhà máy sản xuất xi măng lò quay", "Nhà máy sản xuất tinh dầu hồi",
                                          "Xí nghiệp sản xuất giầy xuất khẩu"]  # "Trong đó:" opens a group: no part of a name
    assert rows[1].names[2] == "60.000 tấn quặng/năm 5.000 tấn phân/năm"


def test_a_row_named_by_what_the_question_says_beyond_the_title_and_heads():
    asked = ("Dự án nhà máy xi măng lò quay ở huyện Chi Lăng trong danh mục gọi vốn đầu tư nước ngoài của tỉnh Lạng Sơn "
             "có tổng vốn đầu tư dự tính bao nhiêu?")
    assert [(c.row.name, c.text, c.written) for c in cells_asked(INVESTMENT_LIST, asked)] == \
        [("Nhà máy sản xuất xi măng lò quay", "265000000", "265000000 USD")]
    unaccented = "du an khai thac vang o lang son goi von nuoc ngoai tong von du tinh bao nhieu usd"
    assert [c.text for c in cells_asked(INVESTMENT_LIST, unaccented)] == ["5900000"]
    # "nhà máy" alone is two rows' words: no row is named
    assert cells_asked(INVESTMENT_LIST, "Nhà máy trong danh mục gọi vốn đầu tư nước ngoài có tổng vốn dự tính bao nhiêu?") == []


TAX_RATES = "\n".join([
    "Điều 7. Thuế suất",
    "BIểu thuế tiêu thụ đặc biệt",
    "",
    "                              STT\tHàng hóa, dịch vụ\tThuế suất (%)",
    "I-\tHàng hóa",
    "1.\tThuốc lá điếu, xì gà",
    "\ta) Thuốc lá điếu có đầu lọc sản xuất chủ yếu bằng nguyên liệu nhập khẩu, xì gà\t65",
    "\tc) Thuốc lá điếu không có đầu lọc\t25",
    "4.\tÔ tô",
    "\ta) Ô tô từ 5 chỗ ngồi trở xuống\t100",
    "\tb) Ô tô từ 6 đến 15 chỗ ngồi\t60",
])


def test_a_row_is_named_without_its_list_marker_and_a_rate_column_gives_percentages():
    """The law's rate table (viparse 2004-A40): "a) Ô tô từ 5 chỗ ngồi trở xuống | 100" under "Thuế suất (%)"."""
    cell = cells_asked(TAX_RATES, "Theo Luật thuế tiêu thụ đặc biệt, ô tô từ 5 chỗ ngồi trở xuống chịu thuế suất "
                                  "bao nhiêu phần trăm?")[0]
    assert (cell.row.label, cell.value, cell.written, cell.kind) == ("a) Ô tô từ 5 chỗ ngồi trở xuống", 100, "100%", "percent")


# The 2006 investment list of Hồ Chí Minh City (2007-bkqd1412006.dot.xls), as the reader extracts it
INVESTMENTS = "\n".join([
    "DANH MỤC DỰ ÁN ĐẦU TƯ NĂM 2006",
    "\t\t\t\t\t\t\t\t\t Đơn vị tính: Triệu đồng",
    "Stt\tTên công trình, dự án \tChủ đầu tư \t\tĐịa điểm  thực hiện\t\tThời gian KC-HT \tNăng lực thiết kế \t\t\t"
    "Tổng vốn đầu tư \tKế hoạch năm 2006 đã giao\tKế hoạch điều chỉnh\tGhi chú",
    "\tChương trình đầu tư cho giáo dục - đào tạo\t\t\t\t\t\t\t\t\t180420\t44662\t-28270",
    "2\tXây dựng mở rộng Trường Trung học phổ thông Hùng Vương\tBan Quản lý Dự án đầu tư xây dựng công trình quận 5\t\t"
    "Quận 5\t\t2003 - 2006\tSửa chữa 36 phòng, xây mới các phòng chức năng\t\t\t11532\t5484\t-2684",
    "3\tXây dựng Trường Trung học cơ sở Phan Bội Châu\tBan Quản lý Dự án khu vực quận 12\t\tQuận 12\t\t2003 - 2006\t"
    "40 phòng học\t\t\t15994\t1939\t-1000",
    "4\tXây dựng Trường Trung học phổ thông Phú Hòa Đông\tBan Quản lý Dự án Khu vực đầu tư xây dựng huyện Củ Chi\t\t"
    "Huyện Củ Chi\t\t2003 - 2006\t36 phòng và khối phụ\t\t\t16527\t2603\t-2250",
    "5\tXây dựng Trường Trung học phổ thông Tân Thông Hội\tBan Quản lý Dự án Khu vực đầu tư xây dựng huyện Củ Chi\t\t"
    "Huyện Củ Chi\t\t2003 - 2006\t24 phòng học\t\t\t23368\t3367\t-1200",
])


def test_a_project_row_is_named_by_what_it_builds_and_its_money_is_in_dong():
    question = ("Tổng vốn đầu tư của các dự án xây dựng mở rộng Trường Trung học phổ thông Hùng Vương, xây dựng Trường "
                "Trung học phổ thông Phú Hòa Đông và Trường Trung học phổ thông Tân Thông Hội là bao nhiêu?")
    cells = listed_cells(INVESTMENTS, question)
    assert [(c.row.name, c.text) for c in cells] == [
        ("Xây dựng mở rộng Trường Trung học phổ thông Hùng Vương", "11532"),
        ("Xây dựng Trường Trung học phổ thông Phú Hòa Đông", "16527"),
        ("Xây dựng Trường Trung học phổ thông Tân Thông Hội", "23368")]  # named without its "Xây dựng"
    assert cells[0].kind == "money" and cells[0].amount == (11532e6, "đồng")


# The commune part of a flat appendix with a blank line under its heads, and two communes whose
# names differ by a number only; the document's title wraps, so the part's ("II. ĐỐI VỚI CẤP XÃ" under
# the caption's first line) has no year.
COMMUNES = "\n".join([
    "Phụ lục V",
    "KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH",
    "CHẾ ĐỘ CÔNG VỤ NĂM 2025",
    "I. ĐỐI VỚI CẤP SỞ",
    "Điểm chuẩn tối đa",
    "Điểm tự đánh giá",
    "Điểm thẩm định",
    "Chỉ số",
    "1 Sở Công thương 7,50 7,50 7,50 100,00%",
    "2 Sở Tư pháp 7,50 7,00 7,50 100,00% 3 Sở Y tế 8,00 8,00 6,00 75,00%",
    "Chỉ số trung bình 91,67%",
    "",
    "II. ĐỐI VỚI CẤP XÃ",
    "",
    "Điểm chuẩn tối đa",
    "Điểm tự đánh giá",
    "Điểm thẩm định",
    "Chỉ số",
    "",
    "1 UBND phường 1 Bảo Lộc 8,00 9,00 8,00 100,00%",
    "2 UBND xã Đạ Huoai 8,00 9,00 7,00 87,50% 3 UBND xã Tà Hine 8,00 8,00 7,00 87,50%",
    "4 UBND xã Cư Jút 8,00 9,00 5,00 62,50%",
    "5 UBND xã Đạ Huoai 2 8,00 8,00 6,50 81,25%",
    "Chỉ số trung bình 83,75%",
])


def test_a_blank_line_under_the_heads_and_a_row_named_with_a_number_after_another_s_name(tmp_path):
    from api.answers import AskRequest, Asker
    from api.answers.flat_sheets import read_flat_sheets
    from tests.conftest import lexical_archive

    _offices, communes = read_flat_sheets(COMMUNES)
    assert communes.columns[3] == "Chỉ số" and len(communes.rows) == 6
    question = "Chỉ số cải cách chế độ công vụ năm 2025 của UBND phường 1 Bảo Lộc, UBND xã Đạ Huoai 2 và UBND xã Cư Jút là bao nhiêu?"
    assert [(c.row.name, c.text) for c in listed_cells(COMMUNES, question)] == [
        ("UBND phường 1 Bảo Lộc", "100,00%"), ("UBND xã Cư Jút", "62,50%"), ("UBND xã Đạ Huoai 2", "81,25%")]
    table = Asker(lexical_archive(tmp_path, {"phu_luc_v.txt": COMMUNES})).ask(AskRequest(question)).to_json()["table"]
    # the cells stand under no dated head: the year is the one the appendix's title reports on
    assert {(row["unit"], row["period"], row["value"]) for row in table["rows"]} == {
        ("UBND phường 1 Bảo Lộc", "2025", 100.0), ("UBND xã Đạ Huoai 2", "2025", 81.25), ("UBND xã Cư Jút", "2025", 62.5)}


def test_listed_rows_written_with_other_spacing_inside_a_word():
    sheet = "\n".join([
        "Đầu tư nước ngoài theo ngành 1988-2005 (dự án còn hiệu lực)",
        "STT\tNgành\tSố dự án\tTổng vốn đầu tư (USD)",
        "1\tGTVT-Bưu điện\t88\t1469011295",
        "2\tVăn hóa-Ytế-Giáo dục\t127\t424769672",
        "3\tXD Văn phòng-Căn hộ\t66\t1113520350",
        "4\tNông-Lâm nghiệp\t210\t980331200",
    ])
    question = ("Theo số liệu đầu tư nước ngoài theo ngành 1988-2005, các ngành GTVT - Bưu điện, Văn hóa - Y tế - Giáo dục "
                "và XD Văn phòng - Căn hộ mỗi ngành có bao nhiêu dự án?")
    assert [(c.row.name, c.text) for c in listed_cells(sheet, question)] == [
        ("GTVT-Bưu điện", "88"), ("Văn hóa-Ytế-Giáo dục", "127"), ("XD Văn phòng-Căn hộ", "66")]
