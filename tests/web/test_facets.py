"""Facets: "all of" and "any of", and the full list of a facet's values with a filter box."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from readingroom.records.models import DocumentAuthority
from readingroom.records.searching import SearchRequest, search_archive

pytestmark = pytest.mark.django_db


def documents_with(place: str) -> set[str]:
    return set(
        DocumentAuthority.objects.filter(authority_id=place, role="places").values_list("document_id", flat=True)
    )


def test_any_of_keeps_documents_with_either_value(sample: Any) -> None:
    burma, mexico = documents_with("place/burma"), documents_with("place/mexico")
    any_of = search_archive(SearchRequest(filters={"places": ["Burma", "Mexico"]}, any_of=frozenset({"places"})))
    all_of = search_archive(SearchRequest(filters={"places": ["Burma", "Mexico"]}))
    assert any_of.total == len(burma | mexico)
    assert all_of.total == len(burma & mexico)


def test_any_of_counts_each_value_over_the_results_without_that_choice(sample: Any) -> None:
    page = search_archive(SearchRequest(filters={"places": ["Burma"]}, any_of=frozenset({"places"})))
    counts = {value.id: value.count for value in page.facets["places"]}
    assert counts["place/burma"] == len(documents_with("place/burma"))
    assert counts["place/korea"] == len(documents_with("place/korea"))  # what choosing Korea too would add
    people = {value.id: value.count for value in page.facets["people"]}
    assert people["person/stalin"] == 3  # other facets count the current results


def test_an_unknown_alternative_does_not_empty_the_results(sample: Any) -> None:
    page = search_archive(SearchRequest(filters={"places": ["Burma", "Atlantis"]}, any_of=frozenset({"places"})))
    assert page.total == 3
    assert "Atlantis" in page.notes[0]


def test_the_page_switches_between_all_and_any(client: Client, sample: Any) -> None:
    html = client.get("/search", {"places": ["place/burma", "place/mexico"]}).content.decode()
    assert "Results: 1 - 2 of 2" in html
    assert "places_mode=any" in html
    html = client.get("/search", {"places": ["place/burma", "place/mexico"], "places_mode": "any"}).content.decode()
    assert "Results: 1 - 3 of 3" in html  # Burma: 3 documents, Mexico: 2 of them


def test_the_full_list_of_a_facet_with_a_filter_box(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": f"t/{n}", "title": "Dispatch", "places": [f"Town {n:02d}"]} for n in range(30)])
    html = client.get("/search").content.decode()
    assert 'href="/search/facets/places?"' in html
    full = client.get("/search/facets/places").content.decode()
    assert "Town 29" in full
    assert "Korea" in full
    filtered = client.get("/search/facets/places", {"contains": "town 2"}).content.decode()
    assert "Town 21" in filtered
    assert "Town 13" not in filtered
    assert "Korea" not in filtered
    assert 'href="/search?places=place%2Ftown-21"' in filtered
    narrowed = client.get("/search/facets/places", {"q": "Dispatch", "contains": "korea"}).content.decode()
    assert "No places match" in narrowed
    assert client.get("/search/facets/colours").status_code == 404
