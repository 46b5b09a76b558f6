"""Questions about a document itself — who signed it, when it was issued, its number, the
documents it cites, the documents a unit issued in a period — answered from the metadata read
at indexing (indexer/extraction/metadata), each value cited with the span it was read from.

The document asked about is found by the codes the question names ("Tờ trình 1050/TTr-SNV"),
else by search: candidates from hybrid retrieval, ranked by how much of the question's
description their title, type, unit and number hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.answers.bylines import read_byline
from api.answers.compared import written_out
from api.answers.evidence import FRONT_CHARS, DocumentInfo, chunk_at, chunks_containing, document_infos
from api.answers.passages import find_phrases, folded, sentences
from api.answers.periods import Period, find_period
from api.answers.questions import Question
from api.answers.response import Evidence, UnitAnswer
from api.answers.sources import names_a_month, of_month
from api.answers.topics import content_words
from api.answers.unit_answers import group_by_unit, unit_key
from api.answers.wording import clip, vietnamese_date
from api.search import Filters, SearchRequest, Searcher
from api.search.filters import FilterError, allowed_documents, date_bound
from indexer.extraction.metadata.patterns import UPPER
from indexer.extraction.metadata.references import references
from indexer.store.reader import ChunkRow

_SYLLABLE = re.compile(r"[^\W_]+")
CANDIDATES = 40
ALTERNATIVES = 3
BYLINE_HEAD = 2000  # where a quoted title is looked for, to read the byline under it
MAX_ISSUED = 200
_KIND_WORDS = ("tờ trình", "quyết định", "báo cáo", "kế hoạch", "công văn", "thông báo", "nghị quyết", "chỉ thị",
               "hướng dẫn", "thông tư", "nghị định", "kết luận", "chương trình", "đề án", "tham luận", "công điện",
               "giấy mời", "biên bản", "điều lệ", "phụ lục", "đề cương", "bài phát biểu", "luật", "quy chế", "báo cáo tóm tắt")
# Words of the question that describe what is asked, not which document (folded syllables).
_ASKING_WORDS = set("""ai ky nguoi ngay nao ban hanh khi luc bao gio thoi diem so hieu van ban co gi la mang
can cu dan chieu trich vien tham chieu nhac neu de cap dua tren thuc hien trien khai cu the hoa thi hanh nhung cac
nhieu may ghi liet ke do ra doi phap ly quy dinh""".split())
ORGANISATION_PENALTY = 0.3  # as much as a draft's: the description fits, the organisation does not
DRAFT_PENALTY = 0.3  # more than a file name's extra describing words, less than a year or a number
_DRAFT = re.compile(r"(?<![a-z])du[\s_-]*thao(?![a-z])")
_IMPLEMENTS = re.compile(r"\b(?:thực hiện|triển khai|cụ thể hóa|cụ thể hoá|thi hành|theo)\b", re.I)


@dataclass
class DocumentMatch:
    info: DocumentInfo
    score: float        # share of the question's describing words the document's own fields hold
    by_code: bool


def _is_draft(info: DocumentInfo) -> bool:
    """A draft says so in its file name or its title ("Dự thảo Quyết định …", "DT QD …")."""
    return bool(_DRAFT.search(folded(f"{info.name or ''} {info.title or ''}")))


def _kind_in(question: Question) -> str | None:
    """The kind of document asked about: the one whose number it asks ("bằng công văn số mấy"), the
    one written with the number the question gives ("Hướng dẫn số 46/HD-BCA-C04 … Chương trình mục
    tiêu quốc gia …" asks of a hướng dẫn), else the longest kind word in it."""
    if asked := _kind_numbered(question):
        return asked  # ("Bộ Tư pháp gửi … Đề án sửa đổi Thông tư 244/2016/TT-BTC bằng công văn số mấy?": a công văn)
    coded = next((r.kind for r in references(question.text, None) if r.kind), None)
    if coded:
        return coded
    key = folded(question.text)
    if re.match(r"\s*van ban\b", key):  # "Văn bản của Bộ Nội vụ hướng dẫn …": any kind; "hướng dẫn" is what it does
        return None
    return next((kind for kind in sorted(_KIND_WORDS, key=len, reverse=True) if re.search(rf"\b{folded(kind)}\b", key)), None)


def _kind_numbered(question: Question) -> str | None:
    """"… về dự thảo Kế hoạch … bằng công văn số mấy?": the kind whose number the question asks."""
    key = folded(question.text)
    # ("… bằng công văn, số hiệu là gì?": the kind, then its number asked after a comma)
    return next((kind for kind in _KIND_WORDS if re.search(rf"\b{folded(kind)}(?:\s*,\s*(?:co\s+)?so\s+(?:ky\s+)?hieu\s+la|\s+(?:so\s+)?)"
                                                            r"\s*(?:may|nao|gi|bao nhieu)\b", key)), None)


# "300/ttr-snv", "109/2004/nd-cp": a code typed in lower case, which the reader of references takes in capitals
_LOWER_CODE = re.compile(r"(?<![\w/])\d{1,5}(?:/(?:19|20)\d{2})?/[a-zđ][\w/.-]*[a-zđ0-9]")


def _codes(text: str) -> list[str]:
    return [r.code for r in references(_LOWER_CODE.sub(lambda m: m.group(0).upper(), text), None)]


def _code_key(code: str | None) -> str:
    return re.sub(r"[\s.]", "", folded(code or ""))


def _describing_words(question: Question) -> list[str]:
    return [w for w in content_words(question.text) if w not in _ASKING_WORDS]


def _same_code(number: str | None, codes: list[str]) -> bool:
    """The document number is one the question names (as keys: "46/hd-bca-c04")."""
    number = _code_key(number)
    return bool(codes) and bool(number) and any(number == c or number.startswith(c) or c.startswith(number) and
                                                number.split("/")[0] == c.split("/")[0] for c in codes)


# "Văn bản của Sở Tài chính góp ý dự thảo Kế hoạch …": the document asked about is the Sở's letter,
# not the Kế hoạch its subject names
_WRITER_HEADS = ("Sở|Ban|Bộ|Ủy ban|Uỷ ban|UBND|Văn phòng|Công an|Thanh tra|Hội|Liên đoàn|Hiệp hội|Trung tâm|Cục|Chi cục|Tổng cục|"
                 "Đảng ủy|Tỉnh ủy|Bảo hiểm|Kho bạc")
_WRITTEN_BY = re.compile(
    rf"^\s*(?:văn bản|công văn|tờ trình|báo cáo|thông báo|ý kiến|phiếu trình)\s+của\s+(?P<unit>(?:{_WRITER_HEADS})"
    r"\b[^,?]{0,60}?)\s+(?=(?:góp ý|đề nghị|về|gửi|báo cáo|trình|xin|đề xuất|phản hồi|trả lời|hướng dẫn|do|có|ban hành|"
    r"tham gia|cho ý kiến)\b)", re.I)
# "Đoàn Luật sư tỉnh Lâm Đồng trình Đề án … bằng tờ trình số mấy?": the unit that opens the question wrote it
_WRITER_FIRST = re.compile(
    rf"^\s*(?P<unit>(?:{_WRITER_HEADS}|Đoàn)\b[^,?]{{0,60}}?)\s+(?:đã\s+)?(?=(?:trình|gửi|đề nghị|xin|đề xuất)\b)")
WRITER_BONUS = 0.5
KIND_BONUS = 0.15
TITLED_CODE_BONUS = 0.3  # as much as a draft's penalty: the number the question names, in the title


MONTH_PENALTY = 1.0  # a series: the report or proposal of another month is another document


def find_documents(searcher: Searcher, question: Question, filters: Filters) -> list[DocumentMatch]:
    """The documents the question is about, best first: those whose number the question names,
    else the search results whose own fields best hold the question's description."""
    codes = [_code_key(c) for c in _codes(question.text)]
    query = question.topic or question.text
    results = searcher.search(SearchRequest(query=query, mode="hybrid", k=CANDIDATES, filters=filters, collapse=True,
                                            snippets=False)).results
    if codes:
        coded = searcher.search(SearchRequest(query=" ".join(_codes(question.text)), mode="bm25", k=CANDIDATES,
                                              filters=filters, collapse=True, snippets=False)).results
        results = coded + results
    ranks: dict[int, int] = {}
    for rank, result in enumerate(results):
        ranks.setdefault(result.doc_id, rank)
    infos = document_infos(searcher.reader, list(ranks))
    words = _describing_words(question)
    kind = _kind_in(question)
    asks_draft = "du thao" in folded(question.text)
    opens_with_kind = bool(kind) and folded(question.text).lstrip().startswith(folded(kind or ""))
    organisation = question.sole_organisation
    writer = (found := _WRITTEN_BY.match(question.text)) and found.group("unit")
    untitled = [d for d, info in infos.items() if not info.title]
    addressed = _addressed(searcher.reader.document_texts(untitled)) if untitled else {}
    matches = []
    for doc_id, rank in ranks.items():
        info = infos.get(doc_id)
        if info is None:
            continue
        by_code = _same_code(info.number, codes)
        share = info.share_of(words, identifiers=True)
        if doc_id in addressed and words:
            own = info.own_words(identifiers=True) | addressed[doc_id]
            share = max(share, sum(w in own for w in words) / len(words))
        kind_bonus = KIND_BONUS if kind and info.doc_type and folded(info.doc_type) == folded(kind) else 0.0
        if opens_with_kind and info.doc_type and not kind_bonus:
            # "Quyết định phê duyệt Điều lệ … có số hiệu là gì?" opens with the kind it asks of: the tờ trình
            # proposing that decision, worded alike, is not it (a text whose kind was not read keeps its chance)
            kind_bonus = -KIND_BONUS
        # "Nghị định … năm 2003": a document of another year is not the one asked about
        # ("Thông báo kết luận Hội nghị đánh giá … năm 2025", issued in 2026, names its subject's year)
        year_penalty = 0.5 if (question.year and info.year and info.year != question.year and not by_code
                               and str(question.year) not in (info.title or "")) else 0.0
        # "… báo cáo … tháng 8/2025 tại tờ trình số mấy?": the tờ trình of October, titled alike, is another month's
        month_penalty = MONTH_PENALTY if (question.month and not by_code and names_a_month(info)
                                          and not of_month(info, question.month[1], question.month[0])) else 0.0
        # "Ai ký Quyết định …": the issued decision, not its draft beside it in the dossier
        draft_penalty = DRAFT_PENALTY if not asks_draft and _is_draft(info) else 0.0
        # "… Hiệp hội Du lịch …": a decision on the Hiệp hội vận tải ô tô, worded alike, is another one
        other_organisation = ORGANISATION_PENALTY if organisation and not by_code and not find_phrases(
            info.own_text(identifiers=True), [organisation]) else 0.0
        written = WRITER_BONUS if writer and info.unit and _same_unit(writer, info.unit) else 0.0
        # "Văn bản UBND tỉnh giao … triển khai Công văn 4214/BCA-C04 …": a document whose title names
        # that number is about it; one naming "46/HD-BCA-C04" shares every other word
        titled = TITLED_CODE_BONUS if codes and not by_code and set(codes) & {_code_key(c) for c in _codes(info.title or "")} \
            else 0.0
        score = (share + kind_bonus + written + titled + (2.0 if by_code else 0.0) - year_penalty - month_penalty
                 - draft_penalty - other_organisation - 0.002 * rank)
        matches.append(DocumentMatch(info, score, by_code))
    return sorted(matches, key=lambda m: -m.score)


def _span_evidence(start: int, end: int, text: str, chunks: list[ChunkRow]) -> Evidence:
    """The line holding a metadata value, cited at the value's own span."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start > 400:
        line_start, line_end = max(line_start, start - 150), min(line_end, end + 150)
    chunk = chunk_at(chunks, start)
    return Evidence(text[line_start:line_end].strip(), chunk.chunk_id if chunk else None,
                    chunk.section_path if chunk else [], chunk.page_start if chunk else None,
                    chunk.page_end if chunk else None, start, end, [], "metadata")


TITLE_HEAD_SHARE = 0.8  # of an unquoted description's words, in a paper's first lines


def _papers_titled(searcher: Searcher, question: Question, filters: Filters) -> list[DocumentMatch]:
    """The documents whose first lines hold the title the question quotes (or 80% of the words
    describing it), in search order: a paper's title often stands under a conference heading, where
    the title read from its letterhead-less first lines is not it."""
    query = question.phrases[0] if question.phrases else (question.topic or question.text)
    words = [w for w in content_words(query) if w not in _ASKING_WORDS]
    results = searcher.search(SearchRequest(query=query, mode="bm25", k=CANDIDATES, filters=filters, collapse=True,
                                            snippets=False)).results
    doc_ids = list(dict.fromkeys(r.doc_id for r in results))
    texts = searcher.reader.document_texts(doc_ids) if doc_ids else {}
    infos = document_infos(searcher.reader, doc_ids)
    matches = []
    for rank, doc_id in enumerate(doc_ids):
        head = texts.get(doc_id, "")[:BYLINE_HEAD]
        if question.phrases:
            share = 1.0 if find_phrases(head, question.phrases) else 0.0
        else:
            own = set(_SYLLABLE.findall(folded(head)))
            share = sum(w in own for w in words) / len(words) if words else 0.0
        if share >= TITLE_HEAD_SHARE and doc_id in infos:
            matches.append(DocumentMatch(infos[doc_id], share - 0.002 * rank, False))
    return matches


def _title_end(question: Question, metadata: dict, text: str) -> int:
    """Where the title the question quotes ends in the text, else the end of the title read."""
    if question.phrases and (spans := find_phrases(text[:BYLINE_HEAD], question.phrases)):
        return spans[0][1]
    title = metadata.get("title")
    return title["end"] if title and title.get("end") else 0


def _chunks_of(reader, doc_id: int) -> list[ChunkRow]:
    spans = reader.chunk_spans([doc_id]).get(doc_id, [])
    rows = reader.chunks([chunk_id for chunk_id, _, _ in spans]) if spans else {}
    return sorted(rows.values(), key=lambda c: c.start)


def _label(info: DocumentInfo, with_number: bool = True, with_date: bool = True) -> str:
    kind = (info.doc_type or "văn bản").capitalize()
    parts = [kind]
    if with_number and info.number and not info.number.startswith("/"):
        parts.append(f"số {info.number}")
    date = vietnamese_date(info.date)
    if with_date and date:
        parts.append(date if date.startswith(("tháng", "năm")) else f"ngày {date}")
    if info.unit:
        parts.append(f"của {info.unit}")
    label = " ".join(parts)
    if info.title:
        label += f" {clip(info.title, 110)}" if folded(info.title).startswith("ve ") else f" về {clip(info.title, 110)}"
    return label


@dataclass
class DocumentAnswerResult:
    units: list[UnitAnswer]
    lines: list[tuple[str, Evidence | None]]  # the answer's lines, each with the evidence it cites
    value: dict | None  # {"field", "value", "doc_id", …}: what the answer states

    def text(self) -> str:
        """The answer, once citations are numbered: "… [n]" after each cited line."""
        return "\n".join(f"{line} [{e.citation}]" if e is not None and e.citation else line for line, e in self.lines)


TIED = 0.02  # scores this close describe the document equally well (a draft and its final, often)


def _holding_field(reader, field_name: str | None, matches: list[DocumentMatch]) -> tuple[DocumentMatch, object | None]:
    """The best match, or of those tied with it the first that states the field asked for: "…
    do ai ký?" over an unsigned draft and the signed decision worded the same. With it, its
    record (``reader.document``) when it was read to tell."""
    best = matches[0]
    if field_name not in ("signer", "date", "number") or best.by_code:
        return best, None
    first = None
    for match in [m for m in matches if m.score >= best.score - TIED]:
        record = reader.document(match.info.doc_id)
        first = first or (record if match is best else None)
        value = ((record.metadata.get(field_name) or {}).get("value") if record is not None else None)
        if value and not (field_name == "number" and value.startswith("/")) and not (field_name == "date" and len(value) != 10):
            return match, record
    return best, first


def answer_document(searcher: Searcher, question: Question, filters: Filters) -> DocumentAnswerResult:
    if question.document_field == "issued":
        return _answer_issued(searcher, question, filters)
    matches = (_papers_titled(searcher, question, filters) if question.document_field == "author" else []) \
        or find_documents(searcher, question, filters)
    if not matches:
        return DocumentAnswerResult([], [], None)
    best, record = _holding_field(searcher.reader, question.document_field, matches)
    reader = searcher.reader
    # (a form "ban hành kèm theo quyết định số mấy?" is known by its description: "(Kèm theo Quyết định số …)" heads it)
    if question.document_field == "number" and (best.by_code or _ATTACHED.search(folded(question.text))) \
            and (related := related_reference(searcher.reader, question, best.info)):
        return _answer_related(searcher.reader, question, best.info, *related)
    if question.document_field in ("number", "date") and not best.by_code:
        citation = find_citation(searcher, question, matches, filters)
        # "… trước đây được phê duyệt theo quyết định số mấy?": an earlier document than those held,
        # which a citation describing it as well as they do answers
        margin = 0.0 if _EARLIER.search(folded(question.text)) else CITED_MARGIN
        held_share = _description_share(question, best.info.own_text(identifiers=True))
        # "… bằng công văn số mấy?" while the document held is a tờ trình citing it: the cited one, described as well
        numbered = _kind_numbered(question)
        if numbered and best.info.doc_type and folded(best.info.doc_type) != folded(numbered):
            margin = -margin
        # (a held document that leaves its number blank gives none: a citation describing the question better does)
        elif question.document_field == "number" and (best.info.number or "/").startswith("/"):
            margin = 0.0
        # (a citation holding the whole description, "… được cho phép thành lập theo Quyết định số 3123/QĐ-UBND …",
        # against a held decision on renaming the association that lacks "thành lập")
        if citation is not None and (citation.share > held_share + margin or citation.share >= 1.0 > held_share
                                     or _written_by_other(question, best.info, citation)
                                     or (citation.share > held_share and _action_cited_not_held(question, best.info, citation))):
            return _answer_from_citation(reader, question, citation)
    if question.document_field in ("number", "date") and (citation := cited_for_blank(searcher, question, best, matches, filters)):
        return _answer_from_citation(reader, question, citation, held=best.info)
    record = record or reader.document(best.info.doc_id)
    if record is None:
        return DocumentAnswerResult([], [], None)
    metadata, text = record.metadata, record.text
    chunks = _chunks_of(reader, record.id)
    field_name = question.document_field
    evidence: list[Evidence] = []
    listed: list[tuple[str, Evidence | None]] = []  # the list lines under the lead
    laws: list[dict] = []  # cited by name and date only
    label_quoted = f"“{_label(best.info, with_number=field_name != 'number', with_date=field_name != 'date')}”"
    value = None
    if field_name == "signer":
        signer, position = metadata.get("signer"), metadata.get("signer_position")
        if signer:
            value = signer["value"]
            who = f"{value} ({position['value']})" if position else value
            evidence.append(_span_evidence(signer["start"], signer["end"], text, chunks))
            lead = f"Người ký: {who} — {label_quoted}."
        else:
            lead = f"Văn bản {label_quoted} không ghi rõ người ký (không đọc được khối chữ ký)."
    elif field_name == "author":
        byline = read_byline(text, _title_end(question, metadata, text))
        if byline:
            value = byline.text
            evidence.append(_span_evidence(byline.start, byline.end, text, chunks))
            lead = f"Tác giả: {value} — {f'“{question.phrases[0]}”' if question.phrases else label_quoted}."
        else:
            lead = f"Văn bản {label_quoted} không ghi tên tác giả dưới tiêu đề."
    elif field_name == "date":
        date = metadata.get("date")
        if date and len(date["value"]) == 10:
            value = date["value"]
            lead = f"Ngày ban hành: {vietnamese_date(value)} — {label_quoted}."
            evidence.append(_span_evidence(date["start"], date["end"], text, chunks))
        elif date:
            lead = (f"Văn bản {label_quoted} chỉ ghi {vietnamese_date(date['value'])}, không ghi đủ ngày ban hành "
                    f"(thường là bản dự thảo chưa ký).")
            evidence.append(_span_evidence(date["start"], date["end"], text, chunks))
        else:
            lead = f"Văn bản {label_quoted} không ghi ngày ban hành."
    elif field_name == "number":
        number = metadata.get("number")
        if number and not number["value"].startswith("/"):
            value = number["value"]
            lead = f"Số hiệu: {value} — {label_quoted}."
        elif number:
            lead = f"Văn bản {label_quoted} để trống số ({number['value']}): bản dự thảo hoặc chưa vào số."
        else:
            lead = f"Văn bản {label_quoted} không ghi số hiệu."
        if number:
            evidence.append(_span_evidence(number["start"], number["end"], text, chunks))
    else:
        cited = _cited(question, metadata, text)
        value = [r["code"] for r in cited]
        if cited:
            lead = f"Văn bản {label_quoted} {_cites_verb(question)} {len(cited)} văn bản:"
            for r in cited:
                kind = (r.get("kind") or "văn bản").capitalize()
                date = f" ngày {vietnamese_date(r['date'])}" if r.get("date") and len(r["date"]) == 10 else ""
                evidence.append(_span_evidence(r["start"], r["end"], text, chunks))
                listed.append((f"- {kind} số {r['code']}{date}", evidence[-1]))
        else:
            lead = f"Văn bản {label_quoted} không dẫn số hiệu văn bản nào."
        # the laws its "Căn cứ …" lines name without a number, numbered as other documents write them
        laws = _unnumbered_laws(reader, text) if _cites_verb(question) == "căn cứ" else []
        if laws:
            listed.append(("Văn bản còn căn cứ các luật chỉ ghi tên và ngày (số hiệu đọc từ văn bản khác trong kho):", None))
            for law in laws:
                evidence.append(_span_evidence(law["start"], law["end"], text, chunks))
                listed.append((f"- {law['name']} ngày {vietnamese_date(law['date'])}: số {law['code']}" if len(law["date"]) == 10
                               else f"- {law['name']} năm {law['date']}: số {law['code']}", evidence[-1]))
    document = best.info.answer(evidence, best.score)
    units = group_by_unit([document], {best.info.doc_id: best.info})
    lines = [(lead, evidence[0] if evidence and not listed else None), *listed]
    others = [m for m in matches[1:ALTERNATIVES + 1] if m.score >= best.score - 0.2 and not best.by_code]
    if others:
        lines += [("", None), ("Các văn bản khác có thể là văn bản được hỏi: " + "; ".join(
            f"{_label(m.info)} (văn bản {m.info.doc_id})" for m in others), None)]
    answer_value = {"field": field_name, "value": value, "doc_id": best.info.doc_id,
                    "identified_by": "number" if best.by_code else "description", "match": round(best.score, 3)}
    if laws:
        answer_value["laws"] = [{"name": law["name"], "date": law["date"], "number": law["code"]} for law in laws]
    return DocumentAnswerResult(units, lines, answer_value)


# ---------------------------------------------------------------- a document known by its citations

CITING_DOCUMENTS = 12  # the best-matching documents whose citations are read
CODE_BONUS = 2.0  # a citation of the very number the question names, as a held document's by_code
CITED_SUBJECT_WORDS = 4  # a citation's own subject that says this much describes it, not its whole sentence
CITED_MARGIN = 0.15  # how much more of the description a citation must hold than the best document
_EARLIER = re.compile(r"\btruoc (?:day|do)\b")
_CITED_SUBJECT_REACH = 320
_SUBJECT_END = re.compile(rf";|\n\s*\n|\.\s*\n|(?<!\d)\.\s+(?=[{UPPER}])")  # ". Tại Nghị quyết …" begins another sentence


@dataclass
class Citation:
    doc_id: int        # the document that cites
    text: str          # its text
    reference: dict    # its reference (code, kind, date, start, end)
    subject: str       # what follows the code: "ngày … của … về việc …"
    share: float       # how much of the question's description the kind and subject hold


def find_citation(searcher: Searcher, question: Question, matches: list[DocumentMatch], filters: Filters) -> Citation | None:
    """A decision the archive does not hold is often cited by one it does ("Căn cứ Quyết định số
    1807/QĐ-UBND ngày 22/10/2025 của Chủ tịch UBND tỉnh về việc cho phép sáp nhập …"): the
    citation whose kind and subject hold most of the question's description."""
    reader = searcher.reader
    words = _describing_words(question)
    kind = _kind_in(question)
    if not words:
        return None
    # the documents the question matched, those richest in its words (a proposal that cites the
    # decision asked about is rarely the best description of it), and those citing the number it gives
    # ("Hướng dẫn số 46/HD-BCA-C04 … ban hành ngày nào?")
    cited = _codes(question.text)
    codes = [_code_key(c) for c in cited]
    best: Citation | None = None
    citing = _citing_documents(searcher, matches, filters, question.topic or question.text, " ".join(cited))
    infos = document_infos(reader, citing) if question.organisation else {}  # (no organisation: every citation is about it)
    for doc_id in citing:
        record = reader.document(doc_id)
        if record is None:
            continue
        # (the organisation's own letter cites papers without naming itself: "… theo văn bản số 603/STP-BTTP …")
        own_letter = doc_id in infos and _named_in_question(question, infos[doc_id].unit)
        references = record.metadata.get("references") or []
        for reference in references:
            if reference.get("end") is None or (kind and reference.get("kind") and folded(reference["kind"]) != folded(kind)):
                continue
            bounds = _neighbours(record.text, references, reference)
            subject = _cited_subject(record.text, reference, _line_opened(record.text, reference["end"], bounds[1]))
            # what follows the code, and the sentence around it: "Liên đoàn … được cho phép thành
            # lập theo Quyết định số 444/QĐ-UBND ngày 04/3/2024 …" says what the decision did before it
            own = _citing_sentence(record.text, reference, bounds)
            described = (f"{reference.get('kind') or ''} {subject} {own} "
                         f"{_summary_line_after(record.text, reference['end'])}")
            named = _same_code(reference.get("code"), codes)
            if not named and not own_letter and not _about_organisation_asked(question, described):
                continue  # "Hiệp hội Du lịch": a citation about another association is not the one
            share = _description_share(question, described) + (CODE_BONUS if named else 0.0)
            if best is None or share > best.share:
                best = Citation(doc_id, record.text, reference, " ".join(subject.split()), share)
    return best


_UNIT_PLACE = re.compile(r"\s+(?:tinh|thanh pho|huyen|xa|phuong)\b.*$")


def _named_in_question(question: Question, unit: str | None) -> bool:
    """The question names the unit, its place aside: "Hội Công chứng viên …" for "Hội công chứng viên tỉnh Lâm Đồng"."""
    name = _UNIT_PLACE.sub("", folded(unit or "")).strip()
    return len(name.split()) >= 2 and f" {name} " in f" {' '.join(_SYLLABLE.findall(folded(question.text)))} "


def _about_organisation_asked(question: Question, described: str) -> bool:
    """A citation's words name the organisation the question names, if it names one (abbreviated, too:
    "Hội đồng ATVSLĐ tỉnh" is the Hội đồng An toàn, vệ sinh lao động)."""
    return not question.organisation or bool(find_phrases(described, [question.organisation])
                                             or find_phrases(written_out(described), [question.organisation]))


def _citing_documents(searcher: Searcher, matches: list[DocumentMatch], filters: Filters, *queries: str) -> list[int]:
    """The documents whose citations are read: the best matches, then the best BM25 results of each
    query, each document once."""
    citing = [m.info.doc_id for m in matches[:CITING_DOCUMENTS]]
    for query in filter(None, queries):
        citing += [r.doc_id for r in searcher.search(SearchRequest(
            query=query, mode="bm25", k=CITING_DOCUMENTS, filters=filters, collapse=True, snippets=False)).results]
    return list(dict.fromkeys(citing))


# A cover note names the document on one line and its subject on the next: "1. Văn bản/cơ quan, đơn
# vị: Tờ trình số 83/TTr-CAT(PA05) … của Công an tỉnh.⏎2. Trích yếu: V/v phân công …"
_SUMMARY_LINE = re.compile(r"[^\n]*\n\s*(?:\d+\.\s*)?Trích yếu\s*:\s*([^\n]+)", re.I)


def _summary_line_after(text: str, end: int) -> str:
    found = _SUMMARY_LINE.match(text, end)
    return found.group(1) if found and found.end() - end < 600 else ""


def _cited_subject(text: str, reference: dict, until: int | None = None) -> str:
    """What follows a cited code up to its clause's end, or ``until`` (where the next reference starts: a
    list of decisions, one a line, says nothing of the first in the lines after it): "ngày … của … về việc …"."""
    reach = reference["end"] + _CITED_SUBJECT_REACH
    bounded = until is not None and until < reach
    subject = _SUBJECT_END.split(text[reference["end"]:until if bounded else reach], 1)[0]
    if bounded and "\n" in subject:  # ("… NGÀY 05/8/2008 CỦA BKH VỀ QUY CHẾ BẢO MẬT NGÀNH KHĐT\nQĐ "): the next line's kind
        subject = subject[:subject.rfind("\n")]
    closing = subject.find(")")
    # "(… theo Quyết định số 570/QĐ-BNV ngày 21/7/2022), đảm bảo …": the citation stood in brackets
    return subject[:closing] if closing >= 0 and "(" not in subject[:closing] else subject


LIST_LINE_LEAD = 24  # "QĐ ", "- Quyết định số ": what opens a line of a list before its code


def _line_opened(text: str, end: int, following: int) -> int | None:
    """Where the next reference starts, when it opens a later line ("QĐ 995/2008/QĐ-BKH …" under
    "QĐ 937/2008/QĐ-BKH …"): a list, one document a line; else None (a sentence may cite one inside another)."""
    line = text.rfind("\n", end, following)
    return following if line >= 0 and following - line <= LIST_LINE_LEAD else None


def _description_share(question: Question, text: str) -> float:
    """How much of the question's description ``text`` holds: its describing words, and the pairs
    of them the question writes side by side ("thành lập" is not "thành" and "lập" apart)."""
    words = _describing_words(question)
    syllables = _SYLLABLE.findall(folded(question.text))
    pairs = {(a, b) for a, b in zip(syllables, syllables[1:]) if a in words and b in words}
    # (a citation writes "Kế hoạch … về CCHC nhà nước năm 2025": its abbreviations hold the words in full)
    present = _SYLLABLE.findall(folded(f"{text} {written_out(text)}").replace("-", " "))
    held = set(present)
    held_pairs = set(zip(present, present[1:]))
    total = len(words) + len(pairs)
    share = (sum(w in held for w in words) + len(pairs & held_pairs)) / total if total else 0.0
    return share * OTHER_ROUND_FACTOR if _other_round(question.text, text) or _other_year(question.text, text) else share


# "Kế hoạch cải cách hành chính nhà nước năm 2025" is not the plan "… năm 2026", though signed in 2025
_NAMED_YEAR = re.compile(r"\bnam\s+((?:19|20)\d\d)\b")


def _other_year(question: str, text: str) -> bool:
    """The question names a year ("năm 2025") and the text names only other years so ("năm 2026")."""
    asked, written = set(_NAMED_YEAR.findall(folded(question))), set(_NAMED_YEAR.findall(folded(text)))
    return bool(asked and written and not asked & written)


# "khiếu nại (lần 2)" is not "khiếu nại (lần đầu)": the digit a description ignores tells them apart
_ROUND = re.compile(r"\blan\s*(?:thu\s*)?(\d+|dau|nhat|hai|ba|tu|nam)\b")
_ROUND_NUMBERS = {"dau": 1, "nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5}
OTHER_ROUND_FACTOR = 0.5


def _other_round(question: str, text: str) -> bool:
    """The question names a round ("lần 2") and the text names only other rounds."""
    def rounds(t: str) -> set[int]:
        return {int(r) if r.isdigit() else _ROUND_NUMBERS[r] for r in _ROUND.findall(folded(t))}
    asked, written = rounds(question), rounds(text)
    return bool(asked and written and not asked & written)


_ADDRESSEE = re.compile(r"Kính\s+gửi\s*:?\s*([^\n]{3,200})", re.I)
ADDRESSED_CHARS = 400  # after "Kính gửi: …", the sentence that says what a letter is about


def _addressed(texts: dict[int, str]) -> dict[int, set[str]]:
    """A letter with no subject line says itself whom it is sent to and why: "Kính gửi: Tòa án nhân
    dân khu vực 1 - Lâm Đồng." and the sentence after it, as folded words."""
    out = {}
    for doc_id, text in texts.items():
        m = _ADDRESSEE.search(text[:FRONT_CHARS])
        if m:
            out[doc_id] = set(_SYLLABLE.findall(folded(m.group(1) + " " + text[m.end():m.end() + ADDRESSED_CHARS])))
    return out


def _citing_sentence(text: str, reference: dict, bounds: tuple[int, int] = (0, 1 << 62)) -> str:
    """The sentence a reference stands in, within ``bounds``."""
    start, end = reference["start"], reference["end"]
    low, high = max(bounds[0], start - 600), min(bounds[1], len(text), end + 600)
    return next((text[max(a, low):min(b, high)] for a, b in sentences(text, max(0, start - 600), min(len(text), end + 600))
                 if a <= start < b), text[start:end])


def _neighbours(text: str, references: list[dict], reference: dict) -> tuple[int, int]:
    """Where this reference's own words may lie: after the reference before it (and past the ";"
    ending that one's item), up to the reference after it. "Kế hoạch số 3920/KH-UBND … về …;
    Quyết định số 1417/QĐ-UBND … về việc thành lập …; Quyết định số 1441/QĐ-UBND … về việc công
    bố …" is one sentence, but what it says of 1441 is not said of 1417."""
    start, end = reference["start"], reference["end"]
    before = max((r["end"] for r in references if r.get("end") is not None and r["end"] <= start), default=None)
    after = min((r["start"] for r in references if r.get("start") is not None and r["start"] >= end), default=1 << 62)
    if before is None:
        return 0, after
    return max(before, text.rfind(";", before, start) + 1), after


HELD_SUBJECT_SHARE = 0.6  # of the held document's title words, in the sentence citing it


def cited_for_blank(searcher: Searcher, question: Question, best: DocumentMatch, matches: list[DocumentMatch],
                    filters: Filters) -> Citation | None:
    """The number or date a document leaves blank, as another document cites it. A dossier keeps
    the decision as drafted ("Số: /QĐ-UBND", "ngày … tháng 11 năm 2025") while the letters after
    it cite it in full ("… theo Quyết định số 706/QĐ-UBND ngày 11/8/2025"): a date is taken from a
    citation of the document's own number; a number from a citation of its kind, within a month of its date,
    in a sentence holding most of its title."""
    info = best.info
    complete_number = bool(info.number) and not info.number.startswith("/")
    if question.document_field == "date":
        if info.date and len(info.date) == 10:
            return None
        codes = {_code_key(info.number)} if complete_number else {_code_key(c) for c in _codes(question.text)}
        if not codes:
            return None
    elif complete_number or not info.title:
        return None
    reader = searcher.reader
    title_words = content_words(info.title)
    found: Citation | None = None
    # the documents the question matched, and those that best name the document's kind and title
    for doc_id in _citing_documents(searcher, matches, filters, f"{info.doc_type or ''} {info.title}"):
        if doc_id == info.doc_id or (record := reader.document(doc_id)) is None:
            continue
        for reference in record.metadata.get("references") or []:
            if reference.get("start") is None or reference.get("end") is None:
                continue
            if question.document_field == "date":
                if _code_key(reference.get("code")) not in codes or len(reference.get("date") or "") != 10:
                    continue
                share = 1.0
            else:
                if info.doc_type and reference.get("kind") and folded(reference["kind"]) != folded(info.doc_type):
                    continue
                if info.date and reference.get("date") and not _months_apart(reference["date"], info.date, 1):
                    continue
                # (a cover note's "Trích yếu:" line under it says what the document is about)
                summary = _summary_line_after(record.text, reference["end"])
                described = f"{_citing_sentence(record.text, reference)} {summary}"
                if not _about_organisation_asked(question, described):
                    continue  # the Liên đoàn Xe đạp's request, beside the Hiệp hội's renaming asked about
                # (what follows the code, when it says enough: a sentence citing two plans, "Kế hoạch số 3450/KH-UBND
                # … về Nghị quyết 57 …; Kế hoạch số 3664/KH-UBND … cải cách hành chính …", describes each apart)
                subject = re.split(r"[.;\n](?:\s|$)", _cited_subject(record.text, reference))[0]
                own = set(content_words(f"{subject} {summary}" if len(content_words(subject)) >= CITED_SUBJECT_WORDS
                                        else described))
                share = sum(w in own for w in title_words) / len(title_words) if title_words else 0.0
                if share < HELD_SUBJECT_SHARE:
                    continue
            if found is None or share > found.share:
                found = Citation(doc_id, record.text, reference, " ".join(_cited_subject(record.text, reference).split()), share)
    return found


def _months_apart(cited: str, own: str, most: int) -> bool:
    """A citation's date within ``most`` months of the document's own (year and month, "2025-12"): a
    draft dated "tháng 12" is cited by a cover note as "ngày 04/11/2025" (one of the two mistyped)."""
    try:
        a, b = (int(d[:4]) * 12 + int(d[5:7]) for d in (cited, own))
    except ValueError:
        return cited[:4] == own[:4]
    return abs(a - b) <= most


# "Nghị định 109/2004/NĐ-CP … thay thế nghị định nào?": what the named document says it replaces,
# amends or repeals (folded), and the words a document writes it with before the code
_RELATION = re.compile(r"\b(thay the|sua doi|bai bo|huy bo|kem theo)\b")
_ATTACHED = re.compile(r"\bkem theo\b")
RELATION_REACH = 60  # characters between the verb and the code it governs ("thay thế Nghị định số 02/2000/NĐ-CP")


def related_reference(reader, question: Question, info: DocumentInfo) -> tuple[str, dict, str] | None:
    """(the named document's text, reference, verb as written) of the document that the question asks
    ``info`` replaces, amends or repeals, or is issued with, read from the named document's own text."""
    asked = _RELATION.search(folded(question.text))
    record = reader.document(info.doc_id) if asked else None
    if record is None:
        return None
    for reference in record.metadata.get("references") or []:
        start = reference.get("start")
        if start is None or reference.get("end") is None or (info.number and _same_code(reference.get("code"), [_code_key(info.number)])):
            continue
        before = record.text[max(0, start - RELATION_REACH):start]
        verbs = list(_RELATION.finditer(folded(before)))
        verb = verbs[-1] if verbs else None  # the one nearest the code governs it
        if verb and verb.group(1) == asked.group(1) and not re.search(r"[.;\n]", before[verb.end():]):
            return record.text, reference, before[verb.start():verb.end()]
    return None


def _answer_related(reader, question: Question, info: DocumentInfo, text: str, reference: dict, verb: str) -> DocumentAnswerResult:
    evidence = _span_evidence(reference["start"], reference["end"], text, _chunks_of(reader, info.doc_id))
    kind = (reference.get("kind") or "văn bản").capitalize()
    subject = " ".join(_cited_subject(text, reference).split())
    how = "được ban hành kèm theo" if folded(verb) == "kem theo" else verb
    lead = (f"Số hiệu: {reference['code']} — “{kind} số {reference['code']} {clip(subject, 160)}”".rstrip() +
            f" ({_label(info)} {how} văn bản này).")
    answer_value = {"field": question.document_field, "value": reference["code"], "doc_id": info.doc_id,
                    "identified_by": "relation", "match": 1.0}
    return DocumentAnswerResult(group_by_unit([info.answer([evidence], 1.0)], {info.doc_id: info}), [(lead, evidence)], answer_value)


# "… được cho phép thành lập theo quyết định số mấy?": what the document asked about did, just before it is named
_ACTED_BY = re.compile(r"(\w+ \w+) (?:theo|tai|bang) (?:quyet dinh|nghi quyet|cong van|van ban|thong tu|nghi dinh|ke hoach)\b")


def _action_cited_not_held(question: Question, held: DocumentInfo, citation: Citation) -> bool:
    """The action the question says the document did ("thành lập") is in the sentence citing it and
    not in the held best match (a later decision renaming the association)."""
    acted = _ACTED_BY.search(folded(question.text))
    if not acted:
        return False
    action = acted.group(1)
    cited = " ".join(_SYLLABLE.findall(folded(_citing_sentence(citation.text, citation.reference))))
    own = " ".join(_SYLLABLE.findall(folded(held.own_text(identifiers=True))))
    return f" {action} " in f" {cited} " and f" {action} " not in f" {own} "


def _writer(question: Question) -> str | None:
    found = _WRITTEN_BY.match(question.text) or _WRITER_FIRST.match(question.text)
    return found.group("unit") if found else None


def _written_by_other(question: Question, held: DocumentInfo, citation: Citation) -> bool:
    """The unit the question says wrote the document is not the held document's, and the citation
    names it: "… của Đoàn Luật sư tỉnh Lâm Đồng xin phê duyệt Đề án …" against the Sở Tư pháp's tờ trình."""
    writer = _writer(question)
    if not writer or not held.unit or _same_unit(writer, held.unit):
        return False
    return unit_key(writer) in unit_key(citation.subject)


def _answer_from_citation(reader, question: Question, citation: Citation, held: DocumentInfo | None = None) -> DocumentAnswerResult:
    info = document_infos(reader, [citation.doc_id])[citation.doc_id]
    reference = citation.reference
    evidence = _span_evidence(reference["start"], reference["end"], citation.text, _chunks_of(reader, citation.doc_id))
    kind = (reference.get("kind") or "văn bản").capitalize()
    described = f"{kind} số {reference['code']} {clip(citation.subject, 160)}".strip()
    if held is None:
        source = f"(văn bản này không có trong kho; đọc từ {_label(info)}, văn bản dẫn chiếu nó)"
    else:
        blank = "để trống số" if question.document_field == "number" else "không ghi đủ ngày"
        described = f"{kind} số {reference['code']} — {_label(held, with_number=False, with_date=False)}"
        source = f"(bản trong kho {blank}; đọc từ {_label(info)}, văn bản dẫn chiếu nó)"
    value = None
    if question.document_field == "number":
        value = reference["code"]
        lead = f"Số hiệu: {value} — “{described}” {source}."
    elif reference.get("date") and len(reference["date"]) == 10:
        value = reference["date"]
        lead = f"Ngày ban hành: {vietnamese_date(value)} — “{described}” {source}."
    else:
        lead = f"Văn bản dẫn chiếu không ghi đủ ngày ban hành của “{described}” {source}."
    document = info.answer([evidence], citation.share)
    answer_value = {"field": question.document_field, "value": value, "doc_id": citation.doc_id,
                    "identified_by": "citation", "match": round(citation.share, 3)}
    return DocumentAnswerResult(group_by_unit([document], {info.doc_id: info}), [(lead, evidence)], answer_value)


def _cites_verb(question: Question) -> str:
    key = folded(question.text)
    if "can cu" in key:
        return "căn cứ"
    if re.search(r"\b(?:thuc hien|trien khai|cu the hoa|thi hanh)\b", key):
        return "thực hiện"
    return "dẫn chiếu"


# The preamble of a decision: its legal bases ("Căn cứ …;") and the proposal it answers
# ("Theo đề nghị / Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 533/TTr-SNV").
_BASIS = re.compile(r"căn\s+cứ\b|(?:xét|theo)\s+đề\s+nghị\b", re.I)
BASIS_REACH = 600  # a "Căn cứ …" clause may wrap over several lines of a PDF's text


def _in_basis(text: str, position: int) -> bool:
    """The reference stands in a "Căn cứ …" or "Xét đề nghị …" clause: on a line that opens with one, or after
    one with no ";" or blank line (the end of that clause) in between (a clause wrapped over lines)."""
    line = text[text.rfind("\n", 0, position) + 1:position]
    if re.match(r"^[\s\-–•*]*(?:căn\s+cứ|(?:xét|theo)\s+đề\s+nghị)\b", line, re.I):  # "Căn cứ Thông tư số A; Thông tư số B; …" on its own line
        return True
    window = text[max(0, position - BASIS_REACH):position]
    opened = list(_BASIS.finditer(window))
    return bool(opened) and not _CLAUSE_END.search(window[opened[-1].end():])


def _in_basis_anywhere(text: str, reference: dict) -> dict | None:
    """The reference at its first place in a basis clause, or None when it stands in none."""
    if _in_basis(text, reference["start"]):
        return reference
    code = text[reference["start"]:reference["end"]]
    for again in re.finditer(re.escape(code), text[reference["end"]:]):
        start = reference["end"] + again.start()
        if _in_basis(text, start):
            return {**reference, "start": start, "end": start + len(code)}
    return None


# "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;": a law cited by its name and date
_NAMED_LAW = re.compile(r"(?:^|\n)[\s\-–•*]*Căn\s+cứ\s+((?:Bộ\s+)?[Ll]uật\s+[^;\n\d]{3,120}?)\s+"
                        r"(?:ngày\s+(\d{1,2})\s*(?:tháng\s*|/)\s*(\d{1,2})\s*(?:năm\s*|/)\s*((?:19|20)\d{2})|năm\s+((?:19|20)\d{2}))")
_LAW_NUMBER = r"\s*(?:,\s*)?(?:so\s*)?(\d{1,3}/((?:19|20)\d{2})/qh\d{1,2})"  # folded: after a law's name
LAW_MENTIONS = 40  # chunks naming the law read for its number


def _unnumbered_laws(reader, text: str) -> list[dict]:
    """The laws the document's "Căn cứ …" lines name without a number, in reading order, each numbered
    as the archive's other documents write it ("Luật Tổ chức chính quyền địa phương số 72/2025/QH15")
    with the year the line gives; a law no document numbers stays out."""
    laws = []
    for found in _NAMED_LAW.finditer(text):
        name = " ".join(found.group(1).split())
        year = found.group(4) or found.group(5)
        if code := _law_number(reader, name, year):
            date = f"{year}-{int(found.group(3)):02d}-{int(found.group(2)):02d}" if found.group(2) else year
            laws.append({"code": code, "name": name, "date": date, "start": found.start(1), "end": found.end()})
    return laws


def _law_number(reader, name: str, year: str) -> str | None:
    """The number other documents write after the law's name, of the year given."""
    pattern = re.compile(re.escape(folded(name)) + _LAW_NUMBER)
    chunk_ids = chunks_containing(reader, [name], None)
    for chunk_id, chunk in (reader.chunks(sorted(chunk_ids)[:LAW_MENTIONS]) if chunk_ids else {}).items():
        for m in pattern.finditer(folded(chunk.text)):
            if m.group(2) == year:
                return m.group(1).upper()
    return None


# where a preamble's clause has ended: ";", a blank line, a line ending in ".", or the decision's
# body begun ("QUYẾT ĐỊNH:", "Điều 2. … thay thế Quyết định số 2215/QĐ-UBND" replaces, it is no basis)
_CLAUSE_END = re.compile(r";|\n\s*\n|\.[ \t]*\n|\n[ \t]*(?:Điều\s+\d|QUYẾT\s+(?:ĐỊNH|NGHỊ)\b)", re.I)


def _cited(question: Question, metadata: dict, text: str) -> list[dict]:
    """The references the question asks for: with "căn cứ", those in the "Căn cứ …" lines (all of
    them when the document has no such line); with "thực hiện/triển khai", those named after such
    a verb; otherwise every document it cites. One entry per code, in reading order."""
    found = [r for r in metadata.get("references") or [] if r.get("start") is not None]
    verb = _cites_verb(question)
    chosen = found
    if verb == "căn cứ":
        # a code the title names first ("… hướng dẫn thi hành Quyết định số 176/1999/QĐ-TTg …") is a basis where
        # a "Căn cứ …" line names it again
        basis = [at for r in found if (at := _in_basis_anywhere(text, r))]
        chosen = basis or found
    elif verb == "thực hiện":
        near = [r for r in found if _IMPLEMENTS.search(text[max(0, r["start"] - 60):r["start"]])]
        chosen = near or found
    out, seen = [], set()
    for r in chosen:
        key = _code_key(r["code"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# ---------------------------------------------------------------- documents a unit issued in a period

# (read on the folded question, so a question typed without accents names its unit too; folding keeps positions)
_ISSUING = r"(?:ban hanh|phat hanh|gui|ky)"
_ISSUER = [  # "… văn bản nào do Chính phủ ban hành" before "<unit> ban hành": the sentence may open otherwise
    re.compile(rf"\b(?:do|cua)\s+(?P<unit>.+?)\s+(?:da\s+)?{_ISSUING}\b"),
    re.compile(rf"^(?:(?:trong|vao)\s+[^,]{{3,40}},\s*)?(?P<unit>.+?)\s+(?:da\s+|co\s+)?{_ISSUING}\b"),
    re.compile(r"\b(?:do|cua)\s+(?P<unit>.+?)(?:\s+(?:trong\b|(?:nam|thang|tu|quy|giai doan|6 thang)\s+(?:\d|[ivx]+\b))|[?,.]|$)"),
]
_LEADING = re.compile(r"^(?:nhung|cac|liet ke|cho biet|hay|xin|tim)\s+(?:(?:van ban|quyet dinh|ke hoach|bao cao|to trinh|"
                      r"cong van|thong bao)\s+(?:nao\s+)?)?")
# (folded, "tu" is "từ" and the "Tư" of "Sở Tư pháp", "nam" the "Nam" of "Việt Nam": a period's words before a number)
_PERIOD_TAIL = re.compile(r"\s+(?:trong\b|(?:nam|thang|tu|tu ngay|quy|giai doan|6 thang)\s+(?:\d|[ivx]+\b)).*$")


def issuer_named(question: Question) -> str | None:
    text = question.text.strip().rstrip("?").strip()
    key = folded(text)
    for pattern in _ISSUER:
        m = pattern.search(key)
        if m:
            start, end = m.span("unit")
            lead = _LEADING.match(key[start:end])
            start += lead.end() if lead else 0
            tail = _PERIOD_TAIL.search(key[start:end])
            end = start + tail.start() if tail else end
            unit = text[start:end].strip(" ,")
            if unit and len(unit.split()) <= 14:
                return unit
    return None


def _same_unit(asked: str, indexed: str) -> bool:
    """"Sở Nội vụ" = "Sở Nội vụ tỉnh Lâm Đồng"; "UBND tỉnh" = "Ủy ban nhân dân tỉnh Lâm Đồng"."""
    a, b = unit_key(asked).split(), unit_key(indexed).split()
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if long_[:len(short)] != short or short is not a:
        return False
    rest = long_[len(short):]
    return short[-1] in ("tinh", "pho", "huyen", "xa", "phuong") or rest[0] in ("tinh", "thanh", "tp", "huyen", "xa", "phuong")


def _date_span(date: str | None) -> tuple[str, str] | None:
    """The days a (possibly partial) ISO date covers: "2025-10" → 2025-10-01 … 2025-10-31."""
    if not date:
        return None
    try:
        return date_bound(date, upper=False), date_bound(date, upper=True)
    except FilterError:  # not a date the catalog writes: placed nowhere
        return None


def _within(date: str | None, period: Period) -> bool:
    span = _date_span(date)
    return span is not None and period.start <= span[0] and span[1] <= period.end


def _may_overlap(date: str | None, period: Period) -> bool:
    span = _date_span(date)
    return span is None or not (span[1] < period.start or span[0] > period.end)


def _answer_issued(searcher: Searcher, question: Question, filters: Filters) -> DocumentAnswerResult:
    reader = searcher.reader
    asked = issuer_named(question)
    period: Period | None = find_period(question.text)
    if not asked:
        return DocumentAnswerResult([], [], None)
    allowed = allowed_documents(reader, filters)
    units = reader.value_counts(("unit",), allowed, limit=100_000)["unit"]
    matching = [str(value) for value, _ in units if _same_unit(asked, str(value))]
    if not matching:
        return DocumentAnswerResult([], [], {"field": "issued", "unit": asked, "period": period and period.text, "value": []})
    doc_ids: list[int] = []
    for value in matching:
        doc_ids += [d for d in allowed_documents(reader, Filters(**{**filters.__dict__, "unit": value})) or [] if d not in doc_ids]
    kind = _kind_in(question)
    infos = document_infos(reader, doc_ids)
    of_unit = [i for i in infos.values() if i.unit and any(folded(i.unit) == folded(m) for m in matching)
               and (not kind or kind == "văn bản" or not i.doc_type or folded(i.doc_type) == folded(kind))]
    chosen = [i for i in of_unit if period is None or _within(i.date, period)]
    unplaced = [i for i in of_unit if period is not None and i not in chosen and _may_overlap(i.date, period)]
    chosen.sort(key=lambda i: (i.date or "", i.doc_id))
    chosen = chosen[:MAX_ISSUED]
    documents = []
    for info in chosen:
        record = reader.document(info.doc_id)
        date = record.metadata.get("date") if record else None
        evidence = []
        if record is not None and date:
            evidence.append(_span_evidence(date["start"], date["end"], record.text, _chunks_of(reader, info.doc_id)))
        documents.append(info.answer(evidence, 1.0))
    where = f" {period.text}" if period else ""
    value = {"field": "issued", "unit": asked, "units_matched": matching, "period": period and [period.start, period.end],
             "value": [i.doc_id for i in chosen]}
    if not documents:
        return DocumentAnswerResult([], [], value)
    lines: list[tuple[str, Evidence | None]] = [(f"{matching[0]} có {len(documents)} văn bản{where} trong kho:", None)]
    lines += [(f"- {_label(i)}", d.evidence[0] if d.evidence else None) for i, d in zip(chosen, documents)]
    if unplaced:
        lines.append((f"({len(unplaced)} văn bản khác của đơn vị không ghi đủ ngày hoặc không ghi ngày nên không xếp được "
                       f"vào khoảng thời gian này.)", None))
    return DocumentAnswerResult(group_by_unit(documents, {i.doc_id: i for i in chosen}), lines, value)
