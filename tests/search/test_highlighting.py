"""What a search highlights in its results: the words the reader typed and the names that matched, nothing else.
A name in the query also searches its authority's other names ("President Sukarno", "Sukarno (also Soekarno), Dr.
Achmed"); their other words are not the reader's."""

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from readingroom.records.searching import SearchRequest, search_archive
from tests.conftest import PROJECT

pytestmark = pytest.mark.django_db
FRUS = PROJECT / "src" / "readingroom" / "samples" / "frus"


def marked(q: str) -> Counter[str]:
    """Every highlighted word of every result of the search, and how often it is highlighted."""
    page = search_archive(SearchRequest(q=q, per_page=100))
    return Counter(word for hit in page.hits for word in re.findall(r"<b>(.*?)</b>", hit.summary_html + hit.snippet))


def test_a_name_highlights_the_name_not_the_words_of_its_variants(load: Callable[..., Any]) -> None:
    load(FRUS / "frus1958-60v17.xml", FRUS / "people")
    sukarno = marked("Sukarno")
    assert sukarno["Sukarno"] > 100
    # Soekarno is his name in the older spelling (names/data/conventional_people.tsv); not "President", "Dr", "also"
    assert {word.casefold() for word in sukarno} == {"sukarno", "soekarno"}


def test_a_phrase_is_highlighted_only_where_it_stands(load: Callable[..., Any]) -> None:
    load(
        [
            {"id": "h/1", "title": "One", "text": "The Treaty of Peace was signed. Peace came later; a treaty too."},
            {"id": "h/2", "title": "Two", "text": "A treaty of peace, and no other treaty."},
        ]
    )
    assert marked('"treaty of peace"') == Counter({"Treaty": 1, "of": 2, "Peace": 1, "treaty": 1, "peace": 1})


def test_another_name_of_a_person_is_highlighted_without_its_title(load: Callable[..., Any]) -> None:
    load(
        [
            {"kind": "person", "id": "person/okoro", "name": "Okoro, Ada", "variants": ["Okoro", "Ambassador Nkem"]},
            {"id": "n/1", "title": "One", "people": ["Okoro, Ada"], "text": "Ambassador Nkem met the Ambassador."},
        ]
    )
    assert marked("Okoro") == Counter({"Nkem": 1})


def test_words_typed_apart_are_each_highlighted_wherever_they_stand(load: Callable[..., Any]) -> None:
    load([{"id": "w/1", "title": "One", "summary": "Peace, then a treaty; a treaty, then peace."}])
    assert marked("treaty peace") == Counter({"treaty": 2, "Peace": 1, "peace": 1})
