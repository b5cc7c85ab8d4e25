"""Helpers shared by the test modules: paths, the real command line, content folders, the
bad-content table, process trees and search pages. Test modules import from here, never from
each other; pytest fixtures live in tests/conftest.py and tests/site_fixtures.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from generator.catalog.catalog import Catalog
from generator.catalog.load import load_catalog
from generator.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def run_opit(*args: str, cwd: Path = ROOT, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the real `opit` command line as a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


MINIMAL = FIXTURES / "minimal" / "content"
BAD = FIXTURES / "bad" / "content"


# ---------------------------------------------------------------------------------------------
# The expected-diagnostics table for tests/fixtures/bad/content (one row per broken file).
# ---------------------------------------------------------------------------------------------


class Expected(NamedTuple):
    line: int
    column: int
    code: str
    message: str  # a substring of the message
    severity: str = "error"


BAD_CONTENT: dict[str, Expected] = {
    "organisations.yml": Expected(19, 16, "invalid",
        "business_id: the check digit of Business ID '1234567-8' is wrong; copy it again "
        "from ytj.fi"),
    "cases/Upper-Case-Name.md": Expected(1, 1, "bad-file-name",
        "file name 'Upper-Case-Name.md' is not a valid id (3-80 lowercase letters, digits and "
        "hyphens); rename it to 'upper-case-name.md'"),
    "cases/bad-date.md": Expected(10, 12, "bad-date",
        "published: '2024-02-30' is not a real date; write YYYY-MM-DD"),
    "cases/bad-language.md": Expected(5, 11, "bad-value",
        "language: 'english' is not allowed; use one of: fi, sv, en"),
    "cases/duplicate-key.md": Expected(6, 1, "duplicate-key",
        "duplicate key 'title' (first given on line 3); keep one and delete the other"),
    "cases/javascript-source-url.md": Expected(14, 10, "invalid",
        "sources item 1, url: URL scheme 'javascript' is not allowed; links must start with "
        "https://"),
    "cases/language-no.md": Expected(5, 11, "bad-value",
        "language: 'no' is not allowed; use one of: fi, sv, en"),
    "cases/list-for-text.md": Expected(5, 3, "wrong-type", "summary must be text, not a list"),
    "cases/missing-lessons.md": Expected(3, 1, "no-lessons",
        "this case has no lessons, challenges_and_failures or conditions_for_success",
        "warning"),
    "cases/missing-sources.md": Expected(3, 1, "missing-key",
        "missing required key 'sources': Where the facts come from"),
    "cases/no-front-matter.md": Expected(1, 1, "no-front-matter",
        "no front matter: the file must start with a line '---'"),
    "cases/not-utf8.md": Expected(4, 13, "not-utf8",
        "byte 0xe4 is not UTF-8; save the file as UTF-8"),
    "cases/python-tag.md": Expected(17, 8, "yaml-tag",
        "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "cases/script-in-body.md": Expected(26, 1, "raw-html",
        "raw HTML is not allowed in entry text: '<script>alert('hi')</script>'"),
    "cases/tab-indentation.md": Expected(7, 1, "yaml-syntax",
        "invalid YAML: a tab character; YAML allows only spaces for indentation"),
    "cases/type-mismatch.md": Expected(3, 7, "type-mismatch",
        "type 'event' does not match the folder cases/ (type 'case')"),
    "cases/unclosed-front-matter.md": Expected(1, 1, "unclosed-front-matter",
        "front matter is not closed: add a line '---' after the last key"),
    "cases/unknown-finding.md": Expected(19, 5, "unknown-finding",
        "unknown finding 'example-forum-workshop#shared-data'; "
        "did you mean 'example-forum-workshop#shared-data-model'?"),
    "cases/unknown-key.md": Expected(18, 1, "unknown-key",
        "unknown key 'lesson'; did you mean 'lessons'?"),
    "cases/unknown-organisation.md": Expected(9, 5, "unknown-organisation",
        "unknown organisation 'ministry-of-magic'; add it to content/organisations.yml or pick "
        "an existing id"),
    "cases/unknown-related.md": Expected(16, 5, "unknown-entry",
        "unknown entry 'example-forum-worksop'; did you mean 'example-forum-workshop'?"),
    "cases/unknown-theme.md": Expected(7, 5, "unknown-theme",
        "unknown theme 'digital-service'; did you mean 'digital-services'?"),
    "cases/updated-before-published.md": Expected(11, 1, "invalid",
        "updated (2024-01-15) is before published (2024-04-02); fix one of the dates"),
    "cases/yaml-alias.md": Expected(15, 11, "yaml-alias",
        "YAML aliases (*shared) are not allowed in content; write the value out in full"),
    "events/unknown-speaker-organisation.md": Expected(18, 19, "unknown-organisation",
        "unknown organisation 'example-cty'; did you mean 'example-city'?"),
    "workshops/duplicate-finding-id.md": Expected(21, 9, "invalid",
        "findings item 2, id: finding id 'shared-data-model' is used twice; make each id unique"),
    "workshops/unknown-series.md": Expected(15, 9, "unknown-series",
        "unknown series 'example-data-foru'; did you mean 'example-data-forum'?"),
}


# ---------------------------------------------------------------------------------------------
# Helpers: a copy of the minimal fixture with one file changed, validated in-process.
# ---------------------------------------------------------------------------------------------

# A valid case, small enough to count lines by eye (line 1 is the opening '---').
CASE = """\
---
title: Example City chatbot pilot
summary: Example City tried a chatbot for service requests and wrote down what it learned.
language: en
themes:
  - digital-services
organisations:
  - example-city
published: 2024-04-02
sources:
  - title: Example City pilot report
    url: https://example.org/report
year: 2023
level_of_government: local
stage: implementing
lessons:
  - Start with the questions residents actually ask.
---

The story of the pilot, in plain language.
"""

WORKSHOP = """\
---
title: Example workshop on shared data
summary: A workshop where municipalities compared how they describe service requests.
language: en
themes:
  - data-sharing
organisations:
  - example-digital-agency
published: 2024-03-20
sources:
  - title: Workshop notes
date: 2024-03-14
format: hybrid
findings:
  - id: shared-data-model
    statement: Each municipality describes the same service events with its own fields.
  - id: procurement-rules-unclear
    statement: Nobody was sure whether two municipalities may order one interface together.
---

What happened at the workshop.
"""

EVENT = """\
---
title: Example meetup on open interfaces
summary: An online meetup where the agency showed how it opened its first interface.
language: en
themes:
  - digital-services
organisations:
  - example-digital-agency
published: 2024-05-06
sources:
  - title: Meetup programme
date: 2024-05-03
format: online
speakers:
  - organisation: example-city
    role: product owner
---

What was said at the meetup.
"""


def edit(text: str, old: str, new: str) -> str:
    """`text` with the one occurrence of `old` replaced by `new`."""
    assert text.count(old) == 1, f"expected exactly one {old!r}"
    return text.replace(old, new)


class ContentFolder:
    """A copy of the minimal fixture in a temporary folder, the working folder of the test."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        shutil.copytree(MINIMAL, self.content)

    def write(self, relpath: str, text: str | bytes) -> str:
        """Write a file under content/ and return its path as diagnostics show it."""
        path = self.content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return f"content/{relpath}"

    def catalog(self) -> Catalog:
        with contextlib.chdir(self.root):
            return load_catalog(Path("content"))

    def diagnostics(self) -> list[Diagnostic]:
        return sorted(self.catalog().diagnostics)

    def check(self, relpath: str, text: str | bytes) -> list[Diagnostic]:
        """Write one file and return every diagnostic of the whole folder."""
        self.write(relpath, text)
        return self.diagnostics()


def error(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, column, "error", code, message)


CASE_PATH = "content/cases/example-case.md"


def check_case(folder: ContentFolder, text: str) -> list[Diagnostic]:
    return folder.check("cases/example-case.md", text)


# ---------------------------------------------------------------------------------------------
# Process trees and output folders.
# ---------------------------------------------------------------------------------------------


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file (and the target of every link) under `folder`."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            hashes[key] = "link:" + os.readlink(path)
        elif path.is_file():
            hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def descendants(pid: int) -> dict[int, str]:
    """pid -> command line of every living descendant of `pid` (from /proc/*/task/*/children)."""
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = list(Path(f"/proc/{parent}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                children = [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
            for child in children:
                try:
                    command = Path(f"/proc/{child}/cmdline").read_bytes()
                except OSError:
                    continue
                found[child] = command.replace(b"\0", b" ").decode()
                todo.append(child)
    return found

# ---------------------------------------------------------------------------------------------
# Search pages in the browser: when the first results appear, and holding languages back.
# ---------------------------------------------------------------------------------------------

LANGUAGE = re.compile(r"/pagefind/(?:wasm\.(\w+)\.pagefind|pagefind\.(\w+)_\w+\.pf_meta"
                      r"|(?:index|fragment)/(\w+?)_\w+\.pf_(?:index|fragment))$")

# Calls window.opitFirstResults(urls, status) when the page first shows results.
FIRST_RESULTS_HOOK = """new MutationObserver((changes, observer) => {
  const box = document.getElementById("opit-search");
  if (box && box.dataset.firstResults === "true") {
    observer.disconnect();
    window.opitFirstResults([...document.querySelectorAll("#opit-results li h2 a")].map(a => a.href),
                            document.getElementById("opit-status").textContent);
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-first-results"]});"""


def file_language(url: str) -> str | None:
    """The language of a language-specific Pagefind file (WebAssembly, metadata, chunk, fragment)."""
    match = LANGUAGE.search(url.split("?")[0])
    return next((group for group in match.groups() if group), None) if match else None


def watch_first_results(page) -> dict:
    """What the page had requested and showed when its first results appeared.

    Returns a dict that gets `urls` (the results shown), `status` and `requests` (every URL
    requested until then); `page.all_requests` keeps every URL requested, `page.all_responses`
    every (URL, HTTP status) answered.
    """
    first: dict = {}
    page.all_requests, page.all_responses = [], []
    page.on("request", lambda request: page.all_requests.append(request.url))
    page.on("response", lambda response: page.all_responses.append((response.url, response.status)))
    page.expose_function("opitFirstResults", lambda urls, status: first.update(
        urls=urls, status=status, requests=list(page.all_requests)))
    page.add_init_script(FIRST_RESULTS_HOOK)
    return first


def hold_other_languages(page, own: str) -> Callable[[], None]:
    """Hold back other languages' WebAssembly, so that the first results stay on the page.

    Returns the function that lets them through.
    """
    held: list = []
    released: list = []

    def route(route) -> None:
        if released or file_language(route.request.url) == own:
            route.continue_()
        else:
            held.append(route)

    def release() -> None:
        released.append(True)
        while held:
            held.pop().continue_()

    page.route(re.compile(r"/pagefind/wasm\.\w+\.pagefind$"), route)
    return release


# ---------------------------------------------------------------------------------------------
# The docs tree that render writes for the minimal fixture (tests/fixtures/expected_docs/).
# ---------------------------------------------------------------------------------------------

EXPECTED_DOCS = FIXTURES / "expected_docs"


def render_minimal_docs(docs: Path) -> None:
    """Render the minimal fixture's docs tree into `docs` in-process, as `opit build` does.

    The one place the tests call render_tree: when its signature changes, change this function and
    regenerate the stored tree (python -m tests.regenerate_expected_docs --write).
    """
    from generator.config import load_config
    from generator.render.render import render_tree

    config = load_config(ROOT / "site_config.yml")
    catalog = load_catalog(MINIMAL)
    assert not [d for d in catalog.diagnostics if d.severity == "error"], catalog.diagnostics
    render_tree(catalog, config, docs)  # it writes each page's head itself


def tree_files(folder: Path) -> dict[str, bytes]:
    """Relative POSIX path -> bytes of every file under `folder`."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


# --- The fixture site's pages, and reading its search page in a browser --------------------

CHATBOT = "/cases/example-city-chatbot-pilot/"
FINNISH_CASE = "/cases/esimerkin-hyvinvointialueen-ajanvarauskokeilu/"
SHARED_DATA = "/workshops/example-data-forum-shared-data-2024/"
OPEN_APIS = "/events/example-digi-meetup-open-apis-2024/"
UNIQUE_WORD = "kalevalaquokka"  # only in the chatbot case's narrative
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SEARCH_RESULTS = f"/search/?q={UNIQUE_WORD}"
PAGES = {
    "home": "/",
    "listing": "/cases/",
    "theme": "/themes/data-sharing/",
    "case": CHATBOT,
    "finnish case": FINNISH_CASE,
    "workshop": SHARED_DATA,
    "event": OPEN_APIS,
    "search results": SEARCH_RESULTS,
    "finnish home": "/fi/",
}


def goto(page, path: str) -> None:
    """Open a page; on the search page, wait until Pagefind is loaded and results are shown."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    if path.startswith("/search/"):
        page.wait_for_selector("#opit-search[data-ready=true]")


def result_paths(page) -> list[str]:
    return page.eval_on_selector_all(
        "#opit-results li a", "links => links.map(a => new URL(a.href).pathname)")


def selected(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "#opit-filters select", "selects => Object.fromEntries(selects.map(s => [s.name, s.value]))")


def wait_for_results(page, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('#opit-results li').length === n "
        "&& !document.getElementById('opit-status').textContent.endsWith('…')", arg=count)
