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
    "API reference": "/api/",
    "not found": "/no/such/page",
    "status": "/status",
    "document with scans": "/documents/scanned-telegram",
    "scan viewer": "/documents/scanned-telegram/attachments/1?page=2",
    "image zoomed": "/documents/scanned-telegram/attachments/2?zoom=1600",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_accessibility_violations(browser: object, frus_site: str, path: str, scheme: str) -> None:
    """WCAG 2.1 AA as axe-core checks it, in the light and the dark colour scheme (which follows the system)."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{frus_site}{path}")
    violations = Axe().run(page).response["violations"]
    context.close()
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


@pytest.mark.parametrize("width", [320, 768, 1280])
@pytest.mark.parametrize(
    "path",
    [
        "/search?q=Sukarno",
        "/documents/frus1958-60v17/d100",
        "/people",
        "/documents/scanned-telegram",
        "/documents/scanned-telegram/attachments/2?zoom=2400",
        "/api/",
    ],
)
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
    "scan-viewer": "/documents/scanned-telegram/attachments/1",
    "api": "/api/",
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


def test_the_scan_viewer_by_keyboard(page: object, frus_site: str) -> None:
    """From the document page to the scan, to its next page and a closer zoom, with the Tab and Enter keys only."""

    def follow(text: str) -> None:
        for _ in range(40):
            page.keyboard.press("Tab")  # type: ignore[attr-defined]
            if page.evaluate("document.activeElement.textContent.trim()") == text:  # type: ignore[attr-defined]
                with page.expect_navigation():  # type: ignore[attr-defined]
                    page.keyboard.press("Enter")  # type: ignore[attr-defined]
                return
        pytest.fail(f"{text!r} was not reached with the Tab key")

    page.goto(f"{frus_site}/documents/scanned-telegram")  # type: ignore[attr-defined]
    follow("Telegram (two pages)")
    follow("Next page")
    assert "Page two of the telegram." in page.inner_text("main")  # type: ignore[attr-defined]
    follow("Zoom in")
    assert page.url.endswith("page=2&zoom=1600")  # type: ignore[attr-defined]
    width = page.evaluate("document.querySelector('.scan-frame img').naturalWidth")  # type: ignore[attr-defined]
    assert width == 1600


def test_printing_a_document_leaves_out_the_site_around_it(page: object, frus_site: str) -> None:
    page.goto(f"{frus_site}/documents/frus1958-60v17/d100")  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    hidden = page.evaluate(  # type: ignore[attr-defined]
        "['.site-header', '.site-footer', '.similar'].map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none", "none", "none"]
    assert page.is_visible("h1")  # type: ignore[attr-defined]
    assert len(page.pdf()) > 10_000  # type: ignore[attr-defined]


def test_keyboard_alone_through_a_facet_and_the_pages(page: object, frus_site: str) -> None:
    """Tab and Enter only: choose a facet value, go to the next page of results, open a document."""

    def tab_to(selector: str) -> str:
        for _ in range(400):
            page.keyboard.press("Tab")  # type: ignore[attr-defined]
            if page.evaluate(f"document.activeElement.matches({selector!r})"):  # type: ignore[attr-defined]
                return str(page.evaluate("document.activeElement.textContent.trim()"))  # type: ignore[attr-defined]
        pytest.fail(f"nothing matching {selector} was reached with the Tab key")

    def enter() -> None:
        with page.expect_navigation():  # type: ignore[attr-defined]
            page.keyboard.press("Enter")  # type: ignore[attr-defined]

    page.goto(f"{frus_site}/search?q=Indonesia")  # type: ignore[attr-defined]
    tab_to(".facets a[href*='places=']")
    enter()
    assert "places=" in page.url  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    chosen = page.inner_text(".chips")  # type: ignore[attr-defined]
    assert "Places:" in chosen
    tab_to(".pagination a[rel=next]")
    enter()
    assert "page=2" in page.url  # type: ignore[attr-defined]
    tab_to(".hit-title a")
    enter()
    assert "/documents/" in page.url  # type: ignore[attr-defined]
