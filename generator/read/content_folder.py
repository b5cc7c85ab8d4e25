"""Find the content files and read each one; every problem becomes a diagnostic, nothing is lost."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, did_you_mean
from generator.read.positions import Document, ReadError
from generator.read.text_files import read_entry, read_registry
from schemas.ids import ENTRY_ID_RULE, is_entry_id, slugify
from schemas.models import ENTRY_FOLDERS, REGISTRY_MODELS, EntryType

IGNORED_NAMES = {"README.md", ".gitkeep", ".DS_Store"}


@dataclass
class RawEntry:
    id: str
    type: EntryType
    document: Document
    relpath: str  # path inside content/, e.g. cases/x.md (for "edit this page")


@dataclass
class RawContent:
    root: Path
    registries: dict[str, Document] = field(default_factory=dict)
    entries: list[RawEntry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # ids of entry files that could not be read


def shown_path(path: Path) -> str:
    """The path as a contributor recognises it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_path(path: Path, root: Path, shown: str, folder: bool = False) -> Diagnostic | None:
    """What is wrong with a content file (or an entry folder) before anything opens it, or None.

    The one place that looks: a link to outside content/, a symlink loop, a link to nothing, and
    anything that is not a regular file (a FIFO would block the read forever, a device could
    never end). Nothing here raises: every answer is a diagnostic.
    """
    what = "folder" if folder else "file"
    fix = f"remove it or replace it with a {what}"
    try:
        if os.path.islink(path):
            # os.path.realpath, unlike Path.resolve, does not raise on a loop
            target = Path(os.path.realpath(path))
            if not target.is_relative_to(os.path.realpath(root)):
                return Diagnostic(shown, 1, 1, "error", "symlink-outside",
                    f"this is a link to a {what} outside content/; copy the {what} in instead")
        mode = os.stat(path).st_mode
    except (OSError, RuntimeError, ValueError) as error:
        code = getattr(error, "errno", None)
        if code == errno.ELOOP:
            return Diagnostic(shown, 1, 1, "error", "symlink-loop", f"is a symlink loop; {fix}")
        if code == errno.ENOENT and os.path.islink(path):
            return Diagnostic(shown, 1, 1, "error", "broken-link",
                              f"is a link to nothing; {fix}")
        reason = getattr(error, "strerror", None) or str(error)
        return Diagnostic(shown, 1, 1, "error", "unreadable", f"cannot read it: {reason}")
    if folder and not stat.S_ISDIR(mode):
        return Diagnostic(shown, 1, 1, "error", "not-a-folder", f"is not a folder; {fix}")
    if not folder and not stat.S_ISREG(mode):
        return Diagnostic(shown, 1, 1, "error", "not-a-file", f"is not a regular file; {fix}")
    return None


def _is_loop(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def _listing(directory: Path, shown: str) -> tuple[list[Path], Diagnostic | None]:
    """The names in a folder, sorted, or none and why (the folder changed or went away)."""
    try:
        return sorted(directory.iterdir()), None
    except OSError as error:
        return [], Diagnostic(shown, 1, 1, "error", "unreadable",
                              f"cannot list this folder: {error.strerror}")


class ReadCache:
    """Documents already read, by path, reused while the file's size and mtime stay the same.

    `opit serve` keeps one between rebuilds, so a change costs reading the changed file only.
    """

    def __init__(self) -> None:
        self._documents: dict[Path, tuple[tuple[int, int], Document]] = {}

    def read(self, reader: Callable[[Path, str], Document], path: Path, shown: str) -> Document:
        try:
            status = path.stat()
        except OSError as error:  # gone since it was listed
            raise ReadError([Diagnostic(shown, 1, 1, "error", "unreadable",
                                        f"cannot read file: {error.strerror}")]) from None
        stamp = (status.st_mtime_ns, status.st_size)
        known = self._documents.get(path)
        if known is not None and known[0] == stamp:
            return known[1]
        document = reader(path, shown)  # a ReadError is not kept: the file is read again
        self._documents[path] = (stamp, document)
        return document


def _read(cache: ReadCache | None, reader: Callable[[Path, str], Document], path: Path,
          shown: str) -> Document:
    return reader(path, shown) if cache is None else cache.read(reader, path, shown)


def load_content(root: Path, cache: ReadCache | None = None,
                 part: tuple[int, int] = (0, 1)) -> RawContent:
    """Read every registry and entry under `root` (the content/ folder).

    `part` (k, n) reads only the k-th of n equal runs of the entry files (in their usual order);
    part 0 also reads the registries and reports problems with the folders.
    """
    content = RawContent(root=root)
    first = part[0] == 0
    if not root.is_dir():
        problem = os.path.lexists(root) and check_path(root, root, shown_path(root), folder=True)
        content.diagnostics.append(problem or Diagnostic(shown_path(root), 1, 1, "error", "no-content",
            "content folder not found; run opit in the project folder or pass --content"))
        return content
    expected = {f"{name}.yml" for name in REGISTRY_MODELS} | set(ENTRY_FOLDERS)
    children, problem = _listing(root, shown_path(root)) if first else ([], None)
    if problem:
        content.diagnostics.append(problem)
    for child in children:
        shown = shown_path(child)
        if child.name.startswith(".") or child.name in IGNORED_NAMES:
            continue
        loop = _is_loop(child) and check_path(child, root, shown, child.name in ENTRY_FOLDERS)
        if loop:
            content.diagnostics.append(loop)
        elif child.name not in expected:
            hint = did_you_mean(child.name, expected) or (
                f"; content/ holds only {', '.join(sorted(expected))}"
            )
            content.diagnostics.append(Diagnostic(shown, 1, 1, "error", "unknown-file",
                f"unexpected {'folder' if child.is_dir() else 'file'} '{child.name}'{hint}"))
    for name in REGISTRY_MODELS if first else ():
        path = root / f"{name}.yml"
        if not os.path.lexists(path) or _is_loop(path):  # (a loop was reported above)
            continue
        problem = check_path(path, root, shown_path(path))
        if problem:
            content.diagnostics.append(problem)
            continue
        try:
            content.registries[name] = _read(cache, read_registry, path, shown_path(path))
        except ReadError as error:
            content.diagnostics.extend(error.diagnostics)
    files = []
    for folder, entry_type in ENTRY_FOLDERS.items():
        directory = root / folder
        if not os.path.lexists(directory):
            continue
        problem = check_path(directory, root, shown_path(directory), folder=True)
        if problem:  # a linked folder would bring in files from outside content/
            if first and problem.code != "symlink-loop":  # (a loop was reported above)
                content.diagnostics.append(problem)
            continue
        shown_folder = shown_path(directory)
        paths, problem = _listing(directory, shown_folder)
        if problem and first:
            content.diagnostics.append(problem)
        files += [(path, folder, entry_type, f"{shown_folder}/{path.name}") for path in paths]
    number, parts = part
    for path, folder, entry_type, shown in files[number * len(files) // parts:
                                                 (number + 1) * len(files) // parts]:
        _load_entry(content, path, folder, entry_type, shown, cache)
    return content


def _load_entry(content: RawContent, path: Path, folder: str, entry_type: EntryType,
                shown: str, cache: ReadCache | None) -> None:
    if path.name.startswith(".") or path.name in IGNORED_NAMES:
        return
    if not _is_loop(path) and (path.is_dir() or path.suffix != ".md"):
        content.diagnostics.append(Diagnostic(shown, 1, 1, "error", "unknown-file",
            f"'{path.name}' is not an entry; entries are Markdown files ending in .md"))
        return
    problem = check_path(path, content.root, shown)
    if problem:
        content.diagnostics.append(problem)
        return
    entry_id = path.stem
    if not is_entry_id(entry_id):
        fixed = slugify(entry_id)
        hint = (f"rename it to '{fixed}.md'" if is_entry_id(fixed) else
                "give it a name that says what the entry is about, e.g. 'espoo-chatbot-pilot.md'")
        content.diagnostics.append(Diagnostic(shown, 1, 1, "error", "bad-file-name",
            f"file name '{path.name}' is not a valid id ({ENTRY_ID_RULE}); {hint}"))
        return
    try:
        document = _read(cache, read_entry, path, shown)
    except ReadError as error:
        content.diagnostics.extend(error.diagnostics)
        content.unreadable.add(entry_id)
        return
    content.entries.append(RawEntry(entry_id, entry_type, document, f"{folder}/{path.name}"))
