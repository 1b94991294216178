"""Writing through the API with a staff member's token: create, replace, delete, by role, validated like imports."""

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from readingroom.records.indexer import Indexer
from readingroom.records.models import ChangeSet, Document, Revision
from readingroom.records.searching import SearchRequest, search_archive
from readingroom.search.index import SearchIndex
from readingroom.staff.roles import create_user
from readingroom.staff.tokens import create_token

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
NEW = {"id": "api/1", "title": "Telegram about wombatword", "date": "1953-02", "authors": ["Filippov"]}


@pytest.fixture
def editor_key(db: None) -> str:
    create_user("edith", "editor", PASSWORD)
    return create_token("edith", "tests")


@pytest.fixture
def admin_key(db: None) -> str:
    create_user("ada", "admin", PASSWORD)
    return create_token("ada", "tests")


def send(client: Client, method: str, url: str, key: str | None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def test_an_editor_creates_a_document_that_is_searchable(
    client: Client, sample: Any, editor_key: str, index: SearchIndex
) -> None:
    created = send(client, "POST", "/api/v1/documents", editor_key, NEW)
    assert created.status_code == 201
    assert created["Location"] == "/api/v1/documents/api/1"
    assert created.json()["authors"] == ["person/stalin"]  # the name resolved like an import's
    Indexer(index).catch_up()
    assert [hit.id for hit in search_archive(SearchRequest(q="wombatword")).hits] == ["api/1"]
    revision = Revision.objects.filter(subject_id="api/1").get()
    assert revision.changeset is not None
    assert (revision.changeset.kind, revision.changeset.user.username) == (ChangeSet.Kind.API, "edith")  # type: ignore[union-attr]
    again = send(client, "POST", "/api/v1/documents", editor_key, NEW)
    assert again.status_code == 409


def test_replacing_and_deleting(client: Client, sample: Any, editor_key: str, admin_key: str) -> None:
    send(client, "POST", "/api/v1/documents", editor_key, NEW)
    replaced = send(client, "PUT", "/api/v1/documents/api/1", editor_key, {**NEW, "title": "Retitled"})
    assert replaced.status_code == 200
    assert Document.objects.get(pk="api/1").title == "Retitled"
    created = send(client, "PUT", "/api/v1/documents/api/2", editor_key, {"title": "Made by PUT"})
    assert created.status_code == 201
    assert send(client, "DELETE", "/api/v1/documents/api/1", editor_key).status_code == 403
    assert send(client, "DELETE", "/api/v1/documents/api/1", admin_key).status_code == 204
    assert send(client, "DELETE", "/api/v1/documents/api/1", admin_key).status_code == 404
    assert client.get("/api/v1/documents/api/1").status_code == 404


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({**NEW, "date": "Sept 1953"}, "field 'date': \"Sept 1953\" is not an EDTF date"),
        ({**NEW, "id": "bad id"}, "field 'id'"),
        ({"id": "api/1"}, "field 'title': is required"),
        ({**NEW, "colour": "red"}, "colour"),
        ({**NEW, "attachments": [{"path": "../../etc/passwd"}]}, "is not stored with this document"),
        ({"kind": "person", "id": "person/x", "name": "X"}, "expected a document, not a person"),
        ("{not json", "the body is not JSON"),
        ([1, 2], "expected a JSON object"),
        (
            {**NEW, "languages": ["Klingon"]},
            "field 'languages[0]': \"Klingon\" is not a language tag or a language name",
        ),
    ],
)
def test_bodies_are_checked_like_imports(client: Client, sample: Any, editor_key: str, body: Any, message: str) -> None:
    response = send(client, "POST", "/api/v1/documents", editor_key, body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Document.objects.filter(pk="api/1").exists()


def test_languages_sent_as_names_are_stored_as_tags(client: Client, sample: Any, editor_key: str) -> None:
    created = send(client, "POST", "/api/v1/documents", editor_key, {**NEW, "languages": ["Russian", "ru", "German"]})
    assert created.status_code == 201
    assert created.json()["languages"] == ["ru", "de"]


def test_without_a_valid_token_nothing_is_written(client: Client, sample: Any, editor_key: str) -> None:
    for key in [None, "wrong", editor_key[:-2]]:
        response = send(client, "POST", "/api/v1/documents", key, NEW)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert "API token" in response.json()["error"]
    assert send(client, "PUT", "/api/v1/documents/api/9", None, NEW).status_code == 401
    assert not Document.objects.filter(pk__startswith="api/").exists()
    signed_in = Client()
    signed_in.force_login(User.objects.get(username="edith"))
    assert send(signed_in, "POST", "/api/v1/documents", None, NEW).status_code == 401  # a session is not enough


def test_authorities_through_the_api(client: Client, sample: Any, editor_key: str, admin_key: str) -> None:
    person = {"kind": "person", "id": "person/koba", "name": "Koba", "variants": ["Коба"]}
    assert send(client, "POST", "/api/v1/authorities", editor_key, person).status_code == 201
    read = client.get("/api/v1/authorities/person/koba")
    assert read.status_code in (200, 404)  # an authority no public document names may be hidden from readers
    changed = send(client, "PUT", "/api/v1/authorities/person/koba", editor_key, {**person, "name": "Koba (alias)"})
    assert changed.status_code == 200
    assert changed.json()["name"] == "Koba (alias)"
    assert send(client, "DELETE", "/api/v1/authorities/person/stalin", admin_key).status_code == 409
    assert send(client, "DELETE", "/api/v1/authorities/person/koba", admin_key).status_code == 204
