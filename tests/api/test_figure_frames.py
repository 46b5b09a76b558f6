"""A figure the question's own words lead to as they stand before it: "… được cơ quan có thẩm quyền
giao tổng cộng bao nhiêu biên chế?" is answered by "Số biên chế được cơ quan có thẩm quyền giao: 326
biên chế", not by a province's staff total that names "biên chế" and the year as often."""

from __future__ import annotations

from api.answers import AskRequest, Asker
from api.answers.figure_answers import asked_frame
from tests.conftest import lexical_archive

# UBND tỉnh Lâm Đồng's 2025 report on associations (CV 3858) and its PAR Index self-scoring (TTr 45), a few lines
ASSOCIATIONS = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số:            /BC-UBND\t         Lâm Đồng, ngày       tháng 12 năm 2025

BÁO CÁO
Tổ chức, hoạt động và quản lý hội năm 2025

Kính gửi: Bộ Nội vụ

2. Tổng số người làm việc chuyên trách tại Hội năm 2025
a) Số biên chế được cơ quan có thẩm quyền giao: \t326 biên chế.
- Hội có phạm vi hoạt động trong tỉnh: \t\t326 người.
b) Số người làm việc tại hội do hội tự hợp đồng: \t24 người.
"""

SCORING = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

BÁO CÁO
Tổng hợp kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2025 của tỉnh Lâm Đồng

4.2\tThực hiện các quy định về quản lý biên chế\t1.00\t1.00
4.2.1\tThực hiện quy định về sử dụng biên chế hành chính\t0.50\t0.50\tBáo cáo số 329/BC-UBND ngày 19/12/2025 của UBND tỉnh về công tác cải cách hành chính nhà nước năm 2025 và phương hướng, nhiệm vụ năm 2026 tỉnh Lâm Đồng. - Tổng số biên chế được giao (tại Quyết định số 2631/QĐ-UBND ngày 22/12/2025 của UBND tỉnh) là 9.818 (cấp tỉnh: 3.585; cấp xã: 6.233) - Số người có mặt (tại Báo cáo số 347/BC-UBND ngày 25/12/2025 của UBND tỉnh) là 8.429 (cấp tỉnh: 2.821, cấp xã: 5.608).
"""


def test_the_frame_is_the_questions_last_words_before_its_figure():
    assert asked_frame("Báo cáo tháng 02/2007 cho biết dầu thô khai thác đạt khoảng bao nhiêu?") == ("khai", "thac", "dat")
    assert asked_frame("Sở Tư pháp các tỉnh, thành phố đã cấp tổng cộng bao nhiêu Phiếu lý lịch tư pháp?") == ("pho", "da", "cap")
    assert asked_frame("Tổng thu ngân sách năm 2025?") == ()


def test_the_figure_given_as_the_question_words_it(tmp_path):
    # the province's staff total names "biên chế" and the year as often; the associations' is framed as asked
    asker = Asker(lexical_archive(tmp_path, {"hoi.txt": ASSOCIATIONS, "par.txt": SCORING}))
    answer = asker.ask(AskRequest("Năm 2025 các hội ở tỉnh Lâm Đồng được cơ quan có thẩm quyền giao tổng cộng bao nhiêu "
                                  "biên chế?")).to_json()
    assert answer["figure"]["text"] == "326 biên chế", answer["answer"]
