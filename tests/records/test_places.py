"""Place authorities that the gazetteer knows gain its names and coordinates on import, so a modern name finds
the documents of a historical one and back."""

import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from readingroom.records.models import Authority, Document
from readingroom.records.searching import SearchRequest, search_archive
from readingroom.records.services import export_archive
from tests.conftest import PROJECT

pytestmark = pytest.mark.django_db
FRUS = PROJECT / "src" / "readingroom" / "samples" / "frus"
CHINA = FRUS / "frus1955-57v02.xml"
INDONESIA = FRUS / "frus1958-60v17.xml"


def found(query: str) -> set[str]:
    """Every document the query finds, page after page."""
    ids: set[str] = set()
    number = 1
    while True:
        page = search_archive(SearchRequest(q=query, per_page=100, page=number))
        ids |= {hit.id for hit in page.hits}
        if len(ids) >= page.total or not page.hits:
            return ids
        number += 1


def linked_to(place: str) -> set[str]:
    return set(Document.objects.filter(links__authority__name=place, links__role="places").values_list("id", flat=True))


def test_a_place_gains_the_gazetteers_names_and_coordinates(load: Callable[..., Any]) -> None:
    load([{"kind": "place", "id": "place/stalingrad", "name": "Stalingrad"}])
    place = Authority.objects.get(pk="place/stalingrad")
    assert (round(place.latitude or 0, 1), round(place.longitude or 0, 1)) == (48.7, 44.5)
    names = list(place.names.values_list("name", "generated"))
    assert names[0] == ("Stalingrad", False)
    assert {("Volgograd", True), ("Tsaritsyn", True), ("Сталинград", True)} <= set(names)


def test_coordinates_of_the_record_are_kept(load: Callable[..., Any]) -> None:
    load([{"kind": "place", "id": "place/canton", "name": "Canton", "coordinates": [23.1, 113.3]}])
    place = Authority.objects.get(pk="place/canton")
    assert (place.latitude, place.longitude) == (23.1, 113.3)
    assert "Guangzhou" in place.names.values_list("name", flat=True)


def test_other_kinds_and_unknown_places_are_left_as_they_are(load: Callable[..., Any]) -> None:
    load(
        [
            {"kind": "person", "id": "person/paris", "name": "Paris"},
            {"kind": "place", "id": "place/nowhere", "name": "Camp Nowhere Seven"},
        ]
    )
    for authority in Authority.objects.filter(pk__in=["person/paris", "place/nowhere"]):
        assert (authority.latitude, authority.longitude) == (None, None)
        assert "Lutetia" not in authority.names.values_list("name", flat=True)


def test_the_gazetteers_coordinates_survive_export_and_a_second_import(load: Callable[..., Any]) -> None:
    records = [{"kind": "place", "id": "place/leningrad", "name": "Leningrad"}]
    load(records)
    stream = io.StringIO()
    export_archive(stream)
    exported = [json.loads(line) for line in stream.getvalue().splitlines()]
    leningrad = next(record for record in exported if record["id"] == "place/leningrad")
    assert leningrad["name"] == "Leningrad"
    assert "variants" not in leningrad  # the gazetteer's names are generated ones, not the record's
    assert [round(value) for value in leningrad["coordinates"]] == [60, 30]
    assert load(records).count("authorities", "unchanged") == 1
    assert load([leningrad]).count("authorities", "unchanged") == 1


def test_a_documents_place_created_on_import_gains_them_too(load: Callable[..., Any]) -> None:
    load([{"id": "d1", "title": "Report from the Gold Coast", "places": ["Rangoon"]}])
    place = Authority.objects.get(kind="place", name="Rangoon")
    assert place.latitude is not None
    assert "Yangon" in place.names.values_list("name", flat=True)
    assert found("Yangon") == {"d1"}


def test_the_modern_name_finds_the_frus_documents_of_the_historical_one(load: Callable[..., Any]) -> None:
    """The 1958-60 Indonesia volume writes Djakarta; a reader today types Jakarta, or Batavia."""
    load(INDONESIA)
    djakarta = linked_to("Djakarta")
    assert len(djakarta) > 50
    assert djakarta <= found("Jakarta")
    assert djakarta <= found("Batavia")
    assert Authority.objects.get(kind="place", name="Djakarta").latitude is not None


def test_the_historical_name_finds_the_documents_of_the_modern_one(load: Callable[..., Any]) -> None:
    """The 1955-57 China volume writes Jakarta; a reader of older papers types Batavia (Djakarta, one letter
    away, finds them already as a misspelling)."""
    load(CHINA)
    jakarta = linked_to("Jakarta")
    assert jakarta
    assert jakarta <= found("Batavia")
    assert jakarta <= found("Джакарта")


def test_beijing_finds_the_documents_that_say_peking(load: Callable[..., Any]) -> None:
    """The China volume marks up no Peking: the gazetteer's names reach the documents' own words (their titles,
    summaries and texts; not a source note's)."""
    load(CHINA)
    peking = found("title:Peking") | found("text:Peking")
    assert len(peking) >= 10
    assert peking <= found("Beijing")
    assert found("text:Tachen") <= found("Dachen Islands")
    assert found("text:Quemoy") <= found("Kinmen")
    assert found("text:Formosa") <= found("台湾")
