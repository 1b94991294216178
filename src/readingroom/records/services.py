"""Use cases that write the catalogue. Each is one unit of work: the records and their change-log entries commit
together, and the node's indexer brings the search index up to date afterwards (see records.indexer)."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import IO

from django.db import transaction
from django.utils import timezone

from readingroom.dates.edtf import parse_edtf
from readingroom.ingest import records as interchange
from readingroom.ingest.records import DOCUMENT_REFERENCES, AuthorityRecord, DocumentRecord
from readingroom.names.bodies import names_a_body
from readingroom.names.normalize import name_key
from readingroom.records.files import stored_file
from readingroom.records.history import record_revision
from readingroom.records.mapping import (
    authorities_with_relations,
    authority_record,
    document_record,
    documents_with_relations,
)
from readingroom.records.models import (
    Access,
    Authority,
    AuthorityAlias,
    Change,
    Document,
    DocumentAuthority,
    Revision,
)
from readingroom.records.names import NameResolver, store_names, with_gazetteer_coordinates

PERSON_OR_ORGANIZATION = ("person", "organization")
AUTHORITY_KINDS_FOR_REFERENCE: dict[str, tuple[str, ...]] = {
    "authors": PERSON_OR_ORGANIZATION,
    "recipients": PERSON_OR_ORGANIZATION,
    **{name: (kind,) for name, kind in DOCUMENT_REFERENCES.items() if name not in ("authors", "recipients")},
}
Outcome = str  # "added", "updated" or "unchanged"


def resolve_references(record: DocumentRecord, resolver: NameResolver) -> DocumentRecord:
    """The record with its authorities named by id (names that name nothing create authorities). Documents are
    saved through records.batches, alone or many at once."""
    resolved = DocumentRecord(**{**vars(record)})
    organizations = {name_key(organization) for organization in record.organizations}
    for name, kinds in AUTHORITY_KINDS_FOR_REFERENCE.items():
        ids = [
            resolver.resolve(reference, _kinds(reference, kinds, organizations))
            for reference in record.references(name)
        ]
        setattr(resolved, name, list(dict.fromkeys(found for found in ids if found is not None)))
    return resolved


def _kinds(reference: str, kinds: tuple[str, ...], organizations: set[str]) -> tuple[str, ...]:
    """Authors and recipients are looked for among people, then organizations, and a name that matches neither
    becomes a person; but organizations come first, and a new one is an organization, when the document also lists
    the name among its organizations or the name is that of a body or an office (names.bodies)."""
    if kinds == PERSON_OR_ORGANIZATION and (name_key(reference) in organizations or names_a_body(reference)):
        return ("organization", "person")
    return kinds


def save_authority(record: AuthorityRecord, resolver: NameResolver | None = None) -> Outcome:
    """Add or replace one authority; its broader terms are left as they are (see link_broader). A place the
    gazetteer knows gets its coordinates when the record gives none."""
    record = with_gazetteer_coordinates(record)
    existing = authorities_with_relations(Authority.objects.filter(pk=record.id)).first()
    if existing is not None:
        current = without_broader(authority_record(existing))
        if current.to_json() == without_broader(record).to_json():
            return "unchanged"
    authority = existing or Authority(id=record.id)
    if existing is not None and (existing.name, existing.kind) != (record.name, record.kind):
        # The documents that name it now read differently: harvesters (OAI-PMH datestamps) and sitemaps must see it.
        Document.objects.filter(pk__in=existing.links.values("document_id")).update(modified=timezone.now())
    authority.kind = record.kind
    authority.name = record.name
    authority.dates = record.dates or ""
    authority.description = record.description
    authority.latitude, authority.longitude = record.coordinates or (None, None)
    authority.extra = record.extra
    authority.save()
    store_names(authority, record.name, record.variants)
    _store_aliases(authority, record.extra.get("same_as", []))
    log_change(Change.Subject.AUTHORITY, authority.id, Change.Action.SAVED)
    record_revision(Change.Subject.AUTHORITY, authority.id, record.to_json())
    if resolver:
        resolver.forget()
    return "added" if existing is None else "updated"


def _store_aliases(authority: Authority, aliases: object) -> None:
    """Make `extra.same_as` ids aliases of the authority, merging in any authority stored under one of them."""
    wanted = (
        [alias for alias in aliases if isinstance(alias, str) and alias != authority.id]
        if isinstance(aliases, list)
        else []
    )
    # Stale aliases go before the merges: a merged authority's own aliases (a FRUS person's volume entries) move
    # to this one and must stay.
    authority.aliases.exclude(alias__in=wanted).delete()
    for duplicate in Authority.objects.filter(pk__in=wanted):
        merge_authority(duplicate.id, authority.id)
    AuthorityAlias.objects.bulk_create(
        [AuthorityAlias(alias=alias, authority=authority) for alias in dict.fromkeys(wanted)],
        update_conflicts=True,
        unique_fields=["alias"],
        update_fields=["authority"],
    )


def merge_authority(source_id: str, target_id: str) -> int:
    """Fold one authority into another: its documents, names and narrower terms move to the target, its id becomes
    an alias of the target, and it is deleted. Returns the number of documents that changed."""
    with transaction.atomic():
        source = Authority.objects.get(pk=source_id)
        target = Authority.objects.get(pk=target_id)
        links = list(DocumentAuthority.objects.filter(authority=source))
        taken = set(
            DocumentAuthority.objects.filter(
                authority=target, document_id__in=[link.document_id for link in links]
            ).values_list("document_id", "role")
        )
        for link in links:
            if (link.document_id, link.role) in taken:
                link.delete()
            else:
                link.authority = target
                link.save(update_fields=["authority"])
        names = [variant.name for variant in target.names.all() if not variant.generated]
        extra_names = [v.name for v in source.names.all() if not v.generated and v.name not in names]
        if extra_names:
            store_names(target, target.name, [*names[1:], *extra_names])
        for narrower in source.narrower.all():
            narrower.broader.remove(source)
            narrower.broader.add(target)
        source.aliases.update(authority=target)
        source.delete()
        AuthorityAlias.objects.update_or_create(alias=source_id, defaults={"authority": target})
        moved = Document.objects.filter(pk__in={link.document_id for link in links}).order_by("id")
        # Their links changed: a re-import compares them in full, and harvesters see them again.
        moved.update(content_hash="", modified=timezone.now())
        for document in documents_with_relations(moved):
            public = document.access == Access.PUBLIC
            log_change(Change.Subject.DOCUMENT, document.id, Change.Action.SAVED, public=public)
            moved_record = document_record(document)
            record_revision(Change.Subject.DOCUMENT, document.id, moved_record.to_json(), _files(moved_record))
        log_change(Change.Subject.AUTHORITY, source_id, Change.Action.DELETED)
        record_revision(Change.Subject.AUTHORITY, source_id, None)
        log_change(Change.Subject.AUTHORITY, target_id, Change.Action.SAVED)
        merged = authorities_with_relations(Authority.objects.filter(pk=target_id)).get()
        record_revision(Change.Subject.AUTHORITY, target_id, authority_record(merged).to_json())
    return len({link.document_id for link in links})


def without_broader(record: AuthorityRecord) -> AuthorityRecord:
    return AuthorityRecord(**{**vars(record), "broader": []})


def delete_document(document_id: str) -> bool:
    with transaction.atomic():
        access = Document.objects.filter(pk=document_id).values_list("access", flat=True).first()
        if access is None:
            return False
        Document.objects.filter(pk=document_id).delete()
        log_change(Change.Subject.DOCUMENT, document_id, Change.Action.DELETED, public=access == Access.PUBLIC)
        record_revision(Change.Subject.DOCUMENT, document_id, None)
    return True


def log_change(subject: str, subject_id: str, action: str, public: bool = True) -> None:
    """Record one write; `public` says whether readers may know of the subject (OAI-PMH reports public deletions)."""
    Change.objects.create(subject=subject, subject_id=subject_id, action=action, public=public)


def export_archive(
    stream: IO[str],
    include_restricted: bool = True,
    on_record: Callable[[], None] | None = None,
    beside: Path | None = None,
) -> int:
    """Write every authority, then every document, as JSON Lines of the interchange format; returns the count.

    With `beside` (the path of the file being written), attachment files are copied to `attachments/<sha256>/`
    next to it and the records name them there, so importing the export elsewhere brings the files along."""
    written = 0
    for authority in authorities_with_relations().order_by("kind", "id").iterator(chunk_size=2000):
        stream.write(json.dumps(authority_record(authority).to_json(), ensure_ascii=False) + "\n")
        written += 1
    documents = Document.objects.order_by("id")
    if not include_restricted:
        documents = documents.filter(access="public")
    for document in documents_with_relations(documents).iterator(chunk_size=500):
        record = document_record(document)
        if beside is not None:
            for attachment in record.attachments:
                attachment.path = _copy_beside(attachment, beside)
        stream.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
        written += 1
        if on_record:
            on_record()
    return written


def _copy_beside(attachment: interchange.Attachment, beside: Path) -> str:
    name = PurePosixPath(attachment.path.replace("\\", "/")).name or "attachment"
    relative = f"attachments/{attachment.sha256}/{name}"
    target = beside.parent / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stored_file(attachment.sha256), target)
    return relative


def document_edited(document_id: str) -> bool:
    """After an editor changed a document's rows directly (the staff forms): derive its dates, log the change and
    keep a revision. Returns False when the document is as its last revision left it."""
    document = documents_with_relations(Document.objects.filter(pk=document_id)).get()
    parsed = parse_edtf(document.date) if document.date else None
    earliest, latest = (parsed.earliest, parsed.latest) if parsed else (None, None)
    # the dates as the importer derives them; no content hash, so a re-import compares the document in full
    Document.objects.filter(pk=document_id).update(date_earliest=earliest, date_latest=latest, content_hash="")
    stored = document_record(document)
    record, files = stored.to_json(), _files(stored)
    last = Revision.objects.filter(subject=Change.Subject.DOCUMENT, subject_id=document_id).order_by("-id").first()
    if last is not None and (last.record, last.files) == (record, [list(file) for file in files]):
        return False
    log_change(Change.Subject.DOCUMENT, document_id, Change.Action.SAVED, public=document.access == Access.PUBLIC)
    record_revision(Change.Subject.DOCUMENT, document_id, record, files)
    return True


def authority_edited(authority_id: str) -> bool:
    """After an editor changed an authority's rows: regenerate its spellings, log the change, keep a revision."""
    authority = Authority.objects.get(pk=authority_id)
    listed = [variant.name for variant in authority.names.filter(generated=False, preferred=False)]
    store_names(authority, authority.name, listed)
    record = authority_record(authorities_with_relations(Authority.objects.filter(pk=authority_id)).get()).to_json()
    last = Revision.objects.filter(subject=Change.Subject.AUTHORITY, subject_id=authority_id).order_by("-id").first()
    if last is not None and last.record == record:
        return False
    log_change(Change.Subject.AUTHORITY, authority_id, Change.Action.SAVED)
    record_revision(Change.Subject.AUTHORITY, authority_id, record)
    return True


def delete_authority(authority_id: str) -> bool:
    """Delete an authority no document names (one that documents name must be merged instead)."""
    with transaction.atomic():
        deleted, _ = Authority.objects.filter(pk=authority_id).exclude(links__isnull=False).delete()
        if deleted:
            log_change(Change.Subject.AUTHORITY, authority_id, Change.Action.DELETED)
            record_revision(Change.Subject.AUTHORITY, authority_id, None)
    return bool(deleted)


def _files(record: DocumentRecord) -> list[tuple[str, int | None]]:
    return [(attachment.sha256, attachment.size) for attachment in record.attachments]
