"""What a running server is configured with: the index (a folder, or an OpenSearch cluster), the
API key, and the request limits."""

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
    # The whole multipart body of one upload, counted as it streams in and refused the moment it
    # passes: a limit of its own, so that one oversized file is not read to the end first.
    upload_request_bytes: int = 100 * 1024 * 1024
    body_bytes: int = 256 * 1024  # any other request body (questions and drafts are a few kB of JSON)
    question_chars: int = 1000
    precedent_chars: int = 5000

    def __post_init__(self):
        if self.upload_request_bytes < self.upload_bytes:
            raise ValueError(f"the upload request limit ({self.upload_request_bytes:,} bytes) is below the "
                             f"per-file limit ({self.upload_bytes:,} bytes): no file could reach the per-file limit")


@dataclass(frozen=True)
class ServerSettings:
    index_dir: Path = field(default_factory=default_index_dir)
    api_key: str | None = None  # None: writes are refused
    require_key_for_reads: bool = False
    limits: Limits = field(default_factory=Limits)
    # How often to look for other writers' commits (`tracuu index`): one `PRAGMA data_version`
    # and one stat, ~0.1 ms; a new file is searchable by then (docs/decisions.md).
    refresh_interval_s: float = 0.5
    embed_uploads: bool = True  # embed uploaded documents after they are searchable by keywords
    opensearch_url: str | None = None  # serve this cluster (comma-separated nodes) instead of index_dir
    opensearch_alias: str = "tracuu"  # the migrated index's alias in that cluster
    expect_nodes: int | None = None  # /health says degraded below this many nodes (default: the most seen)

    @staticmethod
    def from_environment(**overrides) -> "ServerSettings":
        key = (os.environ.get(API_KEY_ENV) or "").strip() or None
        return ServerSettings(**{"api_key": key, **overrides})
