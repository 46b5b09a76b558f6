"""Refuses an upload before its body is read: a missing or wrong key, or a body over the limit
(by its Content-Length, or counted as it streams in when it has none). FastAPI parses a
multipart body before any dependency runs, so these checks cannot wait for the route."""

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
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        settings = scope["app"].state.settings
        limit = settings.limits.upload_request_bytes
        headers = Headers(scope=scope)
        bearer = headers.get("authorization", "")
        given = headers.get(KEY_HEADER) or (bearer[7:].strip() if bearer[:7].lower() == "bearer " else None)
        refusal = key_refusal(settings, given, for_write=True)
        if refusal is None and int(headers.get("content-length") or 0) > limit:
            refusal = _too_large(limit)
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
            await _refuse(_too_large(limit), scope, receive, send)


def _too_large(limit: int) -> Problem:
    return Problem(413, "upload-too-large", f"the upload is over {limit // (1024 * 1024)} MB in all; "
                   "send fewer or smaller files")


async def _refuse(problem: Problem, scope: Scope, receive: Receive, send: Send) -> None:
    response = problem_response(problem.status, problem.kind, problem.detail, problem.headers)
    await response(scope, receive, send)
