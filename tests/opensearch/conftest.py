"""One real OpenSearch node for the session, built and started by scripts/opensearch/.

The node is assembled from Maven Central (cached in ~/.m2 and .opensearch/home), started on
free loopback ports as an unprivileged user, and stopped by its PID at the end. A step that
fails (no mvn, an artifact missing, the JVM dying) fails the tests with the step's name: these
tests never skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts" / "opensearch"
HOME = REPO / ".opensearch" / "home"
TIMINGS: dict[str, str] = {}


def _step(name: str, command: list[str], timeout: int, **kwargs) -> subprocess.CompletedProcess:
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired:
        pytest.fail(f"OpenSearch node: step '{name}' did not finish within {timeout} s ({' '.join(command)})")
    TIMINGS[name] = f"{time.perf_counter() - started:.1f} s"
    if done.returncode:
        pytest.fail(f"OpenSearch node: step '{name}' failed (rc {done.returncode}):\n{(done.stderr or done.stdout)[-3000:]}")
    return done


@pytest.fixture(scope="session")
def opensearch_node():
    """(url, node folder) of a running single node; stopped by PID at the end of the session."""
    try:
        import opensearchpy  # noqa: F401
    except ImportError:
        pytest.fail("OpenSearch node: step 'import opensearch-py' failed: install the extra (pip install -e '.[opensearch]')")
    _step("assemble", [str(SCRIPTS / "assemble.sh"), str(HOME)], timeout=1800)
    # under /tmp, open to pass through: the node runs as another user when tests run as root, and a
    # checkout (or pytest's tmp_path) may sit below a folder closed to it
    node_dir = Path(tempfile.mkdtemp(prefix="tracuu-opensearch-test-"))
    node_dir.chmod(0o755)
    http, transport = free_port(), free_port()
    try:
        started = _step("start-node", [str(SCRIPTS / "start-node.sh"), str(HOME), str(node_dir), "test", str(http),
                                       str(transport), "single"], timeout=400, env={**os.environ, "HEAP": "512m"})
        TIMINGS["node"] = started.stdout.strip()
        yield f"http://127.0.0.1:{http}", node_dir
    finally:
        subprocess.run([str(SCRIPTS / "stop-node.sh"), str(node_dir)], capture_output=True, timeout=120)
        shutil.rmtree(node_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def client(opensearch_node):
    from opensearchpy import OpenSearch

    return OpenSearch(opensearch_node[0], timeout=60)


def pytest_terminal_summary(terminalreporter):
    if TIMINGS:
        terminalreporter.write_line("OpenSearch node: " + "; ".join(f"{k}: {v}" for k, v in TIMINGS.items()))
