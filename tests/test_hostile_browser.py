"""Hostile text that validates must reach a reader's browser as text: checked in real Chromium.

The accepted cases of the hostile corpus (tests/test_hostile.py: every file whose outcome is
VALID, and the registries without their refused "bad-" items) are built with the real
`opit build` and every page is opened in Debian's chromium. On no page may injected code run:

- no dialog opens (the payloads call alert());
- `window.__pwned`, which the payloads set, stays undefined;
- no element has an event-handler attribute (on*), and there is no <meta http-equiv>;
- no link, image or form in the article uses a scheme other than http(s) or mailto;
- the page neither navigates away (a meta refresh) nor requests anything from another host.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import run_opit
from tests.site_fixtures import served
from tests.test_hostile import BAD_ITEM_PREFIX, OUTCOMES, VALID, make_corpus

REGISTRIES = ("organisations.yml", "themes.yml", "series.yml")

INSPECT = """(entryPage) => {
  const problems = [];
  if (window.__pwned !== undefined) problems.push("window.__pwned was set by injected code");
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) {
        problems.push(`<${element.localName} ${attribute.name}="${attribute.value}">`);
      }
    }
  }
  for (const meta of document.querySelectorAll("meta[http-equiv]")) {
    // The site's own policy, first in <head>; any other (a refresh, a second policy) is injected.
    const own = meta === document.head.firstElementChild
      && meta.getAttribute("http-equiv") === "Content-Security-Policy";
    if (own) continue;
    problems.push(`<meta http-equiv="${meta.getAttribute("http-equiv")}"> in the page`);
  }
  const article = document.querySelector("article") || document.body;
  for (const element of article.querySelectorAll("[href], [src], [action], [formaction]")) {
    for (const name of ["href", "src", "action", "formaction"]) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      const protocol = new URL(value, location.href).protocol;
      if (!["http:", "https:", "mailto:"].includes(protocol)) {
        problems.push(`<${element.localName} ${name}="${value}"> (${protocol})`);
      }
    }
  }
  // Entry pages carry content; the site's own search form and script live on other pages.
  const dangerous = "script, iframe, frame, object, embed, style, form, base, meta, link, svg";
  for (const element of entryPage ? article.querySelectorAll(dangerous) : []) {
    problems.push(`<${element.localName}> inside the article`);
  }
  return problems;
}"""


def _valid_subset(folder: Path) -> Path:
    """The corpus with every refused case removed: what a build accepts."""
    content = make_corpus(folder)
    for name, outcome in OUTCOMES.items():
        path = content / name
        if name in REGISTRIES:
            items = yaml.safe_load(path.read_text("utf-8"))
            kept = [item for item in items if not item["id"].startswith(BAD_ITEM_PREFIX)]
            path.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), "utf-8")
        elif outcome != VALID:
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink()
    return content


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-site")
    content = _valid_subset(folder)
    out = folder / "site"
    result = run_opit("--content", str(content), "build", "--out", str(out))
    assert result.returncode == 0, f"build of the accepted cases failed:\n{result.stderr}"
    return out


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with served(hostile_site) as url:
        yield url


@pytest.fixture
def visit(browser, hostile_url: str):
    """visit('/cases/x/') -> problems found on that page (an empty list when it is inert)."""
    context = browser.new_context(base_url=hostile_url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    events: list[str] = []

    def on_dialog(dialog) -> None:
        events.append(f"a {dialog.type} dialog opened: {dialog.message!r}")
        dialog.dismiss()

    def on_request(request) -> None:
        if not request.url.startswith((hostile_url + "/", "data:", "blob:", "about:")):
            events.append(f"request to another host: {request.url}")

    page.on("dialog", on_dialog)
    page.on("request", on_request)

    def inspect(path: str) -> list[str]:
        entry_page = path.strip("/").split("/")[0] in ("cases", "workshops", "events")
        try:
            return page.evaluate(INSPECT, entry_page)
        except PlaywrightError as error:  # the page navigated away while it was inspected
            return [f"the page could not be inspected: {error.message.splitlines()[0]}"]

    def run(path: str) -> list[str]:
        events.clear()
        page.goto(path, wait_until="load")
        problems = inspect(path)  # before a redirect could take the page away
        page.wait_for_timeout(250)  # an onerror handler or a meta refresh has run by now
        problems += events
        now = urlsplit(page.url)
        if (f"{now.scheme}://{now.netloc}", now.path) != (hostile_url, urlsplit(path).path):
            problems.append(f"the page navigated to {page.url}")
        else:
            problems += inspect(path)
        return list(dict.fromkeys(problems))

    run.page = page
    yield run
    context.close()


def _pages(site: Path) -> list[str]:
    found = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        if relative.split("/")[0] in ("pagefind", "api", "assets"):
            continue
        found.append("/" if relative == "." else f"/{relative}/")
    return found


def test_body_text_that_validates_is_inert_and_shown_as_text(visit) -> None:
    assert visit("/cases/valid-body-constructs/") == []
    text = visit.page.inner_text("article")
    for shown in ("<script>window.__pwned = 1</script>", "<img src=x onerror=alert(1)>",
                  "<svg onload=window.__pwned=1>", '<iframe src="javascript:alert(1)"></iframe>',
                  "[not a link](javascript:alert(1))", "{onclick=alert(1)}"):
        assert shown in text, f"{shown!r} is not shown as text"


def test_hostile_front_matter_and_registry_text_is_inert_on_every_page(
    visit, hostile_site: Path
) -> None:
    """Titles, summaries, names: on entry pages, listings, taxonomy pages and in <head>."""
    pages = _pages(hostile_site)
    for expected in ("/cases/valid-text-fields/", "/cases/valid-summary-refresh/",
                     "/themes/hostile-theme-refresh/", "/organisations/hostile-org-markup/"):
        assert expected in pages
    found = {path: problems for path in pages if (problems := visit(path))}
    assert not found, "injected code runs or could run:\n" + "\n".join(
        f"{path}: {problem}" for path, problems in found.items() for problem in problems)


def test_search_results_with_hostile_titles_are_inert(visit) -> None:
    assert visit("/search/?q=quoted") == []
    visit.page.wait_for_selector(".opit-item", timeout=15_000)
    visit.page.wait_for_timeout(250)
    assert visit.page.evaluate(INSPECT, False) == []
    assert visit.page.evaluate("window.__pwned") is None


def test_no_file_of_the_corpus_was_left_out_by_mistake(hostile_site: Path) -> None:
    """Every accepted entry got its page."""
    for name, outcome in OUTCOMES.items():
        if outcome == VALID and name.endswith(".md"):
            folder, file = name.split("/")
            assert (hostile_site / folder / file.removesuffix(".md") / "index.html").is_file()


def test_the_build_keeps_the_text(hostile_site: Path) -> None:
    html = (hostile_site / "cases" / "valid-body-constructs" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
