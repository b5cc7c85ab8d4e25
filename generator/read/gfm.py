"""Make Python-Markdown read entry bodies the way GitHub's preview (GFM) does.

Contributors write bodies in GitHub's web editor and trust its preview, so where Python-Markdown
and the GFM spec (https://github.github.com/gfm/) disagree on something contributors write, the
site follows GFM. The deviations from plain Python-Markdown, and why:

- ATX headings need a space (or the end of the line) after the `#`s. Python-Markdown makes
  `#DiginEdistäjät` at a line start a heading; on GitHub it is a hashtag in a paragraph. Up to
  three spaces may precede the `#`s, and a closing `#` run only counts after a space (`# C#`).
- List nesting follows GFM's column rule: a line belongs to a list item when it is indented at
  least to the item's content (the column after the marker and its spaces), so a 2-space indent
  nests under `- item` and a 3-space one under `1. item`. Python-Markdown nests only at 4 spaces.
  A preprocessor re-indents list lines to the 4-space steps Python-Markdown expects; 4-space
  nesting already is such a step and stays as it is. It also puts a blank line where GFM ends or
  starts a list without one: a bullet list, or an ordered list starting at 1, interrupts a
  paragraph (`Tavoitteet:` then `- nopeus`); a heading, quote, rule or fence after a list ends it.
  Quote, admonition and footnote bodies get the same treatment. This is a preprocessor, not
  list BlockProcessors with a 2-space tab_length, because GFM's indent depends on the marker's
  width (`10. item` needs 4) and a fixed 2 would misread 4-space nesting and continuations.
- Bare `http://`, `https://` and `www.` URLs become links (GFM's autolink extension), through
  pymdownx.magiclink with its link pattern narrowed to those schemes. GFM also links bare
  `ftp://` URLs and e-mail addresses; the site does not: from plain text only http(s) is linked.
- `~~text~~` and `~text~` are struck through (`<del>`), as GFM's strikethrough extension does;
  `~~` comes from pymdownx.tilde (with subscripts off), the single tilde from a small pattern.
- A backslash at the end of a line is a hard line break, as in CommonMark.

Left as Python-Markdown has them (rare in bodies): fenced code inside list items is not code,
`1)` is not a list marker, a list whose items are separated by blank lines wraps only some items
in <p>, `~~~text~~~` is struck through, and task list checkboxes (`- [ ]`) are text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import SimpleTagInlineProcessor, SubstituteTagInlineProcessor
from markdown.preprocessors import Preprocessor
from pymdownx.magiclink import MagiclinkExtension, MagiclinkPattern
from pymdownx.tilde import DeleteSubExtension

# The closing `#` run is optional and counts only after a space or tab.
ATX_HEADING = re.compile(
    r"(?:^|\n)[ ]{0,3}(?P<level>#{1,6})(?=[ \t]|\n|$)(?P<header>.*?)(?:[ \t]#+)?[ \t]*(?=\n|$)")
LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-+*]|\d{1,9}\.)(?P<space> *)(?P<rest>.*)$")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
QUOTE = re.compile(r"^ {0,3}> ?")
# Admonitions and footnote definitions: their bodies are indented by 4.
CONTAINER = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]|^\[\^[^\]]+\]:")
# Lines that start a block which ends an open list when not indented into an item. \x02 starts
# the placeholder of a stashed fenced code block.
BLOCK_START = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|>|```|~~~|\x02)")
# GFM's valid start of an extended autolink: only the http(s) schemes and `www.`.
HTTP_LINK = r"""(?xi)
(?<![^\s*_~^[('"\x03])(?:
    https?://|
    (?P<www>w{3}\.)
)
"""
SINGLE_TILDE = r"(?<!~)(~)(?![~\s])(.+?)(?<![~\s])~(?!~)"
BACKSLASH_BREAK = r"\\\n"
STEP = 4  # Python-Markdown's tab_length: the indent it wants per list level


class AtxHeadingProcessor(HashHeaderProcessor):
    """Python-Markdown's hash heading processor with GFM's ATX heading pattern."""

    RE = ATX_HEADING


class ListItem:
    """A list marker line: where its marker sits and where its content starts (GFM's rules)."""

    def __init__(self, match: re.Match[str]) -> None:
        self.indent = len(match["indent"])
        self.marker = match["marker"]
        self.rest = match["rest"]
        spaces = len(match["space"])
        end = self.indent + len(self.marker)
        # Five or more spaces after the marker start an indented code block: content is one in.
        self.content = end + (spaces if 1 <= spaces <= 4 and self.rest else 1)
        self.ordered = self.marker[0].isdigit()

    def can_interrupt_paragraph(self) -> bool:
        return bool(self.rest) and (not self.ordered or self.marker == "1.")


def _list_item(line: str) -> ListItem | None:
    match = LIST_ITEM.match(line)
    if not match or THEMATIC_BREAK.match(line) or (match["rest"] and not match["space"]):
        return None
    return ListItem(match)


class _Renester:
    """Re-indents list lines from GFM's column rule to Python-Markdown's 4-space steps."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.open: list[ListItem] = []  # the open list items, outermost first
        self.last_top: ListItem | None = None  # the latest top-level item
        self.block_indent = 0  # the output indent of the first line after the last blank line
        self.prev_item = False  # the previous line was a list item

    def prev_blank(self) -> bool:
        return not self.out or not self.out[-1].strip()

    def emit(self, indent: int, text: str, item: bool = False) -> None:
        if self.prev_blank():
            self.block_indent = indent
        self.out.append(" " * indent + text)
        self.prev_item = item

    def feed(self, line: str) -> None:
        if not line.strip():
            self.out.append("")
            return
        indent = len(line) - len(line.lstrip(" "))
        item = _list_item(line)
        was_open = bool(self.open)
        if item is None and self._lazy(line, indent):
            self.emit(STEP * len(self.open), line.lstrip())
            return
        while self.open and indent < self.open[-1].content:
            self.open.pop()
        base = self.open[-1].content if self.open else 0
        if item is not None and indent - base <= 3:
            self._item(item, was_open)
        elif self.open:
            self.emit(STEP * len(self.open) + indent - base, line.lstrip())
        else:
            if was_open and not self.prev_blank():
                self.out.append("")
            self.emit(0, line)

    def _lazy(self, line: str, indent: int) -> bool:
        """A paragraph continuation line that is not indented into the item (GFM's laziness)."""
        return (bool(self.open) and not self.prev_blank() and indent < self.open[-1].content
                and not BLOCK_START.match(line) and not THEMATIC_BREAK.match(line))

    def _item(self, item: ListItem, was_open: bool) -> None:
        indent = STEP * len(self.open)
        starts_list = not was_open or (not self.open and self._other_type(item))
        # Python-Markdown hands a block that starts indented to the item above it whole, so a
        # shallower item, or a list after a paragraph, in such a block needs a blank line first.
        in_indented_block = self.block_indent > 0 and (indent < self.block_indent
                                                        or not self.prev_item)
        if not self.prev_blank() and (
                (starts_list and item.can_interrupt_paragraph()) or in_indented_block):
            self.out.append("")
        self.emit(indent, item.marker + " " + item.rest.lstrip(), item=True)
        self.open.append(item)
        if len(self.open) == 1:
            self.last_top = item

    def _other_type(self, item: ListItem) -> bool:
        """True when a top-level item changes between bullet and ordered (GFM: a new list)."""
        return self.last_top is not None and self.last_top.ordered != item.ordered


def _body_end(lines: list[str], start: int, inside: Callable[[str], bool]) -> int:
    """The index after the container body that starts at lines[start] (no trailing blanks)."""
    end = start
    while end < len(lines) and inside(lines[end]):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def _indented(line: str) -> bool:
    return not line.strip() or line.startswith(" " * STEP)


def renest(text: str) -> str:
    """The Markdown text with list lines re-indented for Python-Markdown (see the module doc).

    The bodies of admonitions and footnotes (indented 4) and of block quotes are re-indented
    on their own, as documents of their own, the way Python-Markdown parses them.
    """
    lines = text.split("\n")
    renester = _Renester()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not renester.open and QUOTE.match(line):
            end = _body_end(lines, index, QUOTE.match)
            body = renest("\n".join(QUOTE.sub("", quoted) for quoted in lines[index:end]))
            renester.out.extend("> " + quoted for quoted in body.split("\n"))
            index = end
            continue
        renester.feed(line)
        index += 1
        if not renester.open and CONTAINER.match(line):
            end = _body_end(lines, index, _indented)
            body = renest("\n".join(inner[STEP:] for inner in lines[index:end]))
            renester.out.extend((" " * STEP + inner).rstrip() for inner in body.split("\n"))
            index = end
    return "\n".join(renester.out)


class ListRenestPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return renest("\n".join(lines)).split("\n")


class GfmExtension(Extension):
    """GFM's ATX headings, list nesting, single-tilde strikethrough and backslash breaks."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.parser.blockprocessors.register(AtxHeadingProcessor(md.parser), "hashheader", 70)
        # After fenced code (25) and raw HTML (20) are stashed, so their lines are not touched.
        md.preprocessors.register(ListRenestPreprocessor(md), "gfm_lists", 15)
        # Before 'escape' (180), which would leave the backslash as text.
        md.inlinePatterns.register(SubstituteTagInlineProcessor(BACKSLASH_BREAK, "br"),
                                   "gfm_backslash_break", 185)
        # After pymdownx.tilde's `~~` (60).
        md.inlinePatterns.register(SimpleTagInlineProcessor(SINGLE_TILDE, "del"),
                                   "gfm_single_tilde", 59)


class HttpAutolinkExtension(MagiclinkExtension):
    """pymdownx.magiclink linking only bare http(s):// and www. URLs (no e-mail, no ftp)."""

    def setup_autolinks(self, md: Markdown, config: dict[str, Any]) -> None:
        pattern = MagiclinkPattern(HTTP_LINK, md)
        pattern.config = config
        md.inlinePatterns.register(pattern, "magic-link", 85)


def extensions() -> list[Extension]:
    """The extensions to append to the site's Markdown extensions for GFM behaviour."""
    return [GfmExtension(), HttpAutolinkExtension(),
            DeleteSubExtension(subscript=False, smart_delete=False)]
