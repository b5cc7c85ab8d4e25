"""The builder boundary: only generator/builders/ knows MkDocs or its Material theme.

Everything else writes neutral Markdown and HTML with Opit's own `opit-` classes and markers
(front matter `opit_layout`, `opit-button`, the `opit-page` content block), and the builder
translates them into its theme's words. A file outside generator/builders/ that names `mkdocs`,
`material` (as a word) or an `md-` class fails here, with the place and what to do.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import yaml

from generator.builders.mkdocs import mkdocs_hooks
from generator.catalog.load import load_catalog
from generator.config import load_config
from generator.render.pages import NO_TOC, WIDE
from generator.render.render import page_texts
from tests.support import ROOT

GENERATOR = ROOT / "generator"
SCANNED = {".py", ".html", ".css", ".js", ".md", ".yml"}
THEME_WORDS = re.compile(r"mkdocs|\bmaterial\b|\bmd-[a-z][a-z0-9_-]*", re.IGNORECASE)
# The CLI may name a builder, as the string the user types (`--builder mkdocs`).
BUILDER_NAME = re.compile(r"""(["'])mkdocs\1""")

def theme_names(generator: Path) -> dict[str, list[str]]:
    """Each file outside builders/ that names the builder or its theme -> `path:line:column: ...`."""
    found: dict[str, list[str]] = {}
    for path in sorted(generator.rglob("*")):
        relative = path.relative_to(generator.parent).as_posix()
        if (not path.is_file() or path.suffix not in SCANNED
                or path.relative_to(generator).parts[0] == "builders"):
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if relative == "generator/cli.py":
                line = BUILDER_NAME.sub(lambda name: " " * len(name[0]), line)
            for match in THEME_WORDS.finditer(line):
                found.setdefault(relative, []).append(
                    f"{relative}:{number}:{match.start() + 1}: names {match[0]!r}, which only "
                    "generator/builders/ may know; write an opit- class or marker and let the "
                    "builder translate it (builders/mkdocs/mkdocs_hooks.py, theme/)")
    return found


def test_no_file_outside_the_builders_names_mkdocs_material_or_an_md_class():
    found = theme_names(GENERATOR)
    problems = [line for lines in found.values() for line in lines]
    assert problems == [], "\n".join(problems)


def test_the_scan_finds_a_material_class_in_a_render_template_but_not_in_the_builder(tmp_path):
    generator = tmp_path / "generator"
    template = generator / "render" / "templates" / "en" / "about.md"
    template.parent.mkdir(parents=True)
    template.write_text("# About\n\n<div class=\"md-typeset\">x</div>\n", encoding="utf-8")
    (generator / "builders" / "mkdocs").mkdir(parents=True)
    (generator / "builders" / "mkdocs" / "site.py").write_text("import mkdocs  # md-button\n")
    (generator / "render" / "i18n.yml").write_text("dataset: Datamaterial\n", encoding="utf-8")
    (generator / "search.js").write_text("// Material's article\n", encoding="utf-8")
    assert theme_names(generator) == {
        "generator/render/templates/en/about.md": [
            "generator/render/templates/en/about.md:3:13: names 'md-typeset', which only "
            "generator/builders/ may know; write an opit- class or marker and let the builder "
            "translate it (builders/mkdocs/mkdocs_hooks.py, theme/)"],
        "generator/search.js": [
            "generator/search.js:1:4: names 'Material', which only generator/builders/ may know; "
            "write an opit- class or marker and let the builder translate it "
            "(builders/mkdocs/mkdocs_hooks.py, theme/)"],
    }


def test_the_cli_may_name_a_builder_but_not_use_mkdocs_itself(tmp_path):
    cli = tmp_path / "generator" / "cli.py"
    cli.parent.mkdir()
    cli.write_text('BUILDERS = ("mkdocs", \'properdocs\')\nimport mkdocs\n', encoding="utf-8")
    assert [line.split(": ")[0] for line in theme_names(tmp_path / "generator")["generator/cli.py"]] \
        == ["generator/cli.py:2:8"]


def _front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_the_docs_tree_of_the_real_content_has_opit_markers_and_no_theme_class_or_key():
    texts = dict(page_texts(load_catalog(ROOT / "content"), load_config(ROOT / "site_config.yml")))
    theme_words = {path: THEME_WORDS.findall(text) for path, text in texts.items()}
    assert {path: words for path, words in theme_words.items() if words} == {}
    assert [path for path, text in texts.items() if "hide" in _front_matter(text)] == []
    assert _front_matter(texts[""])["opit_layout"] == WIDE
    assert _front_matter(texts["search/"])["opit_layout"] == NO_TOC
    assert 'class="opit-button opit-button--primary"' in texts["search/"]


def test_the_mkdocs_hook_gives_material_its_hide_key_and_button_classes():
    home = SimpleNamespace(meta={"opit_layout": WIDE}, file=SimpleNamespace(src_uri="index.md"))
    search = SimpleNamespace(meta={"opit_layout": NO_TOC},
                             file=SimpleNamespace(src_uri="search/index.md"))
    entry = SimpleNamespace(meta={}, file=SimpleNamespace(src_uri="cases/x/index.md"))
    button = '<button type="submit" class="opit-button opit-button--primary">Search</button>'
    for page in (home, search, entry):
        assert mkdocs_hooks.on_page_markdown(button, page, None, None) == ""
    assert (home.meta["hide"], search.meta["hide"], "hide" in entry.meta) == (
        ["navigation", "toc"], ["toc"], False)
    contents = [mkdocs_hooks.on_page_content("", page, None, None) for page in (home, search, entry)]
    assert contents[1] == (
        '<button type="submit" class="opit-button opit-button--primary md-button '
        'md-button--primary">Search</button>')
    assert mkdocs_hooks.material_classes('<p class="opit-button-like">x</p>') == (
        '<p class="opit-button-like">x</p>')
