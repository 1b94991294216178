"""The metadata formats a harvester may ask for: simple Dublin Core (`oai_dc`), which every harvester reads, and
`readingroom`, the whole interchange record in XML, described by readingroom.xsd beside this file."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from readingroom.dates.edtf import InvalidDate, parse_edtf
from readingroom.ingest.records import DOCUMENT_REFERENCES
from readingroom.records.harvesting import HarvestItem
from readingroom.records.mapping import document_record
from readingroom.records.models import Document

XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
READINGROOM = "urn:readingroom:record:1"
READINGROOM_SCHEMA = Path(__file__).resolve().parent / "readingroom.xsd"
# XML 1.0 cannot hold these characters at all, escaped or not; text that has them loses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The interchange format's fields that name authorities, and their element in the readingroom format.
_REFERENCE_ELEMENTS = {
    "authors": "author",
    "recipients": "recipient",
    "people": "person",
    "organizations": "organization",
    "places": "place",
    "topics": "topic",
    "collections": "collection",
}

DocumentURL = Callable[[str], str]  # a document id -> the absolute URL of its public page


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    namespace: str
    schema: str  # the schema's URL; a path is made absolute on the repository's host
    # The metadata of a public item; the provider adds the xsi:schemaLocation.
    element: Callable[[HarvestItem, DocumentURL], etree._Element]


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def dublin_core(item: HarvestItem, url: DocumentURL) -> etree._Element:
    """Simple Dublin Core: names rather than ids, the date as EDTF, the public page as the identifier."""
    document = _document(item)
    dc = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    names = _names(document)

    def add(element: str, *values: str) -> None:
        for value in values:
            if value:
                etree.SubElement(dc, f"{{{DC}}}{element}").text = xml_text(value)

    add("title", document.title)
    add("creator", *names["authors"])
    add("contributor", *names["recipients"])
    add("subject", *names["topics"], *names["people"], *names["organizations"])
    add("description", document.summary)
    add("date", document.date)
    add("type", document.type, "Text")
    add("language", *document.languages)
    add("coverage", *names["places"])
    add("source", document.source_citation, document.source_publication, document.source_url)
    add("relation", *(url(related) for related in item.related))
    add("rights", document.rights)
    add("identifier", url(document.id))
    return dc


def readingroom_record(item: HarvestItem, url: DocumentURL) -> etree._Element:
    """The interchange record (as `readingroom export` writes it) in XML: every field, authorities by id with their
    preferred names, the public page's URL, and related documents (restricted ones left out) with theirs."""
    document = _document(item)
    record = document_record(document)
    root = etree.Element(f"{{{READINGROOM}}}record", nsmap={None: READINGROOM, "xsi": XSI})
    root.set("id", xml_text(record.id))
    root.set("url", url(record.id))

    def add(parent: etree._Element, element: str, text: str, **attributes: str) -> etree._Element:
        child = etree.SubElement(parent, f"{{{READINGROOM}}}{element}")
        child.text = xml_text(text)
        for name, value in attributes.items():
            child.set(name, xml_text(value))
        return child

    add(root, "title", record.title)
    if record.date:
        span = _date_span(record.date)
        add(root, "date", record.date, **span)
    for name in ("summary", "text"):
        if getattr(record, name):
            add(root, name, getattr(record, name))
    for transcript in record.transcripts:
        add(root, "transcript", transcript.text, language=transcript.language)
    for language in record.languages:
        add(root, "language", language)
    if record.type:
        add(root, "type", record.type)
    names = {link.authority_id: link.authority.name for link in document.links.all()}
    for field, element in _REFERENCE_ELEMENTS.items():
        for authority_id in record.references(field):
            add(root, element, names[authority_id], id=authority_id)
    if record.source.to_json():
        source = etree.SubElement(root, f"{{{READINGROOM}}}source")
        for name, value in record.source.to_json().items():
            add(source, name, value)
    for name in ("credits", "rights"):
        if getattr(record, name):
            add(root, name, getattr(record, name))
    for related in item.related:
        add(root, "related", "", id=related, url=url(related))
    for attachment in record.attachments:
        add(root, "attachment", "", **_attachment_attributes(attachment.to_json()))
    for key, value in record.extra.items():
        if isinstance(value, str):
            add(root, "extra", value, name=key)
        else:
            add(root, "extra", json.dumps(value, ensure_ascii=False), name=key, encoding="json")
    return root


def _document(item: HarvestItem) -> Document:
    if item.document is None:
        raise ValueError(f"{item.id} is deleted: a deleted record has no metadata")
    return item.document


def _names(document: Document) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {field: [] for field in DOCUMENT_REFERENCES}
    for link in sorted(document.links.all(), key=lambda link: (link.role, link.position)):
        names[link.role].append(link.authority.name)
    return names


def _date_span(edtf: str) -> dict[str, str]:
    """The earliest and latest days an EDTF date may mean, where it has them."""
    try:
        parsed = parse_edtf(edtf)
    except InvalidDate:
        return {}
    span = {"earliest": parsed.earliest, "latest": parsed.latest}
    return {name: day.isoformat() for name, day in span.items() if day is not None}


def _attachment_attributes(fields: dict[str, str]) -> dict[str, str]:
    return {"mediaType" if name == "media_type" else name: value for name, value in fields.items()}


FORMATS = {
    "oai_dc": MetadataFormat("oai_dc", OAI_DC, "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", dublin_core),
    "readingroom": MetadataFormat("readingroom", READINGROOM, "/oai/readingroom.xsd", readingroom_record),
}
