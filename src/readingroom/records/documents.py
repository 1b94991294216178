"""Reading one document for the public: everything the document page and the API show, restricted ones hidden."""

from dataclasses import dataclass, field

from readingroom.home import index_path
from readingroom.ingest.pages import only_references_to, referenced_documents
from readingroom.ingest.records import DocumentRecord
from readingroom.records.mapping import FACET_OF_KIND, document_record, documents_with_relations
from readingroom.records.models import Access, Document, Role
from readingroom.search.index import index_at
from readingroom.search.searcher import Searcher

SIMILAR_SHOWN = 5


@dataclass
class NamedAuthority:
    id: str
    name: str
    kind: str
    facet: str  # the search page's parameter that selects it


@dataclass
class RelatedDocument:
    id: str
    title: str | None  # None only for staff, when the related document is not in the archive


@dataclass
class DocumentView:
    document: Document
    authorities: dict[str, list[NamedAuthority]]  # role (authors, recipients, people ...) -> authorities
    related: list[RelatedDocument] = field(default_factory=list)
    similar: list[RelatedDocument] = field(default_factory=list)  # most alike in words and names

    def __getattr__(self, name: str) -> object:
        return getattr(self.document, name)


def public_document(document_id: str, include_restricted: bool = False) -> DocumentView | None:
    """The document as its page shows it; None when it does not exist or is not public (unless staff ask)."""
    visible = Document.objects.all() if include_restricted else Document.objects.filter(access=Access.PUBLIC)
    document = documents_with_relations(visible.filter(pk=document_id)).first()
    if document is None:
        return None
    authorities: dict[str, list[NamedAuthority]] = {role.value: [] for role in Role}
    for link in document.links.all():
        authority = link.authority
        facet = FACET_OF_KIND[authority.kind] if link.role in (Role.AUTHOR, Role.RECIPIENT) else link.role
        authorities[link.role].append(NamedAuthority(authority.id, authority.name, authority.kind, facet))
    titles = dict(visible.filter(pk__in=document.related).values_list("id", "title"))
    related = [RelatedDocument(i, titles.get(i)) for i in document.related if include_restricted or i in titles]
    similar = [
        RelatedDocument(hit.id, hit.title)
        for hit in Searcher(index_at(index_path())).similar(
            document.id, SIMILAR_SHOWN + len(related), include_restricted=include_restricted
        )
        if hit.id not in document.related
    ][:SIMILAR_SHOWN]
    return DocumentView(document, authorities, related, similar)


def public_record(document_id: str) -> DocumentRecord | None:
    document = documents_with_relations(Document.objects.filter(pk=document_id, access=Access.PUBLIC)).first()
    return public_view(document_record(document)) if document else None


def public_documents(ids: list[str]) -> set[str]:
    """Those of `ids` that are public documents of this archive."""
    return set(Document.objects.filter(pk__in=ids, access=Access.PUBLIC).values_list("id", flat=True))


def visible_documents(ids: set[str], include_restricted: bool = False) -> set[str]:
    """Those of `ids` that are documents of this archive the reader may see: what a cross-reference may link to."""
    visible = Document.objects.all() if include_restricted else Document.objects.filter(access=Access.PUBLIC)
    return set(visible.filter(pk__in=ids).values_list("id", flat=True))


def public_view(record: DocumentRecord) -> DocumentRecord:
    """A public document's record as readers get it: it lists only the related documents a reader can open. A
    restricted document's id alone would tell of it, and leaving out only those would tell them apart from the ids
    of documents the archive does not hold, so those are left out too (staff and the full export keep them all)."""
    readable = public_documents([*record.related, *sorted(referenced_documents(record.extra))])
    record.related = [related for related in record.related if related in readable]
    record.extra = only_references_to(record.extra, readable)  # the words of the others stay in the text
    return record


def documents_after(after: str, limit: int) -> list[Document]:
    """Up to `limit` public documents in order of id after `after` (a keyset page: as cheap at the end as at the
    start, and stable while documents are added); only the fields a list shows are read."""
    public = Document.objects.filter(access=Access.PUBLIC)
    if after:
        public = public.filter(pk__gt=after)
    return list(public.order_by("pk").only("id", "title", "date", "type")[:limit])
