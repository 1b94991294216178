"""Hostile input at every door: generated queries, dates, JSON Lines, TEI and HTTP requests. Each is refused with a
clear message or answered; none raises, hangs, answers 500 or reads outside the data directory. Ten thousand inputs a
door (marked slow: the suite runs them in CI)."""

import json
import random
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readingroom.dates.edtf import InvalidDate, parse_edtf
from readingroom.ingest.jsonl import JsonLinesFile, ParsedLine, Rejection
from readingroom.ingest.tei import TEIError, read_volume
from readingroom.records.searching import SearchRequest, search_archive
from readingroom.search.query import parse_query

PER_DOOR = 10_000
SAMPLE_TEI = Path(__file__).resolve().parent.parent / "src" / "readingroom" / "samples" / "frus" / "frus1955-57v02.xml"
QUERY_ALPHABET = st.sampled_from(
    [*"abcXYZ019 \"*~-+():^[]{}\\/!?&|<>'.,@#$%=_", "OR", "AND", "NOT", "Сталин", "周恩来", "\x00", "\u202e"]
)
queries = st.lists(QUERY_ALPHABET, max_size=40).map("".join) | st.text(max_size=200)
many = settings(max_examples=PER_DOOR, deadline=None, suppress_health_check=list(HealthCheck))

pytestmark = pytest.mark.slow


@many
@given(text=queries)
def test_the_query_parser_reads_anything(text: str) -> None:
    parse_query(text)


@many
@given(text=st.text(max_size=60) | st.from_regex(r"[0-9X~?%./-]{0,25}", fullmatch=True))
def test_the_date_parser_refuses_with_a_message(text: str) -> None:
    try:
        parse_edtf(text)
    except InvalidDate as error:
        message = str(error)
        assert message


def test_json_lines_of_any_bytes(tmp_path: Path) -> None:
    """Ten thousand generated lines in one file: each is a record or a rejection naming its line."""
    generate = random.Random(11)
    pieces = [b"{", b"}", b'"id"', b'"title"', b":", b",", b"[", b"]", b'"x"', b"null", b"1e999", b"\xff", b"\x00",
              b'"kind": "person"', b'"date": "1952-13-45"', b'"attachments": [{"path": "../etc/passwd"}]',
              b"\\u0000"]  # fmt: skip
    lines = [b"".join(generate.choice(pieces) for _ in range(generate.randint(0, 12))) for _ in range(PER_DOOR)]
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    seen = 0
    for item in JsonLinesFile(path):
        assert isinstance(item, ParsedLine | Rejection)
        if isinstance(item, Rejection):
            assert item.line >= 1
            assert item.message
        seen += 1
    assert seen >= PER_DOOR - lines.count(b"")


def test_tei_cut_and_mangled(tmp_path: Path) -> None:
    """A real volume's opening, cut at random points and with bytes changed: read, or refused with TEIError."""
    head = SAMPLE_TEI.read_bytes()[:20_000]
    generate = random.Random(7)
    path = tmp_path / "frus-mangled.xml"
    for _ in range(PER_DOOR):
        data = bytearray(head[: generate.randint(0, len(head))])
        for _ in range(generate.randint(0, 20)):
            if data:
                data[generate.randrange(len(data))] = generate.choice(b'<>&;"/=\x00\xffaZ')
        path.write_bytes(bytes(data))
        try:
            read_volume(path)
        except TEIError as error:
            message = str(error)
            assert message


LAUGHS = list(zip("abcdefg", "bcdefgh", strict=True))  # each entity ten of the one before: 10^9 a's in all


@pytest.mark.parametrize(
    "entity",
    [
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">',
        '<!ENTITY xxe SYSTEM "http://127.0.0.1:9/never">',
        '<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {name} "{("&" + previous + ";") * 10}">'
            for previous, name in zip("abcdefg", "bcdefgh", strict=True)
        )
        + '<!ENTITY xxe "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">',
    ],
    ids=["local file", "network", "billion laughs"],
)
def test_entities_in_tei_are_never_resolved(tmp_path: Path, entity: str) -> None:
    path = tmp_path / "frus-entities.xml"
    body = SAMPLE_TEI.read_text()
    doctype = f"<!DOCTYPE TEI [{entity}]>\n"
    start = body.index("<TEI")
    marked = body[:start] + doctype + body[start:].replace("<p>", "<p>&xxe;", 1)
    path.write_text(marked)
    began = time.monotonic()
    try:
        volume = read_volume(path)
    except TEIError:
        pass
    else:
        text = " ".join(document.text for document in volume.documents)
        assert "root:" not in text
        assert "aaaaaaaaaa" not in text
    assert time.monotonic() - began < 30


DOORS = [
    "/search?{q}",
    "/api/search?{q}",
    "/search/facets/people?{q}",
    "/documents/{path}",
    "/documents/{path}/attachments/1",
    "/documents/{path}/citation.bib",
    "/unapi?id={path}&format=ris",
    "/people/{path}",
    "/oai?{q}",
    "/search/feed?{q}",
    "/api/documents/{path}",
]
NAMES = st.sampled_from(["q", "page", "per_page", "from", "to", "sort", "people", "places", "topics", "type",
                         "languages", "people_mode", "verb", "metadataPrefix", "identifier", "set", "resumptionToken",
                         "until", "contains", "zoom", "width", "cursor"])  # fmt: skip
ODD_VALUES = ["-1", "0", "99999999999999999999", "1e9", "NaN", "../../etc/passwd", "%00", "ListRecords", "oai_dc",
              "GetRecord", "1952-02-30", "9999-99", "..", "/", "9/10/1952", "n.d.", "early 1950s", "31.2.1952",
              "Stalin 1952", "September 0000"]  # fmt: skip
VALUES = queries | st.sampled_from(ODD_VALUES)


@settings(max_examples=PER_DOOR, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    door=st.sampled_from(DOORS),
    params=st.lists(st.tuples(NAMES, VALUES), max_size=6),
    path=VALUES.filter(lambda text: text.strip("/")),
)
def test_http_doors_never_answer_500(
    hostile_client: Client, door: str, params: list[tuple[str, str]], path: str
) -> None:
    query = "&".join(f"{quote(name)}={quote(value, safe='')}" for name, value in params)
    url = door.format(q=query, path=quote(path, safe="/"))
    response = hostile_client.get(url)
    assert response.status_code < 500, url
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.fixture
def hostile_client(sample: Any, settings: Any) -> Client:
    settings.RATE_LIMITS = False
    return Client()


def test_oversized_and_odd_requests(client: Client, db: None) -> None:
    assert client.get("/search", {"q": "x" * 7_000}).status_code == 200
    assert client.get("/search", {"q": "x" * 100_000}).status_code == 414  # longer than the server reads
    assert client.get("/search", {"page": "9" * 5000}).status_code == 200
    assert client.post("/search", data="x" * 3_000_000, content_type="text/plain").status_code in (400, 405, 413)
    assert client.generic("TRACE", "/").status_code == 405
    assert client.get("/documents/%2e%2e/%2e%2e/etc/passwd").status_code == 404
    assert client.get("/api/search", {"q": json.dumps({"$where": "1"})}).status_code == 200


def test_searching_generated_queries_on_a_real_index(sample: Any) -> None:
    generate = random.Random(5)
    tokens = ['"', "(", ")", "*", "~", "-", "OR", "title:", "people:", "Stalin", "Mao", "1952", "^", ":", "\\", "周"]
    for _ in range(2_000):
        text = " ".join(generate.choice(tokens) for _ in range(generate.randint(0, 8)))
        search_archive(SearchRequest(q=text, page=generate.randint(-5, 50)))
