"""Reading files: safe YAML, nothing lost, every value's position kept, every failure explained.

The reader and the loader turn files into plain data with positions. They never construct
objects from YAML tags, never let a duplicate key overwrite another, and report a file they cannot
read as a diagnostic that names the file, never as a traceback.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.read.content_folder import load_content
from generator.read.positions import MAX_DEPTH, Document, Mark, ReadError, parse_yaml
from generator.read.text_files import MAX_FILE_BYTES, read_entry, read_registry

SHOWN = "content/cases/example.md"


def problems(text: str, line_offset: int = 0) -> list[tuple[int, int, str, str]]:
    """(line, column, code, message) of each problem `parse_yaml` finds in `text`."""
    with pytest.raises(ReadError) as caught:
        parse_yaml(text, SHOWN, line_offset)
    return [(d.line, d.column, d.code, d.message) for d in caught.value.diagnostics]


def entry_problems(tmp_path: Path, content: str | bytes) -> list[Diagnostic]:
    path = tmp_path / "example.md"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_entry(path, SHOWN)
    return caught.value.diagnostics


def read(tmp_path: Path, content: str | bytes) -> Document:
    path = tmp_path / "example.md"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return read_entry(path, SHOWN)


# ---------------------------------------------------------------------------------------------
# Scalars: plain text stays text (YAML 1.2 style); the schemas parse numbers and dates.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["no", "No", "NO", "yes", "on", "off", "y", "n", "true", "false"])
def test_yaml_11_boolean_words_stay_text(word: str) -> None:
    assert parse_yaml(f"language: {word}\n", SHOWN).data == {"language": word}


def test_numbers_and_dates_stay_text_for_the_schemas_to_parse() -> None:
    data = parse_yaml("year: 2023\ncount: 1e3\npublished: 2024-04-02\nstart: 09:30\n", SHOWN).data
    assert data == {"year": "2023", "count": "1e3", "published": "2024-04-02", "start": "09:30"}


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_an_empty_value_and_the_null_words_mean_not_given(written: str) -> None:
    assert parse_yaml(f"updated: {written}\n", SHOWN).data == {"updated": None}


@pytest.mark.parametrize("written", ['""', "''", '"null"', "'~'"])
def test_a_quoted_value_is_always_text(written: str) -> None:
    assert parse_yaml(f"title: {written}\n", SHOWN).data == {"title": written[1:-1]}


def test_block_text_keeps_its_line_breaks() -> None:
    data = parse_yaml("summary: |\n  first line\n  second line\n", SHOWN).data
    assert data == {"summary": "first line\nsecond line\n"}


# ---------------------------------------------------------------------------------------------
# Positions: every key and value remembers its 1-based line and column in the file.
# ---------------------------------------------------------------------------------------------


def test_keys_and_values_remember_their_file_line_and_column() -> None:
    text = "title: A title\nsources:\n  - title: Report\n    url: https://example.org/\n"
    document = parse_yaml(text, SHOWN, line_offset=1)  # front matter starts on line 2
    assert document.keys[("title",)] == Mark(2, 1)
    assert document.values[("title",)] == Mark(2, 8)
    assert document.keys[("sources", 0, "url")] == Mark(5, 5)
    assert document.values[("sources", 0, "url")] == Mark(5, 10)
    assert document.values[("sources", 0)] == Mark(4, 5)


def test_where_prefers_the_value_and_falls_back_to_the_nearest_parent() -> None:
    document = parse_yaml("title: A title\nsources:\n  - title: Report\n", SHOWN)
    assert document.where(("title",)) == Mark(1, 8)
    assert document.where(("title",), key=True) == Mark(1, 1)
    assert document.where(("sources", 0, "url")) == Mark(3, 5)
    assert document.where(("missing", "deeper")) == Mark(1, 1)


def test_an_entry_knows_where_its_body_starts(tmp_path: Path) -> None:
    document = read(tmp_path, "---\ntitle: A title\n---\n\nFirst paragraph.\n")
    assert document.data == {"title": "A title"}
    assert document.values[("title",)] == Mark(2, 8)
    assert document.body == "\nFirst paragraph.\n"
    assert document.body_line == 4


def test_windows_line_endings_keep_the_same_positions(tmp_path: Path) -> None:
    document = read(tmp_path, b"---\r\ntitle: A title\r\nlanguage: en\r\n---\r\nText.\r\n")
    assert document.data == {"title": "A title", "language": "en"}
    assert document.values[("language",)] == Mark(3, 11)
    assert document.body_line == 5


def test_a_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    document = read(tmp_path, b"\xef\xbb\xbf---\ntitle: A title\n---\nText.\n")
    assert document.data == {"title": "A title"}
    assert document.values[("title",)] == Mark(2, 8)


def test_front_matter_may_end_with_three_dots(tmp_path: Path) -> None:
    assert read(tmp_path, "---\ntitle: A title\n...\nText.\n").body == "Text.\n"


# ---------------------------------------------------------------------------------------------
# Nothing lost: duplicate keys, and YAML features that would hide or invent data.
# ---------------------------------------------------------------------------------------------


def test_a_duplicate_key_points_at_the_second_and_names_the_first_line() -> None:
    assert problems("title: First\nlanguage: en\ntitle: Second\n", line_offset=1) == [
        (4, 1, "duplicate-key",
         "duplicate key 'title' (first given on line 2); keep one and delete the other")
    ]


def test_a_duplicate_key_inside_a_list_item_is_found_too() -> None:
    text = "sources:\n  - title: A\n    url: https://a.example/\n    title: B\n"
    assert problems(text) == [
        (4, 5, "duplicate-key",
         "duplicate key 'title' (first given on line 2); keep one and delete the other")
    ]


def test_every_duplicate_key_is_reported_in_one_run() -> None:
    found = problems("a: 1\nb: 2\na: 3\nb: 4\n")
    assert [(line, code) for line, _, code, _ in found] == [
        (3, "duplicate-key"), (4, "duplicate-key")]


def test_an_alias_is_refused_where_it_is_used_not_where_the_anchor_is() -> None:
    text = "themes: &shared\n  - digital-services\nkeywords: *shared\n"
    assert problems(text, line_offset=1) == [
        (4, 11, "yaml-alias",
         "YAML aliases (*shared) are not allowed in content; write the value out in full")
    ]


def test_every_use_of_an_alias_is_reported() -> None:
    text = "a: &x text\nb: *x\nc:\n  - *x\n"
    assert [(line, column) for line, column, _, _ in problems(text)] == [(2, 4), (4, 5)]


def test_a_merge_key_is_refused_with_its_own_message() -> None:
    text = "base: &b\n  title: A\nentry:\n  <<: *b\n"
    found = problems(text)
    assert (4, 3, "yaml-merge",
            "YAML merge keys ('<<') are not allowed; write the keys out") in found


def test_a_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "was-run"
    text = f"stage: !!python/object/apply:os.system ['touch {marker}']\n"
    assert problems(text) == [
        (1, 8, "yaml-tag",
         "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; remove it "
         "and write a plain value")
    ]
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!custom", "!!binary", "!!set", "!!omap"])
def test_any_tag_beyond_plain_values_is_refused(tag: str) -> None:
    [(line, column, code, _)] = problems(f"title: {tag} x\n")
    assert (line, column, code) == (1, 8, "yaml-tag")


def test_plain_tags_for_ordinary_values_are_accepted() -> None:
    assert parse_yaml("year: !!str 2023\n", SHOWN).data == {"year": "2023"}


def test_a_list_used_as_a_key_is_refused() -> None:
    assert problems("? [a, b]\n: value\n") == [
        (1, 3, "yaml-key", "a key must be a plain name such as 'title', not a list or a mapping")
    ]


def test_values_nested_too_deep_are_refused() -> None:
    depth = MAX_DEPTH + 5
    [(line, _, code, message)] = problems("a: " + "[" * depth + "]" * depth + "\n")
    assert (line, code) == (1, "yaml-too-deep")
    assert message == (
        f"values are nested more than {MAX_DEPTH} levels deep; flatten the structure")


# ---------------------------------------------------------------------------------------------
# YAML syntax errors: the right line, and a hint a contributor can act on.
# ---------------------------------------------------------------------------------------------


def test_a_tab_used_for_indentation_points_at_the_tab() -> None:
    assert problems("title: A title\nthemes:\n\t- digital-services\n", line_offset=1) == [
        (4, 1, "yaml-syntax",
         "invalid YAML: a tab character; YAML allows only spaces for indentation")
    ]


def test_a_tab_inside_a_value_is_just_whitespace() -> None:
    assert parse_yaml("title:\tA title\n", SHOWN).data == {"title": "A title"}


def test_an_unquoted_colon_in_text_says_to_use_quotes() -> None:
    assert problems("title: Lessons: what we learned\n", line_offset=1) == [
        (2, 15, "yaml-syntax",
         "invalid YAML: mapping values are not allowed in this context; check the indentation "
         "and that text containing ': ' or '#' is in quotes")
    ]


def test_a_second_document_in_one_file_says_to_remove_the_extra_separator() -> None:
    assert problems("- id: a\n---\n- id: b\n") == [
        (2, 1, "yaml-syntax",
         "invalid YAML: but found another document; a YAML file holds one document here; "
         "remove the extra '---' line")
    ]


# ---------------------------------------------------------------------------------------------
# Files that cannot be read as entries.
# ---------------------------------------------------------------------------------------------


def test_a_file_that_is_not_utf8_points_at_the_first_bad_byte(tmp_path: Path) -> None:
    content = "---\ntitle: Hämeenlinna pilot\n---\n".encode("latin-1")
    assert entry_problems(tmp_path, content) == [
        Diagnostic(SHOWN, 2, 9, "error", "not-utf8",
                   "byte 0xe4 is not UTF-8; save the file as UTF-8 (in most editors: "
                   "File > Save with encoding > UTF-8)")
    ]


def test_a_file_with_a_nul_byte_is_not_text(tmp_path: Path) -> None:
    assert entry_problems(tmp_path, b"---\ntitle: A\x00\n---\n") == [
        Diagnostic(SHOWN, 2, 1, "error", "binary",
                   "file contains a NUL byte; it is not a text file. Save it as UTF-8 text")
    ]


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    [problem] = entry_problems(tmp_path, b"---\n" + b"x" * MAX_FILE_BYTES)
    assert (problem.line, problem.column, problem.code) == (1, 1, "too-large")
    assert problem.message.startswith(f"file is {MAX_FILE_BYTES + 4:,} bytes; the limit is ")


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_an_empty_file_points_to_the_template_command(tmp_path: Path, content: str) -> None:
    assert entry_problems(tmp_path, content) == [
        Diagnostic(SHOWN, 1, 1, "error", "empty",
                   "file is empty; an entry starts with front matter between '---' lines "
                   "(`opit new case my-case` writes a template)")
    ]


def test_a_file_without_front_matter_explains_the_layout(tmp_path: Path) -> None:
    assert entry_problems(tmp_path, "# A heading\n\ntitle: not front matter\n") == [
        Diagnostic(SHOWN, 1, 1, "error", "no-front-matter",
                   "no front matter: the file must start with a line '---', then the YAML keys, "
                   "then another '---' line, then the text")
    ]


def test_front_matter_without_its_closing_line_says_where_to_add_it(tmp_path: Path) -> None:
    assert entry_problems(tmp_path, "---\ntitle: A title\n\nThe text.\n") == [
        Diagnostic(SHOWN, 1, 1, "error", "unclosed-front-matter",
                   "front matter is not closed: add a line '---' after the last key, "
                   "before the text")
    ]


@pytest.mark.parametrize("front", ["", "- a list\n- not keys\n", "just text\n"])
def test_front_matter_that_is_not_keys_and_values_is_an_error(
    tmp_path: Path, front: str
) -> None:
    assert entry_problems(tmp_path, f"---\n{front}---\nText.\n") == [
        Diagnostic(SHOWN, 2, 1, "error", "front-matter-not-mapping",
                   "front matter must be keys and values ('title: ...'), one per line")
    ]


def test_yaml_errors_in_front_matter_count_lines_from_the_top_of_the_file(
    tmp_path: Path,
) -> None:
    [problem] = entry_problems(tmp_path, "---\ntitle: A\ntitle: B\n---\n")
    assert (problem.line, problem.column, problem.code) == (3, 1, "duplicate-key")


# ---------------------------------------------------------------------------------------------
# Registries.
# ---------------------------------------------------------------------------------------------


def test_a_registry_is_a_list_with_positions(tmp_path: Path) -> None:
    path = tmp_path / "themes.yml"
    path.write_text("# Themes\n\n- id: digital-services\n  name:\n    en: Digital services\n")
    document = read_registry(path, "content/themes.yml")
    assert document.data == [{"id": "digital-services", "name": {"en": "Digital services"}}]
    assert document.values[(0, "id")] == Mark(3, 7)


def test_an_empty_registry_is_an_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "themes.yml"
    path.write_text("# nothing yet\n")
    assert read_registry(path, "content/themes.yml").data == []


def test_a_registry_that_is_a_mapping_says_how_to_write_a_list(tmp_path: Path) -> None:
    path = tmp_path / "themes.yml"
    path.write_text("id: digital-services\n")
    with pytest.raises(ReadError) as caught:
        read_registry(path, "content/themes.yml")
    assert caught.value.diagnostics == [
        Diagnostic("content/themes.yml", 1, 1, "error", "registry-not-list",
                   "a registry is a list: start each item with '- id: ...'")
    ]


# ---------------------------------------------------------------------------------------------
# The loader: which files are read, and which are reported.
# ---------------------------------------------------------------------------------------------

ENTRY = "---\ntitle: A title\n---\nText.\n"


def load(root: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    """(entry relpaths, (path, code, message) of each diagnostic) with `root` as working folder."""
    with contextlib.chdir(root):
        content = load_content(Path("content"))
    return (
        [entry.relpath for entry in content.entries],
        [(d.path, d.code, d.message) for d in content.diagnostics],
    )


def make(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = root / "content" / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_folder_gives_each_entry_its_type_and_the_file_name_its_id(tmp_path: Path) -> None:
    make(tmp_path, {"cases/a-case.md": ENTRY, "workshops/a-workshop.md": ENTRY,
                    "events/an-event.md": ENTRY})
    with contextlib.chdir(tmp_path):
        content = load_content(Path("content"))
    assert [(e.id, e.type, e.relpath) for e in content.entries] == [
        ("a-case", "case", "cases/a-case.md"),
        ("a-workshop", "workshop", "workshops/a-workshop.md"),
        ("an-event", "event", "events/an-event.md"),
    ]
    assert content.diagnostics == []


def test_an_unexpected_file_in_content_suggests_the_expected_name(tmp_path: Path) -> None:
    make(tmp_path, {"theme.yml": "[]\n"})
    assert load(tmp_path)[1] == [
        ("content/theme.yml", "unknown-file",
         "unexpected file 'theme.yml'; did you mean 'themes.yml'?")
    ]


def test_an_unexpected_folder_in_content_lists_what_belongs_there(tmp_path: Path) -> None:
    make(tmp_path, {"drafts/idea.md": ENTRY})
    assert load(tmp_path)[1] == [
        ("content/drafts", "unknown-file",
         "unexpected folder 'drafts'; content/ holds only cases, events, organisations.yml, "
         "series.yml, themes.yml, workshops")
    ]


def test_a_file_that_is_not_markdown_in_an_entry_folder_is_reported(tmp_path: Path) -> None:
    make(tmp_path, {"cases/notes.txt": "x\n"})
    assert load(tmp_path)[1] == [
        ("content/cases/notes.txt", "unknown-file",
         "'notes.txt' is not an entry; entries are Markdown files ending in .md")
    ]


@pytest.mark.parametrize("name, suggestion", [
    ("Upper-Case.md", "upper-case.md"),
    ("my case.md", "my-case.md"),
    ("under_score.md", "under-score.md"),
    (f"{'a' * 79}-b.md", f"{'a' * 79}.md"),
])
def test_a_file_name_that_is_not_a_valid_id_suggests_one(
    tmp_path: Path, name: str, suggestion: str
) -> None:
    make(tmp_path, {f"cases/{name}": ENTRY})
    assert load(tmp_path) == ([], [
        (f"content/cases/{name}", "bad-file-name",
         f"file name '{name}' is not a valid id (3-80 lowercase letters, digits and hyphens); "
         f"rename it to '{suggestion}'")
    ])


@pytest.mark.parametrize("name", ["ab.md", "Ä.md"])
def test_a_file_name_too_short_for_an_id_asks_for_a_descriptive_name(
    tmp_path: Path, name: str
) -> None:
    make(tmp_path, {f"cases/{name}": ENTRY})
    assert load(tmp_path) == ([], [
        (f"content/cases/{name}", "bad-file-name",
         f"file name '{name}' is not a valid id (3-80 lowercase letters, digits and hyphens); "
         "give it a name that says what the entry is about, e.g. 'espoo-chatbot-pilot.md'")
    ])


def test_readme_files_and_hidden_files_are_ignored(tmp_path: Path) -> None:
    make(tmp_path, {"README.md": "# About\n", "cases/README.md": "# Cases\n",
                    "cases/.gitkeep": "", ".editorconfig": "", "cases/a-case.md": ENTRY})
    assert load(tmp_path) == (["cases/a-case.md"], [])


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_link_to_a_file_outside_content_is_refused(tmp_path: Path) -> None:
    make(tmp_path, {"cases/a-case.md": ENTRY})
    outside = tmp_path / "secret.md"
    outside.write_text(ENTRY)
    (tmp_path / "content" / "cases" / "linked.md").symlink_to(outside)
    assert load(tmp_path) == (["cases/a-case.md"], [
        ("content/cases/linked.md", "symlink-outside",
         "this is a link to a file outside content/; copy the file in instead")
    ])


def test_a_missing_content_folder_is_reported_not_raised(tmp_path: Path) -> None:
    assert load(tmp_path) == ([], [
        ("content", "no-content",
         "content folder not found; run opit in the project folder or pass --content")
    ])


def test_an_unreadable_entry_is_reported_and_the_others_still_load(tmp_path: Path) -> None:
    make(tmp_path, {"cases/a-case.md": ENTRY, "cases/b-case.md": "no front matter\n"})
    entries, diagnostics = load(tmp_path)
    assert entries == ["cases/a-case.md"]
    assert [(path, code) for path, code, _ in diagnostics] == [
        ("content/cases/b-case.md", "no-front-matter")]
