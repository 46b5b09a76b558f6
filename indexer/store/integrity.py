"""Checksums of the derived parts, recorded by the writer each time one of them commits.

    <index>/checksums.json  {"version": 1,
                             "lexical": {"<segment file>": {"size": n, "sha256": h}, …},
                             "vectors": [{"size": n, "sha256": h, "count": vectors}, …],
                             "recent_vectors": [{"size": n, "sha256": h, "count": vectors}, …]}

``lexical`` lists the files of the segments tantivy's meta.json names after a commit (segment
files are written once and never changed, so an entry stays true for as long as its file
exists). ``vectors`` describes vectors.faiss as committed; while a new file is being put in
place it holds two entries, the new one first, so that a reader or a crash between the swap and
the next write of this file never sees a committed file it cannot account for. The file is
replaced atomically. ``recent_vectors`` does the same for vectors.recent.faiss, the vectors
added beside a compact vectors.faiss since it was written. An index written before checksums
existed has none; the next commit of each part records it.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from indexer.store.layout import IndexDamaged, Layout, writing

VERSION = 1
_BLOCK = 1 << 20
_RECORD_TRIES = 10  # lists of the committed lexical files, while merges replace them


def digest(path: Path) -> tuple[int, str]:
    """(size, sha256 hex) of a file."""
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(_BLOCK):
            sha.update(block)
            size += len(block)
    return size, sha.hexdigest()


def read(layout: Layout) -> dict | None:
    """The recorded checksums; None for an index that has none yet."""
    try:
        data = json.loads(layout.checksums.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise IndexDamaged("checksums", f"{layout.checksums} is unreadable ({exc}): repair it with "
                                        f"`tracuu check --index {layout.root} --repair`") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise IndexDamaged("checksums", f"{layout.checksums} is not a checksum file this tracuu knows: repair it with "
                                        f"`tracuu check --index {layout.root} --repair`")
    return data


def write(layout: Layout, data: dict) -> None:
    """Replace checksums.json atomically (and durably) with ``data``."""
    data = {**data, "version": VERSION}
    temporary = layout.checksums.with_suffix(".tmp")
    try:
        with writing("checksums", layout.checksums):
            with open(temporary, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, layout.checksums)


def _current(layout: Layout) -> dict:
    try:
        return read(layout) or {}
    except IndexDamaged:
        return {}  # rewritten whole below


def committed_segments(lexical_dir: Path) -> dict[str, str | None]:
    """Segment file prefix → the deletion file of its committed state (None: no deletions), as
    tantivy's meta.json names them."""
    meta = json.loads((lexical_dir / "meta.json").read_text(encoding="utf-8"))
    segments = {}
    for segment in meta.get("segments", []):
        prefix = segment["segment_id"].replace("-", "")
        deletes = segment.get("deletes")
        segments[prefix] = f"{prefix}.{deletes['opstamp']}.del" if deletes else None
    return segments


def committed_lexical_files(lexical_dir: Path) -> list[str]:
    """The files of the committed segments, those present."""
    segments = committed_segments(lexical_dir)
    wanted = []
    for name in os.listdir(lexical_dir):
        prefix = name.split(".", 1)[0]
        if prefix not in segments:
            continue
        if name.endswith(".del") and name != segments[prefix]:
            continue  # an earlier deletion bitset, garbage once the commit that replaced it is durable
        wanted.append(name)
    return sorted(wanted)


def record_lexical(layout: Layout) -> None:
    """Note the files of the lexical index's committed segments (hashing only those new since the
    last record: segment files never change once written).

    tantivy merges segments in background threads after a commit: a merge that ends while the
    files are being listed commits a new meta.json and deletes the segments it replaced, so a
    file named a moment ago can be gone. Then meta.json is read again (seen at 1M chunks)."""
    data = _current(layout)
    known = data.get("lexical") or {}
    for attempt in range(_RECORD_TRIES):
        try:
            files = {name: _entry(layout.lexical / name, known.get(name)) for name in committed_lexical_files(layout.lexical)}
            break
        except FileNotFoundError:
            if attempt == _RECORD_TRIES - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    write(layout, {**data, "lexical": files})


def _entry(path: Path, known: dict | None) -> dict:
    size = path.stat().st_size
    if known is not None and known.get("size") == size:
        return known
    size, sha = digest(path)
    return {"size": size, "sha256": sha}


def record_vectors(layout: Layout, size: int, sha256: str, count: int, replacing: bool, part: str = "vectors") -> None:
    """Note vectors.faiss (``part`` "recent_vectors": vectors.recent.faiss) as committed;
    ``replacing``: the file is about to be swapped in, and the one in place now stays acceptable
    until the next call."""
    data = _current(layout)
    entry = {"size": size, "sha256": sha256, "count": count}
    entries = [entry]
    if replacing and data.get(part):
        entries.append(data[part][0])
    write(layout, {**data, part: entries})


def forget(layout: Layout, part: str) -> None:
    """Drop a part's record (it is being rebuilt, or its file is gone)."""
    data = _current(layout)
    if part in data:
        del data[part]
        write(layout, data)
