"""Reading the person records of HistoryAtState/people: the records the project ships and the whole shared set."""

from pathlib import Path

import pytest

from readingroom.ingest.frus_people import read_people, read_person
from readingroom.ingest.jsonl import Rejection
from readingroom.ingest.records import AuthorityRecord
from readingroom.ingest.tei import read_volume

PROJECT = Path(__file__).resolve().parents[2]
SAMPLES = PROJECT / "src" / "readingroom" / "samples" / "frus"
PEOPLE = SAMPLES / "people"
SHARED_PEOPLE = PROJECT.parent / "shared" / "corpus" / "frus" / "authorities" / "people"


def person_xml(names: str, years: str = "<birth-year/><death-year/>", remarks: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<person><id>199999</id><names>{names}</names>{years}<remarks>{remarks}</remarks></person>
"""


def test_zhou_enlai_is_one_person_across_volumes() -> None:
    zhou = read_person(PEOPLE / "115035.xml")
    assert zhou.kind == "person"
    assert zhou.id == "person/frus-115035"
    assert zhou.name == "Zhou Enlai"
    assert zhou.variants[0] == "Chou En-lai"  # the alternate name comes first
    assert "Zhou Enlai" not in zhou.variants
    # "Chou En-Lai" and "Chou En-lai." are the same name as "Chou En-lai"
    assert zhou.variants == [
        "Chou En-lai",
        "Chou En–lai",
        "Chou En-lai (Zhou Enlai)",
        "Zhou Enlai (Chou En-lai)",
        "Chou Enlai",
    ]
    assert zhou.dates is None
    assert zhou.description == "Premier of the People's Republic of China"  # cited by 12 volumes, more than any other
    assert zhou.extra["frus_id"] == "115035"
    same_as = zhou.extra["same_as"]
    assert "person/frus1955-57v02/p_CE1" in same_as
    assert "person/frus1958-60v17/p_ZECE1" in same_as
    assert same_as[0] == "person/frus1945Malta/p_CEL1"
    assert len(same_as) == len(set(same_as)) == 73


def test_life_dates_and_initials() -> None:
    aldrich = read_person(PEOPLE / "100218.xml")
    assert aldrich.name == "Aldrich, Winthrop Williams"
    assert aldrich.dates == "1885/1974"
    assert "person/frus1955-57v02/p_AWW1" in aldrich.extra["same_as"]
    assert "Aldrich, Winthrop W." in aldrich.variants  # a period after an initial is kept


def test_the_shipped_people_are_read_and_link_to_the_shipped_volumes() -> None:
    records = list(read_people(PEOPLE))
    assert len(records) == len(list(PEOPLE.glob("*.xml"))) == 195
    assert all(isinstance(record, AuthorityRecord) for record in records)
    people = [record for record in records if isinstance(record, AuthorityRecord)]
    assert [p.extra["frus_id"] for p in people] == sorted(p.extra["frus_id"] for p in people)
    volumes = {path.stem: read_volume(path) for path in sorted(SAMPLES.glob("*.xml"))}
    local_ids = {authority.id for volume in volumes.values() for authority in volume.authorities}
    for person in people:
        links = [link for link in person.extra["same_as"] if link.split("/")[1] in volumes]
        assert links, person.id  # every shipped record cites one of the shipped volumes
        assert set(links) <= local_ids, person.id
        assert person.name not in person.variants
        assert len({variant.casefold() for variant in person.variants}) == len(person.variants)


def test_years_on_one_side_make_an_open_interval(tmp_path: Path) -> None:
    names = "<preferred><name>Doe, Jane</name></preferred><alternates><name>Doe, J.</name></alternates>"
    folder = tmp_path / "people" / "100000" / "1"
    folder.mkdir(parents=True)
    born = folder / "199999.xml"
    born.write_text(person_xml(names, "<birth-year>1901</birth-year><death-year/>"))
    assert read_person(born).dates == "1901/.."
    died = tmp_path / "people" / "199998.xml"
    died.write_text(person_xml(names, "<birth-year/><death-year>1977</death-year>"))
    assert read_person(died).dates == "../1977"
    assert [r.dates for r in read_people(tmp_path / "people") if isinstance(r, AuthorityRecord)] == [
        "1901/..",
        "../1977",
    ]


def test_the_description_is_the_remark_most_volumes_cite(tmp_path: Path) -> None:
    url = "https://history.state.gov/historicaldocuments/frus1955-57v02/persons#p_X{}"
    remarks = "".join(
        f"<remark><p>{text}</p>{''.join(f'<source-url>{url.format(i)}</source-url>' for i in range(n))}</remark>"
        for text, n in (("Once", 1), ("Twice, first", 2), ("Twice, second", 2))
    )
    path = tmp_path / "199999.xml"
    path.write_text(person_xml("<preferred><name>Doe, Jane</name></preferred>", remarks=remarks))
    record = read_person(path)
    assert record.description == "Twice, first"
    assert record.extra["same_as"] == ["person/frus1955-57v02/p_X0", "person/frus1955-57v02/p_X1"]


def test_a_broken_file_is_a_rejection_and_the_rest_are_read(tmp_path: Path) -> None:
    good = tmp_path / "100001.xml"
    good.write_text(person_xml("<preferred><name>Doe, Jane</name></preferred>"))
    broken = tmp_path / "100002.xml"
    broken.write_text("<person><id>100002</id><names>\n</person>")
    nameless = tmp_path / "100003.xml"
    nameless.write_text(person_xml("<preferred><name> </name></preferred>"))

    with pytest.raises(ValueError, match=r"^100002\.xml: not well-formed XML: .+ \(line 2\)"):
        read_person(broken)
    with pytest.raises(ValueError, match=r"^100003\.xml: no preferred name$"):
        read_person(nameless)

    first, second, third = read_people(tmp_path)
    assert isinstance(first, AuthorityRecord)
    assert first.name == "Doe, Jane"
    assert isinstance(second, Rejection)
    assert (second.path, second.line) == (str(broken), 0)
    assert second.message.startswith("not well-formed XML")
    assert third == Rejection(path=str(nameless), line=0, message="no preferred name")


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_PEOPLE.is_dir(), reason=f"the shared people records are absent ({SHARED_PEOPLE})")
def test_every_shared_person_record_is_read() -> None:
    records = list(read_people(SHARED_PEOPLE))
    assert len(records) == 1704
    assert not [record for record in records if isinstance(record, Rejection)]
    ids = [record.id for record in records if isinstance(record, AuthorityRecord)]
    assert len(set(ids)) == len(ids)
