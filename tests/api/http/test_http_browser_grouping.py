"""The results list in headless Chromium: each report once, its further hits behind "thêm K đoạn
trong văn bản này" and its other versions behind "N phiên bản", both expandable. Screenshot:
test-artifacts/browser/search-grouped.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from indexer.extraction import extract_file
from indexer.update import IndexSettings, update_index
from tests.api.http.conftest import start_server
from tests.api.http.test_http_browser import SHOTS, WAIT_S, browser, texts  # noqa: F401 (fixture)

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


@pytest.fixture(scope="module")
def grouped_server(tmp_path_factory):
    """A server over the MTTQ report, a draft of it and the phường report (keywords only)."""
    folder = tmp_path_factory.mktemp("grouped-docs")
    final = extract_file(CORPUS / "000_6594ddbbd3241b12.txt").text
    (folder / "bao-cao-mttq.txt").write_text(final, encoding="utf-8")
    (folder / "du-thao-bao-cao-mttq.txt").write_text(
        final.replace("Hải Dương, ngày 10 tháng 4 năm 2019", "Hải Dương, ngày     tháng 4 năm 2019", 1)
        .replace("Nguyễn Đình Xiển", ""), encoding="utf-8")
    (folder / "bao-cao-phuong.txt").write_text((CORPUS / "004_a707af0accb6fc05.txt").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    index = tmp_path_factory.mktemp("grouped-index") / "index"
    update_index([folder], index, IndexSettings(embed=False))
    process, url, log = start_server(index, index.parent / "server.log", "--no-embed-uploads")
    yield url
    process.terminate()
    process.wait(20)
    log.close()


def wait(browser, condition):
    """Until ``condition``; the list may be drawn again meanwhile (its old elements go stale)."""
    return WebDriverWait(browser, WAIT_S, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def test_results_show_each_report_once_with_its_hits_and_versions_folded(browser, grouped_server):
    browser.get(f"{grouped_server}/#/search?q=62-KL%2FTW&mode=bm25")
    wait(browser, lambda b: "“62-KL/TW”" in b.find_element(By.ID, "search-summary").text
         and len(b.find_elements(By.CSS_SELECTOR, "#results .more-hits")) == 2)
    results = browser.find_elements(By.CSS_SELECTOR, "#results > li.result")
    documents = [r.get_attribute("data-doc") for r in results]
    assert len(results) == 2 and len(set(documents)) == 2  # the MTTQ report (with its draft) and the phường one
    more = texts(browser, "#results .more-hits > summary")
    assert len(more) == 2 and all(t.startswith("thêm ") and t.endswith(" đoạn trong văn bản này") for t in more)
    (versions,) = browser.find_elements(By.CSS_SELECTOR, "#results .versions")
    assert versions.find_element(By.TAG_NAME, "summary").text == "2 phiên bản"
    assert not versions.find_element(By.TAG_NAME, "ul").is_displayed()  # folded until asked
    versions.find_element(By.TAG_NAME, "summary").click()
    wait(browser, lambda b: versions.find_element(By.TAG_NAME, "ul").is_displayed())
    assert "du-thao-bao-cao-mttq.txt" in versions.text and "đoạn khớp" in versions.text
    first_more = browser.find_element(By.CSS_SELECTOR, "#results .more-hits")
    first_more.find_element(By.TAG_NAME, "summary").click()
    links = wait(browser, lambda b: [a for a in first_more.find_elements(By.CSS_SELECTOR, "li a") if a.is_displayed()])
    assert links[0].get_attribute("href").split("#")[1].startswith("/doc/")
    browser.save_screenshot(str(SHOTS / "search-grouped.png"))
    links[0].click()  # a folded hit opens the document at its span
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".doc-text mark.cited"))
