"""The open-data stage: the catalog as JSON, CSV, JSON Schemas, Atom feeds and DCAT-AP.

`export_files` is a pure function of the catalog, the configuration and SOURCE_DATE_EPOCH that
returns every file's bytes; `write_exports` writes them under the site root. Output is
deterministic: records are sorted by id (feeds by last change, then id), JSON keys are sorted,
and the only timestamps are content dates or SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.catalog.catalog import Catalog
from generator.catalog.data_urls import (
    CATALOG_PATH,
    INDEX_PATH,
    api_entry_path,
    content_schema_path,
    dataset_path,
    feed_path,
    schema_path,
)
from generator.catalog.dates import build_time
from generator.catalog.references import licence_url
from generator.config import SiteConfig
from generator.opendata.datasets import DATASETS, Dataset
from generator.opendata.dcat import dcat_catalog
from generator.opendata.export_csv import to_csv
from generator.opendata.export_models import Collection, DatasetLinks, Index, json_schema
from generator.opendata.export_records import by_id, entry_record, finding_records, registry_records
from generator.opendata.feeds import feed_files
from generator.system.files import write_file
from schemas.jsonschema import schema_documents


def dump_json(data: Any) -> bytes:
    """JSON as published: UTF-8, sorted keys, compact, final newline.

    Compact because json's fast C encoder does not indent: with indent=2 the 10,000 files of a
    large site took seconds. `python -m json.tool` or any browser shows them indented.
    """
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json", by_alias=True)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def dataset_records(catalog: Catalog, config: SiteConfig) -> dict[str, list[BaseModel]]:
    """Dataset name -> its records, sorted by id."""
    records: dict[str, list[BaseModel]] = {
        d.name: [entry_record(catalog, config, e) for e in by_id(catalog, d.entry_type)]
        for d in DATASETS if d.entry_type
    }
    records["findings"] = list(finding_records(catalog, config))
    records.update(registry_records(catalog, config))
    return records


def collection(dataset: Dataset, config: SiteConfig, items: list[BaseModel]) -> BaseModel:
    return Collection[dataset.model].model_validate({
        "$schema": dataset.schema_url(config),
        "license": config.licence,
        "license_url": licence_url(config.licence, config),
        "count": len(items),
        "items": items,
    })


def schema_files(config: SiteConfig) -> dict[str, bytes]:
    """The JSON Schemas of the exported files, and copies of the content contract's schemas."""
    models: dict[str, tuple[type[BaseModel], str]] = {"index": (Index, "Opit open data: index")}
    for d in DATASETS:
        models[d.name] = (Collection[d.model], f"Opit open data: {d.title}")
        models[d.item_schema] = (d.model, f"Opit open data: one item of {d.title}")
    files = {
        schema_path(name): dump_json(json_schema(model, title, config.absolute(schema_path(name))))
        for name, (model, title) in models.items()
    }
    for name, text in schema_documents().items():
        files[content_schema_path(name)] = text.encode("utf-8")
    return files


def index(config: SiteConfig, records: dict[str, list[BaseModel]], built: str) -> Index:
    datasets = {
        d.name: DatasetLinks.model_validate({
            "title": d.title,
            "description": d.description,
            "count": len(records[d.name]),
            "json": d.url(config),
            "csv": d.url(config, "csv") if d.csv else None,
            "schema": d.schema_url(config),
            "item_schema": d.item_schema_url(config),
            "item_url": d.item_url(config),
            "page": d.page_url(config),
            "feed": d.feed_url(config),
        })
        for d in DATASETS
    }
    return Index.model_validate({
        "$schema": config.absolute(schema_path("index")),
        "name": config.name,
        "description": config.description,
        "url": config.url,
        "publisher": config.publisher,
        "license": config.licence,
        "license_url": licence_url(config.licence, config),
        "built": built,
        "catalog": config.absolute(CATALOG_PATH),
        "feed": config.absolute(feed_path()),
        "datasets": datasets,
        "content_schemas": {name.removesuffix(".schema.json"):
                            config.absolute(content_schema_path(name))
                            for name in schema_documents()},
    })


def export_files(catalog: Catalog, config: SiteConfig,
                 source_date_epoch: str | None = None) -> dict[str, bytes]:
    """Site path -> bytes of every open-data file. The content must be valid (no errors)."""
    errors = [d for d in catalog.diagnostics if d.severity == "error"]
    if errors:
        raise ValueError(f"the content has {len(errors)} error(s), first {errors[0].text()}; "
                         "run opit validate and fix them before exporting")
    built = build_time(catalog, source_date_epoch)
    records = dataset_records(catalog, config)
    files: dict[str, bytes] = {}
    for d in DATASETS:
        items = records[d.name]
        files[dataset_path(d.name)] = dump_json(collection(d, config, items))
        if d.csv:
            files[dataset_path(d.name, "csv")] = to_csv(d.model, items)
        if d.entry_type:
            files.update({api_entry_path(d.entry_type, item.id): dump_json(item)  # type: ignore[attr-defined]
                          for item in items})
    files.update(schema_files(config))
    files[INDEX_PATH] = dump_json(index(config, records, built))
    files.update(feed_files(catalog, config))
    files[CATALOG_PATH] = dump_json(dcat_catalog(catalog, config, built))
    return dict(sorted(files.items()))


def write_exports(catalog: Catalog, config: SiteConfig, out_dir: Path) -> list[Path]:
    """Write every open-data file under `out_dir` (the site root); the paths written, sorted.

    The build time in index.json and catalog.jsonld is $SOURCE_DATE_EPOCH when set, else the
    newest published/updated date in the content.
    """
    written = []
    for relative, data in export_files(catalog, config,
                                       os.environ.get("SOURCE_DATE_EPOCH")).items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, data)
        written.append(path)
    return written
