"""The FastAPI application: settings, the served index, problem JSON, the routers and the page."""

from __future__ import annotations

import asyncio
import contextlib
from contextlib import asynccontextmanager
from importlib import metadata

from fastapi import FastAPI

from api.http import problems, web
from api.http.routes import answers, documents, facets, health, search, writes
from api.http.served_cluster import served_index
from api.keys import KeyStore
from api.http.dependencies import MAX_ID
from api.http.settings import ServerSettings
from api.http.upload_guard import UploadGuard
from indexer.store.layout import IndexProblem
from indexer.store.opensearch import ClusterUnavailable

DESCRIPTION = """Search, ask and browse Vietnamese administrative reports (tracuu).

Reads are open unless the server requires the API key for them; writes (upload, delete) need
the key (`X-API-Key` or `Authorization: Bearer`). Errors are `application/problem+json`.
The web page is at `/`."""


async def _watch_other_writers(index, every_s: float) -> None:
    while True:
        await asyncio.sleep(every_s)
        with contextlib.suppress(Exception):  # a failed look is retried at the next tick
            await index.refresh_if_changed()


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    settings = settings or ServerSettings.from_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        index = served_index(settings)
        app.state.index = index
        index.discard_unfinished_uploads()
        with contextlib.suppress(IndexProblem, ClusterUnavailable):  # no index (or no node) yet: reads answer 503
            await asyncio.to_thread(index.reader)
        watcher = asyncio.create_task(_watch_other_writers(index, settings.refresh_interval_s)) \
            if settings.refresh_interval_s > 0 else None
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
            await index.close()

    try:
        version = metadata.version("tracuu")
    except metadata.PackageNotFoundError:
        version = "0"
    app = FastAPI(title="tracuu", version=version, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.keys = KeyStore(settings.index_dir)
    problems.install(app)
    for module in (search, answers, documents, facets, writes, health):
        app.include_router(module.router)
    web.install(app)
    app.add_middleware(UploadGuard)
    _complete_schema(app, settings)
    return app


WRITES = {("/api/documents", "post"), ("/api/documents/{doc_id}", "delete")}


def _complete_schema(app: FastAPI, settings: ServerSettings) -> None:
    """/openapi.json states what this server checks beyond the parameter types: its limits (the
    routes check them with messages of their own) and whether reads need the key."""
    generate = app.openapi
    limits = settings.limits

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = generate()  # cached by FastAPI as app.openapi_schema, completed here once
            for path, method, name, key, value in (
                    ("/api/search", "get", "q", "maxLength", limits.query_chars),
                    ("/api/search", "get", "k", "maximum", limits.k),
                    ("/api/search", "get", "offset", "maximum", limits.offset),
                    ("/api/documents", "get", "limit", "maximum", limits.page_size)):
                parameter = next(p for p in schema["paths"][path][method]["parameters"] if p["name"] == name)
                parameter["schema"][key] = value
            bodies = schema["components"]["schemas"]
            bodies["AskBody"]["properties"]["question"]["maxLength"] = limits.question_chars
            precedents = bodies["PrecedentsBody"]["properties"]
            next(t for t in precedents["text"]["anyOf"] if t.get("type") == "string")["maxLength"] = limits.precedent_chars
            precedents["k"]["maximum"] = min(precedents["k"]["maximum"], limits.k)
            # FastAPI writes a body's bounds as floats, and 2**63 - 1 as a float is 2**63: out of range
            next(t for t in precedents["doc_id"]["anyOf"] if t.get("type") == "integer")["maximum"] = MAX_ID
            upload = schema["paths"]["/api/documents"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
            files = bodies[upload["$ref"].rsplit("/", 1)[-1]]["properties"]["files"]
            files.update(minItems=1, maxItems=limits.upload_files)
            if not settings.require_key_for_reads:  # the key is optional for reads: {} is "no key"
                for path, operations in schema["paths"].items():
                    for method, operation in operations.items():
                        if (path, method) not in WRITES and operation.get("security"):
                            operation["security"].insert(0, {})
        return app.openapi_schema

    app.openapi = openapi
