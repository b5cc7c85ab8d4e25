"""Records as CSV (RFC 4180, UTF-8, header row): one row per record, readable by a spreadsheet.

Columns come from the record model, so they are the same whatever the data: a scalar field is
one column; a nested object or a list of objects (period, sources, links, speakers) gives one
column per sub-field (`sources_title`, `sources_url`, ...), list values joined with '; ' in the
same order; a reference (or anything else with an id, such as a workshop's findings) is its id.
The id comes first and the (long, multi-line) Markdown body last; the rest keep the model's order.
Every text cell that a spreadsheet would read as a formula gets a leading `'` (safe_cell).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from schemas.introspect import unwrap_model

SEPARATOR = "; "
COLUMN_RANK = {"id": 0, "body": 2}  # id first, the long Markdown body last
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's CSV injection rule
Cell = str | int | float


def _has_id(model: type[BaseModel] | None) -> bool:
    return model is not None and "id" in model.model_fields


def columns(model: type[BaseModel]) -> list[tuple[str, str | None]]:
    """(field, sub-field or None) for each column of `model`'s CSV."""
    found: list[tuple[str, str | None]] = []
    for name, info in model.model_fields.items():
        inner = unwrap_model(info.annotation)
        if inner is None or _has_id(inner):
            found.append((name, None))
        else:
            found.extend((name, sub) for sub in inner.model_fields)
    return sorted(found, key=lambda column: COLUMN_RANK.get(column[0], 1))


def safe_cell(value: Cell) -> str:
    """A cell as written: text that starts like a formula gets a leading `'`; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return str(value)


def cell(value: Any) -> Cell:
    """One value: references by id, lists joined with '; ', None empty, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dict):
        return str(value.get("id", ""))
    if isinstance(value, list):
        return SEPARATOR.join(str(cell(item)) for item in value)
    return str(value)


def _value(record: dict[str, Any], name: str, sub: str | None) -> Cell:
    value = record.get(name)
    if sub is None:
        return cell(value)
    if isinstance(value, list):
        return SEPARATOR.join(str(cell(item.get(sub))) for item in value)
    return cell(value.get(sub)) if isinstance(value, dict) else ""


def to_csv(model: type[BaseModel], records: Sequence[BaseModel]) -> bytes:
    """The CSV file of `records` (all of type `model`)."""
    heads = columns(model)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    rows: list[list[Cell]] = [[name if sub is None else f"{name}_{sub}" for name, sub in heads]]
    for record in records:
        data = record.model_dump(mode="json", by_alias=True)
        rows.append([_value(data, name, sub) for name, sub in heads])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8")
