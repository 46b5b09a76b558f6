"""The lexical index: tantivy over pre-analysed chunk terms, kept in step with the catalog.

Whitespace-tokenised fields hold the analyzer's terms: ``exact`` (accented) and ``folded``
(accent-free) for the chunk's own text, ``context_exact``/``context_folded`` for its title and
section path — kept apart so that a title repeated on every chunk of a document can be
weighted down at query time instead of swamping the chunk's own words. tantivy scores with
BM25 (k1 = 1.2, b = 0.75, Lucene's idf), commits atomically, and adds or deletes documents
without a rebuild.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import tantivy

try:
    import tantivy_topk  # native/tantivy_topk
except ImportError:  # not built on this machine: the tantivy package serves the same results
    tantivy_topk = None

from indexer.analysis import analyze, field_text
from indexer.store import integrity
from indexer.store.catalog import (CHUNK_TEXT, CHUNKS_WITH_DOCUMENTS, clear_pending_deletes, database_path, pending_deletes,
                                   publish_ready, transaction)
from indexer.store.layout import Layout, writing

EXACT, FOLDED = "exact", "folded"
CONTEXT = {EXACT: "context_exact", FOLDED: "context_folded"}
_BATCH = 2000


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("chunk_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("doc_id", stored=False, indexed=True, fast=True)
    builder.add_text_field(EXACT, stored=False, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field(FOLDED, stored=False, tokenizer_name="whitespace", index_option="freq")
    for name in CONTEXT.values():
        builder.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="freq")
    return builder.build()


def open_index(path: Path, create: bool = False) -> tantivy.Index:
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return tantivy.Index(build_schema(), path=str(path), reuse=True)


def field_values(context: str, text: str) -> dict[str, str]:
    """The four term fields of one chunk."""
    values = {}
    for field, source in ((EXACT, text), (CONTEXT[EXACT], context)):
        terms = analyze(source)
        values[field] = field_text(terms.all())
        values[FOLDED if field == EXACT else CONTEXT[FOLDED]] = field_text(terms.folded().all())
    return values


def sync(index: tantivy.Index, catalog: sqlite3.Connection, progress=None) -> int:
    """Apply pending deletions and add every chunk not yet indexed; returns chunks added.

    Each batch is deleted-then-added by chunk id before its commit, so redoing a batch after a
    crash replaces rather than duplicates. The catalog is marked only after tantivy commits, and
    each commit's segment files are recorded in checksums.json. A commit that fails (a full disk)
    leaves the last committed state, and the files it had begun are removed.
    """
    layout = Layout(database_path(catalog).parent)
    writer = index.writer(heap_size=128_000_000, num_threads=1)
    added = 0
    try:
        deletes = pending_deletes(catalog, "lexical")
        for chunk_id in deletes:
            writer.delete_documents_by_term("chunk_id", chunk_id)
        if deletes:
            _commit(writer, layout)
            with transaction(catalog):
                clear_pending_deletes(catalog, "lexical", deletes)
        while True:
            rows = catalog.execute(
                f"SELECT c.id, c.doc_id, c.context, {CHUNK_TEXT} "
                f"FROM {CHUNKS_WITH_DOCUMENTS} WHERE c.lexical = 0 ORDER BY c.id LIMIT ?",
                (_BATCH,)).fetchall()
            if not rows:
                with transaction(catalog):
                    publish_ready(catalog)  # documents without chunks, if any
                break
            for chunk_id, doc_id, context, text in rows:
                writer.delete_documents_by_term("chunk_id", chunk_id)
                writer.add_document(tantivy.Document(chunk_id=chunk_id, doc_id=doc_id, **field_values(context, text)))
            _commit(writer, layout)
            with transaction(catalog):
                catalog.executemany("UPDATE chunks SET lexical = 1 WHERE id = ?", ((r[0],) for r in rows))
                publish_ready(catalog, {r[1] for r in rows})  # readers see a document once keyword search finds all of it
            added += len(rows)
            if progress:
                progress(len(rows))
    except BaseException:
        _abandon(index, writer)
        raise
    with writing("lexical index", layout.lexical):
        writer.wait_merging_threads()
    integrity.record_lexical(layout)  # merges may have replaced segments
    return added


def _commit(writer, layout: Layout) -> None:
    with writing("lexical index", layout.lexical):
        writer.commit()
    integrity.record_lexical(layout)


def _abandon(index: tantivy.Index, writer) -> None:
    """After a failed sync: drop what was not committed and the files a failed commit began
    (a full disk stays no fuller than before the run)."""
    for step in (writer.rollback, writer.wait_merging_threads):
        with contextlib.suppress(Exception):  # a writer killed by an I/O error refuses both
            step()
    with contextlib.suppress(Exception):
        cleaner = index.writer(heap_size=15_000_000, num_threads=1)
        cleaner.garbage_collect_files()
        cleaner.wait_merging_threads()


# Segments one query searches at once when the native searcher is installed: on 2 cores, 2
# halve a 1M-chunk query's wall time (docs/decisions.md).
SEARCH_THREADS = int(os.environ.get("TRACUU_LEXICAL_THREADS", str(min(2, os.cpu_count() or 1))))

Clause = tuple[str, str, float]  # (field, term, boost)


class LexicalSearcher:
    """Read side: BM25 over the term fields, optionally restricted to some documents.

    The native searcher (native/tantivy_topk, built by scripts/setup.sh) runs tantivy's union
    over the index's segments in parallel threads. Without it, the tantivy Python package serves
    the same clauses with the same scores in one thread (ties among equal scores may come in
    another order); it collects through a MultiCollector, so no hit count is asked for."""

    def __init__(self, path: Path, native: bool | None = None, threads: int = SEARCH_THREADS):
        use_native = tantivy_topk is not None if native is None else native
        if use_native and tantivy_topk is None:
            raise RuntimeError("the native lexical searcher (tantivy_topk) is not installed: run scripts/setup.sh")
        self.engine = "tantivy-topk" if use_native else "tantivy"
        if use_native:
            self._native = tantivy_topk.Searcher(str(path), max(1, threads))
        else:
            self._native = None
            index = tantivy.Index.open(str(path))
            self._schema = index.schema
            self._searcher = index.searcher()

    def term(self, field: str, term: str, boost: float = 1.0) -> Clause:
        return (field, term, float(boost))

    def search(self, should: Iterable[Clause], limit: int, doc_ids: Iterable[int] | None = None) -> list[tuple[int, float]]:
        clauses = list(should)
        if not clauses or limit < 1:
            return []
        doc_ids = None if doc_ids is None else list(doc_ids)
        if self._native is not None:
            return self._native.search(clauses, limit, doc_ids)
        query = tantivy.Query.boolean_query([(tantivy.Occur.Should, self._query(*clause)) for clause in clauses])
        if doc_ids is not None:
            allowed = tantivy.Query.term_set_query(self._schema, "doc_id", doc_ids)
            query = tantivy.Query.boolean_query([
                (tantivy.Occur.Must, query),
                (tantivy.Occur.Must, tantivy.Query.const_score_query(allowed, 0.0)),
            ])
        hits = self._searcher.search(query, limit, count=False).hits
        return list(zip(self._chunk_ids(hits), (score for score, _address in hits)))

    def containing(self, required: Iterable[tuple[str, str]], limit: int, doc_ids: Iterable[int] | None = None) -> list[int]:
        """Chunk ids whose fields hold every (field, term) in ``required`` (no ranking): the
        candidates for an exact phrase or code, to be verified against the chunk text."""
        required = list(required)
        if not required or limit < 1:
            return []
        doc_ids = None if doc_ids is None else list(doc_ids)
        if self._native is not None:
            return self._native.containing(required, limit, doc_ids)
        clauses = [(tantivy.Occur.Must, tantivy.Query.term_query(self._schema, f, t)) for f, t in required]
        if doc_ids is not None:
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_set_query(self._schema, "doc_id", doc_ids)))
        hits = self._searcher.search(tantivy.Query.const_score_query(tantivy.Query.boolean_query(clauses), 1.0), limit,
                                     count=False).hits
        return self._chunk_ids(hits)

    def doc_freq(self, field: str, term: str) -> int:
        """How many chunks hold ``term`` in ``field`` (BM25's document frequency)."""
        if self._native is not None:
            return self._native.doc_freq(field, term)
        return self._searcher.doc_freq(field, term)

    def chunk_ids(self) -> list[int]:
        """The chunk id of every chunk in the index (for the index check)."""
        if self._native is not None:
            return self._native.chunk_ids()
        hits = self._searcher.search(tantivy.Query.all_query(), max(1, self._searcher.num_docs)).hits
        return self._chunk_ids(hits)

    def _query(self, field: str, term: str, boost: float) -> tantivy.Query:
        query = tantivy.Query.term_query(self._schema, field, term)
        return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)

    def _chunk_ids(self, hits) -> list[int]:
        """The chunk ids of search hits, from the fast field (no stored document is read)."""
        return self._searcher.fast_field_values("chunk_id", [address for _score, address in hits]) if hits else []

    @property
    def num_chunks(self) -> int:
        return self._native.num_docs if self._native is not None else self._searcher.num_docs
