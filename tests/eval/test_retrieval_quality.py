"""`python -m eval retrieval`: BEIR reading and its errors, metric wiring, index caching, run files, CLI.

The small set is real Vietnamese text: the paragraphs of the two seed reports in corpus/, each a
record, with a phrase of a paragraph as its query. Lexical mode only (no embedding) except in
the regression gate's tests.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from eval.__main__ import main as cli
from eval.beir import DatasetError, load_dataset, read_qrels
from eval.retrieval_quality import IndexConfig, SearchConfig, evaluate_dataset, score_runs, write_trec_run
from indexer.extraction.pipeline import extract_file

REPO = Path(__file__).resolve().parents[2]


def _write(folder: Path, corpus: list[dict], queries: list[dict], qrels: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corpus.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in corpus), encoding="utf-8")
    (folder / "queries.jsonl").write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries), encoding="utf-8")
    (folder / "qrels.tsv").write_text(qrels, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def seed_set(tmp_path_factory) -> Path:
    """Paragraphs of the seed reports as records; 8 queries, each 9 words from inside one paragraph,
    plus one record identical to a judged one (identical records are one document)."""
    corpus, queries, qrels = [], [], ["query_id\tdoc_id\trelevance"]
    for path in sorted((REPO / "corpus").glob("*.txt")):
        paragraphs = [p.strip() for p in extract_file(path).text.split("\n") if len(p.split()) >= 25]
        for number, paragraph in enumerate(paragraphs):
            corpus.append({"id": f"{path.stem[:3]}-{number}", "title": "", "text": paragraph})
    for record in corpus[3::9][:8]:
        words = record["text"].split()
        queries.append({"id": f"q-{record['id']}", "text": " ".join(words[5:14])})
        qrels.append(f"q-{record['id']}\t{record['id']}\t1")
    corpus.append({"id": "copy-of-" + corpus[3]["id"], "title": "", "text": corpus[3]["text"]})
    qrels.append(f"q-{corpus[3]['id']}\tcopy-of-{corpus[3]['id']}\t1")
    return _write(tmp_path_factory.mktemp("seed-set"), corpus, queries, "\n".join(qrels) + "\n")


# --- reading ------------------------------------------------------------------------------------


def test_reads_the_three_public_sets_as_described(shared_data: Path) -> None:
    counts = {}
    for name in ("alqac-legal", "xquad-vi", "vicov19qa"):
        dataset = load_dataset(shared_data / name)
        counts[name] = (len(dataset.corpus), len(dataset.queries), sum(map(len, dataset.qrels.values())))
    # The counts their SOURCE.md files give (the qrels have a header line, which is not a judgement).
    assert counts == {"alqac-legal": (2894, 487, 494), "xquad-vi": (240, 794, 794), "vicov19qa": (4500, 3000, 3163)}
    assert load_dataset(shared_data / "vicov19qa").empty_queries == ["q4391"]  # kept: it scores 0, as in the reference


def test_qrels_forms_header_or_not_tabs_spaces_and_trec(tmp_path: Path) -> None:
    forms = {
        "header.tsv": "query_id\tdoc_id\trelevance\nq1\td1\t1\nq1\td2\t0\n",
        "plain.tsv": "q1\td1\t1\nq1\td2\t0\n",
        "beir.tsv": "query-id\tcorpus-id\tscore\nq1 d1 1\nq1 d2 0\n",
        "trec.txt": "q1 0 d1 1\nq1 0 d2 0\n",
    }
    for name, text in forms.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert read_qrels(tmp_path / name) == {"q1": {"d1": 1, "d2": 0}}, name


@pytest.mark.parametrize("file, content, message", [
    ("corpus.jsonl", '{"id": "d1", "text": "Hải Dương"}\n{"id": "d2", "text": "Ủy ban\n', r"corpus\.jsonl:2: not valid JSON"),
    ("corpus.jsonl", '{"id": "d1", "text": "Hải Dương"}\n\n{"id": "d2"}\n', r"corpus\.jsonl:3: missing field 'text'"),
    ("corpus.jsonl", '{"id": "d1", "text": "a"}\n{"id": "d1", "text": "b"}\n', r"corpus\.jsonl:2: id 'd1' already used on line 1"),
    ("corpus.jsonl", '["d1", "Hải Dương"]\n', r"corpus\.jsonl:1: expected a JSON object, got list"),
    ("corpus.jsonl", '{"id": "d1", "text": 5}\n', r"corpus\.jsonl:1: 'text' must be a string"),
    ("queries.jsonl", '{"text": "MTTQ tỉnh"}\n', r"queries\.jsonl:1: missing field 'id'"),
    ("qrels.tsv", "query_id\tdoc_id\trelevance\nq1\td1\n", r"qrels\.tsv:2: expected 3 columns"),
    ("qrels.tsv", "query_id\tdoc_id\trelevance\nq1\td1\t1\nq1\td2\tcao\n", r"qrels\.tsv:3: relevance 'cao' is not an integer"),
    ("qrels.tsv", "q1\td9\t1\n", r"qrels\.tsv: query 'q1' is judged against 'd9', which is not in corpus\.jsonl"),
    ("qrels.tsv", "q7\td1\t1\n", r"qrels\.tsv: query 'q7' is judged but not in queries\.jsonl"),
    ("qrels.tsv", "q1\td1\t1\nq1\td1\t2\n", r"qrels\.tsv:2: \(q1, d1\) judged twice"),
])
def test_malformed_files_name_file_line_and_cause(tmp_path: Path, file: str, content: str, message: str) -> None:
    folder = _write(tmp_path / "set", [{"id": "d1", "text": "Hải Dương"}, {"id": "d2", "text": "Ủy ban"}],
                    [{"id": "q1", "text": "Hải Dương"}], "q1\td1\t1\n")
    (folder / file).write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=message):
        load_dataset(folder)


def test_cli_reports_a_malformed_file_and_exits_2(tmp_path: Path, capsys) -> None:
    folder = _write(tmp_path / "set", [{"id": "d1", "text": "Hải Dương"}], [{"id": "q1", "text": "Hải Dương"}],
                    "q1\td1\t1\n")
    (folder / "corpus.jsonl").write_text('{"id": "d1", "text": "Hải Dương"}\n{oops}\n', encoding="utf-8")
    assert cli(["retrieval", "--dataset", str(folder), "--quiet", "--cache-dir", str(tmp_path / "c")]) == 2
    assert "corpus.jsonl:2: not valid JSON" in capsys.readouterr().err


# --- metrics ------------------------------------------------------------------------------------


def test_metrics_on_a_hand_checked_case() -> None:
    """q1: its document first. q2 (two relevant): relevant at ranks 2 and 4 of 4."""
    qrels = {"q1": {"d1": 1}, "q2": {"d2": 1, "d3": 1}}
    runs = {"a": {"q1": {"d1": 0.9, "d5": 0.5}, "q2": {"d9": 0.9, "d2": 0.8, "d8": 0.7, "d3": 0.6}},
            "b": {"q1": {"d5": 0.9, "d1": 0.5}, "q2": {}}}
    scored = score_runs(qrels, runs)["metrics"]
    ndcg_q2 = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert scored["a"]["recall@1"] == pytest.approx(0.5)  # q1 1, q2 0
    assert scored["a"]["recall@5"] == pytest.approx(1.0)
    assert scored["a"]["mrr@10"] == pytest.approx((1 + 0.5) / 2, abs=1e-4)
    assert scored["a"]["ndcg@10"] == pytest.approx((1 + ndcg_q2) / 2, abs=1e-4)
    # b: q1 found second, q2 returned nothing (an empty result is scored, not dropped)
    assert scored["b"]["mrr@10"] == pytest.approx(0.25, abs=1e-4)
    assert scored["b"]["ndcg@10"] == pytest.approx(1 / math.log2(3) / 2, abs=1e-4)
    assert scored["b"]["recall@100"] == pytest.approx(0.5)


def test_paired_test_between_modes_reports_every_pair() -> None:
    qrels = {f"q{i}": {f"d{i}": 1} for i in range(30)}
    good = {f"q{i}": {f"d{i}": 1.0, "x": 0.5} for i in range(30)}
    bad = {f"q{i}": {"x": 1.0, f"d{i}": 0.5} if i % 3 else {f"d{i}": 1.0} for i in range(30)}
    result = score_runs(qrels, {"bm25": bad, "hybrid": good})
    pair = result["significance"]["pairs"]["bm25 vs hybrid"]["ndcg@10"]
    assert pair["significant"] and pair["p_value"] < 0.001
    assert pair["win_tie_loss"] == {"W": 0, "T": 10, "L": 20}


def test_trec_run_file_format(tmp_path: Path) -> None:
    path = tmp_path / "run.trec"
    write_trec_run(path, {"q2": {"b": 0.2, "a": 0.7}, "q1": {"c": 1.5}, "q3": {}}, "tracuu-bm25")
    lines = [line.split() for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines == [["q1", "Q0", "c", "1", "1.500000000", "tracuu-bm25"],
                     ["q2", "Q0", "a", "1", "0.700000000", "tracuu-bm25"],
                     ["q2", "Q0", "b", "2", "0.200000000", "tracuu-bm25"]]


# --- the whole run, cached ----------------------------------------------------------------------


def test_second_run_only_queries(seed_set: Path, tmp_path: Path, monkeypatch) -> None:
    dataset = load_dataset(seed_set)
    first = evaluate_dataset(dataset, ["bm25"], cache_dir=tmp_path / "cache", run_dir=tmp_path / "runs")
    assert first["index"]["indexed"] and first["index"]["records"] == len(dataset.corpus)
    # Real retrieval: nine words from inside a paragraph find it.
    assert first["metrics"]["bm25"]["mrr@10"] >= 0.8
    assert first["commit"] and first["date"] and first["machine"]["cpus"]

    import indexer.records

    def no_indexing(*args, **kwargs):
        raise AssertionError("the second run indexed again")

    monkeypatch.setattr(indexer.records, "index_records", no_indexing)
    second = evaluate_dataset(dataset, ["bm25"], cache_dir=tmp_path / "cache", run_dir=tmp_path / "runs2")
    assert not second["index"]["indexed"]
    assert second["metrics"] == first["metrics"]
    assert (tmp_path / "runs2" / f"{dataset.name}.bm25.trec").read_text() == \
           (tmp_path / "runs" / f"{dataset.name}.bm25.trec").read_text()
    # Another chunking is another index.
    monkeypatch.undo()
    third = evaluate_dataset(dataset, ["bm25"], IndexConfig(chunk_size=60, chunk_overlap=10), cache_dir=tmp_path / "cache")
    assert third["index"]["indexed"] and third["index"]["index"] != first["index"]["index"]


def test_identical_records_come_back_together(seed_set: Path, tmp_path: Path) -> None:
    dataset = load_dataset(seed_set)
    report = evaluate_dataset(dataset, ["bm25"], cache_dir=tmp_path / "cache", run_dir=tmp_path / "runs")
    original = dataset.corpus[3].id
    lines = [line.split() for line in Path(report["run_files"]["bm25"]).read_text().splitlines()
             if line.startswith(f"q-{original} ")]
    ranks = {line[2]: int(line[3]) for line in lines}
    assert ranks[original] == 1 and ranks[f"copy-of-{original}"] == 2  # one document, both ids, searcher's order


def test_cli_json_report_and_lexical_option(seed_set: Path, tmp_path: Path, capsys) -> None:
    args = ["retrieval", "--dataset", str(seed_set), "--modes", "bm25", "--quiet", "--json",
            "--cache-dir", str(tmp_path / "cache"), "--run-dir", str(tmp_path / "runs"),
            "--output", str(tmp_path / "report.json")]
    assert cli(args) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert set(printed["metrics"]["bm25"]) == {"recall@1", "recall@5", "recall@10", "recall@100", "mrr@10", "ndcg@10"}
    assert printed["command"].startswith("python -m eval retrieval --dataset")
    assert cli(args[:-2] + ["--lexical", "bigram=0", "--output", str(tmp_path / "syllables.json")]) == 0
    syllables_only = json.loads((tmp_path / "syllables.json").read_text(encoding="utf-8"))
    assert syllables_only["search"]["lexical"]["bigram"] == 0.0
    assert cli(args + ["--lexical", "trigram=1"]) == 2
    assert "trigram" in capsys.readouterr().err


def test_unknown_mode_is_refused(seed_set: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown mode"):
        evaluate_dataset(load_dataset(seed_set), ["sparse"], cache_dir=tmp_path)


def test_search_config_defaults_are_the_products() -> None:
    from api.search.fusion import QUESTION_WEIGHTS, WEIGHTED_DEFAULTS

    assert SearchConfig().describe()["weights"] == {"questions": QUESTION_WEIGHTS, "other": WEIGHTED_DEFAULTS}
