"""Importing FRUS volumes (TEI) and person records through the catalogue, on the volumes the project ships."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from readingroom.ingest.tei import read_volume
from readingroom.records.indexer import Indexer
from readingroom.records.models import Authority, Document, DocumentAuthority
from readingroom.records.searching import SearchRequest, search_archive
from readingroom.search.index import SearchIndex
from tests.conftest import PROJECT, SHARED

pytestmark = pytest.mark.django_db
FRUS = PROJECT / "src" / "readingroom" / "samples" / "frus"
CHINA = FRUS / "frus1955-57v02.xml"
INDONESIA = FRUS / "frus1958-60v17.xml"
ZHOU = "person/frus-115035"


def expected_documents(*paths: Path) -> int:
    return sum(len(read_volume(path).documents) for path in paths)


@pytest.fixture
def frus(load: Callable[..., Any]) -> Any:
    return load(FRUS)


def test_the_shipped_volumes_import_with_their_people(frus: Any) -> None:
    assert frus.count("documents", "added") == expected_documents(CHINA, INDONESIA) == Document.objects.count()
    assert Authority.objects.get(pk="collection/frus1955-57v02").name == (
        "Foreign Relations of the United States, 1955–1957, Volume II, China"
    )
    document = Document.objects.get(pk="frus1955-57v02/d42")
    assert document.title.startswith("Memorandum of a Conversation, Department of State, Washington")
    assert document.date == "1955-01-26"
    assert document.type == "Memorandum of Conversation"


def test_a_person_is_one_authority_across_volumes(frus: Any) -> None:
    volumes = {link.document_id.split("/")[0] for link in DocumentAuthority.objects.filter(authority_id=ZHOU)}
    assert volumes == {"frus1955-57v02", "frus1958-60v17"}
    assert not Authority.objects.filter(pk="person/frus1955-57v02/p_CE1").exists()
    zhou = search_archive(SearchRequest(filters={"people": ["Chou En-lai"]}))
    assert {hit.id.split("/")[0] for hit in zhou.hits} <= {"frus1955-57v02", "frus1958-60v17"}
    assert zhou.total == DocumentAuthority.objects.filter(authority_id=ZHOU).values("document").distinct().count()


def test_people_imported_after_the_volumes_are_merged(load: Callable[..., Any]) -> None:
    load(CHINA)
    local = DocumentAuthority.objects.filter(authority_id="person/frus1955-57v02/p_CE1").count()
    assert local > 0
    load(FRUS / "people")
    assert not Authority.objects.filter(pk="person/frus1955-57v02/p_CE1").exists()
    assert DocumentAuthority.objects.filter(authority_id=ZHOU).count() == local
    again = load(CHINA)
    assert again.count("documents", "unchanged") == Document.objects.count()


def test_reimporting_changes_nothing(frus: Any, load: Callable[..., Any]) -> None:
    again = load(FRUS)
    assert again.count("documents", "unchanged") == Document.objects.count()
    assert not again.changed


def test_a_broken_volume_imports_nothing(load: Callable[..., Any], tmp_path: Path) -> None:
    broken = tmp_path / "frus-broken.xml"
    text = CHINA.read_text()
    broken.write_text(text[: len(text) // 2])
    report = load(broken)
    assert Document.objects.count() == 0
    assert "frus-broken.xml" in str(report.rejections[0])
    assert "not well-formed" in str(report.rejections[0])


def test_a_broken_document_is_skipped_and_the_rest_imported(load: Callable[..., Any], tmp_path: Path) -> None:
    volume = tmp_path / "frus1955-57v02.xml"
    text = CHINA.read_text()
    start = text.index('xml:id="d42"')
    head_start = text.index("<head>", start)
    head_end = text.index("</head>", start) + len("</head>")
    volume.write_text(text[:head_start] + text[head_end:])  # document 42 loses its title
    report = load(volume)
    assert Document.objects.count() == expected_documents(CHINA) - 1
    assert not Document.objects.filter(pk="frus1955-57v02/d42").exists()
    assert any("frus1955-57v02/d42" in str(rejection) for rejection in report.rejections)


def test_withheld_passages_are_a_filter(frus: Any) -> None:
    withheld = [d for d in Document.objects.all() if (d.extra.get("withheld") or 0) > 0]
    assert withheld
    page = search_archive(SearchRequest(filters={"features": ["withheld"]}))
    assert page.total == len(withheld)
    assert {v.name: v.count for v in search_archive(SearchRequest()).facets["features"]} == {
        "Passages withheld at declassification": len(withheld)
    }


def test_a_hit_says_on_which_printed_page_the_words_stand(frus: Any) -> None:
    document = max(Document.objects.filter(id__startswith="frus1955-57v02/"), key=lambda d: len(d.extra["pages"]))
    pages = document.extra["pages"]
    last = pages[-1]
    word = next(w for w in document.text[last["offset"] :].split() if w.isalpha() and len(w) > 7)
    page = search_archive(SearchRequest(q=f'id:"{document.id}" {word}'))
    [hit] = page.hits
    first_use = document.text.lower().find(word.lower())
    expected = [p["n"] for p in pages if p["offset"] <= first_use][-1]
    assert hit.page == expected


def test_the_document_page_shows_pages_footnotes_and_withheld(frus: Any, client: Client) -> None:
    document = next(d for d in Document.objects.all() if (d.extra.get("withheld") or 0) > 0 and d.extra["footnotes"])
    html = client.get(f"/documents/{document.id}").content.decode()
    first_page = document.extra["pages"][0]["n"]
    assert f'id="page-{first_page}"' in html
    assert '<mark class="withheld"' in html
    assert "Footnotes" in html
    assert document.source_citation[:40] in html


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "corpus" / "frus").is_dir(), reason="the shared FRUS corpus (../shared) is absent")
def test_the_whole_corpus_imports_twice_to_exactly_its_documents(load: Callable[..., Any], index: SearchIndex) -> None:
    corpus = SHARED / "corpus" / "frus"
    first = load(corpus / "authorities" / "people", corpus / "volumes")
    assert Document.objects.count() == 6694
    assert first.rejected == 0
    assert first.count("authorities", "updated") == 0  # nothing is stored twice within one import
    second = load(corpus / "authorities" / "people", corpus / "volumes")
    assert second.count("documents", "unchanged") == Document.objects.count()
    assert not second.changed
    Indexer(index).catch_up()
    assert search_archive(SearchRequest()).total == Document.objects.count()
    last = search_archive(SearchRequest(page=670))  # pagination reaches the last page of any result set
    assert (last.start, last.end, last.total, last.pages) == (6691, 6694, 6694, 670)
    seen = {hit.id for n in (1, 335, 670) for hit in search_archive(SearchRequest(page=n, sort="title")).hits}
    assert len(seen) == 24


def test_the_shipped_sample_is_a_copy_of_the_shared_volumes() -> None:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("the shared corpus (../shared) is absent")
    for path in (CHINA, INDONESIA):
        assert path.read_bytes() == (SHARED / "corpus" / "frus" / "volumes" / path.name).read_bytes()
    assert (FRUS / "LICENSE.md").is_file()


def test_offices_that_send_and_receive_are_organizations(frus: Any) -> None:
    state = Authority.objects.get(pk="organization/department-of-state")
    assert state.kind == "organization"
    assert not Authority.objects.filter(kind="person", name="Department of State").exists()
    assert DocumentAuthority.objects.filter(authority=state, role="recipients").exists()


def test_a_volume_with_documents_lacking_ids_and_enclosures_loses_nothing(
    load: Callable[..., Any], tmp_path: Path
) -> None:
    from tests.ingest.test_tei import WITHOUT_IDS, write_volume

    path = write_volume(tmp_path, WITHOUT_IDS)
    first = load(path)
    assert first.rejections == []
    assert first.count("documents", "added") == 4
    assert "frus-test.xml, document at position 2: no usable xml:id; imported as frus-test/document-2" in first.warnings
    assert [note for note in first.notes if "enclosure" in note] == [
        "frus-test.xml, document d3: enclosure 1 (no xml:id) is kept in this document's text",
        "frus-test.xml, document d3: enclosure d3a is kept in this document's text",
    ]
    assert "The second enclosure." in Document.objects.get(pk="frus-test/d3").text
    again = load(path)
    assert again.count("documents", "unchanged") == 4
    assert again.count("documents", "added") == 0
    assert Document.objects.get(pk="frus-test/document-2").title == "Letter Read From a Scan"
