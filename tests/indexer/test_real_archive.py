"""Comparison tier: a fixed sample of the real Lâm Đồng archive (../shared/data) goes through
the batch extractor cleanly. The whole archive: `python -m eval.studies.extract_survey`."""

import random

import pytest

from indexer.extraction import extract_many
from indexer.extraction.errors import ExtractionError

SAMPLE_PER_FORMAT = {".docx": 6, ".doc": 6, ".pdf": 5, ".rtf": 2, ".xlsx": 2}


@pytest.mark.shared_data
def test_sample_of_the_lamdong_archive(shared_data):
    root = shared_data / "lamdong-dossiers" / "files"
    files = sorted(p for p in root.rglob("*") if p.is_file())
    rng = random.Random(20261124)
    sample = []
    for suffix, count in SAMPLE_PER_FORMAT.items():
        candidates = [p for p in files if p.suffix.lower() == suffix]
        sample += rng.sample(candidates, min(count, len(candidates)))
    results = {r.path: r.outcome for r in extract_many(sample, jobs=2)}
    assert set(results) == set(sample)
    failures = {p.name: o.message for p, o in results.items() if isinstance(o, ExtractionError)}
    assert not failures
    documents = list(results.values())
    assert all(d.text.strip() and d.encodings == [] for d in documents), "this archive has no legacy encodings"
    letters = [d for d in documents if d.format in ("docx", "doc", "pdf")]
    with_number = sum(1 for d in letters if d.metadata.number is not None)
    with_unit = sum(1 for d in letters if d.metadata.unit is not None)
    assert with_unit >= 0.7 * len(letters) and with_number >= 0.5 * len(letters), (with_unit, with_number, len(letters))


@pytest.mark.slow
@pytest.mark.shared_data
def test_the_whole_lamdong_archive(shared_data):
    """All 558 files (~3 minutes on 2 cores): none may fail."""
    root = shared_data / "lamdong-dossiers" / "files"
    files = sorted(p for p in root.rglob("*") if p.is_file())
    failures = {r.path.name: r.outcome.message for r in extract_many(files, jobs=2) if isinstance(r.outcome, ExtractionError)}
    assert len(files) == 558
    assert not failures
