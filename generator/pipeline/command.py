"""`opit build` as the command runs it: messages on stderr, and the exit code."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from generator.catalog.catalog import Catalog
from generator.catalog.load import load_catalog
from generator.config import ConfigError, SiteConfig, load_config
from generator.diagnostics import format_report
from generator.errors import BuildIOError, BuildStepError
from generator.pipeline.atomic import BuildLocked
from generator.pipeline.build import BuildResult, build_site
from generator.read.content_folder import ReadCache
from generator.system import children


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
