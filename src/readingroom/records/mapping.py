"""Between the catalogue's models and the plain records of the interchange format and of the search index."""

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from readingroom.ingest.pages import page_starts
from readingroom.ingest.records import Attachment, AuthorityRecord, DocumentRecord, Source
from readingroom.ingest.records import Transcript as TranscriptRecord
from readingroom.names.normalize import name_key
from readingroom.records.models import (
    Authority,
    Document,
    DocumentAuthority,
    NameVariant,
    Role,
    ScanPage,
    Transcript,
)
from readingroom.search.schema import IndexDocument

# Authors and recipients also count in the people or organizations facet, by their authority's kind.
FACET_OF_KIND = {
    "person": "people",
    "organization": "organizations",
    "place": "places",
    "topic": "topics",
    "collection": "collections",
}


def documents_with_relations(queryset: QuerySet[Document] | None = None, names: bool = True) -> QuerySet[Document]:
    """Documents with their links, authorities, transcripts and attachments; with every name of each authority
    unless `names` is False (exports need only the headings, and reading all the names doubled their time)."""
    queryset = Document.objects.all() if queryset is None else queryset
    links = document_links()
    if not names:
        return queryset.prefetch_related(links, "transcripts", "attachments")
    return queryset.prefetch_related(
        links,
        Prefetch("links__authority__names", queryset=NameVariant.objects.order_by("position")),
        "transcripts",
        "attachments",
    )


def document_links() -> "Prefetch[str]":
    """A document's links to authorities with the authorities, in their order, to prefetch."""
    return Prefetch(
        "links", queryset=DocumentAuthority.objects.select_related("authority").order_by("role", "position")
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


class AuthorityNames:
    """Every name of each authority, remembered across chunks of documents: an archive names its thousands of
    authorities over and over. Whoever changes authorities calls `forget` with their ids."""

    MAX_REMEMBERED = 500_000

    def __init__(self) -> None:
        self._names: dict[str, list[str]] = {}

    def forget(self, ids: Iterable[str] | None = None) -> None:
        if ids is None:
            self._names.clear()
        for authority_id in ids or ():
            self._names.pop(authority_id, None)

    def of(self, ids: set[str]) -> dict[str, list[str]]:
        missing = ids - self._names.keys()
        if len(self._names) + len(missing) > self.MAX_REMEMBERED:
            self._names.clear()
            missing = ids
        if missing:
            for authority_id in missing:
                self._names[authority_id] = []
            variants = NameVariant.objects.filter(authority_id__in=missing).order_by("authority_id", "position")
            for authority_id, name in variants.values_list("authority_id", "name"):
                self._names[authority_id].append(name)
        return {authority_id: self._names[authority_id] for authority_id in ids}


def index_documents(ids: Iterable[str], names: AuthorityNames) -> list[IndexDocument]:
    """The documents with these ids (those that exist) as the index holds them, read with four queries."""
    ids = list(ids)
    links: dict[str, list[tuple[str, str, str]]] = {}
    for document_id, role, authority_id, kind in (
        DocumentAuthority.objects.filter(document_id__in=ids)
        .order_by("document_id", "role", "position")
        .values_list("document_id", "role", "authority_id", "authority__kind")
    ):
        links.setdefault(document_id, []).append((role, authority_id, kind))
    transcripts: dict[str, list[tuple[str, str]]] = {}
    for document_id, language, text in (
        Transcript.objects.filter(document_id__in=ids)
        .order_by("document_id", "position")
        .values_list("document_id", "language", "text")
    ):
        transcripts.setdefault(document_id, []).append((language, text))
    _add_scan_pages(ids, transcripts)
    known = names.of({authority_id for found in links.values() for _, authority_id, _ in found})
    rows = Document.objects.filter(pk__in=ids).values_list(*INDEXED_COLUMNS)
    return [
        _index_document(dict(zip(INDEXED_COLUMNS, row, strict=True)), links, transcripts, known)
        for row in rows.order_by("id")
    ]


def _add_scan_pages(ids: list[str], transcripts: dict[str, list[tuple[str, str]]]) -> None:
    """The text read on the documents' scans, searched as their transcripts are: each page in the language of its
    script among the document's languages (so that Russian and Chinese words are analysed as Russian and Chinese)."""
    pages = (
        ScanPage.objects.filter(attachment__document_id__in=ids)
        .exclude(text="")
        .order_by("attachment__document_id", "attachment__position", "number")
        .values_list("attachment__document_id", "attachment__document__languages", "text")
    )
    for document_id, languages, text in pages:
        transcripts.setdefault(document_id, []).append((page_language(text, languages), text))


# A script, the languages written in it, and the language its pages are analysed in when the document names none.
SCRIPTS = [(re.compile(r"[\u3400-\u9fff]"), ("zh",), "zh"), (re.compile(r"[\u0400-\u04ff]"), ("ru", "uk"), "ru")]


def page_language(text: str, languages: list[str]) -> str:
    """Of a document's languages, one written in the script of most of a page's letters; else its first."""
    letters = max(1, sum(character.isalpha() for character in text))
    for script, written, otherwise in SCRIPTS:
        if len(script.findall(text)) * 2 > letters:
            return next((tag for tag in languages if tag.lower().split("-")[0] in written), otherwise)
    return languages[0] if languages else ""


INDEXED_COLUMNS = (
    "id",
    "title",
    "date",
    "date_earliest",
    "date_latest",
    "summary",
    "text",
    "type",
    "languages",
    "source_repository",
    "source_citation",
    "source_publication",
    "access",
    "extra",
    "created",
)


def _index_document(
    document: dict[str, Any],
    links: dict[str, list[tuple[str, str, str]]],
    transcripts: dict[str, list[tuple[str, str]]],
    known: dict[str, list[str]],
) -> IndexDocument:
    names: dict[str, dict[str, None]] = {}  # kind -> names, in order, each once
    facets: dict[str, dict[str, None]] = {name: {} for name in FACET_OF_KIND.values()}
    for role, authority_id, kind in links.get(document["id"], []):
        facet = role if role not in (Role.AUTHOR, Role.RECIPIENT) else FACET_OF_KIND[kind]
        facets.setdefault(facet, {})[authority_id] = None
        names.setdefault(kind, {}).update(dict.fromkeys(known.get(authority_id, [])))
    extra = document["extra"]
    values = {facet: list(found) for facet, found in facets.items()}
    values["languages"] = list(document["languages"])
    values["type"] = [document["type"]] if document["type"] else []
    values["features"] = ["withheld"] if _positive(extra.get("withheld")) else []
    source = " ".join(
        part
        for part in (document["source_repository"], document["source_citation"], document["source_publication"])
        if part
    )
    return IndexDocument(
        id=document["id"],
        title=document["title"],
        date=document["date"],
        earliest=document["date_earliest"],
        latest=document["date_latest"],
        summary=document["summary"],
        text=document["text"],
        transcripts=transcripts.get(document["id"], []),
        type=document["type"],
        source=source,
        access=document["access"],
        sort_title=name_key(document["title"]),
        added=int(document["created"].timestamp()) if document["created"] else 0,
        pages=page_starts(extra),
        names={kind: list(found) for kind, found in names.items()},
        facets=values,
    )


def _positive(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
