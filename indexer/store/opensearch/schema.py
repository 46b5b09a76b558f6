"""Index names, mappings and settings of the cluster side.

Three indices per alias NAME, each versioned (NAME-chunks-vN …) behind an alias (NAME-chunks …):
  chunks:    one doc per chunk: the analyzer's four term fields (whitespace-analysed, BM25 as
             tantivy: k1 1.2, b 0.75), text, section path, spans, doc_id, embedded flag;
  vectors:   one doc per vector (a chunk's own and each sentence window's), knn_vector (Lucene
             HNSW, inner product: the embedded index's measure; cosinesimil would renormalise the
             int8-cache vectors and drift scores by 5e-4), with chunk_id/doc_id for filters. Windows
             are separate docs, not nested: a chunk's dense score needs its own vector's cosine
             and its best window's (vectors.chunk_score), and a separate index keeps the chunks'
             BM25 statistics free of vector-only docs;
  documents: one doc per document: metadata as keyword/date fields (filters, aggregations), the
             collections and classification a read scope decides on, its group of versions, and the document view
             (text, sections, metadata spans, pages, files) as an unindexed object.
The manifest of the embedded index (analyzer, embedder) rides in the chunks mapping's _meta.
"""

from __future__ import annotations

K1, B = 1.2, 0.75  # tantivy's BM25 (indexer/store/lexical.py)
TERM_FIELDS = ("exact", "folded", "context_exact", "context_folded")
KINDS = ("chunks", "vectors", "documents")
DOCUMENT_KEYWORDS = ("title", "unit", "doc_type", "number", "place", "signer", "signer_position", "level", "format",
                     "upload_name")


class BackendUnsupported(RuntimeError):
    """A read path the OpenSearch backend does not serve (yet); the message names it."""

    def __init__(self, capability: str):
        super().__init__(f"the opensearch backend does not serve {capability} yet (use the embedded backend: --backend embedded)")
        self.capability = capability


class ClusterUnavailable(RuntimeError):
    """The cluster did not answer a read whole after retries (no node reachable, shards missing)."""

    def __init__(self, cause: str):
        super().__init__(f"the OpenSearch cluster did not answer after retries: {cause}")


def alias(name: str, kind: str) -> str:
    return f"{name}-{kind}"


def versioned(name: str, kind: str, version: int) -> str:
    return f"{name}-{kind}-v{version}"


def body(kind: str, dim: int = 0, shards: int = 1, replicas: int = 0, meta: dict | None = None) -> dict:
    settings: dict = {"number_of_shards": shards, "number_of_replicas": replicas}
    if kind == "chunks":
        text = {"type": "text", "analyzer": "whitespace", "index_options": "freqs", "similarity": "tantivy_bm25"}
        settings["similarity"] = {"tantivy_bm25": {"type": "BM25", "k1": K1, "b": B}}
        properties = {**{name: text for name in TERM_FIELDS},
                      "chunk_id": {"type": "long"}, "doc_id": {"type": "long"}, "embedded": {"type": "boolean"},
                      "text": {"type": "keyword", "index": False, "doc_values": False},
                      "section_path": {"type": "keyword", "index": False, "doc_values": False},
                      "start": {"type": "integer"}, "end": {"type": "integer"},
                      "page_start": {"type": "integer"}, "page_end": {"type": "integer"}}
        # the term fields are searched, never shown: keep them out of _source
        mappings = {"dynamic": "strict", "_meta": meta or {}, "_source": {"excludes": list(TERM_FIELDS)},
                    "properties": properties}
    elif kind == "vectors":
        settings["index.knn"] = True
        # the floats again as JSON in _source doubled the index (6.7 → 3.1 KB a vector merged,
        # eval/studies/opensearch_scale.py --source-probe); k-NN and exact scores read the knn field
        mappings = {"dynamic": "strict", "_source": {"excludes": ["vector"]}, "properties": {
            "chunk_id": {"type": "long"}, "doc_id": {"type": "long"}, "own": {"type": "boolean"},
            "vector": {"type": "knn_vector", "dimension": dim,
                       "method": {"name": "hnsw", "engine": "lucene", "space_type": "innerproduct",
                                  "parameters": {"m": 16, "ef_construction": 128}}}}}
    elif kind == "documents":
        properties = {name: {"type": "keyword"} for name in DOCUMENT_KEYWORDS}
        properties.update({"id": {"type": "long"}, "year": {"type": "integer"},
                           "date": {"type": "date", "format": "strict_date||yyyy-MM||yyyy", "ignore_malformed": True},
                           "date_text": {"type": "keyword"}, "paths": {"type": "keyword"},
                           "collections": {"type": "keyword"}, "classified": {"type": "boolean"},
                           # its group of versions (ids, head first; indexer/versions.py): read, never searched
                           "versions": {"type": "long", "index": False, "doc_values": False},
                           # the document view (text, sections, metadata spans, pages, files): shown, never searched
                           "view": {"type": "object", "enabled": False}})
        mappings = {"dynamic": "strict", "properties": properties}
    else:
        raise ValueError(f"unknown index kind {kind!r}; kinds: {', '.join(KINDS)}")
    return {"settings": settings, "mappings": mappings}
