"""Ready citations of one document: its CSL-JSON item (what reference managers exchange, also offered as a
download) and that item rendered in the Chicago, MLA and APA styles."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from readingroom.csl.processor import STYLES, render
from readingroom.dates.edtf import InvalidDate, display_date, parse_edtf
from readingroom.records.models import Authority, AuthorityKind, Document, Role
from readingroom.records.publications import archival_reference, printed_in_volume, volume_fields

# One side of an EDTF date that CSL can hold as numbers: a year, a month or a day, perhaps qualified.
_DATE_POINT = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2}|XX)(?:-(?P<day>[0-9]{2}|XX)(?:T.*)?)?)?(?P<qualifier>[?~%])?"
)
_NAME_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}


# What each style calls its two forms: Chicago cites in notes, MLA and APA in parentheses in the text.
LABELS = {
    "chicago": ("Note", "Bibliography"),
    "mla": ("In-text citation", "Works cited"),
    "apa": ("In-text citation", "Reference list"),
}


@dataclass(frozen=True)
class StyledCitation:
    key: str  # chicago, mla, apa
    name: str  # as readers know the style
    citation: SafeString  # the note or the in-text citation, as HTML
    bibliography: SafeString  # the bibliography, works-cited or reference-list entry, as HTML
    citation_label: str
    bibliography_label: str


def csl_item(document: Document, url: str, accessed: date) -> dict[str, Any]:
    """The document as one CSL-JSON item: an archival document ("manuscript" in CSL's types, letters too: as "letter"
    the Chicago style would print a letter's title in italics and its date to the year only), its document type as
    genre, its repository and archival reference as archive and archive location, the published volume it is printed
    in as container title, and the page's address, seen on `accessed`."""
    item: dict[str, Any] = {"id": document.id, "type": "manuscript", "title": document.title}
    for role, variable in ((Role.AUTHOR, "author"), (Role.RECIPIENT, "recipient")):
        names = [csl_name(authority) for authority in linked(document, role)]
        if names:
            item[variable] = names
    issued = same_precision(csl_date(document.date))
    if issued:
        item["issued"] = issued
    fields = {
        "genre": document.type,
        "archive": document.source_repository,
        "archive_location": archive_location(document),
        "container-title": document.source_publication,
        "abstract": document.summary,
    }
    item.update({variable: " ".join(value.split()) for variable, value in fields.items() if value.strip()})
    item.update(volume_fields(document, item.get("issued")))  # a FRUS document: the volume's form
    item["URL"] = url
    item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    return item


def document_citations(document: Document, url: str, accessed: date) -> list[StyledCitation]:
    item = csl_item(document, url, accessed)
    citations = []
    for key, style in STYLES.items():
        rendered = render(item, key)
        citations.append(
            StyledCitation(
                key,
                style.name,
                mark_safe(rendered.citation),  # stored text escaped by readingroom.csl.processor
                mark_safe(rendered.bibliography),
                *LABELS[key],
            )
        )
    return citations


def archive_location(document: Document) -> str:
    """The archival reference, as every citation format (CSL-JSON, RIS, COinS, the page's tags) writes it: for a
    document printed in a published volume, the reference its source note starts with (records.publications);
    otherwise the whole note, whose final stop a style would double."""
    if printed_in_volume(document):
        return archival_reference(document.source_citation)
    return document.source_citation.strip().rstrip(".")


def item_type(document: Document) -> str:
    """Zotero's item type: "letter" for a letter (with its recipients), "manuscript" for any other archival
    document."""
    return "letter" if document.type.strip().lower() == "letter" else "manuscript"


def linked(document: Document, role: str) -> list[Authority]:
    """The authorities `document` names in `role`, in their order (from prefetched links when there are)."""
    return [link.authority for link in document.links.all() if link.role == role]


def csl_name(authority: Authority) -> dict[str, str]:
    """A person written "Family, Given" (the archive's inverted headings) as family and given names; anyone else,
    organizations and names in their own order ("Zhou Enlai"), as one literal name, never re-ordered."""
    if authority.kind == AuthorityKind.PERSON:
        parts = [part.strip() for part in authority.name.split(",")]
        if len(parts) == 3 and parts[2].lower() in _NAME_SUFFIXES and all(parts):
            return {"family": parts[0], "given": parts[1], "suffix": parts[2]}
        if len(parts) == 2 and all(parts):
            return {"family": parts[0], "given": parts[1]}
    return {"literal": authority.name}


def same_precision(issued: dict[str, Any] | None) -> dict[str, Any] | None:
    """A CSL range with both dates cut to the precision of the less precise one ("1955-07-16/1956" as 1955 to
    1956): citeproc-js refuses a range from a day to a year ("element mismatch in date range input"), so a
    reference manager reading the item could not print it."""
    parts = issued.get("date-parts") if issued else None
    if not issued or not parts or len(parts) != 2:
        return issued
    depth = min(len(part) for part in parts)
    return {**issued, "date-parts": [list(part[:depth]) for part in parts]}


def csl_date(text: str) -> dict[str, Any] | None:
    """An EDTF date as a CSL date: date parts for a year, month or day (two for an interval), `circa` for an
    approximate or uncertain one; forms CSL has no numbers for (a decade, an open interval) as their display
    ("1950s", "1950 or later"); None when undated, so that each style writes its own "n.d."."""
    if not text.strip():
        return None
    try:
        parse_edtf(text)
    except InvalidDate:
        return {"literal": text.strip()}
    sides = text.strip().split("/")
    points = [point for side in sides if (point := _DATE_POINT.fullmatch(side))]
    if len(points) != len(sides):
        return {"literal": display_date(text)}
    parts = []
    for point in points:
        numbers = [int(point["year"])]
        if point["month"] not in (None, "XX"):
            numbers.append(int(point["month"]))
            if point["day"] not in (None, "XX"):
                numbers.append(int(point["day"]))
        parts.append(numbers)
    csl: dict[str, Any] = {"date-parts": parts}
    if any(point["qualifier"] for point in points):
        csl["circa"] = True
    return csl
