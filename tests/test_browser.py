"""The built fixture site in real Chromium (Debian's, through Playwright), served on 127.0.0.1.

Search with Pagefind (a word found in one entry's narrative only, filters, shared URLs, the
header form, keyboard only), privacy (no request to another host), accessibility (axe-core, WCAG
2.1 A and AA), the 360 px layout and a clean console.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support import (
    CHATBOT,
    FINNISH_CASE,
    PAGES,
    SEARCH_RESULTS,
    SHARED_DATA,
    UNIQUE_WORD,
    WCAG_TAGS,
    goto,
    result_paths,
    selected,
    wait_for_results,
)

pytestmark = pytest.mark.browser

# --------------------------------------------------------------------------------------------
# Search


def test_a_word_from_one_narrative_finds_that_entry_only(page) -> None:
    goto(page, SEARCH_RESULTS)
    assert result_paths(page) == [CHATBOT]
    assert page.input_value("#opit-q") == UNIQUE_WORD
    title = page.inner_text("#opit-results li h2")
    assert title == "Example City's chatbot pilot for residents' service requests"
    assert UNIQUE_WORD in page.inner_text("#opit-results mark").lower()
    assert page.inner_text("#opit-status").startswith("1 ")
    assert page.console_errors == []


def test_the_finnish_entry_is_found_from_the_search_page(page) -> None:
    # Its index is Pagefind's "fi" index; the search page (lang="en") merges it in.
    goto(page, "/search/?q=selkokielellä")
    assert result_paths(page) == [FINNISH_CASE]
    assert page.console_errors == []


def test_a_filter_narrows_the_results(page) -> None:
    goto(page, "/search/?q=chatbot")
    before = result_paths(page)
    assert len(before) > 1 and CHATBOT in before
    options = page.eval_on_selector_all("#opit-filter-type option", "os => os.map(o => o.value)")
    assert set(options) == {"", "case", "workshop", "event"}
    page.select_option("#opit-filter-type", "case")
    wait_for_results(page, 1)
    assert result_paths(page) == [CHATBOT]
    assert "type=case" in page.url and "q=chatbot" in page.url
    page.select_option("#opit-filter-type", "")
    wait_for_results(page, len(before))
    assert sorted(result_paths(page)) == sorted(before)
    assert page.console_errors == []


def test_filters_alone_list_entries_of_every_language_newest_first(page) -> None:
    goto(page, "/search/?type=case")
    assert result_paths(page) == [FINNISH_CASE, CHATBOT]
    languages = page.eval_on_selector_all("#opit-filter-language option",
                                          "os => os.map(o => o.value)")
    assert set(languages) == {"", "en", "fi"}
    page.select_option("#opit-filter-language", "fi")
    wait_for_results(page, 1)
    assert result_paths(page) == [FINNISH_CASE]


def test_a_shared_search_url_restores_query_filters_and_results(page) -> None:
    goto(page, "/search/?q=chatbot&type=case&theme=data-sharing")
    assert page.input_value("#opit-q") == "chatbot"
    chosen = selected(page)
    assert chosen["type"] == "case"
    assert chosen["theme"] == "data-sharing"
    assert all(value == "" for name, value in chosen.items() if name not in ("type", "theme"))
    assert result_paths(page) == [CHATBOT]
    # The URL still holds the search, so it can be bookmarked and shared again.
    assert "q=chatbot" in page.url and "type=case" in page.url and "theme=data-sharing" in page.url


def test_the_header_search_form_opens_the_search_page(page) -> None:
    goto(page, SHARED_DATA)
    page.fill("#opit-header-q", UNIQUE_WORD)
    with page.expect_navigation():
        page.press("#opit-header-q", "Enter")
    assert page.url.endswith(SEARCH_RESULTS)
    page.wait_for_selector("#opit-search[data-ready=true]")
    assert result_paths(page) == [CHATBOT]


def test_search_works_with_the_keyboard_only(page) -> None:
    goto(page, "/")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "opit-header-q":
            break
    else:
        pytest.fail("Tab never reached the header search field")
    page.keyboard.type(UNIQUE_WORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("#opit-search[data-ready=true]")
    assert result_paths(page) == [CHATBOT]
    # The results can be reached and opened from the keyboard as well.
    page.focus("#opit-q")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#opit-results') !== null"):
            break
    else:
        pytest.fail("Tab never reached a search result")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(CHATBOT)
    assert page.console_errors == []


# --------------------------------------------------------------------------------------------
# Privacy, accessibility, layout, console


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_make_no_request_to_another_host_and_log_no_error(page, name: str) -> None:
    goto(page, PAGES[name])
    page.wait_for_load_state("networkidle")
    assert page.requests, "no request was recorded"
    if name == "search results":  # the search index was loaded, from this site
        assert any("/pagefind/" in url and url.endswith(".pagefind") for url in page.requests)
    assert page.external_requests == []
    assert page.console_errors == []


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_wcag_21_aa_violation(page, name: str) -> None:
    goto(page, PAGES[name])
    if name == "search results":
        assert result_paths(page) == [CHATBOT]
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
            f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"][:5])
        for v in result.response["violations"]
    ]
    assert violations == [], f"{PAGES[name]}:\n" + "\n".join(violations)


@pytest.mark.parametrize("name", ["home", "listing", "case", "workshop", "event",
                                  "search results"])
def test_no_horizontal_scrolling_at_360_px(open_page, name: str) -> None:
    page = open_page(viewport={"width": 360, "height": 740})
    goto(page, PAGES[name])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{PAGES[name]} is {width}px wide at a 360px viewport"
    assert page.console_errors == []
