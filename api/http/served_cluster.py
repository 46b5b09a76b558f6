"""The index a server answers from when it is an OpenSearch cluster (`serve --backend opensearch`).

The same face as ServedIndex for the routes (reader, health, writes), with nothing read from a
local index folder: every read goes to the cluster through one ClusterReader (views per request
share its client, embedder and counts). Writes are refused: the cluster is filled by
`tracuu migrate` from an embedded index. The query embedder runs in this process.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from api.http.problems import Problem
from indexer.store.layout import IndexMissing
from indexer.store.opensearch import ClusterUnavailable

READ_ONLY = ("this server reads an OpenSearch cluster, filled by `tracuu migrate` from an embedded index: upload or "
             "delete in the embedded index (`tracuu index`, or a server with --backend embedded), then migrate again")


class ServedCluster:
    backend = "opensearch"
    read_only = READ_ONLY
    damage = None
    writing = False
    writes_done = 0

    def __init__(self, url: str, alias: str, expect_nodes: int | None = None):
        self.url, self.alias = url, alias
        self.root = Path(f"opensearch:{alias}")  # how problems and /health name the index (no folder)
        self.expect_nodes = expect_nodes
        self.most_nodes = 0  # the largest cluster seen since start: fewer nodes now is a lost node
        self._reader = None
        self._opening = threading.Lock()

    def discard_unfinished_uploads(self) -> None:
        """Nothing: uploads never reach this server."""

    def reader(self):
        """The cluster reader (opened on first use, its embedder loaded); IndexMissing while the
        alias does not exist, ClusterUnavailable while no node answers."""
        if self._reader is None:
            with self._opening:
                if self._reader is None:
                    from indexer.store.opensearch.reader import ClusterReader

                    try:
                        reader = ClusterReader(self.url, self.alias)
                    except LookupError as exc:
                        raise IndexMissing(str(exc)) from None
                    if reader.counts()["embedded"]:
                        reader.embedder  # loaded before the first view copies the reader
                    self._reader = reader
        return self._reader

    async def refresh_if_changed(self) -> None:
        """Counts and scopes are read again (the cluster may have been migrated again meanwhile)."""
        if self._reader is not None:
            self._reader.refresh()

    async def write(self, function, *args):
        raise Problem(501, "backend-read-only", READ_ONLY)

    async def close(self) -> None:
        if self._reader is not None:
            await asyncio.to_thread(self._reader.client.close)

    def health(self) -> dict:
        """/health's status and the cluster's figures: ok (green, every node seen still there),
        degraded (yellow: replicas missing, or fewer nodes than expected or seen before),
        unavailable (red: some primary shard missing, or no node answering)."""
        try:
            cluster = self.reader().health()
        except ClusterUnavailable:
            return {"status": "unavailable", "cluster": {"alias": self.alias, "status": "unreachable",
                                                         "problem": "no node of the cluster answered"}}
        except IndexMissing:
            return {"status": "no-index", "cluster": {"alias": self.alias, "status": "no-index",
                                                      "problem": f"the cluster holds no index {self.alias!r}: run `tracuu migrate`"}}
        self.most_nodes = max(self.most_nodes, cluster["nodes"])
        expected = max(self.expect_nodes or 0, self.most_nodes)
        missing = max(0, expected - cluster["nodes"])
        if cluster["status"] == "red":
            status = "unavailable"
        elif cluster["status"] == "yellow" or missing:
            status = "degraded"
        else:
            status = "ok"
        return {"status": status, "cluster": {"alias": self.alias, **cluster,
                                              "expected_nodes": expected, "missing_nodes": missing}}


def served_index(settings):
    """The served index ``settings`` name: a cluster when an OpenSearch URL is set, else the folder."""
    if settings.opensearch_url:
        return ServedCluster(settings.opensearch_url, settings.opensearch_alias, settings.expect_nodes)
    from api.http.served_index import ServedIndex

    return ServedIndex(settings.index_dir, embed_after_writes=settings.embed_uploads)
