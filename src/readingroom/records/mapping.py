"""Between the catalogue's models and the plain records of the interchange format and of the search index."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from readingroom.dates.edtf import InvalidDate, parse_edtf
from readingroom.ingest.pages import page_starts
from readingroom.ingest.records import Attachment, AuthorityRecord, DocumentRecord, Source
from readingroom.ingest.records import Transcript as TranscriptRecord
from readingroom.names.normalize import name_key
from readingroom.records.models import Authority, Document, DocumentAuthority, NameVariant, Role
from readingroom.search.schema import IndexDocument

# Authors and recipients also count in the people or organizations facet, by their authority's kind.
FACET_OF_KIND = {
    "person": "people",
    "organization": "organizations",
    "place": "places",
    "topic": "topics",
    "collection": "collections",
}


def documents_with_relations(queryset: QuerySet[Document] | None = None) -> QuerySet[Document]:
    queryset = Document.objects.all() if queryset is None else queryset
    return queryset.prefetch_related(
        Prefetch(
            "links",
            queryset=DocumentAuthority.objects.select_related("authority").order_by("role", "position"),
        ),
        Prefetch("links__authority__names", queryset=NameVariant.objects.order_by("position")),
        "transcripts",
        "attachments",
    )


def authorities_with_relations(queryset: QuerySet[Authority] | None = None) -> QuerySet[Authority]:
    queryset = Authority.objects.all() if queryset is None else queryset
    return queryset.prefetch_related(Prefetch("names", queryset=NameVariant.objects.order_by("position")), "broader")


def document_record(document: Document) -> DocumentRecord:
    """The document as the interchange format has it, authorities named by id."""
    record = DocumentRecord(
        id=document.id,
        title=document.title,
        date=document.date or None,
        summary=document.summary,
        text=document.text,
        transcripts=[TranscriptRecord(t.language, t.text) for t in document.transcripts.all()],
        languages=list(document.languages),
        type=document.type,
        source=Source(
            document.source_repository,
            document.source_citation,
            document.source_publication,
            document.source_url,
        ),
        credits=document.credits,
        rights=document.rights,
        related=list(document.related),
        attachments=[Attachment(a.path, a.label, a.media_type, a.sha256, a.size) for a in document.attachments.all()],
        access=document.access,
        extra=dict(document.extra),
    )
    for link in sorted(document.links.all(), key=lambda link: (link.role, link.position)):
        record.references(link.role).append(link.authority_id)
    return record


def authority_record(authority: Authority) -> AuthorityRecord:
    names = list(authority.names.all())
    return AuthorityRecord(
        kind=authority.kind,
        id=authority.id,
        name=authority.name,
        variants=[variant.name for variant in names if not variant.preferred and not variant.generated],
        dates=authority.dates or None,
        description=authority.description,
        broader=sorted(parent.id for parent in authority.broader.all()),
        coordinates=(authority.latitude, authority.longitude)
        if authority.latitude is not None and authority.longitude is not None
        else None,
        extra=dict(authority.extra),
    )


def index_document(document: Document) -> IndexDocument:
    earliest = latest = None
    if document.date:
        try:
            parsed = parse_edtf(document.date)
            earliest, latest = parsed.earliest, parsed.latest
        except InvalidDate:
            pass
    names: dict[str, list[str]] = {}
    facets: dict[str, list[str]] = {name: [] for name in (*FACET_OF_KIND.values(), "languages", "type")}
    for link in document.links.all():
        authority = link.authority
        facet = link.role if link.role not in (Role.AUTHOR, Role.RECIPIENT) else FACET_OF_KIND[authority.kind]
        _append_new(facets.setdefault(facet, []), [authority.id])
        _append_new(names.setdefault(authority.kind, []), [variant.name for variant in authority.names.all()])
    facets["languages"] = list(document.languages)
    facets["type"] = [document.type] if document.type else []
    facets["features"] = ["withheld"] if _positive(document.extra.get("withheld")) else []
    source = " ".join(
        part for part in (document.source_repository, document.source_citation, document.source_publication) if part
    )
    return IndexDocument(
        id=document.id,
        title=document.title,
        date=document.date,
        earliest=earliest,
        latest=latest,
        summary=document.summary,
        text=document.text,
        transcripts=[(transcript.language, transcript.text) for transcript in document.transcripts.all()],
        type=document.type,
        source=source,
        access=document.access,
        sort_title=name_key(document.title),
        added=int(document.created.timestamp()) if document.created else 0,
        pages=page_starts(document.extra),
        names=names,
        facets=facets,
    )


def _positive(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _append_new(target: list[str], values: Iterable[str]) -> None:
    for value in values:
        if value not in target:
            target.append(value)
