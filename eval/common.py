"""The paths every measurement shares: the repository, eval/results/ (git-ignored) and the shared
Vietnamese data sets in ../shared/data beside the repository (never copied into it)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "eval" / "results"  # git-ignored
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(who: str, needed: Iterable[str], root: Path | None = None,
                error: type[BaseException] = SystemExit) -> Path:
    """``root`` (default ../shared/data) once every path of ``needed`` (relative to it) exists;
    otherwise ``error`` with a message that names the missing paths and where the data belongs."""
    root = Path(root or SHARED_DATA)
    missing = [name for name in needed if not (root / name).exists()]
    if missing:
        raise error(f"{who}: the shared Vietnamese data is missing: {root} should hold {', '.join(missing)} "
                    f"(the shared/data folder beside the repository, {REPO.parent})")
    return root
