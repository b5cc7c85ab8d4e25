"""Render, in-process: the docs tree of the minimal fixture is exactly the stored one.

`render_tree` (called as `opit build` calls it, see tests/support.py `render_minimal_docs`) turns
the minimal fixture content (tests/fixtures/minimal/content) and the project's site_config.yml
into a docs tree: one `<url path>/index.md` per page, Markdown with a YAML front matter (title,
description, lang, the page head, ...), and the page assets under assets/.

tests/fixtures/expected_docs/ is that tree, committed, and it is the contract any builder must
accept: a builder gets this tree and nothing else about the content. Every file is compared byte
for byte. When a change to render is meant to change the tree, rewrite it on purpose and review
the diff: `python -m tests.regenerate_expected_docs --write`. No test rewrites it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from tests.regenerate_expected_docs import main as regenerate
from tests.support import EXPECTED_DOCS, MINIMAL, render_minimal_docs, tree_files

EXPECTED = tree_files(EXPECTED_DOCS)
REGENERATE = "python -m tests.regenerate_expected_docs --write"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    docs = tmp_path_factory.mktemp("render") / "docs"
    render_minimal_docs(docs)
    return tree_files(docs)


def front_matter(text: str) -> dict:
    assert text.startswith("---\n"), "a page starts with its front matter"
    head, _ = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head)


def test_the_stored_tree_has_a_page_for_every_entry_of_the_fixture() -> None:
    entries = {path.relative_to(MINIMAL).with_suffix("").as_posix()
               for folder in ("cases", "workshops", "events") for path in (MINIMAL / folder).glob("*.md")}
    assert len(entries) == 6
    assert {f"{entry}/index.md" for entry in entries} <= EXPECTED.keys()


def test_render_writes_exactly_the_files_of_the_stored_tree(rendered: dict[str, bytes]) -> None:
    missing, new = sorted(EXPECTED.keys() - rendered.keys()), sorted(rendered.keys() - EXPECTED.keys())
    assert (missing, new) == ([], []), f"missing: {missing}, new: {new}; if intended: {REGENERATE}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_rendered_file_equals_the_stored_one_byte_for_byte(
    rendered: dict[str, bytes], name: str
) -> None:
    assert name in rendered, f"render did not write {name}"
    if rendered[name] != EXPECTED[name]:
        diff = difflib.unified_diff(
            EXPECTED[name].decode("utf-8", "replace").splitlines(),
            rendered[name].decode("utf-8", "replace").splitlines(),
            "stored", "rendered", lineterm="", n=1)
        pytest.fail(f"{name} differs from tests/fixtures/expected_docs/{name}; if intended: "
                    f"{REGENERATE}\n" + "\n".join(list(diff)[:40]))


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.endswith(".md")))
def test_every_page_is_an_index_md_whose_front_matter_names_its_title_and_language(
    name: str,
) -> None:
    assert name == "index.md" or name.endswith("/index.md")
    meta = front_matter(EXPECTED[name].decode("utf-8"))
    assert isinstance(meta.get("title"), str) and meta["title"]
    assert meta.get("lang") in ("en", "fi", "sv")


def test_every_entry_page_carries_its_head_in_the_front_matter() -> None:
    meta = front_matter(EXPECTED["cases/example-city-chatbot-pilot/index.md"].decode("utf-8"))
    assert meta["opit_type"] == "case"
    assert '<meta property="og:type" content="article">' in meta["head"]
    assert '"@type": "Article"' in meta["head"]


def test_rendering_twice_gives_the_same_tree(rendered: dict[str, bytes], tmp_path: Path) -> None:
    render_minimal_docs(tmp_path / "docs")
    assert tree_files(tmp_path / "docs") == rendered


def test_the_regenerator_only_compares_without_its_write_flag(capsys) -> None:
    before = tree_files(EXPECTED_DOCS)
    assert regenerate([]) == 0
    assert "matches a fresh render" in capsys.readouterr().err
    assert tree_files(EXPECTED_DOCS) == before
