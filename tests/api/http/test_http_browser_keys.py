"""The page's access key in headless Chromium against the real server (`python -m api serve`):
a key shows its collection's documents, which the public cannot see; a wrong key is refused in
Vietnamese; the key lasts through a reload of the tab and not into a new session; an upload is
shown by the name it was sent with. Every problem the server can answer has a Vietnamese
sentence on the page. Screenshots go to test-artifacts/browser/."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.common.by import By

from api.keys import KeyStore
from indexer.update import IndexSettings, update_index
from tests.api.http.conftest import KEY, start_server
from tests.api.http.test_http_browser import SHOTS, browser, wait  # noqa: F401 (the browser fixture)
from tests.api.http.test_http_scoped_keys import ARCHIVE

REPO = Path(__file__).resolve().parents[3]
QUERY = "Vì người nghèo"


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory):
    """A real server over the Đức Trọng, Di Linh and Đà Lạt reports (keywords only), Đà Lạt public,
    a read key for Đức Trọng."""
    root = tmp_path_factory.mktemp("keyed")
    for collection in ("duc-trong", "di-linh", "cong-khai"):
        (root / collection).mkdir()
        for name, text in ARCHIVE[collection].items():
            (root / collection / name).write_text(text, encoding="utf-8")
        update_index([root / collection], root / "index", IndexSettings(embed=False, collection=collection))
    store = KeyStore(root / "index")
    key = store.create("duc-trong", ["duc-trong"], write=False, classified=False)
    store.set_public(["cong-khai"])
    process, url, log = start_server(root / "index", root / "server.log", "--no-embed-uploads")
    yield {"url": url, "key": key}
    process.terminate()
    process.wait(20)
    log.close()


def _units(browser) -> list[str]:
    """The units of the results shown, read at once (the list is redrawn while a key is applied)."""
    return browser.execute_script("return [...document.querySelectorAll('#results .unit')].map((e) => e.textContent)")


def _search(browser, url):
    browser.get(f"{url}/#/search?q={QUERY}&mode=bm25")
    wait(browser, lambda b: f"“{QUERY}”" in b.find_element(By.ID, "search-summary").text and _units(b))
    return set(_units(browser))


def _use_key(browser, key):
    box = wait(browser, lambda b: b.find_element(By.ID, "access-key"))
    box.clear()
    box.send_keys(key)
    browser.find_element(By.CSS_SELECTOR, "#key-form button").click()


def test_a_key_shows_its_collection_and_lasts_for_the_tab_only(browser, keyed_server):
    url, key = keyed_server["url"], keyed_server["key"]
    browser.get(f"{url}/")
    browser.execute_script("sessionStorage.clear()")
    public = _search(browser, url)
    assert public and all("đà lạt" in unit.casefold() for unit in public), public

    _use_key(browser, key)
    wait(browser, lambda b: _units(b) and all("đức trọng" in u.casefold() for u in _units(b)))
    keyed = set(_units(browser))
    assert len(keyed) >= 3 and not keyed & public
    first = browser.find_element(By.CSS_SELECTOR, "#results .result").get_attribute("data-doc")
    browser.save_screenshot(str(SHOTS / "key-collection.png"))

    browser.refresh()  # the same tab: the key is still there, and so are its documents
    wait(browser, lambda b: _units(b) and all("đức trọng" in u.casefold() for u in _units(b)))
    assert browser.find_element(By.ID, "access-key").get_attribute("value") == key
    browser.get(f"{url}/#/doc/{first}")
    wait(browser, lambda b: "Đức Trọng" in b.find_element(By.ID, "doc-meta").text)

    keyed_tab = browser.current_window_handle
    browser.switch_to.new_window("tab")  # a new session of the page: no key, public documents only
    try:
        assert _search(browser, url) == public
        assert browser.find_element(By.ID, "access-key").get_attribute("value") == ""
        browser.get(f"{url}/#/doc/{first}")  # the keyed document is as if it did not exist
        error = wait(browser, lambda b: b.find_element(By.ID, "error") if b.find_element(By.ID, "error").text else None)
        assert error.text == "Không tìm thấy văn bản này."
        assert "no document" in error.get_attribute("title")  # the server's English detail: a tooltip only
    finally:
        browser.close()
        browser.switch_to.window(keyed_tab)
    browser.execute_script("sessionStorage.clear()")


def test_a_wrong_key_is_refused_in_vietnamese(browser, keyed_server):
    url = keyed_server["url"]
    browser.get(f"{url}/")
    browser.execute_script("sessionStorage.clear()")
    _search(browser, url)
    _use_key(browser, "tcu_khong-phai-khoa-cua-may-chu")
    error = wait(browser, lambda b: b.find_element(By.ID, "error") if b.find_element(By.ID, "error").is_displayed() else None)
    assert error.text.startswith("Khóa truy cập không đúng")
    browser.save_screenshot(str(SHOTS / "key-refused.png"))
    _use_key(browser, "")  # clearing the key goes back to the public documents
    wait(browser, lambda b: not b.find_element(By.ID, "error").is_displayed()
         and _units(b) and all("đà lạt" in u.casefold() for u in _units(b)))
    browser.execute_script("sessionStorage.clear()")


def test_an_upload_is_shown_by_the_name_it_was_sent_with(browser, keyed_server, tmp_path):
    url = keyed_server["url"]
    sent = "Báo cáo nhanh Đà Lạt tháng 12.txt"
    text = "Thành phố Đà Lạt báo cáo nhanh: hội chợ hoa xuân gây quỹ Vì người nghèo được 75 triệu đồng.\n"
    response = httpx.post(f"{url}/api/documents", headers={"X-API-Key": KEY}, data={"collection": "cong-khai"},
                          files={"files": (sent, text.encode(), "text/plain")}, timeout=120)
    added = response.json()["results"][0]
    assert added["status"] == "added", response.text
    browser.get(f"{url}/")
    browser.execute_script("sessionStorage.clear()")
    browser.get(f"{url}/#/search?q=hội chợ hoa xuân&mode=bm25")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, f"#results .result[data-doc='{added['doc_id']}']"))
    result = browser.find_element(By.CSS_SELECTOR, f"#results .result[data-doc='{added['doc_id']}']")
    assert sent in result.text and not re.search(r"[0-9a-f]{64}", result.text)
    result.find_element(By.CSS_SELECTOR, ".title").click()
    wait(browser, lambda b: sent in b.find_element(By.ID, "doc-meta").text)
    assert sent in browser.find_element(By.ID, "doc-actions").text
    assert not re.search(r"[0-9a-f]{64}", browser.find_element(By.CSS_SELECTOR, ".doc-side").text)
    browser.save_screenshot(str(SHOTS / "upload-name.png"))


def test_every_problem_the_server_sends_has_a_vietnamese_sentence():
    """The kinds of problem in the server's code (Problem(…, "kind"), problem_response(…, "kind"),
    the 404/405 names) against the page's table: a new refusal without words on the page fails."""
    sent = set()
    for source in (REPO / "api").rglob("*.py"):
        code = source.read_text(encoding="utf-8")
        sent |= set(re.findall(r"(?:Problem|problem_response)\(\s*\d{3},\s*\"([a-z-]+)\"", code))
        sent |= set(re.findall(r"\"([a-z]+-not-found)\"", code))  # the kinds of SourceNotFound
    sent |= {"not-found", "method-not-allowed", "http-error"}  # unknown routes and methods (problems.py)
    page = (REPO / "api" / "http" / "web" / "app.js").read_text(encoding="utf-8")
    table = page[page.index("const PROBLEMS = {"):page.index("};", page.index("const PROBLEMS = {"))]
    shown = set(re.findall(r"^\s*\"([a-z-]+)\":", table, re.M))
    assert len(sent) >= 25 and sent <= shown, sorted(sent - shown)
    for sentence in re.findall(r":\s*\"([^\"]+)\"", table):
        assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]", sentence.lower()), sentence
