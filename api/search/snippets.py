"""Snippets: the window of a chunk with the most query words, and where they are in it.

Matching is accent- and case-insensitive on whole syllables (the folded text has the same
length as the original NFC text, so offsets carry over).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from indexer.vietnamese.normalize import fold_accents

_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")
SNIPPET_CHARS = 260


@dataclass
class Snippet:
    text: str
    highlights: list[tuple[int, int]]  # [start, end) offsets in ``text``


def find_matches(text: str, words: list[str], folded: str | None = None) -> list[tuple[int, int]]:
    wanted = set(words)
    folded = folded if folded is not None else fold_accents(text).lower()
    if len(folded) != len(text):  # not NFC: fall back to no highlighting rather than wrong offsets
        return []
    return [m.span() for m in _WORD.finditer(folded) if m.group(0) in wanted]


def make_snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> Snippet:
    folded = fold_accents(text).lower()
    matches = find_matches(text, words, folded)
    if len(text) <= width:
        return _flatten(text, 0, len(text), matches, False, False)
    start = 0
    if matches:
        start = max(0, _densest_window(matches, folded, width) - width // 5)
    end = min(len(text), start + width)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    spans = [(s, e) for s, e in matches if s >= start and e <= end]
    return _flatten(text, start, end, spans, start > 0, end < len(text))


def _densest_window(matches: list[tuple[int, int]], folded: str, width: int) -> int:
    """The start of the first match whose ``width`` characters hold the most distinct query
    words (matches are in order and do not overlap: one pass with two ends)."""
    best, best_count = matches[0][0], -1
    inside: Counter[str] = Counter()
    j = 0
    for i, (s, _e) in enumerate(matches):
        j = max(j, i)
        while j < len(matches) and matches[j][1] <= s + width:
            inside[folded[matches[j][0]:matches[j][1]]] += 1
            j += 1
        if len(inside) > best_count:
            best, best_count = s, len(inside)
        if j > i:  # match i leaves the window
            word = folded[s:matches[i][1]]
            inside[word] -= 1
            if not inside[word]:
                del inside[word]
    return best


def _flatten(text: str, start: int, end: int, spans: list[tuple[int, int]], cut_left: bool, cut_right: bool) -> Snippet:
    """text[start:end] on one line (whitespace runs → one space, none at the start or end),
    with spans moved along."""
    segment = text[start:end]
    prefix = "…" if cut_left else ""
    run_ends: list[int] = []  # where each whitespace run ends, in the segment
    removed: list[int] = []  # characters dropped up to that end
    dropped = 0
    for run in _SPACE.finditer(segment):
        dropped += run.end() - run.start() - (0 if run.start() == 0 else 1)
        run_ends.append(run.end())
        removed.append(dropped)
    body = _SPACE.sub(" ", segment)
    body = (body[1:] if segment[:1].isspace() else body).rstrip()

    def moved(offset: int) -> int:
        relative = offset - start
        runs_before = bisect_right(run_ends, relative)
        return len(prefix) + relative - (removed[runs_before - 1] if runs_before else 0)

    return Snippet(prefix + body + ("…" if cut_right else ""), [(moved(s), moved(e)) for s, e in spans])
