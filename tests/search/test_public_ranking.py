"""Readers' ranking owes nothing to documents they may not see: an archive with restricted and unpublished
documents answers every public search, page by page, exactly as the same archive without them, scores included.
(BM25 weighs a word by how many documents hold it and how long fields are on average; counted over every
document, the hidden ones moved public hits about.) Staff still find the hidden documents."""

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from readingroom.home import index_path
from readingroom.records.indexer import Indexer
from readingroom.records.models import Access, Document
from readingroom.records.searching import SearchRequest, index_query, search_archive
from readingroom.search.index import SearchIndex, forget_index, index_at
from readingroom.search.searcher import Searcher
from tests.conftest import PROJECT

pytestmark = pytest.mark.django_db
FRUS = PROJECT / "src" / "readingroom" / "samples" / "frus"
QUERIES = ("weather", "Sukarno", "army navy", '"economic aid"', "oil OR rubber", "Djakarta -Sukarno")
PAGES = (1, 2, 3)


def hidden_documents() -> list[dict[str, Any]]:
    """Documents that hold the searched words often, in texts of every length: each changes the statistics."""
    words = "weather Sukarno army navy economic aid oil rubber Djakarta"
    return [
        {
            "id": f"hidden/{number}",
            "title": f"Hidden {number}",
            "access": Access.RESTRICTED if number % 2 else Access.UNPUBLISHED,
            "text": " ".join([words.split()[number % 9]] * (number + 1) + ["filler"] * (number * 40)),
        }
        for number in range(40)
    ]


def public_answers(client: Client, index: SearchIndex) -> dict[str, Any]:
    """What readers are shown for each search and page: the page's HTML, the API's JSON, and the scores."""
    answers: dict[str, Any] = {}
    for q in QUERIES:
        for page in PAGES:
            params: dict[str, str | int] = {"q": q, "page": page}
            html = client.get("/search", params).content.decode()
            answers[f"html {q} {page}"] = re.sub(r'nonce="[^"]*"', "", html)
            answers[f"api {q} {page}"] = client.get("/api/v1/search", params).json()
        found = Searcher(index).search(index_query(SearchRequest(q=q), index))
        answers[f"scores {q}"] = [(hit.id, hit.score) for hit in found.hits]
    return answers


def test_hidden_documents_change_no_public_ranking(
    load: Callable[..., Any], index: SearchIndex, client: Client
) -> None:
    load(FRUS / "frus1958-60v17.xml", FRUS / "people", hidden_documents())
    Indexer(index).rebuild()  # as the archive without them is indexed, below
    staff = search_archive(SearchRequest(q="weather", include_restricted=True, per_page=100))
    assert {f"hidden/{number}" for number in range(0, 40, 9)} <= {hit.id for hit in staff.hits}
    with_hidden = public_answers(client, index)
    assert all(answer["total"] > 0 for key, answer in with_hidden.items() if key.startswith("api"))

    Document.objects.exclude(access=Access.PUBLIC).delete()
    Indexer(index).rebuild()
    without = public_answers(client, index)
    assert with_hidden.keys() == without.keys()
    for key in with_hidden:
        assert with_hidden[key] == without[key], key


def test_an_index_without_its_public_documents_index_is_rebuilt(
    sample: Any, home: Path, index: SearchIndex, client: Client
) -> None:
    """An index written before readers had their own (or whose public folder was removed) counts as fresh."""
    shutil.rmtree(index.public.path)
    forget_index(index.path)
    reopened = index_at(index_path())
    assert reopened.applied_sequence() == 0
    Indexer(reopened).catch_up()
    assert reopened.public.document_count() == Document.objects.filter(access=Access.PUBLIC).count() > 0
    assert client.get("/api/v1/search", {"q": "Stalin"}).json()["total"] > 0


def test_a_name_only_hidden_documents_name_stands_for_no_other_names_for_readers(load: Callable[..., Any]) -> None:
    """Name expansion would otherwise find, by "Ada Quill", the public document that calls her Marlow: what ties
    the two names together is known from the restricted document alone."""
    load(
        [
            {"kind": "person", "id": "person/quill", "name": "Quill, Ada", "variants": ["Ada Quill", "Marlow"]},
            {"id": "r/1", "title": "A restricted file", "access": "restricted", "people": ["Quill, Ada"]},
            {"id": "p/1", "title": "A public letter", "text": "Marlow arrived on Tuesday."},
        ]
    )
    assert search_archive(SearchRequest(q="Ada Quill")).total == 0
    staff = search_archive(SearchRequest(q="Ada Quill", include_restricted=True))
    assert {hit.id for hit in staff.hits} == {"r/1", "p/1"}
