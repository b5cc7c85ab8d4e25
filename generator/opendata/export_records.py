"""From the catalog to export records: every field, references resolved to ids, names and URLs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from generator.catalog.catalog import Catalog
from generator.catalog.data_urls import api_entry_path
from generator.catalog.references import Resolver
from generator.catalog.urls import entry_path, organisation_path, series_path, theme_path
from generator.config import SiteConfig
from generator.opendata.export_models import (
    ENTRY_RECORDS,
    FindingRecord,
    OrganisationRecord,
    SeriesRecord,
    ThemeRecord,
)
from generator.validate.validate import Entry
from schemas.models import Case, Event, Workshop


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
