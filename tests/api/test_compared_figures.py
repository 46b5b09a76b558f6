"""A figures-across question that names what it compares gets one row per name, whoever issued
the documents (api/answers/compared.py, figures_across._compared_answer)."""

from __future__ import annotations

import pytest

from api.answers.compared import compared_names
from api.answers.evidence import words_in_one_sentence
from api.answers.figures import wanted_figure
from api.answers.figures_across import answer_figures_across, wanted_measure
from api.answers.questions import parse_question


@pytest.mark.parametrize("question, names", [
    ("So sánh số lượng Ban Chấp hành dự kiến sau sáp nhập của Liên đoàn Taekwondo, Liên đoàn Karate và Hội Điều dưỡng "
     "tỉnh Lâm Đồng", ["Liên đoàn Taekwondo tỉnh Lâm Đồng", "Liên đoàn Karate tỉnh Lâm Đồng", "Hội Điều dưỡng tỉnh Lâm Đồng"]),
    ("So sánh Chỉ số cải cách hành chính năm 2025 của Sở Tư pháp, Sở Y tế và Sở Ngoại vụ tỉnh Lâm Đồng",
     ["Sở Tư pháp tỉnh Lâm Đồng", "Sở Y tế tỉnh Lâm Đồng", "Sở Ngoại vụ tỉnh Lâm Đồng"]),  # "Tư" is no "từ"
    ("Lập bảng so sánh số thành viên Ban Chấp hành của Hội Nữ doanh nhân và Hiệp hội Vận tải ô tô tỉnh Bình Thuận "
     "nhiệm kỳ 2025 - 2030", ["Hội Nữ doanh nhân tỉnh Bình Thuận", "Hiệp hội Vận tải ô tô tỉnh Bình Thuận"]),
    ("So sánh Hà Nội, Hải Phòng, TP. Hồ Chí Minh và Lâm Đồng", ["Hà Nội", "Hải Phòng", "TP. Hồ Chí Minh", "Lâm Đồng"]),
    # "của Sở Nội vụ, Ban Chấp hành dự kiến" has no closing "và": the enumeration is the later one
    ("Theo các tờ trình của Sở Nội vụ, Ban Chấp hành dự kiến của Liên đoàn Yoga, Liên đoàn Võ thuật cổ truyền và "
     "Liên đoàn Bóng bàn tỉnh Lâm Đồng sau sáp nhập là bao nhiêu người?",
     ["Liên đoàn Yoga tỉnh Lâm Đồng", "Liên đoàn Võ thuật cổ truyền tỉnh Lâm Đồng", "Liên đoàn Bóng bàn tỉnh Lâm Đồng"]),
    ("Mỗi đơn vị đã vận động được bao nhiêu cho Quỹ Vì người nghèo qua các năm?", []),
    # a lowercase "phường Hải Dương" is no name: the comparison of two reports' issuing units stays as it was
    ("So sánh kết quả vận động 'Vì người nghèo' của Ủy ban MTTQ tỉnh Hải Dương (báo cáo năm 2019) và của phường Hải Dương "
     "năm 2025", []),
    ("So sánh số thủ tục hành chính của tỉnh Lâm Đồng năm 2025 và quý I năm 2026", []),
    # a commune's or ward's name follows its kind, in lower case
    ("Lập bảng Chỉ số cải cách hành chính năm 2025 của UBND xã Tuyên Quang, phường Mũi Né và xã Lạc Dương.",
     ["UBND xã Tuyên Quang", "phường Mũi Né", "xã Lạc Dương"]),
    ("Số hội viên của các xã, phường và đặc khu là bao nhiêu?", []),
    # an organ's name holds commas and "và": the list's items open with the organs' kinds
    ("Lập bảng chỉ số cải cách chế độ công vụ năm 2025 của Sở Ngoại vụ, Sở Văn hoá, Thể thao và Du lịch và Sở Giáo dục "
     "và Đào tạo.", ["Sở Ngoại vụ", "Sở Văn hoá, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo"]),
    # "so với cùng kỳ" ends the list
    ("Giá trị sản xuất công nghiệp hai tháng đầu năm 2007 của Vĩnh Phúc, Đồng Nai và Bình Dương so với cùng kỳ tăng "
     "bao nhiêu?", ["Vĩnh Phúc", "Đồng Nai", "Bình Dương"]),
    # the common noun before the names ("các dự án xây dựng …") is no part of them
    ("Tổng vốn đầu tư của các dự án xây dựng mở rộng Trường THPT Hùng Vương, xây dựng Trường THPT Phú Hòa Đông và "
     "Trường THPT Tân Thông Hội là bao nhiêu?",
     ["Trường THPT Hùng Vương", "Trường THPT Phú Hòa Đông", "Trường THPT Tân Thông Hội"]),
    # an aside in brackets after a name, and "và của" before the next
    ("Theo các tờ trình của Sở Nội vụ năm 2025, Hội đồng quản lý dự kiến của Quỹ Khuyến học tỉnh Lâm Đồng (sau hợp nhất) "
     "và của Quỹ hoạt động nhân đạo Chữ thập đỏ tỉnh Lâm Đồng (sau sáp nhập) có bao nhiêu Phó Chủ tịch?",
     ["Quỹ Khuyến học tỉnh Lâm Đồng", "Quỹ hoạt động nhân đạo Chữ thập đỏ tỉnh Lâm Đồng"]),
    # ", mỗi tổ chức" after the list asks for each: no part of the last name
    ("Theo Điều lệ (sửa đổi, bổ sung) năm 2025 của Hiệp hội Doanh nghiệp, Hiệp hội Vận tải ô tô và Hội Nữ Doanh nhân tỉnh "
     "Bình Thuận, mỗi tổ chức có bao nhiêu Phó Chủ tịch?",
     ["Hiệp hội Doanh nghiệp tỉnh Bình Thuận", "Hiệp hội Vận tải ô tô tỉnh Bình Thuận", "Hội Nữ Doanh nhân tỉnh Bình Thuận"]),
    # each name with its own place; what follows the last name after a comma is the rest of the question
    ("Theo Điều lệ năm 2025 của Hiệp hội Nước mắm Phan Thiết tỉnh Lâm Đồng, Hiệp hội Doanh nghiệp tỉnh Lâm Đồng và Hiệp hội "
     "Thanh long Bình Thuận tỉnh Lâm Đồng, số ủy viên Ban Chấp hành được bầu bổ sung không được vượt quá bao nhiêu phần trăm?",
     ["Hiệp hội Nước mắm Phan Thiết tỉnh Lâm Đồng", "Hiệp hội Doanh nghiệp tỉnh Lâm Đồng",
      "Hiệp hội Thanh long Bình Thuận tỉnh Lâm Đồng"]),
    ("Theo Điều lệ (2025) của Hiệp hội Thể thao giải trí và dưới nước, Hội Golf và Hiệp hội Nước mắm Phan Thiết tỉnh Lâm "
     "Đồng, Ban Chấp hành mỗi năm họp ít nhất mấy lần?",
     ["Hiệp hội Thể thao giải trí và dưới nước tỉnh Lâm Đồng", "Hội Golf tỉnh Lâm Đồng",
      "Hiệp hội Nước mắm Phan Thiết tỉnh Lâm Đồng"]),
])
def test_the_names_a_question_compares(question, names):
    assert [c.full for c in compared_names(question)] == names


def test_a_figure_of_several_named_things_is_a_table():
    assert parse_question("Tốc độ tăng giá trị sản xuất công nghiệp hai tháng đầu năm 2007 của Vĩnh Phúc, Đồng Nai và "
                          "Bình Dương so với cùng kỳ là bao nhiêu?").type == "figures_across"
    assert parse_question("Hai tháng đầu năm 2007, sản lượng xi măng cả nước đạt bao nhiêu?").type == "figure"


def test_money_is_asked_by_accented_words():
    assert wanted_figure("Lập bảng số phản ánh, kiến nghị về quy định thủ tục hành chính") == (None, None)  # "quy định", not "quỹ"
    assert wanted_figure("Quỹ Vì người nghèo vận động được bao nhiêu?") == ("money", "đồng")
    assert wanted_figure("quy vi nguoi ngheo van dong duoc bao nhieu") == ("money", "đồng")  # typed without accents


def test_the_noun_counted_after_số_when_bao_nhiêu_closes_the_question():
    assert wanted_figure("Tổng số lượt tra cứu bằng CCCD khi đi khám chữa bệnh BHYT là bao nhiêu?") == ("count", "lượt")
    assert wanted_figure("tong so luot tra cuu bang CCCD la bao nhieu") == ("count", "lượt")
    # "cơ sở", "chỉ số": no "số" counting what follows
    assert wanted_figure("co so cai nghien ma tuy cua thanh pho hue cong suat tiep nhan bao nhieu hoc vien") == (None, None)
    assert wanted_figure("Cơ sở cai nghiện tiếp nhận bao nhiêu học viên?") == (None, None)
    assert wanted_figure("Chỉ số hộ nghèo của xã là bao nhiêu?") == (None, None)
    # a measure word only: "tổng số kiến nghị xử lý về tài chính" is an amount of money
    assert wanted_figure("Tổng số kiến nghị xử lý về tài chính sau thanh tra, kiểm tra là bao nhiêu?") == (None, None)


def test_the_counted_noun_is_not_inside_a_name_or_a_compound():
    asked = parse_question("So sánh số lượng Ban Chấp hành được đại hội biểu quyết của Liên đoàn Yoga và Hội Điều dưỡng")
    assert wanted_measure(asked) == (None, None)  # neither "hội" of "đại hội" nor "Hội Điều dưỡng", nor "sổ" for "số"
    assert wanted_measure(parse_question("So sánh số hộ nghèo của xã A và xã B qua các năm")) == ("count", "hộ nghèo")


def test_an_abbreviation_holds_its_long_form():
    text = "Năm 2025, có 553/553 TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến."
    assert words_in_one_sentence(text, 0, len(text), ["thu", "tuc", "hanh", "chinh", "thanh", "toan"]) == [(0, len(text))]


_MERGER = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ
Số: {number}/TTr-SNV\tLâm Đồng, ngày 10 tháng 9 năm 2025

TỜ TRÌNH
Về việc sáp nhập {name} tỉnh Bình Thuận vào {name} tỉnh Lâm Đồng

Kính gửi: Ủy ban nhân dân tỉnh.

Sở Nội vụ đã nhận hồ sơ đề nghị sáp nhập {name} tỉnh Bình Thuận vào {name} tỉnh Lâm Đồng.
Hội có {members} hội viên trên địa bàn tỉnh.
Trong đó, dự kiến Ban Chấp hành: {board} người; Ban Thường vụ: {standing} người; Ban Kiểm tra: 03 người.
Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, quyết định.
"""


@pytest.fixture(scope="module")
def merger_searcher(tmp_path_factory):
    from api.search import Searcher
    from indexer.store.reader import open_reader
    from indexer.update import IndexSettings, update_index

    root = tmp_path_factory.mktemp("mergers")
    folder = root / "reports"
    folder.mkdir()
    for number, name, members, board, standing in [("301", "Liên đoàn Taekwondo", 420, 25, 11),
                                                   ("302", "Liên đoàn Karate", 380, 31, 9),
                                                   ("303", "Hội Điều dưỡng", 1250, 76, 26)]:
        (folder / f"To trinh {number} sap nhap.txt").write_text(
            _MERGER.format(number=number, name=name, members=members, board=board, standing=standing), encoding="utf-8")
    update_index([folder], root / "index", IndexSettings(embed=False))
    return Searcher(open_reader(root / "index"))


def test_one_row_per_compared_name_with_the_measure_asked(merger_searcher):
    from api.search import Filters

    question = parse_question("Ban Thường vụ dự kiến của Liên đoàn Taekwondo, Liên đoàn Karate và Hội Điều dưỡng tỉnh "
                              "Lâm Đồng sau sáp nhập có bao nhiêu người? Lập bảng so sánh")
    assert question.type == "figures_across"
    units, table = answer_figures_across(merger_searcher, question, Filters())
    # all three documents come from the Sở Nội vụ: the rows are the three organisations, each with
    # its Ban Thường vụ (not its Ban Chấp hành, the first figure of the sentence), each cited
    assert {(r.unit, r.value) for r in table.rows} == {("Liên đoàn Taekwondo tỉnh Lâm Đồng", 11),
                                                       ("Liên đoàn Karate tỉnh Lâm Đồng", 9),
                                                       ("Hội Điều dưỡng tỉnh Lâm Đồng", 26)}
    assert all(r.sentence.startswith("Trong đó, dự kiến Ban Chấp hành") and r.period == "2025" for r in table.rows)
    assert sum(len(d.evidence) for u in units for d in u.documents) == 3


def test_organs_compared_from_an_appendix_s_rows_take_its_titles_year(tmp_path):
    from api.search import Filters
    from tests.api.test_document_questions import _keyword_searcher

    searcher = _keyword_searcher(tmp_path, {
        "phu-luc-v.txt": "Phụ lục V\nKẾT QUẢ ĐÁNH GIÁ ĐỐI VỚI CÁC TIÊU CHÍ THUỘC CẢI CÁCH CHẾ ĐỘ CÔNG VỤ NĂM 2025\n"
                         "I. ĐỐI VỚI CẤP SỞ\nĐiểm chuẩn tối đa\nChỉ số\n8 Sở Ngoại vụ 7,00 7,00 6,50 92,86%\n"
                         "14 Sở Văn hoá, Thể thao và Du lịch 7,50 7,50 5,50 73,33% 15 Sở Giáo dục và Đào tạo 8,00 8,00 5,50 "
                         "68,75%\n"})
    question = parse_question("Lập bảng chỉ số cải cách chế độ công vụ năm 2025 của Sở Ngoại vụ, Sở Văn hoá, Thể thao và Du "
                              "lịch và Sở Giáo dục và Đào tạo.")
    _, table = answer_figures_across(searcher, question, Filters())
    assert sorted((r.unit, r.period, r.value) for r in table.rows) == [
        ("Sở Giáo dục và Đào tạo", "2025", 68.75), ("Sở Ngoại vụ", "2025", 92.86), ("Sở Văn hoá, Thể thao và Du lịch", "2025", 73.33)]


def test_a_table_listing_the_rows_compared_must_be_of_the_measure_asked():
    from api.answers.figures_across import _measure_pairs, _table_of_measure
    from api.answers.sheet_cells import listed_cells

    # the 766 meeting report ranks the sở by "số hóa hồ sơ": no table of "cải cách tài chính công"
    ranking = "\n".join(["e) Số hóa hồ sơ", "STT\tĐơn vị\tTỷ lệ (%)\tĐiểm đạt (tối đa 22 điểm)",
                         "10\tSở Xây dựng\t76.86\t16.9", "11\tSở Dân tộc và Tôn giáo\t85\t18.7", "12\tThanh tra tỉnh\t50.23\t11.1"])
    question = parse_question("So sánh chỉ số lĩnh vực cải cách tài chính công năm 2025 của Thanh tra tỉnh, Sở Xây dựng và "
                              "Sở Dân tộc và Tôn giáo.")
    cells = listed_cells(ranking, question.text)
    assert len(cells) == 3 and not _table_of_measure(question, cells, "Kết quả đánh giá chất lượng phục vụ người dân")
    assert _table_of_measure(question, cells, "Kết quả đánh giá các tiêu chí thuộc cải cách tài chính công năm 2025")
    # pairs as the topic writes them: "tài" is a stop word but "tài chính" is a pair; "cách chính" is none
    pairs = _measure_pairs("chỉ số cải cách tài chính công của Thanh tra tỉnh", {"thanh", "tra", "tinh"})
    assert ("tai", "chinh") in pairs and ("cach", "chinh") not in pairs


def test_a_compared_name_is_also_found_written_out():
    school = compared_names("Vốn của Trường THPT Hùng Vương và Trường THCS Lê Lợi là bao nhiêu?")
    assert [c.forms for c in school] == [["Trường THPT Hùng Vương", "Trường Trung học phổ thông Hùng Vương"],
                                         ["Trường THCS Lê Lợi", "Trường Trung học cơ sở Lê Lợi"]]


def test_the_measure_keeps_its_words_that_a_name_also_holds():
    """"Phó Chủ tịch" is the measure though "Chữ thập đỏ" folds "chữ" to its "chu"."""
    from api.answers.figures_across import _measure_pairs, _without_names
    rest = _without_names("Hội đồng quản lý của Quỹ hoạt động nhân đạo Chữ thập đỏ có bao nhiêu Phó Chủ tịch",
                          ["Quỹ hoạt động nhân đạo Chữ thập đỏ"])
    pairs = _measure_pairs(rest, set())
    assert {("pho", "chu"), ("chu", "tich"), ("quan", "ly")} <= pairs and ("nhan", "dao") not in pairs


def _charter(name: str, deputies: str, meetings: str) -> str:
    """A 2025 charter draft as the Bình Thuận dossiers hold them: undated, its title block under the
    bracketed note of the decision it will be attached to."""
    return f"""(Kèm theo Quyết định số      /QĐ-UBND ngày     tháng     năm      của Chủ tịch UBND tỉnh Bình Thuận)
ĐIỀU LỆ
{name.upper()} TỈNH BÌNH THUẬN
Chương IV
Điều 18. Chủ tịch, Phó Chủ tịch
4. Số lượng Phó Chủ tịch: {deputies}.
Điều 20. Ban Thường vụ
b) Ban Thường vụ mỗi năm họp {meetings}, có thể họp bất thường khi có yêu cầu của Chủ tịch.
"""


CHARTERS = {"dieu-le-doanh-nghiep.txt": _charter("Hiệp hội Doanh nghiệp", "07 người (02 Phó Chủ tịch chuyên trách, 05 Phó Chủ "
                                                 "tịch không chuyên trách)", "ít nhất 04 lần"),
            "dieu-le-van-tai.txt": _charter("Hiệp hội Vận tải ô tô", "02 người", "02 lần"),
            "dieu-le-nu-doanh-nhan.txt": _charter("Hội Nữ Doanh nhân", "2 người", "01 lần")}


def test_charters_compared_give_each_organisations_own_figure(tmp_path):
    """Each row from the organisation's own charter, named in its opening lines; a count of people
    labelled by the position asked for counts it, its bracketed breakdown does not; the year the
    question gives the charters ("Điều lệ … năm 2025") dates the undated drafts; and the measure's
    words are those the question writes side by side ("Ban Thường vụ mỗi năm họp": no "vụ họp")."""
    from api.answers import AskRequest, Asker
    from tests.conftest import lexical_archive

    asker = Asker(lexical_archive(tmp_path, CHARTERS))
    table = asker.ask(AskRequest("Theo Điều lệ (sửa đổi, bổ sung) năm 2025 của Hiệp hội Doanh nghiệp, Hiệp hội Vận tải ô tô "
                                 "và Hội Nữ Doanh nhân tỉnh Bình Thuận, mỗi tổ chức có bao nhiêu Phó Chủ tịch?")).to_json()["table"]
    assert {(r["unit"], r["period"], r["value"]) for r in table["rows"]} == {
        ("Hiệp hội Doanh nghiệp tỉnh Bình Thuận", "2025", 7), ("Hiệp hội Vận tải ô tô tỉnh Bình Thuận", "2025", 2),
        ("Hội Nữ Doanh nhân tỉnh Bình Thuận", "2025", 2)}
    table = asker.ask(AskRequest("Điều lệ của Hiệp hội Doanh nghiệp, Hiệp hội Vận tải ô tô và Hội Nữ Doanh nhân tỉnh Bình "
                                 "Thuận (2025) quy định Ban Thường vụ mỗi năm họp mấy lần?")).to_json()["table"]
    assert sorted(r["value"] for r in table["rows"]) == [1, 2, 4]


GOAL_PAPERS = {
    "tham-luan-quang-tri.txt": "UBND TỈNH QUẢNG TRỊ\n\nTHAM LUẬN\nXÂY DỰNG XÃ, PHƯỜNG KHÔNG MA TÚY\n\n"
                               "Tỉnh Quảng Trị có 78 đơn vị hành chính cấp xã sau sắp xếp.\n\n"
                               "Tỉnh Quảng Trị xác định lộ trình đến hết năm 2030 đạt 55% địa bàn không ma túy.\n",
    "tham-luan-ha-tinh.txt": "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\n\nTHAM LUẬN\nHUY ĐỘNG NGUỒN LỰC PHÒNG, CHỐNG MA TÚY\n\n"
                             "Kính thưa các đồng chí!\n\nĐược sự phân công của Ban tổ chức, tỉnh Hà Tĩnh xin trình bày tham luận.\n\n"
                             + "Công tác tuyên truyền được đẩy mạnh ở các thôn, tổ dân phố. " * 30 + "\n\n"
                             "Hai là, quyết tâm đến hết năm 2030 có ít nhất 40% địa bàn cấp xã “không ma túy” trên địa bàn tỉnh.\n",
}


def test_a_goal_compared_for_the_country_and_provinces_each_from_its_own_paper(tmp_path):
    """"Mục tiêu tỷ lệ" is how the question asks, not what the paper writes; "đến năm 2030" is the
    goal's year; "cả nước" is compared as a name; and a province's own paper, writing "trên địa bàn
    tỉnh" far from its name, states the province's figure."""
    from api.answers import AskRequest, Asker
    from tests.conftest import lexical_archive

    question = ("Mục tiêu tỷ lệ địa bàn cấp xã không ma túy đến năm 2030 của cả nước, của tỉnh Quảng Trị và tỉnh Hà Tĩnh "
                "là bao nhiêu?")
    assert [c.name for c in compared_names(question)] == ["cả nước", "tỉnh Quảng Trị", "tỉnh Hà Tĩnh"]
    answer = Asker(lexical_archive(tmp_path, GOAL_PAPERS)).ask(AskRequest(question)).to_json()
    assert answer["type"] == "figures_across"
    assert {(r["unit"], r["period"], r["value"]) for r in answer["table"]["rows"]} == {
        ("tỉnh Quảng Trị", "2030", 55), ("tỉnh Hà Tĩnh", "2030", 40)}


def test_the_table_is_of_the_measure_the_question_writes_around_the_names():
    from api.answers.figures_across import _measure_written

    question = ("Lập bảng so sánh số thành viên Ban Chấp hành do đại hội biểu quyết của Hội Nữ doanh nhân và Hiệp hội Vận tải "
                "ô tô tỉnh Bình Thuận nhiệm kỳ")
    assert _measure_written(question, compared_names(question)) == ("Lập bảng so sánh số thành viên Ban Chấp hành do đại hội "
                                                                     "biểu quyết nhiệm kỳ")


def test_a_title_read_with_its_bracketed_note_names_the_document_by_its_opening_lines():
    from types import SimpleNamespace

    from api.answers.figure_answers import year_names_document
    from api.answers.sources import noted_title

    assert noted_title(SimpleNamespace(title="(Kèm theo Quyết định số … của Chủ tịch UBND tỉnh)"))
    assert noted_title(SimpleNamespace(title="BÌNH THUẬN TỈNH LÂM ĐỒNG (Kèm theo Quyết định số của Chủ tịch UBND tỉnh)"))
    assert not noted_title(SimpleNamespace(title="Phê duyệt Điều lệ (sửa đổi, bổ sung) Hiệp hội Doanh nghiệp tỉnh Bình Thuận"))
    assert year_names_document("Theo Điều lệ (2025) của Hội Golf, Hiệp hội Du lịch và Liên đoàn Quần vợt, …")


def _monthly_project_06_report(month: int, elderly: str, farmers: str, veterans: str) -> str:
    return (f"BAN CHỈ ĐẠO ĐỀ ÁN 06 TỈNH LÂM ĐỒNG\n\nBÁO CÁO\nKết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng "
            f"tháng {month}/2025\n\na) Công tác số hóa dữ liệu:\nCập nhật thông tin các hội, đoàn thể: {elderly} hội viên hội "
            f"người cao tuổi, {farmers} hội viên hội nông dân, {veterans} hội viên hội cựu chiến binh, 1.116 hội viên hội "
            f"chữ thập đỏ.\n")


def test_organisations_compared_in_one_named_report_take_their_own_list_items(tmp_path):
    """"Theo báo cáo … Đề án 06 tháng 8/2025, … bao nhiêu hội viên Hội Người cao tuổi, Hội Nông dân và Hội
    Cựu chiến binh?": the August report of the monthly series, not a later one holding the same sentence;
    each association's count is the one its own list item writes before its name ("57.355 hội viên hội
    người cao tuổi, 60.244 …"), not the next item's; and the period is the month the report's title names."""
    from api.answers import AskRequest, Asker
    from tests.conftest import lexical_archive

    reader = lexical_archive(tmp_path, {"bc-thang-8.txt": _monthly_project_06_report(8, "57.355", "60.244", "44.393"),
                                        "bc-thang-10.txt": _monthly_project_06_report(10, "56.920", "72.142", "48.253")})
    question = ("Theo báo cáo kết quả triển khai Đề án 06 tháng 8/2025, đã cập nhật thông tin của bao nhiêu hội viên "
                "Hội Người cao tuổi, Hội Nông dân và Hội Cựu chiến binh?")
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["type"] == "figures_across", answer["answer"]
    assert {row["unit"]: (row["value"], row["period"]) for row in answer["table"]["rows"]} == {
        "Hội Người cao tuổi": (57355, "tháng 8/2025"), "Hội Nông dân": (60244, "tháng 8/2025"),
        "Hội Cựu chiến binh": (44393, "tháng 8/2025")}, answer["answer"]


def test_a_places_body_last_in_a_list_keeps_its_place():
    """"… UBND phường Tiến Thành, UBND xã Hàm Thuận Nam và UBND xã Đơn Dương": the last commune is that
    body's own, not a place the list shares; its row is sought as "UBND xã Đơn Dương", not as any "UBND"."""
    compared = compared_names("So sánh chỉ số chính quyền số năm 2025 của UBND phường Tiến Thành, UBND xã Hàm Thuận Nam "
                              "và UBND xã Đơn Dương.")
    assert [c.forms[0] for c in compared] == ["UBND phường Tiến Thành", "UBND xã Hàm Thuận Nam", "UBND xã Đơn Dương"]
    # a place after an association's name is the list's: "… và Hiệp hội Thanh long Bình Thuận tỉnh Lâm Đồng"
    compared = compared_names("Theo Điều lệ của Hiệp hội Nước mắm Phan Thiết, Hiệp hội Doanh nghiệp và Hiệp hội Thanh long "
                              "Bình Thuận tỉnh Lâm Đồng, số ủy viên Ban Chấp hành là bao nhiêu?")
    assert [c.full for c in compared][-1] == "Hiệp hội Thanh long Bình Thuận tỉnh Lâm Đồng"
    assert compared[-1].forms == ["Hiệp hội Thanh long Bình Thuận"]


OVERALL_INDEX = ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nQUYẾT ĐỊNH\nCông bố Chỉ số cải cách hành chính năm 2025 của các cơ quan "
                 "chuyên môn thuộc UBND tỉnh; UBND các xã, phường, đặc khu\n\n"
                 "STT\tĐơn vị\tĐiểm chuẩn\tĐiểm đạt\tChỉ số\tXếp loại\n"
                 "25\tUBND xã Tân Thành\t99,00\t80,05\t80,86%\tTỐT\n"
                 "33\tUBND xã Hòa Ninh\t99,00\t78,38\t79,17%\tKHÁ\n"
                 "69\tUBND xã Hoài Đức\t99,00\t73,09\t73,83%\tKHÁ\n")
PUBLIC_FINANCE_APPENDIX = ("Phụ lục VI\nKẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH TÀI CHÍNH CÔNG NĂM 2025\n"
                           "II. ĐỐI VỚI CẤP XÃ\nĐiểm chuẩn tối đa\nĐiểm tự đánh giá\nĐiểm thẩm định Chỉ số\n"
                           "7 UBND xã Tân Thành 7,50 6,25 7,38 98,40%\n22 UBND xã Hòa Ninh 7,50 5,75 6,38 85,07%\n"
                           "70 UBND xã Hoài Đức 7,50 6,75 5,13 68,40%\n")


def test_an_index_named_in_full_is_read_from_its_own_table_not_the_overall_one(tmp_path):
    """"chỉ số cải cách tài chính công": the appendix titled by that component, not the overall reform
    index's table, whose title shares only "chỉ số cải cách" with the question."""
    from api.answers import AskRequest, Asker
    from tests.conftest import lexical_archive

    reader = lexical_archive(tmp_path, {"qd-cong-bo.txt": OVERALL_INDEX, "phu-luc-vi.txt": PUBLIC_FINANCE_APPENDIX})
    question = "So sánh chỉ số cải cách tài chính công năm 2025 của UBND xã Tân Thành, UBND xã Hòa Ninh và UBND xã Hoài Đức."
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["type"] == "figures_across", answer["answer"]
    assert {row["unit"].split()[-1]: row["value"] for row in answer["table"]["rows"]} == {
        "Thành": 98.4, "Ninh": 85.07, "Đức": 68.4}, answer["answer"]


def test_the_total_asked_and_not_its_part_after_trong_đó(tmp_path):
    from api.answers import AskRequest, Asker
    from tests.conftest import lexical_archive

    report = ("BÁO CÁO\nKết quả triển khai Đề án 06 tháng 9/2025\n\n"
              "a) Tiếp tục sử dụng thẻ Căn cước thay thẻ BHYT trong khám chữa bệnh. Đến nay, tổng số lượt tra cứu bằng CCCD "
              "khi đi khám chữa bệnh BHYT là 6.120.400 lượt; trong đó, 5.387.015 lượt tra cứu thành công, đạt tỷ lệ 88,02%.\n")
    answer = Asker(lexical_archive(tmp_path, {"de_an_06.txt": report})).ask(AskRequest(
        "Tổng số lượt tra cứu bằng CCCD khi đi khám chữa bệnh BHYT là bao nhiêu?")).to_json()
    assert answer["figure"]["text"] == "6.120.400 lượt", answer["answer"]
