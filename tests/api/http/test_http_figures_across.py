"""Figures across reports over HTTP: the table in POST /api/ask, and GET /api/ask.csv."""

import csv
import io

QUESTION = "Mỗi đơn vị đã vận động được bao nhiêu cho Quỹ Vì người nghèo qua các năm?"


def test_ask_returns_the_table_with_its_citations(reading_client):
    body = reading_client.post("/api/ask", json={"question": QUESTION}).json()
    assert body["type"] == "figures_across"
    rows = body["table"]["rows"]
    assert [(r["period"], r["display"], r["measure"]) for r in rows] == [("2012–2019", "trên 50 tỷ đồng", "đồng"),
                                                                         ("2025", "trên 370 triệu đồng", "đồng")]
    for row in rows:
        citation = body["citations"][row["citation"] - 1]
        assert (citation["doc_id"], citation["char_start"], citation["char_end"]) == (row["doc_id"], row["char_start"], row["char_end"])
        assert citation["path"] and "/" not in citation["path"]  # a file name only, without the key
    assert body["table"]["totals"][0]["display"] == "trên 50,37 tỷ đồng"


def test_the_table_as_csv(reading_client):
    response = reading_client.get("/api/ask.csv", params={"question": QUESTION})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="so-lieu.csv"' in response.headers["content-disposition"]
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["row"], r["unit"], r["period"], r["value"]) for r in lines] == [
        ("figure", "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương", "2012–2019", "50000000000"),
        ("figure", "Ban Thường vụ Đảng ủy phường Hải Dương", "2025", "370000000"),
        ("total", "(tất cả)", "", "50370000000"),
    ]


def test_csv_of_a_question_without_a_table_is_a_problem(reading_client):
    response = reading_client.get("/api/ask.csv", params={"question": "Những đơn vị nào đã báo cáo về 'Vì người nghèo'?"})
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith(":no-table") and "units question" in response.json()["detail"]
    assert reading_client.get("/api/ask.csv", params={"question": "  "}).json()["type"].endswith(":empty-question")
    assert reading_client.get("/api/ask.csv", params={"question": QUESTION, "type": "bogus"}).status_code == 422


def test_the_csv_route_is_in_the_schema(reading_client):
    schema = reading_client.get("/openapi.json").json()
    assert "text/csv" in schema["paths"]["/api/ask.csv"]["get"]["responses"]["200"]["content"]
    assert "FiguresTable" in schema["components"]["schemas"]
