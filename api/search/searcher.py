"""The search pipeline, readable in one screen:

    filters → allowed documents ─┬─ lexical: plan_query → BM25 (tantivy) ─┐
                                 └─ dense:   embed query → faiss ─────────┴─ fuse → results + facets
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Literal

from api.search.accents import CONTEXT_CHUNKS, restore_accents
from api.search.facets import FACETS, facet_counts
from api.search.grouping import fold
from api.search.filters import Filters, allowed_documents
from api.search.intent import is_question
from api.search.fusion import RRF_K, default_weights, reciprocal_rank_fusion, weighted_score_fusion
from api.search.proximity import rerank
from api.search.query import LexicalWeights, plan_query
from api.search.snippets import Snippet, make_snippet
from indexer.analysis import has_accents
from indexer.store.reader import IndexReader

# BM25 runs here beside the query embedding; shared by every Searcher (one per HTTP request).
_LEXICAL_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="tracuu-bm25")
Mode = Literal["hybrid", "bm25", "dense"]
MODES = ("hybrid", "bm25", "dense")
# How much a windowed chunk's best sentence window counts against its whole vector
# (indexer/store/vectors.py), by the query's form: a sentence or phrase is found by the window
# that holds it; a question is answered by the chunk as a whole, and one matching sentence of
# a long answer misleads (measured both ways in docs/decisions.md).
WINDOW_WEIGHTS = {True: 0.5, False: 1.0}  # is_question(query) → weight


@dataclass
class SearchRequest:
    query: str
    mode: Mode = "hybrid"
    k: int = 10
    offset: int = 0  # results skipped before the k returned (paging)
    filters: Filters = field(default_factory=Filters)
    # Default fusion: the weighted convex combination; RRF loses known-item queries (docs/decisions.md).
    fusion: Literal["rrf", "weighted"] = "weighted"
    rrf_k: int = RRF_K
    weights: dict[str, float] | None = None  # per retriever; None = the method's defaults (by query form)
    candidates: int = 100  # taken from each retriever before fusion
    collapse: bool = False  # one result per document, the document's other hits dropped
    # api/search/grouping.py: a document's further hits folded under its best one, and the hits
    # of other versions of it (indexer/versions.py) under the group's entry; the CLI, the HTTP
    # API and the page turn both on by default, in-process callers (answers, evaluations) ask.
    group_documents: bool = False
    group_versions: bool = False
    snippets: bool = True  # False: ranking only, no snippet or highlights (evaluation runs)


@dataclass
class SearchResult:
    rank: int
    score: float
    doc_id: int
    chunk_id: int
    title: str | None
    unit: str | None
    doc_type: str | None
    number: str | None
    date: str | None
    section_path: list[str]
    page_start: int | None
    page_end: int | None
    char_start: int
    char_end: int
    path: str | None
    paths: list[str]
    name: str | None  # what to call its file: the uploader's name for an upload, else the file's own name
    text: str
    snippet: str
    highlights: list[tuple[int, int]]
    ranks: dict[str, int | None]
    scores: dict[str, float | None]
    # Grouping (SearchRequest.group_documents / group_versions); a lone document: 1, itself, [], [].
    version_count: int = 1  # documents in its version group this reader may see ("N phiên bản")
    version_head: int | None = None  # the group's head (newest, most complete); None: no group
    versions: list[dict] = field(default_factory=list)  # the group's other documents, with their hits folded here
    more_in_document: list[dict] = field(default_factory=list)  # this document's further hits, best first


@dataclass
class SearchResponse:
    query: str
    mode: str
    took_ms: float
    results: list[SearchResult]
    facets: dict[str, list[dict]]
    coverage: dict[str, int]  # documents, chunks, embedded
    warnings: list[str]
    offset: int = 0
    has_more: bool = False  # more results after these (the next page is offset + k)

    def to_json(self) -> dict:
        return asdict(self)


class Searcher:
    def __init__(self, reader: IndexReader, lexical_weights: LexicalWeights | None = None):
        self.reader = reader
        self.lexical_weights = lexical_weights or LexicalWeights()


    def _version_groups(self, doc_ids: list[int]) -> dict[int, list[int]]:
        """A reader without version groups groups nothing."""
        lookup = getattr(self.reader, "version_groups", None)
        return lookup(doc_ids) if lookup else {}

    def lexical(self, query: str, limit: int, doc_ids: list[int] | None):
        plan = plan_query(query, self.lexical_weights)
        searcher = self.reader.lexical
        clauses = [searcher.term(f, t, b) for f, t, b in plan.clauses]
        ranking = searcher.search(clauses, limit, doc_ids)
        weights = self.lexical_weights
        if weights.proximity > 0 and ranking:
            top = ranking[:int(weights.proximity_depth)]
            texts = self.reader.chunk_texts([item for item, _ in top])
            ranking = rerank(top, texts, query, weights.proximity, weights.proximity_power) + ranking[len(top):]
        return ranking, plan.words

    def dense(self, query: str, limit: int, doc_ids: list[int] | None, window_weight: float = WINDOW_WEIGHTS[False]):
        """Dense top ``limit`` and the query vector (for ``exact_similarities``)."""
        if self.reader.vectors.size == 0:
            return [], None
        chunk_ids = None
        if doc_ids is not None:
            chunk_ids = self.reader.embedded_chunks_of(doc_ids)
        vector = self.reader.embedder.embed_query(query)
        return self.reader.vectors.search(vector, limit, chunk_ids, window_weight), vector

    def exact_similarities(self, vector, ranking, candidates: list[int], window_weight: float) -> dict[int, float]:
        """The dense score of lexical candidates that missed the dense top list, so that fusion
        weighs a BM25 winner by its real similarity, not by 0."""
        if vector is None:
            return {}
        found = {item for item, _ in ranking}
        return self.reader.vectors.similarity(vector, [i for i in candidates if i not in found], window_weight)

    def search(self, request: SearchRequest) -> SearchResponse:
        started = time.perf_counter()
        if request.fusion not in ("rrf", "weighted"):
            raise ValueError(f"fusion must be rrf or weighted, not {request.fusion!r}")
        if request.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {request.mode!r}")
        if not request.query.strip():
            raise ValueError("the query is empty")
        if request.k < 1 or request.offset < 0:
            raise ValueError(f"k must be at least 1 and offset at least 0 (got k={request.k}, offset={request.offset})")
        warnings: list[str] = []
        coverage = self.reader.counts()
        question = is_question(request.query)  # sets the fusion weights and the window weight
        window_weight = WINDOW_WEIGHTS[question]
        doc_ids = allowed_documents(self.reader, request.filters)
        wanted = request.offset + request.k
        pool = max(request.candidates, wanted * (5 if request.collapse or request.group_documents or request.group_versions else 1))
        rankings, words, extra = {}, [], {}
        lexical = None
        dense_query = request.query
        if request.mode == "bm25" or (request.mode == "hybrid" and not has_accents(request.query)):
            # typed without accents, the query is embedded with the accents its BM25 passages give it
            rankings["bm25"], words = self.lexical(request.query, pool, doc_ids)
        elif request.mode == "hybrid":
            # BM25 runs beside the query embedding (tantivy and faiss release the GIL)
            lexical = _LEXICAL_POOL.submit(self.lexical, request.query, pool, doc_ids)
        if request.mode in ("hybrid", "dense") and not has_accents(request.query) and coverage["embedded"]:
            context = rankings["bm25"] if "bm25" in rankings else self.lexical(request.query, CONTEXT_CHUNKS, doc_ids)[0]
            passages = self.reader.chunk_texts([item for item, _ in context[:CONTEXT_CHUNKS]])
            dense_query = restore_accents(request.query, list(passages.values()))
        if request.mode in ("hybrid", "dense"):
            if coverage["embedded"] == 0:
                warnings.append("no chunk has a vector yet (run `tracuu embed`): dense retrieval returned nothing")
            elif coverage["embedded"] < coverage["chunks"]:
                warnings.append(f"dense retrieval covers {coverage['embedded']:,} of {coverage['chunks']:,} chunks; "
                                "`tracuu embed` finishes the rest")
            rankings["dense"], vector = self.dense(dense_query, pool, doc_ids, window_weight) if coverage["embedded"] else ([], None)
        if lexical is not None:
            rankings["bm25"], words = lexical.result()
        if request.mode == "hybrid":
            rankings = {name: rankings[name] for name in ("bm25", "dense") if name in rankings}
            if "dense" in rankings:
                extra = self.exact_similarities(vector, rankings["dense"], [item for item, _ in rankings["bm25"]], window_weight)
        if not words:
            words = plan_query(request.query).words
        if len(rankings) == 1:
            fused = next(iter(rankings.values()))
        elif request.fusion == "weighted":
            fused = weighted_score_fusion(rankings, request.weights or default_weights(question), {"dense": extra})
        else:
            fused = reciprocal_rank_fusion(rankings, request.rrf_k, request.weights)
        positions = {name: {item: (rank, score) for rank, (item, score) in enumerate(r, 1)} for name, r in rankings.items()}
        owners = self.reader.chunk_documents([item for item, _ in fused])
        grouping = request.group_documents or request.group_versions
        if grouping:
            groups = self._version_groups(list(set(owners.values()))) if request.group_versions else {}
            entries, has_more = fold(fused, owners, groups, wanted, documents=request.group_documents or request.collapse,
                                     versions=request.group_versions)
            entries = entries[request.offset:]
            chosen = [(entry.chunk_id, entry.score) for entry in entries]
        else:
            entries = []
            chosen: list[tuple[int, float]] = []
            seen_documents: set[int] = set()
            has_more = False
            for item, score in fused:
                if item not in owners:
                    continue  # a chunk deleted since the retrievers' snapshot
                if request.collapse and owners[item] in seen_documents:
                    continue
                if len(chosen) >= wanted:
                    has_more = True
                    break
                seen_documents.add(owners[item])
                chosen.append((item, score))
            chosen = chosen[request.offset:]
        folded = [item for entry in entries for item, _ in entry.more + [hit for hits in entry.versions.values() for hit in hits]]
        chunks = self.reader.chunks([item for item, _ in chosen] + folded)
        members = {doc for entry in entries for doc in entry.group}
        documents = self.reader.documents(list({chunk.doc_id for chunk in chunks.values()} | members))
        uploaded = self.reader.upload_names(list(documents))
        results: list[SearchResult] = []
        for position, (item, score) in enumerate(chosen):
            chunk = chunks[item]
            document = documents[chunk.doc_id]
            paths = json.loads(document["paths"] or "[]")
            snippet = make_snippet(chunk.text, words) if request.snippets else Snippet("", [])
            result = SearchResult(
                rank=request.offset + len(results) + 1, score=score, doc_id=chunk.doc_id, chunk_id=item, title=document["title"],
                unit=document["unit"], doc_type=document["doc_type"], number=document["number"], date=document["date"],
                section_path=chunk.section_path, page_start=chunk.page_start, page_end=chunk.page_end,
                char_start=chunk.start, char_end=chunk.end, path=paths[0] if paths else None, paths=paths,
                name=uploaded.get(chunk.doc_id) or (PurePath(paths[0]).name if paths else None),
                text=chunk.text, snippet=snippet.text, highlights=snippet.highlights,
                ranks={name: positions[name].get(item, (None, None))[0] for name in rankings},
                scores={name: positions[name].get(item, (None, extra.get(item) if name == "dense" else None))[1]
                        for name in rankings},
            )
            if entries:
                describe_group(result, entries[position], chunks, documents, uploaded, words if request.snippets else None)
            results.append(result)
        facets = facet_counts(self.reader.facet_rows(list(set(owners.values())), FACETS))
        took = (time.perf_counter() - started) * 1000
        return SearchResponse(request.query, request.mode, round(took, 2), results, facets, coverage, warnings,
                              request.offset, has_more)


def _hit(chunk, score: float, words: list[str] | None) -> dict:
    snippet = make_snippet(chunk.text, words).text if words is not None else ""
    return {"chunk_id": chunk.chunk_id, "score": score, "section_path": chunk.section_path, "char_start": chunk.start,
            "char_end": chunk.end, "page_start": chunk.page_start, "page_end": chunk.page_end, "snippet": snippet}


def describe_group(result: SearchResult, entry, chunks: dict, documents: dict, uploaded: dict, words: list[str] | None) -> None:
    """Fill a result's folded hits and versions from its grouping entry (api/search/grouping.py)."""
    result.more_in_document = [_hit(chunks[item], score, words) for item, score in entry.more if item in chunks]
    group = [doc for doc in entry.group if doc in documents]
    if len(group) < 2:
        return
    result.version_count, result.version_head = len(group), group[0]
    for doc_id in group:
        if doc_id == result.doc_id:
            continue
        document = documents[doc_id]
        paths = json.loads(document["paths"] or "[]")
        hits = [_hit(chunks[item], score, words) for item, score in entry.versions.get(doc_id, []) if item in chunks]
        result.versions.append({
            "doc_id": doc_id, "head": doc_id == group[0], "title": document["title"], "unit": document["unit"],
            "doc_type": document["doc_type"], "number": document["number"], "date": document["date"],
            "path": paths[0] if paths else None,
            "name": uploaded.get(doc_id) or (PurePath(paths[0]).name if paths else None), "hits": hits})
