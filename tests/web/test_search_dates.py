"""Dates on the search page: the date boxes take dates as people write them, and a year typed among the words is
read as a date."""

import json
import re
from html import unescape
from typing import Any

import pytest
from django.test import Client

from tests.conftest import seed_records

pytestmark = pytest.mark.django_db
SEED_1952 = sorted(
    record["id"]
    for record in seed_records()
    if record.get("kind", "document") == "document" and record["date"].startswith("1952")
)


def hit_ids(html: str) -> list[str]:
    return sorted(re.findall(r'class="hit-title"><a href="/documents/([^"]+)"', html))


def notes(html: str) -> str:
    found = re.search(r'<ul class="notes" role="status">(.*?)</ul>', html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", found[1])) if found else ""


def test_the_home_pages_example_finds_the_documents_of_that_year(client: Client, sample: Any) -> None:
    home = client.get("/").content.decode()
    assert 'placeholder="e.g. Zhou Enlai Stalin 1952"' in home
    html = client.get("/search", {"q": "Zhou Enlai Stalin 1952"}).content.decode()
    words = client.get("/search", {"q": "Zhou Enlai Stalin", "per_page": "100"}).content.decode()
    naming_both = [identifier for identifier in hit_ids(words) if identifier in SEED_1952]
    assert len(naming_both) == 5  # the sixth of 1952, Filippov's letter to Mao, does not name Zhou Enlai
    assert hit_ids(html) == naming_both
    assert "“1952” read as a date: documents of 1952." in notes(html)


def test_the_year_can_be_searched_as_a_word_instead(client: Client, sample: Any) -> None:
    html = client.get("/search", {"q": "Zhou Enlai Stalin 1952"}).content.decode()
    link = re.search(r'<a href="([^"]+)">Search for “1952” as a word</a>', html)
    assert link is not None
    as_word = client.get("/search" + unescape(link[1])).content.decode()
    assert 'value="Zhou Enlai Stalin &quot;1952&quot;"' in as_word
    assert "read as a date" not in as_word


def test_a_month_or_a_decade_among_the_words(client: Client, sample: Any) -> None:
    september = client.get("/search", {"q": "Stalin September 1952"}).content.decode()
    assert "seed/1952-08-20-stalin-zhou" not in hit_ids(september)
    assert "seed/1952-09-19-stalin-zhou" in hit_ids(september)
    assert "documents of September 1952" in notes(september)
    fifties = client.get("/search", {"q": "Mao 1950s"}).content.decode()
    assert "seed/1959-10-02-khrushchev-mao" in hit_ids(fifties)
    assert "“1950s” read as a date: documents of the 1950s." in notes(fifties)


def test_the_date_boxes_narrow_a_year_typed_among_the_words(client: Client, sample: Any) -> None:
    """As a timeline bar chosen on the page of "Zhou Enlai Stalin 1952" does: its month, still of 1952."""
    html = client.get("/search", {"q": "Zhou Enlai Stalin 1952", "from": "1952-09", "to": "1952-09"}).content.decode()
    september = ["seed/1952-09-14-zhou-report", "seed/1952-09-16-zhou-note", "seed/1952-09-19-stalin-zhou"]
    assert hit_ids(html) == [*september, "seed/1952-09-22-zhou-report"]


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        ("17 Sept. 1952", "September 19, 1952"),
        ("17.9.1952", "19.9.1952"),
        ("Sept 17 1952", "9/19/1952"),
        ("1952-09-17", "1952-09-19"),
    ],
)
def test_the_date_boxes_take_dates_as_people_write_them(
    client: Client, sample: Any, date_from: str, date_to: str
) -> None:
    html = client.get("/search", {"from": date_from, "to": date_to}).content.decode()
    assert hit_ids(html) == ["seed/1952-09-17-filippov-mao", "seed/1952-09-19-stalin-zhou"]
    assert not notes(html)


def test_a_date_box_that_cannot_be_read_says_why(client: Client, sample: Any) -> None:
    html = client.get("/search", {"from": "9/10/1952"}).content.decode()
    assert 'The “from” date was ignored: "9/10/1952" is ambiguous: it could be September 10, 1952' in notes(html)
    undated = client.get("/search", {"to": "n.d."}).content.decode()
    assert "The “to” date was ignored: “n.d.” says there is no date." in notes(undated)


def test_the_date_boxes_have_a_hint_not_placeholders_that_look_like_values(client: Client, sample: Any) -> None:
    html = client.get("/search").content.decode()
    boxes = re.findall(r'<input id="(?:from|to)"[^>]*>', html)
    assert len(boxes) == 2
    assert all("placeholder" not in box and 'aria-describedby="date-hint"' in box for box in boxes)
    assert re.search(r'<p class="date-hint" id="date-hint">[^<]*22 Sept\. 1952', html)


def test_no_results_offers_to_remove_filters_only_when_some_are_set(client: Client, sample: Any) -> None:
    bare = client.get("/search", {"q": "zzyzzx"}).content.decode()
    assert "No documents match “zzyzzx”. Check the spelling or use fewer words." in bare
    assert "remove the filters" not in bare
    filtered = client.get("/search", {"q": "zzyzzx", "from": "1952"}).content.decode()
    assert "with the selected filters" in filtered
    assert "remove the filters</a>" in filtered


def test_the_export_reads_the_year_as_the_page_does(client: Client, sample: Any) -> None:
    exported = client.get("/search/export.jsonl", {"q": "Zhou Enlai Stalin 1952"})
    lines = b"".join(exported.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    records = [json.loads(line) for line in lines]
    page = client.get("/search", {"q": "Zhou Enlai Stalin 1952"}).content.decode()
    assert sorted(record["id"] for record in records if record.get("kind", "document") == "document") == hit_ids(page)
    assert len(hit_ids(page)) == 5
