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
    assert default_weights(query) == QUESTION_WEIGHTS


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
    assert default_weights(query) == WEIGHTED_DEFAULTS
