"""Metadata of a report, each value with the span of text it was read from.

Every field is read from a recognisable place — the letterhead and title block (front
matter), the body formula "…, <đơn vị> báo cáo … như sau:", the closing sentence, the
"Nơi nhận:" block and the signature — and is None when that place is missing: nothing is
guessed. Values are normalised for display (ISO dates, "Ủy" spelling, sentence-case
positions); spans always point at the original characters.
"""

from __future__ import annotations

from indexer.extraction.lines import split_lines
from indexer.extraction.metadata import campaigns, classification, dates, references, signature, title, units
from indexer.extraction.model import Metadata, Section

_FRONT_FALLBACK_CHARS = 2500  # without sections, the letterhead is looked for here


def _front_end(sections: list[Section], text: str) -> int:
    body = [s for s in sections if s.kind != "front"]
    if body:
        return body[0].start
    front = [s for s in sections if s.kind == "front"]
    return front[-1].end if front else min(len(text), _FRONT_FALLBACK_CHARS)


def _back_start(sections: list[Section], text: str) -> int:
    back = [s for s in sections if s.kind == "back"]
    return back[0].start if back else len(text)


def extract_metadata(text: str, sections: list[Section]) -> Metadata:
    lines = split_lines(text)
    front_end = _front_end(sections, text)
    back_start = _back_start(sections, text)
    place, date = dates.place_and_date(text, front_end)
    number = title.number(text, front_end)
    type_line = title.doc_type_line(lines, front_end, number)
    letterhead = units.letterhead_cells(lines, front_end)
    unit = units.with_place(units.unit(text, lines, letterhead, back_start, number.value if number else None), place, text)
    recipients_index, recipients = signature.recipient_lines(lines, back_start)
    doc_type = title.doc_type(text, type_line, number, front_end)
    signer, position = signature.signature(lines, back_start, recipients_index, doc_type.value if doc_type else None)
    summary = title.title(text, lines, type_line, front_end)
    if summary and unit and summary.start < unit.start < summary.end:
        summary = title.ending_before(summary, text, unit.start)
    if not (doc_type and number and date and summary) and (heading := title.legacy_heading(text)):
        # a gazette text's heading fills what a letterhead would have said
        doc_type, number, date = doc_type or heading.doc_type, number or heading.number, date or heading.date
        summary = summary or heading.title
    if not (doc_type or summary) and (appendix := title.appendix_heading(lines)):
        doc_type, summary = appendix  # an appendix filed on its own: "Phụ lục II / KẾT QUẢ ĐÁNH GIÁ …"
    issuers = units.joint_issuers(text, number.value if number else None)
    if issuers and not unit:
        unit = issuers[0]
    return Metadata(
        unit=unit,
        doc_type=doc_type,
        number=number,
        place=place,
        date=date,
        signer=signer,
        signer_position=position,
        title=summary,
        level=units.level(text, unit, letterhead),
        classification=classification.classification(lines, front_end),
        recipients=recipients,
        references=references.references(text, number),
        campaigns=campaigns.campaigns(text),
        places=units.places(text, place),
        issuers=issuers,
    )
