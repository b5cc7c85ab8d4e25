"""Measuring one command: wall time, CPU, the peak memory of its process tree; the results of a step."""

from __future__ import annotations

import contextlib
import os
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PY = sys.executable
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MB = 1024 * 1024
EXTRA_ENV: dict[str, str] = {}  # PYTHONPATH for --code


# --- measuring one command ---------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    tree_peak: int | None  # bytes, sum over the process tree (sampled)
    max_proc: int  # bytes, the largest single process (ru_maxrss)
    cpu: float  # user + system seconds of the process and its children
    load: float  # 1-minute load average when it started (other work on the machine)
    returncode: int
    stdout: str
    stderr: str


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(b")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(name))
    return children


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants, now."""
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE_SIZE
        except OSError:
            continue
    return total


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command`, timing it and sampling the memory of its process tree."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **EXTRA_ENV, **(env or {})}
    sampling = os.path.isdir("/proc")
    peak = [0]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=environment, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            with contextlib.suppress(Exception):  # a vanishing process is not an error here
                peak[0] = max(peak[0], tree_rss(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    if sampling:
        sampler.start()
    output: dict[str, str] = {}
    readers = [threading.Thread(target=lambda s=stream, k=key: output.__setitem__(k, s.read()))
               for key, stream in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    for reader in readers:
        reader.join()
    if sampling:
        sampler.join()
    return Run(seconds, peak[0] if sampling else None, usage.ru_maxrss * 1024,
               usage.ru_utime + usage.ru_stime, load, process.returncode,
               output.get("out", ""), output.get("err", ""))


def opit(*args: str) -> list[str]:
    return [PY, "-m", "generator", *args]


def shown(command: list[str]) -> str:
    """A command as a person would type it (the venv's python shown as `python`)."""
    words = ["python" if word == PY else word for word in command]
    if words[:3] == ["python", "-m", "generator"]:
        words = ["opit", *words[3:]]
    return shlex.join(words)


# --- results ----------------------------------------------------------------------------------


@dataclass
class Step:
    name: str
    entries: int
    command: str
    runs: list[Run] = field(default_factory=list)
    output_bytes: int | None = None
    output_files: int | None = None
    note: str = ""
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def fastest(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def load(self) -> float:
        return max(r.load for r in self.runs)

    @property
    def tree_peak(self) -> int | None:
        peaks = [r.tree_peak for r in self.runs if r.tree_peak is not None]
        return max(peaks) if peaks else None

    @property
    def max_proc(self) -> int:
        return max(r.max_proc for r in self.runs)


@dataclass
class Results:
    steps: list[Step] = field(default_factory=list)
    page_sizes: dict[int, dict[str, int]] = field(default_factory=dict)  # N -> id -> bytes
    search: dict | None = None
    reference_index: dict[int, tuple[int, int]] = field(default_factory=dict)  # N -> raw, gz
    corpus_seconds: dict[int, float] = field(default_factory=dict)

    def step(self, name: str, entries: int) -> Step | None:
        return next((s for s in self.steps if s.name == name and s.entries == entries), None)


def repeat(step: Step, command: list[str], cwd: Path, times: int, budget: float,
           before=None, check=None) -> Step:
    """Run `command` up to `times` times, stopping early once `budget` seconds are spent."""
    spent = 0.0
    for number in range(times):
        if before is not None:
            before(number)
        run = measure(command, cwd)
        if run.returncode != 0:
            tail = "\n".join((run.stderr + run.stdout).strip().splitlines()[-30:])
            raise SystemExit(f"{step.name} at {step.entries} failed ({run.returncode}):\n{tail}")
        if check is not None:
            check(number)
        step.runs.append(run)
        spent += run.seconds
        print(f"  {step.name:<10} N={step.entries:<6} run {number + 1}: {run.seconds:7.2f} s, "
              f"CPU {run.cpu:7.2f} s, load {run.load:.1f}, tree peak {as_mb(run.tree_peak)}",
              file=sys.stderr, flush=True)
        if spent + run.seconds > budget:
            break
    return step


def as_mb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / MB:,.0f} MB"


def as_kb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1024:,.1f} KB"


def dir_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for item in path.rglob("*"):
        if item.is_file():
            total += item.stat().st_size
            files += 1
    return total, files


def free_port() -> int:
    with socket.socket() as handle:
        handle.bind(("127.0.0.1", 0))
        return handle.getsockname()[1]


