"""The API key: writes always need it, reads when the server is started with
--require-key-for-reads. With no key configured, writes are refused and reads stay open.

The key comes as `X-API-Key: KEY` or `Authorization: Bearer KEY` and is compared in constant time.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.http.problems import Problem
from api.http.settings import API_KEY_ENV, ServerSettings

KEY_HEADER = "X-API-Key"
_key_header = APIKeyHeader(name=KEY_HEADER, auto_error=False, description="the server's TRACUU_API_KEY")
_bearer = HTTPBearer(auto_error=False, description="the server's TRACUU_API_KEY as a bearer token")


def key_refusal(settings: ServerSettings, given: str | None, for_write: bool) -> Problem | None:
    """Why a request with this key (or none) may not go on; None when it may."""
    if settings.api_key is None:
        if for_write:
            return Problem(403, "writes-disabled",
                           f"this server accepts no changes: start it with {API_KEY_ENV} set to enable uploads and deletions")
        return None
    if not for_write and not settings.require_key_for_reads:
        return None
    if not given:
        return Problem(401, "key-required", f"send the API key in the {KEY_HEADER} header or as a bearer token",
                       {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.encode(), settings.api_key.encode()):
        return Problem(401, "key-invalid", "the API key is not this server's", {"WWW-Authenticate": "Bearer"})
    return None


def given_key(header_key: str | None, bearer: HTTPAuthorizationCredentials | None) -> str | None:
    return header_key or (bearer.credentials if bearer else None)


def _check(for_write: bool):
    def dependency(request: Request, header_key: Annotated[str | None, Depends(_key_header)],
                   bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
        refusal = key_refusal(request.app.state.settings, given_key(header_key, bearer), for_write)
        if refusal is not None:
            raise refusal
    return dependency


read_access = _check(for_write=False)
write_access = _check(for_write=True)
