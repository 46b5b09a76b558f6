"""`tracuu backup` and `tracuu restore`: a backup taken while another process indexes file after
file holds exactly the documents committed when it was taken, each searchable by keywords and
by vectors once restored, and the restored index checks whole; restoring refuses to overwrite
without --force, refuses a damaged backup, and moves stored uploads with the index."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from api.cli import main
from api.search import SearchRequest, Searcher
from indexer.store.backup import BackupProblem, backup, restore, snapshot
from indexer.store.check import examine
from indexer.store.layout import Layout
from indexer.store.reader import open_reader
from indexer.update import IndexSettings, update_index
from indexer.uploads import Upload, add_uploads

from tests.conftest import CORPUS, REPO

WRITER = """
import sys
from pathlib import Path
from indexer.update import IndexSettings, update_index
index, cache, progress, files = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:]
for done, path in enumerate(files, 1):
    report = update_index([path], index, IndexSettings(embedding_cache=cache))
    assert not report.failed and report.chunks_pending_embedding == 0, report
    progress.write_text(str(done))
"""


def pieces(folder: Path, count: int) -> list[Path]:
    """The 2026 report cut into ``count`` files of whole lines, each its own document."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = next(CORPUS.glob("004_*.txt")).read_text(encoding="utf-8").splitlines(keepends=True)
    size = len(lines) // count
    out = []
    for i in range(count):
        path = folder / f"dang-uy-phan-{i + 1}.txt"
        path.write_text("".join(lines[i * size:(i + 1) * size if i < count - 1 else None]), encoding="utf-8")
        out.append(path)
    return out


def own_phrase(path: Path) -> str:
    return max(path.read_text(encoding="utf-8").splitlines(), key=len)[:80]


def names(root: Path) -> set[str]:
    reader = open_reader(root)
    try:
        return {Path(path).name for path in reader.document_identities().values() for path in [path[2]]}
    finally:
        reader.close()


def found(root: Path, query: str, mode: str) -> set[str]:
    reader = open_reader(root)
    try:
        return {Path(r.path).name for r in Searcher(reader).search(SearchRequest(query, mode=mode, k=20, snippets=False)).results}
    finally:
        reader.close()


@pytest.fixture
def index(corpus_index, tmp_path) -> Path:
    return Path(shutil.copytree(corpus_index, tmp_path / "index"))


def test_a_backup_taken_mid_write_restores_exactly_the_committed_documents(index, tmp_path, corpus_index):
    files = pieces(tmp_path / "new", 4)
    progress = tmp_path / "progress"
    cache = tmp_path / "cache.sqlite"
    shutil.copy(corpus_index / "embeddings.sqlite", cache)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(index), str(cache), str(progress), *map(str, files)],
                              cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while not progress.exists() and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert progress.exists(), writer.stderr.read() if writer.poll() is not None else "the writer did not start"
        result = backup(index, tmp_path / "backup")
        writing_when_taken = writer.poll() is None
    finally:
        _, errors = writer.communicate(timeout=600)
    assert writer.returncode == 0, errors
    assert writing_when_taken, "the writer had finished before the backup: nothing was taken mid-write"
    restored = restore(tmp_path / "backup", tmp_path / "restored").target
    committed = names(restored) - {"000_6594ddbbd3241b12.txt", "004_a707af0accb6fc05.txt"}
    k = len(committed)
    assert 1 <= k <= len(files) and committed == {f.name for f in files[:k]}  # a prefix: whole files only
    assert result.documents == 2 + k
    report = examine(Layout(restored))
    assert not report.findings, report.findings  # nothing owed: every committed chunk has its terms and vectors
    for path in files[:k]:
        assert path.name in found(restored, own_phrase(path), "bm25")
        assert path.name in found(restored, own_phrase(path), "dense")
    assert names(index) >= {f.name for f in files}  # the writer went on after the backup


def test_the_writer_lock_is_held_only_while_files_are_linked(index, tmp_path):
    """A writer arriving during a snapshot waits for it instead of being refused, and a snapshot
    keeps its state while the index changes under it."""
    extra = pieces(tmp_path / "new", 2)
    with snapshot(Layout(index)) as snap:
        before = snap.documents
        update_index([extra[0]], index, IndexSettings(embed=False))  # the lock is free again
        assert snap.catalog.execute("SELECT count(*) FROM documents").fetchone()[0] == before
        report = examine(snap.layout, snap.catalog, root=index)
        assert not report.damaged and report.facts["catalog"]["documents"] == before


def test_restore_refuses_to_overwrite_without_force_and_swaps_with_it(index, tmp_path, capsys):
    assert main(["backup", str(tmp_path / "backup"), "--index", str(index)]) == 0
    assert "2 documents" in capsys.readouterr().out
    update_index(pieces(tmp_path / "new", 2), index, IndexSettings(embed=False))
    assert len(names(index)) == 4
    assert main(["restore", str(tmp_path / "backup"), "--index", str(index)]) == 2
    assert "add --force" in capsys.readouterr().err
    assert len(names(index)) == 4
    assert main(["restore", str(tmp_path / "backup"), "--index", str(index), "--force"]) == 0
    assert "replaced" in capsys.readouterr().out
    assert len(names(index)) == 2
    assert (index / "embeddings.sqlite").is_file()  # the replaced index's cache is kept
    assert main(["check", "--index", str(index)]) == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging or replaced folder left


def test_the_embedding_cache_is_copied_when_asked(index, tmp_path):
    assert not (backup(index, tmp_path / "plain").target / "embeddings.sqlite").exists()
    copied = backup(index, tmp_path / "with-cache", embedding_cache=True).target / "embeddings.sqlite"
    restored = restore(tmp_path / "with-cache", tmp_path / "restored").target

    def vectors_in(path: Path) -> int:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return connection.execute("SELECT count(*) FROM keys").fetchone()[0]
        finally:
            connection.close()

    assert vectors_in(copied) == vectors_in(restored / "embeddings.sqlite") == vectors_in(index / "embeddings.sqlite") > 0
    rows = [p.stat().st_size for p in (copied.parent / "embeddings.384.rows", restored / "embeddings.384.rows",
                                       index / "embeddings.384.rows")]
    assert rows[0] == rows[1] == rows[2] > 0


def test_a_compact_index_is_backed_up_with_the_rows_it_rescores_from(index, tmp_path):
    from indexer.store.vectors import VectorSearcher
    from indexer.update import embed_index

    compact = tmp_path / "compact"
    shutil.copytree(index, compact)
    embed_index(compact, kind="ivfpq")
    restored = restore(backup(compact, tmp_path / "backup").target, tmp_path / "restored").target
    assert (restored / "embeddings.sqlite").is_file() and (restored / "embeddings.384.rows").is_file()
    assert not examine(Layout(restored)).damaged
    searcher, source = VectorSearcher(restored / "vectors.faiss"), VectorSearcher(compact / "vectors.faiss")
    query = source._row_reader.vectors(np.asarray(source._rows[:1]))[0]
    assert searcher.kind == "ivfpq" and searcher.search(query, 5) == source.search(query, 5)


def test_a_damaged_backup_is_refused_naming_the_file(index, tmp_path):
    backup(index, tmp_path / "backup")
    with open(tmp_path / "backup" / "vectors.faiss", "r+b") as handle:
        handle.seek(1000)
        handle.write(b"\xff\x00damage")
    with pytest.raises(BackupProblem, match=r"backup at .* is damaged: vectors.faiss differs"):
        restore(tmp_path / "backup", tmp_path / "restored")
    assert not (tmp_path / "restored").exists()


def test_a_backup_needs_a_new_folder_outside_the_index(index, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    with pytest.raises(BackupProblem, match="not empty"):
        backup(index, tmp_path / "used")
    with pytest.raises(BackupProblem, match="inside the index"):
        backup(index, index / "backup")


def test_uploads_travel_with_a_restore_to_another_folder(index, tmp_path):
    source = pieces(tmp_path / "new", 3)[1]
    received = tmp_path / "received.txt"
    shutil.copy(source, received)  # add_uploads moves it under uploads/
    outcome = add_uploads(index, [Upload(received, "Báo cáo phần 2.txt")], IndexSettings(embed=False))[0]
    assert outcome.status == "added"
    backup(index, tmp_path / "backup")
    description = json.loads((tmp_path / "backup" / "backup.json").read_text())
    assert any(name.startswith("uploads/") for name in description["files"])
    elsewhere = restore(tmp_path / "backup", tmp_path / "moved").target
    reader = open_reader(elsewhere)
    try:
        files = reader.document_files(outcome.doc_id)
    finally:
        reader.close()
    assert [(Path(f.path).parent, f.name, f.uploaded) for f in files] == [
        ((elsewhere / "uploads").resolve(), "Báo cáo phần 2.txt", True)]
    assert Path(files[0].path).read_bytes() == source.read_bytes()
