"""The one error type extraction raises: a stable code for scripts and a message for people."""

from __future__ import annotations

# code → what it means; the CLI prints these codes in its JSON output.
ERROR_CODES = {
    "not_found": "the path does not exist",
    "not_a_file": "the path is a directory or a special file",
    "permission_denied": "the file cannot be read",
    "empty": "the file has zero bytes",
    "too_large": "the file is over the size limit",
    "unsupported_type": "the content is not a document format tracuu reads",
    "type_mismatch": "the file's name claims a format its content is not (an upload named .pdf holding text)",
    "corrupt": "the file is damaged or not what its content claims to be",
    "encrypted": "the file is password-protected",
    "zip_bomb": "compressed content (the parts of an Office file, the streams of a PDF) would expand beyond safe limits",
    "no_text": "the file has no extractable text (e.g. a scan without OCR)",
    "timeout": "reading the file took longer than the time limit",
    "converter_failed": "the external converter (LibreOffice, tesseract) failed",
}


class ExtractionError(Exception):
    def __init__(self, code: str, message: str) -> None:
        assert code in ERROR_CODES, code
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self):  # keep both fields when sent from a worker process
        return (ExtractionError, (self.code, self.message))

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
