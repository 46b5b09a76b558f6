"""Named campaigns and movements: the quoted names after "cuộc vận động", "phong trào", "quỹ" …."""

from __future__ import annotations

import re

from indexer.extraction.model import Found
from indexer.extraction.vietnamese.normalize import match_form

_OPEN_QUOTE = r"(?:''|“|\"|‘|«)"
_CLOSE_QUOTE = r"(?:''|”|\"|’|»)"
_QUOTED = rf"{_OPEN_QUOTE}(?P<name>[^\"“”‘’«»\n']{{2,150}}?)\s*{_CLOSE_QUOTE}"
_CAMPAIGN_TRIGGER = re.compile(
    r"(?:cuộc vận động|phong trào|quỹ|chương trình|cuộc thi|tháng hành động|giải thưởng)"
    rf"(?:\s+[^\s\"“”‘'«,.;:()]+){{0,6}}?\s*:?\s*(?={_OPEN_QUOTE})",
    re.I,
)
_QUOTED_NAME = re.compile(_QUOTED)
_LIST_SEPARATOR = re.compile(r"\s*(?:,|và|hoặc)\s*(?=" + _OPEN_QUOTE + ")")


def campaigns(text: str) -> list[Found]:
    found: list[Found] = []
    seen: set[str] = set()
    for trigger in _CAMPAIGN_TRIGGER.finditer(text):
        pos = trigger.end()
        while match := _QUOTED_NAME.match(text, pos):
            name = match.group("name").strip()
            # One campaign however it is punctuated: "nông thôn mới, đô thị văn minh" = without comma.
            key = " ".join(re.findall(r"\w+", match_form(name).casefold()))
            if name and key not in seen:
                seen.add(key)
                start = match.start("name") + match.group("name").index(name)
                found.append(Found(name, start, start + len(name)))
            separator = _LIST_SEPARATOR.match(text, match.end())
            if not separator:
                break
            pos = separator.end()
    return found
