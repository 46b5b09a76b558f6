"""eval/load_test.py end to end at a tiny size: the real server, a request mix, an upload phase."""

import json

from eval import load_test


def test_load_test_reports_latency_and_errors_with_an_upload(corpus_index, tmp_path):
    upload = tmp_path / "bao-cao-xa-tan-an.txt"
    upload.write_text("ỦY BAN NHÂN DÂN XÃ TÂN AN\nBÁO CÁO\nQuỹ Vì người nghèo năm 2024 đạt 60 triệu đồng.\n", encoding="utf-8")
    status = load_test.main(["--index", str(corpus_index), "--clients", "3", "--requests", "24", "--warmup", "3",
                             "--mix", "bm25=2,hybrid=1,facets=1,documents=1", "--upload", str(upload)])
    assert status == 0
    report = json.loads((load_test.RESULTS / "load_test.json").read_text(encoding="utf-8"))
    steady = report["steady"]
    assert steady["requests"] == 24 and steady["errors"] == 0 and steady["requests_per_s"] > 0
    assert steady["p50_ms"] <= steady["p95_ms"] <= steady["p99_ms"] <= steady["max_ms"]
    assert set(steady["by_kind"]) <= {"bm25", "hybrid", "facets", "documents"}
    assert report["during_upload"]["requests"] == 24 and report["during_upload"]["errors"] == 0
    assert report["upload"]["files"] == [{"name": upload.name, "status": "added", "code": None}]
    assert not (corpus_index / "uploads").exists()  # the upload went to a copy of the index
