"""A question that names a section by its heading is answered with that section
(api/answers/headings.py): in passage answers and in answers by section role."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from api.answers.headings import QuestionWords, heading_syllables, named_section

CHARTER = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

ĐIỀU LỆ
Hội Cựu thanh niên xung phong tỉnh Lâm Đồng

Chương I
TÊN GỌI, TÔN CHỈ, MỤC ĐÍCH

Điều 1. Tên gọi
Hội Cựu thanh niên xung phong tỉnh Lâm Đồng là tổ chức xã hội của những người đã tham gia lực lượng thanh niên xung phong.

Điều 2. Tôn chỉ, mục đích
Hội tập hợp, đoàn kết hội viên, bảo vệ quyền và lợi ích hợp pháp của hội viên, chăm lo đời sống hội viên.

Chương II
HỘI VIÊN

Điều 8. Tiêu chuẩn hội viên
Công dân Việt Nam đã tham gia lực lượng thanh niên xung phong, tán thành Điều lệ Hội, tự nguyện xin vào Hội đều được công nhận là hội viên.

Điều 9. Quyền của hội viên
1. Được Hội cung cấp thông tin, tham gia sinh hoạt và thảo luận các công việc của Hội.
2. Được ứng cử, đề cử, bầu cử vào cơ quan lãnh đạo của Hội.
3. Được xin ra khỏi Hội.

Điều 10. Nghĩa vụ của hội viên
1. Chấp hành Điều lệ, nghị quyết của Hội; hội viên bảo vệ quyền lợi của Hội và quyền lợi hợp pháp của hội viên khác.
2. Đóng hội phí đầy đủ; hội viên tham gia các hoạt động của Hội vì quyền lợi của hội viên.
"""

PLAN = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2026

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của cán bộ, công chức và người dân về cải cách hành chính.

II. ĐỐI TƯỢNG, NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN
1. Đối tượng tuyên truyền
Cán bộ, công chức, viên chức và người dân, doanh nghiệp trên địa bàn tỉnh.
2. Nội dung tuyên truyền
a) Các chủ trương của Đảng về cải cách hành chính, chuyển đổi số và Đề án 06.
b) Kết quả thực hiện Chỉ số cải cách hành chính năm 2025 của tỉnh.
3. Hình thức tuyên truyền
Trên Cổng thông tin điện tử tỉnh, báo chí và hệ thống thông tin cơ sở.
"""


@pytest.mark.parametrize("question, heading", [
    ("Quyền của hội viên Liên đoàn Yoga tỉnh Lâm Đồng theo Điều lệ", "Điều 9. Quyền của hội viên"),
    ("Những điều cấm khi đặt tên doanh nghiệp theo Nghị định 109/2004/NĐ-CP", "Điều 8. Những điều cấm trong đặt tên doanh nghiệp"),
    ("Quy định về dấu cơ quan, tổ chức ban hành văn bản của Đảng", "1.8. Dấu cơ quan, tổ chức ban hành văn bản"),
    ("Kết quả tổ chức Đại hội Hiệp hội Du lịch tỉnh Lâm Đồng nhiệm kỳ 2025 - 2030", "2. Về kết quả tổ chức đại hội"),
    ("Các nhiệm vụ về giải phóng mặt bằng của 02 tuyến cao tốc", "4. Đối với công tác giải phóng mặt bằng"),
    # the heading's pairs skip its function words: "hiện trạng về nhân lực" is "hiện trạng nhân lực"
    ("Kế hoạch CNTT đánh giá hiện trạng nhân lực CNTT của tỉnh thế nào?",
     "IV. PHÂN TÍCH VÀ ĐÁNH GIÁ HIỆN TRẠNG VỀ NHÂN LỰC:"),
])
def test_the_heading_a_question_names(question, heading):
    assert QuestionWords(question).match(heading) is not None


@pytest.mark.parametrize("question, heading", [
    ("Quy định về dấu của Hướng dẫn 36-HD/VPTW của Văn phòng Trung ương", "PHÓ CHÁNH VĂN PHÒNG"),  # 'p' is no numbering
    ("Quyền của hội viên Liên đoàn Yoga tỉnh Lâm Đồng theo Điều lệ", "Điều 10. Nghĩa vụ của hội viên"),
    ("Nội dung tuyên truyền cải cách hành chính năm 2026", "II. ĐỐI TƯỢNG, NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN"),
    ("Nhiệm vụ cải cách hành chính năm 2026 của tỉnh", "b) Nhiệm vụ"),  # too short to name anything
    ("Quyền của hội viên theo Điều lệ", "Chương I"),
])
def test_a_heading_the_question_does_not_name(question, heading):
    assert QuestionWords(question).match(heading) is None


def test_numbering_and_lead_words_are_not_the_heading():
    assert heading_syllables("Điều 8. Những điều cấm") == ["nhung", "dieu", "cam"]
    assert heading_syllables("II - Về kết quả đại hội") == ["ket", "qua", "dai", "hoi"]
    assert heading_syllables("4. Đối với công tác giải phóng mặt bằng") == ["giai", "phong", "mat", "bang"]
    assert heading_syllables("2. Đối với việc lập hồ sơ đề xuất điều chỉnh")[:3] == ["lap", "ho", "so"]
    assert heading_syllables("Chương III. HỘI VIÊN") == ["hoi", "vien"]


def _section(heading, path, start, kind="body"):
    return SimpleNamespace(heading=heading, path=path, start=start, end=start + 100, kind=kind)


def test_the_subsection_under_a_named_parent_is_the_answer():
    parent = "IV. CHỈ SỐ NĂNG LỰC CẠNH TRANH CẤP TỈNH (PCI)"
    sections = [_section("CHỈ SỐ NĂNG LỰC CẠNH TRANH CẤP TỈNH", [], 0, kind="front"),
                _section(parent, [parent], 100),
                _section("3. Các yếu tố ảnh hưởng đến kết quả chỉ số", [parent, "3. Các yếu tố ảnh hưởng đến kết quả chỉ số"], 300)]
    question = QuestionWords("Các yếu tố ảnh hưởng đến kết quả Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) của Lâm Đồng")
    section, match = named_section(question, sections)
    assert section.heading.startswith("3. Các yếu tố") and match.score == 1.0


def test_of_an_article_and_an_item_in_it_named_alike_the_item_is_the_answer():
    article = "Điều 1. Thành lập Ban Chỉ đạo về dữ liệu tỉnh Lâm Đồng (sau đây gọi tắt là Ban Chỉ đạo) gồm các thành viên sau:"
    members = "5. Các thành viên Ban Chỉ đạo:"
    sections = [_section(article, [article], 100),
                _section("4. Giám đốc Sở Khoa học và Công nghệ, Phó Trưởng Ban Chỉ đạo.",
                         [article, "4. Giám đốc Sở Khoa học và Công nghệ, Phó Trưởng Ban Chỉ đạo."], 300),
                _section(members, [article, members], 500),
                _section("Điều 2. Chức năng của Ban Chỉ đạo", ["Điều 2. Chức năng của Ban Chỉ đạo"], 700)]
    question = QuestionWords("Ngoài Trưởng ban và các Phó Trưởng ban, Ban Chỉ đạo về dữ liệu tỉnh Lâm Đồng gồm những thành viên nào?")
    sections[0].end = sections[2].end  # the article holds its items
    assert named_section(question, sections)[0].heading == members


def test_a_heading_named_alike_in_another_part_does_not_win_by_lying_deeper():
    # "2.4. Cải cách tài chính công" only assigns the work (the reading put it under III too); the contents are "4."
    contents, assigned = "III. NỘI DUNG công tác CẢI CÁCH HÀNH CHÍNH từ nay đến năm 2010:", "2. Phân công tổ chức thực hiện :"
    sections = [_section(contents, [contents], 100),
                _section("4. Về cải cách tài chính công:", [contents, "4. Về cải cách tài chính công:"], 300),
                _section(assigned, [contents, assigned], 500),
                _section("2.4. Cải cách tài chính công :", [contents, assigned, "2.4. Cải cách tài chính công :"], 700)]
    question = QuestionWords("Chương trình cải cách hành chính của thành phố Cần Thơ giai đoạn 2004 - 2010 đề ra những nội dung gì "
                             "về cải cách tài chính công?")
    assert named_section(question, sections)[0].heading == "4. Về cải cách tài chính công:"


def test_words_naming_the_document_do_not_name_a_section_in_it():
    # "tham luận của Bộ Giáo dục và Đào tạo về dự án …" names the paper; "các Sở Giáo dục và Đào
    # tạo" the section, which a section named after the ministry must not beat
    path = "IV. TỔ CHỨC THỰC HIỆN"
    sections = [_section("1. Xây dựng bộ tài liệu giáo dục phòng, chống ma túy cho học sinh, sinh viên",
                         ["II. GIẢI PHÁP", "1. Xây dựng bộ tài liệu giáo dục phòng, chống ma túy cho học sinh, sinh viên"], 100),
                _section("1. Bộ Giáo dục và Đào tạo", [path, "1. Bộ Giáo dục và Đào tạo"], 300),
                _section("3. Các Sở Giáo dục và Đào tạo", [path, "3. Các Sở Giáo dục và Đào tạo"], 500)]
    question = QuestionWords("Cho xem mục trách nhiệm của các Sở Giáo dục và Đào tạo trong tham luận của Bộ Giáo dục "
                             "và Đào tạo về dự án phòng, chống ma túy cho học sinh, sinh viên")
    section, _ = named_section(question, sections)
    assert section.heading == "3. Các Sở Giáo dục và Đào tạo"


def test_the_words_of_the_documents_title_name_the_document_not_a_section():
    chapter = "Chương I"
    sections = [_section("Điều 2: Nhiệm vụ kế toán đơn vị ngoài công lập:", [chapter, "Điều 2: Nhiệm vụ kế toán đơn vị ngoài công lập:"], 100),
                _section("Điều 9: Kiểm kê tài sản", [chapter, "Điều 9: Kiểm kê tài sản"], 900)]
    question = QuestionWords("Chế độ kế toán áp dụng cho đơn vị ngoài công lập (Quyết định 12/2001/QĐ-BTC) quy định việc "
                             "kiểm kê tài sản ra sao?")
    title = "Về việc ban hành Chế độ kế toán áp dụng cho các đơn vị ngoài công lập hoạt động trong lĩnh vực Giáo dục, Y tế"
    assert named_section(question, sections, title)[0].heading == "Điều 9: Kiểm kê tài sản"
    # without the title, the article sharing the document's own description has more of the question's words
    assert named_section(question, sections)[0].heading.startswith("Điều 2")


def test_a_code_with_another_year_is_another_document():
    from api.answers.topics import cites_code

    asked = ["109-2004-nd-cp", "109-nd"]
    assert cites_code({"109-2004-nd-cp", "109-nd"}, asked)
    assert cites_code({"109-nd"}, asked)  # "Nghị định 109" with no year
    assert not cites_code({"109-2013-nd-cp", "109-nd"}, asked)
    assert cites_code({"57-nq"}, ["57-nq-tw", "57-nq"])


def test_a_role_word_in_the_documents_description_is_no_role_asked_for():
    from api.answers.questions import parse_question

    described = parse_question("Mục định hướng hội nhập kinh tế quốc tế trong lĩnh vực ngân hàng của bài đề xuất "
                               "chiến lược phát triển ngân hàng thương mại Việt Nam nói gì?")
    assert described.roles == [] and described.type == "passages"
    asked = parse_question("Những đề xuất của Hội Nông dân tỉnh về chuyển đổi số nông nghiệp")
    assert [role.id for role in asked.roles] == ["recommendations"]


@pytest.mark.parametrize("heading, plays", [
    ("3. Quá trình triển khai, chúng tôi gặp một số khó khăn, vướng mắc sau:", True),  # a lead-in to the list
    ("1. Khó khăn, vướng mắc", True),
    ("3. Đánh giá chung về những khó khăn, vướng mắc của các hộ kinh doanh trên địa bàn", False),
    ("2. Giải quyết một số khó khăn, vướng mắc sau khi sáp nhập", False),  # "sau" is not the list's
])
def test_a_heading_that_introduces_the_role_list_plays_the_role(heading, plays):
    from api.answers.questions import roles

    difficulties = next(role for role in roles() if role.id == "difficulties")
    assert difficulties.heading_matches(heading) is plays


def _charter(sport: str, rights: str, extra: str) -> str:
    return f"""ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

ĐIỀU LỆ
Liên đoàn {sport} tỉnh Lâm Đồng

Chương II
QUYỀN HẠN, NHIỆM VỤ

Điều 6. {rights}
1. Tuyên truyền, phổ biến môn {sport} trong nhân dân.
2. Tổ chức các giải {sport} của tỉnh theo quy định.

Điều 7. Nhiệm vụ
Chấp hành các quy định của pháp luật về thể dục, thể thao.
{extra}"""


BASKETBALL = _charter("Bóng rổ", "Quyền hạn", """
Điều 15. Ban Thường vụ Liên đoàn
2. Nhiệm vụ và quyền hạn của Ban Thường vụ Liên đoàn:
a) Quyết định thành lập các tổ chức, đơn vị thuộc Liên đoàn; quyền hạn của Chủ tịch Liên đoàn do Ban Thường vụ giao.
""")
TABLE_TENNIS = _charter("Bóng bàn", "Quyền của Liên đoàn", "")


def test_a_short_heading_is_named_only_in_a_document_the_question_names():
    question = "Điều lệ Liên đoàn Bóng rổ tỉnh Lâm Đồng quy định thế nào về quyền hạn của Liên đoàn?"
    assert QuestionWords(question).match("Điều 6. Quyền hạn") is None  # two words name nothing in the whole archive
    assert QuestionWords(question, named_document=True).match("Điều 6. Quyền hạn") is not None
    assert QuestionWords(question, named_document=True).match("Điều 7. Nhiệm vụ") is None
    # two of its words, but not written in the question as they are in the heading
    assert QuestionWords("quyền của liên đoàn và hạn mức", named_document=True).match("Điều 6. Quyền hạn") is None


def test_a_short_heading_is_named_among_the_topics_documents():
    """Answering by section role, the documents are already the topic's: there two words the
    question writes side by side name a heading ("b. Nhập khẩu:" under "3. Về xuất nhập khẩu" of
    the 2007 industry report), unless they are a role's, which every report's sections play."""
    question = "Tình hình nhập khẩu hàng công nghiệp hai tháng đầu năm 2007 ra sao?"
    assert QuestionWords(question).match("b. Nhập khẩu:") is None
    assert QuestionWords(question, short_names=True).match("b. Nhập khẩu:") is not None
    assert QuestionWords("Kết quả đạt được trong công tác nhập khẩu", short_names=True).match("2. Kết quả") is None
    assert QuestionWords("Tình hình nhập hàng, khẩu trang y tế", short_names=True).match("b. Nhập khẩu:") is None


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    from api.answers.asker import Asker
    from api.search import Searcher
    from indexer.store.reader import open_reader
    from indexer.update import IndexSettings, update_index

    root = tmp_path_factory.mktemp("named")
    folder = root / "reports"
    folder.mkdir()
    (folder / "Dieu le Hoi Cuu TNXP.txt").write_text(CHARTER, encoding="utf-8")
    (folder / "Ke hoach tuyen truyen CCHC 2026.txt").write_text(PLAN, encoding="utf-8")
    (folder / "Dieu le Lien doan Bong ro.txt").write_text(BASKETBALL, encoding="utf-8")
    (folder / "Dieu le Lien doan Bong ban.txt").write_text(TABLE_TENNIS, encoding="utf-8")
    update_index([folder], root / "index", IndexSettings(embed=False))
    reader = open_reader(root / "index")
    return Asker(reader, Searcher(reader))


def _first_section(response):
    return response.units[0].documents[0].evidence[0].section_path


def test_a_passage_question_gets_the_section_it_names(asker):
    from api.answers.asker import AskRequest

    response = asker.ask(AskRequest("Quyền của hội viên Hội Cựu thanh niên xung phong theo Điều lệ"))
    assert response.type == "passages"
    # the articles on members' duties and purpose repeat "quyền", "hội viên" more often; the
    # question names Điều 9 by its heading
    assert _first_section(response)[-1] == "Điều 9. Quyền của hội viên"
    assert response.units[0].documents[0].evidence[0].text.startswith("Điều 9. Quyền của hội viên")


def test_a_role_question_gets_the_subsection_it_names(asker):
    from api.answers.asker import AskRequest

    response = asker.ask(AskRequest("Nội dung tuyên truyền cải cách hành chính năm 2026 gồm những gì?"))
    assert response.type == "sections"
    paths = [e.section_path for u in response.units for d in u.documents for e in d.evidence]
    assert paths[0][-1] == "2. Nội dung tuyên truyền"
    assert not any(path[-1].startswith("II. ĐỐI TƯỢNG") for path in paths)  # not the section around it as well


def test_the_document_a_question_names_is_the_one_holding_all_its_words(asker):
    from api.answers.asker import AskRequest

    response = asker.ask(AskRequest("Điều lệ Liên đoàn Bóng rổ tỉnh Lâm Đồng quy định thế nào về quyền hạn của Liên đoàn?"))
    assert response.type == "passages"
    first = response.units[0].documents[0]
    # the Bóng bàn charter holds every word of the name but one; the sections on the Ban Thường
    # vụ's "nhiệm vụ và quyền hạn" share more of the question's words
    assert first.path.endswith("Dieu le Lien doan Bong ro.txt")
    assert first.evidence[0].section_path[-1] == "Điều 6. Quyền hạn"
    assert not any(d.path.endswith("Bong ban.txt") for u in response.units for d in u.documents)


def test_a_long_heading_paraphrased_is_named_inside_the_document_the_question_names():
    """Nghị định 114/2003/NĐ-CP: "… cấm cán bộ, công chức xã, phường, thị trấn làm những việc gì?"
    asks for "Điều 11. Những việc cán bộ, công chức cấp xã không được làm" — seven of its nine words,
    three of its eight pairs: named inside that decree, not over the whole archive."""
    from api.answers.topics import named_by_number

    question = "Nghị định 114/2003/NĐ-CP cấm cán bộ, công chức xã, phường, thị trấn làm những việc gì?"
    heading = "Điều 11. Những việc cán bộ, công chức cấp xã không được làm"
    assert QuestionWords(question).match(heading) is None
    assert QuestionWords(question, named_document=True).match(heading) is not None
    assert QuestionWords(question, named_document=True).match("Điều 12. Chế độ tiền lương của cán bộ, công chức") is None
    decrees = {1: SimpleNamespace(number="114/2003/NĐ-CP"), 2: SimpleNamespace(number="117/2003/NĐ-CP")}
    assert list(named_by_number(question, decrees)) == [1]


@pytest.mark.parametrize("question,heading", [
    # a bracketed gloss is no part of what the question must write
    ("Mẫu thuyết minh dự án yêu cầu trình bày phương án tài chính dựa trên những gì?",
     "16.2. Phương án tài chính (phân tích và tính toán tài chính của quá trình thực hiện dự án) trên cơ sở:"),
    # a heading that is a sentence, named by its opening
    ("Việc bố trí nhân sự, xử lý tài chính, tài sản khi hợp nhất, đổi tên các hội được quyết định thế nào?",
     "Điều 2. Việc bố trí nhân sự, xử lý tài chính, tài sản, hồ sơ, tài liệu có liên quan khi hợp nhất, đổi tên các "
     "hội thực hiện theo đúng quy định của pháp luật và hướng dẫn của Ban Thường trực Ủy ban"),
])
def test_a_heading_written_otherwise_than_the_question_names_it(question, heading):
    assert QuestionWords(question).match(heading) is not None


def test_the_opening_of_a_sentence_heading_must_be_the_questions_own():
    heading = ("Điều 2. Việc bố trí nhân sự, xử lý tài chính, tài sản, hồ sơ, tài liệu có liên quan khi hợp nhất, đổi "
               "tên các hội thực hiện theo đúng quy định của pháp luật")
    assert QuestionWords("Việc xử lý tài sản khi giải thể hội được quy định thế nào?").match(heading) is None


def test_a_word_written_apart_names_the_heading_as_fully_as_written_joined():
    heading = "Điều 13 : Quản lý, sử dụng xe ôtô"
    apart = QuestionWords("Quy chế quy định việc quản lý, sử dụng xe ô tô ra sao?").match(heading)
    joined = QuestionWords("Quy chế quy định việc quản lý, sử dụng xe ôtô ra sao?").match(heading)
    assert apart == joined and apart.score == 1.0


def test_the_sections_a_question_names_in_a_document_it_names_are_ranked_best_first():
    """"… nhân dân được bàn và quyết định trực tiếp những việc gì?" in the decree it names: the
    article on how the people decide ("Điều 8") shares as many words as the one listing what they
    decide ("Điều 6"); both are shown, ranked, and an article the question does not name is not."""
    from api.answers.headings import ranked_sections

    chapter = "Chương III"
    sections = [_section("Điều 6. Nhân dân ở xã, thôn, làng, ấp, bản bàn và quyết định trực tiếp những công việc chủ yếu sau :",
                         [chapter, "Điều 6."], 100),
                _section("Điều 8. Phương thức thực hiện những việc nhân dân quyết định trực tiếp:", [chapter, "Điều 8."], 300),
                _section("Điều 12. Chế độ tiền lương của cán bộ, công chức", ["Chương V", "Điều 12."], 500)]
    question = QuestionWords("Theo Quy chế thực hiện dân chủ ở xã ban hành kèm Nghị định 29/1998/NĐ-CP, nhân dân được bàn "
                             "và quyết định trực tiếp những việc gì?", named_document=True)
    ranked = [section.heading[:7] for section, _match in ranked_sections(question, sections)]
    assert sorted(ranked) == ["Điều 6.", "Điều 8."]
    assert named_section(question, sections)[0].heading[:7] == ranked[0]


CLUB_CHARTER = """ĐIỀU LỆ
Câu lạc bộ Mô tô Thể thao tỉnh Lâm Đồng

Chương III
TỔ CHỨC THÀNH VIÊN VÀ HỘI VIÊN

Điều 8: Tiêu chuẩn tổ chức thành viên và Hội viên
1. Tổ chức thành viên
Các câu lạc bộ mô tô thể thao cấp xã tán thành Điều lệ được công nhận là tổ chức thành viên.
2. Hội viên
Công dân Việt Nam yêu thích môn mô tô thể thao, tán thành Điều lệ được công nhận là hội viên.

Chương VII
KHEN THƯỞNG, KỶ LUẬT

Điều 25: Khen thưởng
1. Hội viên, các tổ chức thành viên có nhiều thành tích thì được khen thưởng theo quy định của Câu lạc bộ và quy định của Nhà nước.
2. Hình thức khen thưởng gồm giấy khen, bằng khen của Ban Chấp hành Câu lạc bộ.
"""


def test_an_organisations_charter_is_read_with_the_words_beyond_its_name(tmp_path):
    # the whole question holds "tổ chức thành viên", a heading too; beyond the club's name it asks of "khen thưởng"
    from api.answers import AskRequest, Asker
    from tests.conftest import lexical_archive

    asker = Asker(lexical_archive(tmp_path, {"dieu-le-clb-moto.txt": CLUB_CHARTER}))
    answer = asker.ask(AskRequest("Câu lạc bộ Mô tô Thể thao tỉnh Lâm Đồng khen thưởng hội viên, tổ chức thành viên theo "
                                  "những hình thức nào?")).to_json()
    first = answer["units"][0]["documents"][0]["evidence"][0]
    assert "Điều 25: Khen thưởng" in first["section_path"], first["section_path"]


VETERANS_CHARTER = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

ĐIỀU LỆ
Hội Cựu quân nhân Quân đoàn II tỉnh Lâm Đồng

CHƯƠNG II
NHIỆM VỤ, QUYỀN HẠN CỦA HỘI

Điều 4. Nhiệm vụ của Hội
Tập hợp, đoàn kết cựu quân nhân; tuyên truyền truyền thống của Quân đoàn; tham gia xây dựng quê hương.

CHƯƠNG IV
TỔ CHỨC, BỘ MÁY

Điều 13. Thường trực Hội
1. Thường trực Hội gồm Chủ tịch, các Phó Chủ tịch.
2. Thường trực Hội họp định kỳ mỗi tháng một lần.
3. Thường trực Hội có nhiệm vụ, quyền hạn:
a) Thay mặt Ban Thường vụ điều hành công việc hằng ngày của Hội.
b) Chuẩn bị nội dung các kỳ họp của Ban Thường vụ.
"""

PICKLEBALL_DECISION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

QUYẾT ĐỊNH
Về việc cho phép thành lập Liên đoàn Pickleball tỉnh Lâm Đồng

Điều 1. Cho phép thành lập Liên đoàn Pickleball tỉnh Lâm Đồng.
Liên đoàn có tư cách pháp nhân, con dấu và tài khoản riêng.
"""

PICKLEBALL_REQUEST = """SỞ NỘI VỤ TỈNH LÂM ĐỒNG

TỜ TRÌNH
Về việc đề nghị ban hành Quyết định thành lập Liên đoàn Pickleball tỉnh Lâm Đồng

1. Về sự cần thiết
Phong trào Pickleball phát triển mạnh trên địa bàn tỉnh.
2. Về hồ sơ đề nghị cho phép thành lập Liên đoàn
Hồ sơ gồm: đơn đề nghị, dự thảo điều lệ, danh sách ban vận động, đề án hoạt động và văn bản xác nhận trụ sở.
"""


def test_a_role_question_gets_the_organ_whose_heading_it_writes_whole(tmp_path):
    """"Thường trực Hội … có nhiệm vụ, quyền hạn gì?": the roles are asked of the organ whose heading the
    question writes word for word, not of the Hội, whose "Nhiệm vụ của Hội" plays the role; a heading
    that only restates its document's title ("Điều 1. Cho phép thành lập Liên đoàn …") names nothing in it."""
    from api.answers import AskRequest, Asker
    from tests.conftest import lexical_archive

    asker = Asker(lexical_archive(tmp_path, {"dieu-le.txt": VETERANS_CHARTER, "quyet-dinh.txt": PICKLEBALL_DECISION,
                                             "to-trinh.txt": PICKLEBALL_REQUEST}))
    answer = asker.ask(AskRequest("Thường trực Hội Cựu quân nhân Quân đoàn II tỉnh Lâm Đồng có nhiệm vụ, quyền hạn gì?")).to_json()
    assert answer["type"] == "sections"
    first = answer["units"][0]["documents"][0]["evidence"][0]
    assert first["section_path"][-2:] == ["Điều 13. Thường trực Hội", "3. Thường trực Hội có nhiệm vụ, quyền hạn:"], first
    answer = asker.ask(AskRequest("Hồ sơ đề nghị cho phép thành lập Liên đoàn Pickleball tỉnh Lâm Đồng gồm những giấy tờ gì?")).to_json()
    paths = [e["section_path"][-1] for u in answer["units"] for d in u["documents"] for e in d["evidence"]]
    assert "Điều 1. Cho phép thành lập Liên đoàn Pickleball tỉnh Lâm Đồng." not in paths, paths


CYCLING_CHARTER = """LIÊN ĐOÀN XE ĐẠP THỂ THAO TỈNH LÂM ĐỒNG

ĐIỀU LỆ
Liên đoàn Xe đạp thể thao tỉnh Lâm Đồng

Chương II
QUYỀN HẠN, NGHĨA VỤ

Điều 6. Quyền hạn của Liên đoàn
Tuyên truyền mục đích của Liên đoàn; đại diện cho hội viên trong quan hệ đối nội, đối ngoại.

Điều 7. Nghĩa vụ, trách nhiệm của Liên đoàn
Chấp hành các quy định của pháp luật có liên quan đến tổ chức, hoạt động của Liên đoàn.
"""

CYCLING_DECISION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

QUYẾT ĐỊNH
Về việc cho phép đổi tên Liên đoàn Xe đạp thể thao tỉnh Bình Thuận thành Liên đoàn Xe đạp thể thao tỉnh Lâm Đồng và phê duyệt Điều lệ (sửa đổi, bổ sung) Liên đoàn Xe đạp thể thao tỉnh Lâm Đồng

Điều 1. Cho phép đổi tên Liên đoàn và phê duyệt Điều lệ (sửa đổi, bổ sung) của Liên đoàn.
Liên đoàn có nghĩa vụ, trách nhiệm chấp hành Điều lệ đã được phê duyệt.
"""


def test_a_sources_bracketed_qualifier_is_part_of_its_name_but_not_of_its_title(tmp_path):
    """"Theo Điều lệ (sửa đổi, bổ sung) Liên đoàn …, …": the source runs past the comma in its bracket,
    and the charter, whose own title does not repeat "(sửa đổi, bổ sung)", is the document named."""
    from api.answers import AskRequest, Asker
    from api.answers.questions import parse_question
    from tests.conftest import lexical_archive

    question = "Theo Điều lệ (sửa đổi, bổ sung) Liên đoàn Xe đạp thể thao tỉnh Lâm Đồng, Liên đoàn có những nghĩa vụ, trách nhiệm gì?"
    assert parse_question(question).source == "Điều lệ (sửa đổi, bổ sung) Liên đoàn Xe đạp thể thao tỉnh Lâm Đồng"
    asker = Asker(lexical_archive(tmp_path, {"dieu-le.txt": CYCLING_CHARTER, "quyet-dinh.txt": CYCLING_DECISION}))
    first = asker.ask(AskRequest(question)).to_json()["units"][0]["documents"][0]
    assert first["path"].endswith("dieu-le.txt"), first["path"]
    assert first["evidence"][0]["section_path"][-1] == "Điều 7. Nghĩa vụ, trách nhiệm của Liên đoàn"


GOLF_CHARTER = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

ĐIỀU LỆ CỦA HỘI GOLF TỈNH LÂM ĐỒNG, NHIỆM KỲ 2025 - 2030
(Kèm theo Quyết định số        /QĐ-UBND ngày      tháng 11 năm 2025
của Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng)

Chương IV
TỔ CHỨC, BỘ MÁY

Điều 17. Chủ tịch, Phó Chủ tịch Hội
Chủ tịch Hội là người đại diện theo pháp luật của Hội; Phó Chủ tịch Hội giúp Chủ tịch Hội.

Điều 18. Các chức danh khác
1. Chủ tịch Danh dự: hội viên có nhiều uy tín có thể được bầu là Chủ tịch danh dự của Hội.
2. Tổng thư ký: giúp Chủ tịch Hội và thực hiện một số nhiệm vụ do Chủ tịch Hội giao.
"""

GOLF_REQUEST = """SỞ NỘI VỤ TỈNH LÂM ĐỒNG

TỜ TRÌNH
Về việc báo cáo kết quả tổ chức Đại hội và đề nghị phê duyệt Điều lệ Hội Golf tỉnh Lâm Đồng, nhiệm kỳ 2025 - 2030

2. Về kết quả tổ chức đại hội
Ban Chấp hành Hội Golf tỉnh Lâm Đồng nhiệm kỳ 2025 - 2030 đã bầu ra các chức danh Chủ tịch hội, các Phó Chủ tịch hội.
"""


def test_a_charter_whose_title_read_is_its_note_is_named_by_its_opening_and_what_is_set_aside_is_not_asked(tmp_path):
    """The charter's title was read as its bracketed note "(Kèm theo Quyết định số …)": its opening
    lines name it ("ĐIỀU LỆ CỦA HỘI GOLF …"), so it is the document the question names, not the Tờ
    trình holding every word in its title. "Ngoài Chủ tịch và Phó Chủ tịch, …" sets those aside."""
    from api.answers import AskRequest, Asker
    from api.answers.questions import parse_question
    from tests.conftest import lexical_archive

    question = "Ngoài Chủ tịch và Phó Chủ tịch, Điều lệ Hội Golf tỉnh Lâm Đồng nhiệm kỳ 2025 - 2030 quy định những chức danh nào khác?"
    parsed = parse_question(question)
    assert parsed.besides == "Chủ tịch và Phó Chủ tịch"
    assert parsed.source == "Điều lệ Hội Golf tỉnh Lâm Đồng nhiệm kỳ 2025 - 2030"
    reader = lexical_archive(tmp_path, {"dieu-le.txt": GOLF_CHARTER, "to-trinh.txt": GOLF_REQUEST})
    first = Asker(reader).ask(AskRequest(question)).to_json()["units"][0]["documents"][0]
    assert first["path"].endswith("dieu-le.txt"), first["path"]
    assert first["evidence"][0]["section_path"][-1] == "Điều 18. Các chức danh khác"


def test_words_naming_the_documents_issuer_do_not_name_a_section_in_it():
    path = "IV. TỔ CHỨC THỰC HIỆN"
    sections = [_section("1. Bộ Giáo dục và Đào tạo", [path, "1. Bộ Giáo dục và Đào tạo"], 300),
                _section("3. Các Sở Giáo dục và Đào tạo", [path, "3. Các Sở Giáo dục và Đào tạo"], 500)]
    question = QuestionWords("Trong tham luận về Tiểu dự án 03, Bộ Giáo dục và Đào tạo giao các Sở Giáo dục và Đào tạo "
                             "những nhiệm vụ gì?")
    section, _ = named_section(question, sections, issuer="Bộ Giáo dục và Đào tạo")
    assert section.heading == "3. Các Sở Giáo dục và Đào tạo"
    section, _ = named_section(question, sections)
    assert section.heading == "1. Bộ Giáo dục và Đào tạo"  # the issuer unknown, the first heading holding the words


@pytest.mark.parametrize("heading, plays", [
    ("4. Để nâng cao hiệu quả phối hợp giữa các lực lượng chuyên trách, thời gian tới tỉnh Điện Biên tập trung chỉ đạo "
     "thực hiện một số nhiệm vụ, giải pháp", True),  # the role ends the heading
    ("III. GIẢI PHÁP THỰC HIỆN", True),
    ("2. Kết quả thực hiện các nhiệm vụ, giải pháp năm 2025", False),
])
def test_a_heading_ending_with_the_role_plays_it(heading, plays):
    from api.answers.questions import roles

    directions = next(role for role in roles() if role.id == "directions")
    assert directions.heading_matches(heading) is plays


BORDER_PAPER = """UBND TỈNH ĐIỆN BIÊN

THAM LUẬN
Tình hình công tác đấu tranh, phòng chống tội phạm ma túy trên tuyến biên giới

I. TÌNH HÌNH
Tội phạm ma túy trên tuyến biên giới diễn biến phức tạp.

4. Để nâng cao hiệu quả phối hợp giữa các lực lượng chuyên trách phòng, chống tội phạm ma túy trên địa bàn, thời gian tới tỉnh Điện Biên tập trung thực hiện một số nhiệm vụ, giải pháp
a) Tăng cường phối hợp giữa Công an, Bộ đội Biên phòng và Hải quan trong đấu tranh phòng, chống tội phạm ma túy.
"""

HOME_PLAN = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

KẾ HOẠCH
Tăng cường công tác đấu tranh phòng, chống tội phạm ma túy năm 2026

III. GIẢI PHÁP THỰC HIỆN
1. Nâng cao hiệu quả phối hợp giữa các lực lượng chuyên trách phòng, chống tội phạm ma túy.
"""


def test_a_place_opening_the_question_chooses_its_documents(tmp_path):
    from api.answers import AskRequest, Asker
    from api.answers.questions import parse_question
    from tests.conftest import lexical_archive

    question = ("Tỉnh Điện Biên đưa ra những nhiệm vụ, giải pháp gì để nâng cao hiệu quả phối hợp giữa các lực lượng "
                "chuyên trách phòng, chống tội phạm ma túy?")
    assert parse_question(question).place == "tỉnh Điện Biên"
    assert parse_question("Tỉnh có bao nhiêu xã đạt chuẩn nông thôn mới?").place is None  # a capital, no name
    # the place asked about, not where: no place
    assert parse_question("Thành phố Đà Nẵng được nhắc đến trong tài liệu của những cơ quan nào?").place is None
    answer = Asker(lexical_archive(tmp_path, {"dien_bien.txt": BORDER_PAPER, "ke_hoach.txt": HOME_PLAN})).ask(
        AskRequest(question)).to_json()
    assert answer["type"] == "sections"
    assert [u["unit"] for u in answer["units"]] == ["UBND tỉnh Điện Biên"], answer["answer"]
    assert answer["units"][0]["documents"][0]["evidence"][0]["section_path"][-1].startswith("4. Để nâng cao")


CAPITAL_PAPER = """UBND THÀNH PHỐ HÀ NỘI

THAM LUẬN
Xây dựng mô hình thôn, tổ dân phố không ma túy

1. Tăng cường tuyên truyền phòng, chống ma túy trong cộng đồng dân cư.
6. Đẩy mạnh ứng dụng thành tựu khoa học công nghệ, trí tuệ nhân tạo, phân tích dữ liệu trong phát hiện, điều tra tội phạm ma túy và chuyển đổi số các mặt công tác phòng, chống ma túy
Xây dựng cơ sở dữ liệu người nghiện, người sử dụng trái phép chất ma túy, kết nối cơ sở dữ liệu quốc gia về dân cư.
"""


def test_in_the_named_places_own_paper_the_section_the_question_paraphrases(tmp_path):
    from api.answers import AskRequest, Asker
    from tests.conftest import lexical_archive

    answer = Asker(lexical_archive(tmp_path, {"ha_noi.txt": CAPITAL_PAPER, "ke_hoach.txt": HOME_PLAN})).ask(AskRequest(
        "Thành phố Hà Nội đề xuất đẩy mạnh ứng dụng khoa học công nghệ, trí tuệ nhân tạo, phân tích dữ liệu vào phòng, "
        "chống ma túy như thế nào?")).to_json()
    paths = [e["section_path"][-1] for u in answer["units"] for d in u["documents"] for e in d["evidence"]]
    assert paths and paths[0].startswith("6. Đẩy mạnh ứng dụng"), answer["answer"]


NOTARIES_DECISION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

QUYẾT ĐỊNH
Về việc phê duyệt Đề án tổ chức Đại hội hợp nhất Hội Công chứng viên tỉnh Lâm Đồng lần thứ I, nhiệm kỳ 2025 - 2030

Điều 1. Phê duyệt Đề án tổ chức Đại hội hợp nhất Hội Công chứng viên tỉnh Lâm Đồng lần thứ I, nhiệm kỳ 2025 - 2030 theo Tờ trình số 59/TTr-HCCV ngày 28 tháng 11 năm 2025 của Hội.
Đề án kèm theo Quyết định này.

Điều 2. Ban Chấp hành lâm thời Hội Công chứng viên tỉnh Lâm Đồng có trách nhiệm khẩn trương tổ chức Đại hội hợp nhất Hội Công chứng viên tỉnh Lâm Đồng lần thứ I, nhiệm kỳ 2025 - 2030 theo quy định.
Việc tổ chức Đại hội bảo đảm tiết kiệm, đúng Điều lệ.

Điều 3. Trong thời hạn 07 ngày làm việc kể từ ngày kết thúc Đại hội, Ban Chấp hành gửi 01 bộ hồ sơ cho Ủy ban nhân dân tỉnh qua Sở Nội vụ.
Hồ sơ gồm biên bản, nghị quyết và danh sách Ban Chấp hành.

Điều 4. Quyết định này có hiệu lực kể từ ngày ký.
"""


def test_in_the_document_named_a_sentence_heading_is_found_by_the_words_the_question_shares_with_it(tmp_path):
    # "Điều 2. Ban Chấp hành lâm thời … có trách nhiệm khẩn trương tổ chức Đại hội …" holds too many words of its own
    # for any share of them to be in the question; beyond the decision's title the question shares the most with it
    from api.answers import AskRequest, Asker
    from tests.conftest import lexical_archive

    asker = Asker(lexical_archive(tmp_path, {"qd-phe-duyet-de-an.txt": NOTARIES_DECISION, "ke-hoach-cchc.txt": PLAN}))
    answer = asker.ask(AskRequest("Quyết định phê duyệt Đề án tổ chức Đại hội hợp nhất Hội Công chứng viên tỉnh Lâm Đồng lần thứ I "
                                  "(nhiệm kỳ 2025 - 2030) giao Ban Chấp hành lâm thời trách nhiệm gì?")).to_json()
    first = answer["units"][0]["documents"][0]["evidence"][0]
    assert first["section_path"][-1].startswith("Điều 2. Ban Chấp hành lâm thời"), first["section_path"]


@pytest.mark.parametrize("question, precedents", [
    ("Hướng dẫn 36-HD/VPTW quy định thể thức và cách trình bày tên loại văn bản của Đảng như thế nào?", False),
    ("Quyết định 1141-TC/QĐ/CĐKT quy định cách ghi sổ kế toán ra sao?", False),
    ("Các đơn vị khác trình bày phần hạn chế, nguyên nhân như thế nào?", True),
    ("Cho tôi xem cách viết phần kiến nghị, đề xuất trong báo cáo tổng kết", True),
])
def test_how_a_document_named_by_its_code_says_something_is_that_documents_section(question, precedents):
    from api.answers.questions import parse_question

    assert (parse_question(question).type == "precedents") == precedents
