"""The figures-across-reports table: its rows, its totals, and the CSV form of it.

One row is one figure read from one sentence of one document: the issuing unit, the period it
covers, the figure as written and normalised, and the citation of that sentence. A total adds
rows only when they share the measure (đồng with đồng, "hộ" with "hộ"); percentages are never
added.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field

TOTALS_NOTE = "tổng chỉ cộng các ô cùng đơn vị đo"
CSV_COLUMNS = ("row", "unit", "period", "period_start", "period_end", "figure", "kind", "measure", "value", "qualifier",
               "display", "citation", "doc_id", "title", "date", "chunk_id", "section", "page_start", "char_start",
               "char_end", "figure_start", "figure_end", "sentence")


@dataclass
class FigureRow:
    unit: str                 # the issuing unit of the document
    period: str               # "2025", "2012–2019", or "không rõ" when neither the text nor the document dates it
    period_start: int | None
    period_end: int | None
    period_source: str        # text: stated near the figure | document: the document's own year | none
    figure: str               # as written: "trên 370 triệu đồng"
    kind: str                 # money | count | percent
    measure: str              # "đồng", "%", or the counted noun ("hộ", "suất quà")
    value: float              # normalised: đồng for money, the count, the percentage
    qualifier: str | None     # "trên", "khoảng" … as written
    display: str              # the normalised value in Vietnamese notation: "trên 370 triệu đồng"
    doc_id: int
    title: str | None
    date: str | None
    chunk_id: int | None
    section_path: list[str]
    page_start: int | None
    char_start: int           # the sentence the figure was read from, in the document's text
    char_end: int
    figure_start: int         # the figure itself, in the document's text
    figure_end: int
    sentence: str
    score: float = 0.0
    citation: int = 0         # its number in the answer's citations (1-based)


@dataclass
class FigureTotal:
    scope: str                # "all" or the unit whose rows it adds
    kind: str
    measure: str
    value: float
    qualifier: str | None     # "trên" when some parts are lower bounds, "khoảng" when some are approximate
    display: str
    rows: int                 # how many rows it adds


@dataclass
class FiguresTable:
    subject: str
    kind: str | None          # the kind of figure asked for (money | count | percent), None when any
    rows: list[FigureRow]
    totals: list[FigureTotal] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)   # the measures in the table, most rows first
    units: list[str] = field(default_factory=list)      # in table order
    periods: list[str] = field(default_factory=list)    # oldest first
    note: str = TOTALS_NOTE

    def to_json(self) -> dict:
        return asdict(self)


def table_csv(table: FiguresTable) -> str:
    """The table as CSV (header of JSON field names; one line per row, then one per total), with
    a byte-order mark so that spreadsheet programs read the Vietnamese as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in table.rows:
        writer.writerow(["figure", r.unit, r.period, r.period_start, r.period_end, r.figure, r.kind, r.measure,
                         _number(r.value), r.qualifier, r.display, r.citation, r.doc_id, r.title, r.date, r.chunk_id,
                         " › ".join(r.section_path), r.page_start, r.char_start, r.char_end, r.figure_start, r.figure_end,
                         " ".join(r.sentence.split())])
    for t in table.totals:
        writer.writerow(["total", t.scope if t.scope != "all" else "(tất cả)", "", "", "", "", t.kind, t.measure,
                         _number(t.value), t.qualifier, t.display, "", "", f"{TOTALS_NOTE} ({t.rows} ô)",
                         *[""] * 9])
    return "\ufeff" + out.getvalue()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)
