"""The first three stages in one call: read files -> validate -> catalog."""

from __future__ import annotations

from pathlib import Path

from generator.catalog import Catalog, build_catalog
from generator.loader import load_content
from generator.validate import validate_content


def load_catalog(content_dir: Path) -> Catalog:
    return build_catalog(validate_content(load_content(content_dir)))
