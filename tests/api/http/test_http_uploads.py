"""Uploads and deletions through the API: content checked, names never paths, per-file results,
limits, searchable at once, embedded after, deleted with their stored file."""

import re
import time
from pathlib import Path

from api.http import Limits

CORPUS = Path(__file__).resolve().parents[3] / "corpus"
HASH_NAME = re.compile(r"^[0-9a-f]{64}\.\w+$")


def report(place: str, amount: int) -> bytes:
    """A short report in the shape of the real ones, different for each place."""
    return (f"ỦY BAN NHÂN DÂN XÃ {place.upper()}\n\nBÁO CÁO\nKết quả cuộc vận động Vì người nghèo năm 2024\n\n"
            f"I. KẾT QUẢ\n1. Công tác vận động\nỦy ban Mặt trận Tổ quốc xã {place} đã vận động Quỹ Vì người nghèo "
            f"được {amount} triệu đồng, trao 45 suất quà cho hộ nghèo.\n\nII. KIẾN NGHỊ\nĐề nghị cấp trên tiếp tục hỗ trợ.\n"
            ).encode("utf-8")


def upload(client, key, *files):
    return client.post("/api/documents", files=[("files", f) for f in files], headers={"X-API-Key": key})


def stored_files(index):
    return sorted(p.name for p in (index / "uploads").iterdir())


def test_client_file_names_never_become_paths(make_client, api_key, tmp_path):
    client = make_client()
    index = client.app.state.index.root
    names = ["../../etc/passwd", "/etc/cron.d/tracuu.txt", "..\\..\\windows\\win.ini.txt", "báo cáo xã.txt",
             "a" * 1000 + ".txt"]
    response = upload(client, api_key, *[(name, report(f"Thử {i}", 10 + i), "text/plain") for i, name in enumerate(names)])
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["added"] * 5
    assert [r["name"] for r in results[:4]] == ["passwd", "tracuu.txt", "win.ini.txt", "báo cáo xã.txt"]
    assert len(results[4]["name"]) <= 200 and results[4]["name"].endswith(".txt")
    assert all(HASH_NAME.match(name) for name in stored_files(index)) and len(stored_files(index)) == 5
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and index not in p.parents]
    assert outside == []
    document = client.get(f"/api/documents/{results[0]['doc_id']}").json()
    assert document["files"][0]["name"] == "passwd" and document["files"][0]["uploaded"]
    file = client.get(f"/api/documents/{results[0]['doc_id']}/file")
    assert file.content == report("Thử 0", 10)
    assert file.headers["content-disposition"] == 'attachment; filename="passwd"'
    vietnamese = client.get(f"/api/documents/{results[3]['doc_id']}/file").headers["content-disposition"]
    assert vietnamese == "attachment; filename*=utf-8''b%C3%A1o%20c%C3%A1o%20x%C3%A3.txt"


def test_control_characters_in_a_raw_multipart_name_are_dropped(make_client, api_key):
    client = make_client()
    boundary = "tracuu-boundary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="../b\x00\x07áo/../cáo\x1b.txt"\r\n'
            f"Content-Type: text/plain\r\n\r\n").encode() + report("Nul", 4) + f"\r\n--{boundary}--\r\n".encode()
    response = client.post("/api/documents", content=body,
                           headers={"X-API-Key": api_key, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    result = response.json()["results"][0]
    assert result["status"] == "added" and result["name"] == "cáo.txt"
    assert all(HASH_NAME.match(name) for name in stored_files(client.app.state.index.root))


def test_fake_and_unsupported_files_fail_by_their_own_names(make_client, api_key):
    client = make_client()
    index = client.app.state.index.root
    response = upload(client, api_key,
                      ("bao-cao-gia.pdf", b"%PDF-1.4\n" + b"\x00garbage, not a PDF body\n" * 40, "application/pdf"),
                      ("ke-hoach.pdf", report("Giả", 1), "application/pdf"),
                      ("bang-tinh.xlsx", bytes(range(256)) * 8, "application/octet-stream"),
                      ("trong.txt", b"", "text/plain"),
                      ("chuong-trinh.exe", report("Exe", 2), "application/octet-stream"),
                      ("that.txt", report("Thật", 3), "text/plain"))
    results = response.json()["results"]
    assert [(r["name"], r["status"], r["code"]) for r in results] == [
        ("bao-cao-gia.pdf", "failed", "corrupt"), ("ke-hoach.pdf", "failed", "type_mismatch"),
        ("bang-tinh.xlsx", "failed", "unsupported_type"), ("trong.txt", "failed", "empty"),
        ("chuong-trinh.exe", "failed", "unsupported_type"), ("that.txt", "added", None)]
    for result in results[:5]:
        assert result["message"].startswith(result["name"] + ":"), result["message"]
        assert not re.search(r"[0-9a-f]{64}", result["message"])
    assert results[1]["message"] == "ke-hoach.pdf: named .pdf but the content is plain text"
    assert len(stored_files(index)) == 1  # failures leave nothing behind
    assert client.get("/api/search", params={"q": "xã Thật", "mode": "bm25"}).json()["results"][0]["doc_id"] == results[5]["doc_id"]


def test_same_content_twice_is_one_document(make_client, api_key):
    client = make_client()
    first, again = upload(client, api_key, ("mot.txt", report("Một", 5), "text/plain"),
                          ("hai.txt", report("Một", 5), "text/plain")).json()["results"]
    assert first["status"] == "added" and again["status"] == "duplicate" and again["doc_id"] == first["doc_id"]
    seed = (CORPUS / "000_6594ddbbd3241b12.txt").read_bytes()
    copy = upload(client, api_key, ("ban-sao.txt", seed, "text/plain")).json()["results"][0]
    listed = client.get("/api/documents", params={"unit": "mttq tinh hai duong"}).json()["documents"]
    assert copy["status"] == "duplicate" and copy["doc_id"] == listed[0]["id"]


def test_limits_on_count_size_and_body(make_client, api_key):
    client = make_client(limits=Limits(upload_bytes=2000, upload_files=2, upload_request_bytes=64 * 1024))
    too_many = upload(client, api_key, *[(f"{i}.txt", report(str(i), i), "text/plain") for i in range(3)])
    assert too_many.status_code == 413 and too_many.json()["type"].endswith("too-many-files")
    big, small = upload(client, api_key, ("lon.txt", report("Lớn", 1) * 20, "text/plain"),
                        ("nho.txt", report("Nhỏ", 2), "text/plain")).json()["results"]
    assert (big["status"], big["code"]) == ("failed", "too_large") and "lon.txt" in big["message"]
    assert small["status"] == "added"
    body = b"x" * (client.app.state.settings.limits.upload_request_bytes + 1)
    refused = client.post("/api/documents", content=body, headers={"X-API-Key": api_key, "Content-Type": "multipart/form-data; boundary=x"})
    assert refused.status_code == 413 and refused.json()["type"].endswith("upload-too-large")


def test_uploaded_report_is_searchable_at_once_and_deleted_with_its_file(make_client, api_key):
    client = make_client()
    index = client.app.state.index.root
    added = upload(client, api_key, ("xa-an-binh.txt", report("An Bình", 77), "text/plain")).json()["results"][0]
    hits = client.get("/api/search", params={"q": "xã An Bình Quỹ Vì người nghèo", "mode": "bm25", "k": 3}).json()
    assert hits["results"][0]["doc_id"] == added["doc_id"] and "77 triệu đồng" in hits["results"][0]["text"]
    assert client.get("/api/documents").json()["total"] == 3
    deleted = client.delete(f"/api/documents/{added['doc_id']}", headers={"X-API-Key": api_key})
    assert deleted.status_code == 200 and deleted.json() == {"doc_id": added["doc_id"], "deleted": True}
    assert client.get(f"/api/documents/{added['doc_id']}").status_code == 404
    after = client.get("/api/search", params={"q": "xã An Bình", "mode": "bm25", "k": 10}).json()["results"]
    assert added["doc_id"] not in {r["doc_id"] for r in after}
    assert stored_files(index) == []
    assert client.delete(f"/api/documents/{added['doc_id']}", headers={"X-API-Key": api_key}).status_code == 404


def test_uploads_get_vectors_in_the_background(make_client, api_key):
    client = make_client(embed_uploads=True)
    added = upload(client, api_key, ("xa-phu-my.txt", report("Phú Mỹ", 33), "text/plain")).json()["results"][0]
    deadline = time.monotonic() + 180
    while (health := client.get("/health").json()["index"])["embedded"] < health["chunks"]:
        assert time.monotonic() < deadline, health
        time.sleep(0.5)
    dense = client.get("/api/search", params={"q": "xã Phú Mỹ vận động Quỹ Vì người nghèo", "mode": "dense", "k": 5}).json()
    assert added["doc_id"] in {r["doc_id"] for r in dense["results"]}
