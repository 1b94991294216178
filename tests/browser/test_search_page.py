"""The search page as a reader uses it, in a real browser."""

import re

import pytest

from tests.browser.conftest import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def results_line(page: object) -> str:
    return str(page.locator(".result-count").inner_text())  # type: ignore[attr-defined]


def test_the_seed_page_and_its_skip_link(page: object, site: str) -> None:
    page.goto(f"{site}/search?collections=Sino-Soviet+Relations")  # type: ignore[attr-defined]
    assert results_line(page) == "Results: 1 - 7 of 7"
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    skip = page.locator(":focus")  # type: ignore[attr-defined]
    assert skip.inner_text() == "Skip to content"
    skip.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"  # type: ignore[attr-defined]


def test_choosing_a_facet_value_and_removing_its_chip(page: object, site: str) -> None:
    page.goto(f"{site}/search")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Burma").click()  # type: ignore[attr-defined]
    page.wait_for_url("**places=place%2Fburma")  # type: ignore[attr-defined]
    assert results_line(page) == "Results: 1 - 3 of 3"
    page.get_by_role("link", name="Remove Places: Burma").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{site}/search?")  # type: ignore[attr-defined]
    assert results_line(page) == "Results: 1 - 7 of 7"


def test_a_timeline_bar_narrows_the_dates(page: object, site: str) -> None:
    page.goto(f"{site}/search")  # type: ignore[attr-defined]
    page.locator('.timeline a[aria-label^="1952:"]').click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"from=1952&to=1952"))  # type: ignore[attr-defined]
    assert results_line(page) == "Results: 1 - 6 of 6"
    assert page.locator('.timeline a[aria-label^="September 1952:"]').count() == 1  # type: ignore[attr-defined]


def test_the_filter_box_of_a_facet(page: object, site: str) -> None:
    page.goto(f"{site}/search")  # type: ignore[attr-defined]
    page.get_by_role("link", name="All places…").click()  # type: ignore[attr-defined]
    page.get_by_label("Find a value").fill("bur")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Filter").click()  # type: ignore[attr-defined]
    links = page.locator(".browse-list a").all_inner_texts()  # type: ignore[attr-defined]
    assert links == ["Burma"]
    page.get_by_role("link", name="Burma").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/search?places=place%2Fburma")  # type: ignore[attr-defined]
    assert results_line(page) == "Results: 1 - 3 of 3"


def test_the_search_page_works_without_javascript(browser: object, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{site}/search")
    page.get_by_label("Search the archive").fill("Filippov")
    page.get_by_role("button", name="Search").first.click()
    assert results_line(page) == "Results: 1 - 6 of 6"
    page.get_by_label("Sort by").select_option("date")
    page.get_by_role("button", name="Apply").first.click()
    assert "sort=date" in page.url
    context.close()


def test_with_javascript_facets_update_the_results_in_place(page: object, site: str) -> None:
    page.goto(f"{site}/search")  # type: ignore[attr-defined]
    page.evaluate("window.stillTheSamePage = true")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Burma").click()  # type: ignore[attr-defined]
    page.wait_for_url("**places=place%2Fburma**")  # type: ignore[attr-defined]
    assert results_line(page) == "Results: 1 - 3 of 3"
    page.get_by_role("link", name="Mexico").click()  # type: ignore[attr-defined]
    page.wait_for_url("**place%2Fmexico**")  # type: ignore[attr-defined]
    assert results_line(page) == "Results: 1 - 2 of 2"
    assert page.evaluate("window.stillTheSamePage") is True  # type: ignore[attr-defined]
    page.go_back()  # type: ignore[attr-defined]
    wait_until(page, "document.querySelector('.result-count').innerText.includes('of 3')")
    assert results_line(page) == "Results: 1 - 3 of 3"
