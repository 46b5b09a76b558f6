"""A 2-node loopback cluster (2 shards, 1 replica) loses a node by PID under a query load on
`tracuu serve --backend opensearch`: no error reaches a user, /health says degraded while the node
is gone, and the restarted node brings the cluster back to green (eval/studies/opensearch_failover)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from eval.studies.opensearch_failover import run

pytestmark = [pytest.mark.opensearch, pytest.mark.slow]  # two nodes, ~4-9 minutes


def test_a_node_killed_under_load_costs_no_error(corpus_index):
    work = Path(tempfile.mkdtemp(prefix="tracuu-opensearch-failover-"))  # the nodes' user must pass: not tmp_path
    work.chmod(0o755)
    try:
        figures = run(corpus_index, work, threads=4, before=6, during=8, after=4, progress=lambda line: None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    assert figures["errors"] == 0, {phase: figures[phase]["first_errors"] for phase in ("before", "during", "after")}
    for phase in ("before", "during", "after"):
        assert figures[phase]["requests"] > 0, phase
    assert figures["health_while_down"] == "yellow"  # every shard still has a copy: replicas missing, no data
    assert figures["during"]["health"].get("degraded", 0) > 0, figures["during"]["health"]
    assert set(figures["before"]["health"]) == {"ok"} and set(figures["after"]["health"]) == {"ok"}
    assert figures["killed"] != figures["cluster_manager"]
