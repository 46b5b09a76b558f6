"""Collections and classification stamps: a reader scoped to some collections, without
classified documents, answers as if nothing else were in the index."""

from __future__ import annotations

import pytest

from api.answers import AskRequest, Asker
from api.search import Filters, SearchRequest, Searcher
from indexer.extraction.pipeline import extract_text
from indexer.store.reader import ReadScope, open_reader
from indexer.update import IndexSettings, update_index

HUYEN = """ỦY BAN MTTQ VIỆT NAM
HUYỆN ĐỨC TRỌNG
Số: 15/BC-MT\tĐức Trọng, ngày 12 tháng 12 năm 2025

BÁO CÁO
Kết quả cuộc vận động "Vì người nghèo" năm 2025

Năm 2025, Ban Thường trực Ủy ban MTTQ huyện Đức Trọng vận động Quỹ "Vì người nghèo" được 820 triệu đồng,
hỗ trợ xây dựng 12 nhà Đại đoàn kết cho hộ nghèo.
"""
TINH_MAT = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số: 88/BC-UBND\tLâm Đồng, ngày 20 tháng 12 năm 2025
MẬT

BÁO CÁO
Tình hình thực hiện cuộc vận động "Vì người nghèo" và an sinh xã hội năm 2025

Ủy ban nhân dân tỉnh Lâm Đồng báo cáo: Quỹ "Vì người nghèo" toàn tỉnh vận động được 45 tỷ đồng.
"""
TINH = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số: 90/KH-UBND\tLâm Đồng, ngày 22 tháng 12 năm 2025

KẾ HOẠCH
Triển khai cuộc vận động "Vì người nghèo" năm 2026

Sở Lao động phối hợp với Ủy ban MTTQ tỉnh tiếp tục vận động Quỹ "Vì người nghèo" trong năm 2026.
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("scoped")
    for folder, files in {"huyen": {"bao-cao-huyen.txt": HUYEN}, "tinh": {"bao-cao-mat.txt": TINH_MAT, "ke-hoach.txt": TINH}}.items():
        (root / folder).mkdir()
        for name, text in files.items():
            (root / folder / name).write_text(text, encoding="utf-8")
        update_index([root / folder], root / "index", IndexSettings(embed=False, collection=folder))
    return root


def _names(results) -> set[str]:
    return {r.path.rsplit("/", 1)[-1] for r in results}


def test_the_stamp_is_read_with_its_span():
    document = extract_text(TINH_MAT, "mat.txt")
    found = document.metadata.classification
    assert found.value == "mật" and document.text[found.start:found.end] == "MẬT"
    assert extract_text(HUYEN, "huyen.txt").metadata.classification is None
    internal = extract_text("THAM LUẬN\n(Lưu hành nội bộ)\n\nNâng cao chất lượng công tác dân vận ở cơ sở.", "t.txt")
    assert internal.metadata.classification.value == "nội bộ"
    sentence = extract_text("Báo cáo\n\nTài liệu MẬT được lưu hành nội bộ theo quy định của pháp luật.", "s.txt")
    assert sentence.metadata.classification is None  # the words inside a sentence are no stamp


def test_an_unscoped_reader_sees_everything(index):
    reader = open_reader(index / "index")
    assert reader.counts()["documents"] == 3
    results = Searcher(reader).search(SearchRequest("Vì người nghèo", mode="bm25")).results
    assert _names(results) == {"bao-cao-huyen.txt", "bao-cao-mat.txt", "ke-hoach.txt"}


@pytest.mark.parametrize("scope, visible", [
    (ReadScope(frozenset({"huyen"}), classified=False), {"bao-cao-huyen.txt"}),
    (ReadScope(frozenset({"tinh"}), classified=False), {"ke-hoach.txt"}),
    (ReadScope(frozenset({"tinh"}), classified=True), {"ke-hoach.txt", "bao-cao-mat.txt"}),
    (ReadScope(None, classified=False), {"bao-cao-huyen.txt", "ke-hoach.txt"}),
])
def test_a_scoped_reader_shows_nothing_outside_its_scope(index, scope, visible):
    base = open_reader(index / "index")
    everything = {path.rsplit("/", 1)[-1]: doc_id for doc_id, (_sha, _unit, path) in base.document_identities().items()}
    reader = base.view(scope)
    response = Searcher(reader).search(SearchRequest("Vì người nghèo", mode="bm25"))
    assert _names(response.results) == visible
    assert response.coverage["documents"] == len(visible) == reader.counts()["documents"]
    units = {value for value, _ in response.facets["unit"]} if isinstance(response.facets["unit"][0], tuple) else \
        {f["value"] for f in response.facets["unit"]}
    assert ("Ủy ban nhân dân tỉnh Lâm Đồng" in units) == bool(visible & {"ke-hoach.txt", "bao-cao-mat.txt"})
    total, rows = reader.list_documents()
    assert total == len(visible) and {r["id"] for r in rows} == {everything[n] for n in visible}
    for name, doc_id in everything.items():
        assert (reader.document(doc_id) is not None) == (name in visible)
        assert bool(reader.document_texts([doc_id])) == (name in visible)
    unit_filter = Searcher(reader).search(SearchRequest("Vì người nghèo", mode="bm25", filters=Filters(unit="Lâm Đồng")))
    assert _names(unit_filter.results) == visible & {"ke-hoach.txt", "bao-cao-mat.txt"}
    counted = sum(count for _, count in reader.value_counts(("year",))["year"])
    assert counted == len(visible)


def test_answers_name_only_units_in_scope(index):
    question = "Những đơn vị nào báo cáo về cuộc vận động Vì người nghèo?"
    reader = open_reader(index / "index").view(ReadScope(frozenset({"huyen"}), classified=False))
    answer = Asker(reader).ask(AskRequest(question=question))
    assert [unit.unit for unit in answer.units] == ["Ủy ban MTTQ Việt Nam huyện Đức Trọng"]
    assert "Lâm Đồng" not in answer.answer and "45 tỷ" not in answer.answer
    hidden = open_reader(index / "index").view(ReadScope(frozenset({"nowhere"}), classified=False))
    assert Asker(hidden).ask(AskRequest(question=question)).not_found


def test_indexing_again_with_another_collection_moves_the_files(index, tmp_path):
    update_index([index / "huyen"], index / "index", IndexSettings(embed=False, collection="tinh"))
    reader = open_reader(index / "index").view(ReadScope(frozenset({"huyen"}), classified=False))
    assert reader.counts()["documents"] == 0
    update_index([index / "huyen"], index / "index", IndexSettings(embed=False, collection="huyen"))
    reader = open_reader(index / "index").view(ReadScope(frozenset({"huyen"}), classified=False))
    assert reader.counts()["documents"] == 1


def test_a_scope_holding_every_document_restricts_nothing(corpus_index, index):
    """The public scope of an archive without stamps searches without an id list (cheaper), and
    one that leaves a document out does not."""
    for scope in (ReadScope(None, classified=False), ReadScope(frozenset({"default"}), classified=False)):
        assert open_reader(corpus_index).view(scope).scope_ids() is None
    assert open_reader(index / "index").view(ReadScope(None, classified=False)).scope_ids() is not None
