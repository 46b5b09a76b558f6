"""A full disk while indexing: each part that can run out of space (catalog, keyword index,
vector index, embedding cache) stops the run with DiskFull naming the part and the file being
stored; the index keeps its last committed state, searchable by keywords and vectors, with
nothing half-written left behind; a run after space is freed completes.

Each test makes its own size-limited file systems (tmpfs, mounted by root) and fills them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from api.cli import main
from api.search import SearchRequest, Searcher
from indexer.store import integrity
from indexer.store.check import examine
from indexer.store.embedding_cache import cache_files
from indexer.store.layout import DiskFull, Layout
from indexer.store.reader import open_reader
from indexer.update import IndexSettings, update_index

from tests.conftest import CORPUS

PIECES = ("dang-uy-2026-phan-1.txt", "dang-uy-2026-phan-2.txt", "dang-uy-2026-phan-3.txt")
BASE_PHRASE = "Vì người nghèo"  # in the 2019 report, the index's only document before each test


def mount_tmpfs(point: Path, size_kb: int) -> None:
    point.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(point)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"a size-limited tmpfs cannot be mounted here (these tests need root): {result.stderr.strip()}")


def unmount(point: Path) -> None:
    if subprocess.run(["umount", str(point)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)  # files still open in this process


@pytest.fixture
def small_fs(tmp_path):
    """Factory: a tmpfs of ``size_kb`` at a new folder (unmounted after the test)."""
    mounted: list[Path] = []

    def make(name: str, size_kb: int) -> Path:
        point = tmp_path / name
        mount_tmpfs(point, size_kb)
        mounted.append(point)
        return point

    yield make
    for point in reversed(mounted):
        unmount(point)


def fill(mount: Path, leave: int) -> Path:
    """Take all the space of ``mount`` but ``leave`` bytes; delete the returned file to free it."""
    filler = mount / "filler"
    with open(filler, "wb") as handle:
        handle.write(b"\0" * max(0, shutil.disk_usage(mount).free - leave))
    return filler


@pytest.fixture(scope="module")
def sources(tmp_path_factory, corpus_index) -> dict:
    """The 2019 report indexed alone (with vectors), the 2026 report cut into three new files, and
    an embedding cache holding the vectors of all of them (so a test embeds only when it means to)."""
    root = tmp_path_factory.mktemp("disk-full")
    cache = root / "cache.sqlite"
    for part in cache_files(corpus_index / "embeddings.sqlite"):  # the 2019 report's vectors: keys and rows
        shutil.copy(part, root / part.name.replace("embeddings", "cache", 1))
    base_files, pieces = root / "base-files", root / "pieces"
    base_files.mkdir()
    pieces.mkdir()
    shutil.copy(next(CORPUS.glob("000_*.txt")), base_files / "mttq-2019.txt")
    lines = next(CORPUS.glob("004_*.txt")).read_text(encoding="utf-8").splitlines(keepends=True)
    third = len(lines) // 3
    for i, name in enumerate(PIECES):
        (pieces / name).write_text("".join(lines[i * third:(i + 1) * third if i < 2 else None]), encoding="utf-8")
    assert not update_index([base_files, pieces], root / "full", IndexSettings(embedding_cache=cache)).failed
    base = root / "base"
    assert not update_index([base_files], base, IndexSettings(embedding_cache=cache)).failed
    return {"base": base, "pieces": pieces, "cache": cache}


def phrase_of(piece: Path) -> str:
    """A line of the piece long enough to be its own."""
    return max(piece.read_text(encoding="utf-8").splitlines(), key=len)[:80]


def found(root: Path, query: str, mode: str) -> set[str]:
    reader = open_reader(root)
    try:
        response = Searcher(reader).search(SearchRequest(query, mode=mode, k=20, snippets=False))
        return {Path(r.path).name for r in response.results}
    finally:
        reader.close()


def assert_last_committed_state_serves(root: Path, documents: int) -> None:
    reader = open_reader(root)
    try:
        assert reader.counts()["documents"] == documents
    finally:
        reader.close()
    assert "mttq-2019.txt" in found(root, BASE_PHRASE, "bm25")
    assert "mttq-2019.txt" in found(root, BASE_PHRASE, "dense")
    assert not examine(Layout(root)).damaged


def assert_nothing_half_written(root: Path) -> None:
    layout = Layout(root)
    assert not layout.vectors.with_suffix(".tmp").exists() and not layout.checksums.with_suffix(".tmp").exists()
    committed = set(integrity.committed_lexical_files(layout.lexical))
    begun = {n for n in os.listdir(layout.lexical) if not n.startswith(".") and n not in ("meta.json", "filler")} - committed
    assert not begun, f"segment files of a failed commit left behind: {sorted(begun)}"


def assert_completes_after_space_is_freed(root: Path, sources: dict, filler: Path, **settings) -> None:
    filler.unlink()
    report = update_index([sources["pieces"]], root, IndexSettings(embedding_cache=sources["cache"], **settings))
    assert not report.failed and report.chunks_pending_embedding == 0
    for piece in PIECES:
        phrase = phrase_of(sources["pieces"] / piece)
        assert piece in found(root, phrase, "bm25"), phrase
        assert piece in found(root, phrase, "dense"), phrase
    assert not examine(Layout(root)).damaged


def test_catalog_full_while_storing_a_file(small_fs, sources, capsys):
    mount = small_fs("disk", 4096)
    root = Path(shutil.copytree(sources["base"], mount / "index"))
    filler = fill(mount, 40_000)
    code = main(["index", str(sources["pieces"]), "--index", str(root), "--no-embed", "--quiet"])
    error = capsys.readouterr().err
    assert code == 2
    assert f"no space left on device writing the catalog ({root / 'catalog.sqlite'}) while storing " in error
    assert "dang-uy-2026-phan-" in error and "keeps its last committed state" in error and "try again" in error
    assert_last_committed_state_serves(root, documents=1)
    assert_nothing_half_written(root)
    assert_completes_after_space_is_freed(root, sources, filler)


def test_catalog_full_after_some_files_keeps_those_files(small_fs, sources):
    mount = small_fs("disk", 4096)
    root = Path(shutil.copytree(sources["base"], mount / "index"))
    filler = fill(mount, 200_000)
    with pytest.raises(DiskFull) as raised:
        update_index([sources["pieces"]], root, IndexSettings(embed=False, jobs=1))
    assert raised.value.part == "catalog"
    stored = examine(Layout(root)).facts["catalog"]["documents"]  # readers see them once keyword search does
    assert 1 < stored < 1 + len(PIECES), "the space left should take some of the files, not all"
    assert_nothing_half_written(root)
    filler.unlink()
    report = update_index([sources["pieces"]], root, IndexSettings(embedding_cache=sources["cache"]))
    assert (report.unchanged, report.added) == (stored - 1, 1 + len(PIECES) - stored)  # kept, not read again
    for piece in PIECES:
        assert piece in found(root, phrase_of(sources["pieces"] / piece), "bm25")


def test_keyword_index_full_at_its_commit(small_fs, sources, tmp_path):
    root = Path(shutil.copytree(sources["base"], tmp_path / "index"))
    saved = tmp_path / "lexical-saved"
    shutil.move(root / "lexical", saved)
    lexical_mount = small_fs("index/lexical", 512)
    for path in saved.iterdir():
        shutil.copy2(path, lexical_mount / path.name)
    filler = fill(lexical_mount, 20_000)
    with pytest.raises(DiskFull) as raised:
        update_index([sources["pieces"]], root, IndexSettings(embed=False))
    assert raised.value.part == "lexical index"
    assert f"({lexical_mount})" in str(raised.value)
    assert_nothing_half_written(root)
    # the catalog took the files; the keyword index still answers from its last commit
    assert "mttq-2019.txt" in found(root, BASE_PHRASE, "bm25")
    assert not examine(Layout(root)).damaged
    assert_completes_after_space_is_freed(root, sources, filler)


def test_vector_index_full_when_it_is_replaced(small_fs, sources):
    mount = small_fs("disk", 4096)
    root = Path(shutil.copytree(sources["base"], mount / "index"))
    update_index([sources["pieces"]], root, IndexSettings(embed=False))
    before = (root / "vectors.faiss").read_bytes()
    filler = fill(mount, 300_000)  # room for the catalog's marks, not for a new vectors.faiss
    with pytest.raises(DiskFull) as raised:
        update_index([sources["pieces"]], root, IndexSettings(embedding_cache=sources["cache"]))
    assert raised.value.part == "vector index"
    assert (root / "vectors.faiss").read_bytes() == before
    assert_last_committed_state_serves(root, documents=1 + len(PIECES))
    assert_nothing_half_written(root)
    assert_completes_after_space_is_freed(root, sources, filler)


def test_embedding_cache_full(small_fs, sources, tmp_path):
    root = Path(shutil.copytree(sources["base"], tmp_path / "index"))
    cache_mount = small_fs("cache", 512)
    filler = fill(cache_mount, 64_000)
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(sources["pieces"] / PIECES[0], one / PIECES[0])
    with pytest.raises(DiskFull) as raised:
        update_index([one], root, IndexSettings(embedding_cache=cache_mount / "cache.sqlite"))
    assert raised.value.part == "embedding cache"
    assert_last_committed_state_serves(root, documents=2)
    assert_nothing_half_written(root)
    filler.unlink()
    assert not update_index([one], root, IndexSettings(embedding_cache=cache_mount / "cache.sqlite")).failed
    assert PIECES[0] in found(root, phrase_of(one / PIECES[0]), "dense")
