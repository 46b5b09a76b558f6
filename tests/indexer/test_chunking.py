"""Section-aware chunking on the real seed reports."""

import re

import pytest

from indexer import extract_file
from indexer.chunking import chunk_document

from tests.conftest import CORPUS

WORD = re.compile(r"[^\W_]+")


@pytest.fixture(scope="module")
def report_2026():
    return extract_file(CORPUS / "004_a707af0accb6fc05.txt")


def test_chunks_stay_inside_one_section(report_2026):
    for chunk in chunk_document(report_2026):
        if chunk.section_index is None:
            continue
        section = report_2026.sections[chunk.section_index]
        assert section.start <= chunk.start < chunk.end <= section.end
        assert not any(chunk.start < s.start < chunk.end for s in report_2026.sections)  # no heading inside


def test_every_word_is_in_some_chunk_and_spans_are_exact(report_2026):
    chunks = chunk_document(report_2026)
    covered = set()
    for chunk in chunks:
        assert report_2026.text[chunk.start:chunk.end] == chunk.text
        covered.update(range(chunk.start, chunk.end))
    assert all(i in covered for m in WORD.finditer(report_2026.text) for i in range(m.start(), m.end()))


@pytest.mark.parametrize("size,overlap", [(160, 32), (60, 10), (400, 0)])
def test_size_and_overlap(report_2026, size, overlap):
    chunks = chunk_document(report_2026, size=size, overlap=overlap)
    assert max(len(WORD.findall(c.text)) for c in chunks) <= size
    same_section = [(a, b) for a, b in zip(chunks, chunks[1:]) if a.section_index == b.section_index]
    overlapping = [1 for a, b in same_section if b.start < a.end]
    assert (len(overlapping) > 0) == (overlap > 0 and size < 160 or overlap > 0 and bool(same_section))


def test_context_carries_title_and_section_path(report_2026):
    chunk = next(c for c in chunk_document(report_2026) if len(c.section_path) >= 3)
    title = report_2026.metadata.title.value
    assert chunk.context.startswith(title[:40])
    assert len(WORD.findall(chunk.context)) <= 20 + 12 * len(chunk.section_path)
    assert chunk.section_path[0] in chunk.context  # "PHẦN THỨ NHẤT", short enough to stay whole
    assert chunk.section_path[-1][:30] in chunk.context
    assert chunk.indexed_text.endswith(chunk.text)


def test_bad_sizes_are_refused(report_2026):
    with pytest.raises(ValueError, match="overlap"):
        chunk_document(report_2026, size=50, overlap=50)
