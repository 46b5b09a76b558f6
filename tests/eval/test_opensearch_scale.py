"""The scale benchmark's load helpers (no node needed): the prefetching producer that overlaps
reading and analysing with the node's indexing, the vector-load deadline, and the overlap measure."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("opensearchpy")

from eval.studies.opensearch_scale import overlap  # noqa: E402
from indexer.store.opensearch.writer import _prefetched, _until, migrate  # noqa: E402


def test_prefetched_keeps_order_and_every_action():
    actions = ({"_id": str(i), "text": f"Văn bản số {i}"} for i in range(2_500))
    assert [a["_id"] for a in _prefetched(actions, 7)] == [str(i) for i in range(2_500)]


def test_prefetched_raises_the_producers_error_in_the_consumer():
    def broken():
        yield {"_id": "1"}
        raise ValueError("chunk 2: hỏng dữ liệu")

    got = []
    with pytest.raises(ValueError, match="hỏng dữ liệu"):
        for action in _prefetched(broken(), 4):
            got.append(action)
    assert got == [{"_id": "1"}]


def test_prefetched_stops_its_thread_when_the_consumer_stops():
    before = threading.active_count()
    stream = _prefetched(({"_id": str(i)} for i in range(10**9)), 3)
    assert next(stream) == {"_id": "0"}
    stream.close()
    deadline = time.time() + 5
    while threading.active_count() > before and time.time() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == before


def test_until_cuts_at_the_deadline_and_says_so():
    def slow():
        for i in range(100):
            time.sleep(0.01)
            yield i

    limited, cut = _until(slow(), time.time() + 0.2)
    got = list(limited)
    assert 5 <= len(got) < 100 and cut()
    limited, cut = _until(iter(range(10)), time.time() + 60)
    assert list(limited) == list(range(10)) and not cut()


def test_migrate_rejects_an_unknown_vector_choice(tmp_path):
    with pytest.raises(ValueError, match="vectors='windows'"):
        migrate(tmp_path, client=None, name="x", vectors="windows")


def test_overlap_counts_shared_chunks():
    assert overlap([1, 2, 3, 4], [4, 3, 9, 10]) == 0.5
    assert overlap([], []) == 1.0
