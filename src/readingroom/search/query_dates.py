"""A date typed among the search words ("Zhou Enlai Stalin 1952"), read as a date rather than as a word.

Few documents hold the digits of their own year in their words, so a year searched as a word finds almost nothing;
readers who type one mean the documents of that year. Read so: a year (1000-2099), a month and year ("September
1952", "Sept. 1952") and a decade ("1950s"), typed as plain words outside quotes and parentheses, not next to OR or
NOT. Only one: with two ("1950 1953") neither is read, since it is not clear which the reader meant. Quoted
("\"1952\"") it stays a word.
"""

import re
from dataclasses import dataclass

from readingroom.dates.edtf import InvalidDate
from readingroom.dates.written import read_date

_TOKEN = re.compile(r'"[^"]*"?|[()]|[^\s"()]+')
_YEAR = re.compile(r"1[0-9]{3}|20[0-9]{2}")
_DECADE = re.compile(r"(?:1[0-9]{2}|20[0-9])0'?s")
_MONTH = re.compile(r"[A-Za-z]{3,9}\.?")
_OPERATORS = frozenset({"OR", "NOT"})


@dataclass(frozen=True)
class DateAmongWords:
    typed: str  # as the reader typed it: "1952", "September 1952", "1950s"
    edtf: str  # "1952", "1952-09", "195X"
    words: str  # the query without it: "Zhou Enlai Stalin"
    as_words: str  # the query with it in quotes, to search it as words: 'Zhou Enlai Stalin "1952"'


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    plain: bool  # outside quotes and parentheses


def date_among_words(query: str) -> DateAmongWords | None:
    tokens = _tokens(query)
    found = [span for i in range(len(tokens)) if (span := _date_at(tokens, i)) is not None]
    if len(found) != 1:
        return None
    first, last, edtf = found[0]
    start, end = tokens[first].start, tokens[last].end
    typed = query[start:end]
    return DateAmongWords(
        typed=typed,
        edtf=edtf,
        words=" ".join(f"{query[:start]} {query[end:]}".split()),
        as_words=f'{query[:start]}"{typed}"{query[end:]}',
    )


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    depth = 0
    for match in _TOKEN.finditer(query):
        text = match.group()
        depth += (text == "(") - (text == ")")
        tokens.append(_Token(text, match.start(), match.end(), depth == 0 and text not in "()" and text[0] != '"'))
    return tokens


def _date_at(tokens: list[_Token], i: int) -> tuple[int, int, str] | None:
    """(first token, last token, EDTF) of a date whose last token is tokens[i], when one ends there."""
    token = tokens[i]
    if not token.plain or not (_YEAR.fullmatch(token.text) or _DECADE.fullmatch(token.text)):
        return None
    first, text = i, token.text
    if i > 0 and _YEAR.fullmatch(text) and tokens[i - 1].plain and _MONTH.fullmatch(tokens[i - 1].text):
        month_year = f"{tokens[i - 1].text} {text}"
        if _read(month_year) is not None:
            first, text = i - 1, month_year
    edtf = _read(text)
    before = tokens[first - 1].text if first > 0 else ""
    after = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if edtf is None or before in _OPERATORS or after == "OR":
        return None
    return first, i, edtf


def _read(text: str) -> str | None:
    try:
        return read_date(text)
    except InvalidDate:
        return None
