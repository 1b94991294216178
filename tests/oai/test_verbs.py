"""The six verbs against a small archive, each response validated against the protocol's schemas."""

import json
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from readingroom.oai.metadata import READINGROOM_SCHEMA
from tests.conftest import seed_records
from tests.oai.conftest import NS, PAGE_SIZE, RICH, Harvester, oai_id, text

pytestmark = pytest.mark.django_db

SEED_IDS = [record["id"] for record in seed_records() if record.get("kind", "document") == "document"]
PUBLIC_IDS = sorted([*SEED_IDS, RICH["id"]])


def test_identify_describes_the_repository(harvester: Harvester, archive: None) -> None:
    root = harvester.request(verb="Identify")
    identify = root.find("oai:Identify", NS)
    assert text(identify, "oai:baseURL/text()") == ["http://testserver/oai"]
    assert text(identify, "oai:protocolVersion/text()") == ["2.0"]
    assert text(identify, "oai:deletedRecord/text()") == ["persistent"]
    assert text(identify, "oai:granularity/text()") == ["YYYY-MM-DDThh:mm:ssZ"]
    assert text(identify, "oai:adminEmail/text()") == ["webmaster@archive.example.org"]
    assert text(identify, "oai:description/id:oai-identifier/id:repositoryIdentifier/text()") == ["archive.example.org"]
    earliest = text(identify, "oai:earliestDatestamp/text()")[0]
    pages = harvester.pages("ListIdentifiers", metadataPrefix="oai_dc")
    datestamps = [stamp for page in pages for stamp in text(page, "//oai:datestamp/text()")]
    assert earliest == min(datestamps)
    assert text(root, "oai:request/@verb") == ["Identify"]


def test_the_repository_id_defaults_to_the_host(client: Client, sample: Any, settings: Any) -> None:
    settings.OAI_REPOSITORY_ID = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "archive.example.net"]  # as READINGROOM_HOSTS would name it
    harvester = Harvester(client)
    root = harvester.request(verb="ListIdentifiers", metadataPrefix="oai_dc", host="archive.example.net:8000")
    assert text(root, "//oai:identifier/text()")[0].startswith("oai:archive.example.net:seed/")
    identify = harvester.request(verb="Identify", host="archive.example.net")
    assert text(identify, "//oai:adminEmail/text()") == ["webmaster@archive.example.net"]
    # A host that is no domain name still gets valid responses, without the oai-identifier description.
    local = harvester.request(verb="Identify")
    assert text(local, "//oai:adminEmail/text()") == ["webmaster@testserver.localdomain"]
    assert text(local, "//id:oai-identifier") == []


def test_list_metadata_formats_names_both_and_serves_the_readingroom_schema(
    harvester: Harvester, client: Client, archive: None
) -> None:
    root = harvester.request(verb="ListMetadataFormats")
    assert text(root, "//oai:metadataPrefix/text()") == ["oai_dc", "readingroom"]
    schema_url = text(root, "//oai:metadataFormat[oai:metadataPrefix='readingroom']/oai:schema/text()")[0]
    assert schema_url == "http://testserver/oai/readingroom.xsd"
    served = client.get("/oai/readingroom.xsd")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == READINGROOM_SCHEMA.read_bytes()  # type: ignore[attr-defined]
    for_item = harvester.request(verb="ListMetadataFormats", identifier=oai_id(RICH["id"]))
    assert text(for_item, "//oai:metadataPrefix/text()") == ["oai_dc", "readingroom"]
    assert harvester.error(verb="ListMetadataFormats", identifier=oai_id("nowhere/1")) == "idDoesNotExist"


def test_list_sets_lists_collections_with_public_documents(harvester: Harvester, archive: None) -> None:
    root = harvester.request(verb="ListSets")
    specs = text(root, "//oai:setSpec/text()")
    assert specs == ["collection", "collection:every-field", "collection:korean-war", "collection:sino-soviet"]
    described = root.xpath("//oai:set[oai:setSpec='collection:every-field']", namespaces=NS)[0]
    assert text(described, "oai:setName/text()") == ["Documents with every field"]
    assert text(described, ".//dc:description/text()") == ["Test documents that fill every field & more."]
    assert harvester.error(verb="ListSets", resumptionToken="anything") == "badResumptionToken"


def test_an_archive_without_collections_has_no_sets(harvester: Harvester, load: Any) -> None:
    load([{"id": "loose/1", "title": "In no collection"}])
    assert harvester.error(verb="ListSets") == "noSetHierarchy"
    assert harvester.error(verb="ListIdentifiers", metadataPrefix="oai_dc", set="collection") == "noSetHierarchy"


def test_list_identifiers_gives_every_public_document_once_across_pages(harvester: Harvester, archive: None) -> None:
    pages = list(harvester.pages("ListIdentifiers", metadataPrefix="oai_dc"))
    assert len(pages) == -(-len(PUBLIC_IDS) // PAGE_SIZE)
    identifiers = [i for page in pages for i in text(page, "//oai:header/oai:identifier/text()")]
    assert sorted(identifiers) == [oai_id(document_id) for document_id in PUBLIC_IDS]
    tokens = [page.find(".//oai:resumptionToken", NS) for page in pages]
    assert tokens[0] is not None
    assert [token.get("cursor") for token in tokens] == [str(n * PAGE_SIZE) for n in range(len(pages))]
    assert {token.get("completeListSize") for token in tokens} == {str(len(PUBLIC_IDS))}
    assert tokens[-1].text is None  # the last page's token is empty
    datestamps = [stamp for page in pages for stamp in text(page, "//oai:header/oai:datestamp/text()")]
    assert datestamps == sorted(datestamps)


def test_a_single_page_has_no_resumption_token(harvester: Harvester, archive: None) -> None:
    root = harvester.request(verb="ListIdentifiers", metadataPrefix="oai_dc", set="collection:every-field")
    assert text(root, "//oai:identifier/text()") == [oai_id(RICH["id"])]
    assert root.find(".//oai:resumptionToken", NS) is None


def test_headers_carry_the_collections_as_sets(harvester: Harvester, archive: None) -> None:
    root = harvester.request(verb="GetRecord", identifier=oai_id(SEED_IDS[0]), metadataPrefix="oai_dc")
    assert text(root, "//oai:header/oai:setSpec/text()") == ["collection:sino-soviet", "collection:korean-war"]


def test_oai_dc_maps_every_field(harvester: Harvester, archive: None) -> None:
    root = harvester.request(verb="GetRecord", identifier=oai_id(RICH["id"]), metadataPrefix="oai_dc")
    dc = root.find(".//oai_dc:dc", NS)
    assert dc is not None

    def values(element: str) -> list[str]:
        return text(dc, f"dc:{element}/text()")

    assert values("title") == [RICH["title"]]
    assert values("creator") == ["Zhou Enlai"]
    assert values("contributor") == ["Stalin, Joseph"]
    assert values("subject") == ["Korean War", "Mao Zedong", "United Nations"]
    assert values("coverage") == ["Korea"]
    assert values("date") == ["1950~"]
    assert values("type") == ["Memorandum", "Text"]
    assert values("language") == ["ru", "en"]
    assert values("description") == ["A summary."]
    assert values("source") == [
        "Fond 45, Opis 1, Delo 329",
        "A printed edition, p. 5",
        "https://example.org/source/1",
    ]
    assert values("rights") == ["Public domain."]
    assert values("identifier") == ["http://testserver/documents/rich/1"]
    assert values("relation") == ["http://testserver/documents/seed/1952-09-14-zhou-report"]


def test_the_readingroom_format_is_the_whole_interchange_record(
    harvester: Harvester, client: Client, archive: None
) -> None:
    records = [
        record
        for page in harvester.pages("ListRecords", metadataPrefix="readingroom")
        for record in page.xpath("//rr:record", namespaces=NS)
    ]
    assert sorted(record.get("id") for record in records) == PUBLIC_IDS
    for record in records:
        expected = client.get(f"/api/documents/{record.get('id')}").json()
        assert interchange_record(record) == expected
        assert record.get("url") == f"http://testserver/documents/{record.get('id')}"
    rich = next(record for record in records if record.get("id") == RICH["id"])
    assert rich.find("rr:date", NS).attrib == {"earliest": "1950-01-01", "latest": "1950-12-31"}
    assert rich.find("rr:author", NS).text == "Zhou Enlai"
    related = {element.get("id"): element.get("url") for element in rich.findall("rr:related", NS)}
    assert related == {  # neither the restricted related document nor the one the archive does not hold
        "seed/1952-09-14-zhou-report": "http://testserver/documents/seed/1952-09-14-zhou-report",
    }


def interchange_record(record: etree._Element) -> dict[str, Any]:
    """Read a readingroom record back into the interchange format's JSON."""
    result: dict[str, Any] = {"kind": "document", "id": record.get("id")}
    fields = {
        "author": "authors",
        "recipient": "recipients",
        "person": "people",
        "organization": "organizations",
        "place": "places",
        "topic": "topics",
        "collection": "collections",
        "language": "languages",
    }
    for child in record:
        name = etree.QName(child).localname
        if name in fields:
            result.setdefault(fields[name], []).append(child.get("id") or child.text)
        elif name == "transcript":
            result.setdefault("transcripts", []).append({"language": child.get("language"), "text": child.text})
        elif name == "source":
            result["source"] = {etree.QName(part).localname: part.text for part in child}
        elif name == "related":
            result.setdefault("related", []).append(child.get("id"))
        elif name == "attachment":
            attributes = {"media_type" if key == "mediaType" else key: value for key, value in child.attrib.items()}
            result.setdefault("attachments", []).append(attributes)
        elif name == "extra":
            value = json.loads(child.text or "") if child.get("encoding") == "json" else child.text
            result.setdefault("extra", {})[child.get("name")] = value
        else:
            result[name] = child.text
    return result


def test_get_record_in_both_formats(harvester: Harvester, archive: None) -> None:
    for prefix, path in (("oai_dc", "//oai_dc:dc/dc:title/text()"), ("readingroom", "//rr:record/rr:title/text()")):
        root = harvester.request(verb="GetRecord", identifier=oai_id(RICH["id"]), metadataPrefix=prefix)
        assert text(root, path) == [RICH["title"]]
        assert text(root, "//oai:header/oai:identifier/text()") == [oai_id(RICH["id"])]
        assert text(root, "oai:request/@identifier") == [oai_id(RICH["id"])]


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"identifier": oai_id(RICH["id"]), "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"identifier": oai_id("nowhere/1"), "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"identifier": "oai:another.example.org:rich/1", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"identifier": "oai:archive.example.org:", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"identifier": "oai:archive.example.org:%FF%FE", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"identifier": "not an identifier", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
        ({"identifier": oai_id(RICH["id"])}, "badArgument"),
        ({"metadataPrefix": "oai_dc"}, "badArgument"),
    ],
)
def test_get_record_errors(harvester: Harvester, archive: None, arguments: dict[str, str], code: str) -> None:
    assert harvester.error(verb="GetRecord", **arguments) == code


def test_post_is_answered_as_get(harvester: Harvester, archive: None) -> None:
    arguments = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "collection:sino-soviet"}
    by_get = harvester.request(**arguments)
    by_post = harvester.request("post", **arguments)
    assert text(by_post, "//oai:identifier/text()") == text(by_get, "//oai:identifier/text()")
    token = by_post.xpath("string(//oai:resumptionToken)", namespaces=NS)
    assert token
    assert text(harvester.request("post", verb="ListIdentifiers", resumptionToken=token), "//oai:identifier")


def test_other_methods_are_refused(client: Client, db: None) -> None:
    assert client.put("/oai?verb=Identify").status_code == 405
    assert client.delete("/oai?verb=Identify").status_code == 405
