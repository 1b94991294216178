"""A NUL character anywhere in a request is refused with a 400 that says why, on either database (PostgreSQL
refuses such text in queries; SQLite would store it)."""

import html
from typing import Any

import pytest
from django.test import Client

from readingroom.web.nul import refusal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "place"),
    [
        ("/documents/%00", "the address"),
        ("/documents/seed%2F1952-09-22-zhou-report%00/attachments/1", "the address"),
        ("/people/%00", "the address"),
        ("/search?q=Zhou%00Enlai", "q"),
        ("/search?q=Zhou&people=%00", "people"),
        ("/search?%00=1", "a parameter"),
    ],
)
def test_a_nul_in_the_address_is_refused_naming_where(client: Client, sample: Any, path: str, place: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert html.escape(refusal(place)) in response.content.decode()


def test_oai_pmh_refuses_it_as_a_bad_argument_with_status_200(client: Client, sample: Any) -> None:
    """The protocol answers every request with an OAI-PMH document; a NUL is one more bad argument."""
    response = client.get("/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=%00")
    assert response.status_code == 200
    assert b"<error code=\"badArgument\">the argument 'identifier' contains a NUL character" in response.content
    assert client.get("/oai?verb=%00").status_code == 200


def test_the_api_refuses_it_in_json(client: Client, sample: Any) -> None:
    response = client.get("/api/v1/documents/%00")
    assert response.status_code == 400
    assert response.json() == {"error": refusal("the address")}


def test_a_nul_in_a_cookie_or_a_form_is_refused(client: Client, db: None) -> None:
    client.cookies["sessionid"] = "abcdefgh\x00"
    assert refusal("a cookie") in client.get("/search").content.decode()
    del client.cookies["sessionid"]
    response = client.post("/staff/login/", {"username": "admin\x00", "password": "x"})
    assert response.status_code == 400
    assert refusal("username") in response.content.decode()
    response = client.get("/search", HTTP_USER_AGENT="agent\x00")
    assert response.status_code == 400
    assert refusal("the header User-Agent") in response.content.decode()


def test_ordinary_requests_pass(client: Client, sample: Any) -> None:
    assert client.get("/search?q=100%25").status_code == 200
    assert client.get("/search", {"q": "Zhou Enlai"}).status_code == 200
