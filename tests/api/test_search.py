"""Retrieval on the bundled reports: the acceptance queries, accents, abbreviations, codes,
filters, facets, snippets and the JSON contract of `tracuu search`."""

import json
import re

import pytest

from api.cli import main
from api.search import Filters, SearchRequest, Searcher
from api.search.filters import date_bound
from indexer.store.reader import open_reader

SEED_2019 = "000_6594ddbbd3241b12.txt"
SEED_2026 = "004_a707af0accb6fc05.txt"


@pytest.fixture(scope="module")
def searcher(corpus_index):
    return Searcher(open_reader(corpus_index))


def files(response, top=5):
    return [r.path.rsplit("/", 1)[-1] for r in response.results[:top]]


@pytest.mark.parametrize("mode", ["hybrid", "bm25"])
@pytest.mark.parametrize("query", ["Vì người nghèo", "vi nguoi ngheo", "Quỹ Vì người nghèo"])
def test_both_seed_reports_in_top_five(searcher, mode, query):
    found = set(files(searcher.search(SearchRequest(query, mode=mode, k=5))))
    assert {SEED_2019, SEED_2026} <= found


@pytest.mark.parametrize("mode", ["hybrid", "bm25"])
@pytest.mark.parametrize("query", ["62-KL/TW", "62 KL-TW", "Kết luận 62", "kết luận số 62"])
def test_document_code_and_its_variants_find_both_reports(searcher, mode, query):
    found = set(files(searcher.search(SearchRequest(query, mode=mode, k=10)), 10))
    assert {SEED_2019, SEED_2026} <= found


@pytest.mark.parametrize("mode", ["hybrid", "bm25"])
def test_provincial_front_query_ranks_the_2019_report_first(searcher, mode):
    assert files(searcher.search(SearchRequest("MTTQ tỉnh Hải Dương", mode=mode)))[0] == SEED_2019


def test_dense_alone_finds_the_campaign(searcher):
    response = searcher.search(SearchRequest("cuộc vận động Vì người nghèo đạt kết quả gì", mode="dense", k=10))
    assert SEED_2019 in files(response, 10)
    assert all(r.ranks["dense"] is not None for r in response.results)


def test_unaccented_query_highlights_accented_words(searcher):
    result = searcher.search(SearchRequest("vi nguoi ngheo", mode="bm25", k=1)).results[0]
    marked = {result.snippet[s:e].lower() for s, e in result.highlights}
    assert {"vì", "người", "nghèo"} <= marked


def test_exact_accents_outrank_folded_matches(searcher):
    # "đang" folds to "dang" like "Đảng", which fills these reports; the accented query must put
    # chunks with the real "đang" first (searching the folded field alone puts none in the top 5)
    response = searcher.search(SearchRequest("đang", mode="bm25", k=5))
    exact = [bool(re.search(r"(?<!\w)đang(?!\w)", r.text.lower())) for r in response.results]
    assert exact[0] and sum(exact) >= 2


def test_abbreviation_finds_the_long_form_and_back(searcher):
    long_form = searcher.search(SearchRequest("Mặt trận Tổ quốc phường", mode="bm25", k=20)).results
    assert any("MTTQ" in r.text and "Mặt trận Tổ quốc" not in r.text for r in long_form)
    short = searcher.search(SearchRequest("UBMTTQ", mode="bm25", k=20)).results
    assert short and all("mặt trận tổ quốc" in r.text.lower() or "mttq" in r.text.lower() for r in short[:5])


def test_unit_filter_applies_inside_both_retrievers(searcher):
    request = SearchRequest("Vì người nghèo", filters=Filters(unit="dang uy phuong hai duong"), k=10)
    response = searcher.search(request)
    assert response.results and {files(response, 10)[i] for i in range(len(response.results))} == {SEED_2026}
    assert all(r.ranks["dense"] is not None or r.ranks["bm25"] is not None for r in response.results)


def test_date_filter(searcher):
    old = searcher.search(SearchRequest("Vì người nghèo", filters=Filters(date_to="2020"), k=10))
    assert set(files(old, 10)) == {SEED_2019}
    assert searcher.search(SearchRequest("Vì người nghèo", filters=Filters(date_from="2030-01"))).results == []


@pytest.mark.parametrize("value,upper,bound", [
    ("2024-02", True, "2024-02-29"), ("2025-02", True, "2025-02-28"), ("2025-04", True, "2025-04-30"),
    ("2025", True, "2025-12-31"), ("2025-04", False, "2025-04-01"), ("2025-05-07", True, "2025-05-07"),
])
def test_a_date_bound_is_a_real_day(value, upper, bound):
    assert date_bound(value, upper) == bound


def test_facets_and_collapse(searcher):
    response = searcher.search(SearchRequest("kết luận 62", collapse=True, k=10))
    assert len({r.doc_id for r in response.results}) == len(response.results) == 2
    assert {f["value"] for f in response.facets["year"]} == {2019}  # the 2026 report carries no date
    assert {f["value"] for f in response.facets["unit"]} == {
        "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương", "Ban Thường vụ Đảng ủy phường Hải Dương"}


def test_results_cite_their_source(searcher, corpus_index):
    result = searcher.search(SearchRequest("Xuân ấm tình người", k=1)).results[0]
    document = open_reader(corpus_index).catalog.execute("SELECT text FROM documents WHERE id = ?", (result.doc_id,)).fetchone()[0]
    assert document[result.char_start:result.char_end] == result.text
    assert "Xuân ấm tình người" in result.text
    assert result.section_path and result.section_path[0].startswith("II.")


def test_cli_search_json_contract(corpus_index, capsys):
    assert main(["search", "Vì người nghèo", "--index", str(corpus_index), "--json", "-k", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"query", "mode", "took_ms", "results", "facets"} <= data.keys()
    first = data["results"][0]
    for key in ("rank", "score", "doc_id", "chunk_id", "title", "unit", "date", "section_path", "page_start",
                "page_end", "char_start", "char_end", "path", "text", "snippet", "ranks"):
        assert key in first
    assert set(first["ranks"]) == {"bm25", "dense"}


@pytest.mark.parametrize("bad", [["search", "   "], ["search", "x", "--from", "hôm qua"], ["search", "x", "--from", "2019-13-45"],
                                 ["search", "x", "--mode", "fuzzy"]])
def test_bad_queries_get_clear_errors(corpus_index, capsys, bad):
    try:
        code = main(bad + ["--index", str(corpus_index)])
    except SystemExit as exit:  # refused while the arguments are read
        code = exit.code
    assert code == 2
    assert "error:" in capsys.readouterr().err


def test_cli_filters_by_document_and_path(corpus_index, capsys):
    main(["search", "Vì người nghèo", "--index", str(corpus_index), "--json", "--path", "004_"])
    by_path = json.loads(capsys.readouterr().out)["results"]
    assert by_path and {r["path"].rsplit("/", 1)[-1] for r in by_path} == {SEED_2026}
    main(["search", "Vì người nghèo", "--index", str(corpus_index), "--json", "--doc", str(by_path[0]["doc_id"])])
    assert {r["doc_id"] for r in json.loads(capsys.readouterr().out)["results"]} == {by_path[0]["doc_id"]}


def test_missing_index_says_how_to_build_one(tmp_path, capsys):
    assert main(["search", "x", "--index", str(tmp_path / "none")]) == 2
    assert "tracuu index" in capsys.readouterr().err


def test_accented_phrase_still_finds_text_typed_without_accents(tmp_path):
    # An accented query of several words searches the folded field by its bigrams only (no
    # folded single syllables: docs/decisions.md); a note typed without diacritics
    # must still be found, after the accented report that says the same.
    from indexer.update import IndexSettings, update_index

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("Ghi chu: nam 2025 van dong Quy Vi nguoi ngheo dat 370 trieu dong.", encoding="utf-8")
    (folder / "bao-cao.txt").write_text("Năm 2025 vận động Quỹ Vì người nghèo đạt 370 triệu đồng.", encoding="utf-8")
    (folder / "khac.txt").write_text("Người dân tham gia ngày hội đại đoàn kết toàn dân tộc ở khu dân cư.", encoding="utf-8")
    update_index([folder], tmp_path / "index", IndexSettings(embed=False))
    results = Searcher(open_reader(tmp_path / "index")).search(SearchRequest("Quỹ Vì người nghèo", mode="bm25")).results
    assert [r.path.rsplit("/", 1)[-1] for r in results][:2] == ["bao-cao.txt", "ghi-chu.txt"]


def test_a_query_typed_without_accents_takes_them_from_its_passages():
    """Each syllable as the passages write it beside its neighbours; asking words have fixed forms; a
    syllable the passages do not hold so keeps its typed form."""
    from api.search.accents import restore_accents

    passages = ["Trong 10 năm qua, cuộc vận động ''Vì người nghèo'' tiếp tục thực hiện đạt kết quả tốt.",
                "Quỹ Vì người nghèo các cấp vận động được 98 tỷ đồng, xây dựng 2.150 nhà đại đoàn kết.",
                "Nhà ở xa trung tâm; đồng bào vùng xa được hỗ trợ."]
    assert restore_accents("cuoc van dong vi nguoi ngheo dat ket qua gi", passages) == \
        "cuộc vận động vì người nghèo đạt kết quả gì"
    assert restore_accents("quy vi nguoi ngheo van dong duoc bao nhieu tien", passages) == \
        "quỹ vì người nghèo vận động được bao nhiêu tien"
    assert restore_accents("MTTQ tỉnh Hải Dương", passages) == "MTTQ tỉnh Hải Dương"  # typed with accents


def test_an_unaccented_query_is_embedded_as_its_accented_form(searcher, monkeypatch):
    """e5 embeds "vi nguoi ngheo" far from "Vì người nghèo": the dense leg searches the restored query
    and finds what the accented one finds."""
    embedded = []
    embedder = searcher.reader.embedder
    monkeypatch.setattr(embedder, "embed_query", lambda text, inner=embedder.embed_query: embedded.append(text) or inner(text))
    typed = searcher.search(SearchRequest("cuoc van dong vi nguoi ngheo dat ket qua gi", mode="dense", k=5))
    assert embedded == ["cuộc vận động vì người nghèo đạt kết quả gì"]
    accented = searcher.search(SearchRequest("cuộc vận động vì người nghèo đạt kết quả gì", mode="dense", k=5))
    assert [r.chunk_id for r in typed.results] == [r.chunk_id for r in accented.results]
