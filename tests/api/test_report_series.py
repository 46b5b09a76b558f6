"""A figure across a series of monthly reports: "Theo các báo cáo … tháng 8, tháng 9 và tháng
11/2025, … bao nhiêu …" is a table of one row per month, each read from that month's report
alone, labelled with the date its figure is stated to, and never summed."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.answers.periods import listed_months
from api.answers.questions import parse_question
from tests.conftest import lexical_archive

REPORT = """UBND TỈNH LÂM ĐỒNG
BAN CHỈ ĐẠO ĐỀ ÁN 06

Lâm Đồng, ngày 20 tháng {signed} năm 2025

BÁO CÁO
Kết quả triển khai Đề án 06 trên địa bàn tỉnh tháng {month}/2025

I. KẾT QUẢ TRIỂN KHAI
a) Tính đến ngày 15/{month}/2025, toàn tỉnh đã thu nhận {received} tài khoản định danh điện tử, kích hoạt {activated} tài khoản (đạt tỷ lệ {rate}%).
b) Thanh toán viện phí không dùng tiền mặt đạt {rate}% trên tổng số chi phí.
"""

# month → (signed in, received, activated, rate): the October report is signed in November
MONTHS = {8: (8, "2.707.729", "2.171.425", "80,2"), 9: (9, "2.725.227", "2.180.590", "80,01"),
          10: (11, "2.790.001", "2.202.278", "78,9"), 11: (11, "2.846.632", "2.218.489", "77,9")}


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    return lexical_archive(tmp_path_factory.mktemp("report-series"), {
        f"bao-cao-de-an-06-thang-{month}.txt": REPORT.format(month=month, signed=signed, received=received,
                                                               activated=activated, rate=rate)
        for month, (signed, received, activated, rate) in MONTHS.items()})


def test_months_are_listed_with_one_year_for_all():
    assert listed_months("Theo các báo cáo Đề án 06 tháng 8, tháng 9 và tháng 11/2025, …") == ((2025, 8), (2025, 9), (2025, 11))
    assert listed_months("tháng 12/2025 và tháng 1/2026") == ((2025, 12), (2026, 1))
    assert listed_months("Trong tháng 9/2025, 15 xã đã hoàn thành") == ()  # one month, then a count
    assert parse_question("Theo các báo cáo Đề án 06 tháng 8, tháng 9 và tháng 11/2025, toàn tỉnh đã kích hoạt bao nhiêu "
                          "tài khoản định danh điện tử?").type == "figures_across"


def test_each_month_is_read_from_its_own_report_and_the_series_is_not_summed(reader):
    answer = Asker(reader).ask(AskRequest(
        "Theo các báo cáo Đề án 06 tháng 8, tháng 9 và tháng 11/2025, toàn tỉnh Lâm Đồng đã kích hoạt bao nhiêu tài khoản "
        "định danh điện tử?")).to_json()
    assert answer["type"] == "figures_across", answer["type"]
    rows = answer["table"]["rows"]
    # the accounts activated ("kích hoạt 2.171.425"), not the ones received before them in the sentence; the
    # October report, signed in November, is not November's
    assert [(r["period"], r["value"]) for r in rows] == [("15/8/2025", 2171425), ("15/9/2025", 2180590),
                                                         ("15/11/2025", 2218489)]
    assert [r["title"][-12:] for r in rows] == ["tháng 8/2025", "tháng 9/2025", "háng 11/2025"]
    assert answer["table"]["totals"] == []


def test_a_rate_across_the_series_is_one_row_a_month(reader):
    answer = Asker(reader).ask(AskRequest(
        "Tỷ lệ thanh toán viện phí không dùng tiền mặt trên tổng số chi phí theo các báo cáo Đề án 06 tháng 8, tháng 9 "
        "và tháng 11/2025 là bao nhiêu?")).to_json()
    assert [r["value"] for r in answer["table"]["rows"]] == [80.2, 80.01, 77.9]


def test_the_days_a_series_states_its_figures_to_are_its_months():
    assert listed_months("… đã thu nhận tính đến 15/9/2025, 15/10/2025 và 15/11/2025 là bao nhiêu?") == \
        ((2025, 9), (2025, 10), (2025, 11))
    assert listed_months("Tính đến ngày 15/9/2025, toàn tỉnh đã thu nhận bao nhiêu tài khoản?") == ()  # one day


def test_a_question_listing_the_days_of_the_series_gets_a_row_a_day(reader):
    answer = Asker(reader).ask(AskRequest(
        "Theo các báo cáo Đề án 06 của tỉnh Lâm Đồng, toàn tỉnh đã thu nhận bao nhiêu tài khoản định danh điện tử tính "
        "đến 15/8/2025, 15/9/2025 và 15/11/2025?")).to_json()
    assert answer["type"] == "figures_across", answer["type"]
    # the accounts received ("thu nhận 2.707.729"), from each month's own report
    assert [(r["period"], r["value"]) for r in answer["table"]["rows"]] == [("15/8/2025", 2707729), ("15/9/2025", 2725227),
                                                                            ("15/11/2025", 2846632)]
