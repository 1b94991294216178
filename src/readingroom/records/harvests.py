"""Harvesting other archives over OAI-PMH with oaipmh-scythe (records/harvesting.py is what our own provider serves).

A source's records become documents with stable ids, `harvest/<source slug>/<OAI identifier>`, so harvesting again
updates them rather than adding copies; a deleted record (header status="deleted") deletes its document. Each page
of a list is one batch, written as an import writes JSON Lines (records/batches.py) in one transaction; after it the
source remembers the page's resumption token, so a harvest that fails midway resumes after the last page stored.
A complete harvest remembers the responseDate of its first answer, and the next asks only for records changed
from then on (cut to the source's granularity, a day or a second).

Every document keeps where it came from: its source's repositoryName as the repository, its first dc:identifier
that is a web address as its link, and in `extra.harvest` the source's base URL, the record's OAI identifier and
the time it was harvested.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha1
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx2
from django.db import DatabaseError, transaction
from lxml import etree
from oaipmh_scythe import Scythe
from oaipmh_scythe.config import HTTPConfig

from readingroom.ingest.jsonl import RecordError, parse_record
from readingroom.ingest.oai_dc import ReadRecord, dublin_core_record
from readingroom.ingest.oai_readingroom import READINGROOM, readingroom_record
from readingroom.ingest.records import DocumentRecord
from readingroom.records.batches import save_documents
from readingroom.records.history import changeset
from readingroom.records.models import ChangeSet, Document, HarvestSource
from readingroom.records.names import NameResolver
from readingroom.records.services import delete_document

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
TIMEOUT = 30.0  # seconds to wait for a page; a source that keeps us longer is reported, not waited for
MAX_ID = 200
STRICT_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
OAI_IDENTIFIER = re.compile(r"^oai:[A-Za-z0-9.-]+:(?=.)")  # the scheme of the OAI guidelines


class HarvestError(Exception):
    """A request the source did not answer usefully; the message names the URL and the request."""


@dataclass
class HarvestReport:
    source: HarvestSource
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    pages: int = 0
    problems: list[str] = field(default_factory=list)  # records refused or stored without a field
    error: str = ""  # why the harvest stopped before the end

    def summary(self) -> str:
        counts = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, {self.deleted} deleted"
        outcome = f"stopped: {self.error}" if self.error else "complete"
        return f"Documents: {counts} ({self.pages} pages; {outcome})"


def source_slug(url: str, set_spec: str = "") -> str:
    """A short readable name of a source for its documents' ids: its host and path, and its set."""
    parts = urlsplit(url)
    text = f"{parts.hostname or ''}-{parts.port or ''}{parts.path}-{set_spec}".lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "source"


def document_id(source: HarvestSource, identifier: str) -> str:
    """Stable, namespaced and within the interchange format's pattern; a long identifier is cut and given a digest
    of the whole, so two long ones never meet."""
    local = OAI_IDENTIFIER.sub("", identifier)  # oai:archive.example.org:42 is 42 within its source
    local = re.sub(r"[^A-Za-z0-9._:/-]+", "-", local).strip("-/") or "record"
    full = f"harvest/{source.slug}/{local}"
    if len(full) <= MAX_ID:
        return full
    digest = sha1(identifier.encode()).hexdigest()[:12]
    return f"{full[: MAX_ID - len(digest) - 1]}-{digest}"


def find_source(url: str, set_spec: str = "", prefix: str = "oai_dc") -> HarvestSource:
    slug = source_slug(url, set_spec)
    source, _ = HarvestSource.objects.get_or_create(
        slug=slug, defaults={"url": url, "set_spec": set_spec, "prefix": prefix}
    )
    if source.prefix != prefix:
        source.prefix = prefix
        source.resumption_token = ""  # a token belongs to the list it was given for
    return source


def harvest(source: HarvestSource, since: str = "") -> HarvestReport:
    """Harvest `source` from `since` (a date), else from where its last harvest got; the source row is saved after
    every page, with the outcome at the end."""
    report = HarvestReport(source)
    started = datetime.now(UTC)
    with Scythe(source.url, http_config=HTTPConfig(timeout=TIMEOUT)) as client:
        try:
            _harvest(_Requests(client, source.url), source, since, report)
        except HarvestError as error:
            report.error = str(error)
            if "badResumptionToken" in report.error:  # it expired: the next harvest begins the list again
                source.resumption_token = ""
    source.last_harvested = started
    source.last_status = report.summary()
    source.save()
    return report


def _harvest(requests: "_Requests", source: HarvestSource, since: str, report: HarvestReport) -> None:
    identify = requests.send({"verb": "Identify"})
    source.repository_name = identify.findtext(f".//{{{OAI}}}repositoryName") or source.repository_name
    granularity = identify.findtext(f".//{{{OAI}}}granularity") or "YYYY-MM-DD"
    if source.resumption_token and not since:
        query = {"verb": "ListRecords", "resumptionToken": source.resumption_token}
        began = source.resumption_from
    else:
        query = {"verb": "ListRecords", "metadataPrefix": source.prefix}
        if source.set_spec:
            query["set"] = source.set_spec
        if start := since or source.harvested_until:
            query["from"] = start[:10] if granularity == "YYYY-MM-DD" else start
        began = ""
    seen: set[str] = set()
    resolver = NameResolver()  # one for the whole harvest: it learns the archive's names once
    while True:
        page = requests.send(query, empty_when_no_records=True)
        began = began or page.findtext(f"{{{OAI}}}responseDate") or ""
        _store_page(page, source, report, resolver)
        token = (page.findtext(f".//{{{OAI}}}resumptionToken") or "").strip()
        if token in seen:
            raise HarvestError(f"{requests.described(query)}: the source gave the resumption token {token!r} again")
        seen.add(token)
        source.resumption_token, source.resumption_from = token, began
        source.save()
        if not token:
            break
        query = {"verb": "ListRecords", "resumptionToken": token}
    source.harvested_until = began


class _Requests:
    """Sends one request and hands back its parsed answer, turning every way it can fail into a HarvestError."""

    def __init__(self, client: Scythe, url: str) -> None:
        self.client = client
        self.url = url

    def described(self, query: dict[str, str]) -> str:
        return f"{self.url}?{urlencode(query)}"

    def send(self, query: dict[str, str], empty_when_no_records: bool = False) -> etree._Element:
        """The answer's root element. The XML is parsed strictly, not as scythe's OAIResponse does (it recovers
        from broken XML, and a half-read page would be taken for a whole one); entities are never resolved."""
        try:
            response = self.client.client.get(self.url, params=query)  # scythe's session: its timeout, user agent
            response.raise_for_status()
            root = etree.fromstring(response.content, parser=STRICT_XML)
        except httpx2.TimeoutException:
            raise HarvestError(f"{self.described(query)}: no answer within {TIMEOUT:g} seconds") from None
        except httpx2.HTTPStatusError as error:
            status = error.response.status_code
            raise HarvestError(f"{self.described(query)}: the source answered HTTP {status}") from None
        except httpx2.HTTPError as error:
            raise HarvestError(f"{self.described(query)}: could not be reached: {error}") from None
        except etree.XMLSyntaxError as error:
            raise HarvestError(f"{self.described(query)}: the answer is not well-formed XML: {error}") from None
        errors = root.findall(f"{{{OAI}}}error")
        codes = [error.get("code", "") for error in errors]
        if codes == ["noRecordsMatch"] and empty_when_no_records:  # nothing changed since: not an error
            return root
        if errors:
            told = "; ".join(f"{error.get('code')}: {' '.join((error.text or '').split())}" for error in errors)
            raise HarvestError(f"{self.described(query)}: the source answered the OAI-PMH error {told}")
        return root


def _store_page(page: etree._Element, source: HarvestSource, report: HarvestReport, resolver: NameResolver) -> None:
    """One page's records in one transaction: its documents saved as an import saves them, its deletions applied."""
    documents: list[DocumentRecord] = []
    deletions: list[str] = []
    headers = _headers(page, source, report)
    earlier = _earlier_harvests([document_id(source, identifier) for identifier, _, _ in headers])
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for identifier, header, record in headers:
        local_id = document_id(source, identifier)
        if header.get("status") == "deleted":
            deletions.append(local_id)
            continue
        datestamp = header.findtext(f"{{{OAI}}}datestamp") or ""
        before = earlier.get(local_id, {})
        # A record the source has not changed keeps its harvest time, so harvesting it again changes nothing.
        harvested = before["harvested"] if before.get("datestamp") == datestamp and "harvested" in before else now
        provenance = {"identifier": identifier, "datestamp": datestamp, "harvested": harvested}
        if parsed := _document(record, source, provenance, report):
            documents.append(parsed)
    try:
        with changeset(ChangeSet.Kind.IMPORT, f"harvest of {source.url}"), transaction.atomic():
            outcomes = save_documents(documents, resolver)
            report.deleted += sum(delete_document(gone) for gone in deletions)
    except (DatabaseError, ValueError) as error:
        resolver.forget()  # it may know authorities the rollback undid
        raise HarvestError(f"{source.url}: a page of {len(documents)} records could not be stored: {error}") from None
    for outcome in outcomes:
        setattr(report, outcome, getattr(report, outcome) + 1)
    report.pages += 1


def _headers(
    page: etree._Element, source: HarvestSource, report: HarvestReport
) -> list[tuple[str, etree._Element, etree._Element]]:
    """The page's records with their identifiers and headers; a record without an identifier is reported."""
    found = []
    for record in page.iterfind(f"{{{OAI}}}ListRecords/{{{OAI}}}record"):
        header = record.find(f"{{{OAI}}}header")
        identifier = (header.findtext(f"{{{OAI}}}identifier") or "").strip() if header is not None else ""
        if header is None or not identifier:
            report.problems.append(f"{source.url}: a record without an identifier in its header was left out")
            continue
        found.append((identifier, header, record))
    return found


def _earlier_harvests(ids: list[str]) -> dict[str, dict[str, Any]]:
    """What the documents of these ids say of their last harvest (`extra.harvest`)."""
    extras = Document.objects.filter(pk__in=ids).values_list("id", "extra")
    return {i: extra["harvest"] for i, extra in extras if isinstance(extra.get("harvest"), dict)}


def _document(
    record: etree._Element, source: HarvestSource, provenance: dict[str, str], report: HarvestReport
) -> DocumentRecord | None:
    identifier = provenance["identifier"]
    read = _read_metadata(record, identifier, source)
    if read is None:
        report.problems.append(f"{identifier}: no {source.prefix} metadata this harvester reads; left out")
        return None
    data: dict[str, Any] = read.record
    # The source's own repository names who holds the original, where a readingroom record says so.
    data["source"] = {"repository": source.repository_name or source.url, **data.get("source", {})}
    harvest = {"from": source.url, "repository": source.repository_name, **provenance, "link": read.link}
    data["extra"] = {**data.get("extra", {}), "harvest": harvest}
    report.problems.extend(f"{identifier}: {warning}" for warning in read.warnings)
    try:
        parsed = parse_record(data)
    except RecordError as error:
        report.problems.append(f"{identifier}: refused: {error}")
        return None
    assert isinstance(parsed, DocumentRecord)
    return parsed


def _read_metadata(record: etree._Element, identifier: str, source: HarvestSource) -> ReadRecord | None:
    """The record in the first format this harvester reads: simple Dublin Core, or readingroom's own."""
    local_id = document_id(source, identifier)
    if (dublin_core := record.find(f"{{{OAI}}}metadata/{{{OAI_DC}}}dc")) is not None:
        return dublin_core_record(dublin_core, local_id)
    if (full := record.find(f"{{{OAI}}}metadata/{{{READINGROOM}}}record")) is not None:
        return readingroom_record(full, local_id, lambda related: document_id(source, related))
    return None
