"""The tree keeps its layout rules: every SQL statement lives in indexer/store/, data flows one
way (indexer never imports api or eval; api never imports eval), and document kinds are one list."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SQL = re.compile(r"\b(?:SELECT\s.+\bFROM\b|INSERT\s+(?:OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|"
                 r"CREATE\s+(?:VIRTUAL\s+)?(?:TABLE|INDEX)|PRAGMA\s+\w+|json_each\()", re.I | re.S)
# A competing engine measured by a study, not our store: SQLite FTS5 as a BM25 backend.
NOT_OURS = {"eval/studies/bm25_engines_benchmark.py"}


def _python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def _string_literals(path: Path) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    strings = []
    for token in tokens:
        if token.type == tokenize.STRING:
            strings.append((token.start[0], token.string))
        elif token.type == getattr(tokenize, "FSTRING_MIDDLE", None):
            strings.append((token.start[0], token.string))
    return strings


def test_sql_is_written_only_in_the_store():
    offenders = []
    for path in _python_files("indexer", "api", "eval"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("indexer/store/") or relative in NOT_OURS:
            continue
        for line, literal in _string_literals(path):
            if SQL.search(literal) and not literal.lstrip("rbfuRBFU").startswith(('"""', "'''")):
                offenders.append(f"{relative}:{line}: {literal[:70]}")
        if ".catalog.execute" in path.read_text(encoding="utf-8"):
            offenders.append(f"{relative}: runs SQL on a reader's catalog connection")
    assert not offenders, "SQL outside indexer/store/ (ask indexer/store/reader.py or write in catalog.py):\n" + "\n".join(offenders)


def test_the_check_finds_sql(tmp_path):
    """The SQL check is not blind: it sees a statement in a plain and in an f-string."""
    sample = tmp_path / "sample.py"
    sample.write_text('a = "SELECT id FROM documents WHERE x = ?"\nb = f"DELETE FROM paths WHERE path = {a}"\n')
    found = [literal for _, literal in _string_literals(sample) if SQL.search(literal)]
    assert len(found) == 2


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package, forbidden", [("indexer", {"api", "eval"}), ("api", {"eval"})])
def test_data_flows_one_way(package, forbidden):
    offenders = {path.relative_to(ROOT).as_posix(): sorted(_imports(path) & forbidden)
                 for path in _python_files(package) if _imports(path) & forbidden}
    assert not offenders, f"{package}/ must not import {', '.join(sorted(forbidden))}: {offenders}"


def test_extraction_does_not_import_index_building():
    """Reading files is a stage of its own: it never reaches into the index-building side."""
    building = ("indexer.analysis", "indexer.chunking", "indexer.embedding", "indexer.store", "indexer.update",
                "indexer.records", "indexer.uploads")
    offenders = []
    for path in _python_files("indexer/extraction"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [module or ""]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n and n.startswith(building)]
    assert not offenders, offenders
