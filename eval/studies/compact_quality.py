"""What the compact vector index costs in quality on real vectors: nDCG@10 and top-10 agreement
against float vectors, on the public sets.

    python -m eval.studies.compact_quality --dataset ../shared/data/xquad-vi [--dataset …] \\
        --cache-dir DIR [--limit-queries N] [--probes 96,192]

Each BEIR set is indexed twice by ``eval retrieval``'s code into --cache-dir, with the same
vectors (the cache's: real e5 vectors of every chunk and its sentence windows, embedded once): a
flat float index (exact search) and the compact one (IVF-PQ codes + int8 rows, rescored;
indexer/store/vector_file.py). The compact index is searched with the product's probes
(``PROBES`` of its lists, which at these sizes is a far larger share of the lists than at 1M) and
with the share of lists a 1M index probes (48 of 4,096; a stress test: at 1M the searcher widens
its probes as repetition demands), and with any ``--probes``. Per
setting and mode: nDCG@10 and its gap to the float index, mean top-10 document overlap of the
runs, and for dense the top-10 *chunk* agreement of ``VectorSearcher.search`` with exact float
search (the 1M benchmark's measure, here on real vectors). Results: eval/results/compact_quality.json
(or --output), written after each set.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from eval.common import RESULTS

MILLION_PROBE_SHARE = 48 / 4096  # probes / lists of the 1M benchmark's index
TOP = 10


def _lists(index_dir: Path) -> int:
    import faiss

    from indexer.store import vector_file
    from indexer.store.layout import Layout
    from indexer.store.reader import open_reader

    reader = open_reader(index_dir)
    dim = reader.manifest.dim
    reader.close()
    index, _ = vector_file.load(Layout(index_dir).vectors, dim)
    return faiss.extract_index_ivf(index).nlist


def chunk_agreement(exact, compact, queries: dict[str, str]) -> float:
    """Mean share of exact float search's top 10 chunks that the compact searcher also returns."""
    from api.search.intent import is_question
    from api.search.searcher import WINDOW_WEIGHTS

    shares = []
    for text in queries.values():
        if not text.strip():
            continue
        vector = exact.reader.embedder.embed_query(text)
        weight = WINDOW_WEIGHTS[is_question(text)]
        want = {item for item, _ in exact.reader.vectors.search(vector, TOP, None, weight)}
        got = {item for item, _ in compact.reader.vectors.search(vector, TOP, None, weight)}
        shares.append(len(want & got) / max(1, len(want)))
    return round(sum(shares) / len(shares), 4)


def compare_set(dataset_dir: Path, cache_dir: Path, limit_queries: int | None, modes: list[str], log=print,
                probes: tuple[int, ...] = ()) -> dict[str, Any]:
    from eval.beir import load_dataset
    from eval.retrieval_quality import IndexConfig, SearchConfig, ensure_index, open_searcher, run_mode, score_runs
    from eval.studies.opensearch_retrieval_parity import overlap
    from indexer.store import vector_file

    dataset = load_dataset(dataset_dir)
    queries = dict(sorted(dataset.queries.items())[:limit_queries] if limit_queries else sorted(dataset.queries.items()))
    qrels = {q: dataset.qrels[q] for q in queries}
    search = SearchConfig()
    flat_dir, _ = ensure_index(dataset, IndexConfig(vector_index="flat"), cache_dir, log=log)
    compact_dir, _ = ensure_index(dataset, IndexConfig(vector_index="ivfpq"), cache_dir, log=log)
    lists = _lists(compact_dir)
    settings = {"product": vector_file.PROBES, "1M share": max(1, round(lists * MILLION_PROBE_SHARE)),
                **{f"{n} probes": n for n in probes if n != vector_file.PROBES}}
    flat = open_searcher(flat_dir, search, cache_dir)
    out: dict[str, Any] = {"dataset": dataset.name, "queries": len(queries), "chunks": flat.reader.counts()["chunks"],
                           "vectors": flat.reader.vectors.size, "lists": lists, "probes": settings, "modes": {}}
    runs = {mode: run_mode(flat, queries, mode, search)[0] for mode in modes}
    default_probes = vector_file.PROBES
    try:
        for name, probes in settings.items():
            vector_file.PROBES = probes  # read when the index is loaded
            compact = open_searcher(compact_dir, search, cache_dir)
            log(f"{dataset.name}: compact, {probes} of {lists} lists probed")
            figures = out["modes"].setdefault(name, {})
            for mode in modes:
                theirs = run_mode(compact, queries, mode, search)[0]
                scores = score_runs(qrels, {"float": runs[mode], "compact": theirs}, stat_test=None)["metrics"]
                overlaps = [overlap(runs[mode][q], theirs[q]) for q in queries]
                figures[mode] = {"ndcg@10": {k: round(v["ndcg@10"], 4) for k, v in scores.items()},
                                 "gap": round(scores["compact"]["ndcg@10"] - scores["float"]["ndcg@10"], 4),
                                 "document_top10_overlap": round(sum(overlaps) / len(overlaps), 4)}
            if "dense" in modes:
                figures["dense"]["chunk_top10_agreement"] = chunk_agreement(flat, compact, queries)
            log(json.dumps({name: figures}))
            compact.reader.close()
    finally:
        vector_file.PROBES = default_probes
    flat.reader.close()
    return out


def markdown(results: list[dict[str, Any]]) -> str:
    lines = ["| set (queries; vectors, lists) | probes | mode | nDCG@10 float | nDCG@10 compact | gap | "
             "document top-10 overlap | chunk top-10 agreement |", "|---|---|---|---|---|---|---|---|"]
    for result in results:
        for setting, modes in result["modes"].items():
            for mode, f in modes.items():
                agreement = f.get("chunk_top10_agreement")
                lines.append(f"| {result['dataset']} ({result['queries']:,}; {result['vectors']:,}, {result['lists']}) | "
                             f"{result['probes'][setting]} ({setting}) | {mode} | {f['ndcg@10']['float']:.4f} | "
                             f"{f['ndcg@10']['compact']:.4f} | {f['gap']:+.4f} | {f['document_top10_overlap']:.4f} | "
                             f"{'' if agreement is None else f'{agreement:.4f}'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, action="append", required=True, help="a BEIR-style folder (repeatable)")
    parser.add_argument("--cache-dir", type=Path, required=True, help="eval retrieval's cache (indexes and embeddings)")
    parser.add_argument("--modes", default="dense,hybrid")
    parser.add_argument("--limit-queries", type=int, default=None)
    parser.add_argument("--probes", default="", help="more numbers of probed lists to measure, e.g. 96,192")
    parser.add_argument("--output", type=Path, default=RESULTS / "compact_quality.json")
    args = parser.parse_args(argv)
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    results = []
    for dataset in args.dataset:
        probes = tuple(int(n) for n in args.probes.split(",") if n.strip())
        results.append(compare_set(dataset, args.cache_dir, args.limit_queries, args.modes.split(","), log, probes))
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
