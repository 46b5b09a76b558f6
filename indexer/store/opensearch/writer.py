"""Copy an embedded index into a cluster (``tracuu migrate``), and keep it in step.

Vectors come from the embedded vector index (its stored vectors, or the embedding cache's int8
rows for a compact index): nothing is re-embedded. Ids are idempotent (chunk id; vector id;
document id), so a retried bulk replaces rather than duplicates. A migration writes a new
version of each index and swaps the three aliases in one ``_aliases`` call.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from indexer.store.lexical import field_values
from indexer.store.opensearch.schema import KINDS, alias, body, versioned
from indexer.store.reader import IndexReader
from indexer.store.vectors import WINDOW_BASE, owners

_BATCH = 500


@dataclass
class MigrationReport:
    alias: str
    version: int
    documents: int
    chunks: int
    vectors: int
    seconds: float
    vectors_complete: bool = True  # False when ``vectors`` left some out ("own", "none", or the time budget ran out)
    timings: dict = field(default_factory=dict)  # seconds per phase: documents, chunks, vectors, replicas, refresh


def bulk(client, actions: Iterable[dict], what: str, chunk_size: int = _BATCH) -> int:
    """Bulk with back-pressure: 429s are retried with exponential backoff (opensearch-py's
    streaming_bulk); any other item error fails naming the index and the first error."""
    from opensearchpy import helpers

    done = 0
    errors = []
    for ok, item in helpers.streaming_bulk(client, _prefetched(actions, 2 * chunk_size), chunk_size=chunk_size,
                                           max_retries=6, initial_backoff=1, max_backoff=30, raise_on_error=False,
                                           request_timeout=120):
        if ok:
            done += 1
        else:
            errors.append(item)
    if errors:
        raise RuntimeError(f"bulk into {what}: {len(errors)} items failed; first: {json.dumps(errors[0], ensure_ascii=False)[:500]}")
    return done


def _prefetched(actions: Iterable[dict], depth: int) -> Iterator[dict]:
    """``actions`` made in a thread ``depth`` ahead, so that reading and analysing the next batch
    (Python) overlaps the node indexing this one (measured at 1M chunks: eval/studies/opensearch_scale.py)."""
    import queue
    import threading

    ahead: queue.Queue = queue.Queue(maxsize=depth)
    end = object()
    failure: list[BaseException] = []
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False  # the consumer stopped

    def produce():
        try:
            for action in actions:
                if not put(action):
                    return
        except BaseException as exc:  # noqa: BLE001 - raised again in the consuming thread
            failure.append(exc)
        put(end)

    worker = threading.Thread(target=produce, daemon=True)
    worker.start()
    try:
        while (action := ahead.get()) is not end:
            yield action
        if failure:
            raise failure[0]
    finally:
        stop.set()


def _next_version(client, name: str) -> int:
    existing = client.indices.get(index=f"{name}-chunks-v*", ignore_unavailable=True, allow_no_indices=True)
    versions = [int(index.rsplit("-v", 1)[1]) for index in existing if index.rsplit("-v", 1)[1].isdigit()]
    return max(versions, default=0) + 1


def swap_aliases(client, name: str, version: int) -> list[str]:
    """Point NAME-chunks/-vectors/-documents at version ``version`` in one atomic call; returns the
    indices the aliases left (kept: the caller decides when to drop them)."""
    actions, previous = [], []
    for kind in KINDS:
        current = client.indices.get_alias(name=alias(name, kind), ignore=[404])
        for index in current if isinstance(current, dict) and "error" not in current and "status" not in current else {}:
            actions.append({"remove": {"index": index, "alias": alias(name, kind)}})
            previous.append(index)
        actions.append({"add": {"index": versioned(name, kind, version), "alias": alias(name, kind)}})
    client.indices.update_aliases(body={"actions": actions})
    return previous


def _documents(reader: IndexReader, ids: list[int]) -> Iterator[dict]:
    for start in range(0, len(ids), _BATCH):
        part = ids[start:start + _BATCH]
        uploads = reader.upload_names(part)
        access = reader.access_of(part)
        groups = reader.version_groups(part)
        for doc_id, row in reader.documents(part).items():
            source = {key: row[key] for key in ("title", "unit", "doc_type", "number", "place", "signer", "signer_position",
                                                "level", "format", "year")}
            collections, classified = access[doc_id]
            source.update(id=doc_id, date=row["date"], date_text=row["date"], paths=json.loads(row["paths"] or "[]"),
                          upload_name=uploads.get(doc_id), collections=collections, classified=classified,
                          versions=groups.get(doc_id, []), view=document_view(reader.document(doc_id)))
            yield source


def document_view(record) -> dict:
    """What the document view shows beyond the summary fields: text, section tree, extracted
    metadata with spans, pages, files (ClusterReader.document rebuilds the DocumentRecord)."""
    return {"encodings": record.encodings, "metadata": record.metadata, "pages": record.pages,
            "warnings": record.warnings, "indexed_at": record.indexed_at, "chunks": record.chunks, "text": record.text,
            "sections": [asdict(section) for section in record.sections],
            "files": [asdict(file) for file in record.files]}


def _chunk_sources(reader: IndexReader, embedded: set[int]) -> Iterator[dict]:
    batch: list[tuple[int, str]] = []
    for chunk_id, context, _text in reader.all_chunk_texts():
        batch.append((chunk_id, context))
        if len(batch) == _BATCH:
            yield from _chunk_batch(reader, batch, embedded)
            batch = []
    yield from _chunk_batch(reader, batch, embedded)


def _chunk_batch(reader: IndexReader, batch: list[tuple[int, str]], embedded: set[int]) -> Iterator[dict]:
    if not batch:
        return
    rows = reader.chunks([chunk_id for chunk_id, _ in batch])
    for chunk_id, context in batch:
        row = rows[chunk_id]
        yield {"chunk_id": chunk_id, "doc_id": row.doc_id, "embedded": chunk_id in embedded, "text": row.text,
               "section_path": row.section_path, "start": row.start, "end": row.end, "page_start": row.page_start,
               "page_end": row.page_end, **field_values(context, row.text)}


def stored_vectors(reader: IndexReader, own_only: bool = False) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(vector ids, float32 vectors) of the embedded vector index, in batches, read from what it
    stores (faiss's vectors, or the cache rows of a compact index): never re-embedded.
    ``own_only``: each chunk's own vector, no sentence windows."""
    yield from reader.vectors.stored(own_only, _BATCH)


def chunk_actions(index: str, sources: Iterable[dict]) -> Iterator[dict]:
    for source in sources:
        yield {"_index": index, "_id": str(source["chunk_id"]), "_source": source}


def vector_actions(index: str, reader: IndexReader, doc_of: dict[int, int], own_only: bool = False) -> Iterator[dict]:
    for ids, vectors in stored_vectors(reader, own_only):
        for vector_id, chunk_id, vector in zip(ids.tolist(), owners(ids).tolist(), vectors):
            if chunk_id not in doc_of:
                continue  # a vector whose chunk was deleted since (its removal is pending)
            yield {"_index": index, "_id": str(vector_id),
                   "_source": {"chunk_id": chunk_id, "doc_id": doc_of[chunk_id], "own": vector_id < WINDOW_BASE,
                               "vector": vector.tolist()}}


VECTOR_CHOICES = ("all", "own", "none")


def migrate(index_dir: Path, client, name: str, shards: int = 1, replicas: int = 0, drop_previous: bool = True,
            progress=print, vectors: str = "all", vector_until: float | None = None,
            batch: int = _BATCH, vector_batch: int = 200) -> MigrationReport:
    """Copy the embedded index at ``index_dir`` into new versioned indices and swap NAME's aliases.

    Bulk-load practice: the indices are created with no replica and no refresh; once loaded, the
    replicas are set (peer recovery copies the segment files, nothing is indexed twice), the
    cluster waits for green, and the indices refresh. ``vectors``: "all" (own and sentence
    windows, the default), "own" (each chunk's own vector) or "none"; ``vector_until`` (a
    ``time.time()``) stops the vector load then (a scale benchmark's budget; the report says so).
    Either partial choice leaves a cluster whose dense scores differ from the embedded index's."""
    if vectors not in VECTOR_CHOICES:
        raise ValueError(f"vectors={vectors!r}: choose one of {', '.join(VECTOR_CHOICES)}")
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def phase(label: str, since: float) -> float:
        now = time.perf_counter()
        timings[label] = round(now - since, 1)
        return now

    reader = IndexReader(index_dir)
    try:
        manifest = reader.manifest
        version = _next_version(client, name)
        meta = {"analyzer": manifest.analyzer, "embedder": manifest.embedder, "embedder_name": manifest.embedder_name,
                "dim": manifest.dim, "source": str(Path(index_dir).resolve())}
        for kind in KINDS:
            settings = body(kind, dim=manifest.dim, shards=shards, replicas=0, meta=meta)
            settings["settings"]["refresh_interval"] = "-1"
            client.indices.create(index=versioned(name, kind, version), body=settings)
        mark = time.perf_counter()
        doc_ids = sorted(reader.document_identities())
        documents = bulk(client, ({"_index": versioned(name, "documents", version), "_id": str(d["id"]), "_source": d}
                                  for d in _documents(reader, doc_ids)), "documents", chunk_size=batch)
        mark = phase("documents", mark)
        progress(f"documents: {documents} in {timings['documents']} s")
        embedded = set(reader.chunk_ids(embedded=True))
        doc_of: dict[int, int] = {}

        def sources():
            for source in _chunk_sources(reader, embedded):
                doc_of[source["chunk_id"]] = source["doc_id"]
                yield source

        chunks = bulk(client, chunk_actions(versioned(name, "chunks", version), sources()), "chunks", chunk_size=batch)
        mark = phase("chunks", mark)
        progress(f"chunks: {chunks} in {timings['chunks']} s")
        complete = vectors == "all"
        vector_count = 0
        if vectors != "none":
            actions = vector_actions(versioned(name, "vectors", version), reader, doc_of, own_only=vectors == "own")
            if vector_until is not None:
                actions, stopped = _until(actions, vector_until)
            vector_count = bulk(client, actions, "vectors", chunk_size=vector_batch)
            if vector_until is not None and stopped():
                complete = False
        mark = phase("vectors", mark)
        progress(f"vectors: {vector_count} in {timings['vectors']} s" + ("" if complete else " (not all: see vectors=)"))
        indices = ",".join(versioned(name, kind, version) for kind in KINDS)
        if replicas:
            client.indices.put_settings(index=indices, body={"index": {"number_of_replicas": replicas}})
            client.cluster.health(index=indices, params={"wait_for_status": "green", "timeout": "3600s",
                                                         "request_timeout": 3700})
            mark = phase("replicas", mark)
            progress(f"replicas: {replicas} in {timings['replicas']} s")
        client.indices.put_settings(index=indices, body={"index": {"refresh_interval": "1s"}})
        client.indices.refresh(index=indices, params={"request_timeout": 3600})
        phase("refresh", mark)
        previous = swap_aliases(client, name, version)
        if drop_previous and previous:
            client.indices.delete(index=",".join(previous))
        return MigrationReport(name, version, documents, chunks, vector_count, round(time.perf_counter() - started, 1),
                               complete, timings)
    finally:
        reader.close()


def _until(actions: Iterator[dict], deadline: float):
    """``actions`` until ``deadline`` (time.time()); and a function saying whether it cut them short."""
    cut = [False]

    def limited():
        for action in actions:
            if time.time() >= deadline:
                cut[0] = True
                return
            yield action

    return limited(), lambda: cut[0]


class ClusterWriter:
    """Delete and update documents of a migrated index through its aliases (writes reach the
    current version; ids are the embedded index's, so an update replaces in place)."""

    def __init__(self, client, name: str):
        self.client, self.name = client, name

    def _group_of(self, doc_id: int) -> list[int]:
        found = self.client.mget(index=alias(self.name, "documents"), body={"ids": [str(doc_id)]},
                                 params={"_source_includes": "versions"})["docs"][0]
        return list(found.get("_source", {}).get("versions") or []) if found.get("found") else []

    def _set_groups(self, groups: dict[int, list[int]]) -> None:
        """Rewrite the ``versions`` of these documents (partial updates; a group of one is none)."""
        index = alias(self.name, "documents")
        present = {int(d["_id"]) for d in self.client.mget(index=index, body={"ids": [str(i) for i in groups]},
                                                           params={"_source": "false"})["docs"] if d.get("found")}
        bulk(self.client, ({"_op_type": "update", "_index": index, "_id": str(doc_id),
                            "doc": {"versions": members if len(members) > 1 else []}}
                           for doc_id, members in groups.items() if doc_id in present), "documents")
        self.client.indices.refresh(index=index)

    def delete_document(self, doc_id: int) -> int:
        """Remove a document, its chunks and vectors, and drop it from its versions' group; returns
        items removed."""
        removed, group = self._delete(doc_id)
        if group:
            self._set_groups({member: group for member in group})
        return removed

    def _delete(self, doc_id: int) -> tuple[int, list[int]]:
        """Remove a document, its chunks and vectors; (items removed, the rest of its group). By ids
        found with a term query and deleted in bulk (the node has no reindex module, so no
        _delete_by_query)."""
        group = [member for member in self._group_of(doc_id) if member != doc_id]
        removed = 0
        for kind in ("chunks", "vectors"):
            index = alias(self.name, kind)
            while True:
                hits = self.client.search(index=index, body={"size": 1000, "query": {"term": {"doc_id": doc_id}},
                                                             "_source": False})["hits"]["hits"]
                if not hits:
                    break
                removed += bulk(self.client, ({"_op_type": "delete", "_index": hit["_index"], "_id": hit["_id"]}
                                              for hit in hits), kind)
                self.client.indices.refresh(index=index)
        if self.client.exists(index=alias(self.name, "documents"), id=str(doc_id)):
            self.client.delete(index=alias(self.name, "documents"), id=str(doc_id), params={"refresh": "true"})
            removed += 1
        return removed, group

    def update_document(self, reader: IndexReader, doc_id: int) -> int:
        """Replace one document (its metadata, chunks and vectors) with its state in ``reader``'s
        embedded index, and the groups of versions it left or joined; returns chunks written. Finds
        the document's chunks and vectors by a scan of the embedded index (fine for an edit; a bulk
        change is a new ``migrate``)."""
        _, left = self._delete(doc_id)
        documents = bulk(self.client, ({"_index": alias(self.name, "documents"), "_id": str(d["id"]), "_source": d}
                                       for d in _documents(reader, [doc_id])), "documents")
        chunks = 0
        if documents:
            embedded = set(reader.embedded_chunks_of([doc_id]))
            mine = [(chunk_id, context) for chunk_id, context, _ in reader.all_chunk_texts()
                    if reader.chunk_documents([chunk_id]).get(chunk_id) == doc_id]
            chunks = bulk(self.client, chunk_actions(alias(self.name, "chunks"), _chunk_batch(reader, mine, embedded)),
                          "chunks")
            doc_of = {chunk_id: doc_id for chunk_id, _ in mine}
            bulk(self.client, vector_actions(alias(self.name, "vectors"), reader, doc_of), "vectors", chunk_size=200)
            for kind in KINDS:
                self.client.indices.refresh(index=alias(self.name, kind))
        # the groups it left or joined, as the embedded index now keeps them
        joined = reader.version_groups([doc_id]).get(doc_id, [])
        touched = (set(left) | set(joined)) - {doc_id}
        if touched:
            now = reader.version_groups(sorted(touched))
            self._set_groups({member: now.get(member, []) for member in touched})
        return chunks
