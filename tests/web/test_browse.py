"""Browse lists and authority pages."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from readingroom.records.services import merge_authority

pytestmark = pytest.mark.django_db


def test_people_are_listed_a_to_z_with_public_counts(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": "secret/1", "title": "Secret", "access": "restricted", "people": ["Stalin", "Hidden Person"]}])
    html = client.get("/people").content.decode()
    names = ["Chiang Kai-shek", "Khrushchev, Nikita Sergeyevich", "Mao Zedong", "Stalin, Joseph", "Zhou Enlai"]
    positions = [html.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)
    assert '<a href="/people/stalin">Stalin, Joseph</a> <span class="count">6 documents</span>' in html
    assert "Hidden Person" not in html


def test_the_filter_box_finds_any_name(client: Client, sample: Any) -> None:
    html = client.get("/people", {"q": "Filippov"}).content.decode()
    assert "Stalin, Joseph" in html
    assert "Zhou Enlai" not in html
    assert "Beijing" in client.get("/places", {"q": "peking"}).content.decode()
    assert "No people match" in client.get("/people", {"q": "nobody"}).content.decode()


def test_an_authority_page(client: Client, sample: Any) -> None:
    html = client.get("/people/zhou-enlai").content.decode()
    assert "<h1>Zhou Enlai</h1>" in html
    assert "Chou En-lai" in html
    assert "周恩来" in html
    assert "1898–1976" in html
    assert "Premier and Foreign Minister" in html
    assert ">5 documents</a>" in html
    assert html.index("August 20, 1952") < html.index("September 22, 1952")
    assert 'href="/people/stalin">Stalin, Joseph</a> <span class="count">5</span>' in html
    assert 'name="people" value="person/zhou-enlai"' in html


def test_topics_show_broader_and_narrower(client: Client, sample: Any) -> None:
    assert 'href="/topics/korean-war">Korean War</a>' in client.get("/topics/pows").content.decode()
    assert 'href="/topics/pows">Prisoners of war</a>' in client.get("/topics/korean-war").content.decode()


def test_a_merged_authority_redirects(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load([{"kind": "person", "id": "person/jiang", "name": "Jiang Jieshi (duplicate)"}])
    merge_authority("person/jiang", "person/chiang-kai-shek")
    response = client.get("/people/jiang")
    assert response.status_code == 301
    assert response["Location"] == "/people/chiang-kai-shek"


def test_unknown_authorities_are_not_found(client: Client, sample: Any) -> None:
    assert client.get("/people/nobody").status_code == 404
    assert client.get("/people/korea").status_code == 404  # a place, not a person
    assert client.get("/places/korea").status_code == 200


def test_undated_documents_come_last(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": "t/undated", "title": "An undated note on Zhou", "people": ["Zhou Enlai"]}])
    html = client.get("/people/zhou-enlai").content.decode()
    assert html.index("September 22, 1952") < html.index("An undated note on Zhou")
