"""Finnish, Swedish and English (issue 8): catalogues, a three-language site, search across languages.

The fixture content (tests/fixtures/i18n/content) is fictional: one case written in Finnish with
its Swedish and English translations, an untranslated Finnish workshop, a Swedish event and an
English case, with registry names given in one, two or three languages. It is built once with
the real `opit build`; the search tests run it in Debian's Chromium (tests/site_fixtures.py).
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest
import yaml

from generator.catalog.references import NAME_FALLBACK
from generator.render.i18n import CATALOGUE_DIR
from generator.render.render import STATIC_PAGES, TEMPLATES
from schemas import models
from schemas.types import LANGUAGES
from tests.htmldom import Node, parse
from tests.site_fixtures import BuiltSite, build_site, served
from tests.support import FIXTURES, ROOT, hold_other_languages, run_opit, watch_first_results

CONTENT = FIXTURES / "i18n" / "content"
SITE_URL = "https://opit.example.org/"  # site_url in site_config.yml: hreflang uses it

FI_CASE = "/cases/hiekkalaakson-ajanvarauskokeilu/"
SV_CASE = "/cases/sandvallas-tidsbokningsforsok/"
EN_CASE = "/cases/hiekkalaakso-booking-pilot/"
FI_WORKSHOP = "/workshops/hiekkalaakson-datatyopaja-2024/"
SV_EVENT = "/events/skargardens-digitraff-2024/"
EN_CASE_ALONE = "/cases/village-school-remote-lessons/"
ENTRY_LANGUAGES = {FI_CASE: "fi", SV_CASE: "sv", EN_CASE: "en", FI_WORKSHOP: "fi",
                   SV_EVENT: "sv", EN_CASE_ALONE: "en"}
TRANSLATED = {"fi": FI_CASE, "sv": SV_CASE, "en": EN_CASE}
PREFIX = {"en": "/", "fi": "/fi/", "sv": "/sv/"}  # site_config.yml: default language en


def catalogue(language: str) -> dict[str, object]:
    return yaml.safe_load((CATALOGUE_DIR / f"{language}.yml").read_text("utf-8"))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# --------------------------------------------------------------------------------------------
# The catalogues and the static pages: complete in every language.


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_key_of_en_yml_is_translated_and_no_other(language: str) -> None:
    english, other = catalogue("en"), catalogue(language)
    assert sorted(set(english) - set(other)) == [], f"missing from {language}.yml"
    assert sorted(set(other) - set(english)) == [], f"in {language}.yml but not in en.yml"
    for key, text in other.items():
        assert isinstance(text, str) and text.strip(), f"{language}.yml: {key} is empty"
        assert placeholders(text) == placeholders(str(english[key])), f"{language}.yml: {key}"


def test_every_enum_value_has_a_label_in_every_catalogue() -> None:
    families = {"type_": models.EntryType, "types_": models.EntryType, "format_": models.Format,
                "level_": models.LevelOfGovernment, "stage_": models.Stage,
                "sector_": models.Sector, "barrier_": models.Barrier,
                "status_": models.FindingStatus, "link_": models.LinkKind}
    wanted = {prefix + value for prefix, kind in families.items() for value in get_args(kind)}
    wanted |= {f"lang_{language}" for language in LANGUAGES}
    for language in LANGUAGES:
        assert sorted(wanted - set(catalogue(language))) == [], language


def test_every_key_the_code_asks_for_is_in_the_catalogue() -> None:
    used = set()
    for path in (ROOT / "generator").rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_-]+)["']\s*[,)]""", path.read_text("utf-8")))
    assert used, "no t('key') calls found: the pattern is out of date"
    assert sorted(used - set(catalogue("en"))) == []


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("name", STATIC_PAGES)
def test_static_pages_exist_per_language_with_the_same_placeholders(language: str,
                                                                      name: str) -> None:
    english = (TEMPLATES / "en" / f"{name}.md").read_text("utf-8")
    text = (TEMPLATES / language / f"{name}.md").read_text("utf-8")
    assert text.startswith("# ")
    assert placeholders(text) == placeholders(english)


def test_the_name_fallback_order_is_documented() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert NAME_FALLBACK == ("en", "fi", "sv")
    assert "NAME_FALLBACK" in readme and "English, Finnish, Swedish" in readme


def test_contributor_guides_exist_in_finnish_and_swedish() -> None:
    finnish = (ROOT / "CONTRIBUTING.fi.md").read_text("utf-8")
    swedish = (ROOT / "CONTRIBUTING.sv.md").read_text("utf-8")
    assert "--language fi" in finnish and "translations" in finnish
    assert "--language sv" in swedish and "translations" in swedish


def test_opit_new_writes_the_language_given(tmp_path: Path) -> None:
    result = run_opit("--content", str(tmp_path), "new", "case", "testi-tapaus", "--language", "fi")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "cases" / "testi-tapaus.md").read_text("utf-8")
    assert re.search(r"^language: fi\b", text, re.M), text
    wrong = run_opit("--content", str(tmp_path), "new", "case", "other-case", "--language", "de")
    assert wrong.returncode == 2 and not (tmp_path / "cases" / "other-case.md").exists()


# --------------------------------------------------------------------------------------------
# Links between pages (tests/htmldom.py parses them).

def resolve(page: str, href: str) -> str:
    """A relative link on the page at directory URL `page` as a site path ('/x/y/')."""
    if href.startswith("/"):
        return href
    parts = [p for p in page.strip("/").split("/") if p]
    path = href.split("#")[0]
    for piece in path.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    directory = not path or path.endswith(("/", ".")) or not parts
    return "/" + "/".join(parts) + ("/" if directory and parts else "")


# --------------------------------------------------------------------------------------------
# The three-language fixture site, built once with the real `opit build`.


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    out = tmp_path_factory.mktemp("i18n-build") / "site"
    result = build_site(CONTENT, out)
    assert result.returncode == 0, f"opit build failed:\n{result.stderr}{result.stdout}"
    return BuiltSite(out, result.stderr)


def page(site: BuiltSite, path: str) -> Node:
    return parse(site.html(path))


def html_lang(site: BuiltSite, path: str) -> str:
    return page(site, path).find("html").attrs["lang"]


def switcher(site: BuiltSite, path: str) -> dict[str, str]:
    """The header's language switcher: language -> target page (the current one for itself)."""
    nav = page(site, path).find("nav", "opit-languages")
    links = {a.attrs["lang"]: resolve(path, a.attrs["href"]) for a in nav.find_all("a")}
    current = [s.attrs["lang"] for s in nav.find_all("span", "opit-languages__current")]
    return {**links, **dict.fromkeys(current, path)}


def hreflang(site: BuiltSite, path: str) -> dict[str, str]:
    head = page(site, path).find("head")
    return {link.attrs["hreflang"]: link.attrs["href"]
            for link in head.find_all("link", rel="alternate") if "hreflang" in link.attrs}


def nav_items(site: BuiltSite, path: str) -> list[tuple[str, str]]:
    """The primary navigation as (label, target page)."""
    nav = page(site, path).find("nav", "md-nav--primary")
    return [(a.text(), resolve(path, a.attrs["href"])) for a in nav.find_all("a", "md-nav__link")]


@pytest.mark.slow
def test_every_entry_page_is_in_its_own_language(site: BuiltSite) -> None:
    for path, language in ENTRY_LANGUAGES.items():
        assert html_lang(site, path) == language, path


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_section_pages_exist_per_language_in_that_language(site: BuiltSite, language: str) -> None:
    prefix = PREFIX[language]
    for section in ("", "cases/", "workshops/", "events/", "themes/", "themes/co-creation/",
                    "organisations/", "organisations/city-of-hiekkalaakso/", "series/",
                    "series/hiekkalaakso-data-workshops/", "search/", "about/", "contribute/",
                    "accessibility/"):
        assert html_lang(site, prefix + section) == language, prefix + section


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_each_listing_lists_every_entry_with_its_language(site: BuiltSite, language: str) -> None:
    t = catalogue(language)
    path = PREFIX[language] + "cases/"
    items = page(site, path).find("ul", "opit-list").find_all("li", "opit-item")
    shown = {resolve(path, item.find("a").attrs["href"]):
             item.find("span", "opit-item__language").text() for item in items}
    cases = {p: lang for p, lang in ENTRY_LANGUAGES.items() if p.startswith("/cases/")}
    assert shown == {p: t[f"lang_{lang}"] for p, lang in cases.items()}
    # An entry in another language marks its title as such, for screen readers.
    for item in items:
        target = resolve(path, item.find("a").attrs["href"])
        if ENTRY_LANGUAGES[target] != language:
            assert item.find("a").attrs.get("lang") == ENTRY_LANGUAGES[target]


@pytest.mark.slow
def test_the_switcher_keeps_the_reader_on_the_equivalent_page(site: BuiltSite) -> None:
    # Section pages: the same page in each language.
    assert switcher(site, "/fi/themes/co-creation/") == {
        "en": "/themes/co-creation/", "fi": "/fi/themes/co-creation/",
        "sv": "/sv/themes/co-creation/"}
    assert switcher(site, "/sv/search/") == {"en": "/search/", "fi": "/fi/search/",
                                             "sv": "/sv/search/"}
    # An entry with translations: each version.
    for path in TRANSLATED.values():
        assert switcher(site, path) == TRANSLATED, path
    # An entry without: that language's listing of its type.
    assert switcher(site, FI_WORKSHOP) == {"en": "/workshops/", "fi": FI_WORKSHOP,
                                           "sv": "/sv/workshops/"}


@pytest.mark.slow
def test_translations_carry_hreflang_pairs_both_ways(site: BuiltSite) -> None:
    expected = {lang: SITE_URL + path.lstrip("/") for lang, path in TRANSLATED.items()}
    for path in TRANSLATED.values():
        assert hreflang(site, path) == expected, path
    # and link each other in the page, marked with their language.
    article = page(site, FI_CASE).find("div", cls="opit-page")
    heading = article.find("h2", id="translations")
    items = article.children[article.children.index(heading) + 1:]
    listed = next(n for n in items if isinstance(n, Node) and n.tag == "ul")
    assert {(a.attrs["hreflang"], resolve(FI_CASE, a.attrs["href"])) for a in listed.find_all("a")} == {
        ("sv", SV_CASE), ("en", EN_CASE)}
    # An entry without translations names no alternate; section pages name all three.
    assert hreflang(site, FI_WORKSHOP) == {}
    assert hreflang(site, "/sv/cases/") == {
        "en": SITE_URL + "cases/", "fi": SITE_URL + "fi/cases/", "sv": SITE_URL + "sv/cases/"}


def similar(site: BuiltSite, path: str) -> set[str]:
    """The entries under "On the same themes" (the list after h2#similar)."""
    article = page(site, path).find("div", cls="opit-page")
    heading = article.find("h2", id="similar")
    following = article.children[article.children.index(heading) + 1:]
    listed = next(n for n in following if isinstance(n, Node) and n.tag == "ul")
    return {resolve(path, a.attrs["href"]) for a in listed.find_all("a")}


@pytest.mark.slow
def test_shared_themes_list_one_version_of_each_entry(site: BuiltSite) -> None:
    # Not the entry's own translations, and not another language's version of an entry that
    # exists in this entry's language.
    assert {SV_CASE, EN_CASE}.isdisjoint(similar(site, FI_CASE))
    assert EN_CASE in similar(site, EN_CASE_ALONE)
    assert {FI_CASE, SV_CASE}.isdisjoint(similar(site, EN_CASE_ALONE))


@pytest.mark.slow
def test_a_finnish_entry_page_has_no_english_label(site: BuiltSite) -> None:
    fi, en = catalogue("fi"), catalogue("en")
    english_only = {str(v) for v in en.values()} - {str(v) for v in fi.values()}
    html = page(site, FI_CASE)
    labels = [dt.text() for dt in html.find("dl", "opit-meta").find_all("dt")]
    assert labels[:2] == [fi["meta_type"], fi["meta_year"]]
    assert set(labels) <= {str(v) for v in fi.values()}, labels
    assert not set(labels) & english_only, labels
    values = [dd.text() for dd in html.find("dl", "opit-meta").find_all("dd")]
    assert fi["type_case"] in values and fi["stage_evaluating"] in values
    assert fi["level_local"] in values and fi["lang_fi"] in values
    headings = [h.text() for h in html.find("article").find_all("h2")]
    assert fi["section_lessons"] in headings and fi["section_sources"] in headings
    assert not set(headings) & english_only, headings
    # Material's own text and the footer follow the page too.
    assert html.find("nav", "md-header__inner").attrs["aria-label"] == "Ylätunniste"
    footer = html.find("div", "md-copyright").text()
    assert footer.startswith("Sisältöjen lisenssi on CC BY 4.0"), footer
    # The search box in the header goes to the Finnish search page.
    form = html.find("form", "opit-header-search")
    assert resolve(FI_CASE, form.attrs["action"]) == "/fi/search/"


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/sv/cases/", SV_EVENT, "/sv/"])
def test_the_navigation_on_swedish_pages_is_swedish(site: BuiltSite, path: str) -> None:
    sv = catalogue("sv")
    items = nav_items(site, path)
    assert [label for label, _ in items] == [
        sv[k] for k in ("nav_home", "nav_cases", "nav_workshops", "nav_events", "nav_themes",
                        "nav_organisations", "nav_series", "nav_search", "nav_about",
                        "nav_contribute", "nav_accessibility")]
    assert all(target.startswith("/sv/") for _, target in items), items
    assert ("Fall", "/sv/cases/") in items
    active = page(site, "/sv/cases/").find("nav", "md-nav--primary").find_all("a", "md-nav__link--active")
    assert [a.text() for a in active] == ["Fall"]


@pytest.mark.slow
def test_the_default_language_keeps_mkdocs_navigation(site: BuiltSite) -> None:
    items = nav_items(site, "/cases/")
    assert ("Cases", "/cases/") in items and ("Workshops", "/workshops/") in items
    assert nav_items(site, FI_CASE)[1] == ("Tapaukset", "/fi/cases/")


@pytest.mark.slow
def test_registry_names_follow_the_reader_then_the_documented_order(site: BuiltSite) -> None:
    def names(path: str) -> list[str]:
        return [li.find("a").text() for li in page(site, path).find("article").find("ul").find_all("li")]

    # Finnish reader: the Swedish-only name, and the Finnish names where given.
    assert sorted(names("/fi/organisations/")) == sorted([
        "Digikokeiluvirasto", "Hiekkalaakson kaupunki", "Kyläkoulujen yhdistys",
        "Skärgårdens samarbetsforum"])
    # Swedish reader: English before Finnish when there is no Swedish name.
    assert sorted(names("/sv/organisations/")) == sorted([
        "Digital Pilot Agency", "Sandvalla stad", "Kyläkoulujen yhdistys",
        "Skärgårdens samarbetsforum"])
    assert "Data sharing" in names("/sv/themes/") and "Tiedon jakaminen" in names("/fi/themes/")
    # English reader: the Finnish name when there is no English one.
    assert "Kyläkoulujen yhdistys" in names("/organisations/")
    # On an entry page the reader's language is the entry's.
    dd = page(site, SV_CASE).find("dl", "opit-meta").find_all("dd")
    assert any("Sandvalla stad" in d.text() and "Digital Pilot Agency" in d.text() for d in dd)


@pytest.mark.slow
def test_the_static_pages_are_translated(site: BuiltSite) -> None:
    fi = page(site, "/fi/accessibility/").find("article").text()
    assert fi.startswith("Saavutettavuusseloste")
    assert "306/2019" in fi and "Etelä-Suomen aluehallintovirasto" in fi
    assert "saavutettavuusvaatimukset.fi" in fi and "2026-11-22" in fi
    sv = page(site, "/sv/accessibility/").find("article").text()
    assert sv.startswith("Tillgänglighetsutlåtande")
    assert "Regionförvaltningsverket i Södra Finland" in sv and "tillganglighetskrav.fi" in sv
    for path in ("/fi/about/", "/sv/about/", "/fi/contribute/", "/sv/contribute/"):
        text = page(site, path).find("article").text()
        assert "{" not in text, path
    # Links from /fi/about/ reach the open data at the site root.
    about = page(site, "/fi/about/").find("article")
    assert "/api/v1/index.json" in {resolve("/fi/about/", a.attrs["href"]) for a in about.find_all("a")}


@pytest.mark.slow
def test_the_404_page_speaks_every_language(site: BuiltSite) -> None:
    html = parse((site.root / "404.html").read_text("utf-8"))
    assert html.find("html").attrs["lang"] == "en"
    article = html.find("article")
    assert article.find("h1").text() == catalogue("en")["not_found_title"]
    for language in ("fi", "sv"):
        block = article.find("div", "opit-not-found", lang=language)
        assert catalogue(language)["not_found_title"] in block.text()
        assert block.find("a").attrs["href"].endswith(f"/{language}/")


@pytest.mark.slow
def test_pagefind_indexes_each_page_language(site: BuiltSite) -> None:
    entry = json.loads((site.root / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert {k: v["page_count"] for k, v in entry["languages"].items()} == {"en": 2, "fi": 2, "sv": 2}
    assert {v["wasm"] for v in entry["languages"].values()} == {"en", "fi", "sv"}


def test_the_real_content_has_finnish_and_swedish_translations(real_site: BuiltSite) -> None:
    pairs = {"fi": ("/cases/asiantuntijatuki-digipalvelujen-yhteiskehittamiseen/",
                    "/cases/co-designing-future-digital-services/"),
             "sv": ("/cases/natverket-for-framjare-av-digitalisering/",
                    "/cases/network-for-promoters-of-digitalisation/")}
    for language, (translated, english) in pairs.items():
        assert html_lang(real_site, translated) == language
        assert set(hreflang(real_site, translated)) == {language, "en"}
        assert hreflang(real_site, translated) == hreflang(real_site, english)


# --------------------------------------------------------------------------------------------
# Search across languages, in real Chromium.


@pytest.fixture(scope="module")
def site_address(site: BuiltSite) -> Iterator[str]:
    with served(site.root) as url:
        yield url


@pytest.fixture
def tab(browser_page, site_address: str):
    return browser_page(site_address)


def problems(tab) -> list[str]:
    """Errors in the console, uncaught errors and requests to another host (hreflang and feeds name
    the public site URL: it is never fetched)."""
    return tab.console_errors + [f"request to another host: {url}" for url in tab.external_requests]


def search(tab, url: str) -> list[dict[str, str]]:
    """Open a search URL and return the results once the search page is ready.

    Ready means every language's results have joined: the page shows its own language's first.
    """
    tab.goto(url)
    tab.wait_for_selector("#opit-search[data-ready=true]")
    return results(tab)


def results(tab) -> list[dict[str, str]]:
    return tab.eval_on_selector_all("#opit-results li", """items => items.map(item => ({
        path: new URL(item.querySelector('a').href).pathname,
        lang: item.querySelector('a').lang,
        language: (item.querySelector('.opit-item__language') || {}).textContent}))""")


@pytest.mark.slow
def test_a_finnish_query_on_the_english_page_finds_all_languages_and_the_filter_narrows(
        tab) -> None:
    found = search(tab, "/search/?q=Hiekkalaakson")
    paths = {r["path"] for r in found}
    assert {FI_CASE, FI_WORKSHOP, SV_CASE, EN_CASE} <= paths, found
    assert {"Finnish", "Swedish", "English"} <= {r["language"] for r in found}
    assert next(r for r in found if r["path"] == FI_CASE)["lang"] == "fi"
    languages = tab.eval_on_selector_all("#opit-filter-language option", "o => o.map(x => x.value)")
    assert set(languages) == {"", "en", "fi", "sv"}
    tab.select_option("#opit-filter-language", "fi")
    tab.wait_for_function("""() => new URLSearchParams(location.search).get('language') === 'fi'
        && [...document.querySelectorAll('#opit-results li')].length === 2""")
    assert {r["path"] for r in results(tab)} == {FI_CASE, FI_WORKSHOP}
    assert "q=Hiekkalaakson" in tab.url and "language=fi" in tab.url
    assert problems(tab) == []


@pytest.mark.slow
def test_finnish_stemming_finds_another_form_of_the_word(tab) -> None:
    # The Finnish case says "kuntien" (of the municipalities) and no other form of "kunta".
    # Pagefind's Finnish stemmer takes "kunnat" (the municipalities) to a stem that "kuntien"
    # extends; the English stemmer of the English page would not find it.
    text = (CONTENT / "cases" / "hiekkalaakson-ajanvarauskokeilu.md").read_text("utf-8").lower()
    assert re.findall(r"\bkun\w*", text) == ["kuntien"]
    found = search(tab, "/search/?q=kunnat")
    assert FI_CASE in {r["path"] for r in found}, found
    found = search(tab, "/sv/search/?q=kunnat&language=fi")
    assert [r["path"] for r in found] == [FI_CASE]
    assert found[0]["language"] == "finska"
    assert problems(tab) == []


@pytest.mark.slow
def test_the_first_results_are_the_readers_language_then_the_others_join(tab) -> None:
    first = watch_first_results(tab)
    release = hold_other_languages(tab, "fi")
    tab.goto("/fi/search/?q=Hiekkalaakson")
    tab.wait_for_selector("#opit-search[data-first-results=true]")
    assert {r["path"] for r in results(tab)} == {FI_CASE, FI_WORKSHOP}
    assert first["status"].endswith("…")
    assert not any("/wasm.en." in url or "/wasm.sv." in url for url in first["requests"])
    release()
    tab.wait_for_selector("#opit-search[data-ready=true]")
    found = results(tab)
    assert {FI_CASE, FI_WORKSHOP, SV_CASE, EN_CASE} <= {r["path"] for r in found}
    assert next(r for r in found if r["path"] == EN_CASE)["lang"] == "en"
    assert problems(tab) == []


@pytest.mark.slow
def test_the_swedish_search_page_finds_english_and_finnish_entries(tab) -> None:
    found = search(tab, "/sv/search/?q=booking")
    assert EN_CASE in {r["path"] for r in found}
    assert next(r for r in found if r["path"] == EN_CASE)["language"] == "engelska"
    tab.wait_for_selector("#opit-filter-language")
    assert tab.eval_on_selector("label[for=opit-filter-language]", "l => l.textContent") == "Språk"
    found = search(tab, "/sv/search/?q=ajanvarauskokeilu")
    assert FI_CASE in {r["path"] for r in found}
    assert problems(tab) == []


@pytest.mark.slow
def test_a_filter_only_search_lists_every_language_newest_first(tab) -> None:
    found = search(tab, "/fi/search/?type=case")
    assert {r["path"] for r in found} == {FI_CASE, SV_CASE, EN_CASE, EN_CASE_ALONE}
    assert found[-1]["path"] == EN_CASE_ALONE  # its year is 2023, the others 2024


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/fi/", "/sv/cases/", FI_CASE, SV_EVENT, "/fi/accessibility/",
                                  "/sv/search/?q=Hiekkalaakson", "/404.html"])
def test_axe_finds_no_wcag_21_aa_violation_in_finnish_and_swedish(tab, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab.goto(path)
    if "search" in path:
        tab.wait_for_selector("#opit-search[data-ready=true]")
        assert results(tab), "the search page shows no results to check"
    result = Axe().run(tab, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    assert result.violations_count == 0, result.generate_report()
    assert [e for e in problems(tab) if "404" not in e] == []
