"""A harvested record in readingroom's own format (metadataPrefix `readingroom`, oai/readingroom.xsd) as an
interchange record: every field, as the source's export has it.

Authorities come by their preferred names (the ids are the source's own, which mean nothing here), so the import
matches them to this archive's authorities by its usual rules. Related documents are named by the ids they are
harvested under, `related_id`; attachments are left out, since their files stay with the source.
"""

import json
from collections.abc import Callable
from typing import Any

from lxml import etree

from readingroom.ingest.oai_dc import ReadRecord

READINGROOM = "urn:readingroom:record:1"
REFERENCES = {
    "author": "authors",
    "recipient": "recipients",
    "person": "people",
    "organization": "organizations",
    "place": "places",
    "topic": "topics",
    "collection": "collections",
}
TEXTS = {"title", "date", "summary", "text", "type", "credits", "rights"}


def readingroom_record(metadata: etree._Element, document_id: str, related_id: Callable[[str], str]) -> ReadRecord:
    """`metadata` is the rr:record element; the record's page on the source becomes `extra.harvest.link`'s value,
    returned as `link`."""
    record: dict[str, Any] = {"id": document_id}
    warnings: list[str] = []
    extra: dict[str, Any] = {}
    for element in metadata:
        if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{READINGROOM}}}"):
            continue
        name = etree.QName(element).localname
        text = element.text or ""
        if name in TEXTS:
            record[name] = text
        elif name in REFERENCES:
            record.setdefault(REFERENCES[name], []).append(text)
        elif name == "language":
            record.setdefault("languages", []).append(text)
        elif name == "transcript":
            record.setdefault("transcripts", []).append({"language": element.get("language", ""), "text": text})
        elif name == "source":
            record["source"] = {etree.QName(part).localname: part.text or "" for part in element}
        elif name == "related" and element.get("id"):
            record.setdefault("related", []).append(related_id(element.get("id", "")))
        elif name == "extra" and element.get("name"):
            extra[element.get("name", "")] = _extra_value(element, warnings)
        elif name == "attachment":
            warnings.append(f"attachment {element.get('path', '')!r} left with the source")
    if extra:
        record["extra"] = extra
    return ReadRecord(record, warnings, link=metadata.get("url", ""))


def _extra_value(element: etree._Element, warnings: list[str]) -> Any:
    text = element.text or ""
    if element.get("encoding") != "json":
        return text
    try:
        return json.loads(text)
    except ValueError:
        warnings.append(f"extra {element.get('name')!r} is not JSON; kept as text")
        return text
