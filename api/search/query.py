"""Query → weighted lexical clauses: accents, bigrams, document codes, abbreviations.

An accented query searches the accented field and, with a smaller weight, the folded one,
so exact-accent matches outrank folded ones (a query of several words there by its bigrams and
codes only; one word by itself too). A query without any diacritic is taken as
typed without accents and searches the folded field only ("vi nguoi ngheo").
Abbreviation expansions ("MTTQ" → "mặt trận tổ quốc") add their bigrams (their phrase), not
their single syllables, which would match too widely.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.analysis import analyze, expansions, has_accents
from indexer.store.lexical import CONTEXT, EXACT, FOLDED


@dataclass
class LexicalWeights:
    unigram: float = 1.0
    bigram: float = 1.0
    code: float = 2.0
    folded_when_accented: float = 0.5
    # Folded single syllables of an accented query of several words ("cua" for "của") walk the
    # longest posting lists of the index, for matches its folded bigrams mostly find too: this
    # factor multiplies folded_when_accented for them (a one-word query keeps them whole).
    # 0 saves a third of tantivy's time for almost no loss of quality (docs/decisions.md).
    folded_unigrams_when_accented: float = 0.0
    expansion: float = 0.7
    context: float = 0.3  # title and section path, repeated on every chunk of a document
    # api/search/proximity.py: the top proximity_depth BM25 scores × (1 + proximity · coverage ** proximity_power);
    # a high power rewards holding (nearly) all of the query's word pairs, not some of them.
    proximity: float = 2.0
    proximity_power: float = 5.0
    proximity_depth: int = 30


@dataclass
class QueryPlan:
    text: str
    accented: bool
    clauses: list[tuple[str, str, float]] = field(default_factory=list)  # (field, term, boost)
    words: list[str] = field(default_factory=list)  # folded syllables, for highlighting

    @property
    def empty(self) -> bool:
        return not self.clauses


def _add(plan: QueryPlan, field_name: str, terms, weights: LexicalWeights, factor: float,
         unigram_factor: float = 1.0) -> None:
    for kind, weight in ((terms.unigrams, weights.unigram * unigram_factor), (terms.bigrams, weights.bigram),
                         (terms.codes, weights.code)):
        if weight * factor <= 0:
            continue  # a clause of weight 0 would cost a posting-list walk for nothing
        for term in kind:
            plan.clauses.append((field_name, term, weight * factor))
            if weights.context > 0:
                plan.clauses.append((CONTEXT[field_name], term, weight * factor * weights.context))


def plan_query(text: str, weights: LexicalWeights | None = None) -> QueryPlan:
    weights = weights or LexicalWeights()
    terms = analyze(text)
    folded = terms.folded()
    plan = QueryPlan(text=text, accented=has_accents(text), words=list(dict.fromkeys(folded.unigrams)))
    if plan.accented:
        _add(plan, EXACT, terms, weights, 1.0)
        _add(plan, FOLDED, folded, weights, weights.folded_when_accented,
             weights.folded_unigrams_when_accented if folded.bigrams else 1.0)
    else:
        _add(plan, FOLDED, folded, weights, 1.0)
    for phrase in expansions(text):
        extra = analyze(phrase).folded()
        if not extra.bigrams:  # a one-word form: the abbreviation itself
            extra.bigrams = extra.unigrams
        extra.unigrams = []
        _add(plan, FOLDED, extra, weights, weights.expansion)
        plan.words.extend(w for w in analyze(phrase).folded().unigrams if w not in plan.words)
    merged: dict[tuple[str, str], float] = {}
    for field_name, term, boost in plan.clauses:  # a repeated term is one clause with the summed weight
        merged[(field_name, term)] = merged.get((field_name, term), 0.0) + boost
    plan.clauses = [(f, t, b) for (f, t), b in merged.items()]
    return plan
