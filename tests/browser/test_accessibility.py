"""Every public page type, audited by axe-core in a real browser, on the FRUS sample."""

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGES = {
    "home": "/",
    "search": "/search",
    "search with results": "/search?q=Chou+En-lai&places_mode=any",
    "search without results": "/search?q=zzyzzx",
    "search within a year": "/search?from=1955&to=1955",
    "document": "/documents/frus1958-60v17/d100",
    "seed document": "/documents/seed/1952-09-17-filippov-mao",
    "people": "/people",
    "person": "/people/frus-115035",
    "collections": "/collections",
    "collection": "/collections/sino-soviet",
    "facet values": "/search/facets/places",
    "help": "/help/search",
    "not found": "/no/such/page",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_accessibility_violations(page: object, frus_site: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{frus_site}{path}")  # type: ignore[attr-defined]
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


@pytest.mark.parametrize("width", [320, 768, 1280])
@pytest.mark.parametrize("path", ["/search?q=Sukarno", "/documents/frus1958-60v17/d100", "/people"])
def test_no_horizontal_scrolling(browser: object, frus_site: str, path: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{frus_site}{path}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"


def test_keyboard_alone_reaches_a_document(page: object, frus_site: str) -> None:
    page.goto(f"{frus_site}/search")  # type: ignore[attr-defined]
    for _ in range(5):  # the skip link, the archive's name, then the search box
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.id") == "site-q":  # type: ignore[attr-defined]
            break
    page.keyboard.type("Sukarno")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**q=Sukarno**")  # type: ignore[attr-defined]
    for _ in range(60):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.closest('.hit-title') !== null"):  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("no result title was reached with the Tab key")
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**/documents/**")  # type: ignore[attr-defined]


SCREENSHOTS = {
    "home": "/",
    "search": "/search?q=Chou+En-lai",
    "document": "/documents/frus1958-60v17/d100",
    "person": "/people/frus-115035",
    "people": "/people",
    "help": "/help/search",
}


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_of_each_page_type(
    browser: object, frus_site: str, tmp_path_factory: pytest.TempPathFactory, width: int
) -> None:
    """Pictures of each page type at a phone's and a desktop's width, for whoever changes the design to look at:
    written to docs/screenshots/ when READINGROOM_SCREENSHOTS is set, else to a temporary folder."""
    import os
    from pathlib import Path

    folder = Path(os.environ.get("READINGROOM_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    for name, path in SCREENSHOTS.items():
        page.goto(f"{frus_site}{path}")
        picture = folder / f"{name}-{width}.png"
        page.screenshot(path=str(picture))
        assert picture.stat().st_size > 5_000
    context.close()
