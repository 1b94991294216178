"""Reading authorities for the public: browse lists with document counts, and one authority with its documents.
Counts and lists only ever include public documents."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from readingroom.names.normalize import name_key
from readingroom.records.models import Access, Authority, AuthorityAlias, Document, DocumentAuthority

PUBLIC = Q(documents__access=Access.PUBLIC)


@dataclass
class AuthorityPage:
    authority: Authority
    names: list[str]  # listed variants
    generated: list[str]  # spellings derived from them, also searched
    document_count: int
    documents: list[Document]
    companions: list[tuple[Authority, int]]  # people most often named in the same documents
    broader: list[Authority]
    narrower: list[Authority]


def browse(kind: str, contains: str = "", letter: str = "") -> QuerySet[Authority]:
    """Authorities of one kind that name at least one public document, A-Z, each with `count`."""
    authorities = Authority.objects.filter(kind=kind)
    if contains.strip():
        authorities = authorities.filter(names__key__contains=name_key(contains)).distinct()
    if letter:
        authorities = authorities.filter(name__istartswith=letter)
    return (
        authorities.annotate(count=Count("documents", filter=PUBLIC, distinct=True))
        .filter(count__gt=0)
        .order_by("name", "id")
    )


def known_to_readers(authority: Authority) -> bool:
    """An authority only restricted or unpublished documents name does not exist for readers (its name alone could
    tell of them); one that names public documents, or none at all (a bare authority record), does."""
    links = DocumentAuthority.objects.filter(authority=authority)
    return not links.exists() or links.filter(document__access=Access.PUBLIC).exists()


def _known(authorities: QuerySet[Authority]) -> list[Authority]:
    return [authority for authority in authorities if known_to_readers(authority)]


def find_authority(kind: str, key: str) -> tuple[Authority | None, str | None]:
    """The authority of `kind` whose id is `key` (with or without its kind's prefix), or, when the id is an alias
    (a merged or per-volume id), the authority it now stands for, as (None, canonical id)."""
    candidates = [key, f"{kind}/{key}"]
    authority = Authority.objects.filter(kind=kind, pk__in=candidates).first()
    if authority:
        return authority, None
    alias = AuthorityAlias.objects.filter(alias__in=candidates, authority__kind=kind).first()
    return None, alias.authority_id if alias else None


def authority_page(authority: Authority, documents_shown: int = 50) -> AuthorityPage:
    public = Document.objects.filter(access=Access.PUBLIC, links__authority=authority).distinct()
    companions = (
        DocumentAuthority.objects.filter(
            document__in=public.values("pk"), authority__kind="person", document__access=Access.PUBLIC
        )
        .exclude(authority=authority)
        .values("authority_id")
        .annotate(count=Count("document", distinct=True))
        .order_by("-count", "authority_id")[:10]
    )
    by_id = Authority.objects.in_bulk([row["authority_id"] for row in companions])
    return AuthorityPage(
        authority=authority,
        names=[variant.name for variant in authority.names.all() if not variant.preferred and not variant.generated],
        generated=[variant.name for variant in authority.names.all() if variant.generated],
        document_count=public.count(),
        documents=list(public.order_by(F("date_earliest").asc(nulls_last=True), "id")[:documents_shown]),
        companions=[(by_id[row["authority_id"]], row["count"]) for row in companions],
        broader=_known(authority.broader.all()),
        narrower=_known(authority.narrower.all()),
    )
