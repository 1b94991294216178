import calendar
import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readingroom.dates.edtf import EDTFDate, InvalidDate, display_date, parse_edtf

D = date

VALID = [
    # text, earliest, latest, display
    ("1952-09-22", D(1952, 9, 22), D(1952, 9, 22), "September 22, 1952"),
    ("1952-09", D(1952, 9, 1), D(1952, 9, 30), "September 1952"),
    ("1952", D(1952, 1, 1), D(1952, 12, 31), "1952"),
    ("0033", D(33, 1, 1), D(33, 12, 31), "33"),
    ("9999-12-31", D(9999, 12, 31), D(9999, 12, 31), "December 31, 9999"),
    ("1952-02", D(1952, 2, 1), D(1952, 2, 29), "February 1952"),
    ("1953-02", D(1953, 2, 1), D(1953, 2, 28), "February 1953"),
    ("1900-02", D(1900, 2, 1), D(1900, 2, 28), "February 1900"),
    ("2000-02", D(2000, 2, 1), D(2000, 2, 29), "February 2000"),
    ("1952-02-29", D(1952, 2, 29), D(1952, 2, 29), "February 29, 1952"),
    # date with time
    ("1952-09-22T14:30:00", D(1952, 9, 22), D(1952, 9, 22), "September 22, 1952"),
    ("1952-09-22T14:30", D(1952, 9, 22), D(1952, 9, 22), "September 22, 1952"),
    ("1952-09-22T23:59:59Z", D(1952, 9, 22), D(1952, 9, 22), "September 22, 1952"),
    ("1952-09-22T00:00+05:00", D(1952, 9, 22), D(1952, 9, 22), "September 22, 1952"),
    ("1952-09-22T14:30:00-08:00", D(1952, 9, 22), D(1952, 9, 22), "September 22, 1952"),
    # qualifiers: they do not widen the range
    ("1950~", D(1950, 1, 1), D(1950, 12, 31), "c. 1950"),
    ("1952-09~", D(1952, 9, 1), D(1952, 9, 30), "c. September 1952"),
    ("1952?", D(1952, 1, 1), D(1952, 12, 31), "1952?"),
    ("1952-09-22?", D(1952, 9, 22), D(1952, 9, 22), "September 22, 1952?"),
    ("1950%", D(1950, 1, 1), D(1950, 12, 31), "c. 1950?"),
    ("1952-09-22~", D(1952, 9, 22), D(1952, 9, 22), "c. September 22, 1952"),
    # unspecified digits
    ("195X", D(1950, 1, 1), D(1959, 12, 31), "1950s"),
    ("19XX", D(1900, 1, 1), D(1999, 12, 31), "1900s"),
    ("1952-XX", D(1952, 1, 1), D(1952, 12, 31), "1952"),
    ("1952-09-XX", D(1952, 9, 1), D(1952, 9, 30), "September 1952"),
    ("1952-XX-XX", D(1952, 1, 1), D(1952, 12, 31), "1952"),
    ("1952-02-XX", D(1952, 2, 1), D(1952, 2, 29), "February 1952"),
    ("195X~", D(1950, 1, 1), D(1959, 12, 31), "c. 1950s"),
    ("000X", D(1, 1, 1), D(9, 12, 31), "0s"),
    ("99XX", D(9900, 1, 1), D(9999, 12, 31), "9900s"),
    # intervals
    ("1950/1953", D(1950, 1, 1), D(1953, 12, 31), "1950–1953"),
    ("1952-09-22/1952-09-25", D(1952, 9, 22), D(1952, 9, 25), "September 22–25, 1952"),
    ("1952-09-22/1952-10-03", D(1952, 9, 22), D(1952, 10, 3), "September 22 – October 3, 1952"),
    ("1952-12-30/1953-01-02", D(1952, 12, 30), D(1953, 1, 2), "December 30, 1952 – January 2, 1953"),
    ("1952-09/1952-11", D(1952, 9, 1), D(1952, 11, 30), "September–November 1952"),
    ("1952-11/1953-02", D(1952, 11, 1), D(1953, 2, 28), "November 1952 – February 1953"),
    ("1952/1953-06", D(1952, 1, 1), D(1953, 6, 30), "1952 – June 1953"),
    ("1952-09-22/1953", D(1952, 9, 22), D(1953, 12, 31), "September 22, 1952 – 1953"),
    ("1950~/1953", D(1950, 1, 1), D(1953, 12, 31), "c. 1950 – 1953"),
    ("1950/1953?", D(1950, 1, 1), D(1953, 12, 31), "1950 – 1953?"),
    ("195X/196X", D(1950, 1, 1), D(1969, 12, 31), "1950s – 1960s"),
    ("1952-09-22/1952-09-22", D(1952, 9, 22), D(1952, 9, 22), "September 22, 1952"),
    ("1952/1952", D(1952, 1, 1), D(1952, 12, 31), "1952"),
    ("1952-09-22T09:00/1952-09-23T17:00Z", D(1952, 9, 22), D(1952, 9, 23), "September 22–23, 1952"),
    ("1952/1952-06", D(1952, 1, 1), D(1952, 6, 30), "1952 – June 1952"),
    ("1952-09/1952", D(1952, 9, 1), D(1952, 12, 31), "September 1952 – 1952"),
    # open and unknown ends
    ("1952/..", D(1952, 1, 1), None, "1952 or later"),
    ("../1953", None, D(1953, 12, 31), "1953 or earlier"),
    ("1952/", D(1952, 1, 1), None, "1952 or later"),
    ("/1953", None, D(1953, 12, 31), "1953 or earlier"),
    ("1952-09~/..", D(1952, 9, 1), None, "c. September 1952 or later"),
    ("../1953-02-14?", None, D(1953, 2, 14), "February 14, 1953? or earlier"),
]

INVALID = [
    # text, part of the message
    (
        "Sept 1952",
        '"Sept 1952" is not an EDTF date; write 1952-09-22, 1952-09, 1952, 1950/1953, 1950~ or 1952?',
    ),
    ("abc", '"abc" is not an EDTF date'),
    ("1952-13-01", '"1952-13-01" is not a valid date (there is no month 13)'),
    ("1952-00", '"1952-00" is not a valid date (there is no month 00)'),
    ("1952-42", "there is no month 42"),
    ("1953-02-30", '"1953-02-30" is not a valid date (February 1953 has 28 days)'),
    ("1900-02-29", "February 1900 has 28 days"),
    ("1952-09-31", "September 1952 has 30 days"),
    ("1952-09-00", "there is no day 00"),
    ("1952-21", "seasons"),
    ("1952-24", "seasons"),
    ("1952-33", "seasons"),
    ("-0100", "negative years"),
    ("-1952-09-22", "negative years"),
    ("Y170000002", "years beyond 9999"),
    ("10000", "years beyond 9999"),
    ("12000-01-01", "years beyond 9999"),
    ("0000", "year 0000"),
    ("1950S2", "significant digits"),
    ("[1667,1668]", "sets of dates"),
    ("{1960,1961}", "sets of dates"),
    ("2004?-06-11", "qualifiers inside a date"),
    ("?2004-06", "qualifiers inside a date"),
    ("2004-06-~11", "qualifiers inside a date"),
    ("1X52", "unspecified digits in that position"),
    ("XXXX", "unspecified digits in that position"),
    ("1XXX", "unspecified digits in that position"),
    ("195X-09", "unspecified digits in that position"),
    ("1952-0X", "unspecified digits in that position"),
    ("1952-XX-22", "unspecified digits in that position"),
    ("1952-09-2X", "unspecified digits in that position"),
    ("195x", "lowercase x"),
    ("1952-09-xx", "lowercase x"),
    ("19520922", '"19520922" needs hyphens; write 1952-09-22'),
    ("195209", "write 1952-09"),
    ("1952-09-22T25:00", "invalid time"),
    ("1952-09-22T14:60", "invalid time"),
    ("1952-09-22T14", "invalid time"),
    ("1952-09-22T", "invalid time"),
    ("1952-09-22T14:30:00.5", "invalid time"),
    ("1952-09-22T14:30+5", "invalid time"),
    ("1952-09-22T14:30?", "qualifier after a time"),
    ("1952-09-XXT14:30", "times on dates with unspecified digits"),
    ("1952-09-22 14:30", "is not an EDTF date"),
    ("1953/1950", '"1953/1950" is not a valid interval (it starts after it ends)'),
    ("1952-09-25/1952-09-22", "it starts after it ends"),
    ("196X/1950", "it starts after it ends"),
    ("../..", '"../.." is not a valid interval (at least one end must be a date)'),
    ("/", "at least one end must be a date"),
    ("../", "at least one end must be a date"),
    ("1950/1953/1956", "is not an EDTF date"),
    ("1950 / 1953", '"1950 / 1953" is not an EDTF date'),
    ("1950/1953-02-30", '"1950/1953-02-30" is not a valid date (February 1953 has 28 days)'),
    ("1950/Sept 1952", '"1950/Sept 1952" is not an EDTF date'),
    ("..", "is not an EDTF date"),
    ("1952??", "is not an EDTF date"),
    ("52", "is not an EDTF date"),
    ("١٩٥٢", "is not an EDTF date"),  # Arabic-Indic digits are not EDTF digits
    ("1952-9-22", "is not an EDTF date"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "display"), VALID)
def test_parse_valid(text: str, earliest: date | None, latest: date | None, display: str) -> None:
    assert parse_edtf(text) == EDTFDate(text, earliest, latest, display)


@pytest.mark.parametrize(("text", "earliest", "latest", "display"), VALID)
def test_display_date_valid(text: str, earliest: date | None, latest: date | None, display: str) -> None:
    assert display_date(text) == display


@pytest.mark.parametrize(("text", "message"), INVALID)
def test_parse_invalid(text: str, message: str) -> None:
    with pytest.raises(InvalidDate) as raised:
        parse_edtf(text)
    assert message in str(raised.value)


@pytest.mark.parametrize(("text", "message"), INVALID)
def test_display_date_returns_invalid_text_unchanged(text: str, message: str) -> None:
    assert display_date(text) == text


@pytest.mark.parametrize(("text", "feature"), [("1952-21", "seasons"), ("-0100", "negative years")])
def test_unsupported_forms_say_so(text: str, feature: str) -> None:
    with pytest.raises(InvalidDate, match=f"not supported: it uses {feature}"):
        parse_edtf(text)


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty(text: str) -> None:
    with pytest.raises(InvalidDate) as raised:
        parse_edtf(text)
    assert str(raised.value) == "empty date"


def test_invalid_date_is_a_value_error() -> None:
    assert issubclass(InvalidDate, ValueError)


def test_surrounding_whitespace_is_stripped() -> None:
    assert parse_edtf("  1950~\n") == EDTFDate("1950~", D(1950, 1, 1), D(1950, 12, 31), "c. 1950")


def test_long_input_is_quoted_truncated() -> None:
    text = "x" * 10_000
    with pytest.raises(InvalidDate) as raised:
        parse_edtf(text)
    assert str(raised.value).startswith('"' + "x" * 40 + '…" is not an EDTF date')
    assert len(str(raised.value)) < 200


def test_input_of_exactly_40_characters_is_not_truncated() -> None:
    text = "y" * 40
    with pytest.raises(InvalidDate) as raised:
        parse_edtf(text)
    assert str(raised.value).startswith(f'"{text}" is')


def test_result_is_frozen() -> None:
    result = parse_edtf("1952")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.display = "1953"  # type: ignore[misc]


@pytest.mark.parametrize("text", [None, ""])
def test_display_date_no_date(text: str | None) -> None:
    assert display_date(text) == "n.d."


def test_display_date_leaves_invalid_text_as_given() -> None:
    assert display_date("  Sept 1952 ") == "  Sept 1952 "


# Property-based tests

_EDTF_LIKE = st.from_regex(
    r"(\.\.)?([0-9X]{4}(-[0-9X]{2}(-[0-9X]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?)?)?)?[?~%]?)?"
    r"(/(\.\.)?([0-9X]{4}(-[0-9X]{2}(-[0-9X]{2})?)?[?~%]?)?)?",
    fullmatch=True,
)
_ANY_TEXT = st.one_of(st.text(), st.text(alphabet="0123456789X-/.?~%TZ:+ Yxy[]{},S"), _EDTF_LIKE)


@given(st.dates())
def test_iso_date_is_a_single_day(day: date) -> None:
    result = parse_edtf(day.isoformat())
    assert result.earliest == result.latest == day


@given(_ANY_TEXT)
def test_any_text_parses_or_raises_invalid_date(text: str) -> None:
    try:
        result = parse_edtf(text)
    except InvalidDate:
        return
    assert result.text == text.strip()
    assert result.earliest is not None or result.latest is not None
    if result.earliest is not None and result.latest is not None:
        assert result.earliest <= result.latest


@given(_ANY_TEXT)
def test_display_date_never_raises(text: str) -> None:
    assert isinstance(display_date(text), str)


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=12))
def test_year_month_spans_that_month(year: int, month: int) -> None:
    result = parse_edtf(f"{year:04d}-{month:02d}")
    assert result.earliest == date(year, month, 1)
    assert result.latest is not None
    assert (result.latest.year, result.latest.month) == (year, month)
    if result.latest != date.max:
        assert (result.latest + timedelta(days=1)).day == 1
    assert result.display == f"{calendar.month_name[month]} {year}"


@given(st.dates(), st.dates())
def test_interval_of_two_days(first: date, second: date) -> None:
    text = f"{first.isoformat()}/{second.isoformat()}"
    if first > second:
        with pytest.raises(InvalidDate, match="it starts after it ends"):
            parse_edtf(text)
    else:
        result = parse_edtf(text)
        assert (result.earliest, result.latest) == (first, second)


@given(st.dates(), st.sampled_from(["?", "~", "%"]))
def test_qualifiers_do_not_widen(day: date, qualifier: str) -> None:
    result = parse_edtf(day.isoformat() + qualifier)
    assert result.earliest == result.latest == day
