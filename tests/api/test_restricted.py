"""A restricted document is invisible through the API: not in results, totals, facet counts, dates, lists, authority
or collection counts; nor are the authorities only it names."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from readingroom.records.models import Authority
from tests.api.conftest import MARKER, RESTRICTED

pytestmark = pytest.mark.django_db

SEARCHES = [{}, {"q": "Stalin"}, {"q": "Korea"}, {"places": "Korea"}, {"people": "Stalin"}, {"from": "1970"}]


def answers(client: Client) -> Iterator[tuple[str, Any]]:
    """Every endpoint's answer over the archive, with the URL asked."""
    urls = ["/api/v1/documents?per_page=1000", "/api/v1/authorities?per_page=1000", "/api/v1/collections"]
    for kind in ("person", "place", "topic", "collection"):
        urls.append(f"/api/v1/authorities?kind={kind}")
    for search in SEARCHES:
        query = "&".join(f"{key}={value}" for key, value in search.items())
        urls += [f"/api/v1/search?{query}", f"/api/v1/dates?{query}", f"/api/search?{query}"]
        urls += [f"/api/v1/facets/{facet}?{query}" for facet in ("people", "places", "topics", "collections", "type")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response


def test_no_answer_mentions_it(client: Client, archive: None) -> None:
    for url, response in answers(client):
        assert MARKER not in response.content.decode().lower(), url
        assert "1970" not in response.content.decode(), url  # its decade, which no public document has


def test_counts_leave_it_out(client: Client, archive: None) -> None:
    assert client.get("/api/v1/search", {"q": "Stalin"}).json()["total"] == 6
    assert client.get("/api/v1/search", {"places": "Korea"}).json()["total"] == 6
    assert client.get("/api/v1/dates", {"q": "Korea"}).json()["decades"] == [{"decade": 1950, "count": 6}]
    places = client.get("/api/v1/facets/places", {"q": "Stalin"}).json()["values"]
    assert next(v["count"] for v in places if v["id"] == "place/korea") == 6
    stalin = client.get("/api/v1/authorities/person/stalin").json()
    assert stalin["document_count"] == 6
    collections = {c["name"]: c["document_count"] for c in client.get("/api/v1/collections").json()["collections"]}
    assert collections == {"Korean War Origins and Armistice": 6, "Sino-Soviet Relations": 7}
    assert len(client.get("/api/v1/documents", {"per_page": 1000}).json()["documents"]) == 7


def test_asking_for_it_finds_nothing(client: Client, archive: None) -> None:
    document = client.get(f"/api/v1/documents/{RESTRICTED['id']}")
    assert document.status_code == 404
    assert MARKER not in document.json()["error"].replace(RESTRICTED["id"], "")
    assert client.get(f"/api/documents/{RESTRICTED['id']}").status_code == 404
    for params in ({"q": "Nightjar"}, {"q": "channel"}, {"type": "Nightjar cable"}, {"from": "1971", "to": "1971"}):
        answer = client.get("/api/v1/search", params).json()
        assert (answer["total"], answer["hits"]) == (0, []), params
        assert all(values == [] for values in answer["facets"].values())
    for authority in ("person/nightjar-agent", "place/nightjar-island", "collection/nightjar-files"):
        assert Authority.objects.filter(pk=authority).exists()  # in the catalogue, for staff
        assert client.get(f"/api/v1/authorities/{authority}").status_code == 404
    assert client.get("/api/v1/authorities", {"prefix": "Nightjar"}).json()["authorities"] == []


@pytest.mark.parametrize(
    ("facet", "value"), [("type", "Nightjar cable"), ("people", "Nightjar Agent"), ("places", "place/nightjar-island")]
)
def test_what_only_it_names_is_unknown(client: Client, archive: None, facet: str, value: str) -> None:
    """Filtering by a value only the restricted document has reads as filtering by a name nothing has."""
    notes = client.get("/api/v1/search", {facet: value}).json()["notes"]
    unknown = client.get("/api/v1/search", {facet: value.replace("ightjar", "obody")}).json()["notes"]
    assert [note.replace("ightjar", "obody") for note in notes] == unknown != []
