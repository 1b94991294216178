"""Citing a document from its page: the citations shown, the files for reference managers (parsed back with the
tools their readers use), and the metadata embedded in the page's head (Highwire tags, COinS, JSON-LD)."""

import json
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "http://testserver/documents/cite/full"
FRUS = "Foreign Relations of the United States, 1955–1957, Volume II, China"
TITLE = "Telegram From the Embassy in the Republic of China to the Department of State"


@pytest.fixture
def archive(load: Callable[..., Any]) -> None:
    load(
        [
            {"kind": "person", "id": "person/rankin", "name": "Rankin, Karl L."},
            {"kind": "organization", "id": "org/state", "name": "Department of State"},
            {"kind": "topic", "id": "topic/offshore", "name": "Offshore islands"},
            {"kind": "place", "id": "place/taiwan", "name": "Taiwan"},
            {
                "id": "cite/full",
                "title": TITLE,
                "date": "1955-01-03",
                "type": "Telegram",
                "summary": "The Ambassador reports on the offshore islands.",
                "authors": ["person/rankin"],
                "recipients": ["org/state"],
                "places": ["place/taiwan"],
                "topics": ["topic/offshore"],
                "languages": ["en"],
                "source": {
                    "repository": "National Archives",
                    "citation": "Department of State, Central Files, 793.00/1–355",
                    "publication": FRUS,
                },
            },
            {"id": "cite/bare", "title": "Editorial Note"},
            {"id": "secret/1", "title": "Secret telegram", "date": "1955-01-04", "access": "restricted"},
        ]
    )


@pytest.fixture
def offices(load: Callable[..., Any]) -> None:
    """Documents by organizations, by people named in their own order or by surname alone, and a letter."""
    load(
        [
            {"kind": "person", "id": "person/rankin", "name": "Rankin, Karl L."},
            {"kind": "person", "id": "person/zhou", "name": "Zhou Enlai"},
            {"kind": "person", "id": "person/butterworth", "name": "Butterworth"},
            {"kind": "organization", "id": "org/secretary", "name": "Secretary of State"},
            {"kind": "organization", "id": "org/embassy", "name": "Embassy in Indonesia"},
            {
                "id": "cite/offices",
                "title": "Rates: 5% & $3 for #1_a ~x^2 {y} \\z",
                "date": "1955-07-16/1955-07-17",
                "type": "Telegram",
                "authors": ["org/secretary", "person/zhou", "person/butterworth", "person/rankin"],
                "rights": "Public domain",
                "source": {"repository": "National Archives", "citation": "Central Files, 611.93/7–1755."},
            },
            {
                "id": "cite/letter",
                "title": "Letter From the Embassy",
                "date": "1958-02-10",
                "type": "Letter",
                "authors": ["person/rankin"],
                "recipients": ["org/embassy"],
            },
            {"id": "secret/2", "title": "Secret letter", "type": "Letter", "access": "restricted"},
        ]
    )


class Head(HTMLParser):
    """The page's meta tags, its JSON-LD scripts and the title of its COinS span."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self.coins: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name"):
            self.meta.append((str(attributes["name"]), str(attributes["content"])))
        self._in_json_ld = tag == "script" and attributes.get("type") == "application/ld+json"
        if tag == "span" and attributes.get("class") == "Z3988":
            self.coins.append(str(attributes["title"]))

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_json_ld = False


def parsed(client: Client, path: str) -> Head:
    response = client.get(path)
    assert response.status_code == 200
    head = Head()
    head.feed(response.content.decode())
    return head


def test_the_page_shows_three_styles_and_the_files(client: Client, archive: None) -> None:
    html = client.get("/documents/cite/full").content.decode()
    assert '<h2 id="cite-heading">Cite this document</h2>' in html
    for name in ("Chicago (notes and bibliography)", "MLA", "APA"):
        assert f">{name}</h3>" in html
    assert (
        f"Rankin, Karl L. “{TITLE}.” Telegram. In <i>Foreign Relations of the United States, 1955–1957, Volume II, "
        f"China</i>. January 3, 1955. Department of State, Central Files, 793.00/1–355. National Archives. {URL}."
    ) in html
    assert '<span class="citation-text" id="cite-apa-citation">(Rankin, 1955)</span>' in html
    for key, name in (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON")):
        assert f'<a href="/documents/cite/full/citation.{key}" download>{name}</a>' in html
    assert 'data-copy="cite-chicago-bibliography" hidden>Copy' in html  # shown by cite.js where it can copy


def test_highwire_tags(client: Client, archive: None) -> None:
    meta = parsed(client, "/documents/cite/full").meta
    assert [(name, content) for name, content in meta if not name.startswith("DC.")] == [
        ("viewport", "width=device-width, initial-scale=1"),
        ("citation_title", TITLE),
        ("citation_author", "Rankin, Karl L."),
        ("citation_publication_date", "1955/01/03"),
        ("citation_date", "1955/01/03"),
        ("citation_publisher", "National Archives"),
        ("citation_inbook_title", FRUS),
        ("citation_language", "en"),
        ("citation_keywords", "Offshore islands"),
        ("citation_public_url", URL),
    ]
    bare = dict(parsed(client, "/documents/cite/bare").meta)
    assert bare["citation_title"] == "Editorial Note"
    assert "citation_date" not in bare
    assert "citation_author" not in bare


def test_json_ld_describes_an_archive_component(client: Client, archive: None) -> None:
    head = parsed(client, "/documents/cite/full")
    assert len(head.json_ld) == 1
    data = json.loads(head.json_ld[0])
    assert data == {
        "@context": "https://schema.org",
        "@type": "ArchiveComponent",
        "@id": URL,
        "url": URL,
        "identifier": "cite/full",
        "name": TITLE,
        "dateCreated": "1955-01-03",
        "author": [{"@type": "Person", "name": "Karl L. Rankin"}],
        "about": [{"@type": "Place", "name": "Taiwan"}, {"@type": "Thing", "name": "Offshore islands"}],
        "inLanguage": ["en"],
        "genre": "Telegram",
        "description": "The Ambassador reports on the offshore islands.",
        "holdingArchive": {"@type": "ArchiveOrganization", "name": "National Archives"},
        "isPartOf": {"@type": "CreativeWork", "name": FRUS},
    }
    bare = json.loads(parsed(client, "/documents/cite/bare").json_ld[0])
    assert "dateCreated" not in bare
    assert "holdingArchive" not in bare


def test_coins_span(client: Client, archive: None) -> None:
    (coins,) = parsed(client, "/documents/cite/full").coins
    fields = parse_qs(coins)
    assert fields["ctx_ver"] == ["Z39.88-2004"]
    assert fields["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:dc"]
    assert fields["rft.title"] == [TITLE]
    assert fields["rft.creator"] == ["Rankin, Karl L."]
    assert fields["rft.date"] == ["1955-01-03"]
    assert fields["rft.type"] == ["manuscript"]  # Zotero's item type; the document type is no such type
    assert fields["rft.identifier"] == [URL]


def download(client: Client, path: str, media_type: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == f"{media_type}; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response.content.decode()


def test_bibtex_file(client: Client, archive: None) -> None:
    library = bibtexparser.parse_string(download(client, "/documents/cite/full/citation.bib", "application/x-bibtex"))
    (entry,) = library.entries
    assert entry.entry_type == "misc"
    assert entry["title"] == TITLE
    assert entry["author"] == "Rankin, Karl L."
    assert entry["date"] == "1955-01-03"
    assert entry["url"] == URL


def test_ris_file(client: Client, archive: None) -> None:
    text = download(client, "/documents/cite/full/citation.ris", "application/x-research-info-systems")
    (entry,) = rispy.loads(text)
    assert entry["type_of_reference"] == "MANSCPT"
    assert entry["title"] == TITLE
    assert entry["authors"] == ["Rankin, Karl L."]
    assert entry["date"] == "1955/01/03/"
    assert entry["urls"] == [URL]


def test_csl_json_file(client: Client, archive: None) -> None:
    text = download(client, "/documents/cite/full/citation.json", "application/vnd.citationstyles.csl+json")
    (item,) = json.loads(text)
    assert item["id"] == "cite/full"
    assert item["type"] == "manuscript"
    assert item["title"] == TITLE
    assert item["author"] == [{"family": "Rankin", "given": "Karl L."}]
    assert item["recipient"] == [{"literal": "Department of State"}]
    assert item["issued"] == {"date-parts": [[1955, 1, 3]]}
    assert item["genre"] == "Telegram"
    assert item["archive"] == "National Archives"
    assert item["archive_location"] == "Department of State, Central Files, 793.00/1–355"
    assert item["URL"] == URL
    assert len(item["accessed"]["date-parts"][0]) == 3


def test_hostile_html_in_a_title_shows_as_text(client: Client, load: Callable[..., Any]) -> None:
    load([{"id": "t/x", "title": "</script><script>alert(1)</script> Evil", "date": "1955", "summary": "<b>x</b>"}])
    html = client.get("/documents/t/x").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; Evil" in html
    head = Head()
    head.feed(html)
    assert json.loads(head.json_ld[0])["name"] == "</script><script>alert(1)</script> Evil"
    assert dict(head.meta)["citation_title"] == "</script><script>alert(1)</script> Evil"


def test_restricted_and_missing_documents_have_no_citations(client: Client, archive: None) -> None:
    for path in ("secret/1", "no/such/thing"):
        assert client.get(f"/documents/{path}").status_code == 404
        for key in ("bib", "ris", "json"):
            assert client.get(f"/documents/{path}/citation.{key}").status_code == 404
    assert client.get("/documents/cite/full/citation.xml").status_code == 404


def test_google_scholar_is_given_only_people_with_given_names(client: Client, offices: None) -> None:
    authors = [content for name, content in parsed(client, "/documents/cite/offices").meta if name == "citation_author"]
    assert authors == ["Rankin, Karl L."]


def test_coins_agrees_with_the_csl_json(client: Client, offices: None) -> None:
    item = json.loads(client.get("/documents/cite/offices/citation.json").content)[0]
    assert item["author"] == [
        {"literal": "Secretary of State"},
        {"literal": "Zhou Enlai"},
        {"literal": "Butterworth"},
        {"family": "Rankin", "given": "Karl L."},
    ]
    fields = parse_qs(parsed(client, "/documents/cite/offices").coins[0])
    assert fields["rft.creator"] == ["Secretary of State", "Zhou Enlai", "Butterworth", "Rankin, Karl L."]
    assert fields["rft.date"] == ["1955-07-16/1955-07-17"]
    assert fields["rft.rights"] == ["Public domain"]
    assert item["issued"] == {"date-parts": [[1955, 7, 16], [1955, 7, 17]]}
    letter = parse_qs(parsed(client, "/documents/cite/letter").coins[0])
    assert letter["rft.type"] == ["letter"]
    # CSL's "letter" would have Chicago print the title in italics and the year alone: a letter stays a manuscript
    assert json.loads(client.get("/documents/cite/letter/citation.json").content)[0]["type"] == "manuscript"


def test_bibtex_braces_names_that_are_not_to_be_split(client: Client, offices: None) -> None:
    text = client.get("/documents/cite/offices/citation.bib").content.decode()
    assert "author = {{Secretary of State} and {Zhou Enlai} and {Butterworth} and Rankin, Karl L.}" in text
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    (entry,) = library.entries
    assert [(name.last, name.first) for name in entry["author"]] == [
        (["{Secretary of State}"], []),
        (["{Zhou Enlai}"], []),
        (["{Butterworth}"], []),
        (["Rankin"], ["Karl", "L."]),
    ]


def test_bibtex_escapes_what_tex_reads_as_commands(client: Client, offices: None) -> None:
    text = client.get("/documents/cite/offices/citation.bib").content.decode()
    assert (
        r"title = {Rates: 5\% \& \$3 for \#1\_a \textasciitilde{}x\textasciicircum{}2 \{y\} \textbackslash{}z}"
    ) in text


def test_ris_writes_corporate_authors_and_the_archive(client: Client, offices: None) -> None:
    (entry,) = rispy.loads(client.get("/documents/cite/offices/citation.ris").content.decode())
    assert entry["authors"] == ["Secretary of State,", "Zhou Enlai,", "Butterworth,", "Rankin, Karl L."]
    assert entry["date"] == "1955-07-16/1955-07-17"
    assert entry["name_of_database"] == "National Archives"
    assert entry["accession_number"] == "Central Files, 611.93/7–1755"
    assert entry["type_of_work"] == "Telegram"
    assert entry["unknown_tag"]["CR"] == ["Public domain"]  # Zotero's tag for the rights
    (letter,) = rispy.loads(client.get("/documents/cite/letter/citation.ris").content.decode())
    assert letter["type_of_reference"] == "PCOMM"
    assert letter["secondary_authors"] == ["Embassy in Indonesia,"]


def test_unapi_offers_the_citation_files(client: Client, offices: None) -> None:
    page = client.get("/documents/cite/offices").content.decode()
    assert '<link rel="unapi-server" type="application/xml" title="unAPI" href="http://testserver/unapi">' in page
    assert '<abbr class="unapi-id" title="cite/offices"></abbr>' in page
    formats = client.get("/unapi")
    assert formats.status_code == 200
    assert '<format name="ris" type="application/x-research-info-systems"' in formats.content.decode()
    assert client.get("/unapi", {"id": "cite/offices"}).status_code == 300
    ris = client.get("/unapi", {"id": "cite/offices", "format": "ris"})
    assert ris.content == client.get("/documents/cite/offices/citation.ris").content
    bibtex = client.get("/unapi", {"id": "cite/offices", "format": "bibtex"})
    assert bibtex.content == client.get("/documents/cite/offices/citation.bib").content


def test_unapi_refuses_what_it_cannot_give(client: Client, offices: None) -> None:
    for document_id in ("secret/2", "no/such/thing"):
        assert client.get("/unapi", {"id": document_id, "format": "ris"}).status_code == 404
    assert client.get("/unapi", {"id": "cite/offices", "format": "mods"}).status_code == 406
    assert client.get("/unapi", {"format": "ris"}).status_code == 400


def test_dublin_core_tags_agree_with_the_csl_json(client: Client, archive: None, offices: None) -> None:
    tags = [(name, content) for name, content in parsed(client, "/documents/cite/full").meta if name.startswith("DC.")]
    assert tags == [
        ("DC.title", TITLE),
        ("DC.creator", "Rankin, Karl L."),
        ("DC.date", "1955-01-03"),
        ("DC.type", "Telegram"),
        ("DC.description", "The Ambassador reports on the offshore islands."),
        ("DC.source", FRUS),
        ("DC.identifier", URL),
        ("DC.language", "en"),
    ]
    offices_meta = parsed(client, "/documents/cite/offices").meta
    assert [content for name, content in offices_meta if name == "DC.creator"] == [
        "Secretary of State",
        "Zhou Enlai",
        "Butterworth",
        "Rankin, Karl L.",
    ]
    assert ("DC.date", "1955-07-16/1955-07-17") in offices_meta
    assert ("DC.rights", "Public domain") in offices_meta
