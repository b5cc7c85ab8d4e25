"""The builder stage: turn the rendered docs tree into the HTML site.

It takes the docs tree that the render stage wrote (finished pages, one `<path>/index.md` each) and
the site configuration, and gives a folder of HTML pages (plus the theme's assets and a sitemap).
It may import system, read, validate, catalog and render; search, open data, build and serve
come after it and reach it only through `Builder` and `get_builder`.

Every builder lives in a subpackage of its own (today `mkdocs/`, which runs MkDocs 1.6.1 or its
continuation ProperDocs on the same mkdocs.yml and hooks). This module imports none of them until
one is asked for, so listing the names costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.config import SiteConfig, position
from generator.errors import BuildError

DEFAULT_BUILDER = "mkdocs"
# name -> what it runs (for --help and the README); every builder uses Material as its theme
BUILDERS: dict[str, str] = {
    "mkdocs": "MkDocs 1.6.1",
    "properdocs": "ProperDocs 1.6.7, the maintained continuation of MkDocs 1.6",
}
BUILDER_NAMES = tuple(BUILDERS)


class UnknownBuilder(BuildError):
    """A builder name that no builder has (--builder, extra.opit.builder, or the API)."""

    def __init__(self, reason: str) -> None:
        super().__init__("builder", reason)


@dataclass(frozen=True)
class DocsTree:
    """A docs tree as the render stage wrote it."""

    root: Path
    entry_dirs: list[str]  # the entry pages' folders ('cases/x'); no navigation names them
    section_pages: int  # how many other pages (home, listings, themes, about ...)


class Builder(Protocol):
    name: str  # also the build step's name in messages and timings
    # The pages a build of some pages needs beside them (the ones the navigation names).
    nav_pages: tuple[str, ...]

    def build(self, config: SiteConfig, tree: DocsTree, site: Path, work: Path,
              epoch: str) -> int:
        """Build the whole tree into `site` (scratch files go in `work`, which holds both);
        returns how many builder processes ran. Raises BuildStepError or BuildIOError."""
        ...

    def build_pages(self, config: SiteConfig, pages: dict[str, str], work: Path,
                    epoch: str) -> Path:
        """Build only these pages (path -> docs-tree text) in `work`; returns the folder where
        each is at `<path>/index.html`. The caller passes `nav_pages` among them."""
        ...


def names_text() -> str:
    return ", ".join(BUILDER_NAMES)


def get_builder(name: str) -> Builder:
    if name not in BUILDERS:
        raise UnknownBuilder(f"unknown builder '{name}'; use one of: {names_text()}")
    from generator.builders.mkdocs.builder import MkDocsBuilder

    return MkDocsBuilder(name)


def builder_for(config: SiteConfig, name: str | None = None) -> Builder:
    """The builder named `name` (--builder), else by extra.opit.builder, else the default."""
    if name is None and config.builder is not None and config.builder not in BUILDERS:
        where = position(config.path, "extra", "opit", "builder")
        raise UnknownBuilder(f"{where}: unknown builder '{config.builder}' in extra.opit.builder; "
                             f"use one of: {names_text()}")
    return get_builder(name or config.builder or DEFAULT_BUILDER)
