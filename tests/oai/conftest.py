"""A harvester's view of the archive: every response is parsed and validated against the OAI-PMH schema, with the
Dublin Core and readingroom metadata schemas loaded, so a response that strays from the protocol fails the test."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from readingroom.oai.metadata import READINGROOM, READINGROOM_SCHEMA
from tests.scans import make_pdf, write

SCHEMAS = Path(__file__).resolve().parent / "schemas"
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rr": READINGROOM,
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}
PAGE_SIZE = 3
# A restricted document: none of these words may appear in any response.
SECRET = {
    "id": "secret/hidden-42",
    "title": "Zanzibar circular",
    "summary": "Marked zanzibar throughout.",
    "access": "restricted",
    "people": ["Zanzibar Person"],
    "collections": ["Zanzibar Collection"],
}
SECRET_WORDS = ("zanzibar", "hidden-42")
RICH = {
    "id": "rich/1",
    "title": "Memorandum with every field",
    "date": "1950~",
    "summary": "A summary.",
    "text": "The text\nin two lines.",
    "transcripts": [{"language": "ru", "text": "Текст"}],
    "languages": ["ru", "en"],
    "type": "Memorandum",
    "authors": ["Zhou Enlai"],
    "recipients": ["Stalin"],
    "people": ["Mao Zedong"],
    "organizations": ["United Nations"],
    "places": ["Korea"],
    "topics": ["Korean War"],
    "collections": ["Documents with every field"],
    "source": {
        "repository": "Archive of Foreign Policy",
        "citation": "Fond 45, Opis 1, Delo 329",
        "publication": "A printed edition, p. 5",
        "url": "https://example.org/source/1",
    },
    "credits": "Translated by a reader.",
    "rights": "Public domain.",
    "related": ["seed/1952-09-14-zhou-report", "elsewhere/9", "secret/hidden-42"],
    "attachments": [{"path": "scans/rich-1.pdf", "label": "Scan", "media_type": "application/pdf"}],
    "extra": {"number": "7", "withheld": 2, "pages": [{"n": "5", "offset": 0}]},
}
RICH_COLLECTION = {
    "kind": "collection",
    "id": "collection/every-field",
    "name": "Documents with every field",
    "description": "Test documents that fill every field & more.",
}


def response_schema() -> etree.XMLSchema:
    """The protocol's schema together with every metadata and description schema a response may carry."""
    imports = {
        NS["oai"]: SCHEMAS / "OAI-PMH.xsd",
        NS["oai_dc"]: SCHEMAS / "oai_dc.xsd",
        NS["id"]: SCHEMAS / "oai-identifier.xsd",
        READINGROOM: READINGROOM_SCHEMA,
    }
    wrapper = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">' + "".join(
        f'<xs:import namespace="{namespace}" schemaLocation="{path.as_uri()}"/>' for namespace, path in imports.items()
    )
    return etree.XMLSchema(etree.fromstring(wrapper + "</xs:schema>"))


SCHEMA = response_schema()


class Harvester:
    """Sends OAI-PMH requests through the test client and hands back validated response documents."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def request(self, method: str = "get", host: str = "testserver", **arguments: Any) -> etree._Element:
        response = getattr(self.client, method)("/oai", arguments, HTTP_HOST=host)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        root = etree.fromstring(response.content)
        SCHEMA.assertValid(root)
        return root

    def error(self, **arguments: Any) -> str:
        """The code of the error the request gets; it must get exactly one."""
        codes = self.request(**arguments).xpath("oai:error/@code", namespaces=NS)
        assert len(codes) == 1, codes
        return str(codes[0])

    def pages(self, verb: str, **arguments: str) -> Iterator[etree._Element]:
        """Every page of a list, following its resumption tokens."""
        page = self.request(verb=verb, **arguments)
        yield page
        while token := page.xpath("string(//oai:resumptionToken)", namespaces=NS):
            page = self.request(verb=verb, resumptionToken=token)
            yield page

    def identifiers(self, **arguments: str) -> list[str]:
        return [
            str(identifier)
            for page in self.pages("ListIdentifiers", **arguments)
            for identifier in page.xpath("//oai:header/oai:identifier/text()", namespaces=NS)
        ]


@pytest.fixture
def harvester(client: Client, settings: Any) -> Harvester:
    settings.OAI_PAGE_SIZE = PAGE_SIZE
    settings.OAI_REPOSITORY_ID = "archive.example.org"
    return Harvester(client)


@pytest.fixture
def archive(sample: Any, load: Callable[..., Any], home: Path) -> None:
    """The seven sample documents, one with every field, and one restricted document."""
    write(home, "scans/rich-1.pdf", make_pdf(["Scan of the rich document"]))  # `load` imports from the data directory
    report = load([RICH_COLLECTION, RICH, SECRET])
    assert report.rejected == 0, report.rejections


def oai_id(document_id: str) -> str:
    return f"oai:archive.example.org:{document_id}"


def text(element: etree._Element, path: str) -> list[str]:
    return [str(value) for value in element.xpath(path, namespaces=NS)]
