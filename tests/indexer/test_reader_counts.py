"""A reader's counts and scopes are read through small indexes (hidden documents, stamped
documents, paths by collection) instead of every document's row; they must say exactly what the
published views say, with documents hidden (keyword indexing unfinished), chunks not embedded,
stamped documents and several collections."""

from __future__ import annotations

import json
import sqlite3

import pytest

from indexer.store.reader import ReadScope, open_reader
from indexer.update import IndexSettings, update_index

from tests.indexer.test_read_scope import HUYEN, TINH, TINH_MAT


def _through_views(reader, scope: ReadScope) -> tuple[dict, list[int]]:
    """What the views say, by reading every row (the way counts and scopes were computed before)."""
    collections = None if scope.collections is None else json.dumps(sorted(scope.collections))
    ids = [row[0] for row in reader.catalog.execute(
        "SELECT id FROM documents d WHERE (? OR classification IS NULL) AND (? IS NULL OR EXISTS "
        "(SELECT 1 FROM paths p WHERE p.doc_id = d.id AND p.collection IN (SELECT value FROM json_each(?)))) ORDER BY id",
        (scope.classified, collections, collections))]
    row = reader.catalog.execute(
        "SELECT count(*), coalesce(sum(embedded), 0), coalesce(sum(lexical), 0) FROM chunks "
        "WHERE doc_id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)).fetchone()
    return {"documents": len(ids), "chunks": row[0], "embedded": row[1], "lexical": row[2]}, ids


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("counts")
    files = {"huyen": {"bao-cao-huyen.txt": HUYEN, "ke-hoach-huyen.txt": TINH.replace("90/KH", "91/KH")},
             "tinh": {"bao-cao-mat.txt": TINH_MAT, "ke-hoach.txt": TINH}}
    for folder, texts in files.items():
        (root / folder).mkdir()
        for name, text in texts.items():
            (root / folder / name).write_text(text, encoding="utf-8")
        update_index([root / folder], root / "index", IndexSettings(embed=False, collection=folder))
    catalog = sqlite3.connect(root / "index" / "catalog.sqlite", isolation_level=None)
    # one document left hidden as a stopped keyword indexing leaves it; one chunk of another embedded
    hidden = catalog.execute("SELECT d.id FROM documents d JOIN paths p ON p.doc_id = d.id "
                             "WHERE p.path LIKE '%ke-hoach-huyen.txt'").fetchone()[0]
    catalog.execute("UPDATE documents SET visible = 0 WHERE id = ?", (hidden,))
    catalog.execute("UPDATE chunks SET lexical = 0 WHERE doc_id = ?", (hidden,))
    catalog.execute("UPDATE chunks SET embedded = 1 WHERE id = (SELECT min(id) FROM chunks WHERE doc_id != ?)", (hidden,))
    catalog.close()
    return root / "index"


@pytest.mark.parametrize("scope", [
    ReadScope(), ReadScope(None, classified=False), ReadScope(frozenset({"huyen"}), classified=False),
    ReadScope(frozenset({"tinh"}), classified=False), ReadScope(frozenset({"tinh"})), ReadScope(frozenset({"huyen", "tinh"})),
    ReadScope(frozenset({"nowhere"})),
], ids=lambda scope: f"{sorted(scope.collections) if scope.collections is not None else 'all'}-classified={scope.classified}")
def test_counts_and_scopes_agree_with_the_published_views(index, scope):
    reader = open_reader(index)
    view = reader.view(scope)
    expected_counts, expected_ids = _through_views(view, scope)
    assert view.counts() == expected_counts
    everything = _through_views(view, ReadScope())[1]
    assert view.scope_ids() == (None if expected_ids == everything else expected_ids)
    assert expected_counts["documents"] < 4  # the hidden document is never counted
    if scope == ReadScope():
        assert expected_counts == {"documents": 3, "chunks": expected_counts["chunks"], "embedded": 1,
                                   "lexical": expected_counts["chunks"]}
