"""Writing a file so that an error names it: an OSError from write() or close() (a full disk, a
quota) has no file name of its own, and `opit build` reports every failure as
`error: <step>: <path>: <reason>`."""

from __future__ import annotations

from pathlib import Path


def write_file(path: Path, data: str | bytes) -> None:
    """Write `data` (text as UTF-8) to `path`; an OSError carries `path` as its filename."""
    try:
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    except OSError as error:
        if error.filename is None:
            error.filename = str(path)
        raise
