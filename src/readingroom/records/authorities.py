"""Reading authorities for the public: browse lists with document counts, and one authority with its documents.
Counts and lists only ever include public documents."""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from readingroom.names.normalize import name_key
from readingroom.records.models import (
    Access,
    Authority,
    AuthorityAlias,
    AuthorityKind,
    Document,
    DocumentAuthority,
    NameVariant,
)

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
    trail: list[Authority] = field(default_factory=list)  # a collection's ancestors, outermost first
    children: list[tuple[Authority, int]] = field(default_factory=list)  # collections within, with public counts


MAX_DEPTH = 30  # of a collection's ancestors shown: EAD nests twelve levels below the fonds at most
_DIGITS = re.compile(r"([0-9]+)")


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


def public_authorities() -> QuerySet[Authority]:
    """Authorities that exist for readers: those named by a public document, or by no document at all (a bare
    authority record). One that only restricted or unpublished documents name stays hidden: its name alone could
    tell of them."""
    links = DocumentAuthority.objects.filter(authority=OuterRef("pk"))
    return Authority.objects.filter(Exists(links.filter(document__access=Access.PUBLIC)) | ~Exists(links))


def known_to_readers(authority: Authority) -> bool:
    return public_authorities().filter(pk=authority.pk).exists()


def _known(authorities: QuerySet[Authority]) -> list[Authority]:
    return list(authorities.filter(pk__in=public_authorities().values("pk")))


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
        trail=collection_trail(authority) if authority.kind == AuthorityKind.COLLECTION else [],
        children=collection_children(authority) if authority.kind == AuthorityKind.COLLECTION else [],
    )


def collection_trail(collection: Authority) -> list[Authority]:
    """The collections above this one, outermost first, by each one's first parent the public may see."""
    trail: list[Authority] = []
    current = collection
    while len(trail) < MAX_DEPTH:
        parent = _known(current.broader.order_by("name", "id"))[:1]
        if not parent or parent[0] == collection or parent[0] in trail:
            break
        trail.insert(0, parent[0])
        current = parent[0]
    return trail


def collection_children(collection: Authority) -> list[tuple[Authority, int]]:
    """The collections within this one that the public may see, in the order of their archival references
    (series 2 before series 10), each with its count of public documents. A document imported from a finding aid
    names every collection above it, so the count is that of the child's whole branch."""
    children = (
        collection.narrower.filter(pk__in=public_authorities().values("pk"))
        .annotate(count=Count("documents", filter=PUBLIC, distinct=True))
        .order_by("name", "id")
    )
    return sorted(((child, child.count) for child in children), key=lambda pair: _reference_order(pair[0]))


def _reference_order(collection: Authority) -> list[str | int]:
    extra = collection.extra if isinstance(collection.extra, dict) else {}
    reference = str(extra.get("unitid") or collection.name)
    # Digits and other characters alternate in the split, so the parts compared are always of one type.
    return [int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(reference)]


@dataclass
class AuthorityEntry:
    """One authority as the API lists it: listed and generated names, other ids, related terms, public count."""

    authority: Authority
    variants: list[str]
    generated: list[str]
    aliases: list[str]
    broader: list[Authority]
    narrower: list[Authority]
    document_count: int


def authorities_after(
    after: tuple[str, str] | None, limit: int, kind: str = "", prefix: str = "", contains: str = ""
) -> list[AuthorityEntry]:
    """Up to `limit` public authorities in order of name then id, after the (name, id) `after`: a keyset page, as
    cheap at the end of the list as at its start. `prefix` and `contains` match any of an authority's names, case,
    accents and punctuation aside."""
    authorities = public_authorities()
    if kind:
        authorities = authorities.filter(kind=kind)
    for lookup, text in (("key__startswith", prefix), ("key__contains", contains)):
        if name_key(text):
            named = NameVariant.objects.filter(authority=OuterRef("pk"), **{lookup: name_key(text)})
            authorities = authorities.filter(Exists(named))
    if after:
        name, authority_id = after
        authorities = authorities.filter(Q(name__gt=name) | Q(name=name, id__gt=authority_id))
    return _entries(authorities.order_by("name", "id")[:limit])


def public_authority(authority_id: str) -> AuthorityEntry | None:
    """The public authority with this id, or the one an alias of it (a merged or per-volume id) now stands for."""
    alias = AuthorityAlias.objects.filter(alias=authority_id).values_list("authority_id", flat=True).first()
    found = _entries(public_authorities().filter(pk=alias or authority_id))
    return found[0] if found else None


def public_collections() -> list[AuthorityEntry]:
    """Every public collection, A-Z, with its count of public documents."""
    return _entries(public_authorities().filter(kind=AuthorityKind.COLLECTION).order_by("name", "id"))


def _entries(authorities: QuerySet[Authority]) -> list[AuthorityEntry]:
    """Entries for `authorities` in their order, in a fixed number of queries whatever their number."""
    visible = public_authorities()
    found = list(
        authorities.prefetch_related(
            Prefetch("names", queryset=NameVariant.objects.order_by("position")),
            "aliases",
            Prefetch("broader", queryset=visible.order_by("name", "id")),
            Prefetch("narrower", queryset=visible.order_by("name", "id")),
        )
    )
    counts = dict(
        DocumentAuthority.objects.filter(authority__in=[a.pk for a in found], document__access=Access.PUBLIC)
        .order_by()
        .values("authority_id")
        .annotate(count=Count("document", distinct=True))
        .values_list("authority_id", "count")
    )
    return [
        AuthorityEntry(
            authority=authority,
            variants=[n.name for n in authority.names.all() if not n.preferred and not n.generated],
            generated=[n.name for n in authority.names.all() if n.generated],
            aliases=sorted(alias.alias for alias in authority.aliases.all()),
            broader=list(authority.broader.all()),
            narrower=list(authority.narrower.all()),
            document_count=counts.get(authority.pk, 0),
        )
        for authority in found
    ]
