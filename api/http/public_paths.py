"""What a response shows of where files lie on the server.

A request with the write key sees absolute paths: it comes from whoever runs the server, who
fixes or re-indexes files where they lie (as `tracuu search --json` shows them on the server
itself). Everyone else sees a file's name only: the folders above it name the machine, its
users and its layout, which a reader has no use for and an attacker does. The file itself stays
downloadable by document id (/api/documents/{id}/file).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath


@dataclass(frozen=True)
class PathView:
    full: bool  # absolute paths (a request with the write key)

    def path(self, path: str | None) -> str | None:
        return path if self.full or path is None else PurePath(path).name

    def paths(self, paths: list[str]) -> list[str]:
        if self.full:
            return paths
        return list(dict.fromkeys(PurePath(p).name for p in paths))  # copies under one name shown once

    def index(self, root: Path) -> str:
        return str(root) if self.full else "<index>"  # as the server's problem messages name it

    def search(self, body: dict) -> dict:
        for result in body["results"]:
            result["path"], result["paths"] = self.path(result["path"]), self.paths(result["paths"])
            for version in result.get("versions", []):
                version["path"] = self.path(version["path"])
        return body

    def document_list(self, body: dict) -> dict:
        for document in body["documents"]:
            document["paths"] = self.paths(document["paths"])
        return body

    def document(self, body: dict) -> dict:
        body["paths"] = self.paths(body["paths"])
        for file in body["files"]:
            file["path"] = self.path(file["path"])
        return body

    def answer(self, body: dict) -> dict:
        for unit in body["units"]:
            for document in unit["documents"]:
                document["path"] = self.path(document["path"])
        for citation in body["citations"]:
            citation["path"] = self.path(citation["path"])
        return body
