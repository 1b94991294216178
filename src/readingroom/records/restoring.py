"""Restoring a record as one of its revisions left it (the staff's "Restore this version")."""

from django.db import transaction

from readingroom.ingest.jsonl import parse_record
from readingroom.ingest.records import AuthorityRecord
from readingroom.records.batches import save_document
from readingroom.records.models import Authority, Revision
from readingroom.records.services import Outcome, save_authority


def restore_revision(revision: Revision) -> Outcome:
    """Make a record what it was at `revision` (a deleted document comes back; its files are still stored)."""
    if revision.record is None:
        raise ValueError("a deletion cannot be restored; restore the revision before it")
    record = parse_record(revision.record)
    with transaction.atomic():
        if isinstance(record, AuthorityRecord):
            outcome = save_authority(record)
            Authority.objects.get(pk=record.id).broader.set(Authority.objects.filter(pk__in=record.broader))
            return outcome
        for attachment, (sha256, size) in zip(record.attachments, revision.files, strict=False):
            attachment.sha256, attachment.size = sha256, size
        return save_document(record)
