"""Atom feeds (RFC 4287) of the newest entries: /feed.xml and one per type (<type folder>/feed.xml).

Entries are ordered by their last change (updated, else published), newest first; every date
comes from the content, so the same content gives the same bytes. Characters XML 1.0 does not
allow (and the C1 controls it discourages) are left out of every text and attribute (xml_text),
so a feed is well-formed whatever the strings hold.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.catalog.catalog import Catalog
from generator.catalog.data_urls import api_entry_path, feed_path, feed_title
from generator.catalog.dates import changed, newest_changed, newest_date
from generator.catalog.references import Resolver, licence_name
from generator.catalog.urls import entry_path, listing_path
from generator.config import SiteConfig
from generator.opendata.datasets import ENTRY_DATASETS
from generator.validate.validate import Entry

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_SIZE = 50
# Not a Char of XML 1.0 (C0 controls but tab, LF and CR; surrogates; U+FFFE, U+FFFF), and the
# C1 controls it discourages, which readers such as feedparser take for Windows-1252 letters.
NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids or discourages (escaping is ET's)."""
    return NOT_XML.sub("", text)


def _well_formed(root: ET.Element) -> None:
    for element in root.iter():
        element.text = element.text and xml_text(element.text)
        element.tail = element.tail and xml_text(element.tail)
        element.attrib = {key: xml_text(value) for key, value in element.attrib.items()}


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _entry(feed: ET.Element, ref: Resolver, entry: Entry) -> None:
    config, data = ref.config, entry.data
    url = config.absolute(entry_path(entry.type, entry.id))
    item = _add(feed, "entry", **{XML_LANG: data.language})
    _add(item, "id", url)
    _add(item, "title", data.title, type="text")
    _add(item, "link", rel="alternate", type="text/html", href=url)
    _add(item, "link", rel="alternate", type="application/json",
         href=config.absolute(api_entry_path(entry.type, entry.id)))
    _add(item, "published", _stamp(data.published.isoformat()))
    _add(item, "updated", _stamp(changed(entry)))
    _add(item, "summary", data.summary, type="text")
    for theme_id in data.themes:
        theme = ref.theme(theme_id)
        _add(item, "category", term=theme_id, label=theme["name"], scheme=theme["url"])
    _add(item, "rights", licence_name(data.license))  # human text; the JSON keeps the id


def atom_feed(catalog: Catalog, config: SiteConfig, entry_type: str | None = None) -> bytes:
    """The feed of the FEED_SIZE most recently changed entries (of one type, or all)."""
    entries = [e for e in catalog.entries.values() if entry_type in (None, e.type)]
    newest = newest_changed(entries)[:FEED_SIZE]
    page = config.absolute(listing_path(entry_type) if entry_type else "")
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: config.default_language})
    _add(feed, "id", page)
    _add(feed, "title", feed_title(config, entry_type), type="text")
    if config.description:
        _add(feed, "subtitle", config.description, type="text")
    _add(feed, "link", rel="self", type="application/atom+xml",
         href=config.absolute(feed_path(entry_type)))
    _add(feed, "link", rel="alternate", type="text/html", href=page)
    _add(feed, "updated", _stamp(newest_date(entries)))
    author = _add(feed, "author")
    _add(author, "name", config.publisher)
    _add(author, "uri", config.url)
    if config.copyright:
        _add(feed, "rights", config.copyright, type="text")
    ref = Resolver(catalog, config)
    for entry in newest:
        _entry(feed, ref, entry)
    _well_formed(feed)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def feed_files(catalog: Catalog, config: SiteConfig) -> dict[str, bytes]:
    """Site path -> bytes of every feed."""
    types: list[str | None] = [None, *ENTRY_DATASETS]
    return {feed_path(t): atom_feed(catalog, config, t) for t in types}
