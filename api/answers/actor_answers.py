"""Who did it, not who mentioned it: "Ai chủ trì …", "Đơn vị nào tổ chức …", "… do ai phụ trách?".

The evidence is the sentence (or label line, "Chủ trì: Đồng chí …") that states the action about
the question's subject; the actor is read from that sentence's grammar — "do X chủ trì",
"dưới sự chủ trì của X", "giao X chủ trì", "X chủ trì …", "Chủ trì: X" — and the answer says so
when the sentence names nobody, instead of naming the unit that wrote the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from api.answers import asked_slot
from api.answers.document_answers import DocumentAnswerResult
from api.answers.evidence import chunks_containing, document_infos, sentence_pairs
from api.answers.passages import folded, sentences
from api.answers.persons import names_person
from api.answers.questions import ASKER, OBJECT_PREPOSITIONS, ROLE_VERB, Question
from api.answers.response import Evidence
from api.answers.sources import within_source
from api.answers.table_text import cells_under
from api.answers.topics import PairCover, content_words
from api.answers.unit_answers import group_by_unit, unit_key
from api.answers.wording import clip
from api.search import Filters, SearchRequest, Searcher
from indexer.analysis import has_accents
from indexer.extraction.metadata.casing import sentence_case_position, title_case_place
from indexer.extraction.metadata.patterns import CAP_WORD, UPPER

CANDIDATES = 30
SUBJECT_SHARE = 0.6      # of the subject's words, in the sentence, its section path or its document's title
MAX_ACTOR_WORDS = 18
RECOUNTED_PENALTY = 0.5  # an assignment recounted from an earlier document, beside one stated by a document itself
_RECOUNTED = re.compile(r"\bda ban hanh (?:quyet dinh|cong van|ke hoach|van ban|chi thi|thong bao)\b")
PLACE_WEIGHT = 0.5       # share of the question's place in a document's own fields (title, unit, place)
EVIDENCE_SHOWN = 3
DOCUMENT_HEAD_CHARS = 400  # a programme's heading names the meeting its "Chủ trì:" line is about
PREVIOUS_SENTENCE_REACH = 600  # characters before a sentence searched for the one before it
DOCUMENTS_READ_WHOLE = 5  # the best-ranked documents, whose every sentence stating the action is read
_SYLLABLE = re.compile(r"[^\W_]+")
# Words of the question that ask rather than name the subject (folded).
# (The question's asking phrases, "ai", "đơn vị nào" …, are already gone from its topic.)
# ("cơ quan nào phải giải quyết …"; "giáo dục", "đó" are no asking words)
_ASKING_ACCENTED = set("ai nào là sẽ đã được giao do phải cần".split())
_ASKING = {folded(w) for w in _ASKING_ACCENTED}
# (a quotation opens a clause of its own: "…, trích dẫn Quy chế “Phó Chủ tịch UBND tỉnh … có trách nhiệm cho ý kiến …”")
_CLAUSE_START = re.compile(r"[.;:!?\n“]|,\s|\s[-–]\s|(?<=\s)\"|\b(?:và|đồng thời|sau đó|trong đó)\s", re.I)
_ACTOR_START = re.compile(r"^(?:Đồng chí|đồng chí|Đ/c|đ/c|Ông|ông|Bà|bà|Chánh|Thủ trưởng|Ủy ban|Uỷ ban|UBND|UBMTTQ|MTTQ|Ban|Sở|Bộ|Cục|Hội|Đảng|Thường trực|"
                          r"Văn phòng|Phòng|Trung tâm|Công an|Tỉnh|Huyện|Thành|Chủ tịch|Phó|Giám đốc|Bí thư|Lãnh đạo|Liên|"
                          r"Tổng|Thủ tướng|Chính phủ|Quốc hội|Vụ|Viện|Trường|Đài|Đoàn|Chi cục|Thanh tra|Ngân hàng|Kho bạc|Hiệp hội|Quỹ|"
                          r"Cơ quan|Công ty|Tập đoàn|[A-ZĐ]{2,})")
_NOT_ACTOR = re.compile(r"^(?:tiếp tục|đã|sẽ|đang|cần|phải|được|việc|công tác|để|nhằm|các|những|năm|ngày|tháng)\b", re.I)
_TRIM = re.compile(r"^[\s,;:\-–(\"“]+|[\s,;:\-–)\"”.]+$|(?:\s+(?:được|đã|sẽ|là|làm|đứng ra|đang|tiếp tục|trực tiếp|chủ động|thường xuyên|cùng|phối hợp|chủ trì|tham dự|phải|cần|có trách nhiệm|có|chịu trách nhiệm|tiến hành|tăng cường|(?:tại|trong|qua) (?:buổi|cuộc|đợt|chuyến)))+\s*$")
MAX_SUBJECT_WORDS = 15  # a clause's subject longer than this is more than a name


@dataclass
class ActorFound:
    name: str
    strong: bool = True  # read from "Chủ trì: X", "do X chủ trì", "sự chủ trì của X"; False: a clause's subject
    qualifier: str = ""  # a label's words between the action and its colon: "chủ trì | tại điểm cầu Trung ương |: …"


_NOMINAL_ACTIONS = ("de nghi", "de xuat", "kien nghi")  # "theo đề nghị của X": X proposed
# Another wording of the same action (folded): "có trách nhiệm" is what a rule says of who "chịu trách nhiệm";
# where a report is sent, its form's "Đơn vị nhận báo cáo:" or "Kính gửi:" line says.
# who chairs a meeting is who the report says held it: "Ngày 21/4/2026, đồng chí … họp nghe Công ty … báo cáo …"
_SAME_ACTION = {"chiu trach nhiem": ("co trach nhiem",), "gui": ("nhan bao cao", "kinh gui"), "chu tri": ("hop nghe",)}
# The one an action goes to, after its verb: "gửi về Vụ Chính sách tiền tệ", "cử ông … tham gia"
_OBJECT = re.compile(r"\s+(?:(?:về|cho|đến|tới|lên|sang)\s+)?([^.;:\n]+?)(?=[.;:\n]|,\s*[a-zđ]|\s(?:và|để|nhằm|với|tham gia|trước)\s|$)")

# "… gửi văn bản góp ý về Bộ Nội vụ (qua Vụ Cải cách hành chính) trước ngày …": the channel, after the verb
_VIA = re.compile(r"[^.;:\n]{0,160}?(?<!\w)qua\s+([^.;:\n()]+?)(?=[.;:\n)]|,\s|\s(?:trước|để|chậm nhất|trong)\s|$)")


# Where an agent's name ends ("… của Sở Tư pháp để …"); "và" before a capital goes on inside the name
# ("Sở Văn hóa, Thể thao và Du lịch")
_AGENT_END = rf"(?=[.;:\n]|,\s*(?:[a-zđ])|\s(?:và(?!\s+[{UPPER}])|để|nhằm|với|về|tại)\s|$)"


def _action_pattern(action: str) -> re.Pattern:
    """The action as written, or another wording of it, accents and case aside, matched on the folded text."""
    forms = "|".join(re.escape(form) for form in (action, *_SAME_ACTION.get(action, ())))
    return re.compile(rf"(?<!\w)(?:{forms})(?!\w)")


# "Cơ quan chủ trì phải khẳng định …": a body named by its role; "Sở chủ trì" stays the bare head "Sở" (_BARE_HEAD)
_ROLE_NAME = re.compile(r"[\s,;:\-–(\"“]*((cơ quan|đơn vị)\s+(?:chủ trì|phối hợp))(?!\w)", re.I)
PLAIN_ACTOR_WORDS = 6  # "do cấp trên tổ chức": after "do", a short phrase in lower case is a name too


# "Sở Khoa học và Công nghệ làm nhiệm vụ cơ quan | thường trực": the role's verb and noun end no name
_ROLE_TAIL = re.compile(r"\s+(?:là|làm|giữ|đảm nhiệm|đảm nhận|được giao(?: làm)?)(?:\s+(?:nhiệm vụ|vai trò|chức vụ|chức))?"
                        r"(?:\s+là)?(?:\s+(?:cơ quan|đơn vị))?\s*$", re.I)


def _clean(name: str, strict: bool = True) -> str | None:
    name = " ".join(name.split())
    # "công dân (ông Dương Quý Sỹ)", "01 đơn vị (Công an tỉnh)": who, in brackets after what they are
    bracketed = re.fullmatch(r"[^()]{1,40}\((?P<inner>[^()]+)\)(?:\s+(?:đã\s+)?có(?: văn bản| ý kiến)?)?[\s,;:.]*", name)
    if bracketed and _ACTOR_START.match(bracketed.group("inner").strip()):
        # (not "Bộ Lao động - Thương binh và Xã hội (Vụ Lao động - Việc làm)": a body, then its department)
        name = bracketed.group("inner") if not _ACTOR_START.match(name) else name[:name.index("(")]
    name = _ROLE_TAIL.sub("", name.strip())
    while (trimmed := _TRIM.sub("", name)) != name:  # "Sở Nội vụ chủ trì,": the comma, then the role
        if (role := _ROLE_NAME.match(name)) and trimmed.strip().casefold() == role.group(2).casefold():
            name = role.group(1)
            break
        name = trimmed
    if name.count("(") > name.count(")") and re.search(r"\([^()]+$", name):
        name += ")"  # "Công an tỉnh Bình Dương (cũ)": the bracket the trim took from its end
    words = name.split()
    if not words or len(words) > MAX_ACTOR_WORDS or _NOT_ACTOR.match(name):
        return None
    if not _ACTOR_START.match(name) and (strict or len(words) > PLAIN_ACTOR_WORDS):
        return None
    return name


_ASSIGNING_VERB = re.compile(r"(?:^|[\s(])(?:do|[gG]iao(?: cho)?|bởi|[pP]hân công(?: cho)?|[cC]ử|[đĐ]ề nghị|[đĐ]ề xuất|[yY]êu cầu)\s+")


# "giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính (trong việc …)": the body that coordinates is the
# lead's partner, named after "với", up to its bracketed task or the next member of the list
_LEAD_BEFORE = re.compile(r"(?<!\w)chu tri\s*(?:,|va)?\s*$")
_LEAD_PARTNER = re.compile(r"(?<!\w)chu tri\s*(?:,|va)?\s*phoi hop voi(?!\w)")
_PARTNER = re.compile(r"\s+với\s+([^.;:\n()]+?)(?=\s*\(|[.;:\n]|,\s|\s(?:và|để|nhằm|trong|triển khai|thực hiện|tổ chức)\s|$)")


def read_actor(text: str, action: str, as_object: bool = False, via: bool = False,
               partner: bool = True) -> ActorFound | None:
    """The actor of ``action`` in one sentence or line (the sentence is what the answer cites),
    or None when the sentence states the action with nobody named. ``as_object``: the one the
    action goes to ("… gửi về Vụ Chính sách tiền tệ"), not the one who does it; ``via``: the one it
    goes through ("… gửi về Bộ Nội vụ (qua Vụ Cải cách hành chính)"). ``partner``: who "phối hợp"
    after a lead ("X chủ trì, phối hợp với Y") is Y, unless the question names Y itself."""
    if text.isupper():
        text = _in_sentence_case(text)
    key = folded(text)
    if len(key) != len(text):
        return None
    for m in _action_pattern(action).finditer(key):
        if key[:m.start()].endswith("pho ") and not action.startswith("pho"):
            continue  # "Phó Chủ tịch" is another position than "Chủ tịch"
        after = text[m.end():]
        if partner and action == "phoi hop" and _LEAD_BEFORE.search(key, 0, m.start()) and \
                (joined := _PARTNER.match(after)) and (name := _clean(joined.group(1))):
            return ActorFound(name)
        label = re.match(r"((?:\s+[^\s:;.]+){0,5}?)\s*:\s*([^\n;]+)", after)  # "Chủ trì: Đồng chí …", "Chủ tịch Hội đồng: Ông …"
        if label:
            value = label.group(2)
            if text[:m.start()].count("(") > text[:m.start()].count(")"):
                value = value.split(")")[0]  # "(chủ trì tại điểm cầu Trung ương: Thủ tướng Chính phủ), Ủy ban …"
            if name := _clean(value):
                return ActorFound(name, qualifier=label.group(1).strip())
        if as_object:
            goes_to = (_VIA if via else _OBJECT).match(after)
            if goes_to and (name := _clean(goes_to.group(1))):
                return ActorFound(name)
            continue
        of = re.match(r"\s+(?:của|bởi)\s+([^.;:\n]+?)" + _AGENT_END, after)
        before = text[:m.start()]
        # "dưới sự chủ trì của X", "theo chỉ đạo của X"; a request is named by its noun: "(xét) đề nghị của công dân
        # (ông Dương Quý Sỹ)"
        if of and (re.search(r"(?:sự|dưới sự|[Tt]heo)\s*$", before) or action in _NOMINAL_ACTIONS) and (name := _clean(of.group(1))):
            return ActorFound(name)
        # "… phải được chấp thuận bằng văn bản của Tổng cục Thuế": a passive's agent, after how it is done
        agent = _PASSIVE_AGENT.match(after) if re.search(r"(?<!\w)được\s*$", before) else None
        if agent and (name := _clean(agent.group(1))):
            return ActorFound(name)
        # "3. Giao Cục Lưu trữ … hướng dẫn, kiểm tra …": a decision's article opens with the verb that assigns
        # "- Đề nghị Chi cục Hải quan khu vực XIII tăng cường kiểm tra …": asked to, the actor all the same
        # "… phải được Bộ Công nghiệp kiểm tra và xác nhận": the passive's agent, before the verb
        passive = re.search(r"(?:^|\s)được\s+([^.;:\n]{3,100}?)\s*$", before)
        if passive and _ACTOR_START.match(passive.group(1)) and (name := _clean(passive.group(1))):
            return ActorFound(name)
        # (the verb nearest the action governs it: "theo đề nghị của Công an tỉnh có đề xuất Đ/c Nguyễn Minh là Chủ tịch …")
        # (a proposal names whom it proposes, less surely than an assignment: "Chuyên viên đề xuất Chủ tịch UBND
        # tỉnh tham dự chủ trì …" is no answer beside the invitation's "Đồng chí … : Chủ trì điểm cầu")
        for by in reversed(list(_ASSIGNING_VERB.finditer(before))):
            named = re.match(r"([^.;:\n]{3,160}?)\s*(?:là đơn vị\s+|làm\s+|)?$", before[by.end():])
            if named and (name := _clean(named.group(1), strict=False)):
                return ActorFound(name, strong=not folded(by.group(0)).strip(" (").startswith("de xuat"))
        # "Qua liên hệ với ông Nguyễn Phan Lũy - Chủ tịch Hiệp hội …": a person, then the position they hold
        if (held := _HOLDER.search(before)) and _POSITION_WORD.match(key[m.start():]):
            return ActorFound(held.group("name"))
        if (found := _clause_subject(text, before, m.start())):
            return found
    return None


HEADING_LINES = 3  # lines of capitals read as one heading wrapped over them
UNDER_HEADING_CHARS = 2000  # what a heading in capitals is about: the text under it


def _heading_end(text: str, start: int, end: int) -> int:
    """Where a heading in capitals that starts at ``start`` ends, over the lines it wraps onto
    ("GIẢI TRÌNH BỔ SUNG THEO CHỈ ĐẠO⏎CỦA PHÓ CHỦ TỊCH UBND TỈNH - …"); ``end`` for anything else."""
    if not text[start:end].isupper():
        return end
    for _ in range(HEADING_LINES - 1):
        if not text.startswith("\n", end):
            break
        following = text.find("\n", end + 1)
        following = len(text) if following < 0 else following
        line = text[end + 1:following]
        if not line.strip() or not line.isupper():
            break
        end = following
    return end


def _in_sentence_case(caps: str) -> str:
    """A heading in capitals as a sentence writes it, so that its names read as names: "… THEO CHỈ ĐẠO
    CỦA PHÓ CHỦ TỊCH UBND TỈNH - NGUYỄN HỒNG HẢI" → "… theo chỉ đạo của Phó Chủ tịch UBND tỉnh - Nguyễn Hồng Hải"
    (after the dash, a person's name when it reads as one)."""
    head, dash, tail = caps.rpartition(" - ")
    if dash and names_person(title_case_place(tail)):
        text = sentence_case_position(head) + dash + title_case_place(tail)
    else:
        text = sentence_case_position(caps)
    return re.sub(r"(?<!\w)phó(?=\s+(?:Chủ|Bí|Giám|Chánh|Trưởng|Thủ|Tổng|Cục|Viện|Hiệu))", "Phó", text)


# (or by their title: "- Luật sư Đỗ Minh Trúc - Chủ nhiệm;")
_HOLDER = re.compile(rf"(?:^|[\s,(])(?:ông|bà|đồng chí|Ông|Bà|Đồng chí|Đ/c|đ/c|Luật sư|Luật gia|Tiến sĩ|Thạc sĩ|Bác sĩ|Kỹ sư|Nhà báo|"
                     rf"TS\.|ThS\.|PGS\.TS\.|GS\.TS\.)\s+(?P<name>{CAP_WORD}(?:\s+{CAP_WORD}){{1,4}})\s*[-–]\s*$")
_POSITION_WORD = re.compile(r"(?:pho\s+)?(?:chu tich|giam doc|truong|bi thu|chanh|tong bien tap|chu nhiem|tong thu ky|pho)")


_PASSIVE_AGENT = re.compile(r"(?:\s+[^\s,.;:]+){0,3}?\s+(?:của|bởi)\s+([^.;:\n]+?)" + _AGENT_END)
_HEADING_NUMBER = re.compile(r"^\s*(?:(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)/]?\s+)?(?:(?:Đề nghị|Giao|Phân công)\s+(?:cho\s+)?)?")
_NOT_HEADING_ACTOR = re.compile(r"^(?:Ban hành|Tổ chức|Thành lập|Hội nghị|Hội thảo|Tổng kết|Tổng hợp|Phối hợp)\b")
HEADING_ACTOR_WORDS = 12


def _headings_at(sections: list, position: int) -> list[str]:
    """The headings of the sections holding ``position``, innermost first: an item's own ("d) Triển khai
    các giải pháp …") before the body's it is listed under ("3. Sở Khoa học và Công nghệ")."""
    holding = [x for x in sections if x.start <= position < x.end and x.kind == "body"]
    return [x.heading for x in sorted(holding, key=lambda x: -x.start)][:HEADINGS_UP]


HEADINGS_UP = 2


def heading_actor(heading: str) -> ActorFound | None:
    """The body a plan's section is assigned to ("2.1. Công an tỉnh", "5.4. Đề nghị Chi cục Hải quan khu
    vực XIII"): the actor of the tasks its sentences list without naming one."""
    name = heading[_HEADING_NUMBER.match(heading).end():].strip().rstrip(":.")
    if (not name or len(name.split()) > HEADING_ACTOR_WORDS or _NOT_HEADING_ACTOR.match(name) or re.search(r"[,;:]", name)
            or (name.isupper() and " " in name)):  # "III. GIẢI PHÁP THỰC HIỆN …": a part of the plan
        return None
    cleaned = _clean(name)
    return ActorFound(cleaned, strong=False) if cleaned == name else None


_LIST_TAIL = re.compile(r"(?:\s*[,;])?\s+(?:và\s+)?(?:(?:Thủ trưởng|Lãnh đạo|Người đứng đầu)\s+)?(?:các|những)\s+(?:cơ quan|đơn vị|tổ chức|cá nhân|địa phương)\b[^;]*$")


def _subject_list(segment: str) -> str | None:
    """"Chánh Văn phòng …; Giám đốc Sở Nội vụ, Giám đốc Sở Công Thương; Chủ tịch Hiệp hội … và các cơ quan,
    đơn vị có liên quan chịu trách nhiệm thi hành …": a decision's closing article names those who carry it
    out, one list across its semicolons, each part led by a body or a position."""
    if re.search(r"[;,:]\s*$", segment):
        return None  # the action is a position listed in it ("…; Chủ tịch Hội …"), not what the list does
    text = _TRIM.sub("", segment.strip())
    parts = [p.strip() for p in _LIST_TAIL.sub("", text).split(";")]
    if len(parts) < 2 or not all(p and _ACTOR_START.match(p) for p in parts):
        return None
    return text


def _list_members(name: str) -> list[str]:
    """A list's members: its semicolons' parts, split again at each comma or "và" that opens another body or
    position ("Sở Văn hóa, Thể thao và Du lịch" stays one)."""
    members = []
    for part in _LIST_TAIL.sub("", name).split(";"):
        if shared := _SHARED_KIND.match(part.strip()):  # "Giám đốc các Sở: Nội vụ, Công Thương": each Sở in full
            lead = f"{shared.group('lead')}{shared.group('kind')}"
            members += [f"{lead} {n}" for n in _shared_names(shared.group("names"))]
            continue
        pieces = re.split(r"(,\s*|\s+và\s+)", part.strip())
        for separator, piece in zip([""] + pieces[1::2], pieces[0::2]):
            if members and separator and not _ACTOR_START.match(piece):
                members[-1] += separator + piece
            elif piece:
                members.append(piece)
    return members


# the departments whose names hold "và" or a comma: "các Sở: Nội vụ, Nông nghiệp và Môi trường" lists two
_JOINED_NAMES = {"nong nghiep va moi truong", "khoa hoc va cong nghe", "giao duc va dao tao", "tai nguyen va moi truong",
                 "nong nghiep va phat trien nong thon", "ke hoach va dau tu", "thong tin va truyen thong",
                 "dan toc va ton giao", "van hoa, the thao va du lich", "lao dong - thuong binh va xa hoi"}


def _shared_names(names: str) -> list[str]:
    """"Nội vụ, Văn hóa, Thể thao và Du lịch và Y tế" → Nội vụ, Văn hóa, Thể thao và Du lịch, Y tế."""
    words = re.split(r"(,\s*|\s+và\s+)", names.strip())
    out: list[str] = []
    pending = ""
    for separator, piece in zip([""] + words[1::2], words[0::2]):
        joined = pending + separator + piece if pending else piece
        if pending and any(n.startswith(folded(joined)) for n in _JOINED_NAMES):
            pending = joined
            continue
        if pending:
            out.append(pending)
        pending = piece
    return [n for n in out + [pending] if n.strip()]


_SHARED_KIND = re.compile(r"^(?P<lead>.*?)các (?P<kind>Sở|Bộ|Ban|Cục|Phòng|Hội)\s*:\s*(?P<names>.+)$")
_POSITION_LEAD = re.compile(r"^(?:Chánh|Phó Chánh|Giám đốc|Phó Giám đốc|Chủ tịch|Phó Chủ tịch|Thủ trưởng|Trưởng|Phó Trưởng)\s+(?=\S)")
_ASKED_KIND = re.compile(r"\b(so|bo|cuc|chi cuc|vu|trung tam|ban|phong|hoi|hiep hoi|co quan|don vi) nao\b")


def narrowed(name: str, question_text: str, besides: str | None) -> str:
    """Of a list the sentence names ("Chánh Văn phòng UBND tỉnh; Giám đốc Sở Nội vụ, Giám đốc Sở Công
    Thương; …"), those the question asks for: not the ones it sets aside ("Ngoài Văn phòng UBND tỉnh và
    Sở Nội vụ, …"), and of the kind it asks ("sở nào": the Sở). The name as read when that leaves none."""
    if ";" not in name:
        return name
    members = _list_members(name)
    body = lambda member: _POSITION_LEAD.sub("", member)  # noqa: E731  "Giám đốc Sở Nội vụ" is Sở Nội vụ's
    kept = [m for m in members if not (besides and _set_aside(body(m), besides))]
    kind = _ASKED_KIND.search(folded(question_text))
    if kind and kind.group(1) not in ("co quan", "don vi"):
        kept = [m for m in kept if folded(body(m)).startswith(kind.group(1) + " ")]
    return "; ".join(kept) if kept and len(kept) < len(members) else name


def _clause_subject(text: str, before: str, verb_start: int) -> ActorFound | None:
    """"…, đồng chí Nguyễn Ngọc Phúc - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh đã chủ trì …": the
    subject of the clause the verb ends; a person named with their positions is taken whole."""
    opening = max((b.end() for b in re.finditer(r"[.!?\n]", before)), default=0)
    if listed := _subject_list(text[opening:verb_start]):
        return ActorFound(listed, strong=False)
    # (never across a sentence's or a list item's end: "… Thủ tướng Chính phủ giao; đồng thời chủ động liên hệ …"
    # has no subject of its own in what came before the semicolon)
    hard = max((b.end() for b in re.finditer(r"[.;!?\n]", before)), default=0)
    starts = [hard] + [b.end() for b in _CLAUSE_START.finditer(before) if b.end() > hard]
    best = None
    for start in reversed(starts):
        segment = before[start:]
        lead_in = re.match(r"\s*(?:(?:[a-zđ]\)|\d{1,2}[.)]|[-+•])\s+)?(?:(?:năm|ngày|tháng|quý|trong|tại|sau khi|hôm nay)\b[^,]*,\s*)?", segment)
        offset = start + (lead_in.end() if lead_in else 0)
        name = _clean(text[offset:verb_start])
        if name is None:
            continue
        if names_person(name) and len(name.split()) <= MAX_ACTOR_WORDS:
            return ActorFound(name, strong=False)  # "Bộ trưởng Bộ Công an Đại tướng Lương Tam Quang, Phó Trưởng Ban …"
        if best is None and len(name.split()) <= MAX_SUBJECT_WORDS:
            best = ActorFound(name, strong=False)
    return best


# "(Cơ quan nào) làm nhiệm vụ cơ quan thường trực …", "(Ai) giữ chức Chủ tịch …": the verb before a position
_ROLE_VERB = re.compile("^" + ROLE_VERB)


def _position_phrase(question: Question) -> str:
    """A position question's topic from its role on: "cơ quan thường trực của Ban Chỉ đạo …"."""
    topic = question.topic or ""
    verb = _ROLE_VERB.match(folded(topic))
    return topic[verb.end():] if verb else topic


def _asked_topic(question: Question) -> str:
    """What the actor is asked of: the position and its body, or the topic."""
    return _position_phrase(question) if question.position else (question.topic or "")


def _place_words(text: str) -> list[str]:
    """Folded words of the places a question names by level and capitalised name ("tỉnh Lâm Đồng")."""
    words = text.split()
    out: list[str] = []
    for i, word in enumerate(words):
        if folded(word) in ("tinh", "huyen", "xa", "phuong"):
            name = []
            for following in words[i + 1:i + 4]:
                if not following[:1].isupper():
                    break
                name.append(folded(following.strip(",.;:?!")))
            out += name
    return out


def _asking(word: str, accented: bool) -> bool:
    return word.lower() in _ASKING_ACCENTED if accented else folded(word) in _ASKING


def _without_asking(text: str) -> str:
    accented = has_accents(text)
    return " ".join(w for w in text.split() if not _asking(w, accented))


# "Theo Bộ Nội vụ, cơ quan nào …": who says it, which the sentence stating the action need not hold;
# "Ở Bình Thuận, …": where, which the document's letterhead says
_ACCORDING_TO = re.compile(r"^\s*(?:theo|căn cứ|ở|tại)\s+([^,?]{3,120}),", re.I)
_WHERE = re.compile(r"^\s*(?:ở|tại)\s+([^,?]{3,60}),", re.I)
_WHO_IS = re.compile(r"\bai la (nguoi|don vi|co quan|to chuc)\b")  # folded: "Ai là người …"
_ASSIGNING = re.compile(r"\b(?:giao|de nghi|yeu cau|chi dao|phan cong|dat hang)\s+(?:cho\s+)?$")


def _subject_words(question: Question) -> list[str]:
    action_words = set((question.action or "").split())
    according = _ACCORDING_TO.match(question.text)
    source = set(content_words(according.group(1))) if according else set()
    # "lãnh đạo nào theo dõi …": the asker's noun is who is asked for, not what the sentence must say
    key = folded(question.text)
    asker = {w for m in ASKER.finditer(key) for w in m.group(0).split() if w not in ("nao", "ai")}
    # "Ai là người đề nghị …": the noun after "ai là" is who is asked for
    asker |= {w for m in _WHO_IS.finditer(key) for w in m.group(1).split()}
    if question.action_object:  # "… được gửi tới cơ quan nào": "tới" leads to the one asked for
        asker |= OBJECT_PREPOSITIONS
    # the document the question names, and who assigns ("UBND tỉnh giao cơ quan nào …", "Kế hoạch … của tỉnh
    # đề nghị cơ quan nào …"), are not what the sentence stating the action is about
    # (less what the question says again after its asking phrase: "… đề nghị tờ báo nào đăng thông báo?")
    asking = ASKER.search(key)
    repeated = set(_SYLLABLE.findall(key[asking.end():])) if asking else set()
    source = (source | set(content_words(question.source or ""))) - repeated
    assigner = _assigner_words(key, asking) - repeated
    # "việc thanh hủy hóa đơn": "việc" makes the action a noun, which the sentence need not do
    words = [w for w in content_words(_without_asking(_asked_topic(question) or question.text))
             if w not in action_words and w not in source and w not in asker and w != "viec"]
    # (unless the assignment is all the question says: "Trong vụ khiếu nại … của bà Đoàn Thị Kim Thu, … thì UBND
    # tỉnh Lâm Đồng (cũ) giao cơ quan nào xác minh?")
    return [w for w in words if w not in assigner] or words


def _assigner_words(key: str, asking: re.Match | None) -> set[str]:
    """Words of the folded question ``key`` up to an assigning verb that opens its asking phrase."""
    assigning = _ASSIGNING.search(key, 0, asking.start()) if asking else None
    if not assigning:
        return set()
    return set(_SYLLABLE.findall(key[:assigning.end()]))


# "Khi gia hạn thời gian tổ chức đại hội …, cơ quan nào được giao chủ trì …": when, not what the
# sentence stating the action is about (its title or the sentence before may say it)
# (nor is the document it is stated in, "Trong kết luận về dự án …, cơ quan nào được giao chủ trì thẩm định …",
# or the side: "Phía Việt Nam, cơ quan nào đã phối hợp với Công an hai tỉnh … ký kết …")
_CIRCUMSTANCE = re.compile(r"^\s*(?:khi|sau khi|trước khi|trong khi|(?:về\s+)?phía|(?:trong|theo|tại)\s+(?:bản\s+|các\s+)?(?:kết luận|thông báo|"
                           r"báo cáo|kế hoạch|quyết định|tờ trình|công văn|tham luận|văn bản|nghị quyết|chỉ thị|hướng dẫn|"
                           r"điều lệ|quy chế|quy định|nghị định|thông tư|đề án|dự thảo|mẫu|phiếu))"
                           r"\s+[^,?]{3,200},", re.I)


def _head_noun(text: str, words: list[str]) -> list[str]:
    """The subject's first two words, which the sentence stating the action must hold, after a
    circumstance the question opens with."""
    circumstance = _CIRCUMSTANCE.match(text)
    if circumstance:
        # (less what the question says again after it: "Theo Kế hoạch tuyên truyền CCHC …, cơ quan nào lồng
        # ghép tuyên truyền cải cách hành chính …" asks of "tuyên truyền" still)
        after = _SYLLABLE.findall(folded(text[circumstance.end():]))
        said = set(content_words(circumstance.group(0))) - set(after)
        words = [w for w in words if w not in said] or words
        # the words after it first: "Theo Điều lệ Liên đoàn Yoga …, ai quyết định bổ nhiệm Phó Tổng Thư ký Liên đoàn?"
        # asks of "bổ nhiệm", which the article's sentence writes without the federation's name
        words = sorted(words, key=lambda w: after.index(w) if w in after else len(after))
    # "cuộc họp nghe …": the classifier is no part of the head a sentence must write ("… họp nghe …")
    return [w for w in words if w not in _CLASSIFIERS][:2]


_CLASSIFIERS = {"cuoc", "buoi", "dot", "chuyen", "phien"}


_LEAD_WORD = re.compile(r"(?:Sau khi|Khi|Trong|Theo|Tại|Ở|Đối với|Về|Năm|Ngày|Vào|Từ|Để|Nhằm)\b")


def asked_subject(question: Question) -> str:
    """What the action is asked of, without the action and the asking words, as written."""
    action = (question.action or "").split()
    words = _without_asking(_asked_topic(question)).split()
    # the action's words where they stand together, not each wherever it is ("đề nghị … Đề án 06" keeps "Đề án")
    at = next((i for i in range(len(words)) if action and [folded(w) for w in words[i:i + len(action)]] == action), None)
    # "đơn vị nào được đề nghị tham mưu …": the request is how the question asks, the action is "tham mưu"
    requested = re.search(r"\bduoc (de nghi|yeu cau) " + re.escape(" ".join(action)), folded(question.text)) if action else None
    if at is not None and requested and at >= 2 and [folded(w) for w in words[at - 2:at]] == requested.group(1).split():
        at, action = at - 2, requested.group(1).split() + action
    subject = " ".join(words[:at] + words[at + len(action):] if at is not None else words)
    if _WHO_IS.match(folded(question.text).lstrip()):
        subject = re.sub(r"^(?:người|đơn vị|cơ quan|tổ chức)\s+", "", subject, flags=re.I)  # "Ai là người đề nghị …"
    # it follows the actor's name in the answer: "… chủ trì tại Hội nghị …", not "… chủ trì Tại Hội nghị …"
    return subject[:1].lower() + subject[1:] if _LEAD_WORD.match(subject) else subject


def answer_actor(searcher: Searcher, question: Question, filters: Filters) -> DocumentAnswerResult:
    """The actor named in the document the question names as its source ("Theo Thông tư 172/1998/TT/BTC,
    cơ quan nào …"), else in the whole archive: another document's sentence with more of the question's
    words is not the source's answer."""
    scoped = within_source(searcher, question, filters)
    if scoped:
        stated = _answer_actor(searcher, question, scoped[1])
        if stated.value.get("name"):
            return stated
    return _answer_actor(searcher, question, filters)


def _answer_actor(searcher: Searcher, question: Question, filters: Filters) -> DocumentAnswerResult:
    action = question.action or ""
    words = _subject_words(question)
    where = _WHERE.match(question.text)
    places = _place_words(question.text) + (content_words(where.group(1)) if where else [])
    topic = _asked_topic(question)
    subject = asked_subject(question)
    results = searcher.search(SearchRequest(query=f"{subject} {action}".strip(), mode="hybrid", k=CANDIDATES,
                                            filters=filters, snippets=False)).results
    results = results + _other_chunks_stating(searcher, results, action)
    infos = document_infos(searcher.reader, [r.doc_id for r in results])
    texts = searcher.reader.document_texts(list({r.doc_id for r in results})) if results else {}
    heads = {doc_id: text[:DOCUMENT_HEAD_CHARS] for doc_id, text in texts.items()}
    head_noun = _head_noun(question.text, words)
    asked = set(_SYLLABLE.findall(folded(question.text)))
    pattern = _action_pattern(action)
    label_line = _label_line(action)
    # the question writes the position with its body ("Chủ tịch Hiệp hội …"): so must the sentence
    paired = question.position and _holds_position(folded(topic), action, head_noun)
    # "Ai là Chủ tịch …?" asks for a person; "Cơ quan nào làm … thường trực?" for a body
    wants_person = question.position and bool(_ASKS_PERSON.search(folded(question.text)))
    from_body = _from_body(question.text)
    sections = searcher.reader.sections(list(texts)) if texts else {}
    sender = _sender(question) if question.action_object else None
    # (a position's holder is read by the position's own rules: "Ai được đại hội bầu làm Chủ tịch …")
    slot_frame = None if question.position else asked_slot.frame(question.text)
    named_words = set(_SYLLABLE.findall(folded(question.sole_organisation or "")))
    scored = []
    for rank, r in enumerate(results):
        info = infos.get(r.doc_id)
        context = set(_SYLLABLE.findall(folded(" ".join([(info.title or "") if info else "", heads.get(r.doc_id, ""),
                                                          *r.section_path]))))
        for s, e in sentences(r.text, 0, len(r.text)):
            e = _heading_end(r.text, s, e)
            sentence = r.text[s:e]
            key = folded(sentence)
            slot = _slot_actor(slot_frame, sentence) if slot_frame else None
            verb = pattern.search(key)
            if not verb and slot is None and not _LIST_ITEM.match(sentence):
                continue
            # "… nhận được Công văn … về việc tham mưu HĐND …. Chủ tịch UBND tỉnh giao Sở Tài chính chủ trì …":
            # the sentence before (in the document, whichever chunk holds it) states what this one refers to
            before = set(_SYLLABLE.findall(folded(_sentence_before(texts.get(r.doc_id, ""), r.char_start + s))))
            around = context
            if sentence.isupper():
                # a heading in capitals is about what the document writes under it
                under = texts.get(r.doc_id, "")[r.char_start + e:r.char_start + e + UNDER_HEADING_CHARS]
                before = before | set(_SYLLABLE.findall(folded(under)))
                around = context | before
            own = set(_SYLLABLE.findall(key))
            share_own = sum(w in own for w in words) / len(words) if words else 0.0
            share_all = sum(w in own | around | before for w in words) / len(words) if words else 0.0
            if not named_words <= own | around | before:
                continue  # "Chủ tịch Liên đoàn: Ông …" of the Vovinam federation, asked of the tennis one
            label = label_line.search(key)
            # (a request, "xét đề nghị của Công an tỉnh tại Tờ trình …", is addressed to the document's issuer, whom
            # its letterhead names: "Cơ quan nào đề nghị Ban Chỉ đạo tỉnh ban hành …")
            addressed = label or action in _NOMINAL_ACTIONS
            if share_all < SUBJECT_SHARE or not all(w in (own | around if addressed or slot else own | before) for w in head_noun):
                continue
            if slot is not None and not verb and slot[1].framed:
                # the sentence writes the question's own words around the name: no grammar of the action needed
                place = PLACE_WEIGHT * info.share_of(places) if places and info else 0.0
                scored.append((share_own + share_all + 1.0 + SLOT_WEIGHT * slot[1].anchored + place, rank, r, s, e, slot[0]))
                continue
            if not verb:
                # "Giao Sở Tư pháp chủ trì, phối hợp với …:⏎a) Tổ chức rà soát toàn bộ …": the item states the
                # subject, the line its list hangs from the action and who is charged with it
                lead = _list_lead(texts.get(r.doc_id, ""), r.char_start + s) if share_own >= ITEM_SHARE else None
                found = read_actor(lead, action, question.action_object, question.action_via) \
                    if lead and pattern.search(folded(lead)) else None
                if found is not None and not (sender and unit_key(found.name).startswith(sender)) and \
                        _qualifier_fits(found.qualifier, asked) and not (wants_person and not names_person(found.name)):
                    place = PLACE_WEIGHT * info.share_of(places) if places and info else 0.0
                    scored.append((share_own + share_all + (1.0 if found.strong else 0.6) + place, rank, r, s, e, found))
                continue
            # (or a list under it: "a) Ban Chủ nhiệm Đoàn Luật sư tỉnh, gồm có:⏎- Luật sư Đỗ Minh Trúc - Chủ nhiệm;")
            if paired and not label and not _holds_position(key, action, head_noun) and not (
                    _HOLDER.search(sentence[:verb.start()]) and all(w in before for w in head_noun)):
                continue  # "… kính báo cáo Chủ tịch UBND tỉnh": another body's chairman
            if from_body and not all(w in own | before for w in from_body):
                continue  # "Tổ phó … phụ trách từ Sở Tư pháp": a sentence of another body's member
            found = read_actor(sentence, action, question.action_object, question.action_via)
            if found is not None and folded(found.name) in folded(question.text):
                # "Cơ quan nào chủ trì, phối hợp với Sở Tài chính …": the partner is the question's, the lead is asked
                found = read_actor(sentence, action, question.action_object, question.action_via, partner=False) or found
            # the question's own words on both sides place the name more surely than grammar, and where
            # the grammar's name stops short ("Chủ tịch ủy ban nhân dân | cấp xã cấp giấy khen …": "cấp" read as the verb)
            # (not the lead the question's frame holds where it asks the partner: "giao [Sở Nội vụ] chủ trì, phối hợp với …")
            if slot is not None and (found is None or slot[1].framed and slot[1].led or _extends(slot[0].name, found.name)) \
                    and not (found is not None and action == "phoi hop" and _LEAD_PARTNER.search(key)):
                found = slot[0]
            if found is not None and found.name.isupper():
                found = replace(found, name=_in_sentence_case(found.name))  # a name read from a heading in capitals
            if found is None and not question.action_object:
                # "5.4. Đề nghị Chi cục Hải quan khu vực XIII" / "Chỉ đạo lực lượng Hải quan … kiểm tra, kiểm soát …"
                found = next((a for h in _headings_at(sections.get(r.doc_id, []), r.char_start + s) if (a := heading_actor(h))), None)
            if found is not None and not _qualifier_fits(found.qualifier, asked):
                found = None  # "chủ trì tại điểm cầu Trung ương: …" when the question asks of the province's
            if found is not None and _GENERIC_ACTOR.fullmatch(found.name) and sentence.rstrip().endswith(":"):
                found = _listed_below(texts.get(r.doc_id, ""), r.char_start + e) or found
            strength = 0.0 if found is None else (1.0 if found.strong else 0.6)
            if found is not None and _BARE_HEAD.fullmatch(found.name):
                strength = BARE_HEAD_STRENGTH  # "giao Trung tâm chủ trì": the full name stands elsewhere
            if found is not None and sender and unit_key(found.name).startswith(sender):
                found, strength = None, 0.0  # "báo cáo … của Sở Lao động … gửi đến cơ quan nào": not the sender
            if found is not None and names_person(found.name):
                strength += PERSON_BONUS  # "Ai …?": a person named beats a position ("Giám đốc Sở Nội vụ")
            elif found is not None and wants_person:
                # who holds a position is a person: "Chánh Văn phòng, Giám đốc Sở Tài chính, Chủ tịch
                # Hội …" lists the positions a decision is sent to, and names nobody
                found, strength = None, 0.0
            # a place the question names: the document of that place, not another's with the same sentence
            place = PLACE_WEIGHT * info.share_of(places) if places and info else 0.0
            # "Ngày 04/4/2025, … đã ban hành Quyết định số 607 …, trong đó giao Sở X trực tiếp quản lý": what
            # an earlier decision assigned, recounted; the dossier's own decision says who does it now
            recounted = RECOUNTED_PENALTY if _RECOUNTED.search(key, 0, verb.start()) else 0.0
            scored.append((share_own + share_all + strength + place - recounted - _distance_penalty(key, action, head_noun),
                           rank, r, s, e, found))
    scored += _table_cells(searcher.reader, results, texts, infos, action, subject, words, places)
    scored.sort(key=lambda x: (-x[0], x[1]))
    documents, evidence_of, named = {}, [], None
    for _, _, r, s, e, found in scored[:12]:
        if found and question.besides and _set_aside(found.name, question.besides):
            continue  # "Ngoài Sở Nội vụ, sở nào …": the one the asker sets aside is not the answer
        if found and ";" in found.name:
            found = ActorFound(narrowed(found.name, question.text, question.besides), found.strong, found.qualifier)
        if found is None and named is not None:
            continue
        item = Evidence(r.text[s:e].strip(), r.chunk_id, r.section_path, r.page_start, r.page_end,
                        r.char_start + s, r.char_start + e, [], "actor")
        if found and named is None:
            named = (found.name, item)
        if r.doc_id not in documents:
            documents[r.doc_id] = infos[r.doc_id].answer([], 1.0)
        if len(documents[r.doc_id].evidence) < 2 and len(evidence_of) < EVIDENCE_SHOWN:
            documents[r.doc_id].evidence.append(item)
            evidence_of.append(item)
        if named and len(evidence_of) >= EVIDENCE_SHOWN:
            break
    documents = {doc_id: d for doc_id, d in documents.items() if d.evidence}
    action_text = written_action([item.text for item in evidence_of] + [question.text], action)
    subject_text = clip(subject, 120)
    if not documents:
        return DocumentAnswerResult([], [], {"action": action, "name": None})
    if named and question.position:
        name, item = named
        lines = [(f"{name[:1].upper()}{name[1:]} là {clip(topic, 160)}.", item)]
    elif named and (restated := restated_with(question.text, named[0])):
        lines = [(restated, named[1])]
    elif named:
        name, item = named
        lines = [(f"{name[:1].upper()}{name[1:]} {action_text} {subject_text}.", item)]
    else:
        lines = [(f"Các văn bản tìm được nói về {subject_text} nhưng không nêu rõ {action_text} đến đâu."
                  if question.action_object else
                  f"Các văn bản tìm được nói về việc {action_text} {subject_text} nhưng không nêu rõ ai {action_text}.",
                  evidence_of[0])]
    units = group_by_unit(list(documents.values()), infos)
    return DocumentAnswerResult(units, lines, {"action": action, "name": named[0] if named else None,
                                               "doc_id": next(iter(documents))})


SLOT_WEIGHT = 0.15  # for each of the question's words the sentence writes around the name
SLOT_ANCHORS = 2     # the fewest of them that place a name


def _slot_actor(slot_frame: asked_slot.Frame, sentence: str) -> tuple[ActorFound, asked_slot.SlotFound] | None:
    """The name a sentence writes where the question asks for one, with how many words anchor it and
    whether the sentence goes on as the question does (a sentence that does not state the action
    must: "đề nghị Bộ tư lệnh …: Chủ trì …" is no answer to "đề nghị cơ quan nào kiểm tra …")."""
    found = asked_slot.read(slot_frame, sentence)
    if found is None or found.anchored < SLOT_ANCHORS or not (name := _clean(found.name)):
        return None
    return ActorFound(name), found


def _extends(longer: str, name: str) -> bool:
    return len(longer) > len(name) and folded(longer).startswith(folded(name) + " ")


def _set_aside(name: str, besides: str) -> bool:
    """The actor is one of those the question sets aside ("Sở Nội vụ" in "Văn phòng UBND tỉnh và Sở Nội vụ")."""
    return unit_key(name) in {unit_key(part) for part in re.split(r",|\s+và\s+|\s+va\s+", besides) if part.strip()}


ROW_SHARE = 0.5  # of the subject's words in a table row's own cells
ROW_PAIR_SHARE = 0.5  # of the subject's pair weight (topics.PairCover) in the row and the table's title


def _table_cells(reader, results: list, texts: dict[int, str], infos: dict, action: str, subject: str,
                 words: list[str], places: list[str]) -> list[tuple]:
    """The candidates read from tables (api/answers/table_text.py) of the ranked documents, scored
    as sentences are: the row states the subject, its header the action, as plainly as a label."""
    if not words or not action:
        return []
    first: dict[int, tuple[int, object]] = {}
    for rank, r in enumerate(results):
        first.setdefault(r.doc_id, (rank, r))
    pairs = None  # the subject's pair weights (index lookups), read once a row holds its words
    found = []
    for doc_id, (rank, r) in first.items():
        info = infos.get(doc_id)
        for cell in cells_under(texts.get(doc_id, ""), action):
            context = f"{(info.title or '') if info else ''}\n{cell.title}"
            context_words = set(_SYLLABLE.findall(folded(context)))
            share_own = sum(w in cell.row_words for w in words) / len(words)
            share_all = sum(w in cell.row_words | context_words for w in words) / len(words)
            if share_own < ROW_SHARE or share_all < SUBJECT_SHARE:
                continue
            # the row writes the subject in its own order: "… Trung tâm chữa bệnh Phú Văn", not
            # "đường … đoạn từ Trung tâm chữa bệnh Phú Văn đến …"
            pairs = pairs or PairCover(reader, subject)
            if pairs.share(sentence_pairs(cell.row_text, 0, len(cell.row_text))
                           | sentence_pairs(context, 0, len(context))) >= ROW_PAIR_SHARE:
                place = PLACE_WEIGHT * info.share_of(places) if places and info else 0.0
                found.append((share_own + share_all + 1.0 + place, rank, r, cell))
    if not found:
        return []
    spans = reader.chunk_spans(list({r.doc_id for _s, _rank, r, _c in found}))
    holding = {id(cell): next((c for c, start, end in spans.get(r.doc_id, []) if start <= cell.row_start < end), None)
               for _s, _rank, r, cell in found}
    rows = reader.chunks([c for c in holding.values() if c is not None])
    out = []
    for score, rank, r, cell in found:
        row = rows.get(holding[id(cell)])
        if row is None:
            continue
        chunk = replace(r, chunk_id=row.chunk_id, text=row.text, section_path=row.section_path, page_start=row.page_start,
                        page_end=row.page_end, char_start=row.start, char_end=row.end)
        start, end = cell.row_start - row.start, min(cell.row_end, row.end) - row.start
        out.append((score, rank, chunk, start, end, ActorFound(cell.text)))
    return out


# "… phụ trách từ Sở Tư pháp", "… thuộc Bộ Công an": the body the one asked about comes from
_FROM_BODY = re.compile(r"\b(?:từ|thuộc)\s+((?:Sở|Bộ|Ban|Cục|Vụ|Văn phòng|Ủy ban|Uỷ ban|UBND|Công an|Trung tâm|Hội|Viện)"
                        r"(?:\s+[^\W\d_]+){1,6})")
# "… cử thành viên tham gia tổ kiểm tra công vụ như sau:": who is named on the lines below
_GENERIC_ACTOR = re.compile(r"(?:các |những |01 |một )?(?:thành viên|cán bộ|công chức|đại diện|lãnh đạo|đồng chí|người)", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:[-+•*]|\d{1,2}[.)]|[a-zđ]\))\s*(.+?)[\s.;,]*$")
LISTED_NAMES = 5


def _from_body(question: str) -> list[str]:
    found = _FROM_BODY.search(question)
    return _SYLLABLE.findall(folded(found.group(1))) if found else []


def _listed_below(text: str, at: int) -> ActorFound | None:
    """The names listed on the lines after a sentence that announces them ("… như sau:"):
    "- Ông Nguyễn Đức Hải Tùng - Phó Chánh Văn phòng Ủy ban nhân dân tỉnh."."""
    names = []
    for line in text[at:].lstrip("\n").split("\n")[:LISTED_NAMES]:
        item = _LIST_ITEM.match(line)
        if not item or not (name := _clean(item.group(1))):
            break
        names.append(name)
    return ActorFound("; ".join(names)) if names else None


# "… báo cáo … của Sở Lao động - Thương binh và Xã hội được gửi đến cơ quan nào?": who sends it
_SENDER = re.compile(r"\bcủa\s+((?:Sở|Bộ|Ban|Ủy ban|Uỷ ban|UBND|Văn phòng|Công an|Cục|Chi cục|Hội|Hiệp hội|Liên đoàn|Trung tâm|"
                     r"Tổng cục|Kho bạc|Ngân hàng)\b[^,?()]{0,80}?)\s*(?:\(|\bđã\b|\bđược\b|\bgửi\b|\bcho\b|$)")


def _sender(question: Question) -> str | None:
    """The unit key of the body a question says sends what it asks the destination of."""
    found = _SENDER.search(question.text)
    return unit_key(found.group(1)) if found else None


def restated_with(question: str, name: str) -> str | None:
    """The question restated with the actor in place of its asking words, when they stand inside
    it: "UBND tỉnh giao cơ quan nào chủ trì …?" → "UBND tỉnh giao Thanh tra tỉnh chủ trì …",
    "Báo cáo … gửi về đơn vị nào?" → "Báo cáo … gửi về Vụ Chính sách tiền tệ.", "Theo Điều lệ …, ai
    quyết định …?" → "Theo Điều lệ …, Chủ tịch quyết định …". None when the question has no asking words."""
    key = folded(question)
    asker = ASKER.search(key) if len(key) == len(question) else None
    if asker is None:
        return None
    before = question[:asker.start()]
    if not before.strip():
        name = name[:1].upper() + name[1:]
    elif re.match(r"(?:Ông|Bà|Đồng chí|Anh|Chị)\s", name):
        name = name[:1].lower() + name[1:]  # "… cử ông Nguyễn Đức Hải Tùng …"
    text = f"{before}{name}{question[asker.end():]}"
    return " ".join(text.rstrip(" ?").split()) + "."


ITEM_SHARE = 0.7  # of the subject's words, in a list item read through the line its list hangs from
LEAD_REACH = 12   # lines looked back over a list's items for the line it hangs from


def _list_lead(text: str, at: int) -> str | None:
    """The line ending with a colon that the list holding offset ``at`` hangs from, over the list's
    items ("a) …", "- …", "1. …"); None when the line at ``at`` is in no such list."""
    lines = text[:at].split("\n")
    current = lines[-1] + text[at:].split("\n", 1)[0]
    if not _LIST_ITEM.match(current):
        return None
    for line in reversed(lines[-LEAD_REACH:-1]):
        if _LIST_ITEM.match(line):
            continue
        return line.strip() if line.rstrip().endswith(":") else None
    return None


def _sentence_before(text: str, at: int) -> str:
    """The sentence that ends before offset ``at`` in ``text`` ("" at its start)."""
    spans = [(a, b) for a, b in sentences(text, max(0, at - PREVIOUS_SENTENCE_REACH), at) if b <= at]
    return text[spans[-1][0]:spans[-1][1]] if spans else ""


def _qualifier_fits(qualifier: str, asked: set[str]) -> bool:
    """A label's qualifier names what the label is about; every content word of it must be in the question."""
    return all(w in asked for w in content_words(qualifier))


def _other_chunks_stating(searcher: Searcher, results: list, action: str) -> list:
    """The chunks of the best-ranked documents that state the action and were not ranked: an
    invitation's "- Đồng chí … - Chủ tịch UBND tỉnh: Chủ trì điểm cầu tại tỉnh;" stands under
    "Thành phần dự họp", a chunk below the paragraph naming the meeting, which the search ranks."""
    first: dict[int, object] = {}  # each of those documents' best-ranked result, in rank order
    for r in results:
        first.setdefault(r.doc_id, r)
        if len(first) == DOCUMENTS_READ_WHOLE:
            break
    if not action or not first:
        return []
    ranked = {r.chunk_id for r in results}
    stating = [c for c in chunks_containing(searcher.reader, [action], list(first)) if c not in ranked]
    rows = searcher.reader.chunks(stating) if stating else {}
    rank = {doc_id: i for i, doc_id in enumerate(first)}
    return [replace(first[row.doc_id], chunk_id=row.chunk_id, text=row.text, section_path=row.section_path,
                    page_start=row.page_start, page_end=row.page_end, char_start=row.start, char_end=row.end)
            for row in sorted(rows.values(), key=lambda row: rank[row.doc_id])]


PERSON_BONUS = 0.2
# A body named by its head noun alone refers back to a full name given earlier ("… Trung tâm Xúc tiến
# đầu tư, thương mại và du lịch tỉnh …", then "giao Trung tâm chủ trì"): a sentence with the full name wins.
_BARE_HEAD = re.compile(r"(?:Trung tâm|Sở|Hội|Ban|Bộ|Cục|Vụ|Viện|Văn phòng|Phòng|Công ty|Tổng công ty|Đơn vị|Cơ quan|"
                        r"Hiệp hội|Quỹ|Trường|Đài|Chi cục)", re.I)
BARE_HEAD_STRENGTH = 0.3
_ASKS_PERSON = re.compile(r"\b(?:ai|nguoi nao|dong chi nao|lanh dao nao|nhung ai)\b")


def _holds_position(key: str, action: str, head: list[str]) -> bool:
    """The position stands with the body asked about ("chủ tịch (của) hiệp hội …"), folded; checked
    only where the question itself writes them so."""
    return bool(head) and re.search(rf"(?<!\w){re.escape(action)} (?:cua )?{re.escape(' '.join(head))}(?!\w)", key) is not None


def _label_line(action: str) -> re.Pattern:
    """A label line (or a sheet's cell) stating the action or position (folded): "Chủ trì: …", "1. Tổ
    trưởng: Ông …", "3. Chủ tịch Hiệp hội: Ông …", "a) Chủ tịch Hội đồng: …", "4.Đơn vị nhận báo cáo: …",
    a form's "Mã huyện quận:(2)<tab>Kính gửi: …"."""
    forms = "|".join(re.escape(form) for form in (action, *_SAME_ACTION.get(action, ())))
    return re.compile(rf"(?:^|(?<=\t))[\W\d]*(?:[a-z]\)\s*)?(?:(?:don vi|noi|co quan)\s+)?(?:{forms})(?:\s+[^\s:;.\t]+){{0,5}}?\s*:")


OPENING_HEAD_CHARS = 20


def _distance_penalty(key: str, action: str, head: list[str]) -> float:
    """Far apart in a sentence (``key``, folded), the action and the subject belong to different
    clauses: 0 within 60 characters, up to 1 at 300 (a label line that does not name the subject
    has none to measure)."""
    verbs = [m.start() for m in _action_pattern(action).finditer(key)]
    heads = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(' '.join(head))}(?!\w)", key)] if head else []
    if not verbs or not heads:
        return 0.3
    if min(heads) <= OPENING_HEAD_CHARS:
        return 0.0  # an item that opens with its subject: "2. Giao hoặc ủy thác cho Quỹ … và do Chủ tịch … quyết định."
    gap = min(abs(v - h) for v in verbs for h in heads)
    return min(1.0, max(0.0, (gap - 60) / 240))


def written_action(texts: list[str], action: str) -> str:
    """The action in Vietnamese as the first of ``texts`` holding it writes it ("chủ trì"), else its
    folded form (another wording of it, "họp nghe" for "chủ trì", is no way to name it)."""
    pattern = re.compile(rf"(?<!\w){re.escape(action)}(?!\w)")
    for text in texts:
        m = pattern.search(folded(text))
        if m and len(folded(text)) == len(text):
            return text[m.start():m.end()].lower()
    return action
