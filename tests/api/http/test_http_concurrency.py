"""Reads while a write is indexing, on the real server: searches keep answering (from the last
committed state) while an upload is read, chunked and committed in the writer process, and the
upload is searchable as soon as its request returns."""

import threading
import time

import httpx


def long_report(paragraphs: int) -> bytes:
    lines = ["ỦY BAN NHÂN DÂN XÃ ĐỒNG TÂM", "", "BÁO CÁO", "Tổng kết công tác giảm nghèo giai đoạn 2021-2025", ""]
    for i in range(1, paragraphs + 1):
        if i % 10 == 1:
            lines.append(f"{i // 10 + 1}. Nội dung thứ {i // 10 + 1}")
        lines.append(f"Trong tháng {i % 12 + 1}, xã Đồng Tâm đã hỗ trợ {i} hộ nghèo với tổng kinh phí {i * 3} triệu đồng; "
                     f"Ban vận động Quỹ Vì người nghèo của thôn {i % 7 + 1} đã tiếp nhận {i * 2} suất quà.")
    return "\n".join(lines).encode("utf-8")


def test_searches_answer_while_an_upload_is_indexed(live_server):
    url, key = live_server["url"], live_server["key"]
    finished = threading.Event()
    answers: list[tuple[float, float, int]] = []  # (sent, answered, status)

    def search_until_finished(query: str, mode: str) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            while not finished.is_set():
                sent = time.monotonic()
                status = client.get("/api/search", params={"q": query, "mode": mode, "k": 5}).status_code
                answers.append((sent, time.monotonic(), status))

    readers = [threading.Thread(target=search_until_finished, args=args)
               for args in [("Vì người nghèo", "bm25"), ("Quỹ Vì người nghèo", "hybrid"), ("kết luận 62", "bm25")]]
    for thread in readers:
        thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    response = httpx.post(f"{url}/api/documents", headers={"X-API-Key": key}, timeout=300,
                          files={"files": ("dong-tam.txt", long_report(400), "text/plain")})
    ended = time.monotonic()
    finished.set()
    for thread in readers:
        thread.join()
    assert response.status_code == 200, response.text
    added = response.json()["results"][0]
    assert added["status"] == "added"
    during = [a for a in answers if a[0] >= started and a[1] <= ended]
    assert {status for *_, status in answers} == {200}
    assert len(during) >= 5, f"{len(during)} searches answered during a {ended - started:.1f} s upload"
    found = httpx.get(f"{url}/api/search", params={"q": "xã Đồng Tâm hộ nghèo", "mode": "bm25", "k": 3}).json()
    assert found["results"][0]["doc_id"] == added["doc_id"]
