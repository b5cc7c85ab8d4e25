"""Turn each answer of an issue form into the contract's data, remembering where it came from.

Lists are one item per line (a leading '- ', '* ' or '1. ' is dropped). Three fields have a simple
line format, shown in the forms' help text:

    Sources   Title | Publisher | https://address | YYYY-MM-DD   (only the title is needed)
    Links     Title | https://address | kind
    Speakers  organisation-id | role | name                        (name only for a public role)

and workshop findings are blocks of `Label: value` lines, each block starting with `Finding:`:

    Finding: Each agency builds its own customer data model.
    Barrier: data
    Status: open
    Proposal: Agree on one shared data model.
    Id: shared-data-model
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.diagnostics import did_you_mean
from generator.intake.issue_body import Answer, FormField, option_value
from schemas.ids import slugify

Loc = tuple[str | int, ...]

# Form field ids that are not a top-level key of the contract, and where their answer goes.
FIELD_PATHS: dict[str, Loc] = {
    "participants_count": ("participants", "count"),
    "participants_sectors": ("participants", "sectors"),
}
# Form field ids that are no key of the front matter at all.
FORM_ONLY: dict[str, str] = {
    "id": "the entry's id: the file name without .md",
    "body": "the Markdown text after the front matter",
    "privacy": "a confirmation that people are named only in a public role; nothing is stored",
}
FINDING_LABELS = {"finding": "statement", "id": "id", "barrier": "barrier", "status": "status",
                  "proposal": "proposals", "proposals": "proposals"}
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_LABELLED = re.compile(r"^\s*(?:[-*•]\s+)?([A-Za-z][A-Za-z ]{0,15}?)\s*:\s*(.*)$")


@dataclass
class Parsed:
    """The data read from the answers, where each value came from, and what could not be read."""

    data: dict[str, Any] = field(default_factory=dict)
    origins: dict[Loc, tuple[FormField, int | None]] = field(default_factory=dict)
    problems: list[tuple[FormField, int | None, str]] = field(default_factory=list)
    entry_id: str | None = None
    body: str = ""

    def put(self, loc: Loc, value: Any, answer: Answer, line: int | None = None) -> None:
        target = self.data
        for part in loc[:-1]:
            target = target.setdefault(part, {})  # type: ignore[assignment]
        target[loc[-1]] = value  # type: ignore[index]
        self.origins[loc] = (answer.field, line)

    def problem(self, answer: Answer, line: int | None, message: str) -> None:
        self.problems.append((answer.field, line, message))


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number within the answer, text) of each non-empty line, bullets dropped."""
    return [(n, _BULLET.sub("", row).strip()) for n, row in enumerate(text.split("\n"), 1)
            if _BULLET.sub("", row).strip()]


def _words(text: str) -> str:
    return " ".join(text.split())


def as_date(text: str) -> date | str:
    """A date from YYYY-MM-DD or the Finnish D.M.YYYY; the text itself when it is neither."""
    text = text.strip()
    match = _FINNISH_DATE.fullmatch(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else text.split("-")
    try:
        if len(parts) == 3 and len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        pass
    return text


def _number(text: str) -> int | str:
    text = text.strip()
    return int(text) if text.isdigit() else text


def _scalar(parsed: Parsed, answer: Answer, loc: Loc) -> None:
    text = answer.text or ""
    value: Any = _words(text)
    if loc[-1] in ("year", "count"):
        value = _number(text)
    elif loc[-1] == "date":
        value = as_date(text)
    parsed.put(loc, value, answer)


def _period(parsed: Parsed, answer: Answer, loc: Loc) -> None:
    parts = re.split(r"\s+(?:to|until|–|—|-)\s+|\s*/\s*|\s*–\s*", (answer.text or "").strip())
    period = {"start": parts[0]} if len(parts) == 1 else {"start": parts[0], "end": parts[-1]}
    if len(parts) > 2:
        parsed.problem(answer, None, "write the period as 'YYYY-MM to YYYY-MM', e.g. "
                       "'2021-09 to 2022-01', or only the start")
        return
    parsed.put(loc, period, answer)


def _dropdown(parsed: Parsed, answer: Answer, loc: Loc) -> None:
    text = (answer.text or "").strip()
    if answer.field.multiple:
        parsed.put(loc, [option_value(part) for part in text.split(", ") if part.strip()], answer)
    else:
        parsed.put(loc, option_value(text), answer)


def _items(parsed: Parsed, answer: Answer, loc: Loc, *, commas: bool) -> None:
    items: list[tuple[int, str]] = []
    for number, line in _lines(answer.text or ""):
        parts = line.split(",") if commas else [line]
        items.extend((number, _words(part)) for part in parts if part.strip())
    parsed.put(loc, [text for _, text in items], answer)
    for index, (number, _) in enumerate(items):
        parsed.origins[(*loc, index)] = (answer.field, number)


def _list(parsed: Parsed, answer: Answer, loc: Loc) -> None:
    """Ids and short words: one per line, or several on a line separated by commas."""
    _items(parsed, answer, loc, commas=True)


def _statements(parsed: Parsed, answer: Answer, loc: Loc) -> None:
    """Statements are sentences, which may hold commas: strictly one per line."""
    _items(parsed, answer, loc, commas=False)


def _is_url(part: str) -> bool:
    return "://" in part or part.lower().startswith("www.")


def _piped(parsed: Parsed, answer: Answer, loc: Loc) -> None:
    """Sources, links and speakers: one item per line, parts separated by '|'."""
    key = loc[-1]
    items: list[dict[str, Any]] = []
    for number, line in _lines(answer.text or ""):
        parts = [part.strip() for part in line.split("|")]
        if key == "speakers":
            item = dict(zip(("organisation", "role", "name"), parts, strict=False))
            item = {k: v for k, v in item.items() if v}
            if len(parts) > 3:
                parsed.problem(answer, number, "too many '|' parts; write "
                               "'organisation-id | role | name'")
        else:
            item = {"title": parts[0]}
            for part in filter(None, parts[1:]):
                kind = "url" if _is_url(part) else ("date" if key == "sources" and re.fullmatch(
                    r"[\d.\-/ ]+", part) else ("publisher" if key == "sources" else "kind"))
                if kind in item:
                    example = ("Title | Publisher | https://address | YYYY-MM-DD"
                               if key == "sources" else "Title | https://address | kind")
                    parsed.problem(answer, number, f"this line has two {kind} parts; put one "
                                   f"item on each line as '{example}'")
                item[kind] = as_date(part) if kind == "date" else (
                    part.lower() if kind == "kind" else part)
        items.append(item)
        index = len(items) - 1
        parsed.origins[(*loc, index)] = (answer.field, number)
    parsed.put(loc, items, answer)


def _findings(parsed: Parsed, answer: Answer, loc: Loc) -> None:
    findings: list[dict[str, Any]] = []
    last: tuple[str, int] | None = None  # (key, finding index) the next plain line continues
    for number, row in enumerate((answer.text or "").split("\n"), 1):
        if not row.strip():
            continue
        match = _LABELLED.match(row)
        label = match.group(1).strip().lower() if match else ""
        if match and label in FINDING_LABELS:
            key, value = FINDING_LABELS[label], _words(match.group(2))
            if key == "statement":
                findings.append({"statement": value})
                parsed.origins[(*loc, len(findings) - 1)] = (answer.field, number)
            elif not findings:
                parsed.problem(answer, number, "start each finding with a line 'Finding: ...'")
                continue
            elif key == "proposals":
                findings[-1].setdefault("proposals", []).append(value)
                count = len(findings[-1]["proposals"])
                parsed.origins[(*loc, len(findings) - 1, key, count - 1)] = (answer.field, number)
            else:
                findings[-1][key] = value.lower().replace(" ", "-") if key != "id" else value
            parsed.origins[(*loc, len(findings) - 1, key)] = (answer.field, number)
            last = (key, len(findings) - 1)
        elif match and (hint := did_you_mean(label, FINDING_LABELS)):
            parsed.problem(answer, number, f"unknown label '{match.group(1)}:'{hint}")
        elif last and last[0] in ("statement", "proposals"):
            target = findings[last[1]]
            if last[0] == "proposals":
                target["proposals"][-1] = _words(target["proposals"][-1] + " " + row)
            else:
                target["statement"] = _words(target["statement"] + " " + row)
        else:
            parsed.problem(answer, number, "start each finding with a line 'Finding: ...'; "
                           "then Barrier:, Status:, Proposal: or Id: lines")
    _finding_ids(findings)
    parsed.put(loc, findings, answer)


def _finding_ids(findings: list[dict[str, Any]]) -> None:
    """Give each finding without an id one made from its first words, unique in the workshop."""
    taken = {f["id"] for f in findings if "id" in f}
    for finding in findings:
        if "id" in finding:
            continue
        base = slugify(" ".join(finding.get("statement", "finding").split()[:6]), 50)
        base = base or "finding"
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        finding["id"] = candidate


def _checkboxes(parsed: Parsed, answer: Answer, loc: Loc) -> None:
    missing = [o for o in answer.field.options if o not in answer.checked]
    if missing and answer.field.required:
        parsed.problem(answer, None, f"tick the box '{missing[0]}'")


FieldParser = Callable[[Parsed, Answer, Loc], None]
PARSERS: dict[str, FieldParser] = {
    **dict.fromkeys(("title", "summary", "year", "date", "start_time", "series",
                     "participants_count", "replication"), _scalar),
    "period": _period,
    **dict.fromkeys(("language", "level_of_government", "stage", "format",
                     "participants_sectors"), _dropdown),
    **dict.fromkeys(("themes", "organisations", "related", "addresses", "keywords", "methods"),
                    _list),
    **dict.fromkeys(("lessons", "challenges_and_failures", "conditions_for_success",
                     "takeaways"), _statements),
    **dict.fromkeys(("sources", "links", "speakers"), _piped),
    "findings": _findings,
    **dict.fromkeys(("license", "privacy"), _checkboxes),
}


def parse_answers(answers: dict[str, Answer]) -> Parsed:
    parsed = Parsed()
    for field_id, answer in answers.items():
        if answer.text is None and answer.field.kind != "checkboxes":
            if answer.field.required:
                parsed.problem(answer, None, "this is needed; fill it in")
        elif field_id == "id":
            parsed.entry_id = (answer.text or "").strip()
        elif field_id == "body":
            parsed.body = (answer.text or "").strip()
        else:
            PARSERS[field_id](parsed, answer, FIELD_PATHS.get(field_id, (field_id,)))
    return parsed
