"""Which figure of a ";" list a question asks for: the item that writes the question's own word
pairs ("Ban Thường vụ: 13 người"), not the one that shares as many loose words ("dự kiến Ban Chấp
hành: 39 người")."""

from __future__ import annotations

from api.answers import AskRequest, Asker
from tests.conftest import lexical_archive

MERGER = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

TỜ TRÌNH
Về việc đề nghị cho phép sáp nhập Hội Truyền thống Trường Sơn - Đường Hồ Chí Minh tỉnh Bình Thuận, tỉnh Đắk Nông vào Hội Truyền thống Trường Sơn - Đường Hồ Chí Minh tỉnh Lâm Đồng

2. Về nhân sự sau sáp nhập
Hội sau sáp nhập kế thừa toàn bộ hội viên của 03 Hội. Trong đó, dự kiến Ban Chấp hành: 39 người; Ban Thường vụ: 13 người; Ban Kiểm tra: 03 người; Thường trực hội: 03 người (Chủ tịch và 02 Phó Chủ tịch).
"""


def test_the_item_writing_the_body_asked_about_gives_the_figure(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"to-trinh-sap-nhap.txt": MERGER}))
    answer = asker.ask(AskRequest("Theo đề án sáp nhập Hội Truyền thống Trường Sơn - Đường Hồ Chí Minh của ba tỉnh, Ban "
                                  "Thường vụ của hội sau sáp nhập dự kiến có bao nhiêu người?")).to_json()
    assert answer["type"] == "figure"
    assert answer["figure"]["text"] == "13 người", answer["answer"]
    answer = asker.ask(AskRequest("Ban Kiểm tra của hội sau sáp nhập dự kiến có bao nhiêu người?")).to_json()
    assert answer["figure"]["text"] == "03 người", answer["answer"]
