"""The JSON API's endpoints, as a script would use them."""

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from readingroom.ingest.jsonl import parse_record
from readingroom.records.models import Access, Document, DocumentAuthority
from tests.conftest import seed_records

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, params: dict[str, Any] | None = None, status: int = 200) -> Any:
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_search_answers_the_contract(client: Client, archive: None) -> None:
    answer = get(client, "/api/v1/search", {"collections": "Sino-Soviet Relations", "q": "Stalin"})
    assert (answer["total"], answer["start"], answer["end"], answer["page"], answer["next_cursor"]) == (
        6,
        1,
        6,
        1,
        None,
    )
    hit = answer["hits"][0]
    assert set(hit) == {
        "id",
        "title",
        "date",
        "date_display",
        "summary",
        "snippet",
        "page",
        "matched",
        "url",
        "api_url",
    }
    assert hit["url"] == f"/documents/{hit['id']}"
    assert get(client, hit["api_url"])["id"] == hit["id"]
    people = answer["facets"]["people"]
    assert {"id": "person/stalin", "name": "Stalin, Joseph", "count": 6, "selected": False} in people
    assert answer["facets"]["collections"][0]["selected"] is True
    assert answer["dates"]["years"] == [{"year": 1952, "count": 6}]


def test_the_first_addresses_are_aliases_of_v1(client: Client, archive: None) -> None:
    params = {"q": "Korea", "sort": "date", "per_page": "25"}
    assert get(client, "/api/search", params) == get(client, "/api/v1/search", params)
    document = "/documents/seed/1952-09-17-filippov-mao"
    alias, current = client.get(f"/api{document}"), client.get(f"/api/v1{document}")
    assert alias.content == current.content
    assert alias["ETag"] == current["ETag"]


def test_a_cursor_walks_a_long_result_set(client: Client, archive: None, load: Any) -> None:
    load([{"id": f"bulk/{n:02d}", "title": f"Circular {n}", "date": f"1961-01-{n + 1:02d}"} for n in range(23)])
    params = {"q": "circular", "sort": "date", "per_page": "10"}
    walked, cursor = [], None
    while True:
        answer = get(client, "/api/v1/search", {**params, **({"cursor": cursor} if cursor else {})})
        walked.append([hit["id"] for hit in answer["hits"]])
        cursor = answer["next_cursor"]
        if cursor is None:
            break
    numbered = [[hit["id"] for hit in get(client, "/api/v1/search", {**params, "page": n})["hits"]] for n in (1, 2, 3)]
    assert walked == numbered
    assert [len(page) for page in walked] == [10, 10, 3]


def test_a_cursor_belongs_to_its_search(client: Client, archive: None, load: Any) -> None:
    load([{"id": f"bulk/{n:02d}", "title": f"Circular {n}"} for n in range(12)])
    cursor = get(client, "/api/v1/search", {"q": "circular"})["next_cursor"]
    assert cursor
    error = get(client, "/api/v1/search", {"q": "telegram", "cursor": cursor}, status=400)["error"]
    assert "another search" in error
    assert (
        "not both" in get(client, "/api/v1/search", {"q": "circular", "cursor": cursor, "page": 2}, status=400)["error"]
    )
    documents_cursor = get(client, "/api/v1/documents", {"per_page": 1})["next_cursor"]
    for garbage in ("x", "!!!", "eyJ9", documents_cursor, "a" * 5000, "ü", cursor[:-2]):
        assert "cursor" in get(client, "/api/v1/search", {"q": "circular", "cursor": garbage}, status=400)["error"]


def test_facet_values_of_a_search(client: Client, archive: None) -> None:
    answer = get(client, "/api/v1/facets/places", {"q": "Stalin"})
    assert answer["facet"] == "places"
    assert answer["label"] == "Places"
    counts = {value["id"]: value["count"] for value in answer["values"]}
    assert counts["place/korea"] == 6
    search = get(client, "/api/v1/search", {"q": "Stalin"})
    assert {v["id"]: v["count"] for v in search["facets"]["places"]}.items() <= counts.items()
    narrowed = get(client, "/api/v1/facets/places", {"q": "Stalin", "contains": "bur"})["values"]
    assert [(value["name"], value["count"]) for value in narrowed] == [("Burma", 3)]  # as docs/api.md shows
    assert "no facet" in get(client, "/api/v1/facets/colours", status=404)["error"]


def test_the_date_histogram_of_a_search(client: Client, archive: None) -> None:
    histogram = get(client, "/api/v1/dates", {"places": "Korea"})
    search = get(client, "/api/v1/search", {"places": "Korea"})
    assert histogram == {"total": search["total"], **search["dates"]}
    assert histogram["months"] == [{"month": "1952-08", "count": 1}, {"month": "1952-09", "count": 5}]
    assert get(client, "/api/v1/dates", {"from": "1959"})["decades"] == [{"decade": 1950, "count": 1}]


def test_every_public_document_by_cursor(client: Client, archive: None) -> None:
    walked, cursor = [], None
    while True:
        answer = get(client, "/api/v1/documents", {"per_page": 3, **({"cursor": cursor} if cursor else {})})
        assert len(answer["documents"]) <= 3
        walked += [document["id"] for document in answer["documents"]]
        cursor = answer["next_cursor"]
        if cursor is None:
            break
    public = list(Document.objects.filter(access=Access.PUBLIC).order_by("id").values_list("id", flat=True))
    assert walked == public
    assert len(walked) == 7
    first = get(client, "/api/v1/documents", {"per_page": 1})["documents"][0]
    assert first == {
        "id": "seed/1952-08-20-stalin-zhou",
        "title": "Minutes of Conversation between I.V. Stalin and Zhou Enlai",
        "date": "1952-08-20",
        "date_display": "August 20, 1952",
        "type": "Minutes of Conversation",
        "url": "/documents/seed/1952-08-20-stalin-zhou",
        "api_url": "/api/v1/documents/seed/1952-08-20-stalin-zhou",
    }


def test_a_document_is_its_interchange_record(client: Client, archive: None) -> None:
    record = get(client, "/api/v1/documents/seed/1952-09-17-filippov-mao")
    assert parse_record(record).to_json() == record
    assert record["authors"] == ["person/stalin"]
    original = next(r for r in seed_records() if r["id"] == "seed/1952-09-17-filippov-mao")
    assert {k: v for k, v in record.items() if k not in {"kind", *original} or k in ("title", "summary")} == {
        "title": original["title"],
        "summary": original["summary"],
    }


def test_a_document_has_a_strong_etag(client: Client, archive: None, load: Any) -> None:
    url = "/api/v1/documents/seed/1952-09-17-filippov-mao"
    response = client.get(url)
    etag = response["ETag"]
    assert etag.startswith('"')
    assert not etag.startswith("W/")
    assert client.get(url)["ETag"] == etag  # the same bytes, the same tag
    unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200
    original = next(r for r in seed_records() if r["id"] == "seed/1952-09-17-filippov-mao")
    load([{**original, "summary": "A corrected summary."}])
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["summary"] == "A corrected summary."


def test_authorities_by_kind_and_name(client: Client, archive: None) -> None:
    people = get(client, "/api/v1/authorities", {"kind": "person"})["authorities"]
    names = [person["name"] for person in people]
    assert names == sorted(names)
    assert "Stalin, Joseph" in names
    assert {person["kind"] for person in people} == {"person"}
    assert [a["id"] for a in get(client, "/api/v1/authorities", {"prefix": "Mao Tse"})["authorities"]] == [
        "person/mao-zedong"
    ]
    assert [a["id"] for a in get(client, "/api/v1/authorities", {"prefix": "Филип"})["authorities"]] == [
        "person/stalin"
    ]
    contained = get(client, "/api/v1/authorities", {"kind": "place", "contains": "formos"})["authorities"]
    assert [a["id"] for a in contained] == ["place/taiwan"]


def test_authorities_by_cursor(client: Client, archive: None) -> None:
    everything = get(client, "/api/v1/authorities", {"per_page": 1000})
    assert everything["next_cursor"] is None
    walked, cursor = [], None
    while True:
        answer = get(client, "/api/v1/authorities", {"per_page": 4, **({"cursor": cursor} if cursor else {})})
        walked += [entry["id"] for entry in answer["authorities"]]
        cursor = answer["next_cursor"]
        if cursor is None:
            break
    assert walked == [entry["id"] for entry in everything["authorities"]]
    assert len(walked) == len(set(walked)) > 20


def test_one_authority_with_its_names(client: Client, archive: None) -> None:
    stalin = get(client, "/api/v1/authorities/person/stalin")
    assert stalin["name"] == "Stalin, Joseph"
    assert "Filippov" in stalin["variants"]
    assert "Сталин" in stalin["variants"]
    assert "Staline" in stalin["generated_variants"]
    public = DocumentAuthority.objects.filter(authority_id="person/stalin", document__access=Access.PUBLIC)
    assert stalin["document_count"] == public.values("document").distinct().count() == 6
    assert stalin["url"] == "/people/stalin"
    query = parse_qs(urlsplit(stalin["documents_url"]).query)
    assert get(client, stalin["documents_url"])["total"] == 6
    assert query == {"people": ["person/stalin"]}
    pows = get(client, "/api/v1/authorities/topic/pows")
    assert [link["id"] for link in pows["broader"]] == ["topic/korean-war"]
    war = get(client, pows["broader"][0]["api_url"])
    assert [link["name"] for link in war["narrower"]] == ["Prisoners of war"]
    assert get(client, "/api/v1/authorities/place/port-arthur")["coordinates"] == [38.81, 121.26]
    assert "no public authority" in get(client, "/api/v1/authorities/person/nobody", status=404)["error"]


def test_an_alias_answers_the_authority_it_stands_for(client: Client, archive: None) -> None:
    from readingroom.records.services import merge_authority

    merge_authority("person/khrushchev", "person/stalin")  # a deliberate mistake, to have an alias
    merged = get(client, "/api/v1/authorities/person/khrushchev")
    assert merged["id"] == "person/stalin"
    assert "person/khrushchev" in merged["aliases"]


def test_collections_with_public_counts(client: Client, archive: None) -> None:
    collections = get(client, "/api/v1/collections")["collections"]
    assert [(c["name"], c["document_count"]) for c in collections] == [
        ("Korean War Origins and Armistice", 6),
        ("Sino-Soviet Relations", 7),
    ]
    assert collections[1]["documents_url"] == "/api/v1/search?collections=collection%2Fsino-soviet"


def test_the_description_and_its_page(client: Client, archive: None) -> None:
    description = get(client, "/api/openapi.json")
    assert description["openapi"] == "3.1.0"
    page = client.get("/api/").content.decode()
    for path, methods in description["paths"].items():
        for operation in methods.values():
            assert f'id="{operation["operationId"]}"' in page, path
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in page
    for name in description["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    assert "curl &#x27;http://testserver/api/v1/search?q=Stalin&#x27;" in page
    assert 'href="/api/"' in client.get("/search").content.decode()  # the footer's link
    json.dumps(description)  # plain JSON all through


def test_deep_pages_by_cursor_count_against_the_rate_limit(archive: None, load: Any) -> None:
    """Walking far into a result set by cursor is limited as asking for the deep pages by number is."""
    load([{"id": f"bulk/{n:04d}", "title": f"Circular {n}"} for n in range(1100)])
    client = Client(REMOTE_ADDR="203.0.113.9")
    params = {"q": "circular", "per_page": "100", "sort": "title"}
    cursor = get(client, "/api/v1/search", {**params, "page": 10})["next_cursor"]  # to page 11: results 1,001-1,100
    assert cursor
    for _ in range(30):
        assert get(client, "/api/v1/search", {**params, "cursor": cursor})["page"] == 11
    refused = client.get("/api/v1/search", {**params, "cursor": cursor})
    assert refused.status_code == 429
    assert refused.json()["error"].startswith("Too many requests for deep pages")


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1"])
def test_the_version_root_lists_its_endpoints_and_the_description(client: Client, archive: None, url: str) -> None:
    answer = get(client, url)
    described = get(client, answer["description"])
    assert client.get(answer["reference"]).status_code == 200
    listed = {endpoint["path"]: endpoint["methods"] for endpoint in answer["endpoints"]}
    assert listed == {
        path: [method.upper() for method in methods]
        for path, methods in described["paths"].items()
        if path.startswith("/api/v1/") and path != "/api/v1/"
    }
    assert listed["/api/v1/documents"] == ["GET", "POST"]
    search = get(client, next(path for path in listed if path.endswith("/search")), {"q": "Stalin"})
    assert search["total"] > 0


@pytest.mark.parametrize("language", ["Russian", "RU", "russian"])
def test_a_language_filter_takes_the_tag_or_the_name(client: Client, archive: None, language: str) -> None:
    by_tag = get(client, "/api/v1/search", {"languages": "ru"})
    by_name = get(client, "/api/v1/search", {"languages": language})
    assert by_tag["total"] > 0
    assert [hit["id"] for hit in by_name["hits"]] == [hit["id"] for hit in by_tag["hits"]]
    assert by_name["facets"]["languages"][0] == {
        "id": "ru",
        "name": "Russian",
        "count": by_tag["total"],
        "selected": True,
    }
