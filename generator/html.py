"""Small helpers to write HTML blocks into Markdown pages safely."""

from __future__ import annotations

import json
import re
from html import escape

_SPECIAL = re.compile("[&<>\"']")


def esc(value: object) -> str:
    text = str(value)
    return escape(text, quote=True) if _SPECIAL.search(text) else text  # most need nothing


def relative(from_path: str, to_path: str) -> str:
    """Link from the page at directory URL `from_path` ('cases/x/') to `to_path` ('themes/y/')."""
    depth = from_path.count("/")
    return "../" * depth + to_path if (depth or to_path) else "./"


def link(from_path: str, to_path: str, text: str, **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f'<a href="{esc(relative(from_path, to_path))}"{extra}>{esc(text)}</a>'


def front_matter(meta: dict[str, object]) -> str:
    """YAML front matter for a page. Each value is written as JSON, which is valid YAML, so it
    is quoted correctly whatever it contains, and far faster than a YAML emitter."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}"
             for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


# Characters Markdown would read as syntax in a heading, written as numeric references.
MARKDOWN_SYNTAX = str.maketrans({char: f"&#{ord(char)};" for char in "\\`*_[]#!{}"})

def md_heading(level: int, text: str, anchor: str | None = None) -> str:
    """A Markdown heading whose text cannot become markup.

    One pass each: HTML-escape (no quotes: they are plain text in a heading), then turn Markdown
    syntax into references, so no reference is escaped twice ("City's" stays "City's").
    """
    safe = escape(str(text), quote=False).translate(MARKDOWN_SYNTAX)
    suffix = f" {{#{anchor}}}" if anchor else ""
    return f"{'#' * level} {safe}{suffix}\n\n"
