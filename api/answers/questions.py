"""Reading a Vietnamese question: its type, the thing it is about, and its constraints.

Everything is matched on the accent-folded, lower-cased question, so "Nhung don vi nao…" reads
like "Những đơn vị nào…". Named things (a quoted name, a campaign from ``data/campaigns.tsv``)
become phrases that evidence must contain; the rest of the question, minus its scaffolding
words, is the topic used for retrieval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from pathlib import Path

from api.answers.compared import compared_names
from api.answers.figures import known_units, measured_thing, number_of, wanted_figure
from api.answers.passages import comma_optional, folded, phrase_pattern
from api.answers.periods import MONTHS_WRITTEN, QUARTER_WRITTEN, YEARS_LISTED, listed_months
from api.answers.shorthand import is_syllable_shaped, written_out
from indexer.analysis import has_accents, long_forms
from indexer.analysis.abbreviations import abbreviated
from indexer.extraction.document_kinds import KIND_OF_ABBREVIATION
from indexer.extraction.vietnamese.normalize import fold_accents, match_form

_DATA = Path(__file__).parent / "data"
QUESTION_TYPES = ("units", "figure", "figures_across", "sections", "precedents", "documents", "actors", "passages")
MAX_QUESTION_CHARS = 2000

_UNITS = re.compile(r"\b(?:nhung |cac )?(?:don vi|co quan|dia phuong|to chuc|xa|phuong|huyen|tinh|noi|ban|cap uy|tac gia|so|bo|nganh) nao\b"
                    r"|\b(?:nhung )?ai (?:da |co )?(?:bao cao|trien khai|thuc hien|de cap|neu)|\bo dau\b|\bnoi nao\b|\bnhung ai\b"
                    # "Liệt kê các đơn vị có văn bản về …", "Kể tên những cơ quan …"
                    r"|\b(?:liet ke|ke ten|neu ten|cho biet|thong ke|tim|tim ra|xac dinh|danh sach) (?:tat ca |day du )?(?:cac |nhung )?"
                    r"(?:don vi|co quan|dia phuong|to chuc)\b"
                    # "Cho tôi biết các cơ quan, đơn vị đã có văn bản liên quan đến …"
                    r"|\b(?:cac|nhung) (?:co quan|don vi|dia phuong)(?:,?\s*(?:co quan|don vi|dia phuong))? (?:da |deu )?"
                    r"(?:co|ban hanh) (?:van ban|bao cao|tai lieu)\b")
# "Những đơn vị nào …", "các cơ quan nào …": every unit that did, never one actor
# (the asker, not a plural the question names elsewhere: "… thôi chuyển Quyết định … cho các cơ quan chuyên môn")
_ASKED_BODY = r"(?:don vi|co quan|dia phuong|to chuc|so|bo|nganh)"
_UNITS_PLURAL = re.compile(rf"\b(?:nhung|cac) {_ASKED_BODY}(?:(?:,| va| hoac) {_ASKED_BODY})* nao\b|\bnhung ai\b")
_FIGURE = re.compile(r"\bbao nhieu\b|\bbao lau\b|\bmay (?:ho|nguoi|lan|suat|cuoc|ty|trieu|xa|don vi|hoi nghi|thang|nam|ngay)\b|\bty le (?:la|dat)\b|\bso luong\b.*\?")
# "mấy" before anything asks how many ("mấy quyển", "mấy %"); typed without accents, "may" may be "máy" or
# "may mặc", so only before a counted noun, a period or a percentage.
_HOW_MANY_ACCENTED = re.compile(r"(?<!\w)mấy\s*(?:%|(?!nay\b|hôm\b)[^\W\d_])", re.IGNORECASE)


# "Cho biết tổng kinh phí thực hiện Chương trình …": a request for a measure, with no question word
_MEASURE_REQUEST = re.compile(r"^\s*(?:xin |hay )?cho (?:toi )?biet\b(?!\s+(?:nhung|cac)\b)(?!.*\b(?:nao|ai|gi|the nao|ra sao)\b)"
                              r".*\b(?:ty le|tong so|so luong|kinh phi|(?<!dia )(?<!dac )(?<!quan )(?<!thoi )diem|chi so"
                              r"|tong muc von|tong von|von dau tu|san luong|dien tich|menh gia|muc(?! tieu| dich)|gia tri|dan so"
                              r"|doanh thu|tong thu|tong chi|du toan)\b")


def _asks_how_many(text: str, key: str) -> bool:
    if _FIGURE.search(key) or _MEASURE_REQUEST.search(key):
        return True
    if has_accents(text):
        return _HOW_MANY_ACCENTED.search(text) is not None
    return re.search(rf"\bmay\s*(?:{_counted_alternatives()}|thang|nam|ngay|tuan|gio)(?!\w)", key) is not None


@lru_cache(maxsize=1)
def _counted_alternatives() -> str:
    return "|".join(re.escape(unit) for unit in known_units())


# How a question asks of each thing it compares (folded): "mỗi đơn vị", "từng tỉnh", "… Hoa Kỳ và Pháp mỗi nước"
EACH_OF = r"\b(?:moi|tung) (?:don vi|dia phuong|co quan|xa|phuong|huyen|tinh|noi|nuoc|quoc gia|nganh|so)\b"
# A figure compared across units or years: "… qua các năm", "từng năm", "mỗi đơn vị … bao nhiêu", "so sánh …".
_ACROSS = re.compile(r"\b(?:qua|trong) (?:cac|tung|moi) (?:nam|ky|giai doan|thoi ky)\b|\b(?:tung|moi|hang) nam\b"
                     r"|\btheo (?:tung|moi) (?:don vi|nam|dia phuong|ky)\b"
                     rf"|{EACH_OF}.*\bbao nhieu\b"
                     r"|\bso sanh\b.*\b(?:bao nhieu|so lieu|so tien|ty le|ti le|tong so|kinh phi|ket qua|muc|chi so|diem|xep hang)\b"
                     r"|\bso sanh (?:so|ty le|ti le)\b|\blap bang\b|\bbang (?:so lieu|thong ke|tong hop)\b")
# Two periods named together ("năm 2025 và quý I năm 2026"): with a figure asked for, a comparison.
_PERIOD = rf"(?:{QUARTER_WRITTEN}|{MONTHS_WRITTEN}|nam (?:19|20)\d{{2}})"
_TWO_PERIODS = re.compile(rf"\b{_PERIOD}\s*(?:,|va|so voi|voi)\s*(?:trong |den |den het )?{_PERIOD}"
                          rf"|{YEARS_LISTED}")
# Questions about a document itself, answered from its metadata (api/answers/document_answers.py).
_KINDS = (r"(?:van ban|quyet dinh|ke hoach|bao cao|to trinh|cong van|thong bao|nghi quyet|chi thi|huong dan|"
          r"thong tu|nghi dinh|ket luan|chuong trinh|de an|luat|chu truong|cong dien|giay moi|phieu trinh|quy che)")
_DOCUMENT_FIELDS = [
    ("signer", re.compile(r"\b(?:ai|nguoi nao|dong chi nao|lanh dao nao) (?:da |la nguoi )?ky\b|\bnguoi (?:da )?ky\b"
                          r"|\bky boi (?:ai|nguoi nao)\b")),
    # "Ai là tác giả bài tham luận '…'?", "Ai đứng đầu nhóm nghiên cứu '…'?": the byline under a paper's title
    ("author", re.compile(r"\b(?:ai|nguoi nao|nhung ai) (?:la )?(?:tac gia|nguoi viet|nguoi soan)\b"
                          r"|\b(?:ai|nguoi nao) (?:dung dau|chu nhiem|phu trach) (?:nhom (?:nghien cuu|tac gia)|de tai|cong trinh)\b"
                          r"|\btac gia (?:cua )?(?:bai|tham luan|bao cao|cong trinh|nghien cuu|de tai)\b.*\b(?:la ai|nao)\b"
                          r"|\b(?:do|cua) ai (?:viet|soan)\b|\bai (?:da )?viet\b")),
    ("date", re.compile(r"\b(?:ban hanh|ky|ra doi|de ngay) (?:vao )?(?:ngay nao|ngay bao nhieu|khi nao|luc nao|bao gio|thoi diem nao)"
                        # (not "có hiệu lực sau bao nhiêu ngày kể từ ngày ký": a time counted from it)
                        r"|(?<!tu )\bngay (?:ban hanh|ky)\b|\b(?:mang|ghi|de|co) ngay (?:ban hanh )?(?:la )?(?:nao|bao nhieu|gi)\b"
                        r"|\bngay thang nam (?:ban hanh|nao)\b"
                        # "Tờ trình 696/TTr-SNV báo cáo kết quả Đại hội … ngày nào?": the document the question opens
                        # with, its date (not the day of an event it reports: "… tổ chức vào ngày nào")
                        rf"|^\s*{_KINDS}\b(?:(?!\b(?:to chuc|dien ra|tien hanh|khai mac|hop|ky ket)\b).)*\bngay nao\s*\??\s*$")),
    # "Đại hội … được tổ chức vào ngày nào?", "Cuộc họp … diễn ra khi nào?": the day of an event the text reports
    ("held", re.compile(r"\b(?:to chuc|dien ra|tien hanh|khai mac|hop|ky ket)\s+(?:vao\s+)?(?:ngay nao|khi nao|luc nao|thoi gian nao"
                        r"|bao gio|hom nao)\b")),
    ("number", re.compile(rf"\bso (?:ky )?hieu\b|\bky hieu\b|\bso van ban\b|\bmang so (?:nao|gi|bao nhieu|may)\b|\b{_KINDS}(?: lien tich)? so (?:may|nao|gi|bao nhieu)\b"
                          r"|\b(?:co|la) so (?:la )?(?:gi|nao|bao nhieu|may)\b"
                          # "Kế hoạch … của tỉnh Lâm Đồng số mấy?": the document the question opens with, its number
                          rf"|^\s*{_KINDS}\b.*(?<!tong )(?<!co )\bso (?:may|bao nhieu|nao|gi)\s*\??\s*$"
                          # "… được Bộ Nội vụ phê duyệt tại quyết định nào?", "… thay thế nghị định nào?": one document, by number
                          rf"|\b(?:tai|theo|bang|thay the) {_KINDS} nao\s*\??\s*$")),
    ("issued", re.compile(rf"\b(?:ban hanh|phat hanh|gui|ky) (?:nhung |cac |bao nhieu )?{_KINDS} (?:nao|gi)\b"
                          rf"|\b(?:nhung|cac) {_KINDS} (?:nao )?(?:do|cua) .{{3,80}}\bban hanh\b"
                          rf"|\bliet ke (?:cac |nhung )?{_KINDS}\b.*\b(?:cua|do)\b")),
    ("cites", re.compile(rf"\bcan cu (?:vao |tren )?(?:nhung |cac )?(?:{_KINDS}|quy dinh|co so)? ?(?:nao|gi)\b|\bcan cu phap ly\b"
                         # "… căn cứ và theo đề nghị tại những văn bản nào?"
                         rf"|\bcan cu\b[^?]{{0,30}}\b(?:tai|theo|vao) (?:nhung |cac )?{_KINDS} nao\b"
                         rf"|\b(?:dan chieu|trich dan|vien dan|tham chieu|nhac den|neu|de cap|dua tren) (?:den |toi )?(?:nhung |cac )?{_KINDS} nao\b"
                         # "Văn bản nào được nêu / nhắc đến …" is cited; "Văn bản nào nhắc đến X" mentions X
                         rf"|\b{_KINDS} nao (?:duoc )?(?:can cu|dan chieu|trich dan|vien dan|tham chieu)|\b{_KINDS} nao duoc (?:neu|nhac)"
                         rf"|\b(?:thuc hien|trien khai|cu the hoa|thi hanh) (?:theo )?(?:nhung |cac )?{_KINDS} nao\b")),
]
# Who did something (not who mentioned it): "Ai chủ trì …", "Đơn vị nào tổ chức …", "… do ai tổ chức?".
# "Những đơn vị nào đã tổ chức …" asks for every unit that did: a units question.
ACTIONS = ("chu tri", "to chuc", "phu trach", "dieu hanh", "dang cai", "chiu trach nhiem", "tham muu", "chi dao",
           "phat bieu", "trinh bay", "dan chuong trinh", "khai mac", "ket luan", "soan thao", "thuong truc", "ky ket",
           "quan ly", "trao tang", "trao", "tang", "phat dong", "ban giao", "tiep nhan", "huong dan", "kiem tra", "giam sat",
           "theo doi")
# "Ai là Chủ tịch Hội đồng …": the holder of a position, read like an actor ("Chủ tịch Hội đồng: Ông …").
POSITIONS = ("chu tich", "pho chu tich", "truong ban", "pho truong ban", "giam doc", "pho giam doc", "thu ky", "truong doan",
             "to truong", "to pho", "chi huy truong", "thuong truc", "bi thu", "pho bi thu", "tong giam doc",
             "chanh van phong", "truong phong", "pho truong phong", "chu dau tu", "co quan chu quan", "chu nhiem",
             "pho chu nhiem", "tong thu ky")
# The verb (and role noun) before a position: "là", "làm nhiệm vụ", "giữ chức", "được giao làm" (folded);
# actor_answers strips it from the topic to keep the position's own words.
ROLE_VERB = r"(?:la|lam|giu chuc|giu|dam nhiem|dam nhan|duoc giao(?: lam)?|(?:duoc )?(?:(?:dai hoi|hoi nghi|ban chap hanh|ban thuong vu) )?(?:bau|de cu|cu|du kien|de xuat)(?: lam| giu)?)\s+(?:nhiem vu\s+|vai tro\s+|chuc vu\s+|chuc\s+)?(?:la\s+)?"
_ACTOR = re.compile(r"(?:\bai|(?<!nhung )(?<!cac )\b(?:don vi nao|co quan nao|to chuc nao|ben nao|nguoi nao|dong chi nao|lanh dao nao"
                    # "Phó Chủ tịch nào trực tiếp theo dõi …", "Lãnh đạo UBND tỉnh nào được phân công …"
                    r"|(?:" + "|".join(POSITIONS) + r"|lanh dao(?: ubnd| uy ban nhan dan)?(?: tinh| huyen| xa)?) nao))"
                    r"(?:\s+(?:cua|thuoc)(?:\s+[^\W\d_]+){1,8}?)?"  # "đơn vị nào của Bộ Giáo dục và Đào tạo chủ trì …"
                    r"\s+(?:(?:la nguoi|la don vi|la co quan|se|da|duoc giao|duoc phan cong|duoc de nghi|duoc yeu cau|dung ra|dung|truc tiep|cung)\s+)*(?P<action>" + "|".join(ACTIONS) + r")\b"
                    r"|\b(?:ai|don vi nao|co quan nao|to chuc nao|nguoi nao|dong chi nao) " + ROLE_VERB
                    + r"(?:(?:co quan|don vi) )?(?P<position>" + "|".join(POSITIONS) + r")\b"
                    r"|\bdo (?:ai|don vi nao|co quan nao|nguoi nao|dong chi nao) (?:da )?(?P<passive>" + "|".join(ACTIONS) + r")\b")
# An actor asked with any verb, not only ACTIONS: "Đơn vị nào thuộc Bộ Công an trực tiếp đề nghị …",
# "bộ nào chủ trì …", "Cơ quan nào được giao cấu hình …"; or the one an action goes to: "… gửi về
# đơn vị nào?". "Đơn vị nào báo cáo / có văn bản / đề cập …" asks for units (_UNITS).
ASKER = re.compile(r"(?<!nhung )(?<!cac )(?<!\w)(?:ai|(?:don vi|co quan|to chuc|ben|nguoi|dong chi|lanh dao|bo|so|nganh|to bao|tap chi|"
                    r"cuc|vu|chi cuc|trung tam|vien|phong|luc luong)(?: (?:tham muu|chuyen mon|quan ly|chuc nang)){0,2} nao|(?<=\bve )dau(?=\W*$)|(?<=\btoi )dau(?=\W*$))(?!\w)")  # "… gửi về đâu?", not "về đấu tranh"
_AUXILIARY = re.compile(r"^(?:(?:da|se|dang|chua|van|cung|can|phai|duoc giao|duoc de nghi|duoc yeu cau|duoc|truc tiep|co trach nhiem|dung ra|"
                        r"la nguoi|la don vi|la co quan)\s+)+")
# what a units question asks its units to have done ("báo cáo", "có văn bản", "đề cập", "nêu" …) or a
# documents question asks of a document ("ký", "viết")
# ("có nhiệm vụ", "có trách nhiệm", "có ý kiến", "có thẩm quyền": one actor's duty or say, not documents had)
_UNITS_VERBS = re.compile(r"^(?:bao cao|de cap|neu|nhac|noi (?:den|ve|toi)|co(?! (?:nhiem|trach|chuc|y|tham)\b)|la|ban hanh|"
                          r"trien khai|thuc hien|ky|viet|soan)\b")
# Verbs of one syllable that a question writes before their object ("cử ai", "gửi về đơn vị nào", "cấp giấy phép")
ONE_SYLLABLE_VERBS = {"cu", "gui", "giao", "nhan", "cap", "lap", "trao", "tang", "moi", "nop", "bau", "chi", "thu", "duyet",
                      "lam", "dua", "xu", "hop", "tra", "goi", "dang"}
OBJECT_PREPOSITIONS = {"ve", "cho", "den", "toi", "len", "sang", "qua"}


def _words_from(text: str, start: int) -> list[tuple[str, str]]:
    """(word as written, folded) of the words from ``start`` on, up to the next punctuation."""
    out = []
    for m in re.finditer(r"[^\W_]+|[^\w\s]", text[start:]):
        if not m.group(0)[0].isalnum():
            break
        out.append((m.group(0), folded(m.group(0))))
    return out


def _after_body(words: list[tuple[str, str]], cased: bool) -> list[tuple[str, str]] | None:
    """The words after the body a question's asker belongs to ("Bộ Công an" in "đơn vị nào thuộc
    Bộ Công an trực tiếp đề nghị …"): up to the first auxiliary ("trực tiếp", "đã", "được giao"),
    else past its capitalised words; None when neither marks its end."""
    for j in range(1, min(len(words), MAX_BODY_WORDS + 1)):
        if _AUXILIARY.match(" ".join(w[1] for w in words[j:]) + " "):
            return words[j:]
    if not cased or not words or not words[0][0][:1].isupper():
        return None
    j = 0
    while j < len(words) and (words[j][0][:1].isupper() or (words[j][1] == "va" and j + 1 < len(words) and words[j + 1][0][:1].isupper())):
        j += 1
    return words[j:]


MAX_BODY_WORDS = 8
_PLACE_LEVELS = ("tinh", "thanh pho", "huyen", "thi xa", "xa", "phuong", "dac khu")


def _after_place(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The words after a place written with its capitalised name ("tỉnh Bình Thuận", "Đà Lạt")."""
    folded_words = [w[1] for w in words]
    kind = next((k for k in _PLACE_LEVELS if folded_words[:len(k.split())] == k.split()), "")
    j = len(kind.split())
    if j >= len(words) or not words[j][0][:1].isupper():
        return words
    while j < len(words) and words[j][0][:1].isupper():
        j += 1
    return words[j:]


def _verb(words: list[tuple[str, str]]) -> str | None:
    """The action opening ``words`` (folded): one syllable for a verb that takes its object
    next ("cử", "gửi"), else two ("đề nghị", "cấu hình"); a capitalised word is a name, no verb."""
    if not words or words[0][0][:1].isupper() or words[0][1].isdigit():
        return None
    if words[0][1] in ONE_SYLLABLE_VERBS or len(words) == 1 or words[1][0][:1].isupper():
        return words[0][1]
    return f"{words[0][1]} {words[1][1]}"


_NOMINAL_AGENT = re.compile(r"(?:\bsu (?P<action>[^\W\d_]+(?: [^\W\d_]+){0,3}?)|(?<!\w)(?P<request>de nghi|de xuat|kien nghi|chi dao|tham quyen)) cua $")


def open_actor(text: str) -> tuple[str, bool, bool] | None:
    """(action, whether the actor asked for is its object, whether it is the one the action passes
    through) of an actor question whose verb is none of ACTIONS, or None."""
    key = folded(text)
    if len(key) != len(text):
        return None
    cased = any(c.isupper() for c in text[1:])
    accented = has_accents(text)
    for m in ASKER.finditer(key):
        after_do = key[:m.start()].endswith("do ")
        if after_do and _ISSUED.match(key, m.end()):
            continue  # "… do cơ quan nào ban hành?": the units that issued, not one actor
        if m.group(0) == "ai" and ((accented and text[m.start():m.end()].lower() != "ai") or (m.start() and text[m.start()].isupper())):
            continue  # "Hội Ái hữu có bao nhiêu hội viên?": a name's word, not "ai"
        # "… chịu sự hướng dẫn của sở nào …", "… theo đề nghị của cơ quan nào": the noun's action, whose agent is asked
        if nominal := _NOMINAL_AGENT.search(key, 0, m.start()):
            return nominal.group("action") or nominal.group("request"), False, False
        words = _words_from(text, m.end())
        if words and words[0][1] in ("cua", "thuoc"):  # "đơn vị nào thuộc Bộ Công an trực tiếp …": the asker's body
            words = _after_body(words[1:], cased)
            if words is None:
                continue
        elif words and words[0][1] in ("o", "tai") and cased:  # "cơ quan nào ở tỉnh Bình Thuận thôi chuyển …": where it is
            words = _after_place(words[1:])
        if [w[1] for w in words[:2]] == ["trong", "kho"]:  # "Đơn vị nào trong kho (tài liệu) có báo cáo …": where, not what
            words = words[4:] if [w[1] for w in words[2:4]] in (["tai", "lieu"], ["van", "ban"], ["luu", "tru"], ["du", "lieu"]) \
                else words[2:]
        auxiliary = _AUXILIARY.match(" ".join(w[1] for w in words) + " ")
        if auxiliary and accented and words[0][0].lower() == "đăng":
            auxiliary = None  # "tờ báo nào đăng thông báo": "đăng" (publish), not "đang"
        # (assigned, any verb asks for one actor: "cơ quan nào được giao triển khai …", not the units that did)
        assigned = bool(auxiliary and re.search(r"\bduoc (?:giao|phan cong|yeu cau|de nghi)\b", auxiliary.group(0)))
        if auxiliary:
            words = words[len(auxiliary.group(0).split()):]
        if words and words[0][0].lower() == "để":  # "… gửi qua cơ quan nào để tổng hợp?": a purpose follows, the action went before
            words = []
        verb = _verb(words)
        if verb is not None:
            # ("… do ai thực hiện?": the one who did it, however many units reported it)
            return None if _UNITS_VERBS.match(verb) and not assigned and not after_do else (verb, False, False)
        if not words:  # "… gửi về đơn vị nào?": the action goes to the one asked
            before = re.findall(r"[^\W_]+", re.split(r"[,;:.?!]", key[:m.start()])[-1])
            via = bool(before) and before[-1] == "qua"
            if before and before[-1] == "voi" and len(before) > 1:
                return "", False, False  # "… báo cáo định kỳ … với cơ quan nào?": the one it is done with
            if before and before[-1] in OBJECT_PREPOSITIONS:
                before = before[:-1]
            if before and before[-1] in ONE_SYLLABLE_VERBS:
                return before[-1], True, False  # "gửi qua cơ quan nào": sent to it
            # "… phải gửi về Bộ Nội vụ qua đơn vị nào?": the verb before where the action goes, then the channel
            verb = next((w for w in reversed(before[-VIA_REACH:]) if w in ONE_SYLLABLE_VERBS), None) if via else None
            if verb:
                return verb, True, True
    return None


_ISSUED = re.compile(r"\s+(?:(?:da|duoc)\s+)?(?:ban hanh|ky|soan|viet|lap|phat hanh|gui)\b|\W*$")
VIA_REACH = 8  # words between the verb and "qua" ("gửi | về Bộ Nội vụ | qua")


# "Chủ tịch Hiệp hội Doanh nghiệp tỉnh Bình Thuận nhiệm kỳ V là ai?": the position first, its holder asked last
_POSITION_FIRST = re.compile(r"^(?P<position>" + "|".join(POSITIONS) + r")\b.*\bla (?:ai|nguoi nao)\s*\?*\s*$")
# "Theo báo cáo …, …", "Trong quy chế …, …": the document the figure is to be read from.
_NUMBERED_BY_ABBREVIATION = "(?:" + "|".join(sorted(map(re.escape, KIND_OF_ABBREVIATION), key=len, reverse=True)) + r")\s*(?:số\s*)?\d[\w/.-]*"
_SOURCE_KIND = (r"(?:" + _NUMBERED_BY_ABBREVIATION + r"|báo cáo|kế hoạch|quyết định|quy chế|tờ trình|công văn|thông báo|nghị quyết|"
                r"văn bản|chương trình|đề án|phụ lục|biên bản|tham luận|đề cương|dự thảo|thông tư|nghị định|luật|"
                r"điều lệ|chỉ thị|hướng dẫn|bài viết|bài nghiên cứu|bài|bảng điểm|bảng tổng hợp|bảng|biểu|danh sách|danh mục|hội nghị|"
                r"cuộc họp|buổi làm việc)\b")
# ("Theo các báo cáo, tham luận về phòng, chống ma túy của tỉnh, …": kinds listed, and "phòng, chống" one term;
# "Theo báo cáo … xác định tuyến, địa bàn trọng điểm … năm 2025, …": a title's comma, the title running on to its
# year; not "…, tỷ lệ lạm phát các năm 1992, 1995 …", years listed)
_SOURCE = re.compile(r"^\s*(?:theo|trong|tại)\s+((?:(?:các|những)\s+)?" + _SOURCE_KIND + r"(?:\s*,\s*" + _SOURCE_KIND + r")*"
                     r"(?:\([^()?]*\)|,\s*chống\b|[^,?(]|,\s*(?=[^,?()]{1,80}(?<!các )\bnăm\s+(?:19|20)\d\d\s*,(?!\s*(?:năm\s+)?(?:19|20)\d\d))){3,200}),\s", re.I)
# "Kế hoạch cải cách hành chính năm 2026 của tỉnh Lâm Đồng đặt chỉ tiêu …": the document, as the subject
_SOURCE_SUBJECT = (r"^\s*((?:báo cáo|kế hoạch|quyết định|quy chế|tờ trình|công văn|thông báo|nghị quyết|(?:bản )?giải trình|"
                   r"chương trình|đề án|nghị định|thông tư|luật|điều lệ|chỉ thị|hướng dẫn|giấy mời|phiếu|mẫu|kết luận|"
                   r"biên bản|đề cương|phụ lục|tham luận|dự thảo)\b[^?]{3,160}?)\s+")
_SOURCE_AS_SUBJECT = re.compile(_SOURCE_SUBJECT + r"(?:có (?:phần|mục)|đặt(?: ra)?|đề ra|giao|quy định|nêu|xác định|yêu cầu|đề nghị|đề xuất|kiến nghị|hướng dẫn|chỉ đạo|"
                                r"đưa ra|nói gì|nói về|viết gì|đề cập|phân công|kê khai|đánh giá|trình bày|cho biết)\b", re.I)
# (a report's title may hold one of those verbs: "Báo cáo của UBND tỉnh về xác định tuyến, địa bàn … cho biết …")
_SOURCE_TELLING = re.compile(_SOURCE_SUBJECT + r"cho biết\b", re.I)


# "… theo báo cáo Đề án 06 tháng 8, tháng 9 và tháng 11/2025 là bao nhiêu?": the source, after the subject
_SOURCE_AFTER = re.compile(r"\s(?:theo|trong)\s+((?:các\s+|những\s+)?" + _SOURCE_KIND + r"[^?]{3,160}?)\s*(?:là bao nhiêu|là gì|bao nhiêu|\?|$)",
                           re.I)


# "Kết luận 62-KL/TW được đề cập trong văn bản của những cơ quan nào?": the document is the subject
_MENTIONED_IN = re.compile(r"\bduoc (?:de cap|nhac|neu)|\bvan ban (?:cua|do)\b")


def trailing_source(text: str) -> str | None:
    """The document a question names after its subject: "… theo báo cáo Đề án 06 tháng 8 … là bao nhiêu?"."""
    found = _SOURCE_AFTER.search(text)
    return found.group(1) if found else None


def _source_telling(text: str) -> re.Match | None:
    """The document a question opens with as the subject of its verb, the whole title before "cho biết"
    first."""
    return _SOURCE_TELLING.match(text) or _SOURCE_AS_SUBJECT.match(text)


# "QĐ 522/2002 của UBND tỉnh An Giang: …", "Thông tư 120/2002/TT-BTC: …": the document named by its number, then the question
_SOURCE_LABELLED = re.compile(r"^\s*((?:" + _NUMBERED_BY_ABBREVIATION + r"|(?:quyết định|thông tư|nghị định|nghị quyết|công văn|"
                              r"chỉ thị|tờ trình|kế hoạch|báo cáo|thông báo)\s*(?:số\s*)?\d|(?:báo cáo|kế hoạch)\s+[^\W\d_])[^:?]{0,160}):\s", re.I)
# the same, for a question typed without accents ("theo dieu le …, …", "bao cao de an 06 thang 8/2025 trinh bay …")
_SOURCE_PLAIN = [re.compile(fold_accents(p.pattern), re.I) for p in (_SOURCE, _SOURCE_AS_SUBJECT, _SOURCE_LABELLED)]
_ASKS_HOW = re.compile(r"\b(?:ra sao|nhu the nao|the nao)\W*$")
_PRECEDENT = re.compile(r"\b(?:viet|trinh bay|neu|soan) (?:nhu the nao|the nao|ra sao)|\bcach (?:viet|trinh bay|soan)\b"
                        r"|\b(?:tham khao|mau) (?:cach viet|phan|muc|doan)\b|\bcac don vi khac (?:viet|trinh bay)\b")
# a document's number and code, "36-HD/VPTW", "3980/C04-P6", "115/2003/NĐ-CP"
_NAMED_BY_CODE = re.compile(r"(?<![\w/])\d+(?:/(?:19|20)\d{2})?[-/][A-ZĐ][\w]*")
# "… trong tham luận của Bộ Giáo dục và Đào tạo về dự án …", "… của bài đề xuất chiến lược …" (folded):
# words that name the document asked about, not the section or the role asked for in it.
DOCUMENT_REFERENCE = re.compile(r"\b(?:trong|theo|tai|cua)\s+(?:ban\s+)?(?:tham luan|bao cao|ke hoach|quyet dinh|to trinh|"
                                r"cong van|dieu le|de an|nghi dinh|thong tu|de cuong|phu luc|bai)\b[^,;?]*")
# (or the place opening the question, as its subject: "Tỉnh Điện Biên đưa ra những nhiệm vụ, giải pháp gì …")
_PLACE = re.compile(r"(?:\b(?:cua|o|tai|thuoc)\s+|^\s*)((?:phuong|xa|thi tran|huyen|quan|thi xa|thanh pho|tp\.?|tinh)\s+\w+(?:\s+\w+){0,3})")
_YES_NO = re.compile(r"^\s*(?:có|liệu có|đã có)\b", re.I)
_YES_NO_TAIL = re.compile(r"\s+(?:không|chưa|hay không)\s*\?*\s*$", re.I)
_YEAR = re.compile(r"\b(?:nam\s+)?((?:19|20)\d{2})\b")
# a month (folded): "thang 9/2025", "thang 8 nam 2025", "t11/2025", or a day in it, "15/11/2025"
_MONTH = re.compile(r"\b(?:thang|t)\s*(\d{1,2})\s*(?:/|-|\.|nam)\s*((?:19|20)\d{2})\b"
                    r"|\b\d{1,2}\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})\b")
_QUOTED = (re.compile(r'"([^"]{2,120})"'), re.compile(r"'([^']{2,120})'"))

# Question scaffolding (folded): removed to leave the topic. Longest first.
_SCAFFOLDING = sorted("""
nhung don vi nao|cac don vi nao|don vi nao|nhung co quan nao|co quan nao|nhung dia phuong nao|dia phuong nao|
to chuc nao|noi nao|o dau|nhung ai|ai|xa nao|phuong nao|huyen nao|tinh nao|cap uy nao|
da|co|deu|bao cao ve|bao cao|de cap den|de cap toi|de cap|nhac den|neu ve|trien khai|thuc hien|to chuc thuc hien|
ve|viec|trong viec|trong|cua|la|bao nhieu|may|duoc|nhu the nao|the nao|ra sao|gi|nao|nhung|cac|hay|
cho biet|cho toi biet|tim|liet ke|xin|vui long|va|voi|doi voi|ket qua ra sao|dat ket qua gi|
cuoc van dong|phong trao|viet|cach viet|tham khao|mau|phan|muc|noi dung|van ban|nhung van ban|ban ve|ban den|noi ve|noi gi ve|noi gi|viet gi ve|
nhac toi|neu|tong so|don vi khac|cac don vi khac|khac|lien quan den|lien quan toi|co lien quan|lien quan|co van ban|
van ban ve|ban hanh van ban|don vi|co quan|dia phuong|ke ten|neu ten|thong ke|lap bang|
trong van ban cua minh|trong bao cao cua minh|van ban cua minh|bao cao cua minh|cua minh|
xuat hien|duoc nhac den|duoc nhac toi|duoc de cap|duoc nhac ten|nhac ten|duoc neu ten|co ten|noi toi|noi den|co noi toi|co noi den|so lieu ve|thong tin ve|co thong tin ve|quy dinh hoac so lieu ve|
tai lieu|nhung tai lieu|co tai lieu|trong kho|trong kho tai lieu|trong kho van ban|trong kho luu tru|trong kho du lieu|tai lieu ve|quy dinh hoac huong dan ve|huong dan ve|quy dinh hoac huong dan|tac gia|
bao nhieu phan tram|phan tram|dat|lanh dao nao|lanh dao ubnd tinh nao|lanh dao uy ban nhan dan tinh nao|pho chu tich nao|
chu tich nao|duoc phan cong|quy dinh hoac nhac den|duoc quy dinh hoac nhac den|duoc quy dinh|ban hanh|phat hanh|
so nao|bo nao|nganh nao|cuc nao|chi cuc nao|trung tam nao|vien nao|nhung so nao|cac so nao|
toi can|toi muon|toi can tim|toi muon tim|can tim
""".replace("\n", "").split("|"), key=lambda s: -len(s.split()))


@dataclass
class Role:
    id: str
    label: str
    patterns: list[str]  # folded

    def heading_matches(self, heading: str) -> bool:
        """The role word opens the heading (after its numbering), as in "3. Nguyên nhân của…";
        a long heading that merely mentions it ("… giải quyết kiến nghị …") does not count."""
        words = re.findall(r"[^\W_]+", folded(heading))
        while words and re.fullmatch(r"[ivxlcd]+|\d+|[a-zđ]|phan|thu|nhat|hai|ba|tu|nam|sau|chuong|muc|dieu|khoan|mot|so|nhung|cac|ve", words[0]):
            words = words[1:]
        lead = " ".join(words[:6])
        if any(re.match(rf"(?:\w+ ){{0,3}}{re.escape(p)}\b", lead) for p in self.patterns):
            return True
        # a lead-in naming the role for the list under it: "3. Quá trình triển khai, chúng tôi gặp
        # một số khó khăn, vướng mắc sau:"
        key = " ".join(words)
        if re.search(r"\b(?:sau|nhu sau)\s*$", key) and heading.rstrip().endswith(":") and any(
                re.search(rf"\b(?:mot so|nhung|cac)\s+{re.escape(p)}\b", key) for p in self.patterns):
            return True
        # or ending with it: "4. Để nâng cao hiệu quả phối hợp …, thời gian tới tỉnh Điện Biên tập trung chỉ đạo
        # thực hiện một số nhiệm vụ, giải pháp"
        return any(re.search(rf"\b(?:mot so|nhung|cac)\s+(?:\w+ ){{0,2}}{re.escape(p)}$", key) for p in self.patterns)


@dataclass
class Question:
    text: str
    type: str
    topic: str                    # retrieval text: the question without its scaffolding
    name: str | None = None       # the named thing, as users should see it
    name_source: str | None = None  # quote | campaign | acronym
    phrases: list[str] = field(default_factory=list)  # evidence must contain one of these
    year: int | None = None
    month: tuple[int, int] | None = None  # (year, month) a question names: "tháng 9/2025", "T11/2025", "đến 15/11/2025"
    place: str | None = None      # "phường Hải Dương"
    roles: list[Role] = field(default_factory=list)
    figure_kind: str | None = None
    figure_unit: str | None = None  # "suất quà" in "bao nhiêu suất quà"
    measured: str | None = None  # what else a figure question counts: "Phó Chủ tịch", "Ban Thường vụ"
    source: str | None = None     # the document the question cites: "Theo báo cáo … năm 2025 của tỉnh Lâm Đồng, …"
    organisation: str | None = None  # an organisation the question names: "Hiệp hội Nước mắm Phan Thiết"
    position: bool = False        # an actors question asks who holds a position ("Ai là Chủ tịch …"), not who acted
    document_field: str | None = None  # signer | date | held | number | cites | issued
    action: str | None = None  # the action whose actor is asked for (folded): "chu tri", "to chuc" …
    action_object: bool = False  # the actor asked is the action's object: "… gửi về đơn vị nào?"
    action_via: bool = False  # …, the one it passes through: "… gửi về Bộ Nội vụ qua đơn vị nào?"
    besides: str | None = None  # what the asker already knows and sets aside: "Ngoài Chủ tịch và Phó Chủ tịch, …"

    @property
    def sole_organisation(self) -> str | None:
        """The organisation the question names when it names only one ("Liên đoàn Quần vợt …"), not
        one of several it compares."""
        return self.organisation if self.organisation and names_one_organisation(self.text) else None

    @property
    def beyond_source(self) -> str:
        """The question without the words naming its source document ("Phiếu tự kiểm tra thực hiện
        pháp luật lao động …"): they name no section in it."""
        return self.text.replace(self.source, " ") if self.source else self.text


@lru_cache(maxsize=1)
def campaigns() -> list[list[str]]:
    rows = []
    for line in (_DATA / "campaigns.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([form.strip() for form in line.split("\t") if form.strip()])
    return rows


@lru_cache(maxsize=1)
def roles() -> list[Role]:
    out = []
    for line in (_DATA / "section_roles.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            role_id, label, patterns = line.split("\t")
            out.append(Role(role_id, label, [folded(p.strip()) for p in patterns.split("|")]))
    return out


def _campaign(question_folded: str) -> tuple[str, list[str], tuple[int, int]] | None:
    """The longest campaign form named in the question: (canonical, all forms, span)."""
    best = None
    for forms in campaigns():
        for form in forms:
            m = phrase_pattern(form).search(question_folded)
            if m and (best is None or m.end() - m.start() > best[2][1] - best[2][0]):
                best = (forms[0], forms, m.span())
    return best


def without_campaign(text: str) -> str:
    """``text`` without the campaign or programme it names: "báo cáo Đề án 06 tháng 8/2025" names a
    report of the programme, whose "06" is no document's number."""
    found = _campaign(folded(text))  # folded keeps the length: the span carries over
    return f"{text[:found[2][0]]} {text[found[2][1]:]}" if found else text


def _quoted(text: str) -> tuple[str, tuple[int, int]] | None:
    for pattern in _QUOTED:
        m = pattern.search(text)
        if m and re.search(r"[^\W\d_]", m.group(1)):
            return m.group(1).strip(), m.span()
    return None


_ACRONYM = re.compile(r"(?<![\w-])(?=(?:\w*[A-ZĐ]){2})[\w&]{2,}(?:\s+(?=(?:\w*[A-ZĐ]){2})[\w&]{2,})*(?![\w-])")


_PLACE_KINDS = {"thành phố", "thị xã", "thị trấn"}
# Kinds whose number names one document; "ĐA 06", "CTr 135" name programmes, which are subjects.
_NUMBERED_KINDS = set(KIND_OF_ABBREVIATION.values()) - {"đề án", "chương trình"}
_NUMBERED_DOCUMENT = re.compile(r"(?<!\w)(?:" + "|".join(sorted(
    {re.escape(folded(w)) for abbreviation, kind in KIND_OF_ABBREVIATION.items() if kind in _NUMBERED_KINDS
     for w in (abbreviation, kind)}, key=len, reverse=True)) + r")\s*(?:so\s*)?\d", re.IGNORECASE)


def capitalised_words(text: str) -> list[str]:
    """The runs written in capitals: "QĐ", "UBND", "NĐT", "VN"."""
    return [m.group(0) for m in _ACRONYM.finditer(text)]


def names_numbered_document(text: str) -> bool:
    """"QĐ 522/2002 …", "theo Thông tư số 120/2002/TT-BTC": the question names one document by its number."""
    return _NUMBERED_DOCUMENT.search(folded(text)) is not None
_ACADEMIC_TITLES = {"TS", "TSKH", "PGS", "GS", "ThS", "KS", "BS", "NCS", "CN", "PGS.TS", "GS.TS", "GS.TSKH"}


def _run_forms(acronym: str) -> list[str]:
    """The long forms of an acronym, or of a run of them word by word: "TNCS HCM" → "Thanh niên Cộng
    sản Hồ Chí Minh", "TNCS Hồ Chí Minh", "Thanh niên Cộng sản HCM" (documents write any)."""
    if long_forms(acronym) or " " not in acronym:
        return long_forms(acronym)
    choices = [[word, *long_forms(word)[:1]] for word in acronym.split()[:4]]
    return [" ".join(c) for c in product(*choices)][1:] if any(len(c) > 1 for c in choices) else []


def _acronym_name(text: str) -> str | None:
    """An unquoted name written in capitals ("PAR INDEX", "SIPAS", "VNeID", "ATGT"): the thing
    asked about. Institutions ("UBND", "MTTQ": their long form is a proper name) are not."""
    for m in _ACRONYM.finditer(text):
        name = m.group(0)
        # a roman numeral as reports use them ("nhiệm kỳ IV", "khóa XII", "thế kỷ XXI"), not "CCV" (công chứng viên)
        if re.fullmatch(r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})", name):
            continue
        if KIND_OF_ABBREVIATION.get(name) in _NUMBERED_KINDS and re.match(r"\s*(?:số\s*)?\d", text[m.end():]):
            continue  # "QĐ 522/2002", "TT 120/2002": a document named by its number, the source and not the subject
        if name in _ACADEMIC_TITLES:  # "của TS Nguyễn Đại Lai": a title before a name, not the subject
            continue
        longs = long_forms(name)
        if longs and (longs[0][:1].isupper() or longs[0] in _PLACE_KINDS):
            continue  # "TP Hồ Chí Minh": the kind of a place before its name, not the subject
        return name
    return None


# Words that ask rather than name: always removed. Other scaffolding ("báo cáo về", "việc",
# "mục", "triển khai") is removed only at the edges of a run of the subject's words, so a term
# like "Chương trình mục tiêu quốc gia" or "Hội nghị triển khai …" keeps its middle.
_ASKING = re.compile(r"^(?:nao|gi|ai|bao nhieu|may|bao nhieu phan tram|phan tram|the nao|nhu the nao|ra sao|o dau|nhung ai|noi nao|khi nao|bao gio|"
                     r"cho biet|cho toi biet|xin|vui long|hay|liet ke|tim|(?:nhung |cac )?(?:don vi|co quan|dia phuong|"
                     r"to chuc|xa|phuong|huyen|tinh|cap uy|so|bo|nganh|cuc|chi cuc|trung tam|vien) nao|lanh dao(?: ubnd| uy ban nhan dan)?(?: tinh)? nao|(?:pho )?chu tich nao)$")


# An organisation named in a question: its kind, then a name with at least one capital ("Hiệp hội
# Nước mắm Phan Thiết", "Quỹ Khuyến học", "Hội Cựu giáo chức"), up to a place, a function word or
# punctuation. Documents name it the same way, so it is the phrase their mentions must hold.
_ORGANISATION_KINDS = "Hiệp hội|Liên hiệp hội|Liên hiệp|Liên minh|Liên đoàn|Câu lạc bộ|Quỹ|Hội"
_ORGANISATION = re.compile(rf"(?<!\w)(?:{_ORGANISATION_KINDS})\s+[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){{0,6}}")
# the kind opening a question's subject, however typed ("hiep hoi thanh long"; folded)
ORGANISATION_KIND = re.compile(rf"(?:{folded(_ORGANISATION_KINDS)})\s")
# ... and the verbs a question puts after it ("Liên đoàn Luật sư Việt Nam xuất hiện trong …")
_NAME_STOP_WRITTEN = set("tỉnh thành huyện xã phường quận của và về năm trong tại hoặc để đã được có là thì ở với cho như khi "
                         "sau trước nào gì mới hiện xuất nhắc nêu gửi nhiệm khóa khoá lần giai bằng theo số do mà".split())
_NAME_STOP = {folded(word) for word in _NAME_STOP_WRITTEN}  # for a question typed without accents


# ... and typed without accents or capitals ("hiep hoi van tai o to lam dong …"): only the kinds no other
# phrase begins with ("hoi" is also "hỏi", "hội nghị"; "quy" is "quy định")
_PLAIN_ORGANISATION = re.compile(r"(?<!\w)(?:hiep hoi|lien hiep hoi|lien doan|cau lac bo)(?:\s+[a-z0-9-]+){1,8}"
                                 # "hoi" alone is also "hỏi" (ask): a Hội when a short name and its province follow
                                 r"|(?<!cho )(?<!xin )(?<!dai )(?<!\w)hoi(?:\s+(?!tinh\b)[a-z]+){1,5}(?=\s+tinh\s)")
PLAIN_NAME_WORDS = 6
# where a name typed so ends: the folded stop words that are no name's syllable however accented
# ("tai" is "tại" and "vận tải", "o" is "ở" and "ô tô")
_PLAIN_NAME_STOP = set("tinh thanh huyen xa phuong cua ve nam trong sau truoc nao gi bao du khi da duoc la co cho va de voi "
                       "theo nhiem khoa lan giai hien".split())


def _typed_plain(text: str) -> bool:
    """Typed in lower case without accents: no capital marks a name, no accent tells "tai" from "tại"."""
    return text == text.lower() and not has_accents(text)


def _plain_organisation_name(text: str) -> str | None:
    """The organisation a question typed in plain lower-case letters names, up to a function word."""
    m = _PLAIN_ORGANISATION.search(text)
    if not m:
        return None
    words = m.group(0).split()
    kind = 3 if words[:3] in (["lien", "hiep", "hoi"], ["cau", "lac", "bo"]) else 1 if words[0] == "hoi" else 2
    name = words[:kind]
    for word in words[kind:kind + PLAIN_NAME_WORDS]:
        if word in _PLAIN_NAME_STOP:
            break
        name.append(word)
    return " ".join(name) if len(name) > kind else None


def organisation_name(text: str) -> str | None:
    if _typed_plain(text):
        return _plain_organisation_name(text)
    for m in _ORGANISATION.finditer(text):
        words = m.group(0).split()
        kind = 2 if folded(" ".join(words[:2])) in ("hiep hoi", "lien hiep", "lien minh", "lien doan", "cau lac") else 1
        kind += 1 if folded(" ".join(words[:3])) in ("cau lac bo", "lien hiep hoi") else 0
        name = words[:kind]
        for word in words[kind:]:
            low = word.lower()
            # accents decide where they are written: "Bóng đá" goes on, "đã" stops ("da" is both, folded)
            # ("Việt Nam": a capital makes "Nam" a name's, never "năm" typed without accents)
            if low in _NAME_STOP_WRITTEN or (low == folded(word) and low in _NAME_STOP and not word[:1].isupper()):
                break
            name.append(word)
            if folded(" ".join(name[-2:])) == "viet nam":  # "… Việt Nam" ends the national body's name
                break
        if len(name) > kind and any(w[:1].isupper() for w in name[kind:]):
            return " ".join(name)
    return None


def names_one_organisation(text: str) -> bool:
    """"Liên đoàn Karate … có bao nhiêu …" (one) against "… của Liên đoàn Taekwondo, Hội Cựu Công an
    nhân dân và Hội Điều dưỡng …" (a comparison of several)."""
    if _typed_plain(text):
        return len(_PLAIN_ORGANISATION.findall(text)) == 1
    return len(_ORGANISATION.findall(text)) == 1


_SMALL = {"va", "cua", "ve", "cho", "voi"}


def spelled_out(text: str, acronym: str) -> str | None:
    """The words an acronym in brackets stands for, when their initials spell it: "Hội đồng An
    toàn, vệ sinh lao động (ATVSLĐ)" → "An toàn, vệ sinh lao động"; "doanh nghiệp nhỏ và vừa
    (DNNVV)" → itself. A document may write either, so both count as the subject."""
    m = re.search(rf"([^()]*?)\s*\(\s*{re.escape(acronym)}\s*\)", text)
    if not m:
        return None
    words = re.findall(r"[^\W_]+", m.group(1))
    letters = folded(acronym).replace(" ", "")
    for n in range(1, min(len(words), 12) + 1):
        tail = words[-n:]
        keys = [folded(w) for w in tail]
        for initials in ("".join(k[0] for k in keys), "".join(k[0] for k in keys if k not in _SMALL)):
            if initials == letters:
                start = m.group(1).rfind(tail[0], 0, len(m.group(1)) - sum(len(w) for w in tail[1:]))
                return m.group(1)[start:].strip(" ,")
    return None


# One-syllable scaffolding as an accented question writes it: "có" is scaffolding, "cổ" (cổ phần
# hoá) is not, though both fold to "co".
_ACCENTED_SCAFFOLDING = {"co": "có", "da": "đã", "deu": "đều", "ve": "về", "viec": "việc", "cua": "của",
                         "la": "là", "duoc": "được", "gi": "gì", "nao": "nào", "nhung": "những", "cac": "các",
                         "tim": "tìm", "va": "và", "voi": "với", "viet": "viết", "mau": "mẫu", "phan": "phần",
                         "muc": "mục", "neu": "nêu", "khac": "khác", "xin": "xin", "hay": "hay", "ai": "ai",
                         "dat": "đạt",  # "… đạt bao nhiêu": the verb of a figure question, not "đất"
                         "may": "mấy"}  # "mấy quyển", not "máy móc"
# Typed without accents, scaffolding that opens a compound noun with the next word is that noun's
# syllable: "co so" is "cơ sở", "co quan" "cơ quan", "da so" "đa số", "ve sinh" "vệ sinh".
_PLAIN_COMPOUNDS = {"co": {"so", "quan", "che", "cau", "hoi", "ban", "khi", "phan", "dong"}, "da": {"dang", "so", "phuong"},
                    "ve": {"sinh", "tinh"}}
# However typed, "mục" before these opens a word of its own: "Mục tiêu tỷ lệ …" is no section ("mục") asked for
_COMPOUNDS = {"muc": {"tieu", "dich"}}
# Typed without accents, "may" after "xe" or before these is "máy" (a machine) or "may" (sewing), not "mấy".
_NOT_HOW_MANY_BEFORE = {"moc", "tinh", "mac", "chu", "in", "bay", "cay", "keo", "phat", "bom", "say"}


def _written_as_scaffolding(word: str, key: str, accented: bool) -> bool:
    return not accented or key not in _ACCENTED_SCAFFOLDING or word.lower() == _ACCENTED_SCAFFOLDING[key]


# "… nhắc đến nạn nhân chất độc da cam? Do đơn vị nào ban hành?" ("…, do cơ quan nào ban hành?"): a
# second question asking who issued the documents names no topic
_ISSUER_QUESTION = re.compile(r"(?:(?<=[?.,;)])\s*|\s+va\s+)(?:do|cua|boi)\s+(?:nhung |cac )?(?:don vi|co quan|ai)\b[^?.]*[?.]?\s*$"
                              # "… . Những tài liệu đó do đơn vị nào ban hành?": a sentence of its own
                              r"|(?<=[?.])\s*(?:nhung |cac )?(?:tai lieu|van ban|bao cao)(?: do| nay| tren)?\s+(?:do|cua|boi)\s+"
                              r"(?:nhung |cac )?(?:don vi|co quan)\b[^?.]*[?.]?\s*$"
                              # "… về hộ kinh doanh do những đơn vị nào ban hành?"
                              r"|\s+(?:do|boi)\s+(?:nhung |cac )?(?:don vi|co quan)\s+nao\s+(?:ban hanh|phat hanh|soan|viet)\s*[?.]?\s*$"
                              # "… nhắc đến xăng dầu và cho biết cơ quan ban hành."
                              r"|[,;]?\s+(?:va\s+)?(?:cho biet|neu|ke|liet ke)\s+(?:ten\s+)?(?:cac |nhung )?(?:don vi|co quan)"
                              r"(?:\s+(?:ban hanh|phat hanh|nao))?\s*[?.]?\s*$")


def _without_issuer_question(text: str) -> str:
    found = _ISSUER_QUESTION.search(folded(text))  # folded keeps the length: the span carries over
    return text[:found.start()] if found else text


def _without_papers(text: str) -> str:
    """"X được nêu trong báo cáo, kế hoạch của những đơn vị nào": where X is mentioned is no part of it,
    and so are the papers it is asked of: "Đơn vị nào có kế hoạch, báo cáo đề cập đến X", "… đã gửi văn bản
    liên quan tới X", "Trong các báo cáo, tham luận, đơn vị nào …"."""
    key = folded(text)  # same length: the spans carry over
    spans = sorted(m.span() for pattern in (_MENTIONED_IN, _PAPERS_ABOUT) for m in pattern.finditer(key))
    kept, position = [], 0
    for start, end in spans:
        if start >= position:  # (an overlapping span is inside the one cut before it)
            kept.append(text[position:start])
        position = max(position, end)
    return " ".join(kept + [text[position:]]) if spans else text


_PAPER = rf"(?:tham luan|tai lieu|ho so|{_KINDS})"
_PAPERS = rf"(?:cac\s+|nhung\s+)?{_PAPER}(?:\s*(?:,|va|hoac)\s*(?:cac\s+)?{_PAPER})*"
_PAPERS_ABOUT = re.compile(rf"\b(?:(?:da\s+)?(?:co|gui|ban hanh|tim)\s+){_PAPERS}\s+(?:(?:co\s+)?(?:de cap|nhac|noi(?!\s+dung)|"
                           rf"lien quan|neu)(?:\s+(?:den|toi|ve))?|(?:co\s+)?noi dung\s+(?:ve|lien quan(?:\s+(?:den|toi))?)|ve)\b"
                           rf"|^\s*trong\s+{_PAPERS}\s*,")
_MENTIONED_IN = re.compile(rf"\b(?:duoc\s+)?(?:(?:quy dinh|neu|nhac den|de cap)\s+(?:hoac|va)\s+)?(?:neu|quy dinh|nhac den|nhac toi|de cap(?: den| toi)?|xuat hien|noi den|noi toi)\s+trong\s+"
                           rf"{_PAPERS}\b")


def _machine(keys: list[str], i: int) -> bool:
    return (i > 0 and keys[i - 1] == "xe") or (i + 1 < len(keys) and keys[i + 1] in _NOT_HOW_MANY_BEFORE)


def _strip_scaffolding(text: str) -> str:
    found = list(re.finditer(r"[^\W_]+(?:[-/][^\W_]+)*", text))
    words = [m.group(0) for m in found]
    # a comma between two words the topic keeps stays: "thi đua, khen thưởng" is written with it or without
    comma_after = [", " if "," in text[m.end():n.start()] else " " for m, n in zip(found, found[1:])] + [""]
    keys = [folded(w) for w in words]
    accented = has_accents(text)
    marks: list[tuple[int, int, bool]] = []  # (start, end, asking) of each scaffolding phrase
    i = 0
    while i < len(words):
        for phrase in _SCAFFOLDING:
            n = len(phrase.split())
            if " ".join(keys[i:i + n]) == phrase and (n > 1 or _written_as_scaffolding(words[i], keys[i], accented)) \
                    and not (phrase == "may" and not accented and _machine(keys, i)) \
                    and not (n == 1 and not accented and i + 1 < len(keys) and keys[i + 1] in _PLAIN_COMPOUNDS.get(phrase, ())) \
                    and not (n == 1 and i + 1 < len(keys) and keys[i + 1] in _COMPOUNDS.get(phrase, ())) \
                    and not (i > 0 and words[i][:1].isupper() and words[i - 1][:1].isupper()):  # "Cục Thống kê": a name's words
                # a capitalised word inside the question is a name's ("Hội Ái hữu"), never "ai"
                asking = bool(_ASKING.match(phrase)) and not (i > 0 and words[i][:1].isupper() and n == 1)
                marks.append((i, i + n, asking))
                i += n
                break
        else:
            i += 1
    cut = [k for start, end, asking in marks if asking for k in range(start, end)]
    removed = [False] * len(words)
    for k in cut:
        removed[k] = True
    bounds = [-1, *cut, len(words)]  # the runs of words between asking words
    by_start = {start: end for start, end, asking in marks if not asking}
    by_end = {end: start for start, end, asking in marks if not asking}
    for left, right in zip(bounds, bounds[1:]):
        lo, hi = left + 1, right
        while lo < hi and lo in by_start:  # scaffolding opening the run
            for k in range(lo, by_start[lo]):
                removed[k] = True
            lo = by_start[lo]
        while hi > lo and hi in by_end:  # and closing it
            for k in range(by_end[hi], hi):
                removed[k] = True
            hi = by_end[hi]
    kept = [i for i, r in enumerate(removed) if not r]
    return "".join(words[i] + (comma_after[i] if j == i + 1 else " ") for i, j in zip(kept, kept[1:] + [None])).strip()


_LEVEL_WORDS = {"thi", "tran", "xa", "thanh", "pho", "tp", "tp.", "phuong", "quan", "huyen", "tinh"}  # folded


# "Hồ sơ đổi tên Quỹ …": the dossier of an action is named by the action; its documents (the
# proposal, the decision, the cover note) say the action, not "hồ sơ".
_DOSSIER = re.compile(r"^(?:hồ sơ|ho so)\s+(?:về\s+|ve\s+|việc\s+|viec\s+)?(?=(?:đổi tên|doi ten|thành lập|thanh lap|sáp nhập|"
                      r"sap nhap|hợp nhất|hop nhat|giải thể|giai the|chia tách|chia tach|phê duyệt|phe duyet|công nhận|cong nhan|"
                      r"cho phép|cho phep|đề nghị|de nghi|bổ nhiệm|bo nhiem|khen thưởng|khen thuong)\b)", re.I)


def common_abbreviation(word: str) -> bool:
    """"NK" (nhiệm kỳ), "DN" (doanh nghiệp): capitals standing for common words, which end a name."""
    forms = long_forms(word) if word.isupper() else []
    return bool(forms) and forms[0][:1].islower()


def _place_name(words_after: str, typed_lower: bool = True) -> str | None:
    """"tỉnh Lâm Đồng đã …" → "tỉnh Lâm Đồng": the level words, then the capitalised name (or,
    in a question typed in lower case, the next two words). In a question with capitals, "của
    tỉnh có văn bản" names no place."""
    words = words_after.split()
    level = 0
    while level < len(words) and folded(words[level]) in _LEVEL_WORDS:
        level += 1
    name = 0
    while level + name < len(words) and words[level + name][:1].isupper() and not common_abbreviation(words[level + name]):
        name += 1
    if not name and not typed_lower:
        return None
    # "TP Hồ Chí Minh" is how a question abbreviates what documents write "thành phố Hồ Chí Minh"
    # … and "TP HN" what they write "thành phố Hà Nội": a name's capitals standing for a proper name, written out
    written = ["thành phố" if folded(w) in ("tp", "tp.") else _proper_name(w) if i >= level else w
               for i, w in enumerate(words[:level + (name or 2)])]
    return " ".join(written)


def _proper_name(word: str) -> str:
    forms = long_forms(word) if word.isupper() and len(word) > 1 else []
    return forms[0] if forms and forms[0][:1].isupper() else word


def _alternatives(topic: str) -> list[str]:
    """The things a topic names as alternatives ("A hoặc B"), when each is a short name or they
    repeat one head ("đấu giá quyền sử dụng đất hoặc đấu giá tài sản"); "sáp nhập hoặc đổi tên …"
    joins two actions, not two names."""
    if (framing := FRAMING.match(folded(topic))) and topic[framing.end():][:1].isupper():
        topic = topic[framing.end():]  # "vấn đề Tổng cục Thống kê hoặc Cục Thống kê": the names
    parts = [p.strip(" ,") for p in re.split(r"\s+(?:hoặc|hay là)\s+", topic)]
    if len(parts) < 2 or any(not 2 <= len(p.split()) <= ALTERNATIVE_WORDS for p in parts):
        return []
    # names, or terms repeating their head noun: "đấu giá quyền sử dụng đất hoặc đấu giá tài sản", or short
    # terms ("nước sạch hoặc hệ thống cấp nước")
    heads = {folded(p.split()[0]) + " " + folded(p.split()[1]) for p in parts}
    if all(p[:1].isupper() for p in parts) or len(heads) == 1:
        return parts
    if not all(len(p.split()) <= SHORT_TERM_WORDS for p in parts) or any(re.match(_ACTION_WORDS, folded(p)) for p in parts):
        return []
    # and each without a noun that frames it: "hệ thống cấp nước" is written "cấp nước" as well
    framed = [p[head.end():] for p in parts if (head := FRAMING.match(folded(p))) and len(p[head.end():].split()) >= 2]
    return parts + framed


SHORT_TERM_WORDS = 4
# Nouns that frame a topic without narrowing it: "Vấn đề an toàn thực phẩm", "Công tác tiếp công dân",
# "Hệ thống camera giám sát", "Dịch vụ bưu chính", "Đội ngũ giáo viên", "Tình trạng ô nhiễm môi trường",
# "Nguồn ngân sách trung ương", "Vai trò của người có uy tín" (folded)
FRAMING = re.compile(r"(?:van de|cong tac|hoat dong|tinh hinh|linh vuc|he thong|dich vu|doi ngu|tinh trang|nguon|che do|khu vuc"
                     r"|dip|vai tro(?: cua)?|(?:tam quan trong|y nghia) cua)\s+")
# "sáp nhập hoặc đổi tên …", "thành lập hoặc giải thể …": actions, which a document names with what they act on
_ACTION_WORDS = r"(?:sap nhap|doi ten|thanh lap|giai the|hop nhat|chia tach|phe duyet|cong nhan|cho phep|to chuc|thuc hien|trien khai|ban hanh)\b"


ALTERNATIVE_WORDS = 8
_BRACKETED = re.compile(r"\s*[()]\s*")
LISTED_SYLLABLES = 3
SHARED_HEAD_WORDS = 6


def listed_alternatives(text: str, topic: str) -> list[str]:
    """The things a topic lists, as the question writes them: a name and its other name in brackets
    ("Lực lượng biên phòng (Bộ đội Biên phòng)"), or short terms between commas and nothing else
    ("Thiên tai, lũ lụt"; not "phòng, chống ma túy", nor "tổng kết Chiến lược …, chống và kiểm soát …")."""
    if len(re.findall(r"[^\W_]+", topic)) < 4 or not (span := written_topic(text, topic)):
        return []
    if kinds := term_and_kinds(span):
        return kinds
    bracketed = [p.strip() for p in _BRACKETED.split(span) if p.strip()]
    if "(" in span and len(bracketed) == 2 and all(2 <= len(p.split()) <= ALTERNATIVE_WORDS or _foreign_word(p) for p in bracketed):
        # "email" is as often "e-mail": the electronic prefix written either way
        bracketed += [f"e-{p[1:]}" for p in bracketed if _foreign_word(p) and p.lower().startswith("e") and "-" not in p]
        # what both names end with is what they name: "(lực lượng) Công an, Biên phòng, Hải quan"
        tail = _shared_tail(*bracketed[:2])
        # (not of examples listed in the brackets: "xe công nghệ (Grab, xe ôm công nghệ)" is not any "công nghệ")
        return bracketed + ([tail] if len(tail.split()) >= 2 and "," not in bracketed[1] else [])
    listed = [p.strip() for p in span.split(",") if p.strip()]
    if len(listed) >= 2 and len(listed[0].split()) > LISTED_SYLLABLES and 2 <= len(listed[1].split()) <= LISTED_SYLLABLES \
            and folded(listed[0].split()[-1]) == folded(listed[1].split()[-1]):
        # "Xử lý chất thải, rác thải": what is done to the list, then its items, which share their last word
        listed[0] = " ".join(listed[0].split()[-len(listed[1].split()):])
    if len(listed) >= 2 and all(2 <= len(p.split()) <= LISTED_SYLLABLES for p in listed) \
            and not any(comma_optional(a.split()[-1], b.split()[0]) for a, b in zip(listed, listed[1:])):
        return listed
    if 2 <= len(listed) <= 4 and all(3 <= len(p.split()) <= SHARED_HEAD_WORDS for p in listed) \
            and len({folded(" ".join(p.split()[-2:])) for p in listed}) == 1:
        # kinds of one thing, each ending with its two words, which name it: "ma túy học đường, môi trường
        # học đường" are what reaches "học đường"
        return listed + [" ".join(listed[-1].split()[-2:])]
    return []


def _foreign_word(text: str) -> bool:
    """One word no Vietnamese syllable could be, another name in brackets: "thư điện tử (email)"."""
    return re.fullmatch(r"[a-zA-Z][a-zA-Z-]{2,}", text) is not None and not is_syllable_shaped(text.lower())


def term_and_kinds(span: str) -> list[str]:
    """A term, then the kinds of it the asker has in mind: "kết hôn (đăng ký kết hôn, nghỉ việc riêng
    khi kết hôn)"; a document naming the term or any kind counts. A kind is one that names the term
    (without a noun framing it: "giám định tư pháp" of "Hoạt động giám định") or its abbreviation
    ("phong trào TDTT" of "thể dục thể thao"); beside those, the rest say what the term is of, not
    what it is: "doanh nghiệp" in "phá sản (doanh nghiệp, tổ chức phá sản)"."""
    bracketed = [p.strip() for p in _BRACKETED.split(span) if p.strip()]
    if "(" not in span or len(bracketed) != 2 or span.lstrip().startswith("(") or "," not in bracketed[1]:
        return []
    kinds: list[str] = []
    for kind in (k.strip() for k in bracketed[1].split(",") if k.strip()):
        if kinds and len(kind.split()) == 1 and not kind.isupper():
            kinds[-1] += ", " + kind  # "trạm y tế xã, phường" is one kind
        else:
            kinds.append(kind)
    term = bracketed[0]
    if not 2 <= len(term.split()) <= ALTERNATIVE_WORDS or not all(
            2 <= len(k.split()) <= ALTERNATIVE_WORDS or k.isupper() for k in kinds):
        return []
    framing = FRAMING.match(folded(term))
    core = term[framing.end():] if framing and len(term[framing.end():].split()) >= 2 else term
    initials = "".join(w[0] for w in folded(core).split())
    names = [folded(core), *(folded(a) for a in abbreviated(core)), *([initials] if len(initials) >= 3 else [])]
    named = [k for k in kinds if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", folded(k)) for n in names)]
    # (when none names it, the kinds are what the asker means by it: "sử dụng mã QR (khảo sát sự hài lòng, …)")
    return list(dict.fromkeys([term, core, *(named or kinds)]))


def written_topic(text: str, topic: str) -> str | None:
    """The topic as the question writes it, brackets and commas kept."""
    written = re.search(r"[\W_]+".join(map(re.escape, re.findall(r"[^\W_]+", topic))) + r"(?:\s*\))?", text)
    if not written:
        return None
    span = written.group(0).strip()
    return span if span.count("(") == span.count(")") else span.rstrip(")")


def _shared_tail(first: str, second: str) -> str:
    a, b = first.split(), second.split()
    n = 0
    while n < min(len(a), len(b)) - 1 and folded(a[-1 - n]) == folded(b[-1 - n]):
        n += 1
    return " ".join(b[len(b) - n:]) if n else ""


def _institution_acronym(organisation: str) -> str | None:
    """The acronym with a proper long form inside an organisation's name ("LHPN" in "Hội LHPN")."""
    return next((w for w in organisation.split()[1:] if len(w) > 1 and w.isupper() and long_forms(w)), None)


# "Việc sử dụng mạng xã hội (Zalo, Facebook...)": examples illustrate the subject named before them;
# documents mentioning it need not name one
_EXAMPLES = re.compile(r"\s*\((?:(?:như|ví dụ|vd\.?|chẳng hạn)[\s:][^()]{1,100}|[^()]{1,100}?(?:\.{2,}|…|v\.v\.?))\s*\)", re.I)


# "Ngoài Văn phòng UBND tỉnh và Sở Nội vụ, sở nào …": what the asker sets aside is not what is asked about
_BESIDES = re.compile(r"^\s*(?:ngoai|ben canh|tru)\s+([^,?]{2,120}),\s*(?=\S)")  # on the folded question


@lru_cache(maxsize=256)  # a source's, asked once a clause
def named_month(text: str) -> tuple[int, int] | None:
    """(year, month) of the first month ``text`` names, or of the day it names."""
    for found in _MONTH.finditer(folded(text)):
        month, year = int(found.group(1) or found.group(3)), int(found.group(2) or found.group(4))
        if 1 <= month <= 12:
            return year, month
    return None


def parse_question(text: str, forced_type: str | None = None) -> Question:
    if not text or not text.strip():
        raise ValueError("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise ValueError(f"the question is {len(text):,} characters long; the limit is {MAX_QUESTION_CHARS:,}")
    if forced_type is not None and forced_type not in QUESTION_TYPES:
        raise ValueError(f"question type must be one of {', '.join(QUESTION_TYPES)}, not {forced_type!r}")
    text = _EXAMPLES.sub("", written_out(match_form(text.strip())))
    besides_text = None
    if besides := _BESIDES.match(folded(text)):
        besides_text, rest = text[besides.start(1):besides.end(1)], text[besides.end():]
        text = rest[:1].upper() + rest[1:] if text[:1].isupper() else rest
    key = folded(text)
    question = Question(text=text, type="passages", topic="", besides=besides_text)

    year = _YEAR.search(key)
    question.year = int(year.group(1)) if year else None
    question.month = named_month(text)
    place = _PLACE.search(key)
    opening = False
    if place:
        opening = place.start(1) == len(key) - len(key.lstrip())
        # (a place opening the question is capitalised as any first word: only a name after it makes it one;
        # typed in lower case, "tinh den 14/12/2025" is "tính đến", no place at all)
        written = _place_name(text[place.start(1):place.end(1)],
                              typed_lower=not opening and not any(c.isupper() for c in text[1:]))
        question.place = written[:1].lower() + written[1:] if written and opening else written
    # the words naming the document asked about ("… trong báo cáo …", "Giấy mời dự Hội nghị triển khai
    # Chương trình mục tiêu quốc gia … phân công …") name no role of a section in it
    named_source = _SOURCE.match(text) or _source_telling(text) or _SOURCE_LABELLED.match(text) or (
        None if has_accents(text) else next((m for p in _SOURCE_PLAIN if (m := p.match(text))), None))
    asked = " , ".join(DOCUMENT_REFERENCE.split(key[named_source.end(1):] if named_source else key))
    # "các hội do Đảng, Nhà nước giao nhiệm vụ": tasks assigned, a kind of association, not a section's role
    asked = re.sub(r"\bgiao nhiem vu\b", "giao", asked)
    question.roles = [role for role in roles() if any(re.search(rf"\b{re.escape(p)}\b", asked) for p in role.patterns)]
    question.figure_kind, question.figure_unit = wanted_figure(text)
    # ("Số dữ liệu sai lệch … là bao nhiêu?": what "số" counts, in a noun no unit knows)
    question.measured = measured_thing(text) or (number_of(text) if not question.figure_kind else None)

    # "Có … không?": a yes-or-no question, whose last word asks
    rest = _YES_NO_TAIL.sub("", text) if _YES_NO.match(text) else text
    quoted = _quoted(text)
    campaign = _campaign(folded(quoted[0]) if quoted else key)
    if campaign:
        question.name, question.phrases, question.name_source = campaign[0], list(campaign[1]), "campaign"
        if quoted:
            rest = text[:quoted[1][0]] + " " + quoted[0] + " " + text[quoted[1][1]:]
    elif quoted:
        question.name, question.phrases, question.name_source = quoted[0], [quoted[0]], "quote"
        rest = text[:quoted[1][0]] + " " + quoted[0] + " " + text[quoted[1][1]:]
    # ("Báo cáo CCHC quý I/2026 …: tổng số ĐVSNCL …": an acronym in the source names the document, not the subject)
    elif acronym := (named_source and _acronym_name(text[named_source.end(1):])) or _acronym_name(text):
        organisation = organisation_name(text)
        if organisation and acronym in organisation.split() and long_forms(acronym):
            # "Liên minh HTX tỉnh": the acronym is part of a name, which documents write either way
            question.name, question.name_source = organisation, "quote"
            question.phrases = [organisation, *(re.sub(rf"(?<!\w){re.escape(acronym)}(?!\w)", form, organisation)
                                                for form in long_forms(acronym))]
        else:
            question.name, question.phrases, question.name_source = acronym, [acronym, *_run_forms(acronym)], "acronym"
            if spelled := spelled_out(text, acronym):
                question.phrases.append(spelled)
    elif (organisation := organisation_name(text)) and (inner := _institution_acronym(organisation)):
        # "Hội LHPN tỉnh": an institution's acronym inside the name, which documents write in full
        question.name, question.name_source = organisation, "quote"
        question.phrases = [organisation, *(re.sub(rf"(?<!\w){re.escape(inner)}(?!\w)", form, organisation)
                                            for form in long_forms(inner))]
    question.topic = _DOSSIER.sub("", _strip_scaffolding(_without_papers(_without_issuer_question(rest))))
    if not question.phrases and (alternatives := _alternatives(question.topic)):
        # "Hội Chữ thập đỏ hoặc Quỹ hoạt động nhân đạo Chữ thập đỏ": either one, as a phrase
        question.name, question.phrases, question.name_source = question.topic, alternatives, "alternatives"

    question.organisation = organisation_name(text)
    if named_source:
        question.source = named_source.group(1).strip()
        if (question.name_source == "quote" and all(p in question.source for p in question.phrases)) or (
                question.name_source == "campaign" and question.name and question.name in question.source):
            # "Trong bài 'Phát triển công nghệ mới …', lĩnh vực … chiếm bao nhiêu phần trăm GDP?": the quote
            # titles the source, whose sentences need not repeat it; so does a programme in "Theo báo cáo Đề án 06
            # tháng 8/2025, …"
            question.name, question.phrases, question.name_source = None, [], None
    elif question.name_source == "campaign" and (trailing := _SOURCE_AFTER.search(text)) and question.name in trailing.group(1) \
            and question.name not in text[:trailing.start(1)]:
        # "Số dữ liệu … đã làm sạch theo báo cáo Đề án 06 tháng 8, tháng 9 … là bao nhiêu?": the programme names
        # the reports the figure is read from, as it does opening the question
        question.name, question.phrases, question.name_source = None, [], None
    # ("HD 36-HD/VPTW hướng dẫn trình bày số và ký hiệu văn bản của Đảng ra sao?": how, not which number)
    question.document_field = None if _ASKS_HOW.search(key) else \
        next((name for name, pattern in _DOCUMENT_FIELDS if pattern.search(key)), None)
    actor = _ACTOR.search(key)
    if actor:
        question.action = actor.group("action") or actor.group("passive") or actor.group("position")
        question.position = bool(actor.group("position"))
    elif not question.document_field and (actor := _POSITION_FIRST.match(key)):
        question.action, question.position = actor.group("position"), True
    elif not question.document_field and not _UNITS_PLURAL.search(key) and (opened := open_actor(text)):
        question.action, question.action_object, question.action_via = opened
        actor = opened
    how_many = _asks_how_many(text, key)
    if forced_type:
        question.type = forced_type
    elif question.document_field:
        question.type = "documents"
    elif actor:
        question.type = "actors"
    elif _PRECEDENT.search(key) and not _NAMED_BY_CODE.search(text):
        # ("Hướng dẫn 36-HD/VPTW quy định cách trình bày … như thế nào?": what one named document says, no precedents)
        question.type = "precedents"
    elif _UNITS.search(key):
        question.type = "units"
    elif _ACROSS.search(key) or (how_many and (_TWO_PERIODS.search(key) or len(compared_names(text)) >= 2
                                                or listed_months(text))):
        # a figure of two periods, of several things named in a list ("… của Vĩnh Phúc, Đồng Nai và Bình Dương") or of
        # the months of a report series ("Theo các báo cáo … tháng 8, tháng 9 và tháng 11/2025"): a table
        question.type = "figures_across"
    elif how_many:
        question.type = "figure"
    elif question.roles:
        question.type = "sections"
    if question.type == "units" and named_source and not forced_type and not _MENTIONED_IN.search(key):
        # "Theo dự thảo Thông tư …, tổ chức nào là tổ chức thu phí?": asked of one document, whose passages answer,
        # not of every unit whose reports mention it
        question.type = "passages"
    if question.type == "units" and opening:
        question.place = None  # "Thành phố Đà Nẵng được nhắc đến trong tài liệu của những cơ quan nào?": the subject
    if question.type == "units" and question.name_source == "acronym" and (span := written_topic(text, question.topic)) \
            and (kinds := term_and_kinds(span)):
        # "Hoạt động giám định (…, giám định BHYT)": the acronym names one kind; the term is the subject
        question.name, question.phrases, question.name_source = span, kinds, "alternatives"
    if question.type == "units" and not question.phrases and (listed := listed_alternatives(text, question.topic)):
        # "Thiên tai, lũ lụt được nhắc đến …": the documents naming either
        question.name, question.phrases, question.name_source = written_topic(text, question.topic), listed, "alternatives"
    return question
