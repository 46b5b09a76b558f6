"""A number asked of what a citation says an earlier decision did: "Hiệp hội … được cho phép thành
lập theo quyết định số mấy?" is answered from "… được cho phép thành lập theo Quyết định số
3123/QĐ-UBND …" in the proposal, not from the held decision on renaming the association (whose
number is blank), and never from another association's papers."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from tests.conftest import lexical_archive

RENAMING_DECISION = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Số:      /QĐ-UBND	Lâm Đồng, ngày       tháng 10 năm 2025

QUYẾT ĐỊNH
Về việc cho phép đổi tên Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận (trước sắp xếp) thành Hiệp hội Thể thao giải trí và dưới nước tỉnh Lâm Đồng và phê duyệt Điều lệ (sửa đổi, bổ sung) Hiệp hội

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
Căn cứ Nghị định số 126/2024/NĐ-CP ngày 08 tháng 10 năm 2024 của Chính phủ quy định về tổ chức, hoạt động và quản lý hội;
Theo đề nghị của Giám đốc Sở Nội vụ.
QUYẾT ĐỊNH:
Điều 1. Cho phép đổi tên Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận (trước sắp xếp) thành Hiệp hội Thể thao giải trí và dưới nước tỉnh Lâm Đồng.
"""

PROPOSAL = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

Số:          /TTr-SNV	Lâm Đồng, ngày       tháng 10 năm 2025

TỜ TRÌNH
Về việc đề nghị cho phép đổi tên Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận (trước sắp xếp) thành Hiệp hội Thể thao giải trí và dưới nước tỉnh Lâm Đồng

Sở Nội vụ kính báo cáo Chủ tịch UBND tỉnh như sau:
1. Về đề nghị đổi tên Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận thành Hiệp hội Thể thao giải trí và dưới nước tỉnh Lâm Đồng
Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận được cho phép thành lập theo Quyết định số 3123/QĐ-UBND ngày 05/12/2019 của Chủ tịch UBND tỉnh Bình Thuận (trước sắp xếp). Tại Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh, tỉnh Bình Thuận và tỉnh Lâm Đồng được sắp xếp thành tỉnh Lâm Đồng mới.
"""

CYCLING_PROPOSAL = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ

Số:          /TTr-SNV	Lâm Đồng, ngày       tháng 10 năm 2025

TỜ TRÌNH
Về việc cho phép đổi tên Liên đoàn Xe đạp thể thao tỉnh Bình Thuận (trước sắp xếp) thành Liên đoàn Xe đạp thể thao tỉnh Lâm Đồng

Sở Nội vụ nhận được Đơn đề nghị số 09/ĐĐN-LĐXĐTT ngày 24/9/2025 của Liên đoàn Xe đạp thể thao tỉnh Bình Thuận về việc đề nghị cho phép đổi tên Liên đoàn Xe đạp thể thao tỉnh Bình Thuận (trước sắp xếp) thành Liên đoàn Xe đạp thể thao tỉnh Lâm Đồng và phê duyệt Điều lệ (sửa đổi, bổ sung).
"""


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    return Asker(lexical_archive(tmp_path_factory.mktemp("renaming"), {
        "qd-doi-ten.txt": RENAMING_DECISION, "to-trinh-doi-ten.txt": PROPOSAL, "to-trinh-xe-dap.txt": CYCLING_PROPOSAL}))


def test_the_decision_a_citation_says_did_what_is_asked_is_the_answer(asker):
    answer = asker.ask(AskRequest("Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận được cho phép thành lập theo "
                                  "quyết định số mấy?")).to_json()
    assert answer["type"] == "documents"
    lead = answer["answer"].splitlines()[0]
    assert lead.startswith("Số hiệu: 3123/QĐ-UBND"), lead
    assert "Nghị quyết số 202" not in lead  # the citation's subject ends with its sentence


def test_a_blank_number_is_not_filled_from_another_associations_papers(asker):
    answer = asker.ask(AskRequest("Quyết định cho phép đổi tên Hiệp hội Thể thao giải trí và dưới nước tỉnh Bình Thuận "
                                  "có số hiệu là gì?")).to_json()
    assert "09/ĐĐN-LĐXĐTT" not in answer["answer"], answer["answer"]
