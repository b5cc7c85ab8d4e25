"""Every page carries a Content-Security-Policy, and clean pages break none of it in Chromium.

The policy is a <meta http-equiv> (GitHub Pages sets no headers): scripts only from the site or
the theme's own inline scripts by hash, `wasm-unsafe-eval` only where Pagefind runs,
`object-src 'none'`, `base-uri 'self'`. Search, filters, the language switcher and the mobile
menu keep working under it.
"""

from __future__ import annotations

import re

import pytest

from generator.render.csp import script_hashes, with_policy
from tests.site_fixtures import BuiltSite

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
RECORD_VIOLATIONS = """
  window.__violations = [];
  document.addEventListener("securitypolicyviolation",
    e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def policy_of(html: str) -> dict[str, str]:
    match = POLICY.search(html)
    assert match, "no Content-Security-Policy meta tag"
    return dict(part.strip().split(" ", 1) for part in match.group(1).split(";"))


def test_every_built_page_carries_the_policy_before_any_script(fixture_site: BuiltSite) -> None:
    pages = sorted(fixture_site.root.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text("utf-8")
        policy = policy_of(html)
        assert html.index("Content-Security-Policy") < html.find("<script"), path
        assert "'unsafe-inline'" not in policy["script-src"], path
        assert "'unsafe-eval'" not in policy["script-src"].replace("'wasm-unsafe-eval'", ""), path
        assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'", path


def test_only_the_search_page_may_run_webassembly(fixture_site: BuiltSite) -> None:
    assert "'wasm-unsafe-eval'" in policy_of(fixture_site.html("/search/"))["script-src"]
    for page in ("/", "/cases/", "/about/"):
        assert "'wasm-unsafe-eval'" not in policy_of(fixture_site.html(page))["script-src"]


def test_an_inline_script_inside_the_page_content_is_never_allowed_by_hash() -> None:
    page = ('<html><head><script>theme()</script></head><body>'
            '<div class="opit-page"><script>window.__pwned=1</script></div><!--opit-page-end-->'
            '<script>footer()</script></body></html>')
    hashes = script_hashes(page)
    assert len(hashes) == 2
    assert script_hashes(page.replace("window.__pwned=1", "other()")) == hashes
    assert "Content-Security-Policy" in with_policy(page)


def test_data_blocks_and_external_scripts_need_no_hash() -> None:
    page = ('<head><script type="application/json">{}</script>'
            '<script type="application/ld+json">{}</script><script src="a.js"></script></head>')
    assert script_hashes(page) == []


@pytest.mark.parametrize("path", ["/", "/cases/", "/cases/example-city-chatbot-pilot/",
                                  "/fi/", "/about/", "/404.html"])
def test_clean_pages_show_no_policy_violation(open_page, path: str) -> None:
    page = open_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(path)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__violations") == []
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_search_filters_and_the_language_switch_work_under_the_policy(open_page) -> None:
    page = open_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto("/search/?q=kalevalaquokka")
    page.wait_for_selector("#opit-results li a")
    page.select_option("#opit-filters select[name=type]", "case")
    page.wait_for_function("() => location.search.includes('type=case')")
    page.wait_for_selector("#opit-results li a")
    page.click(".opit-languages a[hreflang=fi]")
    page.wait_for_url("**/fi/search/**")
    page.wait_for_selector("#opit-search[data-ready=true]")
    assert page.evaluate("window.__violations") == []


def test_the_mobile_menu_opens_under_the_policy(open_page) -> None:
    page = open_page(viewport={"width": 360, "height": 740})
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto("/")
    page.click("label.md-header__button[for=__drawer]")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    assert page.locator(".md-nav--primary a").first.is_visible()
    assert page.evaluate("window.__violations") == []
