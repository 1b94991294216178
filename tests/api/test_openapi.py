"""The API driven by schemathesis against its own OpenAPI description: every endpoint, with generated parameters,
answers as described (status, content type, body schema) and never with a server error, and nothing of the
restricted document ever shows."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from readingroom.wsgi import application
from tests.api.conftest import MARKER

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
# Requests the description refuses too (negative mode), and NUL characters in any string.
schema.config.generation.update(modes=list(schemathesis.GenerationMode), allow_x00=True)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def test_connection_kept() -> Iterator[None]:
    """As Django's test client does: the end of a request must not close the test's database connection, whose
    transaction holds the test's archive (on PostgreSQL the next request would find the connection closed)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_endpoint_answers_as_described(case: Any, archive: None, test_connection_kept: None) -> None:
    response = case.call_and_validate(checks=CHECKS)
    assert MARKER not in response.text.lower()


def _bad_requests(operation: dict[str, Any]) -> dict[str, str]:
    """What a client may get wrong on any operation, and the query that gets it wrong; each is answered before the
    operation's own work, by the parameters' checks, the cursors, the NUL check and the address's length."""
    names = {parameter["name"] for parameter in operation.get("parameters", [])}
    bad = {"a NUL character": "q=%00" if "q" in names else "x=%00", "a long address": "q=" + "x" * 8100}
    if "cursor" in names:
        bad["a cursor the API did not give out"] = "cursor=bm90LWEtY3Vyc29y"
    if "from" in names:
        bad["a date that is no date"] = "from=next+week"
    return bad


def test_every_error_a_read_answers_is_described(client: Client, archive: None) -> None:
    described = client.get("/api/openapi.json").json()
    for path, methods in described["paths"].items():
        operation = methods["get"]
        address = path.replace("{id}", "seed/1952-09-17-filippov-mao").replace("{facet}", "people")
        for mistake, query in _bad_requests(operation).items():
            response = client.get(f"{address}?{query}")
            assert response["Content-Type"] == "application/json", (path, mistake)
            assert str(response.status_code) in operation["responses"], (path, mistake, response.status_code)
