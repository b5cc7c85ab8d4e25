"""Experiment (MkDocs hooks file): skip Markdown for every page, to measure what MkDocs costs
without it. Add `hooks: [bench/experiments/no_markdown_hooks.py]` to a copy of the mkdocs.yml
that `opit build` writes; the pages then hold unconverted text, so this is a lower bound only.
"""

from __future__ import annotations

_stash: dict[str, str] = {}


def on_page_markdown(markdown: str, page, config, files) -> str:
    _stash[page.file.src_uri] = markdown
    return ""


def on_page_content(html: str, page, config, files) -> str:
    return _stash.pop(page.file.src_uri)
