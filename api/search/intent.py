"""What a query asks for, as far as fusion cares: a question or a phrase to find.

A question ("Người đeo kính áp tròng có nên … không?") shares few words with its answer, and
the dense side ranks answers better; a phrase, a name or a sentence copied from a report is
found by its words. The fusion weights follow (api/search/fusion.py)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from indexer.extraction.vietnamese.normalize import fold_accents

_WORDS = Path(__file__).parent / "data" / "question_words.txt"


@lru_cache(maxsize=1)
def _question_pattern() -> re.Pattern:
    forms = [line.strip() for line in _WORDS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)")


# A question may end on its particle without "?": "… loại mạng nào", "… có được không".
_LAST_WORD_ASKS = re.compile(r"(?<!\w)(?:nao|gi|ai|dau|khong|chua|may)\W*$")
_FIRST_WORD_ASKS = re.compile(r"^\W*ai(?!\w)")  # "Ai đã hợp tác với …"


def is_question(query: str) -> bool:
    folded = fold_accents(query).lower()
    return "?" in query or bool(_question_pattern().search(folded) or _LAST_WORD_ASKS.search(folded)
                                or _FIRST_WORD_ASKS.search(folded))
