"""Evidence: the chunks where a named thing really occurs, and the cited passages around it.

Candidates come from the lexical index (every bigram of the phrase must be in the chunk, so
nothing is missed however many chunks match), then each is verified on the chunk's text with
an accent-insensitive phrase match. A passage is the sentence holding the mention, narrowed to
its clauses when it is a long enumeration, plus the following sentences of the same paragraph
that state figures ("… đạt kết quả tốt. … 98 ngàn suất quà tổng trị giá trên 50 tỷ đồng …").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from api.answers.figures import extract_figures
from api.answers.passages import MAX_PASSAGE_CHARS, clauses, comma_optional, find_phrases, folded, paragraph_bounds, sentences
from api.answers.response import DocumentAnswer, Evidence
from indexer.analysis import analyze, long_forms
from indexer.analysis.abbreviations import abbreviations_written
from indexer.store.lexical import FOLDED
from indexer.store.reader import ChunkRow, IndexReader

_SYLLABLE = re.compile(r"[^\W_]+")
MAX_CANDIDATES = 20_000
FOLLOWING_SENTENCES = 2
PASSAGES_PER_DOCUMENT = 3
MAX_PASSAGES_READ = 12
THIN_SYLLABLES = 20


def required_terms(phrase: str) -> list[list[tuple[str, str]]]:
    """The sets of folded terms a chunk containing ``phrase`` holds one of: its bigrams and codes
    (or its single syllable), and, where a comma may stand between two of its words ("phòng,
    chống ma túy" for "phòng chống ma túy") and so no bigram joins them, the same less that one."""
    terms = analyze(phrase).folded()
    wanted = list(dict.fromkeys(terms.bigrams + terms.codes or terms.unigrams))
    sets = [wanted]
    sets += [[t for t in wanted if t != bigram] for bigram in terms.bigrams
             if len(terms.bigrams) >= 2 and comma_optional(*bigram.split("_", 1))]
    return [[(FOLDED, term) for term in terms_set] for terms_set in sets if terms_set]


def chunks_containing(reader: IndexReader, phrases: list[str], doc_ids: list[int] | None = None) -> dict[int, list[tuple[int, int]]]:
    """chunk id → spans (in the document text) of any of ``phrases``, verified on the text."""
    candidates: set[int] = set()
    for phrase in phrases:
        for required in required_terms(phrase):
            candidates.update(reader.lexical.containing(required, MAX_CANDIDATES, doc_ids))
    found: dict[int, list[tuple[int, int]]] = {}
    rows = reader.chunks(sorted(candidates)) if candidates else {}
    for chunk_id, chunk in rows.items():
        spans = find_phrases(chunk.text, phrases)
        if spans:
            found[chunk_id] = [(chunk.start + s, chunk.start + e) for s, e in spans]
    return found


def _code_parts(code: str) -> tuple[str, str, set[str]]:
    """"172-1998-tt-btc" → ("172", "1998", {"tt", "btc"})."""
    number, *rest = code.split("-")
    year = rest.pop(0) if rest and re.fullmatch(r"(?:19|20)\d\d", rest[0]) else ""
    return number, year, set(rest)


@dataclass
class DocumentInfo:
    doc_id: int
    title: str | None
    unit: str | None
    date: str | None
    year: int | None
    doc_type: str | None
    number: str | None
    place: str | None
    path: str | None
    name: str | None  # what to call its file: the uploader's name for an upload, else the file's own name
    issuers: tuple[str, ...] = ()  # a joint document's organs, its unit first ("Bộ Tài chính", "Bộ Công nghiệp", …)

    def own_text(self, identifiers: bool = False) -> str:
        """What the document says of itself, in reading order: type, title, unit, place and year —
        and with ``identifiers`` its number and file name."""
        fields = [self.doc_type, self.title, self.unit, self.place, self.year]
        if identifiers:
            fields += [self.number, self.name]
        return " ".join(str(x) for x in fields if x)

    def own_words(self, identifiers: bool = False) -> set[str]:
        """Folded syllables of ``own_text``."""
        return set(_SYLLABLE.findall(folded(self.own_text(identifiers))))

    def numbered(self, codes: list[str] | set[str]) -> bool:
        """Its own number is one of ``codes`` (folded code keys, "172-1998-tt-btc"), also as a question
        shortens it: "TT 172/1998/BTC" leaves out a letter group, "Thông tư 172/TT" the year."""
        if not codes or not self.number:
            return False
        own = [_code_parts(code) for code in analyze(self.number).folded().codes]
        named = [_code_parts(code) for code in codes]
        # the short key analysis adds for each code ("172-tt" of "172-1998-tt-btc") would match another year's
        named = [(n, y, g) for n, y, g in named
                 if not any(n == n2 and g <= g2 and (y2 and not y or g < g2) for n2, y2, g2 in named)]
        return any(groups and number == n and (not year or not y or year == y) and groups <= g
                   for number, year, groups in named for n, y, g in own)

    def share_of(self, words: list[str], identifiers: bool = False) -> float:
        """How much of a description (folded ``words``) the document's own fields hold."""
        own = self.own_words(identifiers)
        return sum(w in own for w in words) / len(words) if words else 0.0

    def answer(self, evidence: list[Evidence], score: float = 0.0) -> DocumentAnswer:
        return DocumentAnswer(self.doc_id, self.title, self.date, self.doc_type, self.number, self.path, self.name,
                              evidence, score)


FRONT_CHARS = 1500  # the letterhead and title block, where an organisation's full name stands


def front_matter(info, text: str) -> str:
    """Where a document names itself: its unit, place and title as read, and its first lines."""
    return " ".join(filter(None, [info.unit, info.place, info.title, text[:FRONT_CHARS]]))


def place_ok(place: str | None, info, text: str = "") -> bool:
    """The place is the document's own: in its unit, place or title, or its front matter
    ("Hiệp hội Doanh nghiệp tỉnh Bình Thuận" heads a report whose unit reads "Hiệp hội doanh nghiệp")."""
    return not place or bool(find_phrases(front_matter(info, text), [place]))


def written_place(reader: IndexReader, place: str) -> str:
    """A place a question typed plain names takes the two words after its level as its name ("thanh pho
    hue cong suat …" → "thanh pho hue cong"); where no document writes that and one writes the place
    with one word fewer ("thành phố Huế"), that one."""
    words = place.split()
    if len(words) < 3 or chunks_containing(reader, [place]) or not chunks_containing(reader, [" ".join(words[:-1])]):
        return place
    return " ".join(words[:-1])


def document_infos(reader: IndexReader, doc_ids) -> dict[int, DocumentInfo]:
    rows = reader.documents(sorted(set(doc_ids))) if doc_ids else {}
    uploaded = reader.upload_names(list(rows)) if rows else {}
    out = {}
    for doc_id, r in rows.items():
        paths = json.loads(r["paths"] or "[]")
        out[doc_id] = DocumentInfo(doc_id, r["title"], r["unit"], r["date"], r["year"], r["doc_type"], r["number"],
                                   r["place"], paths[0] if paths else None,
                                   uploaded.get(doc_id) or (PurePath(paths[0]).name if paths else None))
    lookup = getattr(reader, "issuers", None)  # a cluster index (indexer/store/opensearch) does not carry them
    for doc_id, issuers in (lookup(list(out)) if lookup and out else {}).items():
        out[doc_id].issuers = tuple(issuers)
    _unit_from_versions(reader, out)
    return out


def _unit_from_versions(reader: IndexReader, infos: dict[int, DocumentInfo]) -> None:
    """A document whose unit was not read takes its version group's (indexer/versions.py): a
    draft without its letterhead is its final's report, counted under the final's unit."""
    missing = [doc_id for doc_id, info in infos.items() if not info.unit]
    lookup = getattr(reader, "version_groups", None)
    groups = lookup(missing) if missing and lookup else {}
    members = {member for group in groups.values() for member in group if member not in infos}
    rows = reader.documents(sorted(members)) if members else {}
    units = {doc_id: info.unit for doc_id, info in infos.items()} | {doc_id: row["unit"] for doc_id, row in rows.items()}
    for doc_id, group in groups.items():
        infos[doc_id].unit = next((units[m] for m in group if units.get(m)), None)


def passage_span(text: str, mention: tuple[int, int], phrase_spans: list[tuple[int, int]],
                 following: int = FOLLOWING_SENTENCES) -> tuple[int, int, list[tuple[int, int]]]:
    """(start, end, figure zones) of the passage citing ``mention``; figures count only inside
    the zones (the mentioning clauses of a long sentence, and the following sentences)."""
    para_start, para_end = paragraph_bounds(text, mention[0])
    spans = sentences(text, para_start, para_end)
    index = next((i for i, (s, e) in enumerate(spans) if s <= mention[0] < e), 0)
    start, end = spans[index] if spans else (para_start, para_end)
    zones = [(start, end)]
    parts = clauses(text, start, end)
    if len(parts) > 1:
        mentioned = [(s, e) for s, e in parts if any(s <= ms < e for ms, _ in phrase_spans)] or [parts[0]]
        zones = mentioned
        if end - start > MAX_PASSAGE_CHARS:
            start, end = mentioned[0][0], mentioned[-1][1]
    for s, e in spans[index + 1:index + 1 + following]:
        if e - start > MAX_PASSAGE_CHARS or not extract_figures(text[s:e]):
            break
        end = e
        zones.append((s, e))
    return start, end, zones


def figures_in(text: str, start: int, end: int, zones: list[tuple[int, int]]) -> list[dict]:
    out = []
    for figure in extract_figures(text[start:end]):
        absolute = (start + figure.start, start + figure.end)
        if any(zs <= absolute[0] and absolute[1] <= ze for zs, ze in zones):
            item = figure.to_json()
            item["start"], item["end"] = figure.start, figure.end  # offsets in the evidence text
            out.append(item)
    return out


def chunk_at(chunks: list[ChunkRow], position: int) -> ChunkRow | None:
    inside = [c for c in chunks if c.start <= position < c.end]
    return min(inside, key=lambda c: c.end - c.start) if inside else (chunks[0] if chunks else None)


def _thin(evidence: Evidence) -> bool:
    """A heading or title line: no figure, and short with no full stop, or all in capitals."""
    if evidence.figures:
        return False
    text = evidence.text.rstrip()
    return text.isupper() or (len(_SYLLABLE.findall(text)) <= THIN_SYLLABLES and not text.endswith((".", ";", ":")))


def mention_evidence(text: str, mentions: list[tuple[int, int]], chunks: list[ChunkRow], match: str,
                     limit: int = PASSAGES_PER_DOCUMENT) -> list[Evidence]:
    """One passage per group of nearby mentions, in reading order, at most ``limit``; headings
    and title lines that merely name the subject give way to passages that say something."""
    evidence: list[Evidence] = []
    for mention in sorted(set(mentions)):
        if any(e.char_start <= mention[0] < e.char_end for e in evidence):
            continue
        if len(evidence) >= MAX_PASSAGES_READ:
            break
        start, end, zones = passage_span(text, mention, mentions)
        chunk = chunk_at(chunks, mention[0])
        evidence.append(Evidence(
            text=text[start:end], chunk_id=chunk.chunk_id if chunk else None,
            section_path=chunk.section_path if chunk else [], page_start=chunk.page_start if chunk else None,
            page_end=chunk.page_end if chunk else None, char_start=start, char_end=end,
            figures=figures_in(text, start, end, zones), match=match))
    substantial = [e for e in evidence if not _thin(e)]
    return (substantial or evidence)[:limit]


def words_in_one_sentence(text: str, start: int, end: int, words: list[str], at_least: int | None = None) -> list[tuple[int, int]]:
    """Sentences of text[start:end] holding every one of ``words`` (folded syllables), or
    ``at_least`` of them; an abbreviation holds its long form's ("TTHC": thủ tục hành chính)."""
    wanted = set(words)
    need = len(wanted) if at_least is None else at_least
    return [(s, e) for s, e in sentences(text, start, end) if len(wanted & sentence_words(text, s, e)) >= need]


def sentence_words(text: str, start: int, end: int) -> set[str]:
    """The folded syllables of text[start:end], with those of the long forms of the
    abbreviations it writes ("TTHC" → thủ tục hành chính), and the abbreviations of the long forms
    it writes ("an sinh xã hội" → asxh): a question may write either."""
    syllables = _SYLLABLE.findall(folded(text[start:end]))
    present = set(syllables) | abbreviations_written(syllables)
    for abbreviation in _ABBREVIATION.findall(text, start, end):
        present |= _long_syllables(abbreviation)
    return present


def sentence_pairs(text: str, start: int, end: int) -> set[tuple[str, str]]:
    """The adjacent pairs of folded syllables in text[start:end], an abbreviation read as its long
    forms ("cải cách TTHC" holds cach–thu, thu–tuc, tuc–hanh, hanh–chinh)."""
    pairs: set[tuple[str, str]] = set()
    last: set[str] = set()
    for word in _SYLLABLE.findall(text, start, end):
        forms = [_SYLLABLE.findall(folded(f)) for f in long_forms(word)] if _ABBREVIATION.fullmatch(word) else []
        forms = [f for f in forms if f] or [[folded(word)]]
        for form in forms:
            pairs.update((a, form[0]) for a in last)
            pairs.update(zip(form, form[1:]))
        last = {form[-1] for form in forms}
    return pairs


_ABBREVIATION = re.compile(r"(?<!\w)[A-ZĐ]{2,}(?!\w)")


@lru_cache(maxsize=4096)
def _long_syllables(abbreviation: str) -> frozenset[str]:
    return frozenset(w for form in long_forms(abbreviation) for w in _SYLLABLE.findall(folded(form)))
