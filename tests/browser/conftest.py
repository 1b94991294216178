"""A real archive served by `readingroom serve`, and a real headless Chromium (Debian's) driven by Playwright."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, run_cli

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(home: Path) -> Iterator[str]:
    port = _free_port()
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "readingroom", "--home", str(home), "serve", "--port", str(port), "--workers", "1"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{address}/search", timeout=5):
                break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"the server did not start: {Path(log.name).read_text()}") from None
            time.sleep(0.2)
    yield address
    server.terminate()
    server.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed sample (the page the project started from) served over HTTP; its address."""
    home = tmp_path_factory.mktemp("browser-seed")
    run_cli("import", str(SAMPLE), home=home)
    yield from _serve(home)


@pytest.fixture(scope="session")
def frus_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The whole bundled sample: the seed documents and the two FRUS volumes."""
    home = tmp_path_factory.mktemp("browser-frus")
    run_cli("import", str(SAMPLE), str(SAMPLE.parent / "frus"), home=home)
    yield from _serve(home)


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
