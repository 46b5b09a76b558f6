"""Versions grouped at index time (indexer/versions.py): drafts and finals of one real report
group, two units' reports of one template do not, and the groups follow additions, removals
and re-indexing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from indexer import versions
from indexer.store import catalog as cat
from indexer.store.reader import open_reader
from indexer.update import IndexSettings, remove_documents, update_index

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
REPORT = CORPUS / "000_6594ddbbd3241b12.txt"  # MTTQ tỉnh Hải Dương, 2019, on Kết luận 62-KL/TW
OTHER = CORPUS / "004_a707af0accb6fc05.txt"  # Đảng ủy phường Hải Dương, 2025, on the same Kết luận
LEXICAL_ONLY = IndexSettings(embed=False)


def report_text() -> str:
    """The report as indexed: TCVN3 date line decoded, NFC."""
    from indexer.extraction import extract_file

    return extract_file(REPORT).text


def draft_of(text: str) -> str:
    """The report as an earlier draft: a blank date line, one paragraph worded otherwise, the
    signer's name not yet typed."""
    first_line, rest = text.split("\n", 1)
    assert first_line.startswith("Hải Dương, ngày 10 tháng 4")
    draft = "Hải Dương, ngày     tháng 4 năm 2019\n" + rest
    paragraph = "Thực hiện kết luận 62-KL/TW ngày 8/12/2009 của Bộ Chính trị"
    assert paragraph in draft
    draft = draft.replace(paragraph, "Triển khai Kết luận 62-KL/TW ngày 8/12/2009 của Bộ Chính trị (khóa X)", 1)
    assert "Nguyễn Đình Xiển" in draft
    return draft.replace("Nguyễn Đình Xiển", "")


def other_province(text: str) -> str:
    """The same report written for another province from the same template: its unit, place
    and figures are its own (what the archive's communes do with one district's template)."""
    swapped = text.replace("Hải Dương", "Hưng Yên")
    for old, new in (("1.000", "1.250"), ("500 triệu", "420 triệu")):
        swapped = swapped.replace(old, new)
    return swapped


def signature(doc_id: int, text: str, **fields) -> versions.Signature:
    return versions.signature_of(doc_id, text, **fields)


def test_a_draft_and_its_final_are_one_group_headed_by_the_dated_final():
    final, draft = report_text(), draft_of(report_text())
    a = signature(1, final, unit="Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương", date="2019-04-10")
    b = signature(2, draft, unit="Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương", date=None)
    assert versions.similarity(a, b) >= versions.JACCARD
    texts = {1: final, 2: draft}
    assert versions.group([b, a], texts.get) == {1: [1, 2]}


def test_two_provinces_reports_of_one_template_stay_apart():
    mine, theirs = report_text(), other_province(report_text())
    a = signature(1, mine, unit="Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương")
    b = signature(2, theirs, unit="Ban Thường trực Ủy ban MTTQ tỉnh Hưng Yên")
    assert versions.similarity(a, b) >= versions.JACCARD  # alike enough to be proposed …
    assert not versions.compatible(a, b)  # … kept apart by their units
    # and by their text alone when no unit was read: each repeats its own place's name
    a.unit = b.unit = None
    mine_only, theirs_only = versions.distinct_subjects(mine, theirs)
    assert "^duong" in mine_only and "^yen" in theirs_only
    assert versions.group([a, b], {1: mine, 2: theirs}.get) == {}


def test_filled_in_numbers_that_differ_keep_two_cover_notes_apart():
    a = signature(1, report_text(), number="122-11/PT-NC")
    b = signature(2, report_text(), number="123-11/PT-NC")
    assert not versions.compatible(a, b)
    blank = signature(3, report_text(), number="/PT-NC")
    assert versions.compatible(a, blank)


def test_two_reports_on_one_subject_by_two_units_are_not_versions():
    a, b = signature(1, report_text()), signature(2, OTHER.read_text(encoding="utf-8"))
    assert versions.similarity(a, b) < 0.2
    assert versions.group([a, b]) == {}


def test_short_texts_are_never_grouped():
    line = "Nơi nhận: Như trên; Lưu VT."
    a, b = signature(1, line), signature(2, line)
    assert not a.groupable and versions.group([a, b]) == {}


def folder_with(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def stored_groups(index: Path) -> dict[int, list[int]]:
    reader = open_reader(index)
    try:
        ids = [row["id"] for row in reader.catalog.execute("SELECT id FROM documents")]
        return reader.version_groups(ids)
    finally:
        reader.close()


def ids_by_name(index: Path) -> dict[str, int]:
    connection = cat.connect(index / "catalog.sqlite", readonly=True)
    try:
        return {Path(path).name: doc_id for path, doc_id in connection.execute("SELECT path, doc_id FROM paths")}
    finally:
        connection.close()


def test_index_runs_keep_the_groups_right(tmp_path):
    final, draft = report_text(), draft_of(report_text())
    folder = folder_with(tmp_path, **{"bao-cao.txt": final, "du-thao.txt": draft,
                                      "phuong.txt": OTHER.read_text(encoding="utf-8")})
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    ids = ids_by_name(index)
    head, member = ids["bao-cao.txt"], ids["du-thao.txt"]
    assert stored_groups(index) == {head: [head, member], member: [head, member]}

    # a third version added later joins the group
    (folder / "ban-sua.txt").write_text(draft.replace("(khóa X)", "(khoá X) của Đảng"), encoding="utf-8")
    update_index([folder], index, LEXICAL_ONLY)
    ids = ids_by_name(index)
    assert set(stored_groups(index)[head]) == {head, member, ids["ban-sua.txt"]}
    assert ids["phuong.txt"] not in stored_groups(index)

    # the draft removed: the rest stay grouped; the final removed too: no group is left
    remove_documents(index, [member])
    (folder / "du-thao.txt").unlink()
    assert set(stored_groups(index)[head]) == {head, ids["ban-sua.txt"]}
    (folder / "bao-cao.txt").unlink()
    update_index([folder], index, LEXICAL_ONLY, prune=True)
    assert stored_groups(index) == {}

    # a file re-indexed with other content leaves its old group
    (folder / "bao-cao.txt").write_text(final, encoding="utf-8")
    update_index([folder], index, LEXICAL_ONLY)
    ids = ids_by_name(index)
    assert set(stored_groups(index)[ids["bao-cao.txt"]]) == {ids["bao-cao.txt"], ids["ban-sua.txt"]}
    (folder / "ban-sua.txt").write_text(other_province(final), encoding="utf-8")  # now another province's report
    update_index([folder], index, LEXICAL_ONLY)
    assert stored_groups(index) == {}


def test_an_index_built_before_groups_existed_reads_and_is_grouped_by_its_next_run(tmp_path):
    folder = folder_with(tmp_path, **{"bao-cao.txt": report_text(), "du-thao.txt": draft_of(report_text())})
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    connection = sqlite3.connect(index / "catalog.sqlite")
    for table in ("version_groups", "version_signatures", "version_state"):
        connection.execute(f"DROP TABLE {table}")
    connection.commit()
    connection.close()
    assert stored_groups(index) == {}  # an older catalog: searched as before, no groups
    update_index([folder], index, LEXICAL_ONLY)  # nothing changed on disk; the run groups it
    assert len(next(iter(stored_groups(index).values()))) == 2


def test_check_finds_no_damage_in_a_grouped_index(tmp_path):
    from indexer.store.check import examine
    from indexer.store.layout import Layout

    folder = folder_with(tmp_path, **{"bao-cao.txt": report_text(), "du-thao.txt": draft_of(report_text())})
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    assert stored_groups(index)
    report = examine(Layout(index))
    assert not report.findings, report.findings


def test_the_head_is_the_newest_then_the_longest():
    text = report_text()
    undated_long = signature(1, text + "\nPhụ lục: số liệu chi tiết kèm theo báo cáo.", date=None)
    month = signature(2, text, date="2019-04")
    day = signature(3, text, date="2019-04-10")
    assert versions.group([undated_long, month, day], None) == {3: [3, 2, 1]}
    assert versions.head_order(signature(4, text, date="2025")) > versions.head_order(signature(5, text, date="2025-09"))


def test_a_reader_sees_only_the_versions_in_its_scope(tmp_path):
    from indexer.store.reader import ReadScope

    folder = folder_with(tmp_path, **{"bao-cao.txt": report_text()})
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "du-thao.txt").write_text(draft_of(report_text()), encoding="utf-8")
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    update_index([drafts], index, IndexSettings(embed=False, collection="nhap"))
    reader = open_reader(index)
    try:
        ids = [row["id"] for row in reader.catalog.execute("SELECT id FROM documents")]
        assert len(reader.version_groups(ids)) == 2  # full access: one group of both
        public = reader.view(ReadScope(collections=frozenset({"default"})))
        assert public.version_groups(ids) == {}  # the draft's collection is out of scope: no group shown
    finally:
        reader.close()
