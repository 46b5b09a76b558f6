"""Bounded load test of `tracuu serve` on loopback.

Starts the real server over an index (a private copy when uploads are part of the run), sends a
fixed number of requests from N concurrent clients drawn from a mix of request kinds and
Vietnamese queries, and reports per phase and kind: requests, errors, requests/s, p50/p95/p99
latency. With --upload, a second phase repeats the load while those files are uploaded and
indexed, and reports the requests that overlapped the upload apart.

    python -m eval load --index DIR [--clients 16] [--requests 1000] [--mix hybrid=5,bm25=3,dense=1,facets=1] [--upload FILE ...]

Results: eval/results/load_test.json (and the table on stdout).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from eval.common import REPO, RESULTS

QUERIES = [
    "Vì người nghèo", "vi nguoi ngheo", "Quỹ Vì người nghèo", "Kết luận 62", "62-KL/TW", "MTTQ tỉnh Hải Dương",
    "cuộc vận động Toàn dân đoàn kết xây dựng đời sống văn hoá", "an sinh xã hội", "hạn chế, nguyên nhân",
    "bài học kinh nghiệm", "kiến nghị, đề xuất", "xây dựng nông thôn mới", "cải cách hành chính",
    "quyết định phê duyệt", "kế hoạch năm 2008", "ủy ban nhân dân huyện", "ngân sách nhà nước",
    "giáo dục và đào tạo", "phòng chống dịch bệnh", "đội ngũ cán bộ công chức", "chương trình mục tiêu quốc gia",
    "giảm nghèo bền vững", "đại đoàn kết toàn dân tộc", "giám sát và phản biện xã hội",
]
QUESTIONS = [
    "Những đơn vị nào đã báo cáo về cuộc vận động 'Vì người nghèo'?",
    "Quỹ Vì người nghèo năm 2025 của phường Hải Dương vận động được bao nhiêu?",
    "Các hạn chế, nguyên nhân trong việc thực hiện Kết luận 62?",
]
KINDS = ("hybrid", "bm25", "dense", "ask", "facets", "documents")


@dataclass
class Sample:
    kind: str
    sent: float
    seconds: float
    status: int  # 0: no answer (connection error, timeout)


@dataclass
class Phase:
    name: str
    samples: list[Sample] = field(default_factory=list)
    seconds: float = 0.0
    window: tuple[float, float] | None = None  # the upload's start and end, when there was one


def parse_mix(text: str) -> list[tuple[str, int]]:
    mix = []
    for part in text.split(","):
        kind, _, weight = part.partition("=")
        kind = kind.strip()
        if kind not in KINDS:
            raise SystemExit(f"--mix: unknown request kind {kind!r}; kinds: {', '.join(KINDS)}")
        mix.append((kind, int(weight or 1)))
    return mix


def request_for(kind: str, rng: random.Random) -> tuple[str, str, dict]:
    if kind in ("hybrid", "bm25", "dense"):
        return "GET", "/api/search", {"params": {"q": rng.choice(QUERIES), "mode": kind, "k": 10}}
    if kind == "ask":
        return "POST", "/api/ask", {"json": {"question": rng.choice(QUESTIONS)}}
    if kind == "facets":
        return "GET", "/api/facets", {"params": {"unit": rng.choice(["hai duong", "ubnd", "huyen"])}}
    return "GET", "/api/documents", {"params": {"limit": 20, "offset": rng.randrange(0, 40)}}


async def run_load(url: str, clients: int, total: int, mix: list[tuple[str, int]], seed: int) -> list[Sample]:
    rng = random.Random(seed)
    kinds = rng.choices([k for k, _ in mix], weights=[w for _, w in mix], k=total)
    plan = iter([(kind, *request_for(kind, rng)) for kind in kinds])
    samples: list[Sample] = []

    async def client() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as session:
            for kind, method, path, options in plan:
                sent = time.perf_counter()
                try:
                    status = (await session.request(method, path, **options)).status_code
                except httpx.HTTPError:
                    status = 0
                samples.append(Sample(kind, sent, time.perf_counter() - sent, status))

    await asyncio.gather(*(client() for _ in range(clients)))
    return samples


async def upload(url: str, key: str, files: list[Path]) -> tuple[float, float, list[dict]]:
    async with httpx.AsyncClient(base_url=url, timeout=600) as session:
        started = time.perf_counter()
        parts = [("files", (path.name, path.read_bytes())) for path in files]
        response = await session.post("/api/documents", files=parts, headers={"X-API-Key": key})
        ended = time.perf_counter()
    response.raise_for_status()
    return started, ended, response.json()["results"]


async def load_during_upload(url: str, key: str, files: list[Path], clients: int, total: int, mix, seed: int):
    load = asyncio.create_task(run_load(url, clients, total, mix, seed))
    await asyncio.sleep(0.2)  # the load is running when the upload starts
    started, ended, results = await upload(url, key, files)
    return await load, (started, ended), results


def summarise(samples: list[Sample], seconds: float) -> dict:
    def stats(group: list[Sample]) -> dict:
        times = sorted(s.seconds * 1000 for s in group)
        if not times:
            return {"requests": 0}
        cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else [times[0]] * 99
        return {"requests": len(group), "errors": sum(1 for s in group if s.status != 200),
                "p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1), "p99_ms": round(cuts[98], 1),
                "max_ms": round(times[-1], 1)}

    overall = stats(samples)
    overall["requests_per_s"] = round(len(samples) / seconds, 1) if seconds else None
    overall["by_kind"] = {kind: stats([s for s in samples if s.kind == kind]) for kind in sorted({s.kind for s in samples})}
    overall["statuses"] = {str(k): v for k, v in sorted(
        {s.status: sum(1 for x in samples if x.status == s.status) for s in samples}.items())}
    return overall


def print_table(name: str, summary: dict) -> None:
    print(f"\n{name}: {summary['requests']} requests, {summary.get('errors', 0)} errors, "
          f"{summary.get('requests_per_s')} req/s, statuses {summary['statuses']}")
    print(f"  {'kind':<10} {'n':>6} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind, s in [("all", summary), *summary["by_kind"].items()]:
        if s["requests"]:
            print(f"  {kind:<10} {s['requests']:>6} {s['errors']:>4} {s['p50_ms']:>8} {s['p95_ms']:>8} {s['p99_ms']:>8} {s['max_ms']:>8}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index: Path, key: str, embed_uploads: bool) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "api", "serve", "--index", str(index), "--port", str(port)]
    if not embed_uploads:
        command.append("--no-embed-uploads")
    env = {**os.environ, "TRACUU_API_KEY": key}
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: {process.stderr.read().decode()}")
    process.kill()
    raise SystemExit("the server did not answer /health within 120 s")


def main(argv: list[str] | None = None, prog: str = "python -m eval.load_test") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="an index built with `tracuu index`")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=1000, help="requests per phase")
    parser.add_argument("--mix", default="hybrid=5,bm25=3,dense=1,facets=1",
                        help=f"kind=weight,… among {', '.join(KINDS)}")
    parser.add_argument("--upload", type=Path, action="append", default=[],
                        help="a file uploaded during a second phase (repeatable); the index is copied first")
    parser.add_argument("--embed-uploads", action="store_true", help="let the server embed the uploads too")
    parser.add_argument("--warmup", type=int, default=50, help="requests sent before measuring")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not (args.index / "manifest.json").is_file():
        raise SystemExit(f"{args.index}: no index there (build one with `tracuu index`)")
    mix = parse_mix(args.mix)
    key = secrets.token_urlsafe(16)
    scratch = None
    index = args.index
    if args.upload:
        scratch = Path(tempfile.mkdtemp(prefix="tracuu-load-"))
        index = Path(shutil.copytree(args.index, scratch / "index"))
    process, url = start_server(index, key, args.embed_uploads)
    report: dict = {"clients": args.clients, "requests": args.requests, "mix": dict(mix), "index": str(args.index),
                    "health": httpx.get(f"{url}/health").json(), "cpus": os.cpu_count()}
    try:
        asyncio.run(run_load(url, min(args.clients, 4), args.warmup, mix, args.seed + 1))
        started = time.perf_counter()
        samples = asyncio.run(run_load(url, args.clients, args.requests, mix, args.seed))
        report["steady"] = summarise(samples, time.perf_counter() - started)
        print_table("steady", report["steady"])
        if args.upload:
            started = time.perf_counter()
            samples, (up_start, up_end), results = asyncio.run(
                load_during_upload(url, key, args.upload, args.clients, args.requests, mix, args.seed + 2))
            seconds = time.perf_counter() - started
            overlapping = [s for s in samples if s.sent < up_end and s.sent + s.seconds > up_start]
            report["during_upload"] = summarise(samples, seconds)
            report["overlapping_upload"] = summarise(overlapping, up_end - up_start)
            report["upload"] = {"seconds": round(up_end - up_start, 2), "files": [
                {k: r[k] for k in ("name", "status", "code")} for r in results]}
            print_table("with an upload during the load", report["during_upload"])
            print_table(f"requests overlapping the upload ({up_end - up_start:.1f} s)", report["overlapping_upload"])
            print(f"  upload: {report['upload']['files']}")
    finally:
        process.terminate()
        process.wait(30)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load_test.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    errors = sum(report[p].get("errors", 0) for p in ("steady", "during_upload") if p in report)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
