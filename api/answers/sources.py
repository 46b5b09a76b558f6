"""The documents a question names as its source ("Theo tham luận của Tổng Liên đoàn …, …", "Kế
hoạch cải cách hành chính năm 2026 của tỉnh Lâm Đồng nói gì về …"), and the rest of the question
to search them for: a search of the whole archive ranks the source's own sentence below sentences
elsewhere that share more of the question's many words."""

from __future__ import annotations

import re
from dataclasses import replace

from api.answers.evidence import document_infos
from api.answers.passages import folded
from api.answers.questions import Question, without_campaign
from api.answers.topics import SubjectWeights, content_words
from api.search import Filters, SearchRequest, Searcher
from indexer.analysis import analyze
from indexer.extraction.document_kinds import KINDS

SOURCE_SHARE = 0.8  # of the named source's words, in a document's type, title, unit, number and file name
SOURCE_CANDIDATES = 60
OPENING_CHARS = 700  # the letterhead and the first sentence
_SYLLABLE = re.compile(r"[^\W_]+")
_BRACKETED = re.compile(r"\([^()]*\)")
# "tham luận của UBND Thành phố Hồ Chí Minh tại hội nghị triển khai …": where the document was presented,
# which its own fields (title, unit, kind) do not say; the invitation to that meeting does
_OCCASION = re.compile(r"\s+(?:tại|trong|ở)\s+(?:các\s+)?(?:hội nghị|hội thảo|cuộc họp|buổi làm việc|phiên họp|kỳ họp)\b.*$",
                       re.I | re.S)


def source_documents(searcher: Searcher, source: str, filters: Filters) -> list[int]:
    """The documents whose own fields hold the most of the words naming ``source``, at least 80%:
    "Điều lệ Liên đoàn Bóng rổ tỉnh Lâm Đồng" is the charter holding every word, not the Bóng bàn
    charter that holds all but one."""
    # "Điều lệ (sửa đổi, bổ sung) Liên đoàn …": a bracketed qualifier of the version, which the charter's
    # own title need not repeat
    if named_kind(source) and (document := _OCCASION.sub("", source)) != source and len(content_words(document)) >= 3:
        source = document
    words = content_words(_BRACKETED.sub(" ", source)) or content_words(source)
    if not words:
        return []
    found = searcher.search(SearchRequest(query=source, k=SOURCE_CANDIDATES, filters=filters, mode="bm25"))
    infos = document_infos(searcher.reader, {r.doc_id for r in found.results})
    # "Thông tư 172/1998/TT/BTC": the number names one document, which every Thông tư of the Bộ shares
    # the words of; a number no document bears names none in the archive
    if codes := analyze(without_campaign(source)).folded().codes:
        return sorted(doc_id for doc_id, info in infos.items() if info.numbered(codes))
    own = {doc_id: info.own_words(identifiers=True) for doc_id, info in infos.items()}
    shares = {doc_id: sum(w in own[doc_id] for w in words) / len(words) for doc_id in infos}  # DocumentInfo.share_of, read once
    # a document without a title read (a Giấy mời: "… mời dự Hội nghị triển khai Chương trình …") names
    # itself in its opening lines: it is the source when these hold more of the words than any
    # document's fields do; one whose title read is only its bracketed note ("(Kèm theo Quyết định số
    # … của Chủ tịch …)", under a charter's "ĐIỀU LỆ / HỘI GOLF TỈNH LÂM ĐỒNG") is named by them outright
    by_fields = max(shares.values(), default=0.0)
    noted = {doc_id for doc_id, info in infos.items() if noted_title(info)}
    untitled = [doc_id for doc_id, info in infos.items() if not info.title or doc_id in noted]
    for doc_id, text in (searcher.reader.document_texts(untitled) if untitled else {}).items():
        opening = own[doc_id] | set(_SYLLABLE.findall(folded(text[:OPENING_CHARS])))
        share = sum(w in opening for w in words) / len(words)
        if share > by_fields or doc_id in noted and share > shares[doc_id]:
            shares[doc_id], own[doc_id] = share, opening
    eligible = {doc_id: share for doc_id, share in shares.items() if share >= SOURCE_SHARE}
    # "Điều lệ (sửa đổi) Liên đoàn …": the charter itself, not the decision approving it that holds one more of the words
    kind = named_kind(source)
    of_kind = {doc_id: share for doc_id, share in eligible.items() if kind and infos[doc_id].doc_type == kind}
    eligible = of_kind or eligible
    # "báo cáo Đề án 06 tháng 3/2026": of a monthly series, the report of that month
    if month := _MONTH.search(folded(source)):
        of_that_month = {doc_id: share for doc_id, share in eligible.items()
                         if of_month(infos[doc_id], *map(int, month.groups()))}
        eligible = of_that_month or eligible
    # of those, the ones holding the rarest words: "Billiards", "Snooker", not "sửa đổi" that any charter may say
    weights = SubjectWeights(searcher.reader, words)
    weighted = {doc_id: round(weights.share(own[doc_id]) if share < 1.0 else 1.0, 6)
                for doc_id, share in eligible.items()}
    best = max(weighted.values(), default=0.0)
    return sorted(doc_id for doc_id, share in weighted.items() if share == best)


def noted_title(info) -> bool:
    """The title read is the document's bracketed note ("(Kèm theo Quyết định số … của Chủ tịch …)",
    over a charter's "ĐIỀU LỆ / HỘI GOLF TỈNH LÂM ĐỒNG"), or ends in it after the name's last line
    ("BÌNH THUẬN TỈNH LÂM ĐỒNG (Kèm theo …)"): its opening lines name it."""
    return bool(info.title) and (info.title.lstrip().startswith("(") or _NOTE.search(folded(info.title)) is not None)


_NOTE = re.compile(r"\(\s*kem theo\b")


_MONTH = re.compile(r"\bthang\s*(\d{1,2})\s*(?:/|nam|-|\.)\s*((?:19|20)\d{2})\b")


def names_a_month(info) -> bool:
    """The document's title or file name names a month ("tháng 8/2025", "BC tháng 3.2026 …")."""
    return re.search(r"\bthang\s*\d", folded(f"{info.title or ''} {info.name or ''}")) is not None


def of_month(info, month: int, year: int) -> bool:
    """A document of that month: its title or file name saying it ("tháng 8/2025", "BC tháng 3.2026
    …"), or, when they name no month, dated in it (the October report is often signed in November)."""
    if names_a_month(info):
        said = folded(f"{info.title or ''} {info.name or ''}")
        return re.search(rf"\bthang\s*0?{month}(?!\d)", said) is not None and (str(year) in said or info.year == year)
    return bool(info.date and info.date.startswith(f"{year}-{month:02d}"))


_KIND_NAMES = sorted((kind.name for kind in KINDS), key=len, reverse=True)


def named_kind(source: str) -> str | None:
    """The kind of document a source's name opens with: "Điều lệ (sửa đổi) Liên đoàn …" → "điều lệ"."""
    lowered = source.strip().lower()
    return next((kind for kind in _KIND_NAMES if re.match(rf"{re.escape(kind)}(?!\w)", lowered)), None)


def words_beyond(text: str, named: set[str]) -> str:
    """``text`` without the words that only name (folded ``named``: the source, the organisation),
    itself when nothing else is left."""
    kept = [w for w in text.split() if not (syllables := set(_SYLLABLE.findall(folded(w)))) or not syllables <= named]
    return " ".join(kept) or text


def within_source(searcher: Searcher, question: Question, filters: Filters) -> tuple[str, Filters] | None:
    """The rest of the question and the filters narrowed to its source's documents; None when the
    question names no source or no document holds it."""
    if not question.source:
        return None
    sources = source_documents(searcher, question.source, filters)
    if not sources:
        return None
    return words_beyond(question.topic or question.text, set(content_words(question.source))), replace(filters, doc_ids=sources)
