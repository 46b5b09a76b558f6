"""Kinds of administrative documents (báo cáo, kế hoạch, công điện …), read from the one data
file that the section parser, the metadata readers and the analyzer share:
``data/document_kinds.tsv`` (kind, abbreviations used in document numbers, roles)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from indexer.extraction.lines import first_cell, is_uppercase_line

DATA_FILE = Path(__file__).parent / "data" / "document_kinds.tsv"
_ROLES = {"title", "cited"}


@dataclass(frozen=True)
class DocumentKind:
    name: str  # lowercase, as written in a sentence
    abbreviations: tuple[str, ...]  # as in document numbers: "KL" of "62-KL/TW"
    titled: bool  # a title line names it ("BÁO CÁO"): it can be a document's type
    cited: bool  # written before the number of a cited document ("Kết luận số 62")


def _read(path: Path = DATA_FILE) -> tuple[DocumentKind, ...]:
    kinds = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, abbreviations, roles = (line.split("\t") + ["", ""])[:3]
        unknown = set(roles.split()) - _ROLES
        if not name.strip() or unknown:
            raise ValueError(f"{path}:{number}: expected kind<TAB>abbreviations<TAB>roles ({', '.join(sorted(_ROLES))}), "
                             f"got {line!r}")
        kinds.append(DocumentKind(name.strip(), tuple(abbreviations.split()), "title" in roles.split(),
                                  "cited" in roles.split()))
    return tuple(kinds)


KINDS = _read()
KIND_OF_ABBREVIATION = {abbreviation: kind.name for kind in KINDS for abbreviation in kind.abbreviations}
CITED_KINDS = tuple(kind.name for kind in KINDS if kind.cited)
_TITLE_LINE = re.compile(
    r"^(?P<type>" + "|".join(sorted((kind.name.upper() for kind in KINDS if kind.titled), key=len, reverse=True)) + r")\b"
)


def abbreviation_pairs() -> list[tuple[str, str]]:
    """(abbreviation, kind) for every abbreviation: what the analyzer indexes, and hashes."""
    return sorted(KIND_OF_ABBREVIATION.items())


def doc_type_of_line(line: str) -> str | None:
    """The document type a title line names ("BÁO CÁO", "ĐIỀU LỆ (SỬA ĐỔI)"), lowercase."""
    cell = first_cell(line)
    if not cell or len(cell) > 60 or not is_uppercase_line(cell):
        return None
    match = _TITLE_LINE.match(cell)
    return match.group("type").lower() if match else None
