"""The open-data stage: JSON API, CSV, JSON Schemas, Atom feeds, DCAT-AP and head metadata."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
from pathlib import Path
from textwrap import dedent

import feedparser
import pytest
from jsonschema import Draft202012Validator

from generator.catalog.catalog import Catalog
from generator.catalog.load import load_catalog
from generator.config import SiteConfig, load_config
from generator.diagnostics import Diagnostic
from generator.opendata import feeds
from generator.opendata.export import write_exports
from generator.render.metadata import entry_head, entry_jsonld, site_head
from schemas.jsonschema import JSON_DIR
from tests.support import ROOT, run_opit

SCRIPT = "</script><script>alert(1)</script>"
ENTRY_FOLDER_SCHEMAS = {"cases": "case", "workshops": "workshop", "events": "event"}

FILES = {
    "organisations.yml": """
        - id: example-city
          name: {fi: Esimerkkilä, en: Example City}
          type: municipality
        - id: design-coop
          name: {en: "Design, Research & Co"}
          type: company
    """,
    "themes.yml": """
        - id: digital-services
          name: {en: Digital services, fi: Digipalvelut}
        - id: data-sharing
          name: {en: Data sharing}
    """,
    "series.yml": """
        - id: data-forum
          name: {en: Data forum}
          kind: workshop-series
          organiser: example-city
    """,
    "cases/old-case.md": """
        ---
        title: Älykäs ajanvaraus, a booking pilot
        summary: Pyydä aikaa, saat ajan. Residents booked appointments in plain Finnish, with ease.
        language: fi
        themes: [digital-services, data-sharing]
        organisations: [example-city, design-coop]
        published: 2020-01-01
        sources:
          - {title: "Loppuraportti, 2020", url: "https://example.org/report"}
          - {title: Haastattelu}
        year: 2019
        period: {start: 2019-03}
        level_of_government: local
        stage: evaluating
        lessons:
          - Start small, then grow; it worked in Hämeenlinna.
        addresses: [data-forum-2023#shared-model]
        translations: {en: new-case}
        ---

        Teksti, jossa on *Markdownia* ja ääkkösiä.
    """,
    "cases/new-case.md": f"""
        ---
        title: "A pilot with {SCRIPT} in its title"
        summary: A newer case about sharing data between services, updated after its publication.
        language: en
        themes: [data-sharing]
        organisations: [design-coop]
        published: 2024-05-01
        updated: 2024-06-01
        sources: [{{title: Notes}}]
        keywords: ["<b>bold</b> & more"]
        year: 2024
        level_of_government: national
        stage: implementing
        conditions_for_success: [A shared data model.]
        translations: {{fi: old-case}}
        related: [data-forum-2023]
        ---

        The story.
    """,
    "workshops/data-forum-2023.md": """
        ---
        title: Data forum on shared data models
        summary: A workshop where agencies and cities looked for a shared data model for requests.
        language: en
        themes: [data-sharing]
        organisations: [example-city]
        published: 2023-03-10
        sources: [{title: Workshop notes}]
        date: 2023-03-01
        series: data-forum
        format: hybrid
        participants: {count: 30, sectors: [public, academia]}
        findings:
          - id: shared-model
            statement: Every city models service requests differently, so data cannot flow.
            barrier: data
            proposals: [Agree on one model, Publish it as open data]
            status: in-progress
          - id: skills-gap
            statement: Few teams know how to design data models.
        ---

        What happened.
    """,
    "events/meetup-2024.md": """
        ---
        title: Digi meetup on open APIs
        summary: An online meetup where a city's CIO told how open APIs changed their services.
        language: en
        themes: [digital-services]
        organisations: [example-city]
        published: 2024-02-10
        sources: [{title: Meetup page}]
        date: 2024-02-02
        start_time: "09:30"
        series: data-forum
        format: online
        speakers: [{organisation: example-city, role: CIO}]
        takeaways: [Open the API before the app.]
        ---

        Notes.
    """,
}
NEWEST_FIRST = ["new-case", "meetup-2024", "data-forum-2023", "old-case"]


@pytest.fixture(scope="module")
def config() -> SiteConfig:
    return load_config(ROOT / "site_config.yml")


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("content")
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def catalog(content: Path) -> Catalog:
    loaded = load_catalog(content)
    assert [str(d) for d in loaded.diagnostics if d.severity == "error"] == []
    return loaded


@pytest.fixture(scope="module")
def site(catalog: Catalog, config: SiteConfig, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_exports(catalog, config, out)
    return out


def local(config: SiteConfig, url: str) -> str:
    """The site path of an absolute URL of the site."""
    assert url.startswith(config.url), url
    return url.removeprefix(config.url)


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def tree(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def check_json_files(site: Path) -> int:
    """Validate every API file against the schema it is published with; the number checked."""
    api = site / "api/v1"
    schemas = {p.name: load(p) for p in (api / "schema").glob("*.schema.json")}
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    checked = 0
    for path in sorted(api.rglob("*.json")):
        if "schema" in path.relative_to(api).parts:
            continue
        folder = path.parent.name
        name = ENTRY_FOLDER_SCHEMAS.get(folder, path.stem)
        validator = Draft202012Validator(schemas[f"{name}.schema.json"],
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = [f"{path}: {e.json_path}: {e.message}" for e in validator.iter_errors(load(path))]
        assert errors == []
        checked += 1
    return checked


def test_every_json_file_validates_against_the_published_schemas(site: Path) -> None:
    # index + 7 datasets + 4 entries as their own files
    assert check_json_files(site) == 12


def test_the_real_content_exports_valid_json(config: SiteConfig, tmp_path: Path) -> None:
    catalog = load_catalog(ROOT / "content")
    assert [d.text() for d in catalog.diagnostics if d.severity == "error"] == []
    write_exports(catalog, config, tmp_path)
    assert check_json_files(tmp_path) >= 8
    assert load(tmp_path / "api/v1/cases.json")["count"] == len(catalog.of_type("case"))


def test_the_content_contract_schemas_are_published_as_they_are(site: Path) -> None:
    for path in JSON_DIR.glob("*.schema.json"):
        assert (site / "api/v1/schema/content" / path.name).read_bytes() == path.read_bytes()


def test_records_carry_every_field_the_body_and_resolved_references(
    site: Path, config: SiteConfig
) -> None:
    case = load(site / "api/v1/cases/old-case.json")
    assert case["body"] == "\nTeksti, jossa on *Markdownia* ja ääkkösiä.\n"
    assert case["url"] == config.absolute("cases/old-case/")
    assert case["lessons"] == ["Start small, then grow; it worked in Hämeenlinna."]
    assert case["period"] == {"start": "2019-03", "end": None}
    assert case["organisations"][0] == {
        "id": "example-city", "name": "Example City",
        "url": config.absolute("organisations/example-city/")}
    assert case["translations"]["en"]["id"] == "new-case"
    finding_url = config.absolute("workshops/data-forum-2023/#finding-shared-model")
    assert case["addresses"] == [{"id": "data-forum-2023#shared-model", "url": finding_url,
        "name": "Every city models service requests differently, so data cannot flow."}]
    cases = load(site / "api/v1/cases.json")
    assert [c["id"] for c in cases["items"]] == ["new-case", "old-case"]
    assert cases["items"][1] == case

    findings = load(site / "api/v1/findings.json")["items"]
    assert [f["id"] for f in findings] == [
        "data-forum-2023#shared-model", "data-forum-2023#skills-gap"]
    assert findings[0]["url"] == finding_url
    assert [c["id"] for c in findings[0]["addressed_by"]] == ["old-case"]
    assert findings[1]["addressed_by"] == []
    workshop = load(site / "api/v1/workshops/data-forum-2023.json")
    assert workshop["findings"][0]["addressed_by"] == findings[0]["addressed_by"]

    series = load(site / "api/v1/series.json")["items"][0]
    assert series["organiser"]["id"] == "example-city"
    assert {e["id"] for e in series["entries"]} == {"data-forum-2023", "meetup-2024"}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_round_trips(site: Path) -> None:
    cases = read_csv(site / "api/v1/cases.csv")
    assert len(cases) == 2
    assert next(iter(cases[0])) == "id"
    old = next(row for row in cases if row["id"] == "old-case")
    assert old["title"] == "Älykäs ajanvaraus, a booking pilot"
    assert old["summary"] == load(site / "api/v1/cases/old-case.json")["summary"]
    assert old["themes"] == "digital-services; data-sharing"
    assert old["sources_title"] == "Loppuraportti, 2020; Haastattelu"
    assert old["sources_url"] == "https://example.org/report; "
    assert old["period_start"] == "2019-03" and old["period_end"] == ""
    assert old["translations_en"] == "new-case"
    assert old["body"] == "\nTeksti, jossa on *Markdownia* ja ääkkösiä.\n"
    organisations = load(site / "api/v1/organisations.json")["items"]
    assert organisations[0]["name"]["en"] == "Design, Research & Co"

    findings = read_csv(site / "api/v1/findings.csv")
    assert len(findings) == 2
    assert findings[0]["proposals"] == "Agree on one model; Publish it as open data"
    assert findings[0]["addressed_by"] == "old-case"
    workshops = read_csv(site / "api/v1/workshops.csv")
    assert workshops[0]["findings"] == "shared-model; skills-gap"
    assert workshops[0]["participants_sectors"] == "public; academia"
    events = read_csv(site / "api/v1/events.csv")
    assert events[0]["speakers_organisation"] == "example-city"
    assert events[0]["speakers_role"] == "CIO"


def test_atom_feeds_parse_and_list_the_newest_entries_first(site: Path) -> None:
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.link.rstrip("/").rsplit("/", 1)[1] for e in parsed.entries] == NEWEST_FIRST
    assert parsed.feed.updated == "2024-06-01T00:00:00Z"
    first = parsed.entries[0]
    assert first.title == f"A pilot with {SCRIPT} in its title"
    assert first.updated == "2024-06-01T00:00:00Z" and first.published == "2024-05-01T00:00:00Z"
    assert [t.term for t in first.tags] == ["data-sharing"]
    cases = feedparser.parse((site / "cases/feed.xml").read_bytes())
    assert not cases.bozo
    assert [e.id.rstrip("/").rsplit("/", 1)[1] for e in cases.entries] == ["new-case", "old-case"]
    assert (site / "events/feed.xml").is_file() and (site / "workshops/feed.xml").is_file()


def test_a_feed_keeps_only_the_newest(catalog: Catalog, config: SiteConfig,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feeds, "FEED_SIZE", 2)
    parsed = feedparser.parse(feeds.atom_feed(catalog, config))
    assert [e.title for e in parsed.entries][1] == "Digi meetup on open APIs"
    assert len(parsed.entries) == 2


def script_data(head: str) -> dict:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


ARTICLE_PROPERTIES = {"@context", "@type", "headline", "description", "url", "datePublished",
                      "dateModified", "inLanguage", "license", "publisher", "about", "keywords"}
EVENT_PROPERTIES = {"@context", "@type", "name", "description", "url", "startDate", "inLanguage",
                    "about", "keywords", "eventAttendanceMode", "subjectOf"}


def test_entry_json_ld_has_the_required_properties(catalog: Catalog, config: SiteConfig) -> None:
    for entry in catalog.entries.values():
        data = script_data(entry_head(catalog, config, entry))
        assert data == entry_jsonld(catalog, config, entry)
        assert data["@context"] == "https://schema.org"
        required = EVENT_PROPERTIES if entry.type == "event" else ARTICLE_PROPERTIES
        assert required <= set(data), entry.id
        assert data["@type"] == ("Event" if entry.type == "event" else "Article")
    article = entry_jsonld(catalog, config, catalog.entries["old-case"])
    assert article["inLanguage"] == "fi"
    assert article["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert article["publisher"] == {"@type": "Organization", "name": config.publisher,
                                    "url": config.url}
    assert [t["name"] for t in article["about"]] == ["Digital services", "Data sharing"]
    assert article["datePublished"] == article["dateModified"] == "2020-01-01"
    event = entry_jsonld(catalog, config, catalog.entries["meetup-2024"])
    assert event["startDate"] == "2024-02-02T09:30:00+02:00"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["organizer"]["name"] == "Example City"
    page = event["subjectOf"]
    assert {"publisher", "license", "datePublished", "dateModified", "inLanguage"} <= set(page)


def test_entry_head_escapes_everything(catalog: Catalog, config: SiteConfig) -> None:
    entry = catalog.entries["new-case"]
    hostile = entry.data.model_copy(update={"summary": f"Summary {SCRIPT} & more"})
    head = entry_head(catalog, config, type(entry)(entry.id, entry.type, hostile,
                                                   entry.document, entry.relpath))
    assert head.count("</script>") == 1 and head.count("<script") == 1
    assert "alert(1)</" not in head
    assert "\\u003c/script\\u003e" in head
    escaped = SCRIPT.replace("<", "&lt;").replace(">", "&gt;")
    assert f'<meta name="description" content="Summary {escaped} &amp; more">' in head
    data = script_data(head)
    assert data["description"] == f"Summary {SCRIPT} & more"
    assert data["headline"] == f"A pilot with {SCRIPT} in its title"
    assert '<meta property="article:tag" content="&lt;b&gt;bold&lt;/b&gt; &amp; more">' in head
    assert '<meta property="og:locale:alternate" content="fi_FI">' in head
    feed = config.absolute("feed.xml")
    assert f'<link rel="alternate" type="application/atom+xml" title="Opit" href="{feed}">' in head


def test_site_head_links_the_feeds(config: SiteConfig) -> None:
    head = site_head(config)
    for path in ("feed.xml", "cases/feed.xml", "workshops/feed.xml", "events/feed.xml"):
        assert f'href="{config.absolute(path)}"' in head
    assert f'<meta name="description" content="{config.description}">' in head
    assert 'name="description"' not in site_head(config, description=False)


def test_heads_can_leave_the_description_to_the_theme(catalog: Catalog,
                                                      config: SiteConfig) -> None:
    entry = catalog.entries["old-case"]
    assert 'name="description"' in entry_head(catalog, config, entry)
    head = entry_head(catalog, config, entry, description=False)
    assert 'name="description"' not in head and 'property="og:description"' in head


def test_index_and_dcat_point_at_published_files(site: Path, config: SiteConfig) -> None:
    index = load(site / "api/v1/index.json")
    assert index["built"] == "2024-06-01T00:00:00Z"
    assert {name: d["count"] for name, d in index["datasets"].items()} == {
        "cases": 2, "workshops": 1, "findings": 2, "events": 1, "organisations": 2,
        "themes": 2, "series": 1}
    links = [index["catalog"], index["feed"], *index["content_schemas"].values()]
    for dataset in index["datasets"].values():
        keys = ("json", "csv", "schema", "item_schema", "feed")
        links += [dataset[k] for k in keys if dataset[k]]
    for url in links:
        assert (site / local(config, url)).is_file(), url

    dcat = load(site / "catalog.jsonld")
    assert dcat["@type"] == "dcat:Catalog"
    assert dcat["dct:modified"]["@value"] == index["built"]
    assert dcat["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    assert len(dcat["dcat:dataset"]) == 7
    for dataset in dcat["dcat:dataset"]:
        assert {"dct:title", "dct:description", "dct:publisher", "dct:modified"} <= set(dataset)
        for distribution in dataset["dcat:distribution"]:
            assert distribution["dcat:mediaType"]["@id"].endswith(("application/json", "text/csv"))
            assert distribution["dct:license"]["@id"]
            assert (site / local(config, distribution["dcat:downloadURL"]["@id"])).is_file()
    cases = next(d for d in dcat["dcat:dataset"] if d["dct:title"]["@value"] == "Cases")
    assert cases["dct:modified"]["@value"] == "2024-06-01"
    assert len(cases["dcat:distribution"]) == 2


def test_two_exports_are_byte_identical(catalog: Catalog, config: SiteConfig, content: Path,
                                        site: Path, tmp_path: Path) -> None:
    written = write_exports(load_catalog(content), config, tmp_path / "again")
    assert len(written) == len(tree(site)) == 42
    assert tree(tmp_path / "again") == tree(site)


def test_source_date_epoch_sets_the_build_time(catalog: Catalog, config: SiteConfig,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_exports(catalog, config, tmp_path)
    assert load(tmp_path / "api/v1/index.json")["built"] == "2023-11-14T22:13:20Z"
    assert load(tmp_path / "catalog.jsonld")["dct:modified"]["@value"] == "2023-11-14T22:13:20Z"


def test_opit_export_writes_the_open_data(content: Path, site: Path, tmp_path: Path) -> None:
    result = run_opit("export", "--out", str(tmp_path), "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert tree(tmp_path) == tree(site)


def test_opit_export_stops_on_invalid_content(content: Path, tmp_path: Path) -> None:
    broken = tmp_path / "content"
    for path in content.rglob("*"):
        if path.is_file():
            target = broken / path.relative_to(content)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    case = broken / "cases/new-case.md"
    case.write_text(case.read_text("utf-8").replace("themes: [data-sharing]", "themes: [nope]"),
                    encoding="utf-8")
    result = run_opit("--content", str(broken), "export", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "unknown theme 'nope'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_export_refuses_invalid_content(catalog: Catalog, config: SiteConfig,
                                        tmp_path: Path) -> None:
    problem = Diagnostic("content/cases/x.md", 3, 1, "error", "unknown-theme", "unknown theme")
    broken = dataclasses.replace(catalog, diagnostics=[problem])
    with pytest.raises(ValueError, match=re.escape("content/cases/x.md:3:1: error: unknown theme")):
        write_exports(broken, config, tmp_path)
    assert list(tmp_path.iterdir()) == []
