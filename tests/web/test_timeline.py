"""The timeline histogram above the results."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def bars(html: str) -> list[tuple[str, str]]:
    """(label, count) of each bar, from the links' accessible names."""
    return re.findall(r'aria-label="([^"]+): (\d+) documents?"', html)


def test_years_from_first_to_last_with_empty_years(client: Client, sample: Any) -> None:
    html = client.get("/search").content.decode()
    assert bars(html) == [("1952", "6"), *[(str(y), "0") for y in range(1953, 1959)], ("1959", "1")]
    assert 'href="?from=1952&amp;to=1952"' in html
    assert "<summary>The timeline as a table</summary>" in html


def test_within_one_year_the_bars_are_months(client: Client, sample: Any) -> None:
    html = client.get("/search", {"from": "1952", "to": "1952"}).content.decode()
    labels = bars(html)
    assert len(labels) == 12
    assert ("August 1952", "1") in labels
    assert ("September 1952", "5") in labels
    assert 'href="?from=1952-09&amp;to=1952-09"' in html


def test_long_spans_are_drawn_by_decade(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": "t/old", "title": "Old", "date": "1917-11-07"}, {"id": "t/new", "title": "New", "date": "1991-12"}])
    labels = bars(client.get("/search").content.decode())
    assert labels[0] == ("1910s", "1")
    assert ("1950s", "7") in labels
    assert labels[-1] == ("1990s", "1")


def test_no_timeline_without_dated_results(client: Client, sample: Any) -> None:
    assert "timeline" not in client.get("/search", {"q": "zzyzzx"}).content.decode()


def test_the_api_counts_months(client: Client, sample: Any) -> None:
    months = client.get("/api/search").json()["dates"]["months"]
    assert {"month": "1952-09", "count": 5} in months


def test_more_than_thirty_years_are_drawn_by_decade(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    """Thirty bars of 1.75rem at least fit a desktop's results column; beyond that, bars are decades."""
    load([{"id": f"t/{year}", "title": f"Annual report {year}", "date": str(year)} for year in range(1921, 1951)])
    assert len(bars(client.get("/search", {"q": "annual"}).content.decode())) == 30
    assert [label for label, _ in bars(client.get("/search").content.decode())] == ["1920s", "1930s", "1940s", "1950s"]


def test_at_most_twelve_bars_are_labelled(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    """A label may take its unlabelled neighbours' room, so that it need not shrink below 12 px on a phone."""
    load([{"id": f"t/{year}", "title": f"Annual report {year}", "date": str(year)} for year in range(1921, 1951)])
    html = client.get("/search", {"q": "annual"}).content.decode()
    labels = re.findall(r'<span class="tick">([^<]*)</span>', html)
    assert len(labels) == 30
    assert [label for label in labels if label] == [str(year) for year in range(1921, 1951, 3)]
