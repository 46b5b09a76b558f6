"""The serving BM25 engine (tantivy over our terms) against the reference, rank-bm25.

Same tokens in, same scores and same top-10 out. rank-bm25 is configured with the BM25
parameters tantivy uses (k1 = 1.2, b = 0.75, Lucene's idf ln(1 + (N − n + 0.5)/(n + 0.5)),
which never goes negative for the common Vietnamese function syllables). Sentences are kept
short because tantivy stores field lengths exactly only up to ~40 terms.
"""

import math
import re

import pytest
import tantivy
from rank_bm25 import BM25Okapi

from indexer.analysis import analyze
from indexer.store.lexical import EXACT, LexicalSearcher, build_schema

from tests.conftest import CORPUS


class LuceneIdfBM25(BM25Okapi):
    def _calc_idf(self, nd):
        for word, freq in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - freq + 0.5) / (freq + 0.5))


@pytest.fixture(scope="module")
def sentences():
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("0*.txt")))
    found = [s.strip() for s in re.split(r"(?<=[.,;:!?])\s+|\n+", text)]
    short = [s for s in found if 4 <= len(analyze(s).unigrams) <= 16 and len(analyze(s).all()) <= 38]
    assert len(short) > 300
    return short


@pytest.fixture(scope="module")
def engines(sentences, tmp_path_factory):
    path = tmp_path_factory.mktemp("parity")
    index = tantivy.Index(build_schema(), path=str(path))
    writer = index.writer(heap_size=50_000_000, num_threads=1)
    tokens = []
    for i, sentence in enumerate(sentences):
        terms = analyze(sentence).all()
        tokens.append(terms)
        writer.add_document(tantivy.Document(chunk_id=i, doc_id=i, exact=" ".join(terms), folded=""))
    writer.commit()
    writer.wait_merging_threads()
    return LexicalSearcher(path), LuceneIdfBM25(tokens, k1=1.2, b=0.75)


QUERIES = ["Vì người nghèo", "Mặt trận Tổ quốc", "kết luận 62-KL/TW", "công tác dân vận", "hạn chế, nguyên nhân",
           "Đảng ủy phường", "an sinh xã hội", "đoàn kết toàn dân", "Hải Dương", "nông thôn mới"]


@pytest.mark.parametrize("query", QUERIES)
def test_same_tokens_same_top_ten(engines, query):
    served, reference = engines
    terms = analyze(query).all()
    ours = served.search([served.term(EXACT, t) for t in terms], limit=10)
    scores = reference.get_scores(terms)
    best = sorted(range(len(scores)), key=lambda i: -scores[i])
    assert ours, query
    for chunk_id, score in ours:
        assert score == pytest.approx(scores[chunk_id], rel=1e-4)
    boundary = scores[best[min(9, len(ours) - 1)]]
    strictly_above = {i for i in best[:10] if scores[i] > boundary + 1e-6}
    assert strictly_above <= {c for c, _ in ours}
    assert [s for _, s in ours] == pytest.approx(sorted((scores[i] for i in best[:len(ours)]), reverse=True), rel=1e-4)
