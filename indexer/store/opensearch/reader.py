"""The read side: what api/search/searcher.py asks of an IndexReader, answered by the cluster.

``ClusterReader`` offers the Searcher's calls (counts, scope_ids, documents_where on document
ids, chunk_documents, chunks, chunk_texts, documents, facet_rows, upload_names, embedded_chunks_of,
embedder) and two retrievers with the embedded ones' interfaces: ``ClusterLexical`` (term /
search: the plan's boosted term clauses, dfs_query_then_fetch) and ``ClusterVectors`` (size /
search / similarity: k-NN over chunk and window vectors, the allowed documents as a filter inside
the knn query, a chunk scored by vectors.chunk_score). Fusion, proximity and snippets stay the
embedded backend's Python code. Read paths not served raise BackendUnsupported naming them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cached_property

import numpy as np

from indexer.store.opensearch.schema import BackendUnsupported, alias
from indexer.store.reader import FILTER_COLUMNS, ChunkRow, DocumentConditions
from indexer.store.vectors import _WINDOW_FETCH, chunk_score

_PAGE = 1000
_DISTINCT = 10_000  # distinct values of a filtered column read back to fold
_SUMMARY = ("title", "unit", "doc_type", "number", "place", "date", "year", "signer", "signer_position", "level", "format")


def connect(url: str, timeout: float = 30.0):
    from opensearchpy import OpenSearch

    return OpenSearch(url, timeout=timeout, max_retries=3, retry_on_timeout=True)


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
        response = self.client.search(index=self.index, body={"query": query, "size": limit, "_source": False,
                                                              "track_total_hits": False},
                                      params={"search_type": "dfs_query_then_fetch"})
        return [(int(hit["_id"]), float(hit["_score"])) for hit in response["hits"]["hits"]]

    def containing(self, required, limit, doc_ids=None):
        raise BackendUnsupported("exact phrase candidates (LexicalSearcher.containing)")


class ClusterVectors:
    def __init__(self, client, index: str):
        self.client, self.index = client, index

    @cached_property
    def size(self) -> int:
        return self.client.count(index=self.index)["count"]

    def search(self, query: np.ndarray, limit: int, chunk_ids: Iterable[int] | None = None,
               window_weight: float = 1.0, doc_ids: Iterable[int] | None = None) -> list[tuple[int, float]]:
        fetch = limit * _WINDOW_FETCH
        knn: dict = {"vector": np.asarray(query, dtype=np.float32).tolist(), "k": fetch}
        if doc_ids is not None:
            knn["filter"] = {"terms": {"doc_id": list(doc_ids)}}
        elif chunk_ids is not None:
            knn["filter"] = {"terms": {"chunk_id": list(chunk_ids)}}
        response = self.client.search(index=self.index, body={"size": fetch, "query": {"knn": {"vector": knn}},
                                                              "_source": ["chunk_id", "own"]})
        own: dict[int, float] = {}
        best: dict[int, float] = {}
        for hit in response["hits"]["hits"]:
            chunk, cosine = hit["_source"]["chunk_id"], _inner_product(float(hit["_score"]))
            if hit["_source"]["own"]:
                own[chunk] = cosine
            best[chunk] = max(best.get(chunk, -2.0), cosine)
        if window_weight < 1.0:
            ranked = self.similarity(query, list(best), window_weight)
        else:
            ranked = best
        return sorted(ranked.items(), key=lambda pair: -pair[1])[:limit]

    def similarity(self, query: np.ndarray, chunk_ids: Iterable[int], window_weight: float = 1.0) -> dict[int, float]:
        """Exact chunk_score from the chunks' stored vectors (read back from _source)."""
        chunks = sorted(set(chunk_ids))
        if not chunks:
            return {}
        query = np.asarray(query, dtype=np.float32)
        own: dict[int, float] = {}
        best: dict[int, float] = {}
        for start in range(0, len(chunks), 100):
            part = chunks[start:start + 100]
            response = self.client.search(index=self.index, body={
                "size": 100 * 17, "query": {"terms": {"chunk_id": part}}, "_source": ["chunk_id", "own", "vector"]})
            for hit in response["hits"]["hits"]:
                source = hit["_source"]
                cosine = float(np.asarray(source["vector"], dtype=np.float32) @ query)
                if source["own"]:
                    own[source["chunk_id"]] = cosine
                best[source["chunk_id"]] = max(best.get(source["chunk_id"], -2.0), cosine)
        if window_weight >= 1.0:
            return best
        return {c: chunk_score(own[c], best[c], window_weight) for c in best if c in own}


class ClusterReader:
    """An IndexReader's search-side calls, served by the cluster behind alias ``name``."""

    backend = "opensearch"

    def __init__(self, url: str, name: str = "tracuu", client=None):
        self.url, self.name = url, name
        self.client = client or connect(url)
        self.chunk_index, self.vector_index, self.document_index = (alias(name, k) for k in ("chunks", "vectors", "documents"))
        if not self.client.indices.exists_alias(name=self.chunk_index):
            raise LookupError(f"no tracuu index {name!r} at {url}: run `tracuu migrate --index DIR --url {url} --alias {name}`")
        mapping = self.client.indices.get_mapping(index=self.chunk_index)
        self.meta = next(iter(mapping.values()))["mappings"].get("_meta", {})
        self.lexical = ClusterLexical(self.client, self.chunk_index)
        self.vectors = ClusterVectors(self.client, self.vector_index)
        self._counts: dict[str, int] | None = None

    @cached_property
    def embedder(self):
        from indexer.embedding import load_embedder

        embedder = load_embedder(self.meta["embedder"], **({"threads": 1} if self.meta["embedder"] == "e5" else {}))
        if embedder.dim != self.meta["dim"]:
            raise LookupError(f"{self.name} at {self.url} holds {self.meta['dim']}-dimension vectors of "
                              f"{self.meta['embedder_name']}; `{self.meta['embedder']}` now loads {embedder.dim}")
        return embedder

    def counts(self) -> dict[str, int]:
        if self._counts is None:
            chunks = self.client.count(index=self.chunk_index)["count"]
            embedded = self.client.count(index=self.chunk_index, body={"query": {"term": {"embedded": True}}})["count"]
            documents = self.client.count(index=self.document_index)["count"]
            self._counts = {"documents": documents, "chunks": chunks, "embedded": embedded, "lexical": chunks}
        return self._counts

    def refresh(self) -> None:
        self._counts = None

    def scope_ids(self) -> list[int] | None:
        return None  # a cluster reader sees everything: scoped keys are not served yet (see view)

    def view(self, scope=None):
        if scope is not None and not getattr(scope, "unrestricted", True):
            raise BackendUnsupported("scoped reads (API keys limited to collections or unclassified documents)")
        return self

    def documents_where(self, conditions: DocumentConditions, fold) -> list[int]:
        """Ids of the documents meeting every condition, as the embedded catalog decides: the
        distinct values of a filtered column (a terms aggregation: units, types, levels and places
        are few) are folded here with the caller's ``fold`` and the matching ones become a
        ``terms`` filter; dates compare as ISO text (as SQLite does); a path substring is a
        case-insensitive wildcard (SQLite's LIKE folds ASCII case only)."""
        unknown = (set(conditions.words_in) | set(conditions.equal)) - set(FILTER_COLUMNS)
        if unknown:
            raise ValueError(f"no filter on {', '.join(sorted(unknown))}; filters: {', '.join(FILTER_COLUMNS)}")
        must: list[dict] = []
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
        found: list[int] = []
        after = None
        while True:
            page = {"size": _PAGE, "query": {"bool": {"filter": must}}, "_source": False, "sort": [{"id": "asc"}]}
            if after is not None:
                page["search_after"] = after
            hits = self.client.search(index=self.document_index, body=page)["hits"]["hits"]
            found.extend(int(hit["_id"]) for hit in hits)
            if len(hits) < _PAGE:
                return found
            after = hits[-1]["sort"]

    def _distinct(self, column: str) -> list[str]:
        response = self.client.search(index=self.document_index, body={
            "size": 0, "aggs": {"values": {"terms": {"field": column, "size": _DISTINCT}}}})
        buckets = response["aggregations"]["values"]["buckets"]
        if len(buckets) >= _DISTINCT:
            raise BackendUnsupported(f"a filter on {column} with more than {_DISTINCT:,} distinct values")
        return [bucket["key"] for bucket in buckets]

    def embedded_chunks_of(self, doc_ids: list[int]) -> list[int]:
        """Embedded chunk ids of these documents, all of them (paged by chunk id): the Searcher
        passes them to ``vectors.search``, which applies them as a filter inside the knn query."""
        query = {"bool": {"filter": [{"terms": {"doc_id": list(doc_ids)}}, {"term": {"embedded": True}}]}}
        found: list[int] = []
        after = None
        while True:
            page = {"size": _PAGE, "query": query, "_source": False, "sort": [{"chunk_id": "asc"}]}
            if after is not None:
                page["search_after"] = after
            hits = self.client.search(index=self.chunk_index, body=page)["hits"]["hits"]
            found.extend(int(hit["_id"]) for hit in hits)
            if len(hits) < _PAGE:
                return found
            after = hits[-1]["sort"]

    def _get(self, index: str, ids: list[int], fields) -> dict[int, dict]:
        out: dict[int, dict] = {}
        for start in range(0, len(ids), _PAGE):
            part = [str(i) for i in ids[start:start + _PAGE]]
            if not part:
                continue
            response = self.client.mget(index=index, body={"ids": part}, params={"_source": ",".join(fields)} if fields else None)
            for doc in response["docs"]:
                if doc.get("found"):
                    out[int(doc["_id"])] = doc["_source"]
        return out

    def chunk_documents(self, ids: list[int]) -> dict[int, int]:
        return {i: s["doc_id"] for i, s in self._get(self.chunk_index, list(ids), ["doc_id"]).items()}

    def chunks(self, ids: list[int]) -> dict[int, ChunkRow]:
        return {i: ChunkRow(i, s["doc_id"], list(s["section_path"] or []), s["start"], s["end"], s.get("page_start"),
                            s.get("page_end"), s["text"])
                for i, s in self._get(self.chunk_index, list(ids), None).items()}

    def chunk_texts(self, ids: list[int]) -> dict[int, str]:
        return {i: s["text"] for i, s in self._get(self.chunk_index, list(ids), ["text"]).items()}

    def documents(self, ids: list[int]) -> dict[int, dict]:
        rows = {}
        for i, s in self._get(self.document_index, list(ids), None).items():
            row = {"id": i, **{key: s.get(key) for key in _SUMMARY}, "paths": json.dumps(s.get("paths") or [])}
            row["date"] = s.get("date_text")
            rows[i] = row
        return rows

    def facet_rows(self, ids: list[int], columns: tuple[str, ...]) -> list[dict]:
        return [{c: s.get(c) for c in columns} for s in self._get(self.document_index, list(ids), list(columns)).values()]

    def value_counts(self, columns: tuple[str, ...], ids: list[int] | None = None, limit: int = 50) -> dict[str, list]:
        """Facet counts over documents as terms aggregations (the cluster counts, not Python)."""
        query = {"match_all": {}} if ids is None else {"terms": {"id": list(ids)}}
        aggs = {c: {"terms": {"field": c, "size": limit}} for c in columns}
        response = self.client.search(index=self.document_index, body={"size": 0, "query": query, "aggs": aggs})
        return {c: [(b["key"], b["doc_count"]) for b in response["aggregations"][c]["buckets"]] for c in columns}

    def upload_names(self, ids: list[int]) -> dict[int, str]:
        return {i: s["upload_name"] for i, s in self._get(self.document_index, list(ids), ["upload_name"]).items()
                if s.get("upload_name")}

    def close(self) -> None:
        """Nothing to release per reader: the client's connections are shared and pooled."""

    def __getattr__(self, name: str):
        if name in ("document", "document_texts", "document_files", "sections", "chunk_spans", "list_documents",
                    "all_chunk_texts", "document_identities", "chunk_ids", "catalog", "layout", "manifest"):
            raise BackendUnsupported(f"IndexReader.{name} (document view, answers, precedents, uploads, maintenance)")
        raise AttributeError(name)
