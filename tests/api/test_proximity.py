"""Phrase proximity (api/search/proximity.py): a pasted sentence finds the chunk that holds it
verbatim, even when that chunk is long and a short paraphrase has more BM25 per word."""

import shutil
from pathlib import Path

import pytest

from api.search import SearchRequest, Searcher
from api.search.proximity import coverage, phrase_pairs, rerank
from api.search.query import LexicalWeights
from indexer.store.reader import open_reader
from indexer.update import IndexSettings, update_index

SENTENCE = "Tham gia đầy đủ các buổi sinh hoạt định kỳ và đóng hội phí đúng hạn theo quy định của Hội."

# A members' duties article: the sentence verbatim, among eight other duties (one long chunk).
REGULATION = """QUY CHẾ HOẠT ĐỘNG CỦA HỘI NÔNG DÂN XÃ

Điều 5. Nghĩa vụ của hội viên
1. Chấp hành nghiêm chỉnh chủ trương của Đảng, chính sách, pháp luật của Nhà nước và Điều lệ Hội.
2. Tích cực tham gia các phong trào thi đua do Hội phát động ở địa phương, giúp nhau phát triển kinh tế hộ gia đình, giảm nghèo bền vững.
3. Giữ gìn đoàn kết trong Hội, tương trợ hội viên gặp khó khăn, rủi ro trong sản xuất và đời sống.
4. Tham gia đầy đủ các buổi sinh hoạt định kỳ và đóng hội phí đúng hạn theo quy định của Hội.
5. Tuyên truyền, vận động nông dân vào Hội, góp phần xây dựng tổ chức Hội vững mạnh và xây dựng nông thôn mới.
6. Bảo vệ môi trường, giữ gìn an ninh trật tự ở thôn, tổ dân phố nơi cư trú; phát hiện, báo cáo kịp thời những hành vi vi phạm pháp luật.
7. Học tập nâng cao trình độ chính trị, chuyên môn, ứng dụng khoa học kỹ thuật vào sản xuất nông nghiệp.
"""
# A short notice with most of the same words in another order.
NOTICE = """THÔNG BÁO VỀ SINH HOẠT CHI HỘI

Hội viên phải tham gia đầy đủ, đóng hội phí đúng hạn và sinh hoạt định kỳ theo quy định của Hội.
"""


def test_pairs_are_folded_and_never_cross_punctuation():
    pairs = phrase_pairs("Quỹ “Vì người nghèo”, MTTQ tỉnh")
    assert ("vi", "nguoi") in pairs and ("nguoi", "ngheo") in pairs
    assert ("ngheo", "mttq") not in pairs  # a comma and a quote lie between them
    assert ("quy", "vi") not in pairs  # so does the opening quote
    assert ("mttq", "tinh") in pairs
    assert phrase_pairs("ở à") == {("o", "a")}  # single-letter syllables are words


def test_a_changed_word_loses_the_pairs_around_it():
    wanted = phrase_pairs("Đóng hội phí đầy đủ và đúng hạn theo quy định của Hiệp hội")
    assert coverage(wanted, "5. Đóng hội phí đầy đủ và đúng hạn theo quy định của Hiệp hội; tham gia sinh hoạt.") == 1.0
    other = coverage(wanted, "Đóng hội phí đầy đủ và đúng hạn theo quy định của Liên đoàn.")
    assert other == pytest.approx(11 / 13)  # of 13 pairs, "của hiệp" and "hiệp hội" are gone
    assert coverage(wanted, "Hiệp hội đóng góp ý kiến") == pytest.approx(1 / 13)  # the words, one pair
    assert coverage(set(), "anything") == 0.0


def test_rerank_lifts_the_verbatim_holder_and_leaves_one_word_queries_alone():
    ranking = [(1, 10.0), (2, 8.0)]
    texts = {1: NOTICE, 2: REGULATION}
    assert [item for item, _ in rerank(ranking, texts, SENTENCE, weight=2.0, power=5.0)] == [2, 1]
    assert rerank(ranking, texts, "hội", weight=2.0, power=5.0) == ranking  # no pair: nothing to reward
    assert rerank(ranking, texts, SENTENCE, weight=0.0) == ranking


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proximity-docs")
    (folder / "quy-che.txt").write_text(REGULATION, encoding="utf-8")
    (folder / "thong-bao.txt").write_text(NOTICE, encoding="utf-8")
    index = tmp_path_factory.mktemp("proximity-index")
    shutil.rmtree(index)
    report = update_index([folder], index, IndexSettings(embed=False))
    assert not report.failed
    return open_reader(index)


def first_file(reader, weights: LexicalWeights) -> str:
    result = Searcher(reader, weights).search(SearchRequest(SENTENCE, mode="bm25", k=3)).results[0]
    return Path(result.path).name


def test_the_long_chunk_holding_the_sentence_comes_first(reader):
    # without proximity BM25 prefers the short notice: the control that this test can fail
    assert first_file(reader, LexicalWeights(proximity=0)) == "thong-bao.txt"
    assert first_file(reader, LexicalWeights()) == "quy-che.txt"
