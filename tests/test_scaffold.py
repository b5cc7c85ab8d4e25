"""`opit new`: a template with every key that, once its TODOs are filled in, validates.

The round trip: write the scaffold, see each TODO reported at its line, fill the TODOs in, and
the entry validates. Every optional key, uncommented, is valid against the model too, so the
commented examples never teach a contributor something that fails.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.intake.scaffold import TODO, new_entry, scaffold
from generator.read.positions import parse_yaml
from generator.read.text_files import split_front_matter
from generator.validate.explain import validate_document
from schemas.models import ENTRY_MODELS
from tests.support import MINIMAL, ContentFolder, run_opit

TYPES = ["case", "workshop", "event"]
FOLDERS = {"case": "cases", "workshop": "workshops", "event": "events"}
TODAY = date(2024, 6, 12)


def fill_in(text: str) -> str:
    """The scaffold as a contributor would fill it in: each TODO replaced by the example or the
    first choice beside it, the TODO text prefixes dropped, and ids from the minimal fixture."""
    text = re.sub(rf"{TODO}  # (?:example|one of): ([^,\n]+).*", r"\1", text)
    text = text.replace(f"{TODO}: ", "").replace("ministry-of-finance", "example-city")
    assert not [line for line in text.splitlines() if TODO in line and not line.startswith("#")]
    return text


def leaves(value: object) -> list[object]:
    """Every scalar value inside `value`."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item)]
    return [value]


def uncomment(text: str, keys: set[str]) -> str:
    """Uncomment the optional `keys` (a '# key:' line and its '#   ' continuation lines)."""
    lines, inside = [], False
    for line in text.splitlines():
        match = re.match(r"# (\w+):", line)
        if match and match.group(1) in keys:
            inside = True
            lines.append(line[2:])
        elif inside and line.startswith("#   "):
            lines.append(line[2:])
        else:
            inside = False
            lines.append(line)
    return "\n".join(lines) + "\n"


def front_matter(text: str) -> dict:
    front, _, _ = split_front_matter(text, "new.md")
    return parse_yaml(front, "new.md", line_offset=1).data


# ---------------------------------------------------------------------------------------------
# What the scaffold contains.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry_type", TYPES)
def test_the_scaffold_has_every_key_required_ones_written_optional_ones_commented(
    entry_type: str,
) -> None:
    text = scaffold(entry_type, today=TODAY)
    for name, info in ENTRY_MODELS[entry_type].model_fields.items():
        if name == "type":
            continue
        if info.is_required():
            assert re.search(rf"^{name}:", text, re.MULTILINE), name
        else:
            assert re.search(rf"^# {name}:", text, re.MULTILINE), name


@pytest.mark.parametrize("entry_type", TYPES)
def test_each_key_is_explained_by_a_comment_above_it(entry_type: str) -> None:
    lines = scaffold(entry_type, today=TODAY).splitlines()
    lines = lines[: lines.index("---", 1)]  # the front matter
    for index, line in enumerate(lines):
        if re.match(r"(# )?\w+:", line) and not lines[index - 1].startswith("#   "):
            assert lines[index - 1].startswith("# "), line


@pytest.mark.parametrize("entry_type", TYPES)
def test_every_value_the_scaffold_writes_is_a_todo_even_in_the_commented_keys(
    entry_type: str,
) -> None:
    """No fact of the template (a source, a date, an organisation, a choice) passes validation
    as written: only the type and the language asked for are filled in."""
    text = uncomment(scaffold(entry_type, today=TODAY), set(ENTRY_MODELS[entry_type].model_fields))
    data = front_matter(text)
    assert data.pop("language") == "en"
    assert set(data) == set(ENTRY_MODELS[entry_type].model_fields) - {"type", "language"}
    values = leaves(data)
    assert values and all(TODO in str(value) for value in values), values


@pytest.mark.parametrize("entry_type", TYPES)
def test_each_date_is_a_todo_with_todays_date_as_its_example(entry_type: str) -> None:
    text = scaffold(entry_type, today=TODAY)
    assert "\npublished: TODO  # example: 2024-06-12\n" in text
    assert "\n# updated: TODO  # example: 2024-06-12\n" in text
    if entry_type == "case":
        assert "\nyear: TODO  # example: 2024\n" in text
    else:
        assert "\ndate: TODO  # example: 2024-06-12\n" in text


def test_the_source_is_todos_with_examples_in_comments() -> None:
    text = scaffold("case", today=TODAY)
    assert ("sources:\n"
            '  - title: "TODO: title of the report, article or talk"\n'
            "    publisher: TODO  # example: Ministry of Finance\n"
            "    url: TODO  # example: https://vm.fi/\n"
            "    date: TODO  # example: 2023-01-26\n") in text


@pytest.mark.parametrize("title", [
    "Espoo chatbot pilot",
    'The "quick" pilot: what we learned',
    "Back\\slashes and # hashes",
    "Hämeenlinnan ajanvarauskokeilu – vaihe 2",
])
def test_a_given_title_is_written_exactly_even_with_quotes_and_colons(title: str) -> None:
    assert front_matter(scaffold("case", title, today=TODAY))["title"] == title


# ---------------------------------------------------------------------------------------------
# The round trip: TODOs reported, then filled in, then valid.
# ---------------------------------------------------------------------------------------------


def test_an_unfilled_case_scaffold_reports_each_todo_at_its_line(folder: ContentFolder) -> None:
    path = folder.write("cases/new-case.md", scaffold("case", today=TODAY))
    text = (folder.content / "cases" / "new-case.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    todo_lines = [i + 1 for i, line in enumerate(lines)
                  if TODO in line and not line.startswith("#")]
    found = folder.diagnostics()
    assert {d.path for d in found} == {path}
    assert {d.code for d in found} == {"todo"}
    assert [d.line for d in found] == todo_lines
    replace = "still says TODO; replace the TODO with the real value"
    assert [d.message for d in found] == [
        f"title {replace}",
        f"summary {replace}",
        f"themes item 1 {replace}",
        f"organisations item 1 {replace}",
        f"published {replace}",
        f"sources item 1, title {replace}",
        f"sources item 1, publisher {replace}, or delete the line",
        f"sources item 1, url {replace}, or delete the line",
        f"sources item 1, date {replace}, or delete the line",
        f"year {replace}",
        f"level_of_government {replace}",
        f"stage {replace}",
        "the text still says TODO; write it and delete the placeholder",
    ]


def test_an_unfilled_workshop_scaffold_reports_its_finding_todos(folder: ContentFolder) -> None:
    folder.write("workshops/new-workshop.md", scaffold("workshop", "A new workshop", TODAY))
    messages = [d.message for d in folder.diagnostics()]
    replace = "still says TODO; replace the TODO with the real value"
    assert f"findings item 1, id {replace}" in messages
    assert f"findings item 1, statement {replace}" in messages
    assert f"findings item 1, barrier {replace}, or delete the line" in messages
    assert f"findings item 1, proposals item 1 {replace}" in messages
    assert not any("title" in m and "sources" not in m for m in messages)


@pytest.mark.parametrize("entry_type", TYPES)
def test_opit_validate_refuses_an_untouched_scaffold_naming_each_todo_line(
    tmp_path: Path, entry_type: str,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    assert run_opit("--content", str(content), "new", entry_type, "untouched").returncode == 0
    path = content / FOLDERS[entry_type] / "untouched.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    todo_lines = [n for n, line in enumerate(lines, start=1)
                  if TODO in line and not line.startswith("#")]
    done = run_opit("--content", str(content), "validate")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    reported = re.findall(rf"^{re.escape(str(path))}:(\d+):\d+: error: (.*)$", done.stderr, re.M)
    assert [int(line) for line, _ in reported] == todo_lines
    for line, message in reported:
        assert "still says TODO; replace the TODO with the real value" in message or (
            message == "the text still says TODO; write it and delete the placeholder"), line
    assert done.stderr.endswith(f"{len(todo_lines)} error(s), 0 warning(s)\n")


@pytest.mark.parametrize("entry_type", TYPES)
def test_the_scaffold_filled_in_validates(folder: ContentFolder, entry_type: str) -> None:
    text = fill_in(scaffold(entry_type, "A new entry for the round trip", TODAY))
    if entry_type == "case":
        text = uncomment(text, {"lessons"})
    folder.write(f"{FOLDERS[entry_type]}/round-trip.md", text)
    assert folder.diagnostics() == []
    assert "round-trip" in folder.catalog().entries


def test_a_filled_in_case_without_lessons_is_valid_with_a_warning(folder: ContentFolder) -> None:
    folder.write("cases/round-trip.md", fill_in(scaffold("case", "A new case", TODAY)))
    assert [(d.severity, d.code) for d in folder.diagnostics()] == [("warning", "no-lessons")]


@pytest.mark.parametrize("entry_type", TYPES)
def test_every_optional_key_uncommented_is_valid_against_the_model(entry_type: str) -> None:
    model = ENTRY_MODELS[entry_type]
    text = uncomment(fill_in(scaffold(entry_type, "Every key written out", TODAY)),
                     set(model.model_fields))
    front, _, _ = split_front_matter(text, "new.md")
    document = parse_yaml(front, "new.md", line_offset=1)
    assert set(document.data) == set(model.model_fields) - {"type"}
    record, problems = validate_document(document, model)
    assert problems == []
    assert record is not None


# ---------------------------------------------------------------------------------------------
# Writing the file: new_entry and the `opit new` command.
# ---------------------------------------------------------------------------------------------


def test_new_entry_writes_into_the_folder_of_its_type(tmp_path: Path) -> None:
    path = new_entry(tmp_path / "content", "event", "new-event", "A new event")
    assert path == tmp_path / "content" / "events" / "new-event.md"
    assert front_matter(path.read_text(encoding="utf-8"))["title"] == "A new event"


def test_new_entry_never_overwrites_a_file(tmp_path: Path) -> None:
    path = tmp_path / "content" / "cases" / "taken.md"
    path.parent.mkdir(parents=True)
    path.write_text("precious\n")
    with pytest.raises(FileExistsError):
        new_entry(tmp_path / "content", "case", "taken", None)
    assert path.read_text() == "precious\n"


def test_opit_new_writes_the_file_and_says_what_to_do_next(tmp_path: Path) -> None:
    content = tmp_path / "content"
    result = run_opit("--content", str(content), "new", "case", "espoo-chatbot-pilot",
                      "--title", "Espoo chatbot pilot")
    path = content / "cases" / "espoo-chatbot-pilot.md"
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"wrote {path}: fill in the TODOs, then run: opit validate {path}\n")
    text = path.read_text(encoding="utf-8")
    assert front_matter(text)["title"] == "Espoo chatbot pilot"
    assert f"\npublished: TODO  # example: {date.today().isoformat()}\n" in text


def test_opit_new_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "content" / "workshops" / "taken.md"
    path.parent.mkdir(parents=True)
    path.write_text("precious\n")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = run_opit("--content", str(tmp_path / "content"), "new", "workshop", "taken")
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {path} already exists; pick another id or edit that file\n")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(("slug", "example"), [
    ("Espoo-Pilot", "espoo-pilot"), ("ab", "espoo-chatbot-pilot"), ("espoo_pilot", "espoo-pilot"),
    ("espoo-", "espoo"), ("espoo--pilot", "espoo-pilot"), ("Hämeenlinna-ß", "hameenlinna-ss"),
])
def test_opit_new_refuses_an_invalid_id_and_writes_nothing(tmp_path: Path, slug: str,
                                                           example: str) -> None:
    result = run_opit("--content", str(tmp_path / "content"), "new", "case", slug)
    assert result.returncode == 2
    assert result.stderr == (
        f"error: '{slug}' is not a valid id; use 3-80 lowercase letters, digits and hyphens, "
        f"e.g. {example}\n")
    assert not (tmp_path / "content").exists()
    assert "Traceback" not in result.stderr
