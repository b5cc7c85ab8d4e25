"""Validation rules that cut across the schemas: suggestions, text, dates, references reported
together with schema errors, repeated messages, ids, `opit new` and `opit from-issue`, and the
Markdown structure limits."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError, create_model
from pydantic.fields import FieldInfo

from generator.config import load_config
from generator.diagnostics import closest, did_you_mean
from generator.errors import BuildStepError
from generator.intake.from_issue import FormError, entry_from_issue
from generator.pipeline.build import build_site
from generator.read import mdlimits, text_files
from generator.read.markup import new_converter, to_html
from generator.read.mdlimits import TooCostly, check_structure
from schemas.ids import slugify
from schemas.introspect import unwrap_model
from schemas.models import ENTRY_MODELS, REGISTRY_MODELS
from tests.hostile_corpus import BOMBS
from tests.support import (
    CASE,
    CASE_PATH,
    EVENT,
    FIXTURES,
    ROOT,
    ContentFolder,
    check_case,
    edit,
    error,
    run_opit,
)

# --- "Did you mean": one rule, only for close words --------------------------------------------

@pytest.mark.parametrize(("value", "choice"), [
    ("lesson", "lessons"),  # one letter missing
    ("publsher", "publisher"),
    ("implmenetnig", None),  # three edits: not close
    ("examlpe-city", "example-city"),  # a transposition is one edit
    ("example-forum-workshop#shared-data", "example-forum-workshop#shared-data-model"),  # prefix
])
def test_a_suggestion_is_made_only_within_two_edits_or_a_long_shared_prefix(
    value: str, choice: str | None,
) -> None:
    choices = ["lessons", "publisher", "implementing", "example-city",
               "example-forum-workshop#shared-data-model"]
    assert closest(value, choices) == choice


def test_comunications_does_not_suggest_co_creation() -> None:
    assert did_you_mean("comunications", ["co-creation", "digital-services"]) == ""


def test_an_unknown_theme_far_from_every_theme_gets_no_suggestion(folder: ContentFolder) -> None:
    text = edit(CASE, "  - digital-services\n", "  - comunications\n")
    [problem] = check_case(folder, text)
    assert problem.message == ("unknown theme 'comunications'; add it to content/themes.yml or "
                               "pick an existing id")


def test_a_short_value_is_not_matched_to_an_unrelated_short_choice() -> None:
    assert did_you_mean("no", ["fi", "sv", "en"]) == ""


def test_a_suggestion_among_ten_thousand_ids_is_the_nearest_one() -> None:
    """bench/hostile.py measures how long it takes."""
    ids = [f"entry-number-{n}-about-something" for n in range(10_000)]
    assert closest("entry-number-5000-about-somethin", ids) == "entry-number-5000-about-something"


def test_list_items_run_together_in_a_value_get_a_list_hint_not_a_suggestion(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "stage: implementing", "stage:\n  implementing\n  - evaluating")
    [problem] = check_case(folder, text)
    assert problem.code == "bad-value"
    assert "did you mean" not in problem.message
    assert problem.message.endswith(
        "it looks like list items run together: put each item on its own line, starting with "
        "'- ' and indented like the first")


def test_an_item_indented_under_the_one_before_gets_a_list_hint(folder: ContentFolder) -> None:
    text = edit(CASE, "  - digital-services\n", "  - digital-services\n    - co-creation\n")
    [problem] = check_case(folder, text)
    assert (problem.line, problem.column, problem.code) == (6, 5, "bad-id")
    assert problem.message == (
        "themes item 1: 'digital-services - co-creation' is not valid; it looks like list items "
        "run together: put each item on its own line, starting with '- ' and indented like the "
        "first")


def test_a_key_that_continues_the_list_above_is_not_taken_for_a_misspelt_key(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "  - digital-services\n", "  - digital-services\nco-creation:\n")
    [problem] = check_case(folder, text)
    assert (problem.line, problem.column, problem.code) == (7, 1, "unknown-key")
    assert problem.message == (
        "unknown key 'co-creation'; if it is an item of the list 'themes' above, write it as "
        "'- co-creation', indented like the other items")


def test_a_key_that_lost_the_space_after_its_dash_gets_a_list_hint(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "year: 2023\n", "year: 2023\n-lessons: x\n")
    [problem] = check_case(folder, text)
    assert problem.code == "unknown-key"
    assert "did you mean" not in problem.message
    assert "write it as '- lessons'" in problem.message


# --- Text: one-line fields stay on one line, no field holds control characters ------------------

def leaf_fields() -> list[tuple[str, str, object]]:
    """(model, field, annotation) of every text, id, URL or date field of every model."""
    found, seen = [], set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            inner = unwrap_model(info.annotation)
            if inner is not None:
                walk(inner)
            elif "Literal" not in repr(info.annotation) and "int" not in repr(info.annotation):
                found.append((model.__name__, name, info))

    for model in [*ENTRY_MODELS.values(), *REGISTRY_MODELS.values()]:
        walk(unwrap_model(model))
    return found


MULTI_LINE = {"summary", "description"}


def one_field(info: FieldInfo) -> type[BaseModel]:
    return create_model("OneField", value=(info.annotation, info))


@pytest.mark.parametrize("char", ["\n", "\r", "\x85", "\u2028", "\u2029"])
def test_every_one_line_field_refuses_each_line_break(char: str) -> None:
    for _, name, info in leaf_fields():
        if name in MULTI_LINE:
            continue
        with pytest.raises(ValidationError):
            one_field(info).model_validate({"value": f"Example text{char}more text"})


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"])
def test_every_text_field_refuses_nul_and_control_characters(char: str) -> None:
    for _, _, info in leaf_fields():
        with pytest.raises(ValidationError):
            one_field(info).model_validate(
                {"value": f"Example text{char}more text for a summary field"})


def test_a_title_with_a_line_separator_is_refused_with_the_character_named(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "title: Example City chatbot pilot",
                'title: "Example City\\u2028chatbot pilot"')
    assert check_case(folder, text) == [error(CASE_PATH, 2, 8, "bad-text",
        "title contains a line break (U+2028); a one-line field must stay on one line")]


def test_a_title_with_a_carriage_return_is_refused(folder: ContentFolder) -> None:
    text = edit(CASE, "title: Example City chatbot pilot", 'title: "Example City\\rchatbot"')
    [problem] = check_case(folder, text)
    assert problem.message == (
        "title contains a line break (U+000D); a one-line field must stay on one line")


def test_a_keyword_with_a_bell_character_is_refused(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", 'year: 2023\nkeywords:\n  - "chat\\abot"\n')
    assert check_case(folder, text) == [error(CASE_PATH, 15, 5, "bad-text",
        "keywords item 1 contains a control character (U+0007), which is invisible; delete it "
        "(retype the words around it if unsure)")]


def test_a_summary_may_have_line_breaks_but_no_nul(folder: ContentFolder) -> None:
    summary = "summary: Example City tried a chatbot for service requests and wrote down what it learned."
    folded = "summary: |\n  Example City tried a chatbot\n  and wrote down what it learned."
    assert check_case(folder, edit(CASE, summary, folded)) == []
    [problem] = check_case(folder, edit(CASE, summary, 'summary: "A chatbot\\0 for requests, tried out."'))
    assert problem.message.startswith("summary contains a NUL character (U+0000)")


def test_a_tab_inside_a_title_is_allowed(folder: ContentFolder) -> None:
    text = edit(CASE, "title: Example City chatbot pilot", 'title: "Example City\\tchatbot"')
    assert check_case(folder, text) == []


def test_a_url_with_a_line_separator_is_refused_with_the_character_named(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "    url: https://example.org/report", '    url: "https://example.org/\\u2029x"')
    [problem] = check_case(folder, text)
    assert problem.message == ("sources item 1, url contains a line break (U+2029); a one-line "
                               "field must stay on one line")


# --- Dates: 1990-01-01 to 2100-12-31, like `year` -----------------------------------------------

def test_updated_in_the_year_9999_is_an_error_at_its_line_and_column(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "published: 2024-04-02\n", "published: 2024-04-02\nupdated: 9999-12-31\n")
    assert check_case(folder, text) == [error(CASE_PATH, 10, 10, "out-of-range",
        "updated: '9999-12-31' must be between 1990-01-01 and 2100-12-31; check the year")]


@pytest.mark.parametrize(("old", "new", "line", "label"), [
    ("published: 2024-04-02", "published: 1989-12-31", 9, "published"),
    ("    url: https://example.org/report", "    url: https://example.org/report\n"
     "    date: 2101-01-01", 13, "sources item 1, date"),
    ("year: 2023", "year: 2023\nperiod:\n  start: 1989-09", 15, "period, start"),
])
def test_a_date_outside_1990_to_2100_is_refused_wherever_it_is(
    folder: ContentFolder, old: str, new: str, line: int, label: str,
) -> None:
    [problem] = check_case(folder, edit(CASE, old, new))
    assert (problem.line, problem.code) == (line, "out-of-range")
    assert problem.message.startswith(f"{label}: '")
    assert problem.message.endswith("' must be between 1990-01-01 and 2100-12-31; check the year")


def test_the_first_and_last_day_of_the_range_are_allowed(folder: ContentFolder) -> None:
    text = edit(CASE, "    url: https://example.org/report",
                "    url: https://example.org/report\n    date: 1990-01-01")
    text = edit(text, "published: 2024-04-02\n", "published: 2024-04-02\nupdated: 2100-12-31\n")
    assert check_case(folder, text) == []


def test_an_event_date_in_the_year_3000_is_refused(folder: ContentFolder) -> None:
    text = edit(EVENT, "date: 2024-05-03", "date: 3000-05-03")
    [problem] = folder.check("events/example-event.md", text)
    assert (problem.code, problem.message) == ("out-of-range",
        "date: '3000-05-03' must be between 1990-01-01 and 2100-12-31; check the year")


def test_build_refuses_a_far_future_date_with_a_message_not_a_struct_error(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "published: 2024-04-02\n", "published: 2024-04-02\nupdated: 9999-12-31\n")
    folder.write("cases/example-case.md", text)
    done = run_opit("--content", str(folder.content), "build", "--out", str(folder.root / "out"),
                    "--config", str(ROOT / "site_config.yml"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "struct.error" not in done.stderr
    assert ":10:10: error: updated: '9999-12-31' must be between 1990-01-01" in done.stderr
    assert not (folder.root / "out").exists()


# --- References are checked even in a file with schema errors -----------------------------------

FIVE_MISTAKES = FIXTURES / "five-mistakes" / "content"


def test_one_validate_run_reports_all_five_mistakes_of_a_file_each_at_its_line() -> None:
    done = run_opit("--content", str(FIVE_MISTAKES), "validate", "--format", "json")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    found = [(d["line"], d["code"], d["message"].split(";")[0]) for d in json.loads(done.stdout)]
    assert found == [
        (5, "missing-key", "missing required key 'stage': identifying-problems, generating-ideas, "
                           "developing-proposals, implementing, evaluating or diffusing-lessons."),
        (10, "unknown-theme", "unknown theme 'comunications'"),
        (11, "unknown-theme", "unknown theme 'open-government'"),
        (13, "unknown-organisation", "unknown organisation 'ministry-of-magic'"),
        (19, "bad-value", "level_of_government: 'municipal' is not allowed"),
    ]


def test_a_reference_that_is_itself_malformed_is_reported_once(folder: ContentFolder) -> None:
    text = edit(CASE, "  - digital-services\n", "  - Digital Services\n  - no-such-theme\n")
    text = edit(text, "stage: implementing\n", "")
    found = [(d.line, d.code) for d in check_case(folder, text)]
    assert found == [(2, "missing-key"), (6, "bad-id"), (7, "unknown-theme")]


def test_references_of_a_file_with_an_error_in_its_text_are_checked(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "  - example-city\n", "  - example-cty\n")
    text = edit(text, "The story of the pilot", "<script>x</script>\n\nThe story of the pilot")
    found = {(d.code, d.message) for d in check_case(folder, text)}
    assert ("unknown-organisation",
            "unknown organisation 'example-cty'; did you mean 'example-city'?") in found
    assert "raw-html" in {code for code, _ in found}


def test_references_of_an_invalid_event_speaker_and_series_are_checked(
    folder: ContentFolder,
) -> None:
    text = edit(EVENT, "format: online\n", "format: online\nseries: no-such-series\n")
    text = edit(text, "    role: product owner\n", "    role: product owner\n  - organisation: "
                "nobody\n")
    found = {(d.code, d.message.split(";")[0].split(":")[0])
             for d in folder.check("events/x-event.md", text)}
    assert found == {("unknown-series", "unknown series 'no-such-series'"),
                     ("unknown-organisation", "unknown organisation 'nobody'"),
                     ("missing-key", "missing required key 'role'")}


# --- One mistake repeated is reported once ------------------------------------------------------

def test_a_yaml_alias_bomb_of_45_aliases_gives_one_line(folder: ContentFolder) -> None:
    aliases = ", ".join(["*k"] * 45)
    text = edit(CASE, "year: 2023\n", f"year: 2023\nkeywords:\n  - &k chatbot\nmethods: [{aliases}]\n")
    folder.write("cases/example-case.md", text)
    done = run_opit("--content", str(folder.content), "validate")
    lines = [line for line in done.stderr.splitlines() if "example-case.md" in line]
    assert lines == [f"{folder.content}/cases/example-case.md:16:11: error: YAML aliases (*k) are "
                     "not allowed in content; write the value out in full (and 44 more like it)"]
    assert done.stderr.endswith("1 error(s), 0 warning(s)\n")


def test_the_same_unknown_id_twice_in_one_file_is_one_line(folder: ContentFolder) -> None:
    text = edit(CASE, "  - digital-services\n", "  - no-such-theme\n  - no-such-theme\n")
    [problem] = check_case(folder, text)
    assert (problem.line, problem.message) == (6, "unknown theme 'no-such-theme'; add it to "
        "content/themes.yml or pick an existing id (and 1 more like it)")


def test_the_same_mistake_in_two_files_is_reported_for_each_file(folder: ContentFolder) -> None:
    text = edit(CASE, "  - digital-services\n", "  - no-such-theme\n")
    folder.write("cases/first-case.md", text)
    found = folder.check("cases/second-case.md", text)
    assert [(d.path, d.message.endswith("existing id")) for d in found] == [
        ("content/cases/first-case.md", True), ("content/cases/second-case.md", True)]


# --- Ids from text: one slugify, with transliteration -------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Esimerkkilän kunnan uusi palautekanava", "esimerkkilan-kunnan-uusi-palautekanava"),
    ("Åbo Akademi – öppna data", "abo-akademi-oppna-data"),
    ("Straße, Æbleskiver, Søborg", "strasse-aebleskiver-soborg"),
    ("Đakovo and Łódź", "dakovo-and-lodz"),
    ("Crème brûlée: 2 × café", "creme-brulee-2-cafe"),
    ("  --Already-an-ID--  ", "already-an-id"),
    ("Ελληνικά", ""),
])
def test_slugify_transliterates_latin_letters_and_drops_the_rest(text: str, expected: str) -> None:
    assert slugify(text) == expected


def test_slugify_cuts_at_the_length_without_a_trailing_hyphen() -> None:
    assert slugify("aaaa bbbb cccc", 10) == "aaaa-bbbb"
    assert len(slugify("word " * 40)) <= 80


def test_from_issue_makes_the_file_name_from_a_finnish_title(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    form = (FIXTURES / "issue_forms" / "case.md").read_text(encoding="utf-8").replace(
        "Example: a chatbot pilot showed that every answer needs an owner",
        "Esimerkkilän kunnan uusi palautekanava")
    issue = tmp_path / "issue.md"
    issue.write_text(form, encoding="utf-8")
    done = run_opit("--content", str(content), "from-issue", str(issue))
    assert done.returncode == 0, done.stderr
    path = content / "cases" / "esimerkkilan-kunnan-uusi-palautekanava.md"
    assert done.stdout.strip() == str(path)
    assert path.is_file()


def test_a_file_name_with_umlauts_gets_a_transliterated_suggestion(folder: ContentFolder) -> None:
    [problem] = folder.check("cases/Hyvä-Käytäntö.md", CASE)
    assert problem.message.endswith("rename it to 'hyva-kaytanto.md'")


def test_an_id_with_umlauts_suggests_a_transliterated_id(folder: ContentFolder) -> None:
    [problem] = check_case(folder, edit(CASE, "  - digital-services\n", "  - Digitaaliset Palvelut Ä\n"))
    assert problem.message.endswith("e.g. 'digitaaliset-palvelut-a'")


# --- from-issue refuses what validate refuses, with the same messages ---------------------------

ISSUE_TITLE = "Example: a chatbot pilot showed that every answer needs an owner"
ISSUE_STORY = "The city wanted residents to find answers about early childhood education at any hour."


@pytest.fixture
def real_content(tmp_path: Path) -> Path:
    content = tmp_path / "real" / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def case_issue(old: str = ISSUE_TITLE, new: str = ISSUE_TITLE) -> str:
    text = (FIXTURES / "issue_forms" / "case.md").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def from_issue(content: Path, issue: str) -> subprocess.CompletedProcess:
    path = content.parent / "issue.md"
    path.write_bytes(issue.encode("utf-8"))
    return run_opit("--content", str(content), "from-issue", str(path))


def written(content: Path) -> set[str]:
    return {p.name for p in (content / "cases").iterdir()}


def test_from_issue_refuses_a_2_mb_story_with_validates_message(real_content: Path) -> None:
    before = written(real_content)
    story = ("A long paragraph of the story, written out. " * 20 + "\n\n") * 2_400
    done = from_issue(real_content, case_issue(ISSUE_STORY, story))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert re.search(r"^error: the form: file is 2,\d{3},\d{3} bytes; the limit is 1,000,000\. "
                     r"Split it, or move long passages to a linked report$", done.stderr, re.M)
    assert written(real_content) == before


def test_from_issue_refuses_a_title_with_a_control_character_as_validate_does(
    real_content: Path, folder: ContentFolder,
) -> None:
    before = written(real_content)
    done = from_issue(real_content, case_issue(ISSUE_TITLE, "Example: a chatbot\x07 pilot"))
    assert done.returncode == 1
    message = ("title contains a control character (U+0007), which is invisible; delete it "
               "(retype the words around it if unsure)")
    assert f"error: Title: {message}\n" in done.stderr
    assert written(real_content) == before
    [problem] = check_case(folder, edit(CASE, "title: Example City chatbot pilot",
                                        'title: "Example City\\a chatbot"'))
    assert problem.message == message


def test_from_issue_points_a_nul_in_the_story_at_the_story_line(real_content: Path) -> None:
    done = from_issue(real_content, case_issue(ISSUE_STORY, "First line.\nA NUL \x00 here."))
    assert done.returncode == 1
    assert ("error: The story (line 2): file contains a NUL byte; it is not a text file. Save it "
            "as UTF-8 text\n") in done.stderr


def test_from_issue_checks_its_text_with_validates_own_size_limit(
    real_content: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The limit is read from generator.read.text_files at the time: one function, not a copy."""
    monkeypatch.setattr(text_files, "MAX_FILE_BYTES", 1_000)
    with pytest.raises(FormError) as caught:
        entry_from_issue(case_issue(), real_content)
    [problem] = caught.value.problems
    assert problem.message.endswith("bytes; the limit is 1,000. Split it, or move long passages "
                                    "to a linked report")


def test_from_issue_on_stdin_that_is_not_utf8_is_an_error_not_a_traceback(
    real_content: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--content", str(real_content), "from-issue", "-"],
        input=case_issue().encode("utf-8").replace(b"chatbot pilot", b"chatbot \xff pilot"),
        capture_output=True, cwd=ROOT, timeout=60, env={**os.environ, "LC_ALL": "C"})
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert done.stderr.startswith(b"error: cannot read -: ")


# --- Markdown too deep or pathological to convert is refused before conversion ------------------

STORY = "The story of the pilot, in plain language.\n"
STORY_LINE = 20  # the line of the story in CASE


def bomb_case(folder: ContentFolder, name: str) -> str:
    """The case file with its story replaced by a bomb; the expected 'path:line:column: error'."""
    body, line, column, message = BOMBS[name]
    folder.write("cases/example-case.md", edit(CASE, STORY, body))
    return (f"{folder.content}/cases/example-case.md:{STORY_LINE + line}:{column}: error: "
            f"{message}")


@pytest.mark.parametrize("name", BOMBS)
def test_a_markdown_bomb_is_refused_by_validate_at_its_line_within_10_seconds(
    folder: ContentFolder, name: str,
) -> None:
    expected = bomb_case(folder, name)
    done = run_opit("--content", str(folder.content), "validate", timeout=10)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert expected in done.stderr


@pytest.mark.parametrize("name", BOMBS)
def test_a_markdown_bomb_is_refused_by_build_within_10_seconds_and_nothing_is_written(
    folder: ContentFolder, name: str,
) -> None:
    expected = bomb_case(folder, name)
    out = folder.root / "out"
    done = run_opit("--content", str(folder.content), "build", "--out", str(out),
                    "--config", str(ROOT / "site_config.yml"), timeout=10)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert expected in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("name", BOMBS)
def test_to_html_refuses_a_markdown_bomb_even_without_validation(name: str) -> None:
    body, line, column, message = BOMBS[name]
    with pytest.raises(TooCostly) as caught:  # bench/hostile.py measures how long it takes
        to_html(body, where=CASE_PATH, first_line=STORY_LINE)
    assert str(caught.value).startswith(
        f"{CASE_PATH}:{STORY_LINE + line}:{column}: error: {message}")


def test_build_refuses_a_bomb_in_a_catalog_that_skipped_validation(
    folder: ContentFolder,
) -> None:
    catalog = folder.catalog()
    entry = catalog.entries["example-city-chatbot-pilot"]
    entry.document.body = "\n" + BOMBS["650-level nested list"][0]
    out = folder.root / "out"
    with pytest.raises(BuildStepError) as caught:
        build_site(catalog, load_config(ROOT / "site_config.yml"), out)
    assert caught.value.step == "render"
    assert caught.value.reason.startswith(
        f"{entry.document.path}:{entry.document.body_line + 21}:41: error: lists and quotes")
    assert not out.exists()


@pytest.mark.parametrize("levels", [6, 20])
def test_a_list_nested_reasonably_deep_still_passes(folder: ContentFolder, levels: int) -> None:
    for indent in ("  ", "    "):
        body = "".join(indent * level + f"- level {level + 1}\n" for level in range(levels))
        assert check_case(folder, edit(CASE, STORY, f"Steps:\n\n{body}\n> > A quote in a quote.\n")) == []


def test_a_list_nested_21_levels_is_refused_at_the_21st_item(folder: ContentFolder) -> None:
    body = "".join("    " * level + "- item\n" for level in range(21))
    [problem] = check_case(folder, edit(CASE, STORY, body))
    assert (problem.line, problem.column, problem.code) == (STORY_LINE + 20, 81,
                                                             "markdown-too-deep")


@pytest.mark.parametrize(("body", "line", "column", "code"), [
    pytest.param("> " * 21 + "deep\n", 0, 41, "markdown-too-deep", id="21 quotes on a line"),
    pytest.param("- " * 21 + "deep\n", 0, 41, "markdown-too-deep", id="21 list markers on a line"),
    pytest.param("".join("    " * n + "!!! note\n" for n in range(21)), 20, 81,
                 "markdown-too-deep", id="21 nested admonitions"),
    pytest.param("Text.\n\n" + ("<b " + "word " * 100) * 1_000, 2, 1, "markdown-brackets",
                 id="1,000 unclosed tags"),
    pytest.param("Text.\n\n" + "<![CDATA[ word" * 1_000, 2, 1, "markdown-brackets",
                 id="1,000 unclosed CDATA sections"),
    pytest.param(("~a " + "word " * 100) * 1_000, 0, 1, "markdown-brackets",
                 id="1,000 unclosed single tildes"),
    pytest.param("[a](" * 5_000, 0, 4, "markdown-brackets", id="5,000 unclosed link targets"),
    pytest.param(("*a* " * 400 + "\n\n") * 30, 50, 1, "markdown-emphasis",
                 id="24,000 asterisks in 30 paragraphs"),
    pytest.param("[^1]: A note.\n\n" + "Text[^1] " * 600, 2, 4_496, "markdown-footnotes",
                 id="600 footnote references"),
    pytest.param("Term\n" + ": a definition\n" * 101, 101, 1, "markdown-definitions",
                 id="101 definitions in a row"),
    pytest.param("Line.\n" * 20_001, 0, 1, "markdown-too-long", id="20,001 lines"),
])
def test_each_markdown_limit_is_reported_at_its_line_and_column(
    body: str, line: int, column: int, code: str,
) -> None:
    [problem] = check_structure(body, CASE_PATH, STORY_LINE)
    assert (problem.line - STORY_LINE, problem.column, problem.code) == (line, column, code)


def test_text_over_the_file_size_limit_is_refused_with_the_readers_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(text_files, "MAX_FILE_BYTES", 1_000)
    [problem] = check_structure("ä" * 501)
    assert (problem.code, problem.message) == ("markdown-too-large",
        "the text is 1,002 bytes; the limit is 1,000. Split it, or move long passages to a "
        "linked report")


def test_escaped_brackets_and_asterisks_are_not_counted() -> None:
    assert check_structure("\\[" * 5_000 + "\\*" * 5_000 + "\\~a " * 5_000) == []


def test_the_limits_escape_exactly_the_characters_the_converter_escapes() -> None:
    assert set(mdlimits.ESCAPED) == set(new_converter().ESCAPED_CHARS)


def test_every_real_entry_and_fixture_body_is_within_the_markdown_limits() -> None:
    bodies = 0
    for path in [*(ROOT / "content").rglob("*.md"), *FIXTURES.rglob("*.md")]:
        text = path.read_bytes().decode("utf-8", "replace")
        if not text.startswith("---\n") or "\n---\n" not in text[3:]:
            continue
        _, body, line = text_files.split_front_matter(text, str(path))
        assert check_structure(body, str(path), line) == [], path
        bodies += 1
    assert bodies > 100
