"""The segmentation benchmark's token streams on real Vietnamese text, and one tiny run of every
variant through the same BM25 index and scoring."""

from __future__ import annotations

import sys

import pytest

from eval.beir import Dataset
from eval.studies.segmentation_comparison import (BASELINE, KINDS, Segmentations, compare_dataset, load_segmenter,
                                          segmented_words, variant_terms, variants)
from indexer.records import Record
from tests.conftest import CORPUS

SEGMENTERS = ("pyvi", "underthesea")
LOADS_SEGMENTERS = pytest.mark.slow  # loading pyvi and underthesea alone takes ~40 s
# A sentence of corpus/000_6594ddbbd3241b12.txt (a provincial MTTQ report)
SENTENCE = ("Cuộc vận động ''Toàn dân đoàn kết xây dựng nông thôn mới đô thị văn minh'', các cấp uỷ đảng "
            "đã lãnh đạo MTTQ các cấp đổi mới phương thức thực hiện.")


@pytest.fixture(scope="module", params=SEGMENTERS)
def segmenter(request):
    return request.param, load_segmenter(request.param)


@LOADS_SEGMENTERS
def test_words_keep_every_syllable_in_order_and_join_real_words(segmenter) -> None:
    _name, segment = segmenter
    syllables, _ = variant_terms("syllables", SENTENCE)
    words = segmented_words(SENTENCE, segment)
    assert [s for w in words for s in w.split("_")] == syllables
    assert {"xây_dựng", "nông_thôn", "lãnh_đạo", "phương_thức", "thực_hiện"} <= set(words)
    assert "mttq" in words and all(w == w.lower() for w in words)


@LOADS_SEGMENTERS
def test_variants_differ_as_described(segmenter) -> None:
    _name, segment = segmenter
    terms = {kind: variant_terms(kind, SENTENCE, lambda text: segmented_words(text, segment))[0] for kind in KINDS}
    syllables = terms["syllables"]
    assert terms["syllables+bigrams"][:len(syllables)] == syllables
    assert "kết_xây" in terms["syllables+bigrams"]  # a bigram across two words
    assert "kết_xây" not in terms["words"] and "xây_dựng" in terms["words"]
    assert terms["words+syllables"] == syllables + [w for w in terms["words"] if "_" in w]
    long_words = [w for w in terms["words"] if w.count("_") >= 2]
    assert terms["bigrams+long-words"] == terms["syllables+bigrams"] + long_words
    with pytest.raises(ValueError, match="needs a segmenter"):
        variant_terms("words", SENTENCE)


@LOADS_SEGMENTERS
def test_every_variant_finds_the_paragraph_asked_about() -> None:
    report = (CORPUS / "000_6594ddbbd3241b12.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in report.split("\n") if len(p.split()) > 40][:12]
    assert len(paragraphs) == 12
    records = [Record(f"p{i}", "", text) for i, text in enumerate(paragraphs)]
    # a question per paragraph: its words 10..24, so every variant has something to match
    queries = {f"q{i}": " ".join(text.split()[10:25]) for i, text in enumerate(paragraphs)}
    dataset = Dataset("corpus-paragraphs", CORPUS, records, queries, {f"q{i}": {f"p{i}": 1} for i in range(12)})
    segmentations = Segmentations({name: load_segmenter(name) for name in SEGMENTERS})
    result = compare_dataset(dataset, variants(list(SEGMENTERS)), segmentations, log=lambda message: None)
    assert result["documents"] == 12 and result["queries"] == 12
    assert set(result["variants"]) == {v.name for v in variants(list(SEGMENTERS))}
    for name, entry in result["variants"].items():
        assert entry["metrics"]["recall@10"] == 1.0, name
        assert entry["metrics"]["mrr@10"] > 0.9, name
        assert ("p_vs_b" in entry) == (name != BASELINE)
    assert all(t["syllables"] > 1000 and t["cpu_s"] > 0 for t in segmentations.timing.values())
    for agreement in result["word_agreement"].values():  # the queries are the paragraphs' own words
        assert agreement["query_words_in_sequence"] > 12 and agreement["agreement"] > 0.8


def test_a_missing_segmenter_names_the_extra_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyvi", None)  # as if not installed: importing it fails
    with pytest.raises(SystemExit, match=r"pyvi word segmenter is not installed.*\.\[bench\]"):
        load_segmenter("pyvi")
    with pytest.raises(SystemExit, match="unknown segmenter 'vncorenlp'"):
        load_segmenter("vncorenlp")
