"""Is an index whole? What every reader checks on opening one, and `tracuu check`'s examination.

Opening (every search, and the server each time it swaps in a fresh reader): the catalog file is
as long as its header says; the lexical index opens, and each file of its committed segments has
the size and sha256 recorded when it was committed (a file is hashed once per process: segment
files never change); vectors.faiss reads whole and has the size and vector count recorded. Any
failure raises IndexDamaged naming the part and the repair, so a damaged part is reported, never
served as a silent partial answer. Hashing vectors.faiss on every opening would cost as much as
reading it; its bytes are compared with their sha256 by `tracuu check`. The server's first
opening of a keyword index over 64 MB checks the files' sizes and hashes them in a thread beside
its first answers (api/http/served_index.py: a file that differs is then refused as here).

`tracuu check` (``examine``) adds: PRAGMA integrity_check on the catalog; every chunk the catalog
marks ``lexical = 1`` is in the lexical index and every chunk marked ``embedded = 1`` has its
vector and its sentence windows' in vectors.faiss, and neither holds ids the catalog does not
account for; every recorded file matches its sha256. ``repair`` rebuilds a damaged derived part
from the catalog (the catalog itself can only come back from a backup or the files).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from indexer.analysis import ANALYZER_VERSION
from indexer.chunking import sentence_windows
from indexer.store import catalog as cat
from indexer.store import integrity, lexical, vector_file, vectors
from indexer.store.embedding_cache import row_bytes, rows_path
from indexer.store.layout import IndexDamaged, IndexProblem, Layout, Manifest, rebuild_hint

CATALOG, LEXICAL, VECTORS, MANIFEST, CHECKSUMS = "catalog", "lexical index", "vector index", "manifest", "checksums"
_ATTEMPTS = 3  # a writer may swap a file between two reads of an opening: look again before calling it damaged
_RETRY_S = 0.1


def repair_hint(part: str, root: Path) -> str:
    if part == CATALOG:
        return (f"restore a backup (`tracuu restore BACKUP --index {root} --force`) or {rebuild_hint(root)}")
    if part == LEXICAL:
        return f"`tracuu check --index {root} --repair` rebuilds the keyword index from the catalog"
    if part == VECTORS:
        return (f"`tracuu check --index {root} --repair` removes it and computes the vectors again "
                "(from the embedding cache where it has them)")
    if part == CHECKSUMS:
        return f"`tracuu check --index {root} --repair` records them again once the parts check whole"
    return rebuild_hint(root)


def damaged(part: str, root: Path, what: str) -> IndexDamaged:
    return IndexDamaged(part, f"the {part} of {root} is damaged: {what}; {repair_hint(part, root)}", what)


# --- on opening -------------------------------------------------------------------------------


def catalog_file_problem(path: Path) -> str | None:
    """What is wrong with the catalog file itself (missing, not SQLite, cut short), or None.

    The file is read through SQLite, never with open(): closing any other descriptor of a
    database file drops the POSIX locks SQLite holds on it in this process, and a writer in the
    same process (the server) can then corrupt it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return f"{path.name} is missing"
    except OSError as exc:
        return f"{path.name} cannot be read ({exc.strerror or exc})"
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            page_size = probe.execute("PRAGMA page_size").fetchone()[0]
            pages = probe.execute("PRAGMA page_count").fetchone()[0]
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            return f"{path.name} is not an SQLite database ({size:,} bytes: {exc})"
        return None  # busy or locked: the reader's own open will say what is wrong
    # A write-ahead log may hold the pages beyond the end (a checkpoint that a full disk
    # stopped): SQLite reads them from there.
    wal = Path(f"{path}-wal")
    if pages and size < pages * page_size and not (wal.exists() and wal.stat().st_size):
        return f"{path.name} is cut short: {size:,} bytes of the {pages * page_size:,} its header gives"
    return None


def verify_catalog_file(layout: Layout) -> None:
    problem = catalog_file_problem(layout.catalog)
    for _ in range(_ATTEMPTS - 1):  # a checkpoint may be growing the file right now
        if problem is None or "cut short" not in problem:
            break
        time.sleep(_RETRY_S)
        problem = catalog_file_problem(layout.catalog)
    if problem:
        raise damaged(CATALOG, layout.root, problem)


def is_corruption(exc: BaseException) -> bool:
    """An SQLite error that says the file is damaged (not busy, not a missing table)."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


@contextmanager
def catalog_reads(layout: Layout) -> Iterator[None]:
    """Turn SQLite's "malformed" and "not a database" into IndexDamaged naming the catalog."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            raise damaged(CATALOG, layout.root, f"SQLite reports: {exc}") from None
        raise


_verified: dict[tuple, str] = {}  # (path, size, mtime_ns, inode) → sha256 found: segment files never change


def _lexical_sha(path: Path) -> str:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    if key not in _verified:
        _verified[key] = integrity.digest(path)[1]
    return _verified[key]


def verify_lexical_files(layout: Layout, recorded: dict | None, full: bool = True) -> list[str]:
    """Problems with the committed segment files against their record (empty: none); files
    committed after ``recorded`` was written are not judged."""
    entries = (recorded or {}).get("lexical") or {}
    try:
        segments = integrity.committed_segments(layout.lexical)
    except FileNotFoundError:
        return ["lexical/meta.json is missing"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"lexical/meta.json is unreadable ({exc})"]
    present = set(integrity.committed_lexical_files(layout.lexical))
    problems = []
    for name, entry in sorted(entries.items()):
        prefix = name.split(".", 1)[0]
        if prefix not in segments or (name.endswith(".del") and name != segments[prefix]):
            continue  # a segment merged away or a deletion file replaced since
        path = layout.lexical / name
        if name not in present:
            problems.append(f"{name} is missing")
            continue
        size = path.stat().st_size
        if size != entry.get("size"):
            problems.append(f"{name} is {size:,} bytes, {entry.get('size'):,} when committed")
        elif full and _lexical_sha(path) != entry.get("sha256"):
            problems.append(f"{name} differs from the sha256 recorded when it was committed")
    return problems


def verify_lexical_contents(layout: Layout) -> None:
    """Hash the committed lexical files against their record (what ``open_searchers(full=False)``
    left out); IndexDamaged naming the part if one differs."""
    for attempt in range(_ATTEMPTS):
        problems = verify_lexical_files(layout, integrity.read(layout))
        if not problems:
            return
        if attempt < _ATTEMPTS - 1:
            time.sleep(_RETRY_S)  # a writer may have committed between two reads: look again
    raise damaged(LEXICAL, layout.root, "; ".join(problems[:3]))


def _open_lexical(layout: Layout) -> lexical.LexicalSearcher:
    try:
        return lexical.LexicalSearcher(layout.lexical)
    except (ValueError, OSError) as exc:
        raise damaged(LEXICAL, layout.root, f"tantivy cannot open it ({exc})") from None


def _vectors_problem(path: Path, entries: list[dict], found: vectors.VectorSearcher | None) -> str | None:
    if found is None:
        return f"{path.name} is missing" if entries else None
    if not entries:
        return None
    size = path.stat().st_size
    if not any(e.get("size") == size and e.get("count") == found.size for e in entries):
        return (f"{path.name} is {size:,} bytes with {found.size:,} vectors; committed: "
                + " or ".join(f"{e.get('size'):,} bytes with {e.get('count'):,}" for e in entries))
    return None


def _faiss_error(exc: BaseException) -> str:
    """faiss's own words without its source location."""
    text = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return text.split("failed: ", 1)[-1][:300]


def _open_vector_file(layout: Layout, path: Path, entries: list[dict]) -> vectors.VectorSearcher:
    if not path.is_file():
        problem = _vectors_problem(path, entries, None)
        if problem:
            raise damaged(VECTORS, layout.root, problem)
        return vectors.VectorSearcher(path)
    try:
        searcher = vectors.VectorSearcher(path)
    except (RuntimeError, OSError, MemoryError) as exc:
        raise damaged(VECTORS, layout.root, f"faiss cannot read {path.name} ({_faiss_error(exc)})") from None
    problem = _vectors_problem(path, entries, searcher)
    if problem:
        raise damaged(VECTORS, layout.root, problem)
    return searcher


def _kept(previous: vectors.VectorSearcher | None, then, now, path: Path,
          entries: list[dict]) -> vectors.VectorSearcher | None:
    """A searcher of a file that has not been replaced since it was read (a writer never edits one in place)."""
    if previous is None or now is None or then != now or _vectors_problem(path, entries, previous) is not None:
        return None
    return previous


def _open_vectors(layout: Layout, recorded: dict | None, previous: vectors.IndexVectors | None = None
                  ) -> vectors.IndexVectors:
    main_entries = (recorded or {}).get("vectors") or []
    recent_entries = (recorded or {}).get(vectors.RECENT_PART) or []
    now = (vectors.file_identity(layout.vectors), vectors.file_identity(layout.recent_vectors))
    then = previous.identity if previous is not None else (None, None)
    main = (_kept(previous and previous.main, then[0], now[0], layout.vectors, main_entries)
            or _open_vector_file(layout, layout.vectors, main_entries))
    recent = None
    # A record without its file is a first recent file a writer stopped before swapping in: the
    # catalog claims none of its vectors yet (the record goes first, the file after it).
    if main.kind == "ivfpq" and layout.recent_vectors.is_file():
        recent = (_kept(previous and previous.recent, then[1], now[1], layout.recent_vectors, recent_entries)
                  or _open_vector_file(layout, layout.recent_vectors, recent_entries))
    if previous is not None and main is previous.main and recent is previous.recent:
        return previous  # a refresh while only the catalog changed reads no vectors again
    return vectors.IndexVectors(main, recent)


def open_searchers(layout: Layout, full: bool = True, previous: vectors.IndexVectors | None = None
                   ) -> tuple[lexical.LexicalSearcher, vectors.IndexVectors]:
    """The lexical and vector searchers of the committed state, each checked against its record
    (IndexDamaged naming the part if it fails); ``full=False`` checks the lexical files' sizes
    only, for a caller that hashes them afterwards (``verify_lexical_contents``). ``previous``
    (a reader's vector searcher) is kept when vectors.faiss is still the file it was read from."""
    for attempt in range(_ATTEMPTS):
        try:
            recorded = integrity.read(layout)
            problems = verify_lexical_files(layout, recorded, full)
            if problems:
                raise damaged(LEXICAL, layout.root, "; ".join(problems[:3]))
            return _open_lexical(layout), _open_vectors(layout, recorded, previous)
        except IndexDamaged:
            if attempt == _ATTEMPTS - 1:
                raise
            time.sleep(_RETRY_S)  # a writer may have committed between two reads: look again
    raise AssertionError("unreachable")


# --- tracuu check -----------------------------------------------------------------------------


@dataclass
class Finding:
    part: str
    problem: str
    repair: str
    damage: bool = True  # False: a note (work a writer still owes, checksums not recorded yet)


@dataclass
class CheckReport:
    root: Path
    findings: list[Finding] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)  # what was found whole: counts per part

    @property
    def damaged(self) -> bool:
        return any(f.damage for f in self.findings)

    def damaged_parts(self) -> set[str]:
        return {f.part for f in self.findings if f.damage}

    def add(self, part: str, problem: str, damage: bool = True, repair: str | None = None) -> None:
        self.findings.append(Finding(part, problem, repair if repair is not None else repair_hint(part, self.root), damage))


def _catalog_state(connection: sqlite3.Connection) -> dict:
    rows = connection.execute("SELECT id, lexical, embedded FROM chunks ORDER BY id").fetchall()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    flags = np.array([(r[1], r[2]) for r in rows], dtype=np.int64).reshape(-1, 2)
    pending = {target: set(cat.pending_deletes(connection, target)) for target in ("lexical", "vectors")}
    documents = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    return {"ids": ids, "lexical": set(ids[flags[:, 0] == 1].tolist()), "embedded": ids[flags[:, 1] == 1],
            "pending": pending, "documents": documents}


def _sample(ids, limit: int = 5) -> str:
    ids = sorted(ids)
    return ", ".join(str(i) for i in ids[:limit]) + (f" … ({len(ids):,} in all)" if len(ids) > limit else "")


def _examine_lexical(layout: Layout, state: dict | None, recorded: dict | None, report: CheckReport) -> None:
    problems = verify_lexical_files(layout, recorded)
    for problem in problems:
        report.add(LEXICAL, problem)
    if recorded is not None and not problems:
        try:
            unrecorded = set(integrity.committed_lexical_files(layout.lexical)) - set(recorded.get("lexical") or {})
        except (OSError, ValueError, KeyError, TypeError):
            unrecorded = set()
        if unrecorded:
            report.add(CHECKSUMS, f"{len(unrecorded)} committed lexical file(s) have no recorded checksum "
                                  "(a writer stopped between its commit and the record)", damage=False)
    try:
        ids = _open_lexical(layout).chunk_ids()
    except IndexDamaged as exc:
        report.add(LEXICAL, exc.what)
        return
    except (ValueError, OSError) as exc:
        report.add(LEXICAL, f"reading its chunk ids failed ({exc})")
        return
    unique = set(ids)
    report.facts[LEXICAL] = {"chunks": len(unique)}
    if len(unique) != len(ids):
        report.add(LEXICAL, f"{len(ids) - len(unique):,} chunk(s) are in it twice")
    if state is None:
        return
    missing = state["lexical"] - unique
    if missing:
        report.add(LEXICAL, f"{len(missing):,} chunk(s) the catalog marks as indexed are not in it: {_sample(missing)}")
    known = set(state["ids"].tolist())
    extra = unique - known - state["pending"]["lexical"]
    if extra:
        report.add(LEXICAL, f"{len(extra):,} id(s) in it are no chunk of the catalog: {_sample(extra)}")
    waiting = known - state["lexical"]
    if waiting:
        report.add(LEXICAL, f"{len(waiting):,} chunk(s) still wait for the keyword index (an indexing run was stopped)",
                   damage=False, repair=f"`tracuu index PATH --index {report.root}` (any PATH) finishes it")


def _expected_vector_ids(connection: sqlite3.Connection, embedded: np.ndarray, windows: int) -> set[int]:
    expected = set(embedded.tolist())
    if not windows or not len(embedded):
        return expected
    rows = connection.execute(f"SELECT c.id, {cat.CHUNK_TEXT} FROM {cat.CHUNKS_WITH_DOCUMENTS} WHERE c.embedded = 1")
    for chunk_id, text in rows:
        count = min(len(sentence_windows(text, windows)), vectors.WINDOW_SLOTS)
        expected.update(vectors.window_id(chunk_id, j) for j in range(count))
    return expected


def _compact_rows_problem(layout: Layout, index, ids: np.ndarray, report: CheckReport, path: Path | None = None) -> bool:
    """A compact index rescores from its rows in the embedding cache: its row map must name every
    vector it holds, and each row must be in the cache (True when a problem was reported). The
    recent vectors beside it carry their rows too, for when they are merged into it."""
    repair = f"`tracuu embed --index {report.root} --rebuild-vectors` rebuilds it from the cache"
    try:
        row_map = vector_file.read_row_map(path or layout.vectors)
    except ValueError as exc:
        report.add(VECTORS, str(exc), repair=repair)
        return True
    if len(row_map) != len(ids) or not np.array_equal(np.sort(ids), np.asarray(row_map.ids)):
        report.add(VECTORS, f"its row map names {len(row_map):,} vectors, the index holds {len(ids):,}", repair=repair)
        return True
    rows_file = rows_path(layout.embedding_cache, index.d)
    if not layout.embedding_cache.is_file() or not rows_file.is_file():
        report.add(VECTORS, f"{rows_file.name} is missing: the compact vectors cannot be rescored",
                   repair=f"restore {layout.embedding_cache.name} and {rows_file.name} from a backup, or remove "
                          f"vectors.faiss and run `tracuu embed --index {report.root}` (embeds again)")
        return True
    keys = sqlite3.connect(f"file:{layout.embedding_cache}?mode=ro", uri=True)
    try:
        committed = (keys.execute("SELECT rows FROM row_files WHERE dim = ?", (index.d,)).fetchone() or (0,))[0]
    except sqlite3.Error as exc:
        report.add(VECTORS, f"{layout.embedding_cache.name} cannot be read ({exc})", repair=repair)
        return True
    finally:
        keys.close()
    size = rows_file.stat().st_size
    needed = int(np.max(row_map.rows)) + 1 if len(row_map) else 0
    if needed > committed or needed * row_bytes(index.d) > size:
        report.add(VECTORS, f"its vectors refer to row {needed - 1:,} of {rows_file.name}, which holds "
                            f"{min(committed, size // row_bytes(index.d)):,}: those vectors cannot be rescored",
                   repair=repair)
        return True
    return False


def _examine_vector_file(layout: Layout, path: Path, entries: list[dict], manifest: Manifest | None,
                         report: CheckReport, recent: bool = False) -> tuple[np.ndarray, str] | None:
    """(vector ids, kind) of one vector file whole and as recorded; None when a problem was reported."""
    size, sha = integrity.digest(path)
    if entries and not any(e.get("size") == size and e.get("sha256") == sha for e in entries):
        report.add(VECTORS, f"{path.name} differs from the sha256 recorded when it was committed"
                   if any(e.get("size") == size for e in entries) else
                   f"{path.name} is {size:,} bytes, {entries[0].get('size'):,} when committed")
        return None
    try:
        index = faiss.read_index(str(path))
    except (RuntimeError, MemoryError) as exc:
        report.add(VECTORS, f"faiss cannot read {path.name} ({_faiss_error(exc)})")
        return None
    if manifest is not None and index.d != manifest.dim:
        report.add(VECTORS, f"its vectors have {index.d} dimensions, the manifest says {manifest.dim}")
        return None
    ids = vector_file.stored_ids(index)
    kind = vector_file.index_kind(index)
    if (kind == "ivfpq" or recent) and _compact_rows_problem(layout, index, ids, report, path):
        return None
    if len(set(ids.tolist())) != len(ids):
        report.add(VECTORS, f"{len(ids) - len(set(ids.tolist())):,} vector id(s) are in {path.name} twice")
    return ids, kind


def _examine_vectors(layout: Layout, manifest: Manifest | None, connection: sqlite3.Connection | None,
                     state: dict | None, recorded: dict | None, report: CheckReport) -> None:
    entries = (recorded or {}).get("vectors") or []
    if not layout.vectors.is_file():
        if entries:
            report.add(VECTORS, "vectors.faiss is missing")
        elif state is not None and len(state["embedded"]):
            report.add(VECTORS, f"vectors.faiss is missing but {len(state['embedded']):,} chunk(s) are marked embedded",
                       repair=f"`tracuu embed --index {report.root}` computes them again")
        return
    found = _examine_vector_file(layout, layout.vectors, entries, manifest, report)
    if found is None:
        return
    ids, kind = found
    recent_entries = (recorded or {}).get(vectors.RECENT_PART) or []
    if kind == "ivfpq" and layout.recent_vectors.is_file():  # a record alone: see _open_vectors
        recent = _examine_vector_file(layout, layout.recent_vectors, recent_entries, manifest, report, recent=True)
        if recent is None:
            return
        ids = np.concatenate([ids, recent[0]])  # one id in both: a merge stopped before the recent file went (harmless)
    unique = set(ids.tolist())
    report.facts[VECTORS] = {"vectors": len(unique), "chunks": sum(1 for i in unique if i < vectors.WINDOW_BASE)}
    if state is None or connection is None:
        return
    expected = _expected_vector_ids(connection, state["embedded"], manifest.vector_windows if manifest else 0)
    missing = expected - unique
    if missing:
        chunks = set(vectors.owners(np.fromiter(missing, dtype=np.int64)).tolist())
        report.add(VECTORS, f"{len(chunks):,} chunk(s) marked embedded lack their vector or a window's: {_sample(chunks)}")
    ids = np.fromiter(unique, dtype=np.int64, count=len(unique))
    owners = vectors.owners(ids) if len(ids) else ids
    known = set(state["ids"].tolist())
    stray = {int(v) for v, owner in zip(ids.tolist(), owners.tolist())
             if owner not in known and owner not in state["pending"]["vectors"]}
    if stray:
        report.add(VECTORS, f"{len(stray):,} vector id(s) belong to no chunk of the catalog: {_sample(stray)}")
    unmarked = {owner for owner in set(owners.tolist()) & known} - set(state["embedded"].tolist())
    if unmarked:
        report.add(VECTORS, f"{len(unmarked):,} chunk(s) have vectors but are not marked embedded (an embedding run "
                            "was stopped)", damage=False, repair=f"`tracuu embed --index {report.root}` finishes it")
    waiting = len(known) - len(state["embedded"])
    if waiting:
        report.facts["chunks waiting for vectors"] = waiting


def examine(layout: Layout, connection: sqlite3.Connection | None = None, root: Path | None = None) -> CheckReport:
    """Check every part of the index at ``layout`` (the catalog through ``connection`` if given:
    a snapshot's pinned one); nothing is written. Repairs are worded for ``root`` (default: the
    layout's own)."""
    report = CheckReport(root or layout.root)
    manifest = None
    try:
        manifest = layout.read_manifest()
        if manifest.analyzer != ANALYZER_VERSION:
            report.add(MANIFEST, f"built with analyzer {manifest.analyzer}; this tracuu uses {ANALYZER_VERSION}")
    except IndexProblem as exc:
        report.add(MANIFEST, str(exc), repair="")
    try:
        recorded = integrity.read(layout)
    except IndexDamaged as exc:
        recorded = None
        report.add(CHECKSUMS, exc.what)
    else:
        if recorded is None:
            report.add(CHECKSUMS, "no checksums recorded: the index was written before tracuu recorded them, so file "
                                  "contents are not verified (the next commit of each part records them)", damage=False,
                       repair=f"`tracuu check --index {report.root} --repair` records them now if the parts check whole")
    state = None
    own_connection = connection is None
    problem = catalog_file_problem(layout.catalog) if own_connection else None
    if problem:
        report.add(CATALOG, problem)
    else:
        try:
            if own_connection:
                connection = cat.connect(layout.catalog, readonly=True)
            result = [row[0] for row in connection.execute("PRAGMA integrity_check(20)")]
            if result != ["ok"]:
                report.add(CATALOG, "PRAGMA integrity_check: " + "; ".join(result[:5]))
            else:
                state = _catalog_state(connection)
                report.facts[CATALOG] = {"documents": state["documents"], "chunks": len(state["ids"])}
        except sqlite3.DatabaseError as exc:
            report.add(CATALOG, f"SQLite reports: {exc}")
    if state is None:
        report.add(CATALOG, "the lexical and vector indexes were not compared with it (they derive from it)",
                   damage=False, repair="")
    _examine_lexical(layout, state, recorded, report)
    _examine_vectors(layout, manifest, connection if state is not None else None, state, recorded, report)
    if own_connection and connection is not None:
        connection.close()
    return report


# --- repair -----------------------------------------------------------------------------------


@dataclass
class Repair:
    rebuilt_lexical: int = 0  # chunks put back in the keyword index
    vectors_reset: bool = False  # vectors.faiss removed: the caller runs the embedding
    recorded_checksums: bool = False
    left: list[Finding] = field(default_factory=list)  # what cannot be repaired here


def repair(layout: Layout, report: CheckReport) -> Repair:
    """Rebuild what ``report`` (of the index as it is now: the caller holds the writer lock) found
    damaged in the derived parts, from the catalog; record checksums when missing or stale."""
    done = Repair()
    parts = report.damaged_parts()
    if parts & {CATALOG, MANIFEST}:
        done.left = [f for f in report.findings if f.damage and f.part in (CATALOG, MANIFEST)]
        return done  # the derived parts cannot be rebuilt from a damaged catalog
    connection = cat.connect(layout.catalog)
    try:
        if VECTORS in parts:
            vector_file.discard(layout.recent_vectors, vectors.RECENT_PART)
            vector_file.discard(layout.vectors, "vectors")
            with cat.transaction(connection):
                connection.execute("UPDATE chunks SET embedded = 0 WHERE embedded = 1")
                connection.execute("DELETE FROM pending_deletes WHERE target = 'vectors'")
            done.vectors_reset = True
        if LEXICAL in parts:
            shutil.rmtree(layout.lexical, ignore_errors=True)
            integrity.forget(layout, "lexical")
            with cat.transaction(connection):
                connection.execute("UPDATE chunks SET lexical = 0 WHERE lexical = 1")
                connection.execute("DELETE FROM pending_deletes WHERE target = 'lexical'")
            done.rebuilt_lexical = lexical.sync(lexical.open_index(layout.lexical, create=True), connection)
        if CHECKSUMS in {f.part for f in report.findings} or LEXICAL in parts or VECTORS in parts:
            if (layout.lexical / "meta.json").is_file():
                integrity.record_lexical(layout)
            for path, part in ((layout.vectors, "vectors"), (layout.recent_vectors, vectors.RECENT_PART)):
                if path.is_file():
                    size, sha = integrity.digest(path)
                    integrity.record_vectors(layout, size, sha, faiss.read_index(str(path)).ntotal, replacing=False, part=part)
            done.recorded_checksums = True
    finally:
        connection.close()
    return done


def report_json(report: CheckReport) -> str:
    return json.dumps({"index": str(report.root), "damaged": report.damaged, "facts": report.facts,
                       "findings": [f.__dict__ for f in report.findings]}, ensure_ascii=False, indent=1)
