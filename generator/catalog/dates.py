"""The dates of the content: each entry's last change, and the newest of them, which stands in
for the build time (SOURCE_DATE_EPOCH) so that a build is a function of its content.

Content without entries has no date; its date is then 1970-01-01, the epoch, which is what
SOURCE_DATE_EPOCH=0 means, so the site's timestamps and the open data's build time agree. (The
build once fell back to 2000-01-01 and the open data to 1970-01-01.)
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time

from generator.catalog.catalog import Catalog, entry_date
from generator.validate.validate import Entry

NO_DATE = "1970-01-01"


def changed(entry: Entry) -> str:
    """The entry's last change: `updated`, else `published` (YYYY-MM-DD)."""
    return (entry.data.updated or entry.data.published).isoformat()


def newest_date(entries: list[Entry]) -> str:
    """The newest last change of `entries` (YYYY-MM-DD), NO_DATE if there are none."""
    return max((changed(e) for e in entries), default=NO_DATE)


def newest_changed(entries: list[Entry]) -> list[Entry]:
    """Entries by their last change, newest first (then by id, for a stable order)."""
    by_id = sorted(entries, key=lambda e: e.id)
    return sorted(by_id, key=changed, reverse=True)


def newest_entries_key(entry: Entry) -> tuple[str, str, str]:
    """How "Newest entries" ranks an entry, largest first: its last change (`updated`, else
    `published`), then `published`, then the date of the work (entry_date: a case's period start
    or year, a workshop's or event's date). Every part is an ISO date or a prefix of one
    (2021, 2021-11, 2021-11-05), compared as text; a year alone gets a 0 appended so that it
    ranks above the months of that year, as it does in the listings (catalog.sort_key)."""
    work = entry_date(entry)
    return changed(entry), entry.data.published.isoformat(), work if "-" in work else work + "0"


def newest_entries(entries: list[Entry]) -> list[Entry]:
    """`entries` newest first by newest_entries_key; equal keys in id order, for a stable list."""
    by_id = sorted(entries, key=lambda e: e.id)
    return sorted(by_id, key=newest_entries_key, reverse=True)  # stable: ids stay ascending


def content_epoch(catalog: Catalog) -> int:
    """Midnight (UTC) of the content's newest date, in seconds since the epoch: the build time
    of every output when SOURCE_DATE_EPOCH is not set."""
    newest = date.fromisoformat(newest_date(list(catalog.entries.values())))
    return int(datetime.combine(newest, time(), UTC).timestamp())


def source_date_epoch(catalog: Catalog) -> str:
    """$SOURCE_DATE_EPOCH if set, else the content's own (content_epoch), for the site builder."""
    return os.environ.get("SOURCE_DATE_EPOCH") or str(content_epoch(catalog))


def build_time(catalog: Catalog, source_date_epoch: str | None) -> str:
    """The build time as UTC ISO 8601: `source_date_epoch` if given, else content_epoch."""
    seconds = int(source_date_epoch) if source_date_epoch else content_epoch(catalog)
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
