import pytest
from hypothesis import given
from hypothesis import strategies as st

from readingroom.search.query import parse_query
from readingroom.search.query_dates import DateAmongWords, date_among_words


@pytest.mark.parametrize(
    ("query", "typed", "edtf", "words", "as_words"),
    [
        ("Zhou Enlai Stalin 1952", "1952", "1952", "Zhou Enlai Stalin", 'Zhou Enlai Stalin "1952"'),
        ("1952 Stalin", "1952", "1952", "Stalin", '"1952" Stalin'),
        ("Stalin September 1952 Korea", "September 1952", "1952-09", "Stalin Korea", 'Stalin "September 1952" Korea'),
        ("Stalin Sept. 1952", "Sept. 1952", "1952-09", "Stalin", 'Stalin "Sept. 1952"'),
        ("Korea 1950s", "1950s", "195X", "Korea", 'Korea "1950s"'),
        ("1952", "1952", "1952", "", '"1952"'),
        ("Stalin -Korea 1952", "1952", "1952", "Stalin -Korea", 'Stalin -Korea "1952"'),
    ],
)
def test_a_date_among_the_words(query: str, typed: str, edtf: str, words: str, as_words: str) -> None:
    assert date_among_words(query) == DateAmongWords(typed, edtf, words, as_words)


@pytest.mark.parametrize(
    "query",
    [
        "Stalin",
        '"1952" Stalin',  # quoted: the reader wants the word
        '"Stalin 1952"',
        "Stalin 1950 1953",  # two: which one?
        "1952 OR 1953",
        "Stalin OR 1952",
        "NOT 1952",
        "Stalin -1952",
        "title:1952",
        "(Stalin 1952)",
        "Stalin 3000",  # no year the archive means
        "telegram 0952",
        "Stalin 19521",
    ],
)
def test_no_date_among_the_words(query: str) -> None:
    assert date_among_words(query) is None


def test_searching_it_as_words_reads_no_date() -> None:
    found = date_among_words("Zhou Enlai Stalin 1952")
    assert found is not None
    assert date_among_words(found.as_words) is None


@given(st.text(max_size=80))
def test_any_query_keeps_its_other_words(query: str) -> None:
    found = date_among_words(query)
    if found is not None:
        assert parse_query(found.words).words() == tuple(
            word for word in parse_query(query).words() if word not in found.typed.split()
        )
