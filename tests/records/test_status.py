"""The status page's figures for readers count what they may know of: staff editing a restricted record, or an
authority only restricted documents name, moves none of them."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from readingroom.records.importing import import_paths
from readingroom.staff.roles import create_user

pytestmark = pytest.mark.django_db

SECRET = {"id": "secret/1", "title": "A restricted memorandum", "date": "1953", "access": "restricted"}
BARE = {"id": "public/1", "title": "A public letter", "date": "1953"}


def imported_without_indexing(home: Path, *records: dict[str, Any]) -> None:
    """A write the index has not applied yet, as while an import runs beside a server."""
    path = home / f"records-{len(list(home.glob('records-*')))}.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    import_paths([path])


def test_editing_a_restricted_record_moves_nothing_readers_see(
    client: Client, sample: Any, load: Callable[..., Any], home: Path
) -> None:
    load([SECRET])
    before = client.get("/status").content.decode()
    assert "The search index is up to date." in before
    load([{**SECRET, "title": "The restricted memorandum, corrected"}])
    assert client.get("/status").content.decode() == before
    hidden_person = {"kind": "person", "id": "person/hidden", "name": "Hidden, Person"}
    imported_without_indexing(home, hidden_person, {**SECRET, "title": "Edited again", "people": ["person/hidden"]})
    assert client.get("/status").content.decode() == before  # the index has those to apply: none of them public


def test_public_changes_waiting_are_counted(client: Client, sample: Any, home: Path) -> None:
    imported_without_indexing(home, BARE, SECRET)
    status = client.get("/status").content.decode()
    assert "The search index is catching up: 1 change to apply." in status
    assert "Last change in the catalogue" not in status


def test_staff_see_every_change_and_the_sequence_numbers(client: Client, sample: Any, home: Path) -> None:
    imported_without_indexing(home, BARE, SECRET)
    client.force_login(create_user("ada", "admin", "correct horse battery staple"))
    status = client.get("/status").content.decode()
    assert "The search index is catching up: 2 changes to apply." in status
    assert "Last change in the catalogue" in status
