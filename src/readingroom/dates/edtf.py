"""Parse and display the dates archives write in EDTF (Extended Date/Time Format).

Supported: EDTF level 0 (days, months, years, date-times, intervals) and the parts of level 1
that archives use (qualifiers ``? ~ %``, unspecified digits such as ``195X``, open and unknown
interval ends). Seasons, negative years, years beyond 9999 and level 2 features are rejected
with a message saying they are not supported.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

__all__ = ["MONTH_NAMES", "EDTFDate", "InvalidDate", "display_date", "parse_edtf"]

# Hard-coded rather than calendar.month_name, which follows the process locale.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)  # fmt: skip
_MONTHS = ("", *MONTH_NAMES)  # indexed by month number
_MAX_QUOTED = 40
_EXAMPLES = "write 1952-09-22, 1952-09, 1952, 1950/1953, 1950~ or 1952?"
_OPEN_ENDS = ("", "..")

# [0-9] rather than \d, which also matches digits from other scripts (and int() accepts them).
_POINT = re.compile(
    r"(?P<year>[0-9X]{4})"
    r"(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2})(?:T(?P<time>[^?~%]*))?)?)?"
    r"(?P<qualifier>[?~%])?"
)
_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?")
_DECADE = re.compile(r"[0-9]{3}X")
_CENTURY = re.compile(r"[0-9]{2}XX")
_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})?")
_NEGATIVE_YEAR = re.compile(r"-Y?[0-9]")
_LONG_YEAR = re.compile(r"Y-?[0-9]|[0-9]{5}")
_SIGNIFICANT_DIGITS = re.compile(r"[0-9X]{4}S[0-9]+")
_QUALIFIED_PARTS = re.compile(r"[?~%]?[0-9X]{4}[?~%]?(?:-[?~%]?[0-9X]{2}[?~%]?){0,2}")


class InvalidDate(ValueError):
    """The text is not an EDTF date, or uses a form this module does not support."""


@dataclass(frozen=True)
class EDTFDate:
    text: str
    earliest: date | None
    latest: date | None
    display: str


@dataclass(frozen=True)
class _Point:
    """A single date, or one end of an interval."""

    earliest: date
    latest: date
    precision: str  # "day", "month", "year", "decade" or "century"
    label: str  # the display form without qualifier
    qualifier: str = ""  # "", "?", "~" or "%"

    @property
    def display(self) -> str:
        text = self.label
        if self.qualifier in ("~", "%"):
            text = f"c. {text}"
        if self.qualifier in ("?", "%"):
            text = f"{text}?"
        return text


@functools.lru_cache(maxsize=65_536)
def parse_edtf(text: str) -> EDTFDate:
    """Remembered (the dates are immutable): an archive's documents share a few tens of thousands of days."""
    stripped = text.strip()
    if not stripped:
        raise InvalidDate("empty date")
    quoted = _quote(stripped)
    if stripped[0] in "[{":
        raise _unsupported(quoted, "sets of dates")
    if "/" not in stripped:
        point = _parse_point(stripped, quoted)
        return EDTFDate(stripped, point.earliest, point.latest, point.display)
    if stripped.count("/") > 1:
        raise _not_edtf(quoted)

    first, second = stripped.split("/")
    start = None if first in _OPEN_ENDS else _parse_point(first, quoted)
    end = None if second in _OPEN_ENDS else _parse_point(second, quoted)
    if end is None:
        if start is None:
            raise InvalidDate(f"{quoted} is not a valid interval (at least one end must be a date)")
        return EDTFDate(stripped, start.earliest, None, f"{start.display} or later")
    if start is None:
        return EDTFDate(stripped, None, end.latest, f"{end.display} or earlier")
    if start.earliest > end.latest:
        raise InvalidDate(f"{quoted} is not a valid interval (it starts after it ends)")
    return EDTFDate(stripped, start.earliest, end.latest, _display_interval(start, end))


def display_date(text: str | None) -> str:
    """Return `text` as people write dates; "n.d." when blank, the text unchanged when not EDTF."""
    if text is None or not text.strip():
        return "n.d."
    try:
        return parse_edtf(text).display
    except InvalidDate:
        return text


def _parse_point(side: str, quoted: str) -> _Point:
    match = _POINT.fullmatch(side)
    if match is None:
        raise _explain_mismatch(side, quoted)
    year, month, day, time, qualifier = match.group("year", "month", "day", "time", "qualifier")
    qualifier = qualifier or ""
    if time is not None:
        if qualifier:
            raise InvalidDate(
                f"{quoted} has a qualifier after a time, which is not supported; put it after a date, e.g. 1952-09-22?"
            )
        if not _TIME.fullmatch(time):
            raise InvalidDate(f"{quoted} has an invalid time; write e.g. 1952-09-22T14:30 or 1952-09-22T14:30:00Z")
        if "X" in side:
            raise _unsupported(quoted, "times on dates with unspecified digits")

    if "X" in year:
        if month is not None:
            raise _unsupported(quoted, "unspecified digits in that position")
        return _unspecified_year(year, qualifier, quoted)
    number = int(year)
    if number == 0:
        raise _unsupported(quoted, "year 0000", "; years run from 0001 to 9999")
    whole_year = _Point(date(number, 1, 1), date(number, 12, 31), "year", str(number), qualifier)
    if month is None:
        return whole_year
    if month == "XX":
        if day not in (None, "XX"):
            raise _unsupported(quoted, "unspecified digits in that position")
        return whole_year
    if "X" in month:
        raise _unsupported(quoted, "unspecified digits in that position")

    month_number = int(month)
    if day is None and 21 <= month_number <= 41:
        raise _unsupported(quoted, "seasons", "; write a range of months such as 1952-03/1952-05")
    if not 1 <= month_number <= 12:
        raise InvalidDate(f"{quoted} is not a valid date (there is no month {month})")
    days_in_month = calendar.monthrange(number, month_number)[1]
    month_label = f"{_MONTHS[month_number]} {number}"
    if day is None or day == "XX":
        first, last = date(number, month_number, 1), date(number, month_number, days_in_month)
        return _Point(first, last, "month", month_label, qualifier)
    if "X" in day:
        raise _unsupported(quoted, "unspecified digits in that position")

    day_number = int(day)
    if day_number == 0:
        raise InvalidDate(f"{quoted} is not a valid date (there is no day 00)")
    if day_number > days_in_month:
        raise InvalidDate(f"{quoted} is not a valid date ({month_label} has {days_in_month} days)")
    exact = date(number, month_number, day_number)
    return _Point(exact, exact, "day", f"{_MONTHS[month_number]} {day_number}, {number}", qualifier)


def _unspecified_year(year: str, qualifier: str, quoted: str) -> _Point:
    if _DECADE.fullmatch(year):
        first_year, span, precision = int(year[:3]) * 10, 10, "decade"
    elif _CENTURY.fullmatch(year):
        first_year, span, precision = int(year[:2]) * 100, 100, "century"
    else:
        raise _unsupported(quoted, "unspecified digits in that position")
    # 000X and 00XX include year 0, which Python dates (and this archive) do not have.
    earliest = date(max(first_year, 1), 1, 1)
    latest = date(first_year + span - 1, 12, 31)
    return _Point(earliest, latest, precision, f"{first_year}s", qualifier)


def _display_interval(start: _Point, end: _Point) -> str:
    spaced = f"{start.display} – {end.display}"
    if start.qualifier or end.qualifier or start.precision != end.precision:
        return spaced
    if start.label == end.label:
        return start.label
    a, b = start.earliest, end.earliest
    if start.precision == "year":
        return f"{a.year}–{b.year}"
    if start.precision not in ("month", "day") or a.year != b.year:
        return spaced
    if start.precision == "month":
        return f"{_MONTHS[a.month]}–{_MONTHS[b.month]} {a.year}"
    if a.month != b.month:
        return f"{_MONTHS[a.month]} {a.day} – {_MONTHS[b.month]} {b.day}, {a.year}"
    return f"{_MONTHS[a.month]} {a.day}–{b.day}, {a.year}"


def _explain_mismatch(side: str, quoted: str) -> InvalidDate:
    compact = _COMPACT.fullmatch(side)
    if compact:
        hyphenated = "-".join(part for part in compact.groups() if part)
        return InvalidDate(f"{quoted} needs hyphens; write {hyphenated}")
    if _NEGATIVE_YEAR.match(side):
        return _unsupported(quoted, "negative years")
    if _LONG_YEAR.match(side):
        return _unsupported(quoted, "years beyond 9999")
    if _SIGNIFICANT_DIGITS.fullmatch(side):
        return _unsupported(quoted, "significant digits")
    if _QUALIFIED_PARTS.fullmatch(side):
        return _unsupported(quoted, "qualifiers inside a date", "; put one qualifier at the end, e.g. 1952-09-22?")
    if "x" in side and _POINT.fullmatch(side.replace("x", "X")):
        return InvalidDate(f"{quoted} uses a lowercase x; write unspecified digits as X, e.g. 195X")
    return _not_edtf(quoted)


def _not_edtf(quoted: str) -> InvalidDate:
    return InvalidDate(f"{quoted} is not an EDTF date; {_EXAMPLES}")


def _unsupported(quoted: str, feature: str, advice: str = "") -> InvalidDate:
    return InvalidDate(f"{quoted} is not supported: it uses {feature}{advice}")


def _quote(text: str) -> str:
    if len(text) > _MAX_QUOTED:
        text = text[:_MAX_QUOTED] + "…"
    return f'"{text}"'
