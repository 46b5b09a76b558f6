"""The HTTP API served from a real node (`serve --backend opensearch`) answers with the embedded
backend's JSON: search in every mode and with filters, facets, the document list and view, answers,
precedents, scoped keys; writes are refused with the reason; /health reports the cluster."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.http import ServerSettings, create_app
from api.keys import KeyStore
from indexer.store.opensearch.writer import migrate
from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.opensearch
KEY = "tracuu-opensearch-test-key-0123456789"


@pytest.fixture(scope="module")
def servers(corpus_index, client, opensearch_node, tmp_path_factory):
    """(embedded server, cluster server, keys): TestClients over corpus/ and its migration, both
    with the same API key and the same keys.json (the cluster server's --index holds only that)."""
    import shutil

    migrate(corpus_index, client, "http", progress=lambda line: None)
    embedded_dir = tmp_path_factory.mktemp("http-embedded") / "index"
    shutil.copytree(corpus_index, embedded_dir)
    keys_dir = tmp_path_factory.mktemp("http-keys")
    keys = {}
    for directory in (embedded_dir, keys_dir):
        store = KeyStore(directory)
        keys.setdefault("default", []).append(store.create("default-reader", ["default"], write=False, classified=False))
        keys.setdefault("elsewhere", []).append(store.create("elsewhere-reader", ["elsewhere"], write=False, classified=False))
    assert not any(p.name != "keys.json" for p in keys_dir.iterdir())  # no index in the cluster server's folder
    embedded = TestClient(create_app(ServerSettings(index_dir=embedded_dir, api_key=KEY, refresh_interval_s=0)))
    cluster = TestClient(create_app(ServerSettings(index_dir=keys_dir, api_key=KEY, refresh_interval_s=0,
                                                   opensearch_url=opensearch_node[0], opensearch_alias="http")))
    with embedded, cluster:
        yield embedded, cluster, keys


def _same(a, b, where="") -> None:
    """Equal JSON, but for took_ms and float scores (the cluster's float32 BM25 and vectors:
    1e-4 relative, as tests/opensearch/test_backend.py measures)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), (where, sorted(set(a) ^ set(b or {})))
        for key in a:
            if key != "took_ms":
                _same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (where, len(a), len(b or []))
        b = _near_ties_in_order(a, b, where)
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and not isinstance(b, bool) and isinstance(b, (int, float)):
        assert abs(a - b) <= 1e-4 * max(abs(a), abs(b), 1e-6), (where, a, b)
    else:
        assert a == b, (where, a, b)


def _near_ties_in_order(a: list, b: list, where: str) -> list:
    """Hits (dicts with chunk_id and score) that two backends order differently only where their
    scores tie to float32 rounding (the cluster's k-NN scores are float32: 1e-7 apart): ``b`` in
    ``a``'s order, after checking every position that differs is such a near-tie."""
    hits = [x for x in a + b if isinstance(x, dict) and "chunk_id" in x and "score" in x]
    if len(hits) != len(a) + len(b) or [x["chunk_id"] for x in a] == [y["chunk_id"] for y in b]:
        return b
    assert sorted(x["chunk_id"] for x in a) == sorted(y["chunk_id"] for y in b), where
    for x, y in zip(a, b):
        if x["chunk_id"] != y["chunk_id"]:
            assert abs(x["score"] - y["score"]) <= 1e-6 * max(abs(x["score"]), 1e-6), (where, x["score"], y["score"])
    by_id = {y["chunk_id"]: y for y in b}
    return [by_id[x["chunk_id"]] for x in a]


def _both(servers, method: str, path: str, key: str | None = None, **kwargs):
    embedded, cluster, _ = servers
    headers = {"X-API-Key": key} if key else {}
    ours = getattr(embedded, method)(path, headers=headers, **kwargs)
    theirs = getattr(cluster, method)(path, headers=headers, **kwargs)
    assert theirs.status_code == ours.status_code, (path, kwargs, ours.text[:300], theirs.text[:300])
    assert theirs.headers["content-type"] == ours.headers["content-type"]
    _same(ours.json(), theirs.json(), path)
    return ours.json(), theirs.json()


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
@pytest.mark.parametrize("query", ["Vì người nghèo", "vi nguoi ngheo", "62-KL/TW", "Kết luận 62"])
def test_search_json_is_the_embedded_backends(servers, query, mode):
    ours, _ = _both(servers, "get", "/api/search", params={"q": query, "mode": mode, "k": 10})
    assert ours["results"] and ours["facets"]["unit"]


@pytest.mark.parametrize("params", [
    {"unit": "dang uy phuong"}, {"from": "2019", "to": "2019"}, {"level": "tỉnh"}, {"doc_type": "báo cáo"},
    {"path": "004_"}, {"doc": 2}, {"collapse": "true", "k": 5}, {"offset": 5, "k": 5}, {"place": "Hải Dương"},
    {"from": "2100"},
])
def test_filtered_and_paged_searches_agree(servers, params):
    for mode in ("bm25", "dense", "hybrid"):
        _both(servers, "get", "/api/search", params={"q": "Kết luận 62", "mode": mode, **params})


def test_facets_and_document_list_are_the_catalogs(servers):
    whole, _ = _both(servers, "get", "/api/facets")
    assert whole["documents"] == 2 and {f["value"] for f in whole["facets"]["level"]} == {"tỉnh", "phường"}
    _both(servers, "get", "/api/facets", params={"from": "2019", "to": "2019"})
    _both(servers, "get", "/api/facets", params={"unit": "no such unit anywhere"})
    listed, _ = _both(servers, "get", "/api/documents")
    assert listed["total"] == 2 and len(listed["documents"]) == 2
    _both(servers, "get", "/api/documents", params={"limit": 1, "offset": 1})
    _both(servers, "get", "/api/documents", params={"level": "phường"})
    _both(servers, "get", "/api/documents", key=KEY)  # full paths for the server's own key


def test_document_view_comes_from_the_cluster(servers):
    for doc_id in (1, 2):
        ours, _ = _both(servers, "get", f"/api/documents/{doc_id}")
        assert ours["text"] and ours["sections"] and ours["metadata"]
    _both(servers, "get", "/api/documents/2", key=KEY)
    missing, _ = _both(servers, "get", "/api/documents/987654")
    assert missing["type"].endswith("document-not-found")


@pytest.mark.parametrize("question", [
    "Những đơn vị nào báo cáo về Kết luận 62?",
    "Quỹ Vì người nghèo vận động được bao nhiêu tiền?",
    "Kết quả thực hiện Kết luận 62-KL/TW của Ban Thường vụ Đảng ủy phường Hải Dương",
])
def test_answers_are_the_embedded_backends(servers, question):
    ours, _ = _both(servers, "post", "/api/ask", json={"question": question})
    assert ours["units"] or ours["documents"]


def test_which_units_names_the_same_two(servers):
    ours, theirs = _both(servers, "post", "/api/ask", json={"question": "Những đơn vị nào báo cáo về Kết luận 62?"})
    units = {u["unit"] for u in theirs["units"]}
    assert units == {"Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương", "Ban Thường vụ Đảng ủy phường Hải Dương"}


def test_precedents_are_the_embedded_backends(servers):
    ours, _ = _both(servers, "post", "/api/precedents", json={"text": "vận động ủng hộ Quỹ Vì người nghèo", "k": 5})
    assert ours["units"] and ours["units"][0]["sections"]
    document = servers[0].get("/api/documents/2").json()
    heading = next(s["heading"] for s in document["sections"] if s["heading"].strip())
    _both(servers, "post", "/api/precedents", json={"doc_id": 2, "section_path": [heading], "k": 5})
    _both(servers, "post", "/api/precedents", json={"doc_id": 2, "section_path": ["no such heading at all"]})


def test_scoped_keys_see_the_same_documents(servers):
    _, _, keys = servers
    for name, (embedded_key, cluster_key) in keys.items():
        embedded, cluster, _ = servers
        for path, params in (("/api/search", {"q": "Kết luận 62", "mode": "bm25"}), ("/api/documents", {}),
                             ("/api/facets", {})):
            ours = embedded.get(path, params=params, headers={"X-API-Key": embedded_key})
            theirs = cluster.get(path, params=params, headers={"X-API-Key": cluster_key})
            assert ours.status_code == theirs.status_code == 200
            _same(ours.json(), theirs.json(), f"{name} {path}")
        seen = cluster.get("/api/documents", headers={"X-API-Key": cluster_key}).json()["total"]
        assert seen == (2 if name == "default" else 0)
        health = cluster.get("/health", headers={"X-API-Key": cluster_key}).json()
        assert health["index"]["documents"] == seen


def test_writes_are_refused_with_the_reason(servers):
    _, cluster, _ = servers
    upload = cluster.post("/api/documents", headers={"X-API-Key": KEY}, files={"files": ("a.txt", "Báo cáo".encode())})
    assert upload.status_code == 501 and upload.headers["content-type"] == "application/problem+json"
    assert "tracuu migrate" in upload.json()["detail"]
    deleted = cluster.delete("/api/documents/1", headers={"X-API-Key": KEY})
    assert deleted.status_code == 501 and deleted.json()["type"].endswith("backend-read-only")
    assert cluster.get("/api/documents/1").status_code == 200  # nothing was deleted
    assert cluster.post("/api/documents", files={"files": ("a.txt", b"x")}).status_code in (401, 403)  # no key: refused first


def test_health_reports_the_cluster(servers):
    embedded, cluster, _ = servers
    ours, theirs = embedded.get("/health").json(), cluster.get("/health").json()
    assert theirs["status"] == "ok" and theirs["backend"] == "opensearch" and ours["backend"] == "embedded"
    assert theirs["cluster"]["status"] == "green" and theirs["cluster"]["nodes"] == 1
    assert theirs["cluster"]["missing_nodes"] == 0 and theirs["cluster"]["alias"] == "http"
    for count in ("documents", "chunks", "embedded", "lexical"):
        assert theirs["index"][count] == ours["index"][count], count
    assert theirs["index"]["analyzer"] == ours["index"]["analyzer"]
    assert theirs["index"]["path"] == "opensearch:http" and not theirs["writes"]["enabled"]


def test_health_says_degraded_below_the_expected_nodes(servers, opensearch_node, tmp_path):
    app = create_app(ServerSettings(index_dir=tmp_path, refresh_interval_s=0, opensearch_url=opensearch_node[0],
                                    opensearch_alias="http", expect_nodes=2))
    with TestClient(app) as alone:
        health = alone.get("/health").json()
    assert health["status"] == "degraded" and health["cluster"]["missing_nodes"] == 1


def test_unreachable_cluster_is_a_503_and_health_says_so(tmp_path, monkeypatch):
    import indexer.store.opensearch.reader as cluster_reader

    # the ~6 s a request rides out a leaving node (tested with the 2-node failover) is not under test here
    monkeypatch.setattr(cluster_reader, "_RETRY_DELAYS", (0.01,))
    dead = f"http://127.0.0.1:{free_port()}"
    app = create_app(ServerSettings(index_dir=tmp_path, refresh_interval_s=0, opensearch_url=dead, opensearch_alias="x"))
    with TestClient(app) as nowhere:
        health = nowhere.get("/health")
        assert health.status_code == 200 and health.json()["status"] == "unavailable"
        assert health.json()["cluster"]["status"] == "unreachable"
        search = nowhere.get("/api/search", params={"q": "Kết luận 62"})
        assert search.status_code == 503 and search.json()["type"].endswith("cluster-unavailable")


def test_missing_alias_is_index_missing(opensearch_node, tmp_path):
    app = create_app(ServerSettings(index_dir=tmp_path, refresh_interval_s=0, opensearch_url=opensearch_node[0],
                                    opensearch_alias="never-migrated"))
    with TestClient(app) as empty:
        search = empty.get("/api/search", params={"q": "Kết luận 62"})
        assert search.status_code == 503 and "tracuu migrate" in search.json()["detail"]
        assert empty.get("/health").json()["status"] == "no-index"


def test_tracuu_serve_backend_opensearch(servers, opensearch_node, tmp_path):
    """The real command: a uvicorn process answering from the cluster (its --index folder empty)."""
    embedded, _, _ = servers
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "api", "serve", "--backend", "opensearch", "--url", opensearch_node[0],
                                "--alias", "http", "--index", str(tmp_path / "empty"), "--port", str(port)],
                               cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).json()["status"] == "ok":
                    break
            except (httpx.TransportError, ValueError):
                pass
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        served = httpx.get(f"{url}/api/search", params={"q": "Vì người nghèo", "mode": "hybrid"}, timeout=30).json()
        ours = embedded.get("/api/search", params={"q": "Vì người nghèo", "mode": "hybrid"}).json()
        _same(ours, served, "serve")
        assert not (tmp_path / "empty").exists()  # nothing written to (or read from) a local index folder
    finally:
        process.terminate()
        process.wait(30)
        log.close()
    assert "opensearch" in (tmp_path / "serve.log").read_text()
