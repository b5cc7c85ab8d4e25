"""The accepted hostile corpus, built once and read as files: no page of it can run injected code.

No browser: every built .html file is parsed with html.parser, read the way a browser with
scripting on would read it (the text of <noscript>, <iframe>, <noembed>, <noframes> and <xmp> is
not markup; it is read a second time as markup too, as a browser without scripting would), with
character references decoded and URLs cleaned as browsers clean them. On every page:

- no link, source, form or image URL uses the javascript:, vbscript: or data: scheme;
- nothing is loaded from another host (a link <a href> to another site is fine);
- no element has an event handler attribute (on*), and no page redirects or changes its base URL;
- every <script> is the site's own: a file of the site, a JSON data block, or inline code that
  the theme also writes into the pages of the minimal fixture site (tests/fixtures/minimal).

The corpus holds, among others, code blocks that hide a blank line and then a tag
(cases/bypass-*), heading ids that end the table of contents' href (cases/toc-*) and front matter
that is Markdown or HTML (cases/markdown-*); see tests/test_hostile.py.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from tests.site_fixtures import BuiltSite

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "imagesrcset", "xlink:href",
                  "poster", "data", "background", "cite", "ping", "codebase"}
SCRIPT_SCHEMES = {"javascript", "vbscript", "data"}
# Elements whose URL attributes make the browser fetch something when the page loads.
LOADING_ELEMENTS = {"script", "img", "iframe", "frame", "source", "video", "audio", "track",
                    "object", "embed", "input", "image", "use", "feimage", "body", "table", "td"}
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "prerender", "icon",
                "apple-touch-icon", "manifest", "dns-prefetch", "preconnect", "import"}
JAVASCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript",
                    "application/ecmascript", "text/ecmascript", "text/jscript", "text/livescript"}
DATA_TYPES = {"application/json", "application/ld+json"}
# A browser with scripting on reads these elements' content as text, not as markup.
RAW_TEXT = ("script", "style", "noscript", "iframe", "noembed", "noframes", "xmp")
# What a browser drops from a URL before it reads the scheme.
URL_JUNK = re.compile(r"[\t\n\r]")
URL_EDGES = "".join(map(chr, range(0x21))) + "\x7f"


@dataclass
class Script:
    attrs: dict[str, str]
    text: str


@dataclass
class Parsed:
    elements: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)


class _Reader(HTMLParser):
    CDATA_CONTENT_ELEMENTS = RAW_TEXT

    def __init__(self, into: Parsed) -> None:
        super().__init__(convert_charrefs=True)
        self.into = into
        self.raw: tuple[str, dict[str, str], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pairs = [(name, value or "") for name, value in attrs]
        self.into.elements.append((tag, pairs))
        if tag in RAW_TEXT:
            self.raw = (tag, dict(reversed(pairs)), [])  # the first of a repeated name wins
        for name, value in pairs:
            if name == "srcdoc":  # a whole document in an attribute
                _read(value, self.into)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in RAW_TEXT:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.raw is not None:
            self.raw[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self.raw is None or tag != self.raw[0]:
            return
        name, attrs, parts = self.raw
        self.raw = None
        text = "".join(parts)
        if name == "script":
            self.into.scripts.append(Script(attrs, text))
        elif name != "style":  # what a browser without scripting reads as markup
            _read(text, self.into)


def _read(html: str, into: Parsed | None = None) -> Parsed:
    into = into if into is not None else Parsed()
    reader = _Reader(into)
    reader.feed(html)
    reader.close()
    if reader.raw is not None:  # an unclosed <script> or <noscript> at the end
        reader.handle_endtag(reader.raw[0])
    return into


def _clean(url: str) -> str:
    """A URL as a browser reads it: no tabs or newlines inside, no controls or spaces around."""
    return URL_JUNK.sub("", url).strip(URL_EDGES)


def _urls(name: str, value: str) -> list[str]:
    if name in ("srcset", "imagesrcset"):
        return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]
    if name == "ping":
        return value.split()
    return [value]


def _scheme(url: str) -> str | None:
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", _clean(url))
    return match.group(1).lower() if match else None


def _host(url: str) -> str | None:
    """The host a URL points at, or None for a URL inside the site (relative or rooted)."""
    cleaned = _clean(url).replace("\\", "/")
    if cleaned.startswith("//"):
        return urlsplit("https:" + cleaned).hostname or "?"
    if _scheme(cleaned) in ("http", "https", "ftp", "ws", "wss"):
        return urlsplit(cleaned).hostname or "?"
    return None


def _loads(tag: str, attrs: dict[str, str], name: str) -> bool:
    """True when the browser fetches the URL in attribute `name` of this element by itself."""
    if tag == "link":
        return name in ("href", "imagesrcset") and bool(
            LOADING_RELS & set(attrs.get("rel", "").lower().split()))
    if tag == "a":
        return name == "ping"
    return tag in LOADING_ELEMENTS or name in ("poster", "background", "srcset", "data")


def _pages(site: Path) -> dict[str, Parsed]:
    return {html.relative_to(site).as_posix(): _read(html.read_text("utf-8"))
            for html in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def hostile_pages(hostile_site: BuiltSite) -> dict[str, Parsed]:
    return _pages(hostile_site.root)


@pytest.fixture(scope="module")
def theme_scripts(fixture_site: BuiltSite) -> set[str]:
    """The inline code the theme writes into pages: every inline script of the minimal site."""
    return {script.text.strip() for page in _pages(fixture_site.root).values()
            for script in page.scripts if "src" not in script.attrs}


def _report(found: list[str]) -> str:
    return f"{len(found)} problem(s):\n" + "\n".join(found[:60])


def test_the_corpus_has_the_pages_the_scan_is_about(hostile_pages: dict[str, Parsed]) -> None:
    """A scan that reads no hostile page would pass for nothing."""
    for name in ("bypass-fenced-backticks-script", "toc-heading-text-entities",
                 "markdown-in-text-fields", "valid-body-constructs"):
        assert f"cases/{name}/index.html" in hostile_pages
    assert "workshops/markdown-in-findings/index.html" in hostile_pages
    assert "events/markdown-in-speakers/index.html" in hostile_pages


def test_no_link_source_or_form_on_any_page_uses_a_script_or_data_url(
    hostile_pages: dict[str, Parsed],
) -> None:
    found = []
    for path, page in hostile_pages.items():
        for tag, attrs in page.elements:
            for name, value in attrs:
                if name not in URL_ATTRIBUTES:
                    continue
                for url in _urls(name, value):
                    if _scheme(url) in SCRIPT_SCHEMES:
                        found.append(f"{path}: <{tag} {name}={value!r}>")
    assert not found, _report(found)


def test_no_page_loads_anything_from_another_host(hostile_pages: dict[str, Parsed]) -> None:
    found = []
    for path, page in hostile_pages.items():
        for tag, pairs in page.elements:
            attrs = dict(reversed(pairs))
            for name, value in pairs:
                if name in URL_ATTRIBUTES and _loads(tag, attrs, name):
                    hosts = {_host(url) for url in _urls(name, value)} - {None}
                    if hosts:
                        found.append(f"{path}: <{tag} {name}={value!r}> loads from {hosts}")
    assert not found, _report(found)


def test_no_element_on_any_page_has_an_event_handler_attribute(
    hostile_pages: dict[str, Parsed],
) -> None:
    found = [f"{path}: <{tag} {name}={value!r}>"
             for path, page in hostile_pages.items() for tag, attrs in page.elements
             for name, value in attrs if name.startswith("on")]
    assert not found, _report(found)


def test_no_page_redirects_or_changes_its_base_url(hostile_pages: dict[str, Parsed]) -> None:
    """The one <meta http-equiv> allowed is the site's own Content-Security-Policy."""
    found = [f"{path}: <{tag} {' '.join(f'{n}={v!r}' for n, v in attrs)}>"
             for path, page in hostile_pages.items() for tag, attrs in page.elements
             if tag == "base" or (tag == "meta" and any(
                 n == "http-equiv" and v.lower() != "content-security-policy" for n, v in attrs))]
    assert not found, _report(found)


def test_every_script_on_every_page_is_the_sites_own(
    hostile_site: BuiltSite, hostile_pages: dict[str, Parsed], theme_scripts: set[str]
) -> None:
    """A file of the site, a JSON data block, or inline code the theme writes on every site."""
    assert theme_scripts, "the minimal site has no inline script: the comparison means nothing"
    found = []
    for path, page in hostile_pages.items():
        for script in page.scripts:
            kind = script.attrs.get("type", "").strip().lower()
            shown = f"{path}: <script {script.attrs}>{script.text[:80]!r}"
            if "src" in script.attrs:
                src = _clean(script.attrs["src"])
                base = "" if src.startswith("/") else posixpath.dirname(path)
                target = posixpath.normpath(posixpath.join(base, urlsplit(src).path.lstrip("/")))
                if (_scheme(src) or src.startswith(("//", "\\")) or target.startswith("..")
                        or not (hostile_site.root / target).is_file()):
                    found.append(f"{shown} is not a file of the site")
            elif kind in DATA_TYPES:
                try:
                    json.loads(script.text)
                except ValueError:
                    found.append(f"{shown} is not a JSON data block")
            elif kind in JAVASCRIPT_TYPES:
                if script.text.strip() not in theme_scripts:
                    found.append(f"{shown} is inline code the theme does not write")
            else:
                found.append(f"{shown} has a type the site does not use")
    assert not found, _report(found)


BODY_CODES = {"raw-html", "bad-link-scheme", "bad-id", "bad-attribute", "external-image"}


def _refused_bodies() -> list[tuple[str, str]]:
    from tests.hostile_corpus import HOSTILE, OUTCOMES, Refused

    bodies = []
    for name, outcome in OUTCOMES.items():
        path = HOSTILE / name
        if isinstance(outcome, Refused) and outcome.code in BODY_CODES and path.is_file():
            text = path.read_text("utf-8")
            bodies.append((name, text.split("\n---\n", 1)[1] if text.startswith("---\n") else text))
    return bodies


@pytest.mark.parametrize(("name", "body"), _refused_bodies(), ids=lambda value: value[:40])
def test_the_sanitiser_alone_makes_a_body_the_validator_refuses_harmless(name: str, body: str) -> None:
    """Validation gives the message; the sanitiser is the guarantee if a refused body got through."""
    from generator.read.markup import to_html

    parsed = _read(to_html(body))
    found = [f"<{tag} {attr}>" for tag, attrs in parsed.elements for attr, _ in attrs
             if attr.lower().startswith("on") or attr.lower() in ("style", "srcdoc", "formaction")]
    found += [f"<{tag}>" for tag, _ in parsed.elements
              if tag in ("script", "iframe", "object", "embed", "form", "base", "meta", "link",
                         "style", "svg", "math", "input", "button")]
    found += [f"<{tag} {attr}={value!r}>" for tag, attrs in parsed.elements for attr, value in attrs
              if attr in URL_ATTRIBUTES and (_scheme(value) in SCRIPT_SCHEMES
                                             or (_loads(tag, dict(attrs), attr) and _host(value)))]
    assert not found, f"{name}: " + ", ".join(found)


def test_the_sanitiser_check_sees_the_bodies_it_is_about() -> None:
    names = {name for name, _ in _refused_bodies()}
    assert len(names) >= 20, names


def _csv_cells(site: Path) -> dict[str, list[str]]:
    return {str(path.relative_to(site)): [value for row in csv.reader(io.StringIO(
                path.read_text("utf-8"), newline="")) for value in row]
            for path in sorted(site.glob("api/v1/*.csv"))}


def test_no_csv_cell_starts_like_a_spreadsheet_formula(hostile_site: BuiltSite) -> None:
    tables = _csv_cells(hostile_site.root)
    assert tables, "the hostile site has no CSV files"
    cells = [value for values in tables.values() for value in values]
    formulas = [value for value in cells if value.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert not formulas, formulas
    # the case whose title and keywords are formulas reached the CSV, defused
    assert "'=HYPERLINK(\"https://evil.example/\",\"click\")" in cells
    assert any(value.startswith("'+SUM(1+1)") or "'+SUM(1+1)" in value.split("; ")
               for value in cells), "the keyword formula is missing from the CSV"


def test_every_feed_of_the_hostile_site_is_well_formed_xml(hostile_site: BuiltSite) -> None:
    feeds = sorted(hostile_site.root.rglob("feed.xml"))
    assert feeds, "the hostile site has no feeds"
    for feed in feeds:
        ElementTree.parse(feed)  # raises on any character or markup XML 1.0 does not allow
    assert any("valid-csv-formulas" in feed.read_text("utf-8") for feed in feeds)
