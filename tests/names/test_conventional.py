"""The table of conventional names: its shape, and a person authority gaining the table's names of them."""

from collections.abc import Callable
from importlib.resources import files
from typing import Any

import pytest

from readingroom.names.conventional import SOURCES, TableError, conventional_names, read_table
from readingroom.names.normalize import name_key
from readingroom.records.names import names_of
from readingroom.records.searching import SearchRequest, search_archive

TABLE = files("readingroom.names").joinpath("data/conventional_people.tsv").read_text(encoding="utf-8")


def test_the_table_holds_300_people_each_name_with_its_source() -> None:
    rows = read_table(TABLE)  # refuses a name without a known source, naming the line
    assert len(rows) >= 300
    for row in rows:
        assert len(row.names) >= 2, row.line
        assert all(name and source in SOURCES for name, source in row.names), row.line


def test_no_name_is_in_two_rows_unless_both_say_so() -> None:
    owners: dict[str, list[Any]] = {}
    for row in read_table(TABLE):
        for key in {name_key(name) for name, _ in row.names}:
            owners.setdefault(key, []).append(row)
    shared = {key: rows for key, rows in owners.items() if len(rows) > 1}
    undocumented = [key for key, rows in shared.items() if not all(key in row.shared for row in rows)]
    assert undocumented == []


def test_a_line_without_a_source_is_refused_naming_the_line() -> None:
    with pytest.raises(TableError, match=r"line 2: 'Jiang Jieshi' has no known source"):
        read_table("# header\n1887/1975\tChiang Kai-shek [frus] | Jiang Jieshi\n")
    with pytest.raises(TableError, match="line 1: expected dates"):
        read_table("Chiang Kai-shek [frus]\n")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Chiang Kai-shek", {"Jiang Jieshi", "蔣介石", "蒋介石"}),
        ("Sun Yat-sen", {"Sun Zhongshan", "孫中山"}),
        ("Kim Il Sung", {"김일성", "Ким Ир Сен"}),
        ("Syngman Rhee", {"이승만"}),
        ("Hồ Chí Minh", {"Nguyễn Ái Quốc", "胡志明"}),
        ("Stalin", {"Dzhugashvili", "Koba", "Filippov"}),
        ("Lenin", {"Ulyanov"}),
        ("Tito", {"Josip Broz"}),
        ("Chou En-lai", {"Zhou Enlai", "周恩来", "周恩來"}),
        ("Mao Tse-tung", {"Mao Zedong", "毛泽东"}),
        ("Хрущёв", {"Khrushchev"}),
        ("Teng Hsiao-p'ing", {"Deng Xiaoping"}),
        ("Soekarno", {"Sukarno"}),
        ("Pandit Nehru", {"Jawaharlal Nehru"}),
        ("Stalin, Joseph", {"Filippov", "Сталин"}),
        ("Khrushchev, Nikita Sergeyevich", {"Хрущёв"}),
    ],
)
def test_a_name_of_the_table_gives_the_others(name: str, expected: set[str]) -> None:
    assert expected <= set(conventional_names(name))


def test_a_name_in_no_row_gives_none() -> None:
    assert conventional_names("Jane Doe") == []


def test_a_person_gains_the_table_s_names_as_generated_ones_and_a_place_does_not() -> None:
    person = {variant.name: variant.generated for variant in names_of("person/x", "Chiang Kai-shek", [], "person")}
    assert person["Chiang Kai-shek"] is False
    assert person["Jiang Jieshi"] is person["蔣介石"] is True
    place = {variant.name for variant in names_of("place/x", "Chiang Kai-shek", [], "place")}
    assert "Jiang Jieshi" not in place


@pytest.mark.django_db
def test_a_conventional_name_finds_the_person_s_documents(load: Callable[..., Any]) -> None:
    load(
        [
            {"kind": "person", "id": "person/chiang", "name": "Chiang Kai-shek"},
            {"kind": "person", "id": "person/stalin", "name": "Stalin, Joseph", "variants": ["Stalin"]},
            {"id": "d1", "title": "Letter on Formosa", "people": ["Chiang Kai-shek"]},
            {"id": "d2", "title": "Cable on Korea", "people": ["Stalin"]},
        ]
    )
    for query, expected in [("Jiang Jieshi", "d1"), ("蔣介石", "d1"), ("Filippov", "d2"), ("Джугашвили", "d2")]:
        assert [hit.id for hit in search_archive(SearchRequest(q=query)).hits] == [expected], query


def test_a_one_word_name_of_the_table_gives_no_bare_surname() -> None:
    """Кеннеди is a name of John F. Kennedy; its romanisation, Kennedy, would be every Kennedy's."""
    names = {variant.name for variant in names_of("person/x", "John F. Kennedy", [], "person")}
    assert "Кеннеди" in names
    assert "Kennedy" not in names
