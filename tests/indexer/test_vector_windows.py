"""Sentence windows: each chunk's sentences also embedded in small windows, so a sentence finds
its chunk in dense search even when the chunk says much else (the 2026 seed report, e5)."""

import re

import faiss
import pytest

from indexer.extraction import extract_file
from indexer.chunking import DEFAULT_WINDOW_SYLLABLES as WINDOWS, chunk_document, sentence_windows
from indexer.store import catalog, vectors
from indexer.store.layout import Layout
from indexer.store.reader import open_reader
from indexer.update import IndexSettings, embed_index, update_index

from tests.conftest import CORPUS

SEED = CORPUS / "004_a707af0accb6fc05.txt"
SYLLABLE = re.compile(r"[^\W_]+")
SENTENCE = re.compile(r"[^.;!?\n]+[.;!?]?")


def test_windows_hold_whole_sentences_in_order():
    document = extract_file(SEED)
    long_chunks = [c for c in chunk_document(document) if len(SYLLABLE.findall(document.text[c.start:c.end])) > 100]
    assert long_chunks
    for chunk in long_chunks:
        text = document.text[chunk.start:chunk.end]
        windows = sentence_windows(text, WINDOWS)
        assert len(windows) >= 2
        assert [s for s, _ in windows] == sorted(s for s, _ in windows)
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(windows, windows[1:]))  # no overlap
        for start, end in windows:
            piece = text[start:end]
            assert piece == piece.strip() and piece
            # a window ends where a sentence ends (or where the chunk does)
            assert end == len(text) or text[end - 1] in ".;!?:…" or text[end] == "\n" or len(SYLLABLE.findall(piece)) >= WINDOWS - 8
        # every word of the chunk is in some window
        covered = " ".join(text[s:e] for s, e in windows)
        assert SYLLABLE.findall(covered) == SYLLABLE.findall(text)
    assert sentence_windows("Ủy ban MTTQ tỉnh tổ chức Ngày hội Đại đoàn kết.", WINDOWS) == []


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """The seed in two e5 indexes: with the default sentence windows and without (chunk vectors shared by the cache)."""
    root = tmp_path_factory.mktemp("windows")
    folder = root / "docs"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    cache = root / "embeddings.sqlite"
    built = {}
    for windows in (WINDOWS, 0):
        report = update_index([folder], root / f"w{windows}", IndexSettings(embedder="e5", vector_windows=windows,
                                                                       embedding_cache=cache))
        assert not report.failed and report.chunks_pending_embedding == 0
        built[windows] = root / f"w{windows}"
    return built


def _middle_sentences(reader) -> list[tuple[int, str]]:
    """(chunk id, a sentence of 10–40 syllables from the middle of it) for every chunk with windows."""
    out = []
    for chunk_id, text in reader.catalog.execute(
            f"SELECT c.id, {catalog.CHUNK_TEXT} FROM {catalog.CHUNKS_WITH_DOCUMENTS} ORDER BY c.id"):
        if len(sentence_windows(text, WINDOWS)) < 2:
            continue
        sentences = [m.group().strip() for m in SENTENCE.finditer(text)]
        sentences = [s for s in sentences if 10 <= len(SYLLABLE.findall(s)) <= 40]
        if sentences:
            out.append((chunk_id, sentences[len(sentences) // 2]))
    return out


def test_a_sentence_finds_its_chunk_through_its_window(indexes):
    windowed, plain = open_reader(indexes[WINDOWS]), open_reader(indexes[0])
    assert windowed.vectors.windowed and not plain.vectors.windowed
    assert windowed.vectors.size > plain.vectors.size == plain.vectors.chunks == windowed.vectors.chunks == plain.counts()["chunks"]
    queries = _middle_sentences(windowed)
    texts = dict(windowed.catalog.execute(f"SELECT c.id, {catalog.CHUNK_TEXT} FROM {catalog.CHUNKS_WITH_DOCUMENTS}"))
    assert len(queries) >= 8
    first = {"windows": 0, "chunks only": 0}
    for chunk_id, sentence in queries:
        vector = windowed.embedder.embed_query(sentence)
        found = windowed.vectors.search(vector, 10)
        ids = [i for i, _ in found]
        assert len(ids) == len(set(ids)) and all(i < vectors.WINDOW_BASE for i in ids)  # chunks, once each
        assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
        # the score a chunk gets in search is the one `similarity` gives it (fusion uses both)
        top_id, top_score = found[0]
        assert windowed.vectors.similarity(vector, [top_id])[top_id] == pytest.approx(top_score, abs=1e-5)
        # a question's blend: half the chunk's own cosine, half its best vector's
        blended = dict(windowed.vectors.search(vector, 10, window_weight=0.5))
        own = plain.vectors.similarity(vector, list(blended))
        for item, score in blended.items():
            assert score == pytest.approx(0.5 * own[item] + 0.5 * windowed.vectors.similarity(vector, [item])[item], abs=1e-5)
        # found: the first chunk holds the sentence (chunks overlap by 32 syllables, so it may be another)
        first["windows"] += sentence in texts[ids[0]]
        first["chunks only"] += sentence in texts[plain.vectors.search(vector, 10)[0][0]]
    assert first["windows"] >= 0.8 * len(queries), first
    assert first["windows"] - first["chunks only"] >= 0.15 * len(queries), first


def test_filters_and_deletions_cover_window_vectors(indexes, tmp_path):
    import shutil

    target = tmp_path / "index"
    shutil.copytree(indexes[WINDOWS], target)
    reader = open_reader(target)
    chunk_id, sentence = _middle_sentences(reader)[0]
    vector = reader.embedder.embed_query(sentence)
    others = [i for i, _ in reader.vectors.search(vector, 10)[1:4]]
    restricted = reader.vectors.search(vector, 10, chunk_ids=others)
    assert {i for i, _ in restricted} == set(others)  # the sentence's own chunk is filtered out
    connection = catalog.connect(Layout(target).catalog)
    with catalog.transaction(connection):
        catalog.delete_document(connection, 1)
    connection.close()
    embed_index(target)
    ids = faiss.vector_to_array(faiss.downcast_index(vectors.VectorSearcher(Layout(target).vectors).index).id_map)
    assert len(ids) == 0  # the chunks' vectors and every window of theirs are gone
