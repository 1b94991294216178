"""What a harvester sees: the public documents and the public ones that went away, in the order of their datestamps.

A document's datestamp is its `modified` time. A document that was public and is gone, deleted or made restricted,
is a deletion: the change log says so (a `public` change for its id, and no public document of that id now), and
its datestamp is the time of its latest change. Nothing else about it is told, its sets included, since a document
made restricted must not show what it holds. Lists are read a page at a time after a position, the (datestamp, id)
of the last item sent, so a harvest needs no state on the server and sees every item once however long it takes.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet

from readingroom.records.documents import public_documents
from readingroom.records.models import Access, Authority, AuthorityKind, Change, Document, DocumentAuthority, Role

_Rows = TypeVar("_Rows", bound=QuerySet)  # type: ignore[type-arg]

# Every collection is a set of its own; together they form the set of documents in any collection.
ANY_COLLECTION = ""


@dataclass(frozen=True)
class Position:
    """Where a page ends: the exact datestamp and id of its last item."""

    datestamp: datetime
    id: str


@dataclass(frozen=True)
class Selection:
    """A harvest's arguments: datestamps from `start` (inclusive) to before `end`, and a collection set."""

    start: datetime | None = None
    end: datetime | None = None
    collection: str | None = None  # an authority id, ANY_COLLECTION, or None for every document


@dataclass
class HarvestItem:
    id: str
    datestamp: datetime
    document: Document | None  # with its relations; None for a deletion
    collections: list[str] = field(default_factory=list)  # authority ids of its collections
    related: list[str] = field(default_factory=list)  # ids of the public documents it names as related (see
    # records/documents.public_view: the ids of documents readers cannot open are left out, whether hidden or absent)

    @property
    def deleted(self) -> bool:
        return self.document is None

    @property
    def position(self) -> Position:
        return Position(self.datestamp, self.id)


@dataclass
class HarvestPage:
    items: list[HarvestItem]
    total: int  # items in the whole selection
    more: bool  # whether items follow the last one


@dataclass(frozen=True)
class CollectionSet:
    id: str
    name: str
    description: str


def harvest_page(selection: Selection, after: Position | None, size: int) -> HarvestPage:
    """Up to `size` items of the selection that come after `after`, in (datestamp, id) order."""
    documents = _after(_public_documents(selection), "modified", "id", after).order_by("modified", "id")
    found: list[tuple[datetime, str, Document | None]] = [
        (document.modified, document.id, document) for document in _with_relations(documents[: size + 1])
    ]
    deletions = _deletions(selection)
    if deletions is not None:
        rows = _after(deletions, "datestamp", "subject_id", after).order_by(F("datestamp"), F("subject_id"))
        found += [(row["datestamp"], row["subject_id"], None) for row in rows[: size + 1]]
    found.sort(key=lambda item: (item[0], item[1]))
    items = _with_references(
        [
            HarvestItem(document_id, datestamp, document, _collections(document) if document else [])
            for datestamp, document_id, document in found[:size]
        ]
    )
    total = _public_count(selection) + (deletions.count() if deletions is not None else 0)
    return HarvestPage(items, total, more=len(found) > size)


def harvest_item(document_id: str) -> HarvestItem | None:
    """One document as a harvester may see it: public, deleted, or (None) never known to the public."""
    document = _with_relations(Document.objects.filter(pk=document_id, access=Access.PUBLIC)).first()
    if document is not None:
        return _with_references([HarvestItem(document.id, document.modified, document, _collections(document))])[0]
    deletions = _deletions(Selection())
    rows = list(deletions.filter(subject_id=document_id)) if deletions is not None else []
    return HarvestItem(document_id, rows[0]["datestamp"], None) if rows else None


def earliest_datestamp() -> datetime | None:
    """The oldest datestamp of any item, deletions included; None for an archive that has never had one."""
    documents = Document.objects.filter(access=Access.PUBLIC).order_by("modified")
    oldest = [document.modified for document in documents.only("modified")[:1]]
    deletions = _deletions(Selection())
    if deletions is not None:
        oldest += [row["datestamp"] for row in deletions.order_by(F("datestamp"))[:1]]
    return min(oldest, default=None)


def collection_sets() -> list[CollectionSet]:
    """The collections that hold at least one public document, by name."""
    collections = Authority.objects.filter(
        Exists(_public_links(authority=OuterRef("pk"))), kind=AuthorityKind.COLLECTION
    )
    return [CollectionSet(c.id, c.name, c.description) for c in collections.order_by("name", "id")]


def has_collection_sets() -> bool:
    return _public_links().exists()


def is_collection_set(authority_id: str) -> bool:
    """Whether the collection holds a public document: a collection of restricted ones is no set at all."""
    return _public_links(authority_id=authority_id).exists()


def _public_links(**conditions: Any) -> QuerySet[DocumentAuthority]:
    return DocumentAuthority.objects.filter(role=Role.COLLECTION, document__access=Access.PUBLIC, **conditions)


def _with_relations(documents: QuerySet[Document]) -> QuerySet[Document]:
    """What a record shows: its authorities (by their preferred names), transcripts and attachments."""
    links = DocumentAuthority.objects.select_related("authority").order_by("role", "position")
    return documents.prefetch_related(Prefetch("links", queryset=links), "transcripts", "attachments")


def _public_count(selection: Selection) -> int:
    """The documents of the selection; those of one collection counted from its links, which are fewer to read
    (as a subquery, which keeps SQLite from reading every public document instead)."""
    if selection.collection in (None, ANY_COLLECTION):
        return _public_documents(selection).count()
    public = Document.objects.filter(_within("modified", selection), pk=OuterRef("document_id"), access=Access.PUBLIC)
    links = DocumentAuthority.objects.filter(Exists(public), authority_id=selection.collection, role=Role.COLLECTION)
    return links.count()


def _public_documents(selection: Selection) -> QuerySet[Document]:
    documents = Document.objects.filter(_within("modified", selection), access=Access.PUBLIC)
    if selection.collection is None:
        return documents
    links = DocumentAuthority.objects.filter(document=OuterRef("pk"), role=Role.COLLECTION)
    if selection.collection != ANY_COLLECTION:
        links = links.filter(authority_id=selection.collection)
    return documents.filter(Exists(links))


def _deletions(selection: Selection) -> QuerySet[Any, Any] | None:
    """Ids once public and public no more, with the time of their latest change; None when a set is asked for,
    since what a deleted document belonged to is not kept.

    Only documents with a change that made them restricted or deleted them can be such; they are found first (by
    the change log's indexes), and only their histories are read."""
    if selection.collection is not None:
        return None
    documents = Change.objects.filter(subject=Change.Subject.DOCUMENT)
    withdrawn = documents.filter(Q(public=False) | Q(action=Change.Action.DELETED)).values("subject_id")
    public_now = Document.objects.filter(pk=OuterRef("subject_id"), access=Access.PUBLIC)
    return (
        documents.filter(~Exists(public_now), subject_id__in=withdrawn)
        .values("subject_id")
        .annotate(datestamp=Max("at"), public_changes=Count("sequence", filter=Q(public=True)))
        .filter(public_changes__gt=0)
        .filter(_within("datestamp", selection))
    )


def _within(datestamp: str, selection: Selection) -> Q:
    within = Q()
    if selection.start is not None:
        within &= Q(**{f"{datestamp}__gte": selection.start})
    if selection.end is not None:
        within &= Q(**{f"{datestamp}__lt": selection.end})
    return within


def _after(queryset: _Rows, datestamp: str, key: str, position: Position | None) -> _Rows:
    if position is None:
        return queryset
    later = Q(**{f"{datestamp}__gt": position.datestamp})
    same_time_higher_id = Q(**{datestamp: position.datestamp, f"{key}__gt": position.id})
    return queryset.filter(later | same_time_higher_id)


def _collections(document: Document) -> list[str]:
    return [link.authority_id for link in document.links.all() if link.role == Role.COLLECTION]


def _with_references(items: list[HarvestItem]) -> list[HarvestItem]:
    named = {
        related
        for item in items
        if item.document is not None
        for related in item.document.related
        if isinstance(related, str)
    }
    readable = public_documents(list(named))
    for item in items:
        if item.document is not None:
            item.related = [related for related in item.document.related if related in readable]
    return items
