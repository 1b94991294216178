"""What reference managers and search engines read from a document's page: Highwire Press `citation_*` meta tags
(Zotero, Mendeley, Google Scholar), a COinS span (an OpenURL ContextObject in Dublin Core terms) and schema.org
JSON-LD describing the document as an ArchiveComponent of its holding archive."""

import json
from typing import Any
from urllib.parse import urlencode

from readingroom.dates.edtf import InvalidDate, parse_edtf
from readingroom.records.citations import csl_date, csl_name, item_type, linked
from readingroom.records.models import Authority, AuthorityKind, Document, Role

_SCHEMA_TYPES: dict[str, str] = {
    AuthorityKind.PERSON: "Person",
    AuthorityKind.ORGANIZATION: "Organization",
    AuthorityKind.PLACE: "Place",
    AuthorityKind.TOPIC: "Thing",
}
# Characters that could end the <script> element or start markup in it, written as JSON escapes instead.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def highwire_tags(document: Document, url: str) -> list[tuple[str, str]]:
    """(name, content) pairs for <meta> tags, in the order Google Scholar's inclusion guidelines list them."""
    tags = [("citation_title", document.title)]
    # Google Scholar takes each citation_author for a person's name: organizations, names in their own order and
    # surnames alone, which CSL-JSON holds as literal names, would be read as someone's given and family names
    names = [csl_name(authority) for authority in linked(document, Role.AUTHOR)]
    tags += [("citation_author", _inverted(name)) for name in names if "family" in name]
    day = _date_parts(document.date)
    if day:
        written = "/".join(f"{number:02d}" if position else str(number) for position, number in enumerate(day))
        tags += [("citation_publication_date", written), ("citation_date", written)]
    if document.source_repository:
        tags.append(("citation_publisher", document.source_repository))
    if document.source_publication:
        tags.append(("citation_inbook_title", document.source_publication))
    tags += [("citation_language", language) for language in document.languages]
    topics = [authority.name for authority in linked(document, Role.TOPIC)]
    if topics:
        tags.append(("citation_keywords", "; ".join(topics)))
    tags.append(("citation_public_url", url))
    return [(name, " ".join(content.split())) for name, content in tags if content.strip()]


def dublin_core_tags(document: Document, url: str) -> list[tuple[str, str]]:
    """(name, content) pairs for <meta name="DC.*"> tags, saying what the CSL-JSON says: the authors as it writes
    their names ("Rankin, Karl L.", "Secretary of State"), the document type as the type, the date as ISO 8601 (an
    interval as one)."""
    names = [csl_name(authority) for authority in linked(document, Role.AUTHOR)]
    tags = [("DC.title", document.title)]
    tags += [("DC.creator", name.get("literal") or _inverted(name)) for name in names]
    tags += [
        ("DC.date", _iso_date(document.date)),
        ("DC.type", document.type),
        ("DC.description", document.summary),
        ("DC.source", document.source_publication),
        ("DC.rights", document.rights),
        ("DC.identifier", url),
    ]
    tags += [("DC.language", language) for language in document.languages]
    return [(name, " ".join(content.split())) for name, content in tags if content.strip()]


def coins(document: Document, url: str) -> str:
    """The title attribute of a COinS span (class Z3988): the document as a Dublin Core ContextObject."""
    fields = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
        ("rfr_id", "info:sid/readingroom"),
        # the item type as Zotero's own COinS write it (and read it back); the document type is not one
        ("rft.type", item_type(document)),
        ("rft.title", document.title),
    ]
    names = [csl_name(authority) for authority in linked(document, Role.AUTHOR)]
    fields += [("rft.creator", name.get("literal") or _inverted(name)) for name in names]
    fields.append(("rft.date", _iso_date(document.date)))
    fields += [
        ("rft.publisher", document.source_repository),
        ("rft.source", document.source_publication),
        ("rft.description", document.summary),
        ("rft.rights", document.rights),
        ("rft.identifier", url),
    ]
    fields += [("rft.language", language) for language in document.languages]
    fields += [("rft.subject", authority.name) for authority in linked(document, Role.TOPIC)]
    return urlencode([(key, " ".join(value.split())) for key, value in fields if value.strip()])


def json_ld(document: Document, url: str) -> str:
    """schema.org JSON-LD, ready to be the content of a <script type="application/ld+json"> element."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ArchiveComponent",
        "@id": url,
        "url": url,
        "identifier": document.id,
        "name": document.title,
    }
    data.update(_dates(document.date))
    authors = [_thing(authority) for authority in linked(document, Role.AUTHOR)]
    if authors:
        data["author"] = authors
    about = [
        _thing(authority)
        for role in (Role.PERSON, Role.ORGANIZATION, Role.PLACE, Role.TOPIC)
        for authority in linked(document, role)
    ]
    if about:
        data["about"] = about
    if document.languages:
        data["inLanguage"] = list(document.languages)
    optional = {
        "genre": document.type,
        "description": document.summary,
        "holdingArchive": {"@type": "ArchiveOrganization", "name": document.source_repository},
        "isPartOf": {"@type": "CreativeWork", "name": document.source_publication},
    }
    for key, value in optional.items():
        if value.get("name") if isinstance(value, dict) else value:
            data[key] = value
    if document.source_url.startswith(("https://", "http://")):
        data["sameAs"] = document.source_url
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES)


def _thing(authority: Authority) -> dict[str, str]:
    name = csl_name(authority)
    written = name.get("literal") or " ".join(part for part in (name.get("given"), name.get("family")) if part)
    if name.get("suffix"):
        written += f", {name['suffix']}"
    return {"@type": _SCHEMA_TYPES.get(authority.kind, "Thing"), "name": written}


def _inverted(name: dict[str, str]) -> str:
    """A person's name as "Family, Given" (with ", Suffix" after it, if any)."""
    return ", ".join(name[part] for part in ("family", "given", "suffix") if name.get(part))


def _iso_date(text: str) -> str:
    """A date known to the year, month or day as ISO 8601 writes it ("1955-01-03", "1955-01"), an interval of two
    such dates as "1955-07-16/1955-07-17"; empty for any other date."""
    issued = csl_date(text)
    if not issued or issued.get("circa") or "date-parts" not in issued:
        return ""
    return "/".join("-".join(f"{number:02d}" for number in point) for point in issued["date-parts"])


def _date_parts(text: str) -> list[int]:
    """The year, month and day (as far as known) of a document dated by one point; empty otherwise."""
    issued = csl_date(text)
    parts = issued.get("date-parts", []) if issued else []
    return list(parts[0]) if len(parts) == 1 else []


def _dates(text: str) -> dict[str, str]:
    """dateCreated for a date known to the day, month or year; for any other (an interval, an approximate date, a
    decade) the span it may fall in, as an ISO 8601 interval in temporalCoverage."""
    issued = csl_date(text)
    if issued is None:
        return {}
    day = _date_parts(text)
    if day and not issued.get("circa"):
        return {"dateCreated": "-".join(f"{number:02d}" for number in day)}
    try:
        parsed = parse_edtf(text)
    except InvalidDate:
        return {}
    start = parsed.earliest.isoformat() if parsed.earliest else ".."
    end = parsed.latest.isoformat() if parsed.latest else ".."
    return {"temporalCoverage": f"{start}/{end}"}
