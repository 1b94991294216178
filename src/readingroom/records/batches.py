"""Writing many records at once: the import's batches.

The outcomes, change-log entries and revisions are those of saving each record alone (save_document below, and
services.save_authority), written with a few statements per batch instead of a dozen queries per record: an import of a
million documents spends most of its time here. Unchanged documents are recognised by a hash of their content
(authorities resolved), so a re-import reads one short column instead of every document with its links.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from readingroom.dates.edtf import parse_edtf
from readingroom.ingest.records import DOCUMENT_REFERENCES, AuthorityRecord, DocumentRecord
from readingroom.records.history import current_changeset
from readingroom.records.mapping import authorities_with_relations, authority_record, documents_with_relations
from readingroom.records.mapping import document_record as stored_record
from readingroom.records.models import (
    Access,
    Attachment,
    Authority,
    Change,
    Document,
    DocumentAuthority,
    NameVariant,
    Reading,
    Revision,
    Transcript,
)
from readingroom.records.names import NameResolver, names_of, with_gazetteer_coordinates
from readingroom.records.reading import is_scan, keep_pages_read, pages_read, queue_reading
from readingroom.records.services import Outcome, resolve_references, save_authority, without_broader

# A document's columns but `created`, which an update keeps.
DOCUMENT_COLUMNS = [
    "id",
    "title",
    "date",
    "date_earliest",
    "date_latest",
    "summary",
    "text",
    "languages",
    "type",
    "source_repository",
    "source_citation",
    "source_publication",
    "source_url",
    "credits",
    "rights",
    "related",
    "access",
    "extra",
    "content_hash",
    "modified",
]


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(record: DocumentRecord, encoded: str | None = None) -> str:
    """The hash of a document as stored: its interchange record with authorities as ids (`encoded`, its
    canonical JSON, when already at hand), and its attachments' stored files (a file may change under the same
    name). The text hashed is the canonical JSON of [record, files]."""
    files = [[attachment.sha256, attachment.size] for attachment in record.attachments]
    text = f"[{encoded or canonical_json(record.to_json())},{canonical_json(files)}]"
    return hashlib.sha256(text.encode()).hexdigest()


def save_document(record: DocumentRecord, resolver: NameResolver | None = None) -> Outcome:
    """Add or replace one document; its authority names are resolved to ids (new names create authorities)."""
    return save_documents([record], resolver or NameResolver())[0]


def save_documents(records: Sequence[DocumentRecord], resolver: NameResolver) -> list[Outcome]:
    """Add or replace documents, returning each one's outcome ("added", "updated" or "unchanged")."""
    seen: set[str] = set()
    for position, record in enumerate(records):  # the same id twice: the second saves over the first
        if record.id in seen:
            return save_documents(records[:position], resolver) + save_documents(records[position:], resolver)
        seen.add(record.id)
    resolver.load(ref for record in records for name in DOCUMENT_REFERENCES for ref in record.references(name))
    resolved = [resolve_references(record, resolver) for record in records]
    stored = dict(Document.objects.filter(pk__in=seen).values_list("id", "content_hash"))
    # Documents stored before content hashes existed are compared in full, once; their hash is kept then.
    unhashed = Document.objects.filter(pk__in=[document_id for document_id, digest in stored.items() if not digest])
    legacy = {document.id: stored_record(document) for document in documents_with_relations(unhashed)}
    outcomes: list[Outcome] = []
    writes: list[tuple[DocumentRecord, str, str]] = []
    hashed: list[Document] = []
    for record in resolved:
        encoded = canonical_json(record.to_json())  # hashed, and kept as the document's revision
        digest = content_hash(record, encoded)
        if record.id not in stored:
            outcomes.append("added")
        elif stored[record.id] == digest:
            outcomes.append("unchanged")
            continue
        elif record.id in legacy and content_hash(legacy[record.id]) == digest:
            outcomes.append("unchanged")
            hashed.append(Document(id=record.id, content_hash=digest))
            continue
        else:
            outcomes.append("updated")
        writes.append((record, digest, encoded))
    Document.objects.bulk_update(hashed, ["content_hash"])
    _write_documents(writes, set(stored))
    return outcomes


def _write_documents(records: list[tuple[DocumentRecord, str, str]], existing: set[str]) -> None:
    now = timezone.now()
    columns = [_document_columns(record, digest, now) for record, digest, _ in records]
    inserted = [*DOCUMENT_COLUMNS, "created"]
    _insert(Document, inserted, (_row(c, inserted) for c in columns if c["id"] not in existing))
    replaced = [Document(**c) for c in columns if c["id"] in existing]
    read = pages_read([document.id for document in replaced])  # before their attachments go
    if replaced:
        Document.objects.bulk_update(replaced, DOCUMENT_COLUMNS[1:], batch_size=100)
        for model in (DocumentAuthority, Transcript, Attachment):
            model.objects.filter(document_id__in=[document.id for document in replaced]).delete()
    _insert(
        DocumentAuthority,
        ("document_id", "authority_id", "role", "position"),
        (
            (record.id, authority_id, name, position)
            for record, *_ in records
            for name in DOCUMENT_REFERENCES
            for position, authority_id in enumerate(record.references(name))
        ),
    )
    Transcript.objects.bulk_create(
        Transcript(document_id=record.id, language=t.language, text=t.text, position=position)
        for record, *_ in records
        for position, t in enumerate(record.transcripts)
    )
    attachments = Attachment.objects.bulk_create(
        Attachment(
            document_id=record.id,
            path=a.path,
            label=a.label,
            media_type=a.media_type,
            sha256=a.sha256,
            size=a.size,
            position=position,
            reading=Reading.WAITING if is_scan(a.media_type) else "",
        )
        for record, *_ in records
        for position, a in enumerate(record.attachments)
    )
    languages = {record.id: record.languages for record, *_ in records}
    unread = keep_pages_read(read, attachments, languages)  # a re-imported document's scans are not read again
    queue_reading(unread)  # in this transaction: a document never commits without its scans' jobs
    log_changes(Change.Subject.DOCUMENT, [(record.id, record.access == Access.PUBLIC) for record, *_ in records], now)
    record_revisions(
        Change.Subject.DOCUMENT,
        [(record.id, encoded, [[a.sha256, a.size] for a in record.attachments]) for record, _, encoded in records],
        now,
    )


def _document_columns(record: DocumentRecord, digest: str, now: datetime) -> dict[str, Any]:
    parsed = parse_edtf(record.date) if record.date else None
    return {
        "id": record.id,
        "title": record.title,
        "date": record.date or "",
        "date_earliest": parsed.earliest if parsed else None,
        "date_latest": parsed.latest if parsed else None,
        "summary": record.summary,
        "text": record.text,
        "languages": record.languages,
        "type": record.type,
        "source_repository": record.source.repository,
        "source_citation": record.source.citation,
        "source_publication": record.source.publication,
        "source_url": record.source.url,
        "credits": record.credits,
        "rights": record.rights,
        "related": record.related,
        "access": record.access,
        "extra": record.extra,
        "content_hash": digest,
        "modified": now,
        "created": now,
    }


def save_authorities(records: Sequence[AuthorityRecord], resolver: NameResolver) -> list[Outcome]:
    """Add or replace authorities (broader terms aside, as save_authority). New authorities are written together;
    a changed one, or one that merges others (`extra.same_as`), is saved alone, in its turn."""
    records = [with_gazetteer_coordinates(record) for record in records]
    existing = {
        authority.id: without_broader(authority_record(authority)).to_json()
        for authority in authorities_with_relations(Authority.objects.filter(pk__in={r.id for r in records}))
    }
    outcomes: list[Outcome] = []
    pending: dict[str, AuthorityRecord] = {}
    for record in records:
        if record.id in existing and existing[record.id] == without_broader(record).to_json():
            outcomes.append("unchanged")
        elif record.id not in existing and record.id not in pending and not record.extra.get("same_as"):
            pending[record.id] = record
            outcomes.append("added")
        else:
            _add_authorities(pending.values())
            pending.clear()
            outcomes.append(save_authority(record))
            existing[record.id] = without_broader(record).to_json()
    _add_authorities(pending.values())
    if any(outcome != "unchanged" for outcome in outcomes):
        resolver.forget()
    return outcomes


def _add_authorities(records: Iterable[AuthorityRecord]) -> None:
    records = list(records)
    if not records:
        return
    now = timezone.now()
    _insert(
        Authority,
        AUTHORITY_COLUMNS,
        (
            _row(
                {
                    "id": record.id,
                    "kind": record.kind,
                    "name": record.name,
                    "dates": record.dates or "",
                    "description": record.description,
                    "latitude": record.coordinates[0] if record.coordinates else None,
                    "longitude": record.coordinates[1] if record.coordinates else None,
                    "extra": record.extra,
                    "created": now,
                    "modified": now,
                },
                AUTHORITY_COLUMNS,
            )
            for record in records
        ),
    )
    names = [
        variant for record in records for variant in names_of(record.id, record.name, record.variants, record.kind)
    ]
    _insert(
        NameVariant,
        ("authority_id", "name", "key", "preferred", "generated", "position"),
        ((n.authority_id, n.name, n.key, n.preferred, n.generated, n.position) for n in names),
    )
    log_changes(Change.Subject.AUTHORITY, [(record.id, True) for record in records], now)
    record_revisions(Change.Subject.AUTHORITY, [(record.id, record.to_json(), []) for record in records], now)


def record_revisions(subject: str, revisions: list[tuple[str, dict[str, Any] | str, list[Any]]], at: Any) -> None:
    """One revision for each (id, record, files) written, in the current change set: what record_revision does.
    A record may come already encoded as JSON text."""
    current = current_changeset()
    stamp = connection.ops.adapt_datetimefield_value(at)
    _insert(
        Revision,
        ("changeset_id", "subject", "subject_id", "deleted", "record", "files", "at"),
        (
            (
                current.pk if current else None,
                subject,
                subject_id,
                False,
                _json_column(record),
                connection.ops.adapt_json_value(files, None),
                stamp,
            )
            for subject_id, record, files in revisions
        ),
    )


def _json_column(value: dict[str, Any] | str) -> Any:
    """A JSON column's value as the database takes it; text is taken as JSON already encoded."""
    if not isinstance(value, str):
        return connection.ops.adapt_json_value(value, None)
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return Jsonb(value, dumps=lambda text: text)
    return value


def log_changes(subject: str, subjects: list[tuple[str, bool]], at: Any) -> None:
    """One change-log entry for each (id, public) written, in order: what log_change does for one."""
    stamp = connection.ops.adapt_datetimefield_value(at)
    _insert(
        Change,
        ("subject", "subject_id", "action", "public", "at"),
        ((subject, subject_id, Change.Action.SAVED, public, stamp) for subject_id, public in subjects),
    )


AUTHORITY_COLUMNS = (
    "id",
    "kind",
    "name",
    "dates",
    "description",
    "latitude",
    "longitude",
    "extra",
    "created",
    "modified",
)


def _row(values: dict[str, Any], columns: Sequence[str]) -> list[Any]:
    """The values of these columns as the database takes them (JSON, dates and times adapted as the ORM would)."""
    operations = connection.ops
    row = []
    for value in (values[column] for column in columns):
        if isinstance(value, dict | list):
            value = operations.adapt_json_value(value, None)
        elif isinstance(value, datetime):
            value = operations.adapt_datetimefield_value(value)
        elif isinstance(value, date):
            value = operations.adapt_datefield_value(value)
        row.append(value)
    return row


def _insert(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Plain INSERTs of many rows, for the tables an import fills by the million (links, names, change log):
    building a model instance per row would cost more than the database's work."""
    rows = list(rows)
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({placeholders})", rows)
