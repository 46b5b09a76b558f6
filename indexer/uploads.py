"""Files handed over by a client (the HTTP API): checked by content, stored under the index
directory with server-chosen names, then indexed like any other file.

    received file ──sniff──▶ format agrees with the name? ──▶ <index>/uploads/<sha256>.<format>
                                                                   │ (client's name kept in the catalog, never a path)
                                                                   └──update_locked──▶ per-file outcome

The client's name is metadata only: it is cleaned for display and never joined to a path.
Content decides the format; a name that claims another kind of file (a ".pdf" holding text)
is refused, because it is either a mistake or an attempt to smuggle content past a filter.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from indexer.extraction.errors import ExtractionError
from indexer.extraction.loading.detect import sniff
from indexer.store import catalog as cat
from indexer.store.layout import Layout
from indexer.update import IndexSettings, file_hash, update_locked, writer_lock

MAX_NAME_CHARS = 200
# Formats that may stand for one another: old Word names hold DOCX or RTF, and so on.
_FAMILIES = {
    "pdf": {"pdf"},
    "doc": {"doc", "docx", "rtf"}, "docx": {"doc", "docx", "rtf"}, "rtf": {"doc", "docx", "rtf"},
    "xls": {"xls", "xlsx"}, "xlsx": {"xls", "xlsx"},
    "ppt": {"ppt", "pptx"}, "pptx": {"ppt", "pptx"},
    "txt": {"txt"}, "md": {"txt"}, "markdown": {"txt"}, "text": {"txt"}, "csv": {"txt"},
    "html": {"html", "txt"}, "htm": {"html", "txt"}, "xhtml": {"html", "txt"},
}
_KIND_NAMES = {"pdf": "a PDF", "docx": "a Word document", "doc": "an old Word document", "rtf": "an RTF document",
               "xlsx": "an Excel workbook", "xls": "an old Excel workbook", "pptx": "a PowerPoint file",
               "ppt": "an old PowerPoint file", "txt": "plain text", "html": "HTML"}


@dataclass
class Upload:
    path: Path  # where the received bytes are now (a temporary file the caller owns)
    name: str  # what the client called it: metadata only


@dataclass
class UploadOutcome:
    name: str  # the cleaned client name
    status: str  # added | duplicate | failed
    doc_id: int | None = None
    format: str | None = None
    code: str | None = None  # for failures: unsupported_type, type_mismatch, empty, corrupt, ...
    message: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


def clean_name(name: str) -> str:
    """A client's file name made safe to show: its last component, no control characters, bounded."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > MAX_NAME_CHARS:
        stem, dot, extension = name.rpartition(".")
        keep = extension if dot and len(extension) <= 10 else ""
        name = name[:MAX_NAME_CHARS - len(keep) - 2] + "…" + ("." + keep if keep else "")
    return name or "unnamed"


def _claimed_extension(name: str) -> str | None:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else None


def check_content(path: Path, name: str) -> str:
    """The file's real format; raises ExtractionError (naming ``name``) when it is unreadable,
    not a report type, or not what its name says."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if not head:
        raise ExtractionError("empty", f"{name}: the file is empty")
    claimed = _claimed_extension(name)
    if claimed is not None and claimed not in _FAMILIES:
        raise ExtractionError("unsupported_type", f"{name}: .{claimed} is not a report type "
                              "(PDF, DOCX, DOC, RTF, XLS(X), PPT(X), TXT/MD, HTML)")
    try:
        found = sniff(path, head)
    except ExtractionError as exc:
        raise ExtractionError(exc.code, exc.message.replace(path.name, name)) from None
    if found == "txt" and claimed in ("html", "htm", "xhtml"):
        found = "html"  # sniff() tells HTML from text by the extension, which ``path`` does not carry
    if claimed is not None and found not in _FAMILIES[claimed]:
        raise ExtractionError("type_mismatch", f"{name}: named .{claimed} but the content is {_KIND_NAMES[found]}")
    return found



def _discard_unindexed(layout: Layout, placed: list[Path]) -> None:
    """Delete the stored files no indexed path refers to (after a write that failed)."""
    if not placed or not layout.catalog.exists():
        for path in placed:
            path.unlink(missing_ok=True)
        return
    connection = cat.connect(layout.catalog, readonly=True)
    try:
        for path in placed:
            if cat.path_state(connection, str(path)) is None:
                path.unlink(missing_ok=True)
    finally:
        connection.close()


def add_uploads(index_dir: str | Path, uploads: list[Upload], settings: IndexSettings | None = None) -> list[UploadOutcome]:
    """Check, store and index received files; one outcome per upload, in order. The caller's
    temporary files are moved (or deleted); nothing a client sent becomes a path."""
    layout = Layout(Path(index_dir))
    settings = settings or IndexSettings()
    outcomes: list[UploadOutcome] = []
    stored: dict[int, Path] = {}  # position in uploads → stored file
    placed: list[Path] = []  # files this call put under uploads/
    with writer_lock(layout):
        if layout.exists():
            settings.embedder = layout.read_manifest().embedder
        layout.uploads.mkdir(parents=True, exist_ok=True)
        for position, upload in enumerate(uploads):
            name = clean_name(upload.name)
            outcomes.append(UploadOutcome(name=name, status="failed"))
            try:
                kind = check_content(upload.path, name)
            except ExtractionError as exc:
                outcomes[-1].code, outcomes[-1].message = exc.code, exc.message
                upload.path.unlink(missing_ok=True)
                continue
            target = layout.uploads / f"{file_hash(upload.path)}.{kind}"
            if target.exists():
                upload.path.unlink()
            else:
                os.replace(upload.path, target)
                placed.append(target)
            outcomes[-1].format = kind
            stored[position] = target
        try:
            report = update_locked(layout, list(dict.fromkeys(stored.values())), settings)
        except BaseException:
            _discard_unindexed(layout, placed)  # a full disk: the files placed for this request go too
            raise
        failures = {path: (code, message) for path, code, message in report.failed}
        connection = cat.connect(layout.catalog)
        try:
            with cat.transaction(connection):
                for position, target in stored.items():
                    outcome = outcomes[position]
                    if str(target) in failures:
                        code, message = failures[str(target)]
                        outcome.code, outcome.message = code, message.replace(target.name, outcome.name)
                        cat.forget_failure(connection, str(target))
                        target.unlink(missing_ok=True)  # a retry with the same bytes is read again
                        continue
                    doc_id = cat.path_state(connection, str(target))["doc_id"]
                    others = [p for p in cat.document_paths(connection, doc_id) if p != str(target)]
                    outcome.doc_id = doc_id
                    outcome.status = "duplicate" if others or cat.is_upload(connection, str(target)) else "added"
                    cat.record_upload(connection, str(target), outcome.name)
        finally:
            connection.close()
    return outcomes
