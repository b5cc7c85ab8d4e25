"""What a contract model says about its keys: the model at a place in the data, a key's allowed
values and its bounds. Validation explains errors with these; the CLI, search and the CSV export
read the same facts from the models instead of writing them again."""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, RootModel
from pydantic.fields import FieldInfo


def unwrap_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside Optional[...], list[...] and Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if issubclass(annotation, RootModel):
            return unwrap_model(annotation.model_fields["root"].annotation)
        return annotation
    for arg in get_args(annotation):
        found = unwrap_model(arg)
        if found:
            return found
    return None


def model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model of the mapping found at `loc` inside `model`'s data."""
    current: type[BaseModel] | None = unwrap_model(model)
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = unwrap_model(info.annotation) if info else None
    return current


def literal_choices(model: type[BaseModel] | None, key: str) -> list[str]:
    """The allowed values of a key whose type is a Literal (or a list or union of them)."""
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


def field_range(model: type[BaseModel] | None, key: str) -> tuple[Any, Any]:
    """(lowest, highest) allowed for a number key, '?' where the model sets no bound."""
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
