"""The product works from an installed wheel, outside the checkout: the wheel holds indexer/ and
api/ with every data file they read, and nothing of eval/ or tests/.

The wheel is built from a copy of the checkout's files (tracked and not ignored), installed with
--no-deps into a fresh virtual environment in a temporary folder. That environment sees the
dependencies through a .pth line naming this environment's site-packages: a plain path line, so
the editable install's hooks in that folder stay inactive and `import indexer` can only find the
wheel's copy. The converted embedding model is the tests' ($TRACUU_MODELS_DIR), not converted again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.parse
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CORPUS, REPO, free_port

DATA_FILES = ["indexer/extraction/data/document_kinds.tsv", "indexer/analysis/data/abbreviations.tsv",
              "api/answers/data/campaigns.tsv", "api/answers/data/counted_nouns.txt",
              "api/answers/data/section_roles.tsv", "api/search/data/question_words.txt",
              "api/http/web/index.html", "api/http/web/app.js", "api/http/web/app.css"]


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command} → {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A fresh environment outside the checkout with the wheel installed; its paths and environment."""
    base = tmp_path_factory.mktemp("install")
    assert not base.resolve().is_relative_to(REPO)
    # the checkout's files as a build would see them (no build/ or egg-info left by earlier builds)
    source = base / "source"
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    wheels = base / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
         base, dict(os.environ))
    (wheel,) = wheels.glob("tracuu-*.whl")

    environment = base / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    site_packages = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        capture_output=True, text=True, check=True).stdout.strip())
    (site_packages / "tracuu-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("TRACUU_INDEX", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["TRACUU_MODELS_DIR"] = os.environ.get("TRACUU_MODELS_DIR", str(REPO / "test-artifacts" / "models"))
    env["PATH"] = f"{environment / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
         base, env)
    work = base / "work"  # every command runs here, outside the checkout
    work.mkdir()
    return {"wheel": wheel, "python": python, "tracuu": environment / "bin" / "tracuu", "site": site_packages,
            "env": env, "work": work}


@pytest.fixture(scope="module")
def index(installed) -> Path:
    corpus = installed["work"] / "corpus"
    shutil.copytree(CORPUS, corpus)
    root = installed["work"] / "index"
    _run([str(installed["tracuu"]), "index", str(corpus), "--index", str(root), "--jobs", "2", "--quiet"],
         installed["work"], installed["env"], timeout=600)
    return root


def test_the_wheel_holds_the_product_and_its_data_only(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    assert {name.split("/")[0] for name in names} == {"indexer", "api", installed["wheel"].name.split("-py3")[0] + ".dist-info"}
    assert [name for name in DATA_FILES if name not in names] == []


def test_the_install_is_what_python_imports_and_eval_is_not_there(installed):
    found = _run([str(installed["python"]), "-c", "import api, indexer, tantivy; print(indexer.__file__); print(api.__file__)"],
                 installed["work"], installed["env"]).stdout.split()
    assert all(Path(path).is_relative_to(installed["site"]) for path in found), found
    missing = subprocess.run([str(installed["python"]), "-c", "import eval"], cwd=installed["work"], env=installed["env"],
                             capture_output=True, text=True)
    assert missing.returncode != 0 and "ModuleNotFoundError: No module named 'eval'" in missing.stderr
    no_command = subprocess.run([str(installed["tracuu"]), "eval", "retrieval"], cwd=installed["work"],
                                env=installed["env"], capture_output=True, text=True)
    assert no_command.returncode == 2 and "invalid choice: 'eval'" in no_command.stderr


def test_index_search_and_ask_from_the_install(installed, index):
    search = _run([str(installed["tracuu"]), "search", "Vì người nghèo", "--index", str(index), "--json"],
                  installed["work"], installed["env"])
    results = json.loads(search.stdout)["results"]
    assert results and any("nghèo" in json.dumps(r, ensure_ascii=False).lower() for r in results)
    ask = _run([str(installed["tracuu"]), "ask", "Những đơn vị nào báo cáo về cuộc vận động Vì người nghèo?",
                "--index", str(index)], installed["work"], installed["env"])
    assert "Hải Dương" in ask.stdout, ask.stdout + ask.stderr  # the units that report on it, with their evidence


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


def test_serve_from_the_install(installed, index):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(installed["tracuu"]), "serve", "--index", str(index), "--port", str(port)],
                              cwd=installed["work"], env=installed["env"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.stderr.read()
            try:
                status, body = _get(f"{url}/health")
                break
            except OSError:
                assert time.monotonic() < deadline, "no answer on /health within 90 s"
                time.sleep(0.3)
        assert status == 200 and json.loads(body)
        status, body = _get(f"{url}/api/search?" + urllib.parse.urlencode({"q": "Vì người nghèo"}))
        assert status == 200 and json.loads(body)["results"]
        status, body = _get(f"{url}/")  # the web page: package data of api.http
        assert status == 200 and b"<html" in body.lower()
    finally:
        server.terminate()  # by PID
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
