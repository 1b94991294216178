"""Restricted documents are never told of; documents that were public and went away are reported deleted."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from lxml import etree

from readingroom.records.services import delete_document
from tests.oai.conftest import NS, RICH, SECRET, SECRET_WORDS, Harvester, oai_id, text

pytestmark = pytest.mark.django_db

GONE = "seed/1952-09-16-zhou-note"
WITHDRAWN = "seed/1952-09-17-filippov-mao"


def every_response(harvester: Harvester) -> Iterator[etree._Element]:
    """Every answer a harvester can get about the archive, each list walked to its end."""
    yield harvester.request(verb="Identify")
    yield harvester.request(verb="ListMetadataFormats")
    yield harvester.request(verb="ListSets")
    sets = text(harvester.request(verb="ListSets"), "//oai:setSpec/text()")
    for verb in ("ListIdentifiers", "ListRecords"):
        for prefix in ("oai_dc", "readingroom"):
            yield from harvester.pages(verb, metadataPrefix=prefix)
            for set_spec in sets:
                yield from harvester.pages(verb, metadataPrefix=prefix, set=set_spec)
    for prefix in ("oai_dc", "readingroom"):
        yield harvester.request(verb="GetRecord", identifier=oai_id(RICH["id"]), metadataPrefix=prefix)


def test_restricted_documents_never_appear(harvester: Harvester, archive: None) -> None:
    for root in every_response(harvester):
        body = etree.tostring(root, encoding="unicode").lower()
        for word in SECRET_WORDS:
            assert word not in body
    for prefix in ("oai_dc", "readingroom"):
        arguments = {"identifier": oai_id(SECRET["id"]), "metadataPrefix": prefix}
        assert harvester.error(verb="GetRecord", **arguments) == "idDoesNotExist"
    assert harvester.error(verb="ListMetadataFormats", identifier=oai_id(SECRET["id"])) == "idDoesNotExist"


def test_a_collection_of_restricted_documents_is_no_set(harvester: Harvester, archive: None) -> None:
    """Its set is answered as a set that does not exist is."""
    hidden = "collection:zanzibar-collection"
    assert harvester.error(verb="ListIdentifiers", metadataPrefix="oai_dc", set=hidden) == "noRecordsMatch"
    assert harvester.request(verb="ListIdentifiers", metadataPrefix="oai_dc", set="collection:nowhere").xpath(
        "oai:error/text()", namespaces=NS
    ) == ["no records in the set 'collection:nowhere'"]


def deleted_and_live(harvester: Harvester, **arguments: str) -> tuple[list[str], list[str]]:
    headers = [
        header
        for page in harvester.pages("ListIdentifiers", metadataPrefix="oai_dc", **arguments)
        for header in page.xpath("//oai:header", namespaces=NS)
    ]
    deleted = [text(header, "oai:identifier/text()")[0] for header in headers if header.get("status") == "deleted"]
    live = [text(header, "oai:identifier/text()")[0] for header in headers if header.get("status") is None]
    return deleted, live


def test_deleted_public_documents_are_reported_deleted(harvester: Harvester, archive: None) -> None:
    before = len(harvester.identifiers(metadataPrefix="oai_dc"))
    assert delete_document(GONE)
    deleted, live = deleted_and_live(harvester)
    assert deleted == [oai_id(GONE)]
    assert oai_id(GONE) not in live
    assert len(deleted) + len(live) == before
    record = harvester.request(verb="GetRecord", identifier=oai_id(GONE), metadataPrefix="oai_dc")
    header = record.find(".//oai:header", NS)
    assert header.get("status") == "deleted"
    assert text(header, "oai:setSpec") == []  # what it belonged to is not kept
    assert record.find(".//oai:metadata", NS) is None
    records = [
        record
        for page in harvester.pages("ListRecords", metadataPrefix="readingroom")
        for record in page.xpath("//oai:record", namespaces=NS)
    ]
    gone = [r for r in records if text(r, "oai:header/oai:identifier/text()") == [oai_id(GONE)]]
    assert len(gone) == 1
    assert gone[0].find("oai:metadata", NS) is None
    assert harvester.request(verb="ListMetadataFormats", identifier=oai_id(GONE)).find(".//oai:error", NS) is None
    # A set harvest does not know what the deleted document belonged to.
    assert oai_id(GONE) not in harvester.identifiers(metadataPrefix="oai_dc", set="collection:sino-soviet")


def test_a_document_made_restricted_is_reported_deleted_and_nothing_more(
    harvester: Harvester, archive: None, load: Callable[..., Any]
) -> None:
    load([{"id": WITHDRAWN, "title": "Now withdrawn: zanzibar", "access": "restricted"}])
    deleted, live = deleted_and_live(harvester)
    assert deleted == [oai_id(WITHDRAWN)]
    assert oai_id(WITHDRAWN) not in live
    for root in every_response(harvester):
        assert "zanzibar" not in etree.tostring(root, encoding="unicode").lower()
    # Deleting it afterwards changes nothing for harvesters: it is still a deletion, told once.
    assert delete_document(WITHDRAWN)
    assert deleted_and_live(harvester)[0] == [oai_id(WITHDRAWN)]


def test_documents_never_public_are_never_reported(harvester: Harvester, archive: None) -> None:
    assert delete_document(SECRET["id"])
    deleted, _ = deleted_and_live(harvester)
    assert deleted == []
    assert harvester.error(verb="GetRecord", identifier=oai_id(SECRET["id"]), metadataPrefix="oai_dc") == (
        "idDoesNotExist"
    )


def test_a_deleted_document_imported_again_is_live_again(
    harvester: Harvester, archive: None, load: Callable[..., Any]
) -> None:
    assert delete_document(GONE)
    load([{"id": GONE, "title": "Back again"}])
    deleted, live = deleted_and_live(harvester)
    assert deleted == []
    assert live.count(oai_id(GONE)) == 1


def test_deletions_are_selected_by_their_datestamp(harvester: Harvester, archive: None) -> None:
    pages = harvester.pages("ListIdentifiers", metadataPrefix="oai_dc")
    last = max(stamp for page in pages for stamp in text(page, "//oai:datestamp/text()"))
    assert delete_document(GONE)
    deleted_since, _ = deleted_and_live(harvester, **{"from": last})
    assert deleted_since == [oai_id(GONE)]
    identify = harvester.request(verb="Identify")
    assert text(identify, "//oai:earliestDatestamp/text()")[0] <= last
