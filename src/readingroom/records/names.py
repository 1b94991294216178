"""Finding the authority a document names: by id, by preferred name or by any variant; creating it if unknown."""

import dataclasses
import hashlib
import re
from collections.abc import Iterable

from readingroom.ingest.records import AUTHORITY_KINDS, AuthorityRecord
from readingroom.names.conventional import conventional_person
from readingroom.names.normalize import name_key, slug
from readingroom.names.variants import name_variants
from readingroom.places.gazetteer import place_named
from readingroom.records.history import record_revision
from readingroom.records.models import Authority, AuthorityAlias, AuthorityKind, Change, NameVariant

_ONE_WORD = re.compile("[A-Za-z\u00c0-\u024f\u0400-\u04ff'-]+")  # one Latin or Cyrillic word
LOOKUPS_PER_QUERY = 5000  # well under the database's limit of parameters in one statement


class NameResolver:
    """Resolves names within one import (or edit), remembering what it found; writes go to the open transaction."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], str | None] = {}  # (kind, name key) -> id; None: known to be unknown
        self.created: list[str] = []
        self._loaded: set[str] = set()  # keys looked up for every kind by `load`
        self._choices: dict[tuple[str, str], str] = {}  # (kind, name key) -> how one of several was chosen
        self.ambiguities: dict[tuple[str, str], str] = {}  # the choices resolutions used, for the import report

    def forget(self) -> None:
        """Drop what was remembered, after authorities changed or a transaction rolled back."""
        self._found.clear()
        self._loaded.clear()
        self._choices.clear()

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
        candidates: dict[tuple[str, str], list[tuple[str, bool, str]]] = {}
        variants = NameVariant.objects.filter(key__in=set(wanted.values())).values_list(
            "key", "authority_id", "authority__kind", "preferred", "authority__dates"
        )
        for key, authority_id, kind, preferred, dates in variants:
            candidates.setdefault((kind, key), []).append((authority_id, preferred, dates))
        references = {key: reference for reference, key in wanted.items()}
        for (kind, key), found_here in candidates.items():
            if (kind, key) not in found:
                found[(kind, key)] = self._choose(kind, key, references[key], found_here)
        for key in wanted.values():
            for kind in AUTHORITY_KINDS:
                self._found[(kind, key)] = found.get((kind, key))
            self._loaded.add(key)

    def find(self, reference: str, kind: str | None) -> str | None:
        key = name_key(reference)
        cache_key = (kind or "", key)
        if cache_key in self._found:
            if cache_key in self._choices and self._found[cache_key]:
                self.ambiguities.setdefault(cache_key, self._choices[cache_key])
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
            rows = variants.values_list("authority_id", "preferred", "authority__dates")
            found = self._choose(kind or "", key, reference.strip(), list(rows)) if rows else None
            if cache_key in self._choices:
                self.ambiguities.setdefault(cache_key, self._choices[cache_key])
        if found is not None:
            self._found[cache_key] = found
        return found

    def _choose(self, kind: str, key: str, reference: str, candidates: list[tuple[str, bool, str]]) -> str:
        """The authority a name means when no id or alias says (see docs/names.md, "One person, one record"):
        the one whose preferred name it is; else the one that has it among its names. Where several do, the
        only one with dates (the curated record), else the first by id; the choice is kept for the report."""
        holders = sorted({authority_id for authority_id, preferred, _ in candidates if preferred}) or sorted(
            {authority_id for authority_id, _, _ in candidates}
        )
        if len(holders) == 1:
            return holders[0]
        dated = sorted({authority_id for authority_id, _, dates in candidates if dates and authority_id in holders})
        chosen, reason = (dated[0], "the only one with dates") if len(dated) == 1 else (holders[0], "the first by id")
        kind_of = "the preferred name" if any(p for a, p, _ in candidates if a in holders) else "a name"
        self._choices[(kind, key)] = (
            f'"{reference}" is {kind_of} of {", ".join(holders)}: linked to {chosen} ({reason}); '
            "name the authority by its id to decide, or merge them"
        )
        return chosen

    def _create(self, name: str, kind: str) -> str:
        authority_id = self._new_id(name, kind)
        coordinates = gazetteer_coordinates(kind, [name.strip()])
        latitude, longitude = coordinates or (None, None)
        authority = Authority.objects.create(
            id=authority_id, kind=kind, name=name.strip(), latitude=latitude, longitude=longitude
        )
        store_names(authority, name.strip(), [])
        Change.objects.create(
            subject=Change.Subject.AUTHORITY, subject_id=authority_id, action=Change.Action.SAVED, public=True
        )
        record: dict[str, object] = {"kind": kind, "id": authority_id, "name": authority.name}
        if coordinates:
            record["coordinates"] = list(coordinates)
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


def gazetteer_coordinates(kind: str, names: list[str]) -> tuple[float, float] | None:
    """The coordinates the gazetteer gives a place authority of these names (None for other kinds)."""
    place = place_named(names) if kind == AuthorityKind.PLACE else None
    return (place.latitude, place.longitude) if place else None


def with_gazetteer_coordinates(record: AuthorityRecord) -> AuthorityRecord:
    """The record, given the gazetteer's coordinates when it is a place that has none of its own. The record itself
    carries them, so that they are exported and a second import of the same file finds nothing changed."""
    if record.coordinates is not None:
        return record
    coordinates = gazetteer_coordinates(record.kind, [record.name, *record.variants])
    return dataclasses.replace(record, coordinates=coordinates) if coordinates else record


def names_of(authority_id: str, name: str, variants: list[str], kind: str = "") -> list[NameVariant]:
    """An authority's names: the preferred one first, the listed variants in their order, then the spellings
    generated from them (other romanisations and scripts) that no listed name already has, and for a place the
    gazetteer knows, the gazetteer's names of it (Peking and 北京 for Beijing, Djakarta and Batavia for Jakarta);
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
    # A one-word name of the table (Кеннеди, Ачесон) would give a bare surname (Kennedy) that every namesake shares.
    for value in [*listed, *(value for value in conventional if not _ONE_WORD.fullmatch(value))]:
        for variant in name_variants(value):
            if (key := name_key(variant)) and key not in keys:
                keys.add(key)
                generated.append(variant)
    place = place_named(listed) if kind == AuthorityKind.PLACE else None
    for place_name in place.names if place else ():
        if (key := name_key(place_name.name)) and key not in keys:
            keys.add(key)
            generated.append(place_name.name)
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
    people = {person for value in listed if (person := conventional_person(value))}
    return [name for person in people for name, _ in person.names] if len(people) == 1 else []
