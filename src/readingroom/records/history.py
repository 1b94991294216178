"""Who changed what, and when: change sets, the revisions written in them, and field-level differences.

Every write in records.services adds a revision holding the record as it stood afterwards, in the interchange
format, so any earlier state can be shown, compared and restored. A change set groups the revisions of one act
(an edit, an import of some files, a restore); the caller opens it with `changeset(...)` around the work.
"""

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from readingroom.records.models import ChangeSet, Revision

_current: ContextVar[ChangeSet | None] = ContextVar("changeset", default=None)


@contextmanager
def changeset(kind: str, label: str = "", user: User | AnonymousUser | None = None) -> Iterator[ChangeSet]:
    """Group the revisions written inside the block; a change set that changed nothing is not kept."""
    row = ChangeSet.objects.create(kind=kind, label=label[:2000], user=user if isinstance(user, User) else None)
    token = _current.set(row)
    try:
        yield row
    finally:
        _current.reset(token)
        if not Revision.objects.filter(changeset=row).exists():
            ChangeSet.objects.filter(pk=row.pk).delete()


def current_changeset() -> ChangeSet | None:
    return _current.get()


def record_revision(
    subject: str, subject_id: str, record: dict[str, Any] | None, files: Sequence[tuple[str, int | None]] = ()
) -> None:
    """The record after a change (None when the change deleted it), with its attachments' stored files."""
    Revision.objects.create(
        changeset=_current.get(),
        subject=subject,
        subject_id=subject_id,
        deleted=record is None,
        record=record,
        files=[list(file) for file in files],
    )


def revisions(subject: str, subject_id: str) -> list[Revision]:
    """Oldest first."""
    return list(
        Revision.objects.filter(subject=subject, subject_id=subject_id).select_related("changeset__user").order_by("id")
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


def differences(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    """The fields whose values differ, in the record's order; a missing record has no fields."""
    before, after = before or {}, after or {}
    fields = list(dict.fromkeys([*before, *after]))
    return [
        FieldChange(field, _shown(before.get(field)), _shown(after.get(field)))
        for field in fields
        if before.get(field) != after.get(field)
    ]


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
