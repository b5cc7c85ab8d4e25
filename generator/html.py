"""Small helpers to write HTML blocks into Markdown pages safely."""

from __future__ import annotations

from html import escape

import yaml

try:
    from yaml import CSafeDumper as _SafeDumper
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _SafeDumper  # type: ignore[assignment]


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def relative(from_path: str, to_path: str) -> str:
    """Link from the page at directory URL `from_path` ('cases/x/') to `to_path` ('themes/y/')."""
    depth = from_path.count("/")
    return "../" * depth + to_path if (depth or to_path) else "./"


def link(from_path: str, to_path: str, text: str, **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f'<a href="{esc(relative(from_path, to_path))}"{extra}>{esc(text)}</a>'


def front_matter(meta: dict[str, object]) -> str:
    """YAML front matter for a page; the safe dumper quotes whatever needs quoting.

    libyaml's emitter when PyYAML has it: the same YAML data some 20 times faster than the
    pure-Python one (a page's head metadata is a long string; 4.6 ms a page otherwise).
    """
    text = yaml.dump(meta, Dumper=_SafeDumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{text}---\n\n"


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
