"""Every form of the query language, end to end, against the sample collection."""

from typing import Any

import pytest

from readingroom.records.searching import SearchRequest, search_archive

pytestmark = pytest.mark.django_db
KHRUSHCHEV = "seed/1959-10-02-khrushchev-mao"
FILIPPOV = "seed/1952-09-17-filippov-mao"
RAILROAD = "seed/1952-08-20-stalin-zhou"


def ids(q: str) -> set[str]:
    return {hit.id for hit in search_archive(SearchRequest(q=q)).hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Khrushchev Mao", {KHRUSHCHEV}),
        ('"Sino-Mongolian railroad"', {RAILROAD}),
        ('"Stalin reaffirmed"', {RAILROAD}),
        ("railroad OR Tibet", {RAILROAD, KHRUSHCHEV}),
        ("Mao -Stalin", {KHRUSHCHEV}),
        ("Mao NOT Stalin", {KHRUSHCHEV}),
        ("(railroad OR Tibet) Khrushchev", {KHRUSHCHEV}),
        ("title:Filippov", {FILIPPOV}),
        ("summary:railroad", {RAILROAD}),
        ("person:Khrushchev", {KHRUSHCHEV}),
        ("place:Tibet", {KHRUSHCHEV}),
        ("type:Letter", {FILIPPOV}),
        ("id:seed/1952-09-17-filippov-mao", {FILIPPOV}),
        ("railro*", {RAILROAD}),
        ("Tibt~", {KHRUSHCHEV}),
        ('"Conversation Zhou"~3', {RAILROAD, "seed/1952-09-19-stalin-zhou"}),  # "Conversation between Stalin and Zhou"
        ('"Conversation Zhou"', set()),
    ],
)
def test_each_query_form(sample: Any, q: str, expected: set[str]) -> None:
    assert ids(q) == expected


@pytest.mark.parametrize(("q", "note"), [('"Tibet', "quotation"), ("(Tibet", "parenthes"), ("OR", "plain word")])
def test_malformed_queries_are_read_as_plain_words_with_a_note(sample: Any, q: str, note: str) -> None:
    page = search_archive(SearchRequest(q=q))
    assert any(note in text for text in page.notes), page.notes
