"""Comparison tier: tracuu's text against the viparse-corpus ground truth on a fixed subset,
one file per format and encoding (the full run is `python -m eval.ingest_benchmark`)."""

import pytest

from eval.ingest_scoring import score
from indexer.extraction import extract_file

# file → diacritic accuracy measured by eval.ingest_benchmark on 2026-11-24; a drop of more
# than 0.01 on any file fails.
EXPECTED = {
    "public-domain/tcvn3/2002-0112qd.doc": 0.999,
    "public-domain/tcvn3/2004-A40.rtf": 1.0,
    "public-domain/tcvn3/2006-19412_QD115.04TTg_BLTch_DNNVV.pdf": 1.0,
    "public-domain/tcvn3/2006-1E499_ND109veDKKD_dacotrenmucPTDNN-V.pdf": 0.999,
    "public-domain/tcvn3/2004-duanLD9820.doc": 0.99,
    "public-domain/tcvn3/2005-82F5B_NK_01-05.xls": 1.0,
    "public-domain/vni/2006-Mau21_CKTC_NSH.xls": 1.0,
    "public-domain/vni/2006-quydinhkiemtra02.doc": 0.995,
    "public-domain/vni/2009-Van-ban-phap-quy-2-_10-02-09.ppt": 1.0,
    "synthetic/synthetic-vni-2002-0112qd.docx": 1.0,
}


@pytest.mark.shared_data
@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_diacritic_accuracy_does_not_regress(shared_data, relative):
    corpus = shared_data / "viparse-corpus"
    path = corpus / "corpus" / relative
    truth_dir = "ground-truth-synthetic" if relative.startswith("synthetic/") else "ground-truth"
    truth = (corpus / truth_dir / (path.name.rsplit(".", 1)[0] + ".txt")).read_text(encoding="utf-8")
    result = score(truth, extract_file(path).text)
    assert result["diacritic"] >= EXPECTED[relative] - 0.01, result
