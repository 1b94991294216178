"""Selective harvesting: from and until (days and seconds, both inclusive) and sets, kept across resumption tokens."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from lxml import etree

from readingroom.ingest.records import AuthorityRecord
from readingroom.records.mapping import authorities_with_relations, authority_record
from readingroom.records.models import Access, Authority, Document, DocumentAuthority
from readingroom.records.services import merge_authority, save_authority
from tests.oai.conftest import RICH, Harvester, oai_id
from tests.oai.test_verbs import PUBLIC_IDS, SEED_IDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(archive: None) -> dict[str, datetime]:
    """Each public document modified on a day of its own in January 2020, at noon and a half second."""
    stamps = {}
    for day, document_id in enumerate(PUBLIC_IDS, start=1):
        stamps[document_id] = datetime(2020, 1, day, 12, 0, 0, 500_000, tzinfo=UTC)
        Document.objects.filter(pk=document_id).update(modified=stamps[document_id])
    return stamps


def on_days(*days: int) -> list[str]:
    return sorted(oai_id(PUBLIC_IDS[day - 1]) for day in days)


def harvested(harvester: Harvester, **arguments: str) -> list[str]:
    return sorted(harvester.identifiers(metadataPrefix="oai_dc", **arguments))


def test_datestamps_are_the_documents_modified_times(harvester: Harvester, dated: dict[str, datetime]) -> None:
    page = harvester.request(verb="GetRecord", identifier=oai_id(PUBLIC_IDS[2]), metadataPrefix="oai_dc")
    assert page.xpath("string(//oai:datestamp)", namespaces={"oai": "http://www.openarchives.org/OAI/2.0/"}) == (
        "2020-01-03T12:00:00Z"
    )


def test_from_and_until_in_days(harvester: Harvester, dated: dict[str, datetime]) -> None:
    assert harvested(harvester, **{"from": "2020-01-03"}) == on_days(*range(3, len(PUBLIC_IDS) + 1))
    assert harvested(harvester, until="2020-01-03") == on_days(1, 2, 3)
    assert harvested(harvester, **{"from": "2020-01-02", "until": "2020-01-04"}) == on_days(2, 3, 4)
    assert harvested(harvester, **{"from": "2020-01-05", "until": "2020-01-05"}) == on_days(5)


def test_from_and_until_in_seconds(harvester: Harvester, dated: dict[str, datetime]) -> None:
    noon = "2020-01-03T12:00:00Z"
    assert harvested(harvester, **{"from": noon, "until": noon}) == on_days(3)
    assert harvested(harvester, **{"from": "2020-01-03T12:00:01Z", "until": "2020-01-05T11:59:59Z"}) == on_days(4)
    assert harvester.error(verb="ListIdentifiers", metadataPrefix="oai_dc", until="2020-01-01T11:59:59Z") == (
        "noRecordsMatch"
    )


def test_sets(harvester: Harvester, archive: None) -> None:
    assert harvested(harvester, set="collection:sino-soviet") == sorted(map(oai_id, SEED_IDS))
    korean_war = [document_id for document_id in SEED_IDS if not document_id.endswith("khrushchev-mao")]
    assert harvested(harvester, set="collection:korean-war") == sorted(map(oai_id, korean_war))
    assert harvested(harvester, set="collection:every-field") == [oai_id(RICH["id"])]
    assert harvested(harvester, set="collection") == sorted(map(oai_id, PUBLIC_IDS))


def test_sets_and_dates_together_across_pages(
    harvester: Harvester, dated: dict[str, datetime], load: Callable[..., Any]
) -> None:
    load([{"id": "loose/1", "title": "In no collection"}])  # the newest document, in no set
    expected = sorted(oai_id(i) for i in PUBLIC_IDS if dated[i] >= datetime(2020, 1, 2, tzinfo=UTC))
    pages = list(
        harvester.pages("ListIdentifiers", metadataPrefix="oai_dc", set="collection", **{"from": "2020-01-02"})
    )
    assert len(pages) > 1
    identifiers = sorted(i for page in pages for i in page.xpath("//*[local-name()='identifier']/text()"))
    assert identifiers == expected


def test_a_document_added_during_a_harvest_comes_once_at_the_end(
    harvester: Harvester, dated: dict[str, datetime], load: Callable[..., Any]
) -> None:
    pages = harvester.pages("ListIdentifiers", metadataPrefix="oai_dc")
    first = next(pages).xpath("//*[local-name()='identifier']/text()")
    load([{"id": "late/1", "title": "Added while a harvest was under way"}])
    rest = [i for page in pages for i in page.xpath("//*[local-name()='identifier']/text()")]
    assert sorted([*first, *rest]) == sorted(map(oai_id, [*PUBLIC_IDS, "late/1"]))
    assert rest[-1] == oai_id("late/1")


def _naming(authority_id: str) -> list[str]:
    documents = DocumentAuthority.objects.filter(authority_id=authority_id, document__access=Access.PUBLIC)
    return sorted({oai_id(document_id) for document_id in documents.values_list("document_id", flat=True)})


def test_documents_naming_a_renamed_authority_are_harvested_again(
    harvester: Harvester, dated: dict[str, datetime]
) -> None:
    """Their metadata names it: an incremental harvest must bring them again, and only them."""
    naming = _naming("person/zhou-enlai")
    assert naming
    record = authority_record(authorities_with_relations(Authority.objects.filter(pk="person/zhou-enlai")).get())
    assert save_authority(AuthorityRecord(**{**vars(record), "name": "Zhou, Enlai"})) == "updated"
    assert harvested(harvester, **{"from": "2021-01-01"}) == naming
    page = harvester.request(verb="GetRecord", identifier=naming[0], metadataPrefix="oai_dc")
    assert "Zhou, Enlai" in etree.tostring(page, encoding="unicode")


def test_documents_of_a_merged_authority_are_harvested_again(harvester: Harvester, dated: dict[str, datetime]) -> None:
    naming = _naming("person/mao-zedong")
    assert naming
    merge_authority("person/mao-zedong", "person/zhou-enlai")
    assert harvested(harvester, **{"from": "2021-01-01"}) == naming
