"""A hurried question's shorthand: "VB nào … Do CQ nào ban hành?" asks for units, and an
abbreviation the table spells out ("KPCĐ") finds documents that write it in full."""

from __future__ import annotations

from api.answers.questions import parse_question
from tests.conftest import answered_units, lexical_archive

UNION_FEES = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
SỞ TÀI CHÍNH

Số: 812/STC-QLNS	Lâm Đồng, ngày 12 tháng 5 năm 2025

V/v trích nộp kinh phí công đoàn năm 2025

Các cơ quan, đơn vị thực hiện trích nộp kinh phí công đoàn bằng 2% quỹ tiền lương làm căn cứ đóng bảo hiểm xã hội.
"""

PLAN = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2026

Các sở, ngành đẩy mạnh tuyên truyền trên cổng thông tin điện tử.
"""


def test_an_abbreviated_asking_phrase_still_asks_for_units(tmp_path):
    assert parse_question("VB nào có nói đến KPCĐ? Do CQ nào ban hành?").type == "units"
    reader = lexical_archive(tmp_path, {"cv-812.txt": UNION_FEES, "ke-hoach.txt": PLAN})
    assert answered_units(reader, "VB nào có nói đến KPCĐ? Do CQ nào ban hành?") == {"Sở Tài chính tỉnh Lâm Đồng"}
