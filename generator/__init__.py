"""Opit: read content -> validate -> catalog -> render docs tree -> site -> search index -> open data.

The same pipeline the `opit` command runs, as a library. Nothing here prints; every failure is
an exception that says what went wrong::

    from pathlib import Path
    import generator

    catalog = generator.load(Path("content"))            # ContentError: every diagnostic
    config = generator.load_config(Path("site_config.yml"))  # ConfigError
    report = generator.build(catalog, config, Path("site"))  # BuildError: the failed step
    print(report.pages, report.seconds)

The stages' own modules stay importable; this is the part that is kept stable. The names are
imported when first used, so `import generator` (and the CLI's start) stays light.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic
from generator.errors import BuildError, ContentError

if TYPE_CHECKING:
    from generator.catalog.catalog import Catalog
    from generator.config import ConfigError, SiteConfig, load_config
    from generator.pipeline.build import BuildReport

__all__ = [
    "BuildError",
    "BuildReport",
    "Catalog",
    "ConfigError",
    "ContentError",
    "Diagnostic",
    "SiteConfig",
    "build",
    "export",
    "load",
    "load_config",
]

_LATER = {
    "BuildReport": "generator.pipeline.build",
    "Catalog": "generator.catalog.catalog",
    "ConfigError": "generator.config",
    "SiteConfig": "generator.config",
    "load_config": "generator.config",
}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        return getattr(importlib.import_module(_LATER[name]), name)
    raise AttributeError(f"module 'generator' has no attribute {name!r}")


def load(content_dir: Path | str) -> Catalog:
    """Read and validate the content folder into a Catalog.

    Raises ContentError, whose `diagnostics` hold every problem found (`path:line:column`,
    code, message), if any of them is an error. Warnings stay in the catalog's `diagnostics`.
    """
    from generator.catalog.load import load as load_content

    return load_content(Path(content_dir))


def build(catalog: Catalog, config: SiteConfig, out: Path | str, builder: str | None = None, *,
          check_links: bool = False) -> BuildReport:
    """Build the site of a valid catalog into `out`: pages, search index and open data.

    The new site replaces `out` in one atomic step. Raises BuildError (its `step` names the
    step that failed, its `reason` why) and leaves `out` as it was; ContentError if the
    catalog has errors. `check_links` fails the build on a broken internal link. `builder`
    names the builder (generator.builders.BUILDER_NAMES); None: `extra.opit.builder` of the
    configuration, else the default.
    """
    from generator.pipeline.build import build_site

    if any(diagnostic.severity == "error" for diagnostic in catalog.diagnostics):
        raise ContentError(catalog.diagnostics)
    return build_site(catalog, config, Path(out), check_links, builder)


def export(catalog: Catalog, config: SiteConfig, out: Path | str) -> list[Path]:
    """Write only the open data (JSON API, CSV, feeds, DCAT) under `out`; the paths written.

    Raises ContentError if the catalog has errors.
    """
    from generator.opendata.export import write_exports

    if any(diagnostic.severity == "error" for diagnostic in catalog.diagnostics):
        raise ContentError(catalog.diagnostics)
    return write_exports(catalog, config, Path(out))
