""""Newest entries" on the home page and the dates on listing cards (issue 14, points 4 and 5).

The home page ranks entries by their last change (`updated`, else `published`), then `published`,
then the date of the work, newest first, with the id as the last tie-break; each of its cards
shows the date it is ranked by. Every listing card shows the date of the work. Dates are written
per page language (1.12.2026, 2026-12-01, 1 December 2026) inside <time datetime="...">.

Rendered in-process from a copy of the minimal fixture whose dates each test sets.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import load_config
from generator.render.i18n import Translator
from generator.render.pages import Context, date_text
from generator.render.render import section_pages
from generator.render.render_sections import home, type_listings
from tests.htmldom import Node, parse
from tests.support import ROOT, ContentFolder, edit

CHATBOT = "cases/example-city-chatbot-pilot"  # work from 2023-05
FINNISH_CASE = "cases/esimerkin-hyvinvointialueen-ajanvarauskokeilu"  # 2023-08
AI_WORKSHOP = "workshops/example-data-forum-ai-procurement-2023"  # 2023-11-09
DATA_WORKSHOP = "workshops/example-data-forum-shared-data-2024"  # 2024-03-14
APIS_MEETUP = "events/example-digi-meetup-open-apis-2024"  # 2024-05-03
ACCESSIBILITY_MEETUP = "events/example-digi-meetup-accessibility-2024"  # 2024-09-19
ENGLISH_MONTH = re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                           r"October|November|December)\b")


def content(tmp_path: Path, published: dict[str, str] | None = None,
            updated: dict[str, str] | None = None, work: dict[str, str] | None = None,
            edits: dict[str, tuple[str, str]] | None = None) -> Context:
    """The minimal fixture with every entry published on 2026-11-22 but the ones given in
    `published` (entry -> date), no `updated` but the ones given, the workshop or event
    dates given in `work`, and one (old, new) text replacement per entry in `edits`."""
    folder = ContentFolder(tmp_path)
    for path in sorted(folder.content.glob("*/*.md")):
        entry = f"{path.parent.name}/{path.stem}"
        text = re.sub(r"(?m)^updated: .*\n", "", path.read_text("utf-8"))
        stamp = f"published: {(published or {}).get(entry, '2026-11-22')}\n"
        if updated and entry in updated:
            stamp += f"updated: {updated[entry]}\n"
        text = re.sub(r"(?m)^published: .*\n", stamp, text, count=1)
        if work and entry in work:
            text = re.sub(r"(?m)^date: .*$", f"date: {work[entry]}", text, count=1)
        if edits and entry in edits:
            text = edit(text, *edits[entry])
        path.write_text(text, "utf-8")
    catalog = folder.catalog()
    assert not [d for d in catalog.diagnostics if d.severity == "error"], catalog.diagnostics
    return Context(catalog, load_config(ROOT / "site_config.yml"))


def newest_cards(ctx: Context, language: str) -> list[Node]:
    page = parse(home(ctx, Translator(language), ctx.prefix(language)).body)
    return page.find("ul", "opit-list").find_all("li", "opit-item")


def card_entry(card: Node) -> str:
    """'cases/x' from the card's title link, whatever the page depth."""
    return card.find("a").attrs["href"].lstrip("./").rstrip("/")


def test_with_equal_published_dates_the_newest_work_comes_first(tmp_path: Path) -> None:
    ctx = content(tmp_path)
    assert [card_entry(c) for c in newest_cards(ctx, "en")] == [
        ACCESSIBILITY_MEETUP, APIS_MEETUP, DATA_WORKSHOP, AI_WORKSHOP, FINNISH_CASE, CHATBOT]


def test_entries_equal_in_every_date_are_in_id_order(tmp_path: Path) -> None:
    ctx = content(tmp_path, work={APIS_MEETUP: "2024-09-19"})
    order = [card_entry(c) for c in newest_cards(ctx, "en")]
    assert order[:2] == [ACCESSIBILITY_MEETUP, APIS_MEETUP]  # '...-accessibility-' < '...-open-'


def test_an_update_newer_than_every_publication_puts_the_oldest_work_first(tmp_path: Path) -> None:
    ctx = content(tmp_path, updated={CHATBOT: "2026-11-30"})
    order = [card_entry(c) for c in newest_cards(ctx, "en")]
    assert order[0] == CHATBOT
    assert order[1:] == [ACCESSIBILITY_MEETUP, APIS_MEETUP, DATA_WORKSHOP, AI_WORKSHOP,
                         FINNISH_CASE]


def test_a_later_publication_beats_an_older_update(tmp_path: Path) -> None:
    ctx = content(tmp_path, published={CHATBOT: "2026-11-01", AI_WORKSHOP: "2026-11-25"},
                  updated={CHATBOT: "2026-11-24"})
    assert [card_entry(c) for c in newest_cards(ctx, "en")][:3] == [
        AI_WORKSHOP, CHATBOT, ACCESSIBILITY_MEETUP]


def test_an_update_equal_to_a_publication_ranks_the_earlier_published_after(
        tmp_path: Path) -> None:
    ctx = content(tmp_path, published={CHATBOT: "2026-11-01"}, updated={CHATBOT: "2026-11-22"})
    # Same last change as every other entry: the later `published` decides, CHATBOT goes last.
    assert card_entry(newest_cards(ctx, "en")[-1]) == CHATBOT
    ctx = content(tmp_path / "equal", updated={CHATBOT: "2026-11-22"})
    # Equal in both: the date of the work decides, and 2023-05 is the oldest.
    assert card_entry(newest_cards(ctx, "en")[-1]) == CHATBOT


def test_a_case_known_by_its_year_ranks_above_its_months_on_the_home_page_as_in_its_listing(
        tmp_path: Path) -> None:
    ctx = content(tmp_path, edits={
        FINNISH_CASE: ("period:\n  start: 2023-08\n  end: 2024-03\n", ""),
        CHATBOT: ("start: 2023-05", "start: 2023-12")})
    cases = [card_entry(c) for c in newest_cards(ctx, "en") if c.find("a").attrs["href"]
             .startswith("cases/")]
    assert cases == [FINNISH_CASE, CHATBOT]
    listing = next(type_listings(ctx, Translator("en"), ""))
    assert [card_entry(c) for c in parse(listing.body).find_all("li", "opit-item")] == cases


@pytest.mark.parametrize(("language", "changed", "work"), [
    ("en", "Updated 1 December 2026", "May 2023"),
    ("fi", "Päivitetty 1.12.2026", "5/2023"),
    ("sv", "Uppdaterad 2026-12-01", "maj 2023"),
])
def test_a_newest_card_shows_its_change_and_its_work_in_the_page_language(
        tmp_path: Path, language: str, changed: str, work: str) -> None:
    ctx = content(tmp_path, updated={CHATBOT: "2026-12-01"})
    card = newest_cards(ctx, language)[0]
    assert card_entry(card) == CHATBOT
    added = card.find("p", "opit-item__added")
    assert added.text() == changed
    assert added.find("time").attrs["datetime"] == "2026-12-01"
    when = card.find("p", "opit-item__meta").find("time")
    assert (when.attrs["datetime"], when.text()) == ("2023-05", work)


@pytest.mark.parametrize(("language", "published"), [
    ("en", "Published 22 November 2026"), ("fi", "Julkaistu 22.11.2026"),
    ("sv", "Publicerad 2026-11-22")])
def test_a_card_never_updated_shows_its_publication(tmp_path: Path, language: str,
                                                    published: str) -> None:
    card = newest_cards(content(tmp_path), language)[0]
    assert card.find("p", "opit-item__added").text() == published


@pytest.mark.parametrize(("language", "day", "month"), [
    ("en", "1 December 2026", "November 2021"),
    ("fi", "1.12.2026", "11/2021"),
    ("sv", "2026-12-01", "november 2021"),
])
def test_dates_are_written_per_language_and_a_year_stays_a_year(language: str, day: str,
                                                                month: str) -> None:
    t = Translator(language)
    assert (date_text(t, "2026-12-01"), date_text(t, "2021-11"), date_text(t, "2017")) == (
        day, month, "2017")


@pytest.mark.parametrize(("language", "shown"), [
    ("en", "14 March 2024"), ("fi", "14.3.2024"), ("sv", "2024-03-14")])
def test_listing_cards_show_the_date_of_the_work_in_a_time_element(
        tmp_path: Path, language: str, shown: str) -> None:
    ctx = content(tmp_path)
    t = Translator(language)
    workshops = next(p for p in type_listings(ctx, t, ctx.prefix(language))
                     if p.path.endswith("workshops/"))
    card = next(c for c in parse(workshops.body).find_all("li", "opit-item")
                if card_entry(c) == DATA_WORKSHOP)
    when = card.find("p", "opit-item__meta").find("time")
    assert (when.attrs["datetime"], when.text()) == ("2024-03-14", shown)
    assert not card.find_all("p", "opit-item__added")  # the added date is for Newest entries


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_date_on_a_finnish_or_swedish_section_page_names_an_english_month(
        tmp_path: Path, language: str) -> None:
    ctx = content(tmp_path, published={CHATBOT: "2026-01-01"}, updated={CHATBOT: "2026-05-04"})
    times = [node.text() for page in section_pages(ctx, language)
             for node in parse(page.body).find_all("time")]
    assert len(times) > 20, times  # home, listings, themes, organisations, series
    assert [text for text in times if ENGLISH_MONTH.search(text)] == []
    assert all(any(ch.isdigit() for ch in text) for text in times), times
