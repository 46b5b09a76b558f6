"""The vector index: exact by default, HNSW on request or above the threshold, deletions,
rebuilt from the embedding cache without re-embedding."""

import shutil

import pytest

from indexer.store import catalog, vectors
from indexer.store.layout import Layout
from indexer.store.reader import open_reader
from indexer.update import embed_index


class CountingEmbedder:
    """Wraps the real embedder and counts what it is asked to embed."""

    def __init__(self, inner):
        self.inner, self.calls = inner, 0
        self.name, self.dim, self.max_tokens = inner.name, inner.dim, inner.max_tokens

    def embed_passages(self, texts):
        self.calls += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.fixture
def copy_of_corpus_index(corpus_index, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(corpus_index, target)
    return target


def test_hnsw_rebuild_comes_from_the_cache_and_agrees_with_exact_search(copy_of_corpus_index):
    layout = Layout(copy_of_corpus_index)
    reader = open_reader(copy_of_corpus_index)
    embedder = CountingEmbedder(reader.embedder)
    query = embedder.embed_query("cuộc vận động Vì người nghèo")
    exact = [i for i, _ in reader.vectors.search(query, 5)]
    connection = catalog.connect(layout.catalog)
    from indexer.store.embedding_cache import EmbeddingCache

    windows = layout.read_manifest().vector_windows
    vectors.sync(layout.vectors, connection, embedder, EmbeddingCache(layout.embedding_cache), kind="hnsw", windows=windows)
    assert embedder.calls == 0  # every vector came from the cache
    searcher = vectors.VectorSearcher(layout.vectors)
    assert vectors.index_kind(searcher.index) == "hnsw" and searcher.chunks == reader.counts()["chunks"]
    assert searcher.size == reader.vectors.size and searcher.windowed == (windows > 0)
    approximate = [i for i, _ in searcher.search(query, 5)]
    assert len(set(exact) & set(approximate)) >= 4
    allowed = exact[2:4]
    assert {i for i, _ in searcher.search(query, 5, chunk_ids=allowed)} == set(allowed)


def test_deleting_a_document_removes_its_vectors(copy_of_corpus_index):
    import faiss

    layout = Layout(copy_of_corpus_index)
    connection = catalog.connect(layout.catalog)
    chunk_ids = {r[0] for r in connection.execute("SELECT id FROM chunks WHERE doc_id = 1")}
    with catalog.transaction(connection):
        catalog.delete_document(connection, 1)
    connection.close()
    embed_index(copy_of_corpus_index)
    searcher = vectors.VectorSearcher(layout.vectors)
    ids = set(faiss.vector_to_array(faiss.downcast_index(searcher.index).id_map).tolist())
    assert ids and not ids & chunk_ids
    pending = open_reader(copy_of_corpus_index).catalog.execute(
        "SELECT target, count(*) FROM pending_deletes GROUP BY target").fetchall()
    assert [tuple(row) for row in pending] == [("lexical", len(chunk_ids))]  # left for the next `tracuu index`
