"""Entry bodies render as GitHub's preview shows them (GFM), with the site's extensions on.

The corpus in tests/fixtures/gfm/corpus.yml pairs Markdown that contributors write with the HTML
GFM gives for it. Both HTML strings become a normalised tree (tags, href/src/alt/start, text
with whitespace collapsed) so that only the structure a reader sees is compared.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.read import gfm
from generator.read.markup import EXTENSIONS as BODY_EXTENSIONS
from generator.read.markup import to_html
from tests.support import FIXTURES

CORPUS: list[dict[str, str]] = yaml.safe_load((FIXTURES / "gfm" / "corpus.yml").read_text("utf-8"))
COMPARED_ATTRIBUTES = ("href", "src", "alt", "start")
VOID = {"br", "hr", "img", "input"}

Tree = tuple[str, tuple[tuple[str, str], ...], tuple[Any, ...]]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple[tuple[str, str], ...], list[Any]]] = [("root", (), [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = tuple(sorted((k, v or "") for k, v in attrs if k in COMPARED_ATTRIBUTES))
        if tag in VOID:
            self.stack[-1][2].append((tag, kept, ()))
        else:
            self.stack.append((tag, kept, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        name, attrs, children = self.stack.pop()
        assert name == tag, f"</{tag}> closes <{name}>"
        self.stack[-1][2].append((name, attrs, tuple(children)))

    def handle_data(self, data: str) -> None:
        text = re.sub(r"\s+", " ", data).strip()
        if not text:
            return
        children = self.stack[-1][2]
        if children and isinstance(children[-1], str):
            children[-1] = f"{children[-1]} {text}"
        else:
            children.append(text)


def tree(html: str) -> tuple[Any, ...]:
    """The HTML as nested (tag, compared attributes, children) tuples and normalised text."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert len(builder.stack) == 1, f"unclosed elements in {html!r}"
    return tuple(builder.stack[0][2])


def render(text: str) -> str:
    """What the site shows for a body: the one conversion, sanitised."""
    return to_html(text)


def item(name: str) -> dict[str, str]:
    return next(entry for entry in CORPUS if entry["name"] == name)


def renders_as_on_github(name: str) -> bool:
    entry = item(name)
    return tree(render(entry["markdown"])) == tree(entry["gfm_html"])


def _case(entry: dict[str, str]) -> Any:
    marks = []
    if "known_difference" in entry:
        marks.append(pytest.mark.xfail(reason=entry["known_difference"], strict=True))
    return pytest.param(entry, id=entry["name"].replace(" ", "-"), marks=marks)


def test_the_corpus_covers_at_least_25_constructs_with_few_known_differences() -> None:
    names = [entry["name"] for entry in CORPUS]
    assert len(names) >= 25
    assert len(set(names)) == len(names)
    assert sum("known_difference" in entry for entry in CORPUS) <= 3


@pytest.mark.parametrize("entry", [_case(entry) for entry in CORPUS])
def test_each_corpus_construct_renders_with_the_structure_github_gives(entry: dict[str, str]) -> None:
    assert tree(render(entry["markdown"])) == tree(entry["gfm_html"])


def test_a_hash_without_a_space_at_a_line_start_is_text_as_on_github() -> None:
    assert renders_as_on_github("hash without a space at a line start is text")
    assert renders_as_on_github("hashtags on their own line after a paragraph line are text")


def test_a_list_nested_with_two_spaces_nests_as_on_github() -> None:
    assert renders_as_on_github("list nested with two spaces")
    assert renders_as_on_github("ordered list nested in a bullet with two spaces")


def test_a_list_nested_with_four_spaces_still_nests() -> None:
    assert renders_as_on_github("list nested with four spaces")


def test_bare_http_and_www_urls_become_links_without_trailing_punctuation() -> None:
    assert renders_as_on_github("bare https URL")
    assert renders_as_on_github("bare URL before a period")
    assert renders_as_on_github("bare www address")


def test_bare_urls_of_other_schemes_are_never_links() -> None:
    html = render("ftp://a.fi/x file:///etc/passwd javascript:alert(1) data:text/html,x mailto:a@b.fi")
    assert "<a" not in html


def test_bare_url_links_are_plain_anchors_with_only_an_href() -> None:
    assert tree(render("https://x.fi/a")) == tree('<p><a href="https://x.fi/a">https://x.fi/a</a></p>')
    assert re.fullmatch(r'<p><a href="https://x.fi/a">https://x.fi/a</a></p>', render("https://x.fi/a"))


def test_double_and_single_tildes_strike_through_as_on_github() -> None:
    assert renders_as_on_github("strikethrough with two tildes")
    assert renders_as_on_github("strikethrough with one tilde")
    assert renders_as_on_github("tildes for approximate numbers stay text")


SITE_CONSTRUCTS = """\
## Taustaa {#tausta}

Teksti[^1] ja HTML.

!!! note "Huomio"
    Sisältö
    - yksi
      - kaksi

Termi
:   Määritelmä

| a | b |
|---|---|
| 1 | 2 |

[^1]: Alaviite.

*[HTML]: HyperText Markup Language
"""


def test_the_site_s_own_constructs_keep_working_with_the_gfm_extensions() -> None:
    html = render(SITE_CONSTRUCTS)
    assert '<h2 id="tausta">Taustaa</h2>' in html
    assert 'class="footnote-ref" href="#fn:1"' in html and '<li id="fn:1">' in html
    assert '<div class="admonition note">' in html
    assert '<p class="admonition-title">Huomio</p>' in html
    assert "<dl>\n<dt>Termi</dt>\n<dd>Määritelmä</dd>\n</dl>" in html
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in html
    assert "<table>" in html and "<td>1</td>" in html


def test_a_list_nested_with_two_spaces_in_an_admonition_nests() -> None:
    admonition = tree(render(SITE_CONSTRUCTS))[2]
    assert admonition[2][-1] == ("ul", (), (("li", (), ("yksi", ("ul", (), (("li", (), ("kaksi",)),)))),))


def test_headings_keep_their_toc_ids_and_attr_list_ids_but_not_classes() -> None:
    html = render("# Tausta ja tavoitteet\n\n## Oma {#oma .luokka}")
    assert '<h1 id="tausta-ja-tavoitteet">' in html
    assert '<h2 id="oma">Oma</h2>' in html  # a contributed class could pass for the site's own


@pytest.mark.parametrize("name", [
    "hash without a space at a line start is text",
    "list nested with two spaces",
    "bullet list right after a paragraph line",
    "bare https URL",
    "bare www address",
    "strikethrough with two tildes",
    "strikethrough with one tilde",
    "hard line break with a backslash",
])
def test_plain_python_markdown_renders_these_otherwise_so_the_corpus_tells_them_apart(name: str) -> None:
    entry = item(name)
    plain = markdown.Markdown(extensions=BODY_EXTENSIONS).convert(entry["markdown"])
    assert tree(plain) != tree(entry["gfm_html"])


def test_one_markdown_instance_renders_the_same_after_a_reset() -> None:
    md = markdown.Markdown(extensions=BODY_EXTENSIONS + gfm.extensions())
    text = item("list nested with two spaces")["markdown"] + "\n\n~~pois~~ https://x.fi"
    first = md.convert(text)
    md.reset()
    assert md.convert(text) == first


PIECES = ["- ", "  ", "    ", "1. ", "3. ", "#", "# ", "\n", "\n\n", "> ", "!!! note\n", "a",
          "~", "~~", "https://x.fi", "www.x.fi", "```\n", "* * *", "---", "| a |", ": ", "[^1]: ",
          "\\", "*", "_", "`"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_any_mix_of_block_syntax_renders_without_an_error(text: str) -> None:
    tree(render(text))
