"""The first three stages in one call: read files -> validate -> catalog.

With many entries, a second process reads and validates the second half of the entry files
while this one does the first half (each file is read and checked on its own; only the catalog
needs them all). Reading is mostly YAML parsing, which holds Python's lock, so threads would not
help; a forked process starts in a millisecond and sends back its validated entries pickled.
"""

from __future__ import annotations

import gc
import os
import pickle
import threading
from pathlib import Path

from generator.catalog.catalog import Catalog, build_catalog
from generator.errors import ContentError
from generator.read.content_folder import ReadCache, load_content
from generator.system import children
from generator.validate.validate import ValidContent, validate_content
from schemas.models import ENTRY_FOLDERS

PARALLEL_FROM = 2_000  # entry files; below this a second process costs more than it saves


def load(content_dir: Path, cache: ReadCache | None = None) -> Catalog:
    """The catalog of valid content; ContentError with every diagnostic if any is an error.

    Warnings stay in the catalog's `diagnostics`.
    """
    catalog = load_catalog(content_dir, cache)
    if any(diagnostic.severity == "error" for diagnostic in catalog.diagnostics):
        raise ContentError(catalog.diagnostics)
    return catalog


def load_catalog(content_dir: Path, cache: ReadCache | None = None) -> Catalog:
    """The catalog of everything valid in the content, with every problem in `diagnostics`."""
    # Loading makes millions of small objects that all live until the build ends; the cyclic
    # garbage collector would scan them again and again (a third of the time at 10,000 entries).
    enabled = gc.isenabled()
    gc.disable()
    try:
        if cache is None and _worth_a_second_process(content_dir):
            valid = _validate_in_two(content_dir)
        else:
            valid = _validated(content_dir, cache)
        return build_catalog(valid)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _validated(content_dir: Path, cache: ReadCache | None = None,
               part: tuple[int, int] = (0, 1)) -> ValidContent:
    valid = validate_content(load_content(content_dir, cache, part))
    if cache is None:  # (cached documents are read again later: they keep their data)
        for entry in valid.entries:
            # A valid entry's data is its model now; positions, if an error needs them later,
            # are found from the document's source text. Less to keep, and less to pickle.
            entry.document.data = None
    return valid


def _worth_a_second_process(content_dir: Path) -> bool:
    if not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2:
        return False
    if threading.active_count() > 1:  # forking a process with threads is not safe
        return False
    count = 0
    for folder in ENTRY_FOLDERS:
        try:
            count += len(os.listdir(content_dir / folder))
        except OSError:
            continue
    return count >= PARALLEL_FROM


def _validate_in_two(content_dir: Path) -> ValidContent:
    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the second process: the second half, pickled to the first
        os.close(reader)
        code = 0
        try:
            children.die_with_parent(parent)
            data = pickle.dumps(_validated(content_dir, part=(1, 2)),
                                protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as out:
                out.write(data)
        except BaseException:  # the first process does this half itself
            code = 1
        finally:
            os._exit(code)
    os.close(writer)
    valid = _validated(content_dir, part=(0, 2))
    with os.fdopen(reader, "rb") as incoming:
        data = incoming.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 0 and data:
        second = pickle.loads(data)
    else:
        second = _validated(content_dir, part=(1, 2))
    return merge(valid, second)


def merge(first: ValidContent, second: ValidContent) -> ValidContent:
    """`first` (which holds the registries) with the entries and findings of `second`."""
    first.entries += second.entries
    first.invalid += second.invalid
    first.diagnostics += second.diagnostics
    first.broken["entries"] = first.broken.get("entries", set()) | second.broken.get("entries", set())
    return first
