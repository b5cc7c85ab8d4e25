"""Validation rules that cut across the schemas: suggestions, text, dates, references reported
together with schema errors, repeated messages, ids, `opit new` and `opit from-issue`, and the
Markdown structure limits."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.diagnostics import closest, did_you_mean
from tests.test_validate import CASE, ContentFolder, check_case, edit


@pytest.fixture
def folder(tmp_path: Path) -> ContentFolder:
    return ContentFolder(tmp_path)


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


def test_a_suggestion_among_ten_thousand_ids_is_quick() -> None:
    ids = [f"entry-number-{n}-about-something" for n in range(10_000)]
    started = time.perf_counter()
    assert closest("entry-number-5000-about-somethin", ids) == "entry-number-5000-about-something"
    assert time.perf_counter() - started < 1


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
