"""A name typed in the query also searches the text for the authority's other names."""

from collections.abc import Callable
from typing import Any

import pytest

from readingroom.records.expansion import expand_names
from readingroom.records.searching import SearchRequest, search_archive
from readingroom.search.query import And, Or, Phrase, Term, parse_query

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlinked(sample: Any, load: Callable[..., Any]) -> None:
    """Documents that mention people in their text only, linked to no authority."""
    load(
        [
            {"id": "t/chou", "title": "Telegram", "text": "Chou En-lai spoke at length about the Bandung conference."},
            {"id": "t/filippov", "title": "Cable", "text": "The reply was signed Filippov."},
            {"id": "t/peking", "title": "Despatch", "text": "Talks in Peking resumed."},
        ]
    )


def ids(q: str) -> set[str]:
    return {hit.id for hit in search_archive(SearchRequest(q=q)).hits}


@pytest.mark.parametrize(
    ("typed", "document"),
    [
        ("Zhou Enlai", "t/chou"),
        ("周恩来", "t/chou"),
        ("Zhou Enlai Bandung", "t/chou"),
        ('"Zhou Enlai"', "t/chou"),
        ("Stalin", "t/filippov"),
        ("Сталин", "t/filippov"),
        ("Beijing", "t/peking"),
        ("北京 resumed", "t/peking"),
    ],
)
def test_another_name_of_the_authority_in_the_text_is_found(unlinked: None, typed: str, document: str) -> None:
    assert document in ids(typed)


def test_words_that_are_no_name_are_left_alone(unlinked: None) -> None:
    assert ids("Bandung conference") == {"t/chou"}
    assert "t/chou" not in ids("Zhou Enlai -Bandung")


def test_the_longest_name_wins(sample: Any) -> None:
    node = expand_names(parse_query("Mao Zedong Korea").node)
    assert isinstance(node, And)
    first, second = node.children
    assert isinstance(first, Or)
    assert first.children[0] == Phrase(("Mao", "Zedong"))
    assert Phrase(("Mao", "Tse-tung"), field="written") in first.children
    assert isinstance(second, Or)
    assert second.children[0] == Term("Korea")


def test_fields_prefixes_and_exclusions_are_not_expanded(sample: Any) -> None:
    for q in ("title:Stalin", "Stalin*", "-Stalin"):
        assert expand_names(parse_query(q).node) == parse_query(q).node
