"""Two OpenSearch nodes of one cluster on loopback, for the studies that need a cluster
(opensearch_failover, opensearch_scale): started by scripts/opensearch/start-node.sh, stopped by
their PIDs; a step that fails names itself."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

from eval.common import REPO

SCRIPTS = REPO / "scripts" / "opensearch"
HOME = REPO / ".opensearch" / "home"


class StepFailed(RuntimeError):
    """A step of the run failed; the message names it."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_step(step: str, command: list[str], timeout: float, env: dict | None = None) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise StepFailed(f"step '{step}' did not finish within {timeout:.0f} s") from None
    if done.returncode:
        raise StepFailed(f"step '{step}' failed (rc {done.returncode}): {(done.stderr or done.stdout)[-2000:]}")
    return done.stdout.strip()


class TwoNodes:
    """Two nodes of one cluster on loopback (n1, n2), each in its own folder; stopped by PID."""

    def __init__(self, root: Path, heap: str = "512m", http: tuple[int, int] | None = None,
                 transport: tuple[int, int] | None = None, cluster_name: str = "tracuu-study"):
        self.root, self.heap = root, heap
        self.http = dict(zip(("n1", "n2"), http or (free_port(), free_port())))
        self.transport = dict(zip(("n1", "n2"), transport or (free_port(), free_port())))
        self.cluster_name = f"{cluster_name}-{os.getpid()}"

    @property
    def url(self) -> str:
        return ",".join(f"http://127.0.0.1:{port}" for port in self.http.values())

    def node_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.http[name]}"

    def folder(self, name: str) -> Path:
        return self.root / name

    def pid(self, name: str) -> int:
        return int((self.folder(name) / "node.pid").read_text())

    def start(self, name: str) -> str:
        env = {**os.environ, "HEAP": self.heap, "CLUSTER_NAME": self.cluster_name, "INITIAL_MANAGERS": "n1,n2",
               "SEED_HOSTS": ",".join(f"127.0.0.1:{port}" for port in self.transport.values())}
        return run_step(f"start node {name}", ["nice", "-n", "10", str(SCRIPTS / "start-node.sh"), str(HOME),
                                           str(self.folder(name)), name, str(self.http[name]), str(self.transport[name]),
                                           "cluster"], timeout=400, env=env)

    def folders(self) -> dict[str, Path]:
        return {name: self.folder(name) for name in self.http}

    def stop(self, drop_data: bool = False) -> None:
        """Stop the nodes by their PIDs; ``drop_data`` removes a stopped node's data (tens of GB at
        1M chunks), keeping its logs."""
        for name in ("n1", "n2"):
            if (self.folder(name) / "node.pid").exists():
                subprocess.run([str(SCRIPTS / "stop-node.sh"), str(self.folder(name))], capture_output=True, timeout=120)
            if drop_data and not (self.folder(name) / "node.pid").exists():
                shutil.rmtree(self.folder(name) / "data", ignore_errors=True)
