"""Changing the index: POST /api/documents (upload files) and DELETE /api/documents/{id}.

Both need the API key. Uploaded bytes go to a temporary folder inside the index directory
under names the server makes up; the indexer checks their content, stores them under
content-hash names and indexes them in the writer process (see served_index.py), while
searches go on answering from the last committed state.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from api.http import problems
from api.http.auth import WriteAccess, write_access
from api.http.dependencies import Index, Reader, ServerConfig
from api.http.problems import Problem
from api.http.routes.documents import DocId
from api.http.schemas import DeleteResponse, UploadResponse
from api.http.served_index import UPLOAD_FOLDER_PREFIX, WriteFailed
from indexer.store.layout import IndexMismatch, writing
from indexer.store.catalog import DEFAULT_COLLECTION
# indexer.update and indexer.uploads are imported where a write needs them: they load every file
# reader (PDF, Office, slides), most of a server's start-up imports, which no read needs.



def _writable(request: Request) -> None:
    """A served index that takes no writes (an OpenSearch cluster) says why, before any upload is read."""
    reason = getattr(request.app.state.index, "read_only", None)
    if reason:
        raise Problem(501, "backend-read-only", reason)


router = APIRouter(prefix="/api", tags=["writes"], dependencies=[Depends(write_access), Depends(_writable)])
_COPY_BLOCK = 1 << 20


def _receive(upload: UploadFile, folder: Path, position: int, limit: int) -> Path | UploadOutcome:
    """The upload's bytes in ``folder`` under a server-made name, or why not (run in a thread)."""
    from indexer.uploads import UploadOutcome, clean_name

    target = folder / f"{position:04d}.upload"
    size = 0
    upload.file.seek(0)
    with open(target, "wb") as out:
        while block := upload.file.read(_COPY_BLOCK):
            size += len(block)
            if size > limit:
                name = clean_name(upload.filename or "")
                return UploadOutcome(name, "failed", code="too_large",
                                     message=f"{name}: over the limit of {limit // (1024 * 1024)} MB per file")
            out.write(block)
    return target


async def _write(index, function, *args):
    try:
        return await index.write(function, *args)
    except IndexMismatch as exc:
        raise Problem(409, "index-busy", str(exc)) from None
    except WriteFailed as exc:
        raise Problem(500, "write-failed", f"indexing failed: {exc}") from None


@router.post("/documents", response_model=UploadResponse, responses=problems.responses(400, 401, 403, 409, 413, 422, 500, 507))
async def upload_documents(
    index: Index,
    settings: ServerConfig,
    access: WriteAccess,
    files: Annotated[list[UploadFile], File(description="report files (PDF, DOCX, DOC, RTF, XLS(X), PPT(X), TXT/MD, "
                                                        "HTML); the format is read from the content")],
    collection: Annotated[str | None, Form(max_length=100, description="the collection the files go in (default: the "
                                                                        "key's only collection, else 'default')")] = None,
) -> dict:
    """Add files to the index; one result per file, in order (a file that fails does not stop the others)."""
    from indexer.update import IndexSettings
    from indexer.uploads import Upload, UploadOutcome, add_uploads, clean_name

    limits = settings.limits
    if collection is None:
        collection = next(iter(access.collections)) if access.collections and len(access.collections) == 1 else DEFAULT_COLLECTION
    if not access.may_write_to(collection):
        raise Problem(403, "collection-not-allowed", f"the key {access.name!r} may not add documents to the collection {collection!r}")
    if len(files) > limits.upload_files:
        raise Problem(413, "too-many-files", f"{len(files)} files in one request; this server takes at most {limits.upload_files}")
    with writing("upload folder", index.root, "receiving the upload"):
        index.root.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=UPLOAD_FOLDER_PREFIX, dir=index.root))
    try:
        received = []
        for position, upload in enumerate(files):
            with writing("upload folder", folder, f"receiving {clean_name(upload.filename or '')}"):
                received.append(await run_in_threadpool(_receive, upload, folder, position, limits.upload_bytes))
        uploads = [Upload(item, upload.filename or "") for item, upload in zip(received, files) if isinstance(item, Path)]
        # keywords first (searchable as soon as this returns); the served index embeds them after
        indexed = iter(await _write(index, add_uploads, index.root, uploads, IndexSettings(embed=False, collection=collection)) if uploads else [])
        results = [item if isinstance(item, UploadOutcome) else next(indexed) for item in received]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"results": [r.to_json() for r in results]}


@router.delete("/documents/{doc_id}", response_model=DeleteResponse, responses=problems.responses(401, 403, 404, 409, 422, 500))
async def delete_document(index: Index, reader: Reader, doc_id: DocId) -> dict:
    """Remove a document from the index (and its file, if it was uploaded here; files indexed where
    they lie stay, and come back if `tracuu index` is run on their folder again)."""
    from indexer.update import remove_documents

    if not reader.documents([doc_id]) or not await _write(index, remove_documents, index.root, [doc_id]):
        raise Problem(404, "document-not-found", f"there is no document {doc_id} in this index")
    return {"doc_id": doc_id, "deleted": True}
