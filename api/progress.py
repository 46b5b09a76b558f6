"""Progress bars (with ETA) and warnings for long CLI runs, on stderr."""

from __future__ import annotations

import sys

from tqdm import tqdm

from indexer.update import Progress

_LABELS = {"read": "reading files", "records": "reading records", "embed": "embedding chunks", "queries": "queries"}
_UNITS = {"read": "file", "records": "record", "queries": "query"}


class TerminalProgress(Progress):
    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.bars: dict[str, tqdm] = {}

    def start(self, stage: str, total: int) -> None:
        if self.enabled and total:
            self.bars[stage] = tqdm(total=total, desc=_LABELS.get(stage, stage), unit=_UNITS.get(stage, "chunk"),
                                    file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def advance(self, stage: str, n: int = 1) -> None:
        if stage in self.bars:
            self.bars[stage].update(n)

    def finish(self, stage: str) -> None:
        bar = self.bars.pop(stage, None)
        if bar is not None:
            bar.close()

    def warn(self, message: str) -> None:
        (tqdm.write if self.bars else print)(f"warning: {message}", file=sys.stderr)
