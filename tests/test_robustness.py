"""Bad input ends cleanly and in bounded time: a message naming the problem, a non-zero exit, no
traceback, nothing left waiting. Every run here has a timeout, so a hang fails instead of stalling
the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.reader import ReadError, read_text
from tests.conftest import FIXTURES, ROOT

SMALL = FIXTURES / "minimal" / "content"
CONFIG = ROOT / "site_config.yml"
LOOP = "is a symlink loop; remove it or replace it with a file"
LOOP_FOLDER = "is a symlink loop; remove it or replace it with a folder"
NOT_A_FILE = "is not a regular file; remove it or replace it with a file"


def opit(*args: str, timeout: float = 60, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def run_command(command: str, content: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """`opit validate` or `opit build` of `content` (a build into tmp_path/site)."""
    if command == "validate":
        return opit("--content", str(content), "validate", timeout=30)
    return opit("--content", str(content), "build", "--config", str(CONFIG),
                "--out", str(tmp_path / "site"), timeout=60)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the small fixture content to spoil."""
    folder = tmp_path / "content"
    shutil.copytree(SMALL, folder)
    return folder


def assert_refused(result: subprocess.CompletedProcess, line: str) -> None:
    assert result.returncode != 0, result.stderr
    assert line in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# --- 1. symlink loops and files that are not regular files -------------------------------------

@pytest.mark.parametrize("command", ["validate", "build"])
def test_an_entry_file_that_links_to_itself_is_named_as_a_symlink_loop(
    command: str, content: Path, tmp_path: Path
) -> None:
    (content / "cases" / "loop.md").symlink_to("loop.md")
    result = run_command(command, content, tmp_path)
    assert_refused(result, f"{content}/cases/loop.md:1:1: error: {LOOP}")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("command", ["validate", "build"])
def test_two_entry_files_that_link_to_each_other_are_both_named_as_symlink_loops(
    command: str, content: Path, tmp_path: Path
) -> None:
    (content / "cases" / "first-loop.md").symlink_to("second-loop.md")
    (content / "cases" / "second-loop.md").symlink_to("first-loop.md")
    result = run_command(command, content, tmp_path)
    for name in ("first-loop.md", "second-loop.md"):
        assert_refused(result, f"{content}/cases/{name}:1:1: error: {LOOP}")


@pytest.mark.parametrize("command", ["validate", "build"])
def test_an_entry_folder_in_a_symlink_loop_is_named_as_a_symlink_loop(
    command: str, content: Path, tmp_path: Path
) -> None:
    shutil.rmtree(content / "workshops")
    (content / "workshops").symlink_to("workshops")
    (content / "cases" / "folder-loop").symlink_to("folder-loop")
    result = run_command(command, content, tmp_path)
    assert_refused(result, f"{content}/workshops:1:1: error: {LOOP_FOLDER}")
    assert_refused(result, f"{content}/cases/folder-loop:1:1: error: {LOOP}")


@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_registry_that_links_to_itself_is_named_as_a_symlink_loop(
    command: str, content: Path, tmp_path: Path
) -> None:
    (content / "series.yml").unlink()
    (content / "series.yml").symlink_to("series.yml")
    result = run_command(command, content, tmp_path)
    assert_refused(result, f"{content}/series.yml:1:1: error: {LOOP}")


@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_content_folder_that_links_to_itself_is_named_as_a_symlink_loop(
    command: str, tmp_path: Path
) -> None:
    (tmp_path / "content").symlink_to("content")
    result = run_command(command, tmp_path / "content", tmp_path)
    assert_refused(result, f"{tmp_path}/content:1:1: error: {LOOP_FOLDER}")


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("name", ["x.md", "fifo-entry.md"])
def test_a_fifo_named_like_an_entry_is_named_as_not_a_regular_file_and_nothing_waits_for_it(
    command: str, name: str, content: Path, tmp_path: Path
) -> None:
    os.mkfifo(content / "cases" / name)
    result = run_command(command, content, tmp_path)
    assert_refused(result, f"{content}/cases/{name}:1:1: error: {NOT_A_FILE}")
    assert not (tmp_path / "site").exists()


def test_validate_of_a_path_that_is_a_symlink_loop_names_it_without_a_traceback(
    content: Path,
) -> None:
    loop = content / "cases" / "loop.md"
    loop.symlink_to("loop.md")
    result = opit("--content", str(content), "validate", str(loop), timeout=30)
    assert_refused(result, f"{loop}:1:1: error: {LOOP}")


def test_reading_a_file_that_became_a_fifo_after_it_was_listed_does_not_block(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "late-fifo.md"
    os.mkfifo(fifo)
    outcome: list[BaseException | str] = []

    def read() -> None:
        try:
            outcome.append(read_text(fifo, "cases/late-fifo.md"))
        except BaseException as error:  # the test looks at what it was
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():  # unblock it before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], ReadError)
    assert [d.text() for d in outcome[0].diagnostics] == [
        f"cases/late-fifo.md:1:1: error: {NOT_A_FILE}"]
