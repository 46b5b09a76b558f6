"""Version groups on the archive, scored against a hand-checked sample of grouped pairs.

    python -m eval versions --index DIR [--sample eval/versions/pairs.jsonl] [--write-pairs FILE]

Recomputes the groups from the indexed documents' texts with today's indexer/versions.py (the
index is only read, so an index built by an older tracuu serves too), over the documents whose
files lie under the archive (``--archive``, default ../shared/data/lamdong-dossiers/files) or
in corpus/. Every pair of documents in one group is a *grouped pair*; the sample file holds
some of them, each named by its files (relative to the archive, or corpus/NAME) with the
verdict of someone who read both texts: ``same`` (versions of one document: drafts, finals,
copies in another format, a decision with the same charter attached) or ``different``, with the
kind (draft-final, format-copy, attached-copy, …) and the reason.

Reports: groups, grouped pairs, the sample's precision over its pairs still grouped (same /
judged), sample pairs no longer grouped, grouped pairs not in the sample; and the template
risk: candidate pairs above the similarity threshold kept apart by each guard (two units, two
filled-in numbers, subject evidence on both sides). ``--write-pairs`` writes every grouped pair
(names and similarity, no text) to check more of them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from pathlib import Path

from indexer import versions
from indexer.store.reader import open_reader

REPO = Path(__file__).resolve().parents[1]
ARCHIVE = REPO.parent / "shared" / "data" / "lamdong-dossiers" / "files"
DEFAULT_SAMPLE = REPO / "eval" / "versions" / "pairs.jsonl"
VERDICTS = ("same", "different")


def relative_name(path: str, archive: Path) -> str | None:
    """The file's name relative to the archive, or corpus/NAME; None for files elsewhere."""
    resolved = Path(path).resolve()
    for root, prefix in ((archive.resolve(), ""), ((REPO / "corpus").resolve(), "corpus/")):
        try:
            return prefix + resolved.relative_to(root).as_posix()
        except ValueError:
            continue
    return None


def load_documents(index: Path, archive: Path) -> tuple[dict[int, str], dict[int, versions.Signature], dict[int, str]]:
    """name by doc id (its first file inside the archive or corpus/), signatures, texts."""
    reader = open_reader(index)
    try:
        total, rows = reader.list_documents(limit=10 ** 9)
        names = {}
        for row in rows:
            inside = sorted(n for n in (relative_name(p, archive) for p in json.loads(row["paths"] or "[]")) if n)
            if inside:
                names[row["id"]] = inside[0]
        texts = reader.document_texts(sorted(names))
        fields = reader.documents(sorted(names))
    finally:
        reader.close()
    signatures = {doc_id: versions.signature_of(doc_id, texts[doc_id], fields[doc_id]["unit"], fields[doc_id]["number"],
                                                fields[doc_id]["date"], fields[doc_id]["title"]) for doc_id in names}
    return names, signatures, texts


def grouped_pairs(groups: dict[int, list[int]], names: dict[int, str]) -> set[tuple[str, str]]:
    return {tuple(sorted((names[a], names[b]))) for members in groups.values() for a, b in itertools.combinations(members, 2)}


def guard_counts(signatures: list[versions.Signature], texts: dict[int, str]) -> dict[str, int]:
    """Candidate pairs at or above the threshold, and how many each guard keeps apart."""
    counts = {"above_threshold": 0, "apart_by_unit": 0, "apart_by_number": 0, "apart_by_subject": 0, "grouped": 0}
    for i, j in versions.candidate_pairs(signatures):
        a, b = signatures[i], signatures[j]
        score = versions.similarity(a, b)
        if score < versions.JACCARD:
            continue
        counts["above_threshold"] += 1
        units = versions._unit_key(a.unit), versions._unit_key(b.unit)
        numbers = versions._number_key(a.number), versions._number_key(b.number)
        if all(units) and units[0] != units[1]:
            counts["apart_by_unit"] += 1
        elif all(numbers) and numbers[0] != numbers[1]:
            counts["apart_by_number"] += 1
        elif versions.different_subjects(texts[a.doc_id], texts[b.doc_id], a.title, b.title, score):
            counts["apart_by_subject"] += 1
        else:
            counts["grouped"] += 1
    return counts


def read_sample(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
        for name in ("a", "b", "verdict", "reason"):
            if not row.get(name):
                raise ValueError(f"{path}:{number}: field {name!r} is missing or empty")
        if row["verdict"] not in VERDICTS:
            raise ValueError(f"{path}:{number}: verdict must be one of {', '.join(VERDICTS)}, not {row['verdict']!r}")
        rows.append(row)
    return rows


def evaluate(index: Path, archive: Path, sample_path: Path | None) -> dict:
    names, by_id, texts = load_documents(index, archive)
    signatures = [by_id[i] for i in sorted(by_id)]
    groups = versions.group(signatures, texts.get)
    pairs = grouped_pairs(groups, names)
    similarity = {}
    ids = {name: doc_id for doc_id, name in names.items()}
    report = {"index": str(index), "parameters": versions.PARAMETERS, "documents": len(names), "groups": len(groups),
              "documents_grouped": sum(len(m) for m in groups.values()), "grouped_pairs": len(pairs),
              "guards": guard_counts(signatures, texts)}
    if sample_path:
        sample = read_sample(sample_path)
        judged = [row for row in sample if tuple(sorted((row["a"], row["b"]))) in pairs]
        same = sum(1 for row in judged if row["verdict"] == "same")
        for row in sample:
            if row["a"] in ids and row["b"] in ids:
                similarity[(row["a"], row["b"])] = versions.similarity(by_id[ids[row["a"]]], by_id[ids[row["b"]]])
        # A charter and the decision file that carries it in full are near-copies, not drafts of
        # each other: the strict figure counts such pairs ("kind": "attached-copy") as wrong.
        strict = sum(1 for row in judged if row["verdict"] == "same" and row.get("kind") != "attached-copy")
        report["sample"] = {
            "file": str(sample_path), "pairs": len(sample), "still_grouped": len(judged), "same": same,
            "precision": same / len(judged) if judged else None,
            "precision_without_attached_copies": strict / len(judged) if judged else None,
            "no_longer_grouped": [[row["a"], row["b"]] for row in sample if tuple(sorted((row["a"], row["b"]))) not in pairs],
            "wrong": [{"a": row["a"], "b": row["b"], "reason": row["reason"]} for row in judged if row["verdict"] != "same"],
            "unchecked_grouped_pairs": len(pairs - {tuple(sorted((row["a"], row["b"]))) for row in sample}),
        }
    report["_pairs"] = sorted(pairs)
    report["_similarity"] = {f"{a} | {b}": versions.similarity(by_id[ids[a]], by_id[ids[b]]) for a, b in pairs}
    return report


def main(argv: list[str] | None = None, prog: str = "python -m eval.versions") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="an index holding the archive (read only)")
    parser.add_argument("--archive", type=Path, default=ARCHIVE, help=f"the archive's folder (default {ARCHIVE})")
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE, help="hand-checked pairs (JSON Lines)")
    parser.add_argument("--write-pairs", type=Path, help="write every grouped pair here (names and similarity)")
    parser.add_argument("--draw", type=int, default=0, metavar="N",
                        help="with --write-pairs: write only N pairs drawn at random (seed 20261204), to check by hand")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    report = evaluate(args.index, args.archive, args.sample if args.sample and args.sample.exists() else None)
    pairs, similarity = report.pop("_pairs"), report.pop("_similarity")
    print(f"{report['documents']} documents of the archive and corpus/: {report['groups']} groups holding "
          f"{report['documents_grouped']} documents, {report['grouped_pairs']} grouped pairs ({report['parameters']})")
    g = report["guards"]
    print(f"candidate pairs at estimated Jaccard ≥ {versions.JACCARD}: {g['above_threshold']}; kept apart by unit "
          f"{g['apart_by_unit']}, by number {g['apart_by_number']}, by subject {g['apart_by_subject']}; grouped {g['grouped']}")
    if "sample" in report:
        s = report["sample"]
        precision = f"{s['precision']:.3f}" if s["precision"] is not None else "-"
        print(f"sample {s['file']}: {s['pairs']} pairs, {s['still_grouped']} still grouped, {s['same']} same: "
              f"precision {precision} ({s['precision_without_attached_copies']:.3f} counting a charter and the decision "
              f"file carrying it as different); {len(s['no_longer_grouped'])} no longer grouped; "
              f"{s['unchecked_grouped_pairs']} grouped pairs not in the sample")
        for wrong in s["wrong"]:
            print(f"  wrongly grouped: {wrong['a']} | {wrong['b']} ({wrong['reason']})")
    if args.write_pairs:
        chosen = pairs
        if args.draw:
            chosen = sorted(random.Random(20261204).sample(pairs, min(args.draw, len(pairs))))
        with args.write_pairs.open("w", encoding="utf-8") as out:
            for a, b in chosen:
                out.write(json.dumps({"a": a, "b": b, "similarity": round(similarity[f"{a} | {b}"], 3)}, ensure_ascii=False) + "\n")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
