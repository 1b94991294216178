"""Footnote markers and cross-references on the document page of an imported FRUS volume."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from readingroom.records.models import Access, Document
from readingroom.records.searching import SearchRequest, search_archive
from tests.ingest.test_tei import write_volume

pytestmark = pytest.mark.django_db

VOLUME = """
<div type="document" xml:id="d1" n="1"><head>1. Telegram From the Embassy</head>
<p>The Joint Chief<note n="1" xml:id="d1fn1">Inside a word.</note>s met.<note n="2" xml:id="d1fn2">See
<ref target="#d2">Document 2</ref> and <ref target="#d3fn1">footnote 1 to Document 3</ref>.</note> Compare
<ref target="frus1955-57v03#d9">Document 9 of volume III</ref>, <ref target="frus1949v07p1#d4">Document 4 of
1949</ref> and <ref target="#d3">Document 3</ref>.</p>
</div>
<div type="document" xml:id="d2" n="2"><head>2. Letter From Me<note n="1">Sent by hand.</note></head><p>Two.</p></div>
<div type="document" xml:id="d3" n="3"><head>3. Letter From You</head><p>Three.<note n="1">A note.</note></p></div>
"""
OTHER_VOLUME = '<div type="document" xml:id="d9" n="9"><head>9. Paper</head><p>Nine.</p></div>'


@pytest.fixture
def volumes(load: Callable[..., Any], tmp_path: Path) -> None:
    load(write_volume(tmp_path, VOLUME), write_volume(tmp_path, OTHER_VOLUME, name="frus1955-57v03.xml"))


def page(client: Client, document_id: str) -> str:
    response = client.get(f"/documents/{document_id}")
    assert response.status_code == 200
    return response.content.decode()


def test_footnote_markers_link_to_their_notes_and_back(volumes: None, client: Client) -> None:
    html = page(client, "frus-test/d1")
    # the marker follows the word it annotates, inside the word where the note stands there
    assert 'Chief<sup class="footnote-marker"><a id="footnote-1-ref" href="#footnote-1"' in html
    assert 'met.<sup class="footnote-marker"><a id="footnote-2-ref" href="#footnote-2"' in html
    for number in ("1", "2"):
        note = re.search(rf'<li id="footnote-{number}" value="{number}">(.*?)</li>', html, re.DOTALL)
        assert note is not None
        assert f'href="#footnote-{number}-ref"' in note.group(1)


def test_cross_references_link_to_imported_documents_only(volumes: None, client: Client) -> None:
    html = page(client, "frus-test/d1")
    assert '<a class="cross-reference" href="/documents/frus1955-57v03/d9">Document 9 of volume III</a>' in html
    assert '<a class="cross-reference" href="/documents/frus-test/d3">Document 3</a>' in html
    assert '<a class="cross-reference" href="/documents/frus-test/d2">Document 2</a>' in html  # in a footnote
    footnote = '<a class="cross-reference" href="/documents/frus-test/d3#footnote-1">footnote 1 to Document 3</a>'
    assert footnote in html
    assert "frus1949v07p1" not in html  # a volume not imported: plain text
    assert "Document 4 of 1949" in html
    assert 'id="footnote-1"' in page(client, "frus-test/d3")


def test_a_cross_reference_to_a_hidden_document_is_plain_text(volumes: None, client: Client) -> None:
    Document.objects.filter(pk="frus-test/d3").update(access=Access.RESTRICTED)
    html = page(client, "frus-test/d1")
    assert 'href="/documents/frus-test/d3"' not in html.partition('class="footnotes"')[0].partition("Full text")[2]
    assert "and Document 3." in html


def test_a_word_with_a_footnote_inside_is_found_whole(volumes: None) -> None:
    found = search_archive(SearchRequest(q="chiefs"))
    assert [hit.id for hit in found.hits] == ["frus-test/d1"]


def test_footnotes_out_of_place_in_an_imported_record_do_not_break_the_page(
    load: Callable[..., Any], client: Client
) -> None:
    notes = [
        {"n": "1", "text": "Beyond the text.", "offset": 999},
        {"n": "1", "text": "Same number.", "offset": "x"},
        {"text": 5},
        "not a note",
    ]
    references = [{"offset": -1, "length": 3, "target": "x/d1"}, {"offset": 0, "length": 4, "target": "x/d2"}, 7]
    load(
        [{"id": "x/d1", "title": "One", "text": "Some text.", "extra": {"footnotes": notes, "references": references}}]
    )
    html = page(client, "x/d1")
    assert 'class="footnote-marker"' not in html
    assert '<li id="footnote-at-1" value="1">' in html  # two notes numbered 1: anchored by place
    assert '<li id="footnote-at-2" value="1">' in html
    assert '<a class="cross-reference" href="/documents/x/d1">' not in html  # nothing links outside the text


def test_the_api_gives_only_cross_references_a_reader_can_follow(volumes: None, client: Client) -> None:
    def targets() -> list[str]:
        extra = client.get("/api/v1/documents/frus-test/d1").json()["extra"]
        notes = [r["target"] for note in extra["footnotes"] for r in note.get("references", [])]
        return [r["target"] for r in extra["references"]] + notes

    assert targets() == ["frus1955-57v03/d9", "frus-test/d3", "frus-test/d2", "frus-test/d3#fn1"]
    Document.objects.filter(pk="frus-test/d3").update(access=Access.UNPUBLISHED)
    assert targets() == ["frus1955-57v03/d9", "frus-test/d2"]  # frus1949v07p1/d4 is not in the archive either


def test_a_footnote_on_the_title_has_its_marker_after_the_title(volumes: None, client: Client) -> None:
    html = page(client, "frus-test/d2")
    marker = (
        '<sup class="footnote-marker"><a id="footnote-1-ref" href="#footnote-1" aria-label="Footnote 1">1</a></sup>'
    )
    assert f"<h1>Letter From Me{marker}</h1>" in html
    note = re.search(r'<li id="footnote-1" value="1">(.*?)</li>', html, re.DOTALL)
    assert note is not None
    assert "Sent by hand." in note.group(1)
    assert 'href="#footnote-1-ref"' in note.group(1)
