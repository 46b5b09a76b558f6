"""Document numbers and symbols as whole terms: "62-KL/TW", "62 KL-TW" and "Kết luận 62" meet.

A code is a number followed by letter groups (optionally a year between: "33/2024/NĐ-CP").
It yields its full form ("62-kl-tw") and its kind-and-number form ("62-kl"); a kind written
out in words before a number ("Kết luận số 62") yields the same kind-and-number form, using
the document kinds' abbreviations (``indexer/extraction/data/document_kinds.tsv``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from indexer.extraction.document_kinds import abbreviation_pairs

_DATA = Path(__file__).parent / "data"
_GROUP = r"[A-ZĐ][A-Za-zĐđ]{0,7}\d{0,2}"
# Separators inside a code: "-" or "/", spaces allowed around them; a bare space only between
# the number and upper-case letters ("62 KL-TW"), never inside lower-case prose.
_CODE = re.compile(
    rf"(?<![\w/.-])(\d{{1,5}})(?:/((?:19|20)\d\d))?(?:\s*[-/]\s*|\s)({_GROUP}(?:\s*[-/]\s*{_GROUP})*)(?![\w])"
)
_CODE_LOWER = re.compile(
    r"(?<![\w/.-])(\d{1,5})(?:/((?:19|20)\d\d))?\s*[-/]\s*([^\W\d_]{1,8}\d{0,2}(?:\s*[-/]\s*[^\W\d_]{1,8}\d{0,2})*)(?![\w])"
)
_SPLIT = re.compile(r"\s*[-/]\s*")


def read_table(name: str) -> list[tuple[str, list[str]]]:
    """Rows of a data file: key<TAB>value | value; '#' lines are comments."""
    rows = []
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, values = line.partition("\t")
        rows.append((key.strip(), [v.strip() for v in values.split("|") if v.strip()]))
    return rows


@lru_cache(maxsize=1)
def _kinds() -> tuple[dict[str, list[str]], re.Pattern[str]]:
    by_words: dict[str, list[str]] = {}
    for abbreviation, kind in abbreviation_pairs():  # "quy định" is both "QyĐ" and "QĐi"
        by_words.setdefault(kind.lower(), []).append(abbreviation.lower())
    alternatives = "|".join(sorted(map(re.escape, by_words), key=len, reverse=True))
    return by_words, re.compile(rf"(?<!\w)({alternatives})\s+(?:số\s+)?(\d{{1,5}})(?![\d/]*\d)", re.I)


def _code_forms(number: str, year: str | None, letters: str) -> list[str]:
    groups = [g.lower() for g in _SPLIT.split(letters) if g]
    number = str(int(number))
    full = "-".join([number] + ([year] if year else []) + groups)
    return [full, f"{number}-{groups[0]}"]


def code_terms(text: str) -> list[str]:
    """Code terms found in NFC text (any case), in order of appearance."""
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for pattern in (_CODE, _CODE_LOWER):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in spans):
                continue
            if pattern is _CODE_LOWER and not re.search(r"[-/]", text[match.end(1):match.start(3)] or "-"):
                continue
            spans.append(match.span())
            for form in _code_forms(match.group(1), match.group(2), match.group(3)):
                found.append((match.start(), form))
    by_words, kind_pattern = _kinds()
    for match in kind_pattern.finditer(text):
        for abbreviation in by_words[match.group(1).lower()]:
            found.append((match.start(), f"{int(match.group(2))}-{abbreviation}"))
    found.sort(key=lambda item: item[0])
    return [form for _, form in found]
