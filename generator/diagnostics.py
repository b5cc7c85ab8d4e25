"""Diagnostics: what is wrong, where, and how to fix it; printed as text, GitHub lines or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def github(self) -> str:
        """A GitHub workflow command: one line, whatever the path and message hold."""
        return (
            f"::{self.severity} file={github_escape(self.path, True)},line={self.line},"
            f"col={self.column},title={github_escape(self.code, True)}::"
            f"{github_escape(self.message)}"
        )


def github_escape(text: str, property_value: bool = False) -> str:
    """`text` escaped for a workflow command's message, or with `:` and `,` for a property."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


# A value that holds list items run together: '- a - b', or 'a - b' from an item indented under
# the one before it (YAML reads the deeper line as more of the same text).
_RUN_TOGETHER = (" - ", "- ")
LIST_HINT = ("; it looks like list items run together: put each item on its own line, starting "
             "with '- ' and indented like the first")


def broken_list(value: str) -> bool:
    """True when `value` is really list items whose indentation went wrong, not a misspelling."""
    text = value.strip()
    return text.startswith(_RUN_TOGETHER[1]) or _RUN_TOGETHER[0] in text


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count 1), or limit + 1 if larger.

    Only the band of width 2 * limit + 1 around the diagonal is computed: O(limit * len).
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    far = limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [far] * (len(b) + 1)
        current[0] = i
        low, high = max(1, i - limit), min(len(b), i + limit)
        for j in range(low, high + 1):
            cost = a[i - 1] != b[j - 1]
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, before[j - 2] + 1)
            current[j] = min(best, far)
        if min(current[max(0, low - 1): high + 1]) > limit:
            return far
        before, previous = previous, current
    return previous[len(b)]


def _shared_prefix(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def _pieces(text: str, count: int) -> list[str]:
    step = len(text) / count
    return [text[round(k * step): round((k + 1) * step)] for k in range(count)]


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice that is close to `value`, or None: the only "did you mean" rule.

    Close is an edit distance of at most 2 (at most 1 for words of 3-4 letters, 0 for shorter
    ones), or a shared prefix of at least 4 characters that is 75% or more of the shorter word.
    A value that is really list items run together (broken_list) is never matched.
    """
    if broken_list(value):
        return None
    limit = 2 if len(value) >= 5 else 1 if len(value) >= 3 else 0
    # Two edits leave at least one of five pieces of the value intact (a transposition touches
    # at most two): a cheap test that keeps a large registry fast to search.
    pieces = [p for p in _pieces(value, 2 * limit + 1) if p] if len(value) >= 10 else []
    best: tuple[int, int, str] | None = None
    for choice in choices:
        prefix = _shared_prefix(value, choice)
        by_prefix = prefix >= 4 and prefix >= 0.75 * min(len(value), len(choice))
        if not by_prefix and (abs(len(value) - len(choice)) > limit or (
                pieces and not any(piece in choice for piece in pieces))):
            continue
        distance = edit_distance(value, choice, limit)
        if distance > limit and not by_prefix:
            continue
        rank = (min(distance, limit + 1), -prefix, choice)
        if distance > 0 and (best is None or rank < best):
            best = rank
    return best[2] if best else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' for a close choice (see `closest`), or '' when nothing is close.

    For list items run together it says how to write the list instead.
    """
    if broken_list(value):
        return LIST_HINT
    found = closest(value, choices)
    return f"; did you mean '{found}'?" if found else ""


def collapse(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Identical messages of one file once, the first of them, with "(and N more like it)".

    One mistake repeated (a YAML alias used 45 times, one unknown id in many places) is one
    line to read, not a screenful.
    """
    groups: dict[tuple[str, str, str, str], list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        key = (diagnostic.path, diagnostic.severity, diagnostic.code, diagnostic.message)
        groups.setdefault(key, []).append(diagnostic)
    collapsed = []
    for same in groups.values():
        first = min(same)
        more = len(same) - 1
        collapsed.append(replace(first, message=f"{first.message} (and {more} more like it)")
                         if more else first)
    return collapsed


def format_report(diagnostics: list[Diagnostic], fmt: str) -> str:
    ordered = sorted(diagnostics)
    if fmt == "json":
        return json.dumps([asdict(d) for d in ordered], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(d.github() for d in ordered)
    lines = [d.text() for d in ordered]
    errors = sum(d.severity == "error" for d in ordered)
    warnings = len(ordered) - errors
    if ordered:
        lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)
