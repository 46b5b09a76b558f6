"""The page in headless Chromium against the real server (`python -m api serve`): search with a
facet filter, the document view at a cited span, a report containing markup, uploads, and
the ask tab. Screenshots go to test-artifacts/browser/."""

import shutil
from pathlib import Path

import httpx
import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[3]
SHOTS = REPO / "test-artifacts" / "browser"
UNIT_2019 = "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"
UNIT_2026 = "Ban Thường vụ Đảng ủy phường Hải Dương"
WAIT_S = 60


@pytest.fixture(scope="module")
def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        pytest.fail("chromium and chromium-driver are missing: run `bash scripts/setup.sh test`")
    options = Options()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1300,1000", "--lang=vi"):
        options.add_argument(argument)
    session = webdriver.Chrome(service=Service(driver), options=options)
    SHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SHOTS}")
    yield session
    session.quit()


def wait(browser, condition):
    """Until ``condition``; the list may be drawn again meanwhile (its old elements go stale)."""
    return WebDriverWait(browser, WAIT_S, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def texts(browser, selector):
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, selector)]


def search_for(browser, url, words, mode="hybrid"):
    browser.get(f"{url}/#/search")
    box = wait(browser, lambda b: b.find_element(By.ID, "q"))
    box.clear()
    box.send_keys(words)
    browser.find_element(By.CSS_SELECTOR, f"input[name=mode][value={mode}]").click()
    browser.find_element(By.CSS_SELECTOR, "#search-form button").click()
    wait(browser, lambda b: f"“{words}”" in b.find_element(By.ID, "search-summary").text and texts(b, "#results .unit"))


def test_search_shows_both_reports_and_a_facet_narrows_them(browser, live_server):
    search_for(browser, live_server["url"], "Vì người nghèo")
    assert {UNIT_2019, UNIT_2026} <= set(texts(browser, "#results .unit"))
    assert all(browser.find_elements(By.CSS_SELECTOR, "#results .snippet mark"))
    browser.save_screenshot(str(SHOTS / "search.png"))
    facet = [b for b in browser.find_elements(By.CSS_SELECTOR, "[data-facet=unit] button")
             if b.get_attribute("data-value") == UNIT_2026][0]
    facet.click()
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#active-filters .chip"))
    wait(browser, lambda b: set(texts(b, "#results .unit")) == {UNIT_2026})
    browser.save_screenshot(str(SHOTS / "search-facet.png"))


def test_a_result_opens_the_document_at_its_span(browser, live_server):
    search_for(browser, live_server["url"], "Quỹ Vì người nghèo 370 triệu")
    snippet = browser.find_element(By.CSS_SELECTOR, "#results .snippet").text
    browser.find_element(By.CSS_SELECTOR, "#results .title").click()
    cited = wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#doc-text mark.cited"))
    marked = " ".join(" ".join(m.text.split()) for m in cited)
    assert "370 triệu đồng" in marked and "370 triệu đồng" in snippet
    assert texts(browser, "#doc-outline button") and "Ban Thường vụ" in browser.find_element(By.ID, "doc-meta").text
    browser.save_screenshot(str(SHOTS / "document.png"))


def test_markup_in_a_report_stays_text(browser, live_server):
    text = ("ỦY BAN NHÂN DÂN XÃ KIỂM THỬ\nBÁO CÁO\nKiểm thử an toàn hiển thị\n\n"
            "I. NỘI DUNG\nĐoạn có mã <script>window.tracuuXss = 1; document.title = 'XSS'</script> và "
            "<img src=x onerror=\"window.tracuuXss = 2\"> phải hiện nguyên văn.\n")
    response = httpx.post(f"{live_server['url']}/api/documents", headers={"X-API-Key": live_server["key"]}, timeout=120,
                          files={"files": ("<script>alert(1)</script>.txt", text.encode(), "text/plain")})
    assert response.json()["results"][0]["status"] == "added", response.text
    search_for(browser, live_server["url"], "kiểm thử an toàn hiển thị", mode="bm25")  # not embedded: keywords
    assert "<script>window.tracuuXss = 1;" in browser.find_element(By.CSS_SELECTOR, "#results .snippet").text
    assert not browser.find_elements(By.CSS_SELECTOR, "#results script, #results img")
    browser.find_element(By.CSS_SELECTOR, "#results .title").click()
    wait(browser, lambda b: "onerror" in b.find_element(By.ID, "doc-text").text)
    assert not browser.find_elements(By.CSS_SELECTOR, "#doc-text script, #doc-text img")
    assert browser.execute_script("return window.tracuuXss") is None and browser.title == "Tra cứu báo cáo"
    browser.save_screenshot(str(SHOTS / "markup-as-text.png"))


def test_upload_tab_shows_a_result_per_file(browser, live_server, tmp_path):
    good = tmp_path / "bao-cao-xa-hoa-binh.txt"
    good.write_text("ỦY BAN NHÂN DÂN XÃ HÒA BÌNH\nBÁO CÁO\nKết quả vận động Quỹ Vì người nghèo năm 2024 đạt 80 triệu đồng.\n",
                    encoding="utf-8")
    fake = tmp_path / "gia-mao.pdf"
    fake.write_text("Không phải PDF", encoding="utf-8")
    browser.get(f"{live_server['url']}/#/upload")
    wait(browser, lambda b: b.find_element(By.ID, "api-key").is_displayed())
    browser.find_element(By.ID, "api-key").send_keys(live_server["key"])
    browser.find_element(By.ID, "files").send_keys(f"{good}\n{fake}")
    browser.find_element(By.CSS_SELECTOR, "#upload-form button").click()
    wait(browser, lambda b: all(t and "Đang" not in t for t in texts(b, "#uploads .result-cell")) and len(texts(b, "#uploads .result-cell")) == 2)
    first, second = texts(browser, "#uploads .result-cell")
    assert first.startswith("Đã thêm văn bản")
    assert second == "Lỗi: tên tệp không khớp nội dung (gia-mao.pdf)"
    refusal = browser.find_elements(By.CSS_SELECTOR, "#uploads .result-cell .failed")[0].get_attribute("title")
    assert refusal == "gia-mao.pdf: named .pdf but the content is plain text"  # the server's words: a tooltip only
    browser.save_screenshot(str(SHOTS / "upload.png"))


def test_ask_tab_lists_both_units_with_citation_links(browser, live_server):
    question = "Những đơn vị nào đã báo cáo về cuộc vận động 'Vì người nghèo'?"
    browser.get(f"{live_server['url']}/#/ask")
    box = wait(browser, lambda b: b.find_element(By.ID, "question"))
    box.send_keys(question)
    browser.find_element(By.CSS_SELECTOR, "#ask-form button").click()
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#answer-table td.unit"))
    assert {UNIT_2019, UNIT_2026} <= set(texts(browser, "#answer-table td.unit"))
    browser.save_screenshot(str(SHOTS / "ask.png"))
    browser.find_element(By.CSS_SELECTOR, "#answer-table a.citation").click()
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#doc-text mark.cited"))
    browser.save_screenshot(str(SHOTS / "ask-citation.png"))
