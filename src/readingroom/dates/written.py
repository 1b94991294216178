"""Read dates as people write them ("September 22, 1952", "22.9.1952", "c. 1950", "1950s") into EDTF.

The search page's date boxes, the API's and the command line's `from` and `to`, and the dates typed among search
words are read here; so can any other place where people type dates (a spreadsheet's cells).

Rules for what is ambiguous (docs/searching.md says them to readers):
- Dotted numbers are day first, as in most of Europe: 22.9.1952 and 9.10.1952 are 9 October.
- Slashed or hyphenated numbers are read only when the order is certain: 22/9/1952 (no month 22) and 9/22/1952
  are September 22; 9/10/1952 could be either, and is refused with a message giving both readings.
- "1950s" is the decade 195X; "1900s" is the century 19XX, as the archive shows 19XX.
- "early", "mid" and "late" take a decade's first, middle and last four years (early 1950s: 1950/1953; mid:
  1953/1956; late: 1956/1959) and a century's thirds (early 1900s: 1900/1933).
- "c.", "ca.", "circa", "about" mark a date approximate (1950~), a final "?" uncertain (1952?), both 1950%.
- "n.d.", "undated", "no date" and "s.d." say there is no date: read as None.
Anything else raises InvalidDate with a message saying what could not be read and what to write instead.
"""

from __future__ import annotations

import calendar
import re

from readingroom.dates.edtf import MONTH_NAMES, InvalidDate, parse_edtf

__all__ = ["read_date"]

UNDATED = frozenset({"n.d.", "n.d", "nd", "n. d.", "undated", "no date", "s.d.", "s.d", "sd", "[n.d.]"})
_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({name[:3].lower(): number for name, number in zip(MONTH_NAMES, range(1, 13), strict=True)})
_MONTHS["sept"] = 9
_APPROXIMATE = re.compile(r"(?:c|ca|circa|about|around|approx|approximately)\b\.?\s*")
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+")
_ORDINAL = r"(?:st|nd|rd|th)?"
_MONTH = r"(?P<month>[a-z]+)\.?"
_YEAR = r"(?P<year>[0-9]{4})"
_NAMED = (
    re.compile(rf"(?:(?P<day>[0-9]{{1,2}}){_ORDINAL}\s+(?:of\s+)?)?{_MONTH}\s+{_YEAR}"),  # 22 Sept. 1952, Sept 1952
    re.compile(rf"{_MONTH}\s+(?P<day>[0-9]{{1,2}}){_ORDINAL}\s+{_YEAR}"),  # September 22 1952 (commas gone)
)
_YEAR_FIRST = re.compile(r"(?P<year>[0-9]{4})[-/.](?P<month>[0-9]{1,2})(?:[-/.](?P<day>[0-9]{1,2}))?")
_DOTTED = re.compile(r"(?P<day>[0-9]{1,2})\.\s*(?P<month>[0-9]{1,2})\.\s*(?P<year>[0-9]{4})")
_SLASHED = re.compile(r"(?P<first>[0-9]{1,2})[/-](?P<second>[0-9]{1,2})[/-](?P<year>[0-9]{4})")
_MONTH_YEAR = re.compile(r"(?P<month>[0-9]{1,2})[/.](?P<year>[0-9]{4})")
_DECADE = re.compile(r"(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+)?(?P<start>[0-9]{2}[0-9]0)'?s")
_SHORT_RANGE = re.compile(r"(?P<start>[0-9]{4})\s*[-–—]\s*(?P<end>[0-9]{2}|[0-9]{4})")
_RANGE = re.compile(r"\s*[–—]\s*|\s+(?:-|to|until)\s+")
_EDTF_LIKE = re.compile(r"[-0-9X?~%./T:Z+\[\]{},]+")  # only EDTF's characters: its own message says more
_PARTS = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}  # of a decade; thirds of a century below
_CENTURY_PARTS = {"early": (0, 33), "mid": (33, 66), "late": (66, 99)}
_EXAMPLES = "write e.g. 1952-09-22, September 22, 1952, 22.9.1952, September 1952, 1952, c. 1950, 1950s or 1950-1953"
_MAX_QUOTED = 40


def read_date(text: str) -> str | None:
    """The EDTF form of `text`, a date as people write it (EDTF itself included, returned as it is); None when it
    says there is no date ("n.d."); InvalidDate, saying what could not be read, for anything else."""
    stripped = " ".join(text.split())
    if not stripped:
        raise InvalidDate("empty date")
    if stripped.casefold() in UNDATED:
        return None
    try:
        return parse_edtf(stripped).text
    except InvalidDate as error:
        edtf_error = error
    try:
        return _read_written(stripped)
    except _Unreadable:
        if _EDTF_LIKE.fullmatch(stripped):
            raise edtf_error from None  # meant as EDTF, so EDTF's own message is the precise one
        raise
    except InvalidDate:
        if "not supported" in str(edtf_error):
            raise edtf_error from None  # "1952-21": a season, not a 21st month
        raise


class _Unreadable(InvalidDate):
    """Nothing in the text looks like a date as people write it."""


def _read_written(text: str) -> str:
    quoted = _quote(text)
    plain = text.casefold().replace(",", " ")
    plain = " ".join(plain.split())
    if (match := _SHORT_RANGE.fullmatch(plain)) and (end := _range_end(match["start"], match["end"])):
        return _checked_range(_edtf(match["start"], None, None, quoted), _edtf(end, None, None, quoted), quoted)
    if match := _DECADE.fullmatch(plain):
        return _decade(match["start"], match["part"], quoted)
    sides = _RANGE.split(plain)
    if len(sides) == 2:
        return _checked_range(_point(sides[0], quoted), _point(sides[1], quoted), quoted)
    if len(sides) > 2:
        raise InvalidDate(f"{quoted} is not a date: it has more than two ends; {_EXAMPLES}")
    return _point(plain, quoted)


def _range_end(start: str, end: str) -> str:
    """The end year of "1950-1953" or "1950-53"; empty for "1952-09" or "1952-13", a month (or no month)."""
    if len(end) == 4:
        return end
    return start[:2] + end if int(end) > max(12, int(start[2:])) else ""


def _point(text: str, quoted: str) -> str:
    """One date, or one end of a range, with its qualifiers."""
    uncertain = text.endswith("?")
    text = text.rstrip("?").strip()
    approximate = False
    if match := _APPROXIMATE.match(text):
        approximate, text = True, text[match.end() :]
    text = _WEEKDAY.sub("", text, count=1).strip("[] ")
    qualifier = "%" if approximate and uncertain else "~" if approximate else "?" if uncertain else ""
    if match := _DECADE.fullmatch(text):
        if match["part"]:
            raise InvalidDate(f"{quoted} is not a date: early, mid or late decades cannot be qualified or end a range")
        return _decade(match["start"], None, quoted) + qualifier
    return _day_month_year(text, quoted) + qualifier


def _day_month_year(text: str, quoted: str) -> str:
    if re.fullmatch(r"[0-9]{4}", text):
        return _edtf(text, None, None, quoted)
    if match := _YEAR_FIRST.fullmatch(text):
        return _edtf(match["year"], match["month"], match["day"], quoted)
    if match := _DOTTED.fullmatch(text):
        return _edtf(match["year"], match["month"], match["day"], quoted)
    if match := _SLASHED.fullmatch(text):
        month, day = _order(int(match["first"]), int(match["second"]), match["year"], quoted)
        return _edtf(match["year"], str(month), str(day), quoted)
    if match := _MONTH_YEAR.fullmatch(text):
        return _edtf(match["year"], match["month"], None, quoted)
    for pattern in _NAMED:
        if match := pattern.fullmatch(text):
            return _edtf(match["year"], str(_month_number(match["month"], quoted)), match["day"], quoted)
    raise _Unreadable(f"{quoted} is not a date this archive can read; {_EXAMPLES}")


def _order(first: int, second: int, year: str, quoted: str) -> tuple[int, int]:
    """(month, day) of a slashed date, when only one order makes a date; refused when both could."""
    if first > 12 >= second:
        return second, first
    if second > 12 >= first or first == second:
        return first, second
    if first > 12:
        raise InvalidDate(f"{quoted} is not a valid date (neither {first} nor {second} is a month)")
    as_month_first = f"{MONTH_NAMES[first - 1]} {second}, {year}"
    as_day_first = f"{first} {MONTH_NAMES[second - 1]} {year}"
    raise InvalidDate(
        f"{quoted} is ambiguous: it could be {as_month_first} or {as_day_first}; "
        f"write {year}-{first:02}-{second:02} or {year}-{second:02}-{first:02}"
    )


def _month_number(word: str, quoted: str) -> int:
    number = _MONTHS.get(word)
    if number is None:
        raise InvalidDate(f'{quoted} is not a date: "{word}" is not the name of a month; {_EXAMPLES}')
    return number


def _edtf(year: str, month: str | None, day: str | None, quoted: str) -> str:
    """The EDTF of a day, month or year, checked: a month that exists, a day that month has."""
    number = int(year)
    if number == 0:
        raise InvalidDate(f"{quoted} is not a valid date (there is no year 0)")
    if month is None:
        return year
    month_number = int(month)
    if not 1 <= month_number <= 12:
        raise InvalidDate(f"{quoted} is not a valid date (there is no month {month_number})")
    if day is None:
        return f"{year}-{month_number:02}"
    days = calendar.monthrange(number, month_number)[1]
    if not 1 <= int(day) <= days:
        month_name = f"{MONTH_NAMES[month_number - 1]} {number}"
        raise InvalidDate(f"{quoted} is not a valid date ({month_name} has {days} days)")
    return f"{year}-{month_number:02}-{int(day):02}"


def _decade(start: str, part: str | None, quoted: str) -> str:
    century = start.endswith("00")
    if part is None:
        return start[:2] + "XX" if century else start[:3] + "X"
    first, last = (_CENTURY_PARTS if century else _PARTS)[part]
    year = int(start)
    if year + first == 0:
        raise InvalidDate(f"{quoted} is not a valid date (there is no year 0)")
    return f"{year + first:04}/{year + last:04}"


def _checked_range(start: str, end: str, quoted: str) -> str:
    text = f"{start}/{end}"
    try:
        parse_edtf(text)
    except InvalidDate:
        raise InvalidDate(f"{quoted} is not a valid range (it starts after it ends)") from None
    return text


def _quote(text: str) -> str:
    if len(text) > _MAX_QUOTED:
        text = text[:_MAX_QUOTED] + "…"
    return f'"{text}"'
