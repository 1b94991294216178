"""A harvested OAI-PMH record in simple Dublin Core (oai_dc) as an interchange record (a dict, as a JSON Lines line
is, so the same validation reads it).

Dublin Core says little about roles: creators become authors, subjects topics, coverage places, the first title the
title and the descriptions the summary. Dates are read as people write them (dates/written.py); a date that cannot
be read is left out and said so. The first identifier that is a web address links to the original.
"""

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from readingroom.dates.edtf import InvalidDate
from readingroom.dates.written import read_date
from readingroom.names.languages import UnknownLanguage, language_tag

DC = "http://purl.org/dc/elements/1.1/"


@dataclass
class ReadRecord:
    """A harvested record read as an interchange record, and what was left out of it."""

    record: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    link: str = ""  # the record's page on the source


def dublin_core_record(metadata: etree._Element, document_id: str) -> ReadRecord:
    """`metadata` is the oai_dc:dc element; a record without a title is given its identifier as title."""

    def values(element: str) -> list[str]:
        found = (" ".join((node.text or "").split()) for node in metadata.iter(f"{{{DC}}}{element}"))
        return list(dict.fromkeys(value for value in found if value))

    titles = values("title")
    record: dict[str, Any] = {"id": document_id, "title": titles[0] if titles else document_id}
    warnings: list[str] = []
    for name, element in (("authors", "creator"), ("topics", "subject"), ("places", "coverage")):
        if found := values(element):
            record[name] = found
    if summary := "\n\n".join(values("description")):
        record["summary"] = summary
    if kinds := values("type"):
        record["type"] = kinds[0]
    if rights := values("rights"):
        record["rights"] = " ".join(rights)
    languages = []
    for language in values("language"):
        try:
            languages.append(language_tag(language))
        except UnknownLanguage:
            warnings.append(f"language {language!r} left out: not a language tag or name")
    if languages:
        record["languages"] = list(dict.fromkeys(languages))
    for date in values("date")[:1]:
        try:
            if edtf := read_date(date):
                record["date"] = edtf
        except InvalidDate as error:
            warnings.append(f"date {date!r} left out: {error}")
    links = [value for value in values("identifier") if value.startswith(("http://", "https://"))]
    if links:
        record["source"] = {"url": links[0]}
    return ReadRecord(record, warnings, link=links[0] if links else "")
