"""Refuse Markdown whose structure would make converting it slow or crash, before it is converted.

Python-Markdown's block parser recurses once per level of nesting (a list item, quote,
admonition, footnote or definition inside another), and its inline patterns are regular
expressions and loops that look ahead from each opening delimiter for the closing one: an opener
that is never closed is read on to the end of its paragraph (or of the text), once for each
pattern that can start there. Measured on the site's converter (generator.read.markup) without these
limits: a list nested 650 levels deep is a RecursionError, not a page; 10,000 '[' take 14 s and
300,000 never finish; 1,000 unclosed '<b' in 1 MB take 45 s and 200 '<![' 10 s; 1,000 single '~'
in one 1 MB paragraph 12 s; 50 paragraphs of 5,000 '*' 13 s; 5,000 references to one footnote
14 s; 1,000 definitions in a row a RecursionError; 100,000 paragraphs 9.5 s.

Each limit bounds one of these costs, and each is far above what real entries use (in content/,
the test fixtures and the GFM corpus: 105 lines, 3 levels of nesting, 516 characters read by the
scan, 16 '*' and '_' in a paragraph, 2 footnote marks, 1 definition in a row):

- Size: `text_files.MAX_FILE_BYTES`, the limit of every content file, bounds all the linear work.
  A body read from a file is within it already; other text given to `markup.to_html` is checked.
- MAX_LINES: the block parser's work grows faster than the number of blocks; 20,000 lines of the
  slowest kind (definition lists) convert in about 2 s.
- MAX_NESTING: the block parser's (and `gfm.renest`'s) recursion depth, which a depth cap bounds
  directly; 20 levels are far from the interpreter's limit of 1,000 frames, and each level's
  cost is linear in its text.
- MAX_SCAN: the inline look-ahead of brackets, strikethrough and tags, counted in one pass as the
  characters the patterns read: from each '[' to its ']' and from each '(' after ']' to its ')'
  (or to the end of the paragraph when there is none), from each single '~' to a '~' that can
  close it, from each '<' that starts a tag to the next '>' and from each '<![' to ']]>' (or to
  the end of the text). A million characters read take under half a second.
- MAX_BLOCK_DELIMITERS and MAX_DELIMITERS: the emphasis patterns are tried at every '*' and '_'
  (an '_' inside a word cannot start or end emphasis) and may read past each later one, so a
  paragraph costs up to the square of its count: 1,000 in one paragraph cost 0.03 s at worst,
  and the 20 such paragraphs a text may have 0.5 s.
- MAX_FOOTNOTE_MARKS: each footnote reference searches the earlier ones for an unused id.
- MAX_DEFINITIONS: each definition that follows another without a blank line recurses into it.

Checking is linear: regular expressions and str methods over the text, and a loop over its lines
only when some line starts with enough indentation or markers to be nested deeply. The module is
a little over 300 lines because each limit sits next to the measurement that set it.
"""

from __future__ import annotations

import re

from generator.diagnostics import Diagnostic
from generator.read import text_files
from generator.read.gfm import THEMATIC_BREAK

MAX_LINES = 20_000
MAX_NESTING = 20
MAX_SCAN = 1_000_000
MAX_BLOCK_DELIMITERS = 1_000
MAX_DELIMITERS = 20_000
MAX_FOOTNOTE_MARKS = 500
MAX_DEFINITIONS = 100
TAB = 4  # Python-Markdown's tab_length

# A line nested more than 20 levels starts with at least 10 of these (a tab is at most 4 columns,
# and each level takes 2 columns of indentation or a marker of its own).
_DEEP = re.compile(r"^[ \t>*+\-.\d!?:]{10}", re.MULTILINE)
_LIST_MARKER = re.compile(r"(?:[*+-]|\d{1,9}\.)(?=[ \t]|$)")
# Containers whose body is indented by 4 on the lines below: admonitions, footnotes, definitions.
_BOX = re.compile(r"(?:!!!|\?\?\?\+?)(?=[ \t])|\[\^[^\]\n]*\]:|:(?=[ \t])")
# What a backslash escapes: the converter's ESCAPED_CHARS. An escaped character is no delimiter.
ESCAPED = "\\`*_{}[]()>#+-.!~|"
# An escape, a blank line, or a character the scan counts.
_TOKEN = re.compile(rf"\\[{re.escape(ESCAPED)}]|\n[ \t]*(?=\n)|<!\[|\]\]>|<[A-Za-z]|[\[\]()>]"
                    r"|~+|\*+|(?<!\w)_+|_+(?!\w)")
_DEFINITION = re.compile(r"^[ \t>]*:[ \t]|^[ \t]*$", re.MULTILINE)
_CLOSES = {"[": "]", "(": ")", "~": "~", "<": ">", "<![": "]]>"}
_HOW = {
    "[": "close each '[' with ']', write a literal one as '\\[', or split the paragraph with "
         "blank lines",
    "(": "close each '(' after ']' with ')', write a literal one as '\\(', or split the paragraph "
         "with blank lines",
    "~": "close each '~' (strikethrough is ~text~), write a literal one as '\\~', or split the "
         "paragraph with blank lines",
    "<": "write a literal '<' as '&lt;', or put a space after it",
    "<![": "write a literal '<' as '&lt;'",
}


class TooCostly(ValueError):
    """Text that check_structure refuses, met where it is converted; its problems, one a line."""

    def __init__(self, problems: list[Diagnostic]) -> None:
        super().__init__("\n".join(problem.text() for problem in problems))
        self.problems = problems


def check_structure(text: str, path: str = "text", first_line: int = 1) -> list[Diagnostic]:
    """Problems that make `text` too costly to convert, each at its line and column."""
    found: list[tuple[int, str, str]] = []  # (offset, code, message)
    size = len(text.encode("utf-8")) if len(text) * 4 > text_files.MAX_FILE_BYTES else len(text)
    lines = text.count("\n") + 1
    if size > text_files.MAX_FILE_BYTES:
        found.append((0, "markdown-too-large", f"the text is {size:,} bytes; the limit is "
                      f"{text_files.MAX_FILE_BYTES:,}. Split it, or move long passages to a linked report"))
    elif lines > MAX_LINES:
        found.append((0, "markdown-too-long", f"the text has {lines:,} lines; the limit is "
                      f"{MAX_LINES:,}. Split it, or move long passages to a linked report"))
    else:
        found.extend(_nesting(text) + _inline(text) + _footnotes(text) + _definitions(text))
    return [Diagnostic(path, first_line + text.count("\n", 0, at),
                       at - text.rfind("\n", 0, at), "error", code, message)
            for at, code, message in found]


def _spaces(line: str, index: int, column: int) -> tuple[int, int]:
    """The index and column after the spaces and tabs from `index` (at `column`)."""
    while index < len(line) and line[index] in " \t":
        column = (column // TAB + 1) * TAB if line[index] == "\t" else column + 1
        index += 1
    return index, column


def _nesting(text: str) -> list[tuple[int, str, str]]:
    """The first marker nested more than MAX_NESTING levels deep (GFM's container rules)."""
    if not _DEEP.search(text):
        return []
    stack: list[tuple[bool, int]] = []  # (quote?, the column of its '>' or of its content)
    blank_before, offset = True, 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        index = column = matched = 0
        for quote, at in stack:  # the open containers this line continues
            after, where = _spaces(line, index, column)
            if quote and where - column <= 3 and line[after:after + 1] == ">":
                index, column = after + 1, where + 1
                if line[index:index + 1] == " ":  # the optional space after '>'
                    index, column = index + 1, column + 1
            elif not quote and (where >= at or after == len(line)):
                index, column = after, where
            else:
                break
            matched += 1
        if not line[index:].strip():
            blank_before = True
            continue
        after, where = _spaces(line, index, column)
        opens = where - column <= 3 and bool(line[after] == ">" or _LIST_MARKER.match(line, after)
                                              or _BOX.match(line, after))
        if opens or blank_before:
            del stack[matched:]  # otherwise a lazy continuation line: everything stays open
        blank_before = False
        while opens:
            after, where = _spaces(line, index, column)
            if where - column > 3 or after == len(line):
                break
            marker = _LIST_MARKER.match(line, after)
            if line[after] == ">":
                stack.append((True, where))
                index, column = after + 1, where + 1
            elif marker and not THEMATIC_BREAK.match(line[after:]):
                end = where + len(marker.group())
                index, column = _spaces(line, marker.end(), end)
                stack.append((False, column if 1 <= column - end <= 4 and index < len(line)
                              else end + 1))
            elif _BOX.match(line, after):
                stack.append((False, where + TAB))
                opens = False
            else:
                break
            if len(stack) > MAX_NESTING:
                return [(start + after, "markdown-too-deep",
                         f"lists and quotes are nested more than {MAX_NESTING} levels deep here; "
                         "flatten the structure (fewer levels, or headings instead)")]
    return []


class _Pending:
    """Openers waiting for their closer: how many, the sum of their offsets, the first one."""

    def __init__(self) -> None:
        self.count = self.total = 0
        self.first = -1

    def add(self, at: int) -> None:
        self.count, self.total = self.count + 1, self.total + at
        self.first = at if self.first < 0 else self.first

    def close(self, at: int) -> tuple[int, int]:
        """(characters read from each opener to `at`, the first opener); none is left pending."""
        read, first = self.count * at - self.total, self.first
        self.count = self.total = 0
        self.first = -1
        return read, first


def _inline(text: str) -> list[tuple[int, str, str]]:
    """Brackets, strikethrough and tags that make the inline patterns read too much, and
    paragraphs or texts with too many emphasis delimiters."""
    openers = sum(text.count(char) for char in "[(~<")
    if openers * len(text) <= MAX_SCAN and text.count("*") + text.count("_") <= MAX_BLOCK_DELIMITERS:
        return []
    found: list[tuple[int, str, str]] = []
    read, worst = 0, (0, 0, "[")  # characters read; the opener that read the most
    brackets: list[int] = []
    parens: list[tuple[int, bool]] = []
    tildes, tags, cdata = _Pending(), _Pending(), _Pending()
    in_block = delimiters = 0

    def count(amount: int, at: int, kind: str) -> None:
        nonlocal read, worst
        read += amount
        if amount > worst[0]:
            worst = (amount, at, kind)

    def close(pending: _Pending, at: int, kind: str) -> None:
        count(*pending.close(at), kind)

    def end_block(at: int) -> None:
        for opened in brackets:
            count(at - opened, opened, "[")
        for opened, link in parens:
            if link:
                count(at - opened, opened, "(")
        close(tildes, at, "~")
        brackets.clear()
        parens.clear()

    for match in _TOKEN.finditer(text):
        token, at = match.group(), match.start()
        lead = token[0]
        if lead == "\\":
            continue
        if lead == "\n":
            end_block(at)
            in_block = 0
        elif lead in "*_":
            before = in_block
            in_block, delimiters = in_block + len(token), delimiters + len(token)
            if before <= MAX_BLOCK_DELIMITERS < in_block:
                found.append((at + MAX_BLOCK_DELIMITERS - before, "markdown-emphasis",
                    f"this paragraph has more than {MAX_BLOCK_DELIMITERS:,} '*' and '_'; Markdown "
                    "tries emphasis at each of them, which takes too long: write literal ones as "
                    "'\\*' and '\\_', or split the paragraph with blank lines"))
            if delimiters - len(token) <= MAX_DELIMITERS < delimiters:
                found.append((at + MAX_DELIMITERS - (delimiters - len(token)), "markdown-emphasis",
                    f"the text has more than {MAX_DELIMITERS:,} '*' and '_'; Markdown tries "
                    "emphasis at each of them, which takes too long: write literal ones as '\\*' "
                    "and '\\_'"))
        elif token == "[":
            brackets.append(at)
        elif token == "(":
            parens.append((at, text[at - 1:at] == "]"))
        elif token in ("]", "]]>"):
            for _ in token.replace(">", ""):
                if brackets:
                    opened = brackets.pop()
                    count(at - opened, opened, "[")
            if token == "]]>":
                close(cdata, at, "<![")
                close(tags, at, "<")
        elif token == ")":
            if parens:
                opened, link = parens.pop()
                if link:
                    count(at - opened, opened, "(")
        elif token == ">":
            close(tags, at, "<")
        elif token == "<![":
            cdata.add(at)
        elif lead == "<":
            tags.add(at)
        elif token == "~":  # a single '~': it may close ~text~ (after a non-space), then open one
            if at > 0 and not text[at - 1].isspace():
                close(tildes, at, "~")
            if text[at + 1:at + 2].strip():
                tildes.add(at)
    end_block(len(text))
    close(tags, len(text), "<")
    close(cdata, len(text), "<![")
    if read > MAX_SCAN:
        _, at, kind = worst
        found.append((at, "markdown-brackets",
            f"'{kind}' is not closed by '{_CLOSES[kind]}' nearby, and with the other unclosed or "
            f"nested ones Markdown would read {read:,} characters to find their ends (the limit "
            f"is {MAX_SCAN:,}); {_HOW[kind]}"))
    return found


def _footnotes(text: str) -> list[tuple[int, str, str]]:
    if text.count("[^") <= MAX_FOOTNOTE_MARKS:
        return []
    at = -1
    for _ in range(MAX_FOOTNOTE_MARKS + 1):
        at = text.find("[^", at + 1)
    return [(at, "markdown-footnotes",
             f"the text has more than {MAX_FOOTNOTE_MARKS} footnote marks ('[^'), which Markdown "
             "numbers too slowly; use fewer footnotes, or list the sources under 'sources'")]


def _definitions(text: str) -> list[tuple[int, str, str]]:
    """The first definition (': ') that follows more than MAX_DEFINITIONS without a blank line."""
    if text.count(":") <= MAX_DEFINITIONS:
        return []
    in_block = 0
    for match in _DEFINITION.finditer(text):
        if match.group().strip(" \t\n>") != ":":
            in_block = 0
            continue
        in_block += 1
        if in_block > MAX_DEFINITIONS:
            return [(match.end() - 2, "markdown-definitions",
                     f"more than {MAX_DEFINITIONS} definitions (lines starting with ': ') follow "
                     "each other without a blank line, and Markdown nests each in the one before; "
                     "put blank lines between them, or make a list")]
    return []
