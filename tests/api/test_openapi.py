"""The API driven by schemathesis against its own OpenAPI description: every endpoint, with generated parameters,
answers as described (status, content type, body schema) and never with a server error, and nothing of the
restricted document ever shows."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
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
