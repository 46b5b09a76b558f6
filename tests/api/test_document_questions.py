"""Questions about documents (signer, date, number, cited documents, what a unit issued in a
period) and about who did something, on the bundled reports; the periods and the question
reading they rely on."""

import re
from pathlib import Path

import pytest

from api.answers import AskRequest, Asker
from api.answers.actor_answers import read_actor
from api.answers.periods import find_period
from api.answers.questions import parse_question
from indexer.extraction.vietnamese.normalize import match_form
from indexer.store.reader import open_reader
from tests.conftest import lexical_archive

PROVINCE_FRONT = "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"


@pytest.fixture(scope="module")
def asker(corpus_index):
    return Asker(open_reader(corpus_index))


def _ask(asker, question):
    return asker.ask(AskRequest(question)).to_json()


def _lead(answer) -> str:
    return answer["answer"].splitlines()[0]


def _unquoted(line: str) -> str:
    return re.sub(r"“[^”]*”", " ", line)


def test_who_signed_is_read_from_the_signature_and_cited_at_it(asker, corpus_index):
    answer = _ask(asker, "Ai ký báo cáo tổng kết Kết luận 62 của Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương?")
    assert answer["type"] == "documents" and answer["document"]["field"] == "signer"
    assert "Nguyễn Đình Xiển" in _unquoted(_lead(answer)) and "Phó Chủ tịch" in _lead(answer)
    assert _lead(answer).endswith("[1]")
    citation = answer["citations"][0]
    text = open_reader(corpus_index).document(citation["doc_id"]).text
    assert text[citation["char_start"]:citation["char_end"]] == "Nguyễn Đình Xiển"


def test_issue_date_leads_the_answer(asker):
    answer = _ask(asker, "Báo cáo tổng kết Kết luận 62 của Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương ban hành ngày nào?")
    assert answer["document"] == {**answer["document"], "field": "date", "value": "2019-04-10"}
    assert re.search(r"\b10/04/2019\b", _unquoted(_lead(answer)))


def test_a_report_without_a_date_is_said_to_have_none(asker):
    answer = _ask(asker, "Báo cáo của Ban Thường vụ Đảng ủy phường Hải Dương về Kết luận 62 ban hành ngày nào?")
    assert answer["document"]["value"] is None and not answer["not_found"]
    assert "không ghi ngày ban hành" in _lead(answer)


def test_cited_documents_are_listed_one_per_line_each_cited(asker):
    answer = _ask(asker, "Báo cáo tổng kết Kết luận 62 của Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương dẫn chiếu những văn bản nào?")
    assert answer["document"]["field"] == "cites"
    listed = [line for line in answer["answer"].splitlines()[1:] if line.startswith("- ")]
    codes = {re.search(r"số (\S+)", line).group(1) for line in listed}
    assert {"62-KL/TW", "6140/MTTW-BTT", "163-KH/TU"} <= codes
    assert all(re.search(r"\[\d+\]$", line) for line in listed)
    assert len(answer["citations"]) == len(listed)


def test_documents_a_unit_issued_in_a_period(asker):
    answer = _ask(asker, f"{PROVINCE_FRONT} đã ban hành những văn bản nào năm 2019?")
    assert answer["document"]["field"] == "issued" and answer["document"]["period"] == ["2019-01-01", "2019-12-31"]
    documents = [d for u in answer["units"] for d in u["documents"]]
    assert len(documents) == 1 and documents[0]["date"] == "2019-04-10"
    assert _ask(asker, f"{PROVINCE_FRONT} đã ban hành những văn bản nào năm 2021?")["not_found"]


def test_the_actor_of_an_action_not_the_unit_that_reports_it(asker):
    answer = _ask(asker, "Các lớp tập huấn, bồi dưỡng nghiệp vụ cho cán bộ Mặt trận do ai tổ chức?")
    assert answer["type"] == "actors"
    assert answer["actor"]["name"] == "cấp trên"
    # the question restated with the actor in place of "ai"
    assert _lead(answer).startswith("Các lớp tập huấn, bồi dưỡng nghiệp vụ cho cán bộ Mặt trận do cấp trên tổ chức.")


@pytest.mark.parametrize("sentence,action,name", [
    ("Ngày 22/01/2026, đồng chí Trần Văn An - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh đã chủ trì Hội nghị tổng kết.",
     "chu tri", "đồng chí Trần Văn An - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh"),
    ("Chủ trì: Đồng chí Lê Minh Hòa - Phó Chủ tịch UBND tỉnh", "chu tri", "Đồng chí Lê Minh Hòa - Phó Chủ tịch UBND tỉnh"),
    ("Hội nghị do Ban Thường trực Ủy ban MTTQ tỉnh tổ chức tại Hội trường tỉnh.", "to chuc", "Ban Thường trực Ủy ban MTTQ tỉnh"),
    ("Dưới sự chủ trì của Sở Nội vụ, các sở đã rà soát thủ tục hành chính.", "chu tri", "Sở Nội vụ"),
    ("UBND tỉnh giao Sở Tư pháp chủ trì, phối hợp với các sở, ngành triển khai Đề án.", "chu tri", "Sở Tư pháp"),
    ("1. Sở Khoa học và Công nghệ làm nhiệm vụ cơ quan thường trực của Ban Chỉ đạo; bảo đảm các điều kiện cần thiết.",
     "thuong truc", "Sở Khoa học và Công nghệ"),
    # an article that opens with the verb assigning the task
    ("3. Giao Cục Lưu trữ Văn phòng Trung ương Đảng hướng dẫn, kiểm tra, theo dõi việc thực hiện Hướng dẫn này.",
     "huong dan", "Cục Lưu trữ Văn phòng Trung ương Đảng"),
    # a list item's marker is no part of the name; a department's name may hold a comma
    ("a) Vụ Học sinh, sinh viên chủ trì phối hợp với các đơn vị liên quan triển khai thực hiện Dự án;", "chu tri",
     "Vụ Học sinh, sinh viên"),
    # a person named with their own office, then the position asked about
    ("Bộ trưởng Bộ Công an Đại tướng Lương Tam Quang, Phó Trưởng Ban Thường trực Ban Chỉ đạo.", "pho truong ban",
     "Bộ trưởng Bộ Công an Đại tướng Lương Tam Quang"),
    ("- Đồng chí Hồ Văn Mười - Chủ tịch UBND tỉnh: Chủ trì điểm cầu tại tỉnh;", "chu tri",
     "Đồng chí Hồ Văn Mười - Chủ tịch UBND tỉnh"),
    # a body's full name runs to thirteen words; "có trách nhiệm" is how a rule says "chịu trách nhiệm"
    ("Theo đó, Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cấp tỉnh có trách nhiệm thực hiện sắp xếp tổ chức bộ máy.",
     "chiu trach nhiem", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cấp tỉnh"),
    ("Sau khi VCCI công bố Bộ chỉ số mới, Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh sẽ chủ trì, phối hợp "
     "với các sở, ngành.", "chu tri", "Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh"),
    # "tiến hành", "tăng cường" before the verb; asked to ("Đề nghị X …") is the actor all the same
    ("1. Giao Sở Y tế tiến hành rà soát, giao nhiệm vụ các Trung tâm Y tế khu vực, Trạm Y tế cấp xã.", "ra soat", "Sở Y tế"),
    ("- Đề nghị Chi cục Hải quan khu vực XIII tăng cường kiểm tra, kiểm soát, giám sát hải quan.", "kiem tra",
     "Chi cục Hải quan khu vực XIII"),
    # a request named by its noun; who, in brackets after what they are
    ("Theo đề nghị của công dân (ông Dương Quý Sỹ) về việc đề nghị cho phép thành lập Hội Ái hữu Pháp ngữ Đà Lạt - Lâm Đồng; "
     "sau khi xem xét, UBND tỉnh có ý kiến như sau:", "de nghi", "ông Dương Quý Sỹ"),
    ("Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV.", "de nghi", "Giám đốc Sở Nội vụ"),
    ("Có 24 cơ quan gửi văn bản thống nhất; 01 đơn vị (Công an tỉnh) có văn bản góp ý bổ sung.", "gop y", "Công an tỉnh"),
    # a rule's duty: "có trách nhiệm" before the verb is no part of the name
    ("Trong thời hạn 20 ngày kể từ ngày nhận được đơn khiếu nại, Tổng cục Hải quan có trách nhiệm giải quyết xong "
     "đơn khiếu nại của đối tượng nộp thuế.", "giai quyet", "Tổng cục Hải quan"),
    # a person with their positions, at the event the sentence names by its action ("tại buổi kiểm tra")
    ("Ngày 18/7/2025, đồng chí Lê Trọng Yên - Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND tỉnh tại buổi kiểm tra về "
     "tình hình hoạt động, tổ chức bộ máy chính quyền tại xã Hàm Liêm.", "kiem tra",
     "đồng chí Lê Trọng Yên - Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND tỉnh"),
    # a passive's agent, after how the action is done
    ("Lập bảng kê hoá đơn thanh hủy và phải được chấp thuận bằng văn bản của Tổng cục Thuế.", "chap thuan",
     "Tổng cục Thuế"),
])
def test_actor_read_from_the_grammar_of_the_sentence(sentence, action, name):
    assert read_actor(sentence, action).name == name


@pytest.mark.parametrize("question,action,as_object", [
    ("Đơn vị nào thuộc Bộ Công an trực tiếp đề nghị phối hợp đánh giá kết quả cải cách hành chính?", "de nghi", False),
    ("Cơ quan nào được giao cấu hình biểu mẫu điện tử cho thủ tục hành chính?", "cau hinh", False),
    ("Văn phòng UBND tỉnh Bình Thuận cử ai tham gia Tổ kiểm tra công vụ?", "tham gia", False),
    ("Báo cáo tỷ giá mua, bán ngoại tệ gửi về đơn vị nào?", "gui", True),
    # a purpose after the asker ("để tổng hợp") is not the action; the action went before it
    ("Khó khăn, vướng mắc phải gửi qua cơ quan nào để tổng hợp?", "gui", True),
    # a newspaper is asked for; "đăng" (publish) is no "đang"
    ("Thông báo giải thể 06 hội của UBND tỉnh Bình Thuận đề nghị tờ báo nào đăng thông báo?", "dang", False),
    ("Cơ quan nào đang theo dõi việc chuyển đổi số của tỉnh?", "theo doi", False),
])
def test_the_action_of_an_actor_question_with_any_verb(question, action, as_object):
    parsed = parse_question(question)
    assert (parsed.action, parsed.action_object) == (action, as_object)


@pytest.mark.parametrize("sentence,action,name", [
    # where a report goes: its form says who receives it
    ("4. Đơn vị nhận báo cáo: Vụ Chính sách tiền tệ", "gui", "Vụ Chính sách tiền tệ"),
    ("Báo cáo gửi về Vụ Tín dụng trước ngày 10 hằng tháng.", "gui", "Vụ Tín dụng"),
])
def test_the_one_an_action_goes_to(sentence, action, name):
    assert read_actor(sentence, action, as_object=True).name == name


def test_the_one_sent_to_take_part_is_the_actor_of_taking_part():
    found = read_actor("Văn phòng UBND tỉnh cử ông Nguyễn Đức Hải - Phó Chánh Văn phòng UBND tỉnh tham gia Tổ kiểm tra công vụ.",
                       "tham gia")
    assert found.name == "ông Nguyễn Đức Hải - Phó Chánh Văn phòng UBND tỉnh"


def test_a_sentence_naming_no_actor_gives_none():
    assert read_actor("Việc được giao chủ trì Tiểu dự án sẽ giúp tăng thêm nguồn lực.", "chu tri") is None


@pytest.mark.parametrize("question,dtype,field", [
    ("Ai ký Tờ trình số 1050/TTr-SNV?", "documents", "signer"),
    ("Quyết định đổi tên Câu lạc bộ Mô tô Thể thao được ban hành ngày nào?", "documents", "date"),
    ("Tờ trình phê duyệt Điều lệ Hiệp hội Vận tải ô tô có số hiệu là gì?", "documents", "number"),
    ("Quyết định này căn cứ những văn bản nào?", "documents", "cites"),
    ("Sở Nội vụ đã ban hành những văn bản nào trong tháng 10/2025?", "documents", "issued"),
    ("Trong tháng 10 năm 2025, Công an tỉnh Lâm Đồng đã gửi những văn bản nào?", "documents", "issued"),
    ("Ai chủ trì Hội nghị tổng kết công tác Mặt trận năm 2025?", "actors", None),
    ("Đơn vị nào tổ chức Hội nghị tổng kết công tác Mặt trận năm 2025?", "actors", None),
    ("Những đơn vị nào đã tổ chức hội nghị tổng kết Kết luận 62?", "units", None),
    ("Liệt kê các đơn vị có văn bản về việc thành lập Hội Ái hữu Pháp ngữ Đà Lạt.", "units", None),
    ("Cơ quan nào làm nhiệm vụ cơ quan thường trực của Ban Chỉ đạo về dữ liệu tỉnh Lâm Đồng?", "actors", None),
    ("Trong dự án tuyên truyền cho học sinh, đơn vị nào của Bộ Giáo dục và Đào tạo chủ trì triển khai?", "actors", None),
    ("Ai là tác giả bài tham luận 'Phát triển ngành cà phê bền vững'?", "documents", "author"),
    ("Ai đứng đầu nhóm nghiên cứu 'Tài chính ở các bệnh viện tư'?", "documents", "author"),
    ("Bài tham luận về ngành cà phê do ai viết?", "documents", "author"),
    ("Cho tôi biết các cơ quan, đơn vị đã có văn bản liên quan đến Hội Công chứng viên.", "units", None),
    ("Hội CCV tỉnh Lâm Đồng xuất hiện trong văn bản của những đơn vị nào?", "units", None),
    # any verb, not only the listed actions; the asker may be "bộ nào", "sở, ban, ngành nào" or belong to a body
    ("Ở cấp Trung ương, bộ nào chủ trì Tiểu dự án 1 của Chương trình?", "actors", None),
    ("Cơ quan nào được giao cấu hình biểu mẫu điện tử cho thủ tục hành chính?", "actors", None),
    ("Đơn vị nào thuộc Bộ Công an trực tiếp đề nghị phối hợp đánh giá kết quả cải cách hành chính?", "actors", None),
    ("Sở, ban, ngành nào chưa đề xuất danh mục phần mềm chuyên ngành?", "actors", None),
    ("Báo cáo tỷ giá mua, bán ngoại tệ gửi về đơn vị nào?", "actors", None),
    ("Ai là chủ đầu tư dự án xây dựng cầu Rạch Chim?", "actors", None),
    ("Chủ tịch Hiệp hội Doanh nghiệp tỉnh Bình Thuận nhiệm kỳ V (2025 - 2030) là ai?", "actors", None),
    # … but what a units question asks its units to have done stays a units question
    ("Đơn vị nào triển khai phong trào \"Bình dân học vụ số\"?", "units", None),
    ("Cơ quan nào đã ban hành văn bản liên quan đến Hiệp hội Thanh long?", "units", None),
    ("Các cơ quan nào được giao cấu hình biểu mẫu điện tử?", "units", None),
    ("Những sở, ngành nào chủ trì các nhiệm vụ chuyển đổi số?", "units", None),
    # the agent of a noun ("thẩm quyền của ai", "theo chỉ đạo của ai"); an asker set where it is ("ở tỉnh Bình Thuận")
    # and a plural named after it ("cho các cơ quan chuyên môn"), which is no plural asker
    ("Việc cho phép hợp nhất các hội cấp tỉnh thuộc thẩm quyền của ai?", "actors", None),
    ("Việc rà soát lại Điều lệ Hiệp hội được thực hiện theo chỉ đạo của ai?", "actors", None),
    ("Kể từ ngày 01/01/2025, cơ quan nào ở tỉnh Bình Thuận thôi chuyển quyết định công bố thủ tục hành chính cho các "
     "cơ quan chuyên môn?", "actors", None),
    ("Quyết định cho phép đổi tên Hội Nữ hộ sinh căn cứ và theo đề nghị tại những văn bản nào?", "documents", "cites"),
    # documents that mention a thing, not the documents another one cites; the issuer asked for after
    ("Có những văn bản nào nhắc đến nạn nhân chất độc da cam/dioxin? Do đơn vị nào ban hành?", "units", None),
    ("Văn bản nào được nhắc đến trong Quyết định phê duyệt danh sách địa bàn không ma túy?", "documents", "cites"),
    # the document a question opens with, dated by "ngày nào?" at its end, whatever it reports between; a "công
    # điện" numbered like any other kind
    ("Tờ trình 512/TTr-SNV báo cáo kết quả Đại hội và đề nghị phê duyệt Điều lệ Hội Làm vườn tỉnh ngày nào?",
     "documents", "date"),
    ("Văn phòng Chính phủ mời dự Hội nghị trực tuyến về chuyển đổi số bằng công điện số mấy?", "documents", "number"),
    ("Kế hoạch 12/KH-UBND cho biết Hội nghị sơ kết được tổ chức vào ngày nào?", "documents", "held"),
])
def test_question_types_about_documents_and_actors(question, dtype, field):
    parsed = parse_question(question)
    assert (parsed.type, parsed.document_field) == (dtype, field)


def test_a_capitalised_word_is_a_name_not_a_question_word():
    # "Ái" folds to "ai" (who): inside a name it stays
    assert "Hội Ái hữu Pháp ngữ" in parse_question("Liệt kê các đơn vị có văn bản về Hội Ái hữu Pháp ngữ Đà Lạt.").topic


def test_a_position_question_reads_the_holder_and_words_the_answer_as_a_position():
    from api.answers.actor_answers import _position_phrase

    parsed = parse_question("Cơ quan nào làm nhiệm vụ cơ quan thường trực của Ban Chỉ đạo về dữ liệu tỉnh Lâm Đồng?")
    assert parsed.position and parsed.action == "thuong truc"
    assert _position_phrase(parsed) == "cơ quan thường trực của Ban Chỉ đạo về dữ liệu tỉnh Lâm Đồng"
    assert not parse_question("Ai chủ trì Hội nghị tổng kết công tác Mặt trận năm 2025?").position


@pytest.mark.parametrize("question,topic", [
    ("Hội nghị triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy do ai chủ trì?",
     "Hội nghị triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy do chủ trì"),
    ("Những đơn vị nào đã báo cáo về cuộc vận động Người Việt Nam ưu tiên dùng hàng Việt Nam?",
     "Người Việt Nam ưu tiên dùng hàng Việt Nam"),
    ("Những đơn vị nào báo cáo về thực hiện dân chủ ở cơ sở?", "dân chủ ở cơ sở"),
    # "có" is scaffolding, "cổ" is not, though both fold to "co"; "phần" then opens no run
    ("Những đơn vị, tác giả nào có tài liệu bàn về cổ phần hóa?", "cổ phần hóa"),
])
def test_scaffolding_inside_a_term_is_kept(question, topic):
    assert parse_question(question).topic == match_form(topic)


@pytest.mark.parametrize("question,topic", [
    ("Những cơ quan nào có văn bản quy định hoặc hướng dẫn về thuế thu nhập doanh nghiệp?", "thuế thu nhập doanh nghiệp"),
    ("don vi nao co tai lieu noi ve hiv", "hiv"),
])
def test_words_describing_the_documents_are_no_part_of_the_subject(question, topic):
    parsed = parse_question(question)
    assert (parsed.type, parsed.topic) == ("units", match_form(topic))


def test_an_economic_abbreviation_is_searched_written_out_too():
    parsed = parse_question("Các đơn vị nào ban hành văn bản liên quan đến thuế TNDN?")
    assert parsed.phrases == ["TNDN", "thu nhập doanh nghiệp"]
    assert "hỗ trợ phát triển chính thức" in parse_question("Nguồn vốn ODA được nhắc tới trong văn bản của những cơ quan nào?").phrases


def test_the_number_asked_as_so_may():
    asked = parse_question("Điều lệ Liên đoàn Xe đạp thể thao tỉnh Bình Thuận trước đây được phê duyệt theo quyết định số mấy?")
    assert (asked.type, asked.document_field) == ("documents", "number")
    # the document the question opens with, its number asked at the end; not a total ("tổng số bao nhiêu")
    for question in ("Kế hoạch cải cách hành chính nhà nước năm 2026 của tỉnh Lâm Đồng số mấy?",
                     "Quyết định không chấp nhận khiếu nại lần 2 của bà Đoàn Thị Kim Thu số bao nhiêu?"):
        asked = parse_question(question)
        assert (asked.type, asked.document_field) == ("documents", "number"), question
    assert parse_question("Báo cáo tháng 9/2025 của tỉnh có tổng số bao nhiêu hồ sơ?").type == "figure"


def test_the_kind_whose_number_is_asked_after_a_comma():
    from api.answers.document_answers import _kind_numbered

    asked = parse_question("Sở Nội vụ góp ý dự thảo Kế hoạch tuyên truyền cải cách hành chính năm 2026 bằng công văn, số hiệu là gì?")
    assert asked.document_field == "number"
    assert _kind_numbered(asked) == "công văn"


def test_what_a_question_asks_of_the_units_own_documents_is_no_topic():
    assert parse_question("Những đơn vị nào đề cập đến trợ giúp pháp lý trong văn bản của mình?").topic == "trợ giúp pháp lý"


def test_names_given_as_alternatives_are_each_a_phrase():
    asked = parse_question("Các đơn vị nào có văn bản nhắc đến Hội Chữ thập đỏ hoặc Quỹ hoạt động nhân đạo Chữ thập đỏ?")
    assert asked.phrases == ["Hội Chữ thập đỏ", "Quỹ hoạt động nhân đạo Chữ thập đỏ"]
    # two actions joined by "hoặc" are not two names
    assert parse_question("Đơn vị nào có văn bản về việc sáp nhập hoặc đổi tên Liên đoàn Bóng đá tỉnh?").phrases == []
    # terms repeating one head are two terms, whatever their case
    asked = parse_question("Đấu giá quyền sử dụng đất hoặc đấu giá tài sản được nêu trong văn bản của những cơ quan nào?")
    assert asked.phrases == ["Đấu giá quyền sử dụng đất", "đấu giá tài sản"]


def test_things_a_units_question_lists_are_each_a_phrase():
    asked = parse_question("Thiên tai, lũ lụt được nhắc đến trong văn bản của những đơn vị nào?")
    assert asked.phrases == ["Thiên tai", "lũ lụt"]
    asked = parse_question("Lực lượng biên phòng (Bộ đội Biên phòng) được nêu trong văn bản của những cơ quan nào?")
    assert asked.phrases == ["Lực lượng biên phòng", "Bộ đội Biên phòng", "Biên phòng"]
    # "phòng, chống" opens one term, and a list's parts are short terms; a name's acronym is read long
    assert parse_question("Đơn vị nào có văn bản về phòng, chống bạo lực gia đình?").phrases == []
    assert parse_question("Những đơn vị nào đã báo cáo tổng kết Chiến lược quốc gia phòng, chống và kiểm soát ma túy?").phrases == []
    assert parse_question("Hội LHPN tỉnh có trong văn bản của đơn vị nào?").phrases == ["Hội LHPN", "Hội Liên hiệp Phụ nữ"]


def test_a_term_and_the_kinds_of_it_in_brackets_are_each_a_phrase():
    asked = parse_question("Có văn bản nào nói đến kết hôn (đăng ký kết hôn, nghỉ việc riêng khi kết hôn)? Của cơ quan nào?")
    assert asked.type == "units"
    assert asked.phrases == ["kết hôn", "đăng ký kết hôn", "nghỉ việc riêng khi kết hôn"]
    assert asked.name == "kết hôn (đăng ký kết hôn, nghỉ việc riêng khi kết hôn)"
    # a lone word after a comma goes on the kind before it ("xã, phường")
    asked = parse_question("Những văn bản nào có nhắc đến trạm y tế (trạm y tế xã, phường)? Do cơ quan nào ban hành?")
    assert asked.phrases == ["trạm y tế", "trạm y tế xã, phường"]
    # asked who issued the documents after the brackets: no part of the topic
    asked = parse_question("Các văn bản có nội dung về hộ kinh doanh (hộ kinh doanh cá thể) do những đơn vị nào ban hành?")
    assert asked.phrases == ["hộ kinh doanh", "hộ kinh doanh cá thể"]
    assert asked.topic == "hộ kinh doanh hộ kinh doanh cá thể"
    # a kind is one naming the term: "doanh nghiệp" is what goes bankrupt, not a kind of bankruptcy
    asked = parse_question("Tìm các văn bản có nhắc đến phá sản (doanh nghiệp, tổ chức phá sản). Do cơ quan nào ban hành?")
    assert asked.phrases == ["phá sản", "tổ chức phá sản"]
    # ... named without the noun framing the term, or by its initials; the acronym of a kind is not the subject
    asked = parse_question("Hoạt động giám định (giám định tư pháp, giám định chất lượng, giám định BHYT) có trong văn bản "
                           "của cơ quan nào?")
    assert asked.phrases == ["Hoạt động giám định", "giám định", "giám định tư pháp", "giám định chất lượng", "giám định BHYT"]
    asked = parse_question("Đơn vị nào có văn bản nói về thể dục thể thao (phong trào TDTT, lĩnh vực TDTT)?")
    assert asked.phrases == ["thể dục thể thao", "phong trào TDTT", "lĩnh vực TDTT"]
    # when none names the term, the kinds are what the asker means by it
    asked = parse_question("Văn bản nào đề cập việc sử dụng mã QR (khảo sát sự hài lòng, công khai thủ tục hành chính)? "
                           "Đơn vị nào ban hành?")
    assert asked.phrases[-2:] == ["khảo sát sự hài lòng", "công khai thủ tục hành chính"]
    # examples listed in the brackets share no tail with the term that names the subject
    asked = parse_question("Những cơ quan nào có văn bản về quản lý dịch vụ xe công nghệ (Grab, xe ôm công nghệ)?")
    assert "công nghệ" not in asked.phrases


def test_kinds_of_one_thing_listed_reach_what_they_share(tmp_path):
    from api.answers.unit_answers import answer_units
    from api.search import Filters

    asked = parse_question("nhung co quan nao co van ban noi ve ma tuy hoc duong, moi truong hoc duong")
    assert asked.phrases == ["ma tuy hoc duong", "moi truong hoc duong", "hoc duong"]
    searcher = _keyword_searcher(tmp_path, {
        "giao-duc.txt": "BỘ GIÁO DỤC VÀ ĐÀO TẠO\n\nTHAM LUẬN\nCông tác phòng, chống ma túy trong trường học\n\n"
                        "Không để ma túy xâm nhập vào học đường, giảm số người nghiện trong học sinh.\n",
        "y-te.txt": "SỞ Y TẾ TỈNH LÂM ĐỒNG\n\nBÁO CÁO\nCông tác điều trị nghiện\n\n"
                    "Điều trị nghiện ma túy bằng thuốc Methadone tại các cơ sở y tế.\n"})
    units, _match = answer_units(searcher, asked, Filters(), "relevance")
    assert [u.unit for u in units] == ["Bộ Giáo dục và Đào tạo"]


def test_questions_asking_for_a_list_of_bodies_ask_for_units():
    assert parse_question("Cho tôi danh sách các cơ quan có tài liệu bàn về đầu tư trực tiếp nước ngoài (FDI).").type == "units"
    asked = parse_question("Văn bản nào trong kho có đề cập đến thuốc lá (thuốc lá điếu, thuốc lá điện tử)? Liệt kê các cơ quan ban hành.")
    assert asked.type == "units" and asked.phrases == ["thuốc lá", "thuốc lá điếu", "thuốc lá điện tử"]


def test_how_the_documents_hold_the_subject_and_who_issued_them_is_no_topic():
    assert parse_question("van ban nao nhac den campuchia, co quan nao ban hanh").topic == "campuchia"
    assert parse_question("Những văn bản nào có nhắc đến Campuchia, do cơ quan nào ban hành?").topic == "Campuchia"
    assert parse_question("Kế toán trưởng được quy định hoặc nhắc đến trong văn bản của những cơ quan nào?").topic == "Kế toán trưởng"


def test_an_abbreviation_typed_in_lower_case_without_accents_is_read_as_one():
    asked = parse_question("chi so cai cach tthc nam 2025 cua thanh tra tinh la bao nhieu")
    assert "TTHC" in asked.text and "thủ tục hành chính" in asked.phrases
    # a syllable, or a word no dictionary spells out, stays as typed
    assert parse_question("hhdn binh thuan bau ban chap hanh bao nhieu nguoi").text.startswith("hhdn binh thuan")


def test_a_framed_term_nowhere_written_is_not_found_in_sentences_holding_its_words(tmp_path):
    from api.answers.unit_answers import answer_units
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "ma-tuy.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nKẾ HOẠCH\nTăng cường công tác phòng, chống ma túy\n\n"
                      "Phối hợp với gia đình trong công tác phòng, chống ma túy trong trường học; xử lý nghiêm các hành vi "
                      "bạo lực học đường.\n"})
    units, _match = answer_units(searcher, parse_question("Đơn vị nào có văn bản về phòng, chống bạo lực gia đình?"), Filters(), "relevance")
    assert units == []
    units, _match = answer_units(searcher, parse_question("Đơn vị nào có văn bản về phòng, chống ma túy?"), Filters(), "relevance")
    assert [u.unit for u in units] == ["Ủy ban nhân dân tỉnh Lâm Đồng"]


@pytest.mark.parametrize("text,start,end", [
    ("năm 2025", "2025-01-01", "2025-12-31"),
    ("trong tháng 10/2025", "2025-10-01", "2025-10-31"),
    ("tháng 2 năm 2024", "2024-02-01", "2024-02-29"),
    ("quý IV/2025", "2025-10-01", "2025-12-31"),
    ("6 tháng đầu năm 2025", "2025-01-01", "2025-06-30"),
    ("từ tháng 9 đến tháng 11 năm 2025", "2025-09-01", "2025-11-30"),
    ("từ ngày 01/7/2025 đến ngày 15/8/2025", "2025-07-01", "2025-08-15"),
    ("giai đoạn 2012 - 2019", "2012-01-01", "2019-12-31"),
])
def test_periods_named_in_questions(text, start, end):
    period = find_period(f"Sở Nội vụ ban hành văn bản nào {text}?")
    assert (period.start, period.end) == (start, end)


def test_no_period_when_none_is_named():
    assert find_period("Sở Nội vụ ban hành những văn bản nào?") is None


def _keyword_searcher(tmp_path, reports: dict[str, str]):
    """A lexical-only index of small reports (no embedding: the answers under test read words)."""
    from api.search import Searcher
    from indexer.update import IndexSettings, update_index

    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    update_index([folder], tmp_path / "index", IndexSettings(embed=False))
    return Searcher(open_reader(tmp_path / "index"))


def test_an_acronym_subject_keeps_the_rest_of_the_question(tmp_path):
    from api.answers.unit_answers import answer_units
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "tu-phap.txt": "ỦY BAN NHÂN DÂN XÃ ĐỨC TRỌNG\n\nBÁO CÁO\nKết quả cấp phiếu lý lịch tư pháp năm 2025\n\n"
                       "Xã đã tiếp nhận 420 hồ sơ cấp phiếu lý lịch tư pháp qua ứng dụng VNeID, đạt 95% tổng số hồ sơ.\n",
        "doan.txt": "BAN CHẤP HÀNH ĐOÀN XÃ DI LINH\n\nBÁO CÁO\nCông tác đoàn năm 2025\n\n"
                    "Đoàn viên đã hướng dẫn 1.200 người dân cài đặt và kích hoạt tài khoản VNeID mức độ 2.\n"})
    question = parse_question("Những đơn vị nào báo cáo về VNeID trong cấp phiếu lý lịch tư pháp?")
    assert question.name == "VNeID"
    units, _ = answer_units(searcher, question, Filters(), "relevance")
    assert [u.unit for u in units] == ["Ủy ban nhân dân xã Đức Trọng"]
    question = parse_question("Những đơn vị nào báo cáo về VNeID?")
    assert len(answer_units(searcher, question, Filters(), "relevance")[0]) == 2


def test_a_figure_is_read_from_the_document_the_question_cites(tmp_path):
    from api.answers.figure_answers import answer_figure
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "cchc.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nBÁO CÁO\nCông tác cải cách hành chính năm 2025\n\n"
                    "Hồ sơ trực tuyến toàn trình trên Cổng dịch vụ công chiếm 90,58% tổng số hồ sơ tiếp nhận.\n",
        "chi-so.txt": "SỞ NỘI VỤ\n\nBÁO CÁO\nCác chỉ số phục vụ người dân, doanh nghiệp\n\n"
                      "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 76,9% trong tháng 10.\n"})
    question = parse_question("Theo báo cáo công tác cải cách hành chính năm 2025 của tỉnh Lâm Đồng, "
                              "tỷ lệ hồ sơ trực tuyến toàn trình đạt bao nhiêu phần trăm?")
    assert question.source == "báo cáo công tác cải cách hành chính năm 2025 của tỉnh Lâm Đồng"
    _, figure, _ = answer_figure(searcher, question, Filters())
    assert figure["text"] == "90,58%"
    plain = parse_question("Tỷ lệ hồ sơ trực tuyến toàn trình đạt bao nhiêu phần trăm?")
    assert answer_figure(searcher, plain, Filters())[1]["text"] == "76,9%"


def test_a_figure_stating_a_rule_gives_way_to_the_result():
    from api.answers.figure_answers import _conditional

    clause = ("Tính đến ngày 05/11/2025, tỷ lệ giải ngân đạt 29,2% so với kế hoạch "
              "(trường hợp dưới 70% thì tiêu chí này đạt 0 điểm).")
    assert _conditional(clause, clause.index("0 điểm")) and _conditional(clause, clause.index("70%"))
    assert not _conditional(clause, clause.index("29,2%"))
    assert not _conditional("Tỉnh Lâm Đồng đạt 88,72 điểm, xếp loại Tốt.", 17)
    # a "khi" the question writes as part of what it counts states no condition
    sentence = ("Đến nay, tổng số lượt tra cứu bằng CCCD khi đi khám chữa bệnh BHYT là 9.024.994 lượt; trong đó, "
                "7.923.715 lượt tra cứu thành công.")
    at = sentence.index("9.024.994")
    assert _conditional(sentence, at)
    assert not _conditional(sentence, at, "Tổng số lượt tra cứu bằng CCCD khi đi khám chữa bệnh BHYT là bao nhiêu?")
    assert _conditional(sentence, at, "Tổng số lượt tra cứu bằng CCCD là bao nhiêu?")


def test_an_acronym_in_brackets_brings_its_spelled_out_words():
    from api.answers.questions import spelled_out

    assert spelled_out("Đơn vị nào có văn bản về Hội đồng An toàn, vệ sinh lao động (ATVSLĐ) của tỉnh?",
                       "ATVSLĐ") == "An toàn, vệ sinh lao động"
    assert spelled_out("Văn bản nào đề cập doanh nghiệp nhỏ và vừa (DNNVV)?", "DNNVV") == "doanh nghiệp nhỏ và vừa"
    assert spelled_out("Chỉ số thành phần Chi phí gia nhập thị trường (PCI) là bao nhiêu?", "PCI") is None
    question = parse_question("Đơn vị nào có văn bản về Hội đồng An toàn, vệ sinh lao động (ATVSLĐ) của tỉnh?")
    assert "An toàn, vệ sinh lao động" in question.phrases


@pytest.mark.parametrize("question,action", [
    ("Ai là Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh?", "chu tich"),
    ("Đơn vị nào trực tiếp quản lý Trung tâm Giám sát điều hành đô thị thông minh?", "quan ly"),
    ("Ai đã trao 500 suất quà cho hộ nghèo dịp Tết?", "trao"),
    ("Ai là Tổ phó Tổ giúp việc về cải cách hành chính phụ trách từ Sở Tư pháp?", "to pho"),
    ("Ai là Bí thư Đảng ủy phường Hải Dương?", "bi thu"),
])
def test_more_actions_and_positions(question, action):
    parsed = parse_question(question)
    assert (parsed.type, parsed.action) == ("actors", action)


def test_a_position_holder_not_the_deputy_named_before():
    found = read_actor("Ông Trần Văn Bình, Phó Chủ tịch UBND tỉnh làm Chủ tịch Hội đồng.", "chu tich")
    assert found.name == "Ông Trần Văn Bình, Phó Chủ tịch UBND tỉnh"
    assert read_actor("Chủ tịch Hội đồng: Ông Nguyễn Văn An - Phó Chủ tịch UBND tỉnh", "chu tich").name == \
        "Ông Nguyễn Văn An - Phó Chủ tịch UBND tỉnh"


@pytest.mark.parametrize("question,role", [
    ("Nội dung tuyên truyền cải cách hành chính năm 2026 gồm những gì?", "contents"),
    ("Mục tiêu tổng quát của Kế hoạch cải cách hành chính giai đoạn 2026 - 2030", "objectives"),
])
def test_sections_by_content_and_objectives(question, role):
    parsed = parse_question(question)
    assert parsed.type == "sections" and role in [r.id for r in parsed.roles]


def test_units_written_with_tp_are_shown_spelled_out_and_grouped_as_one():
    from api.answers.unit_answers import display_unit, unit_key

    assert display_unit("UBND TP. Hồ Chí Minh") == "UBND thành phố Hồ Chí Minh"
    assert unit_key("UBND TP.Hải Phòng") == unit_key("Ủy ban nhân dân thành phố Hải Phòng")


@pytest.mark.parametrize("question,name", [
    ("Những đơn vị nào có văn bản liên quan đến Hiệp hội Nước mắm Phan Thiết?", "Hiệp hội Nước mắm Phan Thiết"),
    ("Những đơn vị nào có văn bản về Hội Cựu giáo chức?", "Hội Cựu giáo chức"),
    ("Những cơ quan nào có văn bản liên quan đến Liên đoàn Pickleball tỉnh Lâm Đồng?", "Liên đoàn Pickleball"),
    ("Đơn vị nào báo cáo kết quả Hội nghị tổng kết năm 2025?", None),
    ("Đơn vị nào có văn bản về việc đổi tên Liên đoàn Bóng đá tỉnh?", "Liên đoàn Bóng đá"),  # "đá", not "đã"
])
def test_an_organisation_named_in_the_question_is_its_subject(question, name):
    parsed = parse_question(question)
    assert parsed.organisation == name
    if name:
        assert name in parsed.topic and not parsed.topic.startswith(("liên quan", "có văn bản", "văn bản"))


def test_a_named_organisation_is_found_as_a_phrase_not_as_scattered_words(tmp_path):
    from api.answers.unit_answers import answer_units
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "hoi.txt": "SỞ NỘI VỤ\n\nTỜ TRÌNH\nVề việc phê duyệt Điều lệ Hội Cựu giáo chức tỉnh\n\n"
                   "Sở Nội vụ trình phê duyệt Điều lệ Hội Cựu giáo chức tỉnh nhiệm kỳ 2025 - 2030.\n",
        "khac.txt": "SỞ GIÁO DỤC VÀ ĐÀO TẠO\n\nBÁO CÁO\nCông tác năm học\n\n"
                    "Hội thi giáo viên dạy giỏi có sự tham gia của các cựu giáo viên và chức sắc địa phương.\n"})
    units, _ = answer_units(searcher, parse_question("Những đơn vị nào có văn bản về Hội Cựu giáo chức?"), Filters(), "relevance")
    assert [u.unit for u in units] == ["Sở Nội vụ"]


def test_measure_nouns_are_counted_nouns():
    from api.answers.figures import extract_figures, wanted_figure

    assert wanted_figure("Hiệp hội đã ủng hộ bao nhiêu chai nước mắm?") == ("count", "chai")
    figures = extract_figures("Hiệp hội đã ủng hộ 10.000 chai nước mắm trị giá 200 triệu đồng.")
    assert [(f.text, f.kind) for f in figures] == [("10.000 chai", "count"), ("200 triệu đồng", "money")]


_DECISION = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: {number}/QĐ-UBND\tLâm Đồng, ngày 05 tháng 8 năm 2025\n\nQUYẾT ĐỊNH\n"
             "Về việc đổi tên Hiệp hội Tôm tỉnh Bình Thuận thành Hiệp hội Tôm Lâm Đồng\n\n"
             "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\n"
             "Điều 1. Cho phép đổi tên Hiệp hội Tôm tỉnh Bình Thuận thành Hiệp hội Tôm Lâm Đồng.\n"
             "Điều 2. Quyết định có hiệu lực kể từ ngày ký.\n\n{position}\n\n\n{signer}\n")


@pytest.fixture(scope="module")
def dossier_searcher(tmp_path_factory):
    return _keyword_searcher(tmp_path_factory.mktemp("dossier"), {
        "Quyet dinh doi ten hiep hoi tom.txt": _DECISION.format(number="1203", position="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
                                                                 signer="Lê Trọng Yên"),
        "Dự thảo Quyết định đổi tên Hiệp hội Tôm tỉnh Bình Thuận thành Hiệp hội Tôm Lâm Đồng.txt":
            _DECISION.format(number="    ", position="CHỦ TỊCH", signer="Hồ Văn Mười"),
        "To trinh ket qua dai hoi Hiep hoi Du lich.txt":
            "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 696/TTr-SNV\tLâm Đồng, ngày 10 tháng 11 năm 2025\n\nTỜ TRÌNH\n"
            "Về việc báo cáo kết quả đại hội và phê duyệt Điều lệ Hiệp hội Du lịch tỉnh Lâm Đồng\n\n"
            "Kính gửi: Ủy ban nhân dân tỉnh.\n\nCăn cứ Quyết định số 1807/QĐ-UBND ngày 22/10/2025 của Chủ tịch UBND tỉnh "
            "về việc cho phép sáp nhập Hiệp hội Du lịch tỉnh Bình Thuận (trước sắp xếp) vào Hiệp hội Du lịch tỉnh Lâm Đồng;\n"
            "Hiệp hội Du lịch tỉnh Lâm Đồng đã tổ chức đại hội nhiệm kỳ 2025 - 2030 thành công tốt đẹp.\n",
        # a cover note: the document on one line, its subject on the next
        "Phieu trinh 3749.txt":
            "UBND TỈNH LÂM ĐỒNG\nVĂN PHÒNG\n\nPHIẾU TRÌNH\nKính gửi:\n- Lãnh đạo UBND tỉnh.\n\nI. NỘI DUNG TRÌNH/CHỈ ĐẠO\n"
            "1. Văn bản/cơ quan, đơn vị: Tờ trình số 83/TTr-CAT(PA05) ngày 11 tháng 8 năm 2025 của Công an tỉnh.\n"
            "2. Trích yếu: V/v phân công Công an tỉnh Lâm Đồng là đơn vị chuyên trách về an toàn thông tin mạng.\n"
            "II. Ý KIẾN CỦA PHÒNG\nThống nhất trình.\n",
        "Ke hoach kiem tra CCHC 2026.txt":
            "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 15/KH-UBND\tLâm Đồng, ngày 20 tháng 01 năm 2026\n\nKẾ HOẠCH\n"
            "Kiểm tra công tác cải cách hành chính năm 2026 trên địa bàn tỉnh Lâm Đồng\n\nI. MỤC ĐÍCH\n"
            "Kiểm tra việc thực hiện nhiệm vụ cải cách hành chính năm 2026 của các sở, ngành.\n",
        "Gop y ke hoach kiem tra CCHC - STC.txt":
            "UBND TỈNH LÂM ĐỒNG\nSỞ TÀI CHÍNH\nSố: 433/STC-VP\tLâm Đồng, ngày 12 tháng 01 năm 2026\n"
            "V/v góp ý dự thảo Kế hoạch\n\nKính gửi: Sở Nội vụ.\n\n"
            "Sở Tài chính thống nhất với dự thảo Kế hoạch kiểm tra công tác cải cách hành chính năm 2026.\n\n"
            "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n\nBùi Thị Tuyết Mai\n",
        "Phieu trinh 5111.txt":
            "UBND TỈNH LÂM ĐỒNG\nVĂN PHÒNG\n\nPHIẾU TRÌNH\nKính gửi:\n- Lãnh đạo UBND tỉnh.\n\nI. NỘI DUNG TRÌNH/CHỈ ĐẠO\n"
            "1. Văn bản/cơ quan, đơn vị: Tờ trình số 511/TTr-CAT (PC04) ngày 23 tháng 12 năm 2025 của Công an tỉnh.\n"
            "2. Trích yếu: V/v phê duyệt danh sách địa bàn trọng điểm phức tạp về ma túy của tỉnh.\n"
            "II. Ý KIẾN CỦA PHÒNG\nThống nhất trình.\n"})


def test_a_cited_document_is_known_by_the_subject_line_under_it(dossier_searcher):
    from api.answers.document_answers import answer_document
    from api.search import Filters

    question = parse_question("Tờ trình của Công an tỉnh đề nghị phân công Công an tỉnh Lâm Đồng làm đơn vị chuyên "
                              "trách về an toàn thông tin mạng có số hiệu là gì?")
    result = answer_document(dossier_searcher, question, Filters())
    # the drafting division in brackets is part of the number; its date is read after it
    assert (result.value["value"], result.value["identified_by"]) == ("83/TTr-CAT(PA05)", "citation")


def test_the_document_written_by_the_unit_the_question_names_not_the_one_its_subject_names(dossier_searcher):
    from api.answers.document_answers import answer_document
    from api.search import Filters

    question = parse_question("Văn bản của Sở Tài chính góp ý dự thảo Kế hoạch kiểm tra cải cách hành chính năm 2026 "
                              "tỉnh Lâm Đồng do ai ký?")
    assert answer_document(dossier_searcher, question, Filters()).value["value"] == "Bùi Thị Tuyết Mai"


def test_who_signed_the_decision_not_its_draft(dossier_searcher):
    from api.answers.document_answers import answer_document
    from api.search import Filters

    asked = "Ai ký Quyết định đổi tên Hiệp hội Tôm tỉnh Bình Thuận thành Hiệp hội Tôm Lâm Đồng?"
    assert answer_document(dossier_searcher, parse_question(asked), Filters()).value["value"] == "Lê Trọng Yên"
    draft = "Ai ký dự thảo Quyết định đổi tên Hiệp hội Tôm tỉnh Bình Thuận thành Hiệp hội Tôm Lâm Đồng?"
    assert answer_document(dossier_searcher, parse_question(draft), Filters()).value["value"] == "Hồ Văn Mười"


def test_the_number_of_a_decision_known_only_from_a_document_citing_it(dossier_searcher):
    from api.answers.document_answers import answer_document
    from api.search import Filters

    question = parse_question("Quyết định cho phép sáp nhập Hiệp hội Du lịch tỉnh Bình Thuận vào Hiệp hội Du lịch "
                              "tỉnh Lâm Đồng có số hiệu là gì?")
    result = answer_document(dossier_searcher, question, Filters())
    assert (result.value["value"], result.value["identified_by"]) == ("1807/QĐ-UBND", "citation")
    lead, evidence = result.lines[0]
    assert lead.startswith("Số hiệu: 1807/QĐ-UBND") and "không có trong kho" in lead
    text = dossier_searcher.reader.document(result.value["doc_id"]).text
    assert text[evidence.char_start:evidence.char_end] == "1807/QĐ-UBND"
    # the citing document's own number is still its own answer
    own = parse_question("Tờ trình báo cáo kết quả đại hội Hiệp hội Du lịch tỉnh Lâm Đồng có số hiệu là gì?")
    assert answer_document(dossier_searcher, own, Filters()).value["value"] == "696/TTr-SNV"


def test_how_long_is_answered_with_a_span_of_time_not_a_date():
    from api.answers.figures import extract_figures, wanted_figure

    text = "Ngày 10 tháng 10 năm 2003, Chính phủ quy định thời gian tập sự đối với ngạch chuyên viên là 12 tháng."
    assert extract_figures(text) == []  # a span of time is no figure unless one is asked for
    assert [(f.text, f.value, f.kind) for f in extract_figures(text, durations=True)] == [("12 tháng", 12.0, "duration")]
    question = parse_question("Theo Nghị định 117/2003/NĐ-CP, thời gian tập sự đối với ngạch chuyên viên là bao lâu?")
    assert (question.type, question.figure_kind) == ("figure", "duration")
    assert wanted_figure("Người được tuyển dụng phải tập sự bao nhiêu tháng?") == ("duration", "thang")
    # a rate named on the way ("thuế theo tỷ lệ nội địa hoá") does not make "bao nhiêu ngày" a percentage
    assert wanted_figure("Theo Thông tư liên tịch 120/2000 về thuế theo tỷ lệ nội địa hoá, chậm nhất bao nhiêu ngày kể từ "
                         "khi kết thúc năm tài chính doanh nghiệp phải báo cáo quyết toán?") == ("duration", "ngay")
    assert wanted_figure("Tỷ lệ hộ nghèo năm 2025 giảm bao nhiêu?") == ("percent", "%")


def test_a_position_is_read_from_a_numbered_label_and_a_person_beats_a_position(tmp_path):
    from api.answers.actor_answers import answer_actor
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "thong-bao.txt": "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nTHÔNG BÁO\nKết quả Đại hội nhiệm kỳ 2025 - 2030 của Hiệp hội Du lịch "
                         "tỉnh Lâm Đồng\n\n1. Thống nhất với hồ sơ báo cáo kết quả Đại hội.\n"
                         "2. Ban Chấp hành Hiệp hội: 55 thành viên.\n3. Chủ tịch Hiệp hội: Ông Nguyễn Văn Khoa.\n",
        "to-trinh.txt": "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\n\nTỜ TRÌNH\nVề kết quả Đại hội Hiệp hội Du lịch tỉnh Lâm Đồng\n\n"
                        "Sở Nội vụ kính báo cáo Chủ tịch UBND tỉnh xem xét, thông báo kết quả Đại hội Hiệp hội Du lịch tỉnh "
                        "Lâm Đồng nhiệm kỳ 2025 - 2030.\n",
        "thanh-lap.txt": "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nQUYẾT ĐỊNH\nThành lập Tổ giúp việc về cải cách hành chính\n\n"
                         "Điều 2. Tổ trưởng Tổ giúp việc về cải cách hành chính là Giám đốc Sở Nội vụ.\n",
        "thanh-vien.txt": "SỞ NỘI VỤ\n\nQUYẾT ĐỊNH\nPhê duyệt thành viên Tổ giúp việc về cải cách hành chính\n\n"
                          "Điều 1. Phê duyệt thành viên Tổ giúp việc về cải cách hành chính, gồm:\n"
                          "1. Tổ trưởng: Ông Đỗ Văn Chung - Giám đốc Sở Nội vụ.\n2. Tổ phó: Ông Trần Hữu Tuấn - Phó Giám đốc Sở Nội vụ.\n"})
    chair = answer_actor(searcher, parse_question("Ai được bầu làm Chủ tịch Hiệp hội Du lịch tỉnh Lâm Đồng?"), Filters())
    assert chair.value["name"] == "Ông Nguyễn Văn Khoa"
    head = answer_actor(searcher, parse_question("Ai là Tổ trưởng Tổ giúp việc về cải cách hành chính?"), Filters())
    assert head.value["name"].startswith("Ông Đỗ Văn Chung")


def test_the_figure_of_the_list_item_asked_about_in_the_organisations_own_dossier(tmp_path):
    from api.answers.figure_answers import answer_figure
    from api.search import Filters

    plan = ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\n\nTỜ TRÌNH\nVề việc cho phép sáp nhập {org}\n\n"
            "Đề án sáp nhập {org} cơ bản đúng quy định; danh sách dự kiến Ban Chấp hành của hội mới. Trong đó, dự kiến "
            "Ban Chấp hành: {bch} người; Ban Thường vụ: {btv} người; Chủ tịch và {pct} Phó chủ tịch; Ban Kiểm tra: 03 người.\n"
            "+ Dự kiến các Phó Chủ tịch Hội sau sáp nhập: {pct} người, gồm các Phó Chủ tịch trước sắp xếp.\n")
    searcher = _keyword_searcher(tmp_path, {
        "karate.txt": plan.format(org="Liên đoàn Karate tỉnh Lâm Đồng", bch=31, btv="09", pct="06"),
        "dieu-duong.txt": plan.format(org="Hội Điều dưỡng tỉnh Lâm Đồng", bch=76, btv=26, pct=11)})
    asked = parse_question("Liên đoàn Karate tỉnh Lâm Đồng sau sáp nhập dự kiến có Ban Thường vụ bao nhiêu người?")
    assert asked.measured == "Ban Thường vụ"
    assert answer_figure(searcher, asked, Filters())[1]["text"] == "09 người"
    vice = parse_question("Hội Điều dưỡng tỉnh Lâm Đồng sau sáp nhập dự kiến có bao nhiêu Phó Chủ tịch?")
    assert answer_figure(searcher, vice, Filters())[1]["value"] == 11


def test_the_bases_of_a_decision_include_the_proposal_it_answers(tmp_path):
    from api.answers.document_answers import answer_document
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {"QD doi ten Hoi Cuu quan nhan.txt": (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 1450/QĐ-UBND\tLâm Đồng, ngày 12 tháng 9 năm 2025\n\nQUYẾT ĐỊNH\n"
        "Về việc cho phép đổi tên Hội Cựu quân nhân Quân đoàn II tỉnh Bình Thuận thành Hội Cựu quân nhân Quân đoàn II "
        "tỉnh Lâm Đồng\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
        "Căn cứ Nghị quyết số 202/2025/QH15 ngày 12 tháng 6 năm 2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh;\n"
        "Căn cứ Nghị định số 126/2024/NĐ-CP ngày 08 tháng 10 năm 2024 của Chính phủ quy định về tổ chức, hoạt động "
        "và quản lý hội;\n"
        "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 533/TTr-SNV ngày 05 tháng 9 năm 2025.\n\n"
        "QUYẾT ĐỊNH:\n\nĐiều 1. Cho phép đổi tên Hội Cựu quân nhân Quân đoàn II tỉnh Bình Thuận thành Hội Cựu quân nhân "
        "Quân đoàn II tỉnh Lâm Đồng.\nĐiều 2. Quyết định có hiệu lực kể từ ngày ký, thay thế Quyết định số 88/QĐ-UBND.\n\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nLê Trọng Yên\n")})
    question = parse_question("Quyết định cho phép đổi tên Hội Cựu quân nhân Quân đoàn II tỉnh Bình Thuận thành Hội Cựu "
                              "quân nhân Quân đoàn II tỉnh Lâm Đồng căn cứ những văn bản nào?")
    cited = answer_document(searcher, question, Filters()).value["value"]
    # the proposal of the preamble ("Xét đề nghị …") is one of its bases; the decision it replaces is not
    assert cited == ["202/2025/QH15", "126/2024/NĐ-CP", "533/TTr-SNV"]


def test_a_replaced_decision_is_no_basis_when_no_blank_line_ends_the_preamble(tmp_path):
    from api.answers.document_answers import answer_document
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {"qd-cau-long.txt": (
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN\nSố: /QĐ-UBND\nBình Thuận, ngày tháng 3 năm 2025\nQUYẾT ĐỊNH\n"
        "Phê duyệt Điều lệ (sửa đổi, bổ sung) Liên đoàn Cầu lông tỉnh Bình Thuận\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN\n"
        "Căn cứ Nghị định số 126/2024/NĐ-CP ngày 08 tháng 10 năm 2024 của Chính phủ quy định về tổ chức, hoạt động "
        "và quản lý hội;\n"
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 62/TTr-SNV ngày 07 tháng 3 năm 2025.\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Phê duyệt Điều lệ (sửa đổi, bổ sung) Liên đoàn Cầu lông tỉnh Bình Thuận.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 2215/QĐ-UBND ngày 16/9/2013 của "
        "Chủ tịch Ủy ban nhân dân tỉnh.\n")})
    question = parse_question("Quyết định phê duyệt Điều lệ (sửa đổi, bổ sung) Liên đoàn Cầu lông tỉnh Bình Thuận căn cứ "
                              "những văn bản nào?")
    assert answer_document(searcher, question, Filters()).value["value"] == ["126/2024/NĐ-CP", "62/TTr-SNV"]


def test_who_holds_a_position_is_a_person_not_a_list_of_positions(tmp_path):
    from api.answers.actor_answers import answer_actor, names_person
    from api.search import Filters

    assert parse_question("Ai được đại hội bầu làm Chủ tịch Liên đoàn Võ thuật cổ truyền tỉnh Lâm Đồng?").action == "chu tich"
    assert names_person("Bà Đặng Thị Lynh Trang") and names_person("Lương Tam Quang")
    assert not names_person("Giám đốc Sở Tài chính") and not names_person("Công an tỉnh Lâm Đồng")
    searcher = _keyword_searcher(tmp_path, {
        "QD phe duyet Dieu le Hoi Nu doanh nhan.txt":
            "ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN\n\nQUYẾT ĐỊNH\nPhê duyệt Điều lệ Hội Nữ doanh nhân tỉnh Bình Thuận\n\n"
            "Điều 1. Phê duyệt Điều lệ Hội Nữ doanh nhân tỉnh Bình Thuận.\n"
            "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, Chủ tịch Hội Nữ doanh "
            "nhân tỉnh Bình Thuận và Thủ trưởng các cơ quan có liên quan chịu trách nhiệm thi hành Quyết định này.\n",
        "CV ket qua dai hoi Hoi Nu doanh nhan.txt":
            "ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN\n\nV/v kết quả Đại hội Hội Nữ doanh nhân tỉnh Bình Thuận\n\n"
            "1. Thống nhất với hồ sơ báo cáo kết quả Đại hội nhiệm kỳ II (2025 - 2030).\n"
            "2. Đại hội đã biểu quyết số lượng Ban Chấp hành gồm 13 thành viên.\n"
            "3. Chủ tịch hội: Bà Đặng Thị Lynh Trang; Phó Chủ tịch thường trực: Bà Trần Thị Bảo Trâm.\n"})
    asked = parse_question("Ai là Chủ tịch Hội Nữ doanh nhân tỉnh Bình Thuận nhiệm kỳ 2025 - 2030?")
    assert answer_actor(searcher, asked, Filters()).value["name"] == "Bà Đặng Thị Lynh Trang"


def test_a_figure_asked_of_a_decree_by_its_number_is_read_from_that_decree(tmp_path):
    from api.answers.figure_answers import answer_figure
    from api.search import Filters

    decree = ("CHÍNH PHỦ\nSố: {number}/2003/NĐ-CP\tHà Nội, ngày 10 tháng 10 năm 2003\n\nNGHỊ ĐỊNH\n{title}\n\n"
              "Điều 10. Chế độ tập sự\n{sentence}\n")
    searcher = _keyword_searcher(tmp_path, {
        # the other decree's sentence shares more of the question's words
        "nd117.txt": decree.format(number="117", title="Về tuyển dụng, sử dụng và quản lý cán bộ, công chức",
                                   sentence="Người được tuyển dụng làm công chức phải tập sự đủ 12 tháng, kể cả công chức cấp "
                                            "xã được điều động."),
        "nd114.txt": decree.format(number="114", title="Về cán bộ, công chức xã, phường, thị trấn",
                                   sentence="Người được tuyển dụng phải thực hiện chế độ tập sự đủ thời gian 06 tháng.")})
    asked = parse_question("Người được tuyển dụng làm công chức cấp xã phải tập sự bao nhiêu tháng theo Nghị định "
                           "114/2003/NĐ-CP?")
    assert answer_figure(searcher, asked, Filters())[1]["text"] == "06 tháng"


def test_a_foreign_term_names_the_subject_with_half_of_the_other_words(tmp_path):
    from api.answers.unit_answers import answer_units
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "ubnd.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nBÁO CÁO\nCông tác cai nghiện ma túy năm 2025\n\n"
                    "Tỉnh duy trì điều trị nghiện các chất dạng thuốc phiện bằng thuốc Methadone cho 812 người.\n",
        "bo-y-te.txt": "BỘ Y TẾ\n\nCÔNG VĂN\nVề việc mở rộng điều trị thay thế\n\n"
                       "Hiện cả nước có 345 cơ sở điều trị Methadone đang hoạt động.\n",
        "cong-an.txt": "CÔNG AN TỈNH LÂM ĐỒNG\n\nBÁO CÁO\nTình hình ma túy\n\n"
                       "Thu giữ các loại ma túy tổng hợp, trong đó có Methadone.\n"})
    question = parse_question("Những đơn vị nào đề cập điều trị nghiện bằng thuốc Methadone?")
    units, _ = answer_units(searcher, question, Filters(), "relevance")
    # "điều trị Methadone" names it; a seizure list that only names the drug does not
    assert {u.unit for u in units} == {"Ủy ban nhân dân tỉnh Lâm Đồng", "Bộ Y tế"}


_MERGER_DECISION = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nSố:      /QĐ-UBND\tLâm Đồng, ngày      tháng 8 năm 2025\n\nQUYẾT ĐỊNH\n"
                    "Về việc cho phép hợp nhất, đổi tên các Hội Văn học nghệ thuật của tỉnh Lâm Đồng\n\n"
                    "Điều 1. Cho phép hợp nhất các Hội Văn học nghệ thuật của ba tỉnh thành Hội Văn học nghệ thuật tỉnh Lâm Đồng.\n")
_LETTER = ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\n\nSố: 3105/SNV-TCBC\tLâm Đồng, ngày      tháng 11 năm 2025\n\n"
           "V/v sử dụng Điều lệ của các Hội Văn học nghệ thuật\n\nKính gửi: Ủy ban nhân dân tỉnh.\n\n"
           "Các Hội Văn học nghệ thuật của tỉnh Lâm Đồng đã được Chủ tịch UBND tỉnh cho phép hợp nhất, đổi tên theo "
           "Quyết định số 706/QĐ-UBND ngày 11/8/2025. Sở Nội vụ đề nghị cho các Hội tạm thời sử dụng Điều lệ cũ.\n"
           "Hội Văn học nghệ thuật tỉnh Bình Thuận được cho phép thành lập theo Quyết định số 444/QĐ-UBND ngày 04/3/2010 "
           "của Chủ tịch UBND tỉnh Bình Thuận.\n")
_REPLY = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nSố: 7012/UBND-NC\tLâm Đồng, ngày 20 tháng 11 năm 2025\n\n"
          "V/v sử dụng Điều lệ của các Hội Văn học nghệ thuật\n\nKính gửi: Sở Nội vụ.\n\n"
          "Xét đề nghị của Sở Nội vụ tại Công văn số 3105/SNV-TCBC ngày 15/11/2025, Ủy ban nhân dân tỉnh đồng ý "
          "cho các Hội tạm thời sử dụng Điều lệ đã được phê duyệt.\n")


@pytest.fixture(scope="module")
def blank_searcher(tmp_path_factory):
    return _keyword_searcher(tmp_path_factory.mktemp("blank"), {
        "Quyet dinh hop nhat hoi van hoc nghe thuat.txt": _MERGER_DECISION, "Cong van 3105 SNV.txt": _LETTER,
        "Cong van UBND tra loi.txt": _REPLY})


def test_a_number_the_document_leaves_blank_is_read_where_another_document_cites_it(blank_searcher):
    from api.answers.document_answers import answer_document
    from api.search import Filters

    question = parse_question("Các Hội Văn học nghệ thuật của tỉnh Lâm Đồng được hợp nhất, đổi tên theo quyết định số bao nhiêu?")
    assert (question.type, question.document_field) == ("documents", "number")
    result = answer_document(blank_searcher, question, Filters())
    assert result.value["value"] == "706/QĐ-UBND" and result.value["identified_by"] == "citation"
    lead, evidence = result.lines[0]
    assert lead.startswith("Số hiệu: 706/QĐ-UBND") and "bản trong kho để trống số" in lead
    text = blank_searcher.reader.document(result.value["doc_id"]).text
    assert text[evidence.char_start:evidence.char_end] == "706/QĐ-UBND"


def test_a_date_the_document_leaves_blank_is_read_where_another_document_cites_its_number(blank_searcher):
    from api.answers.document_answers import answer_document
    from api.search import Filters

    question = parse_question("Công văn số 3105/SNV-TCBC của Sở Nội vụ về sử dụng Điều lệ được ban hành ngày nào?")
    result = answer_document(blank_searcher, question, Filters())
    assert result.value["value"] == "2025-11-15"
    assert result.lines[0][0].startswith("Ngày ban hành: 15/11/2025") and "không ghi đủ ngày" in result.lines[0][0]
    # a document whose own date is whole answers with it
    own = parse_question("Công văn số 7012/UBND-NC được ban hành ngày nào?")
    assert answer_document(blank_searcher, own, Filters()).value["value"] == "2025-11-20"


def test_a_decision_not_held_is_known_by_the_sentence_that_cites_it(blank_searcher):
    from api.answers.document_answers import answer_document
    from api.search import Filters

    # the merger decision held names the Hội and "cho phép … thành" too; "thành lập" it does not
    question = parse_question("Hội Văn học nghệ thuật tỉnh Bình Thuận được cho phép thành lập theo quyết định số bao nhiêu?")
    result = answer_document(blank_searcher, question, Filters())
    assert result.value["value"] == "444/QĐ-UBND" and "không có trong kho" in result.lines[0][0]


def test_a_decision_on_another_association_worded_alike_is_not_the_one_asked_about(tmp_path):
    from api.answers.document_answers import answer_document
    from api.search import Filters

    decision = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nSố:      /QĐ-UBND\tLâm Đồng, ngày      tháng 4 năm 2026\n\nQUYẾT ĐỊNH\n"
                "Về việc cho phép sáp nhập Hiệp hội {name} tỉnh Bình Thuận vào Hiệp hội {name} tỉnh Lâm Đồng\n\n"
                "Điều 1. Cho phép sáp nhập Hiệp hội {name} tỉnh Bình Thuận vào Hiệp hội {name} tỉnh Lâm Đồng.\n")
    reports = {f"Quyet dinh sap nhap hiep hoi {i}.txt": decision.format(name=name) for i, name in enumerate(
        ["Vận tải", "Doanh nghiệp", "Thanh long", "Nước mắm", "Xây dựng", "Cà phê", "Điều", "Hồ tiêu", "Chăn nuôi"])}
    reports["To trinh dai hoi hiep hoi du lich.txt"] = (
        "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 696/TTr-SNV\tLâm Đồng, ngày 10 tháng 11 năm 2025\n\nTỜ TRÌNH\n"
        "Về kết quả đại hội nhiệm kỳ 2025 - 2030 của hội\n\nCăn cứ Quyết định số 1807/QĐ-UBND ngày 22/10/2025 của Chủ tịch "
        "UBND tỉnh về việc cho phép sáp nhập Hiệp hội Du lịch tỉnh Bình Thuận vào Hiệp hội Du lịch tỉnh Lâm Đồng;\n")
    searcher = _keyword_searcher(tmp_path, reports)
    question = parse_question("Quyết định cho phép sáp nhập Hiệp hội Du lịch tỉnh Bình Thuận vào Hiệp hội Du lịch "
                              "tỉnh Lâm Đồng có số hiệu là gì?")
    result = answer_document(searcher, question, Filters())
    # nine held decisions on other associations are worded alike and leave their number blank
    assert (result.value["value"], result.value["identified_by"]) == ("1807/QĐ-UBND", "citation")


_PAPER = ("KHÓA HỌP LẦN THỨ HAI DIỄN ĐÀN KINH TẾ VIỆT - PHÁP\n\nNông nghiệp và phát triển nông thôn\n\n"
          "\" {title} \"\n\n{byline}\n\nĐà Lạt, tháng 7 năm 2025\n"
          "Trước tiên tôi xin cảm ơn Ban tổ chức Diễn đàn đã mời chúng tôi tham dự. Ngành cà phê đã có bước phát triển "
          "mạnh trong những năm qua.\n")


def test_the_author_of_a_paper_is_the_byline_under_its_title(tmp_path):
    searcher = _keyword_searcher(tmp_path, {
        "tham-luan-ca-phe.txt": _PAPER.format(title="Phát triển ngành cà phê\nbền vững ở Tây Nguyên",
                                              byline="Ông Nguyễn Văn Bình\nTổng giám đốc Tổng Công ty Cà phê Việt Nam"),
        "tham-luan-benh-vien.txt": _PAPER.format(title="Tài chính ở các bệnh viện tư hiện nay",
                                                 byline="Tiến sĩ Trần Thị Hoa - Viện Xã hội học,\nViện Hàn lâm Khoa học "
                                                        "xã hội Việt Nam\nCùng các cộng sự")})
    asker = Asker(searcher.reader)
    answer = _ask(asker, "Ai là tác giả bài tham luận 'Phát triển ngành cà phê bền vững ở Tây Nguyên'?")
    assert _lead(answer).startswith("Tác giả: Ông Nguyễn Văn Bình, Tổng giám đốc Tổng Công ty Cà phê Việt Nam")
    evidence = answer["units"][0]["documents"][0]["evidence"][0]
    text = searcher.reader.document(answer["document"]["doc_id"]).text
    assert text[evidence["char_start"]:evidence["char_end"]].startswith("Ông Nguyễn Văn Bình\nTổng giám đốc")
    # the byline goes on over a comma; "Cùng các cộng sự" is no part of it
    answer = _ask(asker, "Ai đứng đầu nhóm nghiên cứu 'Tài chính ở các bệnh viện tư hiện nay'?")
    assert answer["document"]["value"] == "Tiến sĩ Trần Thị Hoa - Viện Xã hội học, Viện Hàn lâm Khoa học xã hội Việt Nam"


def test_a_paper_whose_first_lines_name_nobody_has_no_author(tmp_path):
    from api.answers.bylines import read_byline

    text = _PAPER.format(title="Phát triển ngành cà phê", byline="Hội Cà phê Việt Nam")
    assert read_byline(text, text.find("cà phê") + 6) is None  # the place and date line is not a byline either


_INVITATION = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 45/GM-UBND\tLâm Đồng, ngày 12 tháng 01 năm 2026\n\nGIẤY MỜI\n\n"
               "Thực hiện Công điện của Văn phòng Chính phủ mời dự Phiên họp lần thứ nhất Ban Chỉ đạo quốc gia về dữ liệu "
               "(chủ trì tại điểm cầu Trung ương: Thủ tướng Chính phủ), Ủy ban nhân dân tỉnh mời họp như sau:\n"
               + "Phiên họp đánh giá tình hình triển khai Đề án phát triển ứng dụng dữ liệu dân cư, định danh và xác thực "
                 "điện tử phục vụ chuyển đổi số quốc gia trên địa bàn tỉnh trong năm 2025. " * 6
               + "\nI. Thành phần dự họp:\n- Đồng chí Hồ Văn Mười - Chủ tịch UBND tỉnh: Chủ trì điểm cầu tại tỉnh;\n"
               "- Đại diện lãnh đạo Công an tỉnh, Sở Khoa học và Công nghệ.\n")


def test_the_sentence_naming_the_actor_is_read_in_another_chunk_of_a_ranked_document(tmp_path):
    from api.answers.actor_answers import _other_chunks_stating

    searcher = _keyword_searcher(tmp_path, {"giay-moi.txt": _INVITATION})
    reader = searcher.reader
    spans = next(iter(reader.chunk_spans([next(iter(reader.document_identities()))]).values()))
    assert len(spans) >= 2, "the invitation is cut into several chunks"
    from api.search import Filters, SearchRequest

    ranked = [r for r in searcher.search(SearchRequest(query="chủ trì Phiên họp lần thứ nhất Ban Chỉ đạo quốc gia về dữ liệu",
                                                       mode="bm25", k=30, filters=Filters(), snippets=False)).results
              if "Thực hiện Công điện" in r.text]
    added = _other_chunks_stating(searcher, ranked[:1], "chu tri")
    assert [r.chunk_id for r in added] and all(r.chunk_id != ranked[0].chunk_id for r in added)
    assert any("Đồng chí Hồ Văn Mười - Chủ tịch UBND tỉnh: Chủ trì" in r.text for r in added)
    answer = _ask(Asker(reader), "Ai chủ trì điểm cầu tỉnh Lâm Đồng tại Phiên họp lần thứ nhất Ban Chỉ đạo quốc gia về dữ liệu?")
    assert answer["actor"]["name"] == "Đồng chí Hồ Văn Mười - Chủ tịch UBND tỉnh"


def test_an_action_no_sentence_states_is_answered_with_passages_saying_nobody_is_named(tmp_path):
    searcher = _keyword_searcher(tmp_path, {"giay-moi.txt": _INVITATION})
    answer = _ask(Asker(searcher.reader), "Ai phát biểu tại Phiên họp lần thứ nhất Ban Chỉ đạo quốc gia về dữ liệu?")
    assert answer["type"] == "actors" and not answer["not_found"]
    assert _lead(answer).startswith("Các văn bản tìm được không nêu rõ ai phát biểu")


def test_a_body_named_in_full_beats_its_head_noun_alone(tmp_path):
    from api.answers.actor_answers import answer_actor
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {"bao-cao-chi-so.txt": (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nBÁO CÁO\nCác chỉ số năng lực cạnh tranh của tỉnh\n\n"
        "Sau khi Liên đoàn Thương mại và Công nghiệp Việt Nam công bố Bộ chỉ số mới, Trung tâm Xúc tiến đầu tư, thương mại "
        "và du lịch tỉnh sẽ chủ trì tham mưu kế hoạch nâng cao năng lực cạnh tranh của tỉnh.\n"
        # the same words, the actor as the object of "giao" (read as surely as a label): only its bare
        # "Trung tâm" makes it weaker
        "- Sau khi Liên đoàn Thương mại và Công nghiệp Việt Nam công bố Bộ chỉ số mới, giao Trung tâm chủ trì tham mưu "
        "kế hoạch nâng cao năng lực cạnh tranh của tỉnh.\n")})
    asked = parse_question("Sau khi Liên đoàn Thương mại và Công nghiệp Việt Nam công bố Bộ chỉ số mới, cơ quan nào sẽ chủ trì "
                           "tham mưu kế hoạch nâng cao năng lực cạnh tranh của tỉnh?")
    answer = answer_actor(searcher, asked, Filters())
    assert answer.value["name"] == "Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh"
    assert answer.lines[0][0].startswith("Sau khi Liên đoàn Thương mại và Công nghiệp Việt Nam công bố Bộ chỉ số mới, Trung tâm "
                                         "Xúc tiến đầu tư, thương mại và du lịch tỉnh sẽ chủ trì tham mưu"), answer.lines[0][0]


def test_the_issuer_after_do_is_read_before_a_sentence_opening():
    from api.answers.document_answers import issuer_named

    assert issuer_named(parse_question("Trong kho tài liệu có những văn bản nào do Chính phủ ban hành năm 1998?")) == "Chính phủ"
    assert issuer_named(parse_question("Sở Nội vụ đã ban hành những văn bản nào trong tháng 10/2025?")) == "Sở Nội vụ"


def test_a_round_of_a_complaint_tells_two_decisions_apart():
    from api.answers.document_answers import _description_share

    asked = parse_question("Quyết định không chấp nhận khiếu nại lần 2 của bà Đoàn Thị Kim Thu có số hiệu là gì?")
    second = _description_share(asked, "quyết định về việc không chấp nhận nội dung khiếu nại (lần 2) của bà Đoàn Thị Kim Thu")
    first = _description_share(asked, "quyết định về việc không chấp nhận khiếu nại (lần đầu) của bà Đoàn Thị Kim Thu")
    assert second > first


def test_a_letter_without_a_subject_line_is_known_by_whom_it_is_sent_to(tmp_path):
    from api.answers.document_answers import find_documents
    from api.search import Filters

    letter = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: {number}/UBND-NC\tLâm Đồng, ngày 20 tháng 4 năm 2026\n\n{subject}"
              "Kính gửi: {to}\n\n{body}\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n{signer}\n")
    searcher = _keyword_searcher(tmp_path, {
        "cu nguoi tham gia vu an.txt": letter.format(
            number="2101", subject="V/v cử người tham gia vụ án hành chính do bà Đoàn Thị Kim Thu khởi kiện\n\n",
            to="Thanh tra tỉnh.", body="Ủy ban nhân dân tỉnh cử người đại diện tham gia tố tụng vụ án do bà Đoàn Thị Kim Thu khởi kiện.",
            signer="Trịnh Ngọc Duệ"),
        "y kien gui toa an.txt": letter.format(
            number="2230", subject="", to="Tòa án nhân dân khu vực 1 - Lâm Đồng.",
            body="Ủy ban nhân dân tỉnh có ý kiến về yêu cầu khởi kiện của bà Đoàn Thị Kim Thu như sau.",
            signer="Lê Trọng Yên")})
    asked = parse_question("Ai đã ký văn bản UBND tỉnh Lâm Đồng gửi Tòa án nhân dân khu vực 1 nêu ý kiến về yêu cầu khởi kiện "
                           "của bà Đoàn Thị Kim Thu?")
    assert find_documents(searcher, asked, Filters())[0].info.number == "2230/UBND-NC"


def test_an_acronym_that_reads_as_a_large_roman_numeral_is_an_acronym():
    asked = parse_question("Hội CCV tỉnh Lâm Đồng xuất hiện trong văn bản của những đơn vị nào?")
    assert (asked.name, asked.name_source) == ("CCV", "acronym")  # CCV = công chứng viên, not 205
    assert asked.topic == "Hội CCV tỉnh Lâm Đồng"  # "xuất hiện trong văn bản của" asks, it names nothing
    assert parse_question("Đại hội XIII của Đảng đã đề ra những nhiệm vụ gì?").name_source != "acronym"


def test_a_level_word_with_no_name_is_no_place_and_bàn_về_asks():
    asked = parse_question("Về sơ kết Chương trình tổng thể cải cách hành chính, những đơn vị nào của tỉnh có văn bản?")
    assert asked.place is None  # "của tỉnh có văn bản": the province, not a place called "có văn"
    assert parse_question("nhung don vi nao cua tinh lam dong bao cao ve vi nguoi ngheo").place == "tinh lam dong"
    asked = parse_question("Những văn bản bàn về tín dụng đối với người sau cai nghiện ma túy là của đơn vị nào?")
    assert asked.topic == "tín dụng đối với người sau cai nghiện ma tuý"


def test_the_sentence_assigning_a_task_is_read_with_the_one_before_it(tmp_path):
    from api.answers.actor_answers import answer_actor
    from api.search import Filters

    letter = ("ỦY BAN NHÂN DÂN\nTỈNH {province}\nSố: {number}/UBND-NC\t{place}, ngày 20 tháng 4 năm 2026\n"
              "V/v tham mưu xử lý đề nghị của Bộ Công an\n\nKính gửi:\n- Sở Tài chính;\n- Công an tỉnh.\n\n"
              "Ủy ban nhân dân tỉnh nhận được Công văn số 2388/C04-P6 của Bộ Công an về việc tham mưu HĐND cấp tỉnh ban hành "
              "Nghị quyết về nguyên tắc, tiêu chí, định mức phân bổ vốn thực hiện Chương trình mục tiêu quốc gia phòng, "
              "chống ma túy.\nChủ tịch Ủy ban nhân dân tỉnh giao {actor} chủ trì, phối hợp với Công an tỉnh nghiên cứu, triển "
              "khai thực hiện theo đề nghị nêu trên; báo cáo Ủy ban nhân dân tỉnh trước ngày 04/5/2026./.\n")
    searcher = _keyword_searcher(tmp_path, {
        "lam-dong.txt": letter.format(province="LÂM ĐỒNG", place="Lâm Đồng", number="2101", actor="Sở Tài chính"),
        "binh-thuan.txt": letter.format(province="BÌNH THUẬN", place="Bình Thuận", number="805", actor="Sở Kế hoạch và Đầu tư")})
    asked = parse_question("Ở Bình Thuận, cơ quan nào được giao chủ trì tham mưu để HĐND tỉnh ban hành Nghị quyết về nguyên tắc, "
                           "tiêu chí, định mức phân bổ vốn thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy?")
    answer = answer_actor(searcher, asked, Filters())
    # the assigning sentence holds none of the subject's words: the sentence before it does
    assert answer.value["name"] == "Sở Kế hoạch và Đầu tư"
    assert answer.lines[0][0].startswith("Ở Bình Thuận, Sở Kế hoạch và Đầu tư được giao chủ trì tham mưu"), answer.lines[0][0]


def test_the_kind_asked_about_is_the_one_written_with_the_number():
    from api.answers.document_answers import _kind_in

    asked = parse_question("Hướng dẫn số 46/HD-BCA-C04 của Bộ Công an về giám sát Chương trình mục tiêu quốc gia phòng, "
                           "chống ma túy ban hành ngày nào?")
    assert _kind_in(asked) == "hướng dẫn"  # not the longer "chương trình" it is about
    assert _kind_in(parse_question("Quyết định đổi tên Câu lạc bộ Mô tô Thể thao được ban hành ngày nào?")) == "quyết định"


_INVESTMENT_LIST = (
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n\nDANH MỤC ĐẦU TƯ NĂM 2006\n"
    "(Ban hành kèm theo Quyết định số 141/2006/QĐ-UBND của Ủy ban nhân dân thành phố)\n"
    "\t\t\t\t\t\t Đơn vị tính: Triệu đồng\n"
    "Stt\tTên công trình, dự án\tChủ đầu tư\tĐịa điểm thực hiện\tThời gian KC-HT\tTổng vốn đầu tư\n"
    "\tChương trình ba giảm\t\t\t\t41370\n"
    "1\tSửa chữa, cải tạo và xây dựng mở rộng Trung tâm chữa bệnh Phú Văn\tBan Quản lý Dự án ĐTXD công trình Sở Lao động TBXH"
    "\tTỉnh Bình Phước\t2003 - 2006\t41370\n"
    "2\tCải tạo nâng cấp đường DT760 đoạn từ Trung tâm chữa bệnh Phú Văn đến cầu Đăc Ơ2\tBan Quản lý dự án Sở Giao thông"
    "\tTỉnh Bình Phước\t2006 - 2007\t13406\n"
    "3\tXây dựng mới cầu Rạch Chim\tBan Quản lý Dự án đầu tư xây dựng công trình huyện Nhà Bè\tHuyện Nhà Bè\t2003 - 2006\t35223\n")


def test_the_actor_is_read_from_the_table_column_the_question_names(tmp_path):
    """"Ai là chủ đầu tư …": the cell under "Chủ đầu tư" in the row that names the project, not in
    the row of another project near the same place."""
    from api.answers.actor_answers import answer_actor
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {"danh-muc-dau-tu.txt": _INVESTMENT_LIST})
    asked = parse_question("Ai là chủ đầu tư dự án sửa chữa, cải tạo và mở rộng Trung tâm chữa bệnh Phú Văn?")
    answer = answer_actor(searcher, asked, Filters())
    assert answer.value["name"] == "Ban Quản lý Dự án ĐTXD công trình Sở Lao động TBXH"
    assert answer.lines[0][0].startswith("Ban Quản lý Dự án ĐTXD công trình Sở Lao động TBXH là chủ đầu tư")
    evidence = answer.lines[0][1]
    assert evidence.text.startswith("1\tSửa chữa, cải tạo và xây dựng mở rộng Trung tâm chữa bệnh Phú Văn")
    asked = parse_question("Ai là chủ đầu tư dự án xây dựng mới cầu Rạch Chim?")
    assert answer_actor(searcher, asked, Filters()).value["name"] == \
        "Ban Quản lý Dự án đầu tư xây dựng công trình huyện Nhà Bè"


def test_a_task_table_names_who_carries_each_task_out():
    from api.answers.table_text import cells_under

    text = ("TT\tNội dung các bước công việc\tThời hạn\tĐơn vị, cá nhân thực hiện\n"
            "1\tNộp Hồ sơ đánh giá cơ sở\tChậm nhất là đến thời hạn kết thúc Hợp đồng\tChủ nhiệm Đề tài\n"
            "2\tKiểm tra tính đầy đủ của Hồ sơ đánh giá cơ sở\tTrong thời hạn 60 ngày\tCơ quan chủ trì Đề tài\n")
    assert [c.text for c in cells_under(text, "kiem tra")] == ["Cơ quan chủ trì Đề tài"]
    assert [c.text for c in cells_under(text, "nop")] == ["Chủ nhiệm Đề tài"]
    assert cells_under(text, "phe duyet") == []


def test_the_issuer_asked_for_after_the_question_is_no_topic():
    assert parse_question("Có những văn bản nào nhắc đến nạn nhân chất độc da cam/dioxin? Do đơn vị nào ban hành?"
                          ).topic == "nạn nhân chất độc da cam/dioxin"
    assert parse_question("Văn bản nào của các cơ quan có nói tới xây dựng nông thôn mới?").topic == "xây dựng nông thôn mới"


def test_of_a_draft_and_its_signed_decision_worded_alike_the_signed_one_answers_who_signed():
    """Dossier 511 holds the decision on the 2025 drug hotspots twice, a draft and the one signed
    "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Nguyễn Minh": described equally well (1.150 against 1.148), the one
    stating the signer answers "… do ai ký?"; a clearly better match keeps its place."""
    from types import SimpleNamespace

    from api.answers.document_answers import DocumentMatch, _holding_field

    signers = {437: None, 439: {"value": "Nguyễn Minh"}}
    reader = SimpleNamespace(document=lambda doc_id: SimpleNamespace(metadata={"signer": signers[doc_id]}))
    draft, signed = (DocumentMatch(SimpleNamespace(doc_id=d), score, False) for d, score in ((437, 1.150), (439, 1.148)))
    match, record = _holding_field(reader, "signer", [draft, signed])
    assert match is signed and record.metadata["signer"]["value"] == "Nguyễn Minh"  # read once, not again
    assert _holding_field(reader, "cites", [draft, signed])[0] is draft
    far = DocumentMatch(SimpleNamespace(doc_id=439), 0.9, False)
    assert _holding_field(reader, "signer", [draft, far])[0] is draft


_TITLED = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số: {number}/UBND-NC
V/v {giao}tham mưu triển khai {cited} của Bộ Công an
Lâm Đồng, ngày {day} tháng 12 năm 2025
Kính gửi: Công an tỉnh.
Ủy ban nhân dân tỉnh giao Công an tỉnh chủ trì, phối hợp với các cơ quan liên quan tham mưu Ủy ban nhân dân tỉnh triển khai {cited} của Bộ Công an theo quy định.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
{signer}
"""


def test_a_document_whose_title_names_the_number_asked_about_is_the_one(tmp_path):
    """Two letters of the UBND tỉnh, worded alike, pass on two Bộ Công an texts: "… triển khai Công
    văn 4214/BCA-C04 …" is the one whose title names that number, not "Hướng dẫn số 46/HD-BCA-C04",
    though that one's title also holds the question's "giao"."""
    from api.answers.document_answers import answer_document
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "CV 46 HD BCA.txt": _TITLED.format(number="8121", cited="Hướng dẫn số 46/HD-BCA-C04", day="12", giao="giao ",
                                           signer="Đỗ Tấn Sương"),
        "CV 4214 BCA.txt": _TITLED.format(number="7730", cited="Công văn số 4214/BCA-C04", day="02", giao="",
                                          signer="Nguyễn Nhân Bản")})
    question = parse_question("Văn bản UBND tỉnh giao Công an tỉnh tham mưu triển khai Công văn 4214/BCA-C04 của Bộ Công an "
                              "do ai ký?")
    assert answer_document(searcher, question, Filters()).value["value"] == "Nguyễn Nhân Bản"


def test_a_joint_circular_is_listed_under_each_of_its_issuers(tmp_path):
    """"Cơ quan nào ban hành văn bản về thuế GTGT?": Thông tư liên tịch 120/2000/TTLT-BTC-BCN-TCHQ
    is the Bộ Tài chính's, the Bộ Công nghiệp's and the Tổng cục Hải quan's, one document under each."""
    from tests.indexer.test_metadata import JOINT_CIRCULAR

    searcher = _keyword_searcher(tmp_path, {"2003-A37.txt": JOINT_CIRCULAR})
    answer = Asker(searcher.reader).ask(AskRequest("Cơ quan nào ban hành văn bản về thuế GTGT?")).to_json()
    assert answer["type"] == "units"
    assert [u["unit"] for u in answer["units"]] == ["Bộ Tài chính", "Bộ Công nghiệp", "Tổng cục Hải quan"]
    assert len({d["doc_id"] for u in answer["units"] for d in u["documents"]}) == 1


_ACCIDENT_FORM = """Tên đơn vị:\t\tBÁO CÁO TAI NẠN LAO ĐỘNG\t\tMẫu số 3
Địa chỉ:\t6 THÁNG ĐẦU NĂM ……… (HOẶC NĂM ………)\t\tBiểu số 01/TNLĐ-CS ban hành theo
Thuộc loại hình:(1)\t\tTT 14/2005/TTLT-BLĐTBXH-BYT-TLĐLĐVN ngày 08/3/2005
Mã huyện quận:(2)\tKính gửi: Ban Quản lý các Khu công nghiệp Đồng Nai
Cơ quan quản lý cấp trên:\t\tNgày báo cáo:
I- Tổng số lao động bình quân của cơ sở trong kỳ báo cáo: … người; trong đó nữ: … người.
II- Tình hình tai nạn lao động trong kỳ báo cáo.
"""


def test_where_a_form_is_sent_is_read_from_its_kính_gửi_cell(tmp_path):
    """Đồng Nai's accident report form (a spreadsheet): "Kính gửi: …" stands in a cell after
    "Mã huyện quận:(2)", where the form is sent."""
    searcher = _keyword_searcher(tmp_path, {"Bieu 01 TNLD.txt": _ACCIDENT_FORM})
    answer = Asker(searcher.reader).ask(AskRequest("Báo cáo tai nạn lao động theo Biểu số 01/TNLĐ-CS được gửi đến cơ "
                                                   "quan nào?")).to_json()
    assert answer["type"] == "actors"
    assert answer["actor"]["name"] == "Ban Quản lý các Khu công nghiệp Đồng Nai"


def test_the_unit_asked_for_after_a_period_and_with_any_verb_of_issuing():
    from api.answers.document_answers import issuer_named

    assert issuer_named(parse_question("Trong tháng 10 năm 2025, Công an tỉnh Lâm Đồng đã gửi những văn bản nào?")) \
        == "Công an tỉnh Lâm Đồng"
    assert issuer_named(parse_question("Sở Nội vụ đã ban hành những văn bản nào trong tháng 10/2025?")) == "Sở Nội vụ"


def test_an_organisation_name_ends_before_the_verb_and_after_viet_nam():
    from api.answers.questions import organisation_name

    assert organisation_name("Liên đoàn Luật sư Việt Nam xuất hiện trong văn bản của những đơn vị nào?") \
        == "Liên đoàn Luật sư Việt Nam"
    assert organisation_name("Liên đoàn Xe đạp thể thao tỉnh Bình Thuận đổi tên khi nào?") == "Liên đoàn Xe đạp thể thao"


def test_văn_bản_names_no_kind_and_each_reference_keeps_its_own_words():
    from api.answers.document_answers import _citing_sentence, _kind_in, _neighbours

    assert _kind_in(parse_question("Văn bản của Bộ Nội vụ hướng dẫn xây dựng kế hoạch cải cách hành chính có số hiệu là gì?")) is None
    assert _kind_in(parse_question("Hướng dẫn của Bộ Nội vụ về kế hoạch cải cách hành chính có số hiệu là gì?")) == "hướng dẫn"
    text = ("Kế hoạch số 3920/KH-UBND ngày 23/9/2025 của Ủy ban nhân dân tỉnh về việc thực hiện chiến dịch làm giàu dữ "
            "liệu đất đai; Quyết định số 1417/QĐ-UBND ngày 23/9/2025 về việc thành lập Ban chỉ đạo triển khai Chiến dịch "
            "90 ngày; Quyết định số 1441/QĐ-UBND ngày 25/9/2025 về việc công bố danh mục thủ tục hành chính thực hiện "
            "không phụ thuộc vào địa giới hành chính.")
    references = [{"start": text.index(code) - len("Quyết định số "), "end": text.index(code) + len(code)}
                  for code in ("3920/KH-UBND", "1417/QĐ-UBND", "1441/QĐ-UBND")]
    own = _citing_sentence(text, references[1], _neighbours(text, references, references[1]))
    assert "thành lập Ban chỉ đạo" in own and "công bố danh mục" not in own and "chiến dịch làm giàu" not in own


def test_the_appendices_filed_beside_a_found_decision_are_read_for_tables_and_a_shelf_is_not(tmp_path):
    """The scores are in appendices that the many reports on the same work outrank in a search of
    the question's words; the search finds the decision that publishes the index, and the
    appendices are filed beside it. A folder of many documents is a shelf, not a dossier."""
    from api.answers.figure_answers import DOSSIER_DOCUMENTS, _dossier_documents
    from api.search import Filters
    from indexer.update import IndexSettings, update_index

    dossier = tmp_path / "archive" / "Tờ trình 95 công bố chỉ số cải cách hành chính năm 2025"
    shelf = tmp_path / "archive" / "Báo cáo"
    dossier.mkdir(parents=True)
    shelf.mkdir(parents=True)
    (dossier / "quyet-dinh.txt").write_text("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nQUYẾT ĐỊNH\nCông bố Chỉ số cải cách hành "
                                            "chính năm 2025 của các sở, ban, ngành\n", encoding="utf-8")
    (dossier / "phu-luc-i.txt").write_text("Phụ lục I\nKẾT QUẢ ĐÁNH GIÁ CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH NĂM 2025\n"
                                           "1 Sở Tư pháp 14,50 14,50 13,50 93,10%\n", encoding="utf-8")
    for n in range(DOSSIER_DOCUMENTS + 1):
        (shelf / f"bao-cao-{n}.txt").write_text(f"SỞ NỘI VỤ\n\nBÁO CÁO\nCải cách hành chính quý {n % 4 + 1} năm 2025, "
                                                f"số {n}\n", encoding="utf-8")
    update_index([tmp_path / "archive"], tmp_path / "index", IndexSettings(embed=False))
    reader = open_reader(tmp_path / "index")
    ids = {Path(reader.document_files(d)[0].path).name: d for d in range(1, DOSSIER_DOCUMENTS + 4)
           if reader.document_files(d)}
    ranked = [ids["bao-cao-0.txt"], ids["quyet-dinh.txt"]]
    words = ["chi", "so", "cai", "cach", "hanh", "chinh", "phap"]
    assert _dossier_documents(reader, ranked, Filters(), set(ranked), words) == [ids["phu-luc-i.txt"]]


def test_an_organs_figure_is_its_row_in_the_appendix_on_the_subject(tmp_path):
    """"Chỉ số cải cách thể chế năm 2025 của Sở Ngoại vụ": the appendix on cải cách thể chế (no
    title the reader finds; its first lines say what it is) holds the sở's row far below its
    head; the decision's table gives the sở's overall index and the self-assessment the field's
    points, neither the one asked for."""
    from api.answers.figure_answers import answer_figure
    from api.search import Filters

    communes = ["Xã Đạ Tẻh", "Xã Cát Tiên", "Xã Bảo Lâm", "Xã Di Linh", "Xã Lạc Dương", "Xã Đơn Dương", "Xã Lâm Hà",
                "Xã Đam Rông", "Xã Đức Trọng", "Xã Tà Năng", "Xã Hòa Ninh", "Xã Gia Hiệp", "Xã Bảo Thuận", "Xã Đinh Văn"]
    rows = [f"{i + 1} {name} 6,50 6,50 6,00 92,31%" for i, name in enumerate(communes * 6)]
    searcher = _keyword_searcher(tmp_path, {
        "phu-luc-ii.txt": "Phụ lục II\nKẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ THUỘC CẢI CÁCH THỂ CHẾ NĂM 2025\n\n"
                          + "\n".join(rows) + "\n85 Sở Ngoại vụ 6,50 6,50 3,25 50,00%\nChỉ số trung bình 94,62%\n",
        "quyet-dinh.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nQUYẾT ĐỊNH\nCông bố Chỉ số cải cách hành chính năm 2025 "
                          "của các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh\n\n"
                          "13 Sở Xây dựng 87,50 78,47 89,68% TỐT\n14 Sở Ngoại vụ 80,50 48,65 60,43% TRUNG BÌNH\n",
        "tu-danh-gia.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nBÁO CÁO\nTổng hợp kết quả tự đánh giá chỉ số cải cách hành "
                           "chính năm 2025\n\nSTT\tLĩnh vực\tĐiểm chuẩn\tĐiểm tự đánh giá\n1\tCÔNG TÁC CHỈ ĐẠO\t9.00\t9.00\n"
                           "2\tCẢI CÁCH THỂ CHẾ\t5.00\t5.00\n"})
    _, figure, _ = answer_figure(searcher, parse_question("Chỉ số cải cách thể chế năm 2025 của Sở Ngoại vụ là bao nhiêu?"),
                                 Filters())
    assert figure["text"] == "50,00%"


def test_a_question_opening_with_a_kind_asks_of_that_kind_not_the_proposal_worded_alike(tmp_path):
    from api.answers.document_answers import KIND_BONUS, find_documents
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "to-trinh.txt": "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN\nSỞ NỘI VỤ\nSố: 2114/TTr-SNV\n\nTỜ TRÌNH\nVề việc thông báo kết quả "
                        "đại hội và dự thảo Quyết định phê duyệt Điều lệ (sửa đổi, bổ sung) Hiệp hội Doanh nghiệp tỉnh Bình Thuận\n",
        "quyet-dinh.txt": "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN\nSố: 1424/QĐ-UBND\n\nQUYẾT ĐỊNH\nPhê duyệt Điều lệ (sửa đổi, bổ "
                          "sung) Hiệp hội Doanh nghiệp tỉnh Bình Thuận\n\nĐiều 1. Phê duyệt Điều lệ kèm theo Quyết định này.\n"})

    def scores(question: str) -> dict[str, float]:
        return {m.info.number: m.score for m in find_documents(searcher, parse_question(question), Filters())}

    opening = scores("Quyết định phê duyệt Điều lệ (sửa đổi, bổ sung) Hiệp hội Doanh nghiệp tỉnh Bình Thuận có số hiệu là gì?")
    inside = scores("Số hiệu của quyết định phê duyệt Điều lệ (sửa đổi, bổ sung) Hiệp hội Doanh nghiệp tỉnh Bình Thuận là gì?")
    assert max(opening, key=opening.get) == "1424/QĐ-UBND"
    # the tờ trình proposing the decision loses the kind's weight only when the question opens with the kind
    assert inside["2114/TTr-SNV"] - opening["2114/TTr-SNV"] == pytest.approx(KIND_BONUS, abs=0.01)


def test_a_position_or_leadership_asked_with_nao_asks_for_an_actor():
    asked = parse_question("Theo phân công của UBND tỉnh, Phó Chủ tịch nào trực tiếp theo dõi lĩnh vực hội, hiệp hội?")
    assert (asked.type, asked.action) == ("actors", "theo doi") and "Phó Chủ tịch" not in asked.topic
    asked = parse_question("Lãnh đạo UBND tỉnh nào được phân công trực tiếp theo dõi việc thực hiện Chương trình mục tiêu "
                           "quốc gia phòng, chống ma túy?")
    assert (asked.type, asked.action) == ("actors", "theo doi")
    assert asked.topic == "trực tiếp theo dõi việc thực hiện Chương trình mục tiêu quốc gia phòng, chống ma tuý"


def test_a_name_holding_ai_asks_for_no_actor():
    assert parse_question("Hội Ái hữu có bao nhiêu hội viên?").type == "figure"
    assert parse_question("Hội nghị tổng kết do ai chủ trì?").type == "actors"


def test_tp_before_a_city_names_a_place_and_a_list_names_the_source():
    asked = parse_question("Trong danh mục đầu tư năm 2006 của TP Hồ Chí Minh, dự án lắp đặt trụ cứu hỏa (giai đoạn 2) "
                           "dự kiến lắp bao nhiêu trụ?")
    assert (asked.type, asked.name, asked.place) == ("figure", None, "thành phố Hồ Chí Minh")
    assert asked.source == "danh mục đầu tư năm 2006 của TP Hồ Chí Minh"
    assert parse_question("Chỉ số PAPI của TP. Đà Lạt năm 2025 là bao nhiêu?").name == "PAPI"


@pytest.fixture(scope="module")
def team_searcher(tmp_path_factory):
    return _keyword_searcher(tmp_path_factory.mktemp("team"), {
        "Phieu trinh TTr 197.txt":
            "UBND TỈNH LÂM ĐỒNG\nVĂN PHÒNG\n\nPHIẾU TRÌNH\nKính gửi:\n- Lãnh đạo UBND tỉnh.\n\n"
            "- Về đề nghị kiện toàn: Ngày 04/4/2025, Chủ tịch UBND tỉnh đã ban hành Quyết định số 607/QĐ-UBND về việc kiện toàn "
            "Đội ứng cứu sự cố mạng, máy tính tỉnh gồm 52 thành viên, trong đó giao Sở Thông tin và Truyền thông (nay là Sở "
            "Khoa học và Công nghệ) trực tiếp quản lý chỉ đạo.\n",
        "Quyet dinh kien toan Doi UCSC.txt":
            "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố:     /QĐ-UBND\n\nQUYẾT ĐỊNH\nKiện toàn Đội ứng cứu sự cố an toàn thông tin "
            "mạng tỉnh Lâm Đồng\n\nĐiều 1. Kiện toàn Đội ứng cứu sự cố an toàn thông tin mạng tỉnh Lâm Đồng.\n"
            "Điều 2. Công an tỉnh Lâm Đồng trực tiếp quản lý và chỉ đạo Đội ứng cứu sự cố.\n"})


def test_an_assignment_recounted_from_an_earlier_decision_yields_to_the_decision_itself(team_searcher):
    from api.answers.actor_answers import answer_actor
    from api.search import Filters

    question = parse_question("Đơn vị nào trực tiếp quản lý và chỉ đạo Đội ứng cứu sự cố an toàn thông tin mạng tỉnh Lâm Đồng?")
    assert question.type == "actors"
    assert answer_actor(team_searcher, question, Filters()).value["name"] == "Công an tỉnh Lâm Đồng"  # no "trực tiếp"


@pytest.fixture(scope="module")
def invitation_searcher(tmp_path_factory):
    return _keyword_searcher(tmp_path_factory.mktemp("invitation"), {
        "Giay moi hoi nghi CTMTQG ma tuy.txt":
            "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố:          /GM-UBND\tLâm Đồng, ngày        tháng 10 năm 2025\n\nGIẤY MỜI\n\n"
            "Thực hiện Công điện số 2003/CĐ-VPCP ngày 07/10/2025 của Văn phòng Chính phủ mời dự Hội nghị triển khai Chương "
            "trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030, Ủy ban nhân dân tỉnh mời họp như sau:\n"
            "I. Thành phần dự họp:\n- Đại diện Thường trực HĐND tỉnh.\nIV. Phân công chuẩn bị\n"
            "- Công an tỉnh chuẩn bị bài phát biểu của Lãnh đạo tỉnh tại Hội nghị.\n",
        "Chuong trinh hoi nghi.txt":
            "CHƯƠNG TRÌNH\nHội nghị triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy\n\n"
            "07h45 - 8h00 Tiếp đón đại biểu Bộ Công an; 8h00 Khai mạc Hội nghị.\n"})


def test_an_untitled_document_named_by_its_opening_lines_is_the_source(invitation_searcher):
    from api.answers.sources import source_documents
    from api.search import Filters

    question = parse_question("Giấy mời dự Hội nghị triển khai Chương trình mục tiêu quốc gia phòng, chống ma túy ngày "
                              "09/10/2025 phân công chuẩn bị những gì?")
    found = source_documents(invitation_searcher, question.source, Filters())
    names = {invitation_searcher.reader.document(d).text.split("\n")[0] for d in found}
    assert names == {"ỦY BAN NHÂN DÂN"}  # the invitation, not the programme that holds the words in its title


@pytest.fixture(scope="module")
def charter_searcher(tmp_path_factory):
    return _keyword_searcher(tmp_path_factory.mktemp("charter"), {
        "Du thao QD doi ten Lien doan Xe dap.txt":
            "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố:      /QĐ-UBND\tLâm Đồng, ngày    tháng 10 năm 2025\n\nQUYẾT ĐỊNH\n"
            "Về việc cho phép đổi tên Liên đoàn Xe đạp thể thao tỉnh Bình Thuận (trước sắp xếp) thành Liên đoàn Xe đạp thể "
            "thao tỉnh Lâm Đồng và phê duyệt Điều lệ (sửa đổi, bổ sung) Liên đoàn Xe đạp thể thao tỉnh Lâm Đồng\n\n"
            "Điều 1. Cho phép đổi tên.\n",
        "To trinh doi ten Lien doan Xe dap.txt":
            "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 404/TTr-SNV\tLâm Đồng, ngày 02 tháng 10 năm 2025\n\nTỜ TRÌNH\n"
            "Về việc cho phép đổi tên Liên đoàn Xe đạp thể thao tỉnh Bình Thuận\n\nKính gửi: Ủy ban nhân dân tỉnh.\n\n"
            "Điều lệ Liên đoàn Xe đạp thể thao tỉnh Bình Thuận được Chủ tịch UBND tỉnh Bình Thuận (trước sắp xếp) phê duyệt "
            "theo Quyết định số 2767/QĐ-UBND ngày 10/11/2020. Do đó, cần thiết phải phê duyệt Điều lệ (sửa đổi, bổ sung) "
            "Liên đoàn Xe đạp thể thao tỉnh Lâm Đồng theo tên mới của Liên đoàn.\n"})


def test_an_earlier_document_asked_for_is_read_from_its_citation(charter_searcher):
    from api.answers.document_answers import answer_document
    from api.search import Filters

    question = parse_question("Điều lệ Liên đoàn Xe đạp thể thao tỉnh Bình Thuận trước đây được phê duyệt theo quyết định số mấy?")
    assert (question.type, question.document_field) == ("documents", "number")
    result = answer_document(charter_searcher, question, Filters())
    assert (result.value["value"], result.value["identified_by"]) == ("2767/QĐ-UBND", "citation")


_CIRCULARS = {
    "tt-172.txt": "LAWDATA\nThông tư\ncủa Bộ Tài chính số 172/1998/TT/BTC ngày 22 tháng 12 năm 1998 Hướng dẫn thi hành "
                  "Luật thuế xuất khẩu, thuế nhập khẩu\n\nD. Khiếu nại\n\nTrong thời hạn 20 ngày kể từ ngày nhận được đơn "
                  "khiếu nại, Tổng cục Hải quan có trách nhiệm giải quyết xong đơn khiếu nại của đối tượng nộp thuế.\n",
    "tt-99.txt": "BỘ TÀI CHÍNH\nSố: 99/1998/TT-BTC\n\nTHÔNG TƯ\nHướng dẫn thi hành Luật thuế thu nhập doanh nghiệp\n\n"
                 "Cơ quan thuế các cấp khi nhận được đơn khiếu nại về thuế của đối tượng nộp thuế phải xem xét giải quyết "
                 "đơn khiếu nại của đối tượng nộp thuế trong thời hạn 15 ngày, kể từ ngày nhận được đơn.\n",
}


@pytest.mark.parametrize("named", ["Thông tư 172/1998/TT/BTC", "TT 172/1998/BTC"])
def test_the_actor_is_read_from_the_document_the_question_names_by_number(tmp_path, named):
    """Another Thông tư of the Bộ holds more of the question's words; the number names the source."""
    from api.answers.actor_answers import answer_actor
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, _CIRCULARS)
    question = parse_question(f"Theo {named}, cơ quan nào phải giải quyết đơn khiếu nại của đối tượng nộp thuế trong 20 ngày?")
    assert question.type == "actors"
    assert answer_actor(searcher, question, Filters()).value["name"] == "Tổng cục Hải quan"


def test_a_number_no_document_bears_names_no_source_in_the_archive(tmp_path):
    from api.answers.sources import source_documents
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, _CIRCULARS)
    assert len(source_documents(searcher, "Thông tư 172/1998/TT/BTC", Filters())) == 1
    assert source_documents(searcher, "Thông tư 15/1998/TT-BTC", Filters()) == []


@pytest.mark.parametrize("named,numbered", [
    ("Thông tư 172/1998/TT/BTC", True),
    ("TT 172/1998/BTC", True),          # a letter group left out
    ("Thông tư 172/TT", True),          # the year left out
    ("Thông tư 172/2020/TT-BXD", False),  # another year's, another issuer's
    ("Thông tư 99/1998/TT-BTC", False),
])
def test_a_document_number_as_a_question_writes_it(named, numbered):
    from api.answers.evidence import DocumentInfo
    from indexer.analysis import analyze

    info = DocumentInfo(1, None, "Bộ Tài chính", None, 1998, "thông tư", "172/1998/TT/BTC", None, None, None)
    assert info.numbered(analyze(named).folded().codes) is numbered


_DRUG_FREE_PLAN = {
    "ke-hoach.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nKẾ HOẠCH\nTăng cường công tác phòng, chống ma túy năm 2026\n\n"
                    "I. MỤC ĐÍCH\nBảo đảm đạt ít nhất 40% địa bàn cấp xã không ma túy trong năm 2026.\n\n"
                    "II. CHỈ TIÊU XÂY DỰNG XÃ, PHƯỜNG KHÔNG MA TÚY NĂM 2026\n"
                    "- Đối với 29 xã, phường, đặc khu có Quyết định công nhận địa bàn không ma túy năm 2025, gồm: Xã Lạc Dương; "
                    "Xã Ka Đô, hằng năm duy trì kết quả đã đạt được.\n"
                    "- Xây dựng mới 35 địa bàn cấp xã không ma túy, gồm: Phường Lang Biang; Xã Hàm Tân.\n",
}


@pytest.mark.parametrize("asked", ["bao nhiêu địa bàn cấp xã không ma túy", "bao nhiêu xã, phường không ma túy"])
def test_the_areas_of_a_level_are_counted_as_that_level_and_the_plans_year_is_its_own(tmp_path, asked):
    """"35 địa bàn cấp xã" counts xã; "… công nhận … năm 2025" dates the 29 to another year than the plan's."""
    from api.answers.figure_answers import answer_figure
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, _DRUG_FREE_PLAN)
    question = parse_question(f"Năm 2026 tỉnh Lâm Đồng đặt chỉ tiêu xây dựng mới {asked}?")
    assert answer_figure(searcher, question, Filters())[1]["value"] == 35


@pytest.mark.parametrize("unit,counted,counts", [
    ("địa bàn cấp xã", "xã", True), ("xã, phường", "xã", True), ("đơn vị hành chính cấp huyện", "huyện", True),
    ("địa bàn", "xã", False), ("xã", "huyện", False)])
def test_a_figures_noun_counts_what_the_question_counts(unit, counted, counts):
    from api.answers.figure_answers import counts_as

    assert counts_as(unit, counted) is counts


@pytest.mark.parametrize("clause,dated", [
    ("Đối với 29 xã, phường có Quyết định công nhận địa bàn không ma túy năm 2025", True),
    ("bắt giữ 766 vụ, so với cùng kỳ năm 2024 giảm 356 vụ", False),
    ("Xây dựng mới 35 địa bàn cấp xã không ma túy", False)])
def test_a_clause_dates_itself_unless_it_compares(clause, dated):
    from api.answers.figure_answers import _dated_otherwise

    assert _dated_otherwise(clause) is dated


_REHAB_LETTERS = {
    "UBND tỉnh chỉ đạo đặt hàng, giao các đơn vị sự nghiệp thực hiện cai nghiện.txt":
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố:    /UBND-NC\nLâm Đồng, ngày    tháng 10 năm 2025\n\nKính gửi:\n- Sở Y tế;\n\n"
        "Hiện nay, trên địa bàn tỉnh Lâm Đồng có 4.289 người sử dụng trái phép chất ma túy và 1.028 người nghiện ma túy "
        "ngoài xã hội. Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:\n1. Giao Sở Y tế tiến hành rà soát các dịch vụ cai nghiện.\n",
    "to-trinh.txt":
        "CÔNG AN TỈNH LÂM ĐỒNG\nSố: 12/TTr-CAT\nV/v xin chủ trương thực hiện công tác cai nghiện ma túy tự nguyện\n\n"
        "Trên địa bàn tỉnh hiện có 1.028 người nghiện ma túy ngoài xã hội, nhiều người sử dụng trái phép chất ma túy.\n",
}


def test_a_figure_comes_from_the_untitled_letter_the_question_names_and_counts_what_it_asks(tmp_path):
    """The letter has no title read: it is the source by its file name and opening; of "4.289 người sử dụng …
    và 1.028 người nghiện …" the figure whose own words are the question's counted phrase."""
    from api.answers.figure_answers import answer_figure
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, _REHAB_LETTERS)
    question = parse_question("Theo văn bản UBND tỉnh chỉ đạo đặt hàng các đơn vị sự nghiệp thực hiện cai nghiện, "
                              "trên địa bàn tỉnh có bao nhiêu người sử dụng trái phép chất ma túy?")
    assert answer_figure(searcher, question, Filters())[1]["value"] == 4289


def test_the_clause_holding_the_questions_own_figures_gives_the_answer(tmp_path):
    from api.answers.figure_answers import answer_figure
    from api.search import Filters

    brackets = "".join(f"- Giá trị sử dụng còn lại trên {low}% đến {high}%, thì giá tính thuế bằng {rate}% của giá nhập khẩu hàng mới.\n"
                       for low, high, rate in [(30, 50, 20), (50, 70, 30), (70, 85, 45)])
    searcher = _keyword_searcher(tmp_path, {"tt.txt": "BỘ TÀI CHÍNH\nSố: 172/1998/TT-BTC\n\nTHÔNG TƯ\nHướng dẫn thuế nhập khẩu\n\n"
                                                      "1/ Hàng đã qua sử dụng:\n" + brackets})
    question = parse_question("Hàng nhập khẩu đã qua sử dụng có giá trị sử dụng còn lại trên 50% đến 70% thì giá tính thuế "
                              "bằng bao nhiêu phần trăm giá hàng mới (Thông tư 172/1998)?")
    assert answer_figure(searcher, question, Filters())[1]["text"] == "30%"


@pytest.mark.parametrize("question,words", [
    ("trên địa bàn tỉnh có bao nhiêu người sử dụng trái phép chất ma túy?", "nguoi su dung trai phep chat ma tuy"),
    ("đã thu giữ bao nhiêu kg heroin trong các vụ ma túy có tổ chức?", "kg heroin"),
    ("giá tính thuế bằng bao nhiêu phần trăm giá hàng mới (Thông tư 172/1998)?", "phan tram gia hang moi"),
    ("tu nam 2020 dien bien thu giu bao nhieu kg heroin trong cac vu", "kg heroin")])
def test_the_noun_phrase_a_question_counts(question, words):
    from api.answers.figure_answers import asked_noun_words

    assert asked_noun_words(question) == set(words.split())


@pytest.mark.parametrize("question,values", [
    ("còn lại trên 50% đến 70% thì giá tính thuế bằng bao nhiêu phần trăm (Thông tư 172/1998)?", {50, 70}),
    ("Năm 2025 bắt giữ bao nhiêu vụ?", set()),
    ("Quyết định 1141-TC/QĐ/CĐKT có bao nhiêu điều?", set())])
def test_the_figures_a_question_states(question, values):
    from api.answers.figure_answers import stated_values

    assert stated_values(question) == values


@pytest.mark.parametrize("heading,name", [
    ("5.4. Đề nghị Chi cục Hải quan khu vực XIII", "Chi cục Hải quan khu vực XIII"),
    ("2.1. Công an tỉnh", "Công an tỉnh"),
    ("5. Triển khai quyết liệt, đồng bộ công tác đấu tranh", None),
    ("III. GIẢI PHÁP THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ", None),
    ("Ban hành kèm theo Quyết định số 12/QĐ-UBND", None)])
def test_the_body_a_plans_section_is_assigned_to(heading, name):
    from api.answers.actor_answers import heading_actor

    found = heading_actor(heading)
    assert (found.name if found else None) == name


_DRUG_PLAN_TASKS = {
    "ke-hoach.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nKẾ HOẠCH\nTăng cường công tác phòng, chống ma túy năm 2026\n\n"
                    "III. PHÂN CÔNG NHIỆM VỤ\n\n5.3. Công an tỉnh\n\nChủ trì công tác đấu tranh phòng, chống tội phạm về ma túy.\n\n"
                    "5.4. Đề nghị Chi cục Hải quan khu vực XIII\n\nChỉ đạo lực lượng Hải quan khu vực tỉnh Lâm Đồng phối hợp chặt chẽ "
                    "với lực lượng chuyên trách triển khai các biện pháp kiểm tra, kiểm soát, giám sát hải quan để kịp thời phát hiện, "
                    "ngăn chặn việc vận chuyển trái phép chất ma túy qua cửa khẩu.\n",
    "cong-van.txt": "SỞ Y TẾ\nSố: 15/SYT-NV\nV/v phối hợp\n\nĐề nghị các đơn vị kiểm tra việc quản lý thuốc gây nghiện tại cơ sở.\n",
}


def test_the_actor_of_a_plans_task_is_the_body_its_section_is_assigned_to(tmp_path):
    """The tasks under "5.4. Đề nghị Chi cục Hải quan khu vực XIII" name no actor; the plan's own words before
    "đề nghị cơ quan nào" name who asks, not what the task is about."""
    from api.answers.actor_answers import _subject_words, answer_actor
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, _DRUG_PLAN_TASKS)
    question = parse_question("Kế hoạch phòng, chống ma túy năm 2026 của tỉnh đề nghị cơ quan nào kiểm tra, kiểm soát, "
                              "giám sát hải quan để ngăn chặn vận chuyển ma túy qua cửa khẩu?")
    assert not {"ke", "hoach", "nghi"} & set(_subject_words(question))
    assert answer_actor(searcher, question, Filters()).value["name"] == "Chi cục Hải quan khu vực XIII"


def test_who_is_asked_for_is_no_part_of_the_subject():
    from api.answers.actor_answers import _subject_words, asked_subject

    question = parse_question("Ai là người đề nghị cho phép thành lập Hội Ái hữu Pháp ngữ Đà Lạt - Lâm Đồng?")
    assert "nguoi" not in _subject_words(question)
    assert asked_subject(question).startswith("cho phép thành lập")
    assigned = parse_question("UBND tỉnh giao cơ quan nào rà soát, giao nhiệm vụ các Trung tâm Y tế khu vực?")
    assert not {"ubnd", "tinh"} & set(_subject_words(assigned))


def test_the_document_a_question_opens_with_is_its_source_and_what_it_asks_for_stays_the_subject(tmp_path):
    """"Thông báo … của UBND tỉnh Bình Thuận đề nghị tờ báo nào đăng thông báo?": the notice is the source,
    "thông báo" after the asking phrase is still what is published."""
    from api.answers.actor_answers import answer_actor
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "thong-bao.txt": "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN\nSố: 45/TB-UBND\n\nTHÔNG BÁO\nChuẩn bị giải thể 06 hội\n\n"
                         "Ủy ban nhân dân tỉnh thông báo chuẩn bị giải thể 06 hội không hoạt động.\n"
                         "Đề nghị Báo Bình Thuận đăng Thông báo này trên 03 (ba) số liên tiếp (báo viết hoặc báo điện tử).\n",
        "khac.txt": "SỞ NỘI VỤ\nSố: 9/SNV\nV/v đăng tin\n\nSở Nội vụ đăng thông báo tuyển dụng trên Cổng thông tin điện tử.\n"})
    question = parse_question("Thông báo chuẩn bị giải thể 06 hội của UBND tỉnh Bình Thuận đề nghị tờ báo nào đăng thông báo?")
    assert question.source == "Thông báo chuẩn bị giải thể 06 hội của UBND tỉnh Bình Thuận"
    assert answer_actor(searcher, question, Filters()).value["name"] == "Báo Bình Thuận"


def _charter(organisation: str, title_note: str, inspection_article: int) -> str:
    return (f"ĐIỀU LỆ\n{organisation.upper()} TỈNH LÂM ĐỒNG\n{title_note}\n\nChương I. QUY ĐỊNH CHUNG\n\n"
            f"Điều 1. Tên gọi\nTên gọi là {organisation} tỉnh Lâm Đồng, hoạt động theo quy định của pháp luật.\n\n"
            "Điều 12. Cơ cấu tổ chức của Liên đoàn\n1. Đại hội.\n2. Ban Chấp hành.\n3. Ban Thường vụ.\n4. Ban Kiểm tra.\n"
            "5. Văn phòng.\n\n"
            f"Điều {inspection_article}. Ban Kiểm tra Liên đoàn\n1. Ban Kiểm tra Liên đoàn gồm Trưởng ban, Phó Trưởng ban và một số "
            "ủy viên do Ban Chấp hành bầu ra.\n2. Ban Kiểm tra kiểm tra, giám sát việc thực hiện Điều lệ Liên đoàn.\n\n"
            "Điều 24. Sửa đổi, bổ sung Điều lệ Liên đoàn\nChỉ có Đại hội Liên đoàn mới có quyền sửa đổi, bổ sung Điều lệ này.\n")


_CHARTERS = {
    "dieu-le-billiards.txt": _charter("Liên đoàn Billiards và Snooker", "(Kèm theo Quyết định của Chủ tịch UBND tỉnh)", 16),
    "dieu-le-bong-ro.txt": _charter("Liên đoàn Bóng rổ", "(Điều lệ sửa đổi, bổ sung)", 17),
    "quyet-dinh.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 88/QĐ-UBND\n\nQUYẾT ĐỊNH\nVề việc phê duyệt Điều lệ (sửa đổi, bổ sung) "
                      "Liên đoàn Billiards và Snooker tỉnh Lâm Đồng\n\nĐiều 1. Phê duyệt Điều lệ (sửa đổi, bổ sung) Liên đoàn Billiards "
                      "và Snooker tỉnh Lâm Đồng.\nĐiều 2. Quyết định có hiệu lực kể từ ngày ký.\n",
}


def test_a_charter_named_as_the_source_is_the_charter_and_its_article_answers(tmp_path):
    """Not the decision approving it (one more of the words: "sửa đổi"), nor another Liên đoàn's amended charter
    (which lacks the rare words "Billiards", "Snooker"); in it, the article on the Ban Kiểm tra, not the list item
    naming it under "Cơ cấu tổ chức"."""
    from api.answers import AskRequest, Asker
    from api.answers.sources import source_documents
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, _CHARTERS)
    question = "Điều lệ (sửa đổi) Liên đoàn Billiards và Snooker tỉnh Lâm Đồng quy định gì về Ban Kiểm tra?"
    sources = source_documents(searcher, parse_question(question).source, Filters())
    from api.answers.evidence import document_infos
    assert [info.name for info in document_infos(searcher.reader, sources).values()] == ["dieu-le-billiards.txt"]
    answer = Asker(searcher.reader).ask(AskRequest(question)).to_json()
    first = answer["units"][0]["documents"][0]
    assert first["name"] == "dieu-le-billiards.txt"
    assert first["evidence"][0]["section_path"][-1] == "Điều 16. Ban Kiểm tra Liên đoàn"


def test_a_count_of_the_noun_asked_beats_a_count_of_another_noun_closer_in_words(tmp_path):
    """"Có bao nhiêu đơn vị …": "24 cơ quan, đơn vị" of the plan asked about, not "124 xã, phường" of another
    plan's appendix that holds more of the question's words."""
    from api.answers.figure_answers import answer_figure
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "to-trinh-thi-dua.txt": "SỞ NỘI VỤ\nSố: 124/TTr-SNV\nV/v ban hành Kế hoạch phát động phong trào thi đua cải cách "
                                "hành chính năm 2026\n\nKết quả tổng hợp góp ý: Có 24 cơ quan, đơn vị, địa phương gửi văn bản "
                                "thống nhất với nội dung dự thảo kế hoạch.\n",
        "phu-luc-tuyen-truyen.txt": "PHỤ LỤC\nTổng hợp góp ý dự thảo Kế hoạch tuyên truyền cải cách hành chính năm 2026\n\n"
                                    "II\tCẤP XÃ: 124 xã, phường thống nhất với dự thảo Kế hoạch tuyên truyền cải cách hành "
                                    "chính năm 2026 gửi văn bản\n"})
    question = parse_question("Có bao nhiêu đơn vị gửi văn bản thống nhất dự thảo kế hoạch thi đua cải cách hành chính "
                              "năm 2026?")
    assert answer_figure(searcher, question, Filters())[1]["value"] == 24


_FDI_BY_SECTOR = {
    "fdi-theo-nganh.txt": "Đầu tư trực tiếp nước ngoài theo ngành 1988-2005 (tính tới ngày 22/8/2005 - chỉ tính các dự án còn hiệu lực)\n"
                          "STT\tChuyên ngành\tSố dự án\tTVĐT\tVốn pháp định\n"
                          "1\tCN dầu khí\t28\t1913191815\t1406191815\n"
                          "2\tThủy sản\t109\t301421180\t133005381\n"
                          "3\tKhách sạn-Du lịch\t159\t2806399035\t1164868545\n"
                          "4\tTài chính-Ngân hàng\t54\t722550000\t699295000\n",
}


def test_a_money_question_reads_a_table_that_states_no_measure_and_a_rate_question_does_not(tmp_path):
    """"TVĐT" (tổng vốn đầu tư) heads a column of money without saying in what: it answers "tổng vốn đầu tư … là
    bao nhiêu", while a question asking a percentage takes none of its plain numbers."""
    from api.answers.figure_answers import answer_figure
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, _FDI_BY_SECTOR)
    money = parse_question("Tổng vốn đầu tư của các dự án còn hiệu lực trong ngành khách sạn - du lịch (tính tới 22/8/2005) "
                           "là bao nhiêu?")
    assert money.figure_kind == "money"
    assert answer_figure(searcher, money, Filters())[1]["value"] == 2806399035
    rate = parse_question("Ngành khách sạn - du lịch chiếm bao nhiêu phần trăm vốn pháp định (tính tới 22/8/2005)?")
    figure = answer_figure(searcher, rate, Filters())[1]
    assert figure is None or figure["kind"] == "percent"


_INVOICE_CIRCULAR = ("BỘ TÀI CHÍNH\nSố: 120/2002/TT-BTC\tHà Nội, ngày 30 tháng 12 năm 2002\n\nTHÔNG TƯ\n"
                     "Hướng dẫn thi hành Nghị định số 89/2002/NĐ-CP về việc in, phát hành, sử dụng, quản lý hoá đơn\n\n"
                     "1.4- Thực hiện thanh hủy hoá đơn không còn giá trị sử dụng (kể cả các loại hoá đơn bị mất đã thu hồi "
                     "lại được). Lập bảng kê hoá đơn thanh hủy và phải được chấp thuận bằng văn bản của Tổng cục Thuế. "
                     "Việc thanh huỷ hoá đơn không còn giá trị sử dụng phải thành lập Hội đồng thanh hủy bao gồm: Đại diện "
                     "Sở Tài chính, Lãnh đạo Cục thuế.\n\n"
                     "Cơ quan thuế sau khi nhận hồ sơ mua hoá đơn lần đầu của tổ chức, cá nhân, trong vòng 05 ngày (ngày làm "
                     "việc) phải kiểm tra sự tồn tại thực tế của tổ chức, cá nhân; số lượng bán hoá đơn mua lần đầu không "
                     "quá 02 quyển.\n")


def test_the_agent_of_a_passive_action_asked_with_viec(tmp_path):
    """"việc thanh hủy hóa đơn … phải được cơ quan nào chấp thuận": the sentence says "thanh hủy" without "việc"."""
    searcher = _keyword_searcher(tmp_path, {"tt120.txt": _INVOICE_CIRCULAR})
    answer = _ask(Asker(searcher.reader), "Theo Thông tư 120/2002/TT-BTC, việc thanh hủy hóa đơn không còn giá trị sử "
                                          "dụng phải được cơ quan nào chấp thuận bằng văn bản?")
    assert answer["type"] == "actors" and answer["actor"]["name"] == "Tổng cục Thuế"


def test_how_many_typed_without_accents_and_shorthand_the_archive_never_writes(tmp_path):
    searcher = _keyword_searcher(tmp_path, {
        "tt120.txt": _INVOICE_CIRCULAR,
        "qd522.txt": "ỦY BAN NHÂN DÂN TỈNH AN GIANG\n\nBẢN QUY ĐỊNH\nVề ưu đãi đầu tư trên địa bàn tỉnh An Giang\n(Ban hành "
                     "kèm theo Quyết định số: 522/2002/QĐ.UB ngày 07/3/2002 của UBND tỉnh An Giang)\n\n"
                     "Khi chuyển thu nhập hợp pháp ra nước ngoài, nhà đầu tư là người Việt Nam định cư ở nước ngoài "
                     "nộp một khoản thuế bằng 5% số thu nhập chuyển ra nước ngoài.\n",
        # another document writes "NN" (Nhà nước): the named decision does not, and that is what counts
        "cong-van.txt": "BỘ TÀI CHÍNH\n\nCÔNG VĂN\n\nThu NN năm 2002 tăng so với dự toán.\n"})
    asker = Asker(searcher.reader)
    answer = _ask(asker, "tt 120/2002 mua hoa don lan dau duoc mua toi da may quyen")
    assert answer["type"] == "figure" and answer["figure"]["text"] == "02 quyển"
    # "NN" (nước ngoài) is written by no document: with the document named by its number, it is no subject to require
    question = "QĐ 522/2002 của UBND tỉnh An Giang: nhà đầu tư định cư ở NN chuyển thu nhập ra NN thì nộp thuế mấy %?"
    assert parse_question(question).name == "NN"
    answer = _ask(asker, question)
    assert answer["type"] == "figure" and answer["figure"]["text"] == "5%" and answer["name"] is None
    # the answer's label is the question without the source it cites
    assert answer["answer"].startswith("Nhà đầu tư định cư ở chuyển thu nhập ra thì nộp thuế: 5% (theo ")


def test_an_organisations_own_charter_answers_with_its_short_heading(tmp_path):
    """"Câu lạc bộ … khen thưởng theo những hình thức nào?": in the club's own charter, "Điều 25: Khen
    thưởng" is named though two words name nothing over the whole archive."""
    charter = ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nĐIỀU LỆ\nCâu lạc bộ Mô tô Thể thao tỉnh Lâm Đồng\n\n"
               "Chương III\nHỘI VIÊN\n\nĐiều 8: Tiêu chuẩn hội viên\nCông dân Việt Nam tán thành Điều lệ Câu lạc bộ "
               "đều được công nhận là hội viên.\n\nChương VII\nKHEN THƯỞNG, KỶ LUẬT\n\nĐiều 25: Khen thưởng\n"
               "Tổ chức thành viên, hội viên có thành tích xuất sắc được Câu lạc bộ khen thưởng bằng giấy khen hoặc "
               "đề nghị cơ quan có thẩm quyền khen thưởng theo quy định của pháp luật.\n")
    other = ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nĐIỀU LỆ\nHội Cựu giáo chức tỉnh Lâm Đồng\n\nĐiều 20: Khen thưởng\n"
             "Hội viên có thành tích được Hội khen thưởng theo quy định.\n")
    searcher = _keyword_searcher(tmp_path, {"dieu-le-mo-to.txt": charter, "dieu-le-giao-chuc.txt": other})
    answer = _ask(Asker(searcher.reader), "Câu lạc bộ Mô tô Thể thao tỉnh Lâm Đồng khen thưởng theo những hình thức nào?")
    first = answer["units"][0]["documents"][0]
    assert first["evidence"][0]["section_path"][-1] == "Điều 25: Khen thưởng" and first["name"] == "dieu-le-mo-to.txt"


def test_a_rule_for_the_case_asked_about_and_the_figure_the_question_words_lead_to(tmp_path):
    from api.answers.figure_answers import answer_figure
    from api.search import Filters

    circular = _INVOICE_CIRCULAR + (
        "\nCục trưởng Cục Thuế phải có trách nhiệm chỉ đạo cán bộ thuế kiểm tra và trả lời các nội dung theo yêu cầu "
        "của cơ quan thuế địa phương khác trong thời gian không quá 03 ngày để phục vụ cho việc bán hoá đơn được kịp "
        "thời.\n\n1.6- Tổ chức công tác xác minh hoá đơn.\n\nCơ quan quản lý hoá đơn các cấp có trách nhiệm tổ "
        "chức công tác xác minh hoá đơn. Việc xác minh hoá đơn của các cơ quan, các ngành, các đoàn thể và cơ quan thuế "
        "các cấp phải căn cứ vào công văn đề nghị xác minh kèm theo bản sao hoá đơn. Các trường hợp trả lời xác minh "
        "phải bằng văn bản trong thời hạn 15 ngày kể từ ngày nhận được yêu cầu xác minh.\n")
    charter = ("ĐIỀU LỆ\nCâu lạc bộ Mô tô Thể thao tỉnh Lâm Đồng\n\nĐiều 12. Xóa tên hội viên\nHội viên không đóng lệ phí "
               "12 tháng hoặc không sinh hoạt liên tục 06 tháng mà không có lý do chính đáng sẽ bị xoá tên trong danh sách "
               "của tổ chức.\n")
    searcher = _keyword_searcher(tmp_path, {"tt120.txt": circular, "dieu-le.txt": charter})
    # "Các trường hợp trả lời xác minh …": a case stated as the question states it is the rule asked for
    asked = parse_question("Thông tư 120/2002/TT-BTC quy định việc trả lời xác minh hóa đơn phải thực hiện bằng văn bản "
                           "trong thời hạn bao nhiêu ngày?")
    assert answer_figure(searcher, asked, Filters())[1]["text"] == "15 ngày"
    # "bao nhiêu tháng thì bị xóa tên": what follows "thì" is the consequence, not what the months count
    asked = parse_question("Theo Điều lệ Câu lạc bộ Mô tô Thể thao tỉnh Lâm Đồng, hội viên không đóng lệ phí bao nhiêu "
                           "tháng thì bị xóa tên?")
    assert answer_figure(searcher, asked, Filters())[1]["text"] == "12 tháng"


def test_a_cover_note_cites_the_blank_number_with_its_subject_on_the_next_line_a_month_off(tmp_path):
    """The Sở's draft is dated "tháng 12 năm 2025"; the Văn phòng's cover note cites it as "ngày 04/11/2025"
    and says what it is about on its "Trích yếu:" line."""
    from api.answers.document_answers import answer_document
    from api.search import Filters

    draft = ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố:              /TTr-SNV\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
             "Độc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày         tháng 12 năm 2025\nTỜ TRÌNH\nVề việc cho phép hợp nhất Quỹ "
             "Khuyến học tỉnh Đắk Nông (trước sắp xếp) và Quỹ Khuyến học tỉnh Bình Thuận (trước sắp xếp) thành Quỹ Khuyến "
             "học tỉnh Lâm Đồng\nKính gửi: Chủ tịch UBND tỉnh Lâm Đồng\n\nSở Nội vụ nhận được Đơn đề nghị của Hội đồng "
             "quản lý Quỹ Khuyến học tỉnh.\n")
    cover = ("UBND TỈNH LÂM ĐỒNG\nVĂN PHÒNG\nSố: 130-12/PT-NC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh "
             "phúc\n\nPHIẾU TRÌNH\nKính gửi:\n- Lãnh đạo UBND tỉnh;\n\nI. NỘI DUNG TRÌNH/CHỈ ĐẠO\n1. Văn bản/cơ quan, đơn "
             "vị: Tờ trình số 599/TTr-SNV ngày 04/11/2025 của Sở Nội vụ.\n2. Trích yếu: V/v cho phép hợp nhất Quỹ Khuyến "
             "học tỉnh Đắk Nông (trước sắp xếp) và Quỹ Khuyến học tỉnh Bình Thuận (trước sắp xếp) thành Quỹ Khuyến học "
             "tỉnh Lâm Đồng.\n")
    searcher = _keyword_searcher(tmp_path, {"To trinh hop nhat Quy Khuyen hoc.txt": draft, "Phieu trinh TTr 599.txt": cover})
    question = parse_question("Tờ trình của Sở Nội vụ đề nghị hợp nhất Quỹ Khuyến học tỉnh Đắk Nông và Quỹ Khuyến học "
                              "tỉnh Bình Thuận có số hiệu là gì?")
    assert answer_document(searcher, question, Filters()).value["value"] == "599/TTr-SNV"


def test_the_holder_of_a_position_named_before_it_with_a_dash():
    assert read_actor("Qua liên hệ với ông Nguyễn Phan Lũy - Chủ tịch Hiệp hội rau quả Đà Lạt, Ông thống nhất việc "
                      "giải thể Hiệp hội rau quả Đà Lạt", "chu tich").name == "Nguyễn Phan Lũy"


def test_the_sections_of_the_document_the_question_names(tmp_path):
    """Two letters explain the same dissolution; "Bản giải trình bổ sung …" is the later one, by its name."""
    from api.answers.section_answers import answer_sections
    from api.search import Filters

    letter = ("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\n\nV/v giải trình hồ sơ giải thể Hiệp hội rau quả Đà Lạt\n\n"
              "1. Về hồ sơ giải thể\nHiệp hội đã gửi đủ hồ sơ đề nghị giải thể.\n\n"
              "2. Về đề xuất cho phép thành lập {name}\nSở Nội vụ đề xuất {proposal}.\n")
    searcher = _keyword_searcher(tmp_path, {
        "CV giải trình.txt": letter.format(name="Hiệp hội rau quả tỉnh Lâm Đồng",
                                           proposal="chưa thành lập Hiệp hội rau quả tỉnh Lâm Đồng"),
        "GIẢI TRÌNH BỔ SUNG.txt": letter.format(name="Hội rau quả tỉnh Lâm Đồng",
                                               proposal="cho phép thành lập Hội rau quả tỉnh Lâm Đồng khi có đủ hội viên")})
    question = parse_question("Bản giải trình bổ sung về giải thể Hiệp hội rau quả Đà Lạt đề xuất gì về việc thành lập "
                              "hội rau quả cấp tỉnh?")
    assert question.type == "sections" and question.source.startswith("Bản giải trình bổ sung")
    units, _ = answer_sections(searcher, question, Filters(), "relevance")
    assert [d.name for u in units for d in u.documents] == ["GIẢI TRÌNH BỔ SUNG.txt"]


def test_a_figure_of_one_month_of_a_report_series(tmp_path):
    """Monthly reports of Đề án 06 say the same sentence with each month's figure: "Theo báo cáo Đề án 06
    tháng 3/2026" names one of them (its "06" is the programme's, no document's number), and the result to
    date in brackets is the figure, not a condition."""
    from api.answers.figure_answers import answer_figure
    from api.search import Filters

    report = ("BAN CHỈ ĐẠO ĐỀ ÁN 06 TỈNH LÂM ĐỒNG\n\nBÁO CÁO\nKết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng "
              "tháng {month}\n\n1. Kết quả\na) Cấp {accounts} tài khoản cho cơ sở kinh doanh lưu trú để thực hiện thông báo "
              "lưu trú qua phần mềm ASM (đến nay, các cơ sở lưu trú đã thực hiện {stays} lượt thông báo lưu trú qua phần "
              "mềm ASM).\nb) Triển khai thông báo lưu trú qua ứng dụng VNeID cho các cơ sở khám chữa bệnh (các cơ sở khám "
              "chữa bệnh đã thực hiện {clinics} lượt).\n")
    searcher = _keyword_searcher(tmp_path, {
        "BAO CAO DE AN 06 THANG 8.txt": report.format(month="8/2025", accounts="7.100", stays="5.014.527", clinics="63.362"),
        "BAO CAO DE AN 06 THANG 9.txt": report.format(month="9/2025", accounts="7.400", stays="5.512.003", clinics="64.357"),
        "BC tháng 3.2026 BCĐ tỉnh.txt": report.format(month="3/2026", accounts="7.992", stays="7.804.992", clinics="73.285")})
    asked = parse_question("Theo báo cáo Đề án 06 tháng 3/2026, các cơ sở lưu trú đã thực hiện bao nhiêu lượt thông báo "
                           "lưu trú qua phần mềm ASM?")
    assert asked.name is None and asked.source == "báo cáo Đề án 06 tháng 3/2026"
    assert answer_figure(searcher, asked, Filters())[1]["text"] == "7.804.992 lượt"
    from api.answers.sources import source_documents
    named = source_documents(searcher, asked.source, Filters())
    from api.answers.evidence import document_infos
    assert [info.name for info in document_infos(searcher.reader, named).values()] == ["BC tháng 3.2026 BCĐ tỉnh.txt"]


@pytest.mark.parametrize("clause, conditional", [
    ("Cấp 7.992 tài khoản (đến nay, các cơ sở lưu trú đã thực hiện 7.804.992 lượt", False),  # a result to date
    ("Tổng số 116 hội viên (trong đó 52 hội viên", True),  # a part of the figure before it
    ("(trường hợp dưới 70% thì tiêu chí này đạt 0 điểm", True),
])
def test_a_figure_in_brackets(clause, conditional):
    from api.answers.figure_answers import _conditional
    assert _conditional(clause, len(clause) - 3) is conditional


def test_an_area_is_asked_and_read_in_its_unit_and_a_source_may_list_its_kinds(tmp_path):
    """"… có diện tích bao nhiêu km2?": "km2" is what the figure counts, though the sentence says "địa bàn
    rộng (…)" and never "diện tích"; "Theo các báo cáo, tham luận về phòng, chống ma túy của tỉnh, …" is
    the question's source, kinds listed and "phòng, chống" one term."""
    from api.answers.figures import extract_figures, wanted_figure
    from api.answers.questions import parse_question
    from tests.conftest import lexical_archive

    question = "Theo các báo cáo, tham luận về phòng, chống ma túy của tỉnh, tỉnh Gia Lai sau sáp nhập có diện tích bao nhiêu km2?"
    assert wanted_figure(question) == ("count", "km2")
    assert parse_question(question).source == "các báo cáo, tham luận về phòng, chống ma tuý của tỉnh"
    assert [f.text for f in extract_figures("địa bàn rộng (21.576 km2), nhà văn hóa 250 m2")] == ["21.576 km2", "250 m2"]
    asker = Asker(lexical_archive(tmp_path, {
        "tham-luan.txt": "UBND TỈNH GIA LAI\n\nTHAM LUẬN\nCông tác phòng, chống ma túy\n\n"
                         "Sau sáp nhập, tỉnh Gia Lai là địa bàn rộng (21.576 km2), có tuyến biên giới dài 80 km.\n"}))
    answer = asker.ask(AskRequest(question)).to_json()
    assert answer["figure"]["text"] == "21.576 km2", answer["answer"]


def test_a_rate_is_asked_as_a_percentage_and_read_after_chi_so():
    """"áp dụng thuế suất bao nhiêu?" asks for a rate; "(chỉ số 98,37%)" is a figure though "số 25" is a
    document's number; and the decimals of "60,5/61,5 điểm" are no figure of their own."""
    from api.answers.figures import extract_figures, wanted_figure

    assert wanted_figure("Doanh nghiệp có vốn đầu tư nước ngoài áp dụng thuế suất bao nhiêu?") == ("percent", "%")
    assert wanted_figure("Lãi suất cho vay ưu đãi là bao nhiêu?") == ("percent", "%")
    assert wanted_figure("Thuế suất thuế tiêu thụ đặc biệt phải nộp bao nhiêu tiền?") == ("money", "đồng")
    figures = extract_figures("- Kết quả tự đánh giá của tỉnh đạt: 52,5/58,5 điểm (chỉ số 89,74%).")
    assert [(f.text, f.kind) for f in figures] == [("89,74%", "percent")]
    assert extract_figures("Theo Văn bản số 25 của Sở Nội vụ") == []


def test_a_plan_of_the_year_asked_is_known_by_a_citation_that_abbreviates_it(tmp_path):
    """The archive holds the 2026 plan with its number left blank and a report citing "Kế hoạch số 77/KH-UBND
    ngày 10/7/2025 về CCHC nhà nước năm 2025": asked for the 2025 plan's number, the citation answers —
    "CCHC" holds "cải cách hành chính", and a plan "năm 2026" is no plan "năm 2025"."""
    from api.answers.document_answers import answer_document
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "ke-hoach-2026.txt": "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\nSố: /KH-UBND\tKhánh Hòa, ngày 20 tháng 12 năm 2025\n\n"
                             "KẾ HOẠCH\nCải cách hành chính nhà nước năm 2026 tỉnh Khánh Hòa\n\n"
                             "I. MỤC ĐÍCH, YÊU CẦU\nTiếp tục đẩy mạnh cải cách hành chính nhà nước trên địa bàn tỉnh.\n",
        "bao-cao-cchc.txt": "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\nSố: 402/BC-UBND\tKhánh Hòa, ngày 15 tháng 12 năm 2025\n\n"
                            "BÁO CÁO\nCông tác cải cách hành chính năm 2025\n\n"
                            "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\nỦy ban nhân dân tỉnh đã ban hành Kế hoạch số 77/KH-UBND ngày "
                            "10/7/2025 về CCHC nhà nước năm 2025; Kế hoạch số 95/KH-UBND ngày 22/7/2025 về tuyên truyền "
                            "CCHC năm 2025.\n"})
    question = parse_question("Kế hoạch cải cách hành chính nhà nước năm 2025 của tỉnh Khánh Hòa (ban hành tháng 7/2025) có "
                              "số hiệu là gì?")
    result = answer_document(searcher, question, Filters())
    assert (result.value["value"], result.value["identified_by"]) == ("77/KH-UBND", "citation")


def test_a_blank_numbered_plan_takes_the_number_of_the_citation_describing_it_not_its_neighbour(tmp_path):
    """One sentence cites two plans ("Kế hoạch số 410/KH-UBND … về Nghị quyết 57 …; Kế hoạch số 436/KH-UBND …
    cải cách hành chính …"): the plan the archive holds unnumbered is the one whose own words follow its code."""
    from api.answers.document_answers import answer_document
    from api.search import Filters

    searcher = _keyword_searcher(tmp_path, {
        "ke-hoach-cchc.txt": "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\nSố: /KH-UBND\tKhánh Hòa, ngày 19 tháng 3 năm 2026\n\n"
                             "KẾ HOẠCH\nCải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Khánh Hòa\n\n"
                             "I. MỤC TIÊU\nXây dựng nền hành chính chuyên nghiệp, hiện đại.\n",
        "bao-cao-thang-3.txt": "BAN CHỈ ĐẠO ĐỀ ÁN 06 TỈNH KHÁNH HÒA\nSố: 88/BC-BCĐ\tKhánh Hòa, ngày 30 tháng 3 năm 2026\n\n"
                               "BÁO CÁO\nKết quả triển khai Đề án 06 tháng 3 năm 2026\n\n"
                               "- UBND tỉnh ban hành Kế hoạch số 410/KH-UBND ngày 17/3/2026 về việc triển khai thực hiện "
                               "Nghị quyết số 57-NQ/TW trên địa bàn tỉnh Khánh Hòa năm 2026; Kế hoạch số 436/KH-UBND ngày "
                               "20/3/2026 cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Khánh Hòa.\n"})
    question = parse_question("Kế hoạch cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Khánh Hòa (ban hành "
                              "tháng 3/2026) có số hiệu là gì?")
    result = answer_document(searcher, question, Filters())
    assert (result.value["value"], result.value["identified_by"]) == ("436/KH-UBND", "citation")


PROPAGANDA_PROPOSAL = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

Số:      /TTr-SNV	Lâm Đồng, ngày 31 tháng 12 năm 2025

TỜ TRÌNH
Về việc ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 của tỉnh Lâm Đồng

Căn cứ Kế hoạch số 9669/KH-UBND ngày 24/12/2025 của UBND tỉnh về việc ban hành Kế hoạch cải cách hành chính nhà nước năm 2026 của tỉnh Lâm Đồng;
Sở Nội vụ xây dựng dự thảo Kế hoạch và có Công văn số 3803/SNV-CCHC&VTLT ngày 26/12/2025 gửi lấy ý kiến các cơ quan, đơn vị, địa phương. Qua tổng hợp các ý kiến góp ý, Sở Nội vụ đã tiếp thu, hoàn chỉnh dự thảo Kế hoạch tuyên truyền cải cách hành chính năm 2026.
"""


def test_the_kind_whose_number_is_asked_is_the_kind_asked_about(tmp_path):
    """"… về dự thảo Kế hoạch tuyên truyền … bằng công văn số mấy?": the công văn sent for comments,
    not the Kế hoạch the proposal cites, though "kế hoạch" comes first in the question."""
    from api.answers.document_answers import _kind_in
    from tests.conftest import lexical_archive

    question = ("Sở Nội vụ gửi lấy ý kiến các cơ quan, đơn vị về dự thảo Kế hoạch tuyên truyền cải cách hành chính năm "
                "2026 bằng công văn số mấy?")
    assert _kind_in(parse_question(question)) == "công văn"
    assert _kind_in(parse_question("Kế hoạch tuyên truyền cải cách hành chính năm 2026 có số hiệu là gì?")) == "kế hoạch"
    answer = Asker(lexical_archive(tmp_path, {"to-trinh.txt": PROPAGANDA_PROPOSAL})).ask(AskRequest(question)).to_json()
    assert answer["document"]["value"] == "3803/SNV-CCHC&VTLT", answer["answer"]


SAFETY_COUNCIL_PROPOSAL = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

Số:      /TTr-SNV	Lâm Đồng, ngày    tháng 8 năm 2025

TỜ TRÌNH
Về việc đề nghị ban hành Quyết định thành lập Hội đồng An toàn, vệ sinh lao động trên địa bàn tỉnh Lâm Đồng

Căn cứ Nghị định số 39/2016/NĐ-CP ngày 15/5/2016 của Chính phủ quy định chi tiết một số điều Luật An toàn, vệ sinh lao động;
Sở Nội vụ đã có văn bản số 553/SNV-LĐVL&TN ngày 05/8/2025 về việc cử thành viên tham gia Hội đồng ATVSLĐ tỉnh Lâm Đồng gửi các Sở, ngành, đơn vị có liên quan.
Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, ban hành Quyết định thành lập Hội đồng.
"""


def test_a_number_left_blank_is_read_from_the_letter_the_proposal_cites(tmp_path):
    """"Sở Nội vụ đề nghị các sở, ngành cử thành viên tham gia Hội đồng An toàn, vệ sinh lao động … bằng văn
    bản số mấy?": the proposal held leaves its own number blank, so it gives none; the letter it cites,
    naming the council by its initials ("Hội đồng ATVSLĐ"), is described better and answers."""
    from tests.conftest import lexical_archive

    question = ("Sở Nội vụ đề nghị các sở, ngành cử thành viên tham gia Hội đồng An toàn, vệ sinh lao động tỉnh Lâm Đồng "
                "(tháng 8/2025) bằng văn bản số mấy?")
    answer = Asker(lexical_archive(tmp_path, {"to-trinh.txt": SAFETY_COUNCIL_PROPOSAL})).ask(AskRequest(question)).to_json()
    assert answer["document"]["value"] == "553/SNV-LĐVL&TN", answer["answer"]


PARTY_GUIDE = """VĂN PHÒNG BAN CHẤP HÀNH TRUNG ƯƠNG
Số: 36-HD/VPTW	Hà Nội, ngày 03 tháng 4 năm 2018

HƯỚNG DẪN
THỂ THỨC VÀ KỸ THUẬT TRÌNH BÀY VĂN BẢN CỦA ĐẢNG

II- HƯỚNG DẪN CỤ THỂ
1. Các thành phần thể thức bắt buộc
1.1. Tiêu đề "ĐẢNG CỘNG SẢN VIỆT NAM"
Tiêu đề là thành phần xác định văn bản của Đảng Cộng sản Việt Nam.
1.3. Số và ký hiệu văn bản
Số văn bản là số thứ tự của văn bản được đăng ký tại văn thư cơ quan; ký hiệu văn bản gồm chữ viết tắt tên loại văn bản và chữ viết tắt tên cơ quan ban hành.
"""


def test_how_a_document_writes_numbers_is_no_question_of_its_number(tmp_path):
    question = parse_question("HD 36-HD/VPTW hướng dẫn trình bày số và ký hiệu văn bản của Đảng ra sao?")
    assert question.document_field is None
    assert parse_question("Hướng dẫn về thể thức trình bày văn bản của Đảng có số, ký hiệu là gì?").document_field == "number"
    asker = Asker(lexical_archive(tmp_path, {"hd-36.txt": PARTY_GUIDE}))
    answer = asker.ask(AskRequest("HD 36-HD/VPTW hướng dẫn trình bày số và ký hiệu văn bản của Đảng ra sao?")).to_json()
    assert "1.3. Số và ký hiệu văn bản" in answer["answer"].splitlines()[0], answer["answer"]


def test_where_the_asked_body_is_stands_between_it_and_its_action():
    question = parse_question("Kể từ ngày 01/01/2025, cơ quan nào ở tỉnh Bình Thuận thôi chuyển quyết định công bố thủ tục "
                              "hành chính cho các cơ quan chuyên môn?")
    assert (question.type, question.action) == ("actors", "thoi chuyen")
