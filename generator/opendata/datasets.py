"""The published datasets: their names, titles, descriptions, record models and files."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from generator.catalog.data_urls import (
    ENTRY_DATASET_TITLES,
    api_entry_template,
    dataset_path,
    feed_path,
    schema_path,
)
from generator.catalog.urls import listing_path
from generator.config import SiteConfig
from generator.opendata.export_models import (
    CaseRecord,
    EventRecord,
    FindingRecord,
    OrganisationRecord,
    SeriesRecord,
    ThemeRecord,
    WorkshopRecord,
)


@dataclass(frozen=True)
class Dataset:
    name: str  # file name stem: api/v1/<name>.json, api/v1/schema/<name>.schema.json
    item_schema: str  # schema file stem of one item: api/v1/schema/<item_schema>.schema.json
    title: str
    description: str
    model: type[BaseModel]
    entry_type: str | None = None  # for entry datasets: one JSON file per entry, a page, a feed
    csv: bool = False

    def url(self, config: SiteConfig, extension: str = "json") -> str:
        return config.absolute(dataset_path(self.name, extension))

    def schema_url(self, config: SiteConfig) -> str:
        return config.absolute(schema_path(self.name))

    def item_schema_url(self, config: SiteConfig) -> str:
        return config.absolute(schema_path(self.item_schema))

    def item_url(self, config: SiteConfig) -> str | None:
        return config.absolute(api_entry_template(self.entry_type)) if self.entry_type else None

    def page_url(self, config: SiteConfig) -> str | None:
        return config.absolute(listing_path(self.entry_type)) if self.entry_type else None

    def feed_url(self, config: SiteConfig) -> str | None:
        return config.absolute(feed_path(self.entry_type)) if self.entry_type else None


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "cases", "case", ENTRY_DATASET_TITLES["case"],
        "Case learnings from public-sector digitalisation: what was done, lessons, challenges "
        "and failures, conditions for success.",
        CaseRecord, entry_type="case", csv=True,
    ),
    Dataset(
        "workshops", "workshop", ENTRY_DATASET_TITLES["workshop"],
        "Co-creation workshops and their findings, with the proposals made.",
        WorkshopRecord, entry_type="workshop", csv=True,
    ),
    Dataset(
        "findings", "finding", "Workshop findings",
        "Every workshop finding as its own record, with the cases that address it.",
        FindingRecord, csv=True,
    ),
    Dataset(
        "events", "event", ENTRY_DATASET_TITLES["event"],
        "Network events, their speakers and takeaways.",
        EventRecord, entry_type="event", csv=True,
    ),
    Dataset(
        "organisations", "organisation", "Organisations",
        "The organisations that the entries refer to.", OrganisationRecord,
    ),
    Dataset("themes", "theme", "Themes", "The themes that entries are classified by.", ThemeRecord),
    Dataset(
        "series", "series-item", "Series", "Workshop series, event series and programmes.",
        SeriesRecord,
    ),
)

ENTRY_DATASETS: dict[str, Dataset] = {d.entry_type: d for d in DATASETS if d.entry_type}
