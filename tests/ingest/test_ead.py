"""Reading EAD finding aids (EAD 2002 and EAD3) into collections and documents."""

from pathlib import Path
from typing import Any

import pytest

from readingroom.ingest.ead import EADError, FindingAid, read_finding_aid
from readingroom.ingest.files import FileKind, file_kind
from readingroom.ingest.records import AuthorityRecord, DocumentRecord
from tests.conftest import SAMPLE

FIXTURES = Path(__file__).parent / "fixtures"
EAD2002 = FIXTURES / "ead2002-hartley.xml"
EAD3 = FIXTURES / "ead3-mission.xml"


def by_id(aid: FindingAid) -> dict[str, dict[str, Any]]:
    records: list[AuthorityRecord | DocumentRecord] = [*aid.collections, *aid.documents]
    return {record.id: record.to_json() for record in records}


def test_ead_2002_hierarchy_becomes_nested_collections() -> None:
    records = by_id(read_finding_aid(EAD2002))
    fonds = records["collection/hartley-papers"]
    assert fonds["name"] == "Papers of Edith Hartley"
    assert fonds["dates"] == "1946/1962"
    assert "broader" not in fonds
    assert fonds["extra"] == {"level": "fonds", "unitid": "HAR", "extent": "4 boxes"}
    # Abstract, scope and biography, without the <head> "Biography".
    assert fonds["description"] == (
        "Correspondence and diaries of a relief worker in post-war Europe.\n\nThe papers cover her years abroad."
        "\n\nEdith Hartley (1910-1988) worked for relief agencies in Vienna and Berlin."
    )
    assert records["collection/hartley-papers/corr"]["broader"] == ["collection/hartley-papers"]
    file = records["collection/hartley-papers/corr-vienna"]
    assert file["broader"] == ["collection/hartley-papers/corr"]
    assert file["dates"] == "1946-03-01/1947-11-30"  # @normal in ISO 8601's basic form
    assert records["collection/hartley-papers/corr"]["dates"] == "1946/1955"  # no @normal: the words read


def test_ead_2002_items_become_documents_in_every_collection_above_them() -> None:
    letter = by_id(read_finding_aid(EAD2002))["hartley-papers/corr-vienna-01"]
    assert letter == {
        "kind": "document",
        "id": "hartley-papers/corr-vienna-01",
        "title": "Letter to her mother on the food ration",
        "date": "1946-09-22",
        "summary": "She describes the bread ration and the queue at the Naschmarkt.",
        "languages": ["de"],
        "type": "Letters",
        "authors": ["Hartley, Edith"],
        "people": ["Hartley, Margaret"],
        "places": ["Vienna (Austria)"],
        "topics": ["Food supply"],
        "collections": [
            "collection/hartley-papers",
            "collection/hartley-papers/corr",
            "collection/hartley-papers/corr-vienna",
        ],
        "source": {
            "repository": "Northfield County Record Office",
            "citation": "Fonds HAR, Series 1, File 1/1, Item 1/1/1",
            "url": "https://records.example.org/har/1-1-1.pdf",
        },
        "extra": {"level": "item", "unitid": "1/1/1"},
    }


def test_a_component_without_title_or_id_is_named_by_its_path() -> None:
    aid = read_finding_aid(EAD2002)
    assert [str(problem) for problem in aid.problems] == [
        f"{EAD2002}, line 41 (hartley-papers/c1.1.3): Papers of Edith Hartley > Correspondence > "
        "Letters from Vienna > c1.1.3: an item with no title (<unittitle>); not imported"
    ]
    assert any("c1.1.3: no id; given hartley-papers/c1.1.3" in warning for warning in aid.warnings)
    assert len(aid.documents) == 3


def test_dates_as_people_write_them_are_reported() -> None:
    conversions = read_finding_aid(EAD2002).conversions
    assert 'Papers of Edith Hartley > Correspondence: "1946-1955" read as 1946/1955' in conversions
    assert any('"22 Sept. 1946" read as 1946-09-22' in conversion for conversion in conversions)


def test_ead3_with_its_namespace_and_structured_dates() -> None:
    aid = read_finding_aid(EAD3)
    records = by_id(aid)
    assert aid.id == "mission-records"
    assert records["collection/mission-records"]["dates"] == "1957/1959"
    assert records["collection/mission-records"]["extra"] == {"level": "fonds", "unitid": "TMW", "extent": "2 boxes"}
    assert records["collection/mission-records/minutes-1958"]["broader"] == ["collection/mission-records/minutes"]
    minutes = records["mission-records/m-1958-04-02"]
    assert minutes["date"] == "1958-04-02"
    assert minutes["languages"] == ["pl", "en"]
    assert minutes["summary"] == "Coal and machine tools discussed."
    # A body among the creators is an author and an organization, so that its new authority is one.
    assert minutes["authors"] == minutes["organizations"] == ["British Trade Mission to Poland"]
    assert (minutes["places"], minutes["topics"]) == (["Warsaw (Poland)"], ["Coal industry"])
    assert minutes["collections"] == [
        "collection/mission-records",
        "collection/mission-records/minutes",
        "collection/mission-records/minutes-1958",
        "collection/mission-records/minutes-1958-spring",
    ]
    assert minutes["source"] == {
        "repository": "Northfield County Record Office",
        "citation": "Fonds TMW, Series A, Subseries A.1, File A.1.1, Item A.1.1.1",
    }


def test_a_file_with_a_digital_object_and_nothing_below_is_a_document() -> None:
    aid = read_finding_aid(EAD3)
    report = by_id(aid)["mission-records/reports-final"]
    # standarddate="1959-6" is no EDTF: the words "June 1959" are read instead, and both are reported.
    assert report["date"] == "1959-06"
    assert any('"1959-6" is not a standard date' in warning for warning in aid.warnings)
    assert any('"June 1959" read as 1959-06' in conversion for conversion in aid.conversions)
    assert report["source"]["url"] == "https://records.example.org/tmw/b1.pdf"
    assert "collection/mission-records/reports-final" not in by_id(read_finding_aid(EAD3))


def test_internal_components_are_imported_unpublished() -> None:
    records = by_id(read_finding_aid(EAD3))
    assert records["mission-records/personnel-1"]["access"] == "unpublished"
    assert "access" not in records["mission-records/m-1958-04-02"]


def test_an_internal_collection_with_no_documents_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "aid.xml"
    path.write_text(
        '<ead><eadheader><eadid>x</eadid></eadheader><archdesc level="fonds"><did><unittitle>X</unittitle></did>'
        '<dsc><c01 level="series" id="s" audience="internal"><did><unittitle>Closed</unittitle></did></c01>'
        "</dsc></archdesc></ead>"
    )
    assert [c.id for c in read_finding_aid(path).collections] == ["collection/x"]


def test_invalid_xml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text('<ead>\n<archdesc level="fonds">\n<did><unittitle>X</did>\n</archdesc></ead>')
    with pytest.raises(EADError, match=r"not well-formed XML: .*unittitle") as raised:
        read_finding_aid(path)
    assert (raised.value.line, raised.value.column) == (3, 24)


def test_entities_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs.xml"
    path.write_text(
        '<!DOCTYPE ead [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<ead><archdesc><did><unittitle>&b;</unittitle></did></archdesc></ead>"
    )
    with pytest.raises(EADError, match="declares entities"):
        read_finding_aid(path)


def test_a_finding_aid_without_an_id_takes_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "Smith papers.xml"
    path.write_text('<ead><archdesc level="fonds"><did><unittitle>Smith</unittitle></did></archdesc></ead>')
    aid = read_finding_aid(path)
    assert [c.id for c in aid.collections] == ["collection/Smith-papers"]
    assert "no <eadid> or <recordid>" in aid.warnings[0]


def test_a_repeated_component_id_is_refused_with_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "twice.xml"
    item = '<c02 level="item" id="i"><did><unittitle>Item</unittitle></did></c02>'
    path.write_text(
        '<ead><eadheader><eadid>t</eadid></eadheader><archdesc level="fonds"><did><unittitle>T</unittitle></did><dsc>'
        f'<c01 level="series" id="s"><did><unittitle>S</unittitle></did>{item}</c01>'
        f'<c01 level="series" id="s"><did><unittitle>S again</unittitle></did>{item}</c01>'
        "</dsc></archdesc></ead>"
    )
    aid = read_finding_aid(path)
    assert [d.id for d in aid.documents] == ["t/i"]
    assert "T > S again: repeats an earlier component's id" in str(aid.problems[0])


def test_an_xml_file_of_another_kind_is_not_a_finding_aid(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<catalogue/>")
    with pytest.raises(EADError, match="not an EAD finding aid"):
        read_finding_aid(path)


def test_xml_files_are_told_apart_by_their_root(tmp_path: Path) -> None:
    assert file_kind(EAD2002) == (FileKind.EAD, "")
    assert file_kind(EAD3) == (FileKind.EAD, "")
    tei = next((SAMPLE.parent / "frus").glob("*.xml"))
    assert file_kind(tei) == (FileKind.TEI, "")
    # An EAD with its namespace prefixed, and one broken before its root is read.
    prefixed = tmp_path / "prefixed.xml"
    prefixed.write_text('<e:ead xmlns:e="urn:isbn:1-931666-22-9"><e:archdesc/></e:ead>')
    assert file_kind(prefixed) == (FileKind.EAD, "")
    broken = tmp_path / "broken.xml"
    broken.write_text("<?xml version='1.0' encoding='nonsense'?><ead>")
    assert file_kind(broken) == (FileKind.EAD, "")
    other = tmp_path / "other.xml"
    other.write_text("<catalogue/>")
    assert file_kind(other)[0] is None


def test_nesting_deeper_than_lxml_allows_is_refused_not_a_crash(tmp_path: Path) -> None:
    depth = 300
    body = "".join(f'<c level="file" id="f{n}"><did><unittitle>F{n}</unittitle></did>' for n in range(depth))
    path = tmp_path / "deep.xml"
    path.write_text(f"<ead><archdesc><dsc>{body}{'</c>' * depth}</dsc></archdesc></ead>")
    with pytest.raises(EADError, match="Excessive depth"):
        read_finding_aid(path)
