"""Section-aware chunks: every chunk lies inside the one section it is attributed to; long
sections are split at sentence boundaries with overlap. Sizes are in syllables (letter runs),
Vietnamese's natural unit.

A section that fits in one chunk is one chunk. A larger one is cut along its children:
consecutive small children (and the section's own lead-in, often just its heading) are
packed together up to the size and attributed to the section; a child too large is cut the
same way, recursively; own text too large is cut into sentence windows with overlap. So
"Điều 7." with its clauses 1., 2., 3. is one chunk, not four one-line fragments, and no
chunk crosses the boundary of the section it cites. Every word is in some chunk.
The text indexed and embedded is ``context + text`` (document title and section path first);
the text shown is the original ``text``, whose span in the document is [start, end).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extraction.model import ExtractedDocument, Section

DEFAULT_CHUNK_SYLLABLES = 160
DEFAULT_OVERLAP_SYLLABLES = 32
DEFAULT_WINDOW_SYLLABLES = 32  # sentence windows embedded beside each chunk (indexer/store/vectors.py)
CONTEXT_TITLE_SYLLABLES = 20
CONTEXT_HEADING_SYLLABLES = 12
_SYLLABLE = re.compile(r"[^\W_]+")
# A sentence ends at . ! ? ; or a line break; abbreviations such as "TP." are rare enough in
# these reports that an early cut only shortens one chunk.
_SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+|\n+")
_NUMBERING = re.compile(r"[\dIVXivxa-zđ]{1,4}(?:\.\d{1,2})*[.)]")


@dataclass
class Chunk:
    ordinal: int  # position in the document
    section_index: int | None  # index into ExtractedDocument.sections; None before any section
    section_path: list[str]
    start: int
    end: int
    page_start: int | None
    page_end: int | None
    text: str
    context: str

    @property
    def indexed_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text


@dataclass
class _Node:
    index: int | None  # into document.sections; None for the whole document
    start: int
    end: int
    children: list["_Node"]


def _tree(document: ExtractedDocument) -> _Node:
    root = _Node(None, 0, len(document.text), [])
    stack = [root]
    for index, section in sorted(enumerate(document.sections), key=lambda item: (item[1].start, -item[1].end)):
        while len(stack) > 1 and not (stack[-1].start <= section.start and section.end <= stack[-1].end):
            stack.pop()
        node = _Node(index, section.start, section.end, [])
        stack[-1].children.append(node)
        stack.append(node)
    return root


def _items(node: _Node, text: str) -> list[tuple[int, int, _Node | None]]:
    """The node's children in order, with the node's own text between them as (start, end, None)."""
    items, cursor = [], node.start
    for child in node.children:
        if text[cursor:child.start].strip():
            items.append((cursor, child.start, None))
        items.append((child.start, child.end, child))
        cursor = max(cursor, child.end)
    if text[cursor:node.end].strip():
        items.append((cursor, node.end, None))
    return items


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _spans(node: _Node, text: str, size: int, overlap: int) -> list[tuple[int | None, int, int]]:
    """(section index, start, end) chunks for a section: the whole section when it fits;
    otherwise consecutive children and lead-in text packed up to ``size`` (a pack of several is
    attributed to this section), big children recursively, long own text in sentence windows."""
    if _syllables(text[node.start:node.end]) <= size:
        return [(node.index, *_trim(text, node.start, node.end))] if text[node.start:node.end].strip() else []
    out: list[tuple[int | None, int, int]] = []
    group: list[tuple[int, int, _Node | None]] = []
    weight = 0

    def flush() -> None:
        nonlocal group, weight
        if group:
            owner = group[0][2].index if len(group) == 1 and group[0][2] is not None else node.index
            out.append((owner, *_trim(text, group[0][0], group[-1][1])))
        group, weight = [], 0

    for start, end, child in _items(node, text):
        count = _syllables(text[start:end])
        if count > size:
            flush()
            if child is not None:
                out.extend(_spans(child, text, size, overlap))
            else:
                out.extend((node.index, s, e) for s, e in _windows(text, start, end, size, overlap))
            continue
        if weight + count > size:
            flush()
        group.append((start, end, child))
        weight += count
    flush()
    return out


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.start() > cursor:
            spans.append((cursor, match.start()))
        cursor = match.end()
    if cursor < end:
        spans.append((cursor, end))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if not text[s:e].strip():
            continue
        if merged and _NUMBERING.fullmatch(text[merged[-1][0]:merged[-1][1]]):
            merged[-1] = (merged[-1][0], e)  # "I." / "2.1." belongs to the sentence after it
        else:
            merged.append((s, e))
    return merged


def _syllables(text: str) -> int:
    return len(_SYLLABLE.findall(text))


def _split_long_sentence(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """A single sentence longer than a chunk (tables, run-on lists) is cut between syllables."""
    words = list(_SYLLABLE.finditer(text, start, end))
    spans = []
    for i in range(0, len(words), size):
        piece = words[i:i + size]
        spans.append((start if i == 0 else piece[0].start(), end if i + size >= len(words) else words[i + size].start()))
    return spans


def _windows(text: str, start: int, end: int, size: int, overlap: int) -> list[tuple[int, int]]:
    units = []
    for s, e in _sentences(text, start, end):
        units.extend(_split_long_sentence(text, s, e, size) if _syllables(text[s:e]) > size else [(s, e)])
    if not units:
        return []
    counts = [_syllables(text[s:e]) for s, e in units]
    windows, first = [], 0
    while first < len(units):
        last, total = first, counts[first]
        while last + 1 < len(units) and total + counts[last + 1] <= size:
            last += 1
            total += counts[last]
        windows.append((units[first][0], units[last][1]))
        if last + 1 >= len(units):
            break
        # next window starts with the trailing sentences that fit in the overlap
        back, carried = last + 1, 0
        while back - 1 > first and carried + counts[back - 1] <= overlap:
            back -= 1
            carried += counts[back]
        if carried + counts[last + 1] > size:  # the overlap would crowd out the next sentence
            back = last + 1
        first = back
    return windows


def sentence_windows(text: str, size: int) -> list[tuple[int, int]]:
    """Consecutive sentences of ``text`` packed into windows of at most ``size`` syllables, without
    overlap, so every sentence lies whole in one window (unless it alone is longer); a text that
    fits in one window gives none."""
    windows = _windows(text, 0, len(text), size, 0) if size > 0 and _syllables(text) > size else []
    return [_trim(text, s, e) for s, e in windows] if len(windows) > 1 else []


def _clip(text: str, syllables: int) -> str:
    words = list(_SYLLABLE.finditer(text))
    return text if len(words) <= syllables else text[:words[syllables - 1].end()] + "…"


def _context(document: ExtractedDocument, path: list[str]) -> str:
    """Title and section path, each clipped: titles of 60+ syllables would outweigh the chunk."""
    title = document.metadata.title.value if document.metadata.title else None
    parts = [_clip(title, CONTEXT_TITLE_SYLLABLES)] if title else []
    parts += [_clip(heading, CONTEXT_HEADING_SYLLABLES) for heading in path if heading]
    return " › ".join(parts)


def chunk_document(
    document: ExtractedDocument,
    size: int = DEFAULT_CHUNK_SYLLABLES,
    overlap: int = DEFAULT_OVERLAP_SYLLABLES,
) -> list[Chunk]:
    if size < 1 or not 0 <= overlap < size:
        raise ValueError(f"chunk size must be ≥ 1 and overlap in [0, size): got size={size}, overlap={overlap}")
    text = document.text
    chunks: list[Chunk] = []
    for owner, s, e in _spans(_tree(document), text, size, overlap):
        section: Section | None = document.sections[owner] if owner is not None else None
        path = list(section.path) if section else []
        chunks.append(Chunk(
            ordinal=len(chunks), section_index=owner, section_path=path, start=s, end=e,
            page_start=document.page_at(s) if document.pages else None,
            page_end=document.page_at(max(s, e - 1)) if document.pages else None,
            text=text[s:e], context=_context(document, path),
        ))
    return chunks
