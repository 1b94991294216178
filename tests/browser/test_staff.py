"""The staff site in a real browser: signing in, the type-ahead for authorities, saving; no script is refused by
the Content-Security-Policy."""

from collections.abc import Iterator

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
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )  # type: ignore[attr-defined]
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
