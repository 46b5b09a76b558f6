"""Snippets on the bundled reports: one line, cut at word boundaries around the densest run of
query words, every highlight on a query word and every query word in it highlighted."""

import re
import unicodedata

import pytest

from api.search.snippets import SNIPPET_CHARS, make_snippet
from indexer.extraction.vietnamese.normalize import fold_accents, fold_for_matching

from tests.conftest import CORPUS

WORD = re.compile(r"[^\W_]+")


def matching(word: str) -> str:
    return fold_for_matching(word)  # "quĩ" is "quỹ"
QUERIES = ["vì người nghèo", "mặt trận tổ quốc", "hạn chế nguyên nhân", "của và các", "quỹ", "đảng ủy phường"]


def paragraphs():
    for path in sorted(CORPUS.glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))  # as the indexer stores it
        yield from (p for p in re.split(r"\n\s*\n", text) if len(p) > 40)


@pytest.mark.parametrize("query", QUERIES)
def test_every_query_word_in_the_snippet_is_highlighted_and_nothing_else(query):
    words = fold_accents(query).split()
    checked = 0
    for text in paragraphs():
        snippet = make_snippet(text, words)
        assert "\n" not in snippet.text and "  " not in snippet.text
        body = snippet.text.strip("…")
        assert body in " ".join(text.split()), "the snippet is a piece of the text, spaces collapsed"
        assert len(body) <= SNIPPET_CHARS + 40  # cut at word boundaries, a word longer at most
        marked = [snippet.text[s:e] for s, e in snippet.highlights]
        assert all(matching(m) in words for m in marked)
        expected = [m.group(0) for m in WORD.finditer(snippet.text) if matching(m.group(0)) in words]
        assert marked == expected
        checked += bool(marked)
    assert checked >= 3, "the reports hold these words"


def test_the_window_goes_where_most_distinct_query_words_are():
    filler = "Các cơ quan tiếp tục thực hiện nhiệm vụ được giao trong năm. " * 8
    # one query word eight times comes first: the window counts distinct words, not matches
    text = filler + "Quỹ, quỹ, quỹ, quỹ, quỹ, quỹ, quỹ, quỹ. " + filler + "Quỹ Vì người nghèo vận động được nhiều tiền. " + filler
    snippet = make_snippet(text, ["quy", "vi", "nguoi", "ngheo"])
    assert "Quỹ Vì người nghèo" in snippet.text
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert len(snippet.highlights) == 4


def test_a_word_is_highlighted_in_either_spelling_of_its_final_i():
    from indexer.analysis import analyze

    words = analyze("quy định bác sỹ").folded().unigrams
    snippet = make_snippet("Theo qui định, các bác sĩ trực tại trạm y tế.", words)
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["qui", "định", "bác", "sĩ"]
