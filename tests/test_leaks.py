"""Restricted and unpublished documents do not exist for the public: every public URL type, API endpoint, feed,
OAI-PMH verb, export and sitemap is requested signed out, and neither their marker words nor their ids appear, and
counts leave them out. The site is also crawled link by link from the home page."""

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus, urljoin, urlsplit

import pytest
from django.test import Client

from tests.conftest import seed_records
from tests.scans import make_pdf, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unlimited")]

MARKERS = ["zanzibarmarker", "quagmiremarker", "тайнамаркер", "hiddenpersonmarker", "secretcollectionmarker",
           "hiddenorgmarker", "hiddenplacemarker", "hiddentopicmarker"]  # fmt: skip
HIDDEN_IDS = ["secret/doc-1", "draft/doc-2"]
PUBLIC_TOTAL = len([r for r in seed_records() if r.get("kind", "document") == "document"])
HIDDEN: list[dict[str, Any]] = [
    {"kind": "person", "id": "person/hiddenpersonmarker", "name": "Hiddenpersonmarker, Ivan", "variants": ["Ivanov"]},
    {"kind": "collection", "id": "collection/secretcollectionmarker", "name": "Secretcollectionmarker papers"},
    {"kind": "organization", "id": "org/hiddenorgmarker", "name": "Hiddenorgmarker Bureau"},
    {"kind": "place", "id": "place/hiddenplacemarker", "name": "Hiddenplacemarker Island"},
    {"kind": "topic", "id": "topic/hiddentopicmarker", "name": "Hiddentopicmarker affair"},
    {
        "id": "secret/doc-1",
        "title": "Telegram zanzibarmarker, Stalin to Mao",
        "date": "1952-09-18",
        "summary": "Stalin writes to Mao about the zanzibarmarker matter.",
        "text": "Full text with quagmiremarker. Stalin and Zhou Enlai on Korea.",
        "transcripts": [{"language": "ru", "text": "Телеграмма тайнамаркер"}],
        "languages": ["ru"],
        "type": "Zanzibarmarker telegram",
        "authors": ["Stalin"],
        "people": ["person/hiddenpersonmarker", "Zhou Enlai"],
        "organizations": ["org/hiddenorgmarker"],
        "places": ["Korea", "place/hiddenplacemarker"],
        "topics": ["Korean War", "topic/hiddentopicmarker"],
        "collections": ["collection/secretcollectionmarker", "Sino-Soviet Relations"],
        "attachments": [{"path": "secret-scan.pdf", "label": "zanzibarmarker scan"}],
        "access": "restricted",
    },
    {
        "id": "draft/doc-2",
        "title": "Draft quagmiremarker memorandum",
        "date": "1957",
        "text": "A draft about Stalin, zanzibarmarker.",
        "people": ["person/hiddenpersonmarker"],
        "access": "unpublished",
    },
    {
        "id": "public/links-to-secret",
        "title": "A public letter",
        "date": "1952-09-30",
        "text": "Stalin to Mao.",
        "related": ["secret/doc-1", "draft/doc-2", "elsewhere/1"],
        "collections": ["Sino-Soviet Relations"],
    },
]


@pytest.fixture
def unlimited(settings: Any) -> None:
    """Every door is asked many times here; the rate limits (tested on their own) would answer 429 instead."""
    settings.RATE_LIMITS = False


@pytest.fixture
def archive(sample: Any, load: Callable[..., Any], home: Path) -> None:
    write(home, "secret-scan.pdf", make_pdf(["zanzibarmarker page"]))
    report = load(HIDDEN)
    assert report.rejected == 0, report.rejections


def leaks(body: str, url: str = "") -> list[str]:
    """Markers and ids in the body, leaving out those the request itself names (a page may repeat the query)."""
    lowered, asked = body.lower(), unquote_plus(url).lower()
    return [marker for marker in [*MARKERS, *HIDDEN_IDS] if marker in lowered and marker not in asked]


def content(response: Any) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return data.decode("utf-8", "replace")


SEARCHES = ["", "q=zanzibarmarker", "q=quagmiremarker", "q=тайнамаркер", "q=Hiddenpersonmarker", "q=Ivanov",
            "q=Stalin", "q=zanzibarmarker~", "q=secret", "q=title:zanzibarmarker", "people=person/hiddenpersonmarker",
            "collections=collection/secretcollectionmarker", "organizations=org/hiddenorgmarker",
            "places=place/hiddenplacemarker", "topics=topic/hiddentopicmarker", "q=Hiddenorgmarker",
            "type=Zanzibarmarker telegram", "languages=ru", "from=1952-09-18&to=1952-09-18", "q=zanzibarmarkr",
            "q=Stalin&per_page=100&sort=date"]  # fmt: skip
DOOR_URLS = [
    "/",
    "/people",
    "/people?q=hidden",
    "/collections",
    "/places",
    "/topics",
    "/organizations",
    "/people/hiddenpersonmarker",
    "/collections/secretcollectionmarker",
    "/people/stalin",
    "/collections/sino-soviet",
    "/documents/public/links-to-secret",
    "/documents/public/links-to-secret/citation.bib",
    "/documents/public/links-to-secret/citation.ris",
    "/documents/public/links-to-secret/citation.json",
    "/unapi?id=public/links-to-secret&format=ris",
    "/unapi?id=public/links-to-secret&format=bibtex",
    "/api/documents/public/links-to-secret",
    "/api/v1/documents/public/links-to-secret",
    "/api/v1/documents?per_page=1000",
    "/api/v1/authorities?per_page=1000",
    "/api/v1/authorities?kind=person&prefix=hidden",
    "/api/v1/authorities?contains=secret",
    "/api/v1/authorities/person/hiddenpersonmarker",
    "/api/v1/authorities/collection/secretcollectionmarker",
    "/api/v1/authorities/person/stalin",
    "/api/v1/collections",
    "/api/",
    "/api/openapi.json",
    "/sitemap.xml",
    "/sitemap-documents.xml",
    "/sitemap-authorities.xml",
    "/sitemap-pages.xml",
    "/robots.txt",
    "/oai?verb=Identify",
    "/oai?verb=ListSets",
    "/oai?verb=ListMetadataFormats",
    "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc",
    "/oai?verb=ListRecords&metadataPrefix=oai_dc",
    "/oai?verb=ListRecords&metadataPrefix=readingroom",
    "/oai?verb=ListRecords&metadataPrefix=oai_dc&set=collection:secretcollectionmarker",
    "/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver:secret/doc-1",
    "/oai?verb=ListMetadataFormats&identifier=oai:testserver:secret/doc-1",
]


def every_door() -> Iterator[str]:
    yield from DOOR_URLS
    for search in SEARCHES:
        yield f"/search?{search}"
        yield f"/api/search?{search}"
        yield f"/api/v1/search?{search}"
        yield f"/api/v1/dates?{search.replace('&per_page=100&sort=date', '')}"
        yield f"/search/feed?{search}"
        for format_key in ("csv", "jsonl", "bib", "ris"):
            yield f"/search/export.{format_key}?{search}"
        for facet in ("people", "organizations", "places", "topics", "collections", "type", "languages"):
            yield f"/search/facets/{facet}?{search}"
            yield f"/api/v1/facets/{facet}?{search.replace('&per_page=100&sort=date', '')}"
    for document_id in HIDDEN_IDS:
        for suffix in ["", "/attachments/1", "/attachments/1/file", "/attachments/1/pages/1.png", "/citation.bib"]:
            yield f"/documents/{document_id}{suffix}"
        yield f"/api/documents/{document_id}"
        yield f"/api/v1/documents/{document_id}"
        for unapi_format in ("ris", "bibtex"):
            yield f"/unapi?id={document_id}&format={unapi_format}"


def test_no_door_tells_of_a_hidden_document(client: Client, archive: None) -> None:
    for url in every_door():
        response = client.get(url)
        assert response.status_code < 500, url
        assert not leaks(content(response), url), (url, leaks(content(response), url))
    for document_id in HIDDEN_IDS:
        assert client.get(f"/documents/{document_id}").status_code == 404
        assert client.get(f"/api/documents/{document_id}").status_code == 404
    assert client.get("/people/hiddenpersonmarker").status_code == 404
    assert client.get("/api/v1/authorities/person/hiddenpersonmarker").status_code == 404


def test_counts_leave_hidden_documents_out(client: Client, archive: None) -> None:
    everything = client.get("/api/search").json()
    assert everything["total"] == PUBLIC_TOTAL + 1
    stalin = client.get("/api/search", {"people": "person/stalin"}).json()
    assert stalin["total"] == len(stalin["hits"]) == 6  # the seed documents naming him; not the restricted one
    assert all(hit["id"].startswith("seed/") for hit in stalin["hits"])
    for values in everything["facets"].values():
        for value in values:
            assert value["count"] <= PUBLIC_TOTAL + 1
    years = {entry["year"]: entry["count"] for entry in everything["dates"]["years"]}
    assert years.get(1957, 0) == 0  # the unpublished draft's year
    assert years[1952] == PUBLIC_TOTAL  # six seed documents of 1952 and the public letter, not the restricted one
    assert "Results: 1 - 8 of 8" in client.get("/search").content.decode()


def test_a_crawl_of_the_site_finds_no_hidden_document(client: Client, archive: None) -> None:
    """Follow every link a reader could follow from the home page (each URL once, up to 600 pages)."""
    seen: set[str] = set()
    queue = ["/"]
    while queue and len(seen) < 600:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        body = content(response)
        assert not leaks(body), (url, leaks(body))
        if response.get("Content-Type", "").startswith("text/html"):
            for link in re.findall(r'href="([^"#]+)', body):
                target = urljoin(url, link.replace("&amp;", "&"))
                if not urlsplit(target).netloc and target.startswith("/") and not target.startswith("/static/"):
                    queue.append(target)
    assert len(seen) > 100
