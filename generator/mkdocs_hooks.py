"""MkDocs hooks (site_config -> mkdocs.yml `hooks:`): an optimisation, not a feature.

The docs tree is plain Markdown in which Opit's own blocks (metadata panel, listings, findings)
are raw HTML. Python-Markdown spends most of a build parsing that HTML with html.parser only to
pass it through unchanged. These hooks lift each such block out before Markdown runs and put it
back afterwards, so only headings and contributors' text are converted. Another builder ignores
this file and gets the same pages from the same tree, just more slowly.

Entry text cannot hold raw HTML (validation refuses it), so a line-start tag is always Opit's.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

OWN_BLOCK = re.compile(r"<(?:dl|div|ul|ol|p|span|nav|form|script|noscript|section|table)[\s>]")
_stash: dict[str, list[str]] = {}


def _token(markdown: str) -> str:
    return "opitraw" + hashlib.sha1(markdown.encode("utf-8")).hexdigest()[:16]


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    token = _token(markdown)
    blocks: list[str] = []
    chunks = markdown.split("\n\n")
    for index, chunk in enumerate(chunks):
        if OWN_BLOCK.match(chunk):
            chunks[index] = f"{token}{len(blocks)}"
            blocks.append(chunk)
    if not blocks:
        return markdown
    _stash[page.file.src_uri] = [token, *blocks]
    return "\n\n".join(chunks)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    stashed = _stash.pop(page.file.src_uri, None)
    if not stashed:
        return html
    token, *blocks = stashed
    return re.sub(rf"<p>{token}(\d+)</p>", lambda m: blocks[int(m.group(1))], html)
