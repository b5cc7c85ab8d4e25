"""The search page loads results a page at a time: only what is shown is downloaded."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.conftest import ROOT, run_opit
from tests.site_fixtures import served

ENTRIES = 60  # bench/corpus.py: 36 cases, so a case search has two pages of 20


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("paging")
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(ENTRIES),
                    str(folder / "corpus")], check=True, capture_output=True)
    result = run_opit("build", "--content", str(folder / "corpus" / "content"),
                      "--out", str(folder / "site"))
    assert result.returncode == 0, result.stderr
    with served(folder / "site") as url:
        yield url


def shown(page) -> int:
    return page.locator("#opit-results > li").count()


def test_a_long_result_list_shows_twenty_and_loads_more_on_request(browser, corpus_site: str):
    context = browser.new_context(base_url=corpus_site)
    page = context.new_page()
    fragments: list[str] = []
    page.on("request", lambda r: fragments.append(r.url) if "/fragment/" in r.url else None)
    page.goto("/search/?type=case")
    page.wait_for_selector("#opit-search[data-ready=true]")
    total = int(page.locator("#opit-status").inner_text().split()[0])
    assert total > 20
    assert shown(page) == 20
    # Only the results shown were downloaded, plus the next one of each language's date-sorted
    # list (the newest-first merge looks one ahead in each of fi, sv, en).
    assert 20 <= len(set(fragments)) <= 20 + 3
    more = page.locator("#opit-more")
    assert more.is_visible()
    more.click()
    page.wait_for_function(f"document.querySelectorAll('#opit-results > li').length == "
                           f"{min(total, 40)}")
    assert more.is_visible() == (total > 40)
    urls = page.locator("#opit-results > li h2 a").evaluate_all("as => as.map(a => a.href)")
    assert len(set(urls)) == len(urls)  # the next page continues, it does not repeat
    context.close()


def test_a_short_result_list_has_no_more_button(browser, corpus_site: str):
    context = browser.new_context(base_url=corpus_site)
    page = context.new_page()
    page.goto("/search/?type=workshop&year=2099")
    page.wait_for_selector("#opit-search[data-ready=true]")
    assert shown(page) == 0
    assert not page.locator("#opit-more").is_visible()
    context.close()

