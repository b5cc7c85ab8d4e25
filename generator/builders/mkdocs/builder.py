"""The `mkdocs` and `properdocs` builders: one class, because ProperDocs is MkDocs 1.6 continued.

It reads the same mkdocs.yml, runs the same hooks (it maps `import mkdocs.*` to its own modules)
and the same Material theme, so the two differ only in the program started: `python -m mkdocs`
or `python -m properdocs`. The sharded build and the sitemap merge (shards.py) serve both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.builders import DocsTree
from generator.builders.mkdocs.shards import build_sharded
from generator.builders.mkdocs.site import NAV_PAGES, PROGRAMS, run_mkdocs, write_mkdocs_yml
from generator.config import SiteConfig
from generator.errors import BuildIOError, BuildStepError
from generator.render.render import write_page


@contextmanager
def settings_hint(config: SiteConfig) -> Iterator[None]:
    """A configuration error names the setting; add where MkDocs reads it from."""
    try:
        yield
    except BuildStepError as error:
        if isinstance(error, BuildIOError) or "configuration error" not in error.reason:
            raise
        raise BuildStepError(error.step, f"{error.reason}\nMkDocs reads its settings from "
                             f"{config.path}: fix the setting named above there "
                             "(https://www.mkdocs.org/user-guide/configuration/)") from None


class MkDocsBuilder:
    nav_pages = tuple(path for _, path in NAV_PAGES)

    def __init__(self, program: str = "mkdocs") -> None:
        if program not in PROGRAMS:
            raise ValueError(f"no such MkDocs program: {program}")
        self.name = program

    def build(self, config: SiteConfig, tree: DocsTree, site: Path, work: Path,
              epoch: str) -> int:
        with settings_hint(config):
            return build_sharded(config, work, tree.root, site, tree.entry_dirs,
                                 tree.section_pages, epoch, program=self.name)

    def build_pages(self, config: SiteConfig, pages: dict[str, str], work: Path,
                    epoch: str) -> Path:
        docs, site = work / "docs", work / "site"
        for path, text in pages.items():
            write_page(docs, path, text)
        with settings_hint(config):
            run_mkdocs(write_mkdocs_yml(config, work, docs, site),
                       env={"SOURCE_DATE_EPOCH": epoch}, program=self.name)
        return site
