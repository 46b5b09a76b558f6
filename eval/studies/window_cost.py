"""What sentence windows cost at indexing time: the default embedder on a sample of an index's
chunks, once for the chunks' own texts and once for their window texts, interleaved in rounds
so both see the same machine load.

    python -m eval.studies.window_cost --index eval/results/archive-e5w [--chunks 300] [--rounds 3] [--windows N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from indexer.chunking import DEFAULT_WINDOW_SYLLABLES


def measure(index: str, chunks: int, rounds: int, windows: int, seed: int = 0) -> dict:
    from indexer.embedding import DEFAULT_SPEC, load_embedder
    from indexer.store import catalog
    from indexer.store.layout import Layout
    from indexer.store.vectors import WINDOW_BASE, vector_texts

    connection = catalog.connect(Layout(Path(index)).catalog, readonly=True)
    rows = list(catalog.all_chunk_texts(connection))
    sample = random.Random(seed).sample(rows, min(chunks, len(rows)))
    texts = vector_texts(sample, windows)
    own = [t for i, t in texts if i < WINDOW_BASE]
    extra = [t for i, t in texts if i >= WINDOW_BASE]
    embedder = load_embedder(DEFAULT_SPEC)
    embedder.embed_passages(own[:4])  # warm-up
    seconds = {"chunks": [], "windows": []}
    for _ in range(rounds):
        for name, part in (("chunks", own), ("windows", extra)):
            started = time.perf_counter()
            embedder.embed_passages(part)
            seconds[name].append(time.perf_counter() - started)
    best = {name: min(values) for name, values in seconds.items()}
    return {"index": index, "embedder": embedder.name, "chunks": len(own), "windows": len(extra),
            "windows_per_chunk": round(len(extra) / len(own), 2), "seconds": seconds,
            "chunks_per_s_without_windows": round(len(own) / best["chunks"], 1),
            "chunks_per_s_with_windows": round(len(own) / (best["chunks"] + best["windows"]), 1),
            "embedding_time_ratio": round((best["chunks"] + best["windows"]) / best["chunks"], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.studies.window_cost", description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--chunks", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--windows", type=int, default=DEFAULT_WINDOW_SYLLABLES,
                        help="window size in syllables (default: the product's, %(default)s)")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.index, args.chunks, args.rounds, args.windows), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
