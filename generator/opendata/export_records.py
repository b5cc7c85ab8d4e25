"""From the catalog to export records: every field, references resolved to ids, names and URLs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from generator.catalog.catalog import Catalog
from generator.catalog.data_urls import api_entry_path
from generator.catalog.urls import (
    entry_path,
    finding_path,
    organisation_path,
    series_path,
    theme_path,
)
from generator.config import SiteConfig
from generator.opendata.export_models import (
    ENTRY_RECORDS,
    FindingRecord,
    OrganisationRecord,
    SeriesRecord,
    ThemeRecord,
)
from generator.render.i18n import Translator
from generator.validate.validate import Entry
from schemas.models import Case, Event, Workshop

SPDX_URL = "https://spdx.org/licenses/{}.html"


@dataclass(frozen=True)
class Resolver:
    """Turns ids into `Ref` data (id, name, absolute page URL)."""

    catalog: Catalog
    config: SiteConfig

    def name(self, names: object) -> str:
        return Translator(self.config.default_language).name(names)

    def _ref(self, item_id: str, name: str, path: str) -> dict[str, str]:
        return {"id": item_id, "name": name, "url": self.config.absolute(path)}

    def entry(self, entry_id: str) -> dict[str, str]:
        entry = self.catalog.entries[entry_id]
        return self._ref(entry_id, entry.data.title, entry_path(entry.type, entry_id))

    def entries(self, ids: list[str]) -> list[dict[str, str]]:
        return [self.entry(i) for i in ids]

    def theme(self, theme_id: str) -> dict[str, str]:
        return self._ref(theme_id, self.name(self.catalog.themes[theme_id].name),
                         theme_path(theme_id))

    def organisation(self, organisation_id: str) -> dict[str, str]:
        return self._ref(organisation_id,
                         self.name(self.catalog.organisations[organisation_id].name),
                         organisation_path(organisation_id))

    def series(self, series_id: str | None) -> dict[str, str] | None:
        if series_id is None:
            return None
        return self._ref(series_id, self.name(self.catalog.series[series_id].name),
                         series_path(series_id))

    def finding(self, reference: str) -> dict[str, str]:
        workshop_id, finding_id = reference.split("#", 1)
        workshop = self.catalog.entries[workshop_id].data
        assert isinstance(workshop, Workshop)
        statement = next(f.statement for f in workshop.findings if f.id == finding_id)
        return self._ref(reference, statement, finding_path(workshop_id, finding_id))


def licence_url(spdx: str, config: SiteConfig) -> str:
    """The URL of an SPDX licence: the site's configured one, else its SPDX page."""
    return config.licence_url if spdx == config.licence else SPDX_URL.format(spdx)


def build_time(catalog: Catalog, source_date_epoch: str | None) -> str:
    """SOURCE_DATE_EPOCH if given, else the newest published/updated date (UTC, ISO 8601)."""
    if source_date_epoch:
        moment = datetime.fromtimestamp(int(source_date_epoch), UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{newest_date(list(catalog.entries.values()))}T00:00:00Z"


def changed(entry: Entry) -> str:
    """The entry's last change: `updated`, else `published` (YYYY-MM-DD)."""
    return (entry.data.updated or entry.data.published).isoformat()


def newest_date(entries: list[Entry]) -> str:
    return max((changed(e) for e in entries), default="1970-01-01")


def newest_changed(entries: list[Entry]) -> list[Entry]:
    """Entries by their last change, newest first (then by id, for a stable order)."""
    by_id = sorted(entries, key=lambda e: e.id)
    return sorted(by_id, key=changed, reverse=True)


def by_id(catalog: Catalog, entry_type: str) -> list[Entry]:
    return sorted((e for e in catalog.entries.values() if e.type == entry_type),
                  key=lambda e: e.id)


def entry_record(catalog: Catalog, config: SiteConfig, entry: Entry) -> BaseModel:
    """The complete export record of one entry, validated against its published schema."""
    ref = Resolver(catalog, config)
    data = entry.data
    record: dict[str, Any] = data.model_dump(mode="json")
    translations = data.translations.model_dump(exclude_none=True) if data.translations else None
    record.update(
        id=entry.id,
        type=entry.type,
        url=config.absolute(entry_path(entry.type, entry.id)),
        api_url=config.absolute(api_entry_path(entry.type, entry.id)),
        body=entry.body,
        themes=[ref.theme(t) for t in data.themes],
        organisations=[ref.organisation(o) for o in data.organisations],
        related=ref.entries(data.related),
        translations=translations and {k: ref.entry(v) for k, v in translations.items()},
        series=ref.series(getattr(data, "series", None)),
    )
    if isinstance(data, Case):
        record["addresses"] = [ref.finding(a) for a in data.addresses]
    if isinstance(data, Workshop):
        record["findings"] = [_finding(ref, entry.id, f.model_dump(mode="json"))
                              for f in data.findings]
    if isinstance(data, Event):
        record["speakers"] = [{**s.model_dump(mode="json"), "organisation":
                               ref.organisation(s.organisation)} for s in data.speakers]
    return ENTRY_RECORDS[entry.type].model_validate(record)  # type: ignore[index]


def _finding(ref: Resolver, workshop_id: str, finding: dict[str, Any]) -> dict[str, Any]:
    reference = f"{workshop_id}#{finding['id']}"
    return {**finding, "url": ref.finding(reference)["url"],
            "addressed_by": ref.entries(ref.catalog.addressed_by.get(reference, []))}


def finding_records(catalog: Catalog, config: SiteConfig) -> list[FindingRecord]:
    """Every workshop finding as its own record, workshops by id, findings in their order."""
    ref = Resolver(catalog, config)
    records = []
    for entry in by_id(catalog, "workshop"):
        data = entry.data
        assert isinstance(data, Workshop)
        for finding in data.findings:
            item = _finding(ref, entry.id, finding.model_dump(mode="json"))
            records.append(FindingRecord.model_validate({
                **item,
                "id": f"{entry.id}#{finding.id}",
                "finding_id": finding.id,
                "workshop": ref.entry(entry.id),
                "date": data.date.isoformat(),
                "language": data.language,
                "themes": [ref.theme(t) for t in data.themes],
                "series": ref.series(data.series),
            }))
    return records


def registry_records(catalog: Catalog, config: SiteConfig) -> dict[str, list[BaseModel]]:
    """Organisations, themes and series, sorted by id, each with its page and its entries."""
    ref = Resolver(catalog, config)

    def records(items: dict[str, Any], model: type[BaseModel], path: Callable[[str], str],
                index: dict[str, list[str]], **resolve: Callable[[str], Any]) -> list[BaseModel]:
        found = []
        for item_id in sorted(items):
            data = items[item_id].model_dump(mode="json")
            data.update({key: how(data[key]) for key, how in resolve.items()})
            data.update(url=config.absolute(path(item_id)),
                        entries=ref.entries(index.get(item_id, [])))
            found.append(model.model_validate(data))
        return found

    return {
        "organisations": records(catalog.organisations, OrganisationRecord, organisation_path,
                                 catalog.by_organisation),
        "themes": records(catalog.themes, ThemeRecord, theme_path, catalog.by_theme),
        "series": records(catalog.series, SeriesRecord, series_path, catalog.by_series,
                          organiser=ref.organisation),
    }
