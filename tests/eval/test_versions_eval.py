"""`python -m eval versions`: groups recomputed from an index, scored against a checked sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.__main__ import main as eval_main
from eval.versions import evaluate, read_sample
from indexer.extraction import extract_file
from indexer.update import IndexSettings, update_index

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    """A small archive: the MTTQ report, its draft, and the phường report; and its index."""
    folder = tmp_path_factory.mktemp("archive")
    final = extract_file(CORPUS / "000_6594ddbbd3241b12.txt").text
    (folder / "dossier").mkdir()
    (folder / "dossier" / "bao-cao.txt").write_text(final, encoding="utf-8")
    (folder / "dossier" / "du-thao.txt").write_text(final.replace("Nguyễn Đình Xiển", "").replace(
        "Hải Dương, ngày 10 tháng 4 năm 2019", "Hải Dương, ngày     tháng 4 năm 2019", 1), encoding="utf-8")
    (folder / "phuong.txt").write_text((CORPUS / "004_a707af0accb6fc05.txt").read_text(encoding="utf-8"), encoding="utf-8")
    index = tmp_path_factory.mktemp("archive-index")
    update_index([folder], index, IndexSettings(embed=False))
    return folder, index


def write_sample(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def test_precision_counts_the_verdicts_of_pairs_still_grouped(archive, tmp_path):
    folder, index = archive
    sample = write_sample(tmp_path / "pairs.jsonl", [
        {"a": "dossier/bao-cao.txt", "b": "dossier/du-thao.txt", "verdict": "same", "reason": "draft vs signed final"},
        {"a": "dossier/bao-cao.txt", "b": "phuong.txt", "verdict": "different", "reason": "two units' reports"},
    ])
    report = evaluate(index, folder, sample)
    assert report["groups"] == 1 and report["grouped_pairs"] == 1
    s = report["sample"]
    assert s["still_grouped"] == 1 and s["precision"] == 1.0
    assert s["no_longer_grouped"] == [["dossier/bao-cao.txt", "phuong.txt"]]
    wrong = write_sample(tmp_path / "wrong.jsonl", [
        {"a": "dossier/du-thao.txt", "b": "dossier/bao-cao.txt", "verdict": "different", "reason": "judged apart"}])
    assert evaluate(index, folder, wrong)["sample"]["precision"] == 0.0


def test_a_bad_sample_line_is_named(tmp_path):
    bad = write_sample(tmp_path / "bad.jsonl", [{"a": "x.doc", "b": "y.doc", "verdict": "maybe", "reason": "?"}])
    with pytest.raises(ValueError, match="bad.jsonl:1: verdict must be one of same, different"):
        read_sample(bad)
    (tmp_path / "empty.jsonl").write_text('{"a": "x.doc", "b": "y.doc", "verdict": "same"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="empty.jsonl:1: field 'reason'"):
        read_sample(tmp_path / "empty.jsonl")


def test_the_command_prints_the_figures(archive, tmp_path, capsys):
    folder, index = archive
    pairs = tmp_path / "all.jsonl"
    assert eval_main(["versions", "--index", str(index), "--archive", str(folder), "--sample", str(tmp_path / "none.jsonl"),
                      "--write-pairs", str(pairs)]) == 0
    out = capsys.readouterr().out
    assert "1 groups holding 2 documents, 1 grouped pairs" in out
    (row,) = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines()]
    assert {row["a"], row["b"]} == {"dossier/bao-cao.txt", "dossier/du-thao.txt"} and row["similarity"] > 0.75


def test_a_known_sentence_found_in_another_version_counts_when_grouped(archive):
    """eval sentences --grouped: the draft's copy of a sentence is found through its final."""
    from api.search import SearchRequest, Searcher
    from eval.sentence_recall import shown_chunks
    from indexer.store.reader import open_reader

    folder, index = archive
    reader = open_reader(index)
    try:
        sentence = "tiếp tục được Mặt trận Tổ quốc các cấp triển khai thực hiện có hiệu quả"
        draft_id = next(row["id"] for row in reader.list_documents(limit=10)[1] if "du-thao" in row["paths"])
        flat = Searcher(reader).search(SearchRequest(sentence, mode="bm25", k=5))
        draft_chunks = {r.chunk_id for r in flat.results if r.doc_id == draft_id}
        assert draft_chunks
        grouped = Searcher(reader).search(SearchRequest(sentence, mode="bm25", k=5, group_documents=True, group_versions=True))
        top = grouped.results[0]
        assert top.doc_id != draft_id and draft_chunks & shown_chunks(top, grouped=True)
        assert not draft_chunks & shown_chunks(top, grouped=False)
    finally:
        reader.close()
