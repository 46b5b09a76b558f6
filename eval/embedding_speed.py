"""Embedding speed, today's engine settings against the new ones, side by side in one run.

    python -m eval.embedding_speed [--chunks 1000] [--rounds 2] [--windows 32] [--study]

The chunks are real text: the seed reports of corpus/ and the three public sets, chunked by the
real chunker (``synthetic_documents`` of eval.retrieval_speed). Their texts are made exactly as
the index makes them (``vector_texts``: the chunk and its sentence windows, each after the
chunk's context) and embedded in groups of 32 chunks, as ``vectors.sync`` hands them to the
embedder. Each round embeds every chunk with and without windows under each setting, the
settings alternating, so both see the same load on a shared machine; the figure per setting is
its best round. The cosine between the two settings' vectors is taken over every text.

``--study`` adds onnxruntime session variants of the streams setting (spinning workers, no memory
pattern, no arena, basic graph optimisation) and batches of 8 texts.
Results go to eval/results/embedding_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from eval.common import RESULTS

GROUP = 32  # chunks per embedder call, as vectors.sync takes them


def chunk_rows(count: int, seed: int = 0) -> list[tuple[int, str, str]]:
    """(id, context, text) of the first ``count`` chunks of the real-text stream."""
    from eval.retrieval_speed import data_root, load_passages, load_seeds, synthetic_documents
    from indexer.chunking import chunk_document

    rows: list[tuple[int, str, str]] = []
    for _source, _cycle, document in synthetic_documents(load_passages(data_root()), load_seeds(), seed):
        rows += [(len(rows) + i + 1, c.context, c.text) for i, c in enumerate(chunk_document(document))]
        if len(rows) >= count:
            return rows[:count]
    raise AssertionError("unreachable")


def groups(rows: list[tuple[int, str, str]], windows: int) -> list[list[str]]:
    from indexer.store.vectors import vector_texts

    return [[t for _, t in vector_texts(rows[s : s + GROUP], windows)] for s in range(0, len(rows), GROUP)]


class CpuMeter:
    """The machine's CPU use (from /proc/stat) and this process's share of it over an interval."""

    def __enter__(self) -> CpuMeter:
        self.stat, self.own, self.wall = self._stat(), self._own(), time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        busy0, total0 = self.stat
        busy1, total1 = self._stat()
        self.seconds = time.perf_counter() - self.wall
        cores = os.cpu_count() or 1
        self.machine_busy_cores = round(cores * (busy1 - busy0) / max(1, total1 - total0), 2)
        self.own_cores = round((self._own() - self.own) / max(self.seconds, 1e-9), 2)
        self.load_average = os.getloadavg()[0]

    @staticmethod
    def _stat() -> tuple[int, int]:
        with open("/proc/stat") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
        idle = values[3] + values[4]
        return sum(values) - idle, sum(values)

    @staticmethod
    def _own() -> float:
        times = os.times()
        return times.user + times.system


def timed(embed: Callable[[list[str]], np.ndarray], parts: list[list[str]]) -> tuple[np.ndarray, CpuMeter]:
    with CpuMeter() as meter:
        vectors = np.concatenate([embed(part) for part in parts])
    return vectors, meter


def settings(study: bool) -> dict[str, Callable[[], object]]:
    from indexer.embedding.backends.onnx import OnnxE5Embedder

    out = {
        # before (the baseline, still called "today" in the results): one call at a time, split
        # over every core by onnxruntime; the default now runs one call per core ("streams")
        "today": lambda: OnnxE5Embedder(streams=1),
        # one call per core at once, each on one onnxruntime thread
        "streams": lambda: OnnxE5Embedder(streams=os.cpu_count() or 1),
    }
    if study:
        def variant(**changes):
            def make():
                embedder = OnnxE5Embedder(streams=os.cpu_count() or 1, batch_size=changes.pop("batch_size", 1))
                if changes:
                    import onnxruntime as ort

                    from indexer.embedding.conversion.e5 import ONNX_MODEL

                    options = ort.SessionOptions()
                    options.intra_op_num_threads = max(1, embedder.threads // embedder.streams)
                    options.inter_op_num_threads = 1
                    options.add_session_config_entry("session.intra_op.allow_spinning", changes.pop("spinning", "0"))
                    options.log_severity_level = 3
                    for key, value in changes.items():
                        setattr(options, key, value)
                    embedder.session = ort.InferenceSession(str(embedder.folder / ONNX_MODEL), options,
                                                            providers=["CPUExecutionProvider"])
                return embedder
            return make

        import onnxruntime as ort

        out |= {
            "streams+spinning": variant(spinning="1"),
            "streams-mem_pattern": variant(enable_mem_pattern=False),
            "streams-arena": variant(enable_cpu_mem_arena=False),
            "streams+basic_opt": variant(graph_optimization_level=ort.GraphOptimizationLevel.ORT_ENABLE_BASIC),
            "streams+batch8": variant(batch_size=8),
        }
    return out


def measure(chunks: int, rounds: int, windows: int, study: bool = False) -> dict:
    rows = chunk_rows(chunks)
    with_windows, without = groups(rows, windows), groups(rows, 0)
    texts = sum(len(g) for g in with_windows)
    embedders = {name: make() for name, make in settings(study).items()}
    for embedder in embedders.values():
        embedder.embed_passages(with_windows[0][:8])  # warm-up
    runs: dict[str, dict[str, list[dict]]] = {name: {"with": [], "without": []} for name in embedders}
    vectors: dict[str, np.ndarray] = {}
    names = list(embedders)
    for r in range(rounds):
        for name in (names if r % 2 == 0 else names[::-1]):
            embed = lambda part, e=embedders[name]: e.embed_passages(part).vectors  # noqa: E731
            for kind, parts in (("with", with_windows), ("without", without)):
                got, meter = timed(embed, parts)
                runs[name][kind].append({"seconds": round(meter.seconds, 2), "chunks_per_s": round(len(rows) / meter.seconds, 2),
                                         "own_cores": meter.own_cores,
                                         "cpu_ms_per_chunk": round(1000 * meter.own_cores * meter.seconds / len(rows), 1),
                                         "machine_busy_cores": meter.machine_busy_cores,
                                         "load_average": round(meter.load_average, 2)})
                if kind == "with":
                    vectors.setdefault(name, got)
            print(f"round {r + 1} {name}: with windows {runs[name]['with'][-1]['chunks_per_s']} chunks/s, without "
                  f"{runs[name]['without'][-1]['chunks_per_s']} (load {runs[name]['with'][-1]['load_average']}, "
                  f"own cores {runs[name]['with'][-1]['own_cores']})",
                  file=sys.stderr, flush=True)
    result = {"chunks": len(rows), "texts_with_windows": texts, "windows": windows, "rounds": rounds,
              "cpus": os.cpu_count(), "embedder": embedders["today"].name, "settings": {}}
    best = {name: {kind: max(x["chunks_per_s"] for x in runs[name][kind]) for kind in ("with", "without")} for name in runs}
    for name in runs:
        cosine = (vectors[name] * vectors["today"]).sum(axis=1)
        result["settings"][name] = {
            "engine": repr(embedders[name]),
            "chunks_per_s_with_windows": best[name]["with"], "chunks_per_s_without_windows": best[name]["without"],
            "ratio_with_windows": round(best[name]["with"] / best["today"]["with"], 2),
            "ratio_without_windows": round(best[name]["without"] / best["today"]["without"], 2),
            "cpu_ms_per_chunk_with_windows": min(x["cpu_ms_per_chunk"] for x in runs[name]["with"]),
            "cosine_to_today_min": round(float(cosine.min()), 6), "cosine_to_today_mean": round(float(cosine.mean()), 6),
            "rounds": runs[name]}
    return result


def markdown(result: dict) -> str:
    lines = ["| setting | chunks/s with windows | × today | chunks/s without | × today | CPU ms per chunk with windows "
             "| cosine to today min / mean |", "|---|---|---|---|---|---|---|"]
    for name, s in result["settings"].items():
        lines.append(f"| {name} | {s['chunks_per_s_with_windows']} | {s['ratio_with_windows']} | "
                     f"{s['chunks_per_s_without_windows']} | {s['ratio_without_windows']} | "
                     f"{s['cpu_ms_per_chunk_with_windows']} | "
                     f"{s['cosine_to_today_min']:.4f} / {s['cosine_to_today_mean']:.5f} |")
    loads = [x["load_average"] for s in result["settings"].values() for k in ("with", "without") for x in s["rounds"][k]]
    busy = [x["machine_busy_cores"] for s in result["settings"].values() for k in ("with", "without") for x in s["rounds"][k]]
    lines.append(f"\n{result['chunks']} chunks, {result['texts_with_windows']} texts with windows of {result['windows']}, "
                 f"{result['rounds']} round(s), best round each; load average {min(loads):.1f}–{max(loads):.1f}, "
                 f"machine busy {min(busy):.2f}–{max(busy):.2f} of {result['cpus']} cores.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.embedding_speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--windows", type=int, default=32, help="sentence window size in syllables (default %(default)s)")
    parser.add_argument("--study", action="store_true", help="also measure session variants and batches of 8")
    parser.add_argument("--out", type=Path, default=RESULTS / "embedding_speed.json")
    args = parser.parse_args(argv)
    result = measure(args.chunks, args.rounds, args.windows, args.study)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
