"""Properties (hypothesis): whatever a contributor writes, validation answers with messages, and
body text that validates can only become inert HTML.

Examples are derandomized (the same ones on every run and machine) and kept few enough for CI.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.read.markup import LINK_SCHEMES, new_converter, to_html
from generator.validate.bodycheck import check_body, url_scheme
from schemas.models import ENTRY_MODELS
from tests.support import FIXTURES

REGISTRIES = FIXTURES / "minimal" / "content"
PROPERTY = settings(derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def examples(count: int) -> settings:
    return settings(PROPERTY, max_examples=count)

# --- strategies --------------------------------------------------------------------------------

KEYS = sorted(set().union(*(model.model_fields for model in ENTRY_MODELS.values())))
IDS = ["digital-services", "data-sharing", "example-city", "example-university",
       "example-data-forum", "example-city-chatbot-pilot", "no-such-id"]
WORDS = ["no", "yes", "on", "off", "null", "~", "true", "0x1F", "1e3", "2024-02-30",
         "2024-01-15", "09:30", "en", "fi", "local", "implementing", "case", "online",
         "https://example.org/", "javascript:alert(1)", " JaVaScRiPt:x", "data:text/html,x",
         "<script>alert(1)</script>", "TODO", "a" * 401, "", " ", "\t", "\u2028", "\x85"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(date(1, 1, 1), date(9999, 12, 31)),
    st.sampled_from(WORDS + IDS), st.text(max_size=40),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), inner,
                        max_size=4),
    ),
    max_leaves=12,
)
front_matter = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=12)), values,
                               max_size=12)

# Pieces of Markdown, HTML and URL syntax that matter for safety, glued together at random.
FRAGMENTS = [
    "\n", "\n\n", "    ", "\t", " ", "> ", "- ", "1. ", "# ", "## ", "* ", "*", "**", "_", "`",
    "```", "```html\n", "~~~", "[", "]", "(", ")", "![", "](", "]:", "[^1]", "[^1]: ", "*[",
    "<", ">", "</", "<!--", "-->", "<![CDATA[", "<?", "&", "&#", ";", "&lt;", "&#106;", "&#x6A;",
    "&colon;", "&#9;", "\\", "{", "}", "{:", "#id", ".class", "=", '"', "'", "|", "|---|",
    ":---:", "!!! note ", "Term\n: ", "markdown=\"1\"", "javascript:", "JaVaScRiPt:", "vbscript:",
    "data:", "data:text/html,", "mailto:", "https://", "http://", "//", "/\\", "evil.example",
    "alert(1)", "window.__pwned=1", "script", "img", "svg", "iframe", "style", "a", "div",
    "src", "href", "onerror", "onload", "onclick", "style=", "x", "text", "\u00a0", "\x0b",
    "\u2028", "<https://example.org>", "<mailto:a@b.fi>", "<javascript:alert(1)>",
]
SCHEMES = ["javascript", "JaVaScRiPt", "vbscript", "data", "file", "https", "http", "mailto", ""]
RESTS = ["alert(1)", "//evil.example/x.png", "example.org/x", "text/html;base64,PHN2Zz4=",
         "a@b.fi", "../../about/", "#frag", "x.png"]


def _url(scheme: str, how: str, rest: str) -> str:
    """A URL with its scheme written the ways a browser still reads as that scheme."""
    if not scheme:
        return rest
    text = {
        "plain": f"{scheme}:",
        "spaces": f"  {scheme}:",
        "entity": f"&#{ord(scheme[0])};{scheme[1:]}:",
        "hex-entity": f"&#x{ord(scheme[0]):X};{scheme[1:]}:",
        "tab-inside": f"{scheme[:2]}&#9;{scheme[2:]}:",
        "colon-entity": f"{scheme}&colon;",
        "newline": f"{scheme[:3]}\n{scheme[3:]}:",
    }[how]
    return text + rest


urls = st.builds(_url, st.sampled_from(SCHEMES),
                 st.sampled_from(["plain", "spaces", "entity", "hex-entity", "tab-inside",
                                  "colon-entity", "newline"]),
                 st.sampled_from(RESTS))
words = st.sampled_from(["x", "text", "<b>", "&lt;script&gt;", '"quoted"', "'q'", "*em*", ""])
attr_names = st.sampled_from(["onclick", "onmouseover", "style", "href", "src", "id", "class",
                              "title", "markdown", "data-x", "formaction", "ONLOAD"])
attr_values = st.one_of(urls, words, st.sampled_from(["alert(1)", '"a b"', "'x'", "1"]))
attrs = st.lists(st.one_of(st.builds("{}={}".format, attr_names, attr_values),
                           st.sampled_from([".note", "#custom-id", "#__proto__"])),
                 min_size=1, max_size=3).map(" ".join)
tags = st.sampled_from(["script", "img", "svg", "iframe", "style", "a", "b", "div", "details",
                        "math", "object", "SCRIPT", "pre", "code"])
constructs = st.one_of(
    st.builds("[{}]({})".format, words, urls),
    st.builds('[{}]({} "{}")'.format, words, urls, words),
    st.builds("![{}]({})".format, words, urls),
    st.builds("[{}][r]\n\n{}[r]: {}".format, words,
              st.sampled_from(["", "> ", "- ", "1. ", "   "]), urls),
    st.builds("![{}][r]\n\n[r]: {}".format, words, urls),
    st.builds("x[^1]\n\n[^1]: [{}]({})".format, words, urls),
    st.builds("<{}>".format, urls),
    st.builds("{}\n{{{}}}".format, words, attrs),
    st.builds("## {} {{{}}}".format, words, attrs),
    st.builds("[{}](https://example.org/){{{}}}".format, words, attrs),
    st.builds("``` {{{}}}\n{}\n```".format, attrs, words),
    st.builds("<{0} {1}>{2}</{0}>".format, tags, attrs, words),
    st.builds("<{} {}>".format, tags, attrs),
    st.builds("`<{0} {1}>{2}</{0}>`".format, tags, attrs, words),
    st.builds("```html\n<{0} {1}>{2}</{0}>\n```".format, tags, attrs, words),
    st.builds("    <{0} {1}>".format, tags, attrs),
    st.builds("&lt;{0} {1}&gt;".format, tags, attrs),
    st.builds("*[{}]: {}".format, st.sampled_from(["HTML", "x"]), words),
    st.builds('!!! note "{}"\n    {}'.format, words, words),
    st.builds("| {} |\n|:--:|\n| {} |".format, words, words),
    st.builds("Term\n: {}".format, words),
    st.sampled_from(FRAGMENTS),
)
bodies = st.one_of(
    st.lists(constructs, min_size=1, max_size=6).flatmap(
        lambda parts: st.sampled_from(["\n\n", "\n", " "]).map(lambda glue: glue.join(parts))),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=30).map(
        "".join),
    st.text(max_size=200),
)

# --- 1. validation never raises ----------------------------------------------------------------


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    """A content folder with the fixture registries; each example writes one entry into it."""
    with tempfile.TemporaryDirectory() as name:
        content = Path(name) / "content"
        for child in ("cases", "workshops", "events"):
            (content / child).mkdir(parents=True)
        for registry in ("organisations.yml", "themes.yml", "series.yml"):
            (content / registry).write_bytes((REGISTRIES / registry).read_bytes())
        yield content


def _validate(content: Path, folder_name: str, data: bytes) -> tuple[int, str]:
    for old in content.glob("*/*.md"):
        old.unlink()
    (content / folder_name / "property-entry.md").write_bytes(data)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--content", str(content), "validate"])
    return code, err.getvalue()


def _assert_answered(code: int, output: str) -> None:
    assert code in (0, 1)
    assert "Traceback" not in output
    if code == 1:
        assert re.search(r"property-entry\.md:\d+:\d+: error: \S", output), output


@pytest.mark.slow
@examples(120)
@given(data=front_matter, body=bodies, folder_name=st.sampled_from(["cases", "workshops",
                                                                    "events"]))
def test_any_front_matter_mapping_and_body_gets_an_answer(
    folder: Path, data: dict, body: str, folder_name: str
) -> None:
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body
    _assert_answered(*_validate(folder, folder_name, text.encode("utf-8", "surrogatepass")))


BASE_CASE = yaml.safe_load(
    (REGISTRIES / "cases" / "example-city-chatbot-pilot.md").read_text("utf-8").split("---")[1])


@pytest.mark.slow
@examples(120)
@given(changes=st.dictionaries(st.sampled_from(KEYS), values, min_size=1, max_size=3),
       dropped=st.lists(st.sampled_from(sorted(BASE_CASE)), max_size=2), body=bodies)
def test_a_valid_entry_with_any_keys_changed_gets_an_answer(
    folder: Path, changes: dict, dropped: list[str], body: str
) -> None:
    """Close to valid, so that checks after the schema (references, catalog) run too."""
    data = {key: value for key, value in BASE_CASE.items() if key not in dropped} | changes
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body
    _assert_answered(*_validate(folder, "cases", text.encode("utf-8", "surrogatepass")))


@examples(120)
@given(front=st.text(max_size=120), body=bodies,
       raw=st.one_of(st.none(), st.binary(max_size=200)))
def test_any_file_at_all_gets_an_answer(
    folder: Path, front: str, body: str, raw: bytes | None
) -> None:
    """Front matter that is not YAML, broken bytes, no front matter: still only messages."""
    text = f"---\n{front}\n---\n{body}"
    data = raw if raw is not None else text.encode("utf-8", "surrogatepass")
    _assert_answered(*_validate(folder, "cases", data))


# --- 2. a body that validates renders to inert HTML --------------------------------------------

# Tags Python-Markdown and the site's extensions produce by themselves.
MARKDOWN_TAGS = {
    "p", "a", "img", "em", "strong", "code", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "hr", "br", "sup", "div", "table", "thead", "tbody", "tr", "th",
    "td", "dl", "dt", "dd", "abbr",
}


class _Sanitised:
    """What the site shows: the conversion and then the sanitiser (generator.read.markup.to_html)."""

    def convert(self, body: str) -> str:
        return to_html(body)


# The same conversion unsanitised (what the validator judges), and what reaches a page.
RENDERERS = {"bodycheck": new_converter, "site": _Sanitised}


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in MARKDOWN_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name == "style" and tag not in ("th", "td"):  # tables align with style=
                self.problems.append(f"style= on <{tag}>")
            if name not in ("href", "src", "action", "formaction", "xlink:href"):
                continue
            scheme = url_scheme(value or "")
            if tag == "img" and (scheme or (value or "").lstrip()[:2] in ("//", "\\\\")):
                self.problems.append(f"image from another host: {value!r}")
            elif scheme is not None and scheme not in LINK_SCHEMES:
                self.problems.append(f"{name}={value!r} (scheme {scheme}:)")


def audit(html: str) -> list[str]:
    problems = []
    if re.search(r"<\s*script", html, re.IGNORECASE):
        problems.append("<script")
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return problems + parser.problems


@examples(400)
@given(body=bodies)
def test_a_body_that_validates_renders_to_inert_html(body: str) -> None:
    if check_body(body, "content/cases/x.md", 1):
        return  # refused: the contributor gets an error, nothing is rendered
    for name, make in RENDERERS.items():
        html = make().convert(body)
        assert audit(html) == [], f"{name} rendering of {body!r}:\n{html}"


@pytest.mark.parametrize("body", [
    "[x](jav\nascript:alert(1))",  # a browser drops the newline: javascript:
    "[x](\u00a0javascript:alert(1))",  # Markdown drops the no-break space
    "## x {id=}",  # Python-Markdown's toc raises TypeError on it
    "x[^1]\n\n[^1]: [y](javascript:alert(1))",  # a link inside a footnote definition
    "> [r]: javascript:alert(1)\n\n[x][r]",  # a reference definition inside a quote
    "- [r]: javascript:alert(1)\n\n[x][r]",  # ... and inside a list
    "![x](//evil.example/pixel.png)",  # an image from another host without a scheme
])
def test_bodies_that_once_slipped_through_are_refused(body: str) -> None:
    assert check_body(body, "content/cases/x.md", 1)


def test_the_audit_catches_what_it_must() -> None:
    """The property is only as good as its audit: it must see each kind of danger."""
    assert audit('<p><a href="JaVa&#9;Script:alert(1)">x</a></p>')
    assert audit('<p onclick="x">y</p>')
    assert audit("<SCRIPT>alert(1)</SCRIPT>")
    assert audit('<img src="//evil.example/p.png">')
    assert audit("<iframe></iframe>")
    assert audit('<a href="https://example.org/">ok</a> <img src="p.png" alt="">') == []
