"""Legacy Office formats (.doc, .rtf, .xls, .ppt) through LibreOffice headless.

LibreOffice converts them to OOXML keeping every run's font name, which our OOXML readers
need to decode TCVN3/VNI text span by span. Each conversion uses its own throw-away user
profile so parallel conversions do not fight over a lock, and a timeout bounds a stuck one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from indexer.extraction.errors import ExtractionError

TIMEOUT_S = int(os.environ.get("TRACUU_CONVERT_TIMEOUT", "180"))
# LibreOffice now and then crashes on a file it reads the next time (a fresh profile's first start;
# seen once in 636 files while another job loaded both cores): a failure is tried once more
ATTEMPTS = 2
TARGETS = {"doc": "docx", "rtf": "docx", "xls": "xlsx", "ppt": "pptx"}
_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML", "pptx": "pptx:Impress MS PowerPoint 2007 XML"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, source_format: str, workdir: Path) -> Path:
    """Convert ``path`` to its OOXML counterpart inside ``workdir``; returns the new file."""
    binary = soffice()
    if binary is None:
        raise ExtractionError(
            "converter_failed",
            f"{path.name}: reading .{source_format} needs LibreOffice (Debian package libreoffice-writer-nogui)",
        )
    target = TARGETS[source_format]
    # Copy under a neutral name: LibreOffice mis-parses some odd file names and picks the
    # import filter from the extension, which may be wrong (".doc" files that are RTF).
    source = workdir / f"input.{source_format}"
    shutil.copyfile(path, source)
    output = workdir / f"input.{target}"
    failure = ""
    for _attempt in range(ATTEMPTS):
        failure = _run(binary, source, target, workdir, path, source_format)
        if not failure and output.exists() and output.stat().st_size > 0:
            return output
    raise ExtractionError("corrupt", f"{path.name}: LibreOffice could not read this .{source_format} file "
                                     f"({failure or 'no output'}; tried {ATTEMPTS} times)")


def _run(binary: str, source: Path, target: str, workdir: Path, path: Path, source_format: str) -> str:
    """One conversion with a fresh profile: "" when LibreOffice exits cleanly, else its last word."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=workdir))
    command = [
        binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
        "--nologo", "--convert-to", _FILTERS[target], "--outdir", str(workdir), str(source),
    ]
    try:
        result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, env={**os.environ, "HOME": str(profile)})
    except subprocess.TimeoutExpired:
        raise ExtractionError("timeout", f"{path.name}: LibreOffice did not finish converting within {TIMEOUT_S} s") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if result.returncode == 0:
        return ""
    detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
    return detail[-1] if detail else f"exit status {result.returncode}"
