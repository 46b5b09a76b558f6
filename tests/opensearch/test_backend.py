"""corpus/ migrated into a real node answers like the embedded index; delete, update, alias swap."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.search import SearchRequest, Searcher
from indexer.store.opensearch import BackendUnsupported
from indexer.store.opensearch.reader import ClusterReader
from indexer.store.opensearch.writer import ClusterWriter, migrate
from indexer.store.reader import IndexReader

from tests.conftest import assert_same_top

pytestmark = pytest.mark.opensearch
SEEDS = ("Vì người nghèo", "vi nguoi ngheo", "62-KL/TW", "Kết luận 62")


@pytest.fixture(scope="module")
def migrated(corpus_index, client, opensearch_node):
    report = migrate(corpus_index, client, "corpus", progress=lambda line: None)
    assert report.chunks > 0 and report.vectors >= report.chunks
    embedded = IndexReader(corpus_index)
    cluster = ClusterReader(opensearch_node[0], "corpus", client=client)
    yield embedded, cluster, report
    embedded.close()


def _top_docs(reader, query, mode, k=5):
    response = Searcher(reader).search(SearchRequest(query=query, mode=mode, k=k, snippets=True))
    return response, [r.doc_id for r in response.results]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-4 * max(abs(a), abs(b), 1e-6)


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
@pytest.mark.parametrize("query", SEEDS)
def test_same_top_documents(migrated, query, mode):
    embedded, cluster, _ = migrated
    ours, ours_docs = _top_docs(embedded, query, mode)
    theirs, their_docs = _top_docs(cluster, query, mode)
    assert ours_docs, f"the embedded index finds nothing for {query!r}"
    assert their_docs[0] == ours_docs[0], (query, mode, ours_docs, their_docs)
    assert their_docs[:3] == ours_docs[:3], (query, mode, ours_docs, their_docs)
    top_ours, top_theirs = ours.results[0], theirs.results[0]
    assert (top_theirs.title, top_theirs.section_path, top_theirs.snippet, top_theirs.paths) == \
           (top_ours.title, top_ours.section_path, top_ours.snippet, top_ours.paths)
    assert theirs.coverage == ours.coverage
    # chunk level: corpus/ has few documents, so the chunks and their scores are the real check
    ours10, theirs10 = (Searcher(r).search(SearchRequest(query=query, mode=mode, k=10, snippets=False)).results
                        for r in (embedded, cluster))
    assert [r.chunk_id for r in theirs10] == [r.chunk_id for r in ours10], (query, mode)
    assert all(_close(a.score, b.score) for a, b in zip(ours10, theirs10)), \
        (query, mode, [(a.score, b.score) for a, b in zip(ours10, theirs10)])
    assert theirs.facets == ours.facets


def test_vectors_are_searched_but_not_kept_in_source(migrated, client):
    hit = client.search(index="corpus-vectors", body={"size": 1, "query": {"match_all": {}}})["hits"]["hits"][0]
    assert set(hit["_source"]) == {"chunk_id", "doc_id", "own"}  # the floats live in the knn field only


def test_document_id_filter_inside_knn(migrated):
    embedded, cluster, _ = migrated
    from api.search.filters import Filters

    first = _top_docs(embedded, "Vì người nghèo", "hybrid")[1]
    other = next(d for d in first if d != first[0])
    request = SearchRequest(query="Vì người nghèo", mode="dense", k=5, filters=Filters(doc_ids=[other]))
    results = Searcher(cluster).search(request).results
    assert results and {r.doc_id for r in results} == {other}


def test_unsupported_paths_name_the_backend(migrated):
    _, cluster, _ = migrated
    with pytest.raises(BackendUnsupported, match="opensearch backend does not serve IndexReader.document_identities"):
        cluster.document_identities()


def test_document_reads_match_the_catalog(migrated):
    """What the document view, answers and precedents read: whole documents, texts, sections,
    chunk spans, exact-term candidates, listing and facet counts."""
    from dataclasses import asdict

    from api.search.facets import FACETS

    embedded, cluster, _ = migrated
    ids = sorted(embedded.document_identities())
    for doc_id in ids:
        assert asdict(cluster.document(doc_id)) == asdict(embedded.document(doc_id))
        assert cluster.document_files(doc_id) == embedded.document_files(doc_id)
    assert cluster.document(max(ids) + 1000) is None
    assert cluster.document_texts(ids) == embedded.document_texts(ids)
    assert cluster.sections(ids) == embedded.sections(ids)
    assert cluster.chunk_spans(ids) == embedded.chunk_spans(ids)
    for required in ([("folded", "62-kl-tw")], [("folded", "ngheo"), ("folded", "nguoi")], [("exact", "nghèo")],
                     [("folded", "khong-co-tu-nay")]):
        assert cluster.lexical.containing(required, 1000) == sorted(embedded.lexical.containing(required, 1000))
        assert cluster.lexical.containing(required, 1000, ids[:1]) == sorted(embedded.lexical.containing(required, 1000, ids[:1]))
    assert cluster.lexical.num_chunks == embedded.lexical.num_chunks
    for term in ("ngheo", "nguoi_ngheo", "khong-co-tu-nay"):  # the weights of a topic's pairs (api/answers/topics.py)
        assert cluster.lexical.doc_freq("folded", term) == embedded.lexical.doc_freq("folded", term), term
    assert [dict(r) for r in embedded.list_documents()[1]] == cluster.list_documents()[1]
    assert embedded.list_documents(ids[1:], 0, 5)[0] == cluster.list_documents(ids[1:], 0, 5)[0] == len(ids) - 1
    assert embedded.value_counts(FACETS, None, 50) == cluster.value_counts(FACETS, None, 50)
    assert embedded.value_counts(FACETS, ids[:1], 50) == cluster.value_counts(FACETS, ids[:1], 50)


def test_metadata_filters_agree_with_the_catalog(migrated):
    import json

    from api.search.filters import Filters, allowed_documents

    embedded, cluster, _ = migrated
    rows = embedded.documents(sorted(embedded.document_identities()))
    cases = [Filters(path="corpus"), Filters(path="no-such-file"), Filters(date_from="1900", date_to="2100"),
             Filters(date_from="2100")]
    for row in rows.values():
        if row["unit"]:
            cases += [Filters(unit=row["unit"]), Filters(unit=row["unit"].split()[-1])]
        if row["doc_type"]:
            cases.append(Filters(doc_type=row["doc_type"]))
        if row["date"]:
            cases.append(Filters(date_from=row["date"], date_to=row["date"]))
        paths = json.loads(row["paths"])
        cases.append(Filters(path=paths[0].rsplit("/", 1)[-1][:8].upper()))
    assert any(f.unit for f in cases) and any(f.doc_type for f in cases)  # corpus/ documents carry metadata
    kept = set()
    for filters in cases:
        ours = allowed_documents(embedded, filters)
        assert allowed_documents(cluster, filters) == ours, filters
        kept.add(len(ours))
        request = SearchRequest(query="Kết luận 62", mode="hybrid", k=10, snippets=False, filters=filters)
        assert [r.chunk_id for r in Searcher(cluster).search(request).results] == \
               [r.chunk_id for r in Searcher(embedded).search(request).results], filters
    assert 0 in kept and len(kept) > 1  # the cases both exclude everything and keep some


def test_delete_and_update_document(migrated, client, opensearch_node):
    embedded, cluster, _ = migrated
    doc = _top_docs(cluster, "62-KL/TW", "bm25")[1][0]
    writer = ClusterWriter(client, "corpus")
    writer.delete_document(doc)
    fresh = ClusterReader(opensearch_node[0], "corpus", client=client)
    assert doc not in _top_docs(fresh, "62-KL/TW", "bm25", k=20)[1]
    written = writer.update_document(embedded, doc)
    assert written > 0
    fresh = ClusterReader(opensearch_node[0], "corpus", client=client)
    assert _top_docs(fresh, "62-KL/TW", "bm25")[1][0] == doc


def test_alias_swap_is_atomic_and_drops_the_old_version(migrated, client, corpus_index):
    _, _, first = migrated
    second = migrate(corpus_index, client, "corpus", progress=lambda line: None)
    assert second.version == first.version + 1
    for kind in ("chunks", "vectors", "documents"):
        assert list(client.indices.get_alias(name=f"corpus-{kind}")) == [f"corpus-{kind}-v{second.version}"]
        assert not client.indices.exists(index=f"corpus-{kind}-v{first.version}")
    assert client.count(index="corpus-chunks")["count"] == first.chunks


def test_cli_search_backend_opensearch(migrated, opensearch_node, corpus_index, capsys):
    import json

    from api.cli import main

    assert main(["search", "Kết luận 62", "--index", str(corpus_index), "--json", "-k", "5"]) == 0
    embedded = json.loads(capsys.readouterr().out)
    assert main(["migrate", "--index", str(corpus_index), "--url", opensearch_node[0], "--alias", "cli"]) == 0
    assert "cli: version 1," in capsys.readouterr().out
    assert main(["search", "Kết luận 62", "--backend", "opensearch", "--url", opensearch_node[0], "--alias", "cli",
                 "--json", "-k", "5"]) == 0
    cluster = json.loads(capsys.readouterr().out)
    assert [r["chunk_id"] for r in cluster["results"]] == [r["chunk_id"] for r in embedded["results"]]
    assert [r["snippet"] for r in cluster["results"]] == [r["snippet"] for r in embedded["results"]]
    assert main(["serve", "--backend", "opensearch"]) == 2
    assert "--backend opensearch needs --url" in capsys.readouterr().err


def test_cli_ask_and_precedents_backend_opensearch(migrated, opensearch_node, corpus_index, capsys):
    """The "which units" question and a precedents search answer the same from the cluster as from
    the index folder: the same two units, the same cited chunks."""
    import json

    from api.cli import main

    cluster = ["--backend", "opensearch", "--url", opensearch_node[0], "--alias", "corpus"]
    answers = []
    for where in (["--index", str(corpus_index)], cluster):
        assert main(["ask", "Những đơn vị nào báo cáo về Kết luận 62?", "--json", *where]) == 0
        answers.append(json.loads(capsys.readouterr().out))
    embedded, clustered = answers
    assert {u["unit"] for u in clustered["units"]} == {u["unit"] for u in embedded["units"]} == {
        "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương", "Ban Thường vụ Đảng ủy phường Hải Dương"}
    assert [(c["chunk_id"], c["char_start"]) for c in clustered["citations"]] == \
        [(c["chunk_id"], c["char_start"]) for c in embedded["citations"]]
    found = []
    for where in (["--index", str(corpus_index)], cluster):
        assert main(["precedents", "Hạn chế, nguyên nhân", "--json", "-k", "5", *where]) == 0
        found.append(json.loads(capsys.readouterr().out))
    sections = [[(s["doc_id"], s["section_path"]) for u in response["units"] for s in u["sections"]] for response in found]
    assert sections[0] and sections[0] == sections[1]
    assert main(["ask", "Kết luận 62", "--backend", "opensearch"]) == 2
    assert "--backend opensearch needs --url" in capsys.readouterr().err


@pytest.fixture(scope="module")
def with_a_draft(corpus_index, client, opensearch_node, tmp_path_factory):
    """corpus/ plus an earlier draft of its 2019 MTTQ report (tests/indexer/test_versions.py's):
    one group of two versions, migrated as "versions"."""
    import shutil

    from indexer.update import IndexSettings, update_index
    from tests.indexer.test_versions import draft_of, report_text

    index = tmp_path_factory.mktemp("with-draft") / "index"
    shutil.copytree(corpus_index, index)
    drafts = tmp_path_factory.mktemp("drafts")
    (drafts / "du-thao.txt").write_text(draft_of(report_text()), encoding="utf-8")
    assert not update_index([drafts], index, IndexSettings(embed=False)).failed
    migrate(index, client, "versions", progress=lambda line: None)
    embedded = IndexReader(index)
    yield embedded, ClusterReader(opensearch_node[0], "versions", client=client)
    embedded.close()


def test_version_groups_fold_the_same_in_the_cluster(with_a_draft, client):
    embedded, cluster = with_a_draft
    ids = [row["id"] for row in embedded.list_documents(limit=100)[1]]
    groups = embedded.version_groups(ids)
    assert len(groups) == 2 and len({tuple(g) for g in groups.values()}) == 1  # the report and its draft
    assert cluster.version_groups(ids) == groups
    request = SearchRequest(query="Kết luận 62-KL/TW", mode="bm25", k=10, group_documents=True, group_versions=True)
    ours, theirs = Searcher(embedded).search(request), Searcher(cluster).search(request)
    assert [(r.doc_id, r.version_count, r.version_head) for r in theirs.results] == \
        [(r.doc_id, r.version_count, r.version_head) for r in ours.results]
    assert any(r.version_count == 2 for r in theirs.results)
    head, draft = next(iter(groups.values()))
    ClusterWriter(client, "versions").delete_document(draft)
    assert cluster.version_groups(ids) == {}
    assert [(r.doc_id, r.version_count) for r in Searcher(cluster).search(request).results][0][1] == 1


def test_filtered_chunks_paged_and_filters_agree(corpus_index, client, opensearch_node, tmp_path, monkeypatch):
    import shutil

    from api.search.filters import Filters
    from indexer.store.opensearch import reader as cluster_reader

    # one snapshot on both sides, migrated under an alias of its own: on the module's shared "corpus" alias
    # (which earlier tests delete from, update and migrate again) this comparison failed in 2 of 7 clean-clone
    # runs; the one that printed scores had the cluster's BM25 ~4% below the embedded index's for every chunk,
    # a difference of statistics, not a near-tie
    own = Path(shutil.copytree(corpus_index, tmp_path / "index"))
    migrate(own, client, "filtered", progress=lambda line: None)
    embedded, cluster = IndexReader(own), ClusterReader(opensearch_node[0], "filtered", client=client)
    monkeypatch.setattr(cluster_reader, "_PAGE", 7)  # several pages from a small corpus
    docs = sorted(embedded.document_identities())
    assert cluster.embedded_chunks_of(docs) == sorted(embedded.embedded_chunks_of(docs))
    assert len(cluster.embedded_chunks_of(docs)) > 7
    for mode in ("bm25", "dense", "hybrid"):
        request = SearchRequest(query="Kết luận 62", mode=mode, k=10, snippets=False, filters=Filters(doc_ids=docs[-1:]))
        ours, theirs = (Searcher(r).search(request).results for r in (embedded, cluster))
        # float32 products summed in another order (Lucene, faiss) may swap two near-tied chunks
        assert ours
        assert_same_top([(r.chunk_id, r.score) for r in ours], [(r.chunk_id, r.score) for r in theirs], k=10, rel=1e-4)
    embedded.close()
