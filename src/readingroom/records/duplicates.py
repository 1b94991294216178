"""Probable duplicates: two authorities of one kind that share a name and whose dates do not tell them apart.

An archive fed from several sources (a seed file, the FRUS people database, each FRUS volume's list of persons)
can hold one person twice. Two authorities are listed when they share a name key (listed or generated) and their
dates agree where both give them: the years of birth and of death each within a year, or no dates on one side.
Two people of one name and different dates (father and son) are not listed.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Count

from readingroom.records.models import Authority, NameVariant

__all__ = ["Duplicate", "dates_compatible", "probable_duplicates"]

_YEAR = re.compile(r"-?[0-9]{4}")
MOST_SHARING = 6  # a name key shared by more authorities than this is a common name (Kim, Li), not a duplicate


@dataclass(frozen=True)
class Duplicate:
    """Two authorities that seem to be one; `source` is the one to fold into `target` (the fuller record)."""

    source: str
    target: str
    name: str

    @property
    def merge_command(self) -> str:
        return f"readingroom authorities merge {self.source} {self.target}"


def _years(dates: str) -> tuple[int | None, int | None]:
    """Birth and death years of an EDTF interval ("1898/1976", "../1976", "1898"); None where unknown."""
    ends = (dates or "").split("/", 1)
    found = [_YEAR.match(end.strip()) for end in ends]
    years = [int(match.group()) if match else None for match in found]
    return years[0], years[-1] if len(years) > 1 else None


def dates_compatible(first: str, second: str) -> bool:
    """True when no year that both give differs by more than one (uncertain or rounded years)."""
    return all(a is None or b is None or abs(a - b) <= 1 for a, b in zip(_years(first), _years(second), strict=True))


def probable_duplicates(kind: str = "person") -> list[Duplicate]:
    """Pairs of authorities of `kind` sharing a name with compatible dates, each pair once, in order of name."""
    rows = NameVariant.objects.filter(authority__kind=kind).values_list("key", "authority_id", "name")
    by_key: dict[str, dict[str, str]] = defaultdict(dict)
    for key, authority_id, name in rows.iterator():
        if key:
            by_key[key].setdefault(authority_id, name)
    shared = {key: ids for key, ids in by_key.items() if 1 < len(ids) <= MOST_SHARING}
    involved = {authority_id for ids in shared.values() for authority_id in ids}
    authorities = {
        authority.id: authority
        for authority in Authority.objects.filter(pk__in=involved).annotate(
            document_count=Count("links__document", distinct=True)
        )
    }
    found: dict[tuple[str, str], Duplicate] = {}
    for ids in shared.values():
        for first, second in combinations(sorted(ids), 2):
            one, other = authorities[first], authorities[second]
            if (first, second) in found or not dates_compatible(one.dates, other.dates):
                continue
            source, target = sorted((one, other), key=_fullness)
            found[(first, second)] = Duplicate(source.id, target.id, ids[first])
    return sorted(found.values(), key=lambda duplicate: (duplicate.name.casefold(), duplicate.source))


def _fullness(authority: Authority) -> tuple[bool, int, int, str]:
    """What makes a record the one to keep: dates, then more listed names, then more documents."""
    listed = authority.names.filter(generated=False).count()
    documents: int = getattr(authority, "document_count", 0)
    return (bool(authority.dates), listed, documents, authority.id)
