"""Use cases that write the catalogue. Each is one unit of work: the records and their change-log entries commit
together, and the node's indexer brings the search index up to date afterwards (see records.indexer)."""

import json
from collections.abc import Callable
from typing import IO

from django.db import transaction

from readingroom.ingest.records import DOCUMENT_REFERENCES, AuthorityRecord, DocumentRecord
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
)
from readingroom.records.names import NameResolver, store_names

AUTHORITY_KINDS_FOR_REFERENCE: dict[str, tuple[str, ...]] = {
    "authors": ("person", "organization"),
    "recipients": ("person", "organization"),
    **{name: (kind,) for name, kind in DOCUMENT_REFERENCES.items() if name not in ("authors", "recipients")},
}
Outcome = str  # "added", "updated" or "unchanged"


def resolve_references(record: DocumentRecord, resolver: NameResolver) -> DocumentRecord:
    """The record with its authorities named by id (names that name nothing create authorities). Documents are
    saved through records.batches, alone or many at once."""
    resolved = DocumentRecord(**{**vars(record)})
    for name, kinds in AUTHORITY_KINDS_FOR_REFERENCE.items():
        ids = [resolver.resolve(reference, kinds) for reference in record.references(name)]
        setattr(resolved, name, list(dict.fromkeys(found for found in ids if found is not None)))
    return resolved


def save_authority(record: AuthorityRecord, resolver: NameResolver | None = None) -> Outcome:
    """Add or replace one authority; its broader terms are left as they are (see link_broader)."""
    existing = authorities_with_relations(Authority.objects.filter(pk=record.id)).first()
    if existing is not None:
        current = without_broader(authority_record(existing))
        if current.to_json() == without_broader(record).to_json():
            return "unchanged"
    authority = existing or Authority(id=record.id)
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
    for duplicate in Authority.objects.filter(pk__in=wanted):
        merge_authority(duplicate.id, authority.id)
    authority.aliases.exclude(alias__in=wanted).delete()
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
        moved.update(content_hash="")  # their links changed: a re-import compares them in full
        for document_id, access in moved.values_list("id", "access"):
            log_change(Change.Subject.DOCUMENT, document_id, Change.Action.SAVED, public=access == Access.PUBLIC)
        log_change(Change.Subject.AUTHORITY, source_id, Change.Action.DELETED)
        log_change(Change.Subject.AUTHORITY, target_id, Change.Action.SAVED)
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
    return True


def log_change(subject: str, subject_id: str, action: str, public: bool = True) -> None:
    """Record one write; `public` says whether readers may know of the subject (OAI-PMH reports public deletions)."""
    Change.objects.create(subject=subject, subject_id=subject_id, action=action, public=public)


def export_archive(
    stream: IO[str], include_restricted: bool = True, on_record: Callable[[], None] | None = None
) -> int:
    """Write every authority, then every document, as JSON Lines of the interchange format; returns the count."""
    written = 0
    for authority in authorities_with_relations().order_by("kind", "id").iterator(chunk_size=2000):
        stream.write(json.dumps(authority_record(authority).to_json(), ensure_ascii=False) + "\n")
        written += 1
    documents = Document.objects.order_by("id")
    if not include_restricted:
        documents = documents.filter(access="public")
    for document in documents_with_relations(documents).iterator(chunk_size=500):
        stream.write(json.dumps(document_record(document).to_json(), ensure_ascii=False) + "\n")
        written += 1
        if on_record:
            on_record()
    return written
