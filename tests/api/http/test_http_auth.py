"""The API key: writes need it (refused outright when none is configured), reads only when asked."""

import pytest
from fastapi.testclient import TestClient

from api.http import ServerSettings, create_app

KEY = "tracuu-test-key-0123456789"  # the api_key fixture's value, needed in parametrize lists


def status_and_kind(response):
    body = response.json()
    return response.status_code, body.get("type", "").rsplit(":", 1)[-1]


def test_without_a_configured_key_writes_are_refused_and_reads_open(reading_client):
    assert status_and_kind(reading_client.delete("/api/documents/1")) == (403, "writes-disabled")
    upload = reading_client.post("/api/documents", files={"files": ("a.txt", b"Bao cao", "text/plain")})
    assert status_and_kind(upload) == (403, "writes-disabled")
    assert "TRACUU_API_KEY" in upload.json()["detail"]
    assert reading_client.get("/api/search", params={"q": "Vì người nghèo"}).status_code == 200
    # a key that is not one of the server's is refused, not ignored: its sender expects more than the public sees
    assert status_and_kind(reading_client.get("/api/documents/1", headers={"X-API-Key": "anything"})) == (401, "key-invalid")


@pytest.fixture(scope="module")
def keyed_client(corpus_index, api_key):
    assert api_key == KEY
    with TestClient(create_app(ServerSettings(index_dir=corpus_index, api_key=KEY, require_key_for_reads=True))) as client:
        yield client


@pytest.mark.parametrize("headers, expected", [
    ({}, (401, "key-required")),
    ({"X-API-Key": "wrong"}, (401, "key-invalid")),
    ({"Authorization": f"Bearer {KEY}x"}, (401, "key-invalid")),
    ({"Authorization": f"Basic {KEY}"}, (401, "key-required")),
])
def test_missing_or_wrong_key_is_401_for_writes_and_reads(keyed_client, headers, expected):
    assert status_and_kind(keyed_client.delete("/api/documents/9999", headers=headers)) == expected
    assert status_and_kind(keyed_client.get("/api/search", params={"q": "nghèo"}, headers=headers)) == expected
    response = keyed_client.post("/api/documents", files={"files": ("a.txt", b"x", "text/plain")}, headers=headers)
    assert status_and_kind(response) == expected
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("headers", [{"X-API-Key": KEY}, {"Authorization": f"Bearer {KEY}"}])
def test_the_key_opens_reads_and_writes_in_either_header(keyed_client, headers):
    assert keyed_client.get("/api/search", params={"q": "nghèo"}, headers=headers).status_code == 200
    assert keyed_client.get("/api/documents", headers=headers).status_code == 200
    # past authentication, a write meets the real check: there is no such document
    assert status_and_kind(keyed_client.delete("/api/documents/9999", headers=headers)) == (404, "document-not-found")


def test_health_and_page_stay_open_when_reads_need_the_key(keyed_client):
    health = keyed_client.get("/health")
    assert health.status_code == 200 and health.json()["writes"]["key_required_for_reads"] is True
    assert keyed_client.get("/").status_code == 200


def test_the_openapi_document_declares_both_key_schemes(keyed_client):
    schemes = keyed_client.get("/openapi.json").json()["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"apiKey", "http"}


def test_serve_refuses_to_close_reads_without_a_key(tmp_path, monkeypatch, capsys):
    from api.cli import main

    monkeypatch.delenv("TRACUU_API_KEY", raising=False)
    assert main(["serve", "--index", str(tmp_path), "--require-key-for-reads"]) == 2
    assert "--require-key-for-reads needs a key" in capsys.readouterr().err
    empty = tmp_path / "key"
    empty.write_text("\n")
    assert main(["serve", "--index", str(tmp_path), "--api-key-file", str(empty)]) == 2
    assert "is empty" in capsys.readouterr().err
