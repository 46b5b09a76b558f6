"""Core tier: loaders and text assembly on files built from real report text."""

import shutil
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from indexer.extraction.assemble import assemble
from indexer.extraction.loading import load
from indexer.extraction.vietnamese.legacy import encode_tcvn3

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED_004 = CORPUS / "004_a707af0accb6fc05.txt"
needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing: run scripts/setup.sh")


def _text(path: Path) -> str:
    raw = load(path)
    return assemble(raw, rejoin_lines=raw.format in ("pdf", "txt")).text


def _legacy_docx(path: Path, font: str) -> None:
    """A DOCX typed in a TCVN3 font, with "ư" stored as Word's soft-hyphen element."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    for i, piece in enumerate(encode_tcvn3("Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương").split("\u00ad")):
        if i:
            run = paragraph.add_run()
            run.font.name = font
            run._r.append(OxmlElement("w:softHyphen"))
        run = paragraph.add_run(piece)
        run.font.name = font
    document.save(path)


def test_docx_soft_hyphen_is_the_tcvn3_letter_u_horn(tmp_path):
    path = tmp_path / "tcvn3.docx"
    _legacy_docx(path, ".VnTime")
    # TCVN3 has no code for a capital "Ủ": typists used the lowercase one, as encode_tcvn3 does.
    assert _text(path) == "Ban Thường trực ủy ban MTTQ tỉnh Hải Dương"
    assert load(path).blocks[0].runs[0].font == ".VnTime"


def test_docx_in_a_unicode_font_keeps_its_soft_hyphen_invisible(tmp_path):
    path = tmp_path / "unicode.docx"
    document = docx.Document()
    paragraph = document.add_paragraph("Chuyển đổi ")
    paragraph.add_run()._r.append(OxmlElement("w:softHyphen"))
    paragraph.add_run("số")
    document.save(path)
    assert _text(path) == "Chuyển đổi số"


def test_docx_tables_and_headers(tmp_path):
    path = tmp_path / "bảng.docx"
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "ĐẢNG BỘ PHƯỜNG HẢI DƯƠNG"
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Chỉ tiêu"
    table.cell(0, 1).text = "Kết quả"
    table.cell(1, 0).text = "Quỹ Vì người nghèo"
    table.cell(1, 1).text = "trên 370 triệu đồng"
    document.save(path)
    text = _text(path)
    assert "ĐẢNG BỘ PHƯỜNG HẢI DƯƠNG" in text
    assert "Quỹ Vì người nghèo\ttrên 370 triệu đồng" in text


def test_docx_cells_merged_across_columns_keep_the_columns_aligned(tmp_path):
    path = tmp_path / "pci.docx"
    document = docx.Document()
    table = document.add_table(rows=3, cols=6)
    for (row, column), text in {(0, 0): "STT", (0, 1): "Nội dung", (0, 2): "Lâm Đồng", (0, 4): "Đắk Nông",
                                (1, 2): "Điểm số", (1, 3): "Thứ hạng", (1, 4): "Điểm số", (1, 5): "Thứ hạng",
                                (2, 1): "CHỈ SỐ CHUNG", (2, 2): "65,08", (2, 3): "54/63", (2, 4): "67,45",
                                (2, 5): "36/63"}.items():
        table.cell(row, column).text = text
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(0, 4).merge(table.cell(0, 5))
    document.save(path)
    lines = _text(path).split("\n")
    assert lines == ["STT\tNội dung\tLâm Đồng\t\tĐắk Nông", "\t\tĐiểm số\tThứ hạng\tĐiểm số\tThứ hạng",
                     "\tCHỈ SỐ CHUNG\t65,08\t54/63\t67,45\t36/63"]


def _paragraphs(cell, text: str) -> None:
    """One paragraph a line in a table cell (python-docx's ``cell.text`` makes line breaks)."""
    first, *rest = text.split("\n")
    cell.text = first
    for line in rest:
        cell.add_paragraph(line)


def test_docx_table_of_three_columns_keeps_one_row_a_line_when_cells_hold_paragraphs(tmp_path):
    """A plan's task table, its cells typed over two lines, stays a grid: one row a line, a cell's
    paragraphs joined by a space. A two-column letterhead keeps one line a paragraph."""
    path = tmp_path / "ke-hoach.docx"
    document = docx.Document()
    head = document.add_table(rows=1, cols=2)
    _paragraphs(head.cell(0, 0), "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ")
    _paragraphs(head.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    table = document.add_table(rows=3, cols=4)
    for (row, column), text in {(0, 0): "TT", (0, 1): "Nội dung", (0, 2): "Trách nhiệm\nthực hiện",
                                (0, 3): "Thời gian\n(Năm 2026)", (1, 0): "1",
                                (1, 1): "Giải đáp vướng mắc về công tác CCHC của Sở Tài chính",
                                (1, 2): "Lãnh đạo\nSở Tài chính", (1, 3): "Ngày 12 tháng 6", (2, 0): "2",
                                (2, 1): "Giải đáp vướng mắc của Công an tỉnh", (2, 2): "Lãnh đạo Công an tỉnh",
                                (2, 3): "Ngày 10 tháng 4"}.items():
        _paragraphs(table.cell(row, column), text)
    document.save(path)
    assert _text(path).split("\n") == [
        "UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "TT\tNội dung\tTrách nhiệm thực hiện\tThời gian (Năm 2026)",
        "1\tGiải đáp vướng mắc về công tác CCHC của Sở Tài chính\tLãnh đạo Sở Tài chính\tNgày 12 tháng 6",
        "2\tGiải đáp vướng mắc của Công an tỉnh\tLãnh đạo Công an tỉnh\tNgày 10 tháng 4"]


def test_format_is_sniffed_from_content_not_extension(tmp_path):
    path = tmp_path / "thật ra là docx.doc"
    document = docx.Document()
    document.add_paragraph("Kế hoạch số 09/KH-MT ngày 01/7/2010")
    document.save(path)
    assert load(path).format == "docx"
    assert _text(path) == "Kế hoạch số 09/KH-MT ngày 01/7/2010"


def test_seed_004_artefacts_are_cleaned():
    text = _text(SEED_004)
    assert "Kết luận số 62-KL/TW và Thông báo Kết luận số 160-TB/TW của Bộ Chính trị." in text
    assert "62-\n" not in text
    assert "**" not in text and "***" not in text
    assert "\nVề thuận lợi:\n" in text
    assert "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC" in text


def _windows_1258(text: str) -> bytes:
    """Windows-1258 stores tone marks as separate combining characters after the letter."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "windows-1258"])
def test_text_file_encodings(tmp_path, encoding):
    sentence = "Cuộc vận động “Vì người nghèo” ở phường Hải Dương"
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(_windows_1258(sentence) if encoding == "windows-1258" else sentence.encode(encoding))
    assert _text(path) == sentence


def test_text_file_in_tcvn3_bytes(tmp_path):
    sentence = "Quỹ Vì người nghèo năm 2025 vận động được trên 370 triệu đồng"
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(encode_tcvn3(sentence).encode("latin-1"))
    assert _text(path) == sentence


def test_a_lowercase_list_item_is_not_joined_to_the_heading_above(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text("2. Nội dung tuyên truyền\na) Các chủ trương của Đảng về cải cách hành chính;\n"
                    "b) Kết quả thực hiện Chỉ số cải cách hành chính năm 2025 của\ntỉnh Lâm Đồng.\n", encoding="utf-8")
    assert _text(path).split("\n") == ["2. Nội dung tuyên truyền", "a) Các chủ trương của Đảng về cải cách hành chính;",
                                        "b) Kết quả thực hiện Chỉ số cải cách hành chính năm 2025 của tỉnh Lâm Đồng."]


def test_html_is_read_without_markup(tmp_path):
    path = tmp_path / "trang.html"
    path.write_text(
        "<html><head><style>p{}</style><script>alert(1)</script></head><body>"
        "<h1>BÁO CÁO</h1><p>Ban Thường vụ Đảng ủy phường <b>Hải Dương</b> báo cáo như sau:</p></body></html>",
        encoding="utf-8",
    )
    assert _text(path) == "BÁO CÁO\nBan Thường vụ Đảng ủy phường Hải Dương báo cáo như sau:"


@needs_libreoffice
def test_pdf_keeps_page_numbers(tmp_path):
    from indexer.extraction.loading import libreoffice

    source = tmp_path / "hai trang.docx"
    document = docx.Document()
    document.add_paragraph("Trang một: Kết luận số 62-KL/TW.")
    document.add_page_break()
    document.add_paragraph("Trang hai: Quỹ Vì người nghèo.")
    document.save(source)
    pdf = tmp_path / "hai trang.pdf"
    import subprocess

    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    raw = load(pdf)
    assembled = assemble(raw, rejoin_lines=True)
    assert [p.page for p in assembled.pages] == [1, 2]
    second = assembled.text.index("Trang hai")
    assert assembled.pages[1].start <= second < assembled.pages[1].end
    assert libreoffice.soffice() is not None


def test_unicode_text_left_in_a_legacy_font_is_not_decoded(tmp_path):
    # Seen in the Lâm Đồng archive: retyped in Unicode, the old ".VnTime" font name kept.
    path = tmp_path / "stale-font.docx"
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Được mời tham dự ").font.name = "Times New Roman"
    paragraph.add_run("các cuộc họp do Ban Chỉ đạo chủ trì").font.name = ".VnTime"
    document.save(path)
    assert _text(path) == "Được mời tham dự các cuộc họp do Ban Chỉ đạo chủ trì"


def test_partly_retyped_legacy_cell_is_decoded_word_by_word(tmp_path):
    path = tmp_path / "mixed.docx"
    document = docx.Document()
    document.add_paragraph().add_run("M¸y mãc thiết bÞ, phụ tïng").font.name = ".VnArial"
    document.save(path)
    assert _text(path) == "Máy móc thiết bị, phụ tùng"


def test_a_legacy_cell_that_reads_no_better_decoded_is_still_decoded_by_itself(tmp_path):
    # 2007-74Z4A_solieu9thang-2.xls: "Đăk Lăk" is no standard syllable either way, so the row read
    # as VNI (which changes nothing) scored as well as TCVN3 and the cell was left in TCVN3 bytes
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.styles import Font

    path = tmp_path / "giam-sat.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append([5, encode_tcvn3("Đăk Lăk"), 331, 4])
    for cell in workbook.active[1]:
        cell.font = Font(name=".VnTime")
    workbook.save(path)
    assert _text(path) == "5\tĐăk Lăk\t331\t4"


@needs_libreoffice
def test_pdf_running_headers_and_page_numbers_are_removed(tmp_path):
    import subprocess

    source = tmp_path / "nhiều trang.docx"
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "ĐẢNG BỘ PHƯỜNG HẢI DƯƠNG - BÁO CÁO TỔNG KẾT"
    footer = document.sections[0].footer.paragraphs[0]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    for page in range(1, 5):
        document.add_paragraph(f"Nội dung trang {page}: phong trào thi đua yêu nước ở khu dân cư.")
        if page < 4:
            document.add_page_break()
    document.save(source)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    raw = load(tmp_path / "nhiều trang.pdf")
    assert sum("BÁO CÁO TỔNG KẾT" in b.raw_text for b in raw.blocks) == 4  # really on every page
    text = assemble(raw, rejoin_lines=True).text
    assert "BÁO CÁO TỔNG KẾT" not in text
    assert text.split("\n") == [f"Nội dung trang {p}: phong trào thi đua yêu nước ở khu dân cư." for p in range(1, 5)]


@needs_libreoffice
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract missing: run scripts/setup.sh")
def test_scanned_pdf_is_read_by_ocr(tmp_path):
    import subprocess

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from indexer.extraction import extract_file

    source = tmp_path / "gốc.docx"
    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Báo cáo kết quả cải cách hành chính năm 2025"):
        document.add_paragraph().add_run(line).font.size = docx.shared.Pt(16)
    document.save(source)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(tmp_path / "gốc.pdf"), str(tmp_path / "trang")], check=True, timeout=60)
    scan = tmp_path / "bản quét.pdf"
    page = canvas.Canvas(str(scan), pagesize=A4)
    page.drawImage(str(tmp_path / "trang.png"), 0, 0, width=A4[0], height=A4[1])
    page.save()
    result = extract_file(scan)
    assert any("OCR" in w for w in result.warnings)
    # tesseract's Vietnamese model confuses "TỈNH" with "TĨNH" in capitals; the rest is exact.
    assert "ỦY BAN NHÂN DÂN" in result.text and "LÂM ĐỒNG" in result.text
    assert "Báo cáo kết quả cải cách hành chính năm 2025" in result.text


def test_pptx_slides_are_pages(tmp_path):
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    for title in ("Kết quả thực hiện Đề án 06", "Phương hướng năm 2026"):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = title
        box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1))
        box.text_frame.text = "Ủy ban nhân dân tỉnh Lâm Đồng"
    path = tmp_path / "trình chiếu.pptx"
    deck.save(path)
    raw = load(path)
    assembled = assemble(raw, rejoin_lines=False)
    assert raw.format == "pptx" and raw.page_count == 2
    assert assembled.text.split("\n") == ["Kết quả thực hiện Đề án 06", "Ủy ban nhân dân tỉnh Lâm Đồng",
                                          "Phương hướng năm 2026", "Ủy ban nhân dân tỉnh Lâm Đồng"]
    assert [p.page for p in assembled.pages] == [1, 2]


def _fake_soffice(folder, crashes: int):
    """A stand-in for soffice on PATH that dies with a backtrace ``crashes`` times, then converts
    (writes the output file LibreOffice would): what a real run's transient crash looks like."""
    script = folder / "soffice"
    script.write_text(f"""#!/bin/sh
count=$(cat "{folder}/runs" 2>/dev/null || echo 0); echo $((count + 1)) > "{folder}/runs"
for last; do :; done
if [ "$count" -lt {crashes} ]; then echo "soffice.bin(+0x10b1)[0x557d8ddb50b1]" >&2; exit 134; fi
cp "$last" "${{last%.doc}}.docx"
""")
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("crashes, converted", [(1, True), (2, False)])
def test_a_libreoffice_crash_is_tried_once_more(tmp_path, monkeypatch, crashes, converted):
    from indexer.extraction.errors import ExtractionError
    from indexer.extraction.loading import libreoffice

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_soffice(bin_dir, crashes)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    source = tmp_path / "Phieu trinh 228.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0 not really a doc")
    work = tmp_path / "work"
    work.mkdir()
    if converted:
        assert libreoffice.convert(source, "doc", work).read_bytes() == source.read_bytes()
    else:
        with pytest.raises(ExtractionError, match=r"Phieu trinh 228\.doc: LibreOffice could not read this \.doc file "
                                                  r"\(soffice\.bin.*; tried 2 times\)"):
            libreoffice.convert(source, "doc", work)
    assert (bin_dir / "runs").read_text().strip() == str(min(crashes + 1, 2))
