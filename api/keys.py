"""API keys and what each may read: `<index>/keys.json`, managed with `tracuu keys`.

A key names the collections it may read (or all of them), whether it may write (upload into
those collections, delete their documents) and whether it may read classified documents (a
"MẬT" stamp, "lưu hành nội bộ"). Only a SHA-256 of each key is stored: keys are 32 random bytes,
so a fast hash is as safe as a slow one and costs nothing per request. Readers without a key get
the collections marked public (all of them until `tracuu keys public` says otherwise), never
classified documents. The server's TRACUU_API_KEY, when set, may do everything.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from indexer.store.reader import ReadScope

FILE_NAME = "keys.json"
_PREFIX = "tcu_"


@dataclass(frozen=True)
class Access:
    name: str
    collections: frozenset[str] | None  # None: every collection
    write: bool = False
    classified: bool = False

    @property
    def scope(self) -> ReadScope:
        return ReadScope(self.collections, self.classified)

    def may_write_to(self, collection: str) -> bool:
        return self.write and (self.collections is None or collection in self.collections)


ADMIN = Access("admin", None, write=True, classified=True)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class KeyStore:
    def __init__(self, index_dir: Path):
        self.path = Path(index_dir) / FILE_NAME
        self._loaded: tuple[int, dict] | None = None

    def _data(self) -> dict:
        """The file's content, read again only when it changed (the server asks on every request)."""
        try:
            stamp = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return {"keys": [], "public": None}
        if self._loaded is None or self._loaded[0] != stamp:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ValueError(f"{self.path}: not a readable key file ({exc}); fix or remove it") from None
            self._loaded = (stamp, data)
        return self._loaded[1]

    def _save(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".keys-", dir=self.path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)
        self._loaded = None

    def public(self) -> frozenset[str] | None:
        """Collections readable without a key; None: all of them."""
        public = self._data().get("public")
        return None if public is None else frozenset(public)

    def set_public(self, collections: list[str] | None) -> None:
        data = self._data()
        self._save({**data, "public": None if collections is None else sorted(set(collections))})

    def create(self, name: str, collections: list[str] | None, write: bool, classified: bool) -> str:
        """A new key (shown once: only its hash is kept)."""
        data = self._data()
        if not name.strip():
            raise ValueError("a key needs a name (to list and revoke it)")
        if any(entry["name"] == name for entry in data["keys"]):
            raise ValueError(f"a key named {name!r} exists already; revoke it first or choose another name")
        if collections is not None and not collections:
            raise ValueError("name the collections the key may read, or give --all")
        key = _PREFIX + secrets.token_urlsafe(32)
        entry = {"name": name, "sha256": _digest(key), "collections": None if collections is None else sorted(set(collections)),
                 "write": write, "classified": classified}
        self._save({**data, "keys": data["keys"] + [entry]})
        return key

    def revoke(self, name: str) -> None:
        data = self._data()
        keys = [entry for entry in data["keys"] if entry["name"] != name]
        if len(keys) == len(data["keys"]):
            raise ValueError(f"no key named {name!r}")
        self._save({**data, "keys": keys})

    def entries(self) -> list[dict]:
        """The keys without their hashes."""
        return [{k: v for k, v in entry.items() if k != "sha256"} for entry in self._data()["keys"]]

    def has_writers(self) -> bool:
        return any(entry["write"] for entry in self._data()["keys"])

    def find(self, key: str) -> Access | None:
        digest = _digest(key)
        found = None
        for entry in self._data()["keys"]:  # every entry compared, in constant time each
            if hmac.compare_digest(digest, entry["sha256"]):
                found = entry
        if found is None:
            return None
        collections = found["collections"]
        return Access(found["name"], None if collections is None else frozenset(collections), found["write"], found["classified"])
