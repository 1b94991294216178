"""Harvesting other archives over OAI-PMH: recorded answers of another provider (a DSpace-like repository), served
over real HTTP from a thread of the test, and every way a source can fail."""

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from readingroom.records import harvests
from readingroom.records.harvests import document_id, find_source, harvest, source_slug
from readingroom.records.models import Document, HarvestSource

RESPONSES = Path(__file__).resolve().parent / "oai_responses"


def request(**arguments: str) -> str:
    """A request as the provider files it: its arguments sorted and URL-encoded."""
    return urlencode(sorted(arguments.items()))


def described(**arguments: str) -> str:
    """A request as a message names it: the verb first."""
    return urlencode(arguments)


IDENTIFY = request(verb="Identify")
FIRST = request(verb="ListRecords", metadataPrefix="oai_dc")
SECOND = request(verb="ListRecords", resumptionToken="oai_dc////100")
FIRST_SENT = described(verb="ListRecords", metadataPrefix="oai_dc")
SECOND_SENT = described(verb="ListRecords", resumptionToken="oai_dc////100")
Answer = tuple[int, bytes] | Callable[[], tuple[int, bytes]]


def recorded(name: str) -> tuple[int, bytes]:
    return 200, (RESPONSES / name).read_bytes()


class Provider:
    """An OAI-PMH source answering from recorded responses: `answers` maps a request (its arguments sorted and
    URL-encoded) to a status and body; `requests` lists what was asked, in order."""

    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {IDENTIFY: recorded("identify.xml")}
        self.requests: list[str] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = urlencode(sorted(parse_qsl(urlsplit(self.path).query)))
                provider.requests.append(query)
                answer = provider.answers.get(query, (404, b"not found"))
                status, body = answer() if callable(answer) else answer
                self.send_response(status)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None: ...

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/oai/request"


@pytest.fixture
def provider(db: None) -> Iterator[Provider]:
    source = Provider()
    thread = threading.Thread(target=source.server.serve_forever, daemon=True)
    thread.start()
    yield source
    source.server.shutdown()
    source.server.server_close()
    thread.join()


def two_pages(provider: Provider) -> None:
    provider.answers[FIRST] = recorded("list-records-1.xml")
    provider.answers[SECOND] = recorded("list-records-2.xml")


def test_records_become_documents_that_say_where_they_come_from(provider: Provider) -> None:
    two_pages(provider)
    report = harvest(find_source(provider.url))
    assert (report.added, report.pages, report.error) == (3, 2, "")
    slug = source_slug(provider.url)
    letter = Document.objects.get(pk=f"harvest/{slug}/10012/101")
    assert letter.title == "Letter from the consul at Tabriz on the grain harvest"
    assert (letter.date, letter.type, letter.languages, letter.rights) == (
        "1946-09-22",
        "Letter",
        ["en"],
        "Public domain.",
    )
    assert letter.source_repository == "Example University Library, Special Collections"
    assert letter.source_url == "http://repository.example.edu/handle/10012/101"
    provenance = letter.extra["harvest"]
    assert (provenance["from"], provenance["identifier"]) == (provider.url, "oai:repository.example.edu:10012/101")
    assert provenance["harvested"].startswith("20")
    names = {(link.role, link.authority.name) for link in letter.links.select_related("authority")}
    assert {("authors", "Harriman, W. Averell"), ("topics", "Famines"), ("places", "Tabriz (Iran)")} <= names
    telegram = Document.objects.get(pk=f"harvest/{slug}/10012/102")
    assert (telegram.date, telegram.source_url, telegram.languages) == ("1946-03", "", [])
    assert Document.objects.get(pk=f"harvest/{slug}/10012/103").date == "1946~"
    assert any("xx-not-a-language-at-all" in problem for problem in report.problems)


def test_harvesting_again_asks_from_the_last_harvest_and_changes_nothing(provider: Provider) -> None:
    two_pages(provider)
    source = find_source(provider.url)
    harvest(source)
    assert source.harvested_until == "2026-03-02T10:15:01Z"  # the responseDate of the harvest's first page
    since = urlencode(
        sorted({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-03-02T10:15:01Z"}.items())
    )
    provider.answers[since] = recorded("no-records-match.xml")  # noRecordsMatch is no error: nothing changed
    report = harvest(HarvestSource.objects.get(pk=source.pk))
    assert provider.requests[-1] == since
    assert (report.added, report.updated, report.error) == (0, 0, "")
    assert Document.objects.filter(pk__startswith=f"harvest/{source.slug}/").count() == 3


def test_deleted_records_delete_their_documents(provider: Provider, load: Callable[..., Any]) -> None:
    two_pages(provider)
    source = find_source(provider.url)
    gone = document_id(source, "oai:repository.example.edu:10012/099")
    load([{"id": gone, "title": "Harvested before, deleted since"}])
    report = harvest(source)
    assert report.deleted == 1
    assert not Document.objects.filter(pk=gone).exists()


def test_a_harvest_that_fails_midway_keeps_its_pages_and_resumes_after_them(provider: Provider) -> None:
    provider.answers[FIRST] = recorded("list-records-1.xml")
    provider.answers[SECOND] = (503, b"Service Unavailable")
    source = find_source(provider.url)
    report = harvest(source)
    assert report.error == f"{provider.url}?{SECOND_SENT}: the source answered HTTP 503"
    assert (report.added, source.resumption_token) == (2, "oai_dc////100")
    assert "stopped" in HarvestSource.objects.get(pk=source.pk).last_status
    provider.answers[SECOND] = recorded("list-records-2.xml")
    again = harvest(HarvestSource.objects.get(pk=source.pk))
    assert FIRST not in provider.requests[provider.requests.index(SECOND) :]  # resumed, not begun again
    assert (again.added, again.error) == (1, "")
    assert Document.objects.filter(pk__startswith=f"harvest/{source.slug}/").count() == 3


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (recorded("bad-argument.xml"), "the source answered the OAI-PMH error badArgument: The request includes"),
        ((200, b"<OAI-PMH><ListRecords><record>"), "the answer is not well-formed XML"),
        ((500, b"Internal Server Error"), "the source answered HTTP 500"),
    ],
)
def test_a_source_that_answers_errors_is_reported_by_url_and_request(
    provider: Provider, answer: tuple[int, bytes], message: str
) -> None:
    provider.answers[FIRST] = answer
    report = harvest(find_source(provider.url))
    assert report.error.startswith(f"{provider.url}?{FIRST_SENT}: {message}")
    assert report.added == 0


def test_a_resumption_token_given_twice_stops_the_harvest(provider: Provider) -> None:
    provider.answers[FIRST] = recorded("list-records-1.xml")
    provider.answers[SECOND] = recorded("list-records-1.xml")  # the same token again: it would never end
    report = harvest(find_source(provider.url))
    assert report.error == f"{provider.url}?{SECOND_SENT}: the source gave the resumption token 'oai_dc////100' again"
    assert report.added == 2  # the good page is kept


def test_a_source_that_does_not_answer_in_time_is_reported(provider: Provider, monkeypatch: pytest.MonkeyPatch) -> None:
    released = threading.Event()

    def late() -> tuple[int, bytes]:
        released.wait(10)
        return recorded("list-records-1.xml")

    monkeypatch.setattr(harvests, "TIMEOUT", 0.2)
    provider.answers[FIRST] = late
    try:
        report = harvest(find_source(provider.url))
    finally:
        released.set()
    assert report.error == f"{provider.url}?{FIRST_SENT}: no answer within 0.2 seconds"


def test_long_identifiers_give_distinct_ids_within_the_format(provider: Provider) -> None:
    source = find_source(provider.url)
    first, second = (document_id(source, "oai:x.org:" + "a" * 300 + end) for end in "12")
    assert first != second
    assert len(first) == len(second) == 200


def test_the_document_page_says_where_a_harvested_document_is_held(provider: Provider, client: Any) -> None:
    two_pages(provider)
    harvest(find_source(provider.url))
    page = client.get(f"/documents/harvest/{source_slug(provider.url)}/10012/101")
    assert page.status_code == 200
    held = page.content.decode().split('<p class="harvested">')[1].split("</p>")[0]
    assert held.startswith(
        f"Held by Example University Library, Special Collections; harvested from {provider.url} on 20"
    )
    assert '<a href="http://repository.example.edu/handle/10012/101" rel="noopener nofollow">the original</a>' in held


def test_an_expired_resumption_token_has_the_next_harvest_begin_again(provider: Provider) -> None:
    provider.answers[FIRST] = recorded("list-records-1.xml")
    provider.answers[SECOND] = (503, b"Service Unavailable")
    source = find_source(provider.url)
    harvest(source)
    provider.answers[SECOND] = recorded("bad-resumption-token.xml")
    stopped = harvest(source)
    assert (
        "the source answered the OAI-PMH error badResumptionToken: The resumption token has expired." in stopped.error
    )
    provider.answers[SECOND] = recorded("list-records-2.xml")
    again = harvest(source)
    assert provider.requests[-3:] == [IDENTIFY, FIRST, SECOND]
    assert (again.added, again.unchanged, again.error) == (1, 2, "")
