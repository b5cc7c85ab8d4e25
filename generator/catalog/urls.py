"""Every public URL of the site, in one place. Paths are relative to the site root, end in '/'."""

from __future__ import annotations

from schemas.models import TYPE_FOLDERS


def entry_path(entry_type: str, entry_id: str) -> str:
    return f"{TYPE_FOLDERS[entry_type]}/{entry_id}/"


def listing_path(entry_type: str) -> str:
    return f"{TYPE_FOLDERS[entry_type]}/"


def theme_path(theme_id: str) -> str:
    return f"themes/{theme_id}/"


def organisation_path(organisation_id: str) -> str:
    return f"organisations/{organisation_id}/"


def series_path(series_id: str) -> str:
    return f"series/{series_id}/"


def finding_path(workshop_id: str, finding_id: str) -> str:
    return f"{entry_path('workshop', workshop_id)}#finding-{finding_id}"
