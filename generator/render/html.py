"""Small helpers that write Opit's own HTML, with every value escaped."""

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


def time_tag(machine: str, text: str) -> str:
    """A <time> whose `datetime` is the ISO value (2021, 2021-11 or 2021-11-05) and whose text is
    what the reader sees."""
    return f'<time datetime="{esc(machine)}">{esc(text)}</time>'


def front_matter(meta: dict[str, object]) -> str:
    """YAML front matter for a page. Each value is written as JSON, which is valid YAML, so it
    is quoted correctly whatever it contains, and far faster than a YAML emitter."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}"
             for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def heading(level: int, text: str, anchor: str | None = None) -> str:
    """An HTML heading of Opit's own: its text is escaped data, never Markdown. A page's h1 is
    `#opit-title`, the target of the theme's skip link."""
    anchor = anchor or ("opit-title" if level == 1 else None)
    attribute = f' id="{esc(anchor)}"' if anchor else ""
    return f"<h{level}{attribute}>{esc(text)}</h{level}>\n\n"
