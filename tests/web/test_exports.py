"""Exports of a whole result set, parsed back with the tools their readers use, and the Atom feed."""

import csv
import io
import json
import re
from collections.abc import Callable
from html import unescape
from typing import Any
from urllib.parse import urlencode

import bibtexparser
import feedparser
import pytest
import rispy
from django.test import Client

from readingroom.ingest.jsonl import parse_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(sample: Any, load: Callable[..., Any]) -> None:
    load(
        [
            {
                "id": f"bulk/{n:02d}",
                "title": f"Circular {n} on {{braces}} & 100% of #costs_x",
                "date": f"1961-03-{n + 1:02d}",
                "authors": ["Dulles, John Foster"],
                "topics": ["Disarmament"],
                "summary": "Summary \\ with a backslash.",
            }
            for n in range(25)
        ]
        + [{"id": "secret/1", "title": "Secret circular", "access": "restricted"}]
    )


def download(client: Client, key: str, **params: str) -> str:
    response = client.get(f"/search/export.{key}", params)
    assert response.status_code == 200
    assert response.streaming
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode()  # type: ignore[arg-type]


def test_csv_has_the_whole_result_set_in_order(client: Client, archive: None) -> None:
    rows = list(csv.DictReader(io.StringIO(download(client, "csv", q="circular", sort="date"))))
    assert [row["id"] for row in rows] == [f"bulk/{n:02d}" for n in range(25)]
    assert rows[0]["date_display"] == "March 1, 1961"
    assert rows[0]["authors"] == "Dulles, John Foster"
    assert rows[0]["url"] == "http://testserver/documents/bulk/00"


def test_json_lines_are_interchange_records(client: Client, archive: None) -> None:
    lines = download(client, "jsonl", collections="Sino-Soviet Relations").splitlines()
    assert len(lines) == 7
    for line in lines:
        record = json.loads(line)
        assert parse_record(record).to_json() == record


def test_bibtex_parses_back(client: Client, archive: None) -> None:
    library = bibtexparser.parse_string(download(client, "bib", q="circular"))
    assert not library.failed_blocks
    assert len(library.entries) == 25
    entry = next(e for e in library.entries if e.key == "bulk_00")
    assert entry.fields_dict["author"].value == "Dulles, John Foster"
    assert "Circular 0 on" in entry.fields_dict["title"].value
    assert entry.fields_dict["date"].value == "1961-03-01"


def test_ris_parses_back(client: Client, archive: None) -> None:
    records = rispy.loads(download(client, "ris", q="circular", sort="date"))
    assert len(records) == 25
    assert records[0]["title"].startswith("Circular 0 on")
    assert records[0]["authors"] == ["Dulles, John Foster"]
    assert records[0]["year"] == "1961"
    assert records[0]["keywords"] == ["Disarmament"]


@pytest.mark.parametrize("key", ["csv", "jsonl", "bib", "ris"])
def test_restricted_documents_are_never_exported(client: Client, archive: None, key: str) -> None:
    assert "ecret" not in download(client, key, q="circular")
    assert "ecret" not in download(client, key)


def test_an_unknown_format_is_not_found(client: Client, archive: None) -> None:
    assert client.get("/search/export.pdf").status_code == 404


def test_the_atom_feed_of_a_search(client: Client, archive: None) -> None:
    response = client.get("/search/feed", {"q": "circular"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 25
    assert all("Secret" not in entry.title for entry in feed.entries)
    assert feed.entries[0].link.startswith("http://testserver/documents/bulk/")


@pytest.mark.parametrize(
    "params",
    [{"q": "circular"}, {"q": "circular", "topics": "Disarmament", "from": "1961"}, {"q": "circular & costs"}, {}],
)
def test_each_feed_names_its_own_search(client: Client, archive: None, params: dict[str, str]) -> None:
    """The feed the search page offers has that search's address as its id and self link, and links to the search."""
    html = client.get("/search", {**params, "page": "2", "sort": "title"}).content.decode()
    offered = re.search(r'<a href="(/search/feed[^"]*)" type="application/atom\+xml"', html)
    assert offered, "the search page offers no feed"
    feed_address = unescape(offered.group(1))
    feed = feedparser.parse(client.get(feed_address).content).feed
    links = {link.rel: link.href for link in feed.links}
    assert feed.id == links["self"] == f"http://testserver{feed_address}"
    assert links["alternate"] == f"http://testserver{feed_address.replace('/search/feed', '/search')}"
    assert feed_address == "/search/feed" + (f"?{urlencode(params)}" if params else "")


def test_different_searches_have_different_feed_ids(client: Client, archive: None) -> None:
    ids = {
        feedparser.parse(client.get("/search/feed", params).content).feed.id for params in ({}, {"q": "a"}, {"q": "b"})
    }
    assert len(ids) == 3


def test_the_search_page_links_exports_and_feed(client: Client, archive: None) -> None:
    html = client.get("/search", {"q": "circular", "page": "2"}).content.decode()
    assert 'href="/search/export.csv?q=circular"' in html
    assert 'href="/search/feed?q=circular"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_csv_for_excel_begins_with_the_byte_order_mark(client: Client, archive: None) -> None:
    html = client.get("/search", {"q": "circular"}).content.decode()
    assert 'href="/search/export.csv?q=circular&amp;excel=1" download>CSV for Excel</a>' in html
    for_excel = download(client, "csv", q="circular", excel="1")
    plain = download(client, "csv", q="circular")
    assert for_excel == "\ufeff" + plain
    assert not plain.startswith("\ufeff")


def test_csv_cells_that_a_spreadsheet_would_run_are_written_as_text(client: Client, load: Callable[..., Any]) -> None:
    load([{"id": "f/1", "title": '=HYPERLINK("http://evil.example")', "summary": "-3 degrees", "credits": "@staff"}])
    [row] = csv.DictReader(io.StringIO(download(client, "csv")))
    assert (row["title"], row["summary"], row["credits"]) == (
        '\'=HYPERLINK("http://evil.example")',
        "'-3 degrees",
        "'@staff",
    )
