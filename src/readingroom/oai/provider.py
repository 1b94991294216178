"""The six verbs of OAI-PMH 2.0 answered from the catalogue: a request's arguments in, the response document out.

Every answer, errors included, is an OAI-PMH document that validates against the protocol's schema; only public
documents are told of, and documents that were public and are no more are reported deleted (records.harvesting).
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from readingroom.oai.metadata import DC, FORMATS, OAI_DC, XSI, DocumentURL, MetadataFormat, xml_text
from readingroom.oai.protocol import (
    COLLECTION_SETS,
    GRANULARITY,
    OAIError,
    OAIRequest,
    ResumptionToken,
    collection_set_spec,
    date_range,
    datestamp,
    document_id,
    oai_identifier,
    parse_request,
    set_collection,
)
from readingroom.records.harvesting import (
    ANY_COLLECTION,
    HarvestItem,
    Position,
    Selection,
    collection_sets,
    earliest_datestamp,
    harvest_item,
    harvest_page,
    has_collection_sets,
    is_collection_set,
)

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
DELETED_RECORDS = "persistent"  # the change log is never pruned: a deletion is told for as long as the archive runs
# The oai-identifier scheme names a repository by a domain name; other repository ids are not described by it.
_DOMAIN_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")


@dataclass(frozen=True)
class Repository:
    """What the provider says of itself, and how it makes the URLs it gives."""

    name: str
    identifier: str  # the repository id in item identifiers: oai:<identifier>:<document id>
    base_url: str
    admin_email: str
    page_size: int  # items in one page of a list; a resumption token fetches the next
    absolute_url: Callable[[str], str]  # a path on this site -> its absolute URL
    document_url: DocumentURL


def respond(arguments: Mapping[str, Sequence[str]], repository: Repository) -> bytes:
    """The response to one request, given each argument's name with every value it was sent with."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI_SCHEMA}")
    _add(root, "responseDate", datestamp(datetime.now(UTC)))
    request_element = _add(root, "request", repository.base_url)
    try:
        request = parse_request(arguments)
        request_element.set("verb", request.verb)
        for name, value in request.arguments.items():
            request_element.set(name, xml_text(value))
        root.append(VERBS[request.verb](request, repository))
    except OAIError as error:
        if not error.echoes_arguments:
            request_element.attrib.clear()
        _add(root, "error", error.message).set("code", error.code)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def identify(request: OAIRequest, repository: Repository) -> etree._Element:
    element = etree.Element(f"{{{OAI}}}Identify")
    _add(element, "repositoryName", repository.name)
    _add(element, "baseURL", repository.base_url)
    _add(element, "protocolVersion", "2.0")
    _add(element, "adminEmail", repository.admin_email)
    _add(element, "earliestDatestamp", datestamp(earliest_datestamp() or datetime.now(UTC)))
    _add(element, "deletedRecord", DELETED_RECORDS)
    _add(element, "granularity", GRANULARITY)
    if _DOMAIN_NAME.fullmatch(repository.identifier):
        _identifier_description(_add(element, "description"), repository)
    return element


def _identifier_description(description: etree._Element, repository: Repository) -> None:
    scheme = etree.SubElement(description, f"{{{OAI_IDENTIFIER}}}oai-identifier", nsmap={None: OAI_IDENTIFIER})
    scheme.set(f"{{{XSI}}}schemaLocation", f"{OAI_IDENTIFIER} {OAI_IDENTIFIER_SCHEMA}")
    for name, value in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repository.identifier),
        ("delimiter", ":"),
        ("sampleIdentifier", oai_identifier(repository.identifier, "example/1")),
    ):
        etree.SubElement(scheme, f"{{{OAI_IDENTIFIER}}}{name}").text = value


def list_metadata_formats(request: OAIRequest, repository: Repository) -> etree._Element:
    identifier = request.get("identifier")
    if identifier is not None:
        _item(identifier, repository)
    element = etree.Element(f"{{{OAI}}}ListMetadataFormats")
    for metadata_format in FORMATS.values():
        entry = _add(element, "metadataFormat")
        _add(entry, "metadataPrefix", metadata_format.prefix)
        _add(entry, "schema", repository.absolute_url(metadata_format.schema))
        _add(entry, "metadataNamespace", metadata_format.namespace)
    return element


def list_sets(request: OAIRequest, repository: Repository) -> etree._Element:
    if request.get("resumptionToken") is not None:
        raise OAIError("badResumptionToken", "the sets come in one list: there is no resumption token to give")
    sets = collection_sets()
    if not sets:
        raise OAIError("noSetHierarchy", "no collection holds a public document, so there are no sets")
    element = etree.Element(f"{{{OAI}}}ListSets")
    everything = _add(element, "set")
    _add(everything, "setSpec", COLLECTION_SETS)
    _add(everything, "setName", "Collections: every document in a collection")
    for collection in sets:
        entry = _add(element, "set")
        _add(entry, "setSpec", collection_set_spec(collection.id))
        _add(entry, "setName", collection.name)
        if collection.description:
            description = _add(entry, "setDescription")
            dc = etree.SubElement(description, f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC})
            dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {FORMATS['oai_dc'].schema}")
            etree.SubElement(dc, f"{{{DC}}}description").text = xml_text(collection.description)
    return element


def list_items(request: OAIRequest, repository: Repository) -> etree._Element:
    """ListIdentifiers and ListRecords: a page of the selection, and a resumption token for the rest."""
    token_text = request.get("resumptionToken")
    after: Position | None = None
    cursor = 0
    if token_text is None:
        prefix = request.arguments["metadataPrefix"]
        start, until, set_spec = request.get("from"), request.get("until"), request.get("set")
        metadata_format, selection = _selection(prefix, start, until, set_spec)
    else:
        token = ResumptionToken.decode(token_text, request.verb)
        prefix, start, until, set_spec = token.metadata_prefix, token.start, token.until, token.set_spec
        try:
            metadata_format, selection = _selection(prefix, start, until, set_spec)
        except OAIError as error:
            if error.code in ("noRecordsMatch", "noSetHierarchy"):
                raise
            raise OAIError("badResumptionToken", "the resumption token is not one this repository gave") from None
        after, cursor = Position(token.after_datestamp, token.after_id), token.cursor
    page = harvest_page(selection, after, repository.page_size)
    if not page.items:
        raise OAIError("noRecordsMatch", "no records match these arguments")
    element = etree.Element(f"{{{OAI}}}{request.verb}")
    for item in page.items:
        if request.verb == "ListRecords":
            element.append(_record(item, metadata_format, repository))
        else:
            element.append(_header(item, repository))
    if page.more or token_text is not None:
        last = page.items[-1]
        next_token = ResumptionToken(
            request.verb, prefix, start, until, set_spec, last.datestamp, last.id, cursor + len(page.items)
        )
        resumption = _add(element, "resumptionToken", next_token.encode() if page.more else "")
        resumption.set("completeListSize", str(page.total))
        resumption.set("cursor", str(cursor))
    return element


def get_record(request: OAIRequest, repository: Repository) -> etree._Element:
    metadata_format = _format(request.arguments["metadataPrefix"])
    element = etree.Element(f"{{{OAI}}}GetRecord")
    element.append(_record(_item(request.arguments["identifier"], repository), metadata_format, repository))
    return element


VERBS: dict[str, Callable[[OAIRequest, Repository], etree._Element]] = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "ListIdentifiers": list_items,
    "ListRecords": list_items,
    "GetRecord": get_record,
}


def _selection(
    prefix: str, start: str | None, until: str | None, set_spec: str | None
) -> tuple[MetadataFormat, Selection]:
    metadata_format = _format(prefix)
    dates = date_range(start, until)
    return metadata_format, Selection(dates.start, dates.end, _collection(set_spec) if set_spec else None)


def _format(prefix: str) -> MetadataFormat:
    if prefix not in FORMATS:
        raise OAIError(
            "cannotDisseminateFormat", f"no metadata format {prefix!r}; the formats are {', '.join(FORMATS)}"
        )
    return FORMATS[prefix]


def _collection(set_spec: str) -> str:
    """The collection (an authority id, or ANY_COLLECTION) a set spec names."""
    if not has_collection_sets():
        raise OAIError("noSetHierarchy", "no collection holds a public document, so there are no sets")
    if set_spec == COLLECTION_SETS:
        return ANY_COLLECTION
    collection = set_collection(set_spec)
    if collection is None or not is_collection_set(collection):
        raise OAIError("noRecordsMatch", f"no records in the set {set_spec!r}")
    return collection


def _item(identifier: str, repository: Repository) -> HarvestItem:
    found = document_id(repository.identifier, identifier)
    item = harvest_item(found) if found is not None else None
    if item is None:
        raise OAIError("idDoesNotExist", f"no record has the identifier {identifier[:200]!r}")
    return item


def _header(item: HarvestItem, repository: Repository) -> etree._Element:
    header = etree.Element(f"{{{OAI}}}header")
    if item.deleted:
        header.set("status", "deleted")
    _add(header, "identifier", oai_identifier(repository.identifier, item.id))
    _add(header, "datestamp", datestamp(item.datestamp))
    for collection in item.collections:
        _add(header, "setSpec", collection_set_spec(collection))
    return header


def _record(item: HarvestItem, metadata_format: MetadataFormat, repository: Repository) -> etree._Element:
    record = etree.Element(f"{{{OAI}}}record")
    record.append(_header(item, repository))
    if not item.deleted:
        metadata = metadata_format.element(item, repository.document_url)
        schema = repository.absolute_url(metadata_format.schema)
        metadata.set(f"{{{XSI}}}schemaLocation", f"{metadata_format.namespace} {schema}")
        _add(record, "metadata").append(metadata)
    return record


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{OAI}}}{name}")
    if text is not None:
        element.text = xml_text(text)
    return element
