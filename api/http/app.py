"""The FastAPI application: settings, the served index, problem JSON, the routers and the page."""

from __future__ import annotations

import asyncio
import contextlib
from contextlib import asynccontextmanager
from importlib import metadata

from fastapi import FastAPI

from api.http import problems, web
from api.http.routes import answers, documents, facets, health, search, writes
from api.http.served_index import ServedIndex
from api.http.settings import ServerSettings
from api.http.upload_guard import UploadGuard
from indexer.store.layout import IndexProblem

DESCRIPTION = """Search, ask and browse Vietnamese administrative reports (tracuu).

Reads are open unless the server requires the API key for them; writes (upload, delete) need
the key (`X-API-Key` or `Authorization: Bearer`). Errors are `application/problem+json`.
The web page is at `/`."""


async def _watch_other_writers(index: ServedIndex, every_s: float) -> None:
    while True:
        await asyncio.sleep(every_s)
        with contextlib.suppress(Exception):  # a failed look is retried at the next tick
            await index.refresh_if_changed()


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    settings = settings or ServerSettings.from_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        index = ServedIndex(settings.index_dir, embed_after_writes=settings.embed_uploads)
        app.state.index = index
        index.discard_unfinished_uploads()
        with contextlib.suppress(IndexProblem):  # no index yet: reads answer 503 until one is made
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
    problems.install(app)
    for module in (search, answers, documents, facets, writes, health):
        app.include_router(module.router)
    web.install(app)
    app.add_middleware(UploadGuard)
    return app
