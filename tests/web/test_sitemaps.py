"""Sitemaps and robots.txt: every public document and authority page, nothing restricted, paged."""

from collections.abc import Callable
from typing import Any
from urllib.robotparser import RobotFileParser

import pytest
from django.test import Client
from lxml import etree

from readingroom.web import sitemaps
from tests.conftest import seed_records

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return [str(loc) for loc in etree.fromstring(response.content).xpath("//s:loc/text()", namespaces=NS)]


def all_locations(client: Client) -> list[str]:
    found = []
    for sitemap in locations(client, "/sitemap.xml"):
        found += locations(client, sitemap.removeprefix("http://testserver"))
    return found


def test_the_sitemap_lists_every_public_page_once(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": "secret/1", "title": "Hidden", "access": "restricted", "people": ["Only In Secret"]}])
    found = all_locations(client)
    assert len(found) == len(set(found))
    documents = [record["id"] for record in seed_records() if record.get("kind", "document") == "document"]
    assert {f"http://testserver/documents/{document_id}" for document_id in documents} <= set(found)
    assert "http://testserver/people/stalin" in found
    assert "http://testserver/collections/sino-soviet" in found
    assert "http://testserver/" in found
    assert not [url for url in found if "secret" in url or "only-in-secret" in url]
    for url in found:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_sitemaps_have_last_modified_dates_and_are_paged(
    client: Client, sample: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitemaps.DocumentSitemap, "limit", 3)
    index = locations(client, "/sitemap.xml")
    document_pages = [url for url in index if "sitemap-documents" in url]
    assert len(document_pages) == 3  # seven documents, three a page
    page = etree.fromstring(client.get("/sitemap-documents.xml?p=2").content)
    assert len(page.xpath("//s:url", namespaces=NS)) == 3
    assert all(len(lastmod) == 10 for lastmod in page.xpath("//s:lastmod/text()", namespaces=NS))
    assert client.get("/sitemap-documents.xml?p=9").status_code == 404
    assert client.get("/sitemap-documents.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_points_at_the_sitemap(client: Client, db: None) -> None:
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /search\n" in text


def test_the_sitemap_lists_only_what_robots_txt_allows(client: Client, sample: Any) -> None:
    robots = RobotFileParser()
    robots.parse(client.get("/robots.txt").content.decode().splitlines())
    sitemaps = locations(client, "/sitemap.xml")
    found = all_locations(client)
    assert found
    for url in ["http://testserver/sitemap.xml", *sitemaps, *found]:
        assert robots.can_fetch("*", url), f"the sitemap lists {url}, which robots.txt disallows"
