"""The loaders the ingestion benchmark compares: each turns one file path into text.

``tracuu`` and ``viparse`` repair legacy Vietnamese encodings; the others are raw
extractors with no encoding repair, kept as reference points.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

SOFFICE_TIMEOUT_S = 170


@dataclass(frozen=True)
class Loader:
    name: str
    load: Callable[[Path], str]
    # Lower-case extensions the loader is meant for; None = every file.
    formats: frozenset[str] | None = None
    # Imported when the worker starts, so a missing package shows up as "unavailable"
    # and import time stays out of the per-file timings.
    modules: tuple[str, ...] = ()

    def handles(self, path: Path) -> bool:
        return self.formats is None or file_format(path) in self.formats


def file_format(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def load_tracuu(path: Path) -> str:
    from indexer.extraction.pipeline import extract_file

    return extract_file(path).text


def load_viparse(path: Path) -> str:
    import viparse

    # Exactly what a new user writes: default options (Markdown output).
    return "\n".join(document.text for document in viparse.load(path))


def load_pypdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def load_pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def load_pymupdf(path: Path) -> str:
    import pymupdf

    with pymupdf.open(path) as document:
        return "\n".join(page.get_text() for page in document)


# LibreOffice's "Text (encoded)" export exists only for Writer documents; Calc gets its
# CSV export (tab-separated, UTF-8, every sheet: the trailing -1) and Impress, which has no
# text export at all, goes through PDF and poppler's pdftotext.
_WRITER_TXT = "txt:Text (encoded):UTF8"
_CALC_CSV = "csv:Text - txt - csv (StarCalc):9,34,76,1,,0,false,true,false,false,false,-1"
_SOFFICE_TARGETS = {"doc": _WRITER_TXT, "rtf": _WRITER_TXT, "docx": _WRITER_TXT, "xls": _CALC_CSV, "ppt": "pdf"}


def _soffice_convert(path: Path, target: str, workdir: Path) -> list[Path]:
    source = workdir / f"input{path.suffix.lower()}"
    shutil.copyfile(path, source)
    profile = workdir / "profile"
    command = [
        "soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
        "--convert-to", target, "--outdir", str(workdir / "out"), str(source),
    ]
    result = subprocess.run(command, capture_output=True, timeout=SOFFICE_TIMEOUT_S, check=True)
    # Calc writes one CSV per sheet and names them in workbook order on stdout.
    sheets = re.findall(r"^Writing sheet .* -> (.+)$", result.stdout.decode("utf-8", "replace"), re.M)
    outputs = [Path(sheet) for sheet in sheets] or sorted((workdir / "out").glob("input*"))
    if not outputs:
        raise RuntimeError(f"LibreOffice produced no output for {path.name}")
    return outputs


def load_libreoffice_txt(path: Path) -> str:
    target = _SOFFICE_TARGETS[file_format(path)]
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        outputs = _soffice_convert(path, target, Path(tmp))
        if target == "pdf":
            command = ["pdftotext", "-enc", "UTF-8", str(outputs[0]), "-"]
            return subprocess.run(command, capture_output=True, check=True, timeout=60).stdout.decode("utf-8")
        return "\n".join(output.read_text(encoding="utf-8", errors="replace") for output in outputs)


_PDF = frozenset({"pdf"})

LOADERS: dict[str, Loader] = {
    loader.name: loader
    for loader in [
        Loader("tracuu", load_tracuu, modules=("indexer.extraction.pipeline",)),
        Loader("viparse", load_viparse, modules=("viparse",)),
        Loader("pypdf", load_pypdf, _PDF, ("pypdf",)),
        Loader("pdfplumber", load_pdfplumber, _PDF, ("pdfplumber",)),
        Loader("pymupdf", load_pymupdf, _PDF, ("pymupdf",)),
        Loader("libreoffice-txt", load_libreoffice_txt, frozenset(_SOFFICE_TARGETS)),
    ]
}


def missing_tools(loader: Loader) -> str | None:
    """Why ``loader`` cannot run on this machine for a reason other than an import."""
    if loader.name == "libreoffice-txt":
        absent = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
        return f"not on PATH: {', '.join(absent)}" if absent else None
    return None
