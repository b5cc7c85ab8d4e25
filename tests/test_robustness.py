"""Bad input ends cleanly and in bounded time: a message naming the problem, a non-zero exit, no
traceback, nothing left waiting. Every run here has a timeout, so a hang fails instead of stalling
the suite.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.read.positions import ReadError
from generator.read.text_files import read_text
from tests.support import FIXTURES, ROOT, descendants, tree_hashes

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


# --- 2. a read-only output folder, a full disk -------------------------------------------------

# Runs the command line with an audit hook that fails every write-opening, mkdir, rename ... of a
# path matching FAIL_PATH (an fnmatch pattern) after the first FAIL_AFTER, with errno FAIL_ERRNO:
# what a full disk or a read-only folder does to the build process itself.
FAILING_WRITES = """
import fnmatch, os, sys
pattern, code = os.environ["FAIL_PATH"], int(os.environ["FAIL_ERRNO"])
left = [int(os.environ["FAIL_AFTER"])]
WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
CHANGES = {"os.mkdir", "os.rename", "os.replace", "os.link", "os.symlink", "os.truncate"}

def hook(event, args):
    if event == "open":
        if not args[2] & WRITES:
            return
    elif event not in CHANGES:
        return
    path = args[0]
    if not isinstance(path, (str, bytes, os.PathLike)):
        return
    path = os.fsdecode(path)
    if not fnmatch.fnmatch(path, pattern) or (event == "os.mkdir" and os.path.isdir(path)):
        return
    if left[0] > 0:
        left[0] -= 1
        return
    raise OSError(code, os.strerror(code), path)

sys.addaudithook(hook)
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def first_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete build of the small content: the previous site a failed build must keep."""
    out = tmp_path_factory.mktemp("first") / "site"
    result = opit("--content", str(SMALL), "build", "--config", str(CONFIG), "--out", str(out),
                  timeout=120)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def old_site(first_site: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the first site at tmp_path/out/site, and its hashes."""
    out = tmp_path / "out" / "site"
    shutil.copytree(first_site, out)
    return out, tree_hashes(out)


def build_failing(out: Path, pattern: str, code: int, after: int = 0) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", FAILING_WRITES, "--content", str(SMALL), "build",
         "--config", str(CONFIG), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), "FAIL_PATH": pattern,
             "FAIL_ERRNO": str(code), "FAIL_AFTER": str(after)},
    )


def assert_one_error_and_kept(result: subprocess.CompletedProcess, line: str,
                              old_site: tuple[Path, dict[str, str]]) -> None:
    out, before = old_site
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    errors = [row for row in result.stderr.splitlines() if row.startswith("error:")]
    assert len(errors) == 1 and re.fullmatch(line, errors[0]), result.stderr
    assert f"{out} was not changed" in result.stderr
    assert tree_hashes(out) == before, "the previous site changed"
    assert not list(out.parent.glob(".site.building-*")), "the work folder was left behind"


@pytest.mark.slow
def test_a_full_disk_while_rendering_is_one_error_line_and_the_old_site_is_kept(
    old_site: tuple[Path, dict[str, str]],
) -> None:
    out = old_site[0]
    result = build_failing(out, f"{out.parent}/.site.building-*/docs/*", errno.ENOSPC, after=5)
    assert_one_error_and_kept(result, rf"error: render: {re.escape(str(out.parent))}/"
                              r"\.site\.building-\d+/docs/\S+: No space left on device", old_site)


@pytest.mark.slow
def test_a_full_disk_while_writing_the_open_data_is_one_error_line_and_the_old_site_is_kept(
    old_site: tuple[Path, dict[str, str]],
) -> None:
    out = old_site[0]
    result = build_failing(out, f"{out.parent}/.site.building-*/site/api/*", errno.ENOSPC)
    assert_one_error_and_kept(result, rf"error: export: {re.escape(str(out.parent))}/"
                              r"\.site\.building-\d+/site/api/\S+: No space left on device",
                              old_site)


@pytest.mark.slow
def test_a_read_only_output_folder_is_one_error_line_and_the_old_site_is_kept(
    old_site: tuple[Path, dict[str, str]],
) -> None:
    out = old_site[0]
    result = build_failing(out, f"{out.parent}*", errno.EROFS)
    assert_one_error_and_kept(
        result, rf"error: lock: {re.escape(str(out.parent))}/\.site\.lock: Read-only file system",
        old_site)


def test_an_os_error_that_ends_mkdocs_is_named_without_its_traceback() -> None:
    from generator.builders.mkdocs.site import os_error_in

    output = ("Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n"
              "OSError: [Errno 28] No space left on device: '/a' -> '/w/site/b.js'\n")
    error = os_error_in(output, Path("/w"))
    assert error is not None
    assert (error.step, error.path, error.why) == ("mkdocs", "/a -> /w/site/b.js",
                                                   "No space left on device")
    error = os_error_in("Traceback (most recent call last):\n"
                        "PermissionError: [Errno 13] Permission denied\n", Path("/w"))
    assert error is not None and str(error) == "mkdocs: /w: Permission denied"
    assert os_error_in("ERROR - Config value 'theme': oops\n", Path("/w")) is None


@pytest.fixture
def tmpfs(tmp_path: Path):
    """Mounts a small tmpfs (needs root and CAP_SYS_ADMIN; skipped without them)."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        point = tmp_path / f"tmpfs-{len(mounted)}"
        point.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                                 str(point)], capture_output=True, text=True, timeout=10)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        if subprocess.run(["umount", str(point)], capture_output=True, timeout=10).returncode:
            subprocess.run(["umount", "-l", str(point)], capture_output=True, timeout=10)


@pytest.mark.slow
def test_a_really_full_disk_is_one_error_line_and_the_old_site_is_kept(
    first_site: Path, tmpfs
) -> None:
    disk = tmpfs("8m")  # room for the old site (some 5 MB), not for a second one beside it
    out = disk / "site"
    shutil.copytree(first_site, out)
    result = opit("--content", str(SMALL), "build", "--config", str(CONFIG), "--out", str(out),
                  timeout=120)
    assert_one_error_and_kept(
        result, rf"error: (render|mkdocs|pagefind|export): {re.escape(str(disk))}/\S.*: "
                "No space left on device", (out, tree_hashes(first_site)))


@pytest.mark.slow
def test_a_really_read_only_output_folder_is_one_error_line_and_the_old_site_is_kept(
    first_site: Path, tmpfs
) -> None:
    disk = tmpfs("16m")
    out = disk / "site"
    shutil.copytree(first_site, out)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, timeout=10)
    result = opit("--content", str(SMALL), "build", "--config", str(CONFIG), "--out", str(out),
                  timeout=120)
    assert_one_error_and_kept(
        result, rf"error: lock: {re.escape(str(disk))}/\.site\.lock: Read-only file system",
        (out, tree_hashes(first_site)))


# --- 3. MkDocs and Pagefind never outlive the build --------------------------------------------

def still_running(pid: int, command: str) -> bool:
    """True while `pid` is the process that ran `command` and is not a zombie."""
    try:
        now = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").replace("\0", " ")
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return now == command and state != "Z"


@pytest.fixture
def slow_children(tmp_path: Path):
    """Environments in which MkDocs or Pagefind (each faked) runs for a minute; afterwards any
    of them still running is ended, by pid."""
    shadow = tmp_path / "shadow" / "mkdocs"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("", "utf-8")
    (shadow / "__main__.py").write_text("import time\ntime.sleep(60)\n", "utf-8")
    pagefind = tmp_path / "slow-pagefind"
    pagefind.write_text("#!/bin/sh\nexec sleep 60\n", "utf-8")
    pagefind.chmod(0o755)
    seen: dict[int, str] = {}
    yield seen, {
        "mkdocs": {"PYTHONPATH": str(tmp_path / "shadow")},
        "pagefind": {"PAGEFIND_BINARY_PATH": str(pagefind)},
    }
    for pid, command in seen.items():
        if still_running(pid, command):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.slow
@pytest.mark.parametrize("child", ["mkdocs", "pagefind"])
@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_no_child_of_a_build_outlives_it_by_more_than_five_seconds(
    child: str, sig: str, slow_children, old_site: tuple[Path, dict[str, str]]
) -> None:
    seen, environments = slow_children
    out, before = old_site
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--content", str(SMALL), "build",
         "--config", str(CONFIG), "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **environments[child]},
    )
    try:
        deadline = time.monotonic() + 60
        while not any(child in command for command in seen.values()):
            seen.update(descendants(proc.pid))
            assert proc.poll() is None, f"the build ended first: {proc.communicate()[1]}"
            assert time.monotonic() < deadline, f"no {child} process in 60 s"
            time.sleep(0.01)
        seen.update(descendants(proc.pid))
        os.kill(proc.pid, getattr(signal, sig))  # opit alone, not its process group
        _, stderr = proc.communicate(timeout=30)
        killed = time.monotonic()
        while any(still_running(*item) for item in seen.items()) and (
            time.monotonic() - killed < 5
        ):
            time.sleep(0.05)
        survivors = {pid: command for pid, command in seen.items() if still_running(pid, command)}
        assert not survivors, f"still running 5 s after {sig}: {survivors}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    number = getattr(signal, sig)
    if sig == "SIGKILL":
        assert proc.returncode == -number
    else:
        assert proc.returncode == 128 + number, stderr
        assert f"stopped by {sig}" in stderr and "Traceback" not in stderr, stderr
    assert tree_hashes(out) == before, "the previous site changed"
    if sig != "SIGKILL":
        assert not list(out.parent.glob(".site.building-*")), "the work folder was left behind"


def test_every_child_process_of_the_generator_is_started_through_the_children_module() -> None:
    import ast

    starts = {"Popen", "run", "call", "check_call", "check_output", "system", "spawnv",
              "spawnl", "posix_spawn", "execv", "execvp"}
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path.name == "children.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in {"subprocess", "os"} and node.func.attr in starts):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], "start child processes with generator.system.children.popen/run"


# --- 4. `opit serve` goes on serving --------------------------------------------------------

@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """The serve module's own server and handler on `directory`, in a thread."""
    from generator.serve.serve import QuietHandler, QuietServer

    server = QuietServer(("127.0.0.1", 0),
                         functools.partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "cases" / "gone").mkdir(parents=True)
    (site / "index.html").write_text("<p>Home</p>", "utf-8")
    (site / "404.html").write_text("<p>The site's own 404 page</p>", "utf-8")
    (site / "cases" / "gone" / "index.html").write_text("<p>Soon gone</p>", "utf-8")
    return site


def test_a_page_deleted_between_its_lookup_and_its_read_is_the_sites_404_page_and_serving_goes_on(
    small_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = small_site / "cases" / "gone" / "index.html"
    real_isfile = os.path.isfile

    def isfile_then_delete(path: str) -> bool:
        found = real_isfile(path)
        if found and Path(path) == page:
            page.unlink()  # after the server saw it, before it opens it
        return found

    monkeypatch.setattr(os.path, "isfile", isfile_then_delete)
    with serving(small_site) as url:
        assert fetch(f"{url}/cases/gone/") == (404, "<p>The site's own 404 page</p>")
        assert not page.exists()
        assert fetch(f"{url}/") == (200, "<p>Home</p>")


def test_a_read_error_after_a_page_is_opened_is_a_404_not_a_dropped_connection(
    small_site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_fstat = os.fstat
    failing = {"left": 1}

    def fstat_fails_once(descriptor: int) -> os.stat_result:
        status = real_fstat(descriptor)
        if failing["left"] and status.st_size == len("<p>Soon gone</p>"):
            failing["left"] = 0
            raise FileNotFoundError(errno.ENOENT, "No such file or directory")
        return status

    monkeypatch.setattr(os, "fstat", fstat_fails_once)
    with serving(small_site) as url:
        assert fetch(f"{url}/cases/gone/") == (404, "<p>The site's own 404 page</p>")
        assert fetch(f"{url}/cases/gone/") == (200, "<p>Soon gone</p>")
    assert "Traceback" not in capsys.readouterr().err


def test_a_missing_page_is_the_sites_404_page_or_the_plain_one_when_that_is_gone_too(
    small_site: Path,
) -> None:
    with serving(small_site) as url:
        assert fetch(f"{url}/no/such/page/") == (404, "<p>The site's own 404 page</p>")
        (small_site / "404.html").unlink()
        status, body = fetch(f"{url}/no/such/page/")
        assert status == 404 and "File not found" in body
        assert fetch(f"{url}/") == (200, "<p>Home</p>")


def test_the_watcher_leaves_out_a_content_file_that_vanishes_while_it_is_looked_at(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.serve.serve import snapshot

    vanishing = content / "cases" / "example-city-chatbot-pilot.md"
    real_stat = Path.stat

    def stat_after_delete(path: Path, **kwargs: object) -> os.stat_result:
        if path == vanishing:
            vanishing.unlink(missing_ok=True)
        return real_stat(path, **kwargs)

    monkeypatch.setattr(Path, "stat", stat_after_delete)
    (content / "cases" / "loop.md").symlink_to("loop.md")
    os.mkfifo(content / "cases" / "fifo-entry.md")
    times = snapshot([content, content / "no-such-file.yml"])
    assert vanishing not in times and content / "cases" / "loop.md" not in times
    assert content / "cases" / "fifo-entry.md" not in times
    assert content / "themes.yml" in times


@pytest.fixture
def live_site(content: Path, tmp_path: Path):
    """A LiveSite (what `opit serve` runs) after its first complete build."""
    from generator.serve.serve import LiveSite

    live = LiveSite(content, CONFIG, tmp_path / "out" / "site")
    assert live.build_all()
    yield live
    live.stop_background()


@pytest.mark.slow
def test_serve_keeps_the_previous_pages_when_swapping_in_rebuilt_pages_fails(
    live_site, content: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    import generator.serve.serve

    out = live_site.out
    page = out / "cases" / "example-city-chatbot-pilot" / "index.html"
    before = page.read_text("utf-8")
    entry = content / "cases" / "example-city-chatbot-pilot.md"
    text = entry.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    entry.write_text(text.replace(title, "title: Changed while the disk is full", 1), "utf-8")

    def replace_fails(source: object, target: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(generator.serve.serve.os, "replace", replace_fails)
    capsys.readouterr()
    live_site.update()  # no exception
    monkeypatch.undo()
    stderr = capsys.readouterr().err
    assert re.search(rf"^error: update: {re.escape(str(out))}/\S+/index\.html: "
                     "No space left on device$", stderr, re.MULTILINE), stderr
    assert "still serving the previous pages" in stderr and "Traceback" not in stderr
    assert live_site.digests is None and live_site.background is None
    assert page.read_text("utf-8") == before
    with serving(out) as url:
        status, body = fetch(f"{url}/cases/example-city-chatbot-pilot/")
        assert status == 200 and "Changed while the disk is full" not in body


@pytest.mark.slow
def test_serve_keeps_the_previous_site_when_swapping_in_a_complete_rebuild_fails(
    live_site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import generator.pipeline.build

    out = live_site.out
    before = tree_hashes(out)

    def swap_fails(new: Path, target: Path) -> None:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(target))

    monkeypatch.setattr(generator.pipeline.build, "swap_into_place", swap_fails)
    capsys.readouterr()
    assert live_site.build_all() is False
    stderr = capsys.readouterr().err
    assert f"error: swap: {out}: Device or resource busy\n{out} was not changed" in stderr
    assert "Traceback" not in stderr
    assert tree_hashes(out) == before
    with serving(out) as url:
        assert fetch(f"{url}/")[0] == 200


# --- 5. the search page ignores URL parameters it does not know --------------------------------

CHATBOT = "/cases/example-city-chatbot-pilot/"
KNOWN_WORD = "kalevalaquokka"  # only in the chatbot case's narrative
ODD_SEARCHES = [
    "theme=constructor",
    "__proto__=x",
    "constructor=x",
    "theme=__proto__",
    "type=hasOwnProperty&organisation=toString&year=valueOf&language=__proto__&stage=constructor"
    "&level=__defineGetter__&__proto__[theme]=x&constructor[prototype]=y",
]


@pytest.mark.parametrize("odd", ODD_SEARCHES, ids=[
    "theme-constructor", "proto-name", "constructor-name", "theme-proto", "every-filter-odd"])
def test_the_search_page_ignores_filter_parameters_it_does_not_know_and_still_finds_a_word(
    odd: str, page
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(f"/search/?{odd}", timeout=15_000)
    assert response is not None and response.ok
    page.wait_for_selector("#opit-search[data-ready=true]", timeout=15_000)
    chosen = page.eval_on_selector_all(
        "#opit-filters select", "selects => selects.map(s => [s.name, s.value])")
    assert chosen and all(value == "" for _, value in chosen), chosen
    options = page.eval_on_selector_all("#opit-filters option",
                                        "options => options.map(o => o.textContent)")
    assert not [text for text in options if "function" in text or "[object" in text], options
    assert errors == []

    page.goto(f"/search/?{odd}&q={KNOWN_WORD}", timeout=15_000)
    page.wait_for_selector("#opit-search[data-ready=true]", timeout=15_000)
    page.wait_for_function(
        "() => document.querySelectorAll('#opit-results li').length === 1 "
        "&& !document.getElementById('opit-status').textContent.endsWith('…')", timeout=15_000)
    found = page.eval_on_selector_all("#opit-results li a",
                                      "links => links.map(a => new URL(a.href).pathname)")
    assert found == [CHATBOT]
    assert errors == [] and page.console_errors == []
    # The URL keeps the search and drops what was ignored.
    assert page.url.endswith(f"/search/?q={KNOWN_WORD}")


def test_a_known_filter_value_from_the_url_is_still_applied(page) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/search/?type=case&theme=no-such-theme&year=2099x", timeout=15_000)
    page.wait_for_selector("#opit-search[data-ready=true]", timeout=15_000)
    page.wait_for_function(
        "() => document.querySelectorAll('#opit-results li').length === 2 "
        "&& !document.getElementById('opit-status').textContent.endsWith('…')", timeout=15_000)
    assert page.input_value("#opit-filter-type") == "case"
    assert page.input_value("#opit-filter-theme") == ""
    assert errors == []


LOST_SIGNAL = """
import os, signal
from generator.system.children import stop_children_on_signals

with stop_children_on_signals():
    class Finalised:
        def __del__(self) -> None:  # the handler's SystemExit is lost in a finaliser
            os.kill(os.getpid(), signal.SIGTERM)
            sum(range(10_000))
    Finalised()
    print("reached the next step")
"""


def test_a_stop_signal_that_lands_in_a_finaliser_still_ends_opit_with_128_plus_the_signal(
) -> None:
    result = subprocess.run([sys.executable, "-c", LOST_SIGNAL], capture_output=True, text=True,
                            timeout=30, cwd=ROOT)
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert "stopped by SIGTERM" in result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
