"""A large index is served before its keyword index's files are hashed: the hashing runs beside
the first answers, and a file that differs is still refused and reported, as if found on
opening (docs/decisions.md). The corpus index is small, so the threshold is lowered to take
the large-index path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http import ServerSettings, create_app
from api.http import served_index
from api.http.served_index import ServedIndex
from indexer.store.layout import IndexDamaged

from tests.indexer.test_integrity import corrupt_lexical_segment

QUERY = {"q": "Vì người nghèo", "mode": "bm25", "k": 5}


def test_a_whole_index_answers_before_and_after_its_files_are_hashed(corpus_index, tmp_path):
    index = ServedIndex(Path(shutil.copytree(corpus_index, tmp_path / "index")))
    index.verify_before_serving_bytes = 0
    reader = index.reader()
    assert index.contents_verified.wait(60)
    assert index.damage is None and index.reader() is reader  # kept: nothing differed
    assert reader.counts()["chunks"] > 0


def test_a_small_index_is_hashed_before_the_first_answer(corpus_index, tmp_path):
    index_dir = Path(shutil.copytree(corpus_index, tmp_path / "index"))
    corrupt_lexical_segment(index_dir)
    index = ServedIndex(index_dir)
    with pytest.raises(IndexDamaged) as raised:
        index.reader()
    assert raised.value.part == "lexical index" and index.contents_verified.is_set()


def test_a_segment_that_differs_is_refused_once_hashed_beside_the_first_answers(corpus_index, tmp_path, monkeypatch):
    index_dir = Path(shutil.copytree(corpus_index, tmp_path / "index"))
    part = corrupt_lexical_segment(index_dir)  # same size: only its sha256 tells
    monkeypatch.setattr(served_index, "VERIFY_BEFORE_SERVING_BYTES", 0)
    with TestClient(create_app(ServerSettings(index_dir=index_dir, api_key=None, refresh_interval_s=0))) as client:
        index = client.app.state.index
        assert index.contents_verified.wait(60)
        health = client.get("/health").json()
        assert (health["status"], health["index"]["damaged_part"]) == ("damaged", part)
        response = client.get("/api/search", params=QUERY)
        assert response.status_code == 503
        assert response.json()["type"].endswith(":index-damaged") and f"the {part} of <index>" in response.json()["detail"]
        assert "sha256" in response.json()["detail"]
