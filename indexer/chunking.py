"""Section-aware chunks: a chunk never spans two sections; long sections are split at sentence
boundaries with overlap. Sizes are in syllables (letter runs), Vietnamese's natural unit.

Each section owns the text from its start to its first child (its heading and any lead-in);
children own the rest, so every character of the document belongs to exactly one section.
The text indexed and embedded is ``context + text`` (document title and section path first);
the text shown is the original ``text``, whose span in the document is [start, end).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.model import ExtractedDocument, Section

DEFAULT_CHUNK_SYLLABLES = 160
DEFAULT_OVERLAP_SYLLABLES = 32
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


def _own_spans(document: ExtractedDocument) -> list[tuple[int | None, int, int]]:
    """(section index, start, end) pieces that partition the text, in order."""
    sections = sorted(enumerate(document.sections), key=lambda item: (item[1].start, -item[1].end))
    pieces: list[tuple[int | None, int, int]] = []
    boundaries = sorted({0, len(document.text)} | {s.start for _, s in sections} | {s.end for _, s in sections})
    for left, right in zip(boundaries, boundaries[1:]):
        owner = None
        for index, section in sections:  # innermost section covering [left, right)
            if section.start <= left and right <= section.end:
                if owner is None or document.sections[owner].end - document.sections[owner].start >= section.end - section.start:
                    owner = index
        if pieces and pieces[-1][0] == owner and pieces[-1][2] == left:
            pieces[-1] = (owner, pieces[-1][1], right)
        else:
            pieces.append((owner, left, right))
    return pieces


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
    for owner, start, end in _own_spans(document):
        section: Section | None = document.sections[owner] if owner is not None else None
        path = list(section.path) if section else []
        for s, e in _windows(text, start, end, size, overlap):
            chunks.append(Chunk(
                ordinal=len(chunks), section_index=owner, section_path=path, start=s, end=e,
                page_start=document.page_at(s) if document.pages else None,
                page_end=document.page_at(max(s, e - 1)) if document.pages else None,
                text=text[s:e], context=_context(document, path),
            ))
    return chunks
