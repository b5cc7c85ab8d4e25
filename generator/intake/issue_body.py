"""The GitHub issue forms in .github/ISSUE_TEMPLATE/ and the Markdown that GitHub makes of them.

GitHub turns a submitted form into an issue body with one section per field, in the form's order:
`### <label>`, a blank line, then the answer, or `_No response_` for an optional field left empty.
Checkboxes become `- [X] <option>` / `- [ ] <option>` lines. The forms themselves are read here,
so the parser always knows the same labels, ids and options the contributor saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from schemas.models import ENTRY_TYPES

FORMS_DIR = Path(__file__).resolve().parents[2] / ".github" / "ISSUE_TEMPLATE"
FORM_FILES = {entry_type: f"{entry_type}.yml" for entry_type in ENTRY_TYPES}
NO_RESPONSE = "_No response_"
OPTION_SEPARATOR = " — "  # "value — plain explanation" in dropdown options


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    kind: str  # input, textarea, dropdown or checkboxes
    required: bool
    options: tuple[str, ...] = ()
    multiple: bool = False


@dataclass(frozen=True)
class Form:
    type: str
    name: str
    fields: tuple[FormField, ...]

    def field(self, field_id: str) -> FormField:
        return next(f for f in self.fields if f.id == field_id)


@dataclass(frozen=True)
class Answer:
    field: FormField
    text: str | None  # None when left empty ("_No response_") or missing from the body
    line: int  # line of the issue body where the answer starts (1-based)
    checked: tuple[str, ...] = ()  # ticked checkbox options


def option_value(option: str) -> str:
    """The contract's value of a dropdown option such as 'online — over a video call'."""
    return option.split(OPTION_SEPARATOR, 1)[0].strip()


def _field(item: dict[str, Any]) -> FormField:
    attributes = item.get("attributes") or {}
    options = attributes.get("options") or []
    labels = tuple(o["label"] if isinstance(o, dict) else str(o) for o in options)
    required = bool((item.get("validations") or {}).get("required"))
    if item["type"] == "checkboxes":
        required = any(isinstance(o, dict) and o.get("required") for o in options)
    return FormField(item["id"], attributes["label"], item["type"], required, labels,
                     bool(attributes.get("multiple")))


def load_form(entry_type: str, forms_dir: Path = FORMS_DIR) -> Form:
    data = yaml.safe_load((forms_dir / FORM_FILES[entry_type]).read_text(encoding="utf-8"))
    fields = tuple(_field(item) for item in data["body"] if item["type"] != "markdown")
    return Form(entry_type, data["name"], fields)


def load_forms(forms_dir: Path = FORMS_DIR) -> dict[str, Form]:
    return {entry_type: load_form(entry_type, forms_dir) for entry_type in FORM_FILES}


def _heading_lines(lines: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line.startswith("### "):
            found.setdefault(line[4:].strip(), []).append(index)
    return found


def guess_type(body: str, forms: dict[str, Form]) -> str | None:
    """The form whose labels the body's `### ` headings match best, if exactly one does."""
    headings = set(_heading_lines(body.splitlines()))
    scores = {t: len(headings & {f.label for f in form.fields}) for t, form in forms.items()}
    best = max(scores.values())
    winners = [t for t, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def _checked(text: str) -> tuple[str, ...]:
    ticked = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped[:6].lower() == "- [x] ":
            ticked.append(stripped[6:].strip())
    return tuple(ticked)


def split_answers(body: str, form: Form) -> dict[str, Answer]:
    """Each field's answer. Sections are found in the form's order, so a `### ` line inside an
    answer is taken for a new section only when it is the label of a later field."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headings = _heading_lines(lines)
    starts: list[tuple[int, FormField]] = []
    position = -1
    for field in form.fields:
        later = [i for i in headings.get(field.label, []) if i > position]
        if later:
            position = later[0]
            starts.append((position, field))
    answers = {f.id: Answer(f, None, 1) for f in form.fields}
    for number, (start, field) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        chunk = lines[start + 1 : end]
        first = next((i for i, line in enumerate(chunk) if line.strip()), len(chunk))
        text = "\n".join(chunk[first:]).strip("\n")
        line = start + 2 + first
        if field.kind == "checkboxes":
            answers[field.id] = Answer(field, text or None, line, _checked(text))
        elif text.strip() in ("", NO_RESPONSE):
            answers[field.id] = Answer(field, None, line)
        else:
            answers[field.id] = Answer(field, text, line)
    return answers
