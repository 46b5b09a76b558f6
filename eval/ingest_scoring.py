"""Text-accuracy scores for the ingestion benchmark, as the viparse-corpus defines them.

Both texts are NFC-normalised and whitespace is collapsed to single spaces, then:

- char: characters matched by a difflib alignment (autojunk off) / len(expected);
- diacritic: among expected characters carrying a Vietnamese diacritic (a combining mark
  under NFD, or đ/Đ), the share recovered exactly once both texts are aligned on their
  base letters (marks stripped); an unaligned diacritic character counts as wrong;
- syllable: share of expected whitespace tokens matched by difflib on the token lists.

Long texts are aligned anchored on whitespace tokens first (``align``).
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple, Sequence

# Above this len(a) * len(b) plain difflib gets slow: ~0.15 s at 4k x 4k chars, ~2 s at 10k x 10k.
NAIVE_LIMIT = 16_000_000
# Window length (expected side) for gaps that have no common token at all.
WINDOW = 2_000

_TOKEN = re.compile(r"\S+")


class Block(NamedTuple):
    """A run of ``size`` equal items starting at ``a[i]`` and ``b[j]``."""

    i: int
    j: int
    size: int


def normalize(text: str) -> str:
    """NFC, with every run of whitespace collapsed to one space and the ends trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=None)
def base_char(ch: str) -> str:
    """The letter without its marks: 'ế' -> 'e', 'đ' -> 'd'. Always one character."""
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


@lru_cache(maxsize=None)
def has_diacritic(ch: str) -> bool:
    if ch in "đĐ":
        return True
    return any(unicodedata.combining(mark) for mark in unicodedata.normalize("NFD", ch))


def strip_marks(text: str) -> str:
    """Same length as ``text``, so positions carry over between the two."""
    return "".join(map(base_char, text))


def _difflib_blocks(a: Sequence, b: Sequence, i0: int = 0, j0: int = 0) -> list[Block]:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [Block(i0 + i, j0 + j, n) for i, j, n in matcher.get_matching_blocks() if n]


def _windowed_blocks(a: str, b: str, i0: int, j0: int) -> list[Block]:
    """Align two long strings with no anchor by cutting both into proportional windows."""
    count = -(-len(a) // WINDOW)
    blocks: list[Block] = []
    for k in range(count):
        ai, aj = k * len(a) // count, (k + 1) * len(a) // count
        bi, bj = k * len(b) // count, (k + 1) * len(b) // count
        blocks += _difflib_blocks(a[ai:aj], b[bi:bj], i0 + ai, j0 + bi)
    return blocks


def _align_gap(a: str, b: str, i0: int, j0: int) -> list[Block]:
    if not a or not b:
        return []
    if len(a) * len(b) <= NAIVE_LIMIT:
        return _difflib_blocks(a, b, i0, j0)
    return _windowed_blocks(a, b, i0, j0)


def _token_anchored_blocks(a: str, b: str) -> list[Block]:
    spans_a = [m.span() for m in _TOKEN.finditer(a)]
    spans_b = [m.span() for m in _TOKEN.finditer(b)]
    tokens_a = [a[s:e] for s, e in spans_a]
    tokens_b = [b[s:e] for s, e in spans_b]
    blocks: list[Block] = []
    done_a = done_b = 0
    for run in _difflib_blocks(tokens_a, tokens_b) + [None]:
        if run is None:
            start_a, start_b = len(a), len(b)
        else:
            start_a, start_b = spans_a[run.i][0], spans_b[run.j][0]
        blocks += _align_gap(a[done_a:start_a], b[done_b:start_b], done_a, done_b)
        if run is None:
            break
        done_a = spans_a[run.i + run.size - 1][1]
        done_b = spans_b[run.j + run.size - 1][1]
        blocks.append(Block(start_a, start_b, done_a - start_a))
    return blocks


def align(a: str, b: str, naive: bool = False) -> list[Block]:
    """Character matching blocks of ``a`` against ``b``, in order and non-overlapping.

    difflib's character alignment is roughly quadratic on long texts, so it runs directly only
    when the two strings are small. Longer pairs are first aligned on whitespace tokens; the
    matched token runs are taken as character matches and only the gaps between them are aligned
    character by character. A gap that is still too long (a region where no token survived, e.g.
    text left in a legacy encoding) is cut into proportional windows aligned one by one. Difflib
    itself anchors on the longest common run and recurses on both sides, so the result is the
    same or nearly the same; ``python -m eval ingest --check-alignment N`` compares the two."""
    if naive or len(a) * len(b) <= NAIVE_LIMIT:
        return _difflib_blocks(a, b)
    return _token_anchored_blocks(a, b)


def char_accuracy(expected: str, got: str, naive: bool = False) -> float:
    if not expected:
        return 1.0 if not got else 0.0
    return sum(block.size for block in align(expected, got, naive)) / len(expected)


def diacritic_accuracy(expected: str, got: str, naive: bool = False) -> float:
    """1.0 when the expected text has no diacritic at all (nothing to recover)."""
    marked = [i for i, ch in enumerate(expected) if has_diacritic(ch)]
    if not marked:
        return 1.0
    recovered = 0
    for i, j, size in align(strip_marks(expected), strip_marks(got), naive):
        recovered += sum(
            1 for k in range(size) if has_diacritic(expected[i + k]) and expected[i + k] == got[j + k]
        )
    return recovered / len(marked)


def syllable_accuracy(expected: str, got: str) -> float:
    tokens = expected.split(" ") if expected else []
    if not tokens:
        return 1.0 if not got else 0.0
    found = got.split(" ") if got else []
    return sum(block.size for block in _difflib_blocks(tokens, found)) / len(tokens)


def score(expected: str, got: str, naive: bool = False) -> dict[str, float]:
    """All three accuracies of ``got`` against ``expected`` (raw texts; normalised here)."""
    expected, got = normalize(expected), normalize(got)
    return {
        "char": char_accuracy(expected, got, naive),
        "diacritic": diacritic_accuracy(expected, got, naive),
        "syllable": syllable_accuracy(expected, got),
    }


FAILED = {"char": 0.0, "diacritic": 0.0, "syllable": 0.0}
