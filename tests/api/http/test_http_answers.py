"""POST /api/ask and /api/precedents: request checks.
(What the answers say is tested in tests/api/test_answers.py.)"""

import pytest


def kind(response):
    assert response.headers["content-type"] == "application/problem+json"
    return response.status_code, response.json()["type"].rsplit(":", 1)[-1]


@pytest.mark.parametrize("body, expected", [
    ({}, (422, "invalid-request")),
    ({"question": ""}, (422, "invalid-request")),
    ({"question": "   "}, (422, "empty-question")),
    ({"question": "đơn vị nào " * 200}, (422, "over-limit")),
])
def test_ask_checks_the_question_first(reading_client, body, expected):
    assert kind(reading_client.post("/api/ask", json=body)) == expected


@pytest.mark.parametrize("body, expected", [
    ({}, (422, "empty-precedent-query")),
    ({"text": "  "}, (422, "empty-precedent-query")),
    ({"text": "x" * 5001}, (422, "over-limit")),
    ({"text": "kiến nghị", "k": 0}, (422, "invalid-request")),
    ({"text": "kiến nghị", "k": 101}, (422, "invalid-request")),
])
def test_precedents_check_their_request_first(reading_client, body, expected):
    assert kind(reading_client.post("/api/precedents", json=body)) == expected
