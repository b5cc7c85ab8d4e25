"""What every page shares: the Page record, language prefixes and entry listings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.catalog.catalog import Catalog, entry_date
from generator.catalog.dates import changed
from generator.catalog.urls import entry_path
from generator.config import SiteConfig
from generator.render.html import esc, link, time_tag
from generator.render.i18n import Translator, interface_languages
from generator.validate.validate import Entry

PAGE_SIZE = 50
# A page's layout (front matter `opit_layout`), for the builder to honour. Without one, a page
# shows the site navigation and its own table of contents beside the content.
WIDE = "wide"  # neither: the home page
NO_TOC = "no-toc"  # the navigation but no table of contents: the search page


@dataclass
class Page:
    path: str  # directory URL relative to the site root: '' for home, 'cases/x/' for an entry
    meta: dict[str, object]
    body: str
    alternates: dict[str, str] = field(default_factory=dict)  # language -> path


@dataclass
class Context:
    catalog: Catalog
    config: SiteConfig
    # Listing items by (entry id, language, heading level, with the added date), as the parts
    # before and after the title link's href: each entry is listed on several pages (its type,
    # themes, organisations, series).
    items: dict[tuple[str, str, int, bool], tuple[str, str]] = field(default_factory=dict, repr=False)

    @property
    def languages(self) -> list[str]:
        """The site's interface languages that have a translation catalogue."""
        return interface_languages(self.config.languages)

    def prefix(self, language: str) -> str:
        """Section pages of the default language live at the root, others under /<lang>/."""
        if language == self.config.default_language or language not in self.languages:
            return ""
        return f"{language}/"


# The tokens of a catalogue's date patterns (date_day_pattern, date_month_pattern): a
# translator writes "d.m.yyyy" or "d month yyyy" rather than Python format fields.
_DATE_TOKEN = re.compile(r"yyyy|month|mm|dd|m|d")


def date_text(t: Translator, iso: str) -> str:
    """An ISO date or a prefix of one (2021, 2021-11, 2021-11-05) as the reader's language
    writes it, by the catalogue's patterns and month names: in English 5 November 2021 and
    November 2021, in Finnish 5.11.2021 and 11/2021, in Swedish 2021-11-05 and november 2021.
    A year alone stays as it is; anything else is shown unchanged."""
    parts = iso.split("-")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        return iso
    year, month, day = [*parts, ""][:3]
    values = {"yyyy": year, "mm": month, "m": str(int(month)), "dd": day,
              "d": str(int(day)) if day else "", "month": t(f"month_{int(month)}")}
    pattern = t("date_day_pattern" if day else "date_month_pattern")
    return _DATE_TOKEN.sub(lambda token: values[token.group()], pattern)


def date_html(t: Translator, iso: str) -> str:
    """date_text inside <time datetime="iso">."""
    return time_tag(iso, date_text(t, iso))


def entry_item(ctx: Context, t: Translator, page: str, entry: Entry, heading: int = 2,
               added: bool = False) -> str:
    """One entry in a listing: title, type and the date of the work, organisations, themes,
    summary; with `added`, also when it was published or last updated (for "Newest entries")."""
    key = (entry.id, t.language, heading, added)
    parts = ctx.items.get(key)
    if parts is None:
        # Made once, linked from the site root; only the title link's '../' depends on the page
        # (the item's only href: its other text is escaped, so 'href="' cannot occur in it).
        before, _, after = _entry_item(ctx, t, entry, heading, added).partition('href="')
        parts = ctx.items[key] = (before + 'href="', after)
    return parts[0] + "../" * page.count("/") + parts[1]  # as html.relative() makes it


def _entry_item(ctx: Context, t: Translator, entry: Entry, heading: int, added: bool) -> str:
    data = entry.data
    orgs = ", ".join(t.name(ctx.catalog.organisations[o].name) for o in data.organisations
                     if o in ctx.catalog.organisations)
    themes = ", ".join(t.name(ctx.catalog.themes[th].name) for th in data.themes
                       if th in ctx.catalog.themes)
    # The entry's own text (title, summary) is in its language; the labels are the reader's.
    own = {} if data.language == t.language else {"lang": data.language}
    lang = "".join(f' lang="{value}"' for value in own.values())
    title = link("", entry_path(entry.type, entry.id), data.title, **own)
    return (
        f'<li class="opit-item">'
        f"<h{heading} class=\"opit-item__title\">{title}</h{heading}>"
        f'<p class="opit-item__meta"><span class="opit-badge">{esc(t("type_" + entry.type))}'
        f'</span> <span class="opit-item__language">{esc(t("lang_" + data.language))}</span>'
        f" · {date_html(t, entry_date(entry))} · {esc(orgs)}</p>"
        + (_added_line(t, entry) if added else "")
        + f'<p class="opit-item__summary"{lang}>{esc(data.summary)}</p>'
        f'<p class="opit-item__themes">{esc(t("meta_themes"))}: {esc(themes)}</p></li>'
    )


def _added_line(t: Translator, entry: Entry) -> str:
    """'Updated 1 December 2026' or 'Published ...': the date "Newest entries" is ordered by."""
    label = t("meta_updated" if entry.data.updated else "meta_published")
    return f'<p class="opit-item__meta opit-item__added">{esc(label)} {date_html(t, changed(entry))}</p>'


def entry_list(ctx: Context, t: Translator, page: str, entries: list[Entry], heading: int = 2,
               added: bool = False) -> str:
    if not entries:
        return f"<p>{esc(t('no_entries'))}</p>\n\n"
    items = "\n".join(entry_item(ctx, t, page, e, heading, added) for e in entries)
    return f'<ul class="opit-list">\n{items}\n</ul>\n\n'


def paginate(path: str, count: int) -> list[tuple[str, int, int]]:
    """(page path, first index, last index) for each page of a long listing."""
    pages = []
    for number, start in enumerate(range(0, max(count, 1), PAGE_SIZE), start=1):
        pages.append((path if number == 1 else f"{path}page/{number}/", start,
                      min(start + PAGE_SIZE, count)))
    return pages


def pager(page: str, pages: list[tuple[str, int, int]], current: int, label: str = "Pages") -> str:
    if len(pages) < 2:
        return ""
    links = []
    for number, (target, _, _) in enumerate(pages, start=1):
        if number == current:
            links.append(f'<span aria-current="page">{number}</span>')
        else:
            links.append(link(page, target, str(number)))
    return f'<nav class="opit-pager" aria-label="{esc(label)}">{" ".join(links)}</nav>\n\n'
