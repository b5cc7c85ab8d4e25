"""`opit build`: validate -> docs tree -> mkdocs build -> Pagefind -> open data -> swap into place.

Everything is built in a work folder beside the output; the finished site replaces the old one in
one atomic step, so a failed or interrupted build leaves the previous site/ complete. A lock file
keeps two builds from writing the same output. The previous site is deleted afterwards by a
process of its own, so the build does not wait for it.
"""

from __future__ import annotations

import ctypes
import datetime
import errno
import fcntl
import gc
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.system import children
from generator.catalog.catalog import Catalog
from generator.config import ConfigError, SiteConfig, load_config
from generator.catalog.load import load_catalog
from generator.diagnostics import format_report
from generator.read.content_folder import ReadCache
from generator.read.mdlimits import TooCostly
from generator.render.render import render_tree
from generator.search.search_index import index_site
from generator.builders.mkdocs.shards import build_sharded
from generator.errors import BuildIOError, BuildStepError
from generator.catalog.urls import entry_path

RENAME_EXCHANGE = 2


class BuildLocked(Exception):
    pass


@dataclass
class BuildResult:
    pages: int
    seconds: dict[str, float]
    digests: dict[str, bytes]  # page path -> fingerprint of its Markdown (for `opit serve`)


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    with lock_path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            raise BuildLocked(
                f"another build is writing {out} (pid {owner}); wait for it to finish, "
                "or build into another folder with --out"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()


def swap_into_place(new: Path, out: Path) -> None:
    """Put `new` at `out` atomically; the old site ends up at `new` (for removal)."""
    if not out.exists():
        new.rename(out)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd = -100
        if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(out), RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS):
            raise OSError(ctypes.get_errno(), "cannot swap the new site into place", str(out))
    old = new.with_name(new.name + "-old")
    out.rename(old)
    try:
        new.rename(out)
    except OSError:
        old.rename(out)  # the previous site back in place
        raise
    old.rename(new)


def source_date_epoch(catalog: Catalog) -> str:
    """SOURCE_DATE_EPOCH if set, else the newest date in the content: builds are reproducible."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    dates = [d for e in catalog.entries.values() for d in (e.data.published, e.data.updated) if d]
    newest = max(dates, default=datetime.date(2000, 1, 1))
    return str(int(datetime.datetime.combine(newest, datetime.time(), datetime.UTC).timestamp()))


def entry_pages_by_language(catalog: Catalog) -> dict[str, list[str]]:
    pages: dict[str, list[str]] = {}
    for entry in catalog.entries.values():
        pages.setdefault(entry.data.language, []).append(entry_path(entry.type, entry.id))
    return pages


def release_memory() -> None:
    """Give memory the build no longer uses back to the system (glibc keeps it otherwise)."""
    gc.collect()
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)


def _clean_stale_work(out: Path) -> None:
    for pattern in (f".{out.name}.building-*", f".{out.name}.old-*"):
        for stale in out.parent.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)


def remove_later(folder: Path, out: Path) -> None:
    """Delete `folder` (the previous site and the docs tree) in a process of its own.

    Deleting tens of thousands of files takes seconds on some disks, and nobody waits for it:
    the new site is already in place. If that process is stopped, the next build deletes it.
    """
    trash = out.parent / f".{out.name}.old-{os.getpid()}"
    try:
        folder.rename(trash)
        children.popen(["rm", "-rf", "--", str(trash)], detached=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(trash if trash.exists() else folder, ignore_errors=True)


def build_site(catalog: Catalog, config: SiteConfig, out: Path,
               check_links: bool = False) -> BuildResult:
    """Render, build and index the site for a valid catalog, then swap it into `out`.

    Every OSError (a full disk, a read-only folder) becomes a BuildIOError naming the step, and
    `out` is left as it was.
    """
    work = out.parent / f".{out.name}.building-{os.getpid()}"
    step = ["lock", out.parent]  # the step running, and the path to name if an error names none
    try:
        return _build_site(catalog, config, out, work, step, check_links)
    except OSError as error:
        raise BuildIOError.of(str(step[0]), error, step[1]) from None


def _build_site(catalog: Catalog, config: SiteConfig, out: Path, work: Path, step: list,
                check_links: bool) -> BuildResult:
    from generator.opendata.export import write_exports
    from generator.render.metadata import page_head

    seconds: dict[str, float] = {}

    def enter(name: str, path: Path) -> None:
        """The next step, unless a stop signal came (its SystemExit can be lost in a finaliser)."""
        children.raise_if_stopped()
        step[:] = name, path

    with output_lock(out):
        enter("prepare", work)
        _clean_stale_work(out)
        work.mkdir(parents=True)
        try:
            docs, site = work / "docs", work / "site"
            enter("render", docs)
            started = time.perf_counter()
            try:
                digests = render_tree(catalog, config, docs, head=page_head(catalog, config))
            except TooCostly as error:
                raise BuildStepError("render", str(error)) from None
            pages = len(digests)
            seconds["render"] = time.perf_counter() - started
            started = time.perf_counter()
            enter("mkdocs", site)
            entry_dirs = [entry_path(e.type, e.id).rstrip("/") for e in catalog.entries.values()]
            build_sharded(config, work, docs, site, entry_dirs, pages - len(entry_dirs),
                          source_date_epoch(catalog))
            seconds["mkdocs"] = time.perf_counter() - started
            started = time.perf_counter()

            def export() -> None:  # while Pagefind indexes all but the largest language
                began = time.perf_counter()
                step[:] = "export", site
                write_exports(catalog, config, site)
                step[:] = "pagefind", work
                seconds["export"] = time.perf_counter() - began

            enter("pagefind", work)
            release_memory()  # Pagefind's largest language is the build's memory peak
            index_site(site, work, entry_pages_by_language(catalog), meanwhile=export)
            seconds["pagefind"] = time.perf_counter() - started
            if check_links:
                from generator.build.linkcheck import check_links as find_broken

                started = time.perf_counter()
                enter("check-links", site)
                broken = find_broken(site)
                seconds["check-links"] = time.perf_counter() - started
                if broken:
                    shown = "\n".join(broken[:50])
                    raise BuildStepError("check-links", f"{len(broken)} broken link(s):\n{shown}")
            enter("swap", out)
            swap_into_place(site, out)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        step[:] = "clean-up", work
        remove_later(work, out)
    return BuildResult(pages, seconds, digests)


def load_valid(content: Path, config_path: Path, cache: ReadCache | None,
               unchanged: str) -> tuple[SiteConfig, Catalog] | None:
    """The configuration and the catalog, or None after saying on stderr what is wrong."""
    try:
        config = load_config(config_path)
    except ConfigError as error:
        print(f"error: configuration: {error}", file=sys.stderr)
        return None
    catalog = load_catalog(content, cache)
    errors = [d for d in catalog.diagnostics if d.severity == "error"]
    if catalog.diagnostics:
        print(format_report(catalog.diagnostics, "text"), file=sys.stderr)
    if errors:
        print(f"error: validate: {len(errors)} error(s) in content; {unchanged}", file=sys.stderr)
        return None
    return config, catalog


def build(content: Path, config_path: Path, out: Path, check_links: bool = False,
          cache: ReadCache | None = None) -> BuildResult | None:
    """The whole build as the CLI runs it, messages on stderr; None if it failed."""
    started = time.perf_counter()
    loaded = load_valid(content, config_path, cache, f"{out} was not changed")
    if loaded is None:
        return None
    config, catalog = loaded
    validated = time.perf_counter() - started
    try:
        result = build_site(catalog, config, out, check_links)
    except BuildLocked as error:
        print(f"error: {error}", file=sys.stderr)
        return None
    except BuildStepError as error:
        print(step_failed(error, config_path, out), file=sys.stderr)
        return None
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in {"validate": validated, **result.seconds}.items())
    print(f"built {out}: {result.pages} pages in {time.perf_counter() - started:.1f}s ({timing})",
          file=sys.stderr)
    return result


def step_failed(error: BuildStepError, config_path: Path, out: Path) -> str:
    if isinstance(error, BuildIOError):
        return f"error: {error.step}: {error.path}: {error.why}\n{out} was not changed"
    hint = ""
    if error.step == "mkdocs" and "configuration error" in error.reason:
        hint = (f"\nMkDocs reads its settings from {config_path}: fix the setting named above "
                "there (https://www.mkdocs.org/user-guide/configuration/)")
    return f"error: {error.step} failed; {out} was not changed:\n{error.reason}{hint}"


def build_command(content: Path, config_path: Path, out: Path, check_links: bool = False) -> int:
    """`opit build`: SIGTERM or SIGINT stops MkDocs and Pagefind too and exits 128 + signal."""
    with children.stop_children_on_signals():
        return 0 if build(content, config_path, out, check_links) else 1
