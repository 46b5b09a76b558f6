"""The e5 engine's passage path (texts sorted by length, several calls at once, duplicates
embedded once) gives back each text's own vector, in input order, as embedding it alone does."""

import numpy as np
import pytest

from indexer.chunking import chunk_document, sentence_windows
from indexer.embedding.backends.onnx import OnnxE5Embedder
from indexer.extraction.pipeline import extract_file

from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Real Vietnamese of very different lengths, mixed: a few words, 32-syllable windows, whole
    chunks, and one text over the model's 512 tokens; one window appears twice."""
    chunks = []
    for path in sorted(CORPUS.glob("*.txt")):
        chunks += [c.indexed_text for c in chunk_document(extract_file(path))[:6]]
    windows = [chunks[1][s:e] for s, e in sentence_windows(chunks[1], 32)]
    long = " ".join(chunks[:8])
    mixed = [chunks[0], windows[0], "Quyết định số 15/QĐ-UBND", long, windows[1], chunks[5], chunks[2][:40],
             windows[0], chunks[7], windows[-1], chunks[3]]
    assert len({len(t) for t in mixed}) >= 9
    return mixed


@pytest.fixture(scope="module")
def engines():
    return OnnxE5Embedder(threads=2, streams=2), OnnxE5Embedder(threads=1)


def test_parallel_sorted_passages_match_one_at_a_time_in_input_order(engines, texts):
    parallel, single = engines
    assert parallel.streams == 2 and single.streams == 1
    result = parallel.embed_passages(texts)
    alone = np.stack([single.embed_passages([t]).vectors[0] for t in texts])
    assert result.vectors.shape == (len(texts), parallel.dim)
    cosine = (result.vectors * alone).sum(axis=1)
    assert cosine.min() >= 0.999, cosine
    # each row is nearest to its own text's vector, not a neighbour's: the order was restored
    nearest = (result.vectors @ alone.T).argmax(axis=1)
    assert [texts[j] for j in nearest] == texts
    assert np.allclose(result.vectors[1], result.vectors[7])  # the repeated window
    assert result.truncated == [3]  # the long text, at its own position
    assert single.embed_passages([texts[3]]).truncated == [0]


def test_parallel_query_and_empty_input(engines, texts):
    parallel, single = engines
    assert parallel.embed_passages([]).vectors.shape == (0, parallel.dim)
    assert float(parallel.embed_query(texts[2]) @ single.embed_query(texts[2])) >= 0.999
