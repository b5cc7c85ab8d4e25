"""Opit's content contract (Pydantic models) and its JSON Schema export."""

from schemas.models import (
    ENTRY_FOLDERS,
    ENTRY_MODELS,
    REGISTRY_MODELS,
    Case,
    Entry,
    EntryBase,
    Event,
    Organisation,
    Series,
    Theme,
    Workshop,
)

__all__ = [
    "ENTRY_FOLDERS",
    "ENTRY_MODELS",
    "REGISTRY_MODELS",
    "Case",
    "Entry",
    "EntryBase",
    "Event",
    "Organisation",
    "Series",
    "Theme",
    "Workshop",
]
