"""An archive with restricted and unpublished records looks, to the public, exactly like one without them.

Two archives are built from the same public records; the second also holds the hidden records of tests/test_leaks.py
(documents, and a person, organization, place, topic and collection that only they name) and a document that was
public and then restricted, with the person only it names: an authority hidden later. Both are served, and every
door test_leaks.py knocks at, with filter chips of every kind of authority, the status page and the suggestions,
must answer the same, once what legitimately differs is set aside: the server's address, the times the records were
written, and the OAI-PMH deletion of the document that was public once (harvesters must hear that it went).
"""

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from lxml import etree

from tests.conftest import SAMPLE, run_cli, serving
from tests.scans import make_pdf, write
from tests.test_leaks import HIDDEN, every_door

pytestmark = pytest.mark.slow

LATER_ID = "later/doc-3"
LATER: list[dict[str, Any]] = [
    {"kind": "person", "id": "person/laterhiddenmarker", "name": "Laterhiddenmarker, Olga"},
    {
        "id": LATER_ID,
        "title": "A circular, later withdrawn",
        "date": "1953-03-05",
        "text": "Laterhiddenmarker reports on Stalin.",
        "people": ["person/laterhiddenmarker"],
    },
]
PUBLIC = [record for record in HIDDEN if record.get("kind", "document") == "document" and "access" not in record]
SECRET = [record for record in HIDDEN if record not in PUBLIC]
FILTERS = [
    "people=person/hiddenpersonmarker",
    "people=person/laterhiddenmarker",
    "people=Hiddenpersonmarker, Ivan",
    "people=person/laterhiddenmarker&people=person/stalin&any=people",
    "organizations=org/hiddenorgmarker",
    "places=place/hiddenplacemarker",
    "topics=topic/hiddentopicmarker",
    "collections=collection/secretcollectionmarker",
    "q=Laterhiddenmarker",
    "q=Olga",
]
PAGES = [
    "/status",
    "/people/laterhiddenmarker",
    "/organizations/hiddenorgmarker",
    "/places/hiddenplacemarker",
    "/topics/hiddentopicmarker",
    "/api/v1/authorities/person/laterhiddenmarker",
    "/api/v1/authorities?kind=person&prefix=later",
    "/api/v1/authorities?kind=organization",
    "/api/v1/authorities?kind=place",
    "/api/v1/authorities?kind=topic",
    f"/documents/{LATER_ID}",
    f"/api/v1/documents/{LATER_ID}",
    *(f"/search/facets/{facet}?contains=hidden" for facet in ("people", "organizations", "places", "topics")),
    "/search/facets/collections?contains=secret",
    "/search/facets/people?contains=later",
]


def jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records))
    return path


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The addresses of the two archives, served: without hidden records, and with them."""
    plain, hiding = tmp_path_factory.mktemp("plain"), tmp_path_factory.mktemp("hiding")
    run_cli("import", str(SAMPLE), str(jsonl(plain / "public.jsonl", PUBLIC)), home=plain)
    write(hiding, "secret-scan.pdf", make_pdf(["zanzibarmarker page"]))
    # The hidden records come first, so that the public ones are written after them (later sequence numbers).
    secret, public = jsonl(hiding / "secret.jsonl", SECRET), jsonl(hiding / "public.jsonl", PUBLIC)
    run_cli("import", str(secret), str(SAMPLE), str(public), home=hiding)
    run_cli("import", str(jsonl(hiding / "later.jsonl", LATER)), home=hiding)
    restricted = [{**record, "access": "restricted"} if record["id"] == LATER_ID else record for record in LATER]
    run_cli("import", str(jsonl(hiding / "restricted.jsonl", restricted)), home=hiding)
    environment = {"READINGROOM_RATE_LIMITS": "0"}
    with serving(plain, env=environment) as without, serving(hiding, env=environment) as with_hidden:
        yield without, with_hidden


def doors() -> Iterator[str]:
    yield from every_door()
    for search in FILTERS:
        yield f"/search?{search}"
        yield f"/api/v1/search?{search}"
        yield f"/search/feed?{search}"
        yield f"/search/export.csv?{search}"
        yield f"/search/export.jsonl?{search}"
        for facet in ("people", "organizations", "places", "topics", "collections"):
            yield f"/search/facets/{facet}?{search}"
            yield f"/api/v1/facets/{facet}?{search}"
    yield from PAGES


def fetch(address: str, url: str) -> tuple[int, str, str]:
    """Status, media type and body, as a reader's client gets them."""
    try:
        with urllib.request.urlopen(address + quote(url, safe="/?&=:~%+,"), timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read().decode("utf-8", "replace")


def normalised(body: str, address: str) -> str:
    """Without what differs between any two archives: where they are served, when their records were written, and
    so the order of documents added within the same second (feeds and the home page list the latest first)."""
    body = body.replace(address, "http://archive").replace(quote(address, safe=""), "http%3A%2F%2Farchive")
    body = body.replace(address.removeprefix("http://"), "archive")
    body = re.sub(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?", "TIME", body)
    body = body.replace(date.today().isoformat(), "TODAY")
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', body)
    body = re.sub(r"(<entry>.*</entry>)", lambda feed: "".join(sorted(re.findall("<entry>.*?</entry>", feed[1]))), body)
    recent = r'(<h2 id="recent-heading">.*?<ol class="hits">)(.*?)(</ol>)'
    return re.sub(recent, lambda hits: hits[1] + "".join(sorted(hits[2].split("</li>"))) + hits[3], body, flags=re.S)


OAI = "{http://www.openarchives.org/OAI/2.0/}"


def without_the_withdrawal(body: str) -> str:
    """An OAI-PMH answer without the deletion of the document that was public once, which only it may name."""
    if not body.startswith("<?xml") or "<OAI-PMH" not in body:
        return body
    root = etree.fromstring(body.encode(), BLANKLESS)
    for header in root.iter(f"{OAI}header"):
        if header.get("status") == "deleted":
            identifier = header.findtext(f"{OAI}identifier") or ""
            assert identifier.endswith(f":{LATER_ID}"), identifier
            record = header.getparent()
            assert record is not None
            if record.tag == f"{OAI}record":
                assert record.find(f"{OAI}metadata") is None  # a deletion tells nothing of the document
                record.getparent().remove(record)
            else:
                record.remove(header)
    return str(etree.tostring(root, encoding="unicode"))


def canonical(body: str) -> str:
    if body.startswith("<?xml") and "<OAI-PMH" in body:
        return str(etree.tostring(etree.fromstring(body.encode(), BLANKLESS), encoding="unicode"))
    return body


BLANKLESS = etree.XMLParser(remove_blank_text=True)


def test_the_public_cannot_tell_an_archive_with_hidden_records_from_one_without(archives: tuple[str, str]) -> None:
    without, with_hidden = archives
    compared, differences = 0, []
    for url in dict.fromkeys(doors()):
        plain_status, plain_type, plain_body = fetch(without, url)
        hiding_status, hiding_type, hiding_body = fetch(with_hidden, url)
        assert max(plain_status, hiding_status) < 500, url
        plain_text = canonical(normalised(plain_body, without))
        hiding_text = without_the_withdrawal(normalised(hiding_body, with_hidden))
        if (plain_status, plain_type, plain_text) != (hiding_status, hiding_type, hiding_text):
            differences.append((url, plain_status, hiding_status, first_difference(plain_text, hiding_text)))
        compared += 1
    assert not differences, "\n".join(map(str, differences))
    assert compared > 500


def test_harvesters_hear_that_the_withdrawn_document_went(archives: tuple[str, str]) -> None:
    without, with_hidden = archives
    harvest = fetch(with_hidden, "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc")[2]
    assert f":{LATER_ID}</identifier>" in harvest
    assert 'status="deleted"' in harvest
    assert LATER_ID not in fetch(without, "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc")[2]


def first_difference(first: str, second: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), min(len(first), len(second)))
    return f"…{first[max(0, at - 150) : at + 150]!r}\n  vs …{second[max(0, at - 150) : at + 150]!r}"


def test_a_reference_to_a_hidden_document_reads_as_elsewhere(archives: tuple[str, str]) -> None:
    without, with_hidden = archives
    url = "/api/v1/documents/public/links-to-secret"
    assert fetch(without, url)[2] == fetch(with_hidden, url)[2]
