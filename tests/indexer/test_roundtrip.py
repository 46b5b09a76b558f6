"""Core tier: the seed reports turned into real DOCX, PDF and TCVN3 text files come back with
the same text, sections and metadata as the original text files."""

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from indexer.extraction import extract_file
from indexer.extraction.serialize import metadata_to_json
from indexer.extraction.vietnamese.legacy import encode_tcvn3

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEEDS = sorted(CORPUS.glob("0*.txt"))
FIELDS = ("unit", "doc_type", "place", "date", "signer", "signer_position")


def _words(text: str) -> list[str]:
    return text.split()


def _make_docx(text: str, path: Path) -> None:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(path)


def _summary(document, fold_case: bool = False):
    values, _ = metadata_to_json(document.metadata)
    fold = (lambda s: s.casefold() if isinstance(s, str) else s) if fold_case else (lambda s: s)
    return {
        "fields": {k: fold(values[k]) for k in FIELDS},
        "references": sorted(r["code"] for r in values["references"]),
        "campaigns": sorted(fold(c) for c in values["campaigns"]),
        "headings": [" ".join(fold(s.heading).split()) for s in document.sections],
    }


@pytest.fixture(scope="module", params=SEEDS, ids=lambda p: p.name[:3])
def seed(request, tmp_path_factory):
    reference = extract_file(request.param)
    folder = tmp_path_factory.mktemp("roundtrip")
    return reference, folder


def test_docx(seed):
    reference, folder = seed
    path = folder / "báo cáo.docx"
    _make_docx(reference.text, path)
    document = extract_file(path)
    assert document.format == "docx"
    assert document.text == reference.text
    assert _summary(document) == _summary(reference)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing: run scripts/setup.sh")
def test_pdf(seed):
    reference, folder = seed
    source = folder / "để in.docx"
    _make_docx(reference.text, source)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    document = extract_file(folder / "để in.pdf")
    assert document.format == "pdf"
    assert len(document.pages) >= 3
    assert _words(document.text) == _words(reference.text)
    assert _summary(document) == _summary(reference)
    for section in document.sections:
        assert section.page_start is not None and section.page_start <= section.page_end


def test_tcvn3_text_file(seed):
    reference, folder = seed
    path = folder / "tcvn3.txt"
    path.write_bytes(encode_tcvn3(reference.text).encode("cp1252"))
    document = extract_file(path)
    assert document.encodings == ["tcvn3"]
    # TCVN3 has no capital toned letters ("Ủ" is typed "ủ"), so compare without case.
    assert document.text.casefold() == reference.text.casefold()
    assert _summary(document, fold_case=True) == _summary(reference, fold_case=True)
