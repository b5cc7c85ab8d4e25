"""What the CLI and `opit serve` say about a build: text only; they print it."""

from __future__ import annotations

from pathlib import Path

from generator.builders import UnknownBuilder
from generator.config import ConfigError
from generator.diagnostics import format_report
from generator.errors import BuildError, BuildIOError, BuildLocked, ContentError
from generator.pipeline.build import BuildReport


def step_failed(error: BuildError, config_path: Path, out: Path) -> str:
    """A failed build step, and that `out` was not changed."""
    if isinstance(error, BuildLocked | UnknownBuilder):
        return f"error: {error.reason}"
    if isinstance(error, BuildIOError):
        return f"error: {error.step}: {error.path}: {error.why}\n{out} was not changed"
    return f"error: {error.step} failed; {out} was not changed:\n{error.reason}"


def not_loaded(error: ConfigError | ContentError, unchanged: str) -> str:
    """Why the configuration or the content cannot be built; `unchanged` says what was kept."""
    if isinstance(error, ConfigError):
        return f"error: configuration: {error}"
    return (f"{format_report(error.diagnostics, 'text')}\n"
            f"error: validate: {len(error.errors)} error(s) in content; {unchanged}")


def built(report: BuildReport, validated: float, total: float) -> str:
    """The summary of a finished build: pages, the whole time, and each step's."""
    steps = {"validate": validated, **report.seconds}
    timing = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in steps.items())
    return f"built {report.out}: {report.pages} pages in {total:.1f}s ({timing})"
