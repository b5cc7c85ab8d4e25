"""Diagnostics: what is wrong, where, and how to fix it; printed as text, GitHub lines or JSON."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
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


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


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
