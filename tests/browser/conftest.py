"""A real archive served by `readingroom serve`, and a real headless Chromium (Debian's) driven by Playwright."""

import shutil
from collections.abc import Iterator

import pytest

from tests.conftest import SAMPLE, run_cli, serving
from tests.scans import scanned_document

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt install chromium)")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed sample (the page the project started from) served over HTTP; its address."""
    home = tmp_path_factory.mktemp("browser-seed")
    run_cli("import", str(SAMPLE), home=home)
    with serving(home) as address:
        yield address


@pytest.fixture(scope="session")
def frus_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The whole bundled sample (the seed documents and the two FRUS volumes) and a document with scans."""
    home = tmp_path_factory.mktemp("browser-frus")
    scans = scanned_document(tmp_path_factory.mktemp("scans"))
    run_cli("import", str(SAMPLE), str(SAMPLE.parent / "frus"), str(scans), home=home)
    with serving(home) as address:
        yield address


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def wait_until(page: object, expression: str, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression until it is true. (Playwright's wait_for_function evaluates its predicate with
    eval inside the page, which the site's Content-Security-Policy rightly refuses.)"""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            pytest.fail(f"never true: {expression}")
        time.sleep(0.05)
