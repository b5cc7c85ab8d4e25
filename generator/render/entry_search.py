"""An entry's search data: the filters the search page narrows by, and the hidden Pagefind
filters, meta and sort values written into the entry's page."""

from __future__ import annotations

from generator.catalog.catalog import entry_date
from generator.render.html import esc
from generator.validate.validate import Entry
from schemas.models import Case


def search_filters(entry: Entry) -> list[tuple[str, str]]:
    """The (filter, value) pairs the search page can narrow an entry by."""
    data = entry.data
    filters: list[tuple[str, str]] = [("type", entry.type), ("language", data.language),
                                      ("year", entry_date(entry)[:4])]
    filters += [("theme", theme) for theme in data.themes]
    filters += [("organisation", org) for org in data.organisations]
    if isinstance(data, Case):
        filters += [("level", data.level_of_government), ("stage", data.stage)]
    return filters


def search_data(entry: Entry) -> str:
    """Hidden Pagefind filters, meta and sort values for the entry."""
    data = entry.data
    date = entry_date(entry)
    spans = [f'<span data-pagefind-filter="{name}">{esc(value)}</span>'
             for name, value in search_filters(entry)]
    spans.append(f'<span data-pagefind-meta="summary">{esc(data.summary)}</span>')
    spans.append(f'<span data-pagefind-meta="type">{esc(entry.type)}</span>')
    spans.append(f'<span data-pagefind-meta="date">{esc(date)}</span>')
    spans.append(f'<span data-pagefind-sort="date">{esc(date)}</span>')
    return ('<div class="opit-search-data" hidden data-pagefind-ignore>' + "".join(spans)
            + "</div>\n\n")
