"""The Content-Security-Policy of a built page, as a `<meta http-equiv>` (GitHub Pages sets no
headers).

Scripts run only from the site itself or when they are the theme's own inline scripts, allowed
by their sha256 hash, computed from the finished page. An inline script inside the page's
content (`<div class="opit-page">` ... `<!--opit-page-end-->`) is never hashed: content holds no
executable script, so one found there is blocked rather than allowed. The markers cannot be
forged by a contributor, since the sanitiser removes every comment from contributed text.
`wasm-unsafe-eval` is only on pages that load Pagefind's WebAssembly.
"""

from __future__ import annotations

import base64
import hashlib
import re

CONTENT_CLASS = "opit-page"  # every page's content is in this block, and nothing else is
CONTENT_START = f'<div class="{CONTENT_CLASS}">'
CONTENT_END = "<!--opit-page-end-->"
_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.IGNORECASE)
_HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)
PAGEFIND_MARK = "data-opit-pagefind"


def _outside_content(html: str) -> str:
    start = html.find(CONTENT_START)
    if start < 0:
        return html
    end = html.find(CONTENT_END, start)
    return html[:start] + (html[end:] if end >= 0 else "")


def script_hashes(html: str) -> list[str]:
    """CSP sources for the executable inline scripts outside the page's content, in order."""
    sources = []
    for attributes, text in _INLINE_SCRIPT.findall(_outside_content(html)):
        if "src=" in attributes or _DATA_TYPE.search(attributes):
            continue
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        source = f"'sha256-{digest}'"
        if source not in sources:
            sources.append(source)
    return sources


def policy(html: str) -> str:
    scripts = ["'self'", *script_hashes(html)]
    if PAGEFIND_MARK in html:
        scripts.append("'wasm-unsafe-eval'")
    return "; ".join((
        "default-src 'self'",
        "script-src " + " ".join(scripts),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-src 'none'",
    ))


def with_policy(html: str) -> str:
    """The page with its policy as the first element of <head>, before any script."""
    head = _HEAD.search(html)
    if head is None:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html[:head.end()] + tag + html[head.end():]
