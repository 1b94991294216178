"""The API's dates: `from` and `to` as people write them, and a year typed among the words of `q`."""

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def found(client: Client, params: dict[str, str]) -> list[str]:
    answer = client.get("/api/v1/search", params)
    assert answer.status_code == 200, answer.content
    return sorted(hit["id"] for hit in answer.json()["hits"])


@pytest.mark.parametrize(
    ("date_from", "date_to"), [("17 Sept. 1952", "September 19, 1952"), ("17.9.1952", "1952-09-19")]
)
def test_from_and_to_as_people_write_them(client: Client, archive: None, date_from: str, date_to: str) -> None:
    expected = ["seed/1952-09-17-filippov-mao", "seed/1952-09-19-stalin-zhou"]
    assert found(client, {"from": date_from, "to": date_to}) == expected


def test_a_year_among_the_words_narrows_the_dates_and_says_so(client: Client, archive: None) -> None:
    answer: dict[str, Any] = client.get("/api/v1/search", {"q": "Mao 1959"}).json()
    assert [hit["id"] for hit in answer["hits"]] == ["seed/1959-10-02-khrushchev-mao"]
    assert "“1959” read as a date: documents of 1959. Quote it to search for it as a word." in answer["notes"]
    assert len(found(client, {"q": "Mao"})) > 1
    assert found(client, {"q": 'Mao "1959"'}) == []  # as a word: in no document's words
