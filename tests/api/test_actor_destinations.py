"""Where a report is sent: never back to the body the question says sends it, and a body's
department in brackets does not replace the body."""

from __future__ import annotations

from api.answers import AskRequest, Asker
from tests.conftest import lexical_archive

FORMS = """BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI

Số: 04/2004/TT-BLĐTBXH

THÔNG TƯ
Hướng dẫn thi hành một số điều về tuyển dụng và quản lý lao động nước ngoài

Mẫu số 11
BÁO CÁO TÌNH HÌNH SỬ DỤNG LAO ĐỘNG NƯỚC NGOÀI CỦA DOANH NGHIỆP
Kính gửi: Sở Lao động - Thương binh và Xã hội
Doanh nghiệp báo cáo tình hình sử dụng lao động nước ngoài như sau:

Mẫu số 12
BÁO CÁO TÌNH HÌNH SỬ DỤNG LAO ĐỘNG NƯỚC NGOÀI CỦA SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
Kính gửi: Bộ Lao động - Thương binh và Xã hội (Vụ Lao động - Việc làm)
Sở Lao động - Thương binh và Xã hội báo cáo tình hình sử dụng lao động nước ngoài trên địa bàn như sau:
"""


def test_a_report_goes_to_another_body_than_the_one_sending_it(tmp_path):
    asker = Asker(lexical_archive(tmp_path, {"thong-tu-04.txt": FORMS}))
    answer = asker.ask(AskRequest("Theo Mẫu số 12 kèm Thông tư 04/2004/TT-BLĐTBXH, báo cáo tình hình sử dụng lao động nước "
                                  "ngoài của Sở Lao động - Thương binh và Xã hội được gửi đến cơ quan nào?")).to_json()
    assert answer["type"] == "actors"
    assert answer["actor"]["name"] == "Bộ Lao động - Thương binh và Xã hội", answer["answer"]


# Công văn of the UBND tỉnh Lâm Đồng on CV 8151/BNV-CCHC (9/2025): where the comments go, and through whom
ASSIGNMENT = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
V/v tham gia góp ý dự thảo Báo cáo sơ kết cải cách hành chính

Kính gửi: Sở Nội vụ.

Ủy ban nhân dân tỉnh nhận được Công văn số 8151/BNV-CCHC ngày 18/9/2025 của Bộ Nội vụ về việc tham gia góp ý đối với dự thảo Báo cáo sơ kết giai đoạn 2021 - 2025 thực hiện Chương trình tổng thể cải cách hành chính Nhà nước.
Chủ tịch Ủy ban nhân dân tỉnh giao Sở Nội vụ nghiên cứu, tham gia góp ý, tổng hợp theo yêu cầu của Bộ Nội vụ tại Công văn nêu trên; gửi văn bản góp ý về Bộ Nội vụ (qua Vụ Cải cách hành chính) trước ngày 30/9/2025 và gửi Ủy ban nhân dân tỉnh theo dõi kết quả thực hiện./.
"""


def test_the_body_a_document_is_sent_through_is_read_after_qua(tmp_path):
    from api.answers.questions import parse_question

    question = parse_question("Văn bản góp ý dự thảo Báo cáo sơ kết cải cách hành chính phải gửi về Bộ Nội vụ qua đơn vị nào?")
    assert (question.type, question.action, question.action_object, question.action_via) == ("actors", "gui", True, True)
    assert parse_question("Báo cáo tai nạn lao động được gửi đến cơ quan nào?").action_via is False
    asker = Asker(lexical_archive(tmp_path, {"cv-8151.txt": ASSIGNMENT}))
    answer = asker.ask(AskRequest("Văn bản góp ý dự thảo Báo cáo sơ kết cải cách hành chính (theo Công văn 8151/BNV-CCHC) "
                                  "phải gửi về Bộ Nội vụ qua đơn vị nào?")).to_json()
    assert answer["actor"]["name"] == "Vụ Cải cách hành chính", answer["answer"]
