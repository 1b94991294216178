"""The search use case: filters name authorities only through what the reader may see."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from readingroom.records.searching import SearchRequest, search_archive

pytestmark = pytest.mark.django_db

HIDDEN_AUTHORITIES = [
    ("people", {"kind": "person", "id": "person/ivanov", "name": "Ivanov, Pyotr"}),
    ("organizations", {"kind": "organization", "id": "org/bureau", "name": "Special Bureau"}),
    ("places", {"kind": "place", "id": "place/island", "name": "Wrangel Island"}),
    ("topics", {"kind": "topic", "id": "topic/affair", "name": "Wrangel affair"}),
    ("collections", {"kind": "collection", "id": "collection/vault", "name": "Vault papers"}),
]


def naming_all(document_id: str, access: str) -> dict[str, Any]:
    """A document naming every one of HIDDEN_AUTHORITIES."""
    record: dict[str, Any] = {"id": document_id, "title": "A memorandum", "date": "1953", "access": access}
    for facet, authority in HIDDEN_AUTHORITIES:
        record[facet] = [authority["id"]]
    return record


def chips(request: SearchRequest) -> list[str]:
    page = search_archive(request)
    return [chosen.name for group in page.selected.values() for chosen in group]


@pytest.mark.parametrize("access", ["restricted", "unpublished"])
def test_a_filter_on_a_hidden_authority_shows_only_what_was_typed(
    client: Client, sample: Any, load: Callable[..., Any], access: str
) -> None:
    load([authority for _, authority in HIDDEN_AUTHORITIES], [naming_all("vault/1", access)])
    for facet, authority in HIDDEN_AUTHORITIES:
        request = SearchRequest(filters={facet: [authority["id"]]})
        assert chips(request) == [authority["id"]], facet
        page = client.get("/search", {facet: authority["id"]}).content.decode()
        assert "Nothing in the archive is called" in page
        assert authority["name"] not in page, facet
        staff = SearchRequest(filters={facet: [authority["id"]]}, include_restricted=True)
        assert chips(staff) == [authority["name"]]


def test_an_authority_hidden_later_loses_its_chip_name(sample: Any, load: Callable[..., Any]) -> None:
    load([authority for _, authority in HIDDEN_AUTHORITIES], [naming_all("vault/1", "public")])
    for facet, authority in HIDDEN_AUTHORITIES:
        assert chips(SearchRequest(filters={facet: [authority["id"]]})) == [authority["name"]]
    load([naming_all("vault/1", "restricted")])  # the document is restricted after its publication
    for facet, authority in HIDDEN_AUTHORITIES:
        assert chips(SearchRequest(filters={facet: [authority["id"]]})) == [authority["id"]], facet


def test_a_public_authority_among_alternatives_keeps_its_name(sample: Any, load: Callable[..., Any]) -> None:
    load([authority for _, authority in HIDDEN_AUTHORITIES], [naming_all("vault/1", "restricted")])
    request = SearchRequest(filters={"people": ["person/ivanov", "person/stalin"]}, any_of=frozenset({"people"}))
    assert chips(request) == ["person/ivanov", "Stalin, Joseph"]
    assert search_archive(request).total == 6  # Stalin's public documents
