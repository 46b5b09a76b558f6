"""The native lexical searcher (native/tantivy_topk) against the tantivy package it stands in for.

One index of real Vietnamese passages (xquad-vi) in several segments, some chunks deleted; the
clauses are planned by the product from real questions. Both engines must give the same ranking
and scores, in one thread and in two, with a document filter, and the same phrase candidates.
"""

from __future__ import annotations

import json

import pytest
import tantivy

from api.search.query import plan_query
from indexer.store.lexical import EXACT, FOLDED, LexicalSearcher, field_values, open_index

from tests.conftest import assert_same_top

SEGMENTS = 4


def _jsonl(path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def xquad(shared_data):
    folder = shared_data / "xquad-vi"
    passages, questions = _jsonl(folder / "corpus.jsonl"), _jsonl(folder / "queries.jsonl")
    assert len(passages) >= 200 and len(questions) >= 60, folder
    return passages, [q["text"] for q in questions[:60]]


@pytest.fixture(scope="module")
def index_path(tmp_path_factory, xquad):
    """The passages in SEGMENTS commits (one segment each), then every 7th chunk deleted; a
    document is a run of 5 passages, so a document filter keeps several chunks each."""
    passages, _ = xquad
    path = tmp_path_factory.mktemp("native") / "lexical"
    index = open_index(path, create=True)
    writer = index.writer(heap_size=32_000_000, num_threads=1)
    step = -(-len(passages) // SEGMENTS)
    for start in range(0, len(passages), step):
        for i, passage in enumerate(passages[start:start + step], start):
            writer.add_document(tantivy.Document(chunk_id=i, doc_id=i // 5, **field_values(passage.get("title", ""), passage["text"])))
        writer.commit()
    for i in range(0, len(passages), 7):
        writer.delete_documents_by_term("chunk_id", i)
    writer.commit()
    writer.wait_merging_threads()
    meta = json.loads((path / "meta.json").read_text())
    assert len(meta["segments"]) >= 3, "the test needs several segments to split across threads"
    return path


@pytest.fixture(scope="module")
def engines(index_path):
    return {"package": LexicalSearcher(index_path, native=False),
            "native, 1 thread": LexicalSearcher(index_path, native=True, threads=1),
            "native, 2 threads": LexicalSearcher(index_path, native=True, threads=2)}


def test_the_setup_builds_the_native_searcher_and_it_is_the_default(index_path):
    assert LexicalSearcher(index_path).engine == "tantivy-topk", "scripts/setup.sh builds native/tantivy_topk"


def test_same_ranking_as_the_tantivy_package(engines, xquad):
    _, questions = xquad
    reference = engines["package"]
    deleted = set(range(0, 10_000, 7))
    for question in questions:
        clauses = plan_query(question).clauses
        theirs = reference.search(clauses, 30)
        assert theirs, question
        one = engines["native, 1 thread"].search(clauses, 30)
        two = engines["native, 2 threads"].search(clauses, 30)
        assert_same_top(one, theirs, k=30)
        assert one == two, question  # same scores, same tie rule: the thread split changes nothing
        assert not deleted & {chunk for chunk, _ in one}, question


def test_term_at_a_time_scores_are_tantivy_s_union_scores_to_the_bit(engines, xquad):
    """The native searcher adds each clause's BM25 scores into per-chunk sums; tantivy's union
    scorer, which it replaced, gives the same chunks with the very same float scores."""
    _, questions = xquad
    native = engines["native, 2 threads"]._native
    for question in questions:
        clauses = plan_query(question).clauses
        accumulated = native.search(clauses, 1000)
        assert accumulated == native.search(clauses, 1000, None, True), question
        assert len(accumulated) > 30, question
        filtered = native.search(clauses, 1000, list(range(3, 40)))  # documents 3..39: chunks 15..199
        assert filtered == native.search(clauses, 1000, list(range(3, 40)), True), question
        assert filtered and all(15 <= chunk < 200 for chunk, _ in filtered), question
    assert native.search(plan_query(questions[0]).clauses, 10, [10**9]) == []  # a filter of no document


def test_a_document_filter_keeps_its_chunks_and_their_scores(engines, xquad):
    _, questions = xquad
    allowed = list(range(3, 40))  # documents 3..39: chunks 15..199
    for question in questions[:20]:
        clauses = plan_query(question).clauses
        whole = dict(engines["native, 2 threads"].search(clauses, 1000))
        theirs = engines["package"].search(clauses, 10, allowed)
        ours = engines["native, 2 threads"].search(clauses, 10, allowed)
        assert_same_top(ours, theirs)
        assert all(15 <= chunk < 200 for chunk, _ in ours), question
        for chunk, score in ours:  # the filter adds nothing to a chunk's score
            assert score == pytest.approx(whole[chunk], rel=1e-6)


def test_phrase_candidates_and_chunk_ids_are_the_package_s(engines, xquad):
    passages, _ = xquad
    reference, native = engines["package"], engines["native, 2 threads"]
    assert native.num_chunks == reference.num_chunks == len(passages) - len(range(0, len(passages), 7))
    assert sorted(native.chunk_ids()) == sorted(reference.chunk_ids())
    for words in (["viet", "nam"], ["thanh", "pho"], ["chien", "tranh"]):  # the folded field
        required = [(FOLDED, w) for w in words]
        ours = native.containing(required, 10_000)
        assert ours and sorted(ours) == sorted(reference.containing(required, 10_000)), words
        assert sorted(native.containing(required, 10_000, [1, 2])) == sorted(reference.containing(required, 10_000, [1, 2]))


def test_document_frequencies_are_the_package_s(engines):
    reference, native = engines["package"], engines["native, 2 threads"]
    for term in ("viet", "viet_nam", "thanh_pho", "khong_co_tu_nay"):
        assert native.doc_freq(FOLDED, term) == reference.doc_freq(FOLDED, term), term
    assert native.doc_freq(FOLDED, "viet_nam") > native.doc_freq(FOLDED, "khong_co_tu_nay") == 0


def test_a_wrong_field_or_folder_is_named(index_path, tmp_path):
    native = LexicalSearcher(index_path, native=True)
    with pytest.raises(ValueError, match="no field 'tieu_de'"):
        native.search([("tieu_de", "việt", 1.0)], 10)
    with pytest.raises(ValueError, match="'chunk_id' is not a text field"):
        native.search([("chunk_id", "1", 1.0)], 10)
    with pytest.raises(OSError, match="khong-co"):
        LexicalSearcher(tmp_path / "khong-co", native=True)
    assert native.search([(EXACT, "từ-không-có-trong-chỉ-mục", 1.0)], 10) == []
