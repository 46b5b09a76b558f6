"""The HTTP API against hostile input, one test per item a hostile probe found: ids and offsets
beyond 64 bits, a missing precedent section, impossible dates, an endless upload body, and the
server's absolute paths shown to anyone."""

import json
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.cli import main
from api.http import Limits, ServerSettings, create_app
from tests.api.http.conftest import KEY, copy_index, free_port
from tests.conftest import CORPUS

BEYOND_64_BITS = "99999999999999999999"
WRITER = {"X-API-Key": KEY}


def problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


@pytest.fixture(scope="module")
def keyed_client(corpus_index, tmp_path_factory):
    """A server with the write key over a throw-away copy of the corpus index."""
    index = copy_index(corpus_index, tmp_path_factory.mktemp("hostile") / "index")
    with TestClient(create_app(ServerSettings(index_dir=index, api_key=KEY, refresh_interval_s=0,
                                              embed_uploads=False))) as client:
        yield client


# ---- numbers beyond what SQLite holds, and sources that do not exist

@pytest.mark.parametrize("method, url, body, where", [
    ("GET", f"/api/documents/{BEYOND_64_BITS}", None, "path.doc_id"),
    ("GET", f"/api/documents/{BEYOND_64_BITS}/file", None, "path.doc_id"),
    ("DELETE", f"/api/documents/{BEYOND_64_BITS}", None, "path.doc_id"),
    ("GET", f"/api/documents?offset={BEYOND_64_BITS}", None, "query.offset"),
    ("GET", f"/api/documents?doc={BEYOND_64_BITS}", None, "query.doc.0"),
    ("GET", f"/api/search?q=ngh%C3%A8o&doc={BEYOND_64_BITS}", None, "query.doc.0"),
    ("GET", f"/api/facets?doc={BEYOND_64_BITS}", None, "query.doc.0"),
    ("POST", "/api/precedents", {"doc_id": int(BEYOND_64_BITS), "section_path": ["BÁO CÁO"]}, "body.doc_id"),
    ("GET", "/api/documents?doc=-3", None, "query.doc.0"),
])
def test_ids_and_offsets_beyond_64_bits_are_422_naming_the_parameter(keyed_client, method, url, body, where):
    response = keyed_client.request(method, url, json=body, headers=WRITER)
    refused = problem(response, 422)
    assert [e["where"] for e in refused["errors"]] == [where]
    assert "less than or equal to 9223372036854775807" in refused["detail"] or "greater than or equal to 1" in refused["detail"]


def test_search_offset_beyond_64_bits_is_over_the_servers_limit(keyed_client):
    refused = problem(keyed_client.get("/api/search", params={"q": "nghèo", "offset": BEYOND_64_BITS}), 422)
    assert refused["type"].endswith("over-limit") and "at most 1,000" in refused["detail"]


def test_precedents_of_a_missing_document_or_section_are_404(keyed_client):
    missing = problem(keyed_client.post("/api/precedents", json={"doc_id": 987654, "section_path": ["BÁO CÁO"]}), 404)
    assert missing["type"].endswith("document-not-found") and "987654" in missing["detail"]
    document = keyed_client.get("/api/documents", params={"unit": "mttq tinh"}).json()["documents"][0]["id"]
    section = problem(keyed_client.post("/api/precedents", json={"doc_id": document, "section_path": ["Mục không có"]}), 404)
    assert section["type"].endswith("section-not-found") and "Mục không có" in section["detail"]
    assert "II. KẾT QUẢ THỰC HIỆN KẾT LUẬN 62" in section["detail"]  # it lists headings the document has
    no_section = problem(keyed_client.post("/api/precedents", json={"doc_id": document, "text": "Hạn chế"}), 422)
    assert no_section["type"].endswith("section-required")
    found = keyed_client.post("/api/precedents", json={"doc_id": document, "section_path": ["II. KẾT QUẢ THỰC HIỆN KẾT LUẬN 62 "
                                                                                         "CỦA BỘ CHÍNH TRỊ"], "k": 3})
    assert found.status_code == 200 and found.json()["source"]["doc_id"] == document


# ---- dates

@pytest.mark.parametrize("value, cause", [
    ("2019-13-45", "month 13: months are 01 to 12"),
    ("2019-02-30", "day 30: 2019-02 has days 01 to 28"),
    ("2020-02-30", "day 30: 2020-02 has days 01 to 29"),
    ("2019-00", "month 00"),
    ("10/4/2019", "is not yyyy, yyyy-mm or yyyy-mm-dd"),
    ("٢٠١٩", "is not yyyy, yyyy-mm or yyyy-mm-dd"),  # Arabic-Indic digits: \d would have taken them
])
@pytest.mark.parametrize("route", ["/api/search?q=ngh%C3%A8o", "/api/documents?limit=5", "/api/facets?level=t%E1%BB%89nh"])
@pytest.mark.parametrize("field", ["from", "to"])
def test_impossible_dates_are_422_naming_the_field_and_the_cause(keyed_client, route, field, value, cause):
    refused = problem(keyed_client.get(route, params={field: value}), 422)
    assert refused["errors"] == [{"where": f"query.{field}", "why": refused["errors"][0]["why"]}]
    assert cause in refused["errors"][0]["why"] and repr(value) in refused["detail"]


def test_real_dates_still_filter(keyed_client):
    day = keyed_client.get("/api/documents", params={"from": "2019-04-10", "to": "2019-04-10"}).json()
    assert [d["date"] for d in day["documents"]] == ["2019-04-10"]
    leap = keyed_client.get("/api/documents", params={"from": "2019-02-28", "to": "2020-02-29"}).json()
    assert leap["total"] == 1
    assert keyed_client.get("/api/documents", params={"from": "", "to": ""}).json()["total"] == 2  # empty: no bound


@pytest.mark.parametrize("argv, option, cause", [
    (["search", "nghèo", "--from", "2019-13-45"], "--from", "month 13"),
    (["ask", "Đơn vị nào vận động Quỹ Vì người nghèo?", "--to", "2019-02-30"], "--to", "day 30"),
    (["precedents", "Hạn chế", "--from", "2019-1-5"], "--from", "is not yyyy"),
])
def test_the_cli_refuses_the_same_dates_naming_the_option(corpus_index, capsys, argv, option, cause):
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--index", str(corpus_index)])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert f"argument {option}: " in error and cause in error


# ---- bodies that never end

@pytest.fixture(scope="module")
def real_server(corpus_index, tmp_path_factory):
    """uvicorn on loopback, in this process, with the default limits, over a throw-away index copy."""
    index = copy_index(corpus_index, tmp_path_factory.mktemp("streamed") / "index")
    server = uvicorn.Server(uvicorn.Config(
        create_app(ServerSettings(index_dir=index, api_key=KEY, refresh_interval_s=0, embed_uploads=False)),
        host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{server.config.port}", "index": index}
    server.should_exit = True
    thread.join(20)


class Endless:
    """A request body of ``mb`` megabytes made as it is sent (never held in memory), counting what went."""

    def __init__(self, head: bytes, mb: int, tail: bytes = b""):
        self.head, self.mb, self.tail, self.sent = head, mb, tail, 0

    def __iter__(self):
        yield self.head
        block = b"x" * (1 << 20)
        for _ in range(self.mb):
            self.sent += len(block)
            yield block
        yield self.tail

    @property
    def exhausted(self) -> bool:
        return self.sent == self.mb << 20


def test_a_1000_mb_upload_is_refused_while_it_streams_and_nothing_is_stored(real_server):
    boundary = "tracuu-endless"
    body = Endless(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="bao-cao.txt"\r\n'
                   f"Content-Type: text/plain\r\n\r\n".encode(), 1000, f"\r\n--{boundary}--\r\n".encode())
    response = httpx.post(f"{real_server['url']}/api/documents", content=body, timeout=120,
                          headers={**WRITER, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    refused = problem(response, 413)
    assert refused["type"].endswith("upload-too-large") and "100 MB" in refused["detail"]
    limits = Limits()
    assert not body.exhausted and body.sent < 2 * limits.upload_request_bytes  # the cap, and socket buffers
    assert limits.upload_request_bytes < limits.upload_bytes * limits.upload_files  # a limit of its own
    index = real_server["index"]
    assert not (index / "uploads").exists() or not any((index / "uploads").iterdir())
    assert not list(index.glob(".incoming-*"))
    assert httpx.get(f"{real_server['url']}/api/documents", timeout=30).json()["total"] == 2


def test_an_endless_keyless_upload_is_refused_without_reading_it(real_server):
    body = Endless(b"--x\r\n", 1000)
    response = httpx.post(f"{real_server['url']}/api/documents", content=body, timeout=120,
                          headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert problem(response, 401)["type"].endswith("key-required")
    assert body.sent < 64 << 20


def test_a_json_body_of_megabytes_is_refused_while_it_streams(real_server):
    body = Endless(b'{"question": "', 200, b'"}')
    response = httpx.post(f"{real_server['url']}/api/ask", content=body, timeout=120,
                          headers={"Content-Type": "application/json"})
    refused = problem(response, 413)
    assert refused["type"].endswith("body-too-large") and "256 kB" in refused["detail"]
    assert body.sent < 64 << 20
    declared = httpx.post(f"{real_server['url']}/api/precedents", content=b"{" + b" " * (300 * 1024) + b"}",
                          headers={"Content-Type": "application/json"}, timeout=30)
    assert problem(declared, 413)["type"].endswith("body-too-large")
    assert httpx.post(f"{real_server['url']}/api/ask", json={"question": "Đơn vị nào vận động Quỹ Vì người nghèo?"},
                      timeout=60).status_code == 200


# ---- the server's paths

def _texts(value):
    """Every string in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def test_readers_see_file_names_and_writers_see_server_paths(keyed_client):
    index = keyed_client.app.state.index.root
    names = {"000_6594ddbbd3241b12.txt", "004_a707af0accb6fc05.txt"}
    doc_id = keyed_client.get("/api/documents", params={"unit": "mttq tinh"}).json()["documents"][0]["id"]
    calls = [("GET", "/api/search", {"params": {"q": "Quỹ Vì người nghèo", "k": 5}}),
             ("GET", "/api/documents", {}),
             ("GET", f"/api/documents/{doc_id}", {}),
             ("POST", "/api/ask", {"json": {"question": "Các đơn vị vận động Quỹ Vì người nghèo được bao nhiêu?"}}),
             ("POST", "/api/ask", {"json": {"question": "Đơn vị nào không tồn tại zzxq?"}})]
    for method, url, options in calls:
        reader = keyed_client.request(method, url, **options)
        assert reader.status_code == 200, reader.text
        for server_folder in (str(CORPUS), str(CORPUS.resolve()), str(index), "/work", "/tmp", "/home"):
            assert server_folder not in reader.text, (url, server_folder)
        writer = keyed_client.request(method, url, headers=WRITER, **options)
        shown = set(_texts(reader.json()))
        assert {n for n in names if any(n in s for s in _texts(writer.json()))} <= shown  # the names still show
    search = keyed_client.get("/api/search", params={"q": "Quỹ Vì người nghèo", "k": 5}).json()["results"]
    assert {r["path"] for r in search} <= names and all(set(r["paths"]) <= names for r in search)
    document = keyed_client.get(f"/api/documents/{doc_id}").json()
    assert document["paths"] == ["000_6594ddbbd3241b12.txt"] and document["files"][0]["path"] == "000_6594ddbbd3241b12.txt"
    # the writer (the key that may change the index) sees where the file lies, to fix or re-index it there
    as_writer = keyed_client.get(f"/api/documents/{doc_id}", headers=WRITER).json()
    assert as_writer["paths"] == [str(CORPUS / "000_6594ddbbd3241b12.txt")] and Path(as_writer["paths"][0]).is_file()
    assert keyed_client.get(f"/api/documents/{doc_id}", headers={"X-API-Key": "not-the-key"}).status_code == 401
    # the file itself stays downloadable by id
    assert keyed_client.get(f"/api/documents/{doc_id}/file").content == (CORPUS / "000_6594ddbbd3241b12.txt").read_bytes()


def test_the_path_filter_cannot_probe_the_server_folders(keyed_client):
    folder = CORPUS.name  # "corpus": in every absolute path, in no file name
    assert keyed_client.get("/api/documents", params={"path": folder}).json()["total"] == 0
    assert keyed_client.get("/api/documents", params={"path": "/"}).json()["total"] == 0
    assert keyed_client.get("/api/documents", params={"path": folder}, headers=WRITER).json()["total"] == 2
    by_name = keyed_client.get("/api/documents", params={"path": "000_6594"}).json()
    assert [d["paths"] for d in by_name["documents"]] == [["000_6594ddbbd3241b12.txt"]]
    hits = keyed_client.get("/api/search", params={"q": "nghèo", "mode": "bm25", "path": folder}).json()
    assert hits["results"] == []
    assert json.dumps(keyed_client.get("/api/facets", params={"path": folder}).json()["documents"]) == "0"


def test_health_and_missing_index_problems_do_not_show_the_server_folder(keyed_client, tmp_path):
    index = keyed_client.app.state.index.root
    assert keyed_client.get("/health").json()["index"]["path"] == "<index>"
    assert keyed_client.get("/health", headers=WRITER).json()["index"]["path"] == str(index)
    with TestClient(create_app(ServerSettings(index_dir=tmp_path / "chua-co", api_key=KEY))) as empty:
        refused = problem(empty.get("/api/search", params={"q": "nghèo"}), 503)
        assert str(tmp_path) not in refused["detail"] and "`tracuu index PATH --index <index>`" in refused["detail"]
        assert str(tmp_path) not in empty.get("/health").text


def test_the_request_limit_cannot_be_below_the_file_limit(tmp_path, capsys):
    with pytest.raises(ValueError, match="below the per-file limit"):
        Limits(upload_bytes=200 << 20, upload_request_bytes=100 << 20)
    assert main(["serve", "--index", str(tmp_path), "--max-upload-mb", "200"]) == 2
    assert "upload request limit (104,857,600 bytes) is below the per-file limit" in capsys.readouterr().err
