"""Search results grouped by document and by version (api/search/grouping.py): the issue's
"62-KL/TW" page, a draft folded under its final and back apart on request, over the real
corpus reports (lexical-only indexes: BM25 mode needs no vectors)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http import ServerSettings, create_app
from api.search import SearchRequest, Searcher
from api.search.grouping import fold
from indexer.extraction import extract_file
from indexer.store.reader import open_reader
from indexer.update import IndexSettings, update_index

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
REPORT = CORPUS / "000_6594ddbbd3241b12.txt"
OTHER = CORPUS / "004_a707af0accb6fc05.txt"
# A sentence of the MTTQ report (section II.2), as staff paste it.
SENTENCE = "cuộc vận động \"Người Việt Nam ưu tiên dùng hàng Việt Nam\" tiếp tục được Mặt trận Tổ quốc các cấp triển khai"


@pytest.fixture(scope="module")
def corpus_lexical(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("corpus-lexical")
    update_index([CORPUS], index, IndexSettings(embed=False))
    return index


@pytest.fixture(scope="module")
def versions_index(tmp_path_factory) -> Path:
    """The MTTQ report, a draft of it (blank date line, one paragraph reworded, no signer) and
    the phường report."""
    folder = tmp_path_factory.mktemp("versions-docs")
    final = extract_file(REPORT).text
    draft = final.replace("Hải Dương, ngày 10 tháng 4 năm 2019", "Hải Dương, ngày     tháng 4 năm 2019", 1)
    draft = draft.replace("Thực hiện kết luận 62-KL/TW ngày 8/12/2009", "Triển khai Kết luận 62-KL/TW ngày 8/12/2009", 1)
    draft = draft.replace("Nguyễn Đình Xiển", "")
    assert draft != final
    (folder / "bao-cao-mttq.txt").write_text(final, encoding="utf-8")
    (folder / "du-thao-bao-cao-mttq.txt").write_text(draft, encoding="utf-8")
    (folder / "bao-cao-phuong.txt").write_text(OTHER.read_text(encoding="utf-8"), encoding="utf-8")
    index = tmp_path_factory.mktemp("versions-index")
    update_index([folder], index, IndexSettings(embed=False))
    return index


def search(index: Path, query: str, **options):
    reader = open_reader(index)
    try:
        return Searcher(reader).search(SearchRequest(query, mode="bm25", **options))
    finally:
        reader.close()


def test_the_first_page_of_62_kl_tw_is_not_one_reports_chunks(corpus_lexical):
    flat = search(corpus_lexical, "62-KL/TW", k=5)
    assert len({r.doc_id for r in flat.results}) == 1  # the issue: one report fills the top 5

    grouped = search(corpus_lexical, "62-KL/TW", k=5, group_documents=True, group_versions=True)
    documents = [r.doc_id for r in grouped.results]
    assert len(documents) == 2 and len(set(documents)) == 2  # both reports that cite it, once each
    first = grouped.results[0]
    assert first.chunk_id == flat.results[0].chunk_id  # the best hit still leads
    folded = {hit["chunk_id"] for hit in first.more_in_document}
    assert {r.chunk_id for r in flat.results[1:]} <= folded  # the rest of its top hits are listed under it
    assert all(hit["snippet"] and hit["char_end"] > hit["char_start"] for hit in first.more_in_document)
    scores = [hit["score"] for hit in first.more_in_document]
    assert scores == sorted(scores, reverse=True)
    assert not grouped.has_more


def test_a_draft_folds_under_its_final_and_comes_back_apart_on_request(versions_index):
    grouped = search(versions_index, SENTENCE, k=5, group_documents=True, group_versions=True)
    top = grouped.results[0]
    assert top.name == "bao-cao-mttq.txt"  # the head: the dated, signed final
    assert top.version_count == 2 and top.version_head == top.doc_id
    (draft,) = top.versions
    assert draft["name"] == "du-thao-bao-cao-mttq.txt" and not draft["head"]
    assert draft["hits"] and draft["hits"][0]["snippet"]  # the same passage in the draft, folded here
    assert "du-thao-bao-cao-mttq.txt" not in [r.name for r in grouped.results]

    apart = search(versions_index, SENTENCE, k=5, group_documents=True, group_versions=False)
    names = [r.name for r in apart.results]
    assert {"bao-cao-mttq.txt", "du-thao-bao-cao-mttq.txt"} <= set(names[:2])
    assert all(r.version_count == 1 and not r.versions for r in apart.results)


def test_versions_fold_with_a_documents_hits_left_apart(versions_index):
    results = search(versions_index, "Mặt trận Tổ quốc", k=10, group_documents=False, group_versions=True).results
    names = [r.name for r in results]
    assert "du-thao-bao-cao-mttq.txt" not in names
    assert names.count("bao-cao-mttq.txt") >= 2  # its own hits stay separate results
    assert any(r.versions and r.versions[0]["hits"] for r in results)


def test_fold_pages_and_prefers_the_heads_equal_hit():
    owners = {1: 10, 2: 11, 3: 10, 4: 12, 5: 13}
    groups = {10: [11, 10], 11: [11, 10]}  # 11 is the head of {11, 10}
    ranked = [(1, 1.0), (2, 0.995), (3, 0.5), (4, 0.4), (5, 0.3)]
    entries, more = fold(ranked, owners, groups, wanted=2)
    assert [(e.doc_id, e.chunk_id) for e in entries] == [(11, 2), (12, 4)]  # the head's near-equal hit shown
    assert entries[0].versions == {10: [(1, 1.0), (3, 0.5)]} and more
    entries, more = fold(ranked, owners, groups, wanted=10, versions=False)
    assert [e.doc_id for e in entries] == [10, 11, 12, 13] and entries[0].more == [(3, 0.5)] and not more


def test_a_draft_tied_with_its_final_never_leads_their_hits_whatever_the_tie_order():
    # a draft's chunk and its final's score alike (same text): which the lexical index lists first
    # depends on its segments, so a fold must not (CI once showed the draft's hits as entries)
    owners = {1: 10, 2: 11, 3: 10, 4: 11, 5: 12}
    groups = {10: [11, 10], 11: [11, 10]}  # 11, the final, heads {11, 10}
    for ranked in ([(1, 2.0), (2, 2.0), (3, 1.5), (4, 1.5), (5, 1.0)], [(2, 2.0), (1, 2.0), (4, 1.5), (3, 1.5), (5, 1.0)]):
        entries, more = fold(ranked, owners, groups, wanted=10, documents=False)
        assert [(e.doc_id, e.chunk_id) for e in entries] == [(11, 2), (11, 4), (12, 5)], ranked
        assert entries[0].versions == {10: [(1, 2.0), (3, 1.5)]} and not more
    # a head far below the draft's best hit does not lead: the draft's entry shows the better passage
    entries, _ = fold([(1, 2.0), (5, 1.0), (2, 0.5)], owners, groups, wanted=10, documents=False)
    assert [(e.doc_id, e.chunk_id) for e in entries] == [(10, 1), (12, 5)] and entries[0].versions == {11: [(2, 0.5)]}
    # the page is full: the lead taken ahead of its rank still counts, and more follow
    entries, more = fold([(1, 2.0), (2, 2.0), (5, 1.0)], owners, groups, wanted=1, documents=False)
    assert [(e.doc_id, e.chunk_id) for e in entries] == [(11, 2)] and more


def test_http_search_groups_by_default_and_on_request_does_not(versions_index):
    with TestClient(create_app(ServerSettings(index_dir=versions_index, api_key=None))) as client:
        grouped = client.get("/api/search", params={"q": SENTENCE, "mode": "bm25", "k": 5}).json()
        top = grouped["results"][0]
        assert top["version_count"] == 2 and top["versions"][0]["name"] == "du-thao-bao-cao-mttq.txt"
        assert not top["versions"][0]["path"].startswith("/")  # keyless readers see file names only
        assert len({r["doc_id"] for r in grouped["results"]}) == len(grouped["results"])
        flat = client.get("/api/search", params={"q": SENTENCE, "mode": "bm25", "k": 5, "group": "false",
                                                  "versions": "false"}).json()
        assert len(flat["results"]) > len(grouped["results"])
        assert all(r["version_count"] == 1 and r["more_in_document"] == [] for r in flat["results"])
        schema = client.get("/openapi.json").json()["components"]["schemas"]
        assert {"versions", "version_count", "version_head", "more_in_document"} <= set(schema["SearchResult"]["properties"])


def test_cli_prints_the_folds(versions_index, capsys):
    from api.cli import main

    assert main(["search", SENTENCE, "--mode", "bm25", "-k", "5", "--index", str(versions_index)]) == 0
    out = capsys.readouterr().out
    assert "2 phiên bản" in out and "du-thao-bao-cao-mttq.txt" in out
    assert main(["search", SENTENCE, "--mode", "bm25", "-k", "5", "--all-versions", "--index", str(versions_index)]) == 0
    assert "phiên bản" not in capsys.readouterr().out
