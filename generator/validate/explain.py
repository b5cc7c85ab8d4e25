"""Pydantic's validation errors explained in the contributor's terms, at the key or value they
are about: `validate_document` checks one document against a model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from generator.diagnostics import LIST_HINT, Diagnostic, broken_list, did_you_mean
from generator.read.positions import Document
from schemas.ids import slugify
from schemas.introspect import field_range, literal_choices, model_at


def key_label(loc: tuple[str | int, ...]) -> str:
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
    label = key_label(loc)
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
        choices = literal_choices(parent, key)
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
        low, high = field_range(parent, key)
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
