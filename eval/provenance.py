"""What every recorded result carries: when, on which commit, on which machine, by which command."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime, timezone
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from eval.common import REPO


def git_commit() -> str:
    """Short commit of the working tree, marked when tracked files have uncommitted changes."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True,
                               text=True, check=True).stdout.strip()
        return commit + (" (uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def package_version(name: str) -> str:
    try:
        return importlib_metadata.version(name)
    except importlib_metadata.PackageNotFoundError:
        return "?"


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() \
        else platform.processor()
    memory = next((round(int(line.split()[1]) / 2**20, 1) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), None) if Path("/proc/meminfo").exists() else None
    return {"cpus": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)), "cpu": cpu, "memory_gb": memory,
            "platform": platform.platform(), "python": platform.python_version(),
            "loadavg": [round(x, 2) for x in os.getloadavg()]}


def provenance(command: str) -> dict[str, Any]:
    return {"command": command, "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "commit": git_commit(), "machine": machine()}


def describe(record: dict[str, Any]) -> str:
    """One line for the top of a printed report."""
    m = record["machine"]
    return (f"{record['date']} · commit {record['commit']} · {m['cpus']} CPUs ({m['cpu']}), load "
            f"{' '.join(str(x) for x in m['loadavg'])} · `{record['command']}`")
