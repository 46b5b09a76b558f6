"""Scoped keys over HTTP: each key reads only its collections (classified documents only when it
may), the public reads only the public collections, and a document outside the scope is 404."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.http import ServerSettings, create_app
from api.keys import KeyStore
from indexer.update import IndexSettings, update_index
from tests.indexer.test_read_scope import HUYEN, TINH, TINH_MAT

ADMIN = "admin-key-0123456789abcdef"
QUESTION = "Những đơn vị nào báo cáo về cuộc vận động Vì người nghèo?"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("keys")
    for folder, files in {"huyen": {"bao-cao-huyen.txt": HUYEN}, "tinh": {"bao-cao-mat.txt": TINH_MAT, "ke-hoach.txt": TINH}}.items():
        (root / folder).mkdir()
        for name, text in files.items():
            (root / folder / name).write_text(text, encoding="utf-8")
        update_index([root / folder], root / "index", IndexSettings(embed=False, collection=folder))
    store = KeyStore(root / "index")
    keys = {"huyen": store.create("huyen", ["huyen"], write=True, classified=False),
            "tinh": store.create("tinh", ["tinh"], write=False, classified=False),
            "tinh-mat": store.create("tinh-mat", ["tinh"], write=False, classified=True)}
    store.set_public(["huyen"])
    with TestClient(create_app(ServerSettings(index_dir=root / "index", api_key=ADMIN, embed_uploads=False,
                                              refresh_interval_s=0))) as client:
        yield client, keys


def _get(client, url, key=None, **params):
    return client.get(url, params=params, headers={"X-API-Key": key} if key else {})


def _files(response) -> set[str]:
    return {r["path"].rsplit("/", 1)[-1] for r in response.json()["results"]}


@pytest.mark.parametrize("who, visible", [
    (None, {"bao-cao-huyen.txt"}),
    ("huyen", {"bao-cao-huyen.txt"}),
    ("tinh", {"ke-hoach.txt"}),
    ("tinh-mat", {"ke-hoach.txt", "bao-cao-mat.txt"}),
    ("admin", {"bao-cao-huyen.txt", "ke-hoach.txt", "bao-cao-mat.txt"}),
])
def test_every_read_path_stays_inside_the_scope(served, who, visible):
    client, keys = served
    key = ADMIN if who == "admin" else keys.get(who)
    for query in ("Vì người nghèo", "vi nguoi ngheo", "Lâm Đồng", "Quỹ", "45 tỷ đồng", "Đức Trọng"):
        response = _get(client, "/api/search", key, q=query, mode="bm25")
        assert response.status_code == 200
        assert _files(response) <= visible, query
        assert response.json()["coverage"]["documents"] == len(visible)
    assert _files(_get(client, "/api/search", key, q="Vì người nghèo", mode="bm25")) == visible
    listed = _get(client, "/api/documents", key).json()
    assert listed["total"] == len(visible)
    facets = _get(client, "/api/facets", key).json()
    assert facets["documents"] == len(visible)
    assert sum(v["count"] for v in facets["facets"]["year"]) == len(visible)
    answer = client.post("/api/ask", json={"question": QUESTION}, headers={"X-API-Key": key} if key else {}).json()
    cited = {c["path"].rsplit("/", 1)[-1] for c in answer["citations"] if c["path"]}
    assert cited <= visible
    if "bao-cao-mat.txt" not in visible:
        assert "45 tỷ" not in answer["answer"]


def test_a_document_outside_the_scope_is_404(served):
    client, keys = served
    everything = _get(client, "/api/search", ADMIN, q="Vì người nghèo", mode="bm25").json()["results"]
    ids = {r["path"].rsplit("/", 1)[-1]: r["doc_id"] for r in everything}
    secret = ids["bao-cao-mat.txt"]
    for key in (None, keys["huyen"], keys["tinh"]):
        assert _get(client, f"/api/documents/{secret}", key).status_code == 404
        assert _get(client, f"/api/documents/{secret}/file", key).status_code == 404
        body = client.post("/api/precedents", json={"doc_id": secret, "section_path": ["BÁO CÁO"]},
                           headers={"X-API-Key": key} if key else {})
        assert body.status_code == 404
    assert _get(client, f"/api/documents/{secret}", keys["tinh-mat"]).status_code == 200
    other = ids["ke-hoach.txt"]
    assert client.delete(f"/api/documents/{other}", headers={"X-API-Key": keys["huyen"]}).status_code == 404
    assert client.delete(f"/api/documents/{other}", headers={"X-API-Key": keys["tinh"]}).status_code == 403


def test_keys_are_checked_and_uploads_go_to_the_keys_collection(served):
    client, keys = served
    assert _get(client, "/api/search", "tcu_not-a-key", q="x").status_code == 401
    files = {"files": ("ghi-chu.txt", "Ghi chú của huyện: Quỹ Vì người nghèo quý IV thêm 30 triệu đồng.".encode(), "text/plain")}
    refused = client.post("/api/documents", files=files, data={"collection": "tinh"}, headers={"X-API-Key": keys["huyen"]})
    assert refused.status_code == 403
    added = client.post("/api/documents", files=files, headers={"X-API-Key": keys["huyen"]})
    assert added.status_code == 200 and added.json()["results"][0]["status"] == "added"
    found = _get(client, "/api/search", keys["huyen"], q="quý IV thêm 30 triệu", mode="bm25").json()["results"]
    assert any("quý IV thêm 30 triệu" in r["text"] for r in found)
    hidden = _get(client, "/api/search", keys["tinh"], q="quý IV thêm 30 triệu", mode="bm25").json()["results"]
    assert not any("quý IV thêm 30 triệu" in r["text"] for r in hidden)
    assert client.post("/api/documents", files=files, headers={"X-API-Key": keys["tinh"]}).status_code == 403


def test_the_key_file_holds_hashes_only(served, tmp_path):
    client, keys = served
    store = KeyStore(tmp_path)
    key = store.create("x", ["a"], write=False, classified=False)
    text = store.path.read_text(encoding="utf-8")
    assert key not in text and len(key) > 40
    assert store.find(key).collections == frozenset({"a"})
    store.revoke("x")
    assert store.find(key) is None
