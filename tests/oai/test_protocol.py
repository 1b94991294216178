"""The protocol's rules on their own: arguments, datestamps, identifiers, set specs and resumption tokens."""

import base64
import json
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readingroom.ingest.jsonl import ID_PATTERN
from readingroom.oai.protocol import (
    DateRange,
    OAIError,
    ResumptionToken,
    collection_set_spec,
    date_range,
    document_id,
    oai_identifier,
    parse_request,
    set_collection,
)

# The patterns of the oai-identifier and OAI-PMH schemas.
SAMPLE_IDENTIFIER = re.compile(
    r"oai:[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+:[a-zA-Z0-9\-_\.!~\*'\(\);/\?:@&=\+$,%]+"
)
SET_SPEC = re.compile(r"([A-Za-z0-9\-_\.!~\*'\(\)])+(:[A-Za-z0-9\-_\.!~\*'\(\)]+)*")
document_ids = st.from_regex(ID_PATTERN, fullmatch=True)


def error_code(arguments: dict[str, list[str]]) -> str:
    with pytest.raises(OAIError) as raised:
        parse_request(arguments)
    return raised.value.code


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": ["ListEverything"]}, "badVerb"),
        ({"verb": ["identify"]}, "badVerb"),
        ({"verb": ["Identify"], "metadataPrefix": ["oai_dc"]}, "badArgument"),
        ({"verb": ["ListRecords"]}, "badArgument"),
        ({"verb": ["ListRecords"], "metadataPrefix": ["oai_dc", "readingroom"]}, "badArgument"),
        ({"verb": ["ListRecords"], "metadataPrefix": [""]}, "badArgument"),
        ({"verb": ["ListRecords"], "metadataPrefix": ["oai dc"]}, "badArgument"),
        ({"verb": ["ListRecords"], "metadataPrefix": ["oai_dc"], "set": ["collection:"]}, "badArgument"),
        ({"verb": ["ListRecords"], "metadataPrefix": ["oai_dc"], "identifier": ["x"]}, "badArgument"),
        ({"verb": ["ListRecords"], "resumptionToken": ["abc"], "metadataPrefix": ["oai_dc"]}, "badArgument"),
        ({"verb": ["ListSets"], "resumptionToken": ["abc"], "set": ["collection"]}, "badArgument"),
        ({"verb": ["GetRecord"], "identifier": ["oai:a.b:c"]}, "badArgument"),
    ],
)
def test_requests_the_protocol_refuses(arguments: dict[str, list[str]], code: str) -> None:
    assert error_code(arguments) == code


def test_a_good_request_keeps_its_arguments() -> None:
    request = parse_request({"verb": ["ListRecords"], "metadataPrefix": ["oai_dc"], "from": ["2026-01-01"]})
    assert request.verb == "ListRecords"
    assert request.arguments == {"metadataPrefix": "oai_dc", "from": "2026-01-01"}
    assert parse_request({"verb": ["ListRecords"], "resumptionToken": ["abc"]}).arguments == {"resumptionToken": "abc"}


def test_days_and_seconds_are_both_inclusive() -> None:
    days = date_range("2026-01-02", "2026-01-03")
    assert days == DateRange(datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 4, tzinfo=UTC))
    seconds = date_range("2026-01-02T10:00:00Z", "2026-01-02T10:00:00Z")
    assert seconds == DateRange(datetime(2026, 1, 2, 10, tzinfo=UTC), datetime(2026, 1, 2, 10, 0, 1, tzinfo=UTC))
    assert date_range(None, None) == DateRange()
    assert date_range("2026-01-02", None) == DateRange(datetime(2026, 1, 2, tzinfo=UTC), None)


@pytest.mark.parametrize(
    ("start", "until"),
    [
        ("2026-01-02", "2026-01-02T10:00:00Z"),  # granularities differ
        ("2026-01-03", "2026-01-02"),  # from after until
        ("2026-02-30", None),
        ("2026-01-02T25:00:00Z", None),
        ("2026-01-02T10:00:00", None),  # not UTC
        ("2026-01-02T10:00Z", None),
        ("yesterday", None),
        (None, "2026-1-2"),
        (None, "２０２６-01-02"),  # digits of another script
    ],
)
def test_bad_datestamps_are_bad_arguments(start: str | None, until: str | None) -> None:
    with pytest.raises(OAIError) as raised:
        date_range(start, until)
    assert raised.value.code == "badArgument"


@given(document_ids)
def test_identifiers_name_their_document_and_fit_the_scheme(document: str) -> None:
    identifier = oai_identifier("archive.example.org", document)
    assert SAMPLE_IDENTIFIER.fullmatch(identifier)
    assert document_id("archive.example.org", identifier) == document
    assert document_id("another.example.org", identifier) is None


def test_identifiers_of_other_forms_name_nothing() -> None:
    assert document_id("archive.example.org", "oai:archive.example.org:") is None
    assert document_id("archive.example.org", "oai:archive.example.org:%FF") is None
    assert document_id("archive.example.org", "archive.example.org:seed/1") is None
    assert document_id("archive.example.org", "oai:archive.example.org:seed%2F1") == "seed/1"


def test_set_specs_of_collections() -> None:
    assert collection_set_spec("collection/sino-soviet") == "collection:sino-soviet"
    assert collection_set_spec("frus:vol/2") == "collection:!frus~3Avol~2F2"
    assert collection_set_spec("collection/a!b~c") == "collection:a~21b~7Ec"


@given(document_ids, document_ids)
def test_every_collection_has_a_set_spec_of_its_own(first: str, second: str) -> None:
    assert SET_SPEC.fullmatch(collection_set_spec(first))
    assert (collection_set_spec(first) == collection_set_spec(second)) == (first == second)
    assert set_collection(collection_set_spec(first)) == first


@pytest.mark.parametrize("set_spec", ["collection", "collection:", "collection:~zz", "collection:~FF", "collection:!",
                                      "topic:x", "collection:a~2Fb~"])  # fmt: skip
def test_other_set_specs_name_no_collection(set_spec: str) -> None:
    assert set_collection(set_spec) is None


def test_resumption_tokens_come_back_as_they_went() -> None:
    token = ResumptionToken(
        "ListRecords", "oai_dc", "2026-01-01", None, "collection", datetime(2026, 1, 2, 3, 4, 5, 678, UTC), "a/1", 30
    )
    assert ResumptionToken.decode(token.encode(), "ListRecords") == token
    with pytest.raises(OAIError, match="for ListIdentifiers"):
        ResumptionToken.decode(token.encode(), "ListIdentifiers")


def encoded(fields: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(fields).encode()).decode()


GOOD_FIELDS = {
    "verb": "ListRecords",
    "metadata_prefix": "oai_dc",
    "start": None,
    "until": None,
    "set_spec": None,
    "after_datestamp": "2026-01-02T03:04:05+00:00",
    "after_id": "a/1",
    "cursor": 3,
}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "!!!!",
        "eyJ2ZXJiIjo",  # cut short
        encoded([1, 2, 3]),
        encoded({**GOOD_FIELDS, "cursor": -1}),
        encoded({**GOOD_FIELDS, "cursor": "3"}),
        encoded({**GOOD_FIELDS, "cursor": True}),
        encoded({**GOOD_FIELDS, "after_datestamp": "2026-01-02T03:04:05"}),  # no time zone
        encoded({**GOOD_FIELDS, "after_datestamp": "soon"}),
        encoded({**GOOD_FIELDS, "after_id": 7}),
        encoded({**GOOD_FIELDS, "set_spec": ["collection"]}),
        encoded({**GOOD_FIELDS, "surprise": 1}),
        encoded({key: value for key, value in GOOD_FIELDS.items() if key != "after_id"}),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_tokens_it_never_gave_are_bad(text: str) -> None:
    with pytest.raises(OAIError) as raised:
        ResumptionToken.decode(text, "ListRecords")
    assert raised.value.code == "badResumptionToken"


@given(st.text())
def test_any_text_is_a_token_or_a_bad_one(text: str) -> None:
    with pytest.raises(OAIError) as raised:
        ResumptionToken.decode(text, "ListRecords")
    assert raised.value.code == "badResumptionToken"
