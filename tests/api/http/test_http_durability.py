"""The server on a full disk, over a damaged index, and backed up under load: an upload that runs
out of space answers 507 saying so while searches go on answering from what is committed; a
damaged part answers 503 naming it and /health reports it; a backup taken while 32 clients
search and one uploads restores to an index that checks whole."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.cli import main
from api.http import ServerSettings, create_app
from indexer.store.check import examine
from indexer.store.layout import Layout

from tests.api.http.conftest import KEY, REPO, start_server
from tests.api.http.test_http_concurrency import long_report
from tests.indexer.test_disk_full import fill, mount_tmpfs, unmount
from tests.indexer.test_integrity import corrupt_lexical_segment, truncate_catalog, truncate_vectors

QUERY = {"q": "Vì người nghèo", "mode": "bm25", "k": 5}


class Server:
    """`python -m api serve` on a free loopback port over ``index``."""

    def __init__(self, index: Path, log: Path, *options: str):
        self.process, self.url, self.log = start_server(index, log, *options, seconds=90)

    def upload(self, name: str, content: bytes) -> httpx.Response:
        return httpx.post(f"{self.url}/api/documents", headers={"X-API-Key": KEY}, timeout=300,
                          files={"files": (name, content, "text/plain")})

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def search(url: str, **params) -> httpx.Response:
    return httpx.get(f"{url}/api/search", params={**QUERY, **params}, timeout=60)


@pytest.fixture
def full_disk_server(corpus_index, tmp_path):
    mount = tmp_path / "disk"
    mount_tmpfs(mount, 8192)
    index = Path(shutil.copytree(corpus_index, mount / "index"))
    server = Server(index, tmp_path / "server.log", "--no-embed-uploads")
    yield server, mount, index
    server.stop()
    unmount(mount)


def test_an_upload_to_a_full_disk_answers_507_and_searches_go_on(full_disk_server):
    server, mount, index = full_disk_server
    before = search(server.url).json()["results"]
    assert before
    report = long_report(200)

    def unchanged() -> None:
        assert search(server.url).json()["results"] == before
        health = httpx.get(f"{server.url}/health").json()
        assert (health["status"], health["index"]["documents"]) == ("ok", 2)
        assert not list(index.glob(".incoming-*"))
        assert not (index / "uploads").exists() or not list((index / "uploads").iterdir())

    # no room for the bytes themselves
    filler = fill(mount, 16_000)
    response = server.upload("xa-dong-tam.txt", report * 4)
    assert response.status_code == 507, response.text
    problem = response.json()
    assert problem["type"].endswith(":disk-full")
    assert "no space left on device" in problem["detail"] and "receiving xa-dong-tam.txt" in problem["detail"]
    assert str(mount) not in problem["detail"]  # the server's folders stay its own
    unchanged()
    # room for the bytes, not for indexing them: the writer process stops at the catalog
    filler.unlink()
    filler = fill(mount, len(report) + 24_000)
    response = server.upload("xa-dong-tam.txt", report)
    assert response.status_code == 507, response.text
    assert "no space left on device writing the catalog" in response.json()["detail"]
    unchanged()
    # space again: the same upload goes in and is found
    filler.unlink()
    response = server.upload("xa-dong-tam.txt", report)
    assert response.status_code == 200, response.text
    added = response.json()["results"][0]
    assert added["status"] == "added"
    found = search(server.url, q="xã Đồng Tâm hộ nghèo", k=3).json()["results"]
    assert found[0]["doc_id"] == added["doc_id"]
    assert httpx.get(f"{server.url}/health").json()["index"]["documents"] == 3
    for doc_id in {r["doc_id"] for r in before}:
        assert httpx.get(f"{server.url}/api/documents/{doc_id}").status_code == 200


@pytest.mark.parametrize("damage", [truncate_vectors, corrupt_lexical_segment, truncate_catalog], ids=lambda f: f.__name__)
def test_a_damaged_index_answers_503_and_health_names_the_part(corpus_index, tmp_path, damage):
    index = Path(shutil.copytree(corpus_index, tmp_path / "index"))
    part = damage(index)
    with TestClient(create_app(ServerSettings(index_dir=index, api_key=None, refresh_interval_s=0))) as client:
        health = client.get("/health").json()
        assert (health["status"], health["index"]["damaged_part"]) == ("damaged", part)
        assert "tracuu" in health["index"]["problem"]
        response = client.get("/api/search", params=QUERY)
        assert response.status_code == 503
        assert response.json()["type"].endswith(":index-damaged") and f"the {part} of <index>" in response.json()["detail"]
        assert str(tmp_path) not in response.json()["detail"] + health["index"]["problem"]


def test_damage_found_while_serving_is_reported_and_the_whole_state_kept(make_client, api_key):
    client = make_client()
    index = client.app.state.index
    before = client.get("/api/search", params=QUERY).json()["results"]
    truncate_vectors(index.root)
    client.portal.call(index.refresh)  # what follows every write
    health = client.get("/health").json()
    assert (health["status"], health["index"]["damaged_part"]) == ("damaged", "vector index")
    assert client.get("/api/search", params=QUERY).json()["results"] == before  # the state opened before, whole


def test_a_restore_is_picked_up_by_the_running_server(make_client, api_key, tmp_path, capsys):
    client = make_client()
    index = client.app.state.index
    assert main(["backup", str(tmp_path / "backup"), "--index", str(index.root)]) == 0
    response = client.post("/api/documents", headers={"X-API-Key": api_key},
                           files=[("files", ("xa-dong-tam.txt", long_report(30), "text/plain"))])
    assert response.status_code == 200
    assert client.get("/health").json()["index"]["documents"] == 3
    assert main(["restore", str(tmp_path / "backup"), "--index", str(index.root), "--force"]) == 0
    client.portal.call(index.refresh_if_changed)  # what the server does every few seconds
    assert client.get("/health").json()["index"]["documents"] == 2
    capsys.readouterr()


def test_a_backup_under_32_clients_and_an_upload_restores_whole(corpus_index, tmp_path, capsys):
    """One backup while the upload is being indexed, one while its vectors are computed in the
    background; both restore to an index that checks whole, the second with the upload in it."""
    index = Path(shutil.copytree(corpus_index, tmp_path / "index"))
    server = Server(index, tmp_path / "server.log")  # uploads are embedded in the background
    answers: list[tuple[float, int]] = []  # (answered at, status)
    errors: list[str] = []
    stop = threading.Event()
    queries = ["Vì người nghèo", "Quỹ Vì người nghèo", "kết luận 62", "Mặt trận Tổ quốc", "đảng viên",
               "công tác dân vận", "an sinh xã hội", "Hải Dương"]

    def client(n: int) -> None:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            while not stop.is_set():
                try:
                    status = http.get("/api/search", params={
                        "q": queries[n % len(queries)], "mode": ("bm25", "hybrid")[n % 2], "k": 5}).status_code
                    answers.append((time.monotonic(), status))
                except httpx.HTTPError as exc:
                    errors.append(repr(exc))

    def take_backup(name: str) -> tuple[float, float]:
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "api", "backup", str(tmp_path / name), "--index", str(index)],
                                cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, result.stderr
        return started, time.monotonic()

    # warm: the query embedder loads in the background after /health answers (a cold start is not what this tests)
    assert httpx.get(f"{server.url}/api/search", params={"q": "Vì người nghèo", "mode": "hybrid"}, timeout=120).status_code == 200
    uploaded: list[httpx.Response] = []
    upload = threading.Thread(target=lambda: uploaded.append(server.upload("xa-dong-tam.txt", long_report(300))))
    threads = [threading.Thread(target=client, args=(n,)) for n in range(32)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        upload.start()
        time.sleep(0.3)
        windows = [take_backup("during-upload")]
        upload.join(300)
        windows.append(take_backup("during-embedding"))
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(120)
        server.stop()
    assert not errors and {status for _, status in answers} == {200}, (errors[:3], {s for _, s in answers} - {200})
    during = [sum(start <= at <= end for at, _ in answers) for start, end in windows]
    assert all(during), f"searches answered during each backup: {during}"
    assert uploaded and uploaded[0].status_code == 200, uploaded[0].text if uploaded else "no answer to the upload"
    restored = {}
    for name in ("during-upload", "during-embedding"):
        target = tmp_path / f"restored-{name}"
        assert main(["restore", str(tmp_path / name), "--index", str(target)]) == 0
        assert main(["check", "--index", str(target)]) == 0
        restored[name] = examine(Layout(target)).facts["catalog"]["documents"]
    assert restored["during-upload"] in (2, 3) and restored["during-embedding"] == 3
    capsys.readouterr()
    assert main(["search", "xã Đồng Tâm hộ nghèo", "--index", str(tmp_path / "restored-during-embedding"),
                 "--mode", "bm25", "--json", "-k", "1"]) == 0
    assert "xã Đồng Tâm đã hỗ trợ" in json.loads(capsys.readouterr().out)["results"][0]["text"]
    with capsys.disabled():
        print(f"\nbackups under load: {[round(end - start, 1) for start, end in windows]} s, searches answered during "
              f"each {during}, {len(answers)} in all; documents restored {restored}")
