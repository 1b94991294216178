"""FRUS documents cited in the Office of the Historian's form: the volume's complete title, editors, publisher,
place and year from its TEI header, then "Document 138" outside the italics, and of the source note only its
archival reference. The volume's imprint survives an export and import of the archive."""

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from readingroom.records.citations import csl_item, document_citations
from readingroom.records.importing import import_paths
from readingroom.records.mapping import documents_with_relations
from readingroom.records.models import Authority, Change, Document
from readingroom.records.publications import archival_reference
from readingroom.records.services import export_archive
from tests.conftest import PROJECT

pytestmark = pytest.mark.django_db

CHINA = PROJECT / "src" / "readingroom" / "samples" / "frus" / "frus1955-57v02.xml"
URL = "https://archive.example/documents/frus1955-57v02/d138"
VOLUME = "Foreign Relations of the United States, 1955–1957, China, Volume II"
TITLE = "Telegram From the Secretary of State to the Department of State"


@pytest.fixture
def china(load: Callable[..., Any]) -> Document:
    load(CHINA)
    return documents_with_relations(Document.objects.filter(pk="frus1955-57v02/d138")).get()


def test_the_csl_item_names_the_volume_as_its_header_does(china: Document) -> None:
    item = csl_item(china, URL, date(2026, 5, 1))
    assert item["container-title"] == VOLUME
    assert item["editor"] == [{"family": "Schwar", "given": "Harriet D."}, {"family": "Glennon", "given": "John P."}]
    assert (item["publisher"], item["publisher-place"]) == ("United States Government Printing Office", "Washington")
    assert item["issued"] == {"date-parts": [[1986]]}
    assert item["original-date"] == {"date-parts": [[1955, 3, 4]]}  # the telegram's own date
    assert item["volume"] == "Document 138"
    assert item["archive_location"] == "Department of State, Central Files, 110.11–DU/3–455"
    assert "Top Secret" in china.source_citation  # the whole source note stays the document's


def test_a_frus_document_in_each_style(china: Document) -> None:
    cited = {citation.key: citation for citation in document_citations(china, URL, date(2026, 5, 1))}
    assert cited["chicago"].citation == (
        f"Secretary of State, “{TITLE},” Telegram, in <i>{VOLUME}</i>, Document 138, ed. Harriet D. Schwar and "
        "John P. Glennon, March 4, 1955; United States Government Printing Office, 1986, Department of State, "
        f"Central Files, 110.11–DU/3–455, {URL}."
    )
    assert cited["mla"].bibliography == (
        f"Secretary of State. “{TITLE}.” 4 Mar. 1955, Telegram. <i>{VOLUME}</i>, edited by Harriet D. Schwar and "
        "John P. Glennon, Document 138, United States Government Printing Office, 1986, Department of State, "
        f"Central Files, 110.11–DU/3–455, {URL}."
    )
    assert cited["apa"].citation == "(Secretary of State, 1955/1986)"
    for citation in cited.values():
        for text in (citation.citation, citation.bibliography):
            assert "Top Secret" not in text
            assert "Document 138</i>" not in text or citation.key == "apa"  # APA italicises a volume with its book


@pytest.mark.parametrize(
    ("note", "reference"),
    [
        (
            "Department of State, Central Files, 793.00/1–355. Secret. Repeated to London.",
            "Department of State, Central Files, 793.00/1–355",
        ),
        (
            "Eisenhower Library, Whitman File, International Series. A copy is in Department of State files.",
            "Eisenhower Library, Whitman File, International Series",
        ),
        (  # a full stop inside the reference: the reference ends before the classification
            "Department of State, OCB Files: Lot 62 D 430. Formosa & GRC, 1955. Top Secret.",
            "Department of State, OCB Files: Lot 62 D 430. Formosa & GRC, 1955",
        ),
        (
            "Department of State, Central Files, 611.95A241/5–455",
            "Department of State, Central Files, 611.95A241/5–455",
        ),
        (  # no classification: the first sentence, not cut at an abbreviation
            "Library of Congress, Wilson Papers, Reel 90, 1917 July 31–Aug. 29. The letter was seen by Lansing.",
            "Library of Congress, Wilson Papers, Reel 90, 1917 July 31–Aug. 29",
        ),
        (
            "Department of State, Central Files, 793.5/8–355. The letter was seen.",
            "Department of State, Central Files, 793.5/8–355",
        ),
        ("501. BC Kashmir/11–2348: Telegram", "501. BC Kashmir/11–2348: Telegram"),  # an older volume's file number
    ],
)
def test_the_archival_reference_of_a_source_note(note: str, reference: str) -> None:
    assert archival_reference(note) == reference


def test_the_imprint_survives_export_and_import(china: Document, tmp_path: Path) -> None:
    before = Authority.objects.get(pk="collection/frus1955-57v02").extra
    assert before["publication"]["year"] == "1986"
    stream = io.StringIO()
    export_archive(stream)
    Document.objects.all().delete()
    Authority.objects.all().delete()
    Change.objects.all().delete()
    exported = tmp_path / "export.jsonl"
    exported.write_text(stream.getvalue())
    assert import_paths([exported]).rejected == 0
    assert Authority.objects.get(pk="collection/frus1955-57v02").extra == before


def test_a_volume_imported_before_its_imprint_was_read_gets_it_when_imported_again(
    china: Document, load: Callable[..., Any]
) -> None:
    Authority.objects.filter(pk="collection/frus1955-57v02").update(extra={"series": "Foreign Relations"})
    older = documents_with_relations(Document.objects.filter(pk=china.pk)).get()
    item = csl_item(older, URL, date(2026, 5, 1))
    assert (
        item["container-title"] == "Foreign Relations of the United States, 1955–1957, Volume II, China, Document 138"
    )
    assert "editor" not in item
    load(CHINA)
    again = documents_with_relations(Document.objects.filter(pk=china.pk)).get()
    assert csl_item(again, URL, date(2026, 5, 1))["container-title"] == VOLUME


def test_every_citation_format_gives_the_same_archival_reference(china: Document, client: Any) -> None:
    reference = csl_item(china, URL, date(2026, 5, 1))["archive_location"]
    ris = client.get(f"/documents/{china.id}/citation.ris").content.decode()
    assert f"AN  - {reference}\r\n" in ris or f"AN  - {reference}\n" in ris  # what Zotero saves through unAPI
    assert "Top Secret" not in ris
