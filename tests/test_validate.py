"""Validation: every rule of the content contract, each error at its exact file, line and column.

Two kinds of tests live here:

- one focused test per rule, on a copy of the small valid fixture with a single change, asserting
  the whole diagnostic (path, line, column, code and message);
- the bad-content fixture folder, where each file is broken in exactly one way, checked against
  the single expected-diagnostics table `BAD_CONTENT` (in tests/support.py: the CLI tests
  use the same table).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from generator.catalog.catalog import Catalog
from generator.catalog.load import load_catalog
from generator.diagnostics import Diagnostic
from schemas.types import business_id_ok
from tests.support import (
    BAD,
    BAD_CONTENT,
    CASE,
    CASE_PATH,
    EVENT,
    MINIMAL,
    WORKSHOP,
    ContentFolder,
    check_case,
    edit,
    error,
)

# Files in the bad folder that are valid on purpose (the targets of the broken references).
BAD_CONTENT_VALID = {"themes.yml", "series.yml", "workshops/example-forum-workshop.md"}


def bad_folder_files() -> set[str]:
    return {
        path.relative_to(BAD).as_posix() for path in BAD.rglob("*") if path.is_file()
    }


# ---------------------------------------------------------------------------------------------
# The baseline: the fixtures used here are valid to begin with.
# ---------------------------------------------------------------------------------------------


def test_the_minimal_fixture_has_no_problems_at_all(folder: ContentFolder) -> None:
    assert folder.diagnostics() == []
    assert len(folder.catalog().entries) == 6


@pytest.mark.parametrize("relpath, text", [
    ("cases/example-case.md", CASE),
    ("workshops/example-workshop.md", WORKSHOP),
    ("events/example-event.md", EVENT),
])
def test_the_small_templates_used_by_these_tests_are_valid(
    folder: ContentFolder, relpath: str, text: str
) -> None:
    assert folder.check(relpath, text) == []


# ---------------------------------------------------------------------------------------------
# Keys: unknown, missing, of the wrong type.
# ---------------------------------------------------------------------------------------------


def test_an_unknown_key_is_an_error_that_suggests_the_closest_key(folder: ContentFolder) -> None:
    text = edit(CASE, "lessons:", "lesson:")
    assert check_case(folder, text) == [
        error(CASE_PATH, 16, 1, "unknown-key", "unknown key 'lesson'; did you mean 'lessons'?")
    ]


def test_an_unknown_key_with_no_close_match_lists_the_allowed_keys(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", "year: 2023\nbudget: 20000\n")
    [problem] = check_case(folder, text)
    assert (problem.path, problem.line, problem.column, problem.code) == (
        CASE_PATH, 14, 1, "unknown-key")
    assert problem.message.startswith("unknown key 'budget'; allowed keys are: addresses, ")
    assert "level_of_government" in problem.message


def test_an_unknown_key_inside_a_source_points_at_that_key(folder: ContentFolder) -> None:
    text = edit(CASE, "    url: https://example.org/report\n",
                "    url: https://example.org/report\n    publsher: Example City\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 13, 5, "unknown-key",
              "unknown key 'publsher'; did you mean 'publisher'?")
    ]


def test_a_missing_required_key_is_named_and_explained(folder: ContentFolder) -> None:
    text = edit(CASE, "stage: implementing\n", "")
    assert check_case(folder, text) == [
        error(CASE_PATH, 2, 1, "missing-key",
              "missing required key 'stage': identifying-problems, generating-ideas, "
              "developing-proposals, implementing, evaluating or diffusing-lessons.")
    ]


def test_a_missing_key_inside_a_list_item_points_at_the_item(folder: ContentFolder) -> None:
    text = edit(CASE, "  - title: Example City pilot report\n", "  - publisher: Example City\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 11, 5, "missing-key",
              "missing required key 'title': Title of the document, page or talk the facts "
              "come from.")
    ]


def test_a_list_where_text_is_expected_is_a_wrong_type_error(folder: ContentFolder) -> None:
    text = edit(CASE, "title: Example City chatbot pilot\n",
                "title:\n  - Example City chatbot pilot\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 3, 3, "wrong-type", "title must be text, not a list")
    ]


def test_text_where_a_list_is_expected_explains_how_to_write_a_list(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "themes:\n  - digital-services\n", "themes: digital-services\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 5, 9, "wrong-type",
              "themes must be a list, not 'digital-services': put each item on its own line "
              "starting with '- '")
    ]


def test_a_list_where_a_mapping_is_expected_is_a_wrong_type_error(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", "year: 2023\nperiod:\n  - 2023-05\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 15, 3, "wrong-type",
              "period must be keys and values (a mapping), not a list")
    ]


def test_an_empty_required_list_asks_for_at_least_one_item(folder: ContentFolder) -> None:
    text = edit(CASE, "themes:\n  - digital-services\n", "themes: []\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 5, 9, "bad-length", "themes: give at least 1 item(s)")
    ]


def test_a_too_short_title_counts_its_characters(folder: ContentFolder) -> None:
    text = edit(CASE, "title: Example City chatbot pilot", "title: Bot")
    assert check_case(folder, text) == [
        error(CASE_PATH, 2, 8, "bad-length",
              "title is 3 characters; it must be at least 5 characters")
    ]


def test_a_too_long_keyword_counts_characters_not_items(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", f"keywords:\n  - {'x' * 61}\nyear: 2023\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 14, 5, "bad-length",
              "keywords item 1 is 61 characters; it must be at most 60 characters")
    ]


def test_html_in_the_summary_is_refused(folder: ContentFolder) -> None:
    text = edit(CASE, "tried a chatbot", "tried a <b>chatbot</b>")
    assert check_case(folder, text) == [
        error(CASE_PATH, 3, 10, "invalid", "summary: must be plain text; remove the HTML tag")
    ]


def test_a_source_title_must_be_one_line(folder: ContentFolder) -> None:
    text = edit(CASE, "  - title: Example City pilot report\n",
                "  - title: |\n      Example City\n      pilot report\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 11, 12, "bad-text",
              "sources item 1, title contains a line break (U+000A); a one-line field must stay "
              "on one line")
    ]


def test_empty_optional_keys_count_as_not_given(folder: ContentFolder) -> None:
    """`updated:` with nothing after it, `~` and `null` mean "not given", never the text ''."""
    text = edit(CASE, "published: 2024-04-02\n", "published: 2024-04-02\nupdated:\n")
    text = edit(text, "year: 2023\n", "year: 2023\nseries: ~\nreplication: null\n")
    assert check_case(folder, text) == []


# ---------------------------------------------------------------------------------------------
# Allowed values (literals), ids and the `type` key.
# ---------------------------------------------------------------------------------------------


def test_a_language_other_than_fi_sv_or_en_is_refused(folder: ContentFolder) -> None:
    text = edit(CASE, "language: en", "language: english")
    assert check_case(folder, text) == [
        error(CASE_PATH, 4, 11, "bad-value",
              "language: 'english' is not allowed; use one of: fi, sv, en")
    ]


@pytest.mark.parametrize("written", ["no", "'no'", "yes", "off"])
def test_yaml_boolean_words_stay_text_and_get_a_correct_error(
    folder: ContentFolder, written: str
) -> None:
    text = edit(CASE, "language: en", f"language: {written}")
    shown = written.strip("'")
    assert check_case(folder, text) == [
        error(CASE_PATH, 4, 11, "bad-value",
              f"language: '{shown}' is not allowed; use one of: fi, sv, en")
    ]


def test_a_misspelt_allowed_value_suggests_the_right_one(folder: ContentFolder) -> None:
    text = edit(CASE, "stage: implementing", "stage: implementin")
    [problem] = check_case(folder, text)
    assert (problem.line, problem.column, problem.code) == (15, 8, "bad-value")
    assert problem.message.startswith("stage: 'implementin' is not allowed; use one of: ")
    assert problem.message.endswith("; did you mean 'implementing'?")


def test_a_link_kind_outside_the_list_suggests_the_closest(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", "links:\n  - title: Final report\n"
                "    url: https://example.org/report.pdf\n    kind: reports\nyear: 2023\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 16, 11, "bad-value",
              "links item 1, kind: 'reports' is not allowed; use one of: recording, slides, "
              "report, article, website, dataset, other; did you mean 'report'?")
    ]


def test_an_id_with_capitals_and_spaces_suggests_a_valid_id(folder: ContentFolder) -> None:
    text = edit(CASE, "  - digital-services\n", "  - Digital Services\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 6, 5, "bad-id",
              "themes item 1: 'Digital Services' is not valid; use lowercase letters, digits "
              "and hyphens, e.g. 'digital-services'")
    ]


def test_a_type_key_that_disagrees_with_the_folder_is_an_error(folder: ContentFolder) -> None:
    text = edit(CASE, "title: Example City chatbot", "type: workshop\ntitle: Example City chatbot")
    assert check_case(folder, text) == [
        error(CASE_PATH, 2, 7, "type-mismatch",
              "type 'workshop' does not match the folder cases/ (type 'case'); move the file or "
              "remove the 'type' key")
    ]


def test_a_type_key_that_agrees_with_the_folder_is_fine(folder: ContentFolder) -> None:
    text = edit(CASE, "title: Example City chatbot", "type: case\ntitle: Example City chatbot")
    assert check_case(folder, text) == []


def test_a_licence_must_be_an_spdx_identifier(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", "license: CC BY 4.0\nyear: 2023\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 13, 10, "bad-id",
              "license: 'CC BY 4.0' is not valid; use an SPDX licence id such as CC-BY-4.0")
    ]


# ---------------------------------------------------------------------------------------------
# Dates, years, periods and times.
# ---------------------------------------------------------------------------------------------


def test_an_impossible_date_is_a_bad_date(folder: ContentFolder) -> None:
    text = edit(CASE, "published: 2024-04-02", "published: 2024-02-30")
    assert check_case(folder, text) == [
        error(CASE_PATH, 9, 12, "bad-date",
              "published: '2024-02-30' is not a real date; write YYYY-MM-DD, e.g. 2023-01-26")
    ]


@pytest.mark.parametrize("written", ["2024-4-2", "2.4.2024", "2024-04-02T10:00:00"])
def test_a_date_not_written_as_yyyy_mm_dd_says_how_to_write_it(
    folder: ContentFolder, written: str
) -> None:
    text = edit(CASE, "published: 2024-04-02", f"published: {written}")
    assert check_case(folder, text) == [
        error(CASE_PATH, 9, 12, "invalid",
              f"published: '{written}' is not a date; write it as YYYY-MM-DD, e.g. 2023-01-26")
    ]


def test_updated_before_published_points_at_updated(folder: ContentFolder) -> None:
    text = edit(CASE, "published: 2024-04-02\n", "published: 2024-04-02\nupdated: 2024-01-15\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 10, 1, "invalid",
              "updated (2024-01-15) is before published (2024-04-02); fix one of the dates")
    ]


def test_updated_on_the_day_of_publishing_is_fine(folder: ContentFolder) -> None:
    text = edit(CASE, "published: 2024-04-02\n", "published: 2024-04-02\nupdated: 2024-04-02\n")
    assert check_case(folder, text) == []


@pytest.mark.parametrize("year", ["1989", "2101"])
def test_a_case_year_outside_1990_to_2100_is_out_of_range(
    folder: ContentFolder, year: str
) -> None:
    text = edit(CASE, "year: 2023", f"year: {year}")
    assert check_case(folder, text) == [
        error(CASE_PATH, 13, 7, "out-of-range", f"year: {year} must be between 1990 and 2100")
    ]


def test_a_year_that_is_not_a_whole_number_is_a_wrong_type(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023", "year: 2023.5")
    assert check_case(folder, text) == [
        error(CASE_PATH, 13, 7, "wrong-type", "year: '2023.5' is not a whole number")
    ]


def test_a_period_that_ends_before_it_starts_is_an_error(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", "year: 2023\nperiod:\n  start: 2023-05\n  end: 2023-01\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 15, 3, "invalid",
              "period: period ends (2023-01) before it starts (2023-05)")
    ]


def test_a_period_month_must_exist(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", "year: 2023\nperiod:\n  start: 2023-13\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 15, 10, "invalid",
              "period, start: '2023-13' is not a real date (month must be in 1..12)")
    ]


def test_an_event_start_time_must_be_hh_mm(folder: ContentFolder) -> None:
    text = edit(EVENT, "format: online\n", 'format: online\nstart_time: "9am"\n')
    assert folder.check("events/example-event.md", text) == [
        error("content/events/example-event.md", 14, 13, "bad-id",
              "start_time: '9am' is not valid; write the time as HH:MM, e.g. 09:30")
    ]


# ---------------------------------------------------------------------------------------------
# URLs and finding references.
# ---------------------------------------------------------------------------------------------


def test_a_javascript_url_in_sources_is_refused(folder: ContentFolder) -> None:
    text = edit(CASE, "url: https://example.org/report", "url: javascript:alert(1)")
    assert check_case(folder, text) == [
        error(CASE_PATH, 12, 10, "invalid",
              "sources item 1, url: URL scheme 'javascript' is not allowed; links must start "
              "with https:// (or http://)")
    ]


def test_a_url_without_a_host_asks_for_the_whole_address(folder: ContentFolder) -> None:
    text = edit(CASE, "url: https://example.org/report", "url: https:///report")
    assert check_case(folder, text) == [
        error(CASE_PATH, 12, 10, "invalid",
              "sources item 1, url: the URL has no host; write the whole address, "
              "e.g. https://vm.fi/")
    ]


def test_addresses_must_be_written_as_workshop_hash_finding(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", "addresses:\n  - example-data-forum-shared-data-2024\n"
                "year: 2023\n")
    assert check_case(folder, text) == [
        error(CASE_PATH, 14, 5, "bad-id",
              "addresses item 1: 'example-data-forum-shared-data-2024' is not valid; write it "
              "as '<workshop-id>#<finding-id>'")
    ]


# ---------------------------------------------------------------------------------------------
# Workshops and events.
# ---------------------------------------------------------------------------------------------


def test_a_finding_id_used_twice_points_at_the_second_one(folder: ContentFolder) -> None:
    text = edit(WORKSHOP, "  - id: procurement-rules-unclear", "  - id: shared-data-model")
    assert folder.check("workshops/example-workshop.md", text) == [
        error("content/workshops/example-workshop.md", 17, 9, "invalid",
              "findings item 2, id: finding id 'shared-data-model' is used twice; "
              "make each id unique")
    ]


def test_a_workshop_needs_at_least_one_finding(folder: ContentFolder) -> None:
    start = WORKSHOP.index("findings:")
    text = WORKSHOP[:start] + "findings: []\n" + WORKSHOP[WORKSHOP.index("---\n\nWhat"):]
    assert folder.check("workshops/example-workshop.md", text) == [
        error("content/workshops/example-workshop.md", 14, 11, "bad-length",
              "findings: give at least 1 item(s)")
    ]


def test_a_participant_sector_must_be_from_the_list(folder: ContentFolder) -> None:
    text = edit(WORKSHOP, "format: hybrid\n",
                "format: hybrid\nparticipants:\n  count: 30\n  sectors:\n    - goverment\n")
    [problem] = folder.check("workshops/example-workshop.md", text)
    assert (problem.line, problem.column, problem.code) == (17, 7, "bad-value")
    assert problem.message == (
        "participants, sectors item 1: 'goverment' is not allowed; use one of: public, "
        "private, third-sector, academia, citizens"
    )


def test_a_participant_count_of_zero_is_out_of_range(folder: ContentFolder) -> None:
    text = edit(EVENT, "format: online\n", "format: online\nparticipants:\n  count: 0\n")
    assert folder.check("events/example-event.md", text) == [
        error("content/events/example-event.md", 15, 10, "out-of-range",
              "participants, count: 0 must be between 1 and 1000000")
    ]


def test_a_speaker_needs_a_role(folder: ContentFolder) -> None:
    text = edit(EVENT, "    role: product owner\n", "")
    assert folder.check("events/example-event.md", text) == [
        error("content/events/example-event.md", 15, 5, "missing-key",
              "missing required key 'role': Role in plain words, e.g. 'programme director'.")
    ]


# ---------------------------------------------------------------------------------------------
# The Markdown body.
# ---------------------------------------------------------------------------------------------


def test_raw_html_in_the_body_points_at_its_line(folder: ContentFolder) -> None:
    text = CASE + "\nSecond paragraph.\n\n<script>alert('hi')</script>\n"
    assert check_case(folder, text) == [
        error(CASE_PATH, 24, 1, "raw-html",
              "raw HTML is not allowed in entry text: '<script>alert('hi')</script>'; write it "
              "in Markdown (e.g. **bold**, [link](https://...), lists with '- ')")
    ]


def test_a_javascript_link_in_the_body_is_refused(folder: ContentFolder) -> None:
    text = CASE + "\nSee [the report](javascript:alert(1)).\n"
    assert check_case(folder, text) == [
        error(CASE_PATH, 22, 18, "bad-link-scheme",
              "link scheme 'javascript:' is not allowed; links must start with https://, "
              "http:// or mailto:")
    ]


def test_an_event_handler_attribute_in_the_body_is_refused(folder: ContentFolder) -> None:
    text = CASE + "\n## Results {: onclick=\"steal()\" }\n"
    assert check_case(folder, text) == [
        error(CASE_PATH, 22, 15, "bad-attribute",
              "attribute 'onclick' is not allowed in entry text; remove the {...} attribute list")
    ]


def test_an_image_from_another_site_is_refused(folder: ContentFolder) -> None:
    text = CASE + "\n![chart](https://tracker.example/pixel.png)\n"
    assert check_case(folder, text) == [
        error(CASE_PATH, 22, 10, "external-image",
              "image 'https://tracker.example/pixel.png' is on another site; the site loads "
              "nothing from other hosts: link to it instead ([title](url))")
    ]


def test_html_shown_as_code_entities_and_ordinary_markdown_are_fine(
    folder: ContentFolder,
) -> None:
    text = CASE + (
        "\nThe form used `<input type=\"text\">` &amp; a [mail link](mailto:x@example.org).\n"
        "\n```html\n<script>not run</script>\n```\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n"
    )
    assert check_case(folder, text) == []


# ---------------------------------------------------------------------------------------------
# Registries.
# ---------------------------------------------------------------------------------------------


def _valid_id(digits: str) -> str:
    """A Business ID with the right check digit for these seven digits (remainder 1: none)."""
    weights = (7, 9, 10, 5, 8, 4, 2)
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    assert remainder != 1, "no check digit exists for these digits"
    return f"{digits}-{0 if remainder == 0 else 11 - remainder}"


# Worked by hand: 1234567 -> 7+18+30+20+40+24+14 = 153; 153 % 11 = 10; check digit 11-10 = 1.
VALID_BUSINESS_IDS = ["1234567-1", "2345678-0", "1000000-4", "0245439-9", "0000000-0"]
# Wrong check digits, and 1111111 (sum 45, remainder 1: no valid check digit at all).
INVALID_BUSINESS_IDS = ["1234567-8", "2345678-1", "1000000-5", *(f"1111111-{d}" for d in range(10))]


@pytest.mark.parametrize("business_id", VALID_BUSINESS_IDS)
def test_a_business_id_with_the_right_check_digit_is_accepted(business_id: str) -> None:
    assert _valid_id(business_id[:7]) == business_id
    assert business_id_ok(business_id)


@pytest.mark.parametrize("business_id", INVALID_BUSINESS_IDS)
def test_a_business_id_with_a_wrong_check_digit_is_refused(business_id: str) -> None:
    assert not business_id_ok(business_id)


@pytest.mark.parametrize(
    "written", ["12345671", "123456-1", "1234567-", "1234567-12", "FI12345671"]
)
def test_a_business_id_in_the_wrong_shape_is_refused(written: str) -> None:
    assert not business_id_ok(written)


ORGANISATION = """\
- id: example-city
  name:
    en: Example City
  type: municipality
- id: example-digital-agency
  name:
    en: Example Digital Agency
  type: agency
  business_id: {business_id}
- id: example-design-cooperative
  name:
    en: Example Design Cooperative
  type: company
- id: example-university
  name:
    en: Example University
  type: university
- id: example-wellbeing-county
  name:
    fi: Esimerkin hyvinvointialue
  type: wellbeing-services-county
"""


def test_a_business_id_check_digit_error_points_at_the_value(folder: ContentFolder) -> None:
    text = ORGANISATION.format(business_id="1234567-8")
    assert folder.check("organisations.yml", text) == [
        error("content/organisations.yml", 9, 16, "invalid",
              "business_id: the check digit of Business ID '1234567-8' is wrong; copy it again "
              "from ytj.fi")
    ]


def test_a_business_id_in_the_wrong_shape_says_how_to_write_it(folder: ContentFolder) -> None:
    text = ORGANISATION.format(business_id="12345671")
    assert folder.check("organisations.yml", text) == [
        error("content/organisations.yml", 9, 16, "invalid",
              "business_id: '12345671' is not a Finnish Business ID; write it as 1234567-8")
    ]


def test_a_registry_item_with_a_valid_business_id_is_accepted(folder: ContentFolder) -> None:
    text = ORGANISATION.format(business_id=_valid_id("7654321"))
    assert folder.check("organisations.yml", text) == []


def test_an_organisation_needs_a_name_in_at_least_one_language(folder: ContentFolder) -> None:
    text = edit(ORGANISATION.format(business_id="1234567-1"), "  name:\n    en: Example City\n",
                "  name: {}\n")
    assert folder.check("organisations.yml", text) == [
        error("content/organisations.yml", 2, 9, "invalid",
              "name: give the name in at least one language: fi, sv or en")
    ]


def test_a_theme_needs_an_english_name(folder: ContentFolder) -> None:
    themes = (MINIMAL / "themes.yml").read_text(encoding="utf-8")
    text = edit(themes, "    en: Co-creation\n", "    fi: Yhteiskehittäminen\n")
    [problem] = folder.check("themes.yml", text)
    assert (problem.path, problem.code) == ("content/themes.yml", "missing-key")
    assert problem.message == "missing required key 'en': The English name (required)."
    assert problem.line == text.splitlines().index("    fi: Yhteiskehittäminen") + 1


def test_a_series_kind_outside_the_list_suggests_the_closest(folder: ContentFolder) -> None:
    series = (MINIMAL / "series.yml").read_text(encoding="utf-8")
    text = edit(series, "kind: event-series", "kind: event-serie")
    [problem] = folder.check("series.yml", text)
    assert (problem.path, problem.line, problem.column) == (
        "content/series.yml", text.splitlines().index("  kind: event-serie") + 1, 9)
    assert problem.message == (
        "kind: 'event-serie' is not allowed; use one of: workshop-series, event-series, "
        "programme; did you mean 'event-series'?"
    )


def test_an_id_used_twice_in_a_registry_points_at_the_second(folder: ContentFolder) -> None:
    themes = (MINIMAL / "themes.yml").read_text(encoding="utf-8")
    text = themes + "\n- id: co-creation\n  name:\n    en: Co-creation again\n"
    line = len(themes.splitlines()) + 2
    assert folder.check("themes.yml", text) == [
        error("content/themes.yml", line, 7, "duplicate-id",
              "id 'co-creation' is already used in this registry; ids must be unique")
    ]


def test_a_registry_that_is_not_a_list_says_how_to_start_items(folder: ContentFolder) -> None:
    diagnostics = folder.check("themes.yml", "id: digital-services\nname:\n  en: Digital\n")
    assert error("content/themes.yml", 1, 1, "registry-not-list",
                 "a registry is a list: start each item with '- id: ...'") in diagnostics


# ---------------------------------------------------------------------------------------------
# Reporting: every problem in one run, sorted, never a traceback.
# ---------------------------------------------------------------------------------------------


def test_every_problem_of_a_file_is_reported_in_one_run(folder: ContentFolder) -> None:
    text = edit(CASE, "language: en", "language: english")
    text = edit(text, "year: 2023", "year: 1800")
    text = edit(text, "lessons:", "lesson:")
    assert [(d.line, d.code) for d in check_case(folder, text)] == [
        (4, "bad-value"), (13, "out-of-range"), (16, "unknown-key")]


def test_problems_in_several_files_are_all_reported(folder: ContentFolder) -> None:
    folder.write("cases/first-case.md", edit(CASE, "language: en", "language: english"))
    folder.write("events/first-event.md", edit(EVENT, "format: online", "format: webinar"))
    paths = {d.path for d in folder.diagnostics()}
    assert paths == {"content/cases/first-case.md", "content/events/first-event.md"}


# ---------------------------------------------------------------------------------------------
# The bad-content fixture folder, against the expected-diagnostics table.
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_diagnostics() -> dict[str, list[Diagnostic]]:
    """Diagnostics of the bad folder by path inside it, read with it as the working folder."""
    with contextlib.chdir(BAD.parent):
        catalog = load_catalog(Path("content"))
    by_file: dict[str, list[Diagnostic]] = {}
    for diagnostic in catalog.diagnostics:
        by_file.setdefault(diagnostic.path.removeprefix("content/"), []).append(diagnostic)
    return by_file


def test_the_table_lists_every_file_of_the_bad_folder() -> None:
    assert set(BAD_CONTENT) | BAD_CONTENT_VALID == bad_folder_files()


def test_the_valid_files_of_the_bad_folder_have_no_problems(
    bad_diagnostics: dict[str, list[Diagnostic]],
) -> None:
    assert not set(bad_diagnostics) & BAD_CONTENT_VALID


def test_the_non_utf8_fixture_really_is_not_utf8() -> None:
    raw = (BAD / "cases" / "not-utf8.md").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


@pytest.mark.parametrize("relpath", sorted(BAD_CONTENT))
def test_each_broken_file_gets_exactly_its_one_expected_diagnostic(
    bad_diagnostics: dict[str, list[Diagnostic]], relpath: str
) -> None:
    expected = BAD_CONTENT[relpath]
    [found] = bad_diagnostics.get(relpath, [])
    assert (found.path, found.line, found.column, found.severity, found.code) == (
        f"content/{relpath}", expected.line, expected.column, expected.severity, expected.code)
    assert expected.message in found.message


# ---------------------------------------------------------------------------------------------
# Large content is read in two processes; the result must not depend on that.
# ---------------------------------------------------------------------------------------------


def _summary(catalog: Catalog) -> tuple[list[Diagnostic], list[str], set[str]]:
    return (sorted(catalog.diagnostics), list(catalog.entries),
            {entry.id for entry in catalog.entries.values() if entry.body})


@pytest.mark.parametrize("content", [MINIMAL, BAD], ids=["minimal", "bad"])
def test_two_processes_find_the_same_entries_and_errors_as_one(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.catalog import load as stage

    alone = load_catalog(content)
    calls = []
    split = stage._validate_in_two
    monkeypatch.setattr(stage, "PARALLEL_FROM", 1)
    monkeypatch.setattr(stage, "_validate_in_two", lambda root: calls.append(root) or split(root))
    monkeypatch.setattr(stage.threading, "active_count", lambda: 1)  # pytest may run threads
    together = load_catalog(content)
    assert calls == [content], "the two-process path did not run"
    assert _summary(together) == _summary(alone)
    assert together.diagnostics or content == MINIMAL
    # Errors found later (positions of a valid entry) still point at the right line.
    for entry_id, entry in together.entries.items():
        title_at = alone.entries[entry_id].document.where(("title",), key=True)
        assert entry.document.where(("title",), key=True) == title_at
        assert (title_at.line, title_at.column) != (1, 1)
