"""The errors the stages raise for the CLI or a library caller to report: a failed build step,
and a file a step could not read or write."""

from __future__ import annotations

import os
from pathlib import Path


class BuildStepError(Exception):
    def __init__(self, step: str, reason: str) -> None:
        super().__init__(f"{step}: {reason}")
        self.step = step
        self.reason = reason


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
