"""Who is asking: the server's TRACUU_API_KEY (everything), a key of `tracuu keys` (its
collections, maybe writes and classified documents), or nobody (the public collections, reads
only, unless the server is started with --require-key-for-reads).

A key comes as `X-API-Key: KEY` or `Authorization: Bearer KEY` and is compared in constant time.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.http.problems import Problem
from api.http.settings import API_KEY_ENV, ServerSettings
from api.keys import ADMIN, Access, KeyStore

KEY_HEADER = "X-API-Key"
_key_header = APIKeyHeader(name=KEY_HEADER, auto_error=False, description="an API key (TRACUU_API_KEY or one of `tracuu keys`)")
_bearer = HTTPBearer(auto_error=False, description="an API key as a bearer token")


def _required(why: str) -> Problem:
    return Problem(401, "key-required", f"{why}: send an API key in the {KEY_HEADER} header or as a bearer token",
                   {"WWW-Authenticate": "Bearer"})


def resolve_access(settings: ServerSettings, keys: KeyStore, given: str | None, for_write: bool) -> Access:
    """What this request may do, or the Problem that refuses it."""
    if given:
        if settings.api_key is not None and hmac.compare_digest(given.encode(), settings.api_key.encode()):
            access = ADMIN
        elif (found := keys.find(given)) is not None:
            access = found
        else:
            raise Problem(401, "key-invalid", "the API key is not one of this server's", {"WWW-Authenticate": "Bearer"})
        if for_write and not access.write:
            raise Problem(403, "key-read-only", f"the key {access.name!r} may read but not change the index")
        return access
    if for_write:
        if settings.api_key is None and not keys.has_writers():
            raise Problem(403, "writes-disabled",
                          f"this server accepts no changes: start it with {API_KEY_ENV} set, or create a key with "
                          "`tracuu keys create NAME --write`, to enable uploads and deletions")
        raise _required("changes need a key")
    if settings.require_key_for_reads:
        raise _required("this server needs a key for reading too")
    return Access("public", keys.public())


def key_refusal(settings: ServerSettings, keys: KeyStore, given: str | None, for_write: bool) -> Problem | None:
    """Why a request with this key (or none) may not go on; None when it may."""
    try:
        resolve_access(settings, keys, given, for_write)
    except Problem as problem:
        return problem
    except ValueError as exc:
        return Problem(503, "keys-unreadable", str(exc))
    return None


def is_admin(settings: ServerSettings, given: str | None) -> bool:
    """The server's own TRACUU_API_KEY (those who run the server see its paths)."""
    return settings.api_key is not None and bool(given) and hmac.compare_digest(given.encode(), settings.api_key.encode())


def given_key(header_key: str | None, bearer: HTTPAuthorizationCredentials | None) -> str | None:
    return header_key or (bearer.credentials if bearer else None)


def _check(for_write: bool):
    def dependency(request: Request, header_key: Annotated[str | None, Depends(_key_header)],
                   bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Access:
        try:
            return resolve_access(request.app.state.settings, request.app.state.keys, given_key(header_key, bearer), for_write)
        except ValueError as exc:  # an unreadable key file
            raise Problem(503, "keys-unreadable", str(exc)) from None
    return dependency


read_access = _check(for_write=False)
write_access = _check(for_write=True)
ReadAccess = Annotated[Access, Depends(read_access)]
WriteAccess = Annotated[Access, Depends(write_access)]
