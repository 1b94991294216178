"""Importing EAD finding aids: nested collections, documents in their branch, re-imports, collection pages."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from readingroom.records.models import Authority, Change, Document
from readingroom.records.searching import SearchRequest, search_archive
from tests.ingest.test_ead import EAD3, EAD2002

pytestmark = pytest.mark.django_db


def found(collection: str) -> set[str]:
    page = search_archive(SearchRequest(filters={"collections": [collection]}))
    return {hit.id for hit in page.hits}


def test_finding_aids_import_as_collections_and_documents(load: Callable[..., Any]) -> None:
    report = load(EAD2002, EAD3)
    assert report.count("authorities", "added") == 4 + 6
    assert report.count("documents", "added") == 3 + 3
    assert report.rejected == 1  # the item with no title
    assert "an item with no title" in str(report.rejections[0])
    series = Authority.objects.get(pk="collection/hartley-papers/corr")
    assert series.kind == "collection"
    assert [parent.pk for parent in series.broader.all()] == ["collection/hartley-papers"]
    letter = Document.objects.get(pk="hartley-papers/corr-vienna-01")
    assert letter.source_citation == "Fonds HAR, Series 1, File 1/1, Item 1/1/1"
    assert Document.objects.get(pk="mission-records/personnel-1").access == "unpublished"
    # Names of creators and index terms are matched or created as the JSON Lines' names are.
    assert Authority.objects.get(name="British Trade Mission to Poland").kind == "organization"
    assert Authority.objects.get(name="Vienna (Austria)").kind == "place"


def test_importing_a_finding_aid_again_changes_nothing(load: Callable[..., Any]) -> None:
    load(EAD2002)
    changes = Change.objects.count()
    again = load(EAD2002)
    assert again.count("documents", "unchanged") == 3
    assert again.count("authorities", "unchanged") == 4
    assert not again.changed
    assert Change.objects.count() == changes


def test_the_search_can_be_limited_to_a_branch(load: Callable[..., Any]) -> None:
    load(EAD2002, EAD3)
    vienna = {"hartley-papers/corr-vienna-01", "hartley-papers/corr-vienna-02"}
    assert found("collection/hartley-papers") == {*vienna, "hartley-papers/diary-1948"}
    assert found("collection/hartley-papers/corr") == vienna
    assert found("collection/hartley-papers/corr-vienna") == vienna
    assert found("collection/mission-records/minutes") == {"mission-records/m-1958-04-02"}
    # Readers never find the unpublished personnel file, not even in the whole fonds.
    assert found("collection/mission-records") == {"mission-records/m-1958-04-02", "mission-records/reports-final"}


def test_a_collection_page_shows_its_place_in_the_tree(client: Client, load: Callable[..., Any]) -> None:
    load(EAD2002, EAD3)
    html = client.get("/collections/mission-records/minutes-1958").content.decode()
    breadcrumbs = html.split('<nav aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert breadcrumbs.index('href="/collections">Collections') < breadcrumbs.index(
        'href="/collections/mission-records">Records of the Trade Mission to Warsaw'
    )
    assert 'href="/collections/mission-records/minutes">Minutes</a>' in breadcrumbs
    assert '<li aria-current="page">Minutes of 1958</li>' in breadcrumbs
    assert 'href="/collections/mission-records/minutes-1958-spring">Spring meetings</a> <span class="count">1' in html
    assert "<dt>Level</dt><dd>Subseries</dd>" in html
    assert "<dt>Reference</dt><dd>A.1</dd>" in html


def test_a_fonds_lists_its_series_with_branch_counts_and_hides_internal_ones(
    client: Client, load: Callable[..., Any]
) -> None:
    load(EAD2002, EAD3)
    html = client.get("/collections/hartley-papers").content.decode()
    contents = html.split('id="contents-heading"', 1)[1].split("</section>", 1)[0]
    assert 'Correspondence</a> <span class="count">2</span>' in contents
    assert 'Diaries</a> <span class="count">1</span>' in contents
    assert contents.index("Correspondence") < contents.index("Diaries")
    mission = client.get("/collections/mission-records").content.decode()
    assert "Personnel files" not in mission
    assert client.get("/collections/mission-records/personnel").status_code == 404


def test_series_follow_their_references_in_number_order(
    client: Client, load: Callable[..., Any], tmp_path: Path
) -> None:
    series = "".join(
        f'<c01 level="series" id="s{n}"><did><unittitle>Series {word}</unittitle><unitid>{n}</unitid></did>'
        f'<c02 level="item" id="i{n}"><did><unittitle>Item {n}</unittitle></did></c02></c01>'
        for n, word in ((10, "ten"), (2, "two"), (1, "one"))
    )
    path = tmp_path / "order.xml"
    path.write_text(
        '<ead><eadheader><eadid>o</eadid></eadheader><archdesc level="fonds"><did><unittitle>O</unittitle></did>'
        f"<dsc>{series}</dsc></archdesc></ead>"
    )
    load(path)
    html = client.get("/collections/o").content.decode()
    assert html.index("Series one") < html.index("Series two") < html.index("Series ten")


def test_a_broken_finding_aid_is_refused_with_its_line_and_the_rest_imported(
    load: Callable[..., Any], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text('<ead>\n<archdesc level="fonds">\n<did><unittitle>X</did>\n</archdesc></ead>')
    report = load(broken, EAD2002)
    assert str(report.rejections[0]) == (
        f"{broken}, line 3, column 24: not well-formed XML: Opening and ending tag mismatch: unittitle line 3 and did"
    )
    assert report.count("documents", "added") == 3
