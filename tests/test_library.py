"""Opit as a library: `generator.load`, `generator.build` and `generator.export` from Python, in
this process, with no subprocess of ours; every failure is an exception, and nothing in the
package prints but the CLI (and `opit serve`'s log, and the CI summary's own command).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import generator
from generator.catalog.load import load_catalog
from tests.support import FIXTURES, ROOT

MINIMAL = FIXTURES / "minimal" / "content"
HOSTILE = FIXTURES / "hostile" / "content"
CONFIG = ROOT / "site_config.yml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> generator.BuildReport:
    catalog = generator.load(MINIMAL)
    config = generator.load_config(CONFIG)
    return generator.build(catalog, config, tmp_path_factory.mktemp("library") / "site")


def test_the_api_names_only_what_it_documents() -> None:
    for name in generator.__all__:
        assert getattr(generator, name).__doc__, name
    assert {"load", "build", "export", "Catalog", "SiteConfig", "load_config", "Diagnostic",
            "ContentError", "BuildError", "BuildReport"} <= set(generator.__all__)


def test_loading_valid_content_gives_its_catalog() -> None:
    catalog = generator.load(MINIMAL)
    assert isinstance(catalog, generator.Catalog)
    assert len(catalog.entries) == 6
    assert not [d for d in catalog.diagnostics if d.severity == "error"]


def test_a_build_from_python_writes_every_page_and_reports_it(built: generator.BuildReport) -> None:
    site = built.out
    assert built.builder == "mkdocs"
    assert (site / "index.html").is_file()
    catalog = load_catalog(MINIMAL)
    for entry in catalog.entries.values():
        page = site / f"{entry.type}s" / entry.id / "index.html"
        assert entry.data.title in page.read_text("utf-8"), page
    assert built.pages == len(built.digests) > len(catalog.entries)
    assert {"render", "mkdocs", "pagefind", "export"} <= set(built.seconds)
    assert all(seconds >= 0 for seconds in built.seconds.values())
    assert (site / "pagefind").is_dir()
    assert json.loads((site / "api" / "v1" / "index.json").read_text("utf-8"))


def test_every_page_of_a_library_build_has_its_head_metadata(
    built: generator.BuildReport,
) -> None:
    home = (built.out / "index.html").read_text("utf-8")
    assert 'rel="describedby"' in home and "application/atom+xml" in home
    entry = next((built.out / "cases").glob("*/index.html")).read_text("utf-8")
    assert '<script type="application/ld+json">' in entry and 'property="og:title"' in entry


def test_content_with_errors_is_a_content_error_carrying_every_diagnostic() -> None:
    with pytest.raises(generator.ContentError) as raised:
        generator.load(HOSTILE)
    diagnostics = raised.value.diagnostics
    assert diagnostics == load_catalog(HOSTILE).diagnostics
    assert len(raised.value.errors) > 50
    assert all(isinstance(d, generator.Diagnostic) for d in diagnostics)
    first = raised.value.errors[0]
    assert first.line >= 1 and first.column >= 1 and first.code and first.message
    assert str(raised.value).startswith(f"{len(raised.value.errors)} error(s) in content: ")


def test_a_catalog_with_errors_is_not_built_or_exported(tmp_path: Path) -> None:
    catalog = load_catalog(FIXTURES / "five-mistakes" / "content")
    config = generator.load_config(CONFIG)
    with pytest.raises(generator.ContentError):
        generator.build(catalog, config, tmp_path / "site")
    with pytest.raises(generator.ContentError):
        generator.export(catalog, config, tmp_path / "data")
    assert list(tmp_path.iterdir()) == []


def test_a_step_that_fails_is_a_build_error_naming_the_step(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    catalog = generator.load(MINIMAL)
    with pytest.raises(generator.BuildError) as raised:
        generator.build(catalog, generator.load_config(CONFIG), blocker / "site")
    assert raised.value.step == "lock"
    assert raised.value.reason.startswith(f"{blocker}: ")
    assert blocker.read_text("utf-8") == "not a folder"


def test_an_unknown_builder_is_a_build_error_of_the_builder_step(tmp_path: Path) -> None:
    catalog = generator.load(MINIMAL)
    with pytest.raises(generator.BuildError) as raised:
        generator.build(catalog, generator.load_config(CONFIG), tmp_path / "site", "no-such")
    assert raised.value.step == "builder"
    assert "unknown builder 'no-such'" in raised.value.reason
    assert not (tmp_path / "site").exists()


def test_a_broken_configuration_is_a_config_error(tmp_path: Path) -> None:
    broken = tmp_path / "site_config.yml"
    broken.write_text("site_name: [unclosed\n", "utf-8")
    with pytest.raises(generator.ConfigError):
        generator.load_config(broken)


def test_export_from_python_writes_only_the_open_data(tmp_path: Path) -> None:
    catalog = generator.load(MINIMAL)
    written = generator.export(catalog, generator.load_config(CONFIG), tmp_path)
    assert tmp_path / "api" / "v1" / "cases.json" in written
    assert tmp_path / "feed.xml" in written
    assert not (tmp_path / "index.html").exists()
    assert all(path.is_file() for path in written)


# Modules that may write to the terminal, and why:
SPEAKERS = {
    "generator/cli.py": "the command: it parses the arguments and prints",
    "generator/serve/serve.py": "opit serve's own log while it runs: a long-lived server whose "
                                "only report is what it says as changes come",
    "generator/system/children.py": "the stop-signal handler says 'stopped by SIGTERM' the moment "
                                    "the signal lands, before the clean-up, in any command",
    "generator/intake/ci_summary.py": "a command of its own that CI runs as python -m "
                                      "generator.intake.ci_summary; its output is the job summary",
}


def terminal_writes(root: Path) -> list[str]:
    """Each print() and each use of sys.stdout or sys.stderr in the package's modules."""
    found = []
    for path in sorted(root.rglob("*.py")):
        shown = path.relative_to(root.parent).as_posix()
        if shown in SPEAKERS:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"), shown)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                node.func.id == "print"
            ):
                found.append(f"{shown}:{node.lineno}: print()")
            elif (isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr")
                  and isinstance(node.value, ast.Name) and node.value.id == "sys"):
                found.append(f"{shown}:{node.lineno}: sys.{node.attr}")
    return found


def test_no_module_but_the_cli_prints_or_writes_to_the_terminal() -> None:
    assert terminal_writes(ROOT / "generator") == []


@pytest.mark.parametrize("line", [
    'print("built")',
    'sys.stderr.write("built")',
    'print("built", file=sys.stderr)',
    "out = sys.stdout",
])
def test_a_planted_print_in_the_library_is_found(tmp_path: Path, line: str) -> None:
    planted = tmp_path / "generator" / "pipeline" / "planted.py"
    planted.parent.mkdir(parents=True)
    planted.write_text(f"import sys\n\n\ndef done():\n    {line}\n", "utf-8")
    found = terminal_writes(tmp_path / "generator")
    assert found and all(item.startswith("generator/pipeline/planted.py:5: ") for item in found)
