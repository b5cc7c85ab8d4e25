"""Read one content file: its checks (a regular file, not too large, UTF-8 text), the split of
an entry into front matter and body, and the YAML of each (generator.read.positions)."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from generator.read.positions import Document, ReadError, error_at, parse_yaml
from schemas.placeholders import TODO

MAX_FILE_BYTES = 1_000_000


def read_text(path: Path, shown: str) -> str:
    """UTF-8 text of a file (a BOM is dropped), or ReadError saying why not."""
    try:
        # O_NONBLOCK: should the file have become a FIFO since it was listed (content_folder.check_path),
        # opening it does not wait for a writer; fstat then refuses it.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        with os.fdopen(descriptor, "rb") as handle:  # never more than the limit in memory
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise ReadError([error_at(shown, 1, 1, "not-a-file",
                    "is not a regular file; remove it or replace it with a file")])
            raw = handle.read(MAX_FILE_BYTES + 1)
            size = os.fstat(descriptor).st_size if len(raw) > MAX_FILE_BYTES else len(raw)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ReadError([error_at(shown, 1, 1, "symlink-loop",
                "is a symlink loop; remove it or replace it with a file")]) from None
        raise ReadError(
            [error_at(shown, 1, 1, "unreadable", f"cannot read file: {error.strerror}")]
        ) from None
    return decode_text(raw, shown, size)


def decode_text(raw: bytes, shown: str, size: int | None = None) -> str:
    """The text of a file's bytes (a BOM is dropped), or ReadError: too large, binary, not UTF-8.

    The limits of every content file, also applied to text about to be written (from-issue).
    """
    size = len(raw) if size is None else size
    if len(raw) > MAX_FILE_BYTES:
        raise ReadError([error_at(shown, 1, 1, "too-large",
            f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}. Split it, or move "
            "long passages to a linked report")])
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ReadError([error_at(shown, line, 1, "binary",
            "file contains a NUL byte; it is not a text file. Save it as UTF-8 text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise ReadError([error_at(shown, line, column, "not-utf8",
            f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(in most editors: File > Save with encoding > UTF-8)")]) from None


_CLOSING_LINE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_ODD_SPACE = re.compile(r"[^\S\n \t]")  # \r, form feeds, Unicode line breaks ...


def split_front_matter(text: str, shown: str) -> tuple[str, str, int]:
    """(front matter YAML, body, line where the body starts) of an entry file."""
    if text.startswith("---\n"):  # the usual file, without splitting all of it into lines
        closing = _CLOSING_LINE.search(text, 4)
        if closing and not _ODD_SPACE.search(text, 0, closing.end()):
            end = closing.end()
            return text[4 : closing.start()], text[end + 1 :], text.count("\n", 0, end) + 2
    lines = text.splitlines(keepends=True)
    if not lines or not text.strip():
        raise ReadError([error_at(shown, 1, 1, "empty",
            "file is empty; an entry starts with front matter between '---' lines "
            "(`opit new case my-case` writes a template)")])
    if lines[0].rstrip("\r\n").rstrip() != "---":
        raise ReadError([error_at(shown, 1, 1, "no-front-matter",
            "no front matter: the file must start with a line '---', then the YAML keys, "
            "then another '---' line, then the text")])
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n").rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise ReadError([error_at(shown, 1, 1, "unclosed-front-matter",
        "front matter is not closed: add a line '---' after the last key, before the text")])


def read_entry(path: Path, shown: str) -> Document:
    return parse_entry(read_text(path, shown), shown)


def parse_entry(text: str, shown: str) -> Document:
    """An entry file's text as a Document: front matter and body, or ReadError."""
    front, body, body_line = split_front_matter(text, shown)
    document = parse_yaml(front, shown, line_offset=1)
    document.has_todo = TODO in text
    if not isinstance(document.data, dict):
        raise ReadError([error_at(shown, 2, 1, "front-matter-not-mapping",
            "front matter must be keys and values ('title: ...'), one per line")])
    document.body = body
    document.body_line = body_line
    return document


def read_registry(path: Path, shown: str) -> Document:
    document = parse_yaml(read_text(path, shown), shown)
    if document.data is None:
        document.data = []
    if not isinstance(document.data, list):
        raise ReadError([error_at(shown, 1, 1, "registry-not-list",
            "a registry is a list: start each item with '- id: ...'")])
    return document
