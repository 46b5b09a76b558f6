"""PPTX reader: slide by slide (as pages), paragraphs of every text frame and table, with fonts."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pptx import Presentation

from indexer.extraction.errors import ExtractionError
from indexer.extraction.loading.limits import Unpacked, check_archive
from indexer.extraction.model import Block, RawDocument, TextRun


def _frame_blocks(frame, slide_number: int) -> list[Block]:
    blocks = []
    for paragraph in frame.paragraphs:
        runs = [TextRun(run.text, run.font.name) for run in paragraph.runs]
        blocks.append(Block(runs, page=slide_number))
    return blocks


def _shape_blocks(shape, slide_number: int) -> list[Block]:
    blocks: list[Block] = []
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        blocks.extend(_frame_blocks(shape.text_frame, slide_number))
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            runs: list[TextRun] = []
            for i, cell in enumerate(row.cells):
                if i:
                    runs.append(TextRun("\t"))
                for j, paragraph in enumerate(cell.text_frame.paragraphs):
                    if j:
                        runs.append(TextRun("\n"))
                    runs.extend(TextRun(r.text, r.font.name) for r in paragraph.runs)
            blocks.append(Block(runs, page=slide_number, kind="table_row"))
    for child in getattr(shape, "shapes", []):  # group shapes
        blocks.extend(_shape_blocks(child, slide_number))
    return blocks


def read_pptx(path: Path) -> RawDocument:
    with zipfile.ZipFile(path) as archive:
        check_archive(archive, path, Unpacked(path))  # python-pptx unpacks every part by itself
    try:
        presentation = Presentation(str(path))
    except Exception as exc:
        raise ExtractionError("corrupt", f"{path.name}: not a readable presentation ({type(exc).__name__}: {exc})") from exc
    blocks: list[Block] = []
    for number, slide in enumerate(presentation.slides, start=1):
        for shape in slide.shapes:
            blocks.extend(_shape_blocks(shape, number))
    return RawDocument("pptx", blocks, page_count=len(presentation.slides))
