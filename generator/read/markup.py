"""Contributed Markdown becomes HTML here, exactly once, and is then sanitised by allow-list.

The result is opaque HTML: no later step parses it as Markdown again (the builder is handed
finished pages). Validation (bodycheck, mdlimits) refuses what a contributor should hear about;
the sanitiser is the guarantee that holds even if a check misses something.

Cost: `to_html` converts only text that passes `generator.read.mdlimits.check_structure` (validation
refuses the same, at its line), which bounds the size, nesting depth and the bracket, tag and
emphasis delimiters that make Python-Markdown's parsing recurse or go quadratic, so each page's
conversion is linear in its length with a small constant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from generator.config import PROJECT_CONFIG, load_config
from generator.read import gfm
from generator.read.mdlimits import TooCostly, check_structure


def _project_markdown() -> tuple[list[str | Extension], dict[str, dict[str, Any]]]:
    config = load_config(PROJECT_CONFIG)
    return list(config.markdown_extensions), config.markdown_extension_configs


# The Markdown extensions for contributed text: the project's site_config.yml
# (markdown_extensions), which the builder reads too; bodycheck judges the same rendering.
EXTENSIONS, EXTENSION_CONFIGS = _project_markdown()

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "s",
    "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "table",
    "thead", "tbody", "tr", "th", "td", "sup", "sub", "abbr", "div", "span",
})
ATTRIBUTES = {
    "*": {"id"}, "a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"},
    "abbr": {"title"},
}
ALIGN = {"th": {"align": {"left", "right", "center"}}, "td": {"align": {"left", "right", "center"}}}
ADMONITIONS = {"admonition", "note", "abstract", "info", "tip", "success", "question", "warning",
               "failure", "danger", "bug", "example", "quote"}
CLASSES = {"div": ADMONITIONS | {"footnote"}, "p": {"admonition-title"},
           "a": {"footnote-ref", "footnote-backref"}}
# An id a contributor may give (or the toc extension makes): no quotes, spaces or markup, and
# never one of the site's own (opit-*, the theme's md-* and __*).
ID_RULE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.-]{0,99}")
RESERVED_ID_PREFIXES = ("opit-", "md-", "__")


def allowed_id(value: str) -> bool:
    return ID_RULE.fullmatch(value) is not None and not value.startswith(RESERVED_ID_PREFIXES)


def _relative(url: str) -> bool:
    cleaned = re.sub(r"[\x00-\x20\x7f\\]+", "", unescape(url))
    return not cleaned.startswith("//") and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", cleaned) is None


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id":
        return value if allowed_id(value) else None
    if tag == "img" and name == "src":
        return value if _relative(value) else None  # the site loads nothing from other hosts
    return value


def sanitise(html: str) -> str:
    """Keep only the tags, attributes, classes and URL schemes the content contract allows."""
    return nh3.clean(html, tags=set(TAGS), attributes=ATTRIBUTES, tag_attribute_values=ALIGN,
                     allowed_classes=CLASSES, url_schemes=set(LINK_SCHEMES), link_rel=None,
                     attribute_filter=_attribute, strip_comments=True)


class _Reserved(Treeprocessor):
    """Renames ids that the page itself uses for its own sections ('lessons', 'sources' ...)."""

    reserved: frozenset[str] = frozenset()

    def run(self, root) -> None:
        for element in root.iter():
            value = element.get("id")
            if value is not None and (value in self.reserved or value.startswith("finding-")):
                element.set("id", f"{value}-text")


class _ReservedIds(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Reserved(md), "opit-reserved-ids", 0)


def new_converter() -> markdown.Markdown:
    """A Markdown instance with the site's extensions (reused with reset(), one per process)."""
    return markdown.Markdown(extensions=[*EXTENSIONS, *gfm.extensions(), _ReservedIds()],
                             extension_configs=EXTENSION_CONFIGS)


_converter: markdown.Markdown | None = None


def to_html(text: str, reserved: Iterable[str] = (), where: str = "text",
            first_line: int = 1) -> str:
    """Contributed Markdown as sanitised HTML; ids in `reserved` are renamed to avoid clashes.

    Text too deep or pathological to convert quickly (generator.read.mdlimits) is refused with
    TooCostly, its problems at `where`, counted from `first_line`, even if validation, which
    refuses the same, was bypassed.
    """
    problems = check_structure(text, where, first_line)
    if problems:
        raise TooCostly(problems)
    global _converter
    if _converter is None:
        _converter = new_converter()
    _converter.reset()
    _converter.treeprocessors["opit-reserved-ids"].reserved = frozenset(reserved)
    return sanitise(_converter.convert(text))


_HEADING = re.compile(r'<h([1-3])\b[^>]*?\bid="([^"]*)"[^>]*>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def headings(html: str) -> list[dict[str, object]]:
    """(level, id, text) of the h1-h3 headings with an id in Opit's own or sanitised HTML."""
    return [{"level": int(level), "id": unescape(anchor),
             "title": " ".join(unescape(_TAG.sub("", inner)).split())}
            for level, anchor, inner in _HEADING.findall(html)]
