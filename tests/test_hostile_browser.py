"""Hostile text that validates must reach a reader's browser as text: checked in real Chromium.

The accepted cases of the hostile corpus (tests/test_hostile.py: every file whose outcome is
VALID, and the registries without their refused "bad-" items) are built with the real
`opit build` and every page is opened in Debian's chromium. On no page may injected code run:

- no dialog opens (the payloads call alert());
- `window.__pwned`, which the payloads set, stays undefined;
- no element has an event-handler attribute (on*), and there is no <meta http-equiv>;
- no link, image or form in the article uses a scheme other than http(s) or mailto;
- the page neither navigates away (a meta refresh) nor requests anything from another host;
- and all of that still holds after every element has been hovered, focused and clicked: the
  mouse is moved over each element and the keyboard tabs through the page for real, and every
  element also gets the pointer, focus, key and click events dispatched to it (a click on a link
  to another page is cancelled, so the test stays on the page; any other link is followed).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.hostile_corpus import OUTCOMES, VALID
from tests.site_fixtures import BuiltSite, served

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


# Dispatches the events a reader's hover, focus, typing and click fire on every element, clicks
# what a reader can click and returns the centres of the visible elements for the real mouse.
EXERCISE = """() => {
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link) return;
    const url = new URL(link.getAttribute("href"), location.href);
    const elsewhere = url.origin !== location.origin || url.pathname !== location.pathname;
    if (url.protocol === "mailto:" || (["http:", "https:"].includes(url.protocol) && elsewhere)) {
      event.preventDefault();
    }
  }, true);
  // The site's own search form would take the page away; a form in content is caught elsewhere.
  document.addEventListener("submit", (event) => event.preventDefault(), true);
  const kinds = ["pointerover", "pointerenter", "mouseover", "mouseenter", "mousemove",
    "pointerdown", "mousedown", "pointerup", "mouseup", "focus", "focusin", "blur", "focusout",
    "keydown", "keyup", "input", "change", "dblclick", "contextmenu", "wheel", "toggle",
    "animationstart", "transitionend"];
  const clickable = "a, button, summary, label, input, select, textarea, [tabindex]";
  const centres = [];
  for (const element of document.querySelectorAll("body *")) {
    for (const kind of kinds) element.dispatchEvent(new Event(kind, {bubbles: true}));
    if (typeof element.focus === "function") element.focus();
    if (element.matches(clickable)) element.click();
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) {
      centres.push([box.left + box.width / 2 + scrollX, box.top + box.height / 2 + scrollY]);
    }
  }
  return {centres, height: document.documentElement.scrollHeight};
}"""
MOUSE_STOPS = 40
TAB_PRESSES = 25


def exercise(page) -> int:
    """Hover, focus and click everything on the page; the number of pointer positions visited."""
    found = page.evaluate(EXERCISE)
    page.set_viewport_size({"width": 1280, "height": min(max(int(found["height"]), 720), 16_000)})
    page.evaluate("() => window.scrollTo(0, 0)")
    # One position per 40 px cell that holds an element's centre, at most MOUSE_STOPS a page (each
    # move waits for a frame): every element already had its events dispatched, the real pointer
    # is the second check.
    cells = sorted({(round(y) // 40, round(x) // 40) for x, y in found["centres"]})
    step = max(1, -(-len(cells) // MOUSE_STOPS))  # rounded up: at most MOUSE_STOPS
    for row, column in cells[::step]:
        page.mouse.move(column * 40 + 20, row * 40 + 20)
    for _ in range(TAB_PRESSES):
        page.keyboard.press("Tab")
    page.wait_for_timeout(100)
    return len(cells[::step])


@pytest.fixture
def visit(browser_page, hostile_url: str):
    """visit('/cases/x/') -> problems found on that page (an empty list when it is inert)."""
    page = browser_page(hostile_url)
    events: list[str] = []

    def on_dialog(dialog) -> None:
        events.append(f"a {dialog.type} dialog opened: {dialog.message!r}")
        dialog.dismiss()

    def on_request(request) -> None:
        if not request.url.startswith((hostile_url + "/", "data:", "blob:", "about:")):
            events.append(f"request to another host: {request.url}")

    def hold(route) -> None:
        # Once a page is loaded, the site's own controls (a language or filter menu) may navigate
        # when used: the navigation is cancelled so the test stays on the page it inspects.
        request = route.request
        if held and request.is_navigation_request() and request.frame == page.main_frame:
            route.abort("aborted")
        else:
            route.continue_()

    held: list[bool] = []
    page.on("dialog", on_dialog)
    page.on("request", on_request)
    page.route("**/*", hold)

    def inspect(path: str) -> list[str]:
        entry_page = path.strip("/").split("/")[0] in ("cases", "workshops", "events")
        try:
            return page.evaluate(INSPECT, entry_page)
        except PlaywrightError as error:  # the page navigated away while it was inspected
            return [f"the page could not be inspected: {error.message.splitlines()[0]}"]

    def run(path: str, interact: bool = False) -> list[str]:
        events.clear()
        page.set_viewport_size({"width": 1280, "height": 720})
        page.goto(path, wait_until="load")
        problems = inspect(path)  # before a redirect could take the page away
        page.wait_for_timeout(250)  # an onerror handler or a meta refresh has run by now
        if interact and not events and page.url.startswith(hostile_url):
            held.append(True)
            try:
                run.positions = exercise(page)
            except PlaywrightError as error:
                problems.append(f"the page went away while used: {error.message.splitlines()[0]}")
            finally:
                held.clear()
        problems += events
        now = urlsplit(page.url)
        if (f"{now.scheme}://{now.netloc}", now.path) != (hostile_url, urlsplit(path).path):
            problems.append(f"the page navigated to {page.url}")
        else:
            problems += inspect(path)
        return list(dict.fromkeys(problems))

    run.page = page
    run.positions = 0
    return run


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


def test_every_page_stays_inert_when_everything_on_it_is_hovered_focused_and_clicked(
    visit, hostile_site: BuiltSite
) -> None:
    """Titles, summaries, names: on entry pages, listings, taxonomy pages and in <head>.

    Each page is inspected as loaded, then used (hovered, focused, clicked), then inspected again.
    """
    pages = _pages(hostile_site.root)
    for expected in ("/cases/valid-text-fields/", "/cases/valid-summary-refresh/",
                     "/themes/hostile-theme-refresh/", "/organisations/hostile-org-markup/"):
        assert expected in pages
    found = {}
    positions = 0
    for path in pages:
        if problems := visit(path, interact=True):
            found[path] = problems
        positions += visit.positions
    assert positions > 20 * len(pages), f"only {positions} pointer positions: pages were not used"
    assert not found, "injected code ran or could run:\n" + "\n".join(
        f"{path}: {problem}" for path, problems in found.items() for problem in problems)


def test_search_results_with_hostile_titles_are_inert(visit) -> None:
    assert visit("/search/?q=quoted") == []
    visit.page.wait_for_selector(".opit-item", timeout=15_000)
    visit.page.wait_for_timeout(250)
    assert visit.page.evaluate(INSPECT, False) == []
    assert visit.page.evaluate("() => window.__pwned") is None


def test_no_file_of_the_corpus_was_left_out_by_mistake(hostile_site: BuiltSite) -> None:
    """Every accepted entry got its page."""
    for name, outcome in OUTCOMES.items():
        if outcome == VALID and name.endswith(".md"):
            folder, file = name.split("/")
            assert (hostile_site.root / folder / file.removesuffix(".md") / "index.html").is_file()


def test_the_build_keeps_the_text(hostile_site: BuiltSite) -> None:
    html = (hostile_site.root / "cases" / "valid-body-constructs" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html


TRAP = """<!doctype html><html><head><title>trap</title></head><body><article>
<p><b onmouseover="window.__pwned=1">hover me</b></p>
<p><a href="javascript:alert(1)">a link</a></p>
</article></body></html>"""


def test_the_hover_and_click_check_catches_a_handler_and_a_javascript_link(
    browser_page, tmp_path: Path
) -> None:
    """The check above could fail: on a page made to be caught, it is."""
    (tmp_path / "trap").mkdir()
    (tmp_path / "trap" / "index.html").write_text(TRAP, "utf-8")
    with served(tmp_path) as url:
        page = browser_page(url)
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto("/trap/")
        exercise(page)
        assert page.evaluate("window.__pwned") == 1
        assert dialogs == ["1"]
