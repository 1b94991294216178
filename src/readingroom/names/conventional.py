"""Conventional names of people: the names history used that no romanisation rule derives from another.

Chiang Kai-shek is Jiang Jieshi and 蔣介石, Stalin is Dzhugashvili and signed cables "Filippov", Ho Chi Minh was
Nguyễn Ái Quốc. The table (data/conventional_people.tsv, written and sourced by hand; its header lists the sources)
holds one person a row; a person authority that has any of a row's names gains the others, as it gains the
spellings names/variants.py generates.

A name in two rows says nothing on its own and is left out of the look-up, unless the rows name it as shared (a
third column "shared: NAME; ..."), which documents that the table knows.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from readingroom.names.normalize import name_key

__all__ = ["SOURCES", "ConventionalPerson", "TableError", "conventional_names", "conventional_person", "read_table"]

SOURCES = frozenset(
    [
        "frus",
        "britannica",
        "birth",
        "alias",
        "cwihp",
        "pinyin",
        "wg",
        "boorman",
        "kc",
        "simplified",
        "xinhua",
        "gse",
        "mr",
        "rr",
        "korean",
        "hepburn",
        "japanese",
        "vietnamese",
        "native",
    ]
)
_NAME = re.compile(r"(?P<name>\S.*?) \[(?P<source>[a-z]+)\]")
_DATES = re.compile(r"-?[0-9]{4}(?:/-?[0-9]{4})?")


class TableError(ValueError):
    """A line of the table that cannot be read; the message names the line and what is wrong."""


@dataclass(frozen=True)
class ConventionalPerson:
    line: int
    dates: str
    names: tuple[tuple[str, str], ...]  # (name, source code), the conventional English name first
    shared: frozenset[str]  # name keys this row knowingly shares with another


def _row(number: int, line: str) -> ConventionalPerson:
    columns = line.split("\t")
    if len(columns) not in (2, 3) or not _DATES.fullmatch(columns[0]):
        raise TableError(f"line {number}: expected dates, a tab, names (and a third column shared: ...)")
    names = []
    for piece in columns[1].split(" | "):
        match = _NAME.fullmatch(piece.strip())
        if match is None or match["source"] not in SOURCES:
            raise TableError(f"line {number}: {piece.strip()!r} has no known source in brackets")
        names.append((match["name"], match["source"]))
    shared = columns[2].removeprefix("shared:").split(";") if len(columns) == 3 else []
    return ConventionalPerson(number, columns[0], tuple(names), frozenset(map(name_key, filter(None, shared))))


def read_table(text: str) -> list[ConventionalPerson]:
    """The rows of a table in the format of data/conventional_people.tsv; raises TableError naming the line."""
    return [
        _row(number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]


@cache
def _by_key() -> dict[str, ConventionalPerson]:
    text = files("readingroom.names").joinpath("data/conventional_people.tsv").read_text(encoding="utf-8")
    rows: dict[str, list[ConventionalPerson]] = {}
    for person in read_table(text):
        for key in {name_key(name) for name, _ in person.names}:
            rows.setdefault(key, []).append(person)
    return {key: found[0] for key, found in rows.items() if len(found) == 1}


def conventional_person(name: str) -> ConventionalPerson | None:
    """The person of the table that `name` names (any of a row's names, in any case, accents and punctuation aside,
    or "Surname, Given names" for "Given names Surname"); None for a name in no row or in two."""
    person = _by_key().get(name_key(name))
    surname, comma, given = name.partition(",")
    if person is None and comma and "," not in given:  # "Stalin, Joseph", as catalogues write names
        person = _by_key().get(name_key(f"{given} {surname}"))
    return person


def conventional_names(name: str) -> list[str]:
    """The other names of the person of the table that `name` names (see conventional_person); [] for none."""
    person = conventional_person(name)
    if person is None:
        return []
    keys = {name_key(name), name_key(" ".join(reversed(name.split(",", 1))))}
    return [other for other, _ in person.names if name_key(other) not in keys]
