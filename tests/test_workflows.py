"""The GitHub Actions workflows and the contributor files: linted, least privilege, pinned, and
running the README's own commands. Also the check's job summary (generator.intake.ci_summary)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import Diagnostic
from generator.intake.ci_summary import Changes, changed_entries, summary
from tests.support import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
NAMES = {path.stem for path in WORKFLOWS}
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")
# The only write permissions any job has, and why (see issue 4).
JOB_PERMISSIONS = {
    ("publish", "deploy"): {"pages": "write", "id-token": "write"},
    ("accept-issue", "open-pull-request"): {"contents": "write", "pull-requests": "write"},
}


def tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    assert found, f"{name} is missing: ./test.sh installs it with the test extras"
    return str(found)


def lint_env() -> dict[str, str]:
    """The virtual environment first on PATH, so actionlint finds its shellcheck."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def workflow(name: str) -> dict[str, Any]:
    return load(GITHUB / "workflows" / f"{name}.yml")


def steps(name: str) -> list[dict[str, Any]]:
    return [step for job in workflow(name)["jobs"].values() for step in job["steps"]]


def runs(name: str) -> str:
    return "\n".join(step.get("run", "") for step in steps(name))


def test_the_three_workflows_exist() -> None:
    assert {"check", "publish", "accept-issue"} <= NAMES


# --- Linters: no findings ---------------------------------------------------------------------

def test_actionlint_reports_nothing() -> None:
    done = subprocess.run([tool("actionlint"), "-oneline", *map(str, WORKFLOWS)], cwd=ROOT,
                          capture_output=True, text=True, env=lint_env(), timeout=300)
    assert (done.returncode, done.stdout) == (0, ""), done.stdout + done.stderr


def test_zizmor_reports_nothing() -> None:
    done = subprocess.run(
        [tool("zizmor"), "--offline", "--pedantic", "--no-progress",
         "--config", str(GITHUB / "zizmor.yml"), str(GITHUB / "workflows"),
         str(GITHUB / "dependabot.yml"), str(ROOT / ".pre-commit-config.yaml")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


BAD_WORKFLOW = """\
on: issues
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.issue.title }}"
    timeout-minute: 5
"""


def test_the_linters_do_find_problems(tmp_path: Path) -> None:
    """Guards the two tests above: a linter that silently checks nothing must not pass them."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    actionlint = subprocess.run([tool("actionlint"), "-oneline", str(bad)], capture_output=True,
                                text=True, env=lint_env(), timeout=300)
    assert actionlint.returncode == 1
    assert 'unexpected key "timeout-minute"' in actionlint.stdout
    zizmor = subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--config",
                             str(GITHUB / "zizmor.yml"), str(bad)],
                            capture_output=True, text=True, timeout=300)
    assert zizmor.returncode != 0
    for audit in ("template-injection", "unpinned-uses", "artipacked"):
        assert audit in zizmor.stdout


# --- Least privilege, pinning, triggers ---------------------------------------------------------

@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_top_level_permissions_are_read_only(path: Path) -> None:
    assert load(path)["permissions"] == {"contents": "read"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_only_the_named_jobs_get_write_permissions(path: Path) -> None:
    for job_id, job in load(path)["jobs"].items():
        expected = JOB_PERMISSIONS.get((path.stem, job_id))
        assert job.get("permissions") == expected, f"{path.stem}.{job_id}"


def test_every_write_permission_is_given_somewhere() -> None:
    for (name, job_id), expected in JOB_PERMISSIONS.items():
        assert workflow(name)["jobs"][job_id]["permissions"] == expected


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_every_action_is_pinned_to_a_full_sha_with_its_version(path: Path) -> None:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    uses = [line.split("uses:", 1)[1].strip() for line in lines if "uses:" in line]
    assert uses
    for reference in uses:
        assert SHA_PIN.match(reference), reference


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_checkout_never_keeps_credentials(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_no_pull_request_target(path: Path) -> None:
    assert "pull_request_target" not in path.read_text(encoding="utf-8")
    assert "pull_request_target" not in load(path)["on"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_untrusted_text_reaches_scripts_only_through_env(path: Path) -> None:
    for step in (s for job in load(path)["jobs"].values() for s in job["steps"]):
        assert "${{" not in step.get("run", ""), step.get("name")


# --- The README's commands ----------------------------------------------------------------------

def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Two commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("#")[0].strip() for line in block.strip().splitlines()]


def test_the_readme_documents_the_two_commands() -> None:
    assert readme_commands() == ["./build.sh", "./test.sh"]


def test_check_runs_the_readme_commands_and_validates_for_github() -> None:
    scripts = runs("check")
    for command in readme_commands():
        assert re.search(rf"^{re.escape(command)}$", scripts, re.MULTILINE), command
    assert ".venv/bin/opit validate --format github" in scripts
    assert scripts.index("opit validate") < scripts.index("./build.sh") < scripts.index(
        "./test.sh")


def test_check_triggers_uploads_the_preview_and_writes_a_summary() -> None:
    check = workflow("check")
    assert set(check["on"]) == {"pull_request", "push"}
    uploads = [s for s in steps("check") if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "site/"
    summary_step = next(s for s in steps("check") if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert "generator.intake.ci_summary" in summary_step["run"]
    assert summary_step["if"] == "${{ !cancelled() }}"
    assert "steps.preview.outputs.artifact-url" in summary_step["env"]["ARTIFACT_URL"]


def test_publish_builds_with_the_readme_command_and_deploys_to_pages() -> None:
    publish = workflow("publish")
    assert set(publish["on"]) == {"push", "workflow_dispatch"}
    assert publish["on"]["push"]["branches"] == ["main"]
    assert publish["concurrency"]["group"] and publish["concurrency"]["cancel-in-progress"] is False
    build, deploy = publish["jobs"]["build"], publish["jobs"]["deploy"]
    assert "./build.sh" in [s.get("run") for s in build["steps"]]
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_accept_issue_runs_only_for_the_accepted_label() -> None:
    accept = workflow("accept-issue")
    assert accept["on"] == {"issues": {"types": ["labeled"]}}
    job = accept["jobs"]["open-pull-request"]
    assert "github.event.label.name == 'accepted'" in job["if"]
    scripts = runs("accept-issue")
    assert ".venv/bin/opit from-issue" in scripts and "gh pr create" in scripts
    assert "./build.sh" in scripts and ".venv/bin/opit validate --format github" in scripts
    token = next(s for s in job["steps"] if "GH_TOKEN" in s.get("env", {}))
    assert token["env"]["GH_TOKEN"] == "${{ github.token }}"


# --- Contributor files --------------------------------------------------------------------------

def test_dependabot_updates_pip_and_actions() -> None:
    config = load(GITHUB / "dependabot.yml")
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "github-actions"}


def test_pre_commit_runs_opit_validate_and_ruff() -> None:
    config = load(ROOT / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["opit-validate"]["entry"] == ".venv/bin/opit validate"
    assert hooks["opit-validate"]["pass_filenames"] is False
    assert hooks["ruff"]["entry"] == ".venv/bin/ruff check"
    for hook in hooks.values():  # the commands exist where ./test.sh puts them
        assert (ROOT / hook["entry"].split()[0]).exists() or (BIN / Path(
            hook["entry"].split()[0]).name).exists()


def test_codeowners_and_pull_request_template() -> None:
    owners = (GITHUB / "CODEOWNERS").read_text(encoding="utf-8")
    assert "PLACEHOLDER" in owners and "/content/" in owners
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert template.count("- [ ] ") >= 4


def test_the_contributing_example_is_a_valid_case(tmp_path: Path, opit) -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = text.split("```markdown\n", 1)[1].split("\n```", 1)[0] + "\n"
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "cases" / "example-chatbot-pilot.md"
    path.write_text(example, encoding="utf-8")
    done = opit("--content", str(content), "validate", "--strict", str(path))
    assert done.returncode == 0, done.stderr


# --- The job summary ----------------------------------------------------------------------------

def test_summary_table_counts_and_links() -> None:
    problems = [
        Diagnostic("content/cases/a.md", 3, 1, "error", "unknown-theme", "unknown theme 'x|y'"),
        Diagnostic("content/cases/b.md", 1, 1, "warning", "no-lessons", "no lessons"),
    ]
    changes = Changes(added=["content/cases/a.md"], changed=["content/cases/b.md"])
    text = summary(changes, problems, "https://github.com/o/r/actions/runs/1/artifacts/2")
    assert text.splitlines()[:9] == [
        "## Opit check",
        "",
        "| | count | details |",
        "| --- | ---: | --- |",
        "| Entries added | 1 | `content/cases/a.md` |",
        "| Entries changed | 1 | `content/cases/b.md` |",
        "| Errors | 1 | must be fixed |",
        "| Warnings | 1 | editorial advice |",
        "| Site preview |  | [download the built site]"
        "(https://github.com/o/r/actions/runs/1/artifacts/2) |",
    ]
    assert "- `content/cases/a.md:3:1: error: unknown theme 'x\\|y'`" in text


def test_summary_without_a_base_or_a_preview() -> None:
    text = summary(Changes(known=False), [], None)
    assert "| Entries added | ? | not known (no base commit to compare with) |" in text
    assert "| Site preview |  | not available: the site was not built |" in text
    assert "What to fix" not in text


def test_changed_entries_from_git(tmp_path: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True,
                              capture_output=True, text=True).stdout.strip()

    for name in ("content/cases/old.md", "content/themes.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("a\n", encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "base")
    base = git("rev-parse", "HEAD")
    (tmp_path / "content/cases/old.md").write_text("b\n", encoding="utf-8")
    (tmp_path / "content/events").mkdir()
    (tmp_path / "content/events/new-event.md").write_text("c\n", encoding="utf-8")
    (tmp_path / "content/themes.yml").write_text("b\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-q", "-m", "change")
    changes = changed_entries(base, "content", cwd=tmp_path)
    assert (changes.added, changes.changed, changes.known) == (
        ["content/events/new-event.md"], ["content/cases/old.md"], True)
    assert not changed_entries("0" * 40, "content", cwd=tmp_path).known
    assert not changed_entries("not-a-commit", "content", cwd=tmp_path).known
