"""Version groups kept incrementally (indexer/versions.py ``sync``) equal the whole grouping
(``group``) computed from scratch on the same documents: real reports of corpus/ and drafts,
copies, excerpts and other provinces' versions of them, added over several runs, some deleted,
one file re-indexed with other content; and an old index grouped a few documents per run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from indexer import versions
from indexer.store import catalog as cat
from indexer.update import remove_documents, update_index

from tests.indexer.test_versions import LEXICAL_ONLY, OTHER, draft_of, folder_with, ids_by_name, other_province, report_text


def excerpt(text: str, start: float, end: float) -> str:
    """The whole paragraphs between two fractions of the text's length: what a copy of part of a
    report keeps."""
    first = text.rfind("\n", 0, int(len(text) * start)) + 1 if start else 0
    last = text.find("\n", int(len(text) * end)) if end < 1 else -1
    return text[first:last if last > 0 else len(text)]


def variants() -> dict[str, str]:
    report, other = report_text(), OTHER.read_text(encoding="utf-8")
    draft = draft_of(report)
    return {
        "bao-cao.txt": report,
        "du-thao.txt": draft,
        "ban-sua.txt": draft.replace("(khóa X)", "(khoá X) của Đảng"),
        "dau.txt": excerpt(report, 0.0, 0.78),  # the head of the report …
        "cuoi.txt": excerpt(report, 0.2, 1.0),  # … and its tail: versions of the report, not of each other
        "hung-yen.txt": other_province(report),
        "hung-yen-nhap.txt": draft_of(report).replace("Hải Dương", "Hưng Yên"),
        "phuong.txt": other,
        "phuong-sua.txt": other.replace("\n", "\nGhi chú: bản đã sửa theo góp ý.\n", 1),
        "phuong-dau.txt": excerpt(other, 0.0, 0.9),
    }


def stored(index: Path) -> dict[int, list[int]]:
    """The catalog's groups: head id → members, head first (as the catalog holds them, not as a reader shows them)."""
    connection = sqlite3.connect(index / "catalog.sqlite")
    try:
        groups: dict[int, list[int]] = {}
        for group_id, doc_id in connection.execute(
                "SELECT g.group_id, g.doc_id FROM version_groups g JOIN documents d ON d.id = g.doc_id "
                "ORDER BY g.group_id, g.position"):
            groups.setdefault(group_id, []).append(doc_id)
        return {members[0]: members for members in groups.values() if len(members) > 1}
    finally:
        connection.close()


def from_scratch(index: Path) -> dict[int, list[int]]:
    """``group`` over every document of the index, signatures computed again from their texts."""
    connection = sqlite3.connect(index / "catalog.sqlite")
    try:
        rows = connection.execute("SELECT id, text, unit, number, date, title FROM documents").fetchall()
    finally:
        connection.close()
    texts = {row[0]: row[1] for row in rows}
    signatures = [versions.signature_of(i, text, unit, number, date, title) for i, text, unit, number, date, title in rows]
    return versions.group(signatures, texts.get)


def test_groups_kept_run_by_run_equal_the_whole_grouping(tmp_path):
    texts = variants()
    batches = [["bao-cao.txt", "phuong.txt", "dau.txt"], ["du-thao.txt", "cuoi.txt", "phuong-sua.txt", "hung-yen.txt"],
               ["ban-sua.txt", "hung-yen-nhap.txt", "phuong-dau.txt"]]
    folder = folder_with(tmp_path)
    index = tmp_path / "index"
    seen: list[dict[int, list[int]]] = []
    for batch in batches:
        for name in batch:
            (folder / name).write_text(texts[name], encoding="utf-8")
        update_index([folder], index, LEXICAL_ONLY)
        seen.append(stored(index))
        assert seen[-1] == from_scratch(index)
    grouped = seen[-1]
    assert len(grouped) >= 3 and max(len(m) for m in grouped.values()) >= 4, grouped  # the test has something to keep
    ids = ids_by_name(index)
    assert ids["hung-yen.txt"] not in {m for members in grouped.values() if ids["bao-cao.txt"] in members for m in members}

    # the report deleted: its drafts still join the head and the tail excerpts
    remove_documents(index, [ids["bao-cao.txt"]])
    (folder / "bao-cao.txt").unlink()
    after = stored(index)
    assert after == from_scratch(index) != grouped
    assert any({ids["dau.txt"], ids["cuoi.txt"]} <= set(members) for members in after.values())
    # the drafts gone too (one deleted with --prune, one re-indexed as a copy of another
    # province's report, in one run), with a copy of the other report: the excerpts fall apart
    for name in ("ban-sua.txt", "phuong-dau.txt"):
        (folder / name).unlink()
    (folder / "du-thao.txt").write_text(texts["hung-yen.txt"].replace("\n", "\n(bản sao)\n", 1), encoding="utf-8")
    update_index([folder], index, LEXICAL_ONLY, prune=True)
    after = stored(index)
    assert after == from_scratch(index)
    assert not any({ids["dau.txt"], ids["cuoi.txt"]} & set(members) for members in after.values())
    assert any(ids["hung-yen.txt"] in members and len(members) == 3 for members in after.values())
    # and the report back: it joins the excerpts again
    (folder / "bao-cao.txt").write_text(texts["bao-cao.txt"], encoding="utf-8")
    update_index([folder], index, LEXICAL_ONLY)
    final = stored(index)
    assert final == from_scratch(index) and len(final) == 3


def test_an_old_index_is_grouped_over_several_runs_to_the_same_groups(tmp_path):
    texts = variants()
    folder = folder_with(tmp_path, **texts)
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    expected = stored(index)
    assert expected == from_scratch(index) and len(expected) >= 3
    connection = sqlite3.connect(index / "catalog.sqlite")
    for table in ("version_groups", "version_signatures", "version_state", "version_taken", "version_gone", "version_bands"):
        connection.execute(f"DROP TABLE {table}")
    connection.commit()
    connection.close()

    connection = cat.connect(index / "catalog.sqlite")  # a writer's open adds the tables: every document is older
    try:
        runs = []
        while True:
            report = versions.sync(connection, backfill=3)
            runs.append(report)
            if not report.waiting:
                break
        assert [r.taken_in for r in runs] == [3, 3, 3, 1] and [r.waiting for r in runs] == [7, 4, 1, 0]
        assert versions.sync(connection, backfill=3).taken_in == 0  # nothing left to do
    finally:
        connection.close()
    assert stored(index) == expected


def test_new_documents_of_an_old_index_are_grouped_in_their_own_run(tmp_path):
    texts = variants()
    folder = folder_with(tmp_path, **{"bao-cao.txt": texts["bao-cao.txt"], "phuong.txt": texts["phuong.txt"]})
    index = tmp_path / "index"
    update_index([folder], index, LEXICAL_ONLY)
    connection = sqlite3.connect(index / "catalog.sqlite")
    for table in ("version_groups", "version_signatures", "version_state", "version_taken", "version_gone", "version_bands"):
        connection.execute(f"DROP TABLE {table}")
    connection.commit()
    connection.close()
    connection = cat.connect(index / "catalog.sqlite")
    try:
        versions.sync(connection, backfill=0)  # nothing of the old index signed yet
    finally:
        connection.close()
    (folder / "du-thao.txt").write_text(texts["du-thao.txt"], encoding="utf-8")
    (folder / "ban-sua.txt").write_text(texts["ban-sua.txt"], encoding="utf-8")
    update_index([folder], index, LEXICAL_ONLY)  # signs 2,000 older ones too: here, all
    ids = ids_by_name(index)
    assert stored(index) == from_scratch(index)
    assert set(next(iter(stored(index).values()))) >= {ids["du-thao.txt"], ids["ban-sua.txt"]}
