"""The server asks its reader whether the catalog changed from worker threads while another
request (a refresh swapping readers, or shutdown) closes it. SQLite crashes the interpreter when a
connection is closed under a running statement; a reader must refuse the race, not crash. The race
runs in a child process, so that a crash fails this test instead of taking the test worker down."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from indexer.update import IndexSettings, update_index

from tests.indexer.test_read_scope import HUYEN


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("threads")
    (root / "huyen").mkdir()
    (root / "huyen" / "bao-cao-huyen.txt").write_text(HUYEN, encoding="utf-8")
    update_index([root / "huyen"], root / "index", IndexSettings(embed=False))
    return root / "index"


def test_closing_a_reader_while_another_thread_asks_if_it_changed(index):
    race = textwrap.dedent(f"""
        import threading
        from indexer.store.reader import open_reader

        for attempt in range(300):
            reader = open_reader({str(index)!r})
            answers = []
            def ask():
                while not answers or answers[-1] is False:
                    answers.append(reader.changed())
            asking = threading.Thread(target=ask)
            asking.start()
            reader.close()
            asking.join()
            assert answers[-1] is True, answers[-5:]  # closed: replaced, so the caller opens the latest
        reader = open_reader({str(index)!r})
        assert reader.changed() is False  # nothing committed since opening
    """)
    done = subprocess.run([sys.executable, "-X", "faulthandler", "-c", race], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stderr[-3000:]}"
