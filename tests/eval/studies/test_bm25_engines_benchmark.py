"""The BM25 engine benchmark at a tiny size: every installed engine answers, and the summary
(speed ratios, overlaps with rank-bm25, the add/delete test) is computed and sane."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.studies.bm25_engines_benchmark import (
    ENGINES,
    REFERENCE,
    analyse_chunks,
    available_engines,
    load_queries,
    load_sources,
    make_chunks,
    markdown,
    overlap,
    run_size,
)

pytestmark = pytest.mark.shared_data

SIZE, QUERIES, UPDATE = 300, 5, 20


@pytest.fixture(scope="module")
def corpus(shared_data: Path) -> tuple[list[str], list]:
    chunks, provenance = make_chunks(load_sources(shared_data), SIZE + UPDATE)
    assert len(chunks) == SIZE + UPDATE and provenance["passes"] == 1
    assert all(len(c.text.split()) == provenance["chunk_words"] for c in chunks)
    return analyse_chunks(chunks), load_queries(shared_data, QUERIES)


def test_chunks_cycle_with_shifted_windows(shared_data: Path) -> None:
    sources = load_sources(shared_data)
    per_pass = sum(len(s.words) // 120 for s in sources)
    chunks, provenance = make_chunks(sources, per_pass + 50)
    assert provenance["passes"] == 2 and provenance["pass_offsets"] == [0, 47]
    first = {c.text for c in chunks if c.pass_no == 0}
    assert not any(c.text in first for c in chunks if c.pass_no == 1)


def test_overlap() -> None:
    assert overlap([1, 2, 3, 4], [4, 3, 9, 8]) == 0.5
    assert overlap([], []) is None
    assert overlap([1], []) == 0.0


@pytest.mark.slow  # every installed engine builds and answers: ~1-2 minutes
def test_engines_side_by_side(corpus: tuple[list[str], list], tmp_path: Path) -> None:
    analysed, queries = corpus
    assert len(queries) == QUERIES and all(q.terms for q in queries)
    usable = [name for name, why in available_engines().items() if why is None]
    # rank-bm25, tantivy and FTS5 come with the test extras; bm25s only with the bench extras
    assert {"rank-bm25", "tantivy", "fts5"} <= set(usable)
    report = run_size(SIZE, analysed, queries, ref_queries=QUERIES, update_count=UPDATE,
                      workdir=tmp_path, options={"bm25s_backend": "numpy"})
    engines = report["engines"]
    assert set(engines) == set(ENGINES)
    for name in usable:
        entry = engines[name]
        assert "error" not in entry, entry.get("error")
        assert len(entry["results"]) == QUERIES
        assert all(0 < len(r) <= 10 for r in entry["results"]), name
        assert all(0 <= i < SIZE for r in entry["results"] for i in r), name
        assert entry["build_s"] > 0 and entry["p50_ms"] > 0 and entry["speedup_vs_rank_bm25"] > 0
        assert 0 <= entry["overlap_vs_rank_bm25"] <= 1
        if name in ("tantivy", "fts5"):
            update = entry["update"]
            assert update["live_docs"] == update["expected_docs"] == SIZE
            assert entry["disk_bytes"] > 0
    assert engines[REFERENCE]["overlap_vs_rank_bm25"] == 1.0
    # Same tokens, BM25 each time: the engines agree with the reference on most of the top 10
    assert all(engines[n]["overlap_vs_rank_bm25"] >= 0.5 for n in usable)
    if "bm25s" in usable:  # tantivy and bm25s "lucene" share the formula
        assert engines["tantivy"]["overlap_vs_bm25s"] >= 0.8
    table = markdown({"sizes": [report]})
    assert all(f"\n| {name} |" in table for name in ENGINES)
