"""The read side: what api/search/searcher.py asks of an IndexReader, answered by the cluster.

``ClusterReader`` offers what the Searcher, the HTTP routes and the answering code call on an
IndexReader (counts, scoped views, filters, chunks, documents, the document view, sections, chunk
spans, listing, facet aggregations, upload names, embedder) and two retrievers with the embedded
ones' interfaces: ``ClusterLexical`` (term / search: the plan's boosted term clauses,
dfs_query_then_fetch; containing: exact-term candidates) and ``ClusterVectors`` (size / search /
similarity: k-NN over chunk and window vectors, the allowed documents as a filter inside the knn
query, a chunk scored by vectors.chunk_score). Fusion, proximity and snippets stay the embedded
backend's Python code. Maintenance reads of the embedded layout raise BackendUnsupported.

Node loss: the client knows every node given (a comma-separated URL list) and moves to another
when one refuses; a search is never answered from part of the shards (allow_partial_search_results
is off and a shard failure is retried), so a lost node costs a retry, never a wrong answer.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterable
from functools import cached_property

import numpy as np

from indexer.store.opensearch.schema import BackendUnsupported, ClusterUnavailable, alias
from indexer.store.reader import (EVERYTHING, FACET_COLUMNS, FILTER_COLUMNS, ChunkRow, DocumentConditions, DocumentFile,
                                  DocumentRecord, ReadScope, SectionRow, _check_facets)
from indexer.store.vectors import _WINDOW_FETCH, chunk_score

_PAGE = 1000
_DISTINCT = 10_000  # distinct values of a filtered column read back to fold
_SIMILARITY_BATCH = 500  # chunks per exact-similarity request (their vectors stay under the 10,000-hit window)
_SUMMARY = ("title", "unit", "doc_type", "number", "place", "date", "year", "signer", "signer_position", "level", "format")


_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2)  # about 6 s in all: a node's departure is noticed within it


def hosts(url: str) -> list[str]:
    """``http://a:9200,http://b:9200`` (or ``a:9200,b:9200``) as the client's host list."""
    found = [part.strip() for part in url.split(",") if part.strip()]
    if not found:
        raise ValueError(f"no cluster address in {url!r}: give --url http://HOST:PORT[,http://HOST2:PORT]")
    return [part if "://" in part else f"http://{part}" for part in found]


def connect(url: str, timeout: float = 30.0):
    """A client over every node in ``url``: a connection refused marks that node dead for a while
    and the request goes to the next one (opensearch-py's transport); 502/503/504 are retried too."""
    from opensearchpy import OpenSearch

    return OpenSearch(hosts(url), timeout=timeout, max_retries=3, retry_on_timeout=True,
                      retry_on_status=(502, 503, 504), dead_timeout=5, pool_maxsize=16)


def _retrying(call, *args, **kwargs):
    """``call`` again (after a short sleep) while the cluster answers with a lost node's symptoms:
    no connection, a 5xx or 429, a shard failure inside a 200, a multi-get item in error."""
    from opensearchpy.exceptions import ConnectionError as NoConnection, ConnectionTimeout, TransportError

    last: Exception | None = None
    for delay in (*_RETRY_DELAYS, None):
        try:
            response = call(*args, **kwargs)
        except (NoConnection, ConnectionTimeout) as exc:
            last = exc
        except TransportError as exc:
            if not (isinstance(exc.status_code, int) and (exc.status_code >= 500 or exc.status_code == 429)):
                raise
            last = exc
        else:
            failed = response.get("_shards", {}).get("failed", 0) if isinstance(response, dict) else 0
            broken = isinstance(response, dict) and any("error" in doc for doc in response.get("docs", ()))
            if not failed and not broken:
                return response
            last = RuntimeError(f"{failed} shard(s) failed" if failed else "a multi-get item failed")
        if delay is None:
            break
        time.sleep(delay)
    raise ClusterUnavailable(str(last)) from last


def _inner_product(score: float) -> float:
    """The dot product behind a Lucene innerproduct k-NN score (1 + dot, or 1 / (1 - dot) below 0)."""
    return score - 1.0 if score >= 1.0 else 1.0 - 1.0 / score


class ClusterLexical:
    def __init__(self, client, index: str):
        self.client, self.index = client, index

    def term(self, field: str, term: str, boost: float = 1.0) -> dict:
        return {"term": {field: {"value": term, "boost": boost}}}

    def search(self, should: Iterable[dict], limit: int, doc_ids: Iterable[int] | None = None) -> list[tuple[int, float]]:
        should = list(should)
        if not should:
            return []
        query: dict = {"bool": {"should": should, "minimum_should_match": 1}}
        if doc_ids is not None:
            query["bool"]["filter"] = [{"terms": {"doc_id": list(doc_ids)}}]
        response = _retrying(self.client.search, index=self.index,
                             body={"query": query, "size": limit, "_source": False, "track_total_hits": False},
                             params={"search_type": "dfs_query_then_fetch", "allow_partial_search_results": "false"})
        return [(int(hit["_id"]), float(hit["_score"])) for hit in response["hits"]["hits"]]

    def containing(self, required: Iterable[tuple[str, str]], limit: int, doc_ids: Iterable[int] | None = None) -> list[int]:
        """Chunk ids whose fields hold every (field, term) (no ranking, in chunk id order): the
        candidates for an exact phrase or code, verified against the text by the caller."""
        must = [{"term": {field: term}} for field, term in required]
        if not must:
            return []
        if doc_ids is not None:
            must.append({"terms": {"doc_id": list(doc_ids)}})
        found: list[int] = []
        after = None
        while len(found) < limit:  # paged: the cluster returns at most 10,000 hits a request
            page = {"query": {"bool": {"filter": must}}, "size": min(limit - len(found), 10_000), "_source": False,
                    "sort": [{"chunk_id": "asc"}], "track_total_hits": False}
            if after is not None:
                page["search_after"] = after
            hits = _retrying(self.client.search, index=self.index, body=page,
                             params={"allow_partial_search_results": "false"})["hits"]["hits"]
            found.extend(int(hit["_id"]) for hit in hits)
            if len(hits) < page["size"]:
                break
            after = hits[-1]["sort"]
        return found


    def doc_freq(self, field: str, term: str) -> int:
        """How many chunks hold ``term`` in ``field``."""
        body = {"query": {"term": {field: term}}}
        return int(_retrying(self.client.count, index=self.index, body=body)["count"])

    @cached_property
    def num_chunks(self) -> int:
        return int(_retrying(self.client.count, index=self.index)["count"])


class ClusterVectors:
    def __init__(self, client, index: str):
        self.client, self.index = client, index

    @cached_property
    def size(self) -> int:
        return _retrying(self.client.count, index=self.index)["count"]

    def search(self, query: np.ndarray, limit: int, chunk_ids: Iterable[int] | None = None,
               window_weight: float = 1.0, doc_ids: Iterable[int] | None = None) -> list[tuple[int, float]]:
        fetch = limit * _WINDOW_FETCH
        knn: dict = {"vector": np.asarray(query, dtype=np.float32).tolist(), "k": fetch}
        if doc_ids is not None:
            knn["filter"] = {"terms": {"doc_id": list(doc_ids)}}
        elif chunk_ids is not None:
            knn["filter"] = {"terms": {"chunk_id": list(chunk_ids)}}
        # chunk_id and own from doc values: reading them from _source would parse each hit's
        # stored vector too (a 384-float JSON array), the bulk of a deep k-NN request's time
        response = _retrying(self.client.search, index=self.index,
                             body={"size": fetch, "query": {"knn": {"vector": knn}}, "_source": False,
                                   "docvalue_fields": ["chunk_id", "own"]},
                             params={"allow_partial_search_results": "false"})
        own: dict[int, float] = {}
        best: dict[int, float] = {}
        for hit in response["hits"]["hits"]:
            chunk, cosine = int(hit["fields"]["chunk_id"][0]), _inner_product(float(hit["_score"]))
            if hit["fields"]["own"][0]:
                own[chunk] = cosine
            best[chunk] = max(best.get(chunk, -2.0), cosine)
        if window_weight < 1.0:
            ranked = self.similarity(query, list(best), window_weight)
        else:
            ranked = best
        # equal scores (identical texts) in chunk id order, as the embedded index returns them
        return sorted(ranked.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]

    def similarity(self, query: np.ndarray, chunk_ids: Iterable[int], window_weight: float = 1.0) -> dict[int, float]:
        """chunk_score of these chunks from every one of their vectors: a k-NN query filtered to
        them with k above their vector count, which Lucene answers by exact search (reading the
        vectors back from _source instead parses a 384-float JSON array per vector: 1.4 s a
        question on xquad-vi). Scores are float32, as in ``search``."""
        chunks = sorted(set(chunk_ids))
        if not chunks:
            return {}
        query = np.asarray(query, dtype=np.float32).tolist()
        own: dict[int, float] = {}
        best: dict[int, float] = {}
        for start in range(0, len(chunks), _SIMILARITY_BATCH):
            part = chunks[start:start + _SIMILARITY_BATCH]
            wanted = _retrying(self.client.count, index=self.index, body={"query": {"terms": {"chunk_id": part}}})["count"]
            knn = {"vector": query, "k": max(wanted, 1), "filter": {"terms": {"chunk_id": part}}}
            response = _retrying(self.client.search, index=self.index, body={
                "size": max(wanted, 1), "query": {"knn": {"vector": knn}}, "_source": False,
                "docvalue_fields": ["chunk_id", "own"]}, params={"allow_partial_search_results": "false"})
            for hit in response["hits"]["hits"]:
                chunk, cosine = int(hit["fields"]["chunk_id"][0]), _inner_product(float(hit["_score"]))
                if hit["fields"]["own"][0]:
                    own[chunk] = cosine
                best[chunk] = max(best.get(chunk, -2.0), cosine)
        if window_weight >= 1.0:
            return best
        return {c: chunk_score(own[c], best[c], window_weight) for c in best if c in own}


class ClusterReader:
    """What api/ asks of an IndexReader, served by the cluster behind alias ``name``; a view
    (``view(scope)``) sees only the documents its ReadScope allows, as an embedded view does."""

    backend = "opensearch"

    def __init__(self, url: str, name: str = "tracuu", client=None):
        self.url, self.name = url, name
        self.client = client or connect(url)
        self.chunk_index, self.vector_index, self.document_index = (alias(name, k) for k in ("chunks", "vectors", "documents"))
        if not _retrying(self.client.indices.exists_alias, name=self.chunk_index):
            raise LookupError(f"no tracuu index {name!r} at {url}: run `tracuu migrate --index DIR --url {url} --alias {name}`")
        mapping = _retrying(self.client.indices.get_mapping, index=self.chunk_index)
        self.meta = next(iter(mapping.values()))["mappings"].get("_meta", {})
        self.lexical = ClusterLexical(self.client, self.chunk_index)
        self.vectors = ClusterVectors(self.client, self.vector_index)
        self.scope = EVERYTHING
        self._counts: dict[ReadScope, dict[str, int]] = {}  # shared by the views of this reader
        self._scope_ids: dict[ReadScope, list[int] | None] = {}

    @cached_property
    def embedder(self):
        from indexer.embedding import load_embedder

        embedder = load_embedder(self.meta["embedder"], **({"threads": 1} if self.meta["embedder"] == "e5" else {}))
        if embedder.dim != self.meta["dim"]:
            raise LookupError(f"{self.name} at {self.url} holds {self.meta['dim']}-dimension vectors of "
                              f"{self.meta['embedder_name']}; `{self.meta['embedder']}` now loads {embedder.dim}")
        return embedder

    def _search(self, index: str, body: dict, **params) -> dict:
        return _retrying(self.client.search, index=index, body=body,
                         params={"allow_partial_search_results": "false", **params})

    def _count(self, index: str, query: dict | None = None) -> int:
        return _retrying(self.client.count, index=index, body={"query": query} if query else None)["count"]

    # --- scope -------------------------------------------------------------------------------

    def _scope_clauses(self) -> list[dict]:
        """The documents-index filter of this view's scope (nothing for an unrestricted one)."""
        clauses: list[dict] = []
        if self.scope.collections is not None:
            clauses.append({"terms": {"collections": sorted(self.scope.collections)}})
        if not self.scope.classified:
            clauses.append({"bool": {"must_not": [{"term": {"classified": True}}]}})
        return clauses

    def scope_ids(self) -> list[int] | None:
        """The ids of the documents this view may see; None when it may see all (as the catalog
        decides: a scope holding every document restricts nothing)."""
        if self.scope.unrestricted:
            return None
        if self.scope not in self._scope_ids:
            ids = self._scan(self.document_index, {"bool": {"filter": self._scope_clauses()}}, "id")
            self._scope_ids[self.scope] = None if len(ids) == self._count(self.document_index) else ids
        return self._scope_ids[self.scope]

    def _visible(self, ids: list[int]) -> list[int]:
        allowed = self.scope_ids()
        if allowed is None:
            return list(ids)
        allowed = set(allowed)
        return [i for i in ids if i in allowed]

    def view(self, scope: ReadScope = EVERYTHING) -> "ClusterReader":
        """This reader seeing only what ``scope`` allows (sharing the client, embedder and caches)."""
        twin = copy.copy(self)
        twin.scope = scope
        return twin

    def counts(self) -> dict[str, int]:
        if self.scope not in self._counts:
            ids = self.scope_ids()
            if ids is None:
                chunks = {"match_all": {}}
                documents = self._count(self.document_index)
            else:
                chunks = {"terms": {"doc_id": ids}}
                documents = len(ids)
            total = self._count(self.chunk_index, chunks)
            embedded = self._count(self.chunk_index, {"bool": {"filter": [chunks, {"term": {"embedded": True}}]}})
            self._counts[self.scope] = {"documents": documents, "chunks": total, "embedded": embedded, "lexical": total}
        return self._counts[self.scope]

    def refresh(self) -> None:
        """See what writers have changed since (counts and scopes are read again)."""
        self._counts.clear()
        self._scope_ids.clear()
        self.vectors.__dict__.pop("size", None)

    # --- filters -----------------------------------------------------------------------------

    def documents_where(self, conditions: DocumentConditions, fold) -> list[int]:
        """Ids of the documents meeting every condition, as the embedded catalog decides: the
        distinct values of a filtered column (a terms aggregation: units, types, levels and places
        are few) are folded here with the caller's ``fold`` and the matching ones become a
        ``terms`` filter; dates compare as ISO text (as SQLite does); a path substring is a
        case-insensitive wildcard (SQLite's LIKE folds ASCII case only)."""
        unknown = (set(conditions.words_in) | set(conditions.equal)) - set(FILTER_COLUMNS)
        if unknown:
            raise ValueError(f"no filter on {', '.join(sorted(unknown))}; filters: {', '.join(FILTER_COLUMNS)}")
        must: list[dict] = list(self._scope_clauses())
        for column in set(conditions.words_in) | set(conditions.equal):
            kept = []
            for value in self._distinct(column):
                folded = fold(value) or ""
                if all(f" {word} " in f" {folded} " for word in conditions.words_in.get(column, [])) and \
                        (column not in conditions.equal or folded == conditions.equal[column]):
                    kept.append(value)
            must.append({"terms": {column: kept}})
        if conditions.date_from or conditions.date_to:
            bounds = {"gte": conditions.date_from} if conditions.date_from else {}
            if conditions.date_to:
                bounds["lte"] = conditions.date_to
            must.append({"range": {"date_text": bounds}})
        if conditions.doc_ids:
            must.append({"terms": {"id": list(conditions.doc_ids)}})
        if conditions.path_contains:
            escaped = conditions.path_contains.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
            must.append({"wildcard": {"paths": {"value": f"*{escaped}*", "case_insensitive": True}}})
        return self._scan(self.document_index, {"bool": {"filter": must}}, "id")

    def _scan(self, index: str, query: dict, *sort: str) -> list[int]:
        """Every matching id (``_id``), paged by search_after on ``sort`` (no 10,000 cap)."""
        found: list[int] = []
        after = None
        while True:
            page = {"size": _PAGE, "query": query, "_source": False, "sort": [{field: "asc"} for field in sort]}
            if after is not None:
                page["search_after"] = after
            hits = self._search(index, page)["hits"]["hits"]
            found.extend(int(hit["_id"]) for hit in hits)
            if len(hits) < _PAGE:
                return found
            after = hits[-1]["sort"]

    def _distinct(self, column: str) -> list[str]:
        response = self._search(self.document_index, {"size": 0, "aggs": {"values": {"terms": {"field": column, "size": _DISTINCT}}}})
        buckets = response["aggregations"]["values"]["buckets"]
        if len(buckets) >= _DISTINCT:
            raise BackendUnsupported(f"a filter on {column} with more than {_DISTINCT:,} distinct values")
        return [bucket["key"] for bucket in buckets]

    def embedded_chunks_of(self, doc_ids: list[int]) -> list[int]:
        """Embedded chunk ids of these documents, all of them (paged by chunk id): the Searcher
        passes them to ``vectors.search``, which applies them as a filter inside the knn query."""
        query = {"bool": {"filter": [{"terms": {"doc_id": list(doc_ids)}}, {"term": {"embedded": True}}]}}
        return self._scan(self.chunk_index, query, "chunk_id")

    # --- rows --------------------------------------------------------------------------------

    def _get(self, index: str, ids: list[int], fields=None, excludes=None) -> dict[int, dict]:
        out: dict[int, dict] = {}
        params = {}
        if fields:
            params["_source_includes"] = ",".join(fields)
        if excludes:
            params["_source_excludes"] = ",".join(excludes)
        for start in range(0, len(ids), _PAGE):
            part = [str(i) for i in ids[start:start + _PAGE]]
            if not part:
                continue
            response = _retrying(self.client.mget, index=index, body={"ids": part}, params=params or None)
            for doc in response["docs"]:
                if doc.get("found"):
                    out[int(doc["_id"])] = doc["_source"]
        return out

    def chunk_documents(self, ids: list[int]) -> dict[int, int]:
        return {i: s["doc_id"] for i, s in self._get(self.chunk_index, list(ids), ["doc_id"]).items()}

    def chunks(self, ids: list[int]) -> dict[int, ChunkRow]:
        return {i: ChunkRow(i, s["doc_id"], list(s["section_path"] or []), s["start"], s["end"], s.get("page_start"),
                            s.get("page_end"), s["text"])
                for i, s in self._get(self.chunk_index, list(ids)).items()}

    def chunk_texts(self, ids: list[int]) -> dict[int, str]:
        return {i: s["text"] for i, s in self._get(self.chunk_index, list(ids), ["text"]).items()}

    @staticmethod
    def _summary(doc_id: int, source: dict) -> dict:
        row = {"id": doc_id, **{key: source.get(key) for key in _SUMMARY}, "paths": json.dumps(source.get("paths") or [])}
        row["date"] = source.get("date_text")
        return row

    def documents(self, ids: list[int]) -> dict[int, dict]:
        return {i: self._summary(i, s) for i, s in self._get(self.document_index, self._visible(list(ids)),
                                                             excludes=["view", "collections", "classified"]).items()}

    def version_groups(self, ids: list[int]) -> dict[int, list[int]]:
        """doc id → its group of versions (head first), only the members this view may see, for
        those of ``ids`` in a group of two or more of them (as IndexReader.version_groups)."""
        groups = {}
        for doc_id, source in self._get(self.document_index, self._visible(list(ids)), ["versions"]).items():
            members = self._visible(list(source.get("versions") or []))
            if len(members) > 1 and doc_id in members:
                groups[doc_id] = members
        return groups

    def facet_rows(self, ids: list[int], columns: tuple[str, ...] = FACET_COLUMNS) -> list[dict]:
        _check_facets(columns)
        return [{c: s.get(c) for c in columns} for s in self._get(self.document_index, list(ids), list(columns)).values()]

    def document_texts(self, ids: list[int]) -> dict[int, str]:
        return {i: self._view_of(i, s)["text"] for i, s in
                self._get(self.document_index, self._visible(list(ids)), ["view.text"]).items()}

    def _view_of(self, doc_id: int, source: dict) -> dict:
        if "view" not in source:
            raise BackendUnsupported(f"the document view of {self.name!r} (migrated by an older tracuu: run `tracuu migrate` again)")
        return source["view"]

    def sections(self, ids: list[int]) -> dict[int, list[SectionRow]]:
        ids = self._visible(list(ids))
        out: dict[int, list[SectionRow]] = {i: [] for i in ids}
        for i, s in self._get(self.document_index, ids, ["view.sections"]).items():
            out[i] = [SectionRow(**row) for row in self._view_of(i, s)["sections"]]
        return out

    def chunk_spans(self, ids: list[int]) -> dict[int, list[tuple[int, int, int]]]:
        """Each document's chunks as (chunk id, start, end), in reading order."""
        out: dict[int, list[tuple[int, int, int]]] = {i: [] for i in ids}
        if not ids:
            return out
        query = {"terms": {"doc_id": list(ids)}}
        after = None
        while True:
            page = {"size": _PAGE, "query": query, "_source": ["doc_id", "start", "end"],
                    "sort": [{"doc_id": "asc"}, {"start": "asc"}, {"chunk_id": "asc"}]}
            if after is not None:
                page["search_after"] = after
            hits = self._search(self.chunk_index, page)["hits"]["hits"]
            for hit in hits:
                source = hit["_source"]
                out[source["doc_id"]].append((int(hit["_id"]), source["start"], source["end"]))
            if len(hits) < _PAGE:
                return out
            after = hits[-1]["sort"]

    def list_documents(self, ids: list[int] | None = None, offset: int = 0, limit: int = 20) -> tuple[int, list[dict]]:
        """(how many documents, one page of their summaries), newest first, undated last, as the
        catalog orders them (dates compare as ISO text)."""
        if ids is None:
            query = {"bool": {"filter": self._scope_clauses()}}
        else:
            query = {"terms": {"id": self._visible(list(ids))}}
        total = self._count(self.document_index, query)
        sort = [{"date_text": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
        body = {"query": query, "sort": sort, "_source": {"excludes": ["view", "collections", "classified"]},
                "track_total_hits": False}
        if offset + limit <= 10_000:
            hits = self._search(self.document_index, {**body, "from": offset, "size": limit})["hits"]["hits"]
        else:  # past the cluster's result window: walk to the page by search_after
            hits, after, skipped = [], None, 0
            while len(hits) < limit:
                page = {**body, "size": _PAGE, **({"search_after": after} if after else {})}
                found = self._search(self.document_index, page)["hits"]["hits"]
                take = found[max(0, offset - skipped):]
                hits.extend(take[:limit - len(hits)])
                skipped += len(found)
                if len(found) < _PAGE:
                    break
                after = found[-1]["sort"]
        return total, [self._summary(int(hit["_id"]), hit["_source"]) for hit in hits]

    def value_counts(self, columns: tuple[str, ...] = FACET_COLUMNS, ids: list[int] | None = None,
                     limit: int = 20) -> dict[str, list[tuple[object, int]]]:
        """Documents per value of each metadata column, most first (ties by value), counted by
        the cluster's terms aggregations (shard_size high enough to be exact on every shard)."""
        _check_facets(columns)
        if ids is None:
            query = {"bool": {"filter": self._scope_clauses()}}
        else:
            query = {"terms": {"id": self._visible(list(ids))}}
        aggs = {c: {"terms": {"field": c, "size": limit + 1, "shard_size": max(10 * limit, 1000)}} for c in columns}
        response = self._search(self.document_index, {"size": 0, "query": query, "aggs": aggs})
        return {c: [(b["key"], b["doc_count"]) for b in response["aggregations"][c]["buckets"] if b["key"] != ""][:limit]
                for c in columns}

    def document(self, doc_id: int) -> DocumentRecord | None:
        """One document whole (metadata, text, sections, files); None if there is none in scope."""
        if not self._visible([doc_id]):
            return None
        found = self._get(self.document_index, [doc_id], excludes=["collections", "classified"]).get(doc_id)
        if found is None:
            return None
        view = self._view_of(doc_id, found)
        return DocumentRecord(
            id=doc_id, title=found.get("title"), unit=found.get("unit"), doc_type=found.get("doc_type"),
            number=found.get("number"), place=found.get("place"), date=found.get("date_text"), year=found.get("year"),
            signer=found.get("signer"), signer_position=found.get("signer_position"), level=found.get("level"),
            format=found.get("format"), encodings=view["encodings"], metadata=view["metadata"], pages=view["pages"],
            warnings=view["warnings"], indexed_at=view["indexed_at"], chunks=view["chunks"], text=view["text"],
            sections=[SectionRow(**row) for row in view["sections"]], files=[DocumentFile(**f) for f in view["files"]])

    def document_files(self, doc_id: int) -> list[DocumentFile]:
        if not self._visible([doc_id]):
            return []
        found = self._get(self.document_index, [doc_id], ["view.files"]).get(doc_id)
        return [] if found is None else [DocumentFile(**f) for f in self._view_of(doc_id, found)["files"]]

    def upload_names(self, ids: list[int]) -> dict[int, str]:
        return {i: s["upload_name"] for i, s in self._get(self.document_index, self._visible(list(ids)), ["upload_name"]).items()
                if s.get("upload_name")}

    def health(self) -> dict:
        """The cluster's own view: status (green / yellow / red), nodes, shards; answered by the
        node reached even while no cluster manager is elected (``local``)."""
        health = _retrying(self.client.cluster.health, params={"local": "true", "request_timeout": 3})
        nodes = _retrying(self.client.cat.nodes, params={"format": "json", "h": "name,cluster_manager,node.role",
                                                          "local": "true", "request_timeout": 3})
        return {"status": health["status"], "nodes": health["number_of_nodes"],
                "data_nodes": health["number_of_data_nodes"], "node_names": sorted(n["name"] for n in nodes),
                "active_shards_percent": round(float(health["active_shards_percent_as_number"]), 1),
                "unassigned_shards": health["unassigned_shards"], "relocating_shards": health["relocating_shards"],
                "initializing_shards": health["initializing_shards"]}

    def close(self) -> None:
        """Nothing to release per view: the client's connections are shared and pooled."""

    def __getattr__(self, name: str):
        if name in ("all_chunk_texts", "document_identities", "chunk_ids", "catalog", "layout", "manifest", "reopen",
                    "changed", "access_of"):
            raise BackendUnsupported(f"IndexReader.{name} (maintenance reads of the embedded layout)")
        raise AttributeError(name)
