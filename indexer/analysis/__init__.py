"""The Vietnamese analyzer shared by indexing and querying (public: api/ builds queries with it).

``analyze`` gives a text's terms (syllables, bigrams, document codes), ``Terms.folded`` their
accent-free forms, ``expansions`` the abbreviation/long-form alternatives of a query.
``ANALYZER_VERSION`` changes whenever indexed terms would change; an index records it.
"""

import hashlib

from indexer.analysis.abbreviations import expansions, long_forms
from indexer.analysis.tokens import BIGRAM_JOINER, Terms, analyze, field_text, has_accents
from indexer.extraction.document_kinds import abbreviation_pairs



def analyzer_version(kind_pairs: list[tuple[str, str]]) -> str:
    """Only what changes indexed terms counts: the (abbreviation, kind) pairs of the document kinds."""
    listed = "\n".join(f"{abbreviation}\t{kind}" for abbreviation, kind in sorted(kind_pairs)).encode()
    return "vi-syllable-bigram-code/3+" + hashlib.sha256(listed).hexdigest()[:8]


ANALYZER_VERSION = analyzer_version(abbreviation_pairs())

__all__ = ["ANALYZER_VERSION", "analyzer_version", "BIGRAM_JOINER", "Terms", "analyze", "expansions", "field_text", "long_forms", "has_accents"]
