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

import functools
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


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """The distinct 32-bit hashes of the text's runs of ``size`` words (uint64, sorted)."""
    tokens = words(text)
    blake = hashlib.blake2b
    digests = b"".join(blake(" ".join(tokens[i:i + size]).encode(), digest_size=4).digest()
                       for i in range(max(0, len(tokens) - size + 1)))
    return np.unique(np.frombuffer(digests, dtype="<u4")).astype(np.uint64)


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """The 32-bit hashes of the text's runs of ``size`` words."""
    return set(shingle_hashes(text, size).tolist())


_BLOCK = 256  # shingles per pass: 128 × 256 uint64 stay in the CPU cache (2.8× faster than one pass)


def minhash(hashes: Iterable[int] | np.ndarray) -> np.ndarray:
    """The signature: for each permutation (a·h + b) mod p, the smallest value over the shingles."""
    values = hashes if isinstance(hashes, np.ndarray) else np.fromiter(hashes, dtype=np.uint64)
    values = values.astype(np.uint64, copy=False)
    signature = _EMPTY.copy()
    for start in range(0, len(values), _BLOCK):
        block = _A * values[None, start:start + _BLOCK] + _B
        block %= np.uint64(_PRIME)
        np.minimum(signature, block.min(axis=1), out=signature)
    return signature


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
    hashes = shingle_hashes(text)
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


@dataclass(frozen=True)
class Subjects:
    """What the subject check reads of a text, computed once a document (a document is judged
    against each of its candidates: on the 1M-chunk bench index, thousands of times)."""
    counts: Counter
    codes: frozenset


def subjects(text: str | Subjects) -> Subjects:
    if isinstance(text, Subjects):
        return text
    return Subjects(_folded_counts(text), frozenset(c.upper() for c in _CODE.findall(match_form(text))))


def _subjects_of(text_of: Callable[[int], str]) -> Callable[[int], Subjects]:
    """``text_of`` read through a bounded cache of each document's Subjects."""
    return functools.lru_cache(maxsize=1024)(lambda doc_id: subjects(text_of(doc_id)))


def distinct_subjects(a_text: str | Subjects, b_text: str | Subjects, a_title: str | None = None, b_title: str | None = None
                      ) -> tuple[set[str], set[str]]:
    """What each of two alike texts has that the other lacks, as evidence that they are about
    different things: words of its title the other text never uses, words it uses at least
    twice that the other never does (compared without accents, so a corrected tone is no
    difference), document codes it cites that the other does not, and numbers of its title
    missing from the other's title. Two documents are different when *both* sides have some:
    a form copied for another association swaps one name for another ("Yoga" ↔ "Taekwondo"),
    a monthly cover note swaps "108/TTr-CAT-PC06 … tháng 8" for "206/TTr-CAT-PC06 … tháng 9";
    a final only adds (its number, its signer) to its draft."""
    a = a_text if isinstance(a_text, Subjects) else subjects(a_text)
    b = b_text if isinstance(b_text, Subjects) else subjects(b_text)
    a_counts, b_counts, a_codes, b_codes = a.counts, b.counts, a.codes, b.codes
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


def different_subjects(a_text: str | Subjects, b_text: str | Subjects, a_title: str | None = None, b_title: str | None = None,
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
    subjects_of = None if text_of is None else _subjects_of(text_of)
    for i, j in sorted(candidate_pairs(signatures)):  # in order: a document's pairs follow one another (the cache)
        a, b = signatures[i], signatures[j]
        score = judge(a, b, subjects_of, threshold, guards)
        if score is not None:
            found.append((min(a.doc_id, b.doc_id), max(a.doc_id, b.doc_id), score))
    return sorted(found)


def judge(a: Signature, b: Signature, text_of: Callable[[int], str | Subjects] | None = None, threshold: float = JACCARD,
          guards: bool = True) -> float | None:
    """The similarity of a proposed pair if it is a pair of versions, else None; ``text_of``
    gives a document's text or its Subjects."""
    score = similarity(a, b)
    if score < threshold:
        return None
    if guards and not compatible(a, b):
        return None
    if guards and text_of is not None and different_subjects(text_of(a.doc_id), text_of(b.doc_id), a.title, b.title, score):
        return None
    return score


def head_order(signature: Signature) -> tuple:
    """Sort key: the head first — newest date, then longest text, then the first indexed."""
    date = int(signature.date.replace("-", "").ljust(8, "0")) if signature.date else 0  # "2025-09" → 20250900
    return (-date, -signature.length, signature.doc_id)


def group(signatures: list[Signature], text_of: Callable[[int], str] | None = None, threshold: float = JACCARD
          ) -> dict[int, list[int]]:
    """Head doc id → its members (head first, then by head order), for groups of two or more."""
    by_id = {s.doc_id: s for s in signatures}
    return _ordered(_components(by_id, [(a, b) for a, b, _ in version_pairs(signatures, text_of, threshold)]), by_id)


def _components(nodes: Iterable[int], edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    parent = {node: node for node in nodes}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    components: dict[int, list[int]] = defaultdict(list)
    for node in parent:
        components[root(node)].append(node)
    return list(components.values())


def _ordered(components: list[list[int]], by_id: dict[int, Signature]) -> dict[int, list[int]]:
    groups = {}
    for members in components:
        if len(members) > 1:
            ordered = [s.doc_id for s in sorted((by_id[m] for m in members), key=head_order)]
            groups[ordered[0]] = ordered
    return groups


# What a stored signature was computed with: other values compute it again.
SIGNATURE = f"minhash{PERMUTATIONS}/shingle{SHINGLE}/seed20261204/1"
# Documents indexed before grouping began (an index grouped by no tracuu before, or signatures of
# another SIGNATURE) taken in per run, newest first: signing ≈ 6–10 ms each, judging their pairs
# more where near-copies abound, so a run spends tens of seconds on them and an old index is
# grouped over several runs; documents added since are always grouped in their own run.
BACKFILL = 2000
_ROWS = PERMUTATIONS // BANDS
_MIX = np.random.default_rng(20261205).integers(1, 1 << 63, _ROWS, dtype=np.uint64) | np.uint64(1)


def buckets(signature: Signature) -> list[int] | None:
    """The keys of its LSH bands in the catalog (band · 2^32 + a hash of the band's rows); None
    for a text too short to group. Equal bands have equal keys; a shared key is checked against
    the bands themselves, so a hash collision never proposes a pair."""
    if not signature.groupable:
        return None
    rows = signature.minhash.reshape(BANDS, _ROWS)
    with np.errstate(over="ignore"):
        mixed = (rows * _MIX[None, :]).sum(axis=1, dtype=np.uint64) >> np.uint64(32)
    return [(band << 32) | int(value) for band, value in enumerate(mixed.tolist())]


def share_band(a: Signature, b: Signature) -> bool:
    """Whether LSH proposes the pair: both groupable, one whole band equal."""
    return a.groupable and b.groupable and bool(
        (a.minhash == b.minhash).reshape(BANDS, _ROWS).all(axis=1).any())


def _signature_row(row) -> Signature:
    return Signature(row[0], np.frombuffer(row[1], dtype="<u8").astype(np.uint64), row[2], row[3], row[4], row[5],
                     row[7], row[6])


def _load(connection, doc_ids: Iterable[int]) -> dict[int, Signature]:
    ids = sorted(set(doc_ids))
    loaded: dict[int, Signature] = {}
    for start in range(0, len(ids), 5000):
        for row in cat.grouping_inputs(connection, ids[start:start + 5000], SIGNATURE):
            loaded[row[0]] = _signature_row(row)
    return loaded


def _sign(connection, doc_ids: list[int]) -> None:
    """Compute and store the signatures of those of ``doc_ids`` that lack a current one."""
    signed = set()
    for start in range(0, len(doc_ids), 5000):
        signed |= cat.signed_documents(connection, doc_ids[start:start + 5000], SIGNATURE)
    missing = [d for d in doc_ids if d not in signed]
    for start in range(0, len(missing), 200):
        batch = []
        for row in cat.signature_inputs(connection, missing[start:start + 200]):
            hashes = shingle_hashes(row[1])
            batch.append((row[0], minhash(hashes).astype("<u8").tobytes(), len(hashes)))
        with cat.transaction(connection):
            cat.store_signatures(connection, batch, SIGNATURE)


@dataclass
class SyncReport:
    taken_in: int = 0  # documents grouped (or found too short to group) by this run
    let_go: int = 0  # deleted documents the grouping forgot
    regrouped: int = 0  # groups rewritten
    waiting: int = 0  # documents indexed before grouping began, left for later runs


def sync(connection, backfill: int | None = BACKFILL) -> SyncReport:
    """Bring the catalog's version groups up to date (the end of every index run, and after
    deletions), touching only what changed: documents not yet taken in are signed, proposed
    pairs through their bands' buckets (a lookup per band, not LSH over every signature), and
    only the groups they join are rewritten; a deleted document's group is regrouped among its
    remaining members. The result equals ``group`` over every document taken in (the pair
    relation looks at two documents only, and groups are its connected components). Other
    PARAMETERS start the grouping afresh; another SIGNATURE too, as for an old index.
    ``backfill``: how many documents indexed before grouping began are taken in this run (None: all)."""
    parameters = f"{PARAMETERS}|{SIGNATURE}"
    stored = cat.version_state(connection, "grouping")
    if stored != parameters:
        with cat.transaction(connection):
            cat.reset_versions(connection)
            if stored is not None and stored.split("|", 1)[-1] != SIGNATURE:  # every signature is to compute again
                cat.set_version_state(connection, "backfill_below", str(cat.corpus_top(connection) + 1))
            cat.set_version_state(connection, "grouping", parameters)
    gone = [(doc_id, None if blob is None else _signature_row((doc_id, blob, count, None, None, None, None, 0)), group_id)
            for doc_id, blob, count, group_id in cat.documents_gone(connection)]
    pending = cat.documents_not_taken(connection)  # newest first
    below = int(cat.version_state(connection, "backfill_below") or 0)
    older = [d for d in pending if d < below]  # newest first
    backfilled = older if backfill is None else older[:backfill]
    take = [d for d in pending if d >= below] + backfilled
    report = SyncReport(waiting=len(older) - len(backfilled))
    if not gone and not take:
        return report
    _sign(connection, take)
    new = _load(connection, take)
    text_of = _subjects_of(lambda doc_id: cat.document_text(connection, doc_id))
    let_go = {row[0] for row in gone}
    edges = [(a, b) for a, b, _score in version_pairs(list(new.values()), text_of)]
    # pairs with the documents already taken in, through the catalog's buckets
    keys = {signature.doc_id: buckets(signature) for signature in new.values()}
    by_bucket: dict[int, list[int]] = defaultdict(list)
    for doc_id, doc_keys in keys.items():
        for key in doc_keys or ():
            by_bucket[key].append(doc_id)
    proposed: set[tuple[int, int]] = set()
    bucket_list = list(by_bucket)
    for start in range(0, len(bucket_list), 5000):
        for key, other in cat.bucket_members(connection, bucket_list[start:start + 5000]):
            if other not in let_go:
                proposed.update((doc_id, other) for doc_id in by_bucket[key])
    known = _load(connection, {other for _, other in proposed})
    for doc_id, other in sorted(proposed):
        a, b = new[doc_id], known.get(other)
        if b is not None and share_band(a, b) and judge(a, b, text_of) is not None:
            edges.append((doc_id, other))
    # the groups touched: those losing a member (regrouped among the rest), those gaining one (kept whole)
    losing = {row[2] for row in gone if row[2] is not None}
    gaining = set(cat.groups_of(connection, {b for _, b in edges if b in known}).values())
    members = cat.group_members(connection, losing | gaining)
    nodes = set(new) | {b for _, b in edges}
    for group_id, ids in members.items():
        ids = [i for i in ids if i not in let_go]
        nodes.update(ids)
        if group_id in losing:
            edges += [(a, b) for a, b, _score in version_pairs(list(_load(connection, ids).values()), text_of)]
        else:
            edges += [(ids[0], other) for other in ids[1:]]
    everyone = {**_load(connection, nodes - set(new)), **new}
    groups = _ordered(_components(everyone, [(a, b) for a, b in edges if a in everyone and b in everyone]), everyone)
    with cat.transaction(connection):
        cat.update_version_groups(connection, losing | gaining, list(groups.values()),
                                  [(doc_id, keys.get(doc_id)) for doc_id in take],
                                  [(doc_id, None if signature is None else buckets(signature)) for doc_id, signature, _ in gone])
    report.taken_in, report.let_go, report.regrouped = len(take), len(let_go), len(groups)
    return report
