"""Check an entry's Markdown body: it may not carry raw HTML, event handlers or unsafe links.

The body is rendered with the same conversion the site uses (generator.read.markup), and the resulting HTML is
inspected, so whatever a contributor writes is judged by what a reader's browser would get.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from generator.diagnostics import Diagnostic
from generator.read.markup import LINK_SCHEMES, allowed_id, new_converter
from generator.read.mdlimits import check_structure

ALLOWED_ATTRIBUTES = {"href", "src", "alt", "title", "id", "class", "colspan", "rowspan", "start",
                      "align"}
ENTITY = re.compile(r"^&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);$")
# A fenced code block is stashed like raw HTML, but its text is escaped (no tags inside) and,
# unlike a raw HTML block, it has no newline after </pre>. Its attributes are still inspected.
FENCED_CODE = re.compile(r"<pre[^<>]*><code[^<>]*>[^<]*</code></pre>")


def url_scheme(url: str) -> str | None:
    """The scheme of a URL as a browser would read it (spaces and controls dropped), if any."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", unescape(url))
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else None


def _other_host(url: str) -> bool:
    """True for a scheme-relative URL ('//host/x'; browsers read '\\' as '/' there)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", unescape(url))
    return cleaned[:2].replace("\\", "/") == "//"


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[str, str, str]] = []  # (code, needle, message)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name in ("href", "src"):
                scheme = url_scheme(value)
                if tag == "img" and (scheme is not None or _other_host(value)):
                    self.problems.append(("external-image", value,
                        f"image '{value}' is on another site; the site loads nothing from other "
                        "hosts: link to it instead ([title](url))"))
                elif scheme is not None and scheme not in LINK_SCHEMES:
                    self.problems.append(("bad-link-scheme", value,
                        f"link scheme '{scheme}:' is not allowed; links must start with "
                        "https://, http:// or mailto:"))
            elif name == "id" and not allowed_id(value):
                self.problems.append(("bad-id", value,
                    f"id '{value}' is not allowed; an id is a plain name of letters, digits and "
                    "'-', '_', '.' or ':', not starting with 'opit-' (e.g. {#my-section})"))
            elif name not in ALLOWED_ATTRIBUTES:
                self.problems.append(("bad-attribute", name,
                    f"attribute '{name}' is not allowed in entry text; remove the "
                    "{...} attribute list"))


_RISKY_TEXT = ("<", "{", "\\", "![")
_ENTITY_LIKE = re.compile(r"&(?:#|[A-Za-z][A-Za-z0-9]*;)")
# Every place a link target can start: after '](' (inline links) and after ']:' (reference
# definitions, also inside lists, quotes and footnotes), then what could be a scheme. Markdown
# drops any whitespace before a target and a browser drops tabs and newlines inside one
# ('jav<newline>ascript:' is javascript:), so whitespace is read through. The character after
# the run is only looked at, so that no match hides the next one.
_LINK_TARGET = re.compile(r"\](?:\(|:)([a-zA-Z0-9+.\-\s\x00-\x20\x7f]*)(?=(.?))", re.DOTALL)
_SPACE = re.compile(r"[\s\x00-\x20\x7f]+")
_MARKDOWN = new_converter()  # the same conversion as the site's (generator.read.markup)


def _plainly_safe(body: str) -> bool:
    """True when the body has no HTML, attribute lists, entities, images or odd link schemes.

    Rendering Markdown costs milliseconds per entry; most bodies need no rendering to be judged.
    """
    # Substring tests first: one regular expression over the whole body is ten times slower.
    if any(text in body for text in _RISKY_TEXT) or ("&" in body and _ENTITY_LIKE.search(body)):
        return False
    for match in _LINK_TARGET.finditer(body):
        scheme = _SPACE.sub("", match.group(1)).lower()
        if match.group(2) == ":" and scheme[:1].isalpha() and scheme not in LINK_SCHEMES:
            return False
    return True


def check_body(body: str, path: str, first_line: int) -> list[Diagnostic]:
    """Problems in an entry body, each pointing at the line where it appears.

    A body too deep or pathological to convert quickly (generator.read.mdlimits) is not converted.
    """
    too_costly = check_structure(body, path, first_line)
    if too_costly:
        return too_costly
    if _plainly_safe(body):
        return []
    md = _MARKDOWN
    md.reset()
    try:
        html = md.convert(body)
    except Exception as error:  # a Markdown bug on odd input ('## x {id=}') is no traceback
        line = first_line + body[: len(body) - len(body.lstrip())].count("\n")
        return [Diagnostic(path, line, 1, "error", "markdown-error",
            f"the text cannot be read as Markdown ({type(error).__name__}: {error}); look for "
            "unusual syntax, such as an attribute list '{...}' without a value, and simplify it")]
    problems: list[tuple[str, str, str]] = []
    for chunk in md.htmlStash.rawHtmlBlocks:
        text = str(chunk).strip()
        if ENTITY.match(text) or FENCED_CODE.fullmatch(str(chunk)):
            continue
        shown = text if len(text) <= 40 else text[:37] + "..."
        problems.append(("raw-html", text.splitlines()[0] if text else text,
            f"raw HTML is not allowed in entry text: '{shown}'; write it in Markdown "
            "(e.g. **bold**, [link](https://...), lists with '- ')"))
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    problems.extend(inspector.problems)
    diagnostics = []
    lines = body.splitlines()
    for code, needle, message in problems:
        line, column = _locate(lines, needle)
        diagnostics.append(
            Diagnostic(path, first_line + line, column, "error", code, message)
        )
    return diagnostics


def _locate(lines: list[str], needle: str) -> tuple[int, int]:
    """0-based line and 1-based column of the first line containing `needle` (or its start)."""
    # An entity-encoded URL ('&#106;avascript:x') is found by what follows its scheme.
    after_scheme = needle.partition(":")[2][:20]
    for candidate in (needle, needle[:20], unescape(needle)[:20], after_scheme):
        if not candidate:
            continue
        for number, line in enumerate(lines):
            if candidate in line:
                return number, line.index(candidate) + 1
    return 0, 1
