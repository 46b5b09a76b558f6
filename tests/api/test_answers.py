"""`tracuu ask` and precedents on the bundled reports: the acceptance questions of the answers
issue, evidence that really holds the campaign and its figures, citations that point at the
cited text, not-found answers, sections by role, precedents and the optional chat model."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from api.answers import AskRequest, Asker, Generator, GeneratorConfig, PrecedentFinder, PrecedentRequest
from api.answers.passages import folded
from api.cli import main
from indexer.store.reader import open_reader

PROVINCE_FRONT = "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"
WARD_PARTY = "Ban Thường vụ Đảng ủy phường Hải Dương"
CAMPAIGN_QUESTIONS = [
    "Những đơn vị nào đã báo cáo về cuộc vận động 'Vì người nghèo'?",
    "Những đơn vị nào đã báo cáo về cuộc vận động \"Vì người nghèo\"?",
    "Những đơn vị nào đã báo cáo về cuộc vận động “Vì người nghèo”?",
    "Những đơn vị nào đã báo cáo về cuộc vận động ‘Vì người nghèo’?",
    "Những đơn vị nào đã báo cáo về cuộc vận động ''Vì người nghèo''?",
    "Nhung don vi nao da bao cao ve cuoc van dong 'Vi nguoi ngheo'?",
    "nhung don vi nao da bao cao ve cuoc van dong vi nguoi ngheo",
    "Đơn vị nào triển khai cuộc vận động Ngày vì người nghèo?",
]


@pytest.fixture(scope="module")
def reader(corpus_index):
    return open_reader(corpus_index)


@pytest.fixture(scope="module")
def asker(reader):
    return Asker(reader)


def figure_texts(unit) -> set[str]:
    return {f["text"] for d in unit["documents"] for e in d["evidence"] for f in e["figures"]}


@pytest.mark.parametrize("question", CAMPAIGN_QUESTIONS)
def test_campaign_question_lists_exactly_the_two_units_with_their_figures(asker, question):
    answer = asker.ask(AskRequest(question)).to_json()
    assert answer["type"] == "units" and not answer["not_found"]
    units = {u["unit"]: u for u in answer["units"]}
    assert set(units) == {PROVINCE_FRONT, WARD_PARTY}
    for unit in units.values():
        for document in unit["documents"]:
            assert document["evidence"]
            assert all("vi nguoi ngheo" in folded(e["text"]) for e in document["evidence"])
    assert {"98 ngàn suất quà", "trên 50 tỷ đồng"} <= figure_texts(units[PROVINCE_FRONT])
    assert "trên 370 triệu đồng" in figure_texts(units[WARD_PARTY])
    assert "Không tìm thấy" not in answer["answer"]


def test_citations_point_at_the_cited_text(asker, reader):
    answer = asker.ask(AskRequest(CAMPAIGN_QUESTIONS[0])).to_json()
    texts = reader.document_texts([c["doc_id"] for c in answer["citations"]])
    evidence = [e for u in answer["units"] for d in u["documents"] for e in d["evidence"]]
    assert len(answer["citations"]) == len(evidence)
    for item, citation in zip(evidence, answer["citations"]):
        assert texts[citation["doc_id"]][item["char_start"]:item["char_end"]] == item["text"]
        assert f"[{citation['n']}]" in answer["answer"]
        chunk = reader.chunks([item["chunk_id"]])[item["chunk_id"]]
        assert chunk.doc_id == citation["doc_id"] and chunk.start <= item["char_start"] < chunk.end
        for figure in item["figures"]:
            assert item["text"][figure["start"]:figure["end"]] == figure["text"]


def test_json_contract_of_the_answers_issue(asker):
    answer = asker.ask(AskRequest(CAMPAIGN_QUESTIONS[0])).to_json()
    assert {"question", "type", "answer", "units", "citations", "not_found"} <= set(answer)
    document = answer["units"][0]["documents"][0]
    assert {"doc_id", "title", "date", "evidence"} <= set(document)
    assert {"text", "chunk_id", "section_path", "page_start", "char_start", "char_end", "figures"} <= set(document["evidence"][0])


@pytest.mark.parametrize("question", [
    "Quỹ Vì người nghèo năm 2025 của phường Hải Dương vận động được bao nhiêu?",
    "Quy vi nguoi ngheo nam 2025 cua phuong Hai Duong van dong duoc bao nhieu?",
])
def test_fund_question_returns_the_figure_with_its_citation(asker, reader, question):
    answer = asker.ask(AskRequest(question)).to_json()
    assert answer["type"] == "figure" and not answer["not_found"]
    assert answer["figure"]["text"] == "trên 370 triệu đồng" and answer["figure"]["value"] == 370_000_000
    assert (answer["figure"]["unit"], answer["figure"]["year"]) == ("đồng", 2025)
    assert answer["units"][0]["unit"] == WARD_PARTY
    first = answer["units"][0]["documents"][0]["evidence"][0]
    assert "trên 370 triệu đồng" in first["text"] and "2025" in first["text"]
    text = reader.document_texts([answer["citations"][0]["doc_id"]])[answer["citations"][0]["doc_id"]]
    assert text[first["char_start"]:first["char_end"]] == first["text"]
    assert "trên 370 triệu đồng" in answer["answer"] and "[1]" in answer["answer"]


def test_figure_from_another_place_is_not_an_answer(asker):
    answer = asker.ask(AskRequest("Quỹ Vì người nghèo năm 2025 của xã Tân Hưng vận động được bao nhiêu?")).to_json()
    assert answer["not_found"] and answer["units"] == [] and answer["figure"] is None


@pytest.mark.parametrize("question", [
    "Những đơn vị nào đã báo cáo về cuộc vận động 'Nuôi heo đất vì biển đảo'?",
    "Đơn vị nào báo cáo về phong trào \"Ngày thứ bảy tình nguyện xanh\"?",
    # (both reports write "an ninh trật tự", "an ninh, quốc phòng": near in meaning, and no report on food security)
    "Đơn vị nào có văn bản về bảo đảm an ninh lương thực?",
    "Những cơ quan nào có văn bản về phát triển, xuất khẩu sầu riêng?",
])
def test_campaign_in_no_document_is_not_found(asker, question):
    answer = asker.ask(AskRequest(question)).to_json()
    assert answer["not_found"] is True and answer["units"] == [] and answer["citations"] == []
    assert answer["answer"].startswith("Không tìm thấy báo cáo nào đề cập")
    assert answer["closest"], "the closest results are shown instead"


def test_sections_by_role_for_a_conclusion(asker):
    answer = asker.ask(AskRequest("các hạn chế, nguyên nhân trong việc thực hiện Kết luận 62")).to_json()
    assert answer["type"] == "sections"
    headings = {u["unit"]: [e["section_path"][-1] for d in u["documents"] for e in d["evidence"]] for u in answer["units"]}
    assert set(headings) == {PROVINCE_FRONT, WARD_PARTY}
    assert headings[PROVINCE_FRONT] == ["2. Hạn chế:"]
    assert headings[WARD_PARTY] == ["2. Hạn chế, khuyết điểm", "3. Nguyên nhân của những hạn chế, khuyết điểm"]


def test_recommendation_sections(asker):
    answer = asker.ask(AskRequest("kiến nghị, đề xuất của các đơn vị về Kết luận 62-KL/TW")).to_json()
    headings = {e["section_path"][-1] for u in answer["units"] for d in u["documents"] for e in d["evidence"]}
    assert headings == {"V. KIẾN NGHỊ", "II. KIẾN NGHỊ, ĐỀ XUẤT"}


def test_precedents_for_a_heading_come_from_both_units(reader):
    found = PrecedentFinder(reader).find(PrecedentRequest(text="Hạn chế, nguyên nhân", k=4)).to_json()
    sections = [s for u in found["units"] for s in u["sections"]]
    assert {s["unit"] for s in sections} == {PROVINCE_FRONT, WARD_PARTY}
    tops = [s["section_path"][-1] for s in sorted(sections, key=lambda s: -s["score"])[:3]]
    assert all("hạn chế" in h.lower() or "nguyên nhân" in h.lower() for h in tops), tops


def test_precedents_of_a_section_leave_out_its_own_unit(reader):
    ward_doc = next(d for d, r in reader.documents([1, 2]).items() if r["unit"] == WARD_PARTY)
    found = PrecedentFinder(reader).find(PrecedentRequest(doc_id=ward_doc, section_path=["2. Hạn chế, khuyết điểm"], k=3)).to_json()
    assert found["source"]["section_path"][-1] == "2. Hạn chế, khuyết điểm"
    assert {u["unit"] for u in found["units"]} == {PROVINCE_FRONT}
    assert found["units"][0]["sections"][0]["section_path"][-1] == "2. Hạn chế:"


def test_precedents_reject_unknown_document_and_section(reader):
    with pytest.raises(ValueError, match="no document with id 999"):
        PrecedentFinder(reader).find(PrecedentRequest(doc_id=999, section_path=["x"]))
    with pytest.raises(ValueError, match="has no section"):
        PrecedentFinder(reader).find(PrecedentRequest(doc_id=1, section_path=["Không có mục này"]))


@pytest.mark.parametrize("question, message", [("   ", "empty"), ("ư" * 3000, "limit")])
def test_bad_questions_are_refused_clearly(asker, question, message):
    with pytest.raises(ValueError, match=message):
        asker.ask(AskRequest(question))


class _FakeChat(BaseHTTPRequestHandler):
    reply = ""
    seen: list = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeChat.seen.append((self.path, self.headers.get("Authorization"), body))
        data = json.dumps({"choices": [{"message": {"role": "assistant", "content": _FakeChat.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture()
def fake_chat():
    server = HTTPServer(("127.0.0.1", 0), _FakeChat)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _FakeChat.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_generated_answer_flags_uncited_sentences(reader, fake_chat):
    _FakeChat.reply = ("Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương vận động 98 ngàn suất quà [2]. "
                       "Phường Hải Dương vận động Quỹ đạt trên 370 triệu đồng [4]. Cả hai đơn vị đều rất xuất sắc. "
                       "Tỉnh còn trao nhà đại đoàn kết [99].")
    generator = Generator(GeneratorConfig(fake_chat, "fake-model", api_key="k-123"))
    answer = Asker(reader, generator=generator).ask(AskRequest(CAMPAIGN_QUESTIONS[0], generate=True)).to_json()
    path, authorization, body = _FakeChat.seen[0]
    assert path == "/v1/chat/completions" and authorization == "Bearer k-123" and body["model"] == "fake-model"
    prompt = body["messages"][-1]["content"]
    assert "98 ngàn suất quà" in prompt and "[4]" in prompt and CAMPAIGN_QUESTIONS[0] in prompt
    sentences = answer["generated"]["sentences"]
    assert [s["cited"] for s in sentences] == [True, True, False, False]
    assert sentences[3]["invalid_citations"] == [99]
    assert answer["generated"]["uncited"] == 2 and any("cite no evidence" in w for w in answer["warnings"])
    assert not answer["not_found"] and len(answer["units"]) == 2  # the extractive answer stands


def test_unreachable_chat_model_leaves_the_extractive_answer(reader):
    generator = Generator(GeneratorConfig("http://127.0.0.1:9/v1", "fake-model", timeout_s=2))
    answer = Asker(reader, generator=generator).ask(AskRequest(CAMPAIGN_QUESTIONS[0], generate=True)).to_json()
    assert answer["generated"] is None and any("cannot reach http://127.0.0.1:9/v1" in w for w in answer["warnings"])
    assert len(answer["units"]) == 2


def test_cli_ask_json_and_text(corpus_index, capsys):
    assert main(["ask", CAMPAIGN_QUESTIONS[5], "--index", str(corpus_index), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert {u["unit"] for u in answer["units"]} == {PROVINCE_FRONT, WARD_PARTY}
    assert main(["ask", "Quỹ Vì người nghèo năm 2025 của phường Hải Dương vận động được bao nhiêu?",
                 "--index", str(corpus_index)]) == 0
    out = capsys.readouterr().out
    assert "trên 370 triệu đồng" in out and "Trích dẫn:" in out


def test_cli_errors_exit_2_with_the_cause(corpus_index, capsys):
    assert main(["ask", "  ", "--index", str(corpus_index)]) == 2
    assert "the question is empty" in capsys.readouterr().err
    assert main(["precedents", "Hạn chế", "--doc", "1", "--index", str(corpus_index)]) == 2
    assert "either a TEXT" in capsys.readouterr().err


def test_a_redrafted_copy_is_a_version_not_another_report(tmp_path):
    """The archive holds drafts: the same report filed again with a changed line elsewhere. It is
    listed under the original, and the answer still needs no vectors (lexical-only index)."""
    from indexer.update import IndexSettings, update_index
    from tests.conftest import CORPUS

    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("000_6594ddbbd3241b12.txt", "004_a707af0accb6fc05.txt"):
        (folder / name).write_bytes((CORPUS / name).read_bytes())
    original = (CORPUS / "004_a707af0accb6fc05.txt").read_text(encoding="utf-8")
    draft = original.replace("Bài học kinh nghiệm.", "Bài học kinh nghiệm (dự thảo lần 2).")
    assert draft != original
    (folder / "004_du_thao_2.txt").write_text(draft, encoding="utf-8")
    update_index([folder], tmp_path / "index", IndexSettings(embed=False))
    answer = Asker(open_reader(tmp_path / "index")).ask(AskRequest(CAMPAIGN_QUESTIONS[0])).to_json()
    units = {u["unit"]: u for u in answer["units"]}
    assert set(units) == {PROVINCE_FRONT, WARD_PARTY}
    ward = units[WARD_PARTY]["documents"]
    assert len(ward) == 1 and len(ward[0]["versions"]) == 1
    assert "bản khác cùng nội dung" in answer["answer"]


class _ArchiveStatistics:
    """The document frequencies of the archive's index (14,528 chunks), for the words below."""
    num_chunks = 14528
    frequencies = {"ty": 877, "le": 3730, "che": 2519, "phu": 2999, "rung": 24, "thu": 4043, "tuc": 1835,
                   "hanh": 6631, "chinh": 6626, "cong": 7463, "bo": 4861, "dung": 6075, "han": 1629, "dat": 1324,
                   "tre": 212, "em": 260, "duoi": 540, "tuoi": 301, "tiem": 2, "chung": 1460, "day": 1207, "du": 1900,
                   "loai": 380, "vac": 1, "xin": 320}

    def doc_freq(self, field, term):
        return self.frequencies.get(term, 0)


class _PairStatistics:
    """The pair frequencies of the archive's index (14,528 chunks), for the rates below."""
    num_chunks = 14528
    frequencies = {"lao_dong": 377, "dong_qua": 1, "qua_dao": 8, "dao_tao": 591, "tre_em": 38, "em_duoi": 1, "duoi_5": 1,
                   "dinh_duong": 3, "giai_ngan": 68, "ngan_von": 39, "von_dau": 123, "dau_tu": 957, "tu_cong": 60}

    def doc_freq(self, field, term):
        return self.frequencies.get(term, 0)


@pytest.mark.parametrize("question, evidence, holds", [
    # "lao động" and "Đào tạo" apart are not "lao động qua đào tạo"
    ("Tỷ lệ lao động qua đào tạo của tỉnh Lâm Đồng năm 2025 đạt bao nhiêu phần trăm?",
     "Sở Giáo dục Đào tạo đã cập nhật hồ sơ người lao động và học sinh, đạt 94,6%.", False),
    ("Tỷ lệ lao động qua đào tạo của tỉnh Lâm Đồng năm 2025 đạt bao nhiêu phần trăm?",
     "Tỷ lệ lao động qua đào tạo năm 2025 đạt 70%.", True),
    # no document writes "5 tuổi bị suy dinh dưỡng": those pairs weigh the most, and the rate is nowhere
    ("Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng ở tỉnh Lâm Đồng năm 2025 là bao nhiêu phần trăm?",
     "Hồ sơ cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi đã trả kết quả, đạt tỷ lệ 91,42%.", False),
    # a word between two of the thing's ("giải ngân kế hoạch vốn đầu tư công") keeps the rest in order
    ("Kế hoạch cải cách hành chính giai đoạn 2026 - 2030 của tỉnh Lâm Đồng đặt mục tiêu tỷ lệ giải ngân vốn đầu tư công "
     "hằng năm đạt trên bao nhiêu phần trăm?",
     "Phấn đấu hằng năm tỷ lệ giải ngân kế hoạch vốn đầu tư công từ nguồn ngân sách nhà nước đạt trên 90%.", True),
])
def test_a_rate_is_of_its_things_words_in_order(question, evidence, holds):
    from types import SimpleNamespace

    from api.answers.evidence import sentence_pairs
    from api.answers.figure_answers import RATE_PAIR_SHARE, _rate_thing
    from api.answers.topics import PairCover

    thing = _rate_thing(question, "tỉnh Lâm Đồng")
    cover = PairCover(SimpleNamespace(lexical=_PairStatistics()), thing, unbroken=True)
    assert (cover.share(sentence_pairs(evidence, 0, len(evidence))) >= RATE_PAIR_SHARE) == holds, (thing, evidence)


def test_a_rate_of_something_else_is_no_answer():
    """"Tỷ lệ che phủ rừng …": every report states rates; "Tỷ lệ thủ tục hành chính công bố đúng hạn
    đạt 71,96%" holds "tỷ lệ" and, folded, the common "phủ" of "phụ/phú", but not the rare "rừng":
    too little of the subject's weight, so that figure is another one and the answer is not found.
    A report stating the rate asked for holds all of it."""
    from types import SimpleNamespace

    from api.answers.evidence import sentence_words
    from api.answers.figure_answers import SUBJECT_SHARE
    from api.answers.topics import SubjectWeights

    subject = SubjectWeights(SimpleNamespace(lexical=_ArchiveStatistics()), ["ty", "le", "che", "phu", "rung"])
    for sentence, holds in [("Năm 2025, tỷ lệ thủ tục hành chính công bố đúng hạn đạt 71,96%.", False),
                            ("Tỷ lệ che phủ rừng của huyện Đam Rông năm 2025 đạt 64,1%.", True)]:
        assert (subject.share(sentence_words(sentence, 0, len(sentence))) >= SUBJECT_SHARE) == holds, sentence
    # a word no chunk holds weighs most: a subject the archive never writes is nowhere
    assert SubjectWeights(SimpleNamespace(lexical=_ArchiveStatistics()), ["ty", "le", "xyzw"]).share({"ty", "le"}) < SUBJECT_SHARE


def test_a_rate_is_of_the_rarest_thing_its_question_names():
    """"Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ …": "… hồ sơ cấp thẻ bảo hiểm y tế cho trẻ em dưới
    6 tuổi …, đạt tỷ lệ 91,42%" holds most of the words, not the vaccine ones; the rate asked is of those."""
    from types import SimpleNamespace

    from api.answers.figure_answers import rate_subject_word
    from api.answers.topics import SubjectWeights, content_words

    question = "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc-xin ở tỉnh Lâm Đồng năm 2025 là bao nhiêu?"
    subject = SubjectWeights(SimpleNamespace(lexical=_ArchiveStatistics()), content_words(question))
    assert rate_subject_word(question, subject) == "vac"
    # "theo tỷ lệ nội địa hoá" names a policy in proportion to something, no rate asked for
    assert rate_subject_word("Theo chính sách thuế theo tỷ lệ nội địa hoá, mức giảm tối đa là bao nhiêu?", subject) is None
