"""Snippets: the window of a chunk with the most query words, and where they are in it.

Matching is accent- and case-insensitive on whole syllables (the folded text has the same
length as the original NFC text, so offsets carry over).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from indexer.extraction.vietnamese.normalize import fold_for_matching

_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")
SNIPPET_CHARS = 260


@dataclass
class Snippet:
    text: str
    highlights: list[tuple[int, int]]  # [start, end) offsets in ``text``


def _matches(text: str, words: list[str], folded: str | None = None) -> list[tuple[int, int, int]]:
    """(start, end, which word) of every whole syllable of ``text`` that is one of ``words``."""
    folded = folded if folded is not None else fold_for_matching(text)
    if len(folded) != len(text):  # not NFC: no highlighting rather than wrong offsets
        return []
    index = {word: i for i, word in enumerate(dict.fromkeys(words))}
    return [(m.start(), m.end(), index[word]) for m in _WORD.finditer(folded) if (word := m.group(0)) in index]


def make_snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> Snippet:
    folded = fold_for_matching(text)
    matches = _matches(text, words, folded)
    spans = [(s, e) for s, e, _ in matches]
    if len(text) <= width:
        return _flatten(text, 0, len(text), spans, False, False)
    start = 0
    if matches:
        start = max(0, _densest_window(matches, width) - width // 5)
    end = min(len(text), start + width)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    inside = [(s, e) for s, e in spans if s >= start and e <= end]
    return _flatten(text, start, end, inside, start > 0, end < len(text))


def _densest_window(matches: list[tuple[int, int, int]], width: int) -> int:
    """The start of the first match whose ``width`` characters hold the most distinct query
    words (matches are in order and do not overlap: one pass with two ends)."""
    best, best_count = matches[0][0], -1
    counts = [0] * (max(word for _, _, word in matches) + 1)
    distinct = j = 0
    for i, (s, _e, word) in enumerate(matches):
        j = max(j, i)
        while j < len(matches) and matches[j][1] <= s + width:
            entering = matches[j][2]
            distinct += counts[entering] == 0
            counts[entering] += 1
            j += 1
        if distinct > best_count:
            best, best_count = s, distinct
        if j > i:  # match i leaves the window
            counts[word] -= 1
            distinct -= counts[word] == 0
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
