"""`opit validate` as a contributor and CI run it: a real subprocess on real folders.

The bad-content fixture folder gives exactly the diagnostics of the table in test_validate.py,
as `path:line:column: severity: message` lines, as GitHub annotations and as JSON; exit 1, and
never a traceback. Valid folders, including the real content/, exit 0. Validation never writes.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.support import BAD, BAD_CONTENT, MINIMAL, ROOT, run_opit

BAD_ARG = BAD.relative_to(ROOT).as_posix()  # tests/fixtures/bad/content
MINIMAL_ARG = MINIMAL.relative_to(ROOT).as_posix()
ERRORS = sum(e.severity == "error" for e in BAD_CONTENT.values())
WARNINGS = len(BAD_CONTENT) - ERRORS

_runs: dict[tuple[str, ...], subprocess.CompletedProcess] = {}


def opit(*args: str) -> subprocess.CompletedProcess:
    """Run opit from the project folder; each distinct command runs once per test session."""
    if args not in _runs:
        _runs[args] = run_opit(*args)
    return _runs[args]


def validate_bad(*args: str) -> subprocess.CompletedProcess:
    return opit("--content", BAD_ARG, "validate", *args)


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr


# ---------------------------------------------------------------------------------------------
# Text (the default): one line per problem, sorted, then a count; exit 1.
# ---------------------------------------------------------------------------------------------


def test_the_bad_folder_fails_with_exit_1_and_no_traceback() -> None:
    result = validate_bad()
    assert result.returncode == 1
    no_traceback(result)


@pytest.mark.parametrize("relpath", sorted(BAD_CONTENT))
def test_each_broken_file_is_reported_at_its_exact_path_line_and_column(relpath: str) -> None:
    expected = BAD_CONTENT[relpath]
    prefix = f"{BAD_ARG}/{relpath}:{expected.line}:{expected.column}: {expected.severity}: "
    lines = [line for line in validate_bad().stderr.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, validate_bad().stderr
    assert expected.message in lines[0]


def test_nothing_but_the_expected_problems_is_reported() -> None:
    lines = validate_bad().stderr.splitlines()
    assert lines[-1] == f"{ERRORS} error(s), {WARNINGS} warning(s)"
    assert len(lines) - 1 == len(BAD_CONTENT)
    assert validate_bad().stdout == ""


def test_the_text_report_is_sorted_by_file_then_line() -> None:
    positions = []
    for line in validate_bad().stderr.splitlines()[:-1]:
        path, number, column, _ = line.split(":", 3)
        positions.append((path, int(number), int(column)))
    assert positions == sorted(positions)


# ---------------------------------------------------------------------------------------------
# --format json and --format github.
# ---------------------------------------------------------------------------------------------


def test_json_output_is_a_list_of_path_line_column_severity_code_message() -> None:
    result = validate_bad("--format", "json")
    assert result.returncode == 1
    no_traceback(result)
    report = json.loads(result.stdout)
    assert all(
        list(item) == ["path", "line", "column", "severity", "code", "message"] for item in report
    )
    found = {item["path"].removeprefix(f"{BAD_ARG}/"): item for item in report}
    assert len(found) == len(report) == len(BAD_CONTENT)
    for relpath, expected in BAD_CONTENT.items():
        item = found[relpath]
        assert (item["line"], item["column"], item["severity"], item["code"]) == (
            expected.line, expected.column, expected.severity, expected.code), relpath
        assert expected.message in item["message"], relpath


def test_github_output_is_one_annotation_per_problem() -> None:
    result = validate_bad("--format", "github")
    assert result.returncode == 1
    no_traceback(result)
    annotation = re.compile(
        r"^::(?P<severity>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),"
        r"col=(?P<col>\d+),title=(?P<code>[a-z0-9-]+)::(?P<message>.+)$")
    lines = result.stdout.splitlines()
    assert len(lines) == len(BAD_CONTENT)
    for line in lines:
        match = annotation.match(line)
        assert match, line
        expected = BAD_CONTENT[match["file"].removeprefix(f"{BAD_ARG}/")]
        assert (int(match["line"]), int(match["col"]), match["severity"], match["code"]) == (
            expected.line, expected.column, expected.severity, expected.code)
        assert expected.message in match["message"]


def test_a_valid_folder_gives_an_empty_json_list_and_no_annotations() -> None:
    as_json = opit("--content", MINIMAL_ARG, "validate", "--format", "json")
    assert (as_json.returncode, json.loads(as_json.stdout)) == (0, [])
    as_github = opit("--content", MINIMAL_ARG, "validate", "--format", "github")
    assert (as_github.returncode, as_github.stdout) == (0, "")


# ---------------------------------------------------------------------------------------------
# PATH arguments and --strict.
# ---------------------------------------------------------------------------------------------


def test_a_path_argument_reports_only_that_file() -> None:
    result = validate_bad(f"{BAD_ARG}/cases/unknown-theme.md")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{BAD_ARG}/cases/unknown-theme.md:7:5: error: unknown theme 'digital-service'; "
        "did you mean 'digital-services'?",
        "1 error(s), 0 warning(s)",
    ]


def test_a_folder_argument_reports_only_the_files_inside_it() -> None:
    result = validate_bad(f"{BAD_ARG}/workshops")
    reported = {line.split(":")[0] for line in result.stderr.splitlines()[:-1]}
    assert reported == {f"{BAD_ARG}/{relpath}" for relpath in BAD_CONTENT
                        if relpath.startswith("workshops/")}


def test_a_path_argument_still_resolves_references_against_all_content() -> None:
    """The suggestion names a workshop in another folder, so the whole registry was read."""
    result = validate_bad(f"{BAD_ARG}/cases/unknown-related.md")
    assert "did you mean 'example-forum-workshop'?" in result.stderr


def test_a_valid_file_given_as_path_passes_even_in_a_bad_folder() -> None:
    result = validate_bad(f"{BAD_ARG}/workshops/example-forum-workshop.md")
    assert result.returncode == 0
    assert result.stderr.startswith("ok: ")


def test_a_path_that_does_not_exist_is_an_error_not_a_silent_pass() -> None:
    result = validate_bad(f"{BAD_ARG}/cases/no-such-file.md")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{BAD_ARG}/cases/no-such-file.md:1:1: error: no such file or folder; check the path, "
        "or give none to check all of content/")


def test_a_warning_alone_exits_0() -> None:
    result = validate_bad(f"{BAD_ARG}/cases/missing-lessons.md")
    assert result.returncode == 0
    assert f"{BAD_ARG}/cases/missing-lessons.md:3:1: warning: " in result.stderr


def test_strict_turns_a_warning_into_exit_1() -> None:
    result = validate_bad("--strict", f"{BAD_ARG}/cases/missing-lessons.md")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "0 error(s), 1 warning(s)"


# ---------------------------------------------------------------------------------------------
# Valid folders, the real content, and folders that are not there.
# ---------------------------------------------------------------------------------------------


def test_the_minimal_fixture_validates_even_with_strict() -> None:
    result = opit("--content", MINIMAL_ARG, "validate", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "ok: 6 entries, 5 organisations, 4 themes, 3 series\n"
    assert result.stdout == ""


def test_the_real_content_folder_validates() -> None:
    result = run_opit("validate")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("ok: ")
    no_traceback(result)


def test_a_missing_content_folder_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = run_opit("--content", str(tmp_path / "nowhere"), "validate")
    assert result.returncode == 1
    no_traceback(result)
    assert result.stderr.splitlines()[0] == (
        f"{tmp_path / 'nowhere'}:1:1: error: content folder not found; run opit in the project "
        "folder or pass --content")


# ---------------------------------------------------------------------------------------------
# Validation never writes.
# ---------------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder under `folder`: its hash (files) and modification time."""
    state = {}
    for path in sorted(folder.rglob("*")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        state[path.relative_to(folder).as_posix()] = (digest, path.stat().st_mtime_ns)
    state["."] = ("dir", folder.stat().st_mtime_ns)
    return state


@pytest.mark.slow
@pytest.mark.parametrize("folder", [BAD, MINIMAL], ids=["bad", "minimal"])
def test_validate_never_writes_to_the_content_folder(folder: Path) -> None:
    before = snapshot(folder)
    argument = folder.relative_to(ROOT).as_posix()
    for fmt in ("text", "json", "github"):
        result = run_opit("--content", argument, "validate", "--format", fmt, "--strict")
        no_traceback(result)
    run_opit("--content", argument, "validate", f"{argument}/cases")
    assert snapshot(folder) == before
