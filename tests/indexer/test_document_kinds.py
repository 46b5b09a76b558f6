"""Document kinds are one list (indexer/extraction/data/document_kinds.tsv) that the section
parser, the metadata readers and the analyzer all read, so they cannot disagree."""

from __future__ import annotations

import pytest

from api.search import SearchRequest, Searcher
from indexer.analysis import ANALYZER_VERSION, analyze, analyzer_version
from indexer.extraction import document_kinds
from indexer.extraction.document_kinds import KINDS, doc_type_of_line
from indexer.extraction.metadata import extract_metadata
from indexer.extraction.structure import parse_sections
from indexer.store.reader import open_reader
from indexer.update import IndexSettings, update_index

CONG_DIEN = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số: 62/CĐ-UBND\tLâm Đồng, ngày 05 tháng 9 năm 2025

Về việc chủ động ứng phó với mưa lũ

Thực hiện Công điện số 14/CĐ-TTg của Thủ tướng Chính phủ, Chủ tịch UBND tỉnh yêu cầu các sở, ngành
triển khai ngay các biện pháp ứng phó với mưa lớn, lũ quét và sạt lở đất.
"""


def test_every_kind_with_a_title_role_is_read_from_a_title_line():
    for kind in KINDS:
        assert doc_type_of_line(kind.name.upper()) == (kind.name if kind.titled else None), kind.name


def test_a_number_abbreviation_types_the_document_and_the_analyzer_agrees():
    """"62/CĐ-UBND" is a công điện for metadata, and "Công điện 62" meets it in the index terms."""
    metadata = extract_metadata(CONG_DIEN, parse_sections(CONG_DIEN))
    assert metadata.doc_type.value == "công điện"
    assert CONG_DIEN[metadata.doc_type.start:metadata.doc_type.end] == "CĐ"
    assert "62-cđ" in analyze("Công điện 62").codes
    assert "62-cđ" in analyze(CONG_DIEN).codes
    references = {r.code: r.kind for r in metadata.references}
    assert references["14/CĐ-TTg"] == "công điện"


def test_every_abbreviation_and_cited_kind_meets_its_code():
    for kind in KINDS:
        for abbreviation in kind.abbreviations:
            written = f"{kind.name.capitalize()} số 7"
            assert f"7-{abbreviation.lower()}" in analyze(written).codes, (written, abbreviation)
            assert f"7-{abbreviation.lower()}" in analyze(f"7/{abbreviation}-UBND").codes


def test_a_cong_dien_is_found_by_its_kind_and_number(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "cong-dien.txt").write_text(CONG_DIEN, encoding="utf-8")
    (folder / "ke-hoach.txt").write_text("Kế hoạch số 62/KH-UBND về phòng chống thiên tai năm 2025 của tỉnh.",
                                         encoding="utf-8")
    update_index([folder], tmp_path / "index", IndexSettings(embed=False))
    results = Searcher(open_reader(tmp_path / "index")).search(SearchRequest("Công điện 62", mode="bm25")).results
    assert results and results[0].path.endswith("cong-dien.txt")


def test_only_the_analyzer_columns_count_in_its_version(tmp_path):
    """Editing roles or comments in the data file never asks for a rebuild; an abbreviation does."""
    text = document_kinds.DATA_FILE.read_text(encoding="utf-8")
    edited = tmp_path / "kinds.tsv"

    def version_of(content: str) -> str:
        edited.write_text(content, encoding="utf-8")
        return analyzer_version([(a, k.name) for k in document_kinds._read(edited) for a in k.abbreviations])

    assert version_of(text) == ANALYZER_VERSION
    assert version_of("# another comment\n" + text.replace("báo cáo\tBC\ttitle cited", "báo cáo\tBC\ttitle")) == ANALYZER_VERSION
    assert version_of(text.replace("báo cáo\tBC\t", "báo cáo\tBC BCáo\t")) != ANALYZER_VERSION


def test_a_malformed_row_names_the_file_and_line(tmp_path):
    bad = tmp_path / "kinds.tsv"
    bad.write_text("báo cáo\tBC\ttitle\nkế hoạch\tKH\theading\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"kinds\.tsv:2"):
        document_kinds._read(bad)
