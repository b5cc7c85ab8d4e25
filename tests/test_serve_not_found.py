"""`opit serve` answers an unknown URL as the published site does: status 404 and the site's own
404 page (a language folder's own 404.html first, if it has one), styled from any location.

The first tests run serve's handler in a thread on a handmade site; the others start the real
`opit serve` on the fixture content and open its 404 page in Chromium.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.site_fixtures import FIXTURE_CONTENT, free_port, stop, wait_for_port
from tests.support import ROOT

NOT_FOUND_MARKER = "<h1>Page not found</h1>"


def request(url: str, method: str = "GET") -> tuple[int, str, str]:
    """Status, Content-Type and body of `url`, for an error status too."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method),
                                    timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


@contextmanager
def handler_serving(directory: Path, site_path: str = "/") -> Iterator[str]:
    """serve's own server and handler on `directory`, in a thread."""
    from generator.serve.serve import QuietHandler, QuietServer

    server = QuietServer(("127.0.0.1", 0), functools.partial(
        QuietHandler, directory=str(directory), site_path=lambda: site_path))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def two_language_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for folder in ("fi", "sv", "assets"):
        (site / folder).mkdir(parents=True)
    (site / "index.html").write_text("<p>Home</p>", "utf-8")
    (site / "404.html").write_text("<p>Root 404</p>", "utf-8")
    (site / "fi" / "index.html").write_text("<p>Etusivu</p>", "utf-8")
    (site / "fi" / "404.html").write_text("<p>Sivua ei löydy</p>", "utf-8")
    (site / "sv" / "index.html").write_text("<p>Start</p>", "utf-8")
    (site / "assets" / "site.css").write_text("body { margin: 0 }", "utf-8")
    return site


def test_an_unknown_url_under_a_language_folder_gets_that_languages_404_page(
    two_language_site: Path,
) -> None:
    with handler_serving(two_language_site) as url:
        assert request(f"{url}/fi/no-such-page/") == (404, "text/html; charset=utf-8",
                                                      "<p>Sivua ei löydy</p>")
        assert request(f"{url}/fi/deeper/still/missing.png")[2] == "<p>Sivua ei löydy</p>"


def test_an_unknown_url_elsewhere_gets_the_root_404_page(two_language_site: Path) -> None:
    with handler_serving(two_language_site) as url:
        assert request(f"{url}/sv/no-such-page/") == (404, "text/html; charset=utf-8",
                                                      "<p>Root 404</p>")
        assert request(f"{url}/no-such-page/?q=x")[:2] == (404, "text/html; charset=utf-8")
        assert request(f"{url}/assets/missing.css")[2] == "<p>Root 404</p>"


def test_a_folder_without_an_index_page_is_a_404_not_a_listing(two_language_site: Path) -> None:
    with handler_serving(two_language_site) as url:
        assert request(f"{url}/assets/") == (404, "text/html; charset=utf-8", "<p>Root 404</p>")
        assert request(f"{url}/assets/site.css") == (200, "text/css", "body { margin: 0 }")


def test_existing_pages_are_served_as_before_and_head_gets_no_body(
    two_language_site: Path,
) -> None:
    with handler_serving(two_language_site) as url:
        assert request(f"{url}/fi/") == (200, "text/html", "<p>Etusivu</p>")
        assert request(f"{url}/sv/") == (200, "text/html", "<p>Start</p>")
        assert request(f"{url}/no-such-page/", method="HEAD") == (
            404, "text/html; charset=utf-8", "")


def test_without_any_404_page_an_unknown_url_is_a_plain_404(two_language_site: Path) -> None:
    (two_language_site / "404.html").unlink()
    (two_language_site / "fi" / "404.html").unlink()
    with handler_serving(two_language_site) as url:
        status, _, body = request(f"{url}/fi/no-such-page/")
        assert status == 404 and "File not found" in body


def test_the_site_is_served_under_its_site_urls_path_as_well_as_at_the_root(
    two_language_site: Path,
) -> None:
    with handler_serving(two_language_site, site_path="/opit/") as url:
        assert request(f"{url}/opit/fi/") == request(f"{url}/fi/") == (
            200, "text/html", "<p>Etusivu</p>")
        assert request(f"{url}/opit")[2] == "<p>Home</p>"  # redirected to /opit/
        assert request(f"{url}/opit/fi/no-such-page/")[::2] == (404, "<p>Sivua ei löydy</p>")
        assert request(f"{url}/opitx/")[::2] == (404, "<p>Root 404</p>")


# --------------------------------------------------------------------------------------------
# The real `opit serve`


@contextmanager
def opit_serve(folder: Path, *config: str) -> Iterator[tuple[str, Path]]:
    """`opit serve` of the fixture content: its base URL and its output folder."""
    out, port, log_path = folder / "served", free_port(), folder / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "--content", str(FIXTURE_CONTENT), "serve",
             *config, "--port", str(port), "--out", str(out)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log,
        )
        try:
            wait_for_port(port, proc, timeout=120)
            yield f"http://127.0.0.1:{port}", out
        finally:
            stop(proc)
    assert "Traceback" not in log_path.read_text("utf-8")


@pytest.fixture(scope="module")
def opit_serving(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    with opit_serve(tmp_path_factory.mktemp("serve-not-found")) as serving:
        yield serving


@pytest.fixture(scope="module")
def opit_serving_under_a_path(tmp_path_factory: pytest.TempPathFactory
                              ) -> Iterator[tuple[str, Path]]:
    """The same, with a site_url of a project site on GitHub Pages: https://<org>.github.io/opit/."""
    folder = tmp_path_factory.mktemp("serve-not-found-under-a-path")
    config = folder / "site_config.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", "site_url: https://example.github.io/opit/",
                             (ROOT / "site_config.yml").read_text("utf-8")), "utf-8")
    with opit_serve(folder, "--config", str(config)) as serving:
        yield serving


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/no-such-page/", "/fi/no-such-page/", "/cases/no-such-case/",
                                  "/assets/no-such-file.css"])
def test_opit_serve_answers_an_unknown_url_with_the_sites_404_page(
    opit_serving: tuple[str, Path], path: str
) -> None:
    base, out = opit_serving
    status, content_type, body = request(base + path)
    assert (status, content_type) == (404, "text/html; charset=utf-8")
    assert NOT_FOUND_MARKER in body
    assert body == (out / "404.html").read_text("utf-8")


@pytest.mark.slow
def test_opit_serve_serves_the_site_under_its_site_urls_path_too(
    opit_serving_under_a_path: tuple[str, Path],
) -> None:
    base, out = opit_serving_under_a_path
    home = (out / "index.html").read_text("utf-8")
    assert request(base + "/") == request(base + "/opit/") == (200, "text/html", home)
    assert request(base + "/opit")[2] == home  # redirected to /opit/
    status, _, body = request(base + "/opit/fi/no-such-page/")
    assert (status, body) == (404, (out / "404.html").read_text("utf-8"))
    assert 'href="/opit/assets/' in body


def assert_styled(page, base: str, path: str, width: int) -> None:
    """The 404 page at `path` loads with status 404, every stylesheet and script loads, and
    the page is styled and fits the width."""
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"{request.url} failed"))
    page.on("response", lambda response: response.status >= 400 and response.url != base + path
            and failed.append(f"{response.url}: {response.status}"))
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    assert response is not None and response.status == 404
    assert NOT_FOUND_MARKER in page.content()
    assert failed == []
    sheets = page.evaluate("""() => [...document.querySelectorAll('link[rel=stylesheet]')]
        .map(link => [link.getAttribute('href'), link.sheet ? link.sheet.cssRules.length : 0])""")
    assert len(sheets) >= 2 and all(rules > 0 for _, rules in sheets), sheets
    # Styled: the theme's font and layout, not the browser's serif page.
    assert "Times" not in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert [e for e in page.console_errors if "404" not in e] == []


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("path", ["/no-such-page/", "/fi/no-such-page/"])
def test_the_404_page_under_opit_serve_loads_its_stylesheets_and_scripts(
    browser_page, opit_serving: tuple[str, Path], path: str, width: int
) -> None:
    base, _ = opit_serving
    assert_styled(browser_page(base, viewport={"width": width, "height": 800}), base, path, width)


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/opit/fi/no-such-page/", "/no-such-page/"])
def test_the_404_page_is_styled_when_the_site_url_has_a_path(
    browser_page, opit_serving_under_a_path: tuple[str, Path], path: str
) -> None:
    base, _ = opit_serving_under_a_path
    assert_styled(browser_page(base, viewport={"width": 1280, "height": 800}), base, path, 1280)
