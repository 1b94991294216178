"""`/healthz` (the process answers) and `/readyz` (the databases answer, the index exists and keeps up)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from readingroom.ingest.records import DocumentRecord
from readingroom.records.batches import save_document
from readingroom.records.indexer import Indexer
from readingroom.records.models import Change
from readingroom.search.index import SearchIndex
from tests.conftest import seed_records

pytestmark = pytest.mark.django_db


def readiness(client: Client) -> tuple[int, dict[str, Any]]:
    response = client.get("/readyz")
    assert response["Cache-Control"].startswith("max-age=0")
    return response.status_code, response.json()


def test_alive_needs_nothing_but_the_process(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert client.post("/healthz").status_code == 405


def test_an_empty_archive_and_a_current_index_are_ready(client: Client, load: Callable[..., Any]) -> None:
    assert readiness(client) == (200, {"status": "ready", "problems": [], "warnings": []})
    load(seed_records())
    assert readiness(client) == (200, {"status": "ready", "problems": [], "warnings": []})


def test_a_node_whose_index_is_not_built_yet_is_not_ready(client: Client, index: SearchIndex) -> None:
    save_document(DocumentRecord(id="new/1", title="A telegram"))
    assert readiness(client) == (
        503,
        {"status": "not ready", "problems": ["the search index is being built"], "warnings": []},
    )
    Indexer(index).catch_up()
    assert readiness(client)[0] == 200


def test_an_index_far_behind_is_not_ready_and_a_moment_behind_is(client: Client, load: Callable[..., Any]) -> None:
    load(seed_records())
    save_document(DocumentRecord(id="new/1", title="A telegram"))
    assert readiness(client)[0] == 200  # the indexer applies it within a second
    Change.objects.filter(subject_id="new/1").update(at=timezone.now() - timedelta(minutes=2))
    status, answer = readiness(client)
    assert status == 503
    assert answer["problems"] == ["the search index is 120 seconds behind the database"]


def test_an_index_of_another_database_is_not_ready(client: Client, load: Callable[..., Any]) -> None:
    load(seed_records())
    Change.objects.all().delete()
    assert readiness(client)[1]["problems"] == ["the search index belongs to another database; it is being rebuilt"]
