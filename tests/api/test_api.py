import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from readingroom.ingest.jsonl import parse_record
from tests.conftest import seed_records

pytestmark = pytest.mark.django_db


def test_search_answers_the_contract(client: Client, sample: Any) -> None:
    answer = client.get("/api/search", {"collections": "Sino-Soviet Relations", "q": "Stalin"}).json()
    assert (answer["total"], answer["start"], answer["end"], answer["page"]) == (6, 1, 6, 1)
    hit = answer["hits"][0]
    assert set(hit) == {"id", "title", "date", "date_display", "summary", "snippet", "page", "matched", "url"}
    assert hit["url"] == f"/documents/{hit['id']}"
    people = answer["facets"]["people"]
    assert {"id": "person/stalin", "name": "Stalin, Joseph", "count": 6, "selected": False} in people
    assert answer["facets"]["collections"][0]["selected"] is True


def test_a_document_is_its_interchange_record(client: Client, sample: Any) -> None:
    record = client.get("/api/documents/seed/1952-09-17-filippov-mao").json()
    assert parse_record(record).to_json() == record
    assert record["authors"] == ["person/stalin"]
    original = next(r for r in seed_records() if r["id"] == "seed/1952-09-17-filippov-mao")
    assert {k: v for k, v in record.items() if k not in {"kind", *original} or k in ("title", "summary")} == {
        "title": original["title"],
        "summary": original["summary"],
    }


def test_errors_are_json(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": "secret/1", "title": "Secret", "access": "restricted"}])
    for url in ("/api/documents/secret/1", "/api/documents/nothing"):
        response = client.get(url)
        assert response.status_code == 404
        assert "error" in json.loads(response.content)
