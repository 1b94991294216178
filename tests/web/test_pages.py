"""The reading room's pages through Django's test client, against the real index."""

import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import seed_records
from tests.scans import make_pdf, write

pytestmark = pytest.mark.django_db
SEED_DOCUMENTS = [record for record in seed_records() if record.get("kind", "document") == "document"]
SEED_DISPLAY_DATES = {
    "1952-09-22": "September 22, 1952",
    "1952-09-14": "September 14, 1952",
    "1952-08-20": "August 20, 1952",
    "1952-09-19": "September 19, 1952",
    "1959-10-02": "October 2, 1959",
    "1952-09-16": "September 16, 1952",
    "1952-09-17": "September 17, 1952",
}


def text_of(html: str, css_class: str) -> list[str]:
    pattern = rf'<(\w+) class="{css_class}">(.*?)</\1>'
    return [unescape(re.sub(r"<[^>]+>", "", match[1])).strip() for match in re.findall(pattern, html, re.S)]


def test_the_seed_page(client: Client, sample: Any) -> None:
    response = client.get("/search", {"collections": "Sino-Soviet Relations"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a class="skip-link" href="#content">Skip to content</a>' in html
    assert 'id="content"' in html
    assert "Results: 1 - 7 of 7" in html
    assert re.search(r"<h1[^>]*>Documents</h1>", html)
    entries = list(
        zip(text_of(html, "hit-date"), text_of(html, "hit-title"), text_of(html, "hit-summary"), strict=True)
    )
    expected = [
        (SEED_DISPLAY_DATES[r["date"]], r["title"], r["summary"])
        for r in sorted(SEED_DOCUMENTS, key=lambda record: record["date"])
    ]
    assert entries == expected
    for record in SEED_DOCUMENTS:
        assert f'href="/documents/{record["id"]}"' in html


def test_results_say_type_collection_and_holding_repository(
    client: Client, sample: Any, load: Callable[..., Any]
) -> None:
    load(
        [
            {
                "id": "held/1",
                "title": "Cable on the armistice talks",
                "type": "Telegram",
                "collections": ["Korean War Origins and Armistice", "Sino-Soviet Relations"],
                "source": {"repository": "Archive of the President of the Russian Federation (APRF)"},
            },
            {"id": "held/2", "title": "Undescribed armistice note"},
        ]
    )
    html = client.get("/search", {"q": "armistice"}).content.decode()
    hits = {
        unescape(re.sub(r"<[^>]+>", "", title)).strip(): facts
        for title, facts in re.findall(r'class="hit-title">(.*?)</h2>\s*(<dl class="hit-facts">.*?</dl>)?', html, re.S)
    }
    facts = [
        (unescape(term), unescape(value))
        for term, value in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", hits["Cable on the armistice talks"])
    ]
    assert facts == [
        ("Type", "Telegram"),
        ("Collections", "Korean War Origins and Armistice; Sino-Soviet Relations"),
        ("Held by", "Archive of the President of the Russian Federation (APRF)"),
    ]
    assert hits["Undescribed armistice note"] == ""  # nothing to say, no empty list
    seed = client.get("/search", {"q": "Filippov"}).content.decode()
    assert "<dt>Type</dt><dd>Letter</dd>" in seed
    assert "<dt>Collections</dt><dd>Sino-Soviet Relations; Korean War Origins and Armistice</dd>" in seed


def test_results_are_in_date_order_without_a_query(client: Client, sample: Any) -> None:
    html = client.get("/search").content.decode()
    dates = text_of(html, "hit-date")
    by_day = {display: day for day, display in SEED_DISPLAY_DATES.items()}
    assert [by_day[d] for d in dates] == sorted(by_day[d] for d in dates)


def test_page_two_of_thirty_five(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": f"bulk/{n}", "title": f"Circular {n}", "date": "1961"} for n in range(35)])
    html = client.get("/search", {"q": "circular", "page": "2"}).content.decode()
    assert "Results: 11 - 20 of 35" in html
    assert 'aria-current="page">2<' in html
    assert "page=4" in html


def test_nothing_matches_is_a_clear_message(client: Client, sample: Any) -> None:
    html = client.get("/search", {"q": "zzyzzx"}).content.decode()
    assert "No documents match" in html
    assert "zzyzzx" in html


def test_facets_link_to_narrower_results_and_back(client: Client, sample: Any) -> None:
    html = client.get("/search").content.decode()
    assert re.search(r'href="\?places=place%2Fburma">Burma</a> <span class="count">3</span>', html)
    narrowed = client.get("/search", {"places": "place/burma"}).content.decode()
    assert "Results: 1 - 3 of 3" in narrowed
    assert 'href="?" aria-label="Remove Places: Burma"' in narrowed


def test_the_document_page_shows_every_field(client: Client, sample: Any, load: Callable[..., Any], home: Path) -> None:
    write(home, "scan.pdf", make_pdf(["The scan"]))  # `load` writes the records into the data directory
    report = load(
        [
            {
                "id": "t/full",
                "title": "Telegram, Mao to Filippov",
                "date": "1950~",
                "type": "Telegram",
                "summary": "A summary.",
                "text": "Full text here.",
                "transcripts": [{"language": "zh", "text": "毛泽东致电"}],
                "authors": ["Mao Zedong"],
                "recipients": ["Filippov"],
                "places": ["Peking"],
                "topics": ["Korean War"],
                "collections": ["Sino-Soviet Relations"],
                "organizations": ["UN"],
                "languages": ["zh"],
                "source": {
                    "repository": "APRF",
                    "citation": "Fond 45, Opis 1, Delo 334",
                    "publication": "CWIHP Bulletin",
                    "url": "https://example.org/doc",
                },
                "credits": "Translated by A. Translator",
                "rights": "Public domain",
                "related": ["seed/1952-09-17-filippov-mao", "elsewhere/1"],
                "attachments": [{"path": "scan.pdf", "label": "Scan of the original"}],
            }
        ]
    )
    assert report.rejected == 0, report.rejections
    html = client.get("/documents/t/full").content.decode()
    for text in (
        "c. 1950",
        "Telegram, Mao to Filippov",
        "A summary.",
        "Full text here.",
        "毛泽东致电",
        'lang="zh"',
        "Mao Zedong",
        "Stalin, Joseph",
        "Beijing",
        "Korean War",
        "Sino-Soviet Relations",
        "United Nations",
        "APRF",
        "Fond 45, Opis 1, Delo 334",
        "CWIHP Bulletin",
        "https://example.org/doc",
        "Translated by A. Translator",
        "Public domain",
        "Hand-delivered letter, Filippov (Stalin)",
        "Scan of the original",
    ):
        assert text in html, text
    assert "elsewhere/1" not in html  # a reader sees only the related documents they can open
    assert 'href="/search?people=person/stalin"' in html or 'href="/search?people=person%2Fstalin"' in html


def test_hostile_html_in_metadata_is_escaped(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load(
        [
            {
                "id": "t/x",
                "title": "<script>alert(1)</script> Evil",
                "summary": "<img src=x onerror=alert(2)>",
                "text": "<b>bold</b> evil text",
                "source": {"url": "javascript:alert(3)"},
            }
        ]
    )
    for url in ("/documents/t/x", "/search?q=evil"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/search?q=evil").content.decode()


def test_restricted_and_missing_documents_are_not_found(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": "secret/1", "title": "Secret", "access": "restricted"}])
    assert client.get("/documents/secret/1").status_code == 404
    response = client.get("/documents/no/such/thing")
    assert response.status_code == 404
    assert "There is no page at this address" in response.content.decode()


def test_the_home_page_lists_collections(client: Client, sample: Any) -> None:
    html = client.get("/").content.decode()
    assert "Sino-Soviet Relations" in html
    assert "7 documents" in html


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.text(max_size=300),
    facet=st.text(max_size=40),
    date=st.text(max_size=20),
    page=st.text(max_size=8),
    sort=st.text(max_size=8),
)
def test_anything_typed_gives_a_page(
    client: Client, sample: Any, q: str, facet: str, date: str, page: str, sort: str
) -> None:
    params = {"q": q, "people": facet, "from": date, "page": page, "sort": sort}
    nul = any("\x00" in value for value in params.values())  # refused with a message (see test_nul.py)
    assert client.get("/search", params).status_code == (400 if nul else 200)
    api = client.get("/api/search", params)  # the API explains what it cannot read (see tests/api)
    assert api.status_code in ((400,) if nul else (200, 400))
    assert api["Content-Type"] == "application/json"


# A query of 7,000 letters still gets a page; an address over 8,000 bytes gets a 414 (tests/web/test_long_addresses.py).
@pytest.mark.parametrize("q", ['"unbalanced', "(((", "OR", "-", "a" * 7_000, "title:", "***", "~~"])
def test_broken_queries_give_a_page(client: Client, sample: Any, q: str) -> None:
    assert client.get("/search", {"q": q}).status_code == 200


def test_the_page_explains_name_matches_and_offers_corrections(client: Client, sample: Any) -> None:
    html = client.get("/search", {"q": "Filippov"}).content.decode()
    assert "Matched Stalin, Joseph: Filippov" in html
    html = client.get("/search", {"q": "Khruschev"}).content.decode()
    assert 'Did you mean <a href="?q=Khrushchev">Khrushchev</a>?' in html


def test_the_search_help_page_is_linked_beside_the_box(client: Client, sample: Any) -> None:
    html = client.get("/search").content.decode()
    assert 'href="/help/search"' in html
    help_page = client.get("/help/search").content.decode()
    assert "The query language" in help_page
    assert "negotiat*" in help_page


def test_a_choice_of_page_sizes(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": f"bulk/{n}", "title": f"Circular {n}", "date": "1961"} for n in range(60)])
    html = client.get("/search", {"q": "circular", "per_page": "25", "page": "3"}).content.decode()
    assert "Results: 51 - 60 of 60" in html
    assert '<option value="25" selected>' in html
    assert client.get("/api/search", {"q": "circular", "per_page": "50"}).json()["end"] == 50
    assert client.get("/api/search", {"q": "circular", "per_page": "7"}).status_code == 400  # not offered


def test_the_document_page_lists_similar_documents(client: Client, sample: Any, load: Callable[..., Any]) -> None:
    load(
        [
            {
                "id": "secret/1",
                "title": "Minutes of Conversation between I.V. Stalin and Zhou Enlai on Korea",
                "summary": "Conversation between Stalin and Zhou Enlai on the Korean War and POWs.",
                "access": "restricted",
            }
        ]
    )
    html = client.get("/documents/seed/1952-08-20-stalin-zhou").content.decode()
    assert "Similar documents" in html
    similar = html[html.index("Similar documents") :]
    assert 'href="/documents/seed/1952-09-19-stalin-zhou"' in similar  # the other Stalin–Zhou minutes
    assert 'href="/documents/seed/1952-08-20-stalin-zhou"' not in similar
    assert "secret/1" not in similar


def test_the_home_page_invites_exploring(client: Client, sample: Any) -> None:
    html = client.get("/").content.decode()
    assert "<title>Home · readingroom</title>" in html
    assert html.count("most documented</h2>") == 3
    assert '<input id="home-q" type="search" name="q"' in html
    assert 'aria-label="1952: 6 documents"' in html
    assert 'href="/search?from=1952&amp;to=1952"' in html
    people = html[html.index("People most documented") :]
    assert '<a href="/search?people=person%2Fstalin">Stalin, Joseph</a> <span class="count">6</span>' in people
    assert "Places most documented" in html
    assert "Topics most documented" in html
    assert "Recently added" in html
    assert 'href="/documents/seed/1952-09-17-filippov-mao"' in html


@pytest.mark.parametrize("url", ["/", "/search?q=Stalin", "/documents/seed/1952-09-17-filippov-mao", "/people/stalin"])
def test_pages_are_light_and_ship_only_their_own_assets(client: Client, sample: Any, url: str) -> None:
    from django.contrib.staticfiles import finders

    html = client.get(url).content.decode()
    assets = re.findall(r'<(?:link rel="stylesheet"|script) (?:href|src)="([^"]+)"', html)
    assert assets, "no stylesheet found"
    assert all(asset.startswith("/static/") for asset in assets)  # no fonts, scripts or CDNs from elsewhere
    sizes = [Path(finders.find(asset.removeprefix("/static/"))).stat().st_size for asset in assets]
    assert sum(sizes) <= 100 * 1024


def test_the_status_page_and_the_notice_while_the_index_is_rebuilt(
    client: Client, sample: Any, home: Path, settings: Any
) -> None:
    import shutil

    from readingroom.search.index import forget_index

    status = client.get("/status").content.decode()
    assert "The search index is up to date." in status
    assert "The search index is being rebuilt" not in client.get("/search").content.decode()
    forget_index(home / "index")
    shutil.rmtree(home / "index")  # as a damaged index is replaced: empty until the indexer has filled it
    assert "The search index is being rebuilt" in client.get("/status").content.decode()
    assert "The search index is being rebuilt: results may be incomplete" in client.get("/search").content.decode()
