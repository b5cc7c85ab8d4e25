"""MkDocs hooks (site_config -> mkdocs.yml `hooks:`): hand MkDocs finished pages.

Every page of the docs tree is finished, sanitised HTML (generator/render/render.py), so MkDocs must not
parse it as Markdown: that would be a second reading of contributed text, and most of a build's
time. The page's text is kept aside before Markdown runs and is the page's content afterwards.
The table of contents comes from the page's front matter (`toc`, built from the sanitised
headings), with every title escaped, so the theme's TOC never shows unescaped text.
Each finished page gets its Content-Security-Policy (generator/render/csp.py).

The docs tree is theme-neutral; Material's own words are put in here: a page's `opit_layout`
becomes Material's `hide` key, and Opit's button classes get Material's beside them.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from mkdocs.structure.toc import get_toc

from generator.render.csp import with_policy
from generator.render.pages import NO_TOC, WIDE

_pages: dict[str, str] = {}
HIDDEN = {WIDE: ["navigation", "toc"], NO_TOC: ["toc"]}  # Material's `hide` per Opit layout
BUTTON_CLASSES = re.compile(r'class="(opit-button(?: opit-button--primary)?)"')


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    layout = page.meta.get("opit_layout")
    if layout in HIDDEN:
        page.meta["hide"] = HIDDEN[layout]
    _pages[page.file.src_uri] = markdown
    return ""


def material_classes(html: str) -> str:
    """Opit's buttons with Material's classes beside their own (opit-button -> md-button)."""
    return BUTTON_CLASSES.sub(
        lambda found: f'class="{found[1]} {found[1].replace("opit-", "md-")}"', html)


def _tokens(headings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nested toc tokens (h1 > h2 > h3), with each title as escaped HTML."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for item in headings:
        token = {"level": int(item["level"]), "id": escape(str(item["id"])),
                 "name": escape(str(item["title"]), quote=False), "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    page.toc = get_toc(_tokens(page.meta.get("toc") or []))
    return material_classes(_pages.pop(page.file.src_uri, html))


def on_post_page(output: str, page: Any, config: Any) -> str:
    return with_policy(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """The 404 page and other theme templates get the same policy."""
    return with_policy(output_content) if template_name.endswith(".html") else output_content
