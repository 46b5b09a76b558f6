"""Versions of one document: drafts, finals and near-copies found by their text, at index time.

A document's words (``match_form``, lower case, syllables and numbers) are cut into shingles of
``SHINGLE`` consecutive words; its signature is the MinHash of that set under ``PERMUTATIONS``
hash functions. Two documents are versions of each other when

- their shingle sets are close: estimated Jaccard ≥ ``JACCARD`` (LSH bands propose the pairs,
  the full signatures decide), and
- what sets one report apart from another of the same template agrees: their issuing units
  (when both are read) and their numbers (when both are filled in).

Groups are the connected components of that relation, each headed by its newest member (by
document date), then the most complete (longest text), then the earliest indexed. Thresholds
and the guards were chosen on the archive (docs/decisions.md, eval/versions/).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from indexer.extraction.vietnamese.normalize import fold_accents, match_form
from indexer.store import catalog as cat

SHINGLE = 5
PERMUTATIONS = 128
BANDS = 32  # of PERMUTATIONS // BANDS rows: a pair at Jaccard 0.7 meets in a band with p ≈ 0.9999
JACCARD = 0.75
STRONG = 0.9  # above it, two pieces of evidence a side are needed to keep alike texts apart
MIN_SHINGLES = 20  # shorter texts (a cover page, a blank form) are never grouped
# What a stored grouping was computed with: another value regroups the whole index.
PARAMETERS = f"minhash{PERMUTATIONS}/shingle{SHINGLE}/jaccard{JACCARD}/strong{STRONG}/bands{BANDS}/guards/1"

_WORD = re.compile(r"[^\W_]+")
_PRIME = 4294967311  # the first prime above 2^32: a·h + b stays below 2^64 for 32-bit a, h, b
_rng = np.random.default_rng(20261204)
_A = _rng.integers(1, 1 << 32, PERMUTATIONS, dtype=np.uint64)[:, None]
_B = _rng.integers(0, 1 << 32, PERMUTATIONS, dtype=np.uint64)[:, None]
_EMPTY = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)


def words(text: str) -> list[str]:
    return _WORD.findall(match_form(text).lower())


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """The 32-bit hashes of the text's runs of ``size`` words."""
    tokens = words(text)
    return {int.from_bytes(hashlib.blake2b(" ".join(tokens[i:i + size]).encode(), digest_size=4).digest(), "little")
            for i in range(max(0, len(tokens) - size + 1))}


def minhash(hashes: Iterable[int]) -> np.ndarray:
    """The signature: for each permutation (a·h + b) mod p, the smallest value over the shingles."""
    values = np.fromiter(hashes, dtype=np.uint64)
    if not len(values):
        return _EMPTY.copy()
    return ((_A * values[None, :] + _B) % np.uint64(_PRIME)).min(axis=1)


@dataclass
class Signature:
    """What grouping needs to know of one document."""
    doc_id: int
    minhash: np.ndarray
    shingles: int  # how many distinct shingles (0: too short to group)
    unit: str | None
    number: str | None
    date: str | None
    length: int  # characters of text
    title: str | None = None

    @property
    def groupable(self) -> bool:
        return self.shingles >= MIN_SHINGLES


def signature_of(doc_id: int, text: str, unit: str | None = None, number: str | None = None, date: str | None = None,
                 title: str | None = None) -> Signature:
    hashes = shingles(text)
    return Signature(doc_id, minhash(hashes), len(hashes), unit, number, date, len(text), title)


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard of the two shingle sets."""
    return float(np.count_nonzero(a.minhash == b.minhash)) / PERMUTATIONS


def _unit_key(unit: str | None) -> str | None:
    return " ".join(_WORD.findall(fold_accents(unicodedata.normalize("NFC", unit)).lower())) if unit else None


_NUMBER_DIGITS = re.compile(r"\d+")


def _number_key(number: str | None) -> str | None:
    """The digits before the first slash: "228/BC-SNV" → "228"; a blank "/BC-SNV" → None."""
    if not number:
        return None
    head = number.split("/", 1)[0]
    digits = _NUMBER_DIGITS.findall(head)
    return digits[0].lstrip("0") or "0" if digits else None


def compatible(a: Signature, b: Signature) -> bool:
    """The metadata guards: different issuing units, or two different filled-in numbers, make
    two reports of one template distinct documents however alike their text."""
    units = _unit_key(a.unit), _unit_key(b.unit)
    if all(units) and units[0] != units[1]:
        return False
    numbers = _number_key(a.number), _number_key(b.number)
    if all(numbers) and numbers[0] != numbers[1]:
        return False
    return True


def candidate_pairs(signatures: list[Signature]) -> set[tuple[int, int]]:
    """Pairs of positions that share a whole LSH band."""
    rows = PERMUTATIONS // BANDS
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        for position, signature in enumerate(signatures):
            if signature.groupable:
                buckets[signature.minhash[band * rows:(band + 1) * rows].tobytes()].append(position)
        for members in buckets.values():
            for i, first in enumerate(members):
                for second in members[i + 1:]:
                    pairs.add((first, second))
    return pairs


_CODE = re.compile(r"\b\d+[/-][^\W\d_][\w/-]*\w")


def _folded_counts(text: str) -> Counter:
    """Words without accents, in lower case; a capitalised word ("Dương" of "Hải Dương", not
    "dương" of "tuyên dương", nor a heading in capitals) also counts as itself marked "^": a
    place is often spelt with common syllables."""
    tokens = _WORD.findall(match_form(text))
    folded = [fold_accents(w).lower() for w in tokens]
    names = (f"^{f}" for w, f in zip(tokens, folded) if w[:1].isupper() and not w.isupper())
    return Counter(folded) + Counter(names)


def _names(counts: Counter, other: Counter, least: int) -> set[str]:
    return {w for w, n in counts.items() if n >= least and w not in other and len(w) > 1
            and not any(part.isdigit() for part in w.split())}


def distinct_subjects(a_text: str, b_text: str, a_title: str | None = None, b_title: str | None = None
                      ) -> tuple[set[str], set[str]]:
    """What each of two alike texts has that the other lacks, as evidence that they are about
    different things: words of its title the other text never uses, words it uses at least
    twice that the other never does (compared without accents, so a corrected tone is no
    difference), document codes it cites that the other does not, and numbers of its title
    missing from the other's title. Two documents are different when *both* sides have some:
    a form copied for another association swaps one name for another ("Yoga" ↔ "Taekwondo"),
    a monthly cover note swaps "108/TTr-CAT-PC06 … tháng 8" for "206/TTr-CAT-PC06 … tháng 9";
    a final only adds (its number, its signer) to its draft."""
    a_counts, b_counts = _folded_counts(a_text), _folded_counts(b_text)
    a_codes = {c.upper() for c in _CODE.findall(match_form(a_text))}
    b_codes = {c.upper() for c in _CODE.findall(match_form(b_text))}
    sides = []
    for title, counts, other, codes, other_codes, other_title in (
            (a_title, a_counts, b_counts, a_codes, b_codes, b_title),
            (b_title, b_counts, a_counts, b_codes, a_codes, a_title)):
        evidence = _names(counts, other, 2) | {f"code {c}" for c in codes - other_codes}
        if title:
            evidence |= _names(_folded_counts(title), other, 1)
            if other_title:
                numbers = {w for w in words(title) if w.isdigit()} - {w for w in words(other_title) if w.isdigit()}
                evidence |= {f"title number {n}" for n in numbers}
        sides.append(evidence)
    return sides[0], sides[1]


def different_subjects(a_text: str, b_text: str, a_title: str | None = None, b_title: str | None = None,
                       similarity: float = 0.0) -> bool:
    """Both sides have evidence of their own subject; texts alike above ``STRONG`` need two
    pieces a side (a draft and its final share so much that one stray word each is noise: a
    signer's name added, a misspelling fixed)."""
    a_side, b_side = distinct_subjects(a_text, b_text, a_title, b_title)
    least = 2 if similarity >= STRONG else 1
    return len(a_side) >= least and len(b_side) >= least


def version_pairs(signatures: list[Signature], text_of: Callable[[int], str] | None = None,
                  threshold: float = JACCARD, guards: bool = True) -> list[tuple[int, int, float]]:
    """(doc id, doc id, similarity) of every pair judged versions of each other; ``text_of``
    gives a document's text for the subject check (None: no subject check)."""
    found = []
    for i, j in candidate_pairs(signatures):
        a, b = signatures[i], signatures[j]
        score = similarity(a, b)
        if score < threshold:
            continue
        if guards and not compatible(a, b):
            continue
        if guards and text_of is not None and different_subjects(text_of(a.doc_id), text_of(b.doc_id), a.title, b.title, score):
            continue
        found.append((min(a.doc_id, b.doc_id), max(a.doc_id, b.doc_id), score))
    return sorted(found)


def head_order(signature: Signature) -> tuple:
    """Sort key: the head first — newest date, then longest text, then the first indexed."""
    date = int(signature.date.replace("-", "").ljust(8, "0")) if signature.date else 0  # "2025-09" → 20250900
    return (-date, -signature.length, signature.doc_id)


def group(signatures: list[Signature], text_of: Callable[[int], str] | None = None, threshold: float = JACCARD
          ) -> dict[int, list[int]]:
    """Head doc id → its members (head first, then by head order), for groups of two or more."""
    parent = {s.doc_id: s.doc_id for s in signatures}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _score in version_pairs(signatures, text_of, threshold):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    components: dict[int, list[Signature]] = defaultdict(list)
    by_id = {s.doc_id: s for s in signatures}
    for doc_id in parent:
        components[root(doc_id)].append(by_id[doc_id])
    groups = {}
    for members in components.values():
        if len(members) > 1:
            ordered = [s.doc_id for s in sorted(members, key=head_order)]
            groups[ordered[0]] = ordered
    return groups


# What a stored signature was computed with: other values compute it again.
SIGNATURE = f"minhash{PERMUTATIONS}/shingle{SHINGLE}/seed20261204/1"


def sync(connection) -> int:
    """Bring the catalog's version groups up to date (the end of every index run, and after
    deletions): signatures for documents that lack one, then — when documents were added or
    removed, or the parameters changed — the whole grouping again, in one transaction.
    Returns how many documents are in groups (-1: nothing to do)."""
    missing = cat.documents_without_signature(connection, SIGNATURE)
    for start in range(0, len(missing), 200):
        batch = []
        for row in cat.signature_inputs(connection, missing[start:start + 200]):
            hashes = shingles(row[1])
            batch.append((row[0], minhash(hashes).astype("<u8").tobytes(), len(hashes)))
        with cat.transaction(connection):
            cat.store_signatures(connection, batch, SIGNATURE)
    state = f"{PARAMETERS}|{cat.corpus_state(connection)}"
    if not missing and cat.version_state(connection) == state:
        return -1
    signatures = [Signature(row[0], np.frombuffer(row[1], dtype="<u8").astype(np.uint64), row[2], row[3], row[4], row[5],
                            row[7], row[6]) for row in cat.grouping_inputs(connection, SIGNATURE)]
    texts: dict[int, str] = {}

    def text_of(doc_id: int) -> str:
        if doc_id not in texts:
            if len(texts) > 256:  # a bounded cache: candidate pairs revisit a few documents
                texts.clear()
            texts[doc_id] = cat.document_text(connection, doc_id)
        return texts[doc_id]

    groups = group(signatures, text_of)
    with cat.transaction(connection):
        cat.replace_version_groups(connection, list(groups.values()), state)
    return sum(len(members) for members in groups.values())
