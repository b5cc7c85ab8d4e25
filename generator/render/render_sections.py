"""Section pages in one interface language: home, listings, themes, organisations, series, search."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from generator.catalog.data_urls import INDEX_PATH, feed_path
from generator.catalog.dates import newest_entries
from generator.catalog.urls import listing_path, organisation_path, series_path, theme_path
from generator.render.csp import PAGEFIND_MARK
from generator.render.entry_search import search_filters
from generator.render.html import esc, heading, link, relative
from generator.render.i18n import Translator
from generator.render.pages import NO_TOC, WIDE, Context, Page, entry_list, pager, paginate
from generator.validate.validate import Entry
from schemas.models import ENTRY_TYPES, LEVELS, STAGES, Series
from schemas.types import LANGUAGES

NEWEST_ON_HOME = 8
TYPES = ENTRY_TYPES


def search_form(t: Translator, page: str, prefix: str, field_id: str = "opit-home-q") -> str:
    action = esc(relative(page, prefix + "search/"))
    return (
        f'<form class="opit-searchform" role="search" action="{action}">'
        f'<label for="{field_id}">{esc(t("search_label"))}</label> '
        f'<input id="{field_id}" type="search" name="q" autocomplete="off"> '
        f'<button type="submit" class="opit-button opit-button--primary">{esc(t("search_button"))}'
        "</button></form>\n\n"
    )


def home(ctx: Context, t: Translator, prefix: str) -> Page:
    page = prefix
    catalog = ctx.catalog
    body = heading(1, ctx.config.name)
    body += f'<p class="opit-lead">{esc(t("site_tagline"))}</p>\n\n<p>{esc(t("home_intro"))}</p>\n\n'
    body += search_form(t, page, prefix)
    counts = "".join(
        f'<li>{link(page, prefix + listing_path(kind), t("types_" + kind))}: '
        f'<strong>{len(catalog.of_type(kind))}</strong></li>'
        for kind in TYPES
    )
    body += f'<ul class="opit-counts">{counts}</ul>\n\n'
    newest = newest_entries(list(catalog.entries.values()))[:NEWEST_ON_HOME]
    body += heading(2, t("newest"), "newest")
    body += entry_list(ctx, t, page, newest, heading=3, added=True)
    body += heading(2, t("browse_by_theme"), "themes")
    body += theme_links(ctx, t, page, prefix)
    body += heading(2, t("open_data"), "open-data")
    body += (f"<p>{esc(t('open_data_intro'))} "
             f"{link(page, INDEX_PATH, INDEX_PATH)} · {link(page, feed_path(), t('feed'))}</p>\n")
    return Page(page, {"title": ctx.config.name, "description": t("site_tagline"),
                       "lang": t.language, "opit_layout": WIDE}, body)


def registry_links(t: Translator, page: str, records: Mapping[str, Any],
                   path: Callable[[str], str], entries: Mapping[str, list[str]]) -> str:
    """A list of registry records (themes, organisations, series) by name, with entry counts."""
    items = "".join(
        f"<li>{link(page, path(key), t.name(record.name))} ({len(entries.get(key, []))})</li>"
        for key, record in sorted(records.items(), key=lambda item: t.name(item[1].name)))
    return f'<ul class="opit-themes">{items}</ul>\n\n'


def theme_links(ctx: Context, t: Translator, page: str, prefix: str) -> str:
    return registry_links(t, page, ctx.catalog.themes, lambda key: prefix + theme_path(key),
                          ctx.catalog.by_theme)


def listing_pages(ctx: Context, t: Translator, prefix: str, path: str, title: str,
                  intro: str | Callable[[str], str], entries: list[Entry],
                  lang_meta: str) -> Iterator[Page]:
    pages = paginate(prefix + path, len(entries))
    for number, (page, start, end) in enumerate(pages, start=1):
        body = heading(1, title if number == 1 else f"{title} ({number})")
        body += intro(page) if callable(intro) else intro
        body += entry_list(ctx, t, page, entries[start:end])
        body += pager(page, pages, number, label=t("pager_label"))
        yield Page(page, {"title": title, "description": title, "lang": lang_meta}, body)


def type_listings(ctx: Context, t: Translator, prefix: str) -> Iterator[Page]:
    for kind in TYPES:
        yield from listing_pages(ctx, t, prefix, listing_path(kind), t("types_" + kind), "",
                                 ctx.catalog.of_type(kind), t.language)


def taxonomy_pages(ctx: Context, t: Translator, prefix: str) -> Iterator[Page]:
    catalog = ctx.catalog
    index = prefix + "themes/"
    yield Page(index, {"title": t("nav_themes"), "lang": t.language},
               heading(1, t("nav_themes")) + theme_links(ctx, t, index, prefix))
    for theme_id, theme in catalog.themes.items():
        intro = f"<p>{esc(theme.description)}</p>\n\n" if theme.description else ""
        intro += heading(2, t("entries_on_theme"), "entries")
        yield from listing_pages(ctx, t, prefix, theme_path(theme_id), t.name(theme.name), intro,
                                 catalog.newest_first(catalog.by_theme.get(theme_id, [])), t.language)
    index = prefix + "organisations/"
    yield Page(index, {"title": t("nav_organisations"), "lang": t.language},
               heading(1, t("nav_organisations")) + registry_links(
                   t, index, catalog.organisations, lambda key: prefix + organisation_path(key),
                   catalog.by_organisation))
    for oid, org in catalog.organisations.items():
        facts = []
        for key, value in (("region", org.region), ("municipality", org.municipality),
                           ("business_id", org.business_id)):
            if value:
                facts.append(f"<div><dt>{esc(t(key))}</dt><dd>{esc(value)}</dd></div>")
        if org.website:
            facts.append(f"<div><dt>{esc(t('website'))}</dt><dd>"
                         f'<a href="{esc(org.website)}">{esc(org.website)}</a></dd></div>')
        intro = f'<dl class="opit-meta">{"".join(facts)}</dl>\n\n' if facts else ""
        intro += heading(2, t("entries_by_organisation"), "entries")
        yield from listing_pages(ctx, t, prefix, organisation_path(oid), t.name(org.name), intro,
                                 catalog.newest_first(catalog.by_organisation.get(oid, [])),
                                 t.language)
    index = prefix + "series/"
    yield Page(index, {"title": t("nav_series"), "lang": t.language},
               heading(1, t("nav_series")) + registry_links(
                   t, index, catalog.series, lambda key: prefix + series_path(key),
                   catalog.by_series))
    for sid, series in catalog.series.items():
        yield from listing_pages(ctx, t, prefix, series_path(sid), t.name(series.name),
                                 functools.partial(series_intro, ctx, t, prefix, series),
                                 catalog.newest_first(catalog.by_series.get(sid, [])),
                                 t.language)


def series_intro(ctx: Context, t: Translator, prefix: str, series: Series, page: str) -> str:
    """Description and facts of a series, with links relative to `page`."""
    organiser = ctx.catalog.organisations.get(series.organiser)
    facts = [f"<div><dt>{esc(t('organiser'))}</dt><dd>"
             + (link(page, prefix + organisation_path(series.organiser), t.name(organiser.name))
                if organiser else esc(series.organiser))
             + "</dd></div>"]
    if series.start:
        facts.append(f"<div><dt>{esc(t('meta_period'))}</dt><dd>"
                     f"{esc(series.start)} – {esc(series.end or '')}</dd></div>")
    if series.website:
        facts.append(f"<div><dt>{esc(t('website'))}</dt><dd>"
                     f'<a href="{esc(series.website)}">{esc(series.website)}</a></dd></div>')
    intro = f"<p>{esc(series.description)}</p>\n\n" if series.description else ""
    intro += f'<dl class="opit-meta">{"".join(facts)}</dl>\n\n'
    return intro + heading(2, t("entries_in_series"), "entries")


def search_page(ctx: Context, t: Translator, prefix: str) -> Page:
    page = prefix + "search/"
    catalog = ctx.catalog
    labels = {
        "type": {k: t("type_" + k) for k in TYPES},
        "theme": {k: t.name(v.name) for k, v in catalog.themes.items()},
        "organisation": {k: t.name(v.name) for k, v in catalog.organisations.items()},
        "level": {k: t("level_" + k) for k in LEVELS},
        "stage": {k: t("stage_" + k) for k in STAGES},
        "language": {k: t("lang_" + k) for k in LANGUAGES},
    }
    text = {key.removeprefix("search_").removeprefix("filter_"): t(key) for key in (
        "search_result", "search_results", "search_no_results", "search_more", "search_any", "search_clear",
        "search_loading",
        "filter_type", "filter_theme", "filter_organisation", "filter_year", "filter_level",
        "filter_stage", "filter_language", "type_case", "type_workshop", "type_event")}
    # Filter options with their counts, known at build time: the page need not download every
    # language's filter index just to draw the select boxes.
    counts: dict[str, dict[str, int]] = {}
    for entry in catalog.entries.values():
        for name, value in search_filters(entry):
            counts.setdefault(name, {}).setdefault(value, 0)
            counts[name][value] += 1
    config = json.dumps({"labels": labels, "text": text, "counts": counts,
                         "bundle": relative(page, "pagefind/"),
                         "languages": ctx.languages}, ensure_ascii=False, sort_keys=True)
    config = config.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    body = heading(1, t("nav_search"))
    body += (
        f'<div id="opit-search" class="opit-search" {PAGEFIND_MARK}>\n'
        f'<form class="opit-searchform" role="search" id="opit-search-form">'
        f'<label for="opit-q">{esc(t("search_label"))}</label> '
        f'<input id="opit-q" type="search" name="q" autocomplete="off"> '
        f'<button type="submit" class="opit-button opit-button--primary">{esc(t("search_button"))}'
        f'</button></form>\n'
        f'<div id="opit-filters" class="opit-filters"></div>\n'
        f'<p id="opit-status" class="opit-status" role="status" aria-live="polite"></p>\n'
        f'<ol id="opit-results" class="opit-results"></ol>\n'
        f'<p><button type="button" id="opit-more" class="opit-button" hidden>'
        f'{esc(t("search_more"))}</button></p>\n'
        f'<noscript><p>{esc(t("search_noscript"))}</p></noscript>\n'
        f"</div>\n"
        f'<script type="application/json" id="opit-search-config">{config}</script>\n'
        f'<script type="module" src="{esc(relative(page, "assets/opit-search.js"))}"></script>\n'
    )
    return Page(page, {"title": t("nav_search"), "lang": t.language,
                       "opit_layout": NO_TOC}, body)
