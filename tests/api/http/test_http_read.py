"""The read side of the HTTP API over the corpus index: search (the CLI's JSON), documents,
files, facets, health, the page, limits and problem JSON."""

import json
from pathlib import Path

import pytest

from api.cli import main

CORPUS = Path(__file__).resolve().parents[3] / "corpus"
UNIT_2019 = "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"
UNIT_2026 = "Ban Thường vụ Đảng ủy phường Hải Dương"


def problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"].startswith("urn:tracuu:problem:")
    return body


def test_search_answers_with_the_cli_json_schema(reading_client, corpus_index, capsys):
    response = reading_client.get("/api/search", params={"q": "Vì người nghèo", "mode": "bm25", "k": 5})
    assert response.status_code == 200
    body = response.json()
    assert main(["search", "Vì người nghèo", "--mode", "bm25", "-k", "5", "--index", str(corpus_index), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert set(body) == set(cli)
    assert set(body["results"][0]) == set(cli["results"][0])
    assert [(r["doc_id"], r["chunk_id"]) for r in body["results"]] == [(r["doc_id"], r["chunk_id"]) for r in cli["results"]]
    assert {r["unit"] for r in body["results"]} == {UNIT_2019, UNIT_2026}
    assert {f["value"] for f in body["facets"]["level"]} == {"tỉnh", "phường"}
    first = body["results"][0]
    marked = {first["snippet"][s:e].lower() for s, e in first["highlights"]}
    assert {"vì", "người", "nghèo"} <= marked


def test_search_pages_follow_each_other(reading_client):
    chunks = {"q": "Vì người nghèo", "group": "false"}  # each hit its own result (grouped, corpus/ has two)
    whole = reading_client.get("/api/search", params={**chunks, "k": 8}).json()
    first = reading_client.get("/api/search", params={**chunks, "k": 4}).json()
    second = reading_client.get("/api/search", params={**chunks, "k": 4, "offset": 4}).json()
    assert first["has_more"] and second["offset"] == 4
    assert [r["chunk_id"] for r in first["results"] + second["results"]] == [r["chunk_id"] for r in whole["results"]]
    assert [r["rank"] for r in second["results"]] == [5, 6, 7, 8]
    last = reading_client.get("/api/search", params={"q": "Vì người nghèo", "k": 100, "offset": 0, "mode": "bm25"}).json()
    assert not last["has_more"]


def test_search_filters_by_unit_and_year(reading_client):
    by_unit = reading_client.get("/api/search", params={"q": "Vì người nghèo", "unit": "dang uy phuong"}).json()
    assert by_unit["results"] and {r["unit"] for r in by_unit["results"]} == {UNIT_2026}
    by_year = reading_client.get("/api/search", params={"q": "Vì người nghèo", "from": "2019", "to": "2019"}).json()
    assert by_year["results"] and {r["date"][:4] for r in by_year["results"]} == {"2019"}
    by_level = reading_client.get("/api/search", params={"q": "Vì người nghèo", "level": "tỉnh"}).json()
    assert {r["unit"] for r in by_level["results"]} == {UNIT_2019}


@pytest.mark.parametrize("params, status, where", [
    ({"q": "x" * 501}, 422, "length"),
    ({"q": "   "}, 422, "empty"),
    ({"q": "a", "k": 101}, 422, "k is 101"),
    ({"q": "a", "k": 0}, 422, "query.k"),
    ({"q": "a", "offset": 1001}, 422, "offset"),
    ({"q": "a", "mode": "magic"}, 422, "query.mode"),
    ({"q": "a", "from": "10/4/2019"}, 422, "query.from"),
    ({}, 422, "query.q"),
])
def test_search_refuses_bad_parameters_with_problem_json(reading_client, params, status, where):
    assert where in problem(reading_client.get("/api/search", params=params), status)["detail"]


def test_documents_list_pages_filters_and_facets(reading_client):
    everything = reading_client.get("/api/documents").json()
    assert everything["total"] == 2 and len(everything["documents"]) == 2
    assert everything["documents"][0]["date"] == "2019-04-10"  # dated first, then undated
    assert {f["value"] for f in everything["facets"]["unit"]} == {UNIT_2019, UNIT_2026}
    page = reading_client.get("/api/documents", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 2 and [d["id"] for d in page["documents"]] == [everything["documents"][1]["id"]]
    filtered = reading_client.get("/api/documents", params={"unit": "mttq tinh hai duong"}).json()
    assert filtered["total"] == 1 and filtered["documents"][0]["unit"] == UNIT_2019
    assert filtered["facets"]["year"] == [{"value": 2019, "count": 1}]
    problem(reading_client.get("/api/documents", params={"limit": 101}), 422)


def test_document_has_metadata_sections_and_the_text_results_cite(reading_client):
    result = reading_client.get("/api/search", params={"q": "Quỹ Vì người nghèo", "mode": "bm25", "k": 1}).json()["results"][0]
    document = reading_client.get(f"/api/documents/{result['doc_id']}").json()
    assert document["text"][result["char_start"]:result["char_end"]] == result["text"]
    assert document["unit"] == result["unit"] and document["metadata"]["unit"]
    assert document["sections"] and all(document["text"][s["start"]:s["end"]].strip() for s in document["sections"])
    assert any(s["path"] == result["section_path"] for s in document["sections"])
    assert document["files"][0]["name"].endswith(".txt") and not document["files"][0]["uploaded"]
    assert document["chunks"] > 1


def test_unknown_document_and_route_are_404_problems(reading_client):
    assert "no document 9999" in problem(reading_client.get("/api/documents/9999"), 404)["detail"]
    problem(reading_client.get("/api/documents/9999/file"), 404)
    problem(reading_client.get("/api/documents/0"), 422)
    problem(reading_client.get("/api/nothing-here"), 404)
    problem(reading_client.post("/api/search"), 405)


def test_original_file_comes_back_as_an_attachment(reading_client):
    listing = reading_client.get("/api/documents", params={"unit": "mttq tinh"}).json()["documents"][0]
    response = reading_client.get(f"/api/documents/{listing['id']}/file")
    assert response.status_code == 200
    assert response.content == (CORPUS / "000_6594ddbbd3241b12.txt").read_bytes()
    assert response.headers["content-disposition"] == 'attachment; filename="000_6594ddbbd3241b12.txt"'
    assert response.headers["x-content-type-options"] == "nosniff"


def test_facets_of_the_archive_and_of_a_filter(reading_client):
    whole = reading_client.get("/api/facets").json()
    assert whole["documents"] == 2
    assert {f["value"]: f["count"] for f in whole["facets"]["doc_type"]} == {"báo cáo": 2}
    part = reading_client.get("/api/facets", params={"level": "phường"}).json()
    assert part["documents"] == 1 and part["facets"]["unit"] == [{"value": UNIT_2026, "count": 1}]


def test_health_reports_the_index_and_versions(reading_client):
    health = reading_client.get("/health").json()
    assert health["status"] == "ok"
    assert health["index"]["documents"] == 2 and health["index"]["chunks"] == health["index"]["embedded"] > 0
    assert health["index"]["format_version"] == 1
    assert {"python", "tracuu", "fastapi"} <= set(health["versions"])
    assert health["writes"] == {"enabled": False, "key_required_for_reads": False, "writing": False, "writes_done": 0}


def test_openapi_describes_every_route_and_problem_responses(reading_client):
    spec = reading_client.get("/openapi.json").json()
    paths = spec["paths"]
    for route, method in [("/api/search", "get"), ("/api/documents", "get"), ("/api/documents", "post"),
                          ("/api/documents/{doc_id}", "get"), ("/api/documents/{doc_id}", "delete"),
                          ("/api/documents/{doc_id}/file", "get"), ("/api/facets", "get"), ("/api/ask", "post"),
                          ("/api/precedents", "post"), ("/health", "get")]:
        assert method in paths[route], (route, method)
    search = paths["/api/search"]["get"]
    assert "application/problem+json" in search["responses"]["422"]["content"]
    assert {p["name"] for p in search["parameters"]} >= {"q", "mode", "k", "offset", "unit", "doc_type", "level", "from", "to"}
    assert "multipart/form-data" in paths["/api/documents"]["post"]["requestBody"]["content"]


def test_page_and_its_files_are_served_with_a_strict_policy(reading_client):
    page = reading_client.get("/")
    assert page.status_code == 200 and 'lang="vi"' in page.text and "Tra cứu báo cáo" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    script = reading_client.get("/static/app.js")
    assert script.status_code == 200 and "createTextNode" in script.text
    assert "innerHTML" not in script.text and "insertAdjacentHTML" not in script.text and "outerHTML" not in script.text


def test_no_index_yet_answers_503_and_health_says_so(tmp_path):
    from fastapi.testclient import TestClient

    from api.http import ServerSettings, create_app

    with TestClient(create_app(ServerSettings(index_dir=tmp_path / "none", api_key=None))) as client:
        assert "tracuu index" in problem(client.get("/api/search", params={"q": "a"}), 503)["detail"]
        assert client.get("/health").json()["status"] == "no-index"
