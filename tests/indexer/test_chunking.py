"""Section-aware chunking on the real seed reports."""

import re

import pytest

from indexer.extraction import extract_file
from indexer.chunking import chunk_document

from tests.conftest import CORPUS

WORD = re.compile(r"[^\W_]+")


@pytest.fixture(scope="module")
def report_2026():
    return extract_file(CORPUS / "004_a707af0accb6fc05.txt")


def test_chunks_stay_inside_the_section_they_cite(report_2026):
    chunks = chunk_document(report_2026)
    for chunk in chunks:
        if chunk.section_index is None:
            continue
        section = report_2026.sections[chunk.section_index]
        assert section.start <= chunk.start < chunk.end <= section.end
        assert chunk.section_path == section.path
        # a section boundary inside the chunk can only be the start of a section nested in it
        for other in report_2026.sections:
            if chunk.start < other.start < chunk.end:
                assert section.start <= other.start and other.end <= section.end


CHARTER = """ĐIỀU LỆ
Hội Doanh nhân trẻ tỉnh Lâm Đồng

Chương II
QUYỀN, NGHĨA VỤ, TRÁCH NHIỆM CỦA HỘI

Điều 7. Nghĩa vụ, trách nhiệm của Hội
1. Chấp hành các quy định của pháp luật có liên quan đến tổ chức, hoạt động của Hội.
2. Tập hợp, đoàn kết hội viên; tổ chức, phối hợp hoạt động giữa các hội viên vì lợi ích chung của Hội.
3. Bảo vệ quyền, lợi ích hợp pháp, chính đáng của hội viên.

Điều 8. Quyền của Hội
1. Tuyên truyền mục đích của Hội.
2. Đại diện cho hội viên trong mối quan hệ đối nội, đối ngoại có liên quan đến chức năng, nhiệm vụ của Hội.
"""


def test_an_article_and_its_clauses_are_one_chunk(tmp_path):
    path = tmp_path / "dieu-le.txt"
    path.write_text(CHARTER, encoding="utf-8")
    document = extract_file(path)
    chunks = chunk_document(document, size=80, overlap=10)
    article = next(c for c in chunks if "Điều 7." in c.text)
    assert "3. Bảo vệ quyền, lợi ích hợp pháp" in article.text and "Điều 8." not in article.text
    # packed with the chapter's heading, so it cites the chapter
    assert article.text.startswith("Chương II\nQUYỀN, NGHĨA VỤ") and article.section_path == ["Chương II"]
    article_8 = next(c for c in chunks if "Điều 8." in c.text)
    assert article_8.section_path[-1] == "Điều 8. Quyền của Hội" and article_8.text.endswith("nhiệm vụ của Hội.")
    whole = chunk_document(document, size=400, overlap=10)
    assert len(whole) == 1 and whole[0].section_path == []  # the whole document fits in one chunk


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
