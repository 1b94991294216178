"""How current the node's search index is, for the status page and the search page's notice."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from readingroom.home import index_path
from readingroom.records.authorities import public_authorities
from readingroom.records.indexer import latest_change
from readingroom.records.models import Change
from readingroom.search.index import index_at


@dataclass(frozen=True)
class IndexStatus:
    applied: int  # the last change the index reflects
    latest: int  # the last change in the catalogue
    pending: int  # the changes still to apply (for readers, those of records they may know of)

    @property
    def rebuilding(self) -> bool:
        """A new (or replaced damaged) index being filled: searches find nothing, or little, until it commits."""
        return self.applied == 0 and self.latest > 0


def index_status(include_restricted: bool = False) -> IndexStatus:
    """Cheap while the index keeps up: the changes after the last one it applied are few. Readers are told how
    many of those concern records they may know of, and no sequence numbers: both would move whenever staff
    edit a restricted record. Nothing is counted while the index is rebuilt: then the whole log is to apply."""
    applied, latest = index_at(index_path()).applied_sequence(), latest_change()
    if applied == 0:
        return IndexStatus(applied, latest, latest)
    waiting = Change.objects.filter(sequence__gt=applied)
    if not include_restricted:
        waiting = readers_changes(waiting)
    return IndexStatus(applied, latest, waiting.count())


def readers_changes(changes: QuerySet[Change]) -> QuerySet[Change]:
    """The changes readers may know of: to documents public after them (or public when deleted), and to the
    authorities readers may see now. Deleted authorities are left out: whether readers knew of one is not kept."""
    documents = Q(subject=Change.Subject.DOCUMENT, public=True)
    # Asked of each change's own authority: a list of every public authority would be read for a handful of changes.
    public = Exists(public_authorities().filter(pk=OuterRef("subject_id")))
    authorities = Q(subject=Change.Subject.AUTHORITY, action=Change.Action.SAVED) & Q(public)
    return changes.filter(documents | authorities)


def index_rebuilding() -> bool:
    """Whether the index is being filled anew (see IndexStatus.rebuilding): the change log is read only then."""
    return index_at(index_path()).applied_sequence() == 0 and latest_change() > 0
