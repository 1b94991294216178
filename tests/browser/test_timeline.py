"""The timeline on a phone: labels a person can read, bars a finger can tap, nothing axe-core objects to."""

import json
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, run_cli, serving

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
SMALLEST_LABEL = 12  # px, as rendered
SMALLEST_TARGET = 24  # px each way: WCAG 2.2's target size (minimum), 2.5.8

# What each label and each bar measures on the screen. A label's rendered size is its font size times the scale of
# any SVG drawing it stands in (getComputedStyle gives the size before that scaling).
MEASURE = """() => ({
  labels: [...document.querySelectorAll('.timeline .tick')].filter(label => label.textContent.trim()).map(label => {
    const scale = label.getScreenCTM ? label.getScreenCTM().a : 1;
    const box = label.getBoundingClientRect();
    return {text: label.textContent.trim(), size: parseFloat(getComputedStyle(label).fontSize) * scale,
            left: box.left, right: box.right};
  }),
  bars: [...document.querySelectorAll('.timeline a[aria-label]')].map(bar => {
    const box = bar.getBoundingClientRect();
    return {name: bar.getAttribute('aria-label'), width: box.width, height: box.height};
  }),
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
})"""


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed sample and a document a year from 1921 to 1950: thirty bars, more than a phone's width holds."""
    home = tmp_path_factory.mktemp("browser-timeline")
    records = home / "yearly.jsonl"
    lines = [
        {"id": f"yearly/{year}", "title": f"Annual report {year}", "date": str(year)} for year in range(1921, 1951)
    ]
    records.write_text("".join(json.dumps(line) + "\n" for line in lines))
    run_cli("import", str(SAMPLE), str(records), home=home)
    with serving(home) as address:
        yield address


CHARTS = {
    "years": ("/search?collections=Sino-Soviet+Relations", 8),
    "months": ("/search?from=1952&to=1952", 12),
    "thirty years": ("/search?q=annual", 30),
    "decades": ("/", 4),  # the home page's timeline: 1920s to 1950s
}


@pytest.mark.parametrize(("path", "bars"), CHARTS.values(), ids=CHARTS.keys())
def test_the_timeline_on_a_phone(browser: object, long_site: str, path: str, bars: int) -> None:
    context = browser.new_context(viewport=PHONE)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{long_site}{path}")
    measured = page.evaluate(MEASURE)
    assert len(measured["bars"]) == bars
    assert measured["labels"], "no bar is labelled"
    small = [(label["text"], round(label["size"], 1)) for label in measured["labels"] if label["size"] < SMALLEST_LABEL]
    assert not small, f"labels smaller than {SMALLEST_LABEL} px: {small}"
    tiny = [
        (bar["name"], round(bar["width"], 1), round(bar["height"], 1))
        for bar in measured["bars"]
        if bar["width"] < SMALLEST_TARGET or bar["height"] < SMALLEST_TARGET
    ]
    assert not tiny, f"bars smaller than {SMALLEST_TARGET} px to tap: {tiny}"
    labels = sorted(measured["labels"], key=lambda label: label["left"])
    overlapping = [(a["text"], b["text"]) for a, b in pairwise(labels) if a["right"] > b["left"]]
    assert not overlapping, f"labels written over each other: {overlapping}"
    assert measured["overflow"] <= 0, "the page scrolls sideways: only the chart may"
    context.close()


def test_the_last_of_thirty_bars_is_reached_on_a_phone(browser: object, long_site: str) -> None:
    """The chart scrolls sideways: its last bar can be scrolled to and tapped."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{long_site}/search?q=annual")
    page.locator('.timeline a[aria-label^="1950:"]').tap()
    page.wait_for_url("**from=1950&to=1950**")
    assert page.locator(".result-count").inner_text() == "Results: 1 - 1 of 1"
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [path for path, _ in CHARTS.values()], ids=CHARTS.keys())
def test_no_accessibility_violations_on_a_phone(browser: object, long_site: str, path: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=PHONE, color_scheme=scheme)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{long_site}{path}")
    violations = Axe().run(page).response["violations"]
    context.close()
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_screenshots_of_the_search_page(
    browser: object, long_site: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The search page with its timeline at a phone's and a desktop's width, for whoever changes the design to look
    at: written to READINGROOM_SCREENSHOTS when it is set, else to a temporary folder."""
    import os

    folder = Path(os.environ.get("READINGROOM_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
        page = context.new_page()
        for name, (path, _) in CHARTS.items():
            page.goto(f"{long_site}{path}")
            picture = folder / f"timeline-{name.replace(' ', '-')}-{width}.png"
            page.screenshot(path=str(picture))
            assert picture.stat().st_size > 5_000
        context.close()
