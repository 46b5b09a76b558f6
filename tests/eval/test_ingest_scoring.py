"""The ingestion benchmark's scores on small real Vietnamese strings."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from eval.ingest_benchmark import _stem, discover
from eval.ingest_scoring import (
    NAIVE_LIMIT,
    base_char,
    char_accuracy,
    diacritic_accuracy,
    has_diacritic,
    normalize,
    score,
    strip_marks,
    syllable_accuracy,
)

TEXT = "Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;\nQUYẾT ĐỊNH: Điều 1. Đối tượng áp dụng"
# The same text as a loader that kept the TCVN3 bytes would return it.
REPORT = (
    "Báo cáo tình hình thực hiện kế hoạch phát triển kinh tế xã hội sáu tháng đầu năm, "
    "Ủy ban nhân dân tỉnh Lạng Sơn; vốn đầu tư nước ngoài, doanh nghiệp nhỏ và vừa, "
    "thuế tiêu thụ đặc biệt, ngân sách nhà nước, hướng dẫn ghi phiếu điều tra"
)
TCVN3_RAW = "C¨n cø LuËt Tæ chøc ChÝnh phñ ngµy 25 th¸ng 12 n¨m 2001;\nQUYÕT §ÞNH: §iÒu 1. §èi t­îng ¸p dông"


def test_identical_text_scores_one() -> None:
    assert score(TEXT, TEXT) == {"char": 1.0, "diacritic": 1.0, "syllable": 1.0}


def test_whitespace_and_normal_form_do_not_count() -> None:
    decomposed = unicodedata.normalize("NFD", TEXT).replace(" ", "  \t").replace("\n", "\r\n\n")
    assert score(TEXT, decomposed) == {"char": 1.0, "diacritic": 1.0, "syllable": 1.0}


def test_lost_horn_lowers_diacritic_accuracy() -> None:
    expected, got = "Bộ trưởng Bộ Tài chính, Dương Văn Minh", "Bộ trưởng Bộ Tài chính, Dơng Văn Minh"
    scores = score(expected, got)
    # "ư" is gone: the alignment on base letters still lines up the rest of the word.
    marked = sum(map(has_diacritic, expected))
    assert scores["diacritic"] == pytest.approx((marked - 1) / marked)
    assert scores["char"] == pytest.approx((len(expected) - 1) / len(expected))
    assert scores["syllable"] == pytest.approx(7 / 8)


def test_wrong_tone_counts_as_wrong_not_as_missing() -> None:
    # Same base letters, so the characters align; "ố" vs "ồ" is a wrong recovery.
    assert diacritic_accuracy("số", "sồ") == 0.0
    assert diacritic_accuracy("số tiền", "sồ tiền") == pytest.approx(1 / 2)
    assert char_accuracy("số", "sồ") == 0.5


def test_still_tcvn3_text_scores_near_zero_on_diacritics() -> None:
    scores = score(TEXT, TCVN3_RAW)
    assert scores["diacritic"] < 0.05
    assert 0.5 < scores["char"] < 0.9  # ASCII letters and digits survive
    assert scores["syllable"] < 0.5


def test_missing_text_and_empty_output() -> None:
    assert score(TEXT, "") == {"char": 0.0, "diacritic": 0.0, "syllable": 0.0}
    half = TEXT[: len(TEXT) // 2]
    assert 0.4 < score(TEXT, half)["char"] < 0.6


def test_diacritic_definition() -> None:
    assert [has_diacritic(ch) for ch in "aăâđĐeêơườ1"] == [False, True, True, True, True, False, True, True, True, True, False]
    assert [base_char(ch) for ch in "ẫđĐỰ"] == ["a", "d", "D", "U"]


def test_normalize_collapses_whitespace() -> None:
    assert normalize(" Hà  Nội\n\tngày ") == "Hà Nội ngày"


def test_syllable_accuracy_counts_expected_tokens() -> None:
    assert syllable_accuracy("Hà Nội ngày 13", "Hà Noi ngày 13 tháng") == 0.75


def _long_pair() -> tuple[str, str]:
    """~6k characters of shuffled real syllables, and a copy with lost marks and edits."""
    rng = random.Random(7)
    syllables = (TEXT + " " + REPORT).split()
    expected = " ".join(rng.choice(syllables) for _ in range(1300))
    got = []
    for k, syllable in enumerate(expected.split()):
        if k % 9 == 0:
            syllable = strip_marks(syllable)
        if k % 50 == 0:
            continue
        got.append(syllable)
    return expected, " ".join(got)


def test_fast_alignment_agrees_with_difflib_on_long_text() -> None:
    expected, got = _long_pair()
    assert len(expected) * len(got) > NAIVE_LIMIT  # so align() takes the token-anchored path
    fast, naive = score(expected, got), score(expected, got, naive=True)
    assert fast["char"] == pytest.approx(naive["char"], abs=0.002)
    assert fast["diacritic"] == pytest.approx(naive["diacritic"], abs=0.005)
    assert fast["diacritic"] < 0.95  # the stripped syllables are counted as wrong


def test_ground_truth_stem_drops_only_the_last_extension() -> None:
    assert _stem(Path("2007-bkqd1412006.dot.xls")) == "2007-bkqd1412006.dot"


def test_discover_pairs_originals_with_ground_truth(tmp_path: Path) -> None:
    (tmp_path / "corpus/public-domain/tcvn3").mkdir(parents=True)
    (tmp_path / "ground-truth").mkdir()
    (tmp_path / "corpus/public-domain/tcvn3/a.dot.xls").write_bytes(b"x")
    (tmp_path / "corpus/public-domain/tcvn3/b.doc").write_bytes(b"x")
    (tmp_path / "ground-truth/a.dot.txt").write_text("Hà Nội", encoding="utf-8")
    files = discover(tmp_path)
    assert [(file.name, file.encoding, file.format) for file in files] == [("a.dot.xls", "tcvn3", "xls")]
