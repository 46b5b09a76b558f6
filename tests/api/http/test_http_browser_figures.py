"""The Ask tab's figures-across answer in headless Chromium against the real server: the
unit × period table with a citation per cell, the bar chart by unit and the line chart by year
drawn as inline SVG by the page itself. Screenshot: test-artifacts/browser/figures-across.png."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.api.http.conftest import copy_index, start_server
from tests.api.http.test_http_browser import SHOTS, WAIT_S, browser  # noqa: F401 (fixture)

QUESTION = "Mỗi đơn vị đã vận động được bao nhiêu cho Quỹ Vì người nghèo qua các năm?"
UNIT_2019 = "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"
UNIT_PHUONG = "Ban Thường vụ Đảng ủy phường Hải Dương"


@pytest.fixture(scope="module")
def corpus_server(corpus_index, tmp_path_factory):
    """A server over corpus/ alone: the session's live server also holds what other tests upload."""
    index = copy_index(corpus_index, tmp_path_factory.mktemp("figures") / "index")
    process, url, log = start_server(index, index.parent / "server.log")
    yield url
    process.terminate()
    process.wait(20)
    log.close()


def test_figures_across_reports_show_as_a_cited_table_and_a_chart(browser, corpus_server):
    browser.set_window_size(1300, 1600)  # the table and both charts in one screenshot
    browser.get(f"{corpus_server}/#/ask")
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_element(By.ID, "question")).send_keys(QUESTION)
    browser.find_element(By.CSS_SELECTOR, "#ask-form button").click()
    WebDriverWait(browser, WAIT_S).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#figures-table tbody tr"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#figures-table tbody tr")
    cells = [[td.text for td in row.find_elements(By.TAG_NAME, "td")][:3] for row in rows]
    assert cells == [[UNIT_2019, "2012–2019", "trên 50 tỷ đồng"], [UNIT_PHUONG, "2025", "trên 370 triệu đồng"]]
    links = [row.find_element(By.CSS_SELECTOR, "a.citation").get_attribute("href") for row in rows]
    assert all("#/doc/" in link and "start=" in link for link in links) and len(set(links)) == 2
    assert "tổng chỉ cộng các ô cùng đơn vị đo" in browser.find_element(By.ID, "answer").text
    assert browser.find_element(By.CSS_SELECTOR, "#figures-table tfoot").text.startswith("Tổng (2 ô) trên 50,37 tỷ đồng")

    bars = browser.find_elements(By.CSS_SELECTOR, "#figures-bars rect.bar")
    assert {(b.get_attribute("data-unit"), b.get_attribute("data-period")) for b in bars} == {(UNIT_2019, "2012–2019"), (UNIT_PHUONG, "2025")}
    heights = {b.get_attribute("data-unit"): float(b.get_attribute("height")) for b in bars}
    assert heights[UNIT_2019] > 50 * heights[UNIT_PHUONG] / 2  # drawn to scale: 50 tỷ against 370 triệu (2 px floor)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#figures-lines circle.point")) == 2  # two years: the line chart too
    assert browser.execute_script("return document.querySelectorAll('script[src^=\"http\"], link[href^=\"http\"]').length") == 0
    chart = browser.find_element(By.ID, "figures-chart")
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", browser.find_element(By.ID, "figures-table"))
    assert chart.is_displayed() and chart.size["height"] > 300
    shot = SHOTS / "figures-across.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"\nscreenshot: {shot}")

    links_before = browser.current_url
    rows[1].find_element(By.CSS_SELECTOR, "a.citation").click()
    cited = WebDriverWait(browser, WAIT_S).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#doc-text mark.cited"))
    assert "370 triệu đồng" in " ".join(m.text for m in cited) and browser.current_url != links_before
