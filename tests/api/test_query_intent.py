"""Questions lean on the dense side of the fusion; names, codes and copied sentences on BM25."""

import pytest

from api.search.fusion import QUESTION_WEIGHTS, WEIGHTED_DEFAULTS, default_weights
from api.search.intent import is_question


@pytest.mark.parametrize("query", [
    "Những đơn vị nào đã báo cáo về cuộc vận động 'Vì người nghèo'?",
    "Quỹ Vì người nghèo năm 2025 vận động được bao nhiêu tiền",
    "quy vi nguoi ngheo nam 2025 van dong duoc bao nhieu tien",  # unaccented
    "Tôi bị dị ứng với bột ngọt. Xin hỏi bác sĩ tôi có nên tiêm vaccine Covid-19 không.",
    "X.25 sử dụng loại mạng nào",
    "Ai đã ký báo cáo của Ban Thường trực Ủy ban MTTQ tỉnh",
    "Theo Bộ luật dân sự 2015, hãy liệt kê 9 căn cứ xác lập nên Quyền dân sự.",
])
def test_questions_are_recognised(query):
    assert is_question(query)
    assert default_weights(is_question(query)) == QUESTION_WEIGHTS


@pytest.mark.parametrize("query", [
    "Vì người nghèo",
    "vi nguoi ngheo",
    "62-KL/TW",
    "MTTQ tỉnh Hải Dương",
    "hạn chế, nguyên nhân Kết luận 62-KL/TW",
    # sentences of reports: "sao", "nào", "ai" inside declarative text are not questions
    "Tuỳ thuộc vào loại bản sao để ghi chỉ dẫn loại bản sao là: Sao y bản chính, sao lục, hoặc trích sao.",
    "Bất kỳ tổ chức, cá nhân nào vi phạm đều bị xử lý theo quy định của pháp luật.",
    "Mọi người dân đều có thể tham gia, không để ai bị bỏ lại phía sau.",
])
def test_names_codes_and_sentences_are_not_questions(query):
    assert not is_question(query)
    assert default_weights(is_question(query)) == WEIGHTED_DEFAULTS


def _fused_as(response, weights) -> bool:
    """Whether every result's score is the weighted fusion of its two scores under ``weights``."""
    top = max(r.scores["bm25"] for r in response.results if r.scores.get("bm25") is not None)
    return all(abs(r.score - weights["bm25"] * (r.scores["bm25"] or 0.0) / top
                   - weights["dense"] * max(r.scores["dense"] or 0.0, 0.0)) < 1e-6 for r in response.results)


@pytest.mark.parametrize("query, question", [
    ("Kết quả vận động Quỹ Vì người nghèo năm 2025 được bao nhiêu?", True),
    ("Quỹ Vì người nghèo", False),
])
def test_the_searcher_weighs_by_the_query_form(corpus_index, query, question):
    """Fusion weights and the window weight both follow the form; k is the whole candidate pool,
    so the best BM25 score of the pool is among the results."""
    from api.search import SearchRequest, Searcher
    from api.search.searcher import WINDOW_WEIGHTS
    from indexer.store.reader import open_reader

    reader = open_reader(corpus_index)
    response = Searcher(reader).search(SearchRequest(query, k=200, snippets=False))
    assert response.results and reader.vectors.windowed
    assert _fused_as(response, QUESTION_WEIGHTS if question else WEIGHTED_DEFAULTS)
    assert not _fused_as(response, WEIGHTED_DEFAULTS if question else QUESTION_WEIGHTS)
    vector = reader.embedder.embed_query(query)
    ids = [r.chunk_id for r in response.results[:10]]
    expected = reader.vectors.similarity(vector, ids, WINDOW_WEIGHTS[question])
    other = reader.vectors.similarity(vector, ids, WINDOW_WEIGHTS[not question])
    assert all(abs(r.scores["dense"] - expected[r.chunk_id]) < 1e-5 for r in response.results[:10])
    assert any(abs(expected[i] - other[i]) > 1e-4 for i in ids)  # the two weights do differ here
