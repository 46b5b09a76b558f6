"""DOCX reader that keeps what legacy Vietnamese needs: the font of every run.

python-docx drops ``<w:softHyphen/>``, and in a TCVN3 document that element *is* the letter
"ư" (byte 0xAD), so we walk the WordprocessingML ourselves. Fonts are resolved through run
properties → paragraph style → its ``basedOn`` chain → document defaults, because most runs
in old documents inherit ".VnTime" from the Normal style.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from indexer.extraction.errors import ExtractionError
from indexer.extraction.loading.limits import Unpacked, read_zip_member
from indexer.extraction.model import Block, RawDocument, TextRun

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{%s}" % W
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
_CHAR_ELEMENTS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "softHyphen": "\u00ad", _W + "noBreakHyphen": "-"}


class _Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.fonts: dict[str, str | None] = {}
        self.based_on: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.default_font: str | None = None
        self.default_paragraph_style: str | None = None
        if root is not None:
            self._read(root)

    def _read(self, root: etree._Element) -> None:
        default = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.default_font = _run_font(default)
        for style in root.iter(_W + "style"):
            style_id = style.get(_W + "styleId")
            if not style_id:
                continue
            self.fonts[style_id] = _run_font(style.find(_W + "rPr"))
            name = style.find(_W + "name")
            self.names[style_id] = name.get(_W + "val", "") if name is not None else ""
            parent = style.find(_W + "basedOn")
            if parent is not None:
                self.based_on[style_id] = parent.get(_W + "val", "")
            if style.get(_W + "type") == "paragraph" and style.get(_W + "default") == "1":
                self.default_paragraph_style = style_id

    def font(self, style_id: str | None) -> str | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if self.fonts.get(style_id):
                return self.fonts[style_id]
            style_id = self.based_on.get(style_id)
        return self.default_font

    def is_heading(self, style_id: str | None) -> bool:
        name = self.names.get(style_id or "", "").lower()
        return name.startswith(("heading", "title"))


def _run_font(rpr: etree._Element | None) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(_W + "rFonts")
    if fonts is None:
        return None
    return fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi") or fonts.get(_W + "cs")


def _paragraph_runs(paragraph: etree._Element, styles: _Styles) -> tuple[list[TextRun], str | None]:
    ppr = paragraph.find(_W + "pPr")
    style_id = None
    if ppr is not None and ppr.find(_W + "pStyle") is not None:
        style_id = ppr.find(_W + "pStyle").get(_W + "val")
    style_id = style_id or styles.default_paragraph_style
    paragraph_font = styles.font(style_id)
    runs: list[TextRun] = []
    for run in paragraph.iter(_W + "r"):
        if _inside_fallback(run, paragraph) or _in_nested_paragraph(run, paragraph):
            continue
        font = _run_font(run.find(_W + "rPr"))
        if font is None:
            rstyle = run.find(f"{_W}rPr/{_W}rStyle")
            font = styles.font(rstyle.get(_W + "val")) if rstyle is not None else None
        font = font or paragraph_font
        parts = []
        for child in run:
            if child.tag == _W + "t":
                parts.append(_text(child))
            elif child.tag in _CHAR_ELEMENTS:
                parts.append(_CHAR_ELEMENTS[child.tag])
            elif child.tag == _W + "sym":
                parts.append(_symbol(child))
        if parts:
            runs.append(TextRun("".join(parts), font))
    return runs, style_id


def _text(element: etree._Element) -> str:
    """The text of a ``w:t``. Entity references are not expanded (resolve_entities=False: no
    billion laughs, no external files); each stays a node inside the text and the text after it
    is that node's tail. The reference itself is left out."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


def _entities(tree: etree._Element) -> int:
    return sum(1 for _ in tree.iter(etree.Entity))


def _symbol(sym: etree._Element) -> str:
    code = sym.get(_W + "char", "")
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    return chr(value - 0xF000) if value >= 0xF000 else chr(value)


def _inside_fallback(element: etree._Element, stop: etree._Element) -> bool:
    """Text boxes appear twice (mc:Choice and mc:Fallback); read only the first."""
    node = element.getparent()
    while node is not None and node is not stop:
        if node.tag == "{%s}Fallback" % MC:
            return True
        node = node.getparent()
    return False


def _in_nested_paragraph(run: etree._Element, paragraph: etree._Element) -> bool:
    node = run.getparent()
    while node is not None and node is not paragraph:
        if node.tag == _W + "p":
            return True
        node = node.getparent()
    return False


def _walk(body: etree._Element, styles: _Styles, kind: str) -> list[Block]:
    blocks: list[Block] = []
    for child in body:
        if child.tag == _W + "p":
            blocks.extend(_paragraph_blocks(child, styles, kind))
        elif child.tag == _W + "tbl":
            blocks.extend(_table_blocks(child, styles, kind))
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                blocks.extend(_walk(content, styles, kind))
    return blocks


def _paragraph_blocks(paragraph: etree._Element, styles: _Styles, kind: str) -> list[Block]:
    runs, style_id = _paragraph_runs(paragraph, styles)
    blocks = [Block(runs, kind="heading" if kind == "paragraph" and styles.is_heading(style_id) else kind)]
    # Paragraphs inside text boxes anchored in this paragraph (letterheads often live there).
    for box in paragraph.iter(_W + "txbxContent"):
        if not _inside_fallback(box, paragraph):
            blocks.extend(_walk(box, styles, kind))
    return blocks


def _grid_span(cell: etree._Element) -> int:
    span = cell.find(f"{_W}tcPr/{_W}gridSpan")
    try:
        return max(1, min(64, int(span.get(_W + "val")))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _table_blocks(table: etree._Element, styles: _Styles, kind: str) -> list[Block]:
    """Each row of a table with three columns or more becomes one tab-separated line, a cell's
    paragraphs joined by spaces ("Trách nhiệm" over "thực hiện", "Lãnh đạo" over "Sở Tài chính"),
    so the grid stays readable (api/answers/sheets.py). In a table of one or two columns, a
    row whose cells hold several paragraphs (the two-column letterhead, the signature block)
    becomes one line per paragraph, cell by cell, as the letterhead reader expects."""
    blocks: list[Block] = []
    row_kind = "table_row" if kind == "paragraph" else kind
    rows: list[tuple[list[list[list[TextRun]]], list[Block]]] = []
    for row in table.findall(_W + "tr"):
        cells: list[list[list[TextRun]]] = []
        nested: list[Block] = []
        for cell in row.findall(_W + "tc"):
            paragraphs = []
            for element in cell:
                if element.tag == _W + "p":
                    paragraphs.append(_paragraph_runs(element, styles)[0])
                elif element.tag == _W + "tbl":
                    nested.extend(_table_blocks(element, styles, kind))
            cells.append([p for p in paragraphs if "".join(r.text for r in p).strip()])
            # a cell merged across grid columns ("Lâm Đồng" over "Điểm số | Thứ hạng") keeps the
            # columns of the rows below it aligned: one empty cell for each column it spans
            cells.extend([] for _ in range(_grid_span(cell) - 1))
        rows.append((cells, nested))
    grid = any(sum(1 for c in cells if c) >= GRID_COLUMNS for cells, _nested in rows)
    for cells, nested in rows:
        if grid or all(len(c) <= 1 for c in cells):
            runs: list[TextRun] = []
            for i, cell_paragraphs in enumerate(cells):
                if i:
                    runs.append(TextRun("\t"))
                for j, paragraph in enumerate(cell_paragraphs):
                    if j:
                        runs.append(TextRun(" "))
                    runs.extend(paragraph)
            blocks.append(Block(runs, kind=row_kind))
        else:
            blocks.extend(Block(p, kind="cell" if kind == "paragraph" else kind) for c in cells for p in c)
        blocks.extend(nested)
    return blocks


GRID_COLUMNS = 3  # filled cells in one row that make a table a grid, not a letterhead


def read_docx(path: Path) -> RawDocument:
    unpacked = Unpacked(path)
    entities = 0

    warnings: list[str] = []

    def part(name: str) -> etree._Element:
        nonlocal entities
        try:
            tree = etree.fromstring(read_zip_member(archive, name, path, unpacked), _PARSER)
        except etree.XMLSyntaxError as exc:
            raise ExtractionError("corrupt", f"{path.name}: part '{name}' is not readable XML ({exc})") from None
        if tree is None:  # nothing the recovering parser could make sense of
            raise ExtractionError("corrupt", f"{path.name}: part '{name}' is not readable XML")
        entities += _entities(tree)
        return tree

    def optional_part(name: str) -> etree._Element | None:
        """A part the text can do without (styles, headers, notes): a damaged one is left out."""
        try:
            return part(name)
        except ExtractionError as error:
            if error.code != "corrupt":
                raise
            warnings.append(f"{error.message.removeprefix(path.name + ': ')}; left out")
            return None

    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        document = part("word/document.xml")
        styles = _Styles(optional_part("word/styles.xml") if "word/styles.xml" in names else None)
        sections: dict[str, list[Block]] = {"header": [], "footer": [], "note": []}
        for kind in ("header", "footer"):
            for name in sorted(n for n in names if n.startswith(f"word/{kind}") and n.endswith(".xml")):
                tree = optional_part(name)
                if tree is not None:
                    sections[kind].extend(_walk(tree, styles, kind))
        for name in ("word/footnotes.xml", "word/endnotes.xml"):
            notes = optional_part(name) if name in names else None
            for note in notes if notes is not None else []:
                if note.get(_W + "type") in (None, "normal"):
                    sections["note"].extend(_walk(note, styles, "note"))
    body = document.find(_W + "body")
    blocks = _walk(body, styles, "paragraph") if body is not None else []
    if entities:
        warnings.append(f"{entities} XML entity reference(s) left out: entities are not expanded")
    return RawDocument("docx", _dedupe(sections["header"]) + blocks + sections["note"] + _dedupe(sections["footer"]),
                       warnings=warnings)


def _dedupe(blocks: list[Block]) -> list[Block]:
    """First/odd/even headers usually repeat one another; keep each distinct line once."""
    seen: set[str] = set()
    out = []
    for block in blocks:
        key = block.raw_text.strip()
        if key and key not in seen:
            seen.add(key)
            out.append(block)
    return out
