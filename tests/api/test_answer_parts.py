"""The pieces of an answer on real report sentences: figures, questions, passages."""

import pytest

from api.answers.figures import extract_figures
from api.answers.passages import find_phrases, sentences
from api.answers.questions import parse_question

SENTENCE_2019 = ("Liên tục từ năm 2012 đến nay, Ban Thường trực Uỷ ban MTTQ tỉnh đã 8 lần phối hợp với Đài PTTH tỉnh; "
                 "tổng số tiền đã vận động được 98 ngàn suất quà tổng trị giá trên 50 tỷ đồng đảm bảo 100% hộ nghèo "
                 "trên địa bàn tỉnh được tặng quà nhân dịp đón Xuân.")
CLAUSE_2026 = ("đã hỗ trợ đột xuất 04 hộ khó khăn; trao trên 1.000 suất quà trị giá trên 500 triệu đồng nhân Tháng vì "
               "người nghèo; vận động Quỹ “Vì người nghèo” năm 2025 đạt trên 370 triệu đồng; khen thưởng 3.418 điển hình, 2,5 tỷ")


def test_figures_in_report_sentences():
    found = [(f.text, f.value, f.unit, f.kind) for f in extract_figures(SENTENCE_2019 + " " + CLAUSE_2026)]
    assert found == [
        ("8 lần", 8, "lần", "count"), ("98 ngàn suất quà", 98_000, "suất quà", "count"),
        ("trên 50 tỷ đồng", 50e9, "đồng", "money"), ("100%", 100, "%", "percent"),
        ("04 hộ", 4, "hộ", "count"), ("trên 1.000 suất quà", 1000, "suất quà", "count"),
        ("trên 500 triệu đồng", 5e8, "đồng", "money"), ("trên 370 triệu đồng", 3.7e8, "đồng", "money"),
        ("3.418 điển hình", 3418, "điển hình", "count"), ("2,5 tỷ", 2.5e9, "đồng", "money"),
    ]


def test_a_counted_noun_after_a_scale_word():
    found = extract_figures("Hiện nay, nước ta có khoảng 17 triệu công nhân, trong đó gần 7 triệu công nhân làm việc "
                            "trong các khu công nghiệp.", nouns=("công nhân",))
    assert [(f.text, f.value, f.qualifier) for f in found] == [
        ("khoảng 17 triệu công nhân", 17e6, "khoảng"), ("gần 7 triệu công nhân", 7e6, "gần")]


def test_a_foreign_currency_is_money_in_its_own_name():
    found = extract_figures("Kim ngạch xuất khẩu năm 2025 đạt 4,5 tỷ USD, tăng 12%; vốn FDI thu hút khoảng "
                            "250 triệu đô la Mỹ; tổng vốn đầu tư 1.200 tỷ đồng.")
    assert [(f.text, f.value, f.unit, f.kind) for f in found] == [
        ("4,5 tỷ USD", 4.5e9, "USD", "money"), ("12%", 12, "%", "percent"),
        ("khoảng 250 triệu đô la Mỹ", 2.5e8, "USD", "money"), ("1.200 tỷ đồng", 1.2e12, "đồng", "money")]
    from api.answers.quantities import normalise

    assert normalise("4,5 tỷ USD").display == "4,5 tỷ USD"
    assert normalise("1.200 triệu đồng").display == "1,2 tỷ đồng"


def test_đồng_written_against_the_number_is_money():
    """The 2007 internal spending rules of the Bà Rịa – Vũng Tàu industrial zones board: "cước phí
    khoán là : 250.000đ/máy/tháng"."""
    found = extract_figures("Điện thoại di động : Trang bị cho các đồng chí Lãnh đạo Ban , cước phí khoán là : "
                            "250.000đ/máy/tháng")
    assert [(f.text, f.value, f.kind) for f in found] == [("250.000đ", 250000, "money")]


def test_the_score_named_like_a_cost_is_no_money():
    # "Chi phí gia nhập thị trường" names a PCI component, whose score is asked for
    assert parse_question("Năm 2024 điểm chỉ số thành phần Chi phí gia nhập thị trường của tỉnh là bao nhiêu?").figure_kind is None


@pytest.mark.parametrize("text", ["Hải Dương, ngày 10 tháng 4 năm 2019", "Kết luận số 62-KL/TW ngày 08/12/2009",
                                  "Điều 3 khoản 2 của Quyết định số 25", "trong 10 năm qua"])
def test_dates_codes_numbering_and_durations_are_not_figures(text):
    assert extract_figures(text) == []


def test_phrases_match_across_accents_case_and_quotes():
    text = "cuộc vận động ''Ngày vì người nghèo'' (nay là cuộc vận động \"VÌ NGƯỜI NGHÈO\") và Quỹ “Vì người  nghèo”"
    spans = find_phrases(text, ["vi nguoi ngheo"])
    assert [text[s:e] for s, e in spans] == ["vì người nghèo", "VÌ NGƯỜI NGHÈO", "Vì người  nghèo"]
    assert find_phrases("vì người nghèo khó", ["người nghèo khổ"]) == []
    # hỏi and ngã, the commonest misspelling, are one tone for matching; the others stay apart
    text = "việc cỗ phần hóa là tất yếu; có phần hóa ra khó"
    assert [text[s:e] for s, e in find_phrases(text, ["cổ phần hóa"])] == ["cỗ phần hóa"]


def test_sentences_keep_abbreviated_titles_whole():
    text = "Đoàn đã làm việc tại TP. Hải Dương. Kết quả đạt 98%.\n- Dòng mới"
    assert [text[s:e] for s, e in sentences(text, 0, len(text))] == [
        "Đoàn đã làm việc tại TP. Hải Dương.", "Kết quả đạt 98%.", "- Dòng mới"]


@pytest.mark.parametrize("question, kind, name", [
    ("Những đơn vị nào đã báo cáo về cuộc vận động 'Vì người nghèo'?", "units", "Vì người nghèo"),
    ("Ở đâu đã tổ chức Ngày hội Đại đoàn kết toàn dân tộc?", "units", "Ngày hội Đại đoàn kết toàn dân tộc"),
    ("Quỹ Vì người nghèo năm 2025 của phường Hải Dương vận động được bao nhiêu?", "figure", "Vì người nghèo"),
    ("các hạn chế, nguyên nhân trong việc thực hiện Kết luận 62", "sections", None),
    ("Các đơn vị khác viết phần bài học kinh nghiệm như thế nào?", "precedents", None),
    ("Kết quả thực hiện chuyển đổi số", "sections", None),
    ("tình hình an ninh trật tự tháng 10", "sections", None),
    ("chuyển đổi số ở cơ sở", "passages", None),
    ("Tìm các đơn vị có văn bản đề cập đến bệnh viện tư.", "units", None),
    ("Tìm các văn bản về bệnh viện tư", "passages", None),
])
def test_question_types(question, kind, name):
    parsed = parse_question(question)
    assert (parsed.type, parsed.name) == (kind, name)


def test_the_tail_of_a_split_number_is_no_figure():
    text = "nhà máy cán thép công suất 16 0.000 tấn/năm, nhà máy phôi thép công suất 250.000 tấn/năm"
    assert [f.text for f in extract_figures(text)] == ["250.000 tấn"]


@pytest.mark.parametrize("question, source", [
    ("Giấy mời dự Hội nghị triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy phân công chuẩn bị những gì?",
     "Giấy mời dự Hội nghị triển khai Chương trình mục tiêu quốc gia phòng, chống ma tuý"),
    ("Phiếu tự kiểm tra thực hiện pháp luật lao động yêu cầu kê khai gì về tranh chấp lao động?",
     "Phiếu tự kiểm tra thực hiện pháp luật lao động"),
])
def test_a_document_named_first_is_the_source_and_names_no_role(question, source):
    parsed = parse_question(question)
    assert parsed.source == source
    assert parsed.roles == []  # "mục tiêu" of "Chương trình mục tiêu quốc gia" is the document's name


def test_an_academic_title_before_a_name_is_not_the_subject():
    question = parse_question("Theo bài viết của TS Nguyễn Đại Lai, tỷ lệ lạm phát năm 1992 là bao nhiêu?")
    assert question.name is None and question.phrases == []
    assert parse_question("Những đơn vị nào đề cập chỉ số PAPI?").name == "PAPI"


def test_question_constraints():
    parsed = parse_question("Quỹ Vì người nghèo năm 2025 của phường Hải Dương vận động được bao nhiêu?")
    assert (parsed.year, parsed.place, parsed.figure_kind) == (2025, "phường Hải Dương", "money")
    parsed = parse_question("Ngày vì người nghèo ở tỉnh Hải Dương")
    assert parsed.name == "Vì người nghèo" and "Ngày vì người nghèo" in parsed.phrases
    assert [r.id for r in parse_question("các hạn chế, nguyên nhân").roles] == ["limitations", "causes"]


def test_forced_type_is_checked():
    assert parse_question("Vì người nghèo", "units").type == "units"
    with pytest.raises(ValueError, match="question type must be one of"):
        parse_question("Vì người nghèo", "poem")


@pytest.mark.parametrize("question, kind, unit", [
    ("Chương trình ''Xuân ấm tình người'' vận động được bao nhiêu suất quà?", "count", "suất quà"),
    ("tỉnh Lâm Đồng có bao nhiêu người nghiện?", "count", "người nghiện"),
    ("quy vi nguoi ngheo 2025 phuong hai duong duoc bao nhieu tien", "money", "đồng"),
    ("Quỹ Vì người nghèo năm 2025 vận động được bao nhiêu?", "money", "đồng"),
    ("tỷ lệ hồ sơ trực tuyến toàn trình đạt bao nhiêu?", "percent", "%"),
    ("Chỉ số 766 đạt bao nhiêu điểm?", "count", "điểm"),
    ("Bệnh viện tư Triều An có quy mô bao nhiêu giường bệnh?", "count", "giường"),
    ("Nộp hồ sơ trực tuyến thì mức phí là bao nhiêu?", "money", "đồng"),
    # a share is a percentage; typed without accents, "ty trong" before a period is "tỷ trong (năm …)"
    ("Tỷ trọng ngân sách nhà nước trong GDP của Trung Quốc năm 1978 là bao nhiêu?", "percent", "%"),
    ("ty trong ngan sach nha nuoc trong GDP cua Trung Quoc la bao nhieu", "percent", "%"),
    ("Quỹ thu được bao nhiêu tỷ trong năm 2025?", "money", "đồng"),
    # a growth rate is a percentage, though "giá trị" names money
    ("Tốc độ tăng giá trị sản xuất công nghiệp tháng 02 năm 2007 là bao nhiêu?", "percent", "%"),
    # a quantity produced is counted in its own measure (tonnes), never the money beside it
    ("Hai tháng đầu năm 2007, sản lượng xi măng cả nước đạt bao nhiêu?", "count", None),
])
def test_the_figure_a_question_asks_for(question, kind, unit):
    parsed = parse_question(question)
    assert (parsed.type, parsed.figure_kind, parsed.figure_unit) == ("figure", kind, unit)


@pytest.mark.parametrize("question, name, source", [
    ("Những đơn vị nào nêu kết quả PAR INDEX?", "PAR INDEX", "acronym"),
    ("Đơn vị nào báo cáo về VNeID?", "VNeID", "acronym"),
    ("UBND tỉnh nào báo cáo về ATGT?", "ATGT", "acronym"),       # UBND is an institution, not the subject
    ("Chỉ số DDCI năm 2025 đạt bao nhiêu điểm?", "DDCI", "acronym"),
    ("Hiệp hội đóng góp bao nhiêu tiền trong nhiệm kỳ IV?", None, None),  # a roman numeral
    ("Đơn vị nào thực hiện Nghị quyết 57-NQ/TW?", None, None),   # a code: located by the analyzer
])
def test_names_written_in_capitals(question, name, source):
    parsed = parse_question(question)
    assert (parsed.name, parsed.name_source) == (name, source)
    if name == "ATGT":
        assert "an toàn giao thông" in parsed.phrases


@pytest.mark.parametrize("question, place", [
    ("Năm 2025 mô hình “Hồ sơ không hẹn” của tỉnh Lâm Đồng đã thực hiện bao nhiêu hồ sơ?", "tỉnh Lâm Đồng"),
    ("quy vi nguoi ngheo cua phuong hai duong duoc bao nhieu tien", "phuong hai duong"),
    ("Kết quả của thành phố Cần Thơ năm 2004", "thành phố Cần Thơ"),
])
def test_place_ends_where_the_name_ends(question, place):
    assert parse_question(question).place == place


def test_one_unit_however_it_is_written():
    from api.answers.unit_answers import unit_key

    assert unit_key("UBND tỉnh Lâm Đồng") == unit_key("Ủy ban nhân dân tỉnh Lâm Đồng") == unit_key("Uỷ ban nhân dân tỉnh Lâm Đồng")
    assert unit_key("Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương") == unit_key("Ban Thường trực Ủy ban Mặt trận Tổ quốc tỉnh Hải Dương")
    assert unit_key("UBND tỉnh Lâm Đồng") != unit_key("UBND tỉnh Bình Thuận")


def test_a_number_in_words_with_its_digits_in_brackets():
    found = extract_figures("có thời hạn nộp thuế là chín (9) tháng; hỗ trợ hai mươi (20) hộ", durations=True)
    assert [(f.text, f.value, f.unit) for f in found] == [("chín (9) tháng", 9, "tháng"), ("hai mươi (20) hộ", 20, "hộ")]
    # a bracketed number alone numbers a list item
    assert extract_figures("(12) hộ nghèo được hỗ trợ xây nhà") == []


def test_a_register_number_before_the_day_of_a_date_is_no_span_of_days():
    text = ("Kế hoạch số 192/KH-ĐKT 557 ngày 23/4/2025 của Đoàn kiểm tra 557; báo cáo trong thời hạn 15 ngày "
            "kể từ ngày 01/7/2025, gửi sau 10 ngày 12 tháng 3 năm 2025")
    assert [f.text for f in extract_figures(text, durations=True)] == ["15 ngày"]


def test_a_counted_noun_typed_without_accents_matches_the_report_with_its_comma():
    from api.answers.figures import measured_thing

    question = "tu 27/11/2024 den 8/10/2025 bao dien tu dang bao nhieu tin bai ve phong chong ma tuy"
    assert measured_thing(question) == "tin bai"
    found = extract_figures("các cơ quan báo, tạp chí điện tử đã có 57.083 tin, bài thông tin, phản ánh", nouns=("tin bai",))
    assert [(f.text, f.value, f.unit) for f in found] == [("57.083 tin, bài", 57083, "tin bài")]


def test_a_quote_that_titles_the_source_is_not_the_subject():
    asked = parse_question("Trong bài 'Phát triển công nghệ mới: nền kinh tế mới và sự tăng trưởng', lĩnh vực công nghệ "
                           "thông tin ở Mỹ chiếm khoảng bao nhiêu phần trăm GDP?")
    assert asked.source and asked.phrases == []  # the paper's sentences need not repeat its title
    assert parse_question("Những đơn vị nào báo cáo về cuộc vận động 'Vì người nghèo'?").phrases


def test_of_two_years_in_one_sentence_the_figure_of_the_year_asked():
    """François Godement's paper: "năm 1980, trao đổi thương mại của Trung Quốc chiếm 1,3% thương
    mại quốc tế, đến năm 2000, tỷ lệ này vượt quá 5,2% …" — asked for 2000, the 5,2%."""
    from types import SimpleNamespace

    from api.answers.figure_answers import _score
    from api.answers.questions import parse_question
    from api.answers.topics import content_words

    clause = ("năm 1980, trao đổi thương mại của Trung Quốc chiếm 1,3% thương mại quốc tế, đến năm 2000, tỷ lệ này "
              "vượt quá 5,2% với tổng kim ngạch 300 tỷ euro, tương đương với 26% GDP.")
    for year, expected in ((2000, "5,2%"), (1980, "1,3%")):
        question = parse_question(f"Đến năm {year} trao đổi thương mại của Trung Quốc chiếm bao nhiêu phần trăm thương "
                                  f"mại quốc tế?")
        _, figure = _score(question, content_words(question.topic), clause, (0, len(clause)), SimpleNamespace(year=2004))
        assert figure["text"].endswith(expected), year


def test_a_count_out_of_a_total_and_the_nouns_listed_with_it():
    # the Sở Nội vụ's tờ trình on the draft Kế hoạch CCHC 2026
    figure, = extract_figures("1. Có 131/144 cơ quan, đơn vị, địa phương hoàn toàn thống nhất với dự thảo.")
    assert (figure.text, figure.value, figure.kind) == ("131/144 cơ quan, đơn vị", 131, "count")
    # a date and a document number hold a "/" but count nothing
    assert [f.text for f in extract_figures("ngày 23/9/2025 theo Quyết định 1441/QĐ-UBND có 5 hội")] == ["5 hội"]


def test_of_several_figures_the_one_in_the_item_holding_the_question_words():
    from api.answers.figure_answers import _score
    from api.answers.topics import content_words
    from types import SimpleNamespace

    text = ("Kết quả tổng hợp góp ý: Có 24 cơ quan, đơn vị, địa phương gửi văn bản thống nhất với nội dung dự thảo kế "
            "hoạch; 01 đơn vị (Công an tỉnh) có văn bản góp ý biên tập một số từ ngữ cho phù hợp.")
    question = parse_question("Có bao nhiêu đơn vị gửi văn bản thống nhất dự thảo kế hoạch thi đua năm 2026?")
    info = SimpleNamespace(year=2026, title=None)
    _score_value, figure = _score(question, content_words(question.topic), text, (0, len(text)), info)
    assert figure["value"] == 24


def test_tasks_assigned_name_a_kind_of_association_not_a_sections_role():
    assigned = parse_question("Việc xử lý tài sản khi hợp nhất các hội do Đảng, Nhà nước giao nhiệm vụ được quyết định thế nào?")
    assert assigned.roles == []
    asked = parse_question("Các đơn vị viết phần nhiệm vụ năm 2026 như thế nào?")
    assert [r.id for r in asked.roles] == ["directions"]


def test_a_clause_of_another_term_of_office_is_not_the_terms_figure():
    from api.answers.figure_scope import other_term as _other_term

    asked = "Đại hội nhiệm kỳ V (2025 - 2030) của Hiệp hội biểu quyết Ban Chấp hành gồm bao nhiêu thành viên?"
    assert _other_term(asked, "Đại hội lần thứ IV của Hiệp hội vào ngày 27 tháng 9 năm 2019 đã bầu Ban Chấp hành 21 thành viên")
    assert _other_term(asked, "Ban Chấp hành Hiệp hội nhiệm kỳ 2019-2025 có 21 thành viên.")
    assert not _other_term(asked, "Đại hội đã biểu quyết số lượng Ban Chấp hành gồm 25 thành viên")  # no term named
    assert not _other_term(asked, "Đại hội lần thứ V, nhiệm kỳ 2025 - 2030 biểu quyết 25 thành viên")
    assert not _other_term("Ban Chấp hành gồm bao nhiêu thành viên?", "nhiệm kỳ IV có 21 thành viên")  # none asked


CAN_THO_PROGRAMME = """ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ

QUYẾT ĐỊNH
Ban hành Chương trình cải cách hành chính giai đoạn 2004 - 2010

- Thường xuyên tiến hành rà soát và hệ thống hoá văn bản quy phạm pháp luật: đã công bố 744 văn bản của cấp tỉnh, trong đó hết hiệu lực 345 văn bản, còn hiệu lực thi hành 378 văn bản và đề nghị sửa đổi, bổ sung 21 văn bản; cấp huyện, thị xã, thành phố (cũ) là 1096 văn bản trong đó hết hiệu lực 727, còn hiệu lực thi hành 318 và đề nghị sửa đổi, bổ sung 51.
"""


def test_a_clause_of_another_level_of_government_is_not_the_levels_figure(tmp_path):
    from api.answers import AskRequest, Asker
    from api.answers.figure_scope import other_level
    from tests.conftest import lexical_archive

    asked = "Cấp huyện, thị xã, thành phố (cũ) đã rà soát, hệ thống hóa bao nhiêu văn bản quy phạm pháp luật?"
    assert other_level(asked, "đã công bố 744 văn bản của cấp tỉnh, trong đó hết hiệu lực 345 văn bản")
    assert not other_level(asked, "cấp huyện, thị xã, thành phố (cũ) là 1096 văn bản")
    assert not other_level(asked, "đã công bố 744 văn bản")  # no level named
    assert not other_level("Đã rà soát bao nhiêu văn bản?", "744 văn bản của cấp tỉnh")  # none asked
    reader = lexical_archive(tmp_path, {"qd-256.txt": CAN_THO_PROGRAMME})
    answer = Asker(reader).ask(AskRequest("Theo Chương trình cải cách hành chính giai đoạn 2004 - 2010 của TP Cần Thơ, " + asked[0].lower() + asked[1:])).to_json()
    assert answer["figure"]["value"] == 1096, answer["answer"]


def test_a_capacity_per_year_is_not_the_amount_asked_for():
    from types import SimpleNamespace

    from api.answers.figure_answers import _score
    from api.answers.topics import content_words

    # the 2007 industry report: plants' capacities beside the production figure
    capacities = ("Một số dự án công nghiệp lớn hoàn thành bắt đầu hoạt động như: xi măng Sông Gianh (1,4 triệu tấn/năm), "
                  "nhà máy phôi thép Đình Vũ công suất 250.000 tấn/ năm.")
    produced = "- Xi măng đạt 5,1 triệu tấn tăng 23,6% so cùng kỳ."
    question = parse_question("Hai tháng đầu năm 2007, sản lượng xi măng cả nước đạt bao nhiêu?")
    words, info = content_words(question.topic), SimpleNamespace(year=2007)
    (low, _), (high, figure) = (_score(question, words, t, (0, len(t)), info) for t in (capacities, produced))
    assert figure["value"] == 5_100_000 and high > low
    rate = parse_question("Nhà máy phôi thép Đình Vũ có công suất bao nhiêu tấn?")  # asked for, a capacity is the answer
    rated = _score(rate, content_words(rate.topic), capacities, (0, len(capacities)), info)
    assert rated[1]["value"] == 250_000 and rated[0] > low


def test_an_organ_named_with_its_place_and_rows_of_another_places_report():
    from types import SimpleNamespace

    from api.answers.figure_scope import organ_named, organ_place, placed_elsewhere, row_like

    question = "Trong bảng điểm Sở Tài chính các tỉnh, Sở Tài chính tỉnh Tây Ninh đạt bao nhiêu điểm?"
    assert (organ_named(question), organ_place(question)) == ("Sở Tài chính", "Tây Ninh")
    lam_dong = SimpleNamespace(place="Lâm Đồng", unit="Trung tâm phục vụ hành chính công")
    assert placed_elsewhere("Tây Ninh", "12\tSở Tài chính\t100\t18", lam_dong)  # Lâm Đồng's report, its own sở
    assert not placed_elsewhere("Tây Ninh", "\tSở Tài chính tỉnh Tây Ninh\t93.66", SimpleNamespace(place=None, unit=None))
    assert row_like("15 Sở Ngoại vụ 6,50 6,50 3,25 50,00%")
    assert not row_like("Doanh nghiệp hội viên đã đóng góp vào các quỹ gần 50 tỷ đồng trong nhiệm kỳ 2019 - 2025.")


def test_a_phrase_written_with_a_comma_matches_the_text_writing_it():
    row = "14 Sở Văn hoá, Thể thao và Du lịch 7,50 7,50 5,50 73,33% 15 Sở Giáo dục và Đào tạo 8,00"
    assert find_phrases(row, ["Sở Văn hóa, Thể thao và Du lịch"]) == [(3, 34)]
    assert find_phrases("Hội đồng An toàn, vệ sinh lao động tỉnh", ["Hội đồng An toàn, vệ sinh lao động"])
    # a phrase without the comma does not cross one the text writes
    assert find_phrases("công tác giáo dục, đào tạo cán bộ", ["giáo dục đào tạo"]) == []


def test_a_span_of_time_asked_in_years_is_the_one_in_years():
    from types import SimpleNamespace

    from api.answers.figure_answers import _score
    from api.answers.topics import content_words

    # Thông tư 155/1998/TT-BTC, point 2.4: two limits in one sentence
    text = ("Doanh nghiệp được miễn chuyển đổi nếu đã có quyết định chấm dứt hoạt động trong thời hạn tối đa 6 tháng "
            "hoặc nếu chỉ còn tối đa 3 năm hoạt động ở Việt Nam tính từ ngày 01/01/1999.")
    question = parse_question("Doanh nghiệp được miễn chuyển đổi chế độ kế toán nếu chỉ còn tối đa mấy năm hoạt động?")
    _, figure = _score(question, content_words(question.topic), text, (0, len(text)), SimpleNamespace(year=None))
    assert figure["value"] == 3 and figure["unit"] == "năm"


def test_an_organ_named_by_its_level_alone():
    from api.answers.figure_scope import organ_named

    assert organ_named("Chỉ số cải cách thủ tục hành chính năm 2025 của Thanh tra tỉnh đạt bao nhiêu phần trăm?") == "Thanh tra tỉnh"
    assert organ_named("Văn phòng UBND tỉnh đạt bao nhiêu điểm?") == "Văn phòng UBND tỉnh"


def test_phong_chong_is_written_with_a_comma_or_without_and_no_other_words_are_joined_across_one():
    from api.answers.passages import find_phrases
    text = "Kế hoạch phòng, chống ma túy năm 2025; ghi rõ họ tên, chữ ký, số điện thoại"
    assert [text[s:e] for s, e in find_phrases(text, ["phòng chống ma túy"])] == ["phòng, chống ma túy"]
    assert find_phrases(text, ["chữ ký số"]) == []


def test_a_bare_number_after_la_counts_the_noun_its_label_names():
    text = ("Về kết quả thực hiện các nhiệm vụ Chính phủ giao: Tổng số nhiệm vụ được giao là 123, đã hoàn thành đúng "
            "hạn 123/123 nhiệm vụ; Tổng số hồ sơ là lá 45")
    found = extract_figures(text, nouns=("nhiệm vụ",), labels=("nhiệm vụ",))
    assert [(f.text, f.value, f.unit) for f in found][:2] == [("123", 123, "nhiệm vụ"), ("123/123 nhiệm vụ", 123, "nhiệm vụ")]


def test_what_a_question_counts_stops_where_a_name_opens():
    from api.answers.figures import measured_thing
    assert measured_thing("Có bao nhiêu nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao cho tỉnh trong năm 2025?") == "nhiệm vụ"
    assert measured_thing("Hội Điều dưỡng tỉnh sau sáp nhập dự kiến có bao nhiêu Phó Chủ tịch?") == "Phó Chủ tịch"


def test_a_figure_in_quotes_names_a_policy_and_is_no_amount():
    text = "Tham mưu ban hành Nghị quyết về thu phí “0 đồng” đối với thủ tục hành chính; thu 20.000 đồng mỗi hồ sơ."
    assert [f.text for f in extract_figures(text)] == ["20.000 đồng"]


def test_millions_of_pairs_are_a_count_not_money():
    assert [(f.text, f.kind) for f in extract_figures("Xí nghiệp sản xuất giầy xuất khẩu, 1,5 triệu đôi/năm")] == \
        [("1,5 triệu đôi", "count")]


def test_a_word_folding_to_a_qualifier_is_not_one():
    text = "Lập dự án Lắp đặt 800 trụ cứu hỏa; đạt 95 trụ trong năm"
    assert [(f.text, f.qualifier) for f in extract_figures(text, nouns=("trụ",))] == [("800 trụ", None), ("95 trụ", None)]


@pytest.mark.parametrize("question, kind, unit", [
    ("tt 120/2002 mua hoa don lan dau duoc mua toi da may quyen", "count", "quyển"),
    ("QĐ 522/2002 của UBND tỉnh An Giang: NĐT là người VN định cư ở NN chuyển thu nhập ra NN thì nộp thuế mấy %?",
     "percent", "%"),
    ("Hội đồng quản lý Quỹ Khuyến học tỉnh Lâm Đồng có bao nhiêu Phó Chủ tịch?", "count", "Phó Chủ tịch"),
])
def test_how_many_asked_with_may(question, kind, unit):
    """"mấy" asks how many as "bao nhiêu" does; typed without accents only before what it counts."""
    parsed = parse_question(question)
    assert (parsed.type, parsed.figure_kind, parsed.figure_unit) == ("figure", kind, unit)
    assert "may" not in parsed.topic.split() and "mấy" not in parsed.topic.split()


def test_may_of_a_machine_asks_nothing():
    assert parse_question("tình hình đăng ký xe may mới").type != "figure"
    assert "may" in parse_question("so xe may duoc dang ky la bao nhieu").topic.split()


@pytest.mark.parametrize("question, source", [
    ("QĐ 522/2002 của UBND tỉnh An Giang: nhà đầu tư nộp thuế bao nhiêu phần trăm?", "QĐ 522/2002 của UBND tỉnh An Giang"),
    ("Theo QĐ 522/2002, nhà đầu tư nộp thuế bao nhiêu phần trăm?", "QĐ 522/2002"),
    ("Theo các tờ trình của Sở Nội vụ năm 2025, Hội đồng quản lý có bao nhiêu Phó Chủ tịch?",
     "các tờ trình của Sở Nội vụ năm 2025"),
])
def test_a_document_named_by_its_number_or_in_the_plural_is_the_source(question, source):
    parsed = parse_question(question)
    assert parsed.source == source
    assert parsed.name is None  # "QĐ" names the document, it is not the subject


def test_a_run_of_acronyms_is_written_out_word_by_word():
    parsed = parse_question("Đoàn TNCS HCM có trong văn bản của đơn vị nào?")
    assert parsed.name == "TNCS HCM" and parsed.name_source == "acronym"
    assert "Thanh niên Cộng sản Hồ Chí Minh" in parsed.phrases and "TNCS Hồ Chí Minh" in parsed.phrases


def test_what_is_done_to_a_list_is_not_part_of_its_first_item():
    parsed = parse_question("Xử lý chất thải, rác thải được nêu trong văn bản của những cơ quan nào?")
    assert parsed.type == "units" and parsed.phrases == ["chất thải", "rác thải"]


@pytest.mark.parametrize("text, figure, value", [
    ("phải gửi thư mời hội viên ít nhất 05 (năm) ngày trước ngày dự định Đại hội.", "ít nhất 05 (năm) ngày", 5),
    ("trong thời hạn 30 (ba mươi) ngày làm việc", "30 (ba mươi) ngày", 30),
    ("trong thời hạn chín (9) tháng", "chín (9) tháng", 9),
])
def test_a_number_with_its_words_in_brackets(text, figure, value):
    assert [(f.text, f.value) for f in extract_figures(text, True)] == [(figure, value)]


def test_a_second_question_on_who_issued_is_no_part_of_the_topic():
    parsed = parse_question("Những văn bản nào đề cập đến sở hữu trí tuệ và do cơ quan nào ban hành?")
    assert (parsed.type, parsed.topic) == ("units", "sở hữu trí tuệ")


@pytest.mark.parametrize("question, phrases", [
    # two short terms, the second also without the noun that frames it
    ("Những văn bản nào đề cập đến nước sạch hoặc hệ thống cấp nước, của cơ quan nào?",
     ["nước sạch", "hệ thống cấp nước", "cấp nước"]),
    # two actions are not two subjects: what they act on is
    ("Đơn vị nào có văn bản về sáp nhập hoặc đổi tên hội?", []),
])
def test_short_terms_asked_as_alternatives(question, phrases):
    assert parse_question(question).phrases == phrases


CHINA_PAPER = """ĐỔI MỚI Ở TRUNG QUỐC: THỜI KỲ QUÁ ĐỘ

Còn đầu tư trực tiếp nước ngoài cũng tăng nhanh, từ 1 tỷ năm 80 lên 4 tỷ trong năm 91, và từ năm 93, Trung Quốc là nước thu hút nhiều đầu tư nước ngoài nhất trong số các nền kinh tế mới nổi, với hơn 40 tỷ đôla mỗi năm, đạt tổng giá trị 380 tỷ đôla tính đến tháng 6/2001.
"""


def test_of_a_sentences_figures_the_one_beside_the_date_asked(tmp_path):
    from api.answers import AskRequest, Asker
    from api.answers.figure_answers import _asked_dates
    from tests.conftest import lexical_archive

    assert _asked_dates("tính đến tháng 06/2001, từ ngày 01/3/2025") == {"6/2001", "1/3/2025"}
    reader = lexical_archive(tmp_path, {"trung-quoc.txt": CHINA_PAPER})
    answer = Asker(reader).ask(AskRequest("Tổng giá trị đầu tư nước ngoài vào Trung Quốc tính đến tháng 6/2001 đạt bao nhiêu?")).to_json()
    assert answer["figure"]["value"] == 380e9, answer["answer"]
