"""What goes in a page's <head> for machines: description, OpenGraph, feed links, JSON-LD.

`entry_head` is for an entry's page (schema.org Article for cases and workshops, Event for
events); `site_head` is for every other page. All URLs are absolute, all attribute values are
escaped, and JSON inside <script> has <, > and & escaped so content can never end the script.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.catalog.catalog import Catalog
from generator.catalog.data_urls import (
    CATALOG_PATH,
    ENTRY_DATASET_TITLES,
    api_entry_path,
    feed_path,
    feed_title,
)
from generator.catalog.dates import changed
from generator.catalog.references import Resolver, licence_url
from generator.catalog.urls import entry_path
from generator.config import SiteConfig
from generator.render.html import relative
from generator.render.pages import Page
from generator.validate.validate import Entry
from schemas.models import Event, Workshop

OG_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
ATTENDANCE = {
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}
TIME_ZONE = "Europe/Helsinki"


def script_json(data: object) -> str:
    """JSON that is safe inside <script>: '<', '>' and '&' are written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _tag(tag: str, **attrs: str) -> str:
    pairs = "".join(f' {key.rstrip("_")}="{escape(value, quote=True)}"'
                    for key, value in attrs.items())
    return f"<{tag}{pairs}>"


def _meta(key: str, value: str, attr: str = "property") -> str:
    return _tag("meta", **{attr: key, "content": value})


def _href(config: SiteConfig, path: str, page: str | None) -> str:
    """Relative to the page when it is known (the theme fetches <dir>/sitemap.xml for every
    rel=alternate link, so these must stay on this host), else absolute."""
    return relative(page, path) if page is not None else config.absolute(path)


def _feed_links(config: SiteConfig, types: Sequence[str | None], page: str | None) -> list[str]:
    """Atom feed links: None is the feed of all entries, a type its own feed."""
    return [_tag("link", rel="alternate", type="application/atom+xml", title=feed_title(config, t),
                 href=_href(config, feed_path(t), page)) for t in types]


def site_head(config: SiteConfig, *, description: bool = True, page: str | None = None) -> str:
    """Head tags of every page that is not an entry: description, feeds, the DCAT catalog.

    `description=False` leaves out <meta name="description"> for a theme that writes its own.
    """
    wanted = description and config.description
    tags = [_meta("description", config.description, "name")] if wanted else []
    tags += _feed_links(config, [None, *ENTRY_DATASET_TITLES], page)
    tags.append(_tag("link", rel="describedby", type="application/ld+json",
                     href=_href(config, CATALOG_PATH, page)))
    return "\n".join(tags) + "\n"


def _start_date(data: Event) -> str:
    day = data.date.isoformat()
    if not data.start_time:
        return day
    try:
        offset = _offset(day, data.start_time)
    except ZoneInfoNotFoundError:  # pragma: no cover - a system without time zone data
        offset = ""
    return f"{day}T{data.start_time}:00{offset}"


def _offset(day: str, time: str) -> str:
    moment = datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=ZoneInfo(TIME_ZONE))
    return moment.isoformat()[-6:]


def _thing(kind: str, ref: dict[str, str]) -> dict[str, str]:
    """A schema.org node for a resolved reference: type, name and page URL."""
    return {"@type": kind, "name": ref["name"], "url": ref["url"]}


def entry_jsonld(catalog: Catalog, config: SiteConfig, entry: Entry) -> dict[str, Any]:
    """schema.org JSON-LD of an entry: an Article (case, workshop) or an Event.

    An Event has no publisher, licence or publication dates in schema.org, so for events they
    describe the page: `subjectOf` is a WebPage that carries them.
    """
    ref, data = Resolver(catalog, config), entry.data
    url = config.absolute(entry_path(entry.type, entry.id))
    publisher = _thing("Organization", {"name": config.publisher, "url": config.url})
    themes = [ref.theme(t) for t in data.themes]
    organisations = [_thing("Organization", ref.organisation(o)) for o in data.organisations]
    series = ref.series(getattr(data, "series", None))
    described = {"url": url, "name": data.title, "description": data.summary,
                 "inLanguage": data.language}
    page = {
        **described,
        "datePublished": data.published.isoformat(),
        "dateModified": changed(entry),
        "license": licence_url(data.license, config),
        "publisher": publisher,
    }
    common = {
        **described,
        "@context": "https://schema.org",
        "@id": f"{url}#{entry.type}",
        "about": [_thing("Thing", t) for t in themes],
        "keywords": [*data.keywords] or [t["name"] for t in themes],
    }
    if isinstance(data, Event):
        event = {**common, "@type": "Event", "startDate": _start_date(data),
                 "eventAttendanceMode": ATTENDANCE[data.format], "contributor": organisations,
                 "subjectOf": {"@type": "WebPage", **page}}
        if series:
            event["superEvent"] = _thing("EventSeries", series)
            organiser = catalog.series[series["id"]].organiser
            event["organizer"] = _thing("Organization", ref.organisation(organiser))
        return event
    article = {
        **common,
        **page,
        "@type": "Article",
        "headline": data.title,
        "mainEntityOfPage": url,
        "author": publisher,
        "mentions": organisations,
        "citation": [{"@type": "CreativeWork", "name": s.title, **({"url": s.url} if s.url else {})}
                     for s in data.sources],
    }
    if isinstance(data, Workshop):
        article["contentReferenceTime"] = data.date.isoformat()
    if series:
        article["isPartOf"] = _thing("CreativeWorkSeries", series)
    return article


def entry_head(catalog: Catalog, config: SiteConfig, entry: Entry, *,
               description: bool = True, page: str | None = None) -> str:
    """Head tags of an entry's page: description, OpenGraph, feeds, JSON and JSON-LD.

    `description=False` leaves out <meta name="description"> (the summary) for a theme that
    writes its own from the page's meta.
    """
    data = entry.data
    url = config.absolute(entry_path(entry.type, entry.id))
    translations = data.translations.model_dump(exclude_none=True) if data.translations else {}
    tags = [
        *([_meta("description", data.summary, "name")] if description else []),
        _meta("og:type", "article"),
        _meta("og:title", data.title),
        _meta("og:description", data.summary),
        _meta("og:url", url),
        _meta("og:site_name", config.name),
        _meta("og:locale", OG_LOCALES[data.language]),
        *(_meta("og:locale:alternate", OG_LOCALES[language]) for language in translations),
        _meta("article:published_time", data.published.isoformat()),
        _meta("article:modified_time", changed(entry)),
        *(_meta("article:tag", keyword) for keyword in data.keywords),
        _meta("twitter:card", "summary", "name"),
        *_feed_links(config, [None, entry.type], page),
        _tag("link", rel="describedby", type="application/json",
             href=_href(config, api_entry_path(entry.type, entry.id), page)),
        '<script type="application/ld+json">'
        + script_json(entry_jsonld(catalog, config, entry)) + "</script>",
    ]
    return "\n".join(tags) + "\n"


def page_head(catalog: Catalog, config: SiteConfig) -> Callable[[Page], str]:
    """The head metadata for each page of a build (descriptions come from the page itself)."""

    def head(page: Page) -> str:
        entry = catalog.entries.get(page.path.rstrip("/").rsplit("/", 1)[-1])
        if page.meta.get("opit_type") and entry is not None:
            return entry_head(catalog, config, entry, description=False, page=page.path)
        return site_head(config, description=False, page=page.path)

    return head
