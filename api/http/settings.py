"""What a running server is configured with: the index, the API key, and the request limits."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from indexer.store.layout import default_index_dir

API_KEY_ENV = "TRACUU_API_KEY"


@dataclass(frozen=True)
class Limits:
    query_chars: int = 500
    k: int = 100
    offset: int = 1000
    page_size: int = 100  # documents per page of /api/documents
    upload_bytes: int = 50 * 1024 * 1024  # per file
    upload_files: int = 20  # per request
    question_chars: int = 1000
    precedent_chars: int = 5000

    @property
    def upload_request_bytes(self) -> int:
        """The whole multipart body: every file at its limit, plus room for the form's framing."""
        return self.upload_bytes * self.upload_files + 1024 * 1024


@dataclass(frozen=True)
class ServerSettings:
    index_dir: Path = field(default_factory=default_index_dir)
    api_key: str | None = None  # None: writes are refused
    require_key_for_reads: bool = False
    limits: Limits = field(default_factory=Limits)
    refresh_interval_s: float = 5.0  # how often to look for commits by other writers (`tracuu index`)
    embed_uploads: bool = True  # embed uploaded documents after they are searchable by keywords

    @staticmethod
    def from_environment(**overrides) -> "ServerSettings":
        key = (os.environ.get(API_KEY_ENV) or "").strip() or None
        return ServerSettings(**{"api_key": key, **overrides})
