"""The archive's address in what it writes: a forged Host header is refused, and READINGROOM_BASE_URL names the
archive in every absolute link."""

from typing import Any

import pytest
from django.test import Client

from tests.conftest import serving
from tests.deployment.nodes import get

FORGED = "forged.example"
BASE = "https://archive.example.org"
# The pages that write absolute addresses into what harvesters and feed readers keep.
ADDRESSED = ["/robots.txt", "/sitemap.xml", "/sitemap-documents.xml", "/search/feed?q=Stalin", "/oai?verb=Identify"]


def at_base_url(settings: Any) -> None:
    """The settings READINGROOM_BASE_URL makes: the base URL, and its host among those answered."""
    settings.BASE_URL = BASE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "archive.example.org"]


@pytest.mark.parametrize("url", ADDRESSED)
def test_a_forged_host_is_refused(client: Client, sample: Any, url: str) -> None:
    response = client.get(url, headers={"host": FORGED})
    assert response.status_code == 400
    assert FORGED not in response.content.decode()


@pytest.mark.parametrize("url", ADDRESSED)
def test_the_base_url_names_the_archive_whatever_the_host(client: Client, sample: Any, settings: Any, url: str) -> None:
    at_base_url(settings)
    response = client.get(url, headers={"host": "127.0.0.1:8000"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{BASE}/" in body
    assert "127.0.0.1" not in body
    assert "testserver" not in body


def test_oai_identifiers_name_the_base_urls_host(client: Client, sample: Any, settings: Any) -> None:
    at_base_url(settings)
    settings.OAI_REPOSITORY_ID = ""
    body = client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").content.decode()
    assert "<identifier>oai:archive.example.org:seed/" in body


@pytest.mark.slow
def test_a_served_archive_refuses_a_forged_host_and_links_to_its_base_url(home: Any) -> None:
    from tests.conftest import SAMPLE, run_cli

    run_cli("import", str(SAMPLE), home=home)
    with serving(home, env={"READINGROOM_BASE_URL": BASE}) as address:
        for url in ADDRESSED:
            status, body = get(f"{address}{url}", headers={"Host": FORGED})
            assert (status, FORGED.encode() in body) == (400, False), url
        status, body = get(f"{address}/robots.txt")
        assert status == 200
        assert f"Sitemap: {BASE}/sitemap.xml".encode() in body
        port = address.rsplit(":", 1)[1]
        assert get(f"{address}/robots.txt", headers={"Host": f"localhost:{port}"})[0] == 200
