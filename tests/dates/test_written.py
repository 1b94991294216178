from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readingroom.dates.edtf import MONTH_NAMES, InvalidDate, parse_edtf
from readingroom.dates.written import read_date

WRITTEN = [
    # as people write it, EDTF
    ("September 22, 1952", "1952-09-22"),
    ("22 Sept. 1952", "1952-09-22"),
    ("22 September 1952", "1952-09-22"),
    ("Sept 22 1952", "1952-09-22"),
    ("sep. 22, 1952", "1952-09-22"),
    ("September 22nd, 1952", "1952-09-22"),
    ("22nd of September, 1952", "1952-09-22"),
    ("Monday, September 22, 1952", "1952-09-22"),
    ("22.9.1952", "1952-09-22"),
    ("22. 9. 1952", "1952-09-22"),
    ("9.10.1952", "1952-10-09"),  # dotted: day first
    ("1952-09-22", "1952-09-22"),
    ("1952-9-22", "1952-09-22"),
    ("1952/09/22", "1952-09-22"),
    ("1952-09", "1952-09"),
    ("September 1952", "1952-09"),
    ("Sept. 1952", "1952-09"),
    ("9/1952", "1952-09"),
    ("1952", "1952"),
    ("  1952 ", "1952"),
    ("c. 1950", "1950~"),
    ("ca. 1950", "1950~"),
    ("circa 1950", "1950~"),
    ("about 1950", "1950~"),
    ("c. September 1952", "1952-09~"),
    ("1952?", "1952?"),
    ("September 22, 1952?", "1952-09-22?"),
    ("c. 1950?", "1950%"),
    ("1950s", "195X"),
    ("the 1950s", "195X"),
    ("1950's", "195X"),
    ("c. 1950s", "195X~"),
    ("1900s", "19XX"),  # as the archive shows 19XX
    ("early 1950s", "1950/1953"),
    ("mid-1950s", "1953/1956"),
    ("late 1950s", "1956/1959"),
    ("early 1900s", "1900/1933"),
    ("1950-1953", "1950/1953"),
    ("1950 - 1953", "1950/1953"),
    ("1950–1953", "1950/1953"),
    ("1950-53", "1950/1953"),
    ("1950 to 1953", "1950/1953"),
    ("September 1952 – March 1953", "1952-09/1953-03"),
    ("c. 1950 - 1953", "1950~/1953"),
    ("1950/1953", "1950/1953"),
    ("9/22/1952", "1952-09-22"),  # slashed, but 22 is no month
    ("22/9/1952", "1952-09-22"),
    ("9/9/1952", "1952-09-09"),  # either order: the same day
    ("22-9-1952", "1952-09-22"),
    ("195X", "195X"),
    ("1952-09-22T14:30", "1952-09-22T14:30"),
]
UNDATED = ["n.d.", "N.D.", "undated", "Undated", "no date", "s.d.", "[n.d.]"]
UNREADABLE = [
    # text, the message says
    ("9/10/1952", '"9/10/1952" is ambiguous: it could be September 10, 1952 or 9 October 1952; write 1952-09-10 or'),
    ("13/14/1952", "neither 13 nor 14 is a month"),
    ("February 30, 1952", '"February 30, 1952" is not a valid date (February 1952 has 29 days)'),
    ("31.4.1952", "April 1952 has 30 days"),
    ("Foo 22, 1952", '"foo" is not the name of a month'),
    ("1953-1950", '"1953-1950" is not a valid range (it starts after it ends)'),
    ("1952-13", "there is no month 13"),
    ("1952-21", "not supported: it uses seasons"),
    ("next Tuesday", '"next Tuesday" is not a date this archive can read; write e.g. 1952-09-22, September 22, 1952'),
    ("1950 - 1951 - 1952", "more than two ends"),
    ("early 1950s - 1960", "cannot be qualified or end a range"),
    ("0000", "year 0000"),
    ("", "empty date"),
]


@pytest.mark.parametrize(("text", "edtf"), WRITTEN)
def test_dates_as_people_write_them(text: str, edtf: str) -> None:
    assert read_date(text) == edtf


@pytest.mark.parametrize("text", UNDATED)
def test_undated_reads_as_no_date(text: str) -> None:
    assert read_date(text) is None


@pytest.mark.parametrize(("text", "message"), UNREADABLE)
def test_what_cannot_be_read_is_said(text: str, message: str) -> None:
    with pytest.raises(InvalidDate) as raised:
        read_date(text)
    assert message in str(raised.value)


def _point(year: int, month: int | None, day: int | None, qualifier: str) -> str:
    text = f"{year:04}"
    if month is not None:
        text += f"-{month:02}"
        if day is not None:
            text += f"-{day:02}"
    return text + qualifier


QUALIFIERS = st.sampled_from(["", "?", "~", "%"])


@st.composite
def points(draw: st.DrawFn, first_year: int = 1) -> str:
    day = draw(st.dates(min_value=date(first_year, 1, 1)))
    precision = draw(st.sampled_from(["day", "month", "year", "decade"]))
    if precision == "decade":
        return f"{day.year // 10:03}X" + draw(QUALIFIERS)
    month = None if precision == "year" else day.month
    return _point(day.year, month, day.day if precision == "day" else None, draw(QUALIFIERS))


@st.composite
def archive_dates(draw: st.DrawFn) -> str:
    """EDTF as the archive writes it: points, intervals of them, open intervals."""
    kind = draw(st.sampled_from(["point", "interval", "open start", "open end"]))
    if kind == "point":
        return draw(points())
    if kind == "open start":
        return "../" + draw(points())
    if kind == "open end":
        return draw(points()) + "/.."
    start, end = sorted([draw(points()), draw(points())], key=lambda text: parse_edtf(text).earliest or date.min)
    return f"{start}/{end}" if parse_edtf(start).earliest <= parse_edtf(end).latest else start  # type: ignore[operator]


@given(archive_dates())
def test_any_edtf_the_archive_writes_reads_as_itself(text: str) -> None:
    assert read_date(text) == text


@given(points(first_year=1000).filter(lambda text: not text.startswith(("190X", "180X", "170X"))))
def test_the_archives_display_of_a_date_reads_back_to_the_same_date(text: str) -> None:
    """What the archive shows ("c. September 1952", "1950s?") is a date people may copy into a box. (The decade
    190X is left out: it shows as "1900s", as the century 19XX does, which is what "1900s" reads as.)"""
    shown = parse_edtf(text).display
    read = read_date(shown)
    assert read is not None
    assert parse_edtf(read).display == shown


@given(st.dates(min_value=date(1000, 1, 1)), st.sampled_from(["{B} {d}, {Y}", "{d} {b}. {Y}", "{d}.{m}.{Y}"]))
def test_any_day_written_out_reads_as_that_day(day: date, form: str) -> None:
    month = MONTH_NAMES[day.month - 1]
    text = form.format(B=month, b=month[:3], d=day.day, m=day.month, Y=day.year)
    assert read_date(text) == day.isoformat()


@given(st.text(max_size=60))
def test_any_text_gives_edtf_no_date_or_a_message(text: str) -> None:
    try:
        read = read_date(text)
    except InvalidDate as error:
        message = str(error)
    else:
        message = "n.d." if read is None else parse_edtf(read).display
    assert message
