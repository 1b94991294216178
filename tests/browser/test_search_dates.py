"""The date boxes as a person sees them, on a desk and on a phone: the hint shows, each label stays beside its box,
and a date typed as people write it narrows the results."""

from urllib.parse import quote_plus

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# Where each date box and its label stand on the screen, and whether the page scrolls sideways.
MEASURE = """() => ({
  boxes: ['from', 'to'].map(id => {
    const box = document.getElementById(id).getBoundingClientRect();
    const label = document.querySelector(`label[for="${id}"]`).getBoundingClientRect();
    return {id, placeholder: document.getElementById(id).placeholder,
            sameLine: Math.abs(box.top - label.top) < box.height, labelLeftOfBox: label.right <= box.left};
  }),
  hint: document.getElementById('date-hint').getBoundingClientRect().height,
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_date_boxes_read_plainly_at_any_width(site: str, page: object, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    page.goto(f"{site}/search?q={quote_plus('Zhou Enlai Stalin 1952')}")  # type: ignore[attr-defined]
    measured = page.evaluate(MEASURE)  # type: ignore[attr-defined]
    assert measured["overflow"] == 0
    assert measured["hint"] > 0
    for box in measured["boxes"]:
        assert box == {"id": box["id"], "placeholder": "", "sameLine": True, "labelLeftOfBox": True}
    notes = page.inner_text(".notes")  # type: ignore[attr-defined]
    assert "“1952” read as a date: documents of 1952." in notes
    assert "Search for “1952” as a word" in notes


def test_a_date_typed_as_people_write_it_narrows_the_results(site: str, page: object) -> None:
    page.goto(f"{site}/search")  # type: ignore[attr-defined]
    page.fill("#from", "17 Sept. 1952")  # type: ignore[attr-defined]
    page.fill("#to", "19.9.1952")  # type: ignore[attr-defined]
    page.click(".date-form button")  # type: ignore[attr-defined]
    page.wait_for_url("**from=17+Sept.+1952**")  # type: ignore[attr-defined]
    assert page.inner_text(".result-count") == "Results: 1 - 2 of 2"  # type: ignore[attr-defined]
