"""Every public path of the open data (API files, schemas, feeds, DCAT catalog), in one place,
and the titles of the entry datasets and their feeds (which the page head links to too).

Paths are relative to the site root, like generator/catalog/urls.py (which gives the page paths).
"""

from __future__ import annotations

from generator.catalog.urls import TYPE_FOLDERS, listing_path
from generator.config import SiteConfig

API_ROOT = "api/v1/"
INDEX_PATH = f"{API_ROOT}index.json"
SCHEMA_ROOT = f"{API_ROOT}schema/"
CONTENT_SCHEMA_ROOT = f"{SCHEMA_ROOT}content/"
CATALOG_PATH = "catalog.jsonld"
FEED_FILE = "feed.xml"
# Entry type -> the title of its dataset and feed, in the datasets' order.
ENTRY_DATASET_TITLES = {"case": "Cases", "workshop": "Workshops", "event": "Events"}


def dataset_path(name: str, extension: str = "json") -> str:
    """A whole collection: 'api/v1/cases.json', 'api/v1/findings.csv'."""
    return f"{API_ROOT}{name}.{extension}"


def api_entry_path(entry_type: str, entry_id: str) -> str:
    """One entry as JSON: 'api/v1/cases/<id>.json'."""
    return f"{API_ROOT}{TYPE_FOLDERS[entry_type]}/{entry_id}.json"


def api_entry_template(entry_type: str) -> str:
    """The per-entry path with an '{id}' placeholder, for the index."""
    return f"{API_ROOT}{TYPE_FOLDERS[entry_type]}/{{id}}.json"


def schema_path(name: str) -> str:
    """A JSON Schema of an exported shape: 'api/v1/schema/cases.schema.json'."""
    return f"{SCHEMA_ROOT}{name}.schema.json"


def content_schema_path(file_name: str) -> str:
    """A copy of a content-contract schema (schemas/json/), e.g. case.schema.json."""
    return f"{CONTENT_SCHEMA_ROOT}{file_name}"


def feed_path(entry_type: str | None = None) -> str:
    """The Atom feed of all entries ('feed.xml') or of one type ('cases/feed.xml')."""
    return FEED_FILE if entry_type is None else f"{listing_path(entry_type)}{FEED_FILE}"


def feed_title(config: SiteConfig, entry_type: str | None = None) -> str:
    """The title of the Atom feed of all entries, or of one type's entries."""
    if entry_type is None:
        return config.name
    return f"{config.name}: {ENTRY_DATASET_TITLES[entry_type]}"
