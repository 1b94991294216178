"""Everything under /api/ answers JSON, errors included, and nothing a client sends gives a server error; other
sites' scripts may read it (CORS), and only it."""

from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

ENDPOINTS = (
    "/api/v1/search",
    "/api/v1/facets/people",
    "/api/v1/dates",
    "/api/v1/documents",
    "/api/v1/documents/seed/1952-09-17-filippov-mao",
    "/api/v1/authorities",
    "/api/v1/authorities/person/stalin",
    "/api/v1/collections",
    "/api/search",
    "/api/documents/seed/1952-09-17-filippov-mao",
)


def error(response: Any, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    message: str = body["error"]
    return message


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "abc"}, 'page: "abc" is not a whole number'),
        ({"page": "0"}, 'page: "0" is out of range; use 1 to 100000'),
        ({"page": "100001"}, 'page: "100001" is out of range'),
        ({"page": "9" * 5000}, "is out of range"),
        ({"page": "-1"}, "not a whole number"),
        ({"page": "١٢"}, "not a whole number"),  # Arabic-Indic digits
        ({"per_page": "7"}, 'per_page: "7" is not offered; use one of 10, 25, 50, 100'),
        ({"sort": "colour"}, 'sort: "colour" is not one of relevance, date, -date, title, added'),
        ({"from": "1953-02-30"}, 'from: "1953-02-30" is not a valid date (February 1953 has 28 days)'),
        ({"to": "next week"}, 'to: "next week" is not a date this archive can read; write e.g. 1952-09-22,'),
        ({"from": "9/10/1952"}, 'from: "9/10/1952" is ambiguous: it could be September 10, 1952 or 9 October 1952'),
        ({"to": "n.d."}, 'to: "n.d." says there is no date; give a date or leave to out'),
        ({"people_mode": "some"}, 'people_mode: "some" is not one of all, any'),
        ({"colour": "red"}, "colour: no such parameter here; this endpoint takes q, people,"),
        ({"q": "x" * 2001}, "q: longer than 2000 characters"),
        ({"people": ["a"] * 51}, "people: at most 50 values"),
        ({"page": ["1", "2"]}, "page: given 2 times; give it once"),
    ],
)
def test_bad_parameters_are_explained(client: Client, archive: None, params: dict[str, Any], message: str) -> None:
    assert message in error(client.get("/api/v1/search", params), 400)


def test_empty_values_count_as_absent(client: Client, archive: None) -> None:
    answer = client.get("/api/v1/search", {"q": "", "page": "", "from": "", "sort": ""}).json()
    assert answer["total"] == 7


@pytest.mark.parametrize(
    "q", ['"unbalanced', "(((", "OR", "-", "title:", "***", "~~", "\ufffd\ufffd", "𝕾𝖙𝖆𝖑𝖎𝖓", "\u202e", "%00"]
)
def test_broken_queries_give_results(client: Client, archive: None, q: str) -> None:
    assert client.get("/api/v1/search", {"q": q}).status_code == 200


@given(
    q=st.text(max_size=40),
    facet=st.text(max_size=20),
    date=st.text(max_size=12),
    page=st.text(max_size=8),
    cursor=st.text(max_size=30),
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_anything_typed_gives_an_answer_or_an_explanation(
    client: Client, archive: None, q: str, facet: str, date: str, page: str, cursor: str
) -> None:
    params = {"q": q, "places": facet, "from": date, "page": page}
    for url in ("/api/v1/search", "/api/v1/dates", "/api/v1/facets/places"):
        response = client.get(url, params if url.endswith("search") else {**params, "page": ""})
        assert response.status_code in (200, 400)
        assert response["Content-Type"] == "application/json"
    for url in ("/api/v1/documents", "/api/v1/authorities"):
        response = client.get(url, {"cursor": cursor, "prefix": q} if url.endswith("ties") else {"cursor": cursor})
        assert response.status_code in (200, 400)
        assert response["Content-Type"] == "application/json"


def test_nul_characters_are_refused_naming_where(client: Client, archive: None) -> None:
    assert "q: contains a NUL character" in error(client.get("/api/v1/search", {"q": "Stalin\x00"}), 400)
    assert "the address: contains a NUL character" in error(client.get("/api/v1/documents/seed/\x00"), 400)
    assert "the address: contains a NUL character" in error(client.get("/api/v1/authorities/person/\x00"), 400)


def test_unknown_paths_are_json(client: Client, archive: None) -> None:
    for path in ("/api/v2/search", "/api/v1/search/", "/api/v1/x", "/api/nothing/at/all", "/api/v1/facets/a/b"):
        assert "no such API endpoint" in error(client.get(path), 404)
    assert "no public document" in error(client.get("/api/v1/documents/nothing"), 404)
    assert error(client.post("/api/v2/anything"), 404)


WRITABLE = {  # with a staff member's token (tests/api/test_writes.py)
    "/api/v1/documents": "POST",
    "/api/v1/documents/seed/1952-09-17-filippov-mao": "PUT, DELETE",
    "/api/v1/authorities": "POST",
    "/api/v1/authorities/person/stalin": "PUT, DELETE",
}


@pytest.mark.parametrize("url", ENDPOINTS)
def test_only_reading_is_allowed_without_a_token(client: Client, archive: None, url: str) -> None:
    writes = WRITABLE.get(url, "")
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(url)
        if method.upper() in writes:
            assert "API token" in error(response, 401)
        elif method != "patch" and writes:
            assert f"not {method.upper()}" in error(response, 405)
        else:
            assert "this API only reads" in error(response, 405)
            assert response["Allow"] == "GET, HEAD, OPTIONS"
    options = client.options(url)
    assert options.status_code == 204
    assert options["Allow"] == "GET, HEAD, OPTIONS" + (f", {writes}" if writes else "")
    assert client.head(url).status_code == 200


@pytest.mark.parametrize("url", ENDPOINTS)
def test_no_parameters_where_none_are_taken(client: Client, archive: None, url: str) -> None:
    if url.startswith(("/api/v1/search", "/api/search", "/api/v1/facets", "/api/v1/dates")):
        return
    response = client.get(url, {"format": "xml"})
    assert "format: no such parameter here" in error(response, 400)


def test_requests_django_refuses_are_json(client: Client, archive: None) -> None:
    many = "&".join(["x=1"] * 1200)  # more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, in a short address
    assert "bad request" in error(client.get(f"/api/v1/search?{many}"), 400)
    assert client.get(f"/search?{many}")["Content-Type"].startswith("text/html")


def test_other_sites_scripts_may_read_the_api(client: Client, archive: None) -> None:
    origin = {"Origin": "https://example.org"}
    response = client.get("/api/v1/documents/seed/1952-09-17-filippov-mao", headers=origin)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "etag" in response["Access-Control-Expose-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/search",
        headers={**origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match"},
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    assert error(client.get("/api/nothing", headers=origin), 404)
    assert client.get("/api/nothing", headers=origin)["Access-Control-Allow-Origin"] == "*"


def test_the_rest_of_the_site_is_not_shared(client: Client, archive: None) -> None:
    origin = {"Origin": "https://example.org"}
    for url in ("/search", "/documents/seed/1952-09-17-filippov-mao", "/search/export.csv"):
        assert "Access-Control-Allow-Origin" not in client.get(url, headers=origin)
