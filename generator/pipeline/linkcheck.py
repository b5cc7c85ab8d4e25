"""Check a built site: every internal link and image resolves to a file, every #fragment to an id.

`check_links(site)` reads every .html file under the site folder and follows each href and src
of its elements the way a browser would from that page's URL (the file's place in the folder):
a directory URL means its index.html, a #fragment must be an id (or an <a name>) on the target
page. External http(s) links, mailto:, tel: and data: URLs are not followed; any other scheme
(javascript:, vbscript:, ...) is reported, as no page of the site may carry one.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "poster", "data"}  # data: <object data=...>
NOT_FOLLOWED = {"http", "https", "mailto", "tel", "data"}
# <link rel="..."> values whose href is not a page or asset of this site to be fetched.
UNCHECKED_RELS = {"preconnect", "dns-prefetch"}


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str]] = field(default_factory=list)  # (line, URL)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "link" and set(values.get("rel", "").lower().split()) & UNCHECKED_RELS:
            return
        line = self.getpos()[0]
        for name in LINK_ATTRIBUTES & values.keys():
            if name == "data" and tag != "object":
                continue
            self.page.links.append((line, values[name]))
        if "srcset" in values:
            for candidate in values["srcset"].split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    self.page.links.append((line, url))

    handle_startendtag = handle_starttag


@cache
def _parse(path: Path) -> _Page:
    collector = _Collector()
    collector.feed(path.read_text("utf-8", errors="replace"))
    collector.close()
    return collector.page


def _target(site: Path, page_url: str, url: str) -> tuple[Path, str]:
    """(the file a URL on the page at `page_url` points to, its fragment).

    As in a browser, '..' above the site root stays at the root.
    """
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        resolved = page_url
    elif path.startswith("/"):
        resolved = path
    else:
        resolved = posixpath.join(posixpath.dirname(page_url), path)
    normal = posixpath.normpath(resolved)
    target = site / normal.lstrip("/")
    if resolved.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def check_links(site: Path) -> list[str]:
    """Every broken internal link, image or fragment in the site: 'page:line: problem' lines."""
    site = site.resolve()
    _parse.cache_clear()
    problems: list[str] = []
    for page_file in sorted(site.rglob("*.html")):
        page_url = "/" + page_file.relative_to(site).as_posix()
        shown = str(page_file.relative_to(site))
        page = _parse(page_file)
        for line, url in page.links:
            url = url.strip()
            scheme = urlsplit(url).scheme.lower()
            if url.startswith("//") or scheme in NOT_FOLLOWED:
                continue
            if scheme:
                problems.append(f"{shown}:{line}: link '{url}' uses the scheme '{scheme}:', "
                                "which no page of the site may carry")
                continue
            target, fragment = _target(site, page_url, url)
            if not target.is_file():
                problems.append(f"{shown}:{line}: link '{url}' is broken: no file "
                                f"{target.relative_to(site)} in the site")
                continue
            if fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                problems.append(f"{shown}:{line}: link '{url}' is broken: "
                                f"{target.relative_to(site)} has no id '{fragment}'")
    return problems
