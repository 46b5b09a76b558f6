"""Vietnamese wording of answers: document labels, dates, quoted evidence with citations."""

from __future__ import annotations

from api.answers.response import DocumentAnswer, Evidence


def vietnamese_date(iso: str | None) -> str | None:
    if not iso:
        return None
    parts = iso.split("-")
    if len(parts) == 3:
        return "/".join(reversed(parts))
    return f"tháng {parts[1]}/{parts[0]}" if len(parts) == 2 else f"năm {iso}"


def clip(text: str, limit: int = 320) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + " …"


def document_label(document: DocumentAnswer) -> str:
    kind = (document.doc_type or "văn bản").capitalize()
    number = document.number
    if number and number.startswith("/"):
        number = "…" + number  # a draft: "Số:    /BC-UBND"
    label = f"{kind} số {number}" if number else kind
    date = vietnamese_date(document.date)
    if date:
        label += f" {date}" if date.startswith(("tháng", "năm")) else f" ngày {date}"
    if document.title:
        label += f" ({clip(document.title, 90)})"
    return label


def quoted(evidence: Evidence, limit: int = 320) -> str:
    line = f"“{clip(evidence.text, limit)}” [{evidence.citation}]"
    if evidence.figures:
        line += " — số liệu: " + "; ".join(dict.fromkeys(f["text"] for f in evidence.figures))
    return line


def unit_listing(header: str, units, evidence_line) -> str:
    """header, then "1. unit", "   - document", "     evidence_line(evidence)" for each."""
    lines = [header]
    for i, unit in enumerate(units, 1):
        lines.append(f"{i}. {unit.unit}")
        for document in unit.documents:
            lines.append(f"   - {document_label(document)}" + versions_note(document))
            lines += [f"     {evidence_line(evidence)}" for evidence in document.evidence]
    return "\n".join(lines)


def versions_note(document: DocumentAnswer) -> str:
    if not document.versions:
        return ""
    return f" (và {len(document.versions)} bản khác cùng nội dung: văn bản " + ", ".join(str(v["doc_id"]) for v in document.versions) + ")"
