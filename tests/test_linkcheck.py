"""The link checker (generator/pipeline/linkcheck.py, `opit check-links`): on a real build and on a site
with planted broken links and fragments."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline.linkcheck import check_links
from tests.site_fixtures import BuiltSite
from tests.support import FIXTURES, run_opit

INDEX = """<!doctype html>
<html><head>
<link rel="stylesheet" href="assets/site.css">
<link rel="stylesheet" href="assets/missing.css">
<link rel="preconnect" href="/not-checked/">
</head><body id="top">
<a href="about/">about</a>
<a href="about/#team">team</a>
<a href="about/index.html#team">team again</a>
<a href="./about/?q=1#team">with a query</a>
<a href="#top">top</a>
<a href="#">nowhere</a>
<a name="named"></a><a href="#named">named anchor</a>
<a href="caf%C3%A9/">percent-encoded</a>
<a href="https://example.org/x">external</a>
<a href="mailto:someone@example.org">mail</a>
<a href="//cdn.example/x.js">scheme-relative: another host</a>
<img src="img/logo.png" srcset="img/logo.png 1x, img/logo@2x.png 2x" alt="">
<a href="#missing-here">broken</a>
<a href="missing/">broken</a>
<img src="img/missing.png" alt="broken">
<a href="about/#no-such-id">broken</a>
<a href="JavaScript:alert(1)">refused</a>
<a href="../outside.html">outside</a>
<a href="about">a directory without its slash</a>
</body></html>
"""
ABOUT = """<!doctype html><html><body>
<h2 id="team">Team</h2>
<a href="../">home</a> <a href="../index.html#named">named</a> <a href="/about/#team">root</a>
</body></html>
"""


def _planted(root: Path) -> Path:
    site = root / "site"
    for folder in ("about", "café", "img", "assets"):
        (site / folder).mkdir(parents=True)
    (site / "index.html").write_text(INDEX, "utf-8")
    (site / "about" / "index.html").write_text(ABOUT, "utf-8")
    (site / "café" / "index.html").write_text("<p>café</p>", "utf-8")
    (site / "img" / "logo.png").write_bytes(b"\x89PNG")
    (site / "assets" / "site.css").write_text("", "utf-8")
    return site


def test_planted_broken_links_and_fragments_are_found_and_nothing_else(tmp_path: Path) -> None:
    assert check_links(_planted(tmp_path)) == [
        "index.html:4: link 'assets/missing.css' is broken: no file assets/missing.css in the site",
        "index.html:18: link 'img/logo@2x.png' is broken: no file img/logo@2x.png in the site",
        "index.html:19: link '#missing-here' is broken: index.html has no id 'missing-here'",
        "index.html:20: link 'missing/' is broken: no file missing/index.html in the site",
        "index.html:21: link 'img/missing.png' is broken: no file img/missing.png in the site",
        "index.html:22: link 'about/#no-such-id' is broken: about/index.html has no id "
        "'no-such-id'",
        "index.html:23: link 'JavaScript:alert(1)' uses the scheme 'javascript:', which no page "
        "of the site may carry",
        "index.html:24: link '../outside.html' is broken: no file outside.html in the site",
    ]


def test_the_command_reports_each_problem_and_fails(tmp_path: Path) -> None:
    site = _planted(tmp_path)
    result = run_opit("check-links", str(site))
    assert result.returncode == 1
    assert f"{site}/index.html:19: link '#missing-here' is broken" in result.stderr
    assert result.stderr.strip().endswith(f"8 broken link(s) in {site}")
    assert "Traceback" not in result.stderr


def test_the_command_refuses_a_folder_that_is_not_a_built_site(tmp_path: Path) -> None:
    result = run_opit("check-links", str(tmp_path))
    assert result.returncode == 2
    assert "is not a built site (no index.html); run opit build first" in result.stderr


def test_the_built_fixture_site_has_no_broken_link(fixture_site: BuiltSite) -> None:
    assert check_links(fixture_site.root) == []
    result = run_opit("check-links", str(fixture_site.root))
    assert result.returncode == 0, result.stderr
    assert "ok: no broken internal links or fragments" in result.stderr


def test_a_broken_link_and_fragment_planted_in_a_real_build_are_found(
    fixture_site: BuiltSite, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(fixture_site.root, site)
    page = site / "cases" / "example-city-chatbot-pilot" / "index.html"
    html = page.read_text("utf-8")
    planted = ('<a href="../no-such-case/">gone</a> <a href="../../themes/data-sharing/#nope">x</a>'
               ' <a href="#lessons">kept</a>')
    html = html.replace("</article>", planted + "</article>", 1)
    page.write_text(html, "utf-8")
    problems = check_links(site)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "link '../no-such-case/' is broken: no file cases/no-such-case/index.html in the site",
        "link '../../themes/data-sharing/#nope' is broken: themes/data-sharing/index.html has "
        "no id 'nope'",
    ]
    assert all(p.startswith("cases/example-city-chatbot-pilot/index.html:") for p in problems)


@pytest.mark.slow
def test_build_with_check_links_refuses_a_site_with_a_broken_link(tmp_path: Path) -> None:
    """A relative link in an entry's text validates; `opit build --check-links` finds it."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal" / "content", content)
    entry = content / "cases" / "example-city-chatbot-pilot.md"
    entry.write_text(entry.read_text("utf-8") + "\nSee [the old page](../no-such-case/).\n",
                     "utf-8")
    out = tmp_path / "site"
    plain = run_opit("--content", str(content), "build", "--out", str(out))
    assert plain.returncode == 0, plain.stderr
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    checked = run_opit("--content", str(content), "build", "--out", str(out), "--check-links")
    assert checked.returncode == 1
    assert f"error: check-links failed; {out} was not changed" in checked.stderr
    assert ("cases/example-city-chatbot-pilot/index.html:" in checked.stderr
            and "link '../no-such-case/' is broken: no file cases/no-such-case/index.html"
            in checked.stderr)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
