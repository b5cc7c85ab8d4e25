"""The builders (generator/builders): `mkdocs`, the default, and `properdocs`, both with Material.

A properdocs build of the real content and of the fixture content has the same files as the
mkdocs build, and its HTML differs only in the `<meta name="generator">` line. On the properdocs
fixture site, search and filters work in Chromium, axe finds no WCAG 2.1 AA violation and no page
asks another host for anything (the helpers of tests/test_browser.py and tests/site_fixtures.py).
The builder is chosen with --builder or extra.opit.builder; an unknown name is one line, exit 2.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.site_fixtures import (
    FIXTURE_CONTENT,
    REAL_CONTENT,
    BuiltSite,
    build_site,
    built,
    served,
)
from tests.support import (
    CHATBOT,
    PAGES,
    ROOT,
    UNIQUE_WORD,
    WCAG_TAGS,
    goto,
    result_paths,
    run_opit,
    wait_for_results,
)

GENERATOR_META = re.compile(rb'^\s*<meta name="generator" content="[^"]*">\n', re.MULTILINE)
# Pagefind writes these in hash-map order, so their names and bytes change from build to build
# (see tests/test_reproducible.py); they are compared by how many there are.
PAGEFIND_UNORDERED = re.compile(
    r"pagefind/(pagefind-entry\.json|pagefind\.[a-z-]+_[0-9a-f]+\.pf_meta"
    r"|filter/[a-z-]+_[0-9a-f]+\.pf_filter)")
NAMES = "use one of: mkdocs, properdocs"


@pytest.fixture(scope="session")
def properdocs_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built(FIXTURE_CONTENT, tmp_path_factory.mktemp("properdocs-fixture") / "site",
                 builder="properdocs")


@pytest.fixture(scope="session")
def properdocs_real_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built(REAL_CONTENT, tmp_path_factory.mktemp("properdocs-real") / "site",
                 builder="properdocs")


@pytest.fixture(scope="module")
def site_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The properdocs build, served: this module's `page` (tests/site_fixtures.py) opens it.
    The fixture content's, or the real content's when a test asks for "real"."""
    which = getattr(request, "param", "fixture")
    site = request.getfixturevalue(f"properdocs_{which}_site")
    with served(site.root) as url:
        yield url


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _generator_lines(html: bytes) -> list[bytes]:
    return [line.strip() for line in GENERATOR_META.findall(html)]


def _assert_same_site(mkdocs: Path, properdocs: Path) -> None:
    one, two = _files(mkdocs), _files(properdocs)
    exact = {name for name in one.keys() | two.keys() if not PAGEFIND_UNORDERED.fullmatch(name)}
    assert sorted(exact - two.keys()) == [], "files only the mkdocs build has"
    assert sorted(exact - one.keys()) == [], "files only the properdocs build has"
    unordered = Counter(re.sub(r"_[0-9a-f]+\.", "_*.", n) for n in one if n not in exact)
    assert unordered == Counter(re.sub(r"_[0-9a-f]+\.", "_*.", n) for n in two if n not in exact)
    pages = [name for name in exact if name.endswith(".html")]
    assert len(pages) > 5 and "index.html" in pages and "404.html" in pages
    for name in sorted(exact):
        if name.endswith(".html"):
            assert _generator_lines(one[name]) == [
                b'<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.1">'], name
            assert _generator_lines(two[name]) == [
                b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1">'
            ], name
            assert GENERATOR_META.sub(b"", one[name]) == GENERATOR_META.sub(b"", two[name]), name
        else:
            assert one[name] == two[name], f"{name} differs between the mkdocs and properdocs builds"


# --------------------------------------------------------------------------------------------
# The same site


def test_properdocs_builds_the_fixture_content_into_the_same_files_as_mkdocs(
        fixture_site: BuiltSite, properdocs_fixture_site: BuiltSite) -> None:
    _assert_same_site(fixture_site.root, properdocs_fixture_site.root)


def test_properdocs_builds_the_real_content_into_the_same_files_as_mkdocs(
        real_site: BuiltSite, properdocs_real_site: BuiltSite) -> None:
    _assert_same_site(real_site.root, properdocs_real_site.root)
    # The build's timings name the step by its builder.
    assert re.search(r"\(validate [\d.]+s, render [\d.]+s, properdocs [\d.]+s",
                     properdocs_real_site.stderr), properdocs_real_site.stderr
    assert re.search(r", mkdocs [\d.]+s,", real_site.stderr), real_site.stderr


# --------------------------------------------------------------------------------------------
# The properdocs site in Chromium


def test_on_the_properdocs_site_a_word_from_one_narrative_finds_that_entry(page) -> None:
    goto(page, f"/search/?q={UNIQUE_WORD}")
    assert result_paths(page) == [CHATBOT]
    assert page.console_errors == []


def test_on_the_properdocs_site_a_filter_narrows_the_results(page) -> None:
    goto(page, "/search/?q=chatbot")
    before = result_paths(page)
    assert len(before) > 1 and CHATBOT in before
    page.select_option("#opit-filter-type", "case")
    wait_for_results(page, 1)
    assert result_paths(page) == [CHATBOT]
    assert page.console_errors == []


@pytest.mark.parametrize("site_url", ["real"], indirect=True)
def test_on_the_properdocs_build_of_the_real_content_search_and_filters_work(page) -> None:
    goto(page, "/search/?q=data")
    before = result_paths(page)
    assert len(before) > 1 and any(not p.startswith("/cases/") for p in before), before
    page.select_option("#opit-filter-type", "case")
    page.wait_for_function(
        "() => { const links = [...document.querySelectorAll('#opit-results li a')];"
        " return links.length > 0 && !document.getElementById('opit-status').textContent.endsWith('…')"
        " && links.every(a => new URL(a.href).pathname.startsWith('/cases/')); }")
    after = result_paths(page)
    assert after and set(after) != set(before)  # the other types' entries are gone
    assert page.external_requests == []
    assert page.console_errors == []


@pytest.mark.parametrize("name", ["home", "listing", "case", "finnish case", "search results"])
def test_the_properdocs_site_passes_axe_and_asks_no_other_host(page, name: str) -> None:
    goto(page, PAGES[name])
    page.wait_for_load_state("networkidle")
    if name == "search results":
        assert result_paths(page) == [CHATBOT]
        assert any("/pagefind/" in url for url in page.requests)
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [f"{v['id']}: {v['help']}" for v in result.response["violations"]]
    assert violations == [], f"{PAGES[name]}: {violations}"
    assert page.requests and page.external_requests == []
    assert page.console_errors == []


# --------------------------------------------------------------------------------------------
# Choosing the builder


def _config_with(tmp_path: Path, builder: str) -> Path:
    text = (ROOT / "site_config.yml").read_text("utf-8")
    assert "\n  opit:\n" in text
    path = tmp_path / "site_config.yml"
    path.write_text(text.replace("\n  opit:\n", f"\n  opit:\n    builder: {builder}\n"), "utf-8")
    return path


def _generator_of(out: Path) -> str:
    found = re.search(r'<meta name="generator" content="([^"]*)">',
                      (out / "index.html").read_text("utf-8"))
    assert found, "no generator line"
    return found.group(1)


def test_extra_opit_builder_chooses_the_builder_and_the_flag_wins(tmp_path: Path) -> None:
    config = _config_with(tmp_path, "properdocs")
    chosen = build_site(FIXTURE_CONTENT, tmp_path / "a" / "site", "--config", str(config))
    assert chosen.returncode == 0, chosen.stderr
    assert _generator_of(tmp_path / "a" / "site").startswith("mkdocs-ProperDocs 1.6.7")
    flagged = build_site(FIXTURE_CONTENT, tmp_path / "b" / "site", "--config", str(config),
                         builder="mkdocs")
    assert flagged.returncode == 0, flagged.stderr
    assert _generator_of(tmp_path / "b" / "site").startswith("mkdocs-1.6.1")


@pytest.mark.parametrize("verb", ["build", "serve"])
def test_an_unknown_builder_flag_is_one_line_listing_the_names_and_exit_2(
        tmp_path: Path, verb: str) -> None:
    result = run_opit("--content", str(FIXTURE_CONTENT), verb, "--out", str(tmp_path / "site"),
                      "--builder", "zensical", timeout=60)
    assert result.returncode == 2
    assert result.stderr == f"error: --builder zensical: unknown builder; {NAMES}\n"
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("verb", ["build", "serve"])
def test_an_unknown_builder_in_the_config_names_its_line_and_column_and_exits_2(
        tmp_path: Path, verb: str) -> None:
    config = _config_with(tmp_path, "hugo")
    line = config.read_text("utf-8").splitlines().index("    builder: hugo") + 1
    result = run_opit("--content", str(FIXTURE_CONTENT), verb, "--out", str(tmp_path / "site"),
                      "--config", str(config), timeout=60)
    assert result.returncode == 2
    assert result.stderr == (f"error: {config}:{line}:14: unknown builder 'hugo' in "
                             f"extra.opit.builder; {NAMES}\n")
    assert not (tmp_path / "site").exists()


def test_an_unknown_builder_from_python_is_a_value_error_listing_the_names() -> None:
    from generator.builders import UnknownBuilder, get_builder

    assert get_builder("properdocs").name == "properdocs"
    with pytest.raises(UnknownBuilder, match=f"unknown builder 'jekyll'; {NAMES}"):
        get_builder("jekyll")


@pytest.mark.parametrize("name", ["mkdocs", "properdocs"])
def test_a_build_of_named_pages_gives_them_as_the_whole_build_does(
        tmp_path: Path, name: str, request: pytest.FixtureRequest) -> None:
    # What `opit serve` does after a change: the changed pages beside the navigation's only.
    from generator.builders import get_builder
    from generator.catalog.dates import source_date_epoch
    from generator.catalog.load import load_catalog
    from generator.config import load_config
    from generator.render.metadata import page_head
    from generator.render.render import page_texts

    whole = request.getfixturevalue("fixture_site" if name == "mkdocs" else "properdocs_fixture_site")
    catalog, config = load_catalog(FIXTURE_CONTENT), load_config(ROOT / "site_config.yml")
    builder = get_builder(name)
    chatbot = CHATBOT.strip("/") + "/"
    texts = dict(page_texts(catalog, config, page_head(catalog, config)))
    wanted = {path: texts[path] for path in (*builder.nav_pages, chatbot)}
    site = builder.build_pages(config, wanted, tmp_path / "work", source_date_epoch(catalog))
    built_pages = sorted(str(p.relative_to(site)) for p in site.rglob("index.html"))
    assert built_pages == sorted(f"{path}index.html" for path in wanted)
    assert (site / chatbot / "index.html").read_bytes() == (whole.root / chatbot / "index.html").read_bytes()


# --------------------------------------------------------------------------------------------
# Zensical: not a builder (README, "Builders"), but it reads the same mkdocs.yml and docs tree


ARTICLE = re.compile(r"<article[^>]*>(.*?)</article>", re.DOTALL)


HOOK_BUTTON_CLASSES = re.compile(r" md-button(?: md-button--primary)?(?=\")")


def _article(html: str) -> str:
    found = ARTICLE.search(html)
    assert found, "no <article>"
    return re.sub(r"\s+", "", found.group(1).replace('<a id="__skip" tabindex="-1"></a>', ""))


def test_zensical_builds_the_generated_docs_tree_into_the_same_pages_without_the_hooks(
        tmp_path: Path, real_site: BuiltSite) -> None:
    import subprocess
    import sys

    from generator.builders.mkdocs.site import write_mkdocs_yml
    from generator.catalog.load import load_catalog
    from generator.config import load_config
    from generator.render.metadata import page_head
    from generator.render.render import render_tree

    catalog, config = load_catalog(REAL_CONTENT), load_config(ROOT / "site_config.yml")
    docs, site = tmp_path / "docs", tmp_path / "site"
    render_tree(catalog, config, docs, head=page_head(catalog, config))
    mkdocs_yml = write_mkdocs_yml(config, tmp_path, docs, site)
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "-f",
                             str(mkdocs_yml)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert pages == sorted(str(p.relative_to(real_site.root)) for p in real_site.root.rglob("*.html")
                           if not p.is_relative_to(real_site.root / "pagefind"))
    for name in pages:
        zensical, mkdocs = (site / name).read_text("utf-8"), (real_site.root / name).read_text("utf-8")
        if name == "404.html":  # its `url` filter gives "/" for the home link, MkDocs' "/."
            mkdocs = mkdocs.replace('<a href="/.">', '<a href="/">')
        # The hook adds Material's button classes beside Opit's; without hooks they are missing.
        mkdocs = HOOK_BUTTON_CLASSES.sub("", mkdocs)
        assert _article(zensical) == _article(mkdocs), name
        # What README says Zensical does not do: run Opit's hooks (CSP, table of contents).
        assert "Content-Security-Policy" in mkdocs, name
        assert "Content-Security-Policy" not in zensical, (
            f"{name}: Zensical now runs the hooks; update README's Builders section")
    case = "cases/co-designing-future-digital-services/index.html"
    assert 'href="#lessons" class="md-nav__link"' in (real_site.root / case).read_text("utf-8")
    assert 'href="#lessons" class="md-nav__link"' not in (site / case).read_text("utf-8")
