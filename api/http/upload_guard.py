"""Refuses a request before its body is read: an upload with a missing or wrong key, or any body
over its limit (the upload request limit for POST /api/documents, a small one for every other
route), by its Content-Length or counted as it streams in. The count stops the read the moment
the limit is passed, so an oversized body is never read (nor spooled to disk) to its end.
FastAPI parses a multipart body before any dependency runs, so these checks cannot wait for
the route."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.auth import KEY_HEADER, key_refusal
from api.http.problems import Problem, problem_response


class _TooLarge(BaseException):
    """Not an Exception: FastAPI turns any Exception met while parsing a body into a 400."""


class UploadGuard:
    def __init__(self, app: ASGIApp, path: str = "/api/documents"):
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings = scope["app"].state.settings
        headers = Headers(scope=scope)
        upload = scope["method"] == "POST" and scope["path"].rstrip("/") == self.path
        limit = settings.limits.upload_request_bytes if upload else settings.limits.body_bytes
        refusal = key_refusal(settings, scope["app"].state.keys, key_in(headers), for_write=True) if upload else None
        if refusal is None and _declared_length(headers) > limit:
            refusal = _too_large(limit, upload)
        if refusal is not None:
            await _refuse(refusal, scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await _refuse(_too_large(limit, upload), scope, receive, send)


def key_in(headers: Headers) -> str | None:
    """The key a request carries (X-API-Key, or Authorization: Bearer), if any."""
    bearer = headers.get("authorization", "")
    return headers.get(KEY_HEADER) or (bearer[7:].strip() if bearer[:7].lower() == "bearer " else None)


def _declared_length(headers: Headers) -> int:
    try:
        return int(headers.get("content-length") or 0)
    except ValueError:
        return 0  # the server rejects a malformed length itself; the count below still applies


def _too_large(limit: int, upload: bool) -> Problem:
    if upload:
        return Problem(413, "upload-too-large", f"the upload is over {_size(limit)} in all; send fewer or smaller files "
                       "(one request per file if need be)")
    return Problem(413, "body-too-large", f"the request body is over {_size(limit)}; this server takes no more")


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit / 1024:g} kB"


async def _refuse(problem: Problem, scope: Scope, receive: Receive, send: Send) -> None:
    # The rest of the body is never read: closing the connection stops the client sending it
    # (a kept-alive connection would make the server drain it to the end).
    response = problem_response(problem.status, problem.kind, problem.detail, {**(problem.headers or {}), "Connection": "close"})
    await response(scope, receive, send)
