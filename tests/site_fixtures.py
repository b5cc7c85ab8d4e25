"""Session fixtures for the site tests: real `opit build` runs, a local web server, real Chromium.

Each site is built once per test session with the real command line (validate -> docs tree ->
mkdocs build --strict -> Pagefind -> open data -> swap into place). The browser is Debian's
chromium driven by Playwright's Python package (never `playwright install`); a missing browser
fails the tests, it does not skip them. Registered from tests/conftest.py (pytest_plugins).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import FIXTURES, ROOT, run_opit

FIXTURE_CONTENT = FIXTURES / "minimal" / "content"
REAL_CONTENT = ROOT / "content"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("data:", "blob:", "about:")


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the output folder, as `opit build --out` wrote it
    stderr: str

    def html(self, url_path: str) -> str:
        """The HTML of the page at a directory URL such as '/cases/x/' (or '/')."""
        return (self.root / url_path.strip("/") / "index.html").read_text("utf-8")


def build_site(content: Path, out: Path, *extra: str,
               builder: str | None = None) -> subprocess.CompletedProcess:
    """The real `opit build` of `content` into `out` (with `--builder builder` if given)."""
    chosen = ("--builder", builder) if builder else ()
    return run_opit("--content", str(content), "build", "--out", str(out), *chosen, *extra)


def built(content: Path, out: Path, builder: str | None = None) -> BuiltSite:
    result = build_site(content, out, builder=builder)
    assert result.returncode == 0, (
        f"opit build of {content} failed (rc {result.returncode}):\n{result.stderr}{result.stdout}")
    return BuiltSite(out, result.stderr)


# Tests that need one of these session builds are marked `slow`, tests that need `browser` are
# marked `browser` (also when their module forgot): ./test.sh -m "not browser and not slow" skips both.
NEEDS_A_BUILD = {"fixture_site", "real_site", "hostile_site"}


@pytest.hookimpl(tryfirst=True)  # before pytest deselects by -m
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if "browser" in needs:
            item.add_marker(pytest.mark.browser)
        if needs & NEEDS_A_BUILD:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The small fixture content (tests/fixtures/minimal/content), built once per session."""
    return built(FIXTURE_CONTENT, tmp_path_factory.mktemp("fixture-build") / "site")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The project's own content/, built once per session."""
    return built(REAL_CONTENT, tmp_path_factory.mktemp("real-build") / "site")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The accepted cases of the hostile corpus (tests/hostile_corpus.py), built once per session."""
    from tests.hostile_corpus import make_accepted_corpus

    folder = tmp_path_factory.mktemp("hostile-build")
    return built(make_accepted_corpus(folder), folder / "site")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with code {proc.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s") from None
            time.sleep(0.05)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """http://127.0.0.1:<port> serving `directory` with Python's http.server, while in use."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, proc, timeout=10)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def site_url(fixture_site: BuiltSite) -> Iterator[str]:
    """The fixture build, served on 127.0.0.1."""
    with served(fixture_site.root) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(hostile_site: BuiltSite) -> Iterator[str]:
    """The hostile build, served on 127.0.0.1."""
    with served(hostile_site.root) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through Playwright; fails (not skips) when it is missing."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian chromium is missing ({CHROMIUM}): apt-get install -y chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser) -> Iterator[Callable[..., object]]:
    """The one way tests open a page: browser_page(base_url, **context_args) -> a Playwright page.

    Each page has a context of its own (closed after the test) whose base URL is `base_url`, so
    `page.goto("/cases/")` works, and a 15 s default timeout. It records what a page must not do:
    `page.requests`: every URL requested; `page.external_requests`: those outside `base_url`;
    `page.console_errors`: console messages of type error and uncaught page errors. Keyword
    arguments go to browser.new_context (e.g. viewport={"width": 360, "height": 740}).
    """
    contexts = []

    def make(base_url: str, **context_args: object):
        context = browser.new_context(base_url=base_url, **context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        external: list[str] = []
        errors: list[str] = []

        requests: list[str] = []

        def on_request(request) -> None:
            requests.append(request.url)
            if not request.url.startswith((base_url + "/", *LOCAL_SCHEMES)):
                external.append(request.url)

        def on_console(message) -> None:
            if message.type == "error":
                location = message.location or {}
                errors.append(f"{message.text} ({location.get('url', '')})")

        # On the context: requests from workers (Pagefind's) and other pages count too.
        context.on("request", on_request)
        context.on("console", on_console)
        page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
        page.external_requests = external
        page.console_errors = errors
        page.requests = requests
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def open_page(browser_page, site_url: str) -> Callable[..., object]:
    """browser_page on the fixture site: open_page(**context_args)."""
    return lambda **context_args: browser_page(site_url, **context_args)


@pytest.fixture
def page(open_page):
    """A page on the fixture site (desktop size); see browser_page for what it records."""
    return open_page()
