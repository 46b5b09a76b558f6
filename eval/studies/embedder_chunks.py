"""Real chunks for the embedder benchmark: lamdong-dossiers documents through the real
extractor and chunker, cached as JSON Lines in eval/results/ (git-ignored).

    python -m eval.studies.embedder_chunks [--count 1000]

Documents are taken in manifest order, DOCX and text-layer PDF first (LibreOffice .doc
conversion costs ~1 s a file), then the rest, and at most ``PER_DOCUMENT`` chunks from each,
so no single long charter dominates. The text kept is what the index embeds
(``Chunk.indexed_text``: title › section path, then the chunk)."""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from eval.common import RESULTS, SHARED_DATA

DOSSIERS = SHARED_DATA / "lamdong-dossiers"
CACHE = RESULTS / "embedder_chunks.jsonl"
PER_DOCUMENT = 25
_FAST_FORMATS = ("docx", "pdf")


def dossier_files() -> list[Path]:
    manifest = DOSSIERS / "manifest.tsv"
    if not manifest.is_file():
        raise SystemExit(f"{DOSSIERS} is missing: the embedder benchmark reads the lamdong-dossiers set beside the repository")
    with open(manifest, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    fast = [r["path"] for r in rows if r["format"] in _FAST_FORMATS and r.get("text_layer") != "no"]
    slow = [r["path"] for r in rows if r["path"] not in set(fast)]
    return [DOSSIERS / p for p in fast + slow]


def make_chunks(count: int) -> list[str]:
    from indexer.extraction.batch import extract_many
    from indexer.chunking import chunk_document

    texts: list[str] = []
    seen: set[str] = set()
    files = dossier_files()
    for start in range(0, len(files), 16):
        batch = files[start : start + 16]
        results = {r.path: r.outcome for r in extract_many(batch, jobs=2, timeout_s=120)}
        for path in batch:  # manifest order, not completion order: the same chunks every run
            outcome = results.get(path)
            if outcome is None or not hasattr(outcome, "sections"):
                continue
            taken = 0
            for chunk in chunk_document(outcome):
                text = chunk.indexed_text
                if text in seen or len(text.split()) < 8:
                    continue
                seen.add(text)
                texts.append(text)
                taken += 1
                if taken >= PER_DOCUMENT or len(texts) >= count:
                    break
            if len(texts) >= count:
                return texts
    return texts


def load_chunks(count: int = 1000) -> list[str]:
    """``count`` real chunk texts, from the cache when it holds enough."""
    if CACHE.is_file():
        cached = [json.loads(line)["text"] for line in CACHE.read_text(encoding="utf-8").splitlines()]
        if len(cached) >= count:
            return cached[:count]
    texts = make_chunks(count)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    tmp = CACHE.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    tmp.replace(CACHE)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    texts = load_chunks(args.count)
    print(f"{len(texts)} chunks in {CACHE} (mean {sum(len(t.split()) for t in texts) / len(texts):.0f} words)")


if __name__ == "__main__":
    main()
