"""The citations of a document page in a real browser: the copy buttons, and what a printed page carries."""

import html
import re

import pytest

from tests.browser.conftest import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DOCUMENT = "/documents/seed/1952-09-17-filippov-mao"


def test_a_copy_button_puts_the_citation_on_the_clipboard(browser: object, site: str) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.goto(f"{site}{DOCUMENT}")
    button = page.locator('button[data-copy="cite-chicago-bibliography"]')
    button.click()  # hidden without the script: clicking a hidden button would fail
    wait_until(page, "document.getElementById('cite-status').textContent === 'Copied.'")
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    # title case as citeproc-js writes it: a word after a hyphen is capitalised
    assert copied.startswith("Stalin, Joseph. “Hand-Delivered Letter, Filippov (Stalin) to Mao Zedong.” Letter.")
    assert copied.endswith(f"{site}{DOCUMENT}.")


def test_the_copied_citation_keeps_its_italics_as_rich_text(browser: object, site: str) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.goto(f"{site}{DOCUMENT}")
    page.locator('button[data-copy="cite-apa-bibliography"]').click()
    wait_until(page, "document.getElementById('cite-status').textContent === 'Copied.'")
    copied = page.evaluate(
        """async () => {
            const [item] = await navigator.clipboard.read();
            return {
                plain: await (await item.getType("text/plain")).text(),
                rich: await (await item.getType("text/html")).text(),
            };
        }"""
    )
    context.close()
    title = "Hand-delivered letter, Filippov (Stalin) to Mao Zedong"
    assert f"<i>{title}</i> [Letter]" in copied["rich"]
    assert f" {title} [Letter]. " in copied["plain"]
    assert copied["plain"] == html.unescape(re.sub(r"<[^>]+>", "", copied["rich"]))  # the same words, unmarked


def test_the_printed_page_carries_the_chicago_bibliography_entry(page: object, site: str) -> None:
    page.goto(f"{site}{DOCUMENT}")  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    visible = page.evaluate(  # type: ignore[attr-defined]
        """() => Array.from(document.querySelectorAll('.citation .citation-text, .citation-files, .copy-button'))
              .filter((element) => element.getClientRects().length > 0).map((element) => element.id)"""
    )
    assert visible == ["cite-chicago-bibliography"]
    assert page.locator("#cite-heading").is_visible()  # type: ignore[attr-defined]
