"""The Vietnamese analyzer shared by indexing and querying (public: api/ builds queries with it).

``analyze`` gives a text's terms (syllables, bigrams, document codes), ``Terms.folded`` their
accent-free forms, ``expansions`` the abbreviation/long-form alternatives of a query.
``ANALYZER_VERSION`` changes whenever indexed terms would change; an index records it.
"""

import hashlib
from pathlib import Path

from indexer.analysis.abbreviations import expansions, long_forms
from indexer.analysis.tokens import BIGRAM_JOINER, Terms, analyze, field_text, has_accents

_KINDS = (Path(__file__).parent / "data" / "document_kinds.tsv").read_bytes()
ANALYZER_VERSION = "vi-syllable-bigram-code/1+" + hashlib.sha256(_KINDS).hexdigest()[:8]

__all__ = ["ANALYZER_VERSION", "BIGRAM_JOINER", "Terms", "analyze", "expansions", "field_text", "long_forms", "has_accents"]
