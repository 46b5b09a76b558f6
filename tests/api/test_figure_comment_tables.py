"""Figures in a synthesis of comments on a draft (Tờ trình 666/TTr-SNV, 12/2025): each row is one body's
comment, its figure in a long clause and the body in a cell of its own; the draft's year in the
question ("dự thảo Kế hoạch … năm 2026") dates the draft, not the figure."""

from __future__ import annotations

from api.answers import AskRequest, Asker
from api.answers.figure_answers import row_cells, year_names_document
from api.answers.figure_scope import organ_named
from tests.conftest import lexical_archive

COMMENTS = """Phụ lục
TỔNG HỢP Ý KIẾN GÓP Ý ĐỐI VỚI DỰ THẢO KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC NĂM 2026 TỈNH LÂM ĐỒNG
STT\tNội dung góp ý\tĐơn vị góp ý\tÝ kiến của Sở Nội vụ
18\tTại điểm a khoản 5 mục I dự thảo Kế hoạch, đề nghị bỏ chỉ tiêu “Có tối thiểu 80% số cơ sở nhà, đất được cấp có thẩm quyền phê duyệt phương án xử lý, sắp xếp lại được xử lý, sắp xếp lại” do theo hướng dẫn của Bộ Tài chính, trong năm 2026, tỉnh Lâm Đồng không thực hiện việc phê duyệt phương án sắp xếp lại, xử lý nhà, đất.\tSở Tài chính\tThống nhất tiếp thu và biên tập lại dự thảo cho phù hợp.
26\tTại điểm a khoản 2 mục I dự thảo Kế hoạch, đề nghị điều chỉnh chỉ tiêu “100% phản ánh, kiến nghị của cá nhân, tổ chức đối với thủ tục hành chính thuộc thẩm quyền giải quyết được xử lý, trả lời và công khai đúng quy định” thành “Tối thiểu 95% phản ánh, kiến nghị của cá nhân, tổ chức đối với thủ tục hành chính thuộc thẩm quyền giải quyết được xử lý, trả lời và công khai đúng quy định” Lý do: Vì có những hồ sơ, vụ việc phức tạp, cần thời gian phối hợp với các cơ quan liên quan.\tThuế tỉnh\tKhông tiếp thu do đây là chỉ tiêu đánh giá xác định Chỉ số Cải cách hành chính hằng năm của tỉnh.
"""

QUESTION = ("Khi góp ý dự thảo Kế hoạch cải cách hành chính năm 2026, Thuế tỉnh đề nghị hạ chỉ tiêu xử lý phản ánh, kiến "
            "nghị về thủ tục hành chính xuống tối thiểu bao nhiêu phần trăm?")


def test_the_figure_of_the_body_the_question_names_is_read_from_its_row(tmp_path):
    answer = Asker(lexical_archive(tmp_path, {"tong_hop_gop_y.txt": COMMENTS})).ask(AskRequest(QUESTION)).to_json()
    assert answer["figure"]["value"] == 95, answer["answer"]


def test_a_year_written_with_a_documents_kind_dates_the_document():
    assert year_names_document(QUESTION)
    assert year_names_document("Theo Báo cáo công tác cải cách hành chính năm 2025, tỉnh có bao nhiêu TTHC?")
    assert not year_names_document("Năm 2025, tỉnh Lâm Đồng đã cấp bao nhiêu tài khoản định danh điện tử?")
    assert not year_names_document("Trong báo cáo, năm 2025 có bao nhiêu vụ?")  # the year is a clause of its own


def test_a_rows_other_cells_stand_beside_its_clause():
    at = COMMENTS.index("Tối thiểu 95%")
    assert "Thuế tỉnh" in row_cells(COMMENTS, at)
    assert row_cells(COMMENTS, COMMENTS.index("TỔNG HỢP")) == ""  # a line of text is no row


def test_an_organ_named_by_its_level_alone():
    assert organ_named(QUESTION) == "Thuế tỉnh"
    assert organ_named("Kho bạc Nhà nước tỉnh đã kiểm soát chi bao nhiêu hồ sơ?") == "Kho bạc Nhà nước tỉnh"
