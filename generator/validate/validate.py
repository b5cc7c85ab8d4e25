"""Check read documents against the schemas (generator.validate.explain says what is wrong),
and collect the valid entries and registries with every problem found."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.diagnostics import Diagnostic
from generator.read.content_folder import RawContent, RawEntry
from generator.read.positions import Document
from generator.validate.bodycheck import check_body
from generator.validate.explain import key_label, validate_document
from schemas.introspect import model_at, unwrap_model
from schemas.models import (
    ENTRY_MODELS,
    REGISTRY_MODELS,
    EntryBase,
    Organisation,
    Series,
    Theme,
)
from schemas.placeholders import TODO


@dataclass
class Entry:
    """A valid entry: its model, its id and type, and the document it came from."""

    id: str
    type: str
    data: EntryBase
    document: Document
    relpath: str

    @property
    def body(self) -> str:
        return self.document.body


@dataclass
class ValidContent:
    entries: list[Entry] = field(default_factory=list)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    series: dict[str, Series] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)  # registry name -> document
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Entries with errors of their own: their references are still checked (from the raw data),
    # so that one run reports every problem of a file.
    invalid: list[RawEntry] = field(default_factory=list)
    # Ids that exist but are invalid ("themes", ..., "entries" -> ids). Their own errors are
    # reported; references to them are not reported again as unknown.
    broken: dict[str, set[str]] = field(default_factory=dict)


def validate_content(raw: RawContent) -> ValidContent:
    valid = ValidContent(diagnostics=list(raw.diagnostics))
    targets = {"organisations": valid.organisations, "themes": valid.themes, "series": valid.series}
    for name, document in raw.registries.items():
        valid.documents[name] = document
        _validate_registry(valid, document, REGISTRY_MODELS[name], targets[name])
        given = {item.get("id") for item in document.data if isinstance(item, dict)}
        valid.broken[name] = {i for i in given if isinstance(i, str)} - set(targets[name])
    for raw_entry in raw.entries:
        _validate_entry(valid, raw_entry)
    valid.broken["entries"] = (
        {e.id for e in raw.entries} | raw.unreadable) - {e.id for e in valid.entries}
    return valid


def _validate_registry(valid: ValidContent, document: Document, model: type, target: dict) -> None:
    item_model = unwrap_model(model)
    assert item_model is not None
    # Positions grouped by item once (filtering all of them for each item is quadratic).
    keys: dict[object, dict] = defaultdict(dict)
    values: dict[object, dict] = defaultdict(dict)
    for positions, grouped in ((document.keys, keys), (document.values, values)):
        for loc, mark in positions.items():
            if loc:
                grouped[loc[0]][loc[1:]] = mark
    for index, item in enumerate(document.data):
        at_item = Document(document.path, item, keys[index], values[index])
        record, problems = validate_document(at_item, item_model)
        valid.diagnostics.extend(problems)
        if record is None:
            continue
        if record.id in target:
            mark = at_item.where(("id",))
            valid.diagnostics.append(Diagnostic(document.path, mark.line, mark.column, "error",
                "duplicate-id", f"id '{record.id}' is already used in this registry; "
                "ids must be unique"))
            continue
        target[record.id] = record


def _todo_hint(model: type[BaseModel], loc: tuple) -> str:
    """How to get rid of a TODO at `loc`: replace it, or, for an optional key, delete it."""
    key = loc[-1] if loc else None
    parent = model_at(model, loc[:-1]) if isinstance(key, str) else None
    info = parent.model_fields.get(key) if parent is not None and isinstance(key, str) else None
    optional = info is not None and not info.is_required()
    return f"replace the {TODO} with the real value" + (", or delete the line" if optional else "")


def _todos(document: Document, model: type[BaseModel]) -> list[Diagnostic]:
    """Placeholders left from `opit new`: each one is an error until it is filled in."""
    found: list[Diagnostic] = []
    if not document.has_todo:
        return found

    def walk(value: Any, loc: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*loc, index))
        elif isinstance(value, str) and TODO in value:
            mark = document.where(loc)
            found.append(Diagnostic(document.path, mark.line, mark.column, "error", "todo",
                f"{key_label(loc)} still says {TODO}; {_todo_hint(model, loc)}"))

    walk(document.data, ())
    for number, line in enumerate(document.body.splitlines()):
        if TODO in line:
            found.append(Diagnostic(document.path, document.body_line + number,
                line.index(TODO) + 1, "error", "todo",
                f"the text still says {TODO}; write it and delete the placeholder"))
            break
    return found


def _validate_entry(valid: ValidContent, raw: RawEntry) -> None:
    document = raw.document
    declared = document.data.get("type")
    if declared is not None and declared != raw.type:
        mark = document.where(("type",))
        folder = raw.relpath.split("/")[0]
        valid.diagnostics.append(Diagnostic(document.path, mark.line, mark.column, "error",
            "type-mismatch", f"type '{declared}' does not match the folder {folder}/ "
            f"(type '{raw.type}'); move the file or remove the 'type' key"))
        valid.invalid.append(raw)
        return
    model = ENTRY_MODELS[raw.type]
    record, problems = validate_document(document, model)
    todos = _todos(document, model)
    marked = {(d.line, d.column) for d in todos}
    valid.diagnostics.extend(todos)
    valid.diagnostics.extend(d for d in problems if (d.line, d.column) not in marked)
    body_problems = check_body(document.body, document.path, document.body_line)
    valid.diagnostics.extend(body_problems)
    if record is not None and not body_problems:
        valid.entries.append(Entry(raw.id, raw.type, record, document, raw.relpath))
    else:
        valid.invalid.append(raw)
