"""Render the catalog into a plain docs tree that any builder in generator/builders can build.

Every page is `<path>/index.md`: YAML front matter (title, description, lang, toc, layout), then
the page as finished, sanitised HTML in one `<div class="opit-page">` block, which Markdown passes
through unchanged and the builder hands over without converting at all. Entry pages are
written once, in the entry's own language; section pages once per interface language.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.catalog.catalog import Catalog
from generator.catalog.references import licence_name, licence_url
from generator.config import SiteConfig
from generator.read.markup import headings, to_html
from generator.render.csp import CONTENT_END, CONTENT_START
from generator.render.entry_page import render_entry
from generator.render.html import front_matter
from generator.render.i18n import Translator
from generator.render.metadata import page_head
from generator.render.pages import Context, Page
from generator.render.render_sections import home, search_page, taxonomy_pages, type_listings
from generator.system.files import write_file

TEMPLATES = Path(__file__).resolve().parent / "templates"
ASSETS = Path(__file__).resolve().parent / "assets"
STATIC_PAGES = ("about", "contribute", "accessibility")

HeadHook = Callable[[Page], str]


def static_pages(ctx: Context, t: Translator, prefix: str) -> Iterator[Page]:
    config = ctx.config
    values = {
        "site_name": config.name,
        "licence": f"[{licence_name(config.licence)}]({licence_url(config.licence, config)})",
        "feedback": config.feedback or config.repo_url or "",
        "accessibility_contact": config.accessibility_contact or config.feedback or "",
        "repo_url": config.repo_url or "",
        "statement_date": config.extra.get("accessibility_statement_date", ""),
    }
    folder = TEMPLATES / t.language
    for name in STATIC_PAGES:
        text = (folder / f"{name}.md").read_text("utf-8").format(**values)
        title = text.splitlines()[0].lstrip("# ").strip()
        body = to_html(text).replace("<h1>", '<h1 id="opit-title">', 1)
        yield Page(f"{prefix}{name}/", {"title": title, "lang": t.language}, body)


def section_pages(ctx: Context, language: str) -> Iterator[Page]:
    t = Translator(language)
    prefix = ctx.prefix(language)
    pages = [home(ctx, t, prefix), *type_listings(ctx, t, prefix),
             *taxonomy_pages(ctx, t, prefix), search_page(ctx, t, prefix),
             *static_pages(ctx, t, prefix)]
    for page in pages:
        if len(ctx.languages) > 1:
            rest = page.path.removeprefix(prefix)
            page.alternates = {other: ctx.prefix(other) + rest for other in ctx.languages}
        yield page


def all_pages(ctx: Context) -> Iterator[Page]:
    for entry in ctx.catalog.entries.values():
        yield render_entry(ctx, entry)
    for language in ctx.languages:
        yield from section_pages(ctx, language)


def page_text(page: Page, head: HeadHook) -> str:
    """The page's file in the docs tree: front matter (data, with the head metadata and the
    table of contents) and the body, finished HTML in one block that no builder converts."""
    meta = dict(page.meta)
    meta["toc"] = headings(page.body)
    if page.alternates:
        meta["alternates"] = page.alternates
    extra = head(page)
    if extra:
        meta["head"] = extra
    return f"{front_matter(meta)}{CONTENT_START}\n{page.body.strip()}\n</div>{CONTENT_END}\n"


def page_texts(catalog: Catalog, config: SiteConfig,
               head: HeadHook | None = None) -> Iterator[tuple[str, str]]:
    """(page path, Markdown file text) for every page of the site, each with its page head
    (generator.render.metadata; `head` replaces it, e.g. for a comparison build)."""
    head = head or page_head(catalog, config)
    for page in all_pages(Context(catalog, config)):
        yield page.path, page_text(page, head)


def digest(text: str) -> bytes:
    """A short fingerprint of a page's text, to find the pages a change touches."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def write_page(docs: Path, path: str, text: str) -> None:
    target = docs / path / "index.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_file(target, text)


def copy_assets(docs: Path) -> None:
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)


def render_tree(catalog: Catalog, config: SiteConfig, docs: Path,
                head: HeadHook | None = None) -> dict[str, bytes]:
    """Write the docs tree into `docs` (emptied first), every page with its head metadata;
    returns each page's text digest."""
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    digests = {}
    for path, text in page_texts(catalog, config, head):
        write_page(docs, path, text)
        digests[path] = digest(text)
    copy_assets(docs)
    return digests
