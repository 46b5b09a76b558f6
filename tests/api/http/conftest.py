"""Servers over copies of the corpus index: in-process (TestClient) and real (`python -m api serve`)."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.http import Limits, ServerSettings, create_app
from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[3]
KEY = "tracuu-test-key-0123456789"


def copy_index(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


@pytest.fixture(scope="session")
def api_key() -> str:
    return KEY


@pytest.fixture(scope="module")
def reading_client(corpus_index):
    """A read-only server (no key) over the shared corpus index, which it never changes."""
    with TestClient(create_app(ServerSettings(index_dir=corpus_index, api_key=None))) as client:
        yield client


@pytest.fixture
def make_client(corpus_index, tmp_path):
    """Factory: a TestClient over a private copy of the corpus index, with these settings."""
    clients = []

    def make(embed_uploads=False, **overrides) -> TestClient:
        index = copy_index(corpus_index, tmp_path / f"index-{len(clients)}")
        settings = ServerSettings(index_dir=index, api_key=KEY, embed_uploads=embed_uploads, refresh_interval_s=0,
                                  **overrides)
        client = TestClient(create_app(settings))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def start_server(index: Path, log_path: Path, *options: str, seconds: float = 60):
    """`python -m api serve` on a free loopback port over ``index`` with the API key, once its
    /health answers: (process, url, open log file). Fails the test with the log if it never does."""
    port = free_port()
    env = {**os.environ, "TRACUU_API_KEY": KEY, "PYTHONPATH": str(REPO)}
    log = open(log_path, "w")
    process = subprocess.Popen([sys.executable, "-m", "api", "serve", "--index", str(index), "--port", str(port), *options],
                               cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return process, url, log
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            pytest.fail(f"the server did not start: {log_path.read_text()}")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def live_server(corpus_index, tmp_path_factory):
    """`python -m api serve` on a free loopback port over a copy of the corpus index, with the API key."""
    index = copy_index(corpus_index, tmp_path_factory.mktemp("live") / "index")
    process, url, log = start_server(index, index.parent / "server.log", "--no-embed-uploads")
    yield {"url": url, "index": index, "key": KEY}
    process.terminate()
    process.wait(20)
    log.close()
