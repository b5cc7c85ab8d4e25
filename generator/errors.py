"""The errors the stages raise for the CLI or a library caller to report: content with errors,
a failed build step, and a file a step could not read or write."""

from __future__ import annotations

import os
from pathlib import Path

from generator.diagnostics import Diagnostic


class ContentError(Exception):
    """The content has errors: `diagnostics` holds every problem found (warnings too)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        self.errors = [d for d in diagnostics if d.severity == "error"]
        super().__init__(f"{len(self.errors)} error(s) in content: "
                         + "; ".join(d.text() for d in self.errors[:3])
                         + ("; ..." if len(self.errors) > 3 else ""))


class BuildError(Exception):
    """A build that stopped: `step` names the step (render, the builder's name, pagefind, ...), `reason`
    says why. The previous output is left as it was."""

    def __init__(self, step: str, reason: str) -> None:
        super().__init__(f"{step}: {reason}")
        self.step = step
        self.reason = reason


class BuildStepError(BuildError):
    """A step that ran and failed (a builder's or Pagefind's error, too costly Markdown ...)."""


class BuildLocked(BuildError):
    """Another build is writing the same output folder."""

    def __init__(self, reason: str) -> None:
        super().__init__("lock", reason)


class BuildIOError(BuildStepError):
    """A file a step could not write or read (a full disk, a read-only folder ...):
    `<step>: <path>: <reason>`."""

    def __init__(self, step: str, path: str, reason: str) -> None:
        super().__init__(step, f"{path}: {reason}")
        self.path = path
        self.why = reason

    @classmethod
    def of(cls, step: str, error: OSError, where: Path | str) -> BuildIOError:
        """From an OSError; `where` is the path named when the error names none."""
        path = str(where if error.filename is None else os.fsdecode(error.filename))
        if error.filename2 is not None:
            path += f" -> {os.fsdecode(error.filename2)}"
        return cls(step, path, error.strerror or str(error))
