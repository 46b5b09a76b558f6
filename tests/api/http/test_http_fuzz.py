"""The HTTP API fuzzed from its own OpenAPI schema (schemathesis, in-process ASGI) over a
throw-away copy of the corpus index: every operation of /openapi.json, with requests that fit the
schema and requests that break it; reads without a key, writes (uploads, deletions) with it.

A run passes when no request gets a 5xx or crashes the app, every response matches the schema
(status, content type, headers, body), every request that breaks the schema is refused with a
4xx, and every request that fits it is answered, except blank text, which a JSON schema cannot
tell from text, and days past the end of their month. The default run sends the same 181
requests every time; `-m slow` sends about 4,300 new ones. Each prints how many it sent per
operation and the statuses they got.

Regression tests for what fuzzing found sit at the end of this file.
"""

from __future__ import annotations

import collections
import contextlib
import sqlite3

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import AcceptedNegativeData, FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_headers_conformance, response_schema_conformance,
                                               status_code_conformance)

from api.http import Limits, ServerSettings, create_app
from tests.api.http.conftest import KEY, copy_index

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]
# Refusals of requests that fit the schema, which the schema cannot state: blank text
# ("   " has a length), and a day past its month's end (2019-02-30 fits the date pattern).
BLANK_KINDS = {"empty-query", "empty-question", "empty-precedent-query", "section-required"}
WRITES = {"POST /api/documents", "DELETE /api/documents/{doc_id}"}
# A request that breaks the schema must get a 4xx: 413 too (more files than the schema's maxItems).
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": [
    400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]}}})
NO_INVALID_INPUT = {"GET /health"}  # takes nothing, so nothing can break its schema


@pytest.fixture(scope="module")
def api_schema(corpus_index, tmp_path_factory):
    index = copy_index(corpus_index, tmp_path_factory.mktemp("fuzz") / "index")
    app = create_app(ServerSettings(index_dir=index, api_key=KEY, refresh_interval_s=0, embed_uploads=False))
    yield schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)
    shutdown_lifespans()  # the app schemathesis started, and its index readers


def _refusal_allowed(response, case) -> bool:
    """A request that fits the schema may be refused only for what the schema cannot state."""
    status = response.status_code
    if status < 400 or status == 404:  # 404: a drawn id that no document has
        return True
    if status != 422:
        return False
    body = response.json()
    kind = body["type"].rsplit(":", 1)[-1]
    past_month_end = kind == "invalid-request" and all(
        e["where"] in ("query.from", "query.to") and " has day " in e["why"] for e in body["errors"])
    no_table = kind == "no-table"  # /api/ask.csv: a question whose answer is not a table (no schema can say which)
    return kind in BLANK_KINDS or past_month_end or no_table


def _sent_as_a_file(failure) -> bool:
    """A negative upload whose file, generated as a number or a boolean, went out as a file holding
    that text: a valid upload on the wire (multipart has no types), so accepting it is right."""
    return isinstance(failure, AcceptedNegativeData) and "at /properties/files/items (was string, became" in failure.message


def fuzz(schema, examples: dict[str, int], derandomize: bool) -> dict:
    """Every operation, both generation modes; returns requests sent per operation and the failures.
    ``derandomize``: the same requests every run (the default suite); else new ones each time."""
    sent: collections.Counter = collections.Counter()
    statuses: collections.Counter = collections.Counter()
    failures: dict[tuple[str, str], str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        label = operation.label
        for mode in GenerationMode:
            if mode is GenerationMode.NEGATIVE and label in NO_INVALID_INPUT:
                continue

            @settings(max_examples=examples["write" if label in WRITES else "read"], deadline=None, database=None,
                      derandomize=derandomize, suppress_health_check=list(HealthCheck), print_blob=False)
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                sent[label] += 1
                headers = {"X-API-Key": KEY} if label in WRITES else None
                try:
                    response = case.call(headers=headers)
                    statuses[response.status_code] += 1
                    try:
                        case.validate_response(response, checks=CHECKS, headers=headers)
                    except FailureGroup as group:
                        real = [f for f in group.exceptions if not _sent_as_a_file(f)]
                        if real:
                            raise FailureGroup(real, str(group)) from None
                    if mode is GenerationMode.POSITIVE and not _refusal_allowed(response, case):
                        raise AssertionError(f"a request that fits the schema was refused: {response.status_code} "
                                             f"{response.text[:300]}")
                except (FailureGroup, AssertionError) as exc:
                    failures.setdefault((label, str(exc).splitlines()[0][:120]), f"{exc}\n{case.as_curl_command()}")
                except Exception as exc:  # the app raised: a crash
                    failures.setdefault((label, type(exc).__name__), f"{exc!r}\n{case.as_curl_command()}")

            try:
                run()
            except Unsatisfiable:
                failures[(label, "no request generated")] = f"{mode}: schemathesis could not generate a request"
    return {"operations": [o.label for o in operations], "sent": sent, "statuses": statuses, "failures": failures}


def _report(run: dict) -> str:
    counts = ", ".join(f"{label} {n}" for label, n in sorted(run["sent"].items()))
    failures = "\n\n".join(f"{label}: {title}\n{detail}" for (label, title), detail in run["failures"].items())
    return (f"{sum(run['sent'].values())} requests ({counts}); statuses {dict(sorted(run['statuses'].items()))}"
            + (f"\n\nFAILURES\n{failures}" if failures else ""))


def _check(run: dict) -> None:
    print("\n" + _report(run))
    assert set(run["sent"]) == set(run["operations"]), "an operation was never fuzzed"
    assert not run["failures"], _report(run)
    assert not any(status >= 500 for status in run["statuses"])


def test_every_route_holds_under_a_short_fuzz(api_schema):
    _check(fuzz(api_schema, {"read": 12, "write": 3}, derandomize=True))


@pytest.mark.slow
def test_every_route_holds_under_a_long_fuzz(api_schema):
    _check(fuzz(api_schema, {"read": 300, "write": 15}, derandomize=False))


# ---- what fuzzing found, each fixed, each held by a test

def _problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


def test_an_unknown_question_type_is_422_naming_the_types(reading_client):
    # found: any "type" but the five known answered 500 (ValueError in the question parser)
    refused = _problem(reading_client.post("/api/ask", json={"question": "Đơn vị nào vận động Quỹ?", "type": "web"}), 422)
    assert refused["errors"][0]["where"] == "body.type" and "'units'" in refused["detail"]
    assert reading_client.post("/api/ask", json={"question": "Đơn vị nào vận động Quỹ Vì người nghèo?",
                                                 "type": "units"}).status_code == 200


@pytest.mark.parametrize("body, status, kind", [
    ({"doc_id": 0, "section_path": ["BÁO CÁO"]}, 422, "invalid-request"),  # found: 500 for ids below 1
    ({"doc_id": -149201705, "section_path": ["BÁO CÁO"]}, 422, "invalid-request"),
    ({"doc_id": 2934039275791030784, "section_path": ["BÁO CÁO"]}, 404, "document-not-found"),  # found: 500
    ({"doc_id": 1}, 422, "section-required"),  # found: 500 ("give the section"); the page's "(cả văn bản)" sent this
    ({"doc_id": 1, "section_path": []}, 422, "invalid-request"),
    ({"doc_id": 1, "section_path": ["  "]}, 422, "section-required"),
    ({"text": "Hạn chế", "section_path": [""]}, 422, "invalid-request"),
])
def test_precedent_sources_are_checked_before_searching(reading_client, body, status, kind):
    assert _problem(reading_client.post("/api/precedents", json=body), status)["type"].endswith(kind)


def test_a_body_that_is_not_json_is_a_documented_400(reading_client):
    # found: undocumented 400 for a body that is not UTF-8 JSON
    for route in ("/api/ask", "/api/precedents"):
        refused = _problem(reading_client.post(route, content=b"\xff{", headers={"Content-Type": "application/json"}), 400)
        assert refused["detail"]
    spec = reading_client.get("/openapi.json").json()["paths"]
    assert "400" in spec["/api/ask"]["post"]["responses"] and "400" in spec["/api/precedents"]["post"]["responses"]


def test_a_body_that_is_not_multipart_is_a_documented_400(make_client, api_key):
    # found: undocumented 400 for an upload whose multipart body is malformed
    client = make_client()
    boundary = "9cc651cd2c8d168349f50fede4c361ac"
    refused = _problem(client.post("/api/documents", content=f"--{boundary}\r\nFalse--{boundary}--\r\n".encode(),
                                   headers={"X-API-Key": api_key, "Content-Type": f"multipart/form-data; boundary={boundary}"}), 400)
    assert refused["detail"] == "Invalid multipart data."
    assert "400" in client.get("/openapi.json").json()["paths"]["/api/documents"]["post"]["responses"]


def test_the_file_download_documents_its_content_types(reading_client):
    # found: a .txt file came back as text/plain while the schema promised only application/octet-stream
    spec = reading_client.get("/openapi.json").json()["paths"]["/api/documents/{doc_id}/file"]["get"]
    documented = set(spec["responses"]["200"]["content"])
    document = reading_client.get("/api/documents").json()["documents"][0]["id"]
    response = reading_client.get(f"/api/documents/{document}/file")
    assert response.headers["content-type"] in documented
    assert {"application/pdf", "application/octet-stream"} <= documented


def test_the_schema_states_the_servers_limits_and_optional_key(make_client):
    # found: k, offset, limit, q, question and text over the server's limits fit the schema but were refused;
    # reads open to all were described as needing the key
    client = make_client(limits=Limits(k=7, offset=50, page_size=9, query_chars=80, question_chars=90, precedent_chars=95,
                                       upload_files=3))
    spec = client.get("/openapi.json").json()
    search = {p["name"]: p["schema"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert (search["k"]["maximum"], search["offset"]["maximum"], search["q"]["maxLength"]) == (7, 50, 80)
    listing = {p["name"]: p["schema"] for p in spec["paths"]["/api/documents"]["get"]["parameters"]}
    assert listing["limit"]["maximum"] == 9 and listing["offset"]["maximum"] == 2**63 - 1
    assert listing["from"]["pattern"] == "^([0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$"
    bodies = spec["components"]["schemas"]
    assert bodies["AskBody"]["properties"]["question"]["maxLength"] == 90
    precedents = bodies["PrecedentsBody"]["properties"]
    assert precedents["k"]["maximum"] == 7 and precedents["text"]["anyOf"][0]["maxLength"] == 95
    assert precedents["doc_id"]["anyOf"][0]["maximum"] == 2**63 - 1  # an exact integer, not 9.223372036854776e18
    assert _problem(client.get("/api/search", params={"q": "nghèo", "k": 8}), 422)["type"].endswith("over-limit")
    assert spec["paths"]["/api/search"]["get"]["security"][0] == {}  # no key is one way in
    assert {} not in spec["paths"]["/api/documents"]["post"]["security"]  # writes always need it
    closed = make_client(require_key_for_reads=True).get("/openapi.json", headers={"X-API-Key": KEY}).json()
    assert {} not in closed["paths"]["/api/search"]["get"]["security"]


def test_uploads_one_after_another_leave_the_catalog_whole(make_client, api_key):
    # found by the write fuzz: after a few uploads, each followed by a listing, the catalog read
    # "database disk image is malformed" for every request after, and on disk
    client = make_client()
    index = client.app.state.index.root
    for round_ in range(4):
        files = [("files", (f"xa-{round_}-{i}.txt", f"ỦY BAN NHÂN DÂN XÃ SỐ {round_}-{i}\n\nBÁO CÁO\nKết quả vận động Quỹ Vì "
                                                     f"người nghèo năm 2024: {round_ * 10 + i} triệu đồng.\n".encode(),
                            "text/plain")) for i in range(3)]
        response = client.post("/api/documents", files=files, headers={"X-API-Key": api_key})
        assert [r["status"] for r in response.json()["results"]] == ["added"] * 3
        listing = client.get("/api/documents", params={"limit": 100})
        assert listing.status_code == 200, listing.text
        assert listing.json()["total"] == 2 + 3 * (round_ + 1)
    with contextlib.closing(sqlite3.connect(index / "catalog.sqlite")) as catalog:
        assert catalog.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    hits = client.get("/api/search", params={"q": "xã số 3-2 Quỹ Vì người nghèo", "mode": "bm25", "k": 3}).json()
    assert "32 triệu đồng" in hits["results"][0]["text"]
