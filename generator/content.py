"""The first three stages in one call: read files -> validate -> catalog."""

from __future__ import annotations

import gc
from pathlib import Path

from generator.catalog import Catalog, build_catalog
from generator.loader import ReadCache, load_content
from generator.validate import validate_content


def load_catalog(content_dir: Path, cache: ReadCache | None = None) -> Catalog:
    # Loading makes millions of small objects that all live until the build ends; the cyclic
    # garbage collector would scan them again and again (a third of the time at 10,000 entries).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return build_catalog(validate_content(load_content(content_dir, cache)))
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
