"""Faults: real `opit build` runs killed at each stage, two builds at once, broken dependencies.

A build of a 60-entry synthetic corpus (bench/corpus.py: some 1,100 pages with its 300
organisations) takes several seconds, long enough to kill it while it renders the docs tree,
while MkDocs builds and while Pagefind indexes (each stage is recognised from the work folder
and the build's child processes in /proc). After every
kill the previous site must be byte-for-byte what it was, and the next build must succeed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.pipeline.linkcheck import check_links
from tests.support import FIXTURES, ROOT, descendants, tree_hashes

pytestmark = pytest.mark.slow

CONFIG = ROOT / "site_config.yml"
ENTRIES = 60


def opit_build(content: Path, out: Path, *extra: str, env: dict[str, str] | None = None,
               config: Path = CONFIG) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "--content", str(content), "build",
         "--out", str(out), "--config", str(config), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, env={**os.environ, **(env or {})},
    )


def run_build(content: Path, out: Path, **kwargs) -> subprocess.CompletedProcess:
    proc = opit_build(content, out, **kwargs)
    stdout, stderr = proc.communicate(timeout=600)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def work_folder(out: Path, pid: int) -> Path:
    return out.parent / f".{out.name}.building-{pid}"


def _rendering(out: Path, proc: subprocess.Popen, _: dict[int, str]) -> bool:
    docs = work_folder(out, proc.pid) / "docs"
    return docs.is_dir() and sum(1 for _ in docs.rglob("index.md")) >= 50


def _in_mkdocs(out: Path, proc: subprocess.Popen, children: dict[int, str]) -> bool:
    site = work_folder(out, proc.pid) / "site"
    return any("mkdocs" in command for command in children.values()) and site.is_dir() and (
        sum(1 for _ in site.rglob("*.html")) >= 20)


def _in_pagefind(out: Path, proc: subprocess.Popen, children: dict[int, str]) -> bool:
    return any("pagefind" in command for command in children.values())


STAGES: dict[str, Callable[[Path, subprocess.Popen, dict[int, str]], bool]] = {
    "render": _rendering,
    "mkdocs": _in_mkdocs,
    "pagefind": _in_pagefind,
}


class Orphans:
    """Children of killed builds that outlived them; ended by pid at the end of the test."""

    def __init__(self) -> None:
        self.seen: dict[int, str] = {}

    def add(self, processes: dict[int, str]) -> None:
        self.seen.update(processes)

    def alive(self) -> dict[int, str]:
        living = {}
        for pid, command in self.seen.items():
            try:
                now = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if now == command:  # the same process, not a reused pid
                living[pid] = command
        return living

    def wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)

    def end(self) -> None:
        for pid in self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def orphans() -> Iterator[Orphans]:
    tracker = Orphans()
    yield tracker
    tracker.end()


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two versions of a 60-entry corpus: B differs from A in one entry's title."""
    folder = tmp_path_factory.mktemp("faults")
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(ENTRIES),
                    str(folder / "a")], check=True, capture_output=True)
    a = folder / "a" / "content"
    b = folder / "b" / "content"
    shutil.copytree(a, b)
    first = sorted((b / "cases").glob("*.md"))[0]
    text = first.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    first.write_text(text.replace(title, "title: Changed by the fault test, version B", 1),
                     "utf-8")
    return a, b


def kill_at(stage: str, sig: int, content: Path, out: Path, orphans: Orphans) -> str:
    """Start a build, wait for `stage`, send `sig`; returns what was killed (for messages)."""
    proc = opit_build(content, out)
    reached = STAGES[stage]
    deadline = time.monotonic() + 120
    try:
        while True:
            children = descendants(proc.pid)
            orphans.add(children)
            if reached(out, proc, children):
                break
            if proc.poll() is not None:
                pytest.fail(f"the build ended (rc {proc.returncode}) before the {stage} stage "
                            f"was seen:\n{proc.stderr.read() if proc.stderr else ''}")
            if time.monotonic() > deadline:
                pytest.fail(f"the {stage} stage was not reached in 120 s")
            time.sleep(0.02)
        if sig == signal.SIGTERM:
            os.killpg(proc.pid, sig)  # as a CI runner or systemd stops a job: the whole group
            target = "the build's process group"
        else:
            os.kill(proc.pid, sig)  # as the OOM killer does: the build alone; children live on
            target = "the build process"
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    # SIGTERM: opit stops its children and exits 128 + 15 (generator/system/children.py)
    expected = 128 + sig if sig == signal.SIGTERM else -sig
    assert proc.returncode == expected, f"the build was not ended by {sig!r}: rc {proc.returncode}"
    return f"{signal.Signals(sig).name} to {target} during {stage}"


def test_an_interrupted_build_leaves_the_previous_site_and_the_next_build_succeeds(
    corpora: tuple[Path, Path], tmp_path: Path, orphans: Orphans
) -> None:
    a, b = corpora
    out = tmp_path / "site"
    first = run_build(a, out)
    assert first.returncode == 0, first.stderr
    before = tree_hashes(out)
    assert "index.html" in before and "pagefind/pagefind.js" in before
    for stage in STAGES:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            what = kill_at(stage, sig, b, out, orphans)
            after = tree_hashes(out)
            changed = sorted(k for k in before.keys() | after.keys()
                             if before.get(k) != after.get(k))
            assert not changed, f"{what}: the previous site changed: {changed[:10]}"
    orphans.wait(timeout=60)  # children of SIGKILLed builds finish their step in their own folder
    orphans.end()
    result = run_build(b, out)
    assert result.returncode == 0, result.stderr
    assert "Changed by the fault test, version B" in "".join(
        p.read_text("utf-8") for p in (out / "cases").glob("*/index.html"))
    assert check_links(out) == []
    assert not list(tmp_path.glob(".site.building-*")), "a stale work folder was left behind"


def test_a_second_build_into_the_same_output_refuses_while_the_first_runs(
    corpora: tuple[Path, Path], tmp_path: Path
) -> None:
    a, _ = corpora
    out = tmp_path / "site"
    first = opit_build(a, out)
    try:
        deadline = time.monotonic() + 60
        while not work_folder(out, first.pid).is_dir():
            assert first.poll() is None, first.communicate()[1]
            assert time.monotonic() < deadline, "the first build did not start"
            time.sleep(0.02)
        second = run_build(a, out)
        assert second.returncode == 1
        assert (f"error: another build is writing {out} (pid {first.pid}); wait for it to "
                "finish, or build into another folder with --out") in second.stderr
        assert "Traceback" not in second.stderr
        assert not out.exists(), "the refused build wrote into the output"
        _, stderr = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert first.returncode == 0, stderr
    assert check_links(out) == []


# --- broken dependencies -----------------------------------------------------------------------

SMALL = FIXTURES / "minimal" / "content"


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A complete site of the small fixture content, and its hashes."""
    out = tmp_path / "site"
    result = run_build(SMALL, out)
    assert result.returncode == 0, result.stderr
    return out, tree_hashes(out)


def _shadow(tmp_path: Path, package: str) -> dict[str, str]:
    """PYTHONPATH with an empty `package` ahead of the real one: `python -m package` fails."""
    shadow = tmp_path / "shadow" / package
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("", "utf-8")
    return {"PYTHONPATH": str(tmp_path / "shadow")}


def _unchanged(built: tuple[Path, dict[str, str]], result: subprocess.CompletedProcess) -> None:
    out, before = built
    assert result.returncode == 1
    assert f"{out} was not changed" in result.stderr
    assert tree_hashes(out) == before


def test_pagefind_not_installed_is_named_with_how_to_fix_it(built, tmp_path: Path) -> None:
    result = run_build(SMALL, built[0], env=_shadow(tmp_path, "pagefind"))
    _unchanged(built, result)
    assert "error: pagefind failed" in result.stderr
    assert "Pagefind is not installed: run ./build.sh, which installs pagefind[bin]" in (
        result.stderr)


def test_a_pagefind_binary_that_cannot_run_is_named_with_how_to_fix_it(
    built, tmp_path: Path
) -> None:
    binary = tmp_path / "pagefind"
    binary.write_text("#!/bin/sh\nexit 0\n", "utf-8")
    binary.chmod(0o644)  # not executable
    result = run_build(SMALL, built[0], env={"PAGEFIND_BINARY_PATH": str(binary)})
    _unchanged(built, result)
    assert "error: pagefind failed" in result.stderr
    assert "Permission denied" in result.stderr
    assert "Traceback" not in result.stderr, "a Python traceback instead of a message"
    assert "./build.sh" in result.stderr, "no word on how to fix it"


def test_mkdocs_not_installed_is_named_with_how_to_fix_it(built, tmp_path: Path) -> None:
    result = run_build(SMALL, built[0], env=_shadow(tmp_path, "mkdocs"))
    _unchanged(built, result)
    assert "error: mkdocs failed" in result.stderr
    assert "MkDocs is not installed: run ./build.sh, which installs it" in result.stderr


def test_a_mkdocs_configuration_error_is_named_with_how_to_fix_it(built, tmp_path: Path) -> None:
    config = tmp_path / "site_config.yml"
    text = CONFIG.read_text("utf-8")
    assert "markdown_extensions:\n" in text
    config.write_text(text.replace("markdown_extensions:\n",
                                   "markdown_extensions:\n  - no_such_extension\n"), "utf-8")
    result = run_build(SMALL, built[0], config=config)
    _unchanged(built, result)
    assert "error: mkdocs failed" in result.stderr
    assert "Failed to load extension 'no_such_extension'" in result.stderr
    assert "site_config.yml" in result.stderr, "the message does not say which file to fix"


def test_a_site_configuration_that_is_not_yaml_is_named(built, tmp_path: Path) -> None:
    config = tmp_path / "site_config.yml"
    config.write_text("site_name: [unclosed\n", "utf-8")
    result = run_build(SMALL, built[0], config=config)
    assert result.returncode == 1
    assert f"error: configuration: {config}: invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hashes(built[0]) == built[1]
