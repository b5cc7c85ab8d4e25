"""The site stage: real `opit build` runs and assertions on the pages it writes.

- the fixture content (tests/fixtures/minimal/content) and the real content/ are built once per
  session with the real command (tests/site_fixtures.py), mkdocs --strict included;
- the generated HTML is parsed with html.parser: metadata panels, finding anchors, related
  entries, listing order, theme/organisation/series pages, home counts, languages, navigation;
- privacy: no stylesheet or script from another host;
- a failing build exits non-zero, names the step and leaves the previous output byte-identical;
- `opit serve` serves the site and rebuilds when an entry changes.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.htmldom import Node, parse
from tests.site_fixtures import (
    FIXTURE_CONTENT,
    REAL_CONTENT,
    BuiltSite,
    build_site,
    free_port,
    stop,
    wait_for_port,
)
from tests.support import ROOT, run_opit

pytestmark = pytest.mark.slow

CHATBOT = "/cases/example-city-chatbot-pilot/"
FINNISH_CASE = "/cases/esimerkin-hyvinvointialueen-ajanvarauskokeilu/"
SHARED_DATA = "/workshops/example-data-forum-shared-data-2024/"
AI_PROCUREMENT = "/workshops/example-data-forum-ai-procurement-2023/"
OPEN_APIS = "/events/example-digi-meetup-open-apis-2024/"
ACCESSIBILITY_MEETUP = "/events/example-digi-meetup-accessibility-2024/"
ENTRIES = [CHATBOT, FINNISH_CASE, SHARED_DATA, AI_PROCUREMENT, OPEN_APIS, ACCESSIBILITY_MEETUP]


# --------------------------------------------------------------------------------------------
# Reading the built pages (tests/htmldom.py parses them).

def article(site: BuiltSite, url_path: str) -> Node:
    return parse(site.html(url_path)).find("div", cls="opit-page")


def panel(node: Node) -> dict[str, str]:
    """The metadata panel (dl.opit-meta) as label -> text."""
    dl = node.find("dl", cls="opit-meta")
    return {row.find("dt").text(): row.find("dd").text() for row in dl.find_all("div")}


def resolve(page: str, href: str) -> str:
    """A relative link on the page at directory URL `page` as a site path ('/x/y/#frag')."""
    parts = [p for p in page.strip("/").split("/") if p]
    path, _, fragment = href.partition("#")
    for piece in path.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    resolved = "/" + "/".join(parts) + ("/" if parts else "")
    return resolved + (f"#{fragment}" if fragment else "")


def listed(site: BuiltSite, url_path: str) -> list[str]:
    """Entry paths listed on a listing page, in page order."""
    items = article(site, url_path).find("ul", cls="opit-list").find_all("li", cls="opit-item")
    return [resolve(url_path, item.find("a").attrs["href"]) for item in items]


def section_links(node: Node, section_id: str) -> list[str]:
    """Link targets in the list that follows the heading with id `section_id`."""
    children = [c for c in node.children if isinstance(c, Node)]
    for index, child in enumerate(children):
        if child.attrs.get("id") == section_id:
            return [href for href, _ in children[index + 1].links()]
    raise AssertionError(f"no section #{section_id}")


# --------------------------------------------------------------------------------------------
# The build itself


def test_the_fixture_builds_with_mkdocs_strict_and_pagefind(fixture_site: BuiltSite) -> None:
    # The fixture ran `mkdocs build --strict`; a warning (broken link, missing page) fails it.
    assert re.search(r"built .*: \d+ pages", fixture_site.stderr), fixture_site.stderr
    for path in ["/", "/cases/", "/workshops/", "/events/", "/themes/", "/organisations/",
                 "/series/", "/search/", "/about/", "/contribute/", "/accessibility/", *ENTRIES]:
        assert (fixture_site.root / path.strip("/") / "index.html").is_file(), path
    entry = json.loads((fixture_site.root / "pagefind" / "pagefind-entry.json").read_text())
    # Only the entry pages are indexed, one index per page language.
    assert {k: v["page_count"] for k, v in entry["languages"].items()} == {"en": 5, "fi": 1}
    assert not list(fixture_site.root.glob(".*building*"))


def test_the_real_content_builds(real_site: BuiltSite) -> None:
    entries = sorted(p for folder in ("cases", "workshops", "events")
                     for p in (REAL_CONTENT / folder).glob("*.md"))
    assert entries
    for path in entries:
        page = real_site.root / path.parent.name / path.stem / "index.html"
        assert page.is_file(), f"{path} has no page"
    home = article(real_site, "/")
    counts = {a.text(): strong.text() for li in home.find("ul", cls="opit-counts").find_all("li")
              for a, strong in [(li.find("a"), li.find("strong"))]}
    for folder, label in (("cases", "Cases"), ("workshops", "Workshops"), ("events", "Events")):
        assert counts[label] == str(len(list((REAL_CONTENT / folder).glob("*.md"))))


# --------------------------------------------------------------------------------------------
# Entry pages


def test_a_case_page_shows_its_title_and_metadata_panel(fixture_site: BuiltSite) -> None:
    page = article(fixture_site, CHATBOT)
    title = "Example City's chatbot pilot for residents' service requests"
    assert page.find("h1").text() == title
    assert title in parse(fixture_site.html(CHATBOT)).find("title").text()
    assert page.find("p", cls="opit-lead").text().startswith("Example City tried a chatbot")
    meta = panel(page)
    assert meta == {
        "Type": "Case",
        "Year": "2023",
        "Period": "2023-05 – 2024-02",
        "Organisations": "Example City, Example Design Cooperative",
        "Themes": "Digital services, Service design, Data sharing",
        "Series": "Example service design programme",
        "Stage": "Evaluating",
        "Level of government": "Local",
        "Methods": "service design, user interviews, prototyping",
        "Language": "English",
        "Published": "2024-04-02 (Updated 2024-09-15)",
        "Keywords": "chatbot, service requests",
        "Licence": "CC BY 4.0",
    }
    links = {resolve(CHATBOT, href) for href, _ in page.find("dl", cls="opit-meta").links()
             if not href.startswith("https://creativecommons.org/")}  # the licence's deed
    assert links == {"/organisations/example-city/", "/organisations/example-design-cooperative/",
                     "/themes/digital-services/", "/themes/service-design/",
                     "/themes/data-sharing/", "/series/example-service-design-programme/"}


def test_a_case_page_renders_its_structured_sections(fixture_site: BuiltSite) -> None:
    page = article(fixture_site, CHATBOT)
    headings = {h.attrs.get("id"): h.text() for h in page.find_all("h2")}
    for anchor, text in [("lessons", "Lessons"), ("challenges-and-failures", "Challenges and failures"),
                         ("conditions-for-success", "Conditions for success"),
                         ("replication", "Replication"),
                         ("addresses", "Findings this case addresses"), ("sources", "Sources"),
                         ("links", "Links"), ("related", "Related entries")]:
        assert headings.get(anchor) == text, headings
    text = page.text()
    assert "nicknamed kalevalaquokka by the team" in text  # the contributor's narrative
    assert "A shared data model for requests helped more than any feature" in text
    assert "Any municipality can repeat the pilot" in text
    sources = {label: href for href, label in page.links()}
    assert sources["Example City chatbot pilot, final report"] == (
        "https://example.org/city/chatbot-pilot-report")
    assert sources["Demo recording"] == "https://example.org/city/chatbot-demo"
    assert "Interview with the pilot's product owner" in text
    edit = page.find("p", cls="opit-edit").find("a")
    assert edit.text() == "Edit this page"
    assert edit.attrs["href"] == (
        "https://github.com/opit-fi/opit/edit/main/content/cases/example-city-chatbot-pilot.md")


def test_a_workshop_page_has_an_anchor_per_finding(fixture_site: BuiltSite) -> None:
    page = article(fixture_site, SHARED_DATA)
    assert panel(page) == {
        "Type": "Workshop",
        "Date": "2024-03-14",
        "Organisations": "Example Digital Agency, Example City, Example University",
        "Themes": "Data sharing, Co-creation",
        "Series": "Example Data Forum",
        "Format": "Hybrid",
        "Participants": "32 participants, Public sector, Private sector, Academia",
        "Language": "English",
        "Published": "2024-03-20 (Updated 2024-06-01)",
        "Keywords": "data model, interoperability",
        "Licence": "CC BY 4.0",
    }
    findings = page.find_all("div", cls="opit-finding")
    assert [f.attrs["id"] for f in findings] == [
        "finding-shared-data-model", "finding-procurement-rules-unclear", "finding-skills-gap"]
    first = page.by_id("finding-shared-data-model")
    assert first.text().startswith("1. Each municipality describes the same service events")
    facts = {row.find("dt").text(): row.find("dd").text()
             for row in first.find("dl").find_all("div")}
    assert facts == {"Barrier": "Data", "Status": "In progress"}
    assert "Agree on a small shared data model for service requests" in first.text()
    assert [(resolve(SHARED_DATA, href), text) for href, text in first.links()] == [
        (CHATBOT, "Example City's chatbot pilot for residents' service requests")]
    assert page.by_id("finding-skills-gap").find("dd").text() == "Skills"


def test_a_case_links_to_the_finding_it_addresses(fixture_site: BuiltSite) -> None:
    page = article(fixture_site, CHATBOT)
    targets = [resolve(CHATBOT, href) for href in section_links(page, "addresses")]
    assert targets == [SHARED_DATA + "#finding-shared-data-model"]
    path, _, anchor = targets[0].partition("#")
    assert article(fixture_site, path).find_all(id=anchor)


def test_an_event_page_shows_takeaways_and_speakers(fixture_site: BuiltSite) -> None:
    page = article(fixture_site, OPEN_APIS)
    meta = panel(page)
    assert meta["Type"] == "Event"
    assert meta["Date"] == "2024-05-03 09:00"
    assert meta["Format"] == "Online"
    assert meta["Participants"] == "120 participants"
    assert meta["Series"] == "Example digi meetups"
    items = [li.text() for h in page.find_all("ul") for li in h.find_all("li")]
    assert "Publish the API description before the API, so that others can comment on it early." \
        in items
    assert "Maija Esimerkki, director of digital services, Example Digital Agency" in items
    assert "product owner of the chatbot pilot, Example City" in items
    assert page.by_id("takeaways").text() == "Takeaways"
    assert page.by_id("speakers").text() == "Speakers"


def test_related_entries_are_linked_both_ways_and_by_shared_themes(
        fixture_site: BuiltSite) -> None:
    def related(path: str, section: str = "related") -> set[str]:
        page = article(fixture_site, path)
        if not page.find_all(id=section):
            return set()
        return {resolve(path, href) for href in section_links(page, section)}

    # The chatbot case declares two; the Finnish case declares the chatbot case (reverse link).
    assert related(CHATBOT) == {SHARED_DATA, OPEN_APIS, FINNISH_CASE}
    assert related(FINNISH_CASE) == {CHATBOT}
    assert related(OPEN_APIS) == {SHARED_DATA, CHATBOT}
    assert related(SHARED_DATA) == {AI_PROCUREMENT, CHATBOT, OPEN_APIS}
    # Entries that share themes, without the declared ones.
    assert related(CHATBOT, "similar") == {AI_PROCUREMENT, ACCESSIBILITY_MEETUP}
    assert related(ACCESSIBILITY_MEETUP) == set()
    for path in ENTRIES:
        assert not related(path, "similar") & related(path), path
        assert path not in related(path) | related(path, "similar"), path


def test_the_finnish_entry_page_is_in_finnish(fixture_site: BuiltSite) -> None:
    assert parse(fixture_site.html(FINNISH_CASE)).find("html").attrs["lang"] == "fi"
    page = article(fixture_site, FINNISH_CASE)
    assert page.find("h1").text() == "Esimerkin hyvinvointialueen ajanvarauskokeilu"
    for path in ENTRIES:
        if path != FINNISH_CASE:
            assert parse(fixture_site.html(path)).find("html").attrs["lang"] == "en", path
    # In an English listing, the Finnish title is marked up as Finnish (on the item or the link).
    item = next(li for li in article(fixture_site, "/cases/").find_all("li", cls="opit-item")
                if FINNISH_CASE.strip("/") in li.find("a").attrs["href"])
    title = item.find("a")
    assert "fi" in (item.attrs.get("lang"), item.find("h2").attrs.get("lang"),
                    title.attrs.get("lang")), item


def test_entry_pages_carry_pagefind_filters_and_meta(fixture_site: BuiltSite) -> None:
    page = article(fixture_site, CHATBOT)
    data = page.find("div", cls="opit-search-data")
    filters = sorted((s.attrs["data-pagefind-filter"], s.text())
                     for s in data.find_all("span") if "data-pagefind-filter" in s.attrs)
    assert filters == sorted([
        ("type", "case"), ("language", "en"), ("year", "2023"), ("theme", "digital-services"),
        ("theme", "service-design"), ("theme", "data-sharing"), ("organisation", "example-city"),
        ("organisation", "example-design-cooperative"), ("level", "local"),
        ("stage", "evaluating")])
    meta = {s.attrs["data-pagefind-meta"]: s.text()
            for s in data.find_all("span") if "data-pagefind-meta" in s.attrs}
    assert meta["type"] == "case" and meta["date"] == "2023-05"
    assert data.find_all("span", **{"data-pagefind-sort": "date"})


# --------------------------------------------------------------------------------------------
# Listings, taxonomy pages and the home page


def test_listings_are_newest_first(fixture_site: BuiltSite) -> None:
    assert listed(fixture_site, "/cases/") == [FINNISH_CASE, CHATBOT]
    assert listed(fixture_site, "/workshops/") == [SHARED_DATA, AI_PROCUREMENT]
    assert listed(fixture_site, "/events/") == [ACCESSIBILITY_MEETUP, OPEN_APIS]
    for kind in ("cases", "workshops", "events"):
        dates = [t.attrs["datetime"] for t in article(fixture_site, f"/{kind}/").find_all("time")]
        assert dates == sorted(dates, reverse=True), kind


def test_a_listing_item_has_title_summary_date_organisations_and_themes(
        fixture_site: BuiltSite) -> None:
    item = article(fixture_site, "/events/").find("li", cls="opit-item")
    assert item.find("a").text() == "Example digi meetup: accessibility in practice"
    meta = item.find("p", cls="opit-item__meta")
    assert meta.find("span", cls="opit-badge").text() == "Event"
    when = meta.find("time")
    assert (when.attrs["datetime"], when.text()) == ("2024-09-19", "19 September 2024")
    assert meta.text().endswith("Example University")
    assert item.find("p", cls="opit-item__summary").text().startswith("An in-person meetup")
    assert item.find("p", cls="opit-item__themes").text() == "Themes: Digital services, Co-creation"


@pytest.mark.parametrize(("path", "expected"), [
    ("/themes/data-sharing/", [OPEN_APIS, SHARED_DATA, AI_PROCUREMENT, CHATBOT]),
    ("/themes/co-creation/", [ACCESSIBILITY_MEETUP, SHARED_DATA]),
    ("/themes/service-design/", [FINNISH_CASE, CHATBOT]),
    ("/organisations/example-city/", [OPEN_APIS, SHARED_DATA, CHATBOT]),
    ("/organisations/example-wellbeing-county/", [FINNISH_CASE]),
    ("/organisations/example-design-cooperative/", [CHATBOT]),
    ("/series/example-data-forum/", [SHARED_DATA, AI_PROCUREMENT]),
    ("/series/example-digi-meetups/", [ACCESSIBILITY_MEETUP, OPEN_APIS]),
    ("/series/example-service-design-programme/", [FINNISH_CASE, CHATBOT]),
])
def test_taxonomy_pages_list_their_entries_newest_first(fixture_site: BuiltSite, path: str,
                                                        expected: list[str]) -> None:
    assert listed(fixture_site, path) == expected


def test_taxonomy_pages_describe_what_they_list(fixture_site: BuiltSite) -> None:
    theme = article(fixture_site, "/themes/data-sharing/")
    assert theme.find("h1").text() == "Data sharing"
    assert "Sharing data between organisations" in theme.text()
    org = panel(article(fixture_site, "/organisations/example-city/"))
    assert org["Region"] == "Example Region" and org["Business ID"] == "1234567-1"
    series = article(fixture_site, "/series/example-data-forum/")
    assert panel(series)["Organiser"] == "Example Digital Agency"
    index = article(fixture_site, "/themes/")
    assert [text for _, text in index.links()] == [
        "Co-creation", "Data sharing", "Digital services", "Service design"]
    assert "Data sharing (4)" in index.text()


def test_the_home_page_counts_entries_per_type_and_shows_the_newest(
        fixture_site: BuiltSite) -> None:
    home = article(fixture_site, "/")
    counts = {li.find("a").text(): (li.find("a").attrs["href"], li.find("strong").text())
              for li in home.find("ul", cls="opit-counts").find_all("li")}
    assert counts == {"Cases": ("cases/", "2"), "Workshops": ("workshops/", "2"),
                      "Events": ("events/", "2")}
    newest = [resolve("/", a.attrs["href"])
              for a in home.find("ul", cls="opit-list").find_all("a")]
    assert sorted(newest) == sorted(ENTRIES)
    assert newest[0] == ACCESSIBILITY_MEETUP  # published last
    themes = {text: resolve("/", href) for href, text in home.find("ul", cls="opit-themes").links()}
    assert themes["Data sharing"] == "/themes/data-sharing/"
    form = home.find("form")
    assert form.attrs["action"] == "search/" and form.find("input").attrs["name"] == "q"


def test_the_search_page_exists_with_its_form_and_config(fixture_site: BuiltSite) -> None:
    page = article(fixture_site, "/search/")
    assert page.by_id("opit-search").find("form").find("input").attrs["name"] == "q"
    config = json.loads(page.by_id("opit-search-config").text())
    assert config["bundle"] == "../pagefind/"
    assert set(config["labels"]) >= {"type", "theme", "organisation", "level", "stage", "language"}
    scripts = [s.attrs.get("src") for s in page.find_all("script") if s.attrs.get("src")]
    assert scripts == ["../assets/opit-search.js"]
    assert (fixture_site.root / "assets" / "opit-search.js").is_file()
    assert (fixture_site.root / "pagefind" / "pagefind.js").is_file()
    header = parse(fixture_site.html(CHATBOT)).find("form", cls="opit-header-search")
    assert resolve(CHATBOT, header.attrs["action"]) == "/search/"


def primary_nav(html: str) -> str:
    """The primary navigation's HTML (Material's md-nav--primary), as written."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    depth, position = 0, start
    for match in re.finditer(r"<(/?)nav\b", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            position = start + match.end()
            break
    return html[start:html.index(">", position) + 1]


def test_entry_pages_are_not_in_the_navigation(fixture_site: BuiltSite,
                                               real_site: BuiltSite) -> None:
    navs = {path: primary_nav(fixture_site.html(path)) for path in ENTRIES}
    # Two entry pages of one type and language: the same navigation, byte for byte.
    assert navs[SHARED_DATA] == navs[AI_PROCUREMENT]
    assert navs[OPEN_APIS] == navs[ACCESSIBILITY_MEETUP]
    # Every entry page links the same section pages, and no entry.
    targets = {path: {resolve(path, href) for href, _ in parse(nav).links()}
               for path, nav in navs.items()}
    nav = navs[CHATBOT]
    assert {"/", "/cases/", "/workshops/", "/events/", "/themes/", "/search/"} <= targets[CHATBOT]
    for path in ENTRIES:
        assert not set(ENTRIES) & targets[path], path
        if path != FINNISH_CASE:  # the Finnish entry's navigation is the Finnish one
            assert targets[path] == targets[CHATBOT], path
    assert len(targets[FINNISH_CASE]) == len(targets[CHATBOT])
    # More entries do not make the navigation bigger: the real content has more.
    real_cases = [p / "index.html" for p in (real_site.root / "cases").iterdir() if p.is_dir()]
    english = [p.read_text("utf-8") for p in real_cases]
    english = [html for html in english if '<html lang="en"' in html]
    assert english, "no English case in content/"
    assert len(primary_nav(english[0])) == len(nav)


def test_no_page_loads_scripts_or_stylesheets_from_another_host(fixture_site: BuiltSite) -> None:
    pages = sorted(fixture_site.root.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text("utf-8")
        doc = parse(html)
        for script in doc.find_all("script"):
            src = script.attrs.get("src", "")
            assert not re.match(r"(https?:)?//", src), f"{path}: script {src}"
        for link in doc.find_all("link"):
            rel = link.attrs.get("rel", "").split()
            if {"stylesheet", "preconnect", "preload", "modulepreload", "icon"} & set(rel):
                href = link.attrs.get("href", "")
                assert not re.match(r"(https?:)?//", href), f"{path}: <link rel={rel}> {href}"
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, path


# --------------------------------------------------------------------------------------------
# A failing build leaves the previous site untouched


def fingerprint(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, copy)
    return copy


@pytest.fixture
def previous_site(fixture_site: BuiltSite, tmp_path: Path) -> Path:
    """A complete earlier build in a folder of its own (a copy of the session build)."""
    out = tmp_path / "out" / "site"
    shutil.copytree(fixture_site.root, out)
    return out


def assert_kept(previous_site: Path, before: dict[str, str], home: bytes) -> None:
    """The failed build left the previous site exactly as it was, and no work folder."""
    assert (previous_site / "index.html").read_bytes() == home
    assert fingerprint(previous_site) == before
    assert not list(previous_site.parent.glob(".site.building-*"))


def test_invalid_content_stops_at_validate_and_keeps_the_old_site(
        content_copy: Path, previous_site: Path) -> None:
    before = fingerprint(previous_site)
    home = (previous_site / "index.html").read_bytes()
    entry = content_copy / "cases" / "example-city-chatbot-pilot.md"
    entry.write_text(entry.read_text("utf-8").replace("stage: evaluating", "stage: finished"),
                     encoding="utf-8")
    result = build_site(content_copy, previous_site)
    assert result.returncode != 0
    assert "error: validate:" in result.stderr, result.stderr
    assert "example-city-chatbot-pilot.md" in result.stderr
    assert_kept(previous_site, before, home)


def test_a_failing_mkdocs_step_is_named_and_keeps_the_old_site(
        content_copy: Path, previous_site: Path, tmp_path: Path) -> None:
    config = tmp_path / "site_config.yml"
    text = (ROOT / "site_config.yml").read_text("utf-8")
    config.write_text(text.replace("  - fenced_code\n", "  - no_such_markdown_extension\n"),
                      encoding="utf-8")
    assert config.read_text("utf-8") != text
    before = fingerprint(previous_site)
    home = (previous_site / "index.html").read_bytes()
    result = build_site(content_copy, previous_site, "--config", str(config))
    assert result.returncode != 0
    assert "error: mkdocs failed" in result.stderr, result.stderr
    assert "no_such_markdown_extension" in result.stderr
    assert_kept(previous_site, before, home)


def test_a_rebuild_replaces_the_site_and_the_previous_one_is_deleted_afterwards(
        previous_site: Path) -> None:
    stale = previous_site.parent / ".site.old-1"  # left by a deletion that was stopped
    stale.mkdir()
    old_page = previous_site / "cases" / "example-city-chatbot-pilot" / "index.html"
    old_inode = old_page.stat().st_ino
    result = build_site(FIXTURE_CONTENT, previous_site)
    assert result.returncode == 0, result.stderr
    assert old_page.stat().st_ino != old_inode  # a new site, swapped in
    assert not stale.exists()
    deadline = time.monotonic() + 30
    while list(previous_site.parent.glob(".site.*-*")):  # .site.old-<pid>, being deleted
        assert time.monotonic() < deadline, list(previous_site.parent.iterdir())
        time.sleep(0.1)
    assert sorted(p.name for p in previous_site.parent.iterdir()) == [".site.lock", "site"]


def test_opit_build_takes_content_after_the_verb(tmp_path: Path) -> None:
    # The command as documented for this stage: `opit build --content DIR --out OUT`.
    out = tmp_path / "site"
    result = run_opit("build", "--content", str(FIXTURE_CONTENT), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "cases" / "example-city-chatbot-pilot" / "index.html").is_file()


# --------------------------------------------------------------------------------------------
# opit serve


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Serving:
    """A running `opit serve` on the content copy, and its log."""

    def __init__(self, proc: subprocess.Popen, port: int, log: Path) -> None:
        self.proc, self.port, self.log = proc, port, log
        self.base = f"http://127.0.0.1:{port}"

    def said(self) -> str:
        return self.log.read_text()

    def ready(self) -> None:
        wait_for_port(self.port, self.proc, timeout=60)

    def wait(self, condition, what: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert self.proc.poll() is None, self.said()
            assert time.monotonic() < deadline, f"{what} did not happen in {seconds} s:\n{self.said()}"
            time.sleep(0.2)


@contextmanager
def opit_serve(content: Path, tmp_path: Path) -> Iterator[Serving]:
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "--content", str(content), "serve",
             "--port", str(port), "--out", str(tmp_path / "served")],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr,
        )
        try:
            yield Serving(proc, port, log)
        finally:
            stop(proc)


def test_opit_serve_picks_up_a_change_saved_during_its_first_build(content_copy: Path,
                                                                  tmp_path: Path) -> None:
    entry = content_copy / "cases" / "example-city-chatbot-pilot.md"
    with opit_serve(content_copy, tmp_path) as serving:
        # Once the work folder exists, the first build has read the content.
        serving.wait(lambda: any(tmp_path.glob(".served.building-*")), "the first build")
        entry.write_text(entry.read_text("utf-8").replace(
            "title: Example City's chatbot pilot", "title: Saved meanwhile pilot"),
            encoding="utf-8")
        serving.ready()
        serving.wait(lambda: "Saved meanwhile pilot" in fetch(serving.base + CHATBOT),
                     "the change being served")


def test_opit_serve_updates_changed_pages_first_then_search_and_data(content_copy: Path,
                                                                     tmp_path: Path) -> None:
    entry = content_copy / "cases" / "example-city-chatbot-pilot.md"
    with opit_serve(content_copy, tmp_path) as serving:
        base = serving.base
        serving.ready()
        assert "chatbot pilot for residents" in fetch(base + CHATBOT)
        search = json.loads(fetch(f"{base}/pagefind/pagefind-entry.json"))
        assert set(search["languages"]) == {"en", "fi"}

        # A new title: the entry's page and every listing that shows it change first ...
        entry.write_text(entry.read_text("utf-8").replace(
            "title: Example City's chatbot pilot", "title: Renamed kalevala pilot"),
            encoding="utf-8")
        serving.wait(lambda: "Renamed kalevala pilot" in fetch(base + CHATBOT),
                     "the changed page being served")
        # The pages are replaced one by one; the log says when all of them are.
        serving.wait(lambda: re.search(r"updated \d+ page\(s\)", serving.said()), "the update")
        assert "Renamed kalevala pilot" in fetch(base + "/cases/")
        patched = {path: fetch(base + path) for path in (CHATBOT, "/cases/", "/fi/cases/")}
        # ... then the background build brings the open data (and search) up to date, and
        # its pages are the same as the ones built on their own.
        api = base + "/api/v1/cases/example-city-chatbot-pilot.json"
        serving.wait(lambda: "up to date" in serving.said(), "the background build")
        assert json.loads(fetch(api))["title"].startswith("Renamed kalevala pilot")
        assert {path: fetch(base + path) for path in patched} == patched

        # A broken change is reported and the served site stays as it was.
        good = entry.read_text("utf-8")
        entry.write_text(good.replace("language: en\n", "language: en\nlanguage: fi\n", 1),
                         encoding="utf-8")  # a duplicate key
        serving.wait(lambda: "the served site was not changed" in serving.said(),
                     "the error report")
        assert "Renamed kalevala pilot" in fetch(base + CHATBOT)

        entry.write_text(good, encoding="utf-8")
        # A new entry gets its page; when its file is deleted, the page goes away.
        source = content_copy / "events" / "example-digi-meetup-accessibility-2024.md"
        added = source.with_name("example-digi-meetup-added-2024.md")
        added.write_text(source.read_text("utf-8").replace(
            "accessibility in practice", "a meetup added later"), encoding="utf-8")
        page = base + "/events/example-digi-meetup-added-2024/"
        serving.wait(lambda: status(page) == 200, "the new page being served")
        serving.wait(lambda: "a meetup added later" in fetch(base + "/events/"),
                     "the listing showing the new entry")
        added.unlink()
        serving.wait(lambda: status(page) == 404, "the page being removed")
        serving.wait(lambda: "a meetup added later" not in fetch(base + "/events/"),
                     "the listing without the removed entry")
    assert "Traceback" not in serving.said()
