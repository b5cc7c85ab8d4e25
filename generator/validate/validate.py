"""Check read documents against the schemas and explain every error in the contributor's terms."""

from __future__ import annotations

import types
import typing
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, RootModel, ValidationError
from pydantic.fields import FieldInfo

from generator.diagnostics import LIST_HINT, Diagnostic, broken_list, did_you_mean
from generator.intake.scaffold import TODO
from generator.read.loader import RawContent, RawEntry
from generator.read.reader import Document
from generator.validate.bodycheck import check_body
from schemas.ids import slugify
from schemas.models import (
    ENTRY_MODELS,
    REGISTRY_MODELS,
    EntryBase,
    Organisation,
    Series,
    Theme,
)


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


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside Optional[...], list[...] and Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if issubclass(annotation, RootModel):
            return _unwrap_model(annotation.model_fields["root"].annotation)
        return annotation
    for arg in get_args(annotation):
        found = _unwrap_model(arg)
        if found:
            return found
    return None


def model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model of the mapping found at `loc` inside `model`'s data."""
    current: type[BaseModel] | None = _unwrap_model(model)
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = _unwrap_model(info.annotation) if info else None
    return current


def _literal_choices(model: type[BaseModel] | None, key: str) -> list[str]:
    if model is None or key not in model.model_fields:
        return []
    choices: list[str] = []

    def collect(annotation: Any) -> None:
        if get_origin(annotation) is Literal:
            choices.extend(str(a) for a in get_args(annotation))
        elif get_origin(annotation) in (list, typing.Union, types.UnionType, typing.Annotated):
            for arg in get_args(annotation):
                collect(arg)

    collect(model.model_fields[key].annotation)
    return choices


def _label(loc: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1] if parts else 'item'} item {part + 1}"]
        else:
            parts.append(part)
    return ", ".join(parts) if parts else "the file"


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "empty" if value is None else f"'{value}'"


def _list_continued(data: Any, loc: tuple) -> str | None:
    """The list key just above an empty unknown key: the key is likely that list's next item."""
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(parent, dict) or parent.get(loc[-1], "") is not None:
        return None
    keys = list(parent)
    index = keys.index(loc[-1])
    above = keys[index - 1] if index else None
    return above if above is not None and isinstance(parent[above], list) else None


def explain(error: dict[str, Any], model: type[BaseModel],
            data: Any = None) -> tuple[tuple, bool, str, str]:
    """(location, point at key?, code, message) for one Pydantic error in `data`."""
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind, value = error["type"], error.get("input")
    key_at = max((i for i, p in enumerate(loc) if isinstance(p, str)), default=0)
    key = loc[key_at] if loc else ""
    label = _label(loc)
    parent = model_at(model, loc[:key_at])
    context = error.get("ctx") or {}
    if kind == "missing":
        info = parent.model_fields.get(key) if parent else None
        hint = f": {info.description}" if info and info.description else ""
        return loc[:-1], False, "missing-key", f"missing required key '{key}'{hint}"
    if kind == "extra_forbidden":
        allowed = sorted(parent.model_fields) if parent else []
        above = _list_continued(data, loc)
        if str(key).startswith("-") or above:
            # Not a misspelt key: a list item that lost its '- ' or its indentation.
            where = f"the list '{above}' above" if above else "a list"
            hint = (f"; if it is an item of {where}, write it as '- {str(key).lstrip('- ')}', "
                    "indented like the other items")
        else:
            hint = did_you_mean(key, allowed) or f"; allowed keys are: {', '.join(allowed)}"
        return loc, True, "unknown-key", f"unknown key '{key}'{hint}"
    if kind == "literal_error":
        choices = _literal_choices(parent, key)
        hint = did_you_mean(str(value), choices)
        return loc, False, "bad-value", (
            f"{label}: {_kind(value)} is not allowed; use one of: {', '.join(choices)}{hint}"
        )
    if kind == "string_pattern_mismatch":
        if "#" in context.get("pattern", ""):
            text = "write it as '<workshop-id>#<finding-id>'"
        elif ":[0-5]" in context.get("pattern", ""):  # HH:MM
            text = "write the time as HH:MM, e.g. 09:30"
        elif "A-Z" in context.get("pattern", ""):
            text = "use an SPDX licence id such as CC-BY-4.0"
        elif broken_list(str(value)):
            return loc, False, "bad-id", f"{label}: '{value}' is not valid{LIST_HINT}"
        else:
            suggestion = slugify(str(value))
            text = "use lowercase letters, digits and hyphens"
            text += f", e.g. '{suggestion}'" if suggestion and suggestion != value else ""
        return loc, False, "bad-id", f"{label}: '{value}' is not valid; {text}"
    if kind in ("too_short", "too_long") and isinstance(value, str):
        kind = f"string_{kind}"  # a length limit applied after a text validator
    if kind in ("too_short", "too_long"):
        count = context.get("min_length") if kind == "too_short" else context.get("max_length")
        word = "at least" if kind == "too_short" else "at most"
        return loc, False, "bad-length", f"{label}: give {word} {count} item(s)"
    if kind in ("string_too_short", "string_too_long"):
        low = context.get("min_length")
        high = context.get("max_length")
        limit = f"at least {low}" if kind == "string_too_short" else f"at most {high}"
        return loc, False, "bad-length", (
            f"{label} is {len(str(value))} characters; it must be {limit} characters"
        )
    if kind in ("line_break", "control_character"):
        return loc, False, "bad-text", f"{label} {error['msg']}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, False, "wrong-type", (
            f"{label} must be keys and values (a mapping), not {_kind(value)}"
        )
    if kind == "list_type":
        return loc, False, "wrong-type", (
            f"{label} must be a list, not {_kind(value)}: put each item on its own line "
            "starting with '- '"
        )
    if kind == "string_type":
        return loc, False, "wrong-type", f"{label} must be text, not {_kind(value)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return loc, False, "wrong-type", f"{label}: {_kind(value)} is not a whole number"
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _range(parent, key)
        return loc, False, "out-of-range", f"{label}: {value} must be between {low} and {high}"
    if kind == "out_of_range_date":
        return loc, False, "out-of-range", f"{label}: {error['msg']}"
    if kind.startswith("date"):
        return loc, False, "bad-date", (
            f"{label}: '{value}' is not a real date; write YYYY-MM-DD, e.g. 2023-01-26"
        )
    message = str(error["msg"]).removeprefix("Value error, ")
    # A model-level rule that names one of its keys first points at that key.
    first = message.split(" ", 1)[0].strip(":(")
    if parent is None:
        parent = model_at(model, loc)
    if kind == "value_error" and parent and first in parent.model_fields and key != first:
        return (*loc, first), True, "invalid", message
    return loc, False, "invalid", f"{label}: {message}" if loc else message


def _range(model: type[BaseModel] | None, key: str) -> tuple[Any, Any]:
    low = high = "?"
    if not model or key not in model.model_fields:
        return low, high
    info = model.model_fields[key]
    found, annotations = list(info.metadata), [info.annotation]
    while annotations:  # bounds may sit inside Optional[Annotated[int, Field(ge=...)]]
        for arg in get_args(annotations.pop()):
            found.extend(arg.metadata if isinstance(arg, FieldInfo) else [arg])
            annotations.append(arg)
    for item in found:
        low = item.ge if getattr(item, "ge", None) is not None else low
        high = item.le if getattr(item, "le", None) is not None else high
    return low, high


def validate_document(
    document: Document, model: type[BaseModel], data: Any | None = None
) -> tuple[BaseModel | None, list[Diagnostic]]:
    data = document.data if data is None else data
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        diagnostics = []
        for item in error.errors(include_url=False):
            loc, at_key, code, message = explain(item, model, data)
            mark = document.where(loc, key=at_key)
            diagnostics.append(
                Diagnostic(document.path, mark.line, mark.column, "error", code, message)
            )
        return None, diagnostics


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
    item_model = _unwrap_model(model)
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
                f"{_label(loc)} still says {TODO}; {_todo_hint(model, loc)}"))

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
