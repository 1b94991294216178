"""One person, one record: the bundled demo archive holds each person once, and every script finds as much."""

from collections.abc import Callable
from typing import Any

import pytest

from readingroom.records.duplicates import dates_compatible, probable_duplicates
from readingroom.records.models import Authority, DocumentAuthority
from readingroom.records.searching import SearchRequest, search_archive
from tests.conftest import PROJECT, SAMPLE, SHARED

pytestmark = pytest.mark.django_db
FRUS = PROJECT / "src" / "readingroom" / "samples" / "frus"


@pytest.fixture
def demo(load: Callable[..., Any]) -> Any:
    """What `readingroom demo` imports."""
    return load(SAMPLE, FRUS)


def found(query: str) -> set[str]:
    """The ids of every document the query finds, page after page."""
    ids: set[str] = set()
    page = search_archive(SearchRequest(q=query))
    while True:
        ids |= {hit.id for hit in page.hits}
        if page.page >= page.pages:
            return ids
        page = search_archive(SearchRequest(q=query, page=page.page + 1))


def documents_of(authority_id: str) -> int:
    return DocumentAuthority.objects.filter(authority_id=authority_id).values("document").distinct().count()


def test_the_demo_has_no_two_people_sharing_a_name_and_dates(demo: Any) -> None:
    assert probable_duplicates("person") == []
    people = list(Authority.objects.filter(kind="person").prefetch_related("names"))
    owners: dict[str, list[Authority]] = {}
    for person in people:
        for key in {variant.key for variant in person.names.all()}:
            owners.setdefault(key, []).append(person)
    shared = {
        (key, tuple(sorted(p.id for p in found)))
        for key, found in owners.items()
        if len(found) > 1 and any(dates_compatible(a.dates, b.dates) for a in found for b in found if a != b)
    }
    assert shared == set()


def test_the_seed_records_hold_the_documents(demo: Any) -> None:
    for seed_id, frus_id in [
        ("person/zhou-enlai", "person/frus-115035"),
        ("person/mao-zedong", "person/frus-108483"),
        ("person/khrushchev", "person/frus-107127"),
        ("person/chiang-kai-shek", "person/frus-102483"),
    ]:
        assert documents_of(seed_id) > 1
        assert not Authority.objects.filter(pk=frus_id).exists()
        assert Authority.objects.get(aliases__alias=frus_id).id == seed_id
    # The FRUS record's own per-volume ids follow it: the volumes' Zhou is the seed's Zhou.
    assert Authority.objects.get(aliases__alias="person/frus1955-57v02/p_CE1").id == "person/zhou-enlai"


SCRIPTS = [
    ("Zhou Enlai", "周恩来"),
    ("Zhou Enlai", "周恩來"),
    ("Mao Zedong", "毛泽东"),
    ("Khrushchev", "Хрущёв"),
    ("Chiang Kai-shek", "蔣介石"),
    ("Chiang Kai-shek", "Jiang Jieshi"),
]


def test_every_script_finds_as_much_as_every_other(demo: Any) -> None:
    for latin, other in SCRIPTS:
        expected = found(latin)
        assert len(expected) > 1, latin
        assert found(other) == expected, other


def test_probable_duplicates_are_listed_with_the_fuller_record_kept(load: Callable[..., Any]) -> None:
    load(
        [
            {"kind": "person", "id": "person/a", "name": "Chou En-lai", "dates": "1898/1976", "variants": ["周恩来"]},
            {"kind": "person", "id": "person/b", "name": "Zhou Enlai"},
            {"kind": "person", "id": "person/c", "name": "Chiang Kai-shek", "dates": "1887/1975"},
            {"kind": "person", "id": "person/d", "name": "Chiang Kai-shek", "dates": "1910/1988"},
        ]
    )
    [duplicate] = probable_duplicates("person")
    assert (duplicate.source, duplicate.target) == ("person/b", "person/a")
    assert duplicate.merge_command == "readingroom authorities merge person/b person/a"


def linked(document_id: str) -> list[str]:
    return sorted(DocumentAuthority.objects.filter(document_id=document_id).values_list("authority_id", flat=True))


def test_an_exact_preferred_name_decides_before_variants(load: Callable[..., Any]) -> None:
    report = load(
        [
            {"kind": "person", "id": "person/a-chen-yi", "name": "Ch'en I", "variants": ["Chen Yi"]},
            {"kind": "person", "id": "person/b-chen-yi", "name": "Chen Yi", "dates": "1901/1972"},
            {"id": "d1", "title": "Talk", "people": ["Chen Yi"]},
        ]
    )
    assert linked("d1") == ["person/b-chen-yi"]
    assert report.ambiguities == []


def test_a_name_two_authorities_have_is_decided_by_dates_and_reported(load: Callable[..., Any]) -> None:
    report = load(
        [
            {"kind": "person", "id": "person/a-filippov", "name": "Filippov, Aleksandr", "variants": ["Filippov"]},
            {"kind": "person", "id": "person/stalin", "name": "Stalin, Joseph", "dates": "1878/1953"},
            {"id": "d1", "title": "Cable", "people": ["Filippov"]},
        ]
    )
    assert linked("d1") == ["person/stalin"]
    [ambiguity] = report.ambiguities
    assert ambiguity.startswith('"Filippov" is a name of person/a-filippov, person/stalin: linked to person/stalin')
    assert "(the only one with dates)" in ambiguity
    assert "Names several authorities have: 1" in report.summary()


def test_two_authorities_of_one_preferred_name_are_reported(load: Callable[..., Any]) -> None:
    report = load(
        [
            {"kind": "person", "id": "person/kim-2", "name": "Kim Il"},
            {"kind": "person", "id": "person/kim-1", "name": "Kim Il"},
            {"id": "d1", "title": "Talk", "people": ["Kim Il"]},
        ]
    )
    assert linked("d1") == ["person/kim-1"]
    assert report.ambiguities == [
        '"Kim Il" is the preferred name of person/kim-1, person/kim-2: linked to person/kim-1 (the first by id); '
        "name the authority by its id to decide, or merge them"
    ]


CORPUS = SHARED / "corpus" / "frus"


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "volumes").is_dir(), reason="the FRUS corpus is not in ../shared/corpus")
def test_every_script_finds_as_much_on_the_frus_corpus(load: Callable[..., Any]) -> None:
    """FRUS's own people records and volumes, no seed: the table of conventional names gives the scripts."""
    volumes = CORPUS / "volumes"
    load(CORPUS / "authorities" / "people", volumes / "frus1955-57v03.xml", volumes / "frus1961-63v05.xml")
    for latin, other in [("Zhou Enlai", "周恩来"), ("Mao Zedong", "毛泽东"), ("Khrushchev", "Хрущёв")]:
        expected = found(latin)
        assert len(expected) > 1, latin
        assert found(other) == expected, other
