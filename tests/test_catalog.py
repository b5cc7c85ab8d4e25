"""The catalog: every reference resolves or is reported once, precisely; the indexes are right.

The minimal fixture (tests/fixtures/minimal/content) has 2 cases, 2 workshops and 2 events. By
their own dates, newest first: accessibility event 2024-09-19, open APIs event 2024-05-03,
shared-data workshop 2024-03-14, AI procurement workshop 2023-11-09, Finnish case 2023-08,
chatbot case 2023-05.
"""

from __future__ import annotations

import pytest

from generator.catalog.catalog import Catalog
from generator.diagnostics import Diagnostic
from tests.support import CASE, EVENT, MINIMAL, WORKSHOP, ContentFolder, edit

CHATBOT = "example-city-chatbot-pilot"
FINNISH_CASE = "esimerkin-hyvinvointialueen-ajanvarauskokeilu"
SHARED_DATA = "example-data-forum-shared-data-2024"
AI_PROCUREMENT = "example-data-forum-ai-procurement-2023"
OPEN_APIS = "example-digi-meetup-open-apis-2024"
ACCESSIBILITY = "example-digi-meetup-accessibility-2024"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return ContentFolder(tmp_path_factory.mktemp("minimal")).catalog()


def error(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, column, "error", code, message)


CASE_PATH = "content/cases/example-case.md"


# ---------------------------------------------------------------------------------------------
# Indexes of the minimal fixture.
# ---------------------------------------------------------------------------------------------


def test_the_minimal_fixture_resolves_without_a_single_diagnostic(catalog: Catalog) -> None:
    assert catalog.diagnostics == []
    assert sorted(catalog.entries) == sorted(
        [CHATBOT, FINNISH_CASE, SHARED_DATA, AI_PROCUREMENT, OPEN_APIS, ACCESSIBILITY])
    assert sorted(catalog.organisations) == [
        "example-city", "example-design-cooperative", "example-digital-agency",
        "example-university", "example-wellbeing-county"]
    assert sorted(catalog.themes) == ["co-creation", "data-sharing", "digital-services",
                                      "service-design"]
    assert sorted(catalog.series) == ["example-data-forum", "example-digi-meetups",
                                      "example-service-design-programme"]


def test_entries_of_a_type_are_listed_newest_first_by_their_own_date(catalog: Catalog) -> None:
    assert [e.id for e in catalog.of_type("case")] == [FINNISH_CASE, CHATBOT]
    assert [e.id for e in catalog.of_type("workshop")] == [SHARED_DATA, AI_PROCUREMENT]
    assert [e.id for e in catalog.of_type("event")] == [ACCESSIBILITY, OPEN_APIS]


def test_the_theme_index_lists_every_entry_on_the_theme_newest_first(catalog: Catalog) -> None:
    assert catalog.by_theme["data-sharing"] == [OPEN_APIS, SHARED_DATA, AI_PROCUREMENT, CHATBOT]
    assert catalog.by_theme["co-creation"] == [ACCESSIBILITY, SHARED_DATA]


def test_the_organisation_index_lists_every_entry_of_the_organisation(catalog: Catalog) -> None:
    assert catalog.by_organisation["example-city"] == [OPEN_APIS, SHARED_DATA, CHATBOT]
    assert catalog.by_organisation["example-wellbeing-county"] == [FINNISH_CASE]


def test_speakers_do_not_make_an_entry_part_of_an_organisations_index(catalog: Catalog) -> None:
    assert OPEN_APIS not in catalog.by_organisation["example-university"]


def test_the_series_index_lists_the_entries_of_each_series(catalog: Catalog) -> None:
    assert catalog.by_series == {
        "example-data-forum": [SHARED_DATA, AI_PROCUREMENT],
        "example-digi-meetups": [ACCESSIBILITY, OPEN_APIS],
        "example-service-design-programme": [FINNISH_CASE, CHATBOT],
    }


def test_a_declared_relation_is_shown_on_both_entries(catalog: Catalog) -> None:
    assert catalog.related[SHARED_DATA] == [OPEN_APIS, AI_PROCUREMENT, CHATBOT]
    assert catalog.related[CHATBOT] == [OPEN_APIS, SHARED_DATA, FINNISH_CASE]
    assert catalog.related[FINNISH_CASE] == [CHATBOT]


def test_a_finding_knows_the_cases_that_address_it(catalog: Catalog) -> None:
    assert catalog.addressed_by == {f"{SHARED_DATA}#shared-data-model": [CHATBOT]}


def test_similar_entries_share_themes_and_leave_out_declared_relations(catalog: Catalog) -> None:
    for entry_id, similar in catalog.similar.items():
        assert entry_id not in similar
        assert not set(similar) & set(catalog.related.get(entry_id, []))
        assert len(similar) <= 5
        themes = set(catalog.entries[entry_id].data.themes)
        assert all(themes & set(catalog.entries[other].data.themes) for other in similar)
    # More shared themes first (AI procurement shares two), then newest first.
    assert catalog.similar[CHATBOT] == [AI_PROCUREMENT, ACCESSIBILITY]
    assert catalog.similar[FINNISH_CASE] == [ACCESSIBILITY, OPEN_APIS, AI_PROCUREMENT]


# ---------------------------------------------------------------------------------------------
# References that do not resolve: one error each, at the reference, with a suggestion.
# ---------------------------------------------------------------------------------------------


def test_an_unknown_theme_suggests_the_closest_theme(folder: ContentFolder) -> None:
    text = edit(CASE, "  - digital-services\n", "  - digital-service\n")
    assert folder.check("cases/example-case.md", text) == [
        error(CASE_PATH, 6, 5, "unknown-theme",
              "unknown theme 'digital-service'; did you mean 'digital-services'?")
    ]


def test_an_unknown_organisation_without_a_close_match_says_where_to_add_it(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "  - example-city\n", "  - ministry-of-magic\n")
    assert folder.check("cases/example-case.md", text) == [
        error(CASE_PATH, 8, 5, "unknown-organisation",
              "unknown organisation 'ministry-of-magic'; add it to content/organisations.yml "
              "or pick an existing id")
    ]


def test_an_unknown_series_suggests_the_closest_series(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", "year: 2023\nseries: example-data-foru\n")
    assert folder.check("cases/example-case.md", text) == [
        error(CASE_PATH, 14, 9, "unknown-series",
              "unknown series 'example-data-foru'; did you mean 'example-data-forum'?")
    ]


def test_an_unknown_related_entry_suggests_an_entry_from_any_folder(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "year: 2023\n", f"related:\n  - {OPEN_APIS[:-1]}\nyear: 2023\n")
    assert folder.check("cases/example-case.md", text) == [
        error(CASE_PATH, 14, 5, "unknown-entry",
              f"unknown entry '{OPEN_APIS[:-1]}'; did you mean '{OPEN_APIS}'?")
    ]


def test_an_entry_cannot_be_related_to_itself(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", "related:\n  - example-case\nyear: 2023\n")
    assert folder.check("cases/example-case.md", text) == [
        error(CASE_PATH, 14, 5, "self-related",
              "'example-case' is this entry itself; remove it from related")
    ]


def test_an_unknown_finding_suggests_the_closest_finding(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", f"addresses:\n  - {SHARED_DATA}#shared-data\nyear: 2023\n")
    assert folder.check("cases/example-case.md", text) == [
        error(CASE_PATH, 14, 5, "unknown-finding",
              f"unknown finding '{SHARED_DATA}#shared-data'; "
              f"did you mean '{SHARED_DATA}#shared-data-model'?")
    ]


def test_a_finding_of_a_workshop_that_does_not_exist_is_unknown(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", "addresses:\n  - no-such-workshop#a-finding\nyear: 2023\n")
    assert folder.check("cases/example-case.md", text) == [
        error(CASE_PATH, 14, 5, "unknown-finding",
              "unknown finding 'no-such-workshop#a-finding'; add it to the workshop's findings "
              "or pick an existing id")
    ]


def test_a_speakers_organisation_must_be_in_the_registry(folder: ContentFolder) -> None:
    text = edit(EVENT, "  - organisation: example-city\n", "  - organisation: example-cty\n")
    assert folder.check("events/example-event.md", text) == [
        error("content/events/example-event.md", 15, 19, "unknown-organisation",
              "unknown organisation 'example-cty'; did you mean 'example-city'?")
    ]


def test_a_series_organiser_must_be_in_the_registry(folder: ContentFolder) -> None:
    series = (MINIMAL / "series.yml").read_text(encoding="utf-8")
    text = edit(series, "  organiser: example-digital-agency\n  start: 2024-01",
                "  organiser: example-digital-agncy\n  start: 2024-01")
    line = text.splitlines().index("  organiser: example-digital-agncy") + 1
    assert folder.check("series.yml", text) == [
        error("content/series.yml", line, 14, "unknown-organisation",
              "unknown organisation 'example-digital-agncy'; did you mean "
              "'example-digital-agency'?")
    ]


def test_an_id_used_in_two_folders_is_reported_on_the_second_file(folder: ContentFolder) -> None:
    folder.write("cases/same-id.md", CASE)
    text = folder.check("events/same-id.md", EVENT)
    assert text == [
        error("content/events/same-id.md", 2, 1, "duplicate-id",
              "id 'same-id' is also used by content/cases/same-id.md; ids are unique across "
              "cases, workshops and events: rename one file")
    ]


# ---------------------------------------------------------------------------------------------
# One mistake, one error: what refers to an invalid item is not reported again.
# ---------------------------------------------------------------------------------------------


def test_entries_naming_an_invalid_organisation_get_no_second_error(
    folder: ContentFolder,
) -> None:
    registry = (MINIMAL / "organisations.yml").read_text(encoding="utf-8")
    text = edit(registry, "business_id: 2345678-0", "business_id: 2345678-9")
    assert folder.check("organisations.yml", text) == [
        error("content/organisations.yml", text.splitlines().index(
            "  business_id: 2345678-9") + 1, 16, "invalid",
              "business_id: the check digit of Business ID '2345678-9' is wrong; copy it again "
              "from ytj.fi")
    ]


def test_cases_addressing_an_invalid_workshop_get_no_second_error(folder: ContentFolder) -> None:
    folder.write("workshops/example-workshop.md", edit(WORKSHOP, "format: hybrid", "format: x"))
    text = edit(CASE, "year: 2023\n", "addresses:\n  - example-workshop#shared-data-model\n"
                "related:\n  - example-workshop\nyear: 2023\n")
    assert [(d.path, d.code) for d in folder.check("cases/example-case.md", text)] == [
        ("content/workshops/example-workshop.md", "bad-value")]


def test_a_relation_to_an_unreadable_entry_gets_no_second_error(folder: ContentFolder) -> None:
    folder.write("cases/unreadable-case.md", "no front matter here\n")
    text = edit(CASE, "year: 2023\n", "related:\n  - unreadable-case\nyear: 2023\n")
    assert [(d.path, d.code) for d in folder.check("cases/example-case.md", text)] == [
        ("content/cases/unreadable-case.md", "no-front-matter")]


# ---------------------------------------------------------------------------------------------
# Editorial warnings.
# ---------------------------------------------------------------------------------------------


def test_a_case_without_lessons_failures_or_conditions_gets_a_warning(
    folder: ContentFolder,
) -> None:
    text = edit(CASE, "lessons:\n  - Start with the questions residents actually ask.\n", "")
    assert folder.check("cases/example-case.md", text) == [
        Diagnostic(CASE_PATH, 2, 1, "warning", "no-lessons",
                   "this case has no lessons, challenges_and_failures or conditions_for_success; "
                   "add what others can learn from it")
    ]


@pytest.mark.parametrize("key", ["challenges_and_failures", "conditions_for_success"])
def test_failures_or_conditions_alone_are_enough_to_learn_from(
    folder: ContentFolder, key: str
) -> None:
    assert folder.check("cases/example-case.md", edit(CASE, "lessons:", f"{key}:")) == []


def test_a_case_with_only_a_warning_still_enters_the_catalog(folder: ContentFolder) -> None:
    text = edit(CASE, "lessons:\n  - Start with the questions residents actually ask.\n", "")
    folder.write("cases/example-case.md", text)
    assert "example-case" in folder.catalog().entries


# ---------------------------------------------------------------------------------------------
# Translations.
# ---------------------------------------------------------------------------------------------

FINNISH = edit(edit(CASE, "language: en", "language: fi"), "year: 2023\n",
               "translations:\n  en: example-case\nyear: 2023\n")
ENGLISH = edit(CASE, "year: 2023\n", "translations:\n  fi: esimerkkitapaus\nyear: 2023\n")


def test_translations_that_name_each_other_are_valid(folder: ContentFolder) -> None:
    folder.write("cases/esimerkkitapaus.md", FINNISH)
    assert folder.check("cases/example-case.md", ENGLISH) == []


def test_a_translation_must_name_this_entry_back(folder: ContentFolder) -> None:
    folder.write("cases/esimerkkitapaus.md", edit(FINNISH, "translations:\n  en: example-case\n",
                                                  ""))
    assert folder.check("cases/example-case.md", ENGLISH) == [
        error(CASE_PATH, 14, 7, "one-way-translation",
              "'esimerkkitapaus' does not name this entry back; add 'translations: "
              "{en: example-case}' to content/cases/esimerkkitapaus.md")
    ]


def test_a_translation_must_be_written_in_the_language_it_is_listed_under(
    folder: ContentFolder,
) -> None:
    folder.write("cases/esimerkkitapaus.md", edit(FINNISH, "language: fi", "language: sv"))
    found = folder.check("cases/example-case.md", ENGLISH)
    assert error(CASE_PATH, 14, 7, "bad-translation",
                 "'esimerkkitapaus' is written in 'sv', not 'fi'") in found


def test_an_entry_does_not_list_its_own_language_as_a_translation(folder: ContentFolder) -> None:
    text = edit(CASE, "year: 2023\n", "translations:\n  en: example-case\nyear: 2023\n")
    assert folder.check("cases/example-case.md", text) == [
        error(CASE_PATH, 14, 7, "bad-translation",
              "this entry is itself in 'en'; list only its other languages")
    ]
