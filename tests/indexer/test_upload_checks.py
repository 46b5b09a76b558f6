"""Received files (indexer/uploads.py): client names cleaned for display, formats read from the
content and checked against the name."""

import io
import zipfile

import pytest
from docx import Document

from indexer.extraction.errors import ExtractionError
from indexer.uploads import MAX_NAME_CHARS, check_content, clean_name


@pytest.mark.parametrize("given, shown", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\x\\Báo cáo.docx", "Báo cáo.docx"),
    ("/abs/path/kế hoạch.pdf", "kế hoạch.pdf"),
    ("a\x00b\x1bc.txt", "abc.txt"),
    ("..", "unnamed"),
    ("", "unnamed"),
    ("Bao cao\u0301.txt", "Bao caó.txt"),  # combining accent composed (NFC)
])
def test_clean_name(given, shown):
    assert clean_name(given) == shown


def test_long_names_are_cut_keeping_the_extension():
    name = clean_name("báo cáo " * 100 + ".docx")
    assert len(name) <= MAX_NAME_CHARS and name.endswith("….docx")


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("BÁO CÁO kết quả cuộc vận động Vì người nghèo")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write(tmp_path, data: bytes):
    path = tmp_path / "0000.upload"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, expected", [
    ("bao-cao.docx", "docx"), ("bao-cao.doc", "docx"), ("bao-cao", "docx"),  # old names often hold DOCX
])
def test_word_content_under_word_names(tmp_path, name, expected):
    assert check_content(write(tmp_path, docx_bytes()), name) == expected


@pytest.mark.parametrize("data, name, expected", [
    (b"<!doctype html><html><body>B\xc3\xa1o c\xc3\xa1o</body></html>", "trang.htm", "html"),
    ("Báo cáo tổng kết".encode(), "ghi-chu.md", "txt"),
    ("Báo cáo tổng kết".encode(), "ghi-chu.html", "html"),
    (b"%PDF-1.7\n...", "van-ban.pdf", "pdf"),
])
def test_text_html_and_pdf(tmp_path, data, name, expected):
    assert check_content(write(tmp_path, data), name) == expected


@pytest.mark.parametrize("data, name, code", [
    ("Báo cáo".encode(), "bao-cao.pdf", "type_mismatch"),
    (docx_bytes(), "bao-cao.xlsx", "type_mismatch"),
    (b"%PDF-1.7\n", "bao-cao.txt", "type_mismatch"),
    ("Báo cáo".encode(), "bao-cao.exe", "unsupported_type"),
    (bytes(range(256)), "bao-cao.doc", "unsupported_type"),
    (b"", "trong.txt", "empty"),
])
def test_refusals_name_the_client_file(tmp_path, data, name, code):
    with pytest.raises(ExtractionError) as raised:
        check_content(write(tmp_path, data), name)
    assert raised.value.code == code and raised.value.message.startswith(f"{name}:")
    assert "0000.upload" not in raised.value.message


def test_a_zip_that_is_not_office_is_refused_by_name(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "x")
    with pytest.raises(ExtractionError) as raised:
        check_content(write(tmp_path, out.getvalue()), "bao-cao.docx")
    assert raised.value.code == "unsupported_type" and raised.value.message.startswith("bao-cao.docx:")
