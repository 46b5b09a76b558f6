"""Answers and precedents use the version groups (indexer/versions.py): two versions of one
report are one precedent, and a draft whose unit was not read counts under its final's unit."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.answers.evidence import document_infos
from api.answers.precedents import PrecedentFinder, PrecedentRequest
from indexer.extraction import extract_file
from indexer.store.reader import open_reader
from indexer.update import IndexSettings, update_index

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
UNIT = "Ban Thường trực Ủy ban MTTQ tỉnh Hải Dương"
# A paragraph of the MTTQ report's section on the campaigns (II.2), as a drafter pastes it.
PARAGRAPH = ("Cuộc vận động \"Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư\", cuộc vận động \"Ngày vì "
             "người nghèo\" và cuộc vận động \"Người Việt Nam ưu tiên dùng hàng Việt Nam\" tiếp tục được Mặt trận Tổ "
             "quốc các cấp triển khai thực hiện có hiệu quả")


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    """The MTTQ report, and a draft of it that lacks the date, the signer and the sentence its
    unit is read from; the phường report beside them."""
    folder = tmp_path_factory.mktemp("answer-versions")
    final = extract_file(CORPUS / "000_6594ddbbd3241b12.txt").text
    draft = (final.replace("Hải Dương, ngày 10 tháng 4 năm 2019", "Hải Dương, ngày     tháng 4 năm 2019", 1)
             .replace("Nguyễn Đình Xiển", "")
             .replace("xã hội\", Ban Thường trực Uỷ ban MTTQ tỉnh Hải Dương tổng hợp", "xã hội\", chúng tôi tổng hợp", 1))
    assert draft.count("tổng hợp báo cáo như sau") == final.count("tổng hợp báo cáo như sau") and draft != final
    (folder / "bao-cao.txt").write_text(final, encoding="utf-8")
    (folder / "du-thao.txt").write_text(draft, encoding="utf-8")
    (folder / "phuong.txt").write_text((CORPUS / "004_a707af0accb6fc05.txt").read_text(encoding="utf-8"), encoding="utf-8")
    root = tmp_path_factory.mktemp("answer-versions-index")
    update_index([folder], root, IndexSettings(embed=False))
    return root


def names_and_ids(reader) -> dict[str, int]:
    total, rows = reader.list_documents(limit=100)
    return {Path(next(iter(__import__("json").loads(row["paths"])))).name: row["id"] for row in rows}


def test_a_draft_without_its_unit_counts_under_its_finals(index):
    reader = open_reader(index)
    try:
        ids = names_and_ids(reader)
        assert reader.documents([ids["du-thao.txt"]])[ids["du-thao.txt"]]["unit"] is None  # not read from the draft
        infos = document_infos(reader, [ids["du-thao.txt"], ids["phuong.txt"]])
        assert infos[ids["du-thao.txt"]].unit == UNIT
        assert infos[ids["phuong.txt"]].unit == "Ban Thường vụ Đảng ủy phường Hải Dương"  # its own, untouched
    finally:
        reader.close()


def test_two_versions_of_one_report_are_one_precedent(index):
    reader = open_reader(index)
    try:
        ids = names_and_ids(reader)
        response = PrecedentFinder(reader).find(PrecedentRequest(text=PARAGRAPH, k=10, mode="bm25"))
        listed = [section.doc_id for unit in response.units for section in unit.sections]
        assert {ids["bao-cao.txt"], ids["du-thao.txt"]} & set(listed)  # the report is found …
        assert not {ids["bao-cao.txt"], ids["du-thao.txt"]} <= set(listed)  # … through one of its versions only
        source = PrecedentFinder(reader).find(PrecedentRequest(doc_id=ids["bao-cao.txt"], section_path=["2. Về nhiệm vụ nâng cao chất lượng các cuộc vận động, các phong trào thi đua yêu nước"], k=10,
                                                               mode="bm25"))
        assert ids["du-thao.txt"] not in [s.doc_id for unit in source.units for s in unit.sections]  # its own draft is no precedent
    finally:
        reader.close()
