"""Read the person records of the Office of the Historian (HistoryAtState/people) into person authorities.

Each record names one person across FRUS volumes: a preferred name, alternate names, the spellings the volumes used
with links to their lists of persons (`.../historicaldocuments/<volume>/persons#<id>`), and the identifications
("remarks") the volumes gave. The links become `same_as` ids of the volumes' own person authorities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from readingroom.dates.edtf import InvalidDate, parse_edtf
from readingroom.ingest.jsonl import Rejection
from readingroom.ingest.records import AuthorityRecord
from readingroom.ingest.tei import clean_name

__all__ = ["read_people", "read_person"]

_VOLUME_PERSON = re.compile(
    r"https?://history\.state\.gov/historicaldocuments/([A-Za-z0-9._-]+)/persons#([A-Za-z0-9._-]+)"
)
_YEAR = re.compile(r"[0-9]{4}")


class PersonError(ValueError):
    """A person record that cannot be read; `reason` says why without naming the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.reason = reason


def read_person(path: Path) -> AuthorityRecord:
    """Read one person record. Raises ValueError (a PersonError) naming the file and the reason."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        raise PersonError(path, f"not well-formed XML: {error.msg} (line {error.lineno})") from None
    except OSError as error:
        raise PersonError(path, f"cannot be read: {error.strerror or error}") from None
    if root.tag != "person":
        raise PersonError(path, f"not a person record (the root element is <{root.tag}>)")
    person_id = _text(root.find("id")) or path.stem
    preferred = clean_name(_text(root.find("names/preferred/name")))
    if not preferred:
        raise PersonError(path, "no preferred name")

    variants: dict[str, str] = {_key(preferred): preferred}
    for element in [*root.iterfind("names/alternates/name"), *root.iterfind("names/originals/original/name")]:
        name = clean_name(_text(element))
        if name:
            variants.setdefault(_key(name), name)
    del variants[_key(preferred)]

    same_as = [
        f"person/{match[1]}/{match[2]}"
        for url in root.iter("source-url")
        if (match := _VOLUME_PERSON.fullmatch(_text(url)))
    ]
    return AuthorityRecord(
        kind="person",
        id=f"person/frus-{person_id}",
        name=preferred,
        variants=list(variants.values()),
        dates=_life_dates(_year(root.find("birth-year")), _year(root.find("death-year"))),
        description=_description(root),
        extra={"frus_id": person_id, "same_as": list(dict.fromkeys(same_as))},
    )


def read_people(folder: Path) -> Iterator[AuthorityRecord | Rejection]:
    """Every person record under `folder` (searched recursively, in order of path); a bad file gives a Rejection."""
    for path in sorted(folder.rglob("*.xml")):
        try:
            yield read_person(path)
        except PersonError as error:
            yield Rejection(path=str(path), line=0, message=error.reason)


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _key(name: str) -> str:
    return name.rstrip(".").casefold()


def _year(element: Any) -> str:
    text = _text(element)
    if not _YEAR.fullmatch(text):
        return ""
    try:
        return parse_edtf(text).text
    except InvalidDate:
        return ""


def _life_dates(birth: str, death: str) -> str | None:
    if birth and death:
        return f"{birth}/{death}" if birth <= death else None
    if birth or death:
        return f"{birth or '..'}/{death or '..'}"
    return None


def _description(root: Any) -> str:
    """The identification that the most volumes gave; of those cited equally often, the first."""
    best, best_count = "", -1
    for remark in root.iterfind("remarks/remark"):
        text = " ".join(_text(p) for p in remark.iterfind("p"))
        count = len(remark.findall("source-url"))
        if text and count > best_count:
            best, best_count = text, count
    return best
