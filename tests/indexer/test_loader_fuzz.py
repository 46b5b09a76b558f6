"""Loader fuzzing: real files (the corpus reports, and PDF/DOCX/XLSX/PPTX/RTF/HTML files made
here from their text) mutated by byte flips, truncation, spliced chunks and damaged ZIP parts.
Every mutated file goes through `extract_file` in the batch runner (a forked worker per file,
with a time and memory limit): it must give a document or an ExtractionError with a known code.
An exception that escaped the loaders, a crashed worker or a timeout is a finding.

The default suite runs a bounded, seeded set of cases; `-m slow` runs ten times more. A
finding's file is kept under test-artifacts/fuzz-findings/ to reproduce it."""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from indexer.extraction import extract_many
from indexer.extraction.errors import ERROR_CODES, ExtractionError
from indexer.extraction.loading import ocr

from tests.conftest import CORPUS, REPO

FINDINGS = REPO / "test-artifacts" / "fuzz-findings"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _report_text() -> str:
    return next(CORPUS.glob("004_*.txt")).read_text(encoding="utf-8")


def _paragraphs(limit: int) -> list[str]:
    return [p.strip() for p in _report_text().split("\n\n") if p.strip()][:limit]


# --- seed files, made from the real reports ----------------------------------------------------


def seed_txt() -> bytes:
    return _report_text()[:6000].encode("utf-8")


def seed_html() -> bytes:
    body = "".join(f"<p>{p}</p>" for p in _paragraphs(12))
    return f"<!DOCTYPE html><html><head><title>Báo cáo</title></head><body><h1>BÁO CÁO</h1>{body}</body></html>".encode()


def seed_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    for paragraph in _paragraphs(30):
        for start in range(0, len(paragraph), 90):
            if y < 60:
                page.showPage()
                y = 800
            page.setFont("DejaVuSans", 10)
            page.drawString(40, y, paragraph[start:start + 90])
            y -= 14
        y -= 8
    page.save()
    return buffer.getvalue()


def seed_docx() -> bytes:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "ĐẢNG BỘ TỈNH LÂM ĐỒNG"
    document.add_heading("BÁO CÁO", level=1)
    for paragraph in _paragraphs(12):
        document.add_paragraph(paragraph)
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate(table.rows):
        row.cells[0].text, row.cells[1].text = f"Chỉ tiêu {r + 1}", f"{(r + 1) * 37}%"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    for i, paragraph in enumerate(_paragraphs(15), start=1):
        sheet.append([i, paragraph[:120], i * 1.5])
    book.create_sheet("Phụ lục").append(["Đơn vị", "Kết quả"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def seed_pptx() -> bytes:
    import pptx

    deck = pptx.Presentation()
    for paragraph in _paragraphs(4):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = paragraph[:60]
        slide.placeholders[1].text = paragraph
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def seed_rtf() -> bytes:
    def escaped(text: str) -> str:
        return "".join(ch if ord(ch) < 128 and ch not in "\\{}" else f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?"
                       for ch in text)

    body = "".join(f"{{\\pard {escaped(p)}\\par}}\n" for p in _paragraphs(8))
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n" + body + "}").encode("ascii")


SEEDS = {"txt": seed_txt, "html": seed_html, "pdf": seed_pdf, "docx": seed_docx, "xlsx": seed_xlsx, "pptx": seed_pptx,
         "rtf": seed_rtf}


# --- mutations --------------------------------------------------------------------------------


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 2, 4, 16, 64))):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, len(data))]


def splice(data: bytes, rng: random.Random) -> bytes:
    """Delete, repeat or move a chunk."""
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.choice((1, 8, 64, 512, 4096)))
    chunk = data[a:b]
    choice = rng.randrange(3)
    if choice == 0:
        return data[:a] + data[b:]
    if choice == 1:
        return data[:b] + chunk * rng.choice((2, 16, 256)) + data[b:]
    c = rng.randrange(len(data))
    return data[:c] + chunk + data[c:]


def mutate_zip_part(data: bytes, rng: random.Random) -> bytes:
    """Rewrite an OOXML archive with one part damaged: bytes flipped, cut, emptied, deleted,
    or its XML nested deep; or the archive's own headers flipped."""
    if rng.random() < 0.2:  # the ZIP structure itself: local headers, central directory
        out = bytearray(data)
        for marker in (b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"):
            positions = [i for i in range(len(out) - 30) if out[i:i + 4] == marker]
            if positions:
                at = rng.choice(positions) + rng.randrange(4, 30)
                out[at] = rng.randrange(256)
        return bytes(out)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    xml_names = [n for n in names if n.endswith((".xml", ".rels"))]
    target = rng.choice(xml_names or names)
    action = rng.choice(("flip", "truncate", "empty", "delete", "nest", "splice", "garbage"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            part = source.read(name)
            if name == target:
                if action == "delete":
                    continue
                part = {"flip": lambda: flip_bytes(part, rng), "truncate": lambda: truncate(part, rng) if part else part,
                        "empty": lambda: b"", "splice": lambda: splice(part, rng) if part else part,
                        "nest": lambda: b"<a>" * 5000 + part,
                        "garbage": lambda: bytes(rng.randrange(256) for _ in range(200))}[action]()
            archive.writestr(name, part)
    return buffer.getvalue()


def mutate_pdf_stream(data: bytes, rng: random.Random) -> bytes:
    """Damage inside a stream or an object's numbers (/Length, /Count, xref offsets)."""
    out = bytearray(data)
    starts = [i for i in range(len(out) - 6) if out[i:i + 6] == b"stream"]
    if starts and rng.random() < 0.6:
        at = rng.choice(starts) + 8
        for _ in range(rng.choice((1, 4, 32))):
            position = min(len(out) - 1, at + rng.randrange(200))
            out[position] = rng.randrange(256)
        return bytes(out)
    digits = [i for i in range(len(out)) if 48 <= out[i] <= 57]
    for _ in range(rng.choice((1, 3, 10))):
        out[rng.choice(digits)] = rng.choice(b"0123456789-")
    return bytes(out)


MUTATIONS = {
    "txt": (flip_bytes, truncate, splice),
    "html": (flip_bytes, truncate, splice),
    "rtf": (flip_bytes, truncate, splice),
    "pdf": (flip_bytes, truncate, splice, mutate_pdf_stream, mutate_pdf_stream),
    "docx": (flip_bytes, truncate, splice, mutate_zip_part, mutate_zip_part, mutate_zip_part),
    "xlsx": (flip_bytes, truncate, splice, mutate_zip_part, mutate_zip_part, mutate_zip_part),
    "pptx": (flip_bytes, truncate, splice, mutate_zip_part, mutate_zip_part, mutate_zip_part),
}


# --- running ----------------------------------------------------------------------------------


def _finding(outcome) -> str | None:
    """Why an outcome breaks the loaders' contract; None when it keeps it."""
    if not isinstance(outcome, ExtractionError):
        return None if outcome.text.strip() else "a document without text"
    if outcome.code not in ERROR_CODES:
        return f"unknown code {outcome.code}"
    if outcome.code == "timeout":
        return "hang: " + outcome.message
    if "unexpected failure" in outcome.message:  # an exception escaped extract_file (batch.py says so)
        return "exception: " + outcome.message
    if "the reader crashed" in outcome.message:
        return "crash: " + outcome.message
    if "more than" in outcome.message and "MB of memory" in outcome.message:
        return "memory: " + outcome.message
    return None


def fuzz(tmp: Path, seed: int, cases: dict[str, int], timeout_s: float = 30) -> tuple[Counter, list[tuple[str, str]]]:
    """Run ``cases[kind]`` mutated files of each kind; returns (outcome counts, findings)."""
    rng = random.Random(seed)
    seeds = {kind: SEEDS[kind]() for kind in cases}
    files: dict[Path, str] = {}
    for kind, count in cases.items():
        for i in range(count):
            mutation = rng.choice(MUTATIONS[kind])
            path = tmp / f"{kind}-{i:04d}-{mutation.__name__}.{kind}"
            path.write_bytes(mutation(seeds[kind], random.Random(rng.random())))
            files[path] = kind
    counts: Counter = Counter()
    findings = []
    for result in extract_many(list(files), jobs=2, timeout_s=timeout_s, memory_mb=2048):
        kind = files[result.path]
        outcome = result.outcome
        counts[(kind, outcome.code if isinstance(outcome, ExtractionError) else "document")] += 1
        why = _finding(outcome)
        if why:
            findings.append((result.path.name, why))
            FINDINGS.mkdir(parents=True, exist_ok=True)
            shutil.copy(result.path, FINDINGS / f"seed{seed}-{result.path.name}")
    return counts, findings


def _fuzz_without_ocr(tmp: Path, seed: int, cases: dict[str, int], timeout_s: float) -> tuple[Counter, list[tuple[str, str]]]:
    """``fuzz`` in a fresh interpreter, its workers forked from it: OCR off for them (a mutated PDF
    that lost its text would go to OCR, seconds a page: fuzzing is about the loaders), and each
    fork cheap, whatever the test process holds by then."""
    from indexer.extraction import batch

    ocr.available = lambda: False
    batch.START_METHOD = "fork"
    return fuzz(tmp, seed, cases, timeout_s)


def _run_fuzz(tmp: Path, seed: int, cases: dict[str, int], timeout_s: float = 30):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:  # may have children
        return pool.submit(_fuzz_without_ocr, tmp, seed, cases, timeout_s).result()


def _summary(counts: Counter) -> str:
    by_kind: dict[str, list[str]] = {}
    for (kind, outcome), n in sorted(counts.items()):
        by_kind.setdefault(kind, []).append(f"{outcome} {n}")
    return "; ".join(f"{kind}: {', '.join(parts)}" for kind, parts in by_kind.items())


@pytest.fixture
def no_ocr(monkeypatch):
    """A mutated PDF that lost its text would go to OCR, seconds a page: fuzzing is about the
    loaders, so OCR reports itself unavailable (the forked workers inherit this)."""
    monkeypatch.setattr(ocr, "available", lambda: False)


pytestmark = pytest.mark.skipif(not FONT.exists(), reason="the DejaVu font makes the PDF seeds")


def test_seeds_are_read(tmp_path, no_ocr):
    """The unmutated seeds give documents with the report's text (else mutations test nothing)."""
    paths = []
    for kind, make in SEEDS.items():
        path = tmp_path / f"seed.{kind}"
        path.write_bytes(make())
        paths.append(path)
    for result in extract_many(paths, jobs=2, timeout_s=120):
        assert not isinstance(result.outcome, ExtractionError), result.outcome
        assert "Đảng" in result.outcome.text or "đảng" in result.outcome.text, result.path


def test_mutated_files_give_a_document_or_a_coded_error(tmp_path):
    cases = {"pdf": 80, "docx": 70, "xlsx": 45, "pptx": 45, "txt": 30, "html": 25, "rtf": 3}
    counts, findings = _run_fuzz(tmp_path, seed=18, cases=cases)
    print(f"\nloader fuzz: {sum(counts.values())} cases; {_summary(counts)}")
    assert sum(counts.values()) == sum(cases.values())
    assert findings == []


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mutated_files_long_run(tmp_path, seed):
    cases = {"pdf": 300, "docx": 250, "xlsx": 150, "pptx": 150, "txt": 80, "html": 60, "rtf": 12}
    counts, findings = _run_fuzz(tmp_path, seed=seed, cases=cases, timeout_s=60)
    print(f"\nloader fuzz (seed {seed}): {sum(counts.values())} cases; {_summary(counts)}")
    assert findings == []
