"""XLSX reader: one block per non-empty row, cells separated by tabs, each cell with its font."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from indexer.extraction.errors import ExtractionError
from indexer.extraction.loading.limits import Unpacked, check_archive
from indexer.extraction.model import Block, RawDocument, TextRun

MAX_CELLS = 2_000_000


def read_xlsx(path: Path) -> RawDocument:
    with zipfile.ZipFile(path) as archive:
        check_archive(archive, path, Unpacked(path))  # openpyxl unpacks the parts it needs by itself
    try:
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises a zoo of types on bad input
        raise ExtractionError("corrupt", f"{path.name}: not a readable spreadsheet ({type(exc).__name__}: {exc})") from exc
    blocks: list[Block] = []
    cells_seen = 0
    for sheet_number, sheet in enumerate(workbook.worksheets, start=1):
        if len(workbook.worksheets) > 1:
            blocks.append(Block([TextRun(sheet.title)], kind="heading"))
        for row in sheet.iter_rows():
            cells_seen += len(row)
            if cells_seen > MAX_CELLS:
                raise ExtractionError("too_large", f"{path.name}: more than {MAX_CELLS:,} cells")
            runs: list[TextRun] = []
            last = max((i for i, c in enumerate(row) if c.value not in (None, "")), default=-1)
            for i, cell in enumerate(row[: last + 1]):
                if i:
                    runs.append(TextRun("\t"))
                if cell.value is not None:
                    font = cell.font.name if cell.font is not None else None
                    runs.append(TextRun(_cell_text(cell.value), font))
            if runs:
                blocks.append(Block(runs, page=None, kind="table_row"))
    workbook.close()
    return RawDocument("xlsx", blocks)


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        # As Excel's "General" format shows it: at most 10 significant digits.
        return str(int(value)) if value.is_integer() else f"{value:.10g}"
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    # a line break typed inside a cell ("Địa điểm⏎thực hiện") would split its row in two and shift
    # every later cell of the row into the wrong column
    return " ".join(str(value).splitlines())
