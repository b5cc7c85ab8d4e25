"""/catalog.jsonld: a DCAT-AP description of the datasets, for national open data portals."""

from __future__ import annotations

from typing import Any

from generator.catalog.catalog import Catalog
from generator.catalog.data_urls import CATALOG_PATH
from generator.catalog.dates import newest_date
from generator.catalog.references import licence_url
from generator.config import SiteConfig
from generator.opendata.datasets import DATASETS, Dataset

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority/"
EU_LANGUAGES = {"fi": "FIN", "sv": "SWE", "en": "ENG"}
GOVERNMENT_THEME = f"{EU}data-theme/GOVE"
FORMATS = {"json": ("application/json", "JSON"), "csv": ("text/csv", "CSV")}
KEYWORDS = ("digitalisation", "public sector", "co-creation", "lessons learned", "Finland")


def _id(url: str) -> dict[str, str]:
    return {"@id": url}


def _text(value: str, language: str = "en") -> dict[str, str]:
    return {"@language": language, "@value": value}


def _distribution(dataset: Dataset, config: SiteConfig, extension: str) -> dict[str, Any]:
    url = dataset.url(config, extension)
    media_type, file_type = FORMATS[extension]
    distribution = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _text(f"{dataset.title} ({file_type})"),
        "dcat:accessURL": _id(url),
        "dcat:downloadURL": _id(url),
        "dcat:mediaType": _id(f"https://www.iana.org/assignments/media-types/{media_type}"),
        "dct:format": _id(f"{EU}file-type/{file_type}"),
        "dct:license": _id(licence_url(config.licence, config)),
    }
    if extension == "json":
        distribution["dct:conformsTo"] = _id(dataset.schema_url(config))
    return distribution


def _dataset(dataset: Dataset, catalog: Catalog, config: SiteConfig,
             common: dict[str, Any]) -> dict[str, Any]:
    entry_type = dataset.entry_type or ("workshop" if dataset.name == "findings" else None)
    entries = [e for e in catalog.entries.values() if entry_type in (None, e.type)]
    described = {
        "@id": f"{config.absolute(CATALOG_PATH)}#{dataset.name}",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{config.absolute(CATALOG_PATH)}#{dataset.name}",
        "dct:title": _text(dataset.title),
        "dct:description": _text(dataset.description),
        **common,
        "dct:modified": {"@type": "xsd:date", "@value": newest_date(entries)},
        "dcat:theme": _id(GOVERNMENT_THEME),
        "dcat:keyword": [_text(k) for k in (*KEYWORDS, dataset.title.lower())],
        "dct:conformsTo": _id(dataset.schema_url(config)),
        "dcat:distribution": [_distribution(dataset, config, ext)
                              for ext in ("json", "csv") if ext == "json" or dataset.csv],
    }
    page = dataset.page_url(config)
    if page:
        described["dcat:landingPage"] = _id(page)
    return described


def dcat_catalog(catalog: Catalog, config: SiteConfig, built: str) -> dict[str, Any]:
    """The DCAT-AP catalog (JSON-LD) of every published dataset; `built` is its dct:modified."""
    common: dict[str, Any] = {
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": config.publisher},
        "dct:language": [_id(f"{EU}language/{EU_LANGUAGES[lang]}")
                         for lang in config.languages if lang in EU_LANGUAGES],
    }
    if config.feedback:
        common["dcat:contactPoint"] = {"@type": "vcard:Organization", "vcard:fn": config.publisher,
                                       "vcard:hasURL": _id(config.feedback)}
    return {
        "@context": CONTEXT,
        "@id": config.absolute(CATALOG_PATH),
        "@type": "dcat:Catalog",
        "dct:title": _text(config.name, config.default_language),
        "dct:description": _text(config.description or config.name, config.default_language),
        **common,
        "dct:license": _id(licence_url(config.licence, config)),
        "dct:modified": {"@type": "xsd:dateTime", "@value": built},
        "foaf:homepage": _id(config.url),
        "dcat:dataset": [_dataset(d, catalog, config, common) for d in DATASETS],
    }
