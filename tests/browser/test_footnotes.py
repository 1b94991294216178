"""A FRUS document's footnotes in a real browser: markers in the text that lead to their notes and back, and
cross-references that lead to the documents they name, at a desk's width and a phone's."""

import pytest

from tests.browser.conftest import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DOCUMENT = "/documents/frus1958-60v17/d7"  # footnote 2 points to Document 4 of the same volume
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_footnote_marker_leads_to_its_note_and_back(frus_site: str, page: object, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})  # type: ignore[attr-defined]
    page.goto(frus_site + DOCUMENT)  # type: ignore[attr-defined]
    marker = page.locator("#footnote-2-ref")  # type: ignore[attr-defined]
    assert marker.inner_text() == "2"
    assert marker.is_visible()
    assert page.evaluate(OVERFLOW) == 0  # type: ignore[attr-defined]
    marker.click()
    wait_until(page, "location.hash === '#footnote-2'")
    note = page.locator("#footnote-2")  # type: ignore[attr-defined]
    assert note.is_visible()
    assert note.locator("a.cross-reference").inner_text() == "Document 4"
    note.locator("a.footnote-back").click()
    wait_until(page, "location.hash === '#footnote-2-ref'")
    assert page.evaluate("document.querySelector('#footnote-2-ref').getBoundingClientRect().top >= 0")  # type: ignore[attr-defined]
    page.locator("#footnote-2 a.cross-reference").click()  # type: ignore[attr-defined]
    wait_until(page, "location.pathname === '/documents/frus1958-60v17/d4'")
