"""Finding the authority a document names: by id, by preferred name or by any variant; creating it if unknown."""

import hashlib

from readingroom.names.normalize import name_key, slug
from readingroom.names.variants import name_variants
from readingroom.records.history import record_revision
from readingroom.records.models import Authority, AuthorityAlias, Change, NameVariant


class NameResolver:
    """Resolves names within one import (or edit), remembering what it found; writes go to the open transaction."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], str] = {}
        self.created: list[str] = []

    def forget(self) -> None:
        """Drop what was remembered, after authorities changed or a transaction rolled back."""
        self._found.clear()

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
    """Replace the authority's names: the preferred one first, the listed variants in their order, then the
    spellings generated from them (other romanisations and scripts) that no listed name already has."""
    authority.names.all().delete()
    listed = list(dict.fromkeys([name, *variants]))
    keys = {name_key(value) for value in listed}
    generated = []
    for value in listed:
        for variant in name_variants(value):
            if (key := name_key(variant)) and key not in keys:
                keys.add(key)
                generated.append(variant)
    NameVariant.objects.bulk_create(
        NameVariant(
            authority=authority,
            name=value,
            key=name_key(value),
            preferred=position == 0,
            generated=position >= len(listed),
            position=position,
        )
        for position, value in enumerate([*listed, *generated])
    )
