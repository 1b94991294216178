"""The API driven by schemathesis against its own OpenAPI description: every endpoint, with generated parameters,
answers as described (status, content type, body schema) and never with a server error, and nothing of the
restricted document ever shows."""

from typing import Any

import pytest
import schemathesis
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


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_endpoint_answers_as_described(case: Any, archive: None) -> None:
    response = case.call_and_validate(checks=CHECKS)
    assert MARKER not in response.text.lower()
