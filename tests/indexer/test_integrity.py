"""`tracuu check`, checksums of the derived parts, and damaged parts refused on opening: a
truncated or corrupted file is reported with its part and its repair, never served as a partial
answer, and `tracuu check --repair` rebuilds the derived parts from the catalog."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import faiss
import numpy as np
import pytest
import tantivy

from api.cli import main
from api.search import SearchRequest, Searcher
from indexer.store import integrity, vectors
from indexer.store.check import CHECKSUMS, LEXICAL, VECTORS, examine
from indexer.store.layout import IndexDamaged, Layout
from indexer.store.reader import open_reader

QUERIES = ("Vì người nghèo", "xây dựng nông thôn mới", "công tác phòng chống dịch")


@pytest.fixture
def index(corpus_index, tmp_path) -> Path:
    return Path(shutil.copytree(corpus_index, tmp_path / "index"))


def answers(root: Path) -> dict:
    """Chunk ids found for a few queries by keywords and by vectors."""
    reader = open_reader(root)
    try:
        searcher = Searcher(reader)
        return {(q, mode): [r.chunk_id for r in searcher.search(SearchRequest(q, mode=mode, k=10, snippets=False)).results]
                for q in QUERIES for mode in ("bm25", "dense")}
    finally:
        reader.close()


def truncate_vectors(root: Path) -> str:
    path = root / "vectors.faiss"
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    return VECTORS


def corrupt_lexical_segment(root: Path) -> str:
    """Overwrite bytes inside the largest segment file, keeping its size (what a bad sector does)."""
    path = max((p for p in (root / "lexical").iterdir() if p.suffix in (".idx", ".term", ".store")),
               key=lambda p: p.stat().st_size)
    with open(path, "r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        handle.write(b"\x00garbage\xff" * 4)
    return LEXICAL


def truncate_catalog(root: Path) -> str:
    path = root / "catalog.sqlite"
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    return "catalog"


DAMAGE = [truncate_vectors, corrupt_lexical_segment, truncate_catalog]


def test_a_whole_index_checks_whole(index, capsys):
    assert main(["check", "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert "catalog: whole (2 documents" in out and "lexical index: whole" in out and "vector index: whole" in out
    recorded = json.loads((index / "checksums.json").read_text())
    assert recorded["lexical"] and recorded["vectors"][0]["size"] == (index / "vectors.faiss").stat().st_size
    report = examine(Layout(index))
    assert not report.findings, report.findings
    assert report.facts[VECTORS]["chunks"] == report.facts["catalog"]["chunks"]
    assert main(["check", "--index", str(index), "--json"]) == 0
    as_json = json.loads(capsys.readouterr().out)
    assert (as_json["damaged"], as_json["findings"], as_json["facts"]["catalog"]["documents"]) == (False, [], 2)


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__)
def test_a_damaged_part_is_refused_on_opening_and_named_by_check(index, damage, capsys):
    part = damage(index)
    with pytest.raises(IndexDamaged) as raised:
        open_reader(index)
    assert raised.value.part == part and f"the {part} of {index} is damaged" in str(raised.value)
    assert "tracuu" in str(raised.value)  # says what to run
    assert main(["search", "Vì người nghèo", "--index", str(index)]) == 2
    assert f"the {part} of {index} is damaged" in capsys.readouterr().err
    assert main(["check", "--index", str(index)]) == 1
    out = capsys.readouterr().out
    assert f"DAMAGED {part}:" in out and "repair:" in out


@pytest.mark.parametrize("damage", [truncate_vectors, corrupt_lexical_segment], ids=lambda f: f.__name__)
def test_repair_rebuilds_a_derived_part_from_the_catalog(index, damage, capsys):
    before = answers(index)
    damage(index)
    assert main(["check", "--index", str(index), "--repair", "--quiet"]) == 0
    assert "whole" in capsys.readouterr().out
    assert answers(index) == before


def test_a_damaged_catalog_is_not_repaired_from_its_derived_parts(index, capsys):
    truncate_catalog(index)
    assert main(["check", "--index", str(index), "--repair"]) == 1
    captured = capsys.readouterr()
    assert "cannot repair the catalog" in captured.err and "tracuu restore" in captured.err


def test_catalog_and_keyword_index_disagreeing_is_damage(index, capsys):
    lexical_index = tantivy.Index.open(str(index / "lexical"))
    writer = lexical_index.writer(heap_size=15_000_000, num_threads=1)
    some_chunk = sorted(open_reader(index).chunk_ids())[5]
    writer.delete_documents_by_term("chunk_id", some_chunk)
    writer.add_document(tantivy.Document(chunk_id=987654, doc_id=1, exact="xyz", folded="xyz", context_exact="",
                                         context_folded=""))
    writer.commit()
    writer.wait_merging_threads()
    integrity.record_lexical(Layout(index))  # checksums agree: only the ids tell
    report = examine(Layout(index))
    problems = [f.problem for f in report.findings if f.part == LEXICAL and f.damage]
    assert any("marks as indexed are not in it" in p and str(some_chunk) in p for p in problems), problems
    assert any("no chunk of the catalog" in p and "987654" in p for p in problems), problems
    assert main(["check", "--index", str(index), "--repair"]) == 0
    capsys.readouterr()
    assert not examine(Layout(index)).damaged


def test_a_vector_or_window_missing_is_damage(index):
    layout = Layout(index)
    stored = faiss.read_index(str(layout.vectors))
    ids = faiss.vector_to_array(faiss.downcast_index(stored).id_map)
    window = int(ids[ids >= vectors.WINDOW_BASE][0])
    stored.remove_ids(np.array([window], dtype=np.int64))
    vectors.save(stored, layout.vectors)  # recorded: the file is whole, its content is not
    report = examine(layout)
    owner = int(vectors.owners(np.array([window]))[0])
    assert [f.problem for f in report.findings if f.damage] == [
        f"1 chunk(s) marked embedded lack their vector or a window's: {owner}"]
    assert report.damaged_parts() == {VECTORS}


def test_a_vector_of_no_chunk_is_damage(index):
    layout = Layout(index)
    stored = faiss.read_index(str(layout.vectors))
    stray = 987654
    stored.add_with_ids(np.ones((1, stored.d), dtype=np.float32) / np.sqrt(stored.d), np.array([stray], dtype=np.int64))
    vectors.save(stored, layout.vectors)
    report = examine(layout)
    assert [f.problem for f in report.findings if f.damage] == [f"1 vector id(s) belong to no chunk of the catalog: {stray}"]


def test_an_index_without_checksums_is_told_so_and_still_served(index, capsys):
    (index / "checksums.json").unlink()
    open_reader(index).close()
    assert main(["check", "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert "note checksums: no checksums recorded" in out and "DAMAGED" not in out
    assert main(["check", "--index", str(index), "--repair"]) == 0
    assert (index / "checksums.json").is_file()
    assert not examine(Layout(index)).findings


def test_work_a_stopped_run_left_is_a_note_not_damage(index):
    """After a kill between the catalog's commit and the keyword index's, the catalog says what
    is owed; that is not damage (the next run does it)."""
    connection = sqlite3.connect(index / "catalog.sqlite")
    connection.execute("UPDATE chunks SET lexical = 0 WHERE id IN (SELECT id FROM chunks ORDER BY id LIMIT 3)")
    connection.commit()
    connection.close()
    report = examine(Layout(index))
    assert not report.damaged
    assert any(f.part == LEXICAL and "still wait for the keyword index" in f.problem for f in report.findings)


def test_checksums_follow_each_commit_and_an_unreadable_record_is_named(index):
    layout = Layout(index)
    before = integrity.read(layout)
    assert set(before["lexical"]) == set(integrity.committed_lexical_files(layout.lexical))
    layout.checksums.write_text("{not json")
    with pytest.raises(IndexDamaged) as raised:
        open_reader(index)
    assert raised.value.part == CHECKSUMS


def test_a_segment_merged_away_while_recording_is_read_again(index, monkeypatch):
    """tantivy's background merge can commit and delete the segments it replaced between the
    listing of meta.json's files and their hashing (a 1M-chunk build crashed so): the record reads
    meta.json again and names the files now committed, each with its true checksum."""
    layout = Layout(index)
    real = integrity.committed_lexical_files
    listings = []

    def listing_with_a_merged_segment(lexical_dir):
        files = real(lexical_dir)
        listings.append(files)
        return files + ["0123456789abcdef0123456789abcdef.idx"] if len(listings) == 1 else files

    integrity.write(layout, {k: v for k, v in integrity.read(layout).items() if k != "lexical"})
    monkeypatch.setattr(integrity, "committed_lexical_files", listing_with_a_merged_segment)
    integrity.record_lexical(layout)
    recorded = integrity.read(layout)["lexical"]
    assert len(listings) == 2 and set(recorded) == set(real(layout.lexical))
    name = max(recorded, key=lambda n: recorded[n]["size"])
    assert (recorded[name]["size"], recorded[name]["sha256"]) == integrity.digest(layout.lexical / name)
    assert not examine(layout).damaged


def test_a_segment_file_that_stays_missing_is_still_an_error(index, monkeypatch):
    layout = Layout(index)
    monkeypatch.setattr(integrity, "committed_lexical_files", lambda lexical_dir: ["0123456789abcdef0123456789abcdef.idx"])
    with pytest.raises(FileNotFoundError, match="0123456789abcdef"):
        integrity.record_lexical(layout)
