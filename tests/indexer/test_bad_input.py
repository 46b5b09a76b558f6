"""Core tier: every kind of bad input gets a per-file error with a code and the file's name,
and never stops the rest of a batch."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter

from indexer.extraction import extract_file, extract_many
from indexer.extraction.errors import ExtractionError

GOOD_TEXT = "Ủy ban nhân dân tỉnh Lâm Đồng báo cáo kết quả cải cách hành chính năm 2025.\n"


def _error(path: Path, **kwargs) -> ExtractionError:
    with pytest.raises(ExtractionError) as info:
        extract_file(path, **kwargs)
    assert path.name in info.value.message or str(path) in info.value.message
    return info.value


def _docx_bytes(document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def test_zero_byte_file(tmp_path):
    path = tmp_path / "rỗng.pdf"
    path.write_bytes(b"")
    assert _error(path).code == "empty"


@pytest.mark.parametrize("name", ["ngẫu nhiên.pdf", "ngẫu nhiên.docx", "ngẫu nhiên.doc"])
def test_random_bytes_with_a_document_extension(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(os.urandom(4096))
    assert _error(path).code in {"unsupported_type", "corrupt"}


def test_truncated_pdf(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "cụt.pdf"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])
    assert _error(path).code in {"corrupt", "no_text"}


def test_encrypted_pdf(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="mật-khẩu", owner_password="chủ", algorithm="AES-128")
    path = tmp_path / "mã hóa.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    error = _error(path)
    assert error.code == "encrypted"
    assert "password" in error.message


def test_zip_bomb_disguised_as_docx(tmp_path):
    huge = b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>" + b" " * (300 * 1024 * 1024)
    path = tmp_path / "bom.docx"
    path.write_bytes(_docx_bytes(huge))
    assert path.stat().st_size < 2 * 1024 * 1024
    assert _error(path).code == "zip_bomb"


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "lớn.txt"
    path.write_text(GOOD_TEXT * 2000, encoding="utf-8")
    error = _error(path, max_bytes=10_000)
    assert error.code == "too_large"
    assert "10,000" in error.message


def test_unsupported_type(tmp_path):
    path = tmp_path / "ảnh.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    error = _error(path)
    assert error.code == "unsupported_type"
    assert "PDF, DOCX" in error.message


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "khóa.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    if os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads everything; make the open fail the way it does for other users
        real_open = Path.open

        def deny(self, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", deny)
    assert _error(path).code == "permission_denied"


def test_missing_file_and_directory(tmp_path):
    assert _error(tmp_path / "không có.pdf").code == "not_found"
    folder = tmp_path / "thư mục.pdf"
    folder.mkdir()
    assert _error(folder).code == "not_a_file"


def test_docx_without_a_document_part(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    path = tmp_path / "giả.docx"
    path.write_bytes(buffer.getvalue())
    assert _error(path).code == "unsupported_type"


@pytest.mark.parametrize(
    "name",
    ["báo cáo  (bản cuối), số 62-KL.txt", "-bắt đầu bằng gạch.txt", "xuống\ndòng.txt", "'; rm -rf ~.txt", "..\\..\\thoát.txt"],
)
def test_hostile_file_names_are_just_names(tmp_path, name):
    path = tmp_path / name
    path.write_text(GOOD_TEXT, encoding="utf-8")
    document = extract_file(path)
    assert document.text == GOOD_TEXT.strip()
    assert document.path == str(path)


def test_batch_keeps_going_and_cli_exits_1(tmp_path):
    good = tmp_path / "tốt.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    bad = tmp_path / "hỏng.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + os.urandom(1000))
    empty = tmp_path / "rỗng.docx"
    empty.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "api", "extract", "--json", str(bad), str(good), str(empty)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    records = {Path(r["path"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert set(records) == {"tốt.txt", "hỏng.pdf", "rỗng.docx"}
    assert records["tốt.txt"]["text"] == GOOD_TEXT.strip()
    assert "error" not in records["tốt.txt"]
    assert records["rỗng.docx"]["error"]["code"] == "empty"
    assert records["hỏng.pdf"]["error"]["code"] in {"corrupt", "no_text"}


def test_a_file_that_takes_too_long_is_stopped_and_the_batch_goes_on(tmp_path, monkeypatch):
    slow = tmp_path / "chậm.txt"
    slow.write_text(GOOD_TEXT, encoding="utf-8")
    good = tmp_path / "nhanh.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    import indexer.extraction.batch as batch

    real = batch.extract_file

    def sometimes_hang(path, **kwargs):
        if Path(path).name == "chậm.txt":
            import time

            time.sleep(60)
        return real(path, **kwargs)

    monkeypatch.setattr(batch, "extract_file", sometimes_hang)
    monkeypatch.setattr(batch, "START_METHOD", "fork")  # the children must see the replaced reader
    outcomes = {r.path: r.outcome for r in extract_many([slow, good], jobs=2, timeout_s=3)}
    assert isinstance(outcomes[slow], ExtractionError) and outcomes[slow].code == "timeout"
    assert outcomes[good].text == GOOD_TEXT.strip()


def test_the_memory_cap_counts_what_the_file_adds_not_what_the_worker_inherits(tmp_path, monkeypatch):
    """A worker is forked from a process that may already map gigabytes (models, thread arenas;
    CI saw a DOCX fail as 'corrupt' this way). Untouched mappings cost no RAM, only address space."""
    import mmap

    fine = tmp_path / "binh-thuong.txt"
    fine.write_text(GOOD_TEXT * 20_000, encoding="utf-8")  # 1.8 MB: its buffers need fresh mappings
    import indexer.extraction.batch as batch

    monkeypatch.setattr(batch, "START_METHOD", "fork")  # forked from this process and what it maps
    inherited = mmap.mmap(-1, 4 * 1024 * 1024 * 1024)  # 4 GB of address space, over the 512 MB cap
    try:
        (result,) = list(extract_many([fine], memory_mb=512))
    finally:
        inherited.close()
    assert not isinstance(result.outcome, ExtractionError), result.outcome
    assert result.outcome.text.startswith(GOOD_TEXT.strip()) and "Lâm Đồng" in result.outcome.text[-200:]


def test_a_file_that_needs_too_much_memory_is_stopped(tmp_path, monkeypatch):
    greedy = tmp_path / "tham.txt"
    greedy.write_text(GOOD_TEXT, encoding="utf-8")
    import indexer.extraction.batch as batch

    def allocate(path, **kwargs):
        return bytearray(2 * 1024 * 1024 * 1024)  # 2 GB, over the 512 MB cap below

    monkeypatch.setattr(batch, "extract_file", allocate)
    monkeypatch.setattr(batch, "START_METHOD", "fork")
    (result,) = list(extract_many([greedy], memory_mb=512))
    assert isinstance(result.outcome, ExtractionError) and result.outcome.code == "too_large"
    assert "512 MB" in result.outcome.message and "tham.txt" in result.outcome.message
