"""The API's query parameters, declared once: the OpenAPI description is written from these declarations and every
request is checked against them, so the two cannot drift apart. An empty value counts as absent, as from a form."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from readingroom.api.errors import ApiError
from readingroom.dates.edtf import InvalidDate
from readingroom.dates.written import read_date
from readingroom.records.models import AuthorityKind
from readingroom.records.searching import FACET_LABELS, FACETS, MAX_PAGE, PAGE_SIZES
from readingroom.search.searcher import SORTS
from readingroom.web.requests import MAX_PARAMETER

MAX_VALUES = 50  # of one facet
MAX_LIST = 1000  # entries in one page of a list
DIGITS = re.compile(r"[0-9]+")  # not \d, which int() reads in every script


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    schema: dict[str, Any]
    example: str = ""
    edtf: bool = False  # a date, checked by the parser of dates as people write them

    @property
    def repeated(self) -> bool:
        return bool(self.schema.get("type") == "array")

    def openapi(self) -> dict[str, Any]:
        described: dict[str, Any] = {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": self.schema,
        }
        if self.example:
            described["example"] = [self.example] if self.repeated else self.example
        return described


def _text(limit: int) -> dict[str, Any]:
    return {"type": "string", "maxLength": limit}


def _date(name: str, meaning: str) -> Parameter:
    return Parameter(
        name,
        f"A date as people write it (22 Sept. 1952, September 1952, 1950s) or in EDTF (1952-09-22, 195X): only "
        f"documents that may fall {meaning}.",
        _text(64),
        edtf=True,
    )


FACET_VALUES_TAKEN = {
    "languages": "language tags such as `ru` or `zh`, or their English names (`Russian`)",
    "type": "document types such as `Telegram`, in any case",
    "features": "`withheld` for documents with passages withheld at declassification",
}
FILTERS = (
    Parameter(
        "q",
        'Words, `"phrases"`, `OR`, `-exclusions`, `field:value`, `prefix*` and `fuzzy~`, as in the search box.',
        _text(MAX_PARAMETER),
        "Stalin",
    ),
    *(
        Parameter(
            facet,
            f"{FACET_LABELS[facet]}: {FACET_VALUES_TAKEN.get(facet, 'ids or any of their names')}; every value "
            f"given must match (unless `{facet}_mode=any`).",
            {"type": "array", "items": _text(MAX_PARAMETER), "maxItems": MAX_VALUES},
        )
        for facet in FACETS
    ),
    *(
        Parameter(
            f"{facet}_mode",
            f"`all` (the default): documents with every `{facet}` value given; `any`: with at least one of them.",
            {"type": "string", "enum": ["all", "any"]},
        )
        for facet in FACETS
    ),
    _date("from", "on or after this date"),
    _date("to", "on or before this date"),
)
SEARCH = (
    *FILTERS,
    Parameter(
        "sort",
        "relevance (the default with words), date (the default without), -date, title, or added (newest first).",
        {"type": "string", "enum": list(SORTS)},
    ),
    Parameter(
        "page", f"Page of results, from 1 (at most {MAX_PAGE}).", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}
    ),
    Parameter("per_page", "Results a page.", {"type": "integer", "enum": list(PAGE_SIZES)}),
    Parameter("cursor", "The next_cursor of the previous page (instead of page).", _text(1000)),
)
FACET_VALUES = (
    *FILTERS,
    Parameter("contains", "Only values whose name contains this (case and accents aside).", _text(200)),
)


def _list_parameters(default: int) -> tuple[Parameter, Parameter]:
    return (
        Parameter(
            "per_page",
            f"Entries a page (default {default}).",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIST},
        ),
        Parameter("cursor", "The next_cursor of the previous page; none for the first.", _text(1000)),
    )


AUTHORITIES = (
    Parameter(
        "kind", "Only authorities of this kind.", {"type": "string", "enum": list(AuthorityKind.values)}, "person"
    ),
    Parameter("prefix", "Only those with a name starting so (case, accents and punctuation aside).", _text(200), "Mao"),
    Parameter("contains", "Only those with a name containing this.", _text(200)),
    *_list_parameters(100),
)
DOCUMENTS = _list_parameters(100)


def checked(params: QueryDict, declared: Sequence[Parameter]) -> dict[str, list[str]]:
    """The request's parameters, empty values dropped, once each is known and within its declaration; otherwise an
    ApiError that says which parameter is wrong and how."""
    known = {parameter.name: parameter for parameter in declared}
    values: dict[str, list[str]] = {}
    for name, given in params.lists():
        parameter = known.get(name)
        if parameter is None:
            names = ", ".join(known) or "none"
            raise ApiError(f"{name[:40]}: no such parameter here; this endpoint takes {names}")
        given = [value for value in given if value != ""]
        if not given:
            continue
        if not parameter.repeated and len(given) > 1:
            raise ApiError(f"{name}: given {len(given)} times; give it once")
        if len(given) > parameter.schema.get("maxItems", 1):
            raise ApiError(f"{name}: at most {parameter.schema['maxItems']} values")
        for value in given:  # a NUL never comes this far: see web/nul.py
            _check(name, value, parameter.schema.get("items", parameter.schema))
            if parameter.edtf:
                _check_date(name, value)
        values[name] = given
    return values


def _check(name: str, value: str, schema: dict[str, Any]) -> None:
    if schema["type"] == "integer":
        if not DIGITS.fullmatch(value):
            raise ApiError(f"{name}: {_quoted(value)} is not a whole number")
        number = int(value) if len(value) < 19 else None
        if "enum" in schema and number not in schema["enum"]:
            raise ApiError(f"{name}: {_quoted(value)} is not offered; use one of {', '.join(map(str, schema['enum']))}")
        if "minimum" in schema and (number is None or not schema["minimum"] <= number <= schema["maximum"]):
            raise ApiError(f"{name}: {_quoted(value)} is out of range; use {schema['minimum']} to {schema['maximum']}")
        return
    if "enum" in schema and value not in schema["enum"]:
        raise ApiError(f"{name}: {_quoted(value)} is not one of {', '.join(schema['enum'])}")
    if len(value) > schema.get("maxLength", len(value)):
        raise ApiError(f"{name}: longer than {schema['maxLength']} characters")


def _check_date(name: str, value: str) -> None:
    try:
        edtf = read_date(value)
    except InvalidDate as error:
        raise ApiError(f"{name}: {error}") from None
    if edtf is None:
        raise ApiError(f"{name}: {_quoted(value)} says there is no date; give a date or leave {name} out")


def _quoted(value: str) -> str:
    return f'"{value[:40]}…"' if len(value) > 40 else f'"{value}"'
