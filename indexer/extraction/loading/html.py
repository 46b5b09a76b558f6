"""HTML: visible text of block elements, one block per paragraph-like element or table row."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from indexer.extraction.loading.plaintext import decode_bytes
from indexer.extraction.model import Block, RawDocument, TextRun

_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section", "article", "table", "ul", "ol", "blockquote", "pre"}
_CELL_TAGS = {"td", "th"}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, str]] = []
        self.current: list[str] = []
        self.kind = "paragraph"
        self.skip_depth = 0

    def _flush(self) -> None:
        text = "".join(self.current).strip()
        if text:
            self.lines.append((re.sub(r" {2,}", " ", text), self.kind))
        self.current = []
        self.kind = "paragraph"

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag.startswith("h") and tag[1:].isdigit():
                self.kind = "heading"
        elif tag in _CELL_TAGS and self.current:
            self.current.append("\t")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def close(self) -> None:
        super().close()
        self._flush()

    def handle_data(self, data):
        if not self.skip_depth:
            self.current.append(re.sub(r"\s+", " ", data))


def read_html(path: Path) -> RawDocument:
    text, encoding = decode_bytes(path.read_bytes())
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    blocks = [Block([TextRun(line)], kind=kind) for line, kind in collector.lines]
    return RawDocument("html", blocks)
