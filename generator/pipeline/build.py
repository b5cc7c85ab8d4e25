"""The site build: validate -> docs tree -> the builder -> Pagefind -> open data -> swap into place.

Everything is built in a work folder beside the output; the finished site replaces the old one in
one atomic step, so a failed or interrupted build leaves the previous site/ complete. A lock file
keeps two builds from writing the same output. The previous site is deleted afterwards by a
process of its own, so the build does not wait for it.
"""

from __future__ import annotations

import ctypes
import gc
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from generator.builders import Builder, DocsTree, builder_for
from generator.catalog.catalog import Catalog
from generator.catalog.dates import source_date_epoch
from generator.catalog.load import load
from generator.catalog.urls import entry_path
from generator.config import SiteConfig, load_config
from generator.errors import BuildIOError, BuildStepError
from generator.pipeline.atomic import clean_stale_work, output_lock, remove_later, swap_into_place
from generator.read.content_folder import ReadCache
from generator.read.mdlimits import TooCostly
from generator.render.render import render_tree
from generator.search.search_index import index_site
from generator.system import children


@dataclass
class BuildReport:
    """What a finished build made: where, with which builder, how many pages, how long each
    step took (seconds by step name), and each page's digest (for `opit serve`)."""

    out: Path
    builder: str
    pages: int
    seconds: dict[str, float]
    digests: dict[str, bytes]  # page path -> fingerprint of its Markdown


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


def build_site(catalog: Catalog, config: SiteConfig, out: Path,
               check_links: bool = False, builder: str | None = None) -> BuildReport:
    """Render, build and index the site for a valid catalog, then swap it into `out`.

    `builder` names the builder (generator/builders); None: extra.opit.builder, else the default.
    Every failure is a BuildError naming the step (UnknownBuilder: "builder"); an OSError (a full
    disk, a read-only folder) becomes a BuildIOError. `out` is then left as it was.
    """
    chosen = builder_for(config, builder)
    work = out.parent / f".{out.name}.building-{os.getpid()}"
    step = ["lock", out.parent]  # the step running, and the path to name if an error names none
    try:
        pages, seconds, digests = _build_site(catalog, config, out, work, step, check_links,
                                              chosen)
    except OSError as error:
        raise BuildIOError.of(str(step[0]), error, step[1]) from None
    return BuildReport(out, chosen.name, pages, seconds, digests)


def _build_site(catalog: Catalog, config: SiteConfig, out: Path, work: Path, step: list,
                check_links: bool, builder: Builder) -> tuple[int, dict[str, float], dict[str, bytes]]:
    from generator.opendata.export import write_exports

    seconds: dict[str, float] = {}

    def enter(name: str, path: Path) -> None:
        """The next step, unless a stop signal came (its SystemExit can be lost in a finaliser)."""
        children.raise_if_stopped()
        step[:] = name, path

    with output_lock(out):
        enter("prepare", work)
        clean_stale_work(out)
        work.mkdir(parents=True)
        try:
            docs, site = work / "docs", work / "site"
            enter("render", docs)
            started = time.perf_counter()
            try:
                digests = render_tree(catalog, config, docs)
            except TooCostly as error:
                raise BuildStepError("render", str(error)) from None
            pages = len(digests)
            seconds["render"] = time.perf_counter() - started
            started = time.perf_counter()
            enter(builder.name, site)
            entry_dirs = [entry_path(e.type, e.id).rstrip("/") for e in catalog.entries.values()]
            builder.build(config, DocsTree(docs, entry_dirs, pages - len(entry_dirs)), site, work,
                          source_date_epoch(catalog))
            seconds[builder.name] = time.perf_counter() - started
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
                from generator.pipeline.linkcheck import check_links as find_broken

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
    return pages, seconds, digests


def load_valid(content: Path, config_path: Path,
               cache: ReadCache | None = None) -> tuple[SiteConfig, Catalog]:
    """The configuration and the valid catalog; ConfigError or ContentError if either is wrong.

    The catalog's diagnostics are its warnings, for the caller to show.
    """
    config = load_config(config_path)
    return config, load(content, cache)
