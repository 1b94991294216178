"""Addresses too long to read are refused with a 414: JSON under /api/, a page elsewhere, whatever serves them."""

import http.client
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client

from readingroom.web.long_addresses import MAX_ADDRESS, MAX_REQUEST_LINE
from tests.conftest import SAMPLE, run_cli, serving

pytestmark = pytest.mark.django_db


def test_an_api_address_too_long_is_a_json_414(client: Client, sample: Any) -> None:
    response = client.get("/api/v1/search", {"q": "x" * MAX_ADDRESS})
    assert response.status_code == 414
    assert response["Content-Type"] == "application/json"
    assert f"longer than {MAX_ADDRESS:,} bytes" in response.json()["error"]


def test_a_page_address_too_long_is_a_page(client: Client, sample: Any) -> None:
    response = client.get("/search", {"q": "x" * MAX_ADDRESS})
    assert response.status_code == 414
    assert response["Content-Type"].startswith("text/html")
    assert f"longer than {MAX_ADDRESS:,} bytes" in response.content.decode()


def test_an_address_within_the_limit_is_answered(client: Client, sample: Any) -> None:
    assert client.get("/api/v1/search", {"q": "Stalin " + "x" * 1900}).status_code == 200


def get(address: str, target: str, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    """A GET of `target` as it is, unquoted and unchecked, as a script might send it."""
    connection = http.client.HTTPConnection(urlsplit(address).netloc, timeout=30)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode()
    finally:
        connection.close()


@pytest.mark.slow
def test_the_server_reads_what_the_api_allows_and_refuses_longer_lines_in_json(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_cli("import", str(SAMPLE), home=home)
    with serving(home) as address:
        # Over gunicorn's default limit of 4,094 bytes, within the archive's: 980 characters of words in Cyrillic.
        target = "/api/v1/search?" + urlencode({"q": "Сталин " * 140})
        assert 4094 < len(target) < MAX_ADDRESS
        status, kind, body = get(address, target)
        assert (status, kind) == (200, "application/json")
        assert "total" in json.loads(body)
        # Longer than the application reads: its own JSON answer.
        status, kind, body = get(address, "/api/v1/search?q=" + "x" * MAX_ADDRESS)
        assert (status, kind) == (414, "application/json")
        # Longer than gunicorn reads: refused before the address is known, still in JSON, not gunicorn's HTML.
        status, kind, body = get(address, "/api/v1/search?q=" + "x" * MAX_REQUEST_LINE)
        assert (status, kind) == (414, "application/json")
        assert f"longer than {MAX_ADDRESS:,} bytes" in json.loads(body)["error"]
        # A header longer than gunicorn reads (8,190 bytes): JSON as well.
        status, kind, body = get(address, "/api/v1/search", {"X-Padding": "x" * 9000})
        assert (status, kind) == (431, "application/json")
        assert "headers are too many or too long" in json.loads(body)["error"]
