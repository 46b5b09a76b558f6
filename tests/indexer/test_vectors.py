"""The vector index: exact by default, HNSW on request or above the threshold, deletions,
rebuilt from the embedding cache without re-embedding."""

import ast
import shutil
import struct
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from indexer.store import catalog, vectors
from indexer.store.layout import Layout
from indexer.store.reader import open_reader
from indexer.update import embed_index


class CountingEmbedder:
    """Wraps the real embedder and counts what it is asked to embed."""

    def __init__(self, inner):
        self.inner, self.calls = inner, 0
        self.name, self.dim, self.max_tokens = inner.name, inner.dim, inner.max_tokens

    def embed_passages(self, texts):
        self.calls += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.fixture
def copy_of_corpus_index(corpus_index, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(corpus_index, target)
    return target


def test_hnsw_rebuild_comes_from_the_cache_and_agrees_with_exact_search(copy_of_corpus_index):
    layout = Layout(copy_of_corpus_index)
    reader = open_reader(copy_of_corpus_index)
    embedder = CountingEmbedder(reader.embedder)
    query = embedder.embed_query("cuộc vận động Vì người nghèo")
    exact = [i for i, _ in reader.vectors.search(query, 5)]
    connection = catalog.connect(layout.catalog)
    from indexer.store.embedding_cache import EmbeddingCache

    windows = layout.read_manifest().vector_windows
    vectors.sync(layout.vectors, connection, embedder, EmbeddingCache(layout.embedding_cache), kind="hnsw", windows=windows)
    assert embedder.calls == 0  # every vector came from the cache
    searcher = vectors.VectorSearcher(layout.vectors)
    assert vectors.index_kind(searcher.index) == "hnsw" and searcher.chunks == reader.counts()["chunks"]
    assert searcher.size == reader.vectors.size and searcher.windowed == (windows > 0)
    approximate = [i for i, _ in searcher.search(query, 5)]
    assert len(set(exact) & set(approximate)) >= 4
    allowed = exact[2:4]
    assert {i for i, _ in searcher.search(query, 5, chunk_ids=allowed)} == set(allowed)


def test_deleting_a_document_removes_its_vectors(copy_of_corpus_index):
    import faiss

    layout = Layout(copy_of_corpus_index)
    connection = catalog.connect(layout.catalog)
    chunk_ids = {r[0] for r in connection.execute("SELECT id FROM chunks WHERE doc_id = 1")}
    with catalog.transaction(connection):
        catalog.delete_document(connection, 1)
    connection.close()
    embed_index(copy_of_corpus_index)
    searcher = vectors.VectorSearcher(layout.vectors)
    ids = set(faiss.vector_to_array(faiss.downcast_index(searcher.index).id_map).tolist())
    assert ids and not ids & chunk_ids
    pending = open_reader(copy_of_corpus_index).catalog.execute(
        "SELECT target, count(*) FROM pending_deletes GROUP BY target").fetchall()
    assert [tuple(row) for row in pending] == [("lexical", len(chunk_ids))]  # left for the next `tracuu index`


def test_compact_index_comes_from_the_cache_rescored_and_checked(copy_of_corpus_index, monkeypatch):
    from indexer.store import check
    from indexer.store.embedding_cache import EmbeddingCache

    layout = Layout(copy_of_corpus_index)
    reader = open_reader(copy_of_corpus_index)
    embedder = CountingEmbedder(reader.embedder)
    queries = [embedder.embed_query(q) for q in ("cuộc vận động Vì người nghèo", "Kết luận 62-KL/TW",
                                                  "hạn chế, nguyên nhân", "quỹ vì người nghèo phường")]
    exact = [[i for i, _ in reader.vectors.search(q, 10)] for q in queries]
    windows = layout.read_manifest().vector_windows
    connection = catalog.connect(layout.catalog)
    vectors.sync(layout.vectors, connection, embedder, EmbeddingCache(layout.embedding_cache), kind="ivfpq", windows=windows)
    assert embedder.calls == 0  # every vector came from the cache
    compact = vectors.VectorSearcher(layout.vectors)
    assert compact.kind == "ivfpq" and compact.size == reader.vectors.size and compact.chunks == reader.vectors.chunks
    for query, expected in zip(queries, exact):
        found = [i for i, _ in compact.search(query, 10)]
        assert len(set(found[:5]) & set(expected[:5])) >= 4, (found, expected)
        # rescored from int8 rows: the scores are the float index's up to quantization
        floats = reader.vectors.similarity(query, expected)
        rescored = compact.similarity(query, expected)
        assert max(abs(floats[c] - rescored[c]) for c in expected) < 2e-3
    allowed = exact[0][2:4]
    assert {i for i, _ in compact.search(queries[0], 5, chunk_ids=allowed)} == set(allowed)
    # the row map is two memory-mapped columns (a lookup reads a few pages of the ids); a file
    # written before, with (id, row) pairs, reads the same
    assert isinstance(compact._ids.base, np.memmap) and compact._ids.flags.c_contiguous and compact._rows.flags.c_contiguous
    written = layout.vectors.read_bytes()
    magic, offset, count = struct.unpack("<8sQQ", written[-24:])
    assert magic == b"TRCROWS2" and offset % 4096 == 0 and offset + 16 * count + 24 == len(written)
    pairs = np.empty(count, dtype=[("id", "<i8"), ("row", "<i8")])
    pairs["id"] = np.frombuffer(written, "<i8", count, offset)
    pairs["row"] = np.frombuffer(written, "<i8", count, offset + 8 * count)
    expected_results = [compact.search(q, 10) for q in queries]
    for content in (written[:offset] + pairs.tobytes() + struct.pack("<8sQQ", b"TRCROWS1", offset, count), written):
        # replaced, never rewritten in place (as the index does): open searchers keep their mapping
        layout.vectors.with_suffix(".swap").write_bytes(content)
        layout.vectors.with_suffix(".swap").replace(layout.vectors)
        assert [vectors.VectorSearcher(layout.vectors).search(q, 10) for q in queries] == expected_results
    assert not check.examine(layout).damaged, check.examine(layout).findings
    # every way a filter is applied (scored whole, inside faiss, after it) keeps to the filter
    # and agrees with exact search under the same filter
    every = sorted(set(vectors.owners(compact._ids).tolist()))
    for share in (0.5, 0.03):
        chosen = every[:: max(1, round(1 / share))]
        for exact_below in (vectors._EXACT_BELOW, 0):
            monkeypatch.setattr(vectors, "_EXACT_BELOW", exact_below)
            for query in queries:
                found = [i for i, _ in compact.search(query, 5, chunk_ids=chosen)]
                expected = [i for i, _ in reader.vectors.search(query, 5, chunk_ids=chosen)]
                assert set(found) <= set(chosen) and len(set(found) & set(expected)) >= min(4, len(expected))
    monkeypatch.undo()

    # a deleted document leaves the codes and the row map together
    doc_chunks = {r[0] for r in connection.execute("SELECT id FROM chunks WHERE doc_id = 1")}
    with catalog.transaction(connection):
        catalog.delete_document(connection, 1)
    embed_index(copy_of_corpus_index, kind="ivfpq")  # recorded in the manifest: later runs keep it
    assert layout.read_manifest().vector_index == "ivfpq"
    after = vectors.VectorSearcher(layout.vectors)
    assert after.kind == "ivfpq" and not set(vectors.owners(after._ids).tolist()) & doc_chunks
    assert not check.examine(layout).damaged, check.examine(layout).findings

    # rows the codes need, cut from the cache's rows file, are damage that check names
    from indexer.store.embedding_cache import row_bytes, rows_path

    rows_file = rows_path(layout.embedding_cache, after.index.d)
    keep = int(after._rows.max()) * row_bytes(after.index.d)
    with open(rows_file, "r+b") as handle:
        handle.truncate(keep)
    problems = [f.problem for f in check.examine(layout).findings if f.damage]
    assert any("cannot be rescored" in p and rows_file.name in p for p in problems), problems
    with pytest.raises(KeyError, match="missing from"):
        vectors.VectorSearcher(layout.vectors).similarity(queries[0], list(after._ids[-1:]))


@pytest.mark.parametrize("in_memory", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_a_row_map_change_merges_to_what_sorting_everything_gives(seed, in_memory, monkeypatch):
    from indexer.store import vector_file
    from indexer.store.vector_file import RowMap, RowMapChange

    if in_memory:  # a rebuild's many changes are merged in one sort, not piece by piece
        monkeypatch.setattr(vector_file, "_MERGE_PIECES", 0)

    rng = np.random.default_rng(seed)
    base_ids = np.unique(rng.integers(0, 10_000, 800))
    base = RowMap(base_ids, rng.integers(0, 1 << 40, len(base_ids)))
    dropped = np.unique(rng.choice(len(base_ids), rng.integers(0, 60), replace=False)) if seed else np.empty(0, np.int64)
    fresh = np.setdiff1d(np.unique(rng.integers(0, 10_000, 50)), base_ids)
    again = base_ids[dropped[: len(dropped) // 2]]  # dropped, then added with another row (a changed chunk)
    added_ids = np.sort(np.concatenate([fresh, again]))
    added_rows = rng.integers(0, 1 << 40, len(added_ids))
    change = RowMapChange(base, dropped, added_ids, added_rows)
    keep = np.ones(len(base_ids), bool)
    keep[dropped] = False
    expected = dict(zip(base_ids[keep].tolist(), base.rows[keep].tolist()))
    expected.update(zip(added_ids.tolist(), added_rows.tolist()))
    pieces = change.blocks()
    ids = np.concatenate([p[0] for p in pieces])
    rows = np.concatenate([p[1] for p in pieces])
    assert len(ids) == len(change) == len(expected)
    assert ids.tolist() == sorted(expected) and rows.tolist() == [expected[i] for i in sorted(expected)]


def test_a_compact_index_takes_changed_and_deleted_chunks_without_losing_a_row(copy_of_corpus_index):
    """A later run on a compact index drops and re-adds vectors by merging its row map (never
    sorting it again): every vector keeps its cache row, the file checks whole, and the
    searches give what a compact index rebuilt from the cache gives."""
    from indexer.store import check
    from indexer.store.embedding_cache import EmbeddingCache
    from indexer.store.vector_file import read_row_map

    layout = Layout(copy_of_corpus_index)
    reader = open_reader(copy_of_corpus_index)
    embedder = CountingEmbedder(reader.embedder)
    windows = layout.read_manifest().vector_windows
    connection = catalog.connect(layout.catalog)
    cache = EmbeddingCache(layout.embedding_cache)
    vectors.sync(layout.vectors, connection, embedder, cache, kind="ivfpq", windows=windows)
    before = read_row_map(layout.vectors)
    before = dict(zip(before.ids.tolist(), before.rows.tolist()))
    changed = [r[0] for r in connection.execute("SELECT id FROM chunks WHERE doc_id = 2 ORDER BY id")]
    gone = {r[0] for r in connection.execute("SELECT id FROM chunks WHERE doc_id = 1")}
    with catalog.transaction(connection):
        connection.executemany("UPDATE chunks SET embedded = 0 WHERE id = ?", ((i,) for i in changed))
        catalog.delete_document(connection, 1)
    assert vectors.sync(layout.vectors, connection, embedder, cache, kind="ivfpq", windows=windows) == len(changed)
    assert embedder.calls == 0  # the same texts: from the cache, the same rows
    after = read_row_map(layout.vectors)
    assert np.all(np.diff(after.ids) > 0)
    assert dict(zip(after.ids.tolist(), after.rows.tolist())) == {
        i: row for i, row in before.items() if int(vectors.owners(np.array([i]))[0]) not in gone}
    assert set(changed) <= set(after.ids.tolist())
    assert not check.examine(layout).damaged, check.examine(layout).findings


NEW_REPORT = """ỦY BAN NHÂN DÂN XÃ PHƯỚC AN
Số: 57/BC-UBND

BÁO CÁO
Kết quả thi công kè chống sạt lở bờ sông Đồng Nai năm 2025

Năm 2025, Ủy ban nhân dân xã đã phối hợp với Ban Quản lý dự án đầu tư xây dựng tỉnh hoàn thành
1.250 mét kè chống sạt lở bờ sông Đồng Nai đoạn qua ấp Bến Đò, bảo đảm an toàn cho 84 hộ dân sống
ven sông. Tổng kinh phí thực hiện là 46,8 tỷ đồng từ nguồn ngân sách tỉnh và vốn dự phòng trung ương.

Trong mùa mưa lũ, xã đã di dời khẩn cấp 19 hộ dân ra khỏi vùng nguy cơ sạt lở, cắm biển cảnh báo
tại 7 điểm xung yếu và tổ chức trực ban phòng chống thiên tai 24/24 giờ.

Hạn chế: tiến độ giải phóng mặt bằng đoạn cuối tuyến kè còn chậm do 6 hộ chưa thống nhất phương án
bồi thường. Nguyên nhân: đơn giá bồi thường đất nông nghiệp ven sông thấp hơn giá thị trường.
"""


def test_a_new_file_on_a_compact_index_goes_beside_it_until_a_removal_merges_them(copy_of_corpus_index, tmp_path):
    """At a province's size a new file must not cost a write of the whole compact index: its
    vectors go to vectors.recent.faiss, searched beside it; a later removal (which rewrites the
    compact file anyway) takes them in. A merge stopped before the recent file went leaves its
    vectors in both, which readers, the writer and check take in their stride."""
    from indexer.store import check, integrity
    from indexer.update import IndexSettings, update_index

    layout = Layout(copy_of_corpus_index)
    embed_index(copy_of_corpus_index, kind="ivfpq")  # recorded in the manifest: later runs keep it
    compact_file = vectors.file_identity(layout.vectors)
    before = open_reader(copy_of_corpus_index)
    report = tmp_path / "bao-cao-ke-song.txt"
    report.write_text(NEW_REPORT, encoding="utf-8")
    assert update_index([report], copy_of_corpus_index, IndexSettings()).chunks_embedded >= 1
    assert vectors.file_identity(layout.vectors) == compact_file and layout.recent_vectors.is_file()
    after = before.reopen()  # a server's refresh: the compact file is kept, the recent one read
    assert after.vectors.main is before.vectors.main and after.vectors.recent is not None
    assert integrity.read(layout)[vectors.RECENT_PART]

    reader = open_reader(copy_of_corpus_index)
    new_doc = reader.catalog.execute("SELECT max(id) FROM documents").fetchone()[0]
    new_chunks = {r[0] for r in reader.catalog.execute("SELECT id FROM chunks WHERE doc_id = ?", (new_doc,))}
    query = reader.embedder.embed_query("kè chống sạt lở bờ sông Đồng Nai hoàn thành bao nhiêu mét")
    found = reader.vectors.search(query, 5)
    assert found[0][0] in new_chunks and reader.vectors.chunks == reader.counts()["embedded"]
    assert set(reader.vectors.similarity(query, new_chunks)) == new_chunks
    assert not check.examine(layout).damaged, check.examine(layout).findings
    stored = np.concatenate([ids for ids, _ in reader.vectors.stored()])  # what a migration copies
    assert len(stored) == reader.vectors.size and new_chunks <= set(stored.tolist())

    kept = (layout.recent_vectors.read_bytes(), integrity.read(layout)[vectors.RECENT_PART])
    assert remove_documents_and_embed(copy_of_corpus_index, 1)
    assert not layout.recent_vectors.is_file() and vectors.RECENT_PART not in integrity.read(layout)
    merged = open_reader(copy_of_corpus_index)
    assert merged.vectors.recent is None and merged.vectors.search(query, 1)[0][0] == found[0][0]
    merged_results = merged.vectors.search(query, 10)
    assert not check.examine(layout).damaged, check.examine(layout).findings

    # as if the merge had stopped before the recent file went: its vectors are in both files
    layout.recent_vectors.write_bytes(kept[0])
    integrity.record_vectors(layout, kept[1][0]["size"], kept[1][0]["sha256"], kept[1][0]["count"], replacing=False,
                             part=vectors.RECENT_PART)
    twice = open_reader(copy_of_corpus_index)
    assert twice.vectors.recent is not None
    assert twice.vectors.search(query, 10) == merged_results  # the compact file's copy counts
    assert twice.vectors.similarity(query, new_chunks) == merged.vectors.similarity(query, new_chunks)
    stored = np.concatenate([ids for ids, _ in twice.vectors.stored()])
    assert len(stored) == len(set(stored.tolist())) == twice.vectors.main.size  # each vector once
    assert not check.examine(layout).damaged, check.examine(layout).findings
    embed_index(copy_of_corpus_index)  # the writer drops the stale file
    assert not layout.recent_vectors.is_file() and not check.examine(layout).damaged

    # a writer stopped between recording a first recent file and swapping it in: the catalog
    # claims none of its vectors, so readers and check go on, and the next run drops the record
    integrity.record_vectors(layout, 123, "0" * 64, 7, replacing=True, part=vectors.RECENT_PART)
    assert open_reader(copy_of_corpus_index).vectors.search(query, 10) == merged_results
    assert not check.examine(layout).damaged, check.examine(layout).findings
    embed_index(copy_of_corpus_index)
    assert vectors.RECENT_PART not in integrity.read(layout)


def test_recent_vectors_past_their_limit_are_merged_into_the_compact_index(copy_of_corpus_index, tmp_path, monkeypatch):
    from indexer.store import check, integrity
    from indexer.update import IndexSettings, update_index

    layout = Layout(copy_of_corpus_index)
    embed_index(copy_of_corpus_index, kind="ivfpq")
    compact_file = vectors.file_identity(layout.vectors)
    monkeypatch.setattr(vectors, "RECENT_MAX", 5)  # a 3-paragraph report has more vectors than that
    report = tmp_path / "bao-cao-ke-song.txt"
    report.write_text(NEW_REPORT, encoding="utf-8")
    assert update_index([report], copy_of_corpus_index, IndexSettings()).chunks_embedded >= 1
    assert vectors.file_identity(layout.vectors) != compact_file and not layout.recent_vectors.is_file()
    assert vectors.RECENT_PART not in integrity.read(layout)
    reader = open_reader(copy_of_corpus_index)
    new_doc = reader.catalog.execute("SELECT max(id) FROM documents").fetchone()[0]
    new_chunks = {r[0] for r in reader.catalog.execute("SELECT id FROM chunks WHERE doc_id = ?", (new_doc,))}
    query = reader.embedder.embed_query("kè chống sạt lở bờ sông Đồng Nai hoàn thành bao nhiêu mét")
    assert reader.vectors.recent is None and reader.vectors.kind == "ivfpq"
    assert reader.vectors.search(query, 3)[0][0] in new_chunks
    assert not check.examine(layout).damaged, check.examine(layout).findings


def test_removing_a_file_whose_vectors_are_recent_leaves_the_compact_index_alone(copy_of_corpus_index, tmp_path):
    from indexer.store import check
    from indexer.update import IndexSettings, update_index

    layout = Layout(copy_of_corpus_index)
    embed_index(copy_of_corpus_index, kind="ivfpq")
    report = tmp_path / "bao-cao-ke-song.txt"
    report.write_text(NEW_REPORT, encoding="utf-8")
    update_index([report], copy_of_corpus_index, IndexSettings())
    compact_file = vectors.file_identity(layout.vectors)
    reader = open_reader(copy_of_corpus_index)
    new_doc = reader.catalog.execute("SELECT max(id) FROM documents").fetchone()[0]
    recent_before = reader.vectors.recent.size
    assert recent_before > 0
    assert remove_documents_and_embed(copy_of_corpus_index, new_doc)
    assert vectors.file_identity(layout.vectors) == compact_file  # only the recent file was written
    after = open_reader(copy_of_corpus_index).vectors
    assert after.recent is not None and after.recent.size == 0 and after.size == reader.vectors.main.size
    assert not check.examine(layout).damaged, check.examine(layout).findings


def remove_documents_and_embed(root, doc_id: int) -> bool:
    from indexer.update import remove_documents

    removed = remove_documents(root, [doc_id]) == [doc_id]
    embed_index(root)
    return removed


def test_a_reader_opened_again_reads_the_vectors_again_only_when_their_file_was_replaced(copy_of_corpus_index):
    """A server looks for other writers' commits every half second and opens the committed state
    again on each: a commit that left vectors.faiss alone (keywords first, a removal) keeps the
    searcher already loaded; a replaced file is read again."""
    from indexer.update import remove_documents

    reader = open_reader(copy_of_corpus_index)
    query = reader.embedder.embed_query("cuộc vận động Vì người nghèo")
    same = reader.reopen()
    assert same.vectors is reader.vectors
    documents = reader.counts()["documents"]
    doc_chunks = {r[0] for r in reader.catalog.execute("SELECT id FROM chunks WHERE doc_id = 1")}
    assert remove_documents(copy_of_corpus_index, [1]) == [1]  # catalog and keywords now, vectors later
    kept = same.reopen()
    assert kept.vectors is reader.vectors and kept.counts()["documents"] == documents - 1
    # replaced by a file of the same size and count (a rewrite): told apart by the file, not the record
    layout = Layout(copy_of_corpus_index)
    shutil.copy2(layout.vectors, layout.vectors.with_suffix(".copy"))
    layout.vectors.with_suffix(".copy").replace(layout.vectors)
    assert kept.reopen().vectors is not reader.vectors
    embed_index(copy_of_corpus_index)  # the removal reaches vectors.faiss: a new file
    fresh = kept.reopen()
    assert fresh.vectors is not reader.vectors
    assert doc_chunks and not doc_chunks & set(fresh.vectors.similarity(query, doc_chunks))
    assert doc_chunks & set(reader.vectors.similarity(query, doc_chunks))  # the old reader still answers as before


def test_a_search_process_keeps_numpy_s_blas_to_one_thread(corpus_index):
    """A second OpenBLAS thread spins after each of the searcher's small products and takes a core
    from BM25 and the query embedder (hybrid CPU 87 → 49 ms a request at 1M chunks). In a process of
    its own: a test worker may hold libraries and threads earlier tests loaded (one of them left a
    BLAS at two threads beside this check in CI)."""
    check = textwrap.dedent(f"""
        from threadpoolctl import threadpool_info, threadpool_limits
        from indexer.store import vectors
        from pathlib import Path
        from indexer.store.layout import Layout

        threadpool_limits(2, user_api="blas")
        vectors.VectorSearcher(Layout(Path({str(corpus_index)!r})).vectors)
        print({{(pool["filepath"], pool["num_threads"]) for pool in threadpool_info() if pool["user_api"] == "blas"}})
    """)
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    pools = ast.literal_eval(done.stdout.strip())
    assert any("numpy" in path for path, _ in pools), pools
    assert {threads for _, threads in pools} == {1}, pools
