"""Rate limits: a client asking too often for exports, feeds or deep pages gets a clear 429 with Retry-After."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from readingroom.staff.roles import create_user
from readingroom.web.limits import RULES

pytestmark = pytest.mark.django_db
EXPORTS = next(rule for rule in RULES if rule.name == "exports")


def fresh_client(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_too_many_exports_get_a_429_with_retry_after(sample: Any) -> None:
    client = fresh_client("203.0.113.1")
    for _ in range(EXPORTS.requests):
        response = client.get("/search/export.csv")
        assert response.status_code == 200
        b"".join(response.streaming_content)  # read, not closed: closing ends the request, and its connection
    refused = client.get("/search/export.csv")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many requests for exports: at most 20 a minute" in refused.content.decode()
    assert fresh_client("203.0.113.2").get("/search/export.csv").status_code == 200  # another client
    assert client.get("/search").status_code == 200  # cheap pages are not limited


def test_deep_pages_are_limited_and_the_api_answers_in_json(sample: Any) -> None:
    client = fresh_client("203.0.113.3")
    for _ in range(30):
        assert client.get("/api/search", {"page": "200", "per_page": "10"}).status_code == 200
    refused = client.get("/api/search", {"page": "500"})
    assert refused.status_code == 429
    assert refused.json()["error"].startswith("Too many requests for deep pages")
    assert client.get("/api/search", {"page": "2"}).status_code == 200


@pytest.mark.parametrize("page", ["²", "١٢", "٣٠٠"])
def test_page_numbers_in_other_digits_are_no_server_error(sample: Any, page: str) -> None:
    client = fresh_client("203.0.113.4")
    assert client.get("/search", {"page": page}).status_code == 200
    assert client.get("/api/v1/search", {"page": page}).status_code == 400


def test_staff_are_not_limited(sample: Any) -> None:
    staff: User = create_user("ada", "admin", "correct horse battery staple")
    client = fresh_client("203.0.113.4")
    client.force_login(staff)
    for _ in range(EXPORTS.requests + 5):
        response = client.get("/search/export.csv")
        assert response.status_code == 200
        b"".join(response.streaming_content)  # read, not closed: closing ends the request, and its connection
