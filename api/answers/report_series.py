"""A figure across a series of periodic reports: "Theo các báo cáo Đề án 06 tháng 8, tháng 9 và
tháng 11/2025, toàn tỉnh đã kích hoạt bao nhiêu tài khoản định danh điện tử?".

Each report of the series states the same sentence with its month's figure, so the question is
asked once per month named, of that month's reports only (``api/answers/sources.of_month``), and
each answer is a row of the table: the issuing unit, the date the figure is stated for ("Tính
đến ngày 15/8/2025, …"; else the month), the figure and its citation."""

from __future__ import annotations

import re
from dataclasses import fields, replace

from api.answers.evidence import document_infos
from api.answers.figure_answers import answer_figure
from api.answers.figures import Figure
from api.answers.passages import folded
from api.answers.periods import DAY_LIST, MONTH_LIST, listed_days, listed_months
from api.answers.questions import Question, parse_question
from api.answers.sources import of_month
from api.search import Filters, SearchRequest, Searcher
from api.search.filters import allowed_documents

_AS_OF = re.compile(r"\b(?:tinh den|den)\s+(?:het\s+)?ngay\s+(\d{1,2}/\d{1,2}/(?:19|20)\d{2})\b")
SERIES_CANDIDATES = 200  # chunks searched for the series' reports


_SERIES_NAMED = re.compile(r"\b(?:theo|trong|tai)\s+(?:cac\s+|nhung\s+)?(?:bao cao|bc|van ban)\b[^,.;:?]*$")


def _month_question(question: Question, year: int, month: int) -> Question:
    """The question of one report, read from that report alone: without the words naming the series
    ("… theo các báo cáo Đề án 06 tháng 8, tháng 9 và tháng 11/2025", whose words every sentence of
    the report would match), else with the month list read as that month."""
    key = folded(question.text)
    found = MONTH_LIST.search(key)
    if found is None:  # "… tính đến 15/9/2025, 15/10/2025 và 15/11/2025": that month's day
        found = DAY_LIST.search(key)
        day = listed_days(question.text)[(year, month)]
        text = f"{question.text[:found.start()]}tính đến ngày {day}{question.text[found.end():]}"
        return parse_question(re.sub(r"\s+([,?.;:])", r"\1", " ".join(text.split())), "figure")
    named = _SERIES_NAMED.search(key, 0, found.start())
    if named:
        text = f"{question.text[:named.start()]} {question.text[found.end():]}"
    else:
        text = f"{question.text[:found.start()]}tháng {month}/{year}{question.text[found.end():]}"
    text = re.sub(r"\s+([,?.;:])", r"\1", " ".join(text.split()))
    return parse_question(re.sub(r"^[,;:]\s*|,(?=[?.])", "", text), "figure")


def _series_documents(searcher: Searcher, question: Question, filters: Filters) -> dict:
    """The documents a search of the question finds, by id: the series' reports among them."""
    found = searcher.search(SearchRequest(query=question.topic or question.text, mode="bm25", k=SERIES_CANDIDATES,
                                          filters=filters, snippets=False)).results
    return document_infos(searcher.reader, {r.doc_id for r in found})


def series_rows(searcher: Searcher, question: Question, filters: Filters) -> list[tuple[int, tuple]] | None:
    """(doc id, (score, figure, cited span, period)) per month listed, each read from that month's
    reports; None when the question lists no months."""
    from api.answers.figures_across import Period

    months = listed_months(question.text)
    if not months:
        return None
    allowed = allowed_documents(searcher.reader, filters)
    infos = _series_documents(searcher, question, filters)
    rows = []
    for year, month in months:
        reports = sorted(doc_id for doc_id, info in infos.items() if of_month(info, month, year)
                         and (allowed is None or doc_id in allowed))
        if not reports:
            continue
        units, figure, _ = answer_figure(searcher, _month_question(question, year, month), replace(filters, doc_ids=reports))
        if not figure or not units:
            continue
        document = units[0].documents[0]
        evidence = document.evidence[0]
        clause = evidence.text  # the candidate's span, as the figure's offsets count from it
        values = {f.name: figure[f.name] for f in fields(Figure)}
        values["start"], values["end"] = evidence.char_start + figure["start"], evidence.char_start + figure["end"]
        # the date the figure is stated to: the last "tính đến ngày …" before it, unless "… đến nay" restarts
        leading = folded(clause[:figure["start"]])
        as_of = list(_AS_OF.finditer(leading))
        stated = as_of[-1] if as_of and "den nay" not in leading[as_of[-1].end():] else None
        label = stated.group(1) if stated else f"tháng {month}/{year}"
        period = Period(year, year, evidence.char_start, "text", written=label)
        rows.append((document.doc_id, (document.score, Figure(**values), (evidence.char_start, evidence.char_end), period)))
    return rows
