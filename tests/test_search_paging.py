"""The search page loads results a page at a time: only what is shown is downloaded.

The first results come from the reader's language alone (the search page's <html lang>); the
other languages' Pagefind files are loaded after that and their results then join the list.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site_fixtures import served
from tests.support import ROOT, file_language, hold_other_languages, run_opit, watch_first_results

pytestmark = pytest.mark.slow

ENTRIES = 60  # bench/corpus.py: 36 cases (26 en, 6 fi, 4 sv), so a case search has two pages of 20
FIRST_PAINT = 10  # opit-search.js: results drawn before the other languages have joined


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("paging")
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(ENTRIES),
                    str(folder / "corpus")], check=True, capture_output=True)
    result = run_opit("build", "--content", str(folder / "corpus" / "content"),
                      "--out", str(folder / "site"))
    assert result.returncode == 0, result.stderr
    with served(folder / "site") as url:
        yield url, folder / "site"


def shown(page) -> int:
    return page.locator("#opit-results > li").count()


def shown_results(page) -> list[tuple[str, str]]:
    """(URL, date) of each result shown, in order."""
    return [(href, meta.split("·")[0].split()[-1])  # "Case 2024 · English"
            for href, meta in page.eval_on_selector_all("#opit-results > li", """items => items.map(
                item => [item.querySelector('h2 a').href,
                         item.querySelector('.opit-item__meta').textContent])""")]


def test_a_long_result_list_shows_twenty_and_loads_more_on_request(browser_page, corpus_site) -> None:
    address, _ = corpus_site
    page = browser_page(address)
    first = watch_first_results(page)
    page.goto("/search/?type=case")
    page.wait_for_selector("#opit-search[data-ready=true]")
    total = int(page.locator("#opit-status").inner_text().split()[0])
    assert total > 20
    assert shown(page) == 20
    # Only the results shown were downloaded, plus the next one of each language's date-sorted
    # list (the newest-first merge looks one ahead in each of fi, sv, en), plus those of the first
    # results (the reader's language only) that the other languages' newer ones pushed down.
    fragments = {url for url in page.all_requests if "/fragment/" in url}
    urls = [url for url, _ in shown_results(page)]
    pushed_down = set(first["urls"]) - set(urls)
    assert 20 <= len(fragments) <= 20 + 3 + len(pushed_down)
    more = page.locator("#opit-more")
    assert more.is_visible()
    more.click()
    # A function, not an expression: the page's CSP forbids evaluating strings.
    page.wait_for_function("n => document.querySelectorAll('#opit-results > li').length == n",
                           arg=min(total, 40))
    assert more.is_visible() == (total > 40)
    urls = [url for url, _ in shown_results(page)]
    assert len(set(urls)) == len(urls)  # the next page continues, it does not repeat


@pytest.mark.parametrize("own", ["en", "fi", "sv"])
def test_the_first_results_need_only_the_readers_language(browser_page, corpus_site, own: str) -> None:
    address, site = corpus_site
    indexed = set(json.loads((site / "pagefind" / "pagefind-entry.json").read_text())["languages"])
    assert indexed == {"en", "fi", "sv"}
    page = browser_page(address)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    first = watch_first_results(page)
    release = hold_other_languages(page, own)
    page.goto(("/" if own == "en" else f"/{own}/") + "search/?type=case")
    page.wait_for_selector("#opit-search[data-first-results=true]")
    # Until then, no file of another language was even asked for.
    assert {file_language(url) for url in first["requests"]} - {None} == {own}
    assert any(f"/wasm.{own}.pagefind" in url for url in first["requests"])
    # The first results are the reader's language only, newest first; the status says more come.
    assert first["status"].endswith("…")
    assert not page.locator("#opit-search[data-ready=true]").count()
    results = shown_results(page)
    assert 0 < len(results) <= FIRST_PAINT
    assert page.eval_on_selector_all("#opit-results li h2 a", "as => as.filter(a => a.lang).length") == 0
    dates = [date for _, date in results]
    assert dates == sorted(dates, reverse=True)
    # Then the other languages' results join the list, still newest first.
    release()
    page.wait_for_selector("#opit-search[data-ready=true]")
    assert {file_language(url) for url in page.all_requests} - {None} == {"en", "fi", "sv"}
    results = shown_results(page)
    assert len(results) == 20
    dates = [date for _, date in results]
    assert dates == sorted(dates, reverse=True)
    assert page.eval_on_selector_all("#opit-results li h2 a", "as => as.filter(a => a.lang).length") > 0
    assert not page.locator("#opit-status").inner_text().endswith("…")
    assert errors == []


def test_pagefind_is_downloaded_once_for_all_languages(browser_page, corpus_site) -> None:
    address, _ = corpus_site
    page = browser_page(address)
    watch_first_results(page)
    page.goto("/search/?q=interoperability")
    page.wait_for_selector("#opit-search[data-ready=true]")
    # One module per language (pagefind.js#fi is another module than pagefind.js#en), but the
    # fragment is never sent: one download, and at most a revalidation (304) from the cache.
    modules = [(url, status) for url, status in page.all_responses
               if url.split("?")[0].endswith("/pagefind.js")]
    assert [status for _, status in modules].count(200) == 1, modules
    assert {file_language(url) for url in page.all_requests} - {None} == {"en", "fi", "sv"}


def test_a_short_result_list_has_no_more_button(browser_page, corpus_site) -> None:
    address, _ = corpus_site
    page = browser_page(address)
    page.goto("/search/?type=workshop&year=2099")
    page.wait_for_selector("#opit-search[data-ready=true]")
    assert shown(page) == 0
    assert not page.locator("#opit-more").is_visible()
    assert page.locator("#opit-status").inner_text() != ""


def test_lists_of_other_entries_are_not_indexed_as_this_entrys_text(corpus_site) -> None:
    # Like the related entries, the findings a case addresses and the cases that address a
    # finding are other entries' titles and text: those entries are found by their own pages.
    _, site = corpus_site
    pages = [path.read_text("utf-8") for kind in ("cases", "workshops")
             for path in sorted((site / kind).glob("*/index.html"))]
    addresses = [html for html in pages if 'id="addresses"' in html]
    addressed = [html for html in pages if 'class="opit-finding"' in html and "<p data-pagefind" in html]
    assert addresses and addressed
    for html in addresses:
        assert re.search(r'id="addresses"[^\n]*\n+<ul data-pagefind-ignore="all">', html)
    for html in addressed:
        assert re.search(r'<p data-pagefind-ignore>[^<]*:</p><ul data-pagefind-ignore="all">', html)
        assert not re.search(r"<p>[^<]*:</p><ul>\s*<li><a href=\"[./]*cases/", html)


def test_a_site_without_entries_builds_and_its_search_says_no_results(browser_page, tmp_path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for registry in ("organisations.yml", "themes.yml", "series.yml"):
        (content / registry).write_text(
            (ROOT / "tests" / "fixtures" / "minimal" / "content" / registry).read_text("utf-8"),
            encoding="utf-8")
    result = run_opit("build", "--content", str(content), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    entry = json.loads((tmp_path / "site" / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"] == {}
    with served(tmp_path / "site") as address:
        page = browser_page(address)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("/search/?q=chatbot")
        page.wait_for_selector("#opit-search[data-ready=true]")
        assert shown(page) == 0
        assert page.locator("#opit-status").inner_text().startswith("No results")
        assert errors == []
