"""The site's identity on its pages: titles "page - site" (the home pages just the site's name),
the licence by its name linked to its deed, and a warning while site_url is the example address."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from generator.catalog.references import licence_name
from generator.config import PROJECT_CONFIG, load_config
from tests.htmldom import parse
from tests.site_fixtures import FIXTURE_CONTENT, BuiltSite, build_site

SITE = "Opit"
DEED = "https://creativecommons.org/licenses/by/4.0/"
CASE = "/cases/example-city-chatbot-pilot/"
FI_CASE = "/cases/esimerkin-hyvinvointialueen-ajanvarauskokeilu/"


def title(site: BuiltSite, path: str) -> str:
    return parse(site.html(path)).find("title").text()


@pytest.mark.parametrize("home", ["/", "/fi/", "/sv/"])
def test_each_language_home_is_titled_just_the_site_name(fixture_site: BuiltSite, home: str) -> None:
    assert title(fixture_site, home) == SITE


@pytest.mark.parametrize(("path", "page_title"), [
    ("/cases/", "Cases"),
    ("/fi/about/", "Tietoa palvelusta"),
    ("/sv/themes/", "Teman"),
    (CASE, "Example City's chatbot pilot for residents' service requests"),
])
def test_every_other_page_is_titled_page_then_site(fixture_site: BuiltSite, path: str,
                                                   page_title: str) -> None:
    assert title(fixture_site, path) == f"{page_title} - {SITE}"


@pytest.mark.parametrize(("path", "label"), [(CASE, "Licence"), (FI_CASE, "Lisenssi")])
def test_an_entry_page_names_its_licence_and_links_its_deed(fixture_site: BuiltSite, path: str,
                                                            label: str) -> None:
    panel = parse(fixture_site.html(path)).find("dl", "opit-meta")
    row = next(div for div in panel.find_all("div") if div.find("dt").text() == label)
    assert row.find("dd").links() == [(DEED, "CC BY 4.0")]
    assert row.find("a").attrs["rel"] == "license"


@pytest.mark.parametrize(("path", "start"), [
    (CASE, "Content CC BY 4.0 unless"),
    ("/fi/", "Sisältöjen lisenssi on CC BY 4.0"),
    ("/sv/about/", "Innehållet är licensierat under CC BY 4.0"),
])
def test_the_footer_names_the_licence_and_links_its_deed(fixture_site: BuiltSite, path: str,
                                                         start: str) -> None:
    footer = parse(fixture_site.html(path)).find("div", "md-copyright__highlight")
    assert footer.text().strip().startswith(start), footer.text()
    assert footer.links() == [(DEED, "CC BY 4.0")]


def test_the_about_page_links_the_licence_by_name(fixture_site: BuiltSite) -> None:
    article = parse(fixture_site.html("/about/")).find("article")
    assert (DEED, "CC BY 4.0") in article.links()
    assert "CC-BY-4.0" not in article.text()


def test_no_page_or_feed_shows_the_licence_code(fixture_site: BuiltSite) -> None:
    shown = [path for path in fixture_site.root.rglob("*")
             if path.suffix in {".html", ".xml"} and "CC-BY-4.0" in path.read_text("utf-8")]
    assert shown == []
    assert "<rights>CC BY 4.0</rights>" in (fixture_site.root / "cases" / "feed.xml").read_text()


def test_the_open_data_keeps_the_licence_code(fixture_site: BuiltSite) -> None:
    api = fixture_site.root / "api" / "v1"
    record = json.loads((api / "cases" / "example-city-chatbot-pilot.json").read_text("utf-8"))
    assert record["license"] == "CC-BY-4.0"
    rows = list(csv.DictReader((api / "cases.csv").read_text("utf-8").splitlines()))
    assert {row["license"] for row in rows} == {"CC-BY-4.0"}


@pytest.mark.parametrize(("code", "name"), [
    ("CC-BY-4.0", "CC BY 4.0"), ("CC-BY-SA-4.0", "CC BY-SA 4.0"), ("CC0-1.0", "CC0 1.0"),
    ("MIT", "MIT"),
])
def test_a_licence_id_reads_as_its_name_and_an_unknown_one_as_written(code: str, name: str) -> None:
    assert licence_name(code) == name


def example_url_position() -> tuple[int, int]:
    lines = PROJECT_CONFIG.read_text("utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.startswith("site_url:"))
    assert "example.org" in lines[line - 1], "site_config.yml no longer ships the example address"
    return line, len("site_url: ") + 1


def test_a_build_with_the_example_site_url_warns_where_to_set_it(fixture_site: BuiltSite) -> None:
    line, column = example_url_position()
    warnings = [text for text in fixture_site.stderr.splitlines() if "warning: site_url" in text]
    assert warnings == [
        f"site_config.yml:{line}:{column}: warning: site_url is the example address "
        "https://opit.example.org/; set it to the address the site is published at (canonical "
        "links, feeds and the API use it)"]


def published_config(folder: Path, url: str) -> Path:
    text = PROJECT_CONFIG.read_text("utf-8").replace("https://opit.example.org/", url, 1)
    path = folder / "site_config.yml"
    path.write_text(text, "utf-8")
    return path


def test_a_build_with_the_example_site_url_still_succeeds(tmp_path: Path) -> None:
    result = build_site(FIXTURE_CONTENT, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "warning: site_url is the example address" in result.stderr


def test_a_build_with_a_real_site_url_does_not_warn(tmp_path: Path) -> None:
    config = published_config(tmp_path, "https://opit.fi/")
    result = build_site(FIXTURE_CONTENT, tmp_path / "site", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    assert 'href="https://opit.fi/cases/example-city-chatbot-pilot/"' in (
        tmp_path / "site" / "cases" / "example-city-chatbot-pilot" / "index.html").read_text()


@pytest.mark.parametrize("url", ["https://example.com/opit/", "http://docs.example.net/"])
def test_any_host_reserved_for_examples_warns(tmp_path: Path, url: str) -> None:
    warnings = load_config(published_config(tmp_path, url)).warnings
    assert len(warnings) == 1 and f"example address {url}" in warnings[0], warnings


def test_a_site_url_that_only_mentions_example_does_not_warn(tmp_path: Path) -> None:
    assert load_config(published_config(tmp_path, "https://example-ministry.fi/")).warnings == ()
