"""The staff site in a real browser: signing in, the type-ahead for authorities, saving; no script is refused by
the Content-Security-Policy."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE, run_cli, serving
from tests.staff.conftest import PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def staffed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("browser-staff")
    run_cli("import", str(SAMPLE), home=home)
    run_cli("createuser", "edith", "--role", "editor", home=home, input=PASSWORD + "\n")
    with serving(home) as address:
        yield address


def test_an_editor_links_a_person_with_the_type_ahead(page: object, staffed_site: str) -> None:
    refused: list[str] = []
    page.on(  # type: ignore[attr-defined]
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(f"{staffed_site}/staff/")  # type: ignore[attr-defined]
    page.fill("#id_username", "edith")  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.click("input[type=submit]")  # type: ignore[attr-defined]
    page.goto(f"{staffed_site}/staff/records/document/seed/1952-09-17-filippov-mao/change/")  # type: ignore[attr-defined]
    page.click("#links-group .add-row a")  # type: ignore[attr-defined]
    row = page.locator("#links-group tr.form-row.dynamic-links").last  # type: ignore[attr-defined]
    row.locator("select[name$='-role']").select_option("people")
    row.locator(".select2-selection").click()
    page.keyboard.type("Chou En")  # type: ignore[attr-defined]
    page.locator(".select2-results__option", has_text="Zhou Enlai").first.click()  # type: ignore[attr-defined]
    page.click("input[name=_continue]")  # type: ignore[attr-defined]
    assert "was changed successfully" in page.inner_text(".messagelist")  # type: ignore[attr-defined]
    assert not refused, refused
    page.goto(f"{staffed_site}/documents/seed/1952-09-17-filippov-mao")  # type: ignore[attr-defined]
    assert "Zhou Enlai" in page.inner_text(".metadata")  # type: ignore[attr-defined]


def test_an_editor_uploads_a_spreadsheet_checks_the_dry_run_and_imports_it(
    browser: object, staffed_site: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Through the real page at a desktop's width, axe-core clean at each step; a picture of the report at a phone's
    width (in READINGROOM_SCREENSHOTS when set)."""
    from axe_playwright_python.sync_playwright import Axe

    sheet = tmp_path / "catalogue.csv"
    sheet.write_text("id,title,date\nupload/1,A memorandum uploaded,22 Sept. 1952\nupload/2,,1952\n")
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{staffed_site}/staff/login/?next=/staff/import/")
    page.fill("#id_username", "edith")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.set_input_files("#id_file", str(sheet))
    page.click("#upload-form button[type=submit]")
    assert "Dry run of catalogue.csv: nothing was written" in page.inner_text("#report-heading")
    assert page.inner_text(".import-problems li").startswith("catalogue.csv, row 3")
    _assert_accessible(Axe(), page)
    page.set_viewport_size({"width": 390, "height": 900})
    folder = Path(os.environ.get("READINGROOM_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "staff-import-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= 390")  # nothing wider than the phone
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("#import-form button[type=submit]")
    assert page.inner_text("#report-heading") == "Imported catalogue.csv"
    _assert_accessible(Axe(), page)
    page.goto(f"{staffed_site}/documents/upload/1")
    assert "A memorandum uploaded" in page.inner_text("h1")
    context.close()


def _assert_accessible(axe: Any, page: object) -> None:
    violations = axe.run(page).response["violations"]
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
