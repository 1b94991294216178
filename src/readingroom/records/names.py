"""Finding the authority a document names: by id, by preferred name or by any variant; creating it if unknown."""

import hashlib
from collections.abc import Iterable

from readingroom.ingest.records import AUTHORITY_KINDS
from readingroom.names.conventional import conventional_names
from readingroom.names.normalize import name_key, slug
from readingroom.names.variants import name_variants
from readingroom.records.history import record_revision
from readingroom.records.models import Authority, AuthorityAlias, AuthorityKind, Change, NameVariant

LOOKUPS_PER_QUERY = 5000  # well under the database's limit of parameters in one statement


class NameResolver:
    """Resolves names within one import (or edit), remembering what it found; writes go to the open transaction."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], str | None] = {}  # (kind, name key) -> id; None: known to be unknown
        self.created: list[str] = []
        self._loaded: set[str] = set()  # keys looked up for every kind by `load`

    def forget(self) -> None:
        """Drop what was remembered, after authorities changed or a transaction rolled back."""
        self._found.clear()
        self._loaded.clear()

    def resolve(self, reference: str, kinds: tuple[str, ...]) -> str | None:
        """The id of the authority of one of `kinds` named `reference`, created (as the first kind) if none is;
        None for a reference that is no name at all (no letter or digit, such as "[?]")."""
        for kind in kinds:
            found = self.find(reference, kind)
            if found:
                return found
        if not name_key(reference):
            return None
        return self._create(reference, kinds[0])

    def load(self, references: Iterable[str]) -> None:
        """Look up many references at once (three queries), so that resolving them afterwards needs none: an
        import resolves a batch's thousands of references this way. Same precedence as `find`."""
        wanted = {reference.strip(): name_key(reference) for reference in references}
        wanted = {reference: key for reference, key in wanted.items() if key not in self._loaded}
        items = list(wanted.items())
        for start in range(0, len(items), LOOKUPS_PER_QUERY):
            self._load(dict(items[start : start + LOOKUPS_PER_QUERY]))

    def _load(self, wanted: dict[str, str]) -> None:
        found: dict[tuple[str, str], str] = {}  # (kind, key) -> id, the first found kept
        for authority_id, kind in Authority.objects.filter(pk__in=wanted).values_list("id", "kind"):
            found.setdefault((kind, wanted[authority_id]), authority_id)
        aliases = AuthorityAlias.objects.filter(alias__in=wanted)
        for alias, authority_id, kind in aliases.values_list("alias", "authority_id", "authority__kind"):
            found.setdefault((kind, wanted[alias]), authority_id)
        variants = (
            NameVariant.objects.filter(key__in=set(wanted.values()))
            .order_by("-preferred", "authority_id")
            .values_list("key", "authority_id", "authority__kind")
        )
        for key, authority_id, kind in variants:
            found.setdefault((kind, key), authority_id)
        for key in wanted.values():
            for kind in AUTHORITY_KINDS:
                self._found[(kind, key)] = found.get((kind, key))
            self._loaded.add(key)

    def find(self, reference: str, kind: str | None) -> str | None:
        key = name_key(reference)
        cache_key = (kind or "", key)
        if cache_key in self._found:
            return self._found[cache_key]
        by_id = Authority.objects.filter(pk=reference.strip())
        if kind:
            by_id = by_id.filter(kind=kind)
        found = by_id.values_list("id", flat=True).first()
        if found is None:
            aliases = AuthorityAlias.objects.filter(alias=reference.strip())
            if kind:
                aliases = aliases.filter(authority__kind=kind)
            found = aliases.values_list("authority_id", flat=True).first()
        if found is None and key:
            variants = NameVariant.objects.filter(key=key)
            if kind:
                variants = variants.filter(authority__kind=kind)
            found = variants.order_by("-preferred", "authority_id").values_list("authority_id", flat=True).first()
        if found is not None:
            self._found[cache_key] = found
        return found

    def _create(self, name: str, kind: str) -> str:
        authority_id = self._new_id(name, kind)
        authority = Authority.objects.create(id=authority_id, kind=kind, name=name.strip())
        store_names(authority, name.strip(), [])
        Change.objects.create(
            subject=Change.Subject.AUTHORITY, subject_id=authority_id, action=Change.Action.SAVED, public=True
        )
        record = {"kind": kind, "id": authority_id, "name": authority.name}
        record_revision(Change.Subject.AUTHORITY, authority_id, record)
        self._found[(kind, name_key(name))] = authority_id
        self.created.append(authority_id)
        return authority_id

    def _new_id(self, name: str, kind: str) -> str:
        base = f"{kind}/{slug(name)[:150]}" if slug(name) else f"{kind}/{hashlib.sha1(name.encode()).hexdigest()[:12]}"
        candidate, number = base, 1
        while Authority.objects.filter(pk=candidate).exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate


def store_names(authority: Authority, name: str, variants: list[str]) -> None:
    """Replace the authority's names (see `names_of`)."""
    authority.names.all().delete()
    NameVariant.objects.bulk_create(names_of(authority.id, name, variants, authority.kind))


def names_of(authority_id: str, name: str, variants: list[str], kind: str = "") -> list[NameVariant]:
    """An authority's names: the preferred one first, the listed variants in their order, then the spellings
    generated from them (other romanisations and scripts) that no listed name already has;
    for a person in the table of conventional names (names/conventional.py), the table's names of them, and the
    spellings generated from those (Jiang Jieshi, 蔣介石 and Chiang Chieh-shih for Chiang Kai-shek)."""
    listed = list(dict.fromkeys([name, *variants]))
    keys = {name_key(value) for value in listed}
    conventional = _conventional(listed) if kind == AuthorityKind.PERSON else []
    generated = []
    for value in conventional:
        if (key := name_key(value)) and key not in keys:
            keys.add(key)
            generated.append(value)
    for value in [*listed, *conventional]:
        for variant in name_variants(value):
            if (key := name_key(variant)) and key not in keys:
                keys.add(key)
                generated.append(variant)
    return [
        NameVariant(
            authority_id=authority_id,
            name=value,
            key=name_key(value),
            preferred=position == 0,
            generated=position >= len(listed),
            position=position,
        )
        for position, value in enumerate([*listed, *generated])
    ]


def _conventional(listed: list[str]) -> list[str]:
    """The table's names of the one person the listed names are in; none when they point at two rows."""
    found = [tuple(conventional_names(value)) for value in listed]
    rows = {frozenset(map(name_key, [value, *names])) for value, names in zip(listed, found, strict=True) if names}
    return list(dict.fromkeys(name for names in found for name in names)) if len(rows) == 1 else []
