"""The known-item evaluation on the bundled reports: sentences find their own chunk."""

from eval.sentence_recall import comparable, evaluate, near_copy, sample_sentences
from indexer.store.reader import open_reader


def test_samples_are_reproducible_and_carry_every_holder(corpus_index):
    reader = open_reader(corpus_index)
    first = sample_sentences(reader, 15, seed=7)
    assert first == sample_sentences(reader, 15, seed=7)
    assert len(first) == 15
    for query in first:
        texts = reader.chunks(query["relevant"])
        assert all(comparable(query["sentence"]) in comparable(chunk.text) for chunk in texts.values())
        assert query["sentence"] in texts[query["chunk_id"]].text


def test_sentences_find_their_chunk(corpus_index):
    report = evaluate(corpus_index, sample=30, seed=20261201, modes=["bm25", "hybrid", "dense"])
    assert report["modes"]["bm25"]["rank1"] >= 0.9
    assert report["modes"]["hybrid"]["rank1"] >= 0.9
    assert report["modes"]["dense"]["scored"] == 30
    assert report["modes"]["dense"]["top10"] >= 0.8


def test_copies_are_compared_by_their_words():
    assert comparable("c) Xây dựng  và thực hiện quy định của Hội;").endswith(comparable("Xây dựng và thực hiện quy định của hội."))
    assert near_copy("Bảo vệ quyền, lợi ích hợp pháp, chính đáng của hội viên;",
                     "đ) Bảo vệ quyền lợi hợp pháp, chính đáng của hội viên và của Hội.")
    assert not near_copy("Bảo vệ quyền, lợi ích hợp pháp, chính đáng của hội viên;", "Tuyên truyền mục đích của Hội.")
