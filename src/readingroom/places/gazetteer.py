"""The gazetteer shipped with the archive: about 2,300 places (countries, capitals, cities of 300,000 people or
more, and islands, regions and states of the 20th century) with their coordinates and names, each name with its
source, and the historical ones with their periods. Built by scripts/build_gazetteer.py from GeoNames (CC BY 4.0)
and a curated table; read from the package, never fetched.

A name finds a place when it is one of the place's names, ignoring case, accents and punctuation. A name that
several places share (the build leaves out GeoNames' alternate names that two places share, but a city's own name
may be another's: Hyderabad in India and in Pakistan) finds the place that holds it among its curated names, else
the one whose first name it is, else the most populous.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from readingroom.names.normalize import name_key

__all__ = ["Place", "PlaceName", "find_place", "place_named", "places"]


@dataclass(frozen=True)
class PlaceName:
    name: str
    source: str  # "GeoNames", or the curated table's source ("postal; FRUS", "official")
    period: str = ""  # when the name was in use ("1924-1991", "-1979"); blank: still in use or not recorded


@dataclass(frozen=True)
class Place:
    id: str  # "geonames:1816670", or "readingroom:tachen" for a place of the curated table alone
    kind: str  # country, capital, city or historical
    country: str  # ISO 3166 code; blank for historical places
    latitude: float
    longitude: float
    population: int
    names: tuple[PlaceName, ...]  # the place's usual name first

    @property
    def name(self) -> str:
        return self.names[0].name


@cache
def places() -> tuple[Place, ...]:
    """Every place of the gazetteer, the most populous first."""
    data = json.loads(files("readingroom.places").joinpath("data/gazetteer.json").read_text(encoding="utf-8"))
    return tuple(
        Place(
            id=place["id"],
            kind=place["kind"],
            country=place["country"],
            latitude=place["coordinates"][0],
            longitude=place["coordinates"][1],
            population=place["population"],
            names=tuple(PlaceName(*name) for name in place["names"]),
        )
        for place in data["places"]
    )


def _rank(place: Place, key: str) -> tuple[int, int, int]:
    curated = any(name.source != "GeoNames" and name_key(name.name) == key for name in place.names)
    first = name_key(place.name) == key
    return (0 if curated else 1, 0 if first else 1, -place.population)


@cache
def _index() -> dict[str, Place]:
    candidates: dict[str, list[Place]] = {}
    for place in places():
        for key in dict.fromkeys(name_key(name.name) for name in place.names):
            if key:
                candidates.setdefault(key, []).append(place)
    return {key: min(found, key=lambda place: _rank(place, key)) for key, found in candidates.items()}


def find_place(name: str) -> Place | None:
    """The place this name names, if the gazetteer knows it (see the module's note on shared names)."""
    key = name_key(name)
    return _index().get(key) if key else None


def place_named(names: list[str]) -> Place | None:
    """The place of the first of these names (an authority's preferred name, then its variants) that finds one."""
    for name in names:
        if (place := find_place(name)) is not None:
            return place
    return None
