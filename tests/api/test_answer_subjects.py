"""Finding what a question is about in a dossier: the dossier word, a long subject restated with
a word left out, an acronym inside a name, and a figure read from the document the question
names as its source. A small lexical-only archive written in the style of the provincial dossiers."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.figure_answers import _within_sources
from api.answers.questions import parse_question
from api.answers.evidence import sentence_pairs
from api.answers.topics import content_words
from api.search import Filters, Searcher
from indexer.store.reader import open_reader
from tests.conftest import answered_units, lexical_archive

PROPOSAL = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

Số: 120/TTr-SNV\tLâm Đồng, ngày 05 tháng 8 năm 2025

TỜ TRÌNH
Về việc cho phép đổi tên Hội Làm vườn tỉnh Đắk Nông

Kính gửi: Ủy ban nhân dân tỉnh.

Sở Nội vụ đã nhận đủ hồ sơ đổi tên Hội Làm vườn tỉnh Đắk Nông theo quy định.
Sau khi thẩm định, Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, cho phép đổi tên hội.
"""

DECISION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số: 815/QĐ-UBND\tLâm Đồng, ngày 20 tháng 8 năm 2025

QUYẾT ĐỊNH
Về việc cho phép đổi tên hội

Điều 1. Cho phép đổi tên Hội Làm vườn tỉnh Đắk Nông thành Hội Làm vườn tỉnh Lâm Đồng.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""

COVER_NOTE = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
VĂN PHÒNG

PHIẾU TRÌNH
Giải quyết công việc

Sở Nội vụ trình Ủy ban nhân dân tỉnh việc đổi tên Hội Làm vườn tỉnh Đắk Nông; Văn phòng thống nhất với đề nghị của Sở.
Sở Nội vụ báo cáo đề nghị công nhận chức danh các Hội quần chúng do Đảng, Nhà nước giao nhiệm vụ như sau.
"""

MERGER = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
SỞ TÀI CHÍNH

BÁO CÁO
Kinh phí hoạt động năm 2025

Kinh phí của các hội quần chúng do Đảng, Nhà nước giao nhiệm vụ được bố trí trong dự toán ngân sách tỉnh.
Liên minh Hợp tác xã tỉnh được hỗ trợ kinh phí hoạt động theo quy định.
"""

FARMING = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG

BÁO CÁO
Tình hình phát triển kinh tế tập thể năm 2025

Năm 2025, toàn tỉnh thành lập mới 42 hợp tác xã nông nghiệp; các hợp tác xã đã liên kết tiêu thụ sản phẩm cho nông dân.
Tổ chức tuyên truyền phòng, chống ma túy cho 100% nông dân cả nước tham gia hợp tác xã nông nghiệp.
"""

# a title of over 200 characters on one line, its author's name on the line under it
PAPER = """THAM LUẬN
Những vấn đề đặt ra trong công tác tổ chức, triển khai thực hiện Tiểu dự án 2 thuộc Dự án 5 "Nâng cao hiệu quả công tác tuyên truyền phòng, chống ma túy cho người lao động ở nông thôn" và giải pháp của tổ chức Hội
Hội Nông dân Việt Nam

Kính thưa các đồng chí lãnh đạo!
Hiện nay, có khoảng 10 triệu nông dân là hội viên, trong đó gần 2 triệu người là đồng bào dân tộc thiểu số.
Các cấp Hội đã lồng ghép tuyên truyền vào sinh hoạt chi hội.
"""

BORDER_PAPER = """THAM LUẬN
Công tác đấu tranh với tội phạm ma túy xuyên quốc gia trên tuyến biên giới
UBND tỉnh Điện Biên

1. Tình hình tội phạm ma túy trên tuyến biên giới
Các đường dây vận chuyển ma túy xuyên quốc gia hoạt động phức tạp.
2. Kết quả đấu tranh
Lực lượng chức năng đã triệt phá 40 đường dây mua bán ma túy.
3. Quá trình triển khai, chúng tôi gặp một số khó khăn, vướng mắc sau:
Địa bàn rộng, giáp biên giới, giao thông đi lại khó khăn; đối tượng sử dụng ứng dụng mạng xã hội để liên lạc.
"""

PROVINCE_REPORT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả đấu tranh với tội phạm ma túy năm 2025

I. KẾT QUẢ ĐẤU TRANH VỚI TỘI PHẠM MA TÚY
Công an tỉnh phát hiện 120 vụ phạm tội về ma túy xuyên quốc gia và trong nước.
II. KHÓ KHĂN, VƯỚNG MẮC
1. Khó khăn, vướng mắc
Lực lượng chuyên trách còn mỏng; kinh phí cho công tác đấu tranh với tội phạm ma túy còn hạn chế.
"""

YOUTH_PROPOSAL = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

TỜ TRÌNH
Về việc đề nghị cho phép sáp nhập Hội Liên hiệp Thanh niên Việt Nam tỉnh Bình Thuận

Sở Nội vụ đề nghị cho phép sáp nhập Hội Liên hiệp Thanh niên Việt Nam tỉnh Bình Thuận vào Hội Liên hiệp Thanh niên Việt Nam tỉnh Lâm Đồng.
"""

YOUTH_DECISION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

QUYẾT ĐỊNH
Về việc cho phép sáp nhập hội

Điều 1. Cho phép sáp nhập Hội Liên hiệp Thanh niên Việt Nam tỉnh Bình Thuận vào Hội Liên hiệp Thanh niên Việt Nam tỉnh Lâm Đồng.
"""

WOMEN_REPORT = """HỘI LIÊN HIỆP PHỤ NỮ TỈNH LÂM ĐỒNG

BÁO CÁO
Kết quả sáp nhập các cơ sở hội

Hội Liên hiệp Phụ nữ tỉnh đã hoàn thành sáp nhập các chi hội ở thôn, tổ dân phố của tỉnh Lâm Đồng.
"""

FEES = """BỘ TƯ PHÁP

THUYẾT MINH
Dự thảo Thông tư quy định mức thu phí cung cấp thông tin lý lịch tư pháp

3. Về mức thu phí
- Thông tư hiện hành quy định mức thu phí như sau:
+ Phí cung cấp thông tin LLTP: 200.000 đồng/lần/người.
- Dự thảo giảm mức thu phí đối với trường hợp nộp hồ sơ trực tuyến:
+ Phí cung cấp thông tin LLTP: 170.000 đồng/lần/người;
"""

MEMBERS_REPORT = """UBND TỈNH BÌNH THUẬN
HIỆP HỘI DOANH NGHIỆP

BÁO CÁO
Tổng kết hoạt động nhiệm kỳ IV (2019-2025)

Trong nhiệm kỳ kết nạp 49 hội viên mới; có 19 hội viên thôi tham gia.
Tổng số hội viên đầu nhiệm kỳ là 87 hội viên, tổng số hội viên hiện nay là 116 hội viên.
"""

OTHER_MEMBERS = """UBND TỈNH LÂM ĐỒNG
HIỆP HỘI DOANH NGHIỆP

BÁO CÁO
Kết quả hoạt động năm 2025

Hiệp hội Doanh nghiệp tỉnh Lâm Đồng hiện có 640 hội viên là doanh nghiệp trên địa bàn tỉnh.
"""

REFORM_PLAN = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số: 512/KH-UBND	Lâm Đồng, ngày 25 tháng 12 năm 2025

KẾ HOẠCH
Cải cách hành chính nhà nước năm 2026 tỉnh Lâm Đồng

I. MỤC TIÊU
Phấn đấu thi đua Chỉ số CCHC năm 2026 của các cơ quan, đơn vị, địa phương đạt trên 85%.
2. Chỉ tiêu về chuyển đổi số
- 100% hệ thống thông tin dùng chung sử dụng dịch vụ điện toán đám mây.
- Từ trên 70% văn bản được ký số.
3. Nâng cao năng lực quản lý tài chính công cho đội ngũ viên chức các đơn vị sự nghiệp.
"""

TAX_RULE = """BỘ TÀI CHÍNH

THÔNG TƯ
Hướng dẫn chính sách thuế theo tỷ lệ nội địa hoá

8.1- Mức giảm thuế nhập khẩu theo tỷ lệ nội địa hoá áp dụng cho sản phẩm có thuế suất được nâng lên mức tối thiểu 30%.
- k : là hệ số điều chỉnh, mức giảm không được vượt quá 50%.
"""


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    return lexical_archive(tmp_path_factory.mktemp("subjects"), {
        "to-trinh.txt": PROPOSAL, "quyet-dinh.txt": DECISION, "phieu-trinh.txt": COVER_NOTE,
        "kinh-phi.txt": MERGER, "hop-tac-xa.txt": FARMING, "tham-luan.txt": PAPER,
        "tham-luan-dien-bien.txt": BORDER_PAPER, "bao-cao-ma-tuy.txt": PROVINCE_REPORT,
        "to-trinh-lhtn.txt": YOUTH_PROPOSAL, "quyet-dinh-lhtn.txt": YOUTH_DECISION,
        "phu-nu.txt": WOMEN_REPORT, "thuyet-minh-phi.txt": FEES,
        "tong-ket-hiep-hoi.txt": MEMBERS_REPORT, "hiep-hoi-lam-dong.txt": OTHER_MEMBERS,
        "ke-hoach-cchc-2026.txt": REFORM_PLAN, "thong-tu-noi-dia-hoa.txt": TAX_RULE})


_units = answered_units


def test_a_dossier_is_named_by_its_action_and_every_document_of_it_counts(reader):
    question = "Hồ sơ đổi tên Hội Làm vườn tỉnh Đắk Nông có văn bản của những đơn vị nào?"
    assert parse_question(question).topic.startswith("đổi tên Hội Làm vườn")
    assert _units(reader, question) == {"Sở Nội vụ tỉnh Lâm Đồng", "Ủy ban nhân dân tỉnh Lâm Đồng",
                                        "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng"}


def test_hồ_sơ_naming_the_subject_itself_stays():
    assert parse_question("Những đơn vị nào báo cáo về hồ sơ trực tuyến?").topic == "hồ sơ trực tuyến"


def test_a_long_subject_restated_with_a_word_left_out_still_counts(reader):
    question = ("Những đơn vị nào có văn bản về đề nghị công nhận chức danh lãnh đạo các hội quần chúng "
                "do Đảng, Nhà nước giao nhiệm vụ?")
    assert len(content_words(parse_question(question).topic)) >= 15
    # the cover note leaves out "lãnh đạo"; the budget report shares only the groups' name
    assert _units(reader, question) == {"Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng"}


def test_an_acronym_inside_a_name_is_that_name_written_out(reader):
    question = "Những đơn vị nào có văn bản về Liên minh HTX tỉnh?"
    parsed = parse_question(question)
    assert parsed.name == "Liên minh HTX" and "Liên minh hợp tác xã" in parsed.phrases
    # the farming report names hợp tác xã, not the Liên minh
    assert _units(reader, question) == {"Sở Tài chính tỉnh Lâm Đồng"}


def test_a_figure_is_read_from_the_document_the_question_names(reader):
    question = "Theo tham luận của Hội Nông dân Việt Nam về phòng, chống ma túy, cả nước có khoảng bao nhiêu nông dân?"
    parsed = parse_question(question)
    assert parsed.source.startswith("tham luận của Hội Nông dân Việt Nam") and parsed.measured == "nông dân"
    found, sources = _within_sources(Searcher(reader), parsed, Filters())
    assert found and {r.doc_id for r in found} == sources == {next(d for d, (_, unit, _) in reader.document_identities().items()
                                                        if unit == "Hội Nông dân Việt Nam")}
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["figure"]["text"] == "khoảng 10 triệu nông dân" and answer["figure"]["value"] == 10_000_000


def test_a_section_asked_for_in_one_places_paper_comes_from_that_paper(reader):
    question = ("Phần khó khăn, vướng mắc trong tham luận của tỉnh Điện Biên về đấu tranh với tội phạm ma túy "
                "xuyên quốc gia viết gì?")
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["type"] == "sections"
    cited = [(unit["unit"], evidence["section_path"][-1]) for unit in answer["units"]
             for document in unit["documents"] for evidence in document["evidence"]]
    # the province's own report plays the role too, but the question names Điện Biên's paper
    assert cited == [("UBND tỉnh Điện Biên", "3. Quá trình triển khai, chúng tôi gặp một số khó khăn, vướng mắc sau:")]


def test_an_acronym_no_dictionary_knows_is_spelled_out_from_the_archive(reader):
    from api.answers.acronyms import _runs

    assert _runs("sáp nhập Hội Liên hiệp Thanh niên Việt Nam tỉnh; Hội Liên hiệp Phụ nữ", "lhtn") == ["Liên hiệp Thanh niên"]
    assert _runs("Bộ Văn hóa, Thể thao và Du lịch", "vhttdl") == ["Văn hóa, Thể thao và Du lịch"]
    question = "Đơn vị nào có văn bản về sáp nhập Hội LHTN Việt Nam tỉnh?"
    assert parse_question(question).name == "LHTN"  # the question alone cannot tell what it stands for
    assert _units(reader, question) == {"Sở Nội vụ tỉnh Lâm Đồng", "Ủy ban nhân dân tỉnh Lâm Đồng"}


def test_a_list_item_is_read_with_the_line_it_hangs_from(reader):
    from api.answers.figure_answers import lead_in

    item = FEES.index("+ Phí cung cấp thông tin LLTP: 170")
    assert lead_in(FEES, item) == "- Dự thảo giảm mức thu phí đối với trường hợp nộp hồ sơ trực tuyến:"
    assert lead_in(FEES, FEES.index("3. Về mức thu phí")) == ""  # a heading hangs from nothing
    question = "Theo dự thảo Thông tư, nộp hồ sơ trực tuyến thì mức phí cung cấp thông tin lý lịch tư pháp là bao nhiêu?"
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    # both items read "Phí cung cấp thông tin LLTP: …"; only the second hangs from "trực tuyến"
    assert answer["figure"]["text"] == "170.000 đồng"


def test_an_organisations_figure_comes_from_the_documents_it_heads_and_the_words_leading_to_it(reader):
    from api.answers.figure_answers import _within_organisation

    question = "Hiệp hội Doanh nghiệp tỉnh Bình Thuận hiện có bao nhiêu hội viên?"
    parsed = parse_question(question)
    assert parsed.organisation == "Hiệp hội Doanh nghiệp"
    headed = {r.doc_id for r in _within_organisation(Searcher(reader), parsed, Filters())}
    # the Lâm Đồng association's report is headed by a Hiệp hội Doanh nghiệp too, not of Bình Thuận
    assert len(headed) == 1 and reader.document(headed.pop()).text.startswith("UBND TỈNH BÌNH THUẬN")
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    # "đầu nhiệm kỳ là 87 hội viên, … hiện nay là 116 hội viên": "hiện" leads to the second
    assert answer["figure"]["text"] == "116 hội viên"


def test_a_document_named_as_the_subject_is_the_source_and_its_year_names_it():
    parsed = parse_question("Kế hoạch cải cách hành chính năm 2026 của tỉnh Lâm Đồng đặt chỉ tiêu tỷ lệ văn bản được ký số là bao nhiêu?")
    assert parsed.source == "Kế hoạch cải cách hành chính năm 2026 của tỉnh Lâm Đồng"


def test_a_target_is_read_from_the_plan_named_and_not_from_the_sentence_with_its_year(reader):
    question = "Kế hoạch cải cách hành chính năm 2026 của tỉnh Lâm Đồng đặt chỉ tiêu tỷ lệ văn bản được ký số là bao nhiêu?"
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["figure"]["text"] == "trên 70%"


def test_a_maximum_asked_for_is_the_figure_stated_as_a_maximum(reader):
    from api.answers.figure_answers import _bound_named

    assert _bound_named("mức giảm thuế tối đa là bao nhiêu phần trăm?") == "max"
    assert _bound_named("đạt tối thiểu bao nhiêu phần trăm?") == "min"
    question = "Theo chính sách thuế theo tỷ lệ nội địa hoá, mức giảm thuế nhập khẩu tối đa là bao nhiêu phần trăm?"
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["figure"]["text"] == "50%"


def test_what_a_named_plan_says_of_a_subject_comes_from_that_plan(reader):
    question = "Kế hoạch cải cách hành chính năm 2026 của tỉnh Lâm Đồng nói gì về chuyển đổi số?"
    assert parse_question(question).source == "Kế hoạch cải cách hành chính năm 2026 của tỉnh Lâm Đồng"
    answer = Asker(reader).ask(AskRequest(question)).to_json()
    documents = [d for unit in answer["units"] for d in unit["documents"]]
    # only the plan is searched: the other reports on "chuyển đổi số" are not its words
    assert documents and {d["name"] for d in documents} == {"ke-hoach-cchc-2026.txt"}
    assert "chuyển đổi số" in documents[0]["evidence"][0]["text"]


def test_a_term_of_three_syllables_written_nowhere_is_not_found(reader):
    asked = parse_question("Có cơ quan nào ban hành văn bản về quản tài viên không?")
    assert asked.topic == "quản tài viên"  # "Có … không?" asks yes or no: "không" is no part of it
    # "quản", "tài" and "viên" stand in the reports' sentences, never together
    answer = Asker(reader).ask(AskRequest("Có cơ quan nào ban hành văn bản về quản tài viên không?")).to_json()
    assert answer["not_found"]
    assert not parse_question("Có đơn vị nào báo cáo về xã không ma túy không?").topic.endswith("không")


class _ArchiveFrequencies:
    """The lexical side of a reader, answering with the document frequencies that the 636-file
    answers archive (14,527 chunks) has for the pairs of one topic."""

    FREQUENCIES = {"so_ket": 65, "ket_giai": 4, "giai_doan": 383, "doan_2021": 66, "2025_thuc": 8,
                   "thuc_hien": 4981, "hien_chuong": 154, "chuong_trinh": 943, "trinh_tong": 41, "tong_the": 133,
                   "the_cai": 29, "cai_cach": 689, "cach_hanh": 475, "hanh_chinh": 1698, "chinh_tinh": 73}
    num_chunks = 14527

    def doc_freq(self, field: str, term: str) -> int:
        return self.FREQUENCIES.get(term, 0)

    @property
    def lexical(self):
        return self


def test_a_long_subject_must_be_written_in_its_own_order_where_its_rare_pairs_are():
    from api.answers.topics import PAIR_SHARE, PairCover

    cover = PairCover(_ArchiveFrequencies(), "sơ kết giai đoạn 2021 2025 thực hiện Chương trình tổng thể cải cách hành chính tỉnh")
    summing_up = ("Ủy ban nhân dân tỉnh nhận được Công văn số 5816/BNV-CCHC của Bộ Nội vụ đề nghị cập nhật, bổ sung số "
                  "liệu sơ kết giai đoạn 2021 - 2025 thực hiện Nghị quyết số 76/NQ-CP của Chính phủ về việc Ban hành "
                  "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030.")
    # every word of the subject, and most of its pairs ("CCHC" read as cải cách hành chính), but not
    # the rare ones that make it the sơ kết of 2021 - 2025
    plan = ("Xây dựng và tổ chức triển khai thực hiện có hiệu quả các mục tiêu, nhiệm vụ kế hoạch CCHC năm 2026 trên "
            "địa bàn tỉnh theo Nghị quyết số 76/NQ-CP của Chính phủ về ban hành Chương trình tổng thể CCHC nhà nước "
            "giai đoạn 2021 - 2030, định kỳ sơ kết, tổng kết.")
    assert cover.covers(summing_up, 0, len(summing_up))
    assert not cover.covers(plan, 0, len(plan))
    # counted pair by pair the plan would pass: the idf weights decide
    held = [pair for pair in cover.weights if pair in sentence_pairs(plan, 0, len(plan))]
    assert len(held) >= PAIR_SHARE * len(cover.weights)


def test_an_abbreviation_holds_the_pairs_of_its_long_form():
    text = "Kế hoạch CCHC năm 2026"
    pairs = sentence_pairs(text, 0, len(text))
    assert {("hoach", "cai"), ("cai", "cach"), ("hanh", "chinh"), ("chinh", "nam")} <= pairs


def test_what_a_question_asks_of_an_organisation_must_be_said_of_it(tmp_path):
    """"Hồ sơ sáp nhập Hiệp hội Doanh nghiệp …": the documents whose sentence naming the association
    speaks of the merger, and the others of their dossier, not every document naming the association."""
    from indexer.update import IndexSettings, update_index

    archive = tmp_path / "dossiers"
    folder = archive / "Tờ trình 344 sáp nhập Hiệp hội Doanh nghiệp"  # a dossier, named after its matter
    folder.mkdir(parents=True)
    (folder / "du-thao-dieu-le.txt").write_text(
        "UBND TỈNH BÌNH THUẬN\nHIỆP HỘI DOANH NGHIỆP\n\nĐIỀU LỆ\n\n"
        "Điều 1. Hiệp hội Doanh nghiệp tỉnh Lâm Đồng là tổ chức xã hội - nghề nghiệp của các doanh nghiệp.\n",
        encoding="utf-8")
    (folder / "to-trinh-sap-nhap.txt").write_text(
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\n\nTỜ TRÌNH\nVề việc sáp nhập hội\n\n"
        "Sở Nội vụ trình phê duyệt việc sáp nhập Hiệp hội Doanh nghiệp tỉnh Bình Thuận vào Hiệp hội Doanh nghiệp "
        "tỉnh Lâm Đồng.\n", encoding="utf-8")
    (archive / "bao-cao-hiep-hoi.txt").write_text(
        "UBND TỈNH LÂM ĐỒNG\nHIỆP HỘI DOANH NGHIỆP\n\nBÁO CÁO\nKết quả hoạt động năm 2025\n\n"
        "Hiệp hội Doanh nghiệp tỉnh Lâm Đồng hiện có 640 hội viên.\n"
        "Sau khi sáp nhập tỉnh, nhiều doanh nghiệp đổi địa chỉ trụ sở.\n", encoding="utf-8")
    update_index([archive], tmp_path / "index", IndexSettings(embed=False))
    reader = open_reader(tmp_path / "index")
    question = ("Hồ sơ sáp nhập Hiệp hội Doanh nghiệp của Bình Thuận vào Hiệp hội Doanh nghiệp tỉnh Lâm Đồng gồm "
                "văn bản của những đơn vị nào?")
    # the tờ trình says it; the draft charter filed with it in the dossier counts with it; the report does not
    assert _units(reader, question) == {"Sở Nội vụ tỉnh Lâm Đồng", "Hiệp hội doanh nghiệp tỉnh Bình Thuận"}
    # naming the association alone, every document naming it counts
    assert _units(reader, "Những đơn vị nào có văn bản về Hiệp hội Doanh nghiệp tỉnh Lâm Đồng?") == {
        "Sở Nội vụ tỉnh Lâm Đồng", "Hiệp hội doanh nghiệp tỉnh Bình Thuận", "Hiệp hội doanh nghiệp tỉnh Lâm Đồng"}


def test_a_short_topic_is_sought_as_documents_write_it():
    """"Vấn đề an toàn thực phẩm được nêu trong văn bản của những cơ quan nào?": reports write "an
    toàn thực phẩm", and the tax "thuế GTGT" as often as "thuế giá trị gia tăng"."""
    from api.answers.topics import written_forms

    assert written_forms("Vấn đề cải tạo môi trường") == ["Vấn đề cải tạo môi trường", "cải tạo môi trường"]
    assert {"an toàn thực phẩm", "ATTP"} <= set(written_forms("Vấn đề an toàn thực phẩm"))
    assert written_forms("Công tác tiếp công dân") == ["Công tác tiếp công dân", "tiếp công dân"]
    assert written_forms("thuế giá trị gia tăng") == ["thuế giá trị gia tăng", "thuế GTGT"]
    assert written_forms("Hoạt động khác") == ["Hoạt động khác"]  # one word left names nothing
    assert written_forms("Việc làm cho lao động nông thôn") == ["Việc làm cho lao động nông thôn"]  # "việc làm" is a noun
    assert set(written_forms("Dịch vụ công trực tuyến")) == {"Dịch vụ công trực tuyến", "DVC trực tuyến", "DVCTT"}
    # "Hệ thống camera giám sát", "Dịch vụ bưu chính": what the system or service is of
    assert written_forms("Hệ thống camera giám sát") == ["Hệ thống camera giám sát", "camera giám sát"]
    assert written_forms("Dịch vụ bưu chính") == ["Dịch vụ bưu chính", "bưu chính"]
    # a body of people, a state of things: the teachers, the pollution
    assert written_forms("Đội ngũ giáo viên") == ["Đội ngũ giáo viên", "giáo viên"]
    assert written_forms("Tình trạng ô nhiễm môi trường") == ["Tình trạng ô nhiễm môi trường", "ô nhiễm môi trường"]
    # a body's name before a bare level: a city's documents write "Bộ Chỉ huy Quân sự thành phố"; a thing of a
    # level is another thing without it
    assert "Bộ Chỉ huy Quân sự" in written_forms("Bộ Chỉ huy Quân sự tỉnh")
    assert written_forms("Ngân sách xã") == ["Ngân sách xã"]


def test_a_subject_found_as_documents_write_it_lists_their_units(tmp_path):
    """"Chi trả lương hưu …": the province's report writing "chi lương hưu" mentions it, the term behind
    the action being rarer than the action (as is "bí mật nhà nước" behind "bảo vệ"); "Hỗ trợ doanh nghiệp" is not every document naming
    "doanh nghiệp"; "Bộ Chỉ huy Quân sự tỉnh …": the city's list naming its "Bộ Chỉ huy Quân sự thành phố"."""
    from api.answers.topics import acted_term
    from tests.conftest import lexical_archive

    reader = lexical_archive(tmp_path, {
        "bc-cchc.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nBÁO CÁO\nCông tác cải cách hành chính năm 2025\n"
                       "Đẩy mạnh thanh toán viện phí, chi trả an sinh xã hội, chi lương hưu không dùng tiền mặt.\n"
                       "Bảo vệ dữ liệu cá nhân của người dân khi thanh toán trực tuyến.\n",
        "snv.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\n\nBÁO CÁO\nKết quả chi trả lương hưu qua tài khoản năm 2025\n"
                   "Bảo hiểm xã hội tỉnh đã chi trả lương hưu qua tài khoản cho 41.000 người, bảo vệ quyền lợi người hưởng.\n",
        "danh-muc.txt": "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\n\nBÁO CÁO\nDanh mục công trình quốc phòng năm 2005\n"
                        "Xây dựng doanh trại Ban Chỉ huy Quân sự quận 2\tBộ Chỉ huy Quân sự thành phố\tQuận 2\n",
        "ke-hoach.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nKẾ HOẠCH\nPhòng, chống ma túy năm 2026\n"
                        "Bộ Chỉ huy Quân sự tỉnh chỉ đạo lực lượng dân quân tham gia tuần tra, chi trả chế độ trực.\n"
                        "Hỗ trợ người dân, doanh nghiệp; doanh nghiệp trên địa bàn ký cam kết không ma túy.\n"
                        "Lực lượng bảo vệ dân phố phối hợp bảo vệ an toàn trường học; bảo vệ môi trường sống.\n",
        "kh-cchc.txt": "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nKẾ HOẠCH\nCải cách hành chính năm 2026\n"
                       "100% hồ sơ công việc được xử lý trên môi trường điện tử (trừ hồ sơ thuộc phạm vi bí mật nhà nước).\n"})
    assert acted_term(reader, "Chi trả lương hưu") == "lương hưu"
    assert acted_term(reader, "Hỗ trợ doanh nghiệp") is None
    # the plan that keeps secret files off the network mentions "bảo vệ bí mật nhà nước" too
    assert acted_term(reader, "bảo vệ bí mật nhà nước") == "bí mật nhà nước"
    assert _units(reader, "Những văn bản nào có nội dung về bảo vệ bí mật nhà nước, do cơ quan nào ban hành?") == {
        "Ủy ban nhân dân tỉnh Lâm Đồng"}
    assert _units(reader, "Chi trả lương hưu được đề cập trong báo cáo của những cơ quan nào?") == {
        "Ủy ban nhân dân tỉnh Lâm Đồng", "Sở Nội vụ tỉnh Lâm Đồng"}
    assert _units(reader, "Bộ Chỉ huy Quân sự tỉnh được nêu tên trong văn bản của những đơn vị nào?") == {
        "Ủy ban nhân dân tỉnh Lâm Đồng", "Ủy ban nhân dân thành phố Hồ Chí Minh"}


def test_a_bare_number_after_a_label_counts_the_labels_noun():
    """The 2025 drug report: "Hiện nay (tính đến 15/9/2025), số người nghiện ma tuý trên địa bàn là
    1922 người. Trong đó: người nghiện ở ngoài xã hội: 814; người nghiện ở trong các Cơ sở cai
    nghiện: 1084; …" — the count in the institutions is the bare 1084, and the sentence the clause
    breaks down gives it its date."""
    from api.answers.figure_answers import continued
    from api.answers.figures import extract_figures

    text = ("Hiện nay (tính đến 15/9/2025), số người nghiện ma tuý trên địa bàn là 1922 người. Trong đó: người nghiện "
            "ở ngoài xã hội: 814; người nghiện ở trong các Cơ sở cai nghiện: 1084; 24 người nghiện trong nhà tạm giữ: 24.")
    clause = text[text.index("Trong đó"):]
    assert [(f.text, f.unit) for f in extract_figures(clause, False, (), ("người nghiện",))] == [
        ("814", "người nghiện"), ("1084", "người nghiện"), ("24 người nghiện", "người nghiện"), ("24", "người nghiện")]
    assert [f.text for f in extract_figures(clause)] == ["24 người nghiện"]  # no label asked: bare numbers are no figures
    assert "15/9/2025" in continued(text, text.index("Trong đó"))
    assert continued(text, 0) == ""


def test_a_phrase_asked_as_alternatives_is_found_by_its_abbreviation_too(tmp_path):
    """"Trạm y tế (trạm y tế xã, phường)": a survey's table writes "TYT", a plan writes it out; both mention it."""
    from api.answers import AskRequest, Asker
    from indexer.analysis import long_forms
    from tests.conftest import lexical_archive

    assert long_forms("TYT") == ["trạm y tế"] and long_forms("KCNC") == ["khu công nghệ cao"]
    asker = Asker(lexical_archive(tmp_path, {
        "khao-sat.txt": "VIỆN XÃ HỘI HỌC\nBÁO CÁO KHẢO SÁT\nNơi khám trước khi đến bệnh viện tư\tSố người\tTỷ lệ\n"
                        "Đã khám ở TYT, PKĐK, bệnh viện công\t17\t24.3\n",
        "ke-hoach.txt": "SỞ Y TẾ TỈNH LÂM ĐỒNG\nKẾ HOẠCH\nNâng cao chất lượng khám bệnh tại trạm y tế xã, phường năm 2026.\n"}))
    answer = asker.ask(AskRequest("Những văn bản nào có nhắc đến trạm y tế (trạm y tế xã, phường)? Do cơ quan nào ban hành?"))
    assert sorted(d.title.split()[0] for u in answer.units for d in u.documents) == ["Nâng", "Nơi"], answer.answer


def test_where_a_subject_is_mentioned_is_no_part_of_it_and_a_country_is_written_by_its_name(tmp_path):
    """"Nước Lào được nhắc đến trong báo cáo, tham luận của những đơn vị nào?": the papers the question
    lists are where it is mentioned, and reports write "Lào", "phía Lào" without "nước"."""
    from api.answers.questions import parse_question
    from api.answers.topics import written_forms

    assert parse_question("Nước Lào được nhắc đến trong báo cáo, tham luận của những đơn vị nào?").topic == "Nước Lào"
    assert parse_question("Kế toán trưởng được quy định hoặc nhắc đến trong văn bản của những cơ quan nào?").topic == \
        "Kế toán trưởng"
    question = parse_question("Vật liệu nổ (thuốc nổ, kíp nổ) được nêu trong báo cáo, kế hoạch của những đơn vị nào?")
    assert question.phrases == ["Vật liệu nổ", "thuốc nổ", "kíp nổ"]
    assert written_forms("Nước Lào") == ["Nước Lào", "Lào"] and written_forms("nước sạch") == ["nước sạch"]
    reader = lexical_archive(tmp_path, {
        "tham-luan.txt": "UBND TỈNH SƠN LA\n\nTHAM LUẬN\nPhối hợp phòng, chống ma túy trên tuyến biên giới\n\n"
                         "Công an tỉnh đã phối hợp với lực lượng chức năng phía Lào triệt phá 12 đường dây mua bán ma túy.\n",
        "bao-cao.txt": "UBND TỈNH YÊN BÁI\n\nBÁO CÁO\nKết quả cấp nước sạch nông thôn năm 2025\n\n"
                       "Tỷ lệ hộ dân nông thôn dùng nước sạch đạt 92%.\n"})
    assert answered_units(reader, "Nước Lào được nhắc đến trong báo cáo, tham luận của những đơn vị nào?") == {"UBND tỉnh Sơn La"}


def test_an_institution_asked_by_its_initials_or_in_full_is_found_as_documents_name_it(tmp_path):
    """"KBNN" is written "Kho bạc Nhà nước" as often, and a treasury is "Kho bạc" alone ("nộp vào Kho bạc")."""
    from api.answers.topics import written_forms

    assert written_forms("KBNN") == ["KBNN", "Kho bạc Nhà nước", "Kho bạc"]
    assert "Kho bạc" in written_forms("Kho bạc Nhà nước")
    reader = lexical_archive(tmp_path, {
        "quy-dinh.txt": "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU\n\nQUY ĐỊNH\nVề sử dụng tiền xử phạt vi phạm hành chính\n\n"
                        "Tiền phạt được nộp vào Kho bạc trong thời hạn 10 ngày.\n",
        "cong-van.txt": "SỞ TÀI CHÍNH TỈNH BẠC LIÊU\n\nCÔNG VĂN\nVề thanh toán vốn đầu tư\n\n"
                        "Đề nghị Kho bạc Nhà nước tỉnh kiểm soát chi theo quy định.\n"})
    expected = {"Ủy ban nhân dân tỉnh Bạc Liêu", "Sở Tài chính tỉnh Bạc Liêu"}
    assert answered_units(reader, "Những đơn vị nào có văn bản nhắc đến KBNN?") == expected


@pytest.mark.parametrize("question, topic", [
    ("Đơn vị nào có kế hoạch, báo cáo đề cập đến phòng cháy chữa cháy?", "phòng cháy chữa cháy"),
    ("Trong các báo cáo, tham luận, đơn vị nào có nhắc đến ma túy tổng hợp?", "ma tuý tổng hợp"),
    ("Những đơn vị nào đã gửi văn bản liên quan tới công tác dân vận?", "công tác dân vận"),
    ("Liệt kê các cơ quan ban hành văn bản có nội dung về thuế nhập khẩu.", "thuế nhập khẩu"),
    ("Trong các báo cáo, tham luận, nước Lào được nhắc đến trong báo cáo của những đơn vị nào?", "nước Lào"),
    # where the archive holds it is no verb: a units question, not one actor's
    ("Đơn vị nào trong kho có báo cáo liên quan đến phòng chống thiên tai?", "phòng chống thiên tai"),
])
def test_the_papers_a_units_question_asks_of_are_no_part_of_its_subject(question, topic):
    from api.answers.questions import parse_question

    parsed = parse_question(question)
    assert (parsed.type, parsed.topic) == ("units", topic)


def test_a_request_in_two_sentences_asks_for_the_issuers_of_what_the_first_names():
    from api.answers.questions import parse_question

    question = parse_question("Tôi cần tìm các tài liệu có nói về hóa đơn điện tử. Những tài liệu đó do đơn vị nào ban hành?")
    assert (question.type, question.topic) == ("units", "hoá đơn điện tử")


def test_the_spans_a_subject_loses_are_cut_in_the_order_they_stand():
    """The papers opening the question and where the subject is mentioned after it are both cut, each
    where it stands (cutting the first before the second, in the order found, shifted the second)."""
    from api.answers.questions import _without_papers

    text = "Trong các báo cáo, tham luận, nước Lào được nhắc đến trong báo cáo của những đơn vị nào?"
    assert " ".join(_without_papers(text).split()) == "nước Lào của những đơn vị nào?"
