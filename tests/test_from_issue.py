"""`opit from-issue`: real issue-form bodies, as GitHub renders them, to valid entries or to
field-by-field messages; and the forms cannot drift from the content contract."""

from __future__ import annotations

import shutil
import subprocess
import sys
import typing
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest
import yaml

from generator.catalog.load import load_catalog
from generator.intake.answer_values import FIELD_PATHS, FORM_ONLY, PARSERS
from generator.intake.from_issue import FormError, entry_from_issue, write_entry
from generator.intake.issue_body import (
    FORMS_DIR,
    NO_RESPONSE,
    OPTION_SEPARATOR,
    guess_type,
    load_forms,
    option_value,
    split_answers,
)
from generator.read.positions import parse_yaml
from generator.read.text_files import split_front_matter
from schemas.introspect import model_at
from schemas.models import ENTRY_FOLDERS, ENTRY_MODELS
from tests.support import FIXTURES, ROOT

BODIES = FIXTURES / "issue_forms"
TYPES = ["case", "workshop", "event"]
TODAY = date(2026, 1, 15)
FOLDER = {t: f for f, t in ENTRY_FOLDERS.items()}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the real content folder: the forms must resolve against the real registries."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def body(entry_type: str) -> str:
    return (BODIES / f"{entry_type}.md").read_text(encoding="utf-8")


def front_matter(path: Path) -> dict[str, Any]:
    front, _, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    return parse_yaml(front, str(path), line_offset=1).data


def errors_of(text: str, content: Path, **kwargs: Any) -> list[str]:
    with pytest.raises(FormError) as caught:
        entry_from_issue(text, content, today=TODAY, **kwargs)
    return [problem.text() for problem in caught.value.problems]


# --- The fixtures are what GitHub renders from the forms ----------------------------------------

@pytest.mark.parametrize("entry_type", TYPES)
def test_each_fixture_has_every_section_of_its_form_in_order(entry_type: str) -> None:
    form = load_forms()[entry_type]
    headings = [line[4:] for line in body(entry_type).splitlines() if line.startswith("### ")]
    labels = [f.label for f in form.fields]
    assert [h for h in headings if h in labels] == labels


def test_the_fixtures_include_empty_optional_answers() -> None:
    assert all(NO_RESPONSE in body(t) for t in TYPES)


# --- Round trip: every form to a valid entry ----------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("entry_type", TYPES)
def test_every_form_round_trips_to_a_valid_entry(entry_type: str, content: Path, opit) -> None:
    source = BODIES / f"{entry_type}.md"
    done = opit("--content", str(content), "from-issue", str(source))
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    assert path.parent == content / FOLDER[entry_type]
    assert "Traceback" not in done.stderr
    check = opit("--content", str(content), "validate", "--strict", str(path))
    assert check.returncode == 0, check.stderr
    catalog = load_catalog(content)
    assert path.stem in catalog.entries
    assert catalog.entries[path.stem].type == entry_type


def test_a_case_keeps_every_answer(content: Path) -> None:
    entry = entry_from_issue(body("case"), content, today=TODAY)
    write_entry(entry)
    assert entry.path == content / "cases" / (
        "example-a-chatbot-pilot-showed-that-every-answer-needs-an-owner.md")
    data = front_matter(entry.path)
    assert data["title"] == "Example: a chatbot pilot showed that every answer needs an owner"
    assert data["summary"].startswith("A city tried a chatbot for residents' questions about")
    assert data["language"] == "en"
    assert data["year"] == "2021"
    assert data["period"] == {"start": "2021-09", "end": "2022-01"}
    assert data["level_of_government"] == "local"
    assert data["stage"] == "evaluating"
    assert data["themes"] == ["digital-services", "co-creation"]
    assert data["organisations"] == ["city-of-espoo"]  # the leading '- ' is dropped
    assert data["methods"] == ["service design", "user interviews", "prototyping"]
    assert len(data["lessons"]) == 2
    assert data["sources"] == [
        {"title": "Chatbot pilot final report", "publisher": "City of Espoo",
         "url": "https://www.espoo.fi/", "date": "2022-03-01"},  # from the Finnish 1.3.2022
        {"title": "Interview with the pilot's product owner"},
    ]
    assert data["links"] == [{"title": "Final report", "url": "https://www.espoo.fi/",
                              "kind": "report"}]
    assert data["keywords"] == ["chatbot", "content ownership"]
    assert data["published"] == "2026-01-15"
    assert "addresses" not in data  # "_No response_" leaves the key out
    assert "license" not in data  # the default, CC-BY-4.0, confirmed by the tick box
    assert list(data)[:3] == ["title", "summary", "language"]  # the contract's order
    text = entry.path.read_text(encoding="utf-8")
    assert "### What happened" in text.split("---", 2)[2]  # a heading inside the story stays


def test_a_workshop_keeps_findings_and_participants(content: Path) -> None:
    entry = entry_from_issue(body("workshop"), content, today=TODAY)
    write_entry(entry)
    assert entry.path.name == "example-shared-customer-data-workshop.md"
    data = front_matter(entry.path)
    assert data["participants"] == {"count": "35", "sectors": ["public", "private", "academia"]}
    assert data["format"] == "hybrid"
    first, second = data["findings"]
    assert first == {
        "id": "each-agency-builds-its-own-customer",
        "statement": "Each agency builds its own customer data model, so services cannot share "
                     "data without costly conversions.",
        "barrier": "data",
        "proposals": ["Agree on one shared data model for customer records.",
                      "Start with the data that life-event services need first."],
        "status": "in-progress",
    }
    assert second == {"id": "pilots-end-with-funding",
                      "statement": "Pilots end when the project money ends.",
                      "barrier": "resources"}
    assert "links" not in data


def test_an_event_keeps_speakers_and_takeaways(content: Path) -> None:
    entry = entry_from_issue(body("event"), content, today=TODAY)
    data = yaml.safe_load(entry.text.split("---")[1])
    assert data["speakers"] == [
        {"organisation": "finnish-digital-agency", "role": "programme director"},
        {"organisation": "ministry-of-finance", "role": "senior specialist"},
    ]
    assert data["start_time"] == "13:00"
    assert len(data["takeaways"]) == 2
    assert "participants" not in data


@pytest.mark.parametrize("entry_type", TYPES)
def test_the_form_is_recognised_from_its_answers(entry_type: str) -> None:
    assert guess_type(body(entry_type), load_forms()) == entry_type


def test_an_unknown_body_asks_for_the_type(content: Path) -> None:
    assert errors_of("Just some text", content) == [
        "error: the form: cannot tell which form this is (case, workshop or event); "
        "give it with --type"
    ]


def test_windows_line_endings_are_read_the_same(content: Path) -> None:
    plain = entry_from_issue(body("case"), content, today=TODAY)
    crlf = entry_from_issue(body("case").replace("\n", "\r\n"), content, today=TODAY)
    assert plain.text == crlf.text


def test_tricky_text_is_written_as_safe_yaml(content: Path) -> None:
    text = body("case").replace(
        "Example: a chatbot pilot showed that every answer needs an owner",
        "yes: no # not a comment, & not *an alias* !tag",
    ).replace("chatbot, content ownership",
              "null, yes, 2021, ~, 'quoted', \"double\", {braces}, [brackets], - dash")
    entry = entry_from_issue(text, content, today=TODAY, out=content / "cases" / "tricky-text.md")
    data = front_matter_of_text(entry.text)
    assert data["title"] == "yes: no # not a comment, & not *an alias* !tag"
    assert data["keywords"] == ["null", "yes", "2021", "~", "'quoted'", '"double"', "{braces}",
                                "[brackets]", "- dash"]


def front_matter_of_text(text: str) -> dict[str, Any]:
    front, _, _ = split_front_matter(text, "x.md")
    return parse_yaml(front, "x.md", line_offset=1).data


# --- Bad answers: field-level messages and no file ----------------------------------------------

def bad_case() -> str:
    text = body("case")
    for old, new in [
        ("### Year the work started\n\n2021", "### Year the work started\n\ntwenty-one"),
        ("Interview with the pilot's product owner", "Interview | ftp://files.example.org/x"),
        ("https://www.espoo.fi/ | report", "https://www.espoo.fi/ | reprot"),
        ("2021-09 to 2022-01", "2022-09 to 2021-01"),
        ("The city wanted", "The city<br> wanted"),
    ]:
        assert old in text
        text = text.replace(old, new)
    return text


def test_bad_answers_get_field_level_messages_and_no_file(content: Path, opit) -> None:
    issue = content.parent / "issue.md"
    issue.write_text(bad_case(), encoding="utf-8")
    before = sorted(p.name for p in (content / "cases").iterdir())
    done = opit("--content", str(content), "from-issue", str(issue))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "error: Sources (line 2): sources item 2, url: URL scheme 'ftp' is not allowed; links "
        "must start with https:// (or http://)",
        "error: Links (line 1): links item 1, kind: 'reprot' is not allowed; use one of: "
        "recording, slides, report, article, website, dataset, other; did you mean 'report'?",
        "error: Year the work started: year: 'twenty-one' is not a whole number",
        "error: When the work ran: period: period ends (2021-01) before it starts (2022-09)",
        "error: The story (line 1): raw HTML is not allowed in entry text: '<br>'; write it in "
        "Markdown (e.g. **bold**, [link](https://...), lists with '- ')",
        "5 error(s); no file written. Edit the issue's answers and try again.",
    ]
    assert sorted(p.name for p in (content / "cases").iterdir()) == before


def test_an_unknown_theme_is_named_with_a_suggestion(content: Path) -> None:
    text = body("case").replace("digital-services\nco-creation", "co-creation\ndigital-service")
    assert errors_of(text, content) == [
        "error: Themes (line 2): unknown theme 'digital-service'; did you mean "
        "'digital-services'?"
    ]


def test_an_empty_required_answer_is_named(content: Path) -> None:
    text = body("case").replace(
        "### Sources\n\nChatbot pilot final report | City of Espoo | https://www.espoo.fi/ | "
        "1.3.2022\nInterview with the pilot's product owner", f"### Sources\n\n{NO_RESPONSE}")
    assert errors_of(text, content) == ["error: Sources: this is needed; fill it in"]


def test_an_unticked_licence_is_refused(content: Path) -> None:
    text = body("event").replace("- [X] I can publish", "- [ ] I can publish")
    assert errors_of(text, content) == [
        "error: Licence: tick the box 'I can publish this text under the Creative Commons "
        "Attribution 4.0 licence (CC BY 4.0).'"
    ]


def test_a_bad_finding_label_is_pointed_out(content: Path) -> None:
    text = body("workshop").replace("Barrier: resources", "Barier: resources")
    assert errors_of(text, content) == [
        "error: Findings (line 9): unknown label 'Barier:'; did you mean 'barrier'?"
    ]


def test_a_bad_finding_value_points_at_its_line(content: Path) -> None:
    text = body("workshop").replace("Barrier: resources", "Barrier: money")
    [message] = errors_of(text, content)
    assert message.startswith("error: Findings (line 9): findings item 2, barrier: 'money' is "
                              "not allowed; use one of: regulation, resources, operating-model")


def test_a_repeated_finding_id_points_at_the_repeat(content: Path) -> None:
    text = body("workshop").replace("Status: in progress",
                                    "Status: in progress\nId: pilots-end-with-funding")
    assert errors_of(text, content) == [
        "error: Findings (line 11): findings item 2, id: finding id 'pilots-end-with-funding' is "
        "used twice; make each id unique"]


def test_a_case_without_lessons_is_written_with_a_warning(content: Path, opit) -> None:
    text = body("case")
    for label in ("Lessons", "Challenges and failures", "Conditions for success"):
        start = text.index(f"### {label}\n\n") + len(f"### {label}\n\n")
        end = text.index("\n\n###", start)
        text = text[:start] + NO_RESPONSE + text[end:]
    issue = content.parent / "issue.md"
    issue.write_text(text, encoding="utf-8")
    done = opit("--content", str(content), "from-issue", str(issue))
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        "warning: Lessons: this case has no lessons, challenges_and_failures or "
        "conditions_for_success; add what others can learn from it"]
    assert Path(done.stdout.strip()).exists()


def test_an_existing_entry_is_never_overwritten(content: Path) -> None:
    text = body("case").replace(
        "### Short name for the web address\n\n_No response_",
        "### Short name for the web address\n\ndigione-learning-ecosystem")
    before = (content / "cases" / "digione-learning-ecosystem.md").read_bytes()
    assert errors_of(text, content) == [
        "error: Short name for the web address: an entry 'digione-learning-ecosystem' already "
        f"exists ({content / 'cases' / 'digione-learning-ecosystem.md'}); choose another short "
        "name"
    ]
    assert (content / "cases" / "digione-learning-ecosystem.md").read_bytes() == before


def test_running_twice_does_not_overwrite(content: Path, opit) -> None:
    issue = BODIES / "event.md"
    first = opit("--content", str(content), "from-issue", str(issue))
    assert first.returncode == 0, first.stderr
    path = Path(first.stdout.strip())
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited by an editor.\n",
                    encoding="utf-8")
    again = opit("--content", str(content), "from-issue", str(issue))
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert path.read_text(encoding="utf-8").endswith("Edited by an editor.\n")


def test_the_body_can_come_from_standard_input(content: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "--content", str(content),
                           "from-issue", "-", "--type", "workshop"], input=body("workshop"),
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == content / "workshops" / (
        "example-shared-customer-data-workshop.md")


def test_out_never_overwrites_and_must_match_the_type(content: Path, tmp_path: Path) -> None:
    taken = tmp_path / "taken.md"
    taken.write_text("mine\n", encoding="utf-8")
    assert errors_of(body("event"), content, out=taken) == [
        f"error: --out: {taken} already exists; it is never overwritten"]
    assert errors_of(body("event"), content, out=tmp_path / "cases" / "an-event.md") == [
        "error: --out: an event belongs in events/, not cases/"]
    assert taken.read_text(encoding="utf-8") == "mine\n"


def test_a_bad_short_name_gets_a_suggestion(content: Path) -> None:
    text = body("event").replace("### Short name for the web address\n\n_No response_",
                                 "### Short name for the web address\n\nNetwork Meeting 2022")
    assert errors_of(text, content) == [
        "error: Short name for the web address: 'Network Meeting 2022' cannot be a web address; "
        "use 3-80 lowercase letters, digits and hyphens, e.g. 'network-meeting-2022'"
    ]


# --- Forms and contract cannot drift ------------------------------------------------------------

def _literals(annotation: Any) -> set[str]:
    if get_origin(annotation) is Literal:
        return {str(a) for a in get_args(annotation)}
    found: set[str] = set()
    if get_origin(annotation) in (list, typing.Union, typing.Annotated) or get_args(annotation):
        for arg in get_args(annotation):
            found |= _literals(arg)
    return found


def _contract_field(entry_type: str, field_id: str) -> Any:
    """The Pydantic field a form field fills in (None for the form-only fields)."""
    if field_id in FORM_ONLY:
        return None
    loc = FIELD_PATHS.get(field_id, (field_id,))
    model = model_at(ENTRY_MODELS[entry_type], loc[:-1])  # type: ignore[index]
    assert model is not None and loc[-1] in model.model_fields, (
        f"{entry_type} form field '{field_id}' maps to no key of the {entry_type} contract")
    return model.model_fields[loc[-1]]


@pytest.mark.parametrize("entry_type", TYPES)
def test_every_form_field_maps_to_a_contract_field(entry_type: str) -> None:
    for field in load_forms()[entry_type].fields:
        assert field.id in PARSERS or field.id in FORM_ONLY, f"no parser for '{field.id}'"
        _contract_field(entry_type, field.id)


@pytest.mark.parametrize("entry_type", TYPES)
def test_every_required_key_has_a_required_form_field(entry_type: str) -> None:
    form = load_forms()[entry_type]
    required_in_form = {FIELD_PATHS.get(f.id, (f.id,))[0] for f in form.fields if f.required}
    model = ENTRY_MODELS[entry_type]  # type: ignore[index]
    needed = {name for name, info in model.model_fields.items() if info.is_required()}
    assert needed - {"published"} <= required_in_form  # from-issue sets published itself
    assert {"body", "license"} <= {f.id for f in form.fields if f.required}


@pytest.mark.parametrize("entry_type", TYPES)
def test_dropdown_options_are_exactly_the_controlled_vocabulary(entry_type: str) -> None:
    for field in load_forms()[entry_type].fields:
        if field.kind != "dropdown":
            continue
        allowed = _literals(_contract_field(entry_type, field.id).annotation)
        values = [option_value(option) for option in field.options]
        assert sorted(values) == sorted(allowed), field.id
        for option in field.options:
            assert OPTION_SEPARATOR in option and "," not in option, option


@pytest.mark.parametrize("entry_type", TYPES)
def test_form_files_are_valid_issue_forms(entry_type: str) -> None:
    data = yaml.safe_load((FORMS_DIR / f"{entry_type}.yml").read_text(encoding="utf-8"))
    assert data["name"] and data["description"] and isinstance(data["body"], list)
    ids = [item["id"] for item in data["body"] if "id" in item]
    labels = [item["attributes"]["label"] for item in data["body"] if item["type"] != "markdown"]
    assert len(ids) == len(set(ids)) and len(labels) == len(set(labels))
    for item in data["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if item["type"] != "markdown":
            assert item["id"].replace("_", "").replace("-", "").isalnum()
            assert set(item) <= {"type", "id", "attributes", "validations"}
    assert data["body"][-1]["id"] == "body"  # the story last: its own headings stay its own


def test_issue_template_config_exists() -> None:
    config = yaml.safe_load((FORMS_DIR / "config.yml").read_text(encoding="utf-8"))
    assert isinstance(config["blank_issues_enabled"], bool)


# --- Reading the rendered Markdown --------------------------------------------------------------

def test_sections_are_split_in_the_form_order() -> None:
    form = load_forms()["event"]
    text = body("event").replace(
        "Two speakers described", "### Sources\n\nA heading in the story\n\nTwo speakers described")
    answers = split_answers(text, form)
    assert answers["sources"].text.startswith("Meeting notes | Finnish Digital Agency")
    assert answers["body"].text.startswith("### Sources\n\nA heading in the story")
    assert answers["participants_count"].text is None
    assert answers["license"].checked


@pytest.mark.parametrize(("written", "expected"), [
    ("2021-09", {"start": "2021-09"}),
    ("2021-09 to 2022-01", {"start": "2021-09", "end": "2022-01"}),
    ("2021-09 – 2022-01", {"start": "2021-09", "end": "2022-01"}),
    ("2021-09/2022-01-15", {"start": "2021-09", "end": "2022-01-15"}),
])
def test_period_formats(written: str, expected: dict[str, str], content: Path) -> None:
    text = body("case").replace("2021-09 to 2022-01", written)
    data = front_matter_of_text(entry_from_issue(text, content, today=TODAY).text)
    assert data["period"] == expected
