"""Prepare the reference pipeline: Opit's docs tree built by plain MkDocs + Material with its
built-in search (lunr) instead of Pagefind.

`python bench/reference.py CONTENT CONFIG WORK` renders the docs tree exactly as `opit build`
does (same pages, same head metadata) into WORK/docs and writes WORK/mkdocs.yml with
`plugins: [search]`; bench/run.py then times `mkdocs build --strict` on it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

# PYTHONPATH (bench/run.py --code) comes first; the project itself is the fallback.
sys.path.append(str(Path(__file__).resolve().parents[1]))

from generator.builders.mkdocs.site import mkdocs_config
from generator.catalog.load import load_catalog
from generator.config import load_config
from generator.render.metadata import entry_head, site_head
from generator.render.pages import Page
from generator.render.render import render_tree


def prepare(content: Path, config_path: Path, work: Path) -> Path:
    """Render the docs tree and write the reference mkdocs.yml; return its path."""
    config = load_config(config_path)
    catalog = load_catalog(content)
    errors = [d for d in catalog.diagnostics if d.severity == "error"]
    if errors:
        raise SystemExit(f"content has {len(errors)} error(s); run opit validate")

    def head(page: Page) -> str:
        entry = catalog.entries.get(page.path.rstrip("/").rsplit("/", 1)[-1])
        if page.meta.get("opit_type") and entry is not None:
            return entry_head(catalog, config, entry)
        return site_head(config)

    work.mkdir(parents=True, exist_ok=True)
    docs, site = work / "docs", work / "site"
    render_tree(catalog, config, docs, head=head)
    raw = mkdocs_config(config, docs, site)
    raw["plugins"] = ["search"]
    raw.pop("hooks", None)  # plain MkDocs: Opit's Markdown bypass is part of what is compared
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("config", type=Path)
    parser.add_argument("work", type=Path)
    args = parser.parse_args(argv)
    print(prepare(args.content, args.config, args.work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
