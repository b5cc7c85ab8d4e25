"""Hostile and broken content: every case with its expected outcome, in ONE table (`OUTCOMES`).

The corpus is tests/fixtures/hostile/content. Files that cannot (or should not) be committed are
written by `GENERATED` into a copy of it: a file that is not UTF-8, NUL bytes, a file over the
size limit, CRLF line endings and a BOM (which git or an editor could change), nesting deep
enough to crash a recursive parser, a symlink pointing outside content/.

The real `opit validate` runs once, as a subprocess, over the whole corpus. Each refused case
must get an error at its expected line with its code and message (its first diagnostic, ordered
by line and column); each accepted case (`VALID`) must get no diagnostic at all. Accepted cases
are also built and opened in Chromium by tests/test_hostile_browser.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from generator.catalog.load import load_catalog
from generator.read.positions import ReadError, parse_yaml
from generator.read.text_files import MAX_FILE_BYTES
from tests.conftest import FIXTURES, ROOT, run_opit

HOSTILE = FIXTURES / "hostile" / "content"


class Refused(NamedTuple):
    line: int
    code: str
    message: str  # a substring of the first diagnostic's message


VALID = "valid"  # no diagnostic; rendered only as inert text (tests/test_hostile_browser.py)
Outcome = Refused | str

SCHEME = "is not allowed; links must start with https://, http:// or mailto:"
RAW = "raw HTML is not allowed in entry text: "
ATTR = "is not allowed in entry text; remove the {...} attribute list"
OTHER_HOST = "is on another site; the site loads nothing from other hosts"
URL_CHARS = "a URL may not contain spaces, control characters, quotes, '<', '>' or backslashes"
ALIAS = "YAML aliases (*{}) are not allowed in content; write the value out in full"
TAG = "YAML tag '{}' is not allowed; remove it and write a plain value"
TOO_DEEP = "values are nested more than 32 levels deep; flatten the structure"
KEY = "a key must be a plain name such as 'title', not a list or a mapping"
LINE_BREAK = "contains a line break (U+{}); a one-line field must stay on one line"
CONTROL = "contains a control character (U+{}), which is invisible; delete it"
DEEP_MARKDOWN = "lists and quotes are nested more than 20 levels deep here; flatten the structure"
LOOP = "is a symlink loop; remove it or replace it with a file"

# Every case of the corpus, committed or generated: path inside content/ -> expected outcome.
OUTCOMES: dict[str, Outcome] = {
    # --- script in the body: refused ----------------------------------------------------------
    "cases/body-script-tag.md": Refused(20, "raw-html",
        RAW + "'<script>window.__pwned = 1</script>'"),
    "cases/body-script-uppercase.md": Refused(18, "raw-html", RAW + "'<SCRIPT SRC=//evil"),
    "cases/body-script-inline.md": Refused(18, "raw-html", RAW + "'<script>'"),
    "cases/body-img-onerror.md": Refused(18, "raw-html", RAW + "'<img src=x onerror="),
    "cases/body-svg-onload.md": Refused(18, "raw-html", RAW + "'<svg onload=alert(1)>'"),
    "cases/body-iframe.md": Refused(18, "raw-html", RAW + "'<iframe src="),
    "cases/body-style.md": Refused(18, "raw-html", RAW + "'<style>body { display: none }"),
    "cases/body-html-comment.md": Refused(18, "raw-html", RAW + "'<!-- a comment hides"),
    # Python-Markdown does not read '<b onmouseover=a=b>' as a tag, so it is escaped as text;
    # the lone '</b>' after it is what is refused.
    "cases/body-html-in-list.md": Refused(19, "raw-html", RAW + "'</b>'"),
    "cases/body-md-in-html.md": Refused(18, "raw-html", RAW + "'<div markdown=\"1\">"),
    "cases/body-meta-refresh.md": Refused(18, "raw-html", RAW + "'<meta http-equiv=\"refresh\""),
    "cases/raw-link-javascript.md": Refused(18, "raw-html",
        RAW + "'<a href=\"javascript:window.__pwned=1\">'"),
    "cases/autolink-javascript.md": Refused(18, "raw-html",
        RAW + "'<javascript:window.__pwned=1>'"),
    # --- link schemes in the body: refused ----------------------------------------------------
    "cases/link-javascript.md": Refused(18, "bad-link-scheme", "'javascript:' " + SCHEME),
    "cases/link-javascript-mixed-case.md": Refused(18, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    "cases/link-javascript-entity.md": Refused(18, "bad-link-scheme", "'javascript:' " + SCHEME),
    "cases/link-javascript-hex-entity.md": Refused(18, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    "cases/link-javascript-colon-entity.md": Refused(18, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    "cases/link-javascript-tab-entity.md": Refused(18, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    "cases/link-javascript-leading-spaces.md": Refused(18, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    "cases/link-javascript-angle-brackets.md": Refused(18, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    # A browser drops tabs and newlines inside a URL: 'jav<newline>ascript:' is javascript:.
    "cases/link-javascript-newline-inside.md": Refused(19, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    "cases/link-vbscript.md": Refused(18, "bad-link-scheme", "'vbscript:' " + SCHEME),
    # Python-Markdown itself raises on this; it is an error with a hint, never a traceback.
    "cases/markdown-error-empty-attribute.md": Refused(18, "markdown-error",
        "the text cannot be read as Markdown (TypeError: "),
    "cases/link-data.md": Refused(18, "bad-link-scheme", "'data:' " + SCHEME),
    "cases/reference-link-javascript.md": Refused(20, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    "cases/reference-link-in-quote.md": Refused(18, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    "cases/reference-link-in-list.md": Refused(18, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    "cases/footnote-link-javascript.md": Refused(20, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    "cases/image-javascript.md": Refused(18, "external-image",
        "image 'javascript:window.__pwned=1' " + OTHER_HOST),
    "cases/image-data-svg.md": Refused(18, "external-image",
        "image 'data:image/svg+xml;base64,"),
    "cases/image-other-host.md": Refused(18, "external-image",
        "image 'https://evil.example/pixel.png' " + OTHER_HOST),
    "cases/image-scheme-relative.md": Refused(18, "external-image",
        "image '//evil.example/pixel.png' " + OTHER_HOST),
    "cases/reference-image-data.md": Refused(20, "external-image",
        "image 'data:image/png;base64,AAAA' " + OTHER_HOST),
    # --- attribute lists: refused -------------------------------------------------------------
    "cases/attr-list-onclick.md": Refused(19, "bad-attribute", "attribute 'onclick' " + ATTR),
    "cases/attr-list-heading-onmouseover.md": Refused(18, "bad-attribute",
        "attribute 'onmouseover' " + ATTR),
    "cases/attr-list-href-javascript.md": Refused(18, "bad-link-scheme",
        "'javascript:' " + SCHEME),
    # The bare URL inside it is linked first (as GitHub's preview does), so the braces stay text.
    "cases/attr-list-style.md": VALID,
    "cases/attr-list-fenced-code.md": Refused(18, "bad-attribute", "attribute 'onclick' " + ATTR),
    # --- URLs in the front matter and registries: refused -------------------------------------
    "cases/source-url-javascript.md": Refused(10, "invalid",
        "sources item 1, url: URL scheme 'javascript' is not allowed"),
    "cases/source-url-leading-spaces.md": Refused(10, "invalid",
        "sources item 1, url: URL scheme 'javascript' is not allowed"),
    "cases/source-url-entity.md": Refused(10, "invalid",
        "sources item 1, url: URL scheme 'none' is not allowed"),
    "cases/source-url-quote.md": Refused(10, "invalid", "sources item 1, url: " + URL_CHARS),
    "cases/links-url-vbscript.md": Refused(13, "invalid",
        "links item 1, url: URL scheme 'vbscript' is not allowed"),
    "cases/links-url-data.md": Refused(13, "invalid", "links item 1, url: " + URL_CHARS),
    "cases/links-url-no-host.md": Refused(13, "invalid", "links item 1, url: the URL has no host"),
    "organisations.yml": Refused(14, "invalid",
        "website: URL scheme 'javascript' is not allowed"),
    "series.yml": Refused(15, "invalid", "website: URL scheme 'vbscript' is not allowed"),
    # --- YAML attacks and accidents -----------------------------------------------------------
    "cases/yaml-billion-laughs.md": Refused(12, "yaml-alias", ALIAS.format("a")),
    "cases/yaml-deep-flow.md": Refused(11, "yaml-too-deep", TOO_DEEP),
    "cases/yaml-deep-block.md": Refused(44, "yaml-too-deep", TOO_DEEP),
    "cases/yaml-duplicate-key.md": Refused(11, "duplicate-key",
        "duplicate key 'title' (first given on line 2); keep one and delete the other"),
    "cases/yaml-duplicate-key-quoted.md": Refused(11, "duplicate-key",
        "duplicate key 'title' (first given on line 2)"),
    "cases/yaml-duplicate-key-nested.md": Refused(11, "duplicate-key",
        "duplicate key 'url' (first given on line 10)"),
    "cases/yaml-tab-indentation.md": Refused(12, "yaml-syntax",
        "invalid YAML: a tab character; YAML allows only spaces for indentation"),
    "cases/yaml-key-is-list.md": Refused(11, "yaml-key", KEY),
    "cases/yaml-key-is-mapping.md": Refused(11, "yaml-key", KEY),
    "cases/yaml-python-object.md": Refused(11, "yaml-tag",
        TAG.format("tag:yaml.org,2002:python/object/apply:os.system")),
    "cases/yaml-python-name.md": Refused(11, "yaml-tag",
        TAG.format("tag:yaml.org,2002:python/name:os.system")),
    "cases/yaml-custom-tag.md": Refused(11, "yaml-tag", TAG.format("!include")),
    "cases/yaml-binary-tag.md": Refused(11, "yaml-tag", TAG.format("tag:yaml.org,2002:binary")),
    "cases/yaml-merge-key.md": Refused(13, "yaml-merge",
        "YAML merge keys ('<<') are not allowed; write the keys out"),
    "cases/yaml-alias-as-key.md": Refused(12, "yaml-alias", ALIAS.format("k")),
    # The Norway problem: `no` stays the text "no"; where a language is expected it is refused,
    # where text is expected it is kept as written (yaml-boolean-words, checked below).
    "cases/yaml-norway-language.md": Refused(10, "bad-value",
        "language: 'no' is not allowed; use one of: fi, sv, en"),
    "cases/yaml-null-title.md": Refused(10, "wrong-type", "title must be text, not empty"),
    "cases/yaml-hex-year.md": Refused(11, "wrong-type", "year: '0x7E7' is not a whole number"),
    "cases/yaml-timestamp-date.md": Refused(11, "invalid",
        "updated: '2024-01-16 12:30:00' is not a date; write it as YYYY-MM-DD"),
    "cases/yaml-boolean-words.md": VALID,
    "cases/yaml-number-for-text.md": VALID,
    "cases/yaml-deep-flow-450k.md": Refused(16, "yaml-too-deep", TOO_DEEP),
    "cases/yaml-deep-block-300k.md": Refused(17, "yaml-too-deep", TOO_DEEP),
    # --- files --------------------------------------------------------------------------------
    "cases/empty.md": Refused(1, "empty", "file is empty; an entry starts with front matter"),
    "cases/whitespace-only.md": Refused(1, "empty", "file is empty"),
    "cases/no-front-matter.md": Refused(1, "no-front-matter",
        "no front matter: the file must start with a line '---'"),
    "cases/unclosed-front-matter.md": Refused(1, "unclosed-front-matter",
        "front matter is not closed: add a line '---' after the last key, before the text"),
    "cases/front-matter-not-mapping.md": Refused(2, "front-matter-not-mapping",
        "front matter must be keys and values ('title: ...'), one per line"),
    "cases/not-utf8.md": Refused(3, "not-utf8",
        "byte 0xe4 is not UTF-8; save the file as UTF-8"),
    "cases/nul-byte.md": Refused(18, "binary",
        "file contains a NUL byte; it is not a text file. Save it as UTF-8 text"),
    "cases/too-large.md": Refused(1, "too-large",
        f"file is 1,500,000 bytes; the limit is {MAX_FILE_BYTES:,}. Split it"),
    "cases/crlf-line-endings.md": VALID,
    "cases/byte-order-mark.md": VALID,
    "cases/byte-order-mark-and-crlf.md": VALID,
    "cases/notes.txt": Refused(1, "unknown-file",
        "'notes.txt' is not an entry; entries are Markdown files ending in .md"),
    "cases/folder-named-like-an-entry.md": Refused(1, "unknown-file",
        "'folder-named-like-an-entry.md' is not an entry"),
    "hostile-extra.json": Refused(1, "unknown-file", "unexpected file 'hostile-extra.json'"),
    "cases/My Case.md": Refused(1, "bad-file-name",
        "file name 'My Case.md' is not a valid id (3-80 lowercase letters, digits and hyphens); "
        "rename it to 'my-case.md'"),
    "cases/UPPER-case.md": Refused(1, "bad-file-name", "rename it to 'upper-case.md'"),
    "cases/symlink-outside.md": Refused(1, "symlink-outside",
        "this is a link to a file outside content/; copy the file in instead"),
    "cases/dangling-symlink.md": Refused(1, "symlink-outside", "outside content/"),
    # --- text that hides line breaks, controls or escapes; far dates; Markdown bombs --------
    "cases/title-carriage-returns.md": Refused(2, "bad-text", "title " + LINE_BREAK.format("000D")),
    "cases/title-line-separator.md": Refused(2, "bad-text", "title " + LINE_BREAK.format("2028")),
    "cases/keyword-next-line.md": Refused(16, "bad-text",
        "keywords item 1 " + LINE_BREAK.format("0085")),
    "cases/method-paragraph-separator.md": Refused(16, "bad-text",
        "methods item 1 " + LINE_BREAK.format("2029")),
    "cases/title-escape-control.md": Refused(2, "control-character", CONTROL.format("001B")),
    "cases/title-escape-escaped.md": Refused(2, "bad-text", "title " + CONTROL.format("001B")),
    "cases/replication-bell.md": Refused(16, "bad-text", "replication " + CONTROL.format("0007")),
    "cases/title-c1-csi.md": Refused(2, "control-character", CONTROL.format("009B")),
    "cases/title-nul-escaped.md": Refused(2, "bad-text",
        "title contains a NUL character (U+0000), which is invisible"),
    "cases/date-updated-9999.md": Refused(16, "out-of-range",
        "updated: '9999-12-31' must be between 1990-01-01 and 2100-12-31; check the year"),
    "cases/date-period-end-2999.md": Refused(18, "out-of-range", "period, end: '2999-01' must be"),
    "cases/date-period-start-1066.md": Refused(17, "out-of-range",
        "period, start: '1066-10' must be"),
    "cases/markdown-650-level-list.md": Refused(38, "markdown-too-deep", DEEP_MARKDOWN),
    "cases/markdown-quote-bomb.md": Refused(18, "markdown-too-deep", DEEP_MARKDOWN),
    "cases/markdown-bracket-bomb.md": Refused(18, "markdown-brackets",
        "'[' is not closed by ']' nearby"),
    "cases/markdown-emphasis-bomb.md": Refused(18, "markdown-emphasis",
        "this paragraph has more than 1,000 '*' and '_'"),
    "cases/markdown-unclosed-tags.md": Refused(18, "markdown-brackets",
        "'<' is not closed by '>' nearby"),
    "cases/valid-csv-formulas.md": VALID,  # cells are defused in the CSV (test_hostile_static.py)
    "cases/symlink-loop.md": Refused(1, "symlink-loop", LOOP),
    "cases/loop-a.md": Refused(1, "symlink-loop", LOOP),
    "cases/loop-b.md": Refused(1, "symlink-loop", LOOP),
    "cases/fifo.md": Refused(1, "not-a-file",
        "is not a regular file; remove it or replace it with a file"),
    # --- hostile but valid: only ever text on the page ----------------------------------------
    "cases/valid-body-constructs.md": VALID,
    "cases/valid-text-fields.md": VALID,
    "cases/valid-summary-refresh.md": VALID,
    "workshops/valid-workshop-text.md": VALID,
    "events/valid-event-text.md": VALID,
    "themes.yml": VALID,
    # --- code that the HTML bypass of mkdocs_hooks.py would let through: valid, must stay text
    # Each hides, after a blank line inside code, a chunk that starts with a tag the hook treats
    # as Opit's own block (tests/test_hostile_static.py and test_hostile_browser.py).
    "cases/bypass-fenced-backticks-script.md": VALID,
    "cases/bypass-fenced-tildes-onmouseover.md": VALID,
    "cases/bypass-fenced-autofocus-onfocus.md": VALID,
    "cases/bypass-fenced-javascript-link.md": VALID,
    "cases/bypass-fenced-entity-javascript.md": VALID,
    "cases/bypass-fenced-formaction.md": VALID,
    "cases/bypass-fenced-noscript.md": VALID,
    "cases/bypass-fenced-external-loads.md": VALID,
    "cases/bypass-fenced-svg-xlink.md": VALID,
    "cases/bypass-fenced-meta-refresh.md": VALID,
    "cases/bypass-dl-ol-table.md": VALID,
    "cases/bypass-list-item-fence.md": VALID,
    "cases/bypass-blockquote-code.md": VALID,
    "cases/bypass-indented-code.md": VALID,
    # --- heading ids that would end the table of contents' href or name the site's own ids ---
    # Validation refuses them (bad-id); the sanitiser drops them too (test_hostile_static.py).
    "cases/toc-id-autofocus-onfocus.md": Refused(20, "bad-id",
        "id 'x\" autofocus onfocus=\"window.__pwned=1\" a=\"' is not allowed"),
    "cases/toc-id-img-onerror.md": Refused(20, "bad-id",
        "id 'y\"><img src=x onerror=\"window.__pwned=1' is not allowed"),
    "cases/toc-id-onmouseover.md": Refused(20, "bad-id",
        "id 'z\" onmouseover=\"window.__pwned=1\" style="),
    "cases/toc-id-setext-onclick.md": Refused(20, "bad-id",
        "id 'c\" onclick=\"window.__pwned=1\" x=\"' is not allowed"),
    "cases/toc-id-javascript-url.md": Refused(20, "bad-id",
        "id 'javascript:window.__pwned=1' is not allowed"),
    "cases/toc-id-collides-with-site.md": Refused(20, "bad-id", "id '__drawer' is not allowed"),
    "cases/toc-id-script-tag.md": Refused(20, "bad-id",
        "id '\"></a><script>window.__pwned=1</script><a x=\"' is not allowed"),
    # --- heading text and ids that validate: the table of contents shows them as text -------
    "cases/toc-heading-text-entities.md": VALID,
    # --- front matter and registry values that are Markdown or HTML: valid, shown as text ----
    # Links, images, autolinks, tags, attribute lists, references and footnotes in every value
    # that reaches a page, and values that start or end like Markdown block syntax; the items
    # hostile-theme-markdown/-block, hostile-org-markdown/-block and hostile-series-markdown of
    # the registries carry the same.
    "cases/markdown-in-text-fields.md": VALID,
    "cases/markdown-block-syntax-fields.md": VALID,
    "workshops/markdown-in-findings.md": VALID,
    "events/markdown-in-speakers.md": VALID,
}

# Every registry item that must be refused, by line (ids starting with "bad-"; the browser
# build leaves them out); the other items of the registries are valid.
BAD_ITEM_PREFIX = "bad-"
BAD_REGISTRY_ITEMS = {
    ("organisations.yml", 14, "website: URL scheme 'javascript' is not allowed"),
    ("organisations.yml", 20, "website: " + URL_CHARS),
    ("series.yml", 15, "website: URL scheme 'vbscript' is not allowed"),
}


FRONT = """---
title: {title}
summary: A fixture entry that carries one hostile or broken construct for the tests.
language: en
themes: [hostile-theme]
organisations: [hostile-org]
published: 2024-01-15
sources:
  - title: The hostile content corpus
    url: https://example.org/hostile/
year: 2023
level_of_government: local
stage: implementing
lessons:
  - A lesson, so that the case gets no warning.
{extra}---

{body}"""


def _entry(title: str, *, newline: str = "\n", extra: str = "", body: str = "Text.\n") -> str:
    """A valid case like the corpus's, with `extra` keys on line 16 and the body on line 18."""
    return FRONT.format(title=title, extra=extra, body=body).replace("\n", newline)


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda content: (content / name).write_bytes(data)


def _symlink(name: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def make(content: Path) -> None:
        (content / name).symlink_to(target(content))
    return make


def _outside(content: Path) -> Path:
    secret = content.parent / "outside" / "secret.md"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(_entry("A valid entry that lives outside content/"), "utf-8")
    return secret


def _too_large() -> bytes:
    text = _entry("Hostile case too-large").encode()
    return text + b"x" * (1_500_000 - len(text))


DEEP_FLOW = "methods: " + "[" * 450_000 + "]" * 450_000 + "\n"
DEEP_BLOCK = "methods:\n  " + "- " * 300_000 + "x\n"

# Cases that are one file of text each: name -> (title, extra keys on line 16, body). Titles and
# values are double-quoted YAML, whose escapes (\r, \u2028, \N, \e, \a, \0) write the
# characters an editor would not show; the raw ESC and C1 cases write them as themselves.
ESCAPED_TEXT: dict[str, tuple[str, str, str]] = {
    "cases/title-carriage-returns.md": ('"Hostile\\r\\r[x](javascript:alert(1))"', "", "Text.\n"),
    "cases/title-line-separator.md": (
        '"Hostile\\u2028![x](https://evil.example/x.png)"', "", "Text.\n"),
    "cases/keyword-next-line.md": (
        "Hostile keyword", 'keywords: ["a\\N- [x](javascript:alert(1))"]\n', "Text.\n"),
    "cases/method-paragraph-separator.md": (
        "Hostile method", 'methods: ["a\\u2029<img src=x onerror=alert(1)>"]\n', "Text.\n"),
    "cases/title-escape-control.md": ("Hostile \x1b[31m escape", "", "Text.\n"),
    "cases/title-escape-escaped.md": ('"Hostile \\e[31m escape"', "", "Text.\n"),
    "cases/replication-bell.md": (
        "Hostile bell", 'replication: "ring \\a the bell"\n', "Text.\n"),
    "cases/title-c1-csi.md": ("Hostile \x9b c1", "", "Text.\n"),
    "cases/title-nul-escaped.md": ('"Hostile \\0 nul"', "", "Text.\n"),
    "cases/date-updated-9999.md": ("Hostile date", "updated: 9999-12-31\n", "Text.\n"),
    "cases/date-period-end-2999.md": (
        "Hostile period", "period:\n  start: 2021-01\n  end: 2999-01\n", "Text.\n"),
    "cases/date-period-start-1066.md": (
        "Hostile period start", "period:\n  start: 1066-10\n  end: 2021-01\n", "Text.\n"),
    "cases/markdown-650-level-list.md": (
        "Hostile deep list", "", "".join("  " * level + "- x\n" for level in range(650))),
    "cases/markdown-quote-bomb.md": ("Hostile deep quote", "", "> " * 500 + "x\n"),
    "cases/markdown-bracket-bomb.md": ("Hostile brackets", "", "[" * 300_000 + "\n"),
    "cases/markdown-emphasis-bomb.md": ("Hostile stars", "", "*" * 100_000 + "\n"),
    "cases/markdown-unclosed-tags.md": ("Hostile tags", "", "<b " * 1000 + "x" * 900_000 + "\n"),
    "cases/valid-csv-formulas.md": (
        '"=HYPERLINK(\\"https://evil.example/\\",\\"click\\")"',
        'keywords: ["+SUM(1+1)", "@SUM(A1)", "-2+3*cmd|\' /C calc\'!A0"]\n'
        'replication: "=1+1 at the start of a multi-line field"\n', "Text.\n"),
}

# Files written into the copy of the corpus, for the cases in OUTCOMES that are not committed.
GENERATED: dict[str, Callable[[Path], None]] = {
    "cases/not-utf8.md": _write("cases/not-utf8.md",
        _entry("Hostile case not-utf8").encode().replace(b"A fixture entry", b"A fixture \xe4ntry")),
    "cases/nul-byte.md": _write("cases/nul-byte.md",
        _entry("Hostile case nul-byte", body="Text.\x00\n").encode()),
    "cases/too-large.md": lambda content: (content / "cases/too-large.md").write_bytes(
        _too_large()),
    "cases/crlf-line-endings.md": _write("cases/crlf-line-endings.md",
        _entry("Hostile case with CRLF line endings", newline="\r\n").encode()),
    "cases/byte-order-mark.md": _write("cases/byte-order-mark.md",
        b"\xef\xbb\xbf" + _entry("Hostile case with a byte order mark").encode()),
    "cases/byte-order-mark-and-crlf.md": _write("cases/byte-order-mark-and-crlf.md",
        b"\xef\xbb\xbf" + _entry("Hostile case with a BOM and CRLF", newline="\r\n").encode()),
    "cases/yaml-deep-flow-450k.md": _write("cases/yaml-deep-flow-450k.md",
        _entry("Hostile case yaml-deep-flow-450k", extra=DEEP_FLOW).encode()),
    "cases/yaml-deep-block-300k.md": _write("cases/yaml-deep-block-300k.md",
        _entry("Hostile case yaml-deep-block-300k", extra=DEEP_BLOCK).encode()),
    "cases/folder-named-like-an-entry.md": lambda content: (
        content / "cases/folder-named-like-an-entry.md").mkdir(),
    "cases/symlink-outside.md": _symlink("cases/symlink-outside.md", _outside),
    "cases/dangling-symlink.md": _symlink("cases/dangling-symlink.md",
        lambda content: content.parent / "no-such-file.md"),
    **{name: _write(name, _entry(title, extra=extra, body=body).encode())
       for name, (title, extra, body) in ESCAPED_TEXT.items()},
    "cases/symlink-loop.md": _symlink("cases/symlink-loop.md", lambda _: Path("symlink-loop.md")),
    "cases/loop-a.md": _symlink("cases/loop-a.md", lambda _: Path("loop-b.md")),
    "cases/loop-b.md": _symlink("cases/loop-b.md", lambda _: Path("loop-a.md")),
    "cases/fifo.md": lambda content: os.mkfifo(content / "cases/fifo.md"),
}


def make_corpus(folder: Path) -> Path:
    """The committed corpus plus the generated cases, in `folder`/content."""
    content = folder / "content"
    shutil.copytree(HOSTILE, content, symlinks=True)
    for write in GENERATED.values():
        write(content)
    return content


REGISTRIES = ("organisations.yml", "themes.yml", "series.yml")


def make_accepted_corpus(folder: Path) -> Path:
    """The corpus with every refused case removed: what a build accepts."""
    content = make_corpus(folder)
    for name, outcome in OUTCOMES.items():
        path = content / name
        if name in REGISTRIES:
            items = yaml.safe_load(path.read_text("utf-8"))
            kept = [item for item in items if not item["id"].startswith(BAD_ITEM_PREFIX)]
            path.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), "utf-8")
        elif outcome != VALID:
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink()
    return content


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def validated(corpus: Path) -> dict[str, subprocess.CompletedProcess]:
    """`opit validate` over the corpus, in text and JSON, run from the corpus's parent folder."""
    return {fmt: run_opit("--content", "content", "validate", "--format", fmt, cwd=corpus.parent)
            for fmt in ("text", "json")}


def test_the_table_covers_every_file_of_the_corpus() -> None:
    committed = {str(p.relative_to(HOSTILE)) for p in HOSTILE.rglob("*") if p.is_file()}
    assert committed | set(GENERATED) == set(OUTCOMES)
    assert not committed & set(GENERATED)


def test_every_case_has_its_expected_outcome(
    corpus: Path, validated: dict[str, subprocess.CompletedProcess]
) -> None:
    result = validated["json"]
    assert result.returncode == 1, result.stderr
    found: dict[str, list[dict]] = {}
    for item in json.loads(result.stdout):
        found.setdefault(item["path"].removeprefix("content/"), []).append(item)
    wrong = []
    for name, outcome in OUTCOMES.items():
        got = sorted(found.pop(name, []), key=lambda d: (d["line"], d["column"]))
        if outcome == VALID:
            if got:
                wrong.append(f"{name}: expected no diagnostic, got {got}")
            continue
        assert isinstance(outcome, Refused)
        if not got:
            wrong.append(f"{name}: expected {outcome}, got nothing")
            continue
        first = got[0]
        if (first["line"], first["code"]) != (outcome.line, outcome.code) or (
                outcome.message not in first["message"]):
            wrong.append(f"{name}: expected {outcome}, got {first}")
        if any(d["severity"] != "error" for d in got):
            wrong.append(f"{name}: a hostile case must be an error, not only a warning: {got}")
        if name.endswith(".yml"):
            bad = {(name, d["line"], d["message"].split("; ")[0]) for d in got}
            expected = {item for item in BAD_REGISTRY_ITEMS if item[0] == name}
            if bad != {(n, line, message.split("; ")[0]) for n, line, message in expected}:
                wrong.append(f"{name}: expected {sorted(expected)}, got {sorted(bad)}")
    wrong += [f"{name}: not in the table but got {got}" for name, got in found.items()]
    assert not wrong, "\n".join(wrong)
    assert not (corpus.parent / "opit-hostile-pwned").exists(), "a YAML tag ran a command"


def test_every_error_names_its_file_and_line_and_there_is_no_traceback(
    validated: dict[str, subprocess.CompletedProcess],
) -> None:
    result = validated["text"]
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    lines = result.stderr.strip().splitlines()
    assert re.fullmatch(r"\d+ error\(s\), \d+ warning\(s\)", lines[-1])
    pattern = re.compile(r"content/(?P<path>.+?):(?P<line>\d+):\d+: error: \S.*")
    named = set()
    for line in lines[:-1]:
        match = pattern.fullmatch(line)
        assert match, f"not 'file:line:column: error: message': {line!r}"
        named.add(match["path"])
    assert named == {name for name, outcome in OUTCOMES.items() if outcome != VALID}


def test_the_build_refuses_the_corpus_without_a_traceback(corpus: Path) -> None:
    out = corpus.parent / "site"
    result = run_opit("--content", "content", "build", "--out", str(out),
                      "--config", str(ROOT / "site_config.yml"), cwd=corpus.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert re.search(rf"error: validate: \d+ error\(s\) in content; {out} was not changed",
                     result.stderr)
    assert not out.exists()


def test_norway_words_and_numbers_stay_the_text_that_was_written(corpus: Path) -> None:
    catalog = load_catalog(corpus)
    words = catalog.entries["yaml-boolean-words"].data
    assert words.keywords == ["no", "yes", "on", "off", "NO", "y", "n"]
    numbers = catalog.entries["yaml-number-for-text"].data
    assert numbers.replication == "1e3"
    assert numbers.methods == ["0o17", "0x1F", ".inf", "1_000"]
    for name in ("crlf-line-endings", "byte-order-mark", "byte-order-mark-and-crlf"):
        entry = catalog.entries[name]
        assert entry.data.title.startswith("Hostile case with")
        assert "\r" not in entry.data.title and "\ufeff" not in entry.data.title
        assert entry.body.strip() == "Text."


def test_an_entry_folder_linked_to_outside_content_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for name in ("themes.yml", "organisations.yml"):
        shutil.copy(HOSTILE / name, content / name)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret-entry.md").write_text(_entry("An entry from outside content/"), "utf-8")
    (content / "cases").symlink_to(outside, target_is_directory=True)
    result = run_opit("--content", "content", "validate", "--format", "json", cwd=tmp_path)
    diagnostics = json.loads(result.stdout)
    assert {(d["path"], d["line"], d["code"], d["message"]) for d in diagnostics
            if d["path"].startswith("content/cases")} == {
        ("content/cases", 1, "symlink-outside",
         "this is a link to a folder outside content/; copy the folder in instead")}


# --- YAML bombs: fast, bounded memory, no crash -----------------------------------------------

LAUGHS = "".join(
    f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 10)}]\n" for level in range(1, 12)
)
BIG_LAUGHS = "l0: &l0 \"" + "lol" * 10_000 + "\"\n" + LAUGHS  # 30 kB that would expand to 3 PB


def test_a_billion_laughs_fails_fast_with_bounded_memory() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ReadError) as raised:
            parse_yaml(BIG_LAUGHS, "content/cases/laughs.md", line_offset=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started
    problems = raised.value.diagnostics
    assert {d.code for d in problems} == {"yaml-alias"}
    assert (problems[0].line, problems[0].column) == (3, 10)
    assert problems[0].message == ALIAS.format("l0")
    assert peak < 20_000_000, f"peak Python memory {peak:,} bytes"
    assert seconds < 5, f"took {seconds:.1f}s"


def test_a_billion_laughs_through_the_cli_stays_small(tmp_path: Path) -> None:
    """Whole-process peak memory (ru_maxrss, which includes C allocations) for a real run."""
    content = tmp_path / "content"
    (content / "cases").mkdir(parents=True)
    for name in ("themes.yml", "organisations.yml", "series.yml"):
        shutil.copy(HOSTILE / name, content / name)
    (content / "cases" / "laughs.md").write_text(
        _entry("Hostile case billion laughs", extra=BIG_LAUGHS), "utf-8")
    script = textwrap.dedent("""
        import resource, sys
        from generator.cli import main
        code = main(["--content", sys.argv[1], "validate"])
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stdout)
        sys.exit(code)
    """)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", script, str(content)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - started
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "cases/laughs.md:17:10: error: " + ALIAS.format("l0") in result.stderr
    peak_kib = int(result.stdout.strip())
    assert peak_kib < 300_000, f"peak resident memory {peak_kib:,} KiB"
    assert seconds < 30


@pytest.mark.parametrize("text", [
    pytest.param("a: " + "[" * 500_000 + "]" * 500_000 + "\n", id="flow-sequences"),
    pytest.param("a: " + "{b: " * 200_000 + "}" * 200_000 + "\n", id="flow-mappings"),
    pytest.param("a:\n" + "- " * 400_000 + "x\n", id="block-sequences"),
    pytest.param("".join(" " * i + "a:\n" for i in range(1_400)) + " " * 1_400 + "x\n",
                 id="block-mappings"),
    pytest.param("a: " + "[" * 500_000 + "\n", id="unclosed"),
])
def test_deep_nesting_is_an_error_not_a_crash(text: str) -> None:
    """In a subprocess: a C stack overflow would kill the interpreter, not raise."""
    script = textwrap.dedent("""
        import sys
        from generator.read.positions import ReadError, parse_yaml
        try:
            parse_yaml(sys.stdin.read(), "content/x.yml")
        except ReadError as error:
            print(error.diagnostics[0].code)
            print(error.diagnostics[0].message)
    """)
    result = subprocess.run([sys.executable, "-c", script], input=text, cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"exit {result.returncode} (-11 is a crash): {result.stderr}"
    assert result.stdout.splitlines()[0] == "yaml-too-deep", result.stdout


def test_deep_nesting_in_a_thread_with_a_small_stack_is_an_error_not_a_crash() -> None:
    script = textwrap.dedent("""
        import threading
        from generator.read.positions import ReadError, parse_yaml
        text = "a: " + "[" * 5000 + "]" * 5000
        result = []
        def run():
            try:
                parse_yaml(text, "x.yml")
            except ReadError as error:
                result.append(error.diagnostics[0].code)
        threading.stack_size(512 * 1024)
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        print(result[0])
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env={**os.environ})
    assert (result.returncode, result.stdout.strip()) == (0, "yaml-too-deep"), result.stderr
