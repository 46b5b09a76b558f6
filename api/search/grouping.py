"""Folding a ranked list of chunks into result entries: a document's further hits under its best
one ("thêm K đoạn trong văn bản này"), and the hits in other versions of a document
(indexer/versions.py: drafts, finals, near-copies) under the group's entry ("N phiên bản").

An entry shows its group's best hit, or the head's (the newest, most complete version) when the
head's hit scores within ``HEAD_TOLERANCE`` of it: the same passage in the final rather than in
the draft. Nothing is dropped: every hit of the pool is either an entry or folded under one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# How close (relative) the head's best hit must score to the group's best to be shown instead.
HEAD_TOLERANCE = 0.02


@dataclass
class Entry:
    chunk_id: int
    score: float
    doc_id: int
    more: list[tuple[int, float]] = field(default_factory=list)  # the shown document's other hits, best first
    versions: dict[int, list[tuple[int, float]]] = field(default_factory=dict)  # other member → its hits, best first
    group: list[int] = field(default_factory=list)  # the version group (head first); [] when none


def fold(ranked: list[tuple[int, float]], owners: dict[int, int], groups: dict[int, list[int]], wanted: int,
         documents: bool = True, versions: bool = True) -> tuple[list[Entry], bool]:
    """The first ``wanted`` entries of ``ranked`` (chunk id, score; best first) and whether more
    follow. ``owners``: chunk → document; ``groups``: document → its version group (head first).
    ``documents``: one entry per document; ``versions``: one entry per version group (a
    document's own hits stay separate entries unless ``documents``)."""
    entries: list[Entry] = []
    by_key: dict[object, Entry] = {}
    lead_entry: dict[int, Entry] = {}  # (versions without documents) group head → the entry hits of other members fold under
    leads = _group_leads(ranked, owners, groups) if versions and not documents else {}
    taken: set[int] = set()  # lead hits shown ahead of their rank
    has_more = False
    for chunk_id, score in ranked:
        doc_id = owners.get(chunk_id)
        if doc_id is None or chunk_id in taken:
            continue  # a chunk deleted since the retrievers' snapshot
        group = groups.get(doc_id, []) if versions else []
        group_key = group[0] if group else None
        if documents:
            key = ("group", group_key) if group_key is not None else ("document", doc_id)
            entry = by_key.get(key)
        else:
            entry = lead_entry.get(group_key) if group_key is not None else None
            if entry is not None and entry.doc_id == doc_id:
                entry = None  # the lead document's own further hits are entries of their own here
            key = ("chunk", chunk_id)
            if entry is None and group_key in leads and group_key not in lead_entry and leads[group_key][0] != chunk_id:
                # the head's hit, about as good as this member's, leads the group's hits (a draft's tie
                # with its final is no reason to show the draft): it takes this rank, this hit folds under it
                if len(entries) >= wanted:
                    has_more = True
                    continue
                lead_chunk, lead_score = leads[group_key]
                entry = Entry(lead_chunk, lead_score, group_key, group=list(group))
                entries.append(entry)
                by_key[("chunk", lead_chunk)] = lead_entry[group_key] = entry
                taken.add(lead_chunk)
        if entry is not None:
            if entry.doc_id == doc_id:
                entry.more.append((chunk_id, score))
            else:
                entry.versions.setdefault(doc_id, []).append((chunk_id, score))
            continue
        if len(entries) >= wanted:
            has_more = True
            continue  # no new entry, but later hits may still fold under the page's entries
        entry = Entry(chunk_id, score, doc_id, group=list(group))
        entries.append(entry)
        by_key[key] = entry
        if group_key is not None and group_key not in lead_entry:
            lead_entry[group_key] = entry
    if documents:
        for entry in entries:
            _prefer_head(entry)
    return entries, has_more


def _group_leads(ranked: list[tuple[int, float]], owners: dict[int, int], groups: dict[int, list[int]]
                 ) -> dict[int, tuple[int, float]]:
    """Group head → the head's best hit, for the groups whose head scores within ``HEAD_TOLERANCE`` of
    the group's best hit."""
    best: dict[int, float] = {}
    leads: dict[int, tuple[int, float]] = {}
    for chunk_id, score in ranked:
        doc_id = owners.get(chunk_id)
        group = groups.get(doc_id, []) if doc_id is not None else []
        if not group:
            continue
        head = group[0]
        best.setdefault(head, score)
        if doc_id == head and head not in leads and score >= best[head] - HEAD_TOLERANCE * abs(best[head]):
            leads[head] = (chunk_id, score)
        elif doc_id == head:
            leads.setdefault(head, None)
    return {head: lead for head, lead in leads.items() if lead is not None}


def _prefer_head(entry: Entry) -> None:
    """Show the head's best hit when it scores about as well as the group's best (documents mode)."""
    if not entry.group or entry.doc_id == entry.group[0] or entry.group[0] not in entry.versions:
        return
    head = entry.group[0]
    head_hits = entry.versions[head]
    best_chunk, best_score = head_hits[0]
    if best_score < entry.score - HEAD_TOLERANCE * abs(entry.score):
        return
    shown = [(entry.chunk_id, entry.score)] + entry.more
    entry.versions[entry.doc_id] = shown
    del entry.versions[head]
    entry.chunk_id, entry.score, entry.doc_id, entry.more = best_chunk, best_score, head, head_hits[1:]
