"""Core tier: the `tracuu extract --json` contract that scripts depend on."""

import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "api", "extract", *args], capture_output=True, text=True, timeout=120)


def test_json_lines_for_the_seed_reports():
    result = _run("--json", *(str(p) for p in sorted(CORPUS.glob("0*.txt"))))
    assert result.returncode == 0, result.stderr
    # Files finish in any order (they are read in parallel); each record names its path.
    records = sorted((json.loads(line) for line in result.stdout.splitlines()), key=lambda r: r["path"])
    assert len(records) == 2
    for record in records:
        assert {"path", "format", "encoding", "text", "metadata", "sections", "warnings"} <= set(record)
        assert {"unit", "doc_type", "number", "place", "date", "signer", "signer_position",
                "recipients", "references", "campaigns"} <= set(record["metadata"])
        for section in record["sections"]:
            assert {"path", "heading", "level", "start", "end", "page_start", "page_end"} <= set(section)
            assert record["text"][section["start"]:section["end"]].startswith(section["heading"].split()[0])
    first = records[0]
    assert first["encoding"] == ["tcvn3"]
    assert first["text"].startswith("Hải Dương, ngày 10 tháng 4 năm 2019")
    meta = first["metadata"]
    assert meta["unit"] == "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"
    assert (meta["date"], meta["place"]) == ("2019-04-10", "Hải Dương")
    assert (meta["signer"], meta["signer_position"]) == ("Nguyễn Đình Xiển", "Phó Chủ tịch")
    assert {"62-KL/TW", "6140/MTTW-BTT", "163-KH/TU"} <= {r["code"] for r in meta["references"]}
    assert {"Vì người nghèo", "Xuân ấm tình người"} <= set(meta["campaigns"])
    start, end = first["metadata_spans"]["signer"]
    assert first["text"][start:end] == "Nguyễn Đình Xiển"
    assert records[1]["metadata"]["unit"] == "Ban Thường vụ Đảng ủy phường Hải Dương"


def test_human_output_and_exit_status(tmp_path):
    missing = tmp_path / "không có.pdf"
    result = _run(str(CORPUS / "004_a707af0accb6fc05.txt"), str(missing))
    assert result.returncode == 1
    assert "unit: Ban Thường vụ Đảng ủy phường Hải Dương" in result.stdout
    assert "error [not_found]" in result.stderr and "không có.pdf" in result.stderr
