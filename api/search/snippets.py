"""Snippets: the window of a chunk with the most query words, and where they are in it.

Matching is accent- and case-insensitive on whole syllables (the folded text has the same
length as the original NFC text, so offsets carry over).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.vietnamese.normalize import fold_accents

_WORD = re.compile(r"[^\W_]+")
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
        best, best_count = 0, -1
        for i, (s, _e) in enumerate(matches):
            inside = {folded[a:b] for a, b in matches[i:] if b <= s + width}
            if len(inside) > best_count:
                best, best_count = s, len(inside)
        start = max(0, best - width // 5)
    end = min(len(text), start + width)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    spans = [(s, e) for s, e in matches if s >= start and e <= end]
    return _flatten(text, start, end, spans, start > 0, end < len(text))


def _flatten(text: str, start: int, end: int, spans: list[tuple[int, int]], cut_left: bool, cut_right: bool) -> Snippet:
    """text[start:end] on one line (whitespace runs → one space), with spans moved along."""
    out: list[str] = ["…"] if cut_left else []
    position = {}  # original offset → offset in the snippet
    length = len(out[0]) if out else 0
    previous_space = True
    for i in range(start, end):
        position[i] = length
        if text[i].isspace():
            if previous_space:
                continue
            out.append(" ")
            previous_space = True
        else:
            out.append(text[i])
            previous_space = False
        length += 1
    position[end] = length
    body = "".join(out).rstrip()
    moved = [(position[s], position[e]) for s, e in spans]
    return Snippet(body + ("…" if cut_right else ""), moved)
