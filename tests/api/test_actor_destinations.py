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
