"""The hostile content corpus and the outcome each of its cases must have, in ONE table (`OUTCOMES`).

The corpus is tests/fixtures/hostile/content. Files that cannot (or should not) be committed are
written by `GENERATED` into a copy of it (`make_corpus`). tests/test_hostile.py validates it,
tests/test_hostile_static.py and tests/test_hostile_browser.py build its accepted cases
(`make_accepted_corpus`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import yaml

from generator.read.text_files import MAX_FILE_BYTES
from tests.support import FIXTURES

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


def entry_text(title: str, *, newline: str = "\n", extra: str = "", body: str = "Text.\n") -> str:
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
    secret.write_text(entry_text("A valid entry that lives outside content/"), "utf-8")
    return secret


def _too_large() -> bytes:
    text = entry_text("Hostile case too-large").encode()
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
        entry_text("Hostile case not-utf8").encode().replace(b"A fixture entry", b"A fixture \xe4ntry")),
    "cases/nul-byte.md": _write("cases/nul-byte.md",
        entry_text("Hostile case nul-byte", body="Text.\x00\n").encode()),
    "cases/too-large.md": lambda content: (content / "cases/too-large.md").write_bytes(
        _too_large()),
    "cases/crlf-line-endings.md": _write("cases/crlf-line-endings.md",
        entry_text("Hostile case with CRLF line endings", newline="\r\n").encode()),
    "cases/byte-order-mark.md": _write("cases/byte-order-mark.md",
        b"\xef\xbb\xbf" + entry_text("Hostile case with a byte order mark").encode()),
    "cases/byte-order-mark-and-crlf.md": _write("cases/byte-order-mark-and-crlf.md",
        b"\xef\xbb\xbf" + entry_text("Hostile case with a BOM and CRLF", newline="\r\n").encode()),
    "cases/yaml-deep-flow-450k.md": _write("cases/yaml-deep-flow-450k.md",
        entry_text("Hostile case yaml-deep-flow-450k", extra=DEEP_FLOW).encode()),
    "cases/yaml-deep-block-300k.md": _write("cases/yaml-deep-block-300k.md",
        entry_text("Hostile case yaml-deep-block-300k", extra=DEEP_BLOCK).encode()),
    "cases/folder-named-like-an-entry.md": lambda content: (
        content / "cases/folder-named-like-an-entry.md").mkdir(),
    "cases/symlink-outside.md": _symlink("cases/symlink-outside.md", _outside),
    "cases/dangling-symlink.md": _symlink("cases/dangling-symlink.md",
        lambda content: content.parent / "no-such-file.md"),
    **{name: _write(name, entry_text(title, extra=extra, body=body).encode())
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


# --- Inputs that are costly to process (their time is measured by bench/hostile.py) ---------------

LAUGHS = "".join(
    f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 10)}]\n" for level in range(1, 12)
)
BIG_LAUGHS = "l0: &l0 \"" + "lol" * 10_000 + "\"\n" + LAUGHS  # 30 kB that would expand to 3 PB

# Each bomb, and where its first problem is: line within the story, column, message start.
BOMBS = {
    "650-level nested list": ("".join("  " * level + "- item\n" for level in range(650)), 20, 41,
                              "lists and quotes are nested more than 20 levels deep here"),
    "300,000 [": ("[" * 300_000 + "\n", 0, 1, "'[' is not closed by ']' nearby"),
    "100,000 *": ("*" * 100_000 + "\n", 0, 1001,
                  "this paragraph has more than 1,000 '*' and '_'"),
}
