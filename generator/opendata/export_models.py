"""The shapes of the open data: Pydantic models of every exported record.

They extend the content contract (schemas/models.py), so every field of an entry keeps its name
and description; references become `Ref` objects (id, name, page URL) and each record gains its
page URL and its Markdown body. The published JSON Schemas (api/v1/schema/) are generated from
these models, and every record is validated against them while it is exported: one source of
truth for what the files contain.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from schemas.models import (
    Case,
    EntryType,
    Event,
    Finding,
    Organisation,
    Series,
    Speaker,
    Theme,
    Workshop,
)
from schemas.types import EntryId, FindingRef, IsoDate, Language, Slug

# Records keep text exactly as given (the Markdown body too) and allow no unknown keys.
RECORD_CONFIG = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Ref(BaseModel):
    """A resolved reference: the id, a readable name and the page URL."""

    model_config = RECORD_CONFIG
    id: str = Field(description="The id used in the content files.")
    name: str = Field(description="Title of the entry or name of the record.")
    url: str = Field(description="Absolute URL of its page.")


class RecordTranslations(BaseModel):
    model_config = RECORD_CONFIG
    fi: Ref | None = Field(None, description="The Finnish version of this entry.")
    sv: Ref | None = Field(None, description="The Swedish version of this entry.")
    en: Ref | None = Field(None, description="The English version of this entry.")


class EntryFields(BaseModel):
    """What every exported entry adds to, or resolves in, its front matter."""

    id: EntryId = Field(description="The entry id: its file name without .md.")
    url: str = Field(description="Absolute URL of the entry's page.")
    api_url: str = Field(description="Absolute URL of this record as its own JSON file.")
    body: str = Field(description="The entry's text, as Markdown.")
    themes: list[Ref] = Field(description="Themes of the entry.")
    organisations: list[Ref] = Field(description="Organisations of the entry.")
    related: list[Ref] = Field(description="Related entries, as declared in this entry.")
    translations: RecordTranslations | None = Field(
        None, description="This entry in other languages."
    )
    series: Ref | None = Field(None, description="The series or programme it belongs to.")


class RecordFinding(Finding):
    model_config = RECORD_CONFIG
    url: str = Field(description="Absolute URL of the finding on the workshop's page.")
    addressed_by: list[Ref] = Field(description="Cases that address this finding.")


class RecordSpeaker(Speaker):
    model_config = RECORD_CONFIG
    organisation: Ref = Field(description="The speaker's organisation.")


class CaseRecord(EntryFields, Case):
    model_config = RECORD_CONFIG
    type: Literal["case"] = Field(description="The entry type.")
    addresses: list[Ref] = Field(
        description="Workshop findings this case addresses; ids are '<workshop-id>#<finding-id>'."
    )


class WorkshopRecord(EntryFields, Workshop):
    model_config = RECORD_CONFIG
    type: Literal["workshop"] = Field(description="The entry type.")
    findings: list[RecordFinding] = Field(description="What the workshop found.")


class EventRecord(EntryFields, Event):
    model_config = RECORD_CONFIG
    type: Literal["event"] = Field(description="The entry type.")
    speakers: list[RecordSpeaker] = Field(description="Who spoke.")


class FindingRecord(RecordFinding):
    """A workshop finding as a record of its own (api/v1/findings.json)."""

    model_config = RECORD_CONFIG
    id: FindingRef = Field(description="'<workshop-id>#<finding-id>', as cases' addresses use.")
    finding_id: Slug = Field(description="The finding's id within its workshop.")
    workshop: Ref = Field(description="The workshop that found it.")
    date: IsoDate = Field(description="Date of the workshop.")
    language: Language = Field(description="Language of the statement.")
    themes: list[Ref] = Field(description="Themes of the workshop.")
    series: Ref | None = Field(None, description="The workshop series.")


class RegistryFields(BaseModel):
    url: str = Field(description="Absolute URL of its page.")
    entries: list[Ref] = Field(description="Entries that refer to it, newest first.")


class OrganisationRecord(RegistryFields, Organisation):
    model_config = RECORD_CONFIG


class ThemeRecord(RegistryFields, Theme):
    model_config = RECORD_CONFIG


class SeriesRecord(RegistryFields, Series):
    model_config = RECORD_CONFIG
    organiser: Ref = Field(description="The organisation that runs it.")


Item = TypeVar("Item", bound=BaseModel)


class Collection(BaseModel, Generic[Item]):
    """A whole dataset: api/v1/<name>.json."""

    model_config = RECORD_CONFIG
    schema_url: str = Field(alias="$schema", description="URL of this file's JSON Schema.")
    license: str = Field(description="SPDX id of the licence, unless an item says otherwise.")
    license_url: str = Field(description="URL of the licence.")
    count: int = Field(ge=0, description="Number of items.")
    items: list[Item]


class DatasetLinks(BaseModel):
    model_config = RECORD_CONFIG
    title: str
    description: str
    count: int = Field(ge=0)
    json_url: str = Field(alias="json", description="URL of the whole dataset as JSON.")
    csv_url: str | None = Field(None, alias="csv", description="URL of the dataset as CSV.")
    schema_url: str = Field(alias="schema", description="URL of the JSON file's JSON Schema.")
    item_schema: str = Field(description="URL of the JSON Schema of one item.")
    item_url: str | None = Field(None, description="URL of one item; '{id}' is its id.")
    page: str | None = Field(None, description="URL of the listing page.")
    feed: str | None = Field(None, description="URL of the Atom feed.")


class Index(BaseModel):
    """What is published: api/v1/index.json."""

    model_config = RECORD_CONFIG
    schema_url: str = Field(alias="$schema")
    name: str
    description: str
    url: str = Field(description="The site.")
    publisher: str
    license: str
    license_url: str
    built: str = Field(description="SOURCE_DATE_EPOCH, else the newest date in the content.")
    catalog: str = Field(description="URL of the DCAT-AP description (JSON-LD).")
    feed: str = Field(description="URL of the Atom feed of all entries.")
    datasets: dict[str, DatasetLinks]
    content_schemas: dict[str, str] = Field(
        description="URLs of the JSON Schemas of the content files (front matter, registries)."
    )


ENTRY_RECORDS: dict[EntryType, type[BaseModel]] = {
    "case": CaseRecord,
    "workshop": WorkshopRecord,
    "event": EventRecord,
}


def json_schema(model: type[BaseModel], title: str, schema_id: str) -> dict[str, Any]:
    """A self-contained JSON Schema (draft 2020-12) of what `model` dumps by alias."""
    schema = model.model_json_schema(by_alias=True, mode="serialization")
    schema["title"] = title
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id, **schema}
