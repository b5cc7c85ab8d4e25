"""The check's job summary: a Markdown table for the run's page on GitHub.

    python -m generator.intake.ci_summary --base BASE_SHA --artifact-url URL >> "$GITHUB_STEP_SUMMARY"

It lists the entries the change adds or changes (from `git diff` against the base commit), the
errors and warnings `opit validate` finds, and a link to the built site's preview artifact.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.system import children
from schemas.models import ENTRY_FOLDERS

MAX_LISTED = 20


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    known: bool = True  # False when there was no base to compare with


def _is_entry(path: str, content: str) -> bool:
    parts = Path(path).parts
    prefix = Path(content).parts
    rest = parts[len(prefix):]
    return (parts[: len(prefix)] == prefix and len(rest) == 2 and rest[0] in ENTRY_FOLDERS
            and rest[1].endswith(".md"))


def changed_entries(base: str | None, content: str = "content", cwd: Path | None = None) -> Changes:
    """Entry files added and changed since `base` (a commit); unknown when there is none."""
    if not base or set(base) == {"0"}:
        return Changes(known=False)
    result = children.run(
        ["git", "diff", "--name-status", "--no-renames", f"{base}...HEAD", "--", content],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    if result.returncode != 0:
        return Changes(known=False)
    changes = Changes()
    for line in result.stdout.splitlines():
        status, _, path = line.partition("\t")
        if not _is_entry(path, content):
            continue
        if status == "A":
            changes.added.append(path)
        elif status == "M":
            changes.changed.append(path)
    return changes


def code_span(text: str) -> str:
    """`text` as one CommonMark code span on one line, whatever backticks it holds."""
    text = " ".join(text.splitlines()) or " "
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" or (text[0] == text[-1] == " "
                                                       and text.strip()) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    """Markdown for one table cell: pipes escaped, on one line."""
    return " ".join(text.replace("|", "\\|").splitlines())


def _paths(paths: list[str]) -> str:
    shown = ", ".join(_cell(code_span(p)) for p in paths[:MAX_LISTED])
    more = f" and {len(paths) - MAX_LISTED} more" if len(paths) > MAX_LISTED else ""
    return f"{shown}{more}" if paths else "none"


def summary(changes: Changes, diagnostics: list[Diagnostic], artifact_url: str | None) -> str:
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = [d for d in diagnostics if d.severity == "warning"]
    unknown = "not known (no base commit to compare with)"
    preview = (f"[download the built site]({artifact_url})" if artifact_url
               else "not available: the site was not built")
    rows = [
        ("Entries added", str(len(changes.added)) if changes.known else "?",
         _paths(changes.added) if changes.known else unknown),
        ("Entries changed", str(len(changes.changed)) if changes.known else "?",
         _paths(changes.changed) if changes.known else unknown),
        ("Errors", str(len(errors)), "must be fixed" if errors else "none"),
        ("Warnings", str(len(warnings)), "editorial advice" if warnings else "none"),
        ("Site preview", "", preview),
    ]
    lines = ["## Opit check", "", "| | count | details |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {count} | {details} |" for name, count, details in rows]
    problems = sorted(errors + warnings)
    if problems:
        lines += ["", "### What to fix", ""]
        # pipes stay escaped here too, as tests/test_workflows.py expects
        lines += [f"- {_cell(code_span(d.text()))}" for d in problems[:MAX_LISTED]]
        if len(problems) > MAX_LISTED:
            lines.append(f"- ... and {len(problems) - MAX_LISTED} more: run `opit validate`")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = argparse.ArgumentParser(prog="python -m generator.intake.ci_summary", description=__doc__)
    args.add_argument("--base", help="commit to compare with (the pull request's base)")
    args.add_argument("--artifact-url", help="link to the uploaded site preview")
    args.add_argument("--content", default="content", help="content folder (default: content)")
    options = args.parse_args(argv)
    from generator.catalog.load import load_catalog

    catalog = load_catalog(Path(options.content))
    changes = changed_entries(options.base, options.content)
    sys.stdout.write(summary(changes, catalog.diagnostics, options.artifact_url or None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
