"""Scoped keys over HTTP: each key reads only its collections (classified documents only when it
may), the public reads only the public collections, and a document outside the scope is 404."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.http import ServerSettings, create_app
from api.keys import KeyStore
from indexer.update import IndexSettings, update_index
from tests.indexer.test_read_scope import HUYEN, TINH, TINH_MAT

ADMIN = "admin-key-0123456789abcdef"
QUESTION = "Những đơn vị nào báo cáo về cuộc vận động Vì người nghèo?"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("keys")
    for folder, files in {"huyen": {"bao-cao-huyen.txt": HUYEN}, "tinh": {"bao-cao-mat.txt": TINH_MAT, "ke-hoach.txt": TINH}}.items():
        (root / folder).mkdir()
        for name, text in files.items():
            (root / folder / name).write_text(text, encoding="utf-8")
        update_index([root / folder], root / "index", IndexSettings(embed=False, collection=folder))
    store = KeyStore(root / "index")
    keys = {"huyen": store.create("huyen", ["huyen"], write=True, classified=False),
            "tinh": store.create("tinh", ["tinh"], write=False, classified=False),
            "tinh-mat": store.create("tinh-mat", ["tinh"], write=False, classified=True)}
    store.set_public(["huyen"])
    with TestClient(create_app(ServerSettings(index_dir=root / "index", api_key=ADMIN, embed_uploads=False,
                                              refresh_interval_s=0))) as client:
        yield client, keys


def _get(client, url, key=None, **params):
    return client.get(url, params=params, headers={"X-API-Key": key} if key else {})


def _files(response) -> set[str]:
    return {r["path"].rsplit("/", 1)[-1] for r in response.json()["results"]}


@pytest.mark.parametrize("who, visible", [
    (None, {"bao-cao-huyen.txt"}),
    ("huyen", {"bao-cao-huyen.txt"}),
    ("tinh", {"ke-hoach.txt"}),
    ("tinh-mat", {"ke-hoach.txt", "bao-cao-mat.txt"}),
    ("admin", {"bao-cao-huyen.txt", "ke-hoach.txt", "bao-cao-mat.txt"}),
])
def test_every_read_path_stays_inside_the_scope(served, who, visible):
    client, keys = served
    key = ADMIN if who == "admin" else keys.get(who)
    for query in ("Vì người nghèo", "vi nguoi ngheo", "Lâm Đồng", "Quỹ", "45 tỷ đồng", "Đức Trọng"):
        response = _get(client, "/api/search", key, q=query, mode="bm25")
        assert response.status_code == 200
        assert _files(response) <= visible, query
        assert response.json()["coverage"]["documents"] == len(visible)
    assert _files(_get(client, "/api/search", key, q="Vì người nghèo", mode="bm25")) == visible
    listed = _get(client, "/api/documents", key).json()
    assert listed["total"] == len(visible)
    facets = _get(client, "/api/facets", key).json()
    assert facets["documents"] == len(visible)
    assert sum(v["count"] for v in facets["facets"]["year"]) == len(visible)
    answer = client.post("/api/ask", json={"question": QUESTION}, headers={"X-API-Key": key} if key else {}).json()
    cited = {c["path"].rsplit("/", 1)[-1] for c in answer["citations"] if c["path"]}
    assert cited <= visible
    if "bao-cao-mat.txt" not in visible:
        assert "45 tỷ" not in answer["answer"]


def test_health_counts_only_what_the_caller_may_read(served):
    client, keys = served
    documents = {who: _get(client, "/health", key).json()["index"]["documents"]
                 for who, key in {"public": None, "huyen": keys["huyen"], "tinh": keys["tinh"], "tinh-mat": keys["tinh-mat"],
                                  "admin": ADMIN, "unknown": "tcu_not-a-key"}.items()}
    listed = {who: _get(client, "/api/documents", key).json()["total"]
              for who, key in {"public": None, "huyen": keys["huyen"], "tinh": keys["tinh"], "tinh-mat": keys["tinh-mat"],
                               "admin": ADMIN}.items()}
    assert documents == {**listed, "unknown": 0}
    assert listed["tinh"] < listed["tinh-mat"] < listed["admin"]


def test_a_document_outside_the_scope_is_404(served):
    client, keys = served
    everything = _get(client, "/api/search", ADMIN, q="Vì người nghèo", mode="bm25").json()["results"]
    ids = {r["path"].rsplit("/", 1)[-1]: r["doc_id"] for r in everything}
    secret = ids["bao-cao-mat.txt"]
    for key in (None, keys["huyen"], keys["tinh"]):
        assert _get(client, f"/api/documents/{secret}", key).status_code == 404
        assert _get(client, f"/api/documents/{secret}/file", key).status_code == 404
        body = client.post("/api/precedents", json={"doc_id": secret, "section_path": ["BÁO CÁO"]},
                           headers={"X-API-Key": key} if key else {})
        assert body.status_code == 404
    assert _get(client, f"/api/documents/{secret}", keys["tinh-mat"]).status_code == 200
    other = ids["ke-hoach.txt"]
    assert client.delete(f"/api/documents/{other}", headers={"X-API-Key": keys["huyen"]}).status_code == 404
    assert client.delete(f"/api/documents/{other}", headers={"X-API-Key": keys["tinh"]}).status_code == 403


def test_keys_are_checked_and_uploads_go_to_the_keys_collection(served):
    client, keys = served
    assert _get(client, "/api/search", "tcu_not-a-key", q="x").status_code == 401
    files = {"files": ("ghi-chu.txt", "Ghi chú của huyện: Quỹ Vì người nghèo quý IV thêm 30 triệu đồng.".encode(), "text/plain")}
    refused = client.post("/api/documents", files=files, data={"collection": "tinh"}, headers={"X-API-Key": keys["huyen"]})
    assert refused.status_code == 403
    added = client.post("/api/documents", files=files, headers={"X-API-Key": keys["huyen"]})
    assert added.status_code == 200 and added.json()["results"][0]["status"] == "added"
    found = _get(client, "/api/search", keys["huyen"], q="quý IV thêm 30 triệu", mode="bm25").json()["results"]
    assert any("quý IV thêm 30 triệu" in r["text"] for r in found)
    hidden = _get(client, "/api/search", keys["tinh"], q="quý IV thêm 30 triệu", mode="bm25").json()["results"]
    assert not any("quý IV thêm 30 triệu" in r["text"] for r in hidden)
    assert client.post("/api/documents", files=files, headers={"X-API-Key": keys["tinh"]}).status_code == 403


def test_readers_see_an_upload_by_the_name_it_was_sent_with(served):
    """An upload is stored as <sha256>.txt; results, answers and the document call it by the
    uploader's name."""
    client, keys = served
    sent = "Báo cáo quỹ Vì người nghèo xã Tà Năng quý III.txt"
    text = ("ỦY BAN MTTQ VIỆT NAM\nXÃ TÀ NĂNG\n\nBÁO CÁO\n\nMặt trận xã Tà Năng vận động Quỹ \"Vì người nghèo\" quý III "
            "được 64 triệu đồng, hỗ trợ 5 hộ nghèo sửa nhà.\n")
    added = client.post("/api/documents", files={"files": (sent, text.encode(), "text/plain")},
                        headers={"X-API-Key": keys["huyen"]}).json()["results"][0]
    assert added["status"] == "added" and added["name"] == sent
    for key in (None, keys["huyen"]):  # huyen is the public collection too
        result = next(r for r in _get(client, "/api/search", key, q="xã Tà Năng quý III", mode="bm25").json()["results"]
                      if r["doc_id"] == added["doc_id"])
        assert result["name"] == sent and result["path"] != sent and result["path"].endswith(".txt")
        document = _get(client, f"/api/documents/{added['doc_id']}", key).json()
        assert document["files"][0]["name"] == sent
        answer = client.post("/api/ask", json={"question": "Mặt trận xã Tà Năng vận động Quỹ Vì người nghèo được bao nhiêu?"},
                             headers={"X-API-Key": key} if key else {}).json()
        cited = [c for c in answer["citations"] if c["doc_id"] == added["doc_id"]]
        assert cited and all(c["name"] == sent for c in cited)
    indexed = _get(client, "/api/search", keys["tinh"], q="Lâm Đồng", mode="bm25").json()["results"]
    assert indexed and all(r["name"] == r["path"].rsplit("/", 1)[-1] for r in indexed)  # a file indexed where it lies


def test_the_key_file_holds_hashes_only(served, tmp_path):
    client, keys = served
    store = KeyStore(tmp_path)
    key = store.create("x", ["a"], write=False, classified=False)
    text = store.path.read_text(encoding="utf-8")
    assert key not in text and len(key) > 40
    assert store.find(key).collections == frozenset({"a"})
    store.revoke("x")
    assert store.find(key) is None


# ---- Twenty queries per route and caller over an archive of three collections ----------------
# Every document names its own place in the header and in each paragraph: "Đức Trọng" (the first
# key's collection), "Di Linh" (the second key's) and "Đà Lạt" (the public one); the Di Linh
# report stamped MẬT also names "Gia Bắc", which no caller below may read. A place name from
# outside the caller's scope anywhere in a response (titles, units, snippets, facet values,
# answer lines, citations) is a leak, and so is any document id outside it.

_FOLLOW_UP = ("Các chỉ tiêu trên được {where} theo dõi hằng quý, tổng hợp, đánh giá và báo cáo cấp trên đúng thời hạn; "
              "những khó khăn, vướng mắc ở cơ sở của {where} được kiến nghị tháo gỡ kịp thời.",
              "Trong thời gian tới, {where} tiếp tục tuyên truyền sâu rộng trong nhân dân, huy động sự vào cuộc của "
              "cả hệ thống chính trị và phân công cán bộ phụ trách từng địa bàn dân cư của {where}.")


def _report(unit_lines: str, number: str, place: str, day: str, kind: str, title: str, *sections: str,
            stamp: str = "", where: str = "") -> str:
    """A report whose sections are each longer than half a chunk, so chunks keep to one section
    (precedents are sections)."""
    head = f"{unit_lines}\nSố: {number}\t{place}, ngày {day}\n" + (f"{stamp}\n" if stamp else "")
    where = where or (f"thành phố {place}" if place == "Đà Lạt" else f"huyện {place}")
    body = [f"{section}\n{follow.format(where=where)}" for section, follow in zip(sections, _FOLLOW_UP)]
    return f"{head}\n{kind}\n{title}\n\n" + "\n\n".join(body) + "\n"


ARCHIVE = {
    "duc-trong": {
        "mttq-vi-nguoi-ngheo.txt": _report(
            "ỦY BAN MTTQ VIỆT NAM\nHUYỆN ĐỨC TRỌNG", "21/BC-MT", "Đức Trọng", "10 tháng 12 năm 2025", "BÁO CÁO",
            "Kết quả cuộc vận động Quỹ \"Vì người nghèo\" năm 2025 trên địa bàn huyện Đức Trọng",
            "I. KẾT QUẢ VẬN ĐỘNG\nNăm 2025, Ban Thường trực Ủy ban MTTQ huyện Đức Trọng vận động Quỹ \"Vì người nghèo\" "
            "được 820 triệu đồng, hỗ trợ xây dựng 12 nhà Đại đoàn kết cho hộ nghèo của huyện Đức Trọng.",
            "II. AN SINH XÃ HỘI\nHuyện Đức Trọng trao 150 suất học bổng cho học sinh nghèo vượt khó và thăm hỏi "
            "các gia đình chính sách dịp Tết ở huyện Đức Trọng."),
        "nong-dan-kinh-te.txt": _report(
            "HỘI NÔNG DÂN VIỆT NAM\nHUYỆN ĐỨC TRỌNG", "35/BC-HND", "Đức Trọng", "15 tháng 11 năm 2025", "BÁO CÁO",
            "Phong trào nông dân thi đua sản xuất kinh doanh giỏi ở huyện Đức Trọng năm 2025",
            "I. MÔ HÌNH KINH TẾ\nHội Nông dân huyện Đức Trọng xây dựng 24 mô hình kinh tế tập thể, trong đó có "
            "9 mô hình trồng cà phê chất lượng cao ở huyện Đức Trọng.",
            "II. CHUYỂN ĐỔI SỐ\nNông dân huyện Đức Trọng được hướng dẫn chuyển đổi số, bán rau và hoa qua sàn "
            "thương mại điện tử; 310 hộ ở huyện Đức Trọng thoát nghèo bền vững."),
        "doan-hien-mau.txt": _report(
            "ĐOÀN TNCS HỒ CHÍ MINH\nBCH HUYỆN ĐOÀN ĐỨC TRỌNG", "12/BC-HĐTN", "Đức Trọng", "20 tháng 10 năm 2025",
            "BÁO CÁO", "Kết quả chiến dịch thanh niên tình nguyện hè năm 2025 của huyện Đức Trọng",
            "I. HIẾN MÁU TÌNH NGUYỆN\nĐoàn viên thanh niên huyện Đức Trọng tham gia hiến máu tình nguyện, tiếp nhận "
            "640 đơn vị máu cho bệnh viện huyện Đức Trọng.",
            "II. CÔNG TRÌNH THANH NIÊN\nThanh niên tình nguyện huyện Đức Trọng làm mới 7 km đường giao thông nông thôn "
            "và sửa 3 điểm trường cho học sinh huyện Đức Trọng."),
        "ubnd-nong-thon-moi.txt": _report(
            "ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG", "140/KH-UBND", "Đức Trọng", "5 tháng 1 năm 2026", "KẾ HOẠCH",
            "Xây dựng nông thôn mới và phòng chống thiên tai năm 2026 của huyện Đức Trọng",
            "I. NÔNG THÔN MỚI\nNăm 2026, huyện Đức Trọng phấn đấu thêm 2 xã đạt chuẩn nông thôn mới nâng cao và "
            "bê tông hóa 15 km đường giao thông nông thôn ở huyện Đức Trọng.",
            "II. PHÒNG CHỐNG THIÊN TAI\nHuyện Đức Trọng chuẩn bị lực lượng, phương tiện phòng chống thiên tai, sạt lở "
            "đất mùa mưa bão và dành 2 tỷ đồng cho dự phòng ở huyện Đức Trọng."),
        "phu-nu-khoi-nghiep.txt": _report(
            "HỘI LIÊN HIỆP PHỤ NỮ\nHUYỆN ĐỨC TRỌNG", "08/BC-HPN", "Đức Trọng", "28 tháng 11 năm 2025", "BÁO CÁO",
            "Hỗ trợ phụ nữ khởi nghiệp năm 2025 ở huyện Đức Trọng",
            "I. PHỤ NỮ KHỞI NGHIỆP\nHội Liên hiệp Phụ nữ huyện Đức Trọng hỗ trợ 46 ý tưởng phụ nữ khởi nghiệp và "
            "giới thiệu vay vốn 3,5 tỷ đồng cho hội viên huyện Đức Trọng.",
            "II. AN SINH XÃ HỘI\nCác cấp hội ở huyện Đức Trọng nhận đỡ đầu 58 trẻ em mồ côi và giúp 40 phụ nữ "
            "thuộc hộ nghèo của huyện Đức Trọng có việc làm."),
    },
    "di-linh": {
        "mttq-vi-nguoi-ngheo.txt": _report(
            "ỦY BAN MTTQ VIỆT NAM\nHUYỆN DI LINH", "17/BC-MT", "Di Linh", "12 tháng 12 năm 2025", "BÁO CÁO",
            "Kết quả cuộc vận động Quỹ \"Vì người nghèo\" năm 2025 trên địa bàn huyện Di Linh",
            "I. KẾT QUẢ VẬN ĐỘNG\nNăm 2025, Ban Thường trực Ủy ban MTTQ huyện Di Linh vận động Quỹ \"Vì người nghèo\" "
            "được 1,2 tỷ đồng, xây dựng 19 nhà Đại đoàn kết cho hộ nghèo đồng bào dân tộc ở huyện Di Linh.",
            "II. AN SINH XÃ HỘI\nHuyện Di Linh trao 210 suất học bổng cho học sinh nghèo và tặng 900 phần quà Tết "
            "cho hộ nghèo ở huyện Di Linh."),
        "nong-dan-ca-phe.txt": _report(
            "HỘI NÔNG DÂN VIỆT NAM\nHUYỆN DI LINH", "41/BC-HND", "Di Linh", "18 tháng 11 năm 2025", "BÁO CÁO",
            "Tái canh cà phê và mô hình kinh tế của nông dân huyện Di Linh năm 2025",
            "I. MÔ HÌNH KINH TẾ\nNông dân huyện Di Linh tái canh 1.300 ha cà phê, xây dựng 31 mô hình kinh tế "
            "hợp tác ở huyện Di Linh.",
            "II. CHUYỂN ĐỔI SỐ\nHội Nông dân huyện Di Linh mở lớp chuyển đổi số cho 520 hội viên, truy xuất nguồn gốc "
            "cà phê của huyện Di Linh."),
        "doan-hien-mau.txt": _report(
            "ĐOÀN TNCS HỒ CHÍ MINH\nBCH HUYỆN ĐOÀN DI LINH", "09/BC-HĐTN", "Di Linh", "22 tháng 10 năm 2025",
            "BÁO CÁO", "Thanh niên tình nguyện và hiến máu năm 2025 ở huyện Di Linh",
            "I. HIẾN MÁU TÌNH NGUYỆN\nNgày hội hiến máu tình nguyện của thanh niên huyện Di Linh tiếp nhận 480 đơn vị máu "
            "cho bệnh viện huyện Di Linh.",
            "II. CÔNG TRÌNH THANH NIÊN\nThanh niên tình nguyện huyện Di Linh làm 4 km đường giao thông nông thôn "
            "và thắp sáng đường quê ở huyện Di Linh."),
        "ubnd-thien-tai.txt": _report(
            "ỦY BAN NHÂN DÂN\nHUYỆN DI LINH", "152/KH-UBND", "Di Linh", "8 tháng 1 năm 2026", "KẾ HOẠCH",
            "Phòng chống thiên tai và xây dựng nông thôn mới năm 2026 của huyện Di Linh",
            "I. PHÒNG CHỐNG THIÊN TAI\nHuyện Di Linh rà soát 14 điểm có nguy cơ sạt lở đất, chuẩn bị phương án "
            "phòng chống thiên tai mùa mưa bão ở huyện Di Linh.",
            "II. NÔNG THÔN MỚI\nNăm 2026, huyện Di Linh phấn đấu có 3 xã đạt chuẩn nông thôn mới, làm 20 km đường "
            "giao thông nông thôn ở huyện Di Linh."),
        "phu-nu-an-sinh.txt": _report(
            "HỘI LIÊN HIỆP PHỤ NỮ\nHUYỆN DI LINH", "11/BC-HPN", "Di Linh", "30 tháng 11 năm 2025", "BÁO CÁO",
            "Phụ nữ khởi nghiệp và an sinh xã hội năm 2025 ở huyện Di Linh",
            "I. PHỤ NỮ KHỞI NGHIỆP\nHội Liên hiệp Phụ nữ huyện Di Linh hỗ trợ 27 ý tưởng phụ nữ khởi nghiệp, "
            "phụ nữ dân tộc thiểu số làm thổ cẩm ở huyện Di Linh.",
            "II. AN SINH XÃ HỘI\nHội viên phụ nữ huyện Di Linh góp 160 triệu đồng giúp hộ nghèo và "
            "đỡ đầu 33 trẻ em mồ côi ở huyện Di Linh."),
        "mat-an-ninh.txt": _report(
            "ỦY BAN NHÂN DÂN\nHUYỆN DI LINH", "03/BC-UBND", "Di Linh", "2 tháng 12 năm 2025", "BÁO CÁO",
            "Tình hình an sinh xã hội, hộ nghèo và phòng chống thiên tai ở xã Gia Bắc năm 2025",
            "I. HỘ NGHÈO\nXã Gia Bắc còn 312 hộ nghèo; Quỹ \"Vì người nghèo\" dành 45 tỷ đồng hỗ trợ nhà ở cho xã Gia Bắc.",
            "II. PHÒNG CHỐNG THIÊN TAI\nSạt lở đất ở xã Gia Bắc làm hư hỏng 9 km đường giao thông nông thôn; "
            "xã Gia Bắc cần di dời 61 hộ.", stamp="MẬT", where="xã Gia Bắc"),
    },
    "cong-khai": {
        "mttq-da-lat.txt": _report(
            "ỦY BAN MTTQ VIỆT NAM\nTHÀNH PHỐ ĐÀ LẠT", "30/BC-MT", "Đà Lạt", "14 tháng 12 năm 2025", "BÁO CÁO",
            "Kết quả vận động Quỹ \"Vì người nghèo\" và an sinh xã hội năm 2025 ở thành phố Đà Lạt",
            "I. KẾT QUẢ VẬN ĐỘNG\nỦy ban MTTQ thành phố Đà Lạt vận động Quỹ \"Vì người nghèo\" được 2,4 tỷ đồng, "
            "xây dựng 8 nhà Đại đoàn kết cho hộ nghèo thành phố Đà Lạt.",
            "II. HỌC BỔNG\nThành phố Đà Lạt trao 300 suất học bổng cho học sinh nghèo, hỗ trợ phụ nữ khởi nghiệp "
            "trồng hoa ở thành phố Đà Lạt."),
        "thanh-doan-da-lat.txt": _report(
            "ĐOÀN TNCS HỒ CHÍ MINH\nBCH THÀNH ĐOÀN ĐÀ LẠT", "25/BC-TĐTN", "Đà Lạt", "25 tháng 10 năm 2025",
            "BÁO CÁO", "Thanh niên tình nguyện, hiến máu và chuyển đổi số năm 2025 ở thành phố Đà Lạt",
            "I. HIẾN MÁU TÌNH NGUYỆN\nThanh niên thành phố Đà Lạt hiến 1.050 đơn vị máu tình nguyện cho bệnh viện "
            "thành phố Đà Lạt.",
            "II. CHUYỂN ĐỔI SỐ VÀ NÔNG THÔN MỚI\nĐoàn viên thành phố Đà Lạt hướng dẫn người dân chuyển đổi số, "
            "làm đường giao thông nông thôn và phòng chống thiên tai ở các xã của thành phố Đà Lạt."),
    },
}
MARKERS = {"duc-trong": "đức trọng", "di-linh": "di linh", "cong-khai": "đà lạt", "secret": "gia bắc"}  # casefolded
CALLERS = {"duc-trong": {"duc-trong"}, "di-linh": {"di-linh"}, None: {"cong-khai"}}  # the key's collections → what it reads

SEARCH_QUERIES = [
    "Vì người nghèo", "vận động Quỹ Vì người nghèo", "nhà Đại đoàn kết cho hộ nghèo", "vi nguoi ngheo",
    "nông thôn mới", "hiến máu tình nguyện", "mô hình kinh tế", "an sinh xã hội", "cà phê", "chuyển đổi số",
    "phòng chống thiên tai", "học bổng cho học sinh nghèo", "thanh niên tình nguyện", "phụ nữ khởi nghiệp",
    "đường giao thông nông thôn", "sạt lở đất", "trẻ em mồ côi", "tỷ đồng", "Quỹ Vì người nghèo huyện Di Linh",
    "hộ nghèo xã Gia Bắc",
]
QUESTIONS = [
    "Những đơn vị nào báo cáo về cuộc vận động Vì người nghèo?", "Quỹ Vì người nghèo vận động được bao nhiêu?",
    "Bao nhiêu nhà Đại đoàn kết được xây dựng?", "Những đơn vị nào tổ chức hiến máu tình nguyện?",
    "Có bao nhiêu đơn vị máu được tiếp nhận?", "Đơn vị nào báo cáo về xây dựng nông thôn mới?",
    "Bao nhiêu suất học bổng được trao cho học sinh nghèo?", "Những đơn vị nào hỗ trợ phụ nữ khởi nghiệp?",
    "Có bao nhiêu ý tưởng khởi nghiệp được hỗ trợ?", "Đơn vị nào báo cáo về phòng chống thiên tai?",
    "Những đơn vị nào báo cáo về chuyển đổi số?", "Bao nhiêu km đường giao thông nông thôn được làm?",
    "Những đơn vị nào báo cáo về mô hình kinh tế?", "Có bao nhiêu mô hình kinh tế?",
    "Đơn vị nào đỡ đầu trẻ em mồ côi?", "Những đơn vị nào báo cáo về an sinh xã hội?",
    "Bao nhiêu hộ nghèo cần hỗ trợ?", "Những đơn vị nào báo cáo về cà phê?",
    "Có bao nhiêu hộ thoát nghèo?", "Những đơn vị nào báo cáo về thanh niên tình nguyện?",
]
DRAFTS = [
    "Ban Thường trực Ủy ban MTTQ vận động Quỹ \"Vì người nghèo\", xây dựng nhà Đại đoàn kết cho hộ nghèo.",
    "Trao học bổng cho học sinh nghèo vượt khó và thăm hỏi gia đình chính sách dịp Tết.",
    "Hội Nông dân xây dựng mô hình kinh tế tập thể, trồng cà phê chất lượng cao.",
    "Hướng dẫn nông dân chuyển đổi số, bán nông sản qua sàn thương mại điện tử.",
    "Đoàn viên thanh niên tham gia hiến máu tình nguyện cho bệnh viện.",
    "Thanh niên tình nguyện làm đường giao thông nông thôn và sửa điểm trường.",
    "Phấn đấu thêm xã đạt chuẩn nông thôn mới nâng cao trong năm tới.",
    "Chuẩn bị lực lượng, phương tiện phòng chống thiên tai, sạt lở đất mùa mưa bão.",
    "Hỗ trợ ý tưởng phụ nữ khởi nghiệp và giới thiệu vay vốn cho hội viên.",
    "Nhận đỡ đầu trẻ em mồ côi và giúp phụ nữ thuộc hộ nghèo có việc làm.",
    "KẾT QUẢ VẬN ĐỘNG", "AN SINH XÃ HỘI", "HIẾN MÁU TÌNH NGUYỆN", "PHÒNG CHỐNG THIÊN TAI", "CHUYỂN ĐỔI SỐ",
    "Tái canh cà phê, truy xuất nguồn gốc nông sản.",
    "Rà soát các điểm có nguy cơ sạt lở đất và di dời hộ dân.",
    "Tặng quà Tết cho hộ nghèo đồng bào dân tộc thiểu số.",
    "Thắp sáng đường quê và làm mới công trình thanh niên.",
    "Các cấp hội góp tiền giúp hộ nghèo ổn định cuộc sống.",
]
FACET_FILTERS = [
    {}, {"unit": "Ủy ban MTTQ"}, {"unit": "Hội Nông dân"}, {"unit": "Đoàn"}, {"unit": "Phụ nữ"},
    {"unit": "huyện Di Linh"}, {"unit": "Đức Trọng"}, {"unit": "Đà Lạt"}, {"doc_type": "báo cáo"}, {"doc_type": "kế hoạch"},
    {"level": "huyện"}, {"level": "thành phố"}, {"place": "Di Linh"}, {"place": "Đức Trọng"},
    {"from": "2026"}, {"to": "2025-11"}, {"from": "2025-12", "to": "2025-12"}, {"path": "mttq"}, {"path": "mat"},
    {"unit": "ủy ban nhân dân", "from": "2025"},
]
ECHOES = {"query", "question", "name"}  # top-level fields that repeat what the caller asked


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The archive indexed once with the default embedder (dense and hybrid search inside the scope
    too), served with a read key per huyện; only the Đà Lạt collection is public."""
    root = tmp_path_factory.mktemp("archive")
    for collection, files in ARCHIVE.items():
        (root / collection).mkdir()
        for name, text in files.items():
            (root / collection / name).write_text(text, encoding="utf-8")
        report = update_index([root / collection], root / "index", IndexSettings(collection=collection))
        assert not report.failed and report.chunks_pending_embedding == 0
    store = KeyStore(root / "index")
    keys = {"duc-trong": store.create("duc-trong", ["duc-trong"], write=False, classified=False),
            "di-linh": store.create("di-linh", ["di-linh"], write=False, classified=False)}
    store.set_public(["cong-khai"])
    with TestClient(create_app(ServerSettings(index_dir=root / "index", api_key=ADMIN, embed_uploads=False,
                                              refresh_interval_s=0))) as client:
        listed = _get(client, "/api/documents", ADMIN, limit=100).json()["documents"]
        collection_of = {d["id"]: next(c for c, files in ARCHIVE.items() if any(p.endswith(f"/{c}/{n}") for p in d["paths"]
                                                                                 for n in files)) for d in listed}
        secret = {d["id"] for d in listed if any(p.endswith("/mat-an-ninh.txt") for p in d["paths"])}
        yield {"client": client, "keys": keys, "collection_of": collection_of, "secret": secret}


def _strings(body, key=None, top=True):
    """Every string in a JSON body with the field it sits in, except the echoes of the request."""
    if isinstance(body, dict):
        for name, value in body.items():
            if not (top and name in ECHOES):
                yield from _strings(value, name, False)
    elif isinstance(body, list):
        for value in body:
            yield from _strings(value, key, False)
    elif isinstance(body, str):
        yield key, body


def _doc_ids(body):
    if isinstance(body, dict):
        for name, value in body.items():
            if name in ("doc_id", "id") and isinstance(value, int):
                yield value
            else:
                yield from _doc_ids(value)
    elif isinstance(body, list):
        for value in body:
            yield from _doc_ids(value)


class Leaks:
    """What one caller may read, and the check of each response against it."""

    def __init__(self, archive, who):
        self.client, self.key = archive["client"], archive["keys"].get(who)
        self.readable = CALLERS[who]
        self.allowed = {i for i, c in archive["collection_of"].items() if c in self.readable} - archive["secret"]
        self.forbidden = [marker for c, marker in MARKERS.items() if c not in self.readable]

    @property
    def headers(self):
        return {"X-API-Key": self.key} if self.key else {}

    def check(self, response, what):
        assert response.status_code == 200, (what, response.text)
        body = response.json()
        outside = set(_doc_ids(body)) - self.allowed
        assert not outside, (what, outside)
        for field_name, text in _strings(body):
            assert not any(m in text.casefold() for m in self.forbidden), (what, field_name, text)
        return body


def _leaks_of_all(archive):
    return [Leaks(archive, who) for who in CALLERS]


@pytest.mark.parametrize("who", list(CALLERS), ids=lambda w: w or "public")
def test_twenty_searches_in_each_mode_stay_inside_the_scope(archive, who):
    caller = Leaks(archive, who)
    texts = {i: _get(caller.client, f"/api/documents/{i}", ADMIN).json()["text"] for i in caller.allowed}
    found = 0
    for mode in ("bm25", "dense", "hybrid"):
        for query in SEARCH_QUERIES:
            body = caller.check(caller.client.get("/api/search", params={"q": query, "mode": mode, "k": 20},
                                                  headers=caller.headers), (mode, query))
            assert body["coverage"]["documents"] == len(caller.allowed), (mode, query)
            for result in body["results"]:
                chunk = " ".join(result["text"].split())
                assert chunk in " ".join(texts[result["doc_id"]].split()), (mode, query)
                for piece in result["snippet"].split("…"):
                    assert " ".join(piece.split()) in chunk, (mode, query, piece)
            for name, values in body["facets"].items():
                assert sum(v["count"] for v in values) <= len(caller.allowed), (mode, query, name)
            found += len(body["results"])
    assert found >= 20 * 2  # the queries do reach this caller's own documents


@pytest.mark.parametrize("who", list(CALLERS), ids=lambda w: w or "public")
def test_twenty_facet_requests_count_only_the_scope(archive, who):
    caller = Leaks(archive, who)
    for filters in FACET_FILTERS:
        body = caller.check(caller.client.get("/api/facets", params=filters, headers=caller.headers), filters)
        # the same counts as everything narrowed to the caller's documents by the full-access key
        expected = _get(caller.client, "/api/facets", ADMIN, **filters, doc=sorted(caller.allowed)).json()
        assert body == expected, filters
        for name, values in body["facets"].items():
            assert sum(v["count"] for v in values) <= body["documents"] <= len(caller.allowed), (filters, name)
    listed = caller.check(caller.client.get("/api/documents", params={"limit": 100}, headers=caller.headers), "list")
    assert listed["total"] == len(caller.allowed) and {d["id"] for d in listed["documents"]} == caller.allowed


@pytest.mark.parametrize("who", list(CALLERS), ids=lambda w: w or "public")
def test_twenty_questions_answer_only_from_the_scope(archive, who):
    caller = Leaks(archive, who)
    answered = 0
    for question in QUESTIONS:
        body = caller.check(caller.client.post("/api/ask", json={"question": question}, headers=caller.headers), question)
        for line in body["answer"].splitlines():
            assert not any(m in line.casefold() for m in caller.forbidden), (question, line)
        answered += not body["not_found"]
    assert answered >= 10  # most questions find something in every scope


@pytest.mark.parametrize("who", list(CALLERS), ids=lambda w: w or "public")
def test_twenty_precedent_requests_find_only_the_scope(archive, who):
    caller = Leaks(archive, who)
    found = 0
    for draft in DRAFTS:
        body = caller.check(caller.client.post("/api/precedents", json={"text": draft, "k": 20}, headers=caller.headers), draft)
        found += sum(len(unit["sections"]) for unit in body["units"])
    assert found >= 20


def test_the_full_access_key_sees_what_the_scoped_callers_may_not(archive):
    """The control: the same requests with the full-access key do reach every collection and the
    stamped report, so the checks above would see a leak."""
    client = archive["client"]
    collections = archive["collection_of"]
    seen: dict[str, set[str]] = {"search": set(), "ask": set(), "precedents": set(), "facets": set()}
    texts: dict[str, str] = {"search": "", "ask": "", "precedents": "", "facets": ""}
    for mode in ("bm25", "dense", "hybrid"):
        for query in SEARCH_QUERIES:
            body = _get(client, "/api/search", ADMIN, q=query, mode=mode, k=20).json()
            seen["search"] |= {collections[r["doc_id"]] for r in body["results"]}
            texts["search"] += " ".join(r["snippet"] for r in body["results"])
    for question in QUESTIONS:
        body = client.post("/api/ask", json={"question": question}, headers={"X-API-Key": ADMIN}).json()
        seen["ask"] |= {collections[i] for i in _doc_ids(body)}
        texts["ask"] += body["answer"]
    for draft in DRAFTS:
        body = client.post("/api/precedents", json={"text": draft, "k": 20}, headers={"X-API-Key": ADMIN}).json()
        seen["precedents"] |= {collections[i] for i in _doc_ids(body)}
        texts["precedents"] += " ".join(s["text"] for u in body["units"] for s in u["sections"])
    for filters in FACET_FILTERS:
        body = _get(client, "/api/facets", ADMIN, **filters).json()
        texts["facets"] += " ".join(str(v["value"]) for values in body["facets"].values() for v in values)
    for route in ("search", "ask", "precedents"):
        assert seen[route] == set(ARCHIVE), route
    for route, text in texts.items():
        wanted = [m for c, m in MARKERS.items() if route != "facets" or c != "secret"]  # facets name units, not villages
        assert all(marker in text.casefold() for marker in wanted), route
    everything = _get(client, "/api/facets", ADMIN).json()
    assert everything["documents"] == len(collections) == sum(v["count"] for v in everything["facets"]["year"])
