"""Protocol errors through the endpoint: each one valid OAI-PMH with status 200, whatever a harvester types."""

import base64
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.oai.conftest import NS, Harvester, text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": ["Identify", "ListSets"]}, "badVerb"),
        ({"verb": "Identify", "from": "2026-01-01"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListIdentifiers", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-13-01"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01", "until": "2025-01-01"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01", "until": "2026-01-02T00:00:00Z"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "no spaces"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": "1999-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "collection:nowhere"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        ({"verb": "\x00"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:x:\x00"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "\x00"}, "badArgument"),
        (
            {"verb": "GetRecord", "identifier": "oai:archive.example.org:nowhere/1", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
    ],
)
def test_errors(harvester: Harvester, archive: None, arguments: dict[str, Any], code: str) -> None:
    assert harvester.error(**arguments) == code


def test_bad_verbs_and_arguments_are_not_echoed(harvester: Harvester, archive: None) -> None:
    """The request element keeps only the base URL when the request was not one the protocol knows."""
    for arguments in ({"verb": "Harvest"}, {"verb": "ListRecords", "metadataPrefix": "oai dc"}):
        root = harvester.request(**arguments)
        request = root.find("oai:request", NS)
        assert request is not None
        assert dict(request.attrib) == {}
        assert request.text == "http://testserver/oai"
    cannot = harvester.request(verb="ListRecords", metadataPrefix="marc21")
    assert dict(cannot.find("oai:request", NS).attrib) == {"verb": "ListRecords", "metadataPrefix": "marc21"}


def test_error_messages_say_what_is_wrong(harvester: Harvester, archive: None) -> None:
    root = harvester.request(verb="ListRecords", metadataPrefix="marc21")
    assert text(root, "oai:error/text()") == ["no metadata format 'marc21'; the formats are oai_dc, readingroom"]
    root = harvester.request(verb="ListRecords")
    assert text(root, "oai:error/text()") == ["ListRecords needs the argument metadataPrefix"]


def test_tokens_for_another_verb_or_altered_are_bad(harvester: Harvester, archive: None) -> None:
    page = harvester.request(verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = page.xpath("string(//oai:resumptionToken)", namespaces=NS)
    assert harvester.error(verb="ListRecords", resumptionToken=token) == "badResumptionToken"
    fields = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    for change in ({"metadata_prefix": "marc21"}, {"start": "yesterday"}, {"set_spec": "no spaces"}):
        altered = base64.urlsafe_b64encode(json.dumps({**fields, **change}).encode()).decode()
        assert harvester.error(verb="ListIdentifiers", resumptionToken=altered) == "badResumptionToken"


names = st.sampled_from(["verb", "metadataPrefix", "identifier", "from", "until", "set", "resumptionToken", "x"])
values = st.one_of(
    st.sampled_from(["Identify", "ListRecords", "ListIdentifiers", "GetRecord", "ListSets", "ListMetadataFormats"]),
    st.sampled_from(["oai_dc", "readingroom", "collection", "collection:sino-soviet", "2026-01-01"]),
    st.text(min_size=0, max_size=30),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(names, st.lists(values, min_size=1, max_size=2), max_size=4))
def test_any_request_gets_a_valid_answer(harvester: Harvester, archive: None, arguments: dict[str, Any]) -> None:
    """Whatever is typed, the answer is a schema-valid OAI-PMH document with status 200 (checked by request)."""
    root = harvester.request(**arguments)
    assert len(root) == 3
