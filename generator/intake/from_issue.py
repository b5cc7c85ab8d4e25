"""`opit from-issue`: turn the answers of an issue form into an entry file, or say what to fix.

The answers are read (generator.intake.issue_body, generator.intake.answer_values), written as
front matter and text, and checked by the real validator and catalog together with the whole
content folder, in memory. Every problem is reported against the form field the contributor
filled in; then no file is written. An existing file is never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from generator.catalog.catalog import build_catalog
from generator.diagnostics import Diagnostic
from generator.intake.answer_values import Loc, Parsed, parse_answers
from generator.intake.issue_body import FORMS_DIR, guess_type, load_forms, split_answers
from generator.read.content_folder import RawEntry, load_content, shown_path
from generator.read.positions import Document, ReadError
from generator.read.text_files import decode_text, parse_entry
from generator.validate.validate import validate_content
from schemas.ids import ENTRY_ID_RULE, is_entry_id, slugify
from schemas.introspect import model_at
from schemas.models import ENTRY_FOLDERS, ENTRY_MODELS, TYPE_FOLDERS

# Root-level diagnostics that belong to one field rather than to the whole entry.
CODE_FIELDS = {"no-lessons": "lessons", "duplicate-id": "<id>"}


@dataclass(frozen=True)
class FormProblem:
    severity: str
    label: str  # the form field's label, as the contributor saw it
    line: int | None  # line within that field's answer
    message: str

    def text(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"{self.severity}: {self.label}{where}: {self.message}"


class FormError(Exception):
    def __init__(self, problems: list[FormProblem]) -> None:
        super().__init__("\n".join(p.text() for p in problems))
        self.problems = problems


@dataclass
class NewEntry:
    path: Path
    text: str
    warnings: list[FormProblem]


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key, long text folded: like the hand-written entries."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 80 and "\n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def render(data: dict[str, Any], body: str) -> str:
    front = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88,
                      default_flow_style=False)
    return f"---\n{front}---\n\n{body.strip()}\n"


def _ordered(value: Any, model: type[BaseModel], loc: Loc = ()) -> Any:
    """Keys in the contract's order at every level (id first in a finding, and so on)."""
    if isinstance(value, list):
        return [_ordered(item, model, (*loc, index)) for index, item in enumerate(value)]
    if not isinstance(value, dict):
        return value
    inner = model_at(model, loc)
    order = list(inner.model_fields) if inner else []
    keys = sorted(value, key=lambda key: order.index(key) if key in order else len(order))
    return {key: _ordered(value[key], model, (*loc, key)) for key in keys}


def _entry_id(parsed: Parsed, out: Path | None) -> str:
    if out is not None:
        return out.stem
    if parsed.entry_id:
        return parsed.entry_id
    return slugify(str(parsed.data.get("title", "")))


def _check_id(entry_id: str, content_dir: Path, id_label: str) -> list[FormProblem]:
    if not entry_id:
        return [FormProblem("error", id_label, None, "give a short name, or a title to make "
                            "one from")]
    if not is_entry_id(entry_id):
        fixed = slugify(entry_id)
        hint = f", e.g. '{fixed}'" if is_entry_id(fixed) else ""
        return [FormProblem("error", id_label, None, f"'{entry_id}' cannot be a web address; "
                            f"use {ENTRY_ID_RULE}{hint}")]
    for folder in ENTRY_FOLDERS:
        existing = content_dir / folder / f"{entry_id}.md"
        if existing.exists():
            return [FormProblem("error", id_label, None, f"an entry '{entry_id}' already exists "
                                f"({shown_path(existing)}); choose another short name")]
    return []


def _deepest(document: Document, diagnostic: Diagnostic) -> Loc:
    """The data location a diagnostic points at (the deepest one at its line and column)."""
    marks = [loc for table in (document.values, document.keys) for loc, mark in table.items()
             if (mark.line, mark.column) == (diagnostic.line, diagnostic.column)]
    if diagnostic.code == "missing-key":
        key = re.search(r"missing required key '([^']+)'", diagnostic.message)
        parents = [loc for loc in marks if isinstance(_get(document.data, loc), dict)]
        parent = max(parents, key=len, default=())
        return (*parent, key.group(1)) if key else parent
    if diagnostic.code in CODE_FIELDS:
        return (CODE_FIELDS[diagnostic.code],)
    return max(marks, key=len, default=())


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _to_problem(diagnostic: Diagnostic, document: Document | None, parsed: Parsed,
                labels: dict[str, str], body_line: int) -> FormProblem:
    severity, message = diagnostic.severity, diagnostic.message
    if document is None:  # the text could not be read at all
        if diagnostic.code != "too-large" and diagnostic.line >= body_line:
            return FormProblem(severity, labels["body"], diagnostic.line - body_line + 1, message)
        return FormProblem(severity, "the form", None, message)
    if diagnostic.line >= document.body_line:  # render() puts one blank line before the text
        return FormProblem(severity, labels["body"], max(diagnostic.line - document.body_line, 1),
                           message)
    loc = _deepest(document, diagnostic)
    if loc[:1] == ("<id>",):
        return FormProblem(severity, labels.get("id", "Short name"), None, message)
    for size in range(len(loc), 0, -1):
        if loc[:size] in parsed.origins:
            origin, line = parsed.origins[loc[:size]]
            return FormProblem(severity, origin.label, line, message)
    if loc and isinstance(loc[0], str) and loc[0] in labels:
        return FormProblem(severity, labels[loc[0]], None, message)
    return FormProblem(severity, "the form", None, message)


def _validate(text: str, entry_id: str, entry_type: str, shown: str,
              content_dir: Path) -> tuple[Document | None, list[Diagnostic]]:
    """Diagnostics for the new entry, checked with everything in the content folder.

    The text is read exactly as `opit validate` will read the written file (its bytes, the
    size limit, then the front matter), so what validate would refuse is never written.
    """
    try:
        document = parse_entry(decode_text(text.encode("utf-8", "surrogateescape"), shown),
                               shown)
    except ReadError as error:
        return None, error.diagnostics
    raw = load_content(content_dir)
    folder = TYPE_FOLDERS[entry_type]
    raw.entries.append(RawEntry(entry_id, entry_type, document,  # type: ignore[arg-type]
                                f"{folder}/{entry_id}.md"))
    catalog = build_catalog(validate_content(raw))
    return document, [d for d in catalog.diagnostics if d.path == shown]


def entry_from_issue(body: str, content_dir: Path, entry_type: str | None = None,
                     out: Path | None = None, today: date | None = None,
                     forms_dir: Path = FORMS_DIR) -> NewEntry:
    """Read, build and check the entry; FormError lists every problem, field by field."""
    forms = load_forms(forms_dir)
    entry_type = entry_type or guess_type(body, forms)
    if entry_type is None:
        raise FormError([FormProblem("error", "the form", None, "cannot tell which form this "
                                     "is (case, workshop or event); give it with --type")])
    labels = {f.id: f.label for f in forms[entry_type].fields}
    parsed = parse_answers(split_answers(body, forms[entry_type]))
    parsed.data["published"] = today or date.today()
    problems = [FormProblem("error", f.label, line, text) for f, line, text in parsed.problems]
    entry_id = _entry_id(parsed, out)
    problems += _check_id(entry_id, content_dir, labels.get("id", "Short name"))
    folder = TYPE_FOLDERS[entry_type]
    path = out if out is not None else content_dir / folder / f"{entry_id}.md"
    if out is not None and out.exists():
        problems.append(FormProblem("error", "--out", None, f"{out} already exists; it is "
                                    "never overwritten"))
    if out is not None and out.parent.name in ENTRY_FOLDERS and out.parent.name != folder:
        article = "an" if entry_type[0] in "aeiou" else "a"
        problems.append(FormProblem("error", "--out", None, f"{article} {entry_type} belongs in "
                                    f"{folder}/, not {out.parent.name}/"))
    text = render(_ordered(parsed.data, ENTRY_MODELS[entry_type]), parsed.body)  # type: ignore[index]
    document, diagnostics = _validate(text, entry_id, entry_type, shown_path(path), content_dir)
    # What could not be read is explained already: the validator's view of it would repeat it.
    unreadable = {(p.label, p.line) for p in problems}
    # render() writes the front matter, its closing '---', one blank line, then the text.
    body_line = text.count("\n", 0, text.index("\n---\n", 3) + 5) + 2
    for found in (_to_problem(d, document, parsed, labels, body_line)
                  for d in sorted(diagnostics)):
        if found.severity == "warning" or not {(found.label, found.line),
                                               (found.label, None)} & unreadable:
            problems.append(found)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise FormError(errors)
    return NewEntry(path, text, [p for p in problems if p.severity == "warning"])


def write_entry(entry: NewEntry) -> None:
    entry.path.parent.mkdir(parents=True, exist_ok=True)
    with entry.path.open("x", encoding="utf-8") as handle:  # never overwrites
        handle.write(entry.text)
